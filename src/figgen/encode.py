"""The one encoder: format, metadata and determinism of every file figgen writes.

Figure functions return a matplotlib Figure and never save; this module turns it into bytes.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from figgen.jsondata import json_bytes  # noqa: F401  (re-exported; kept apart so data files do not depend on style)
from figgen.style import drawing_context

if TYPE_CHECKING:  # matplotlib is imported only when a figure is encoded: json_bytes needs none
    from matplotlib.figure import Figure

PNG_DPI = 150  # PNG renders are for looking at figures, not for the site


def svg_bytes(fig: Figure) -> bytes:
    """SVG of `fig`, byte-identical for identical inputs (fixed hash salt, no date)."""
    buf = io.BytesIO()
    with drawing_context():
        fig.savefig(buf, format="svg", metadata={"Date": None}, bbox_inches="tight", pad_inches=0.05)
    return buf.getvalue()


def png_bytes(fig: Figure, *, background: str | None = None, dpi: int = PNG_DPI) -> bytes:
    """PNG of `fig` on `background` (None: transparent), without version metadata."""
    buf = io.BytesIO()
    with drawing_context():
        fig.savefig(
            buf,
            format="png",
            dpi=dpi,
            metadata={"Software": None},
            bbox_inches="tight",
            pad_inches=0.05,
            transparent=background is None,
            facecolor=background if background is not None else "none",
        )
    return buf.getvalue()


# GIF timing, in milliseconds (GIF stores hundredths of a second, so multiples of 10).
GIF_FIRST_MS = 800  # the untrained network stays up long enough to be seen
GIF_FRAME_MS = 110  # every other frame: about 9 frames a second
GIF_LAST_MS = 2500  # the trained network, before the loop starts over


def gif_bytes(indices: "np.ndarray", palette: "np.ndarray") -> bytes:
    """Looping GIF of palette-index frames (F, H, W) uint8 with `palette` (P <= 256, 3) uint8.

    Frame timing is GIF_FIRST_MS, then GIF_FRAME_MS each, then GIF_LAST_MS on the last frame.
    Pillow (through imageio) stores only the rectangle that changed between frames.
    """
    import imageio.v3 as iio
    import numpy as np

    indices = np.asarray(indices, dtype=np.uint8)
    count = indices.shape[0]
    durations = [GIF_FRAME_MS] * count
    durations[0] = GIF_FIRST_MS
    durations[-1] = GIF_LAST_MS if count > 1 else GIF_FIRST_MS
    return iio.imwrite(
        "<bytes>",
        indices,
        extension=".gif",
        plugin="pillow",
        mode="P",
        is_batch=True,
        palette=_palette_bytes(palette),
        duration=durations,
        loop=0,  # forever
        optimize=True,  # unchanged pixels of a frame become transparent: much smaller files
    )


def gif_recoloured(gif: bytes, source: "np.ndarray", target: "np.ndarray") -> bytes:
    """`gif`, written by `gif_bytes` with palette `source`, with each colour of its colour
    tables replaced by `target`'s entry of the same index: the bytes `gif_bytes` writes for
    the same frames with palette `target` (tests/test_animate_cli.py checks it), without
    encoding the frames again (Pillow's palette matching per frame is most of that time).
    The frames' pixels are indices, so only the tables differ. A table colour that is not
    in `source` (padding) stays. Raises ValueError for bytes this module did not write, or
    if a colour of `source` would need two colours of `target`."""
    source_bytes, target_bytes = _palette_bytes(source), _palette_bytes(target)
    if len(source_bytes) != len(target_bytes):
        raise ValueError(f"palettes of {len(source_bytes) // 3} and {len(target_bytes) // 3} colours cannot be swapped")
    swap: dict[bytes, bytes] = {}
    for i in range(0, len(source_bytes), 3):
        was, now = source_bytes[i:i + 3], target_bytes[i:i + 3]
        if swap.setdefault(was, now) != now:
            raise ValueError(f"colour #{was.hex()} of the source palette stands for two colours of the target")
    out = bytearray(gif)

    def recolour(start: int, flags: int) -> int:  # the table at `start`, if `flags` has one
        if not flags & 0x80:
            return start
        end = start + (3 << ((flags & 0x07) + 1))
        for i in range(start, end, 3):
            out[i:i + 3] = swap.get(bytes(out[i:i + 3]), out[i:i + 3])
        return end

    def skip_blocks(pos: int) -> int:  # data sub-blocks up to and past their terminator
        while out[pos]:
            pos += out[pos] + 1
        return pos + 1

    if out[:6] not in (b"GIF87a", b"GIF89a"):
        raise ValueError("not a GIF")
    pos = recolour(13, out[10])  # after the header and the screen descriptor: the global table
    while out[pos] != 0x3B:  # the trailer
        if out[pos] == 0x21:  # an extension: its label, then data sub-blocks
            pos = skip_blocks(pos + 2)
        elif out[pos] == 0x2C:  # an image: its descriptor, its own table, the LZW data
            pos = skip_blocks(recolour(pos + 10, out[pos + 9]) + 1)
        else:
            raise ValueError(f"GIF block 0x{out[pos]:02x} at byte {pos} is not one gif_bytes writes")
    return bytes(out)


def indexed_png_bytes(indices: "np.ndarray", palette: "np.ndarray") -> bytes:
    """PNG of one palette-index frame (H, W) uint8 with `palette` (P <= 256, 3), no metadata."""
    from PIL import Image

    image = Image.frombytes("P", (indices.shape[1], indices.shape[0]), bytes(indices.astype("uint8").tobytes()))
    image.putpalette(_palette_bytes(palette))
    buf = io.BytesIO()
    image.save(buf, format="png", optimize=True)
    return buf.getvalue()


# Lossless WebP effort (Pillow's method 0-6 and, for lossless, quality 0-100). Measured on the
# article's sprite sheets (2560 x 1600 px): method 4 at quality 100 takes 0.3 s for 35-47 KB;
# method 6 takes 13-17 s for about 1% less; quality 75 makes the files a third larger.
WEBP_METHOD = 4
WEBP_QUALITY = 100


def webp_lossless_bytes(indices: "np.ndarray", palette: "np.ndarray") -> bytes:
    """Lossless WebP of one palette-index image (H, W) uint8 with `palette` (P <= 256, 3).

    Every pixel is kept exactly (the encoder stores a palette of its own when the image has
    at most 256 colours); no metadata, so the bytes depend only on the pixels and libwebp.
    """
    from PIL import Image

    image = Image.frombytes("P", (indices.shape[1], indices.shape[0]), bytes(indices.astype("uint8").tobytes()))
    image.putpalette(_palette_bytes(palette))
    buf = io.BytesIO()
    image.convert("RGB").save(buf, format="webp", lossless=True, quality=WEBP_QUALITY, method=WEBP_METHOD, exact=True)
    return buf.getvalue()


def _palette_bytes(palette: "np.ndarray") -> bytes:
    """RGBRGB... bytes of a (P, 3) palette, checked to fit a GIF/PNG palette."""
    import numpy as np

    palette = np.asarray(palette, dtype=np.uint8)
    if palette.ndim != 2 or palette.shape[1] != 3 or not 1 <= palette.shape[0] <= 256:
        raise ValueError(f"palette of shape {palette.shape} is not valid: expected (P, 3) with 1 <= P <= 256")
    return palette.tobytes()

"""Bytes and encoding time of the players' sprite sheets: lossless WebP against PNG.

Run from the repository root (not a test; nothing is asserted):

    .venv/bin/python benchmarks/bench_sprites.py [--repeat 3]

Draws each article run's plane frames once (figgen.animate.render_plane_frames), lays them
out as the site does (figgen.animate.sprite_sheet) and encodes the sheet in each palette as
the site's lossless WebP (figgen.encode.webp_lossless_bytes), as an indexed PNG (the same
palette, figgen.encode.indexed_png_bytes) and as an RGB PNG. Prints the bytes per run and
theme, the best encoding time of `--repeat`, and what one page view downloads (one palette,
every run), which is the figure that decided the format.
"""

from __future__ import annotations

import argparse
import io
import time
from typing import Callable


def _best(fn: Callable[[], bytes], repeat: int) -> tuple[float, bytes]:
    best, out = float("inf"), b""
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - start)
    return best, out


def _rgb_png(indices, palette) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(palette[indices]).save(buf, format="png", optimize=True)
    return buf.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="encodings per measurement; the best is shown")
    args = parser.parse_args()

    from figgen.animate import render_plane_frames, sprite_sheet
    from figgen.encode import indexed_png_bytes, webp_lossless_bytes
    from figgen.style import THEMES
    from figgen.config import ARTICLE_RUNS
    from figgen.train import train

    encoders = {"webp lossless": webp_lossless_bytes, "png indexed": indexed_png_bytes, "png rgb": _rgb_png}
    totals = {(name, theme.name): 0 for name in encoders for theme in THEMES}
    print(f"{'run':<17} {'theme':<6} {'sheet px':>11}  " + "  ".join(f"{name:>22}" for name in encoders))
    for config in ARTICLE_RUNS:
        frames = render_plane_frames(train(config))
        sheet = sprite_sheet(frames.indices)
        for theme in THEMES:
            palette = frames.palette.colours(theme)
            cells = []
            for name, encode in encoders.items():
                seconds, data = _best(lambda: encode(sheet, palette), args.repeat)
                totals[(name, theme.name)] += len(data)
                cells.append(f"{len(data):>10,} B {seconds:>6.2f} s")
            size = f"{sheet.shape[1]}x{sheet.shape[0]}"
            print(f"{config.name:<17} {theme.name:<6} {size:>11}  " + "  ".join(f"{c:>22}" for c in cells))
    for theme in THEMES:
        row = "  ".join(f"{totals[(name, theme.name)]:>10,} B {'':>8}" for name in encoders)
        print(f"{'one page view':<17} {theme.name:<6} {'':>11}  {row}")


if __name__ == "__main__":
    main()

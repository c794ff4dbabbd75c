"""The one encoder: format, metadata and determinism of every file figgen writes.

Figure functions return a matplotlib Figure and never save; this module turns it into bytes.
"""

from __future__ import annotations

import io
import json
from typing import TYPE_CHECKING, Any

from figgen.style import RC_PARAMS

if TYPE_CHECKING:  # matplotlib is imported only when a figure is encoded: json_bytes needs none
    from matplotlib.figure import Figure

PNG_DPI = 150  # PNG renders are for looking at figures, not for the site


def svg_bytes(fig: Figure) -> bytes:
    """SVG of `fig`, byte-identical for identical inputs (fixed hash salt, no date)."""
    import matplotlib

    buf = io.BytesIO()
    with matplotlib.rc_context(dict(RC_PARAMS)):
        fig.savefig(buf, format="svg", metadata={"Date": None}, bbox_inches="tight", pad_inches=0.05)
    return buf.getvalue()


def png_bytes(fig: Figure, *, background: str | None = None, dpi: int = PNG_DPI) -> bytes:
    """PNG of `fig` on `background` (None: transparent), without version metadata."""
    import matplotlib

    buf = io.BytesIO()
    with matplotlib.rc_context(dict(RC_PARAMS)):
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


def json_bytes(data: Any) -> bytes:
    """JSON with a stable layout; floats keep full precision (Python's repr round-trips)."""
    return (json.dumps(data, indent=1, allow_nan=False) + "\n").encode("utf-8")

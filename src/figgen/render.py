"""Render the registered figures to files, in both themes."""

from __future__ import annotations

import matplotlib

from figgen.encode import png_bytes, svg_bytes
from figgen.figures import load_all
from figgen.style import RC_PARAMS, THEMES
from figgen.walkthrough import Walkthrough


class FigureError(RuntimeError):
    """A figure function raised; the message names the figure, the cause is chained."""


def render_figures(record: Walkthrough, *, png: bool = False) -> dict[str, bytes]:
    """figures/<stem>.svg and figures/<stem>.dark.svg (and .png renders if asked) per figure."""
    files: dict[str, bytes] = {}
    for stem, spec in load_all().items():
        for theme in THEMES:
            try:
                with matplotlib.rc_context(dict(RC_PARAMS)):
                    fig = spec.draw(record, theme)
            except Exception as exc:
                raise FigureError(f"figure {stem!r} ({theme.name} theme) failed: {exc}") from exc
            files[f"figures/{stem}{theme.suffix}.svg"] = svg_bytes(fig)
            if png:
                files[f"figures/{stem}{theme.suffix}.png"] = png_bytes(fig, background=theme.page)
    return files

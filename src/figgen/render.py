"""Render the registered figures to files, in both themes."""

from __future__ import annotations

from typing import Any

import matplotlib

from figgen.config import WalkthroughConfig
from figgen.encode import png_bytes, svg_bytes
from figgen.figures import FigureSpec, load_all
from figgen.style import RC_PARAMS, THEMES
from figgen.walkthrough import Walkthrough, compute_walkthrough


class FigureError(RuntimeError):
    """A figure function raised; the message names the figure, the cause is chained."""


def render_spec(spec: FigureSpec, record: Walkthrough, *, png: bool = False) -> dict[str, bytes]:
    """figures/<stem>.svg and figures/<stem>.dark.svg (and .png renders if asked) of one figure."""
    files: dict[str, bytes] = {}
    for theme in THEMES:
        try:
            with matplotlib.rc_context(dict(RC_PARAMS)):
                fig = spec.draw(record, theme)
        except Exception as exc:
            raise FigureError(f"figure {spec.stem!r} ({theme.name} theme) failed: {exc}") from exc
        files[f"figures/{spec.stem}{theme.suffix}.svg"] = svg_bytes(fig)
        if png:
            files[f"figures/{spec.stem}{theme.suffix}.png"] = png_bytes(fig, background=theme.page)
    return files


def render_figures(record: Walkthrough, *, png: bool = False) -> dict[str, bytes]:
    """figures/<stem>.svg and figures/<stem>.dark.svg (and .png renders if asked) per figure."""
    files: dict[str, bytes] = {}
    for spec in load_all().values():
        files.update(render_spec(spec, record, png=png))
    return files


def render_figure(stem: str, config: WalkthroughConfig, png: bool = False) -> dict[str, bytes]:
    """The files of figure `stem` for the worked example `config` (a build task: picklable
    arguments in, bytes out, so it can run in a worker process)."""
    return render_spec(load_all()[stem], compute_walkthrough(config), png=png)


def figure_manifest(config: WalkthroughConfig) -> dict[str, dict[str, Any]]:
    """What the build and the prose need to know about each figure without drawing it:
    ``{stem: {"module": ..., "alt": ..., "caption": ...}}`` in article order."""
    record = compute_walkthrough(config)
    return {
        stem: {"module": spec.draw.__module__, "alt": spec.alt(record), "caption": spec.caption}
        for stem, spec in load_all().items()
    }

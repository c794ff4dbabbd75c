"""Render the registered figures to files, in both themes."""

from __future__ import annotations

import re
from typing import Any

from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from figgen.config import WalkthroughConfig
from figgen.encode import png_bytes, svg_bytes
from figgen.figures import FigureSpec, load_all
from figgen.style import THEMES, Theme, drawing_context
from figgen.walkthrough import Walkthrough, compute_walkthrough


class FigureError(RuntimeError):
    """A drawn figure cannot be turned into the site's files (its colours cannot be mapped)."""


def render_spec(spec: FigureSpec, record: Walkthrough, *, png: bool = False) -> dict[str, bytes]:
    """figures/<stem>.svg and figures/<stem>.dark.svg (and .png renders if asked) of one figure.

    The figure is drawn once, in a theme whose every colour is a placeholder, and each
    theme's SVG is that drawing with the placeholders replaced: half the drawing time of
    drawing it twice, and the same picture (figure functions take colours from the theme,
    never compute them; tests/test_cache.py checks every figure against a direct drawing).
    PNG renders, which cannot be recoloured, are drawn per theme.
    """
    probe, colours = _probe_theme()
    svg = svg_bytes(_draw(spec, record, probe))
    files: dict[str, bytes] = {}
    for theme in THEMES:
        files[f"figures/{spec.stem}{theme.suffix}.svg"] = _recolour(svg, colours[theme.name], spec.stem)
        if png:
            fig = _draw(spec, record, theme)
            files[f"figures/{spec.stem}{theme.suffix}.png"] = png_bytes(fig, background=theme.page)
    return files


def render_spec_directly(spec: FigureSpec, record: Walkthrough, theme: Theme) -> bytes:
    """The SVG of `spec` drawn in `theme` itself (what `render_spec`'s recolouring must equal)."""
    return svg_bytes(_draw(spec, record, theme))


def _draw(spec: FigureSpec, record: Walkthrough, theme: Theme) -> Figure:
    # An exception here reaches the build as it is: it names the figure's output and the line.
    with drawing_context():
        return spec.draw(record, theme)


# Placeholder colours: "#a" and five hex digits, numbered; no figure uses such a colour.
_PLACEHOLDER = re.compile(rb"(?<=[:=] )#a[0-9a-f]{5}\b|(?<==\")#a[0-9a-f]{5}\b")


def _probe_theme() -> tuple[Theme, dict[str, dict[bytes, bytes]]]:
    """A theme with a distinct placeholder per colour slot, and each theme's colour per
    placeholder: {theme name: {placeholder: colour}}."""
    slots = [("page",), ("text",), ("muted",), ("panel",), ("accent",), ("classes", 0), ("classes", 1)]
    slots += [("factors", key) for key in sorted({k for theme in THEMES for k in theme.factors})]

    def colour(theme: Theme, slot: tuple[Any, ...]) -> str:
        value = getattr(theme, slot[0])
        return value[slot[1]] if len(slot) == 2 else value

    placeholder = {slot: f"#a{i:05x}" for i, slot in enumerate(slots)}
    probe = Theme(
        name="light",
        page=placeholder[("page",)], text=placeholder[("text",)], muted=placeholder[("muted",)],
        panel=placeholder[("panel",)], accent=placeholder[("accent",)],
        classes=(placeholder[("classes", 0)], placeholder[("classes", 1)]),
        factors={slot[1]: placeholder[slot] for slot in slots if slot[0] == "factors"},
    )
    colours = {
        theme.name: {
            placeholder[slot].encode(): to_hex(colour(theme, slot)).encode()
            for slot in slots
            if slot[0] != "factors" or slot[1] in theme.factors
        }
        for theme in THEMES
    }
    return probe, colours


def _recolour(svg: bytes, colours: dict[bytes, bytes], stem: str) -> bytes:
    def swap(match: re.Match[bytes]) -> bytes:
        try:
            return colours[match[0]]
        except KeyError:
            raise FigureError(f"figure {stem!r}: placeholder colour {match[0]!r} has no colour in this theme") from None

    out = _PLACEHOLDER.sub(swap, svg)
    if b"#a0000" in out or b"#a0001" in out:  # a placeholder in a place the pattern does not know
        raise FigureError(f"figure {stem!r}: a theme colour reached the SVG in an unexpected form")
    return out


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

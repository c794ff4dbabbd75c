"""Render the registered figures to files, in both themes and in each of their layouts.

Per figure and layout (figgen.figures.Layout: WIDE, and PHONE for figures too wide for a
phone) the files are

- ``figures/<stem><layout>.svg`` and ``figures/<stem><layout>.dark.svg``: the drawing;
- ``figures/<stem><layout>.drawn.json``: what it drew, as data (`figgen.legibility`): its size,
  its smallest font, and every text and mark with its colour, the colour behind it and their
  contrast ratio in each theme. The browser test reads the smallest font from it; the
  contrast test and the overlays of later work read the rest.
"""

from __future__ import annotations

import re
from typing import Any

from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from figgen.config import WalkthroughConfig
from figgen.encode import png_bytes, svg_bytes
from figgen.figures import WIDE, FigureSpec, Layout, load_all
from figgen.i18n import DEFAULT, LANGUAGES, reading, tr, using, variant_stem
from figgen.jsondata import json_bytes
from figgen.legibility import Audit, ResolvedAudit, audit
from figgen.style import THEMES, Theme, drawing_context
from figgen.walkthrough import Walkthrough, compute_walkthrough


class FigureError(RuntimeError):
    """A drawn figure cannot be turned into the site's files (its colours cannot be mapped)."""


# The tables of the words figures draw (their alt texts and captions are the page's).
WORD_TABLES = frozenset({"figures.diagrams", "figures.equations"})


def render_spec(spec: FigureSpec, record: Walkthrough, *, png: bool = False, lang: str = DEFAULT) -> dict[str, bytes]:
    """Every file of one figure: per layout, its SVG in each theme, its drawn.json, and PNG
    renders if asked (see the module docstring for the names).

    The figure is drawn once per layout, in a theme whose every colour is a placeholder, and
    each theme's SVG is that drawing with the placeholders replaced: half the drawing time of
    drawing it twice, and the same picture (figure functions take colours from the theme,
    never compute them; tests/test_render.py checks every figure against a direct drawing).
    The audit of that one drawing, resolved with each theme's colours, is the drawn.json.
    PNG renders, which cannot be recoloured, are drawn per theme.

    In another language than the default (`lang`), the files are those of the figure's
    variant stem (figgen.i18n.variant_stem: figures/overview-es.svg) drawn with that
    language's words; a figure that draws no words (it read none of WORD_TABLES while drawing)
    has no variant, and this returns no files: the page shows the default files.
    """
    with using(lang):
        return _render_spec(spec, record, png=png, lang=lang)


def _render_spec(spec: FigureSpec, record: Walkthrough, *, png: bool, lang: str) -> dict[str, bytes]:
    probe, colours = _probe_theme()
    files: dict[str, bytes] = {}
    stem = variant_stem(spec.stem, lang)
    for layout in spec.layouts:
        with reading() as read:
            fig = _draw(spec, record, probe, layout)
        if lang != DEFAULT and not read & WORD_TABLES:
            return {}  # only math: the same drawing in every language
        svg = svg_bytes(fig)
        drawn = _audit(spec, fig, layout)
        resolved = {theme.name: resolve_theme(drawn, probe, colours[theme.name]) for theme in THEMES}
        base = f"figures/{stem}{layout.suffix}"
        files[f"{base}.drawn.json"] = json_bytes(
            {"stem": spec.stem, "layout": layout.name, **({} if lang == DEFAULT else {"lang": lang}),
             **drawn.to_json(resolved)})
        for theme in THEMES:
            files[f"{base}{theme.suffix}.svg"] = _recolour(svg, colours[theme.name], spec.stem)
            if png:
                fig = _draw(spec, record, theme, layout)
                files[f"{base}{theme.suffix}.png"] = png_bytes(fig, background=theme.page)
    return files


def resolve_theme(drawn: Audit, probe: Theme, colours: dict[bytes, bytes]) -> ResolvedAudit:
    """An audit of the placeholder drawing with one theme's colours: {placeholder: colour}."""
    lookup = {k.decode(): v.decode() for k, v in colours.items()}
    return drawn.resolve(probe.page, colour_of=lambda c: lookup.get(c.lower(), c))


def _audit(spec: FigureSpec, fig: Figure, layout: Layout) -> Audit:
    """The figure's audit; a layout that draws wider or smaller than it may is a FigureError."""
    drawn = audit(fig)
    width = drawn.width / 72  # inches, as saved
    if width > layout.width + 0.1 + 1e-6:  # + the saved file's 0.05 in padding on each side
        raise FigureError(f"figure {spec.stem!r} ({layout.name} layout) is {width:.2f} in wide; "
                          f"at most {layout.width} in fits")
    small = [t for t in drawn.texts if t.size < layout.min_text - 1e-6]
    if small:
        raise FigureError(f"figure {spec.stem!r} ({layout.name} layout) draws {small[0].text!r} at "
                          f"{small[0].size:g} pt; at least {layout.min_text:g} pt is readable there")
    return drawn


def render_spec_directly(spec: FigureSpec, record: Walkthrough, theme: Theme, layout: Layout = WIDE) -> bytes:
    """The SVG of `spec` drawn in `theme` itself (what `render_spec`'s recolouring must equal)."""
    return svg_bytes(_draw(spec, record, theme, layout))


def _draw(spec: FigureSpec, record: Walkthrough, theme: Theme, layout: Layout = WIDE) -> Figure:
    # An exception here reaches the build as it is: it names the figure's output and the line.
    with drawing_context():
        # a figure with only the wide layout may take just (record, theme)
        fig = spec.draw(record, theme) if layout == WIDE else spec.draw(record, theme, layout)
    _unique_gids(fig)
    return fig


def _unique_gids(fig: Figure) -> None:
    """A value drawn twice in one figure (a matrix entry's gid "W2.1.2") gets "-2", "-3" on its
    later copies, in drawing order: ids in an SVG must be unique."""
    seen: dict[str, int] = {}
    for artist in fig.findobj():
        gid = artist.get_gid()
        if gid:
            seen[gid] = seen.get(gid, 0) + 1
            if seen[gid] > 1:
                artist.set_gid(f"{gid}-{seen[gid]}")


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


def render_figure(stem: str, config: WalkthroughConfig, png: bool = False, lang: str = DEFAULT) -> dict[str, bytes]:
    """The files of figure `stem` for the worked example `config`, in `lang` (a build task:
    picklable arguments in, bytes out, so it can run in a worker process)."""
    return render_spec(load_all()[stem], compute_walkthrough(config), png=png, lang=lang)


def figure_manifest(config: WalkthroughConfig) -> dict[str, dict[str, Any]]:
    """What the build and the prose need to know about each figure without drawing it:
    ``{stem: {"module": ..., "alt": ..., "caption": ..., "layouts": [...]}}`` in article order;
    "alt" and "caption" hold each language's text ({"en": ..., "es": ...}): a translation
    missing for a figure stops the build here, naming its key."""
    record = compute_walkthrough(config)
    specs = load_all()

    def texts(spec: FigureSpec, lang: str) -> tuple[str, str]:
        with using(lang):
            return spec.alt(record), tr("figures.caption", spec.stem)

    out: dict[str, dict[str, Any]] = {}
    for stem, spec in specs.items():
        by_lang = {lang: texts(spec, lang) for lang in LANGUAGES}
        out[stem] = {"module": spec.draw.__module__, "alt": {lang: t[0] for lang, t in by_lang.items()},
                     "caption": {lang: t[1] for lang, t in by_lang.items()},
                     "layouts": [layout.name for layout in spec.layouts]}
    return out

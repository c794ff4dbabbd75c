"""The registry of the article's figures.

Each figure is one function `draw(record, theme, layout=WIDE) -> matplotlib.figure.Figure`,
registered under its stable file stem with `@register`. It reads the walkthrough record, never
recomputes a number, and never writes a file. The build, the command line and the tests
loop over `FIGURES`.

A figure too wide to read on a phone also has a `PHONE` layout (`register(..., phone=True)`):
the same content drawn narrower (rows stacked, products split over lines), which the article
serves to narrow screens. `Layout` says how wide a layout may draw and its smallest font.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping

from matplotlib.figure import Figure

from figgen.i18n import localized, table
from figgen.prose import RUN_RATES, WORKED_RATE  # noqa: F401  (re-exported for the figure modules)
from figgen.style import FACTOR_HUES, FIGURE_WIDTH, PHONE_MIN_TEXT, PHONE_WIDTH, SMALL_SIZE, Theme
from figgen.walkthrough import Walkthrough


@dataclass(frozen=True)
class Layout:
    """A way to lay a figure out: how wide it may be drawn and its smallest text."""

    name: str  # "wide" (the article column) or "phone"
    suffix: str  # before the theme's suffix in file names: figures/<stem><suffix><theme>.svg
    width: float  # inches: the widest the drawing may be
    min_text: float  # points: the smallest font size it may draw with


WIDE = Layout(name="wide", suffix="", width=FIGURE_WIDTH, min_text=SMALL_SIZE)
PHONE = Layout(name="phone", suffix=".phone", width=PHONE_WIDTH, min_text=PHONE_MIN_TEXT)
LAYOUTS: dict[str, Layout] = {layout.name: layout for layout in (WIDE, PHONE)}

DrawFn = Callable[..., Figure]  # (record, theme, layout=WIDE) -> Figure
AltFn = Callable[[Walkthrough], str]


@dataclass(frozen=True)
class FigureSpec:
    """One figure of the article."""

    stem: str  # file stem: figures/<stem>.svg and figures/<stem>.dark.svg
    draw: DrawFn  # record, theme, layout -> Figure
    alt: AltFn  # record -> alt text with the numbers, for screen readers
    caption: str  # one sentence under the figure in the article
    layouts: tuple[Layout, ...] = (WIDE,)  # WIDE, and PHONE for a figure too wide for a phone


# The article's figures in reading order; the stems are fixed (links and tests use them).
FIGURE_STEMS: tuple[str, ...] = (
    "overview", "nonlinear_xor", "overview2", "initialized_network",
    "z1", "h1", "z2", "h2", "loss",
    "chain_w2", "update_w2", "chain_w2_detailed", "chain_w2_numbers",
    "chain_w1", "update_w1", "chain_w1_numbers", "chain_w1_numbers_final",
    "copy_values",
)

FIGURES: dict[str, FigureSpec] = {}

# The names of the chain-rule factors' colours (figgen.style.FACTOR_HUES), as alt texts say them.
HUES: Mapping[str, str] = localized("figures.hues", {hue: hue for hue in dict.fromkeys(FACTOR_HUES.values())})


def hue_names() -> dict[str, str]:
    """{factor: the name of its colour} in the current language."""
    return {factor: HUES[hue] for factor, hue in FACTOR_HUES.items()}


def register(stem: str, *, alt: AltFn, caption: str, phone: bool = False) -> Callable[[DrawFn], DrawFn]:
    """Register `draw` as the figure `stem` (decorator); `phone`: it also draws a PHONE layout."""

    def decorate(draw: DrawFn) -> DrawFn:
        if stem in FIGURES:
            raise ValueError(f"figure {stem!r} is registered twice")
        layouts = (WIDE, PHONE) if phone else (WIDE,)
        FIGURES[stem] = FigureSpec(stem=stem, draw=draw, alt=alt, caption=caption, layouts=layouts)
        table("figures.caption", {stem: caption})  # translated in figgen.es
        return draw

    return decorate


def load_all() -> dict[str, FigureSpec]:
    """Import every figure module (which registers its figures) and return the registry in
    article order; extra figures follow the fixed ones."""
    from figgen.figures import diagrams, equations  # noqa: F401  (registers on import)

    order = {stem: i for i, stem in enumerate(FIGURE_STEMS)}
    return dict(sorted(FIGURES.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0])))

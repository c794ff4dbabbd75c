"""The registry of the article's figures.

Each figure is one function `draw(record, theme) -> matplotlib.figure.Figure`, registered
under its stable file stem with `@register`. It reads the walkthrough record, never
recomputes a number, and never writes a file. The build, the command line and the tests
loop over `FIGURES`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from matplotlib.figure import Figure

from figgen.style import Theme
from figgen.walkthrough import Walkthrough

DrawFn = Callable[[Walkthrough, Theme], Figure]
AltFn = Callable[[Walkthrough], str]


@dataclass(frozen=True)
class FigureSpec:
    """One figure of the article."""

    stem: str  # file stem: figures/<stem>.svg and figures/<stem>.dark.svg
    draw: DrawFn  # record, theme -> Figure
    alt: AltFn  # record -> alt text with the numbers, for screen readers
    caption: str  # one sentence under the figure in the article


# The article's figures in reading order; the stems are fixed (links and tests use them).
FIGURE_STEMS: tuple[str, ...] = (
    "overview", "nonlinear_xor", "overview2", "initialized_network",
    "z1", "h1", "z2", "h2", "loss",
    "chain_w2", "update_w2", "chain_w2_detailed", "chain_w2_numbers",
    "chain_w1", "update_w1", "chain_w1_numbers", "chain_w1_numbers_final",
    "copy_values",
)

FIGURES: dict[str, FigureSpec] = {}


def register(stem: str, *, alt: AltFn, caption: str) -> Callable[[DrawFn], DrawFn]:
    """Register `draw` as the figure `stem` (decorator)."""

    def decorate(draw: DrawFn) -> DrawFn:
        if stem in FIGURES:
            raise ValueError(f"figure {stem!r} is registered twice")
        FIGURES[stem] = FigureSpec(stem=stem, draw=draw, alt=alt, caption=caption)
        return draw

    return decorate


def load_all() -> dict[str, FigureSpec]:
    """Import every figure module (which registers its figures) and return the registry in
    article order; extra figures follow the fixed ones."""
    from figgen.figures import diagrams, equations  # noqa: F401  (registers on import)

    order = {stem: i for i, stem in enumerate(FIGURE_STEMS)}
    return dict(sorted(FIGURES.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0])))

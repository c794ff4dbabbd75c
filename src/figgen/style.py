"""Look of every figure and animation: fonts, the light and dark themes, the factor colours.

Colours come from the Okabe-Ito palette (safe for the common colour-vision deficiencies).
Each chain-rule factor keeps its hue in both themes; the dark theme uses a lighter tint
where contrast on the dark page needs it.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from typing import Iterator, Mapping

from figgen.config import ConfigError

# matplotlib settings shared by every figure, on top of matplotlib's own defaults (never the
# reader's matplotlibrc): see `drawing_context`.
RC_PARAMS: Mapping[str, object] = {
    "font.family": "DejaVu Sans",
    "mathtext.fontset": "dejavusans",
    "font.size": 11,
    "svg.fonttype": "path",  # text as shapes: identical in every browser, no font request
    "svg.hashsalt": "figgen",  # fixed ids in the SVG, so identical inputs give identical bytes
    "savefig.transparent": True,  # the page's own background shows through, light or dark
}


@contextlib.contextmanager
def drawing_context() -> Iterator[None]:
    """matplotlib's built-in defaults plus RC_PARAMS, whatever the user's matplotlibrc or
    style says (a line width or font size set there would change figgen's files and their
    cache keys would not know it); the previous settings come back afterwards."""
    import matplotlib

    with matplotlib.rc_context():
        matplotlib.rcdefaults()  # the defaults shipped with matplotlib, not the user's rc file
        matplotlib.rcParams.update(RC_PARAMS)
        yield


_HEX = re.compile(r"#[0-9A-Fa-f]{6}")


@dataclass(frozen=True)
class Theme:
    """Colours of one palette of the site (mkdocs-material's `default` or `slate`)."""

    name: str  # "light" or "dark"; the dark file is saved as <stem>.dark.svg
    page: str  # the page background the figure sits on (figures are transparent)
    text: str  # main text and lines
    muted: str  # secondary text, grid lines, inactive connections
    panel: str  # fill of boxes and highlighted areas, a little off the page colour
    accent: str  # highlighted path through the network
    classes: tuple[str, str]  # colour of class 0 and class 1 (data points, decision regions)
    factors: Mapping[str, str] = field(default_factory=dict)  # chain-rule factor -> colour

    def __post_init__(self) -> None:
        slots = {"page": self.page, "text": self.text, "muted": self.muted, "panel": self.panel, "accent": self.accent}
        slots.update({f"classes[{i}]": c for i, c in enumerate(self.classes)})
        slots.update({f"factors[{k!r}]": c for k, c in self.factors.items()})
        if len(self.classes) != 2:
            raise ConfigError(f"style theme {self.name!r} classes={self.classes!r} is not valid: expected two colours")
        for slot, colour in slots.items():
            if not (isinstance(colour, str) and _HEX.fullmatch(colour)):
                raise ConfigError(
                    f"style theme {self.name!r} {slot}={colour!r} is not valid: expected a colour #rrggbb "
                    "(a '#' and six hex digits, as in #1f2328)"
                )

    @property
    def suffix(self) -> str:
        """File-name suffix before the extension: '' for light, '.dark' for dark."""
        return "" if self.name == "light" else f".{self.name}"


# Okabe-Ito hues; the dark theme takes lighter tints of the same hues.
LIGHT = Theme(
    name="light",
    page="#ffffff",
    text="#1f2328",
    muted="#8c959f",
    panel="#f3f4f6",
    accent="#0072B2",
    classes=("#0072B2", "#E69F00"),
    factors={
        "dL_dh2": "#0072B2",  # blue
        "dh2_dz2": "#E69F00",  # orange
        "dz2_dW2": "#009E73",  # bluish green
        "dL_dz2": "#56B4E9",  # sky blue: dL/dh2 * dh2/dz2, the reused product
        "dL_dh1": "#D55E00",  # vermillion
        "dh1_dz1": "#CC79A7",  # reddish purple
        "dz1_dW1": "#009E73",  # bluish green, like dz2/dW2: both are "the layer's input"
    },
)
DARK = Theme(
    name="dark",
    page="#1e2129",  # mkdocs-material's slate background
    text="#e6e8eb",
    muted="#8b93a1",
    panel="#2a2e38",
    accent="#56B4E9",
    classes=("#56B4E9", "#F0C05A"),
    factors={
        "dL_dh2": "#4BA3E3",
        "dh2_dz2": "#F2B33D",
        "dz2_dW2": "#2FC79B",
        "dL_dz2": "#8ACDF2",
        "dL_dh1": "#F07A3A",
        "dh1_dz1": "#E09BC4",
        "dz1_dW1": "#2FC79B",
    },
)
THEMES: tuple[Theme, ...] = (LIGHT, DARK)

# Typography shared by every figure, so sizes match from one figure to the next. A figure is
# drawn FIGURE_WIDTH inches wide; the article column shows it at about 100 px per inch.
FIGURE_WIDTH = 7.2  # inches, the article column at 1280 px is about 720-760 px wide
TEXT_SIZE = 11  # labels, numbers in matrices
SMALL_SIZE = 9  # secondary annotations, axis ticks
MATH_SIZE = 13  # equations set with mathtext
TITLE_SIZE = 12  # panel titles


def _check_sizes() -> None:
    """The typography above, checked when figgen.style is imported (before any work)."""
    for name, value in {"FIGURE_WIDTH": FIGURE_WIDTH, "TEXT_SIZE": TEXT_SIZE, "SMALL_SIZE": SMALL_SIZE,
                        "MATH_SIZE": MATH_SIZE, "TITLE_SIZE": TITLE_SIZE}.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 4 <= value <= 40:
            raise ConfigError(f"style {name}={value!r} is not valid: expected a number from 4 to 40")
    if set(LIGHT.factors) != set(DARK.factors):
        raise ConfigError(
            f"style factors are not valid: the light theme colours {sorted(LIGHT.factors)} and the dark theme "
            f"{sorted(DARK.factors)}; expected the same factors in both"
        )


_check_sizes()

"""Look of every figure and animation: fonts, the light and dark themes, the factor colours.

Every colour a figure draws text or a meaningful mark with has at least 4.5:1 contrast (WCAG
1.4.3, text) against the page and the panel colour of its theme, so it may serve as text or
as a line, outline or marker (3:1, WCAG 1.4.11); tests/test_legibility.py checks every pair a
figure draws. The chain-rule factors keep their Okabe-Ito hues (blue, amber, bluish green,
vermilion, reddish purple), darkened on the light page and lightened on the dark one. Their
lightness and chroma were chosen by a search that maximises the smallest CIEDE2000 distance
between any two factors (and the text colour) under normal vision and simulated protanopia,
deuteranopia and tritanopia (`figgen.contrast.cvd_distances`): amber and vermilion, once
alike, now differ in lightness too. The factors are also told apart without colour: each
frame holds its factor's symbol, and the reused product dL/dz2 is always dashed.
"""

from __future__ import annotations

import contextlib
import functools
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

    _enlarge_mathtext_cache()
    with matplotlib.rc_context():
        matplotlib.rcdefaults()  # the defaults shipped with matplotlib, not the user's rc file
        matplotlib.rcParams.update(RC_PARAMS)
        yield


MATHTEXT_CACHE_SIZE = 4096  # parsed math expressions kept (matplotlib keeps 50 per parser)


def _enlarge_mathtext_cache() -> None:
    """Parse each math expression once per process, not once per renderer. matplotlib keeps
    the last 50 parses per parser object, and every renderer makes its own parser: the tight
    bounding box, the saved SVG and the audit each parsed the figure's math again, and a figure
    draws up to about 100 distinct expressions. Parsing was a third of the figures' time.
    Only a cache: parsers of one output type give the same result for the same arguments (its
    font set and grammar are class attributes), and every file is the same. Left as it is if
    matplotlib no longer caches that way (tests/test_render.py checks the files either way)."""
    from matplotlib.mathtext import MathTextParser

    cached = MathTextParser.__dict__.get("_parse_cached")
    wrapped = getattr(cached, "__wrapped__", None)
    if wrapped is None or getattr(cached, "figgen_shared", False):
        return
    parsers: dict[str, MathTextParser] = {}

    @functools.lru_cache(MATHTEXT_CACHE_SIZE)
    def shared(output_type: str, *key: object) -> object:
        return wrapped(parsers[output_type], *key)

    def parse_cached(self: MathTextParser, *key: object) -> object:
        parsers.setdefault(self._output_type, self)
        return shared(self._output_type, *key)

    parse_cached.figgen_shared = True  # type: ignore[attr-defined]
    parse_cached.__wrapped__ = wrapped  # type: ignore[attr-defined]
    MathTextParser._parse_cached = parse_cached


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


# Contrast on the page / on the panel is noted beside each colour (WCAG ratio).
LIGHT = Theme(
    name="light",
    page="#ffffff",
    text="#1f2328",  # 15.8 / 14.4
    muted="#656d76",  # 5.3 / 4.8: secondary text, inactive connections
    panel="#f3f4f6",
    accent="#0072B2",  # 5.2 / 4.7
    classes=("#0072B2", "#B86E00"),  # blue 5.2, amber 4.0 (markers need 3, on their own tint 3.3)
    factors={
        "dL_dh2": "#154594",  # blue, 9.1 / 8.3
        "dh2_dz2": "#846B18",  # amber, 5.1 / 4.7
        "dz2_dW2": "#016B46",  # bluish green, 6.6 / 6.0
        "dL_dz2": "#1771BB",  # lighter blue, 5.1 / 4.6: dL/dh2 * dh2/dz2, the reused product (dashed)
        "dL_dh1": "#842701",  # vermilion, 9.2 / 8.4: darker than amber, so the two differ in lightness
        "dh1_dz1": "#B33E74",  # reddish purple, 5.4 / 5.0
        "dz1_dW1": "#016B46",  # bluish green, like dz2/dW2: both are "the layer's input"
    },
)
DARK = Theme(
    name="dark",
    page="#1e2129",  # mkdocs-material's slate background
    text="#e6e8eb",  # 13.1 / 11.1
    muted="#959daa",  # 5.9 / 5.0
    panel="#2a2e38",
    accent="#56B4E9",  # 7.0 / 5.9
    classes=("#56B4E9", "#F0C05A"),  # 7.0, 9.5
    factors={
        "dL_dh2": "#8E88FF",  # 5.5 / 4.6
        "dh2_dz2": "#EAC557",  # 9.7 / 8.2
        "dz2_dW2": "#69B379",  # 6.4 / 5.4
        "dL_dz2": "#9CB5FF",  # 8.0 / 6.8
        "dL_dh1": "#F76E25",  # 5.5 / 4.7
        "dh1_dz1": "#F28AAD",  # 6.9 / 5.8
        "dz1_dW1": "#69B379",
    },
)
THEMES: tuple[Theme, ...] = (LIGHT, DARK)

# What to call each factor's colour in words (alt texts): the same hue in both themes.
FACTOR_HUES: Mapping[str, str] = {
    "dL_dh2": "blue",
    "dh2_dz2": "amber",
    "dz2_dW2": "green",
    "dL_dz2": "light blue, dashed",
    "dL_dh1": "vermilion",
    "dh1_dz1": "purple",
    "dz1_dW1": "green",
}

# Typography shared by every figure, so sizes match from one figure to the next. A figure is
# drawn FIGURE_WIDTH inches wide; the article column shows it at about 100 px per inch.
FIGURE_WIDTH = 7.2  # inches, the article column at 1280 px is about 720-760 px wide
TEXT_SIZE = 11  # labels, numbers in matrices
SMALL_SIZE = 9  # secondary annotations, axis ticks
MATH_SIZE = 13  # equations set with mathtext
TITLE_SIZE = 12  # panel titles

# A figure's phone layout: at most PHONE_WIDTH wide, no text under PHONE_MIN_TEXT. On a 390 px
# phone the article column is 358 CSS px, so a figure PHONE_WIDTH wide (499 px with the saved
# file's padding) is shown at 72% and 11 pt text at 10.5 CSS px (at least 10 px is the aim).
PHONE_WIDTH = 5.2  # inches
PHONE_MIN_TEXT = 11  # points


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

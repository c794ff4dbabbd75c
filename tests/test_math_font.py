"""The self-hosted math font subset covers every character the built page sets as math."""

from __future__ import annotations

import html
import re
from pathlib import Path

from fontTools.ttLib import TTFont

FONT = Path(__file__).resolve().parents[1] / "docs" / "assets" / "fonts" / "STIXTwoMath-subset.woff2"


def _italic(ch: str) -> int | None:
    """The math-italic code point a browser uses for a single-letter <mi> (MathML Core)."""
    if "a" <= ch <= "z":
        return 0x210E if ch == "h" else 0x1D44E + ord(ch) - ord("a")
    if "A" <= ch <= "Z":
        return 0x1D434 + ord(ch) - ord("A")
    if "\u03b1" <= ch <= "\u03c9":
        return 0x1D6FC + ord(ch) - 0x03B1
    return None


def test_math_font_is_a_small_subset():
    assert FONT.stat().st_size < 400_000, "the math font subset grew: check scripts/subset_math_font.py"


def test_every_math_character_is_in_the_font(built_site):
    cmap = TTFont(FONT).getBestCmap()
    page = (built_site / "index.html").read_text(encoding="utf-8")
    maths = re.findall(r"<math\b.*?</math>", page, flags=re.S)
    assert maths, "the article has no MathML"
    text = "".join(html.unescape(re.sub(r"<[^>]+>", "", m)) for m in maths)
    missing = sorted(
        ch for ch in set(text)
        if not ch.isspace() and ord(ch) not in cmap and _italic(ch) not in cmap
    )
    assert not missing, f"characters set as math but missing from {FONT.name}: {missing}"

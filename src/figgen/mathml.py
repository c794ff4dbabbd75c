"""LaTeX in the page, turned into MathML when the site is built: no JavaScript, no request.

The Markdown writes math as ``$...$`` (inline) and ``$$...$$`` (display).
pymdownx.arithmatex (generic mode) finds it, skipping code, and leaves
``<span class="arithmatex">\\(...\\)</span>`` and ``<div class="arithmatex">\\[...\\]</div>``
in the HTML; `render_math` replaces each with latex2mathml's MathML. Browsers lay MathML
out as text (selectable, read by screen readers, coloured by the theme); the page ships
the STIX Two Math font so Chromium and Firefox draw fractions and brackets properly.
"""

from __future__ import annotations

import html
import re

import latex2mathml.converter

INLINE = re.compile(r'<span class="arithmatex">\\\((?P<tex>.*?)\\\)</span>', re.DOTALL)
DISPLAY = re.compile(r'<div class="arithmatex">\\\[(?P<tex>.*?)\\\]</div>', re.DOTALL)


# Fixes to latex2mathml's output for MathML Core's layout in Chromium:
# (latex2mathml writes every operator as a hex entity: &#x02212; is the minus sign.)
OPENERS = "&#x00028;|&#x0005B;|&#x0002C;|&#x0003D;"  # ( [ , =
TYPOGRAPHY: tuple[tuple[re.Pattern[str], str], ...] = (
    # A minus right after an opening bracket, a comma, "=" or at the start of a group is a
    # sign, not a subtraction: the prefix form keeps it tight against its number: (-1, -1).
    (re.compile(rf"(<mo(?: [^>]*)?>(?:{OPENERS})</mo>|<mtd>|<mrow>)<mo>&#x02212;</mo>"),
     r'\1<mo form="prefix">&#x02212;</mo>'),
    # A slash between two derivatives reads as one fraction: no space around it.
    (re.compile(r"<mo>&#x0002F;</mo>"), '<mo lspace="0" rspace="0">&#x0002F;</mo>'),
    # The bars of a norm (\lVert ... \rVert) stay the height of the text, like \| ... \|.
    (re.compile(r"<mo>&#x02016;</mo>"), '<mo stretchy="false">&#x02016;</mo>'),
)


class MathError(ValueError):
    """LaTeX that latex2mathml cannot convert; the message quotes it and names the page."""


def to_mathml(tex: str, *, display: bool, where: str = "page") -> str:
    """MathML for one formula (`tex` as written in the Markdown)."""
    try:
        mathml = latex2mathml.converter.convert(tex.strip(), display="block" if display else "inline")
    except Exception as exc:  # latex2mathml raises several types; all mean "bad LaTeX"
        raise MathError(f"{where}: cannot convert the LaTeX {tex.strip()!r} to MathML: {exc}") from exc
    # latex2mathml passes a command it does not know through as text (<mi>\\foo</mi>), and the
    # "&" of an environment it does not lay out as a table (aligned): that would put raw
    # LaTeX on the page, so it is an error here.
    leftover = re.search(r">([^<]*\\[A-Za-z]+[^<]*|&amp;|&)<", mathml)
    if leftover:
        raise MathError(
            f"{where}: the LaTeX {tex.strip()!r} uses {leftover[1]!r}, which latex2mathml does "
            "not know; it would reach the page as raw text"
        )
    for pattern, replacement in TYPOGRAPHY:
        mathml = pattern.sub(replacement, mathml)
    return mathml


def render_math(page_html: str, *, where: str = "page") -> str:
    """Replace arithmatex's LaTeX markers in `page_html` with MathML."""

    def display(match: re.Match[str]) -> str:
        mathml = to_mathml(html.unescape(match["tex"]), display=True, where=where)
        return f'<div class="figgen-math">{mathml}</div>'

    def inline(match: re.Match[str]) -> str:
        return to_mathml(html.unescape(match["tex"]), display=False, where=where)

    return INLINE.sub(inline, DISPLAY.sub(display, page_html))

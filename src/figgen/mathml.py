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

import latex2mathml.commands
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
    """LaTeX that cannot become MathML; the message quotes it and names the page. `tex` is
    the formula, so an adapter can find its line in the page's source."""

    def __init__(self, message: str, tex: str = "") -> None:
        super().__init__(message)
        self.tex = tex

    def __reduce__(self) -> tuple[type, tuple[str, str]]:
        return (type(self), (str(self), self.tex))


# The environments latex2mathml lays out (\begin{bmatrix}); any other would lose its meaning.
ENVIRONMENTS = frozenset(name.lstrip("\\") for name in latex2mathml.commands.MATRICES)


def check_tex(tex: str, where: str = "page") -> None:
    """Raise MathError for what latex2mathml would silently get wrong: unbalanced braces
    (``\\frac{1}{2``), an unknown or unmatched environment (``\\begin{nosuchenv}``)."""
    depth = 0
    for match in re.finditer(r"\\.|[{}]", tex):
        if match[0] == "{":
            depth += 1
        elif match[0] == "}":
            depth -= 1
            if depth < 0:
                raise MathError(f"{where}: the LaTeX '{tex}' closes a brace that was never opened", tex)
    if depth:
        raise MathError(f"{where}: the LaTeX '{tex}' leaves {depth} brace(s) open: expected a '}}' for every '{{'", tex)
    open_envs: list[str] = []
    for kind, name in re.findall(r"\\(begin|end)\s*\{([^}]*)\}", tex):
        if kind == "begin":
            if name not in ENVIRONMENTS:
                raise MathError(
                    f"{where}: the LaTeX '{tex}' uses the environment {name!r}, which latex2mathml does not know; "
                    f"known: {', '.join(sorted(ENVIRONMENTS))}", tex,
                )
            open_envs.append(name)
        elif not open_envs or open_envs.pop() != name:
            raise MathError(f"{where}: the LaTeX '{tex}' ends the environment {name!r} that is not the open one", tex)
    if open_envs:
        raise MathError(f"{where}: the LaTeX '{tex}' never ends the environment {open_envs[-1]!r}", tex)


def to_mathml(tex: str, *, display: bool, where: str = "page") -> str:
    """MathML for one formula (`tex` as written in the Markdown)."""
    tex = tex.strip()
    check_tex(tex, where)
    try:
        mathml = latex2mathml.converter.convert(tex, display="block" if display else "inline")
    except Exception as exc:  # latex2mathml raises several types; all mean "bad LaTeX"
        # latex2mathml's errors often have no message, only a name ("MissingSuperScriptOrSubscriptError")
        detail = str(exc) or re.sub(r"(?<!^)(?=[A-Z])", " ", type(exc).__name__.removesuffix("Error")).lower()
        raise MathError(f"{where}: cannot convert the LaTeX '{tex}' to MathML: {detail}", tex) from None
    # latex2mathml passes a command it does not know through as text (<mi>\\foo</mi>), and the
    # "&" of an environment it does not lay out as a table (aligned): that would put raw
    # LaTeX on the page, so it is an error here.
    leftover = re.search(r">([^<]*\\[A-Za-z]+[^<]*|&amp;|&)<", mathml)
    if leftover:
        raise MathError(
            f"{where}: the LaTeX '{tex}' uses '{leftover[1]}', which latex2mathml does "
            "not know; it would reach the page as raw text", tex,
        )
    for pattern, replacement in TYPOGRAPHY:
        mathml = pattern.sub(replacement, mathml)
    return mathml


def render_math(page_html: str, where: str = "page") -> str:
    """Replace arithmatex's LaTeX markers in `page_html` with MathML."""

    def display(match: re.Match[str]) -> str:
        mathml = to_mathml(html.unescape(match["tex"]), display=True, where=where)
        return f'<div class="figgen-math">{mathml}</div>'

    def inline(match: re.Match[str]) -> str:
        return to_mathml(html.unescape(match["tex"]), display=False, where=where)

    return INLINE.sub(inline, DISPLAY.sub(display, page_html))

"""Explore the numbers: what the page needs to explain each number and link to it.

The explanations themselves come from `figgen.explain` (the record's own numbers, computed
once, in Python); this module puts them where the reader finds them, and
docs/assets/javascripts/figgen-explore.js only shows what it is given:

- `figure_layouts(files)`: where every figure layout drew each number, read from the
  ``figures/<stem>(.phone).drawn.json`` files that figgen.render writes beside each layout,
  as boxes in percent of the drawing, each keyed by the entry it shows ("dL_dW2-2-1"), and
  the files the reader sees (``figures/<stem>(.phone)(.dark).svg``) that layout is drawn in.
- `figure_data(...)`: the JSON a figure carries for the script: its layouts' boxes and the
  explanations of its numbers. The script lays a button over each number (the SVG stays an
  <img>), named with its explanation, and highlights the operands.
- `values_block(...)`: "Values as text" under a figure: every value with an anchor
  (#v-dL_dW2) and a table of its entries, each with an anchor (#v-dL_dW2-2-1) and how it
  was computed, then the values as numpy and LaTeX.
- `link_quantities(html)`: the named quantities of the prose ($\\partial L / \\partial z_2$)
  marked, in sections whose figures show them, so that pointing at one (or focusing it)
  highlights it there.

Every sentence is a template in `TEXT`, in one place, for the Spanish edition to come.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

import numpy as np

from figgen.explain import (
    SAME_AS, Explanation, about, entry_indices, entry_key, explain, symbol,
)
from figgen.latex import matrix, numpy_source, symbol as latex_symbol
from figgen.i18n import localized
from figgen.walkthrough import VALUE_NAMES, Walkthrough

# -- every sentence, in one place ----------------------------------------------------------

TEXT: Mapping[str, str] = localized("explore", {
    # the figure's group of numbers, as a screen reader announces it
    "group": "Numbers of Figure {n}: the arrow keys move between them, each says how it was computed",
    "values_summary": "Values as text: {names}",
    "value_head": "{name}, {shape}: {about}.",
    "value_head_scalar": "{name}: {about}.",
    "value_elsewhere": "{name}, {shape}: its entries are listed under Figure {n}.",
    "value_elsewhere_scalar": "{name}: listed under Figure {n}.",
    "entry": "entry",
    "value": "value",
    "computed": "computed as",
    "copy": "Copy link",
    "copy_label": "Copy link to {name}",
    "copied": "Link copied",
    "numpy": ("As numpy (full precision, the same numbers as `data/walkthrough.json`). numpy "
              "counts from 0, the figures from 1: the figures' W₁[i,j] is `W1[i - 1, j - 1]` "
              "here, and h₁[j] is `h1[0, j - 1]`."),
    "latex": "As LaTeX (8 decimals, as in the figure):",
    "anchors_key": "value",
    "anchors_value": "its link",
    "anchors_entries": "its entries' links, first … last",
})

ANCHOR_PREFIX = "v-"  # #v-dL_dW2, #v-dL_dW2-2-1: stable, listed on the data files page


def anchor(key: str) -> str:
    """The page anchor of a value or entry key: "v-dL_dW2-2-1"."""
    return ANCHOR_PREFIX + key


def canonical(name: str) -> str:
    """The name figures draw a value under (dz2/dW2 is drawn as h1, dz1/dW1 as X)."""
    return SAME_AS.get(name, name)


# -- where each figure drew each number ----------------------------------------------------

GID = re.compile(r"(?P<name>[A-Za-z0-9_]+?)(?P<t>T?)\.(?P<r>\d+)\.(?P<c>\d+)(?:-\d+)?")


def key_of_gid(gid: str, record: Walkthrough) -> str | None:
    """The entry key a figure's number shows, from its gid: "W2.3.1" -> "W2-3-1"; "h1T.2.1"
    (h1 drawn as a column) -> "h1-2"; "dL_dz2.1.2-2" (a second copy) -> "dL_dz2-2"; None for
    a gid that is not a number of a record value."""
    match = GID.fullmatch(gid)
    if not match or match["name"] not in VALUE_NAMES:
        return None
    name = canonical(match["name"])
    r, c = int(match["r"]), int(match["c"])
    if match["t"]:
        r, c = c, r
    indices = entry_indices(record, name)
    index = indices[0] if indices == [()] else ((c,) if len(indices[0]) == 1 else (r, c))
    if len(indices[0]) == 1 and r != 1:
        return None  # a one-index value is drawn as one row
    return entry_key(name, index) if index in indices else None


# Room added around a number's box for the pointer, in points, where neighbours leave it.
TARGET_PAD = (3.0, 1.6)  # horizontal, vertical


def _boxes(texts: list[dict[str, Any]], record: Walkthrough) -> list[tuple[str, list[float]]]:
    """(key, [x0, y0, x1, y1] in points) of every number drawn, widened by TARGET_PAD but never
    into a neighbour's box (two neighbours share the gap between them)."""
    found = [(key, [float(v) for v in t["box_pt"]]) for t in texts
             if t.get("gid") and (key := key_of_gid(t["gid"], record))]
    padded = [(key, [b[0] - TARGET_PAD[0], b[1] - TARGET_PAD[1], b[2] + TARGET_PAD[0], b[3] + TARGET_PAD[1]])
              for key, b in found]
    for (_, a), (_, pa) in zip(found, padded):
        for (_, b), (_, pb) in zip(found, padded):
            if a is b:
                continue
            overlap_x = min(a[2], b[2]) - max(a[0], b[0])  # of the unpadded boxes
            overlap_y = min(a[3], b[3]) - max(a[1], b[1])
            if overlap_y > 0 and b[0] >= a[2]:  # b to the right, on the same line
                pa[2] = min(pa[2], (a[2] + b[0]) / 2)
            if overlap_y > 0 and b[2] <= a[0]:
                pa[0] = max(pa[0], (b[2] + a[0]) / 2)
            if overlap_x > 0 and b[1] >= a[3]:  # b below
                pa[3] = min(pa[3], (a[3] + b[1]) / 2)
            if overlap_x > 0 and b[3] <= a[1]:
                pa[1] = max(pa[1], (b[3] + a[1]) / 2)
    return padded


def layout_files(drawn_path: str) -> list[str]:
    """The SVG files a layout is drawn in, per theme: "figures/z1.phone.drawn.json" ->
    ["figures/z1.phone.svg", "figures/z1.phone.dark.svg"] (figgen.render's names)."""
    from figgen.style import THEMES

    base = drawn_path.removesuffix(".drawn.json")
    return [f"{base}{theme.suffix}.svg" for theme in THEMES]


def figure_layouts(files: Mapping[str, bytes], record: Walkthrough) -> tuple[tuple[str, str], ...]:
    """Per figure layout that draws numbers of the record: (its drawn.json path, JSON text of
    ``{"files": [the SVG files], "boxes": [[key, left, top, width, height], ...]}`` with
    the boxes in percent of the drawing), sorted by path: a build's files (`files`, site
    path -> bytes) in, plain data out (a cache key can hold it)."""
    out = []
    for path in sorted(files):
        if not (path.startswith("figures/") and path.endswith(".drawn.json")):
            continue
        drawn = json.loads(files[path])
        width, height = float(drawn["width_pt"]), float(drawn["height_pt"])
        # a tenth of a percent: under a pixel of the widest figure (some 700 px)
        boxes = [[key, round(100 * b[0] / width, 1), round(100 * b[1] / height, 1),
                  round(100 * (b[2] - b[0]) / width, 1), round(100 * (b[3] - b[1]) / height, 1)]
                 for key, b in _boxes(drawn["texts"], record)]
        if boxes:
            out.append((path, json.dumps({"files": layout_files(path), "boxes": boxes},
                                         ensure_ascii=False, separators=(",", ":"))))
    return tuple(out)


def drawn_path(stem: str, layout: str) -> str:  # stem: a variant's too ("overview-es")
    """The drawn.json of a figure layout ("wide" or "phone"), as figgen.render names it."""
    return f"figures/{stem}{'' if layout == 'wide' else '.' + layout}.drawn.json"


# -- what a figure carries -------------------------------------------------------------------


def explanation_json(ex: Explanation) -> dict[str, Any]:
    """An explanation as the script reads it: the entry's name, its value, the formula's
    lines, the sentence and the operands' keys; for a screen reader, the name and the formula
    with plain names ("dL/dW2[2,1]"; the lines with numbers read the same). The script joins
    them into `Explanation.spoken_text`: [*spoken, *lines[1:], value] joined by " = ", then ". "
    and the sentence."""
    return {"name": ex.name, "value": ex.shown, "lines": list(ex.lines), "sentence": ex.sentence,
            "operands": list(ex.operands), "spoken": [ex.spoken_name, *ex.spoken[:1]]}


def script_json(data: Any) -> str:
    """JSON that can sit inside a <script> element (no "</" to end it early)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


@dataclass
class FigureNumbers:
    """What a figure shows, for its block: the script's data and the values drawn."""

    data: str  # JSON for <script type="application/json" class="figgen-explore-data">
    values: tuple[str, ...]  # the record values it draws numbers of (canonical names)


def figure_numbers(record: Walkthrough, layouts: Iterable[str], number: int,
                   explained: set[str], root: str = "") -> FigureNumbers | None:
    """The data of a figure whose layouts' JSON (from `figure_layouts`) are `layouts`, or None
    if it draws no number of the record. `explained`: the keys whose explanations the page
    already carries (in an earlier figure); this figure adds its new ones to it. `root`: the
    site's root seen from the page ("../" under es/), before the files' site paths."""
    parsed = [json.loads(text) for text in layouts]
    for layout in parsed:
        layout["files"] = [root + path for path in layout["files"]]
    keys = list(dict.fromkeys(box[0] for layout in parsed for box in layout["boxes"]))
    if not keys:
        return None
    new = [key for key in keys if key not in explained]
    explained.update(new)
    by_key = {key: _explain_key(record, key) for key in new}
    data = {
        "label": TEXT["group"].format(n=number),
        "layouts": parsed,
        "explanations": {key: explanation_json(ex) for key, ex in by_key.items()},
    }
    values = tuple(dict.fromkeys(key.split("-", 1)[0] for key in keys))
    return FigureNumbers(data=script_json(data), values=values)


def _explain_key(record: Walkthrough, key: str) -> Explanation:
    name, *index = key.split("-")
    return explain(record, name, tuple(int(i) for i in index))


# -- values as text --------------------------------------------------------------------------


def _shape(value: Any) -> str:
    return " × ".join(str(n) for n in np.shape(value))


def values_block(record: Walkthrough, names: Iterable[str], homes: dict[str, int], figure: int) -> str:
    """The collapsed "Values as text" block of the values `names` under figure `figure`.

    A value listed for the first time on the page (not in `homes`, which this fills) gets its
    anchor here and a table of its entries, each with its anchor and computation; a value
    listed before links to that first place. Then the values as numpy and as LaTeX.
    """
    names = list(names)
    parts = [f'<details class="note figgen-values" markdown="1">\n'
             f"<summary>{html.escape(TEXT['values_summary'].format(names=', '.join(names)))}</summary>\n"]
    for name in names:
        parts.append(_value_html(record, name, homes, figure))
    numpy_lines = ["import numpy as np", ""] + [f"{n} = {numpy_source(record.value(n))}" for n in names]
    latex_lines = [f"{latex_symbol(n)} = {matrix(record.value(n))}" for n in names]
    parts.append(f"{TEXT['numpy']}\n\n```python\n" + "\n".join(numpy_lines) + "\n```\n")
    parts.append(f"{TEXT['latex']}\n\n```latex\n" + "\n".join(latex_lines) + "\n```\n")
    return "\n".join(parts) + "\n</details>\n"


def _value_html(record: Walkthrough, name: str, homes: dict[str, int], figure: int) -> str:
    value = record.value(name)
    shape = _shape(value)
    label = html.escape(symbol(name))
    if name in homes:
        template = TEXT["value_elsewhere" if shape else "value_elsewhere_scalar"]
        text = html.escape(template.format(name="\0", shape=shape, n=homes[name])).replace(
            "\0", f'<a href="#{anchor(name)}">{label}</a>')
        return f'<p class="figgen-value">{text}</p>\n'
    homes[name] = figure
    template = TEXT["value_head" if shape else "value_head_scalar"]
    text = html.escape(template.format(name="\0", shape=shape, about=about(record, name))).replace(
        "\0", f'<a class="figgen-value__name" id="{anchor(name)}" href="#{anchor(name)}">{label}</a>')
    copy = html.escape(TEXT["copy_label"].format(name=symbol(name)), quote=True)
    head = (f'<p class="figgen-value" data-figgen-copy="{html.escape(TEXT["copy"], quote=True)}" '
            f'data-figgen-copy-label="{copy}" data-figgen-copied="{html.escape(TEXT["copied"], quote=True)}">'
            f"{text}</p>\n")
    explanations = [explain(record, name, index) for index in entry_indices(record, name)]
    computed = any(ex.lines for ex in explanations)
    header = [TEXT["entry"], TEXT["value"]] + ([TEXT["computed"]] if computed else [])
    rows = []
    for ex in explanations:
        ident = anchor(ex.key)
        # a scalar's one entry is the value itself, whose anchor is the paragraph's
        first = (html.escape(ex.name) if ex.key == name
                 else f'<a id="{ident}" href="#{ident}">{html.escape(ex.name)}</a>')
        cells = [first, html.escape(ex.shown)]
        if computed:
            cells.append(html.escape(" = ".join(ex.lines)))
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    table = ('<table><thead><tr>'
             + "".join(f'<th scope="col">{html.escape(h)}</th>' for h in header)
             + "</tr></thead><tbody>" + "".join(rows) + "</tbody></table>\n")
    return head + "\n" + table


def anchors_table(record: Walkthrough, page: str, names: Iterable[str]) -> str:
    """A Markdown table of the anchors of values `names` on the article page `page` (a
    Markdown path, "index.md"): per value, its own anchor and those of its first and last
    entries."""
    rows = [f"| {TEXT['anchors_key']} | {TEXT['anchors_value']} | {TEXT['anchors_entries']} |", "|---|---|---|"]
    for name in names:
        indices = entry_indices(record, name)
        link = lambda key: f"[`#{anchor(key)}`]({page}#{anchor(key)})"  # noqa: E731
        entries = "" if indices == [()] else (
            link(entry_key(name, indices[0])) if len(indices) == 1
            else f"{link(entry_key(name, indices[0]))} … {link(entry_key(name, indices[-1]))}")
        rows.append(f"| `{name}` | {link(name)} | {entries} |")
    return "\n".join(rows) + "\n"


# -- the prose's named quantities ------------------------------------------------------------


def _normal(tex: str) -> str:
    """LaTeX without what does not change the symbol: spaces, \\dfrac vs \\frac, {*} vs *."""
    tex = re.sub(r"\s+|\\,|\\!|\\;", "", tex).replace(r"\dfrac", r"\frac").replace("^{*}", "^*")
    return re.sub(r"\\frac\{(\\partial[A-Za-z](?:_\d)?)\}\{(\\partial[A-Za-z](?:_\d)?)\}", r"\1/\2", tex)


QUANTITY_NAMES = tuple(n for n in VALUE_NAMES if n not in ("dz2_dW2", "dz1_dW1"))  # written h1, X


def quantity_symbols() -> dict[str, str]:
    """{normalised LaTeX: value name} of the symbols the prose may mark (figgen.latex's)."""
    return {_normal(latex_symbol(name)): name for name in QUANTITY_NAMES}


INLINE_MATH = re.compile(r'<span class="arithmatex">\\\((?P<tex>.*?)\\\)</span>', re.DOTALL)
# A symbol with an index: h_1[j] (the whole value), W_2[1,2] (one entry).
INDEXED = re.compile(r"(?P<symbol>.+?)\[(?P<index>[^\]]+)\]")
SECTION = re.compile(r"(?=<h2[\s>])")
SHOWN = re.compile(r'data-figgen-values="(?P<names>[^"]*)"')


def _quantity(tex: str, symbols: Mapping[str, str]) -> tuple[str, str] | None:
    """(value name, key) of a formula that is just a named quantity, or None: "W_2" ->
    ("W2", "W2"), "W_2[1,2]" -> ("W2", "W2-1-2"), "h_1[j]" -> ("h1", "h1")."""
    tex = _normal(html.unescape(tex))
    if tex in symbols:
        return symbols[tex], symbols[tex]
    indexed = INDEXED.fullmatch(tex)
    if indexed and indexed["symbol"] in symbols:
        name = symbols[indexed["symbol"]]
        index = indexed["index"].split(",")
        if all(i.isdigit() for i in index):
            return name, entry_key(name, tuple(int(i) for i in index))
        return name, name
    return None


def _math_text(tex: str) -> str:
    """The text a formula shows once it is MathML: "\\partial L / \\partial z_2" -> "∂L/∂z2"."""
    from figgen.mathml import to_mathml

    return html.unescape(re.sub(r"<[^>]+>", "", to_mathml(html.unescape(tex), display=False)))


def link_quantities(page_html: str) -> str:
    """Mark each inline formula that is just a named quantity ($W_2$, $\\partial L / \\partial
    z_2$, $h_1[j]$), in a section (between <h2> headings) whose figures draw that value, so the
    script can highlight it in those figures: the first mention per section and value becomes a
    link to the value's anchor (a keyboard stop), the others a span (pointer only)."""
    symbols = quantity_symbols()
    out = []
    for section in SECTION.split(page_html):
        shown = {n for m in SHOWN.finditer(section) for n in m["names"].split()}
        linked: set[str] = set()

        def mark(match: re.Match[str]) -> str:
            found = _quantity(match["tex"], symbols)
            if not found or canonical(found[0]) not in shown:
                return match[0]
            name, key = found
            if f'id="{anchor(key)}"' not in page_html:
                return match[0]  # listed in no "Values as text" of this page: no anchor to link to
            value = canonical(name) if key == name else key
            attrs = f'class="figgen-quantity" data-figgen-value="{value}"'
            if name in linked:
                return f"<span {attrs}>{match[0]}</span>"
            linked.add(name)
            # named by its formula's text ("∂L/∂z2"): axe and some screen readers compute no
            # name from the MathML inside a link, and the name must hold what it shows (2.5.3)
            label = html.escape(_math_text(match["tex"]), quote=True)
            return f'<a {attrs} href="#{anchor(key)}" aria-label="{label}">{match[0]}</a>'

        out.append(INLINE_MATH.sub(mark, section))
    return "".join(out)


def render_html(page_html: str, where: str = "page") -> str:
    """The page's HTML with its named quantities marked and its LaTeX turned into MathML."""
    from figgen.mathml import render_math

    return render_math(link_quantities(page_html), where)

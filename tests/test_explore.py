"""Explore the numbers on the built page: every number of a figure explains itself, every
value has a link (figgen.explore, docs/assets/javascripts/figgen-explore.js).

Without a browser: the explanations the page carries are figgen.explain's for the site's
own settings, every number a figure draws has one, every value and entry has one anchor,
the data files page links them all. In Chromium (conftest's fixtures): pointing at,
tapping and moving the keyboard to entries of several figures shows their explanation and
highlights their operands; each entry's accessible name is its explanation; the boxes sit
on the numbers drawn (pixels), in the wide and the phone layouts, light and dark; a link
to a value opens its block and highlights it; "Copy link" copies it; pointing at a named
quantity of the prose highlights it in its section's figures; without JavaScript the page
still lists every entry with its computation.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import urljoin

import numpy as np
import pytest

from conftest import ROOT
from figgen.cli import site_settings
from figgen.explain import entry_indices, entry_key, explain, explain_all
from figgen.explore import anchor, explanation_json, key_of_gid
from figgen.walkthrough import VALUE_NAMES, compute_walkthrough
from test_browser import NARROW, WIDE, Visit, _open_article

SETTINGS, _ = site_settings(ROOT / "mkdocs.yml")
RECORD = compute_walkthrough(SETTINGS.walkthrough)
EXPLAINED = explain_all(RECORD)
DATA = re.compile(r'<figure class="figgen-figure" id="fig-(?P<stem>[^"]+)"[^>]*>.*?'
                  r'<script type="application/json" class="figgen-explore-data">(?P<json>.*?)</script>', re.DOTALL)


@pytest.fixture(scope="module")
def page_html(built_site: Path) -> str:
    return (built_site / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def figure_data(page_html: str) -> dict[str, dict[str, Any]]:
    return {m["stem"]: json.loads(m["json"]) for m in DATA.finditer(page_html)}


# -- the page as built ---------------------------------------------------------------------


def test_the_page_carries_the_records_explanations(figure_data: dict[str, dict[str, Any]]) -> None:
    """Each explanation on the page is figgen.explain's, for the site's settings; each key
    once on the page; every number a figure layout places has one."""
    seen: dict[str, Any] = {}
    for stem, data in figure_data.items():
        for key, ex in data["explanations"].items():
            assert key not in seen, f"{key} explained twice on the page"
            seen[key] = ex
            assert ex == explanation_json(EXPLAINED[key]), f"figure {stem}: {key}"
    placed = {box[0] for data in figure_data.values() for layout in data["layouts"] for box in layout["boxes"]}
    assert placed <= set(seen), f"numbers with no explanation: {sorted(placed - set(seen))}"
    # the article's computed values all appear in some figure (the explanation is reachable)
    computed = {k for k, ex in EXPLAINED.items() if ex.formula is not None and ex.entry.name not in ("dz2_dW2", "dz1_dW1")}
    assert computed <= placed, f"computed entries no figure explains: {sorted(computed - placed)}"


def test_every_number_a_figure_draws_is_placed(built_site: Path, figure_data: dict[str, dict[str, Any]]) -> None:
    """Every text with a record value's gid in every drawn.json (wide and phone) is a box of
    that layout, under its own entry's key; each layout names its SVG files, which exist."""
    drawn_files = sorted((built_site / "figures").glob("*.drawn.json"))
    layouts = {tuple(layout["files"]): layout for data in figure_data.values() for layout in data["layouts"]}
    # the Spanish drawings (figures/<stem>-es...) are placed by the Spanish page, from es/
    spanish = (built_site / "es" / "index.html").read_text(encoding="utf-8")
    layouts.update({tuple(f.removeprefix("../") for f in layout["files"]): layout
                    for m in DATA.finditer(spanish) for layout in json.loads(m["json"])["layouts"]})
    checked = 0
    for path in drawn_files:
        drawn = json.loads(path.read_text(encoding="utf-8"))
        keys = [key_of_gid(t["gid"], RECORD) for t in drawn["texts"] if t["gid"]]
        numbers = [k for k in keys if k]
        if not numbers:
            continue
        base = f"figures/{path.name.removesuffix('.drawn.json')}"
        files = (f"{base}.svg", f"{base}.dark.svg")
        assert files in layouts, f"{path.name}: no figure of the page places its numbers"
        assert all((built_site / f).is_file() for f in files)
        assert sorted(b[0] for b in layouts[files]["boxes"]) == sorted(numbers), path.name
        for box in layouts[files]["boxes"]:
            left, top, width, height = box[1:]
            assert 0 <= left and 0 <= top and left + width <= 100.05 and top + height <= 100.05 and width > 0 and height > 0, box
        checked += 1
    assert checked >= 20, f"only {checked} figure layouts draw numbers"


def test_gids_map_to_the_entries_they_show() -> None:
    assert key_of_gid("W2.3.1", RECORD) == "W2-3-1"
    assert key_of_gid("h1T.2.1", RECORD) == "h1-2"  # h1 drawn as a column
    assert key_of_gid("W2T.1.3", RECORD) == "W2-3-1"  # W2 transposed
    assert key_of_gid("dL_dz2.1.2-2", RECORD) == "dL_dz2-2"  # a second copy
    assert key_of_gid("loss.1.1", RECORD) == "loss"
    assert key_of_gid("dz2_dW2.1.3", RECORD) == "h1-3"  # drawn under the name of its numbers
    assert key_of_gid("W2.4.1", RECORD) is None and key_of_gid("brick.1.1", RECORD) is None


def test_every_value_and_entry_has_one_anchor_and_its_computation(page_html: str) -> None:
    """Values as text: each listed value has one anchor, each entry one anchor, its value and
    its computation as the explanation writes them, even without JavaScript."""
    page_html = re.sub(r">\s+<", "><", page_html)  # however Markdown laid out the tables
    ids = re.findall(r'\sid="(v-[^"]+)"', page_html)
    assert len(ids) == len(set(ids)), "an anchor twice"
    listed = [n for n in VALUE_NAMES if f'id="{anchor(n)}"' in page_html]
    assert set(listed) >= set(VALUE_NAMES), f"values without an anchor: {set(VALUE_NAMES) - set(listed)}"
    for name in listed:
        for index in entry_indices(RECORD, name):
            ex = explain(RECORD, name, index)
            if ex.key == name:
                continue  # a scalar: the value's anchor is its entry's
            row = re.search(rf'<tr><td><a id="{anchor(ex.key)}" href="#{anchor(ex.key)}">(.*?)</tr>', page_html)
            assert row, f"no row for {ex.key}"
            cells = re.findall(r"<td>(.*?)</td>", "<td>" + row[1])
            import html as html_module

            text = [html_module.unescape(re.sub(r"<[^>]+>", "", c)) for c in cells]
            assert text[0].endswith(ex.name) and text[1] == ex.shown, (ex.key, text)
            if ex.lines:
                assert text[2] == " = ".join(ex.lines), (ex.key, text)


def test_the_data_files_page_lists_the_anchors(built_site: Path, page_html: str) -> None:
    data_page = (built_site / "data-files" / "index.html").read_text(encoding="utf-8")
    links = set(re.findall(r'href="\.\./#(v-[^"]+)"', data_page))
    for name in VALUE_NAMES:
        assert anchor(name) in links, name
        indices = entry_indices(RECORD, name)
        if indices != [()]:
            assert anchor(entry_key(name, indices[0])) in links and anchor(entry_key(name, indices[-1])) in links, name
    missing = [a for a in links if f'id="{a}"' not in page_html]
    assert not missing, f"the data files page links anchors the article lacks: {missing}"


def test_the_prose_marks_named_quantities_where_its_figures_show_them(page_html: str) -> None:
    """A named quantity of the prose ($\\partial L / \\partial z_2$) links to its value in
    sections whose figures draw it, once per section; the link's name is its formula's text."""
    links = re.findall(r'<a class="figgen-quantity" data-figgen-value="([^"]+)" href="#([^"]+)" aria-label="([^"]+)">', page_html)
    values = {v for v, _, _ in links}
    assert {"dL_dz2", "dL_dW2", "W1", "W2", "h2"} <= values, values
    assert ("dL_dz2", "v-dL_dz2", "∂L/∂z2") in links
    sections = re.split(r"(?=<h2[\s>])", page_html)
    for section in sections:
        shown = {n for m in re.finditer(r'data-figgen-values="([^"]*)"', section) for n in m[1].split()}
        # an entry (h1-1, from "h_1[1]") is marked where its value (h1) is shown
        marked = {m.split("-")[0] for m in re.findall(r'class="figgen-quantity" data-figgen-value="([^"]+)"', section)}
        assert marked <= shown, f"marked where no figure shows it: {marked - shown}"
        linked = re.findall(r'<a class="figgen-quantity" data-figgen-value="([^"]+)"', section)
        assert len(linked) == len(set(linked)), "a quantity linked twice in one section"


# -- in the browser ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def _needs_chromium(chromium: Path) -> None:
    """A missing browser is reported (skip, or failure under CI) before the build."""


def _page(browser: Any, site_url: str, scheme: str, width: int, **options: Any) -> tuple[Any, Any, Visit]:
    visit = Visit(scheme=scheme, width=width)
    context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 900}, **options)
    page = _open_article(context, site_url, visit)
    return context, page, visit


TIP = """(figure) => {
    const tip = document.querySelector(`#fig-${figure} .figgen-explore__tip`);
    if (!tip || tip.hidden) return null;
    return Array.from(tip.children, (c) => c.textContent);
}"""
MARKED = """(figure) => {
    const marked = (c) => Array.from(document.querySelectorAll(`#fig-${figure} .figgen-explore__target.${c}`), (t) => t.dataset.key);
    return {self: marked('is-self'), operands: marked('is-operand'), linked: marked('is-linked'),
            ring: Array.from(document.querySelectorAll(`#fig-${figure} .figgen-explore__target.is-operand`),
                             (t) => getComputedStyle(t).outlineStyle + ' ' + getComputedStyle(t).outlineColor)};
}"""
FIGURE_KEYS = """(figure) => Array.from(document.querySelectorAll(`#fig-${figure} .figgen-explore__target`), (t) => t.dataset.key)"""
SHOWN_FILE = """(figure) => {
    const img = Array.from(document.querySelectorAll(`#fig-${figure} img`)).find((i) => i.getClientRects().length);
    return new URL(img.currentSrc).pathname.split('/').slice(-2).join('/');
}"""


def _settled_box(page: Any, target: Any) -> dict[str, float]:
    """`target` scrolled into view, once the lazy images around it have loaded and it has
    stopped moving (a tap at a box measured before the layout settles misses it)."""
    box = None
    for _ in range(50):
        target.scroll_into_view_if_needed()
        page.wait_for_timeout(100)
        now = target.bounding_box()
        if now == box:
            return now
        box = now
    raise AssertionError(f"{target} kept moving")


def expected_tip(key: str) -> list[str]:
    ex = EXPLAINED[key]
    lines = [ex.name + (f" = {ex.lines[0]}" if ex.lines else "")] + [f"= {line}" for line in ex.lines[1:]]
    return lines + [f"= {ex.shown}", ex.sentence]


def check_explained(page: Any, figure: str, key: str) -> None:
    """The figure shows `key`'s explanation and highlights it and its operands it shows."""
    assert page.evaluate(TIP, figure) == expected_tip(key), figure
    marked = page.evaluate(MARKED, figure)
    shown = set(page.evaluate(FIGURE_KEYS, figure))
    assert set(marked["self"]) == {key}
    assert set(marked["operands"]) == set(EXPLAINED[key].operands) & shown, (key, marked)
    assert marked["operands"], f"{figure}: {key}'s operands are not in the figure: pick another entry"
    assert all(r.startswith("solid ") and not r.endswith("rgba(0, 0, 0, 0)") for r in marked["ring"]), marked["ring"]


@pytest.mark.usefixtures("_needs_chromium")
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pointing_at_a_number_explains_it(browser: Any, site_url: str, scheme: str) -> None:
    """The mouse over an entry of three figures: its explanation, its operands highlighted;
    off the entry, the explanation goes."""
    context, page, visit = _page(browser, site_url, scheme, WIDE)
    try:
        for figure, key in (("chain_w2_numbers", "dL_dW2-2-1"), ("z1", "z1-2"), ("chain_w1_numbers_final", "W1_new-1-3")):
            target = page.locator(f'#fig-{figure} .figgen-explore__target[data-key="{key}"]').first
            target.scroll_into_view_if_needed()
            target.hover()
            check_explained(page, figure, key)
            page.mouse.move(1, 1)
            page.wait_for_function("(f) => document.querySelector(`#fig-${f} .figgen-explore__tip`).hidden", arg=figure)
        assert not visit.console_errors and not visit.external_requests, (visit.console_errors, visit.external_requests)
    finally:
        context.close()


@pytest.mark.usefixtures("_needs_chromium")
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_tapping_a_number_on_a_phone_keeps_its_explanation(browser: Any, site_url: str, scheme: str) -> None:
    """On a 390 px touch screen (the phone layouts): a tap explains an entry and keeps it; a
    tap on another entry moves it there; a tap outside the figure closes it."""
    context, page, visit = _page(browser, site_url, scheme, NARROW, has_touch=True, is_mobile=True)
    try:
        for figure, key, other in (("z2", "z2-1", "z2-2"), ("chain_w1_numbers", "dL_dh1-1", "dL_dh1-3"),
                                   ("bias_gradients", "b2_new-2", "b1_new-1")):
            assert page.evaluate(SHOWN_FILE, figure) == f"figures/{figure}.phone{'' if scheme == 'light' else '.dark'}.svg"
            for k in (key, other):
                target = page.locator(f'#fig-{figure} .figgen-explore__target[data-key="{k}"]').first
                box = _settled_box(page, target)
                page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
                page.wait_for_timeout(100)
                if EXPLAINED[k].operands and set(EXPLAINED[k].operands) & set(page.evaluate(FIGURE_KEYS, figure)):
                    check_explained(page, figure, k)
                else:
                    assert page.evaluate(TIP, figure) == expected_tip(k)
            # elsewhere: the paragraph before the figure (not the header: (5, 5) opens the menu)
            box = page.evaluate("""(figure) => {
                let p = document.getElementById(`fig-${figure}`).previousElementSibling;
                while (p && p.tagName !== 'P') p = p.previousElementSibling;
                p.scrollIntoView({block: 'center'});
                const r = p.getBoundingClientRect();
                return {x: r.left + r.width / 2, y: r.top + r.height / 2};
            }""", figure)
            page.touchscreen.tap(box["x"], box["y"])
            page.wait_for_timeout(100)
            assert page.evaluate(TIP, figure) is None, f"{figure}: a tap elsewhere leaves the explanation open"
        assert not visit.console_errors, visit.console_errors
    finally:
        context.close()


FOCUS = """() => {
    const e = document.activeElement;
    const active = e.getAttribute('aria-activedescendant');
    return {role: e.getAttribute('role'), figure: e.closest('figure') && e.closest('figure').id,
            label: e.getAttribute('aria-label'),
            active: active && document.getElementById(active).dataset.key,
            name: active && document.getElementById(active).getAttribute('aria-label')};
}"""


@pytest.mark.usefixtures("_needs_chromium")
@pytest.mark.parametrize(("scheme", "width"), [("dark", WIDE), ("light", NARROW)])
def test_the_keyboard_moves_between_a_figures_numbers(browser: Any, site_url: str, scheme: str, width: int) -> None:
    """One tab stop per figure after its zoom link; the arrow keys move between its numbers,
    each named with its explanation (what a screen reader says); Escape closes the
    explanation, Enter brings it back; the next Tab leaves the figure."""
    context, page, _ = _page(browser, site_url, scheme, width)
    try:
        for figure in ("chain_w2_numbers", "h1", "chain_w1_numbers"):
            page.locator(f"#fig-{figure} a.figgen-zoom:visible").first.focus()
            page.keyboard.press("Tab")
            state = page.evaluate(FOCUS)
            assert state["role"] == "listbox" and state["figure"] == f"fig-{figure}", state
            keys = page.evaluate(FIGURE_KEYS, figure)
            assert state["active"] == keys[0] and state["name"] == EXPLAINED[keys[0]].spoken_text
            visited = [state["active"]]
            for key in ("ArrowRight", "ArrowDown", "ArrowDown", "ArrowLeft", "ArrowUp", "End"):
                page.keyboard.press(key)
                state = page.evaluate(FOCUS)
                assert state["name"] == EXPLAINED[state["active"]].spoken_text
                assert page.evaluate(TIP, figure) == expected_tip(state["active"])
                visited.append(state["active"])
            assert len(set(visited)) >= 4, f"{figure}: the arrows visited only {visited}"
            assert visited[-1] == keys[-1]
            page.keyboard.press("Home")
            assert page.evaluate(FOCUS)["active"] == keys[0]
            page.keyboard.press("Escape")
            assert page.evaluate(TIP, figure) is None
            page.keyboard.press("Enter")
            assert page.evaluate(TIP, figure) == expected_tip(keys[0])
            page.keyboard.press("Tab")
            after = page.evaluate(FOCUS)
            assert after["figure"] != f"fig-{figure}" or after["role"] != "listbox", "two tab stops in one figure"
            assert page.evaluate(TIP, figure) is None, "the explanation stays after the focus left"
    finally:
        context.close()


# The boxes over the numbers, and the ink under each: is something drawn there?
BOXES = """(figure) => Array.from(document.querySelectorAll(`#fig-${figure} .figgen-explore__target`), (t) => {
    const r = t.getBoundingClientRect();
    return {key: t.dataset.key, x: r.left, y: r.top, width: r.width, height: r.height};
})"""


@pytest.mark.usefixtures("_needs_chromium")
@pytest.mark.parametrize(("scheme", "width"), [("light", WIDE), ("dark", NARROW)])
def test_the_boxes_sit_on_the_numbers_drawn(browser: Any, site_url: str, scheme: str, width: int) -> None:
    """In every figure with numbers, each box covers ink (the number's digits), and the
    image between boxes is where the zoom link is hit."""
    from PIL import Image

    context, page, _ = _page(browser, site_url, scheme, width)
    try:
        figures = page.evaluate("() => Array.from(document.querySelectorAll('figure[data-figgen-values]'), (f) => f.id.slice(4))")
        assert len(figures) >= 10, figures
        for figure in figures:
            page.locator(f"#fig-{figure}").scroll_into_view_if_needed()
            page.evaluate("() => document.activeElement && document.activeElement.blur()")
            page.mouse.move(1, 1)
            boxes = page.evaluate(BOXES, figure)
            assert boxes, f"{figure}: no number to explain"
            shot = np.asarray(Image.open(io.BytesIO(page.screenshot())).convert("L"), dtype=float)
            for b in boxes:
                if b["y"] < 60 or b["y"] + b["height"] > 890:
                    continue  # under the header or off screen
                x0, y0 = int(b["x"]), int(b["y"])
                patch = shot[y0:y0 + int(b["height"]), x0:x0 + int(b["width"])]
                background = np.median(shot[max(0, y0 - 4):y0 + int(b["height"]) + 4, max(0, x0 - 40):x0])
                ink = (np.abs(patch - background) > 60).mean() if patch.size else 0
                assert ink > 0.04, f"{figure} {b['key']}: nothing drawn under its box ({ink:.3f} of it is ink)"
    finally:
        context.close()


@pytest.mark.usefixtures("_needs_chromium")
def test_a_link_to_an_entry_opens_it_highlighted(browser: Any, site_url: str) -> None:
    """#v-dL_dW2-2-1 opens its Values-as-text block, shows the row on screen, highlighted."""
    context = browser.new_context(viewport={"width": NARROW, "height": 800})
    try:
        page = context.new_page()
        page.goto(urljoin(site_url, "index.html#v-dL_dW2-2-1"), wait_until="load")
        page.wait_for_function("() => document.getElementById('v-dL_dW2-2-1').closest('details').open")
        page.wait_for_timeout(300)
        state = page.evaluate("""() => {
            const a = document.getElementById('v-dL_dW2-2-1'), row = a.closest('tr'), r = row.getBoundingClientRect();
            return {top: r.top, bottom: r.bottom, vh: innerHeight, outline: getComputedStyle(row).outlineStyle,
                    text: row.textContent, others: getComputedStyle(row.nextElementSibling).outlineStyle};
        }""")
        assert 0 <= state["top"] and state["bottom"] <= state["vh"], state
        assert state["outline"] == "solid" and state["others"] == "none", state
        assert EXPLAINED["dL_dW2-2-1"].shown in state["text"]
        page.evaluate("() => { location.hash = 'v-W1'; }")
        page.wait_for_function("() => document.getElementById('v-W1').closest('details').open")
    finally:
        context.close()


@pytest.mark.usefixtures("_needs_chromium")
def test_copy_link_copies_the_values_address(browser: Any, site_url: str) -> None:
    context = browser.new_context(viewport={"width": WIDE, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        page.goto(urljoin(site_url, "index.html"), wait_until="load")
        page.evaluate("() => document.getElementById('v-W2').closest('details').open = true")
        button = page.locator("p.figgen-value:has(#v-W2) button.figgen-copy")
        assert button.get_attribute("aria-label") == "Copy link to W₂" and button.inner_text() == "Copy link"
        button.click()
        page.wait_for_function("() => document.querySelector('p.figgen-value:has(#v-W2) [role=status]').textContent")
        copied = page.evaluate("() => navigator.clipboard.readText()")
        assert copied == urljoin(site_url, "index.html#v-W2"), copied
    finally:
        context.close()


@pytest.mark.usefixtures("_needs_chromium")
def test_a_named_quantity_of_the_prose_highlights_it_in_its_sections_figures(browser: Any, site_url: str) -> None:
    """Pointing at (or focusing) dL/dz2 in the text of the W2 section marks every entry of
    dL/dz2 in that section's figures, and only there."""
    context, page, _ = _page(browser, site_url, "light", WIDE)
    try:
        quantity = page.locator('a.figgen-quantity[data-figgen-value="dL_dz2"]').first
        section = quantity.evaluate("""(q) => { let e = q.closest('p'); while (e && e.tagName !== 'H2') e = e.previousElementSibling; return e.id; }""")
        figures = page.evaluate("""(id) => { const out = []; let e = document.getElementById(id).nextElementSibling;
            for (; e && e.tagName !== 'H2'; e = e.nextElementSibling) if (e.matches('figure[data-figgen-values~="dL_dz2"]')) out.push(e.id.slice(4));
            return out; }""", section)
        assert figures, f"no figure of section {section} shows dL/dz2"
        for action in ("hover", "focus"):
            getattr(quantity, action)()
            for figure in figures:
                marked = page.evaluate(MARKED, figure)
                keys = [k for k in page.evaluate(FIGURE_KEYS, figure) if k.startswith("dL_dz2-")]
                assert sorted(marked["linked"]) == sorted(keys) and keys, (action, figure, marked)
            others = page.evaluate("() => document.querySelectorAll('.figgen-explore__target.is-linked').length")
            assert others == sum(len([k for k in page.evaluate(FIGURE_KEYS, f) if k.startswith("dL_dz2-")]) for f in figures)
            page.mouse.move(1, 1)
            page.evaluate("() => document.activeElement.blur()")
            assert page.evaluate("() => document.querySelectorAll('.figgen-explore__target.is-linked').length") == 0
    finally:
        context.close()


@pytest.mark.usefixtures("_needs_chromium")
def test_without_javascript_every_entry_is_still_on_the_page(browser: Any, site_url: str) -> None:
    """No script: no overlay, and Values as text still lists each entry with its value and
    computation (opened by the reader)."""
    context = browser.new_context(java_script_enabled=False, viewport={"width": NARROW, "height": 800})
    try:
        page = context.new_page()
        page.goto(urljoin(site_url, "index.html"), wait_until="load")
        assert page.locator(".figgen-explore").count() == 0
        page.locator("summary:has-text('Values as text: dL_dz2, h1, dL_dW2')").click()
        row = page.locator("#v-dL_dW2-2-1").locator("xpath=ancestor::tr")
        assert row.is_visible()
        assert row.inner_text().split("\t")[1:] == [EXPLAINED["dL_dW2-2-1"].shown, " = ".join(EXPLAINED["dL_dW2-2-1"].lines)]
    finally:
        context.close()

"""Accessibility of the built pages in a real browser: an axe-core audit and a keyboard walk.

axe-core (npm, version pinned in tests/package.json and tests/package-lock.json, installed
into tests/node_modules by `npm ci --prefix tests`, as .ci/run does) is injected into the
article and the data-files page, light and dark, at 1280 and 390 px, with every <details>
open: no violation of the WCAG 2.0/2.1/2.2 A and AA rules is allowed; the best-practice
rules are run too and their findings printed (`pytest -s` shows them), without failing.

The keyboard walk presses Tab from the top of the page to the end (and Shift+Tab back)
and checks each stop: it is shown (not hidden, transparent, off-screen, clipped away or
covered), its focus indicator changes the pixels around it, no fixed or sticky bar (the
header, the "Back to top" button) covers it, no element has a positive tabindex, every
visible interactive element is reached, and the content's stops come in reading order.
Then the phone's menu and search and a figure's zoom are used with the keyboard alone.

All of it is generic: it judges whatever the pages hold (a new player or <picture> too).
The browser fixtures come from conftest.py. Chromium, python-playwright and axe-core
missing: a skip with the install hint, a failure under CI=true.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any, Iterator

import pytest

from conftest import ROOT, in_ci
from test_browser import NARROW, SCHEMES, WIDE, Visit, _open_article

TESTS = ROOT / "tests"
AXE = TESTS / "node_modules" / "axe-core" / "axe.min.js"
AXE_INSTALL_HINT = "install the pinned axe-core with `npm ci --prefix tests` (Node.js and npm needed)"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PAGES = ("index.html", "data-files/index.html", "es/index.html", "es/data-files/index.html")  # both editions
WIDTHS = (WIDE, NARROW)
MAX_TAB_STOPS = 1000  # a page with more stops than this has a focus trap or a runaway walk
# The focus indicator is judged on the first stops of each kind of element (its tag, classes
# and the kind of block around it: a link in a paragraph, in a table, in a caption...):
# elements of one kind share their focus style, and two screenshots a stop are the slow part.
INDICATOR_SAMPLES = 3

# No transition or animation while measuring: the focused state is judged as it ends up.
NO_MOTION_CSS = """*, *::before, *::after {
    transition-duration: 0s !important; transition-delay: 0s !important;
    animation-duration: 0s !important; animation-delay: 0s !important;
    scroll-behavior: auto !important; }"""


@pytest.fixture(scope="session", autouse=True)
def _needs_chromium(chromium: Path) -> None:
    """Autouse: a missing browser is reported (skip, or failure under CI) before the build."""


def axe_problem(axe: Path = AXE) -> str | None:
    """Why the audit cannot run with the axe.min.js at `axe` (missing, or not the pinned
    version), with the install hint; None when it can."""
    pinned = json.loads((TESTS / "package.json").read_text(encoding="utf-8"))["devDependencies"]["axe-core"]
    installed_meta = axe.parent / "package.json"
    if not axe.is_file() or not installed_meta.is_file():
        return f"axe-core is not installed ({axe} is missing): {AXE_INSTALL_HINT}"
    installed = json.loads(installed_meta.read_text(encoding="utf-8"))["version"]
    if installed != pinned:
        return f"axe-core {installed} is installed, tests/package.json pins {pinned}: {AXE_INSTALL_HINT}"
    return None


@pytest.fixture(scope="session")
def axe_script() -> Path:
    """The pinned axe.min.js, or a skip with the install hint (a failure under CI=true)."""
    problem = axe_problem()
    if problem:
        if in_ci():
            pytest.fail(f"CI=true and the accessibility audit cannot run: {problem}", pytrace=False)
        pytest.skip(problem)
    return AXE


def test_a_missing_or_wrong_axe_core_names_the_install_command(tmp_path: Path) -> None:
    """What the audit says (a skip, or a failure under CI=true) when axe-core is missing or
    is not the pinned version: the problem and `npm ci --prefix tests`."""
    missing = axe_problem(tmp_path / "axe-core" / "axe.min.js")
    assert missing and "is missing" in missing and "npm ci --prefix tests" in missing, missing
    other = tmp_path / "axe-core"
    other.mkdir()
    (other / "axe.min.js").write_text("/* not axe */", encoding="utf-8")
    (other / "package.json").write_text('{"version": "4.0.0"}', encoding="utf-8")
    wrong = axe_problem(other / "axe.min.js")
    assert wrong and "4.0.0" in wrong and "npm ci --prefix tests" in wrong, wrong


def _settled(page: Any) -> None:
    """Open every <details>, stop all motion and let the page's scripts react (two frames)."""
    page.add_style_tag(content=NO_MOTION_CSS).evaluate("e => { e.id = 'test-no-motion'; }")
    page.evaluate("""async () => {
        document.querySelectorAll('details').forEach(d => { d.open = true; });
        await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    }""")


@pytest.fixture(scope="module")
def opened(browser: Any, site_url: str) -> Iterator[Any]:
    """open(path, scheme, width, fresh=False) -> (page, visit): a page loaded as in
    test_browser and settled; the audit and the keyboard walk share one page per view
    unless `fresh` (a test that changes the page)."""
    contexts: list[Any] = []
    pages: dict[tuple[str, str, int], tuple[Any, Visit]] = {}

    def open_page(path: str, scheme: str, width: int, fresh: bool = False) -> tuple[Any, Visit]:
        key = (path, scheme, width)
        if key in pages and not fresh:
            return pages[key]
        visit = Visit(scheme=scheme, width=width)
        context = browser.new_context(
            color_scheme=scheme, viewport={"width": width, "height": 900}, service_workers="block"
        )
        contexts.append(context)
        page = _open_article(context, site_url, visit, path)
        _settled(page)
        if not fresh:
            pages[key] = (page, visit)
        return page, visit

    yield open_page
    for context in contexts:
        context.close()


# The axe-core audit -----------------------------------------------------------------------

# One run for both kinds of rules (the page is large: a run takes seconds); split in Python.
# Besides the violations, what axe could not decide (its "incomplete" results), counted per
# rule and reason, for the report.
RUN_AXE = """async (tags) => {
    const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
    const undecided = {};
    for (const v of result.incomplete) {
        for (const n of v.nodes) {
            const reason = ((n.any[0] || n.all[0] || n.none[0] || {}).data || {}).messageKey || 'review';
            const key = `${v.id} (${reason}; ${v.tags.filter(t => t.startsWith('wcag') || t === 'best-practice').join(' ')})`;
            undecided[key] = (undecided[key] || 0) + 1;
        }
    }
    const violations = result.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help, tags: v.tags,
        nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary})),
    }));
    return {violations, undecided};
}"""
BEST_PRACTICE = "best-practice"


def _report(violations: list[dict[str, Any]], nodes_each: int = 3) -> str:
    lines = []
    for v in violations:
        lines.append(f"  {v['id']} ({v['impact']}, {len(v['nodes'])} nodes): {v['help']}")
        for node in v["nodes"][:nodes_each]:
            summary = " ".join((node["summary"] or "").split())
            lines.append(f"      {node['target']}: {summary[:300]}")
    return "\n".join(lines)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_wcag_a_or_aa_violation(
    axe_script: Path, opened: Any, path: str, scheme: str, width: int
) -> None:
    page, visit = opened(path, scheme, width)
    page.add_script_tag(path=str(axe_script))
    version = page.evaluate("() => axe.version")
    result = page.evaluate(RUN_AXE, WCAG_TAGS + [BEST_PRACTICE])
    violations = [v for v in result["violations"] if set(v["tags"]) & set(WCAG_TAGS)]
    best_practice = [v for v in result["violations"] if not set(v["tags"]) & set(WCAG_TAGS)]
    undecided = result["undecided"]
    where = f"{path} {scheme} {width} px (axe-core {version})"
    print(f"\naxe could not decide, {where}: " + (", ".join(f"{k}: {n}" for k, n in sorted(undecided.items())) or "nothing"))
    if best_practice:
        print(f"\nbest-practice findings, {where} (reported, not failed):\n{_report(best_practice)}")
    else:
        print(f"\nbest-practice findings, {where}: none")
    assert not visit.console_errors, f"{where}: console errors: {visit.console_errors}"
    count = sum(len(v["nodes"]) for v in violations)
    assert not violations, (
        f"{where}: {count} nodes violate {len(violations)} WCAG A/AA rules:\n{_report(violations)}"
    )


def test_axe_would_catch_a_violation(axe_script: Path, opened: Any) -> None:
    """The audit is live: an unnamed link and grey-on-grey text added to the page are found."""
    page, _ = opened("index.html", "light", WIDE, fresh=True)
    page.evaluate("""() => {
        const p = document.createElement('p');
        p.innerHTML = '<a href="#x"><span></span></a><span style="color:#aaa;background:#bbb">faint</span>';
        document.querySelector('article').prepend(p);
    }""")
    page.add_script_tag(path=str(axe_script))
    found = {v["id"] for v in page.evaluate(RUN_AXE, WCAG_TAGS)["violations"]}
    assert {"link-name", "color-contrast"} <= found, found


# The keyboard walk ------------------------------------------------------------------------

# The focused element as the reader sees it, after the browser scrolled it into view.
FOCUS_STOP = """async () => {
    // Two frames first: the page's own scripts react to the focus (open a panel, scroll).
    await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    const e = document.activeElement;
    if (!e || e === document.body || e === document.documentElement) return null;
    const vw = document.documentElement.clientWidth, vh = window.innerHeight;
    // A visually hidden input (the theme's palette switch) is shown by its label: judge that.
    const shownBy = (() => {
        const own = e.getBoundingClientRect();
        if (own.width >= 1 && own.height >= 1) return e;
        const next = e.nextElementSibling;  // the input + label pattern: the label shows its focus
        const labels = [...(e.labels || []), ...(next && next.tagName === 'LABEL' ? [next] : [])];
        return labels.find(l => l.getBoundingClientRect().width >= 1) || e;
    })();
    const r = shownBy.getBoundingClientRect();
    const describe = el => {
        const cls = typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
        const text = (el.getAttribute('aria-label') || el.textContent || el.getAttribute('alt') || '').trim().replace(/\\s+/g, ' ').slice(0, 40);
        return `<${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${cls}> "${text}"`;
    };
    // What of it is on screen: its box in the viewport; cut by its clipping ancestors, which
    // frames the screenshots (an absolutely placed panel escapes some, so hit testing below
    // decides whether it is shown at all).
    const inView = [Math.max(r.left, 0), Math.max(r.top, 0), Math.min(r.right, vw), Math.min(r.bottom, vh)];
    let [left, top, right, bottom] = inView;
    let opacity = 1;
    for (let a = shownBy; a && a.nodeType === 1; a = a.parentElement) {
        const s = getComputedStyle(a);
        opacity *= parseFloat(s.opacity);
        if (a === shownBy || a === document.body || a === document.documentElement) continue;  // the viewport clips those
        const c = a.getBoundingClientRect();
        if (s.overflowX !== 'visible') { left = Math.max(left, c.left); right = Math.min(right, c.right); }
        if (s.overflowY !== 'visible') { top = Math.max(top, c.top); bottom = Math.min(bottom, c.bottom); }
    }
    if (right - left < 1 || bottom - top < 1) [left, top, right, bottom] = inView;
    const style = getComputedStyle(shownBy);
    let hidden = '';
    if (r.width < 1 || r.height < 1) hidden = `no size (${r.width}x${r.height})`;
    else if (style.visibility !== 'visible') hidden = `visibility: ${style.visibility}`;
    else if (opacity < 0.1) hidden = `opacity ${opacity.toFixed(2)}`;
    else if (right - left < 1 || bottom - top < 1) hidden = 'outside the viewport';
    else if (e.closest('[aria-hidden="true"], [inert]')) hidden = 'inside aria-hidden or inert';
    const name = describe(e) + (shownBy !== e ? ' shown by its label' : '');
    // Probe a grid of points of its visible part. Where another element is hit, the focused
    // one is covered there, or clipped; if it is hit nowhere, it is not shown. Fixed or
    // sticky bars (the header) that lie over it are named, unless it is inside them. An
    // element that fits in half the viewport must be wholly uncovered by them; a taller one
    // (a long table) may run under the header while it is partly shown (2.4.11: not entirely
    // hidden), so only its being covered at every point counts.
    const covers = new Set();
    const others = new Set();
    let probes = 0, covered = 0, own = 0;
    if (!hidden) {
        for (const fx of [0.02, 0.25, 0.5, 0.75, 0.98]) {
            for (const fy of [0.02, 0.5, 0.98]) {
                const x = left + fx * (right - left), y = top + fy * (bottom - top);
                const hit = document.elementFromPoint(x, y);
                probes += 1;
                if (hit && (hit === shownBy || shownBy.contains(hit))) { own += 1; continue; }
                if (!hit || hit.contains(shownBy)) continue;
                others.add(describe(hit));
                for (let a = hit; a && a.nodeType === 1; a = a.parentElement) {
                    const p = getComputedStyle(a).position;
                    if ((p === 'fixed' || p === 'sticky') && !a.contains(shownBy)) { covers.add(describe(a)); covered += 1; break; }
                }
            }
        }
        if (own === 0) hidden = `not shown at any of ${probes} points (clipped or covered; there: ${Array.from(others).slice(0, 2).join(', ') || 'its ancestors'})`;
    }
    if (r.height > vh / 2 && covered < probes) covers.clear();
    const inContent = !!e.closest('article');
    const block = e.parentElement && e.parentElement.closest('figure, figcaption, table, pre, details, .admonition, nav, header, footer, [role=dialog], p, li, h1, h2, h3, h4, h5, h6');
    const kind = [e.tagName, ...Array.from(e.classList).filter(c => c !== 'focus-visible').sort(),
                  e.getAttribute('role') || '', '@', block ? block.tagName + '.' + Array.from(block.classList).sort().join('.') : ''].join(' ');
    return {
        name, kind, hidden, covers: Array.from(covers), inContent, walkId: e.getAttribute('data-walk-id'), vw, vh,
        top: r.top + window.scrollY, bottom: r.bottom + window.scrollY,
        clip: {x: left, y: top, width: right - left, height: bottom - top},
    };
}"""

# Every element a keyboard user could want, visible now: what the walk must reach. A label
# whose checkbox is not rendered and which looks clickable (a pointer cursor) is a control
# of its own (the theme's menu button), unless it sits in a form beside a field that does
# the same (the search field's icon).
INTERACTIVE = """() => {
    const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex], [contenteditable=true]';
    const isControl = l => {
        const target = l.control || document.getElementById(l.htmlFor);
        if (!target || getComputedStyle(target).display !== 'none' || getComputedStyle(l).cursor !== 'pointer') return false;
        if (!l.firstElementChild && !l.textContent.trim()) return false;  // an overlay, closed by Escape
        const form = l.closest('form');
        return !(form && form.querySelector('input:not([type=hidden]):not([tabindex="-1"])'));
    };
    const shown = e => {
        const r = e.getBoundingClientRect(), s = getComputedStyle(e);
        if (r.width < 1 || r.height < 1 || s.visibility !== 'visible') return false;
        for (let a = e; a && a.nodeType === 1; a = a.parentElement) {
            if (parseFloat(getComputedStyle(a).opacity) < 0.1) return false;
        }
        const x = r.left + window.scrollX;
        return x + r.width > 0 && x < document.documentElement.scrollWidth;
    };
    const labels = Array.from(document.querySelectorAll('label[for]')).filter(isControl);
    return Array.from(new Set([...document.querySelectorAll(selector), ...labels]))
        .filter(e => !e.disabled && (e.tabIndex >= 0 || labels.includes(e)) && !e.closest('[inert]') && shown(e))
        .map(e => { e.setAttribute('data-walk-id', String(Math.random()).slice(2)); return e.getAttribute('data-walk-id'); });
}"""

# Back to the top: the next Tab goes to the page's first stop (a blur alone would leave
# the browser's starting point for Tab where the focus was).
TO_THE_TOP = """() => {
    window.scrollTo(0, 0);
    const root = document.documentElement;
    root.setAttribute('tabindex', '-1');
    root.focus({preventScroll: true});
    root.removeAttribute('tabindex');
}"""

# To the end: a focusable mark after the last element, so that Shift+Tab goes to the last stop.
TO_THE_END = """() => {
    window.scrollTo(0, document.documentElement.scrollHeight);
    const mark = document.createElement('span');
    mark.setAttribute('tabindex', '-1');
    mark.setAttribute('data-walk-end', '');
    document.body.append(mark);
    mark.focus({preventScroll: true});
}"""

POSITIVE_TABINDEX = """() => Array.from(document.querySelectorAll('[tabindex]'))
    .filter(e => e.tabIndex > 0).map(e => e.outerHTML.slice(0, 80))"""


def _changed_pixels(before: bytes, after: bytes) -> int:
    """How many pixels differ visibly (by more than 40 of 255 in some channel) between two PNGs."""
    import numpy as np
    from PIL import Image

    with Image.open(io.BytesIO(before)) as a, Image.open(io.BytesIO(after)) as b:
        diff = np.abs(np.asarray(a.convert("RGB"), dtype=np.int16) - np.asarray(b.convert("RGB"), dtype=np.int16))
    return int((diff.max(axis=2) > 40).sum())


def _indicator(page: Any, stop: dict[str, Any]) -> tuple[int, float]:
    """Changed pixels around the focused element when focus leaves it, and the least a focus
    indicator must change there: its visible box's perimeter (a 1 px ring's area)."""
    pad = 8  # outline-offset plus width: the theme uses up to 4 + 2 px
    clip, vw, vh = stop["clip"], stop["vw"], stop["vh"]
    x0, y0 = max(0.0, clip["x"] - pad), max(0.0, clip["y"] - pad)
    x1, y1 = min(vw, clip["x"] + clip["width"] + pad), min(vh, clip["y"] + clip["height"] + pad)
    box = {"x": x0, "y": y0, "width": x1 - x0, "height": y1 - y0}
    focused = page.screenshot(clip=box)
    page.evaluate("() => { window.__walkFocus = document.activeElement; document.activeElement.blur(); }")
    unfocused = page.screenshot(clip=box)
    page.evaluate("() => window.__walkFocus.focus({preventScroll: true})")
    needed = 2 * (min(clip["width"], vw) + min(clip["height"], vh))
    return _changed_pixels(focused, unfocused), needed


def _walk(page: Any, backwards: bool = False, indicator: bool = True) -> tuple[list[dict[str, Any]], list[str]]:
    """Tab from the top of the page (or Shift+Tab from its end) until focus leaves it; each
    stop judged. Going backwards scrolls the page up, which shows the floating "Back to top"
    button and puts stops at the top edge, under the header: there only where focus lands is
    judged, and the focus indicator only when `indicator` (the slow part: two screenshots a
    stop). Returns the stops (in page order) and the problems found."""
    page.evaluate(TO_THE_END if backwards else TO_THE_TOP)
    key = "Shift+Tab" if backwards else "Tab"
    wanted = set(page.evaluate(INTERACTIVE))
    problems = [f"positive tabindex (breaks the reading order): {e}" for e in page.evaluate(POSITIVE_TABINDEX)]
    stops: list[dict[str, Any]] = []
    reached: set[str] = set()
    kinds: dict[str, int] = {}  # stops judged for their focus indicator, per kind of element
    for _ in range(MAX_TAB_STOPS):
        page.keyboard.press(key)
        stop = page.evaluate(FOCUS_STOP)
        if stop is None:
            break  # focus left the page's content: back to the browser's own controls
        walk_id = stop["walkId"]
        if walk_id in reached:
            break  # wrapped around
        if walk_id:
            reached.add(walk_id)
        stops.append(stop)
        n = len(stops)
        where = f"{'Shift+Tab ' if backwards else ''}stop {n} {stop['name']}"
        if stop["hidden"]:
            problems.append(f"{where}: focus on a hidden element ({stop['hidden']})")
            continue
        if stop["covers"]:
            problems.append(f"{where}: covered by {', '.join(stop['covers'])}")
        if backwards or not indicator:
            continue
        seen = kinds.get(stop["kind"], 0)
        kinds[stop["kind"]] = seen + 1
        if seen >= INDICATOR_SAMPLES:
            continue
        changed, needed = _indicator(page, stop)
        stop["indicator"] = (changed, needed)
        if changed < needed:
            problems.append(
                f"{where}: no visible focus indicator ({changed} pixels change when "
                f"focus leaves, a 1 px ring would change {needed:.0f})"
            )
    else:
        problems.append(f"more than {MAX_TAB_STOPS} tab stops: a focus trap?")
    page.evaluate("() => document.querySelectorAll('[data-walk-end]').forEach(e => e.remove())")
    if backwards:
        stops.reverse()
    missed = wanted - reached
    if missed:
        names = page.evaluate(
            """ids => ids.map(id => { const e = document.querySelector(`[data-walk-id="${id}"]`);
                return `<${e.tagName.toLowerCase()} class="${e.className}"> ${(e.textContent || '').trim().slice(0, 30)}`; })""",
            sorted(missed)[:10],
        )
        problems.append(f"{len(missed)} visible interactive elements never reached by {key}: {names}")
    content = [s for s in stops if s["inContent"] and not s["hidden"]]
    for before, after in zip(content, content[1:]):
        same_row = after["top"] < before["bottom"] and before["top"] < after["bottom"]
        if after["top"] < before["top"] - 1 and not same_row:
            problems.append(f"reading order: {after['name']} (y={after['top']:.0f}) comes after {before['name']} (y={before['top']:.0f})")
    return stops, problems


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("path", PAGES)
def test_keyboard_walk(opened: Any, path: str, scheme: str, width: int) -> None:
    page, _ = opened(path, scheme, width)
    stops, problems = _walk(page)
    print(f"\n{path} {scheme} {width} px: {len(stops)} tab stops")
    assert len(stops) >= 5, f"{path}: only {len(stops)} tab stops: {[s['name'] for s in stops]}"
    assert not problems, f"{path} {scheme} {width} px, {len(problems)} problems:\n  " + "\n  ".join(problems[:30])


@pytest.mark.parametrize("width", WIDTHS)
def test_keyboard_walk_backwards(opened: Any, width: int) -> None:
    """Shift+Tab from the end: the same stops in reverse, none hidden or covered (the header,
    the "Back to top" button that scrolling up shows)."""
    page, _ = opened("index.html", "light", width)
    forward = [s["name"] for s in _walk(page, indicator=False)[0]]
    stops, problems = _walk(page, backwards=True)
    assert not problems, f"index.html light {width} px, {len(problems)} problems:\n  " + "\n  ".join(problems[:30])
    backward = [s["name"] for s in stops]
    assert backward == forward, f"Shift+Tab visits {len(backward)} stops, Tab {len(forward)}"


# The narrow header: the menu and the search buttons --------------------------------------

PANEL_STATE = """() => {
    const e = document.activeElement;
    const r = e.getBoundingClientRect();
    return {
        focus: `<${e.tagName.toLowerCase()} class="${e.className}">`,
        focusShown: r.width >= 1 && r.height >= 1 && getComputedStyle(e).visibility === 'visible'
            && r.right > 0 && r.left < innerWidth && r.bottom > 0 && r.top < innerHeight,
        inDrawer: !!e.closest('.md-sidebar--primary'),
        inSearch: !!e.closest('.md-search'),
        drawer: document.getElementById('__drawer').checked,
        search: document.getElementById('__search').checked,
        expanded: e.getAttribute('aria-expanded'),
        name: e.getAttribute('aria-label'),
    };
}"""


def _tab_to(page: Any, name: str, limit: int = 20) -> dict[str, Any]:
    """Tab from the top of the page to the control named `name`."""
    page.evaluate(TO_THE_TOP)
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = page.evaluate(PANEL_STATE)
        if state["name"] == name:
            return state
    raise AssertionError(f"no control named {name!r} within {limit} tab stops")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_phone_menu_and_search_work_from_the_keyboard(opened: Any, scheme: str) -> None:
    """At 390 px the theme's menu and search buttons are reached by Tab, open their panel
    with Enter and put the focus in it; Escape closes it and brings the focus back; tabbing
    out of the menu closes it (its panel would otherwise cover the focused text)."""
    page, _ = opened("index.html", scheme, NARROW, fresh=True)
    menu_name = page.evaluate("() => document.querySelector('.md-nav--primary').getAttribute('aria-label')")
    search_name = page.evaluate("() => document.querySelector('.md-search__input').getAttribute('aria-label')")

    state = _tab_to(page, menu_name)
    assert state["focusShown"] and state["expanded"] == "false", state
    page.keyboard.press("Enter")
    state = page.evaluate(PANEL_STATE)
    assert state["drawer"] and state["inDrawer"] and state["focusShown"], f"Enter on the menu button: {state}"
    page.keyboard.press("Escape")
    page.wait_for_function("() => document.activeElement.getAttribute('aria-expanded') === 'false'")
    state = page.evaluate(PANEL_STATE)
    assert not state["drawer"] and state["name"] == menu_name, f"Escape in the menu: {state}"
    # Through the menu and out of it: every stop shown; the label that opens the table of
    # contents (a sub-panel) is reached and opens it with Enter; leaving closes the menu.
    page.keyboard.press("Enter")
    problems, opened_panel = [], False
    for _ in range(200):
        state = page.evaluate(PANEL_STATE)
        if not state["inDrawer"]:
            break
        stop = page.evaluate(FOCUS_STOP)
        if stop["hidden"] or stop["covers"]:
            problems.append(f"{stop['name']}: {stop['hidden'] or stop['covers']}")
        if not opened_panel and stop["name"].startswith("<label") and page.evaluate(
            "() => { const t = document.activeElement.control; return !!t && t.type === 'checkbox' && !t.checked; }"
        ):
            page.keyboard.press("Enter")
            opened_panel = page.evaluate("() => document.activeElement.control.checked")
        page.keyboard.press("Tab")
    assert not problems, f"stops in the menu: {problems}"
    assert opened_panel, "no label in the menu opened its panel with Enter"
    assert not state["drawer"], f"focus left the menu but it stayed open: {state}"

    state = _tab_to(page, search_name)
    assert state["focusShown"] and state["expanded"] == "false", state
    page.keyboard.press("Enter")
    state = page.evaluate(PANEL_STATE)
    assert state["search"] and state["inSearch"] and state["focusShown"], f"Enter on the search button: {state}"
    page.keyboard.type("loss")
    page.wait_for_selector(".md-search-result__link", state="visible")
    page.keyboard.press("ArrowDown")
    state = page.evaluate(PANEL_STATE)
    assert state["inSearch"] and "md-search-result__link" in state["focus"] and state["focusShown"], state
    page.keyboard.press("Escape")
    page.wait_for_function("() => document.activeElement.getAttribute('aria-expanded') === 'false'")
    state = page.evaluate(PANEL_STATE)
    assert not state["search"] and state["name"] == search_name, f"Escape in the search: {state}"


@pytest.mark.parametrize("scheme, width", [("light", WIDE), ("dark", NARROW)])
def test_figure_zoom_by_keyboard(axe_script: Path, opened: Any, scheme: str, width: int) -> None:
    """Enter on a figure opens its zoom (glightbox) with the focus inside it; Tab stays in
    it on shown controls; axe finds nothing there; Escape closes it and the focus returns
    to the figure."""
    page, _ = opened("index.html", scheme, width, fresh=True)
    # glightbox waits for the end of its closing animation, which no-motion CSS never ends.
    page.evaluate("() => document.getElementById('test-no-motion').remove()")
    links = page.locator("article a.glightbox")
    link = next(links.nth(i) for i in range(links.count()) if links.nth(i).is_visible())
    link.focus()
    opener = link.evaluate("a => a.getAttribute('href')")
    page.keyboard.press("Enter")
    page.wait_for_selector(".glightbox-container .gslide.current img", state="visible")
    page.wait_for_function("() => document.activeElement.closest('.glightbox-container') !== null")
    seen = []
    for _ in range(6):
        stop = page.evaluate(FOCUS_STOP)
        inside = page.evaluate("() => document.activeElement.closest('.glightbox-container') !== null")
        assert stop and inside and not stop["hidden"], f"focus in the zoom: {stop}, inside it: {inside}"
        seen.append(stop["name"])
        page.keyboard.press("Tab")
    page.add_script_tag(path=str(axe_script))
    found = page.evaluate(RUN_AXE, WCAG_TAGS + [BEST_PRACTICE])["violations"]
    assert not found, f"the open zoom:\n{_report(found)}"
    page.keyboard.press("Escape")
    page.wait_for_selector(".glightbox-container", state="detached")
    back = page.evaluate("() => document.activeElement.getAttribute('href')")
    assert back == opener, f"after Escape the focus is on {back!r}, not on the figure {opener!r}"

"""The training animations' players in a real browser (figgen.player, figgen-player.js).

Same set-up as tests/test_browser.py (conftest's fixtures: the built site served on
127.0.0.1, headless Debian Chromium). Each player is played, paused, scrubbed with the mouse and worked
with the keyboard alone; what it shows (the step, the training and held-out accuracy, the
loss, the sprite sheet's cell, the curves) is checked against data/training.json and the
sprite sheet itself. Under reduced motion nothing may move; without JavaScript the final
frame and numbers must be there; on a phone the frames and texts must stay readable.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from pathlib import Path
from typing import Any, Iterator

import numpy as np
import pytest

from test_browser import EDITIONS, NARROW, WIDE, Visit, _open_article

from figgen.player import PLANE_PIXELS

pytestmark = pytest.mark.usefixtures("chromium")  # a missing browser is reported before the site is built

RUN_NAMES = ("hidden3", "hidden50", "hidden50_nobias")  # figgen.train.ARTICLE_RUNS, in article order
MIN_FRAME_SCALE = 0.75  # a raster frame is shown at this share of its natural width or more
MIN_TEXT_PX = 10  # CSS px, the smallest text of a player on a phone

# Everything a player shows, read from the page.
STATE = """root => {
    const view = root.querySelector('.figgen-player__view');
    const img = Array.from(view.querySelectorAll('img')).find(i => getComputedStyle(i).display !== 'none');
    const slider = root.querySelector('.figgen-player__slider');
    const v = view.getBoundingClientRect(), i = img.getBoundingClientRect();
    const curves = {}, dots = {};
    root.querySelectorAll('polyline[data-curve]').forEach(p => {
        const box = p.ownerSVGElement.getBoundingClientRect();
        const last = p.points.getItem(p.points.numberOfItems - 1);
        curves[p.dataset.curve] = {count: p.points.numberOfItems, x: box.left + last.x / 1000 * box.width,
                                   y: box.top + last.y / 1000 * box.height};
    });
    root.querySelectorAll('.figgen-player__dot').forEach(d => {
        const r = d.getBoundingClientRect();
        dots[d.dataset.curve] = {x: r.left + r.width / 2, y: r.top + r.height / 2};
    });
    return {
        frame: root.hasAttribute('data-frame') ? Number(root.getAttribute('data-frame')) : null,
        playing: root.hasAttribute('data-playing'),
        slider: Number(slider.value),
        max: Number(slider.max),
        valuetext: slider.getAttribute('aria-valuetext'),
        button: root.querySelector('.figgen-player__play').textContent,
        controls: getComputedStyle(root.querySelector('.figgen-player__controls')).display !== 'none',
        readouts: Object.fromEntries(Array.from(root.querySelectorAll('[data-readout]'))
                                     .map(d => [d.dataset.readout, d.textContent])),
        column: (v.left - i.left) / v.width, row: (v.top - i.top) / v.height,
        columns: i.width / v.width,
        src: img.currentSrc, complete: img.complete && img.naturalWidth > 0,
        naturalWidth: img.naturalWidth, viewWidth: v.width,
        curves: curves, dots: dots, scrollY: window.scrollY,
    };
}"""


@pytest.fixture(scope="module")
def training(built_site: Path) -> dict[str, dict[str, Any]]:
    """data/training.json by run name."""
    return {run["name"]: run for run in json.loads((built_site / "data" / "training.json").read_text())}


@pytest.fixture(scope="module")
def sprites(built_site: Path) -> dict[str, np.ndarray]:
    """The light sprite sheet of each run, RGB (H, W, 3)."""
    from PIL import Image

    out = {}
    for name in RUN_NAMES:
        with Image.open(built_site / "animations" / f"{name}.plane.webp") as sheet:
            out[name] = np.array(sheet.convert("RGB"))
    return out


@contextlib.contextmanager
def _page(browser: Any, site_url: str, visit: Visit, path: str = "index.html", **context: Any) -> Iterator[Any]:
    """The article, opened at its top (no player seen yet) in a new context with `context`'s
    options; afterwards, no console error and no failed or outside request."""
    options = dict(color_scheme=visit.scheme, viewport={"width": visit.width, "height": 900}, service_workers="block")
    ctx = browser.new_context(**{**options, **context})
    try:
        yield _open_article(ctx, site_url, visit, path, scroll=False)
    finally:
        ctx.close()
    assert not visit.console_errors, f"console errors: {visit.console_errors}"
    assert not visit.failed_requests and not visit.external_requests, (visit.failed_requests, visit.external_requests)


@pytest.fixture(params=list(EDITIONS))
def page(browser: Any, site_url: str, request: pytest.FixtureRequest) -> Iterator[Any]:
    """The article at 1280 px, light palette, motion allowed, in each edition."""
    with _page(browser, site_url, Visit(scheme="light", width=WIDE, edition=request.param), EDITIONS[request.param]) as page:
        page.figgen_lang = request.param  # the player's labels are in the page's language
        yield page


def _label(page: Any, key: str) -> str:
    """The player's label `key` (PLAYER_TEXT) in the page's language."""
    from figgen.i18n import tr

    return tr("player", key, getattr(page, "figgen_lang", "en"))


def _player(page: Any, name: str) -> Any:
    return page.locator(f"#anim-{name} [data-figgen-player]")


def _state(page: Any, name: str) -> dict[str, Any]:
    return _player(page, name).evaluate(STATE)


def _number(text: str) -> float:
    """The number in a readout: '69.0%' -> 0.69, '0.1918' -> 0.1918, '4,000' -> 4000."""
    match = re.fullmatch(r"\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*(%?)\s*", text)
    assert match, f"not a number: {text!r}"
    value = float(match.group(1).replace(",", ""))
    return value / 100 if match.group(2) else value


def _decimals(text: str) -> int:
    digits = text.strip().rstrip("%").partition(".")[2]
    return len(digits) + (2 if text.strip().endswith("%") else 0)


def _check_shows(state: dict[str, Any], run: dict[str, Any], where: str, lang: str = "en") -> int:
    """The frame a player shows, after checking that everything it shows is that frame (its
    words in `lang`, PLAYER_TEXT's templates)."""
    from figgen.i18n import tr

    i = state["slider"]
    history = run["history"]
    assert state["frame"] == i, f"{where}: data-frame {state['frame']} but the slider says {i}"
    between = tr("player", "step_of", lang).format(step="\0", steps="\0").split("\0")[1]  # " of "
    step, of = state["readouts"]["step"].split(between)
    assert (_number(step), _number(of)) == (history["step"][i], run["steps"]), f"{where}: step {state['readouts']['step']!r} at frame {i}"
    for key, value in (("accuracy", history["accuracy"][i]), ("heldout", history["heldout_accuracy"][i]), ("loss", history["loss"][i])):
        text = state["readouts"][key]
        # as in data/training.json, to the digits shown
        assert abs(_number(text) - value) <= 0.5 * 10 ** -_decimals(text) + 1e-12, f"{where}: {key} {text!r}, the data say {value}"
        assert text in state["valuetext"], f"{where}: aria-valuetext {state['valuetext']!r} lacks {key} {text!r}"
    said = tr("player", "valuetext", lang).split(":")[0].format(step=step, steps=of)  # "step 4,000 of 4,000"
    assert said in state["valuetext"], f"{where}: aria-valuetext {state['valuetext']!r} lacks {said!r}"
    columns = round(state["columns"])
    assert (round(state["column"], 3), round(state["row"], 3)) == (i % columns, i // columns), (
        f"{where}: the sprite shows cell ({state['column']:.3f}, {state['row']:.3f}), frame {i} is ({i % columns}, {i // columns})"
    )
    for curve, drawn in state["curves"].items():
        assert drawn["count"] == i + 1, f"{where}: the {curve} curve has {drawn['count']} points at frame {i}"
        dot = state["dots"][curve]
        assert abs(dot["x"] - drawn["x"]) < 1.5 and abs(dot["y"] - drawn["y"]) < 1.5, f"{where}: the {curve} dot is off its curve's end"
    return i


def _shown_cell(page: Any, name: str) -> np.ndarray:
    """The plane's pixels on screen, RGB (PLANE_PIXELS, PLANE_PIXELS, 3). Chromium paints an
    image on whole pixels: the view's box, rounded, is where they are."""
    from PIL import Image

    view = _player(page, name).locator(".figgen-player__view")
    view.scroll_into_view_if_needed()
    box = view.bounding_box()
    clip = {"x": round(box["x"]), "y": round(box["y"]), "width": PLANE_PIXELS, "height": PLANE_PIXELS}
    return np.array(Image.open(io.BytesIO(page.screenshot(clip=clip))).convert("RGB"))


def _cell(sheet: np.ndarray, i: int, columns: int) -> np.ndarray:
    row, column = divmod(i, columns)
    return sheet[row * PLANE_PIXELS : (row + 1) * PLANE_PIXELS, column * PLANE_PIXELS : (column + 1) * PLANE_PIXELS]


def _wait(page: Any, name: str, condition: str, timeout: float = 15_000) -> None:
    """Wait until `condition` (JavaScript over the player's root `p`) holds."""
    page.wait_for_function(
        f"() => {{ const p = document.querySelector('#anim-{name} [data-figgen-player]'); return {condition}; }}",
        timeout=timeout,
    )


@pytest.mark.parametrize("name", RUN_NAMES)
def test_a_player_plays_once_in_view_pauses_and_scrubs(page: Any, name: str, training: dict, sprites: dict) -> None:
    run = training[name]
    last = len(run["history"]["step"]) - 1
    before = _state(page, name)
    assert before["controls"] and before["slider"] == 0 and not before["playing"], "before it is seen: frame 0, still"
    _check_shows(before, run, f"{name} before it is seen", page.figgen_lang)
    _player(page, name).locator(".figgen-player__view").scroll_into_view_if_needed()
    _wait(page, name, "Number(p.getAttribute('data-frame')) >= 5")  # it plays by itself
    # pause: it stops where it is, and shows that frame everywhere
    _player(page, name).locator(".figgen-player__play").click()
    paused = _state(page, name)
    assert not paused["playing"] and paused["button"] == _label(page, "play")
    i = _check_shows(paused, run, f"{name} paused", page.figgen_lang)
    page.wait_for_timeout(600)
    assert _state(page, name)["slider"] == i, "a paused player moved"
    columns = round(paused["columns"])
    np.testing.assert_array_equal(_shown_cell(page, name), _cell(sprites[name], i, columns), err_msg=f"{name}: the plane on screen is not frame {i}")
    # play on: it goes on to the final frame and stops there (once, no loop)
    _player(page, name).locator(".figgen-player__play").click()
    assert _state(page, name)["button"] == _label(page, "pause")
    _wait(page, name, f"Number(p.getAttribute('data-frame')) === {last} && !p.hasAttribute('data-playing')")
    page.wait_for_timeout(400)
    end = _state(page, name)
    assert end["slider"] == last and not end["playing"] and end["button"] == _label(page, "play"), "it should stop on the final frame"
    _check_shows(end, run, f"{name} at the end", page.figgen_lang)
    # scrub: a click a quarter along the slider shows that frame, still paused
    box = _player(page, name).locator(".figgen-player__slider").bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.25, box["y"] + box["height"] / 2)
    scrubbed = _state(page, name)
    j = _check_shows(scrubbed, run, f"{name} scrubbed", page.figgen_lang)
    assert abs(j - 0.25 * last) <= 2 and not scrubbed["playing"], f"a click at 25% shows frame {j} of {last}"
    np.testing.assert_array_equal(_shown_cell(page, name), _cell(sprites[name], j, columns), err_msg=f"{name}: frame {j}")
    # and play restarts from there
    _player(page, name).locator(".figgen-player__play").click()
    _wait(page, name, f"Number(p.getAttribute('data-frame')) > {j}")


def test_players_work_with_the_keyboard_alone(browser: Any, site_url: str, training: dict) -> None:
    """Space plays and pauses (on the button and on the slider, without scrolling the page),
    the arrow keys step, Home and End jump, Tab moves between the controls with a visible
    focus ring. Under reduced motion, so that nothing starts by itself."""
    visit = Visit(scheme="dark", width=WIDE)
    with _page(browser, site_url, visit, reduced_motion="reduce") as page:
        for name in RUN_NAMES:
            run = training[name]
            last = len(run["history"]["step"]) - 1
            button = _player(page, name).locator(".figgen-player__play")
            button.scroll_into_view_if_needed()
            # reach the button with the keyboard: from the element just before it
            page.evaluate(f"() => document.querySelector('#anim-{name}').previousElementSibling.setAttribute('tabindex', '-1')")
            page.evaluate(f"() => document.querySelector('#anim-{name}').previousElementSibling.focus()")
            for _ in range(40):
                page.keyboard.press("Tab")
                if page.evaluate("() => document.activeElement.classList.contains('figgen-player__play')"):
                    break
            focused = page.evaluate("() => document.activeElement.closest('figure') && document.activeElement.closest('figure').id")
            assert focused == f"anim-{name}", f"Tab did not reach the {name} player's button (focus in {focused!r})"
            _assert_focus_ring(page, f"{name} button")
            scroll = _state(page, name)["scrollY"]
            for key, expected in (("Home", 0), ("ArrowRight", 1), ("ArrowRight", 2), ("ArrowLeft", 1), ("End", last),
                                  ("ArrowLeft", last - 1), ("Home", 0)):
                page.keyboard.press(key)
                state = _state(page, name)
                assert state["slider"] == expected, f"{name}: {key} on the button shows frame {state['slider']}, not {expected}"
                _check_shows(state, run, f"{name} after {key}")
            page.keyboard.press("Space")  # the button: play
            _wait(page, name, "p.hasAttribute('data-playing')", 2_000)
            page.keyboard.press("Space")  # and pause
            frame = _state(page, name)["slider"]
            page.wait_for_timeout(400)
            assert _state(page, name)["slider"] == frame and not _state(page, name)["playing"]
            page.keyboard.press("Tab")  # the slider
            assert page.evaluate("() => document.activeElement.classList.contains('figgen-player__slider')")
            _assert_focus_ring(page, f"{name} slider")
            for key, expected in (("Home", 0), ("ArrowRight", 1), ("ArrowUp", 2), ("ArrowDown", 1), ("End", last)):
                page.keyboard.press(key)
                state = _state(page, name)
                assert state["slider"] == expected, f"{name}: {key} on the slider shows frame {state['slider']}, not {expected}"
                _check_shows(state, run, f"{name} after {key} on the slider")
            page.keyboard.press("Space")  # the slider: play (from the start, being at the end)
            _wait(page, name, "p.hasAttribute('data-playing') && Number(p.getAttribute('data-frame')) >= 1", 3_000)
            page.keyboard.press("Space")
            assert not _state(page, name)["playing"]
            assert _state(page, name)["scrollY"] == scroll, "Space scrolled the page"


def _assert_focus_ring(page: Any, what: str) -> None:
    ring = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return {style: s.outlineStyle, width: parseFloat(s.outlineWidth), visible: document.activeElement.matches(':focus-visible')}; }"
    )
    assert ring["visible"] and ring["style"] != "none" and ring["width"] >= 2, f"{what}: no visible focus ring ({ring})"


def test_under_reduced_motion_nothing_moves(browser: Any, site_url: str, training: dict) -> None:
    """Reduced motion: every player stays on its final frame, in view and over time (the
    screen's pixels do not change); play still works when asked for."""
    visit = Visit(scheme="light", width=WIDE)
    with _page(browser, site_url, visit, reduced_motion="reduce") as page:
        shots = {}
        for name in RUN_NAMES:
            player = _player(page, name)
            player.scroll_into_view_if_needed()
            page.wait_for_timeout(300)
            state = _state(page, name)
            last = len(training[name]["history"]["step"]) - 1
            assert state["slider"] == last and not state["playing"], f"{name}: frame {state['slider']}, playing {state['playing']}"
            _check_shows(state, training[name], f"{name} under reduced motion")
            shots[name] = player.screenshot(animations="allow")
        page.wait_for_timeout(1_500)
        for name in RUN_NAMES:
            player = _player(page, name)
            player.scroll_into_view_if_needed()
            page.wait_for_timeout(300)
            assert player.screenshot(animations="allow") == shots[name], f"{name} moved under reduced motion"
        name = RUN_NAMES[0]
        _player(page, name).locator(".figgen-player__play").click()
        _wait(page, name, "p.hasAttribute('data-playing') && Number(p.getAttribute('data-frame')) >= 1", 3_000)


def test_without_javascript_the_final_frame_and_numbers_are_there(browser: Any, site_url: str, training: dict, sprites: dict) -> None:
    visit = Visit(scheme="light", width=WIDE)
    with _page(browser, site_url, visit, java_script_enabled=False) as page:
        for name in RUN_NAMES:
            run = training[name]
            last = len(run["history"]["step"]) - 1
            _player(page, name).scroll_into_view_if_needed()
            page.wait_for_function(f"() => document.querySelector('#anim-{name} img').complete")
            state = _state(page, name)
            assert not state["controls"], f"{name}: controls shown without the script that runs them"
            assert state["frame"] is None and state["complete"]
            state["frame"] = state["slider"]  # no script: the markup's own state
            assert _check_shows(state, run, f"{name} without JavaScript") == last
            np.testing.assert_array_equal(_shown_cell(page, name), _cell(sprites[name], last, round(state["columns"])))


@pytest.mark.parametrize("scheme", ("light", "dark"))
def test_players_fit_a_phone(browser: Any, site_url: str, scheme: str) -> None:
    """At 390 px: the plane's frames at >= 75% of their natural width, every text of the
    player at >= 10 CSS px, nothing wider than the screen; the palette's sprite sheet."""
    visit = Visit(scheme=scheme, width=NARROW)
    with _page(browser, site_url, visit, reduced_motion="reduce") as page:
        for name in RUN_NAMES:
            _player(page, name).scroll_into_view_if_needed()
            page.wait_for_function(
                f"() => Array.from(document.querySelectorAll('#anim-{name} img')).some(i => i.complete && i.naturalWidth > 0 && getComputedStyle(i).display !== 'none')"
            )
            state = _state(page, name)
            assert (".dark." in state["src"]) == (scheme == "dark"), f"{name}: {state['src']} in the {scheme} palette"
            natural = state["naturalWidth"] / round(state["columns"])
            assert natural == PLANE_PIXELS
            assert state["viewWidth"] >= MIN_FRAME_SCALE * natural, f"{name}: frames at {state['viewWidth'] / natural:.0%} of their width"
            sizes = _player(page, name).evaluate(
                """root => {
                    const out = [];
                    const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
                    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
                        const e = n.parentElement;
                        if (!n.textContent.trim() || e.closest('script') || !e.getClientRects().length) continue;
                        out.push({text: n.textContent.trim().slice(0, 30), px: parseFloat(getComputedStyle(e).fontSize)});
                    }
                    const r = root.getBoundingClientRect();
                    const wide = Array.from(root.querySelectorAll('*')).map(e => e.getBoundingClientRect().right);
                    return {texts: out, right: Math.max(r.right, ...wide), width: document.documentElement.clientWidth};
                }"""
            )
            small = [t for t in sizes["texts"] if t["px"] < MIN_TEXT_PX]
            assert sizes["texts"] and not small, f"{name}: text under {MIN_TEXT_PX} px: {small}"
            assert sizes["right"] <= sizes["width"], f"{name}: reaches {sizes['right']:.0f} px of {sizes['width']}"

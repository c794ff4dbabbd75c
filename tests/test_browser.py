"""The built article in a real browser: headless Debian Chromium driven by Playwright.

The site is built once per session (the `built_site` fixture), served on 127.0.0.1 from a
thread, and the article is opened in the light and the dark palette at 1280 px and 390 px.
Each visit records what a reader's browser saw (requests, console, images, text, links) and
saves a full-page screenshot; the tests below judge those records. The checks are generic:
they apply to whatever figures, animations and math the page has.

Chromium: /usr/bin/chromium from Debian (`apt-get install -y chromium`; never
`playwright install`), or $FIGGEN_CHROMIUM. Without it the tests skip with that hint, except
under CI=true, where a missing browser is a failure.
"""

from __future__ import annotations

import functools
import io
import posixpath
import os
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from conftest import ROOT, SCREENSHOTS

# The browser and the served site are conftest's session fixtures (shared with
# test_player.py); a missing Chromium is reported before the site is built.
pytestmark = pytest.mark.usefixtures("chromium")

ARTICLE = "index.html"  # the article, relative to the site root
# The article's editions (mkdocs-static-i18n): the visits and every test that reads them run
# on each. A figure that draws words has a variant per edition: figures/<stem>-es*.svg.
EDITIONS = {"en": ARTICLE, "es": "es/index.html"}
SCHEMES = ("light", "dark")  # prefers-color-scheme values; mkdocs-material maps them to its palettes
WIDE, NARROW = 1280, 390  # viewport widths in CSS px: a laptop and a phone
MIN_ANIMATION_FRAMES = 30
MIN_ANIMATIONS = 3  # the article's training runs (figgen.train.ARTICLE_RUNS), each a player (figgen.player)
# The marker mkdocs-material uses to show an image in one palette only.
ONLY = {"light": "#only-light", "dark": "#only-dark"}
OTHER = {"light": "dark", "dark": "light"}

# TeX that should have become math but reached the reader as text: a backslash command, a
# display-math fence, or inline $...$ holding a sub/superscript or a command.
RAW_LATEX = re.compile(r"\\[A-Za-z]+|\$\$|\\[\[\(]|\$[^$\n]*[\\^_][^$\n]*\$")

# JavaScript run in the page -------------------------------------------------------------

SCROLL_WHOLE_PAGE = """async () => {
    document.querySelectorAll('details').forEach(d => { d.open = true; });
    const step = Math.max(200, window.innerHeight / 2);
    for (let y = 0; y < document.documentElement.scrollHeight; y += step) {
        window.scrollTo(0, y);
        await new Promise(r => setTimeout(r, 40));
    }
    window.scrollTo(0, document.documentElement.scrollHeight);
    await new Promise(r => setTimeout(r, 100));
    window.scrollTo(0, 0);
}"""

SHOWN_IMAGES_COMPLETE = """() => Array.from(document.images)
    .filter(i => getComputedStyle(i).display !== 'none')
    .every(i => i.complete)"""

# The players' frame counts and sprite grids, and every download link, for the animation checks.
PLAYERS = """() => Array.from(document.querySelectorAll('[data-figgen-player]')).map(p => {
    const data = JSON.parse(p.querySelector('.figgen-player__data').textContent);
    return {frames: data.frames.length, columns: data.columns,
            downloads: Array.from(p.querySelectorAll('a[download]')).map(a => a.getAttribute('href'))};
})"""

IMAGES = """() => Array.from(document.images).map(i => ({
    src: i.getAttribute('src'),
    url: i.currentSrc || i.src,
    alt: i.getAttribute('alt'),
    display: getComputedStyle(i).display,
    complete: i.complete,
    naturalWidth: i.naturalWidth,
}))"""

# The reader's text: the article without code listings (code may hold backslashes).
ARTICLE_TEXT = """() => {
    const article = (document.querySelector('article') || document.body).cloneNode(true);
    article.querySelectorAll('pre, code, script, style').forEach(e => e.remove());
    return article.innerText;
}"""

# Each figure as shown: the file the browser chose (the phone layout under the media query),
# its displayed and natural width, and whether its lightbox link is shown and holds it.
FIGURES = """() => Array.from(document.querySelectorAll('figure.figgen-figure img'))
    .filter(i => getComputedStyle(i).display !== 'none')
    .map(i => {
        const link = i.closest('a');
        return {
            url: i.currentSrc,
            shown: i.getBoundingClientRect().width,
            natural: i.naturalWidth,
            link: link ? link.getAttribute('href') : null,
            linkShown: !!link && getComputedStyle(link).display !== 'none',
        };
    })"""

# The figures' lightbox links: one per theme per figure; the other theme's must be hidden.
ZOOM_LINKS = """() => Array.from(document.querySelectorAll('a.figgen-zoom')).map(a => ({
    href: a.getAttribute('href'),
    shown: getComputedStyle(a).display !== 'none',
    tabbable: a.getClientRects().length > 0,
}))"""

LINKS = """() => Array.from(document.querySelectorAll('a[href]')).map(a => ({
    href: a.getAttribute('href'),
    url: a.href,
}))"""

# The page's width against the viewport's, and (to say what to fix) the first elements that
# stick out of the viewport without a scrolling or clipping box around them.
OVERFLOW = """() => {
    const root = document.documentElement;
    const contained = e => {
        for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
            if (getComputedStyle(a).overflowX !== 'visible') return true;
        }
        return false;
    };
    const wide = Array.from(document.querySelectorAll('body *'))
        .filter(e => e.getBoundingClientRect().right > root.clientWidth + 0.5)
        .filter(e => !contained(e))
        .slice(0, 5)
        .map(e => `<${e.tagName.toLowerCase()} class="${e.className}"> right=${Math.round(e.getBoundingClientRect().right)}`);
    return {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, widest: wide};
}"""


# What of the content's layout is broken (tables, equations and code on a phone included):
# - `clipped`: a box with text that cuts off its content (overflow hidden; a box of images
#   alone may crop them on purpose), or that scrolls but cannot take focus or has no name
#   (the keyboard could not scroll it; a code listing needs no name);
# - `covered`: text of a code listing under one of its buttons (the copy button), with the
#   listing scrolled to its start and to its end;
# - `edge`: text outside a scrolling box that comes within 8 px of the screen's edge.
LAYOUT = """() => {
    const describe = e => `<${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''} class="${e.className}"> "${(e.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 30)}"`;
    const scrolling = v => v === 'auto' || v === 'scroll';
    const shown = e => { const s = getComputedStyle(e); return s.display !== 'none' && s.visibility === 'visible' && e.getClientRects().length > 0; };
    const root = document.querySelector('article') || document.body;
    const clipped = [], covered = [], edge = [];
    for (const e of root.querySelectorAll('*')) {
        if (!(e instanceof HTMLElement) || !shown(e)) continue;
        const s = getComputedStyle(e);
        const overX = s.overflowX !== 'visible' && e.scrollWidth > e.clientWidth + 1;
        const overY = s.overflowY !== 'visible' && e.scrollHeight > e.clientHeight + 1;
        if (!overX && !overY) continue;
        const size = `${e.scrollWidth}x${e.scrollHeight} in ${e.clientWidth}x${e.clientHeight}`;
        if ((overX && !scrolling(s.overflowX)) || (overY && !scrolling(s.overflowY))) {
            // A box without text may crop a picture on purpose (a sprite sheet's window).
            if (e.textContent.trim()) clipped.push(`${describe(e)} cuts off its content (${size})`);
        } else if (!(e.tabIndex >= 0 && (e.hasAttribute('tabindex') || e.matches('a[href], button, input, select, textarea, summary')))) {
            clipped.push(`${describe(e)} scrolls (${size}) but cannot take focus`);
        } else if (!e.matches('code') && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby')) {
            clipped.push(`${describe(e)} scrolls (${size}) and takes focus but has no name`);
        }
    }
    const textRects = (within, clip) => {
        const rects = [];
        const walker = document.createTreeWalker(within, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            if (!n.data.trim() || !shown(n.parentElement)) continue;
            const range = document.createRange();
            range.selectNodeContents(n);
            for (const r of range.getClientRects()) {
                const box = {left: Math.max(r.left, clip.left), right: Math.min(r.right, clip.right),
                             top: Math.max(r.top, clip.top), bottom: Math.min(r.bottom, clip.bottom)};
                if (box.right - box.left > 0.5 && box.bottom - box.top > 0.5) rects.push({box, node: n});
            }
        }
        return rects;
    };
    const overlap = (a, b) => Math.max(0, Math.min(a.right, b.right) - Math.max(a.left, b.left)) *
                              Math.max(0, Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top));
    for (const pre of root.querySelectorAll('pre')) {
        const code = pre.querySelector(':scope > code');
        if (!code || !shown(code)) continue;
        const buttons = Array.from(pre.querySelectorAll('button')).filter(shown);
        const start = code.scrollLeft;
        for (const left of [0, code.scrollWidth]) {
            code.scrollLeft = left;
            const rects = textRects(code, code.getBoundingClientRect());
            for (const button of buttons) {
                const b = button.getBoundingClientRect();
                const hit = rects.find(r => overlap(r.box, b) > 1);
                if (hit) covered.push(`${describe(button)} covers "${hit.node.data.trim().slice(0, 20)}" of ${describe(code)} (scrollLeft ${code.scrollLeft})`);
            }
        }
        code.scrollLeft = start;
    }
    const vw = document.documentElement.clientWidth;
    const inScroller = e => { for (let a = e; a && a !== root; a = a.parentElement) { if (getComputedStyle(a).overflowX !== 'visible') return true; } return false; };
    for (const {box, node} of textRects(root, {left: -1e9, right: 1e9, top: -1e9, bottom: 1e9})) {
        if ((box.left < 8 || box.right > vw - 8) && !inScroller(node.parentElement)) {
            edge.push(`"${node.data.trim().slice(0, 30)}" in ${describe(node.parentElement)} spans x ${Math.round(box.left)} to ${Math.round(box.right)} of ${vw}`);
        }
    }
    return {clipped, covered: Array.from(new Set(covered)), edge: edge.slice(0, 10)};
}"""


# What one visit saw ---------------------------------------------------------------------

@dataclass
class Visit:
    """Everything recorded while the article was open in one palette at one width."""

    scheme: str  # "light" or "dark"
    width: int  # viewport width in CSS px
    color_scheme_attr: str = ""  # body[data-md-color-scheme] after load: "default" or "slate"
    external_requests: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)  # "url: reason" or "url: HTTP 404"
    console_errors: list[str] = field(default_factory=list)
    images: list[dict[str, Any]] = field(default_factory=list)  # see IMAGES
    players: list[dict[str, Any]] = field(default_factory=list)  # see PLAYERS
    sprite_bytes: dict[str, bytes] = field(default_factory=dict)  # url -> the bytes of each player's sprite sheet
    text: str = ""
    links: list[dict[str, str]] = field(default_factory=list)
    overflow: dict[str, Any] = field(default_factory=dict)
    figures: list[dict[str, Any]] = field(default_factory=list)  # see FIGURES
    zoom_links: list[dict[str, Any]] = field(default_factory=list)  # see ZOOM_LINKS
    layout: dict[str, list[str]] = field(default_factory=dict)  # see LAYOUT
    screenshot: Path | None = None

    edition: str = "en"

    @property
    def name(self) -> str:
        return f"{self.scheme}-{self.width}"

    def __repr__(self) -> str:  # keep pytest's failure reports short; the messages say what failed
        return f"Visit({self.name})"


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    """Where the screenshots go: $FIGGEN_SCREENSHOTS, else screenshots/ in the checkout (gitignored)."""
    folder = Path(os.environ.get("FIGGEN_SCREENSHOTS") or ROOT / "screenshots").resolve()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _open_article(context: Any, site_url: str, visit: Visit, path: str = ARTICLE, *, scroll: bool = True) -> Any:
    """Open the article (or the page at `path`) in `context`, recording requests and console
    output into `visit`; `scroll` goes through the whole page so that lazy images load."""
    origin = urlsplit(site_url).netloc
    sprite_responses: list[Any] = []

    def route(r: Any) -> None:
        url = r.request.url
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about") or parts.netloc == origin:
            r.continue_()
        else:  # the page must work offline: record it and never let it out
            visit.external_requests.append(url)
            r.abort()

    def on_response(response: Any) -> None:
        if response.status >= 400:
            visit.failed_requests.append(f"{response.url}: HTTP {response.status}")
        elif urlsplit(response.url).path.lower().endswith(".webp"):
            sprite_responses.append(response)

    def on_failed(request: Any) -> None:
        if request.url not in visit.external_requests:
            visit.failed_requests.append(f"{request.url}: {request.failure}")

    context.route("**/*", route)
    page = context.new_page()
    page.on("response", on_response)
    page.on("requestfailed", on_failed)
    page.on("console", lambda m: m.type == "error" and visit.console_errors.append(f"{m.text} ({m.location})"))
    page.on("pageerror", lambda e: visit.console_errors.append(f"uncaught: {e}"))
    page.goto(urljoin(site_url, path), wait_until="load")
    if not scroll:
        return page
    page.evaluate(SCROLL_WHOLE_PAGE)  # lazy images load only near the viewport
    try:
        page.wait_for_function(SHOWN_IMAGES_COMPLETE, timeout=15_000)
    except Exception:  # noqa: BLE001 -- the image test reports which ones did not load
        pass
    page.wait_for_load_state("networkidle")
    for response in sprite_responses:
        visit.sprite_bytes[response.url] = response.body()
    return page


def _record(page: Any, visit: Visit) -> None:
    visit.color_scheme_attr = page.evaluate("() => document.body.getAttribute('data-md-color-scheme')")
    visit.images = page.evaluate(IMAGES)
    visit.players = page.evaluate(PLAYERS)
    visit.text = page.evaluate(ARTICLE_TEXT)
    visit.links = page.evaluate(LINKS)
    visit.overflow = page.evaluate(OVERFLOW)
    visit.figures = page.evaluate(FIGURES)
    visit.zoom_links = page.evaluate(ZOOM_LINKS)
    visit.layout = page.evaluate(LAYOUT)


@pytest.fixture(scope="session", params=list(EDITIONS))
def edition(request: pytest.FixtureRequest) -> str:
    """Each edition of the article ("en" at the site's root, "es" under es/)."""
    return request.param


@pytest.fixture(scope="session")
def visits(browser: Any, site_url: str, screenshot_dir: Path, request: pytest.FixtureRequest, edition: str) -> dict[str, Visit]:
    """The article (in `edition`) opened in each palette (prefers-color-scheme) at 1280 px and 390 px."""
    result: dict[str, Visit] = {}
    for scheme in SCHEMES:
        for width in (WIDE, NARROW):
            visit = Visit(scheme=scheme, width=width, edition=edition)
            context = browser.new_context(
                color_scheme=scheme, viewport={"width": width, "height": 900}, service_workers="block"
            )
            try:
                page = _open_article(context, site_url, visit, EDITIONS[edition])
                _record(page, visit)
                # a full-page screenshot briefly resizes the emulated viewport, so the page
                # re-evaluates its media queries and starts (then aborts) loading the other
                # layout's figures: what the reader's page requested ends here
                failed, external = list(visit.failed_requests), list(visit.external_requests)
                prefix = "" if edition == "en" else f"{edition}-"
                visit.screenshot = screenshot_dir / f"{prefix}{visit.name}.png"
                page.screenshot(path=str(visit.screenshot), full_page=True)
                visit.failed_requests, visit.external_requests = failed, external
            finally:
                context.close()
            result[visit.name] = visit
    request.config.stash[SCREENSHOTS] = screenshot_dir  # conftest prints it after the run
    return result


ALL_VISITS = [f"{s}-{w}" for s in SCHEMES for w in (WIDE, NARROW)]


# The tests -------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ALL_VISITS)
def test_every_request_is_local_and_succeeds(visits: dict[str, Visit], name: str) -> None:
    external, failed = visits[name].external_requests, visits[name].failed_requests
    assert not external, f"{name}: requests to other hosts (the page must work offline): {external}"
    assert not failed, f"{name}: failed requests: {failed}"


@pytest.mark.parametrize("name", ALL_VISITS)
def test_no_console_errors(visits: dict[str, Visit], name: str) -> None:
    errors = visits[name].console_errors
    assert not errors, f"{name}: console errors: {errors}"


@pytest.mark.parametrize("name", ALL_VISITS)
def test_palette_follows_the_readers_preference(visits: dict[str, Visit], name: str) -> None:
    visit = visits[name]
    expected = {"light": "default", "dark": "slate"}[visit.scheme]
    assert visit.color_scheme_attr == expected, f"{name}: data-md-color-scheme={visit.color_scheme_attr!r}"


@pytest.mark.parametrize("name", ALL_VISITS)
def test_images_load_and_have_alt_text(visits: dict[str, Visit], name: str) -> None:
    visit = visits[name]
    hidden_by_design = ONLY[OTHER[visit.scheme]]
    problems = []
    for image in visit.images:
        if not (image["alt"] or "").strip():
            problems.append(f"{image['src']}: no alt text")
        if image["src"].endswith(hidden_by_design):
            if image["display"] != "none":
                problems.append(f"{image['src']}: belongs to the other palette but is shown (display={image['display']})")
        elif image["display"] == "none":
            problems.append(f"{image['src']}: hidden (display:none) in the {visit.scheme} palette")
        elif not (image["complete"] and image["naturalWidth"] > 0):
            problems.append(f"{image['src']}: did not load (naturalWidth {image['naturalWidth']})")
    assert not problems, f"{name}: " + "; ".join(problems)


def _variant_pairs(images: list[dict[str, Any]]) -> tuple[set[str], set[str]]:
    """Paths of the light-only and the dark-only images, with the dark suffix removed."""
    def base(src: str) -> str:
        return src.split("#")[0].replace(".dark.", ".")

    light = {base(i["src"]) for i in images if i["src"].endswith(ONLY["light"])}
    dark = {base(i["src"]) for i in images if i["src"].endswith(ONLY["dark"])}
    return light, dark


def test_every_figure_has_a_dark_variant(visits: dict[str, Visit]) -> None:
    images = visits[f"light-{WIDE}"].images
    light, dark = _variant_pairs(images)
    assert light == dark, f"light-only without dark: {sorted(light - dark)}; dark-only without light: {sorted(dark - light)}"
    for image in images:
        if image["src"].endswith(ONLY["dark"]):
            assert ".dark." in image["src"], f"{image['src']}: the dark variant should be the .dark. file"


VARIANT = re.compile(r"^figures/(?P<stem>[^./]+?)(?:-(?P<lang>[a-z]{2}))?(?P<rest>\..*)$")


def edition_files(paths: set[str], edition: str) -> set[str]:
    """The figure files an edition's page shows: its language's variant where a figure has
    one (figures/overview-es.svg), the shared file where it draws only math."""
    by_lang = {(m["stem"], m["rest"], m["lang"] or "en"): p for p in paths if (m := VARIANT.match(p))}
    return {by_lang.get((stem, rest, edition), path) for (stem, rest, lang), path in by_lang.items() if lang == "en"}


def edition_gifs(paths: set[str], edition: str) -> set[str]:
    """The GIFs an edition's players offer: those with its language's words
    (animations/hidden3-es.gif on the Spanish page, animations/hidden3.gif on the English)."""
    others = [lang for lang in EDITIONS if lang != "en"]

    def language(path: str) -> str:
        stem = Path(path).name.split(".")[0]
        return next((lang for lang in others if stem.endswith(f"-{lang}")), "en")

    return {p for p in paths if language(p) == edition}


def _site_path(url: str) -> str:
    """The path of an image URL inside the site, without the palette fragment."""
    return unquote(urlsplit(url).path).lstrip("/")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_published_figure_and_animation_is_shown(visits: dict[str, Visit], built_site: Path, scheme: str) -> None:
    """What figgen publishes (figures/*.svg, the players' animations/*.webp sprite sheets, a
    .dark. variant of each) is what the article shows, in the palette's variant; every
    animations/*.gif in the edition's language is a download link of a player; the article has
    its animations."""
    def is_dark(path: str) -> bool:
        return ".dark." in Path(path).name

    def published(*patterns: str) -> set[str]:
        return {p.relative_to(built_site).as_posix() for pattern in patterns for p in built_site.glob(pattern)}

    wanted = {p for p in edition_files(published("figures/*.svg"), visits[f"{scheme}-{WIDE}"].edition)
              | published("animations/*.webp") if is_dark(p) == (scheme == "dark")}
    # a figure's phone layout is what a phone shows; its wide layout is what a laptop shows
    shown = {_site_path(i["url"]) for width in (WIDE, NARROW)
             for i in visits[f"{scheme}-{width}"].images if i["display"] != "none"}
    missing = sorted(wanted - shown)
    assert not missing, f"published but not shown in the {scheme} palette: {missing}"
    visit = visits[f"{scheme}-{WIDE}"]
    wide_shown = {_site_path(i["url"]) for i in visit.images if i["display"] != "none"}
    assert not {p for p in wide_shown if ".phone." in p}, "a laptop was served a phone layout"
    page_folder = posixpath.dirname(EDITIONS[visit.edition])  # "" or "es"
    linked = {posixpath.normpath(posixpath.join(page_folder, href)) for player in visit.players for href in player["downloads"]}
    offered = edition_gifs(published("animations/*.gif"), visit.edition)
    unlinked = sorted(offered - linked)
    assert not unlinked, f"GIFs published but not offered as downloads: {unlinked}"
    assert linked == offered, f"the {visit.edition} page offers other GIFs: {sorted(linked - offered)}"
    animations = sorted(p for p in wide_shown if p.endswith(".webp"))
    assert len(visit.players) >= MIN_ANIMATIONS and len(animations) == len(visit.players), (
        f"the {scheme} article has {len(visit.players)} players showing {animations}"
    )


@pytest.mark.parametrize("width", (WIDE, NARROW))
def test_no_raw_latex_in_the_text(visits: dict[str, Visit], width: int) -> None:
    text = visits[f"light-{width}"].text
    found = sorted({m.group(0) for m in RAW_LATEX.finditer(text)})
    assert not found, f"raw LaTeX visible to the reader: {found}"


class _Ids(HTMLParser):
    """Collect every id= and name= of an HTML document (link targets)."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for key, value in attrs:
            if key in ("id", "name") and value:
                self.ids.add(value)


@functools.lru_cache(maxsize=None)
def _ids_in(path: Path) -> frozenset[str]:
    parser = _Ids()
    parser.feed(path.read_text(encoding="utf-8"))
    return frozenset(parser.ids)


def _broken_links(links: list[dict[str, str]], built_site: Path, site_url: str) -> list[str]:
    """Links into the site whose file or #fragment does not exist."""
    origin = urlsplit(site_url)
    broken = []
    for link in links:
        url = urlsplit(link["url"])
        if url.scheme not in ("http", "https") or url.netloc != origin.netloc:
            continue  # other sites and mailto: are not this site's to check offline
        target = built_site / unquote(url.path).lstrip("/")
        if url.path.endswith("/") or target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            broken.append(f"{link['href']}: no file {target.relative_to(built_site)}")
            continue
        fragment = unquote(url.fragment)
        if fragment and target.suffix == ".html" and fragment not in _ids_in(target):
            broken.append(f"{link['href']}: no id {fragment!r} in {target.relative_to(built_site)}")
    return broken


def test_internal_links_and_anchors_resolve(visits: dict[str, Visit], built_site: Path, site_url: str) -> None:
    broken = _broken_links(visits[f"light-{WIDE}"].links, built_site, site_url)
    assert not broken, "broken internal links: " + "; ".join(broken)


def test_the_other_pages_work_too(browser: Any, site_url: str, built_site: Path) -> None:
    """The site's other pages (the data files, the build times): no failed or outside request,
    no console error, every image loaded and described, every internal link resolved.
    (404.html is left out: MkDocs writes it with site_url's absolute paths.)"""
    pages = sorted(
        p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html")
        if p.name != "404.html" and p.relative_to(built_site).as_posix() not in EDITIONS.values()
    )
    problems = []
    for path in pages:
        visit = Visit(scheme="light", width=WIDE)
        context = browser.new_context(color_scheme="light", viewport={"width": WIDE, "height": 900})
        try:
            page = _open_article(context, site_url, visit, path)
            _record(page, visit)
        finally:
            context.close()
        found = visit.external_requests + visit.failed_requests + visit.console_errors
        for image in visit.images:
            if not (image["alt"] or "").strip():
                found.append(f"{image['src']}: no alt text")
            if image["display"] != "none" and not (image["complete"] and image["naturalWidth"] > 0):
                found.append(f"{image['src']}: did not load")
        found += _broken_links(visit.links, built_site, site_url)
        problems += [f"{path}: {problem}" for problem in found]
    assert not problems, "; ".join(problems)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_animations_are_animated(visits: dict[str, Visit], scheme: str) -> None:
    """Each player has enough frames, and the sprite sheet it loaded (a lossless WebP of the
    palette's variant) holds a PLANE_PIXELS cell for each, in its grid."""
    from PIL import Image

    from figgen.player import PLANE_PIXELS

    visit = visits[f"{scheme}-{WIDE}"]
    shown = [i for i in visit.images if i["display"] != "none" and i["src"].split("#")[0].endswith(".webp")]
    assert len(shown) == len(visit.players) >= MIN_ANIMATIONS, f"the {scheme} article shows {len(shown)} sprite sheets"
    for image, player in zip(shown, visit.players):
        assert player["frames"] >= MIN_ANIMATION_FRAMES, f"{image['src']}: {player['frames']} frames"
        data = visit.sprite_bytes.get(image["url"].split("#")[0])
        assert data, f"{image['src']}: the page did not load its bytes"
        columns = player["columns"]
        rows = -(-player["frames"] // columns)
        with Image.open(io.BytesIO(data)) as sheet:
            assert sheet.format == "WEBP", f"{image['src']}: is {sheet.format}, not a WebP"
            assert sheet.size == (columns * PLANE_PIXELS, rows * PLANE_PIXELS), f"{image['src']}: {sheet.size}"
        if scheme == "dark":
            assert ".dark." in image["src"], f"{image['src']}: the dark palette shows a light animation"


@pytest.mark.parametrize("scheme", SCHEMES)
def test_no_horizontal_scroll_on_a_phone(visits: dict[str, Visit], scheme: str) -> None:
    overflow = visits[f"{scheme}-{NARROW}"].overflow
    assert overflow["scrollWidth"] <= overflow["clientWidth"], (
        f"the page scrolls sideways at {NARROW} px: scrollWidth {overflow['scrollWidth']} > "
        f"clientWidth {overflow['clientWidth']}; too wide: {overflow['widest']}"
    )


MIN_TEXT_PX = 10  # issue 11: a figure's smallest text as displayed on a 390 px phone


def _drawn(built_site: Path, url: str) -> dict[str, Any]:
    """The drawn.json beside a figure file (figgen.render): its size and smallest font."""
    import json

    path = _site_path(url).replace(".dark.svg", ".svg").removesuffix(".svg") + ".drawn.json"
    return json.loads((built_site / path).read_text(encoding="utf-8"))


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_figure_is_readable_on_a_phone(visits: dict[str, Visit], built_site: Path, scheme: str) -> None:
    """At 390 px, each figure's smallest text, as the browser displays it (the font size figgen
    drew it with, times the displayed width over the file's natural width), is >= 10 CSS px."""
    visit = visits[f"{scheme}-{NARROW}"]
    assert len(visit.figures) >= 15, f"{len(visit.figures)} figures shown"
    report, small = [], []
    for figure in visit.figures:
        drawn = _drawn(built_site, figure["url"])
        assert figure["natural"] == pytest.approx(drawn["width_pt"] * 4 / 3, abs=2.5), figure["url"]
        px = drawn["min_font_pt"] * 4 / 3 * figure["shown"] / figure["natural"]
        name = _site_path(figure["url"])
        report.append(f"{name}: {px:.1f}")
        if px < MIN_TEXT_PX:
            small.append(f"{name} {px:.2f} px")
    print(f"{scheme} at {NARROW} px, smallest figure text in CSS px: " + ", ".join(report))
    assert not small, f"figure text under {MIN_TEXT_PX} CSS px at {NARROW} px: {small}"


@pytest.mark.parametrize("name", ALL_VISITS)
def test_each_figure_is_zoomable_and_the_other_themes_links_are_hidden(visits: dict[str, Visit], name: str) -> None:
    visit = visits[name]
    for figure in visit.figures:  # the shown figure sits in a shown lightbox link to its wide layout
        assert figure["linkShown"] and figure["link"], figure
        assert ".phone." not in figure["link"] and figure["link"].endswith(".svg"), figure
    shown = [link for link in visit.zoom_links if link["shown"]]
    assert len(shown) == len(visit.figures) and len(visit.zoom_links) == 2 * len(visit.figures)
    assert all(link["tabbable"] for link in shown)
    assert not any(link["tabbable"] for link in visit.zoom_links if not link["shown"])
    dark = [link for link in shown if ".dark." in link["href"]]
    assert len(dark) == (len(shown) if visit.scheme == "dark" else 0), "a link of the other palette is shown"


# A point of a figure's image that is no number of it (those explain themselves, figgen-explore.js):
# what a tap there hits is the zoom link.
OUTSIDE_THE_NUMBERS = """(selector) => {
    const link = document.querySelector(selector);
    const r = link.querySelector('img').getBoundingClientRect();
    for (let fy = 0.05; fy < 1; fy += 0.1) {
        for (let fx = 0.05; fx < 1; fx += 0.1) {
            const x = r.left + fx * r.width, y = r.top + fy * r.height;
            if (link.contains(document.elementFromPoint(x, y))) return {x, y};
        }
    }
    return null;
}"""


def test_a_figure_opens_zoomed_on_a_phone(browser: Any, site_url: str) -> None:
    """Tapping a figure on a phone, outside its numbers, opens the lightbox with the wide
    layout, which zooms."""
    visit = Visit(scheme="light", width=NARROW)
    context = browser.new_context(color_scheme="light", viewport={"width": NARROW, "height": 800}, has_touch=True)
    try:
        page = _open_article(context, site_url, visit)
        link = page.locator("#fig-z1 a.figgen-zoom--light")
        link.scroll_into_view_if_needed()
        point = page.evaluate(OUTSIDE_THE_NUMBERS, "#fig-z1 a.figgen-zoom--light")
        assert point, "every point of the figure is one of its numbers: nowhere to tap for the zoom"
        page.touchscreen.tap(point["x"], point["y"])
        page.wait_for_selector(".glightbox-container .gslide-image img", timeout=10_000)
        src = page.evaluate("() => document.querySelector('.glightbox-container .gslide.current img').getAttribute('src')")
    finally:
        context.close()
    assert src.endswith("figures/z1.svg"), src
    assert not visit.console_errors and not visit.failed_requests, (visit.console_errors, visit.failed_requests)


@pytest.mark.parametrize("name", ALL_VISITS)
def test_nothing_is_cut_off_or_unreachable(visits: dict[str, Visit], name: str) -> None:
    """Tables, equations and code fit or scroll in a box the keyboard can focus, with a name."""
    clipped = visits[name].layout["clipped"]
    assert not clipped, f"{name}: {len(clipped)} boxes: " + "; ".join(clipped[:10])


@pytest.mark.parametrize("name", ALL_VISITS)
def test_code_buttons_cover_no_code(visits: dict[str, Visit], name: str) -> None:
    covered = visits[name].layout["covered"]
    assert not covered, f"{name}: " + "; ".join(covered[:10])


@pytest.mark.parametrize("scheme", SCHEMES)
def test_text_keeps_off_the_phone_screens_edges(visits: dict[str, Visit], scheme: str) -> None:
    edge = visits[f"{scheme}-{NARROW}"].layout["edge"]
    assert not edge, f"{scheme}-{NARROW}: text within 8 px of the screen's edge: " + "; ".join(edge)


def test_the_data_files_page_on_a_phone(browser: Any, site_url: str) -> None:
    """The data-files page at 390 px: no sideways scrolling, nothing cut off or unreachable,
    no code under a button, no text against the screen's edge."""
    visit = Visit(scheme="light", width=NARROW)
    context = browser.new_context(color_scheme="light", viewport={"width": NARROW, "height": 900})
    try:
        page = _open_article(context, site_url, visit, "data-files/index.html")
        _record(page, visit)
    finally:
        context.close()
    overflow, layout = visit.overflow, visit.layout
    assert overflow["scrollWidth"] <= overflow["clientWidth"], overflow
    problems = layout["clipped"] + layout["covered"] + layout["edge"]
    assert not problems, "; ".join(problems[:10])


def test_screenshots_are_saved(visits: dict[str, Visit], screenshot_dir: Path) -> None:
    for visit in visits.values():
        assert visit.screenshot and visit.screenshot.stat().st_size > 0, visit.name
    print(f"screenshots: {screenshot_dir}")


def test_palette_toggle_swaps_the_figures(browser: Any, site_url: str) -> None:
    """Click mkdocs-material's palette toggle: the dark variants show, the light ones hide."""
    visit = Visit(scheme="light", width=WIDE)
    context = browser.new_context(color_scheme="light", viewport={"width": WIDE, "height": 900})
    try:
        page = _open_article(context, site_url, visit)
        before = page.evaluate(IMAGES)
        page.locator('form[data-md-component="palette"] label:visible').first.click()
        page.wait_for_function("() => document.body.getAttribute('data-md-color-scheme') === 'slate'")
        page.evaluate(SCROLL_WHOLE_PAGE)
        try:
            page.wait_for_function(SHOWN_IMAGES_COMPLETE, timeout=15_000)
        except Exception:  # noqa: BLE001 -- reported below
            pass
        after = page.evaluate(IMAGES)
    finally:
        context.close()
    assert not visit.console_errors and not visit.failed_requests, (visit.console_errors, visit.failed_requests)
    for image in before:
        if image["src"].endswith(ONLY["dark"]):
            assert image["display"] == "none", f"light palette shows {image['src']}"
    for image in after:
        if image["src"].endswith(ONLY["light"]):
            assert image["display"] == "none", f"after the toggle the light variant {image['src']} still shows"
        if image["src"].endswith(ONLY["dark"]):
            assert image["display"] != "none", f"after the toggle the dark variant {image['src']} is hidden"
            assert image["complete"] and image["naturalWidth"] > 0, f"after the toggle {image['src']} did not load"


def test_the_notebook_downloads_from_the_article(browser: Any, site_url: str, built_site: Path) -> None:
    """The article's notebook link is a download of walkthrough.ipynb: the site's bytes, a notebook."""
    import json

    visit = Visit(scheme="light", width=NARROW)
    context = browser.new_context(color_scheme="light", viewport={"width": NARROW, "height": 900}, accept_downloads=True)
    try:
        page = _open_article(context, site_url, visit)
        link = page.locator('a[href="walkthrough.ipynb"]')
        assert link.count() >= 1, "the article has no link to walkthrough.ipynb"
        assert link.first.get_attribute("download") == "walkthrough.ipynb"
        link.first.scroll_into_view_if_needed()
        with page.expect_download() as download_info:
            link.first.click()
        download = download_info.value
        assert download.suggested_filename == "walkthrough.ipynb"
        data = Path(download.path()).read_bytes()
    finally:
        context.close()
    assert not visit.failed_requests and not visit.external_requests, (visit.failed_requests, visit.external_requests)
    assert data == (built_site / "walkthrough.ipynb").read_bytes()
    notebook = json.loads(data)
    assert notebook["nbformat"] == 4 and any(c["cell_type"] == "code" for c in notebook["cells"])

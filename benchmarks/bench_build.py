"""How fast the site builds, and how many image bytes a reader downloads. One run, this machine.

Prints, in seconds of wall-clock time for `python -m mkdocs build`:

- plain: a 1-page site with only ``theme: {name: material, font: false}`` (the yardstick),
- cold: the project with an empty cache (a fresh FIGGEN_CACHE_DIR),
- warm: the project again, nothing changed,
- prose edit: after a sentence is added to docs/index.md,
- style edit: after a colour of the light theme changes in figgen/style.py,

then the bytes of images and animations that headless Chromium downloads for one view of the
article in the light palette, at 1280 px (desktop) and at 390 px (phone), scrolling the whole
page so lazy images load. Every edit happens in a
temporary copy of the project; the checkout and its cache are never touched.

    .venv/bin/python benchmarks/bench_build.py [--repeat 3]

Quick builds (plain, warm) are run `--repeat` times and the median is reported.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Issue 13's targets; issue 14's: mkdocs-static-i18n builds the site once per edition, so the
# warm target is per edition (warm / plain / editions), the cold one for the whole site.
TARGETS = {"cold/plain": 40.0, "warm/plain per edition": 2.5}
# Issue 11's budget: one page view (one palette, one width) downloads no more image and
# animation bytes than the light page did before the players (1,072,802 bytes, 2026-11-25).
BYTES_TARGET = 1_072_802
WIDTHS = {"desktop": 1280, "phone": 390}  # CSS px
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


def mkdocs_build(project: Path, site: Path, env: dict[str, str]) -> float:
    """Seconds one `mkdocs build` of `project` into `site` takes; fails loudly on an error."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(site)],
        cwd=project, env=env, capture_output=True, text=True,
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"mkdocs build in {project} failed:\n{done.stdout}\n{done.stderr}")
    return seconds


def median_build(project: Path, site: Path, env: dict[str, str], repeat: int) -> float:
    return statistics.median(mkdocs_build(project, site, env) for _ in range(repeat))


def copy_project(dest: Path) -> Path:
    """The checkout's tracked and untracked (not ignored) files, copied to `dest`."""
    names = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, capture_output=True, check=True,
    ).stdout.split(b"\0")
    for name in filter(None, names):
        src = ROOT / os.fsdecode(name)
        if src.is_file():
            target = dest / os.fsdecode(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(src.read_bytes())
    return dest


def edit(path: Path, pattern: str, replace: str) -> None:
    """Replace the first match of `pattern` in `path` (and fail if there is none)."""
    text = path.read_text()
    new, count = re.subn(pattern, replace, text, count=1)
    if count != 1:
        raise SystemExit(f"benchmark: {pattern!r} not found in {path}")
    path.write_text(new)


def image_bytes(site: Path, scheme: str = "light", width: int = 1280) -> tuple[int, int]:
    """(bytes, requests) of images a reader's browser downloads for the article's page."""
    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (http.server's name)
            pass

    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sizes: dict[str, int] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)

            def on_response(response) -> None:
                if response.request.resource_type == "image" and response.ok:
                    sizes[response.url] = len(response.body())

            page.on("response", on_response)
            page.goto(f"http://127.0.0.1:{server.server_port}/", wait_until="networkidle")
            y = 0
            while y < page.evaluate("document.documentElement.scrollHeight"):  # grows as images load
                y += 450  # a reader scrolling to the end
                page.evaluate(f"window.scrollTo(0, {y})")
                page.wait_for_timeout(60)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(500)
            missing = page.evaluate(
                "[...document.images].filter(i => getComputedStyle(i).display !== 'none'"
                " && i.getBoundingClientRect().width > 0 && !(i.complete && i.naturalWidth > 0))"
                ".map(i => i.getAttribute('src'))"
            )
            if missing:  # a visible image that never loaded would make the count too low
                raise SystemExit(f"benchmark: images on the page did not load: {missing}")
            browser.close()
    finally:
        server.shutdown()
    return sum(sizes.values()), len(sizes)


def count_editions(site: Path) -> int:
    """The languages the site was built in: the root, and each language's folder."""
    from figgen.i18n import LANGUAGES

    return 1 + sum((site / lang / "index.html").is_file() for lang in LANGUAGES[1:])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each quick build (median)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="figgen-bench-") as tmp:
        tmp_path = Path(tmp)
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        env.pop("FIGGEN_FORCE", None)

        plain = tmp_path / "plain"
        (plain / "docs").mkdir(parents=True)
        (plain / "mkdocs.yml").write_text("site_name: Plain\ntheme:\n  name: material\n  font: false\n")
        (plain / "docs" / "index.md").write_text("# Plain\n\nOne page.\n")
        plain_s = median_build(plain, tmp_path / "plain-site", env, args.repeat)

        project = copy_project(tmp_path / "project")
        project_env = {**env, "PYTHONPATH": str(project / "src"), "FIGGEN_CACHE_DIR": str(tmp_path / "cache")}
        site = tmp_path / "site"
        cold_s = mkdocs_build(project, site, project_env)
        warm_s = median_build(project, tmp_path / "site-warm", project_env, args.repeat)
        edit(project / "docs" / "index.md", r"\n\Z", "\n\nOne more sentence, for the benchmark.\n")
        prose_s = mkdocs_build(project, tmp_path / "site-prose", project_env)
        edit(project / "src" / "figgen" / "style.py", r'panel="#[0-9a-fA-F]{6}"', 'panel="#f1f2f5"')
        style_s = mkdocs_build(project, tmp_path / "site-style", project_env)
        downloads = {device: image_bytes(site, "light", width) for device, width in WIDTHS.items()}
        editions = count_editions(site)

    rows = [
        ("plain build (1 page, material)", plain_s),
        ("cold build (empty cache)", cold_s),
        ("warm build (nothing changed)", warm_s),
        ("after a prose-only edit", prose_s),
        ("after a style-only edit", style_s),
    ]
    print(f"figgen build benchmark ({os.cpu_count()} cores, median of {args.repeat} for plain and warm)")
    for label, seconds in rows:
        print(f"  {label:<34} {seconds:7.2f} s")
    ratios = {"cold/plain": cold_s / plain_s, "warm/plain": warm_s / plain_s,
              "warm/plain per edition": warm_s / plain_s / editions}
    for name, value in ratios.items():
        target = TARGETS.get(name)
        verdict = "" if target is None else f"   (target <= {target:g} x: {'ok' if value <= target else 'OVER TARGET'})"
        print(f"  {name:<34} {value:7.1f} x{verdict}")
    print(f"  {'editions (languages)':<34} {editions:7d}")
    for device, (downloaded, requests) in downloads.items():
        verdict = "ok" if downloaded <= BYTES_TARGET else "OVER TARGET"
        label = f"images + animations, light, {device}"
        print(f"  {label:<34} {downloaded:>9,d} bytes in {requests} requests (target <= {BYTES_TARGET:,d}: {verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

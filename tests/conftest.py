"""Shared fixtures: one real `mkdocs build --strict` per test session, and one browser.

The browser fixtures (Debian's Chromium driven by python-playwright, the built site served
on 127.0.0.1) live here so that the browser test modules (test_browser.py,
test_accessibility.py, test_player.py, test_versions.py) share one Playwright session: two at
once cannot run in one process.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any, Iterator

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Debian's Chromium (never `playwright install`), driven headless by python-playwright.
CHROMIUM = Path(os.environ.get("FIGGEN_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
INSTALL_HINT = "install Debian's Chromium with `apt-get install -y chromium` (never `playwright install`)"

# Where the browser tests saved their screenshots; printed at the end of the run.
SCREENSHOTS = pytest.StashKey[Path]()

def in_ci() -> bool:
    """CI=true (as set by .ci/run and most CI services): missing tools fail instead of skipping."""
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the site once with `mkdocs build --strict` into a temporary folder."""
    site = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ},
    )
    assert result.returncode == 0, f"mkdocs build failed:\n{result.stdout}\n{result.stderr}"
    build_log(site).write_text(result.stderr, encoding="utf-8")
    return site


def build_log(site: Path) -> Path:
    """Where `built_site` keeps the log of the build that made `site` (beside it)."""
    return site.with_name(site.name + ".log")


# The browser ----------------------------------------------------------------------------

class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (http.server's name)
        pass  # the tests report failed requests themselves


@pytest.fixture(scope="session")
def chromium() -> Path:
    """Debian's Chromium and python-playwright, or a skip (a failure under CI=true).

    Each browser test module requests it from an autouse fixture, so a missing browser is
    reported before the site is built.
    """
    problem = None
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        problem = "python playwright is not installed (pip install -e '.[test]')"
    if problem is None and not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        problem = f"Chromium not found at {CHROMIUM}: {INSTALL_HINT}"
    if problem:
        if in_ci():
            pytest.fail(f"CI=true and the browser tests cannot run: {problem}", pytrace=False)
        pytest.skip(problem)
    return CHROMIUM


@contextlib.contextmanager
def served(folder: Path) -> Iterator[str]:
    """`folder` served over HTTP on 127.0.0.1 at a free port, from a daemon thread; yields its URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site served over HTTP on 127.0.0.1."""
    with served(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser(chromium: Path) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, exitstatus: int, config: pytest.Config) -> None:
    folder = config.stash.get(SCREENSHOTS, None)
    if folder is not None:
        terminalreporter.write_line(f"browser screenshots (light/dark, 1280 and 390 px): {folder}")


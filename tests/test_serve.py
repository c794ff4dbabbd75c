"""`mkdocs serve`, the author's loop: an edit of figgen's source is picked up by the next
rebuild in the same process (figgen forgets its stale modules), and the rebuild says what it
is making while it makes it."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import ROOT

SKIP = shutil.ignore_patterns(".git", ".venv", "site", ".cache", "screenshots", "*.egg-info", "__pycache__",
                              ".hypothesis", ".pytest_cache", "node_modules")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read()
    except OSError:
        return None


def _wait(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.25)
    return False


def test_serve_picks_up_an_edit_of_figgens_source(tmp_path: Path, built_site: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(ROOT, project, ignore=SKIP)
    # the session's build filled the checkout's cache: the copy's first build starts warm
    if (ROOT / ".cache" / "figgen").is_dir():
        shutil.copytree(ROOT / ".cache" / "figgen", tmp_path / "cache")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - figgen:\n", "  - figgen:\n      training: []\n", 1))
    # only the data files page: the article quotes training runs, which this quick site has none of
    (project / "docs" / "index.md").write_text("# Quick\n\nThe loss is {{ loss }}.\n")
    (project / "docs" / "data-files.md").unlink()
    (project / "docs" / "index.es.md").write_text("# Rápido\n\nLa pérdida es {{ loss }}.\n")  # the same, in Spanish
    (project / "docs" / "data-files.es.md").unlink()
    config.write_text(config.read_text().replace("  - The data files: data-files.md\n", ""))
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("FIGGEN_")}
    env.update(PYTHONPATH=str(project / "src"), FIGGEN_CACHE_DIR=str(tmp_path / "cache"), NO_MKDOCS_2_WARNING="1",
               PYTHONUNBUFFERED="1")
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    try:
        base = f"http://127.0.0.1:{port}/backprop-by-the-numbers/"
        assert _wait(lambda: _get(base + "figures/z1.svg") is not None, 600), log.read_text()
        before = _get(base + "figures/z1.svg")
        page = _get(base)
        assert b"The loss is 0.30052460" in page
        # an edit of a figure module and of the page filler's source
        equations = project / "src" / "figgen" / "figures" / "equations.py"
        text = equations.read_text()
        z1 = '("z_1", "X", "W_1", "b_1")'  # the symbols z1's figure writes
        assert text.count(z1) == 1, "z1's figure is no longer drawn this way: update the edit"
        equations.write_text(text.replace(z1, '("z_1", "X", "W_1", "b_{1}")'))
        facts = project / "src" / "figgen" / "prose.py"
        facts.write_text(facts.read_text().replace('DEFAULT_SPEC = ".8f"', 'DEFAULT_SPEC = ".6f"', 1))
        assert _wait(lambda: _get(base + "figures/z1.svg") not in (None, before), 600), log.read_text()
        assert _wait(lambda: b"The loss is 0.300525." in (_get(base) or b""), 120), log.read_text()
        text = log.read_text()
        # z1 is remade for its own module's edit (the prose edit remakes the figures that
        # format numbers with figgen.prose too: their keys hold it)
        assert re.search(r"figgen: figures: rebuilt [^(]*figures/z1\b[^(]*\(source changed: [^)]*figgen/figures/equations\.py", text), text
        assert "source changed: figgen/figures/equations.py" in text
    finally:
        server.terminate()
        server.wait(timeout=30)

"""The package a reader installs: the wheel the site ships, and what the core install needs.

- The build writes a wheel of the current source into the site, byte-identical between two
  builds, and the page quotes its name and sha256 with instructions to pip install it.
- Installed from that file into a fresh virtualenv (no MkDocs), `figgen animate` and
  `figgen build` run, and the cache goes to the user's cache folder, not the virtualenv.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import os
import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

import figgen
from conftest import ROOT, in_ci
from figgen.wheel import build_wheel

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def test_the_wheel_is_byte_identical_between_builds_and_holds_the_whole_package() -> None:
    first, second = build_wheel(), build_wheel()
    assert first.data == second.data and first.sha256 == hashlib.sha256(first.data).hexdigest()
    assert build_wheel(epoch=1_700_000_000).data != first.data  # SOURCE_DATE_EPOCH reaches the zip
    archive = zipfile.ZipFile(io.BytesIO(first.data))
    names = archive.namelist()
    package = sorted(p.relative_to(ROOT / "src").as_posix() for p in (ROOT / "src" / "figgen").rglob("*.py"))
    assert [n for n in names if n.startswith("figgen/")] == package
    for name in package:  # the source as it is now
        assert archive.read(name) == (ROOT / "src" / name).read_bytes(), name
    info = next(n.split("/")[0] for n in names if n.endswith(".dist-info/METADATA"))
    assert info == f"backprop_by_the_numbers-{figgen.__version__}.dist-info"
    assert first.filename == f"backprop_by_the_numbers-{figgen.__version__}-py3-none-any.whl"
    metadata = archive.read(f"{info}/METADATA").decode()
    assert "Name: backprop-by-the-numbers" in metadata
    for requirement in PYPROJECT["dependencies"]:
        assert f"Requires-Dist: {requirement}\n" in metadata
    assert 'Requires-Dist: mkdocs>=1.6,<2 ; extra == "site"' in metadata
    entry_points = archive.read(f"{info}/entry_points.txt").decode()
    assert "figgen = figgen.cli:main" in entry_points and "figgen = figgen.mkdocs_plugin:FiggenPlugin" in entry_points
    for path, digest, size in csv.reader(io.StringIO(archive.read(f"{info}/RECORD").decode())):
        if path.endswith("RECORD"):
            continue
        data = archive.read(path)
        expected = "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        assert (digest, int(size)) == (expected, len(data)), path


def test_the_site_ships_the_wheel_and_the_page_says_how_to_install_it(built_site: Path) -> None:
    wheels = list((built_site / "downloads").glob("*.whl"))
    assert len(wheels) == 1
    wheel = wheels[0]
    assert wheel.read_bytes() == build_wheel().data, "the site's wheel is not the current source"
    html = (built_site / "index.html").read_text()
    sha = hashlib.sha256(wheel.read_bytes()).hexdigest()
    assert sha in html
    assert f'href="downloads/{wheel.name}"' in html
    text = re.sub(r"<[^>]+>", "", html)  # the code block is highlighted: words sit in spans
    assert f"pip install ./{wheel.name}" in text
    assert "git+" not in html, "the install command still needs a repository URL"


def _pip_install(venv: Path, *args: str) -> None:
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    done = subprocess.run([str(venv / "bin" / "pip"), "install", "-q", *args], capture_output=True, text=True, timeout=900)
    if done.returncode != 0 and not in_ci() and "Could not find a version" in done.stderr:
        pytest.skip(f"no package index reachable here: {done.stderr[-300:]}")
    assert done.returncode == 0, done.stderr


def test_the_shipped_wheel_installs_in_a_fresh_venv_and_runs(built_site: Path, tmp_path: Path) -> None:
    """As a reader would: download the file, pip install it, run figgen. The core install has
    no MkDocs, and the cache of a `figgen build` goes to the user's cache folder."""
    wheel = next((built_site / "downloads").glob("*.whl"))
    venv = tmp_path / "venv"
    _pip_install(venv, str(wheel))
    listed = subprocess.run([str(venv / "bin" / "pip"), "list"], capture_output=True, text=True).stdout.lower()
    assert "backprop-by-the-numbers" in listed and "mkdocs" not in listed and "latex2mathml" not in listed
    work = tmp_path / "work"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FIGGEN_", "PYTHON"))}
    env["XDG_CACHE_HOME"] = str(tmp_path / "user-cache")
    figgen = str(venv / "bin" / "figgen")
    done = subprocess.run([figgen, "animate", "--hidden", "3", "--steps", "40", "--frames", "5", "-o", "run.gif"],
                          cwd=work, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert (work / "run.gif").read_bytes()[:6] == b"GIF89a"
    imported = subprocess.run([str(venv / "bin" / "python"), "-c", "import figgen; print(figgen.__file__)"],
                              cwd=work, env=env, capture_output=True, text=True).stdout
    assert imported.startswith(str(venv)), "the test ran another figgen than the installed one"
    done = subprocess.run([figgen, "build", "--out", "out"], cwd=work, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    assert (work / "out" / "data" / "walkthrough.json").is_file()
    assert any((tmp_path / "user-cache" / "figgen" / "entries").rglob("*.entry")), "the cache is not in the user's cache folder"
    assert not [p for p in venv.rglob("*.entry")], "the cache was written into the virtualenv"


def test_the_readme_commands_need_no_activated_venv() -> None:
    text = (ROOT / "README.md").read_text()
    for marker in ("build-command", "test-command"):
        block = re.search(rf"<!-- {marker} -->\s*```\w*\n(.*?)\n```", text, re.DOTALL)[1]
        commands = [part.strip() for part in block.split("&&")]
        assert all(c.startswith(("python3 -m venv", ".venv/bin/")) for c in commands), commands
    for line in re.findall(r"^\s*(?:PYTHONPATH=\S+ )?python3? benchmarks/\S+", text, re.MULTILINE):
        pytest.fail(f"a benchmark command needs an activated venv or PYTHONPATH: {line!r}")

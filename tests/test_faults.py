"""Bad input and faults, through the public doors: `mkdocs build`, `figgen build`, FIGGEN_*.

- Every setting (mkdocs.yml's extra.figgen, FIGGEN_* variables, command-line options) is
  checked before any work; a bad one stops the build with one line naming the setting, the
  bad value and what is valid.
- A figure function that raises stops the build with the figure's name and the original
  traceback, and leaves nothing half-written in the site or the cache.
- A build killed mid-way (kill -9) leaves the cache usable: the next build is byte-identical
  to a clean one.
- Without Chromium the browser tests skip with an install hint, but fail under CI=true.

Builds run in a subprocess on a copy of the project (src, scripts, docs, mkdocs.yml) with
their own FIGGEN_CACHE_DIR, so the checkout and its cache are never touched.
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT
from figgen import cli

SKIP_IN_COPY = shutil.ignore_patterns(
    ".git", ".venv", "site", ".cache", "screenshots", "*.egg-info", "__pycache__", ".hypothesis", ".pytest_cache"
)


def _copy_project(dest: Path) -> Path:
    shutil.copytree(ROOT, dest, ignore=SKIP_IN_COPY)
    return dest


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project to build (and break) without touching the checkout."""
    return _copy_project(tmp_path / "project")


def _env(project: Path, cache: Path, **extra: str) -> dict[str, str]:
    """The environment of a build of `project`: its own source, its own cache, no stray FIGGEN_*."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FIGGEN_")}
    env.update(PYTHONPATH=str(project / "src"), FIGGEN_CACHE_DIR=str(cache), **extra)
    return env


def mkdocs_build(project: Path, cache: Path, site: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=project, env=_env(project, cache, **env), capture_output=True, text=True, timeout=600,
    )


def figgen_build_cmd(project: Path, out: Path, *options: str) -> list[str]:
    return [sys.executable, "-m", "figgen.cli", "build", "--out", str(out), "--config", str(project / "mkdocs.yml"), *options]


def figgen_build(project: Path, cache: Path, out: Path, *options: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        figgen_build_cmd(project, out, *options),
        cwd=project, env=_env(project, cache, **env), capture_output=True, text=True, timeout=600,
    )


def _files(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` by its relative path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _assert_same_files(got: Path, want: Path) -> None:
    got_files, want_files = _files(got), _files(want)
    assert sorted(got_files) == sorted(want_files), "a different set of files than a clean build"
    differ = [name for name in want_files if got_files[name] != want_files[name]]
    assert not differ, f"not byte-identical to a clean build: {differ}"


def _did_no_work(output: str) -> bool:
    """No output group ran: the build's per-group log lines ("figgen: figures: ...") are absent."""
    return "rebuilt" not in output and "from cache" not in output


def _one_error_line(output: str) -> None:
    assert "Traceback" not in output, f"a traceback instead of one clear line:\n{output}"


# --- mkdocs.yml's extra.figgen -----------------------------------------------------------

def _set_figgen_config(project: Path, yaml_block: str) -> None:
    """Override settings under `extra: figgen:` of the copy's mkdocs.yml with `yaml_block`
    (a child config that INHERITs the real one, so the rest of the site stays as it is)."""
    config = project / "mkdocs.yml"
    original = project / "mkdocs.base.yml"
    config.rename(original)
    config.write_text(f"INHERIT: mkdocs.base.yml\nextra:\n  figgen:\n{yaml_block}\n")


def _quick_training() -> str:
    """extra.figgen YAML for the article's training runs, same names and networks, but a few
    steps and frames: builds that test faults need real work to break, not the full runs."""
    from figgen.config import ARTICLE_RUNS

    lines = ["    training:"]
    for run in ARTICLE_RUNS:
        lines += [
            f"      - name: {run.name}",
            f"        network: {{hidden: {run.hidden}, bias: {str(run.bias).lower()}}}",
            f"        learning_rate: {float(run.learning_rate)!r}",
            "        steps: 60",
            "        frames: 4",
        ]
    return "\n".join(lines)


@pytest.mark.parametrize(
    ("yaml_block", "expected"),
    [
        ("    walkthrough:\n      learning_rate: -1", ["walkthrough.learning_rate=-1", "finite number > 0"]),
        ("    walkthrough:\n      learning_rate: fast", ["walkthrough.learning_rate='fast'", "finite number"]),
        ("    walkthrough:\n      learning_rate: 1e-3", ["walkthrough.learning_rate='1e-3'", "finite number", "YAML reads 1e-3 as text"]),
        ("    walkthrough:\n      row: 300", ["walkthrough.row=300", "data.n_points=300"]),
        ("    walkthrough:\n      network:\n        hidden: 0", ["network.hidden=0", "integer >= 1"]),
        ("    walkthrough:\n      network:\n        hidden: 2.5", ["network.hidden=2.5", "integer >= 1"]),
        ("    walkthrough:\n      speed: 2", ["unknown setting walkthrough.speed", "walkthrough.learning_rate"]),
        ("    colour: red", ["unknown setting colour", "walkthrough"]),
        ("    png: maybe", ["png='maybe'", "true or false"]),
        ("    walkthrough: 3", ["walkthrough=3", "mapping"]),
    ],
    ids=["negative", "text", "yaml-1e-3-is-text", "row-out-of-range", "hidden-0", "hidden-float", "unknown-key",
         "unknown-top-key", "png-not-bool", "not-a-mapping"],
)
def test_bad_mkdocs_setting_stops_the_build(project: Path, tmp_path: Path, yaml_block: str, expected: list[str]) -> None:
    _set_figgen_config(project, yaml_block)
    site = tmp_path / "site"
    result = mkdocs_build(project, tmp_path / "cache", site)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    errors = [line for line in output.splitlines() if "mkdocs.yml extra.figgen" in line]
    assert len(errors) == 1, f"expected one error line naming mkdocs.yml extra.figgen:\n{output}"
    for fragment in expected:
        assert fragment in errors[0], f"{fragment!r} not in {errors[0]!r}"
    _one_error_line(output)
    assert _did_no_work(output), f"work was done before the setting was checked:\n{output}"
    assert not (site / "figures").exists()


# --- environment variables ---------------------------------------------------------------

BAD_ENVIRONMENT = [
    ({"FIGGEN_FORCE": "maybe"}, ["FIGGEN_FORCE='maybe'", "'1'"]),
    ({"FIGGEN_JOBS": "0"}, ["FIGGEN_JOBS='0'", "integer >= 1"]),
    ({"FIGGEN_JOBS": "two"}, ["FIGGEN_JOBS='two'", "integer >= 1"]),
    ({"FIGGEN_FROCE": "1"}, ["unknown environment variable FIGGEN_FROCE='1'", "FIGGEN_FORCE"]),
    ({"FIGGEN_CACHE_DIR": "<a file>"}, ["FIGGEN_CACHE_DIR=", "expected a folder"]),
]


@pytest.mark.parametrize("command", ["mkdocs", "figgen"])
@pytest.mark.parametrize(("bad", "expected"), BAD_ENVIRONMENT, ids=[next(iter(b)) + "=" + next(iter(b.values())) for b, _ in BAD_ENVIRONMENT])
def test_bad_environment_variable_stops_the_build(
    project: Path, tmp_path: Path, command: str, bad: dict[str, str], expected: list[str]
) -> None:
    cache = tmp_path / "cache"
    if bad.get("FIGGEN_CACHE_DIR") == "<a file>":
        cache = tmp_path / "a-file"
        cache.write_text("not a folder")
        bad = {}
    out = tmp_path / "out"
    if command == "mkdocs":
        result = mkdocs_build(project, cache, out, **bad)
    else:
        result = figgen_build(project, cache, out, **bad)
        assert result.returncode == 2
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    for fragment in expected:
        assert fragment in output, f"{fragment!r} not in:\n{output}"
    _one_error_line(output)
    assert _did_no_work(output), output
    assert not (out / "figures").exists()


# --- command-line options ----------------------------------------------------------------

def _cli_error(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """Run `figgen argv` in-process; it must exit with status 2. Returns stderr."""
    with pytest.raises(SystemExit) as exit_info:
        cli.main(argv)
    assert exit_info.value.code == 2
    return capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["build"], ["--out"]),
        (["build", "--out", "{file}"], ["argument --out", "not a file"]),
        (["build", "--out", "{tmp}/out", "--jobs", "0"], ["argument --jobs", "'0'", "integer >= 1"]),
        (["build", "--out", "{tmp}/out", "--jobs", "many"], ["argument --jobs", "'many'"]),
        (["build", "--out", "{tmp}/out", "--config", "{tmp}/missing.yml"], ["argument --config", "missing.yml"]),
        (["build", "--out", "{tmp}/out", "--colour", "red"], ["--colour"]),
        (["paint"], ["'paint'", "build"]),
    ],
    ids=["no-out", "out-is-a-file", "jobs-0", "jobs-text", "config-missing", "unknown-option", "unknown-command"],
)
def test_bad_command_line_option_exits_2_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], expected: list[str]
) -> None:
    a_file = tmp_path / "a-file"
    a_file.write_text("")
    argv = [a.format(tmp=tmp_path, file=a_file) for a in argv]
    err = _cli_error(argv, capsys)
    for fragment in expected:
        assert fragment in err, f"{fragment!r} not in {err!r}"
    assert not (tmp_path / "out").exists()


def test_bad_setting_in_the_config_file_given_to_figgen_build(project: Path, tmp_path: Path) -> None:
    _set_figgen_config(project, "    walkthrough:\n      learning_rate: 0")
    result = figgen_build(project, tmp_path / "cache", tmp_path / "out")
    assert result.returncode == 2
    assert "mkdocs.yml extra.figgen: walkthrough.learning_rate=0 is not valid" in result.stderr, result.stderr
    _one_error_line(result.stderr)
    assert not (tmp_path / "out").exists()


# --- a figure that raises ----------------------------------------------------------------

def _break_a_figure(project: Path) -> tuple[str, str]:
    """Make one registered figure's draw function raise, in the copy's source.

    Returns (stem, the injected line). The raise goes first in the function's body, so the
    traceback points into the figure's own module, as a real bug would.
    """
    from figgen.figures import load_all

    specs = load_all()
    draws = [spec.draw for spec in specs.values()]
    for stem, spec in specs.items():
        module = sys.modules[spec.draw.__module__]
        if getattr(module, spec.draw.__name__, None) is spec.draw and draws.count(spec.draw) == 1:
            break
    else:
        pytest.fail("no figure has a module-level draw function of its own to break")
    path = project / "src" / Path(*spec.draw.__module__.split(".")).with_suffix(".py")
    lines = path.read_text().splitlines(keepends=True)
    (func,) = [n for n in ast.parse("".join(lines)).body if isinstance(n, ast.FunctionDef) and n.name == spec.draw.__name__]
    first = func.body[0]
    injected = f'raise ZeroDivisionError("injected fault in {stem}")'
    lines.insert(first.lineno - 1, " " * first.col_offset + injected + "\n")
    path.write_text("".join(lines))
    return stem, injected


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_failing_figure_stops_the_build_naming_it_with_the_traceback(project: Path, tmp_path: Path, jobs: str) -> None:
    _set_figgen_config(project, _quick_training())
    stem, injected = _break_a_figure(project)
    cache, site = tmp_path / "cache", tmp_path / "site"
    result = mkdocs_build(project, cache, site, FIGGEN_JOBS=jobs)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert f"figure {stem!r}" in output, f"the figure's name is not in the output:\n{output}"
    assert injected in output, f"the original traceback (the failing line) is not in the output:\n{output}"
    assert "ZeroDivisionError" in output
    # nothing half-written: no file of the failed figure, no temporary file, in the site or the cache
    assert not list(site.rglob(f"{stem}.*")), "the failed figure reached the site"
    for folder in (site, cache):
        leftovers = [p for p in folder.rglob("*") if p.name.endswith(".tmp") or p.name.startswith(".")]
        assert not leftovers, f"half-written files left in {folder}: {leftovers}"


# --- a training run that diverges ---------------------------------------------------------

@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_diverging_run_is_reported_as_divergence_and_never_plotted(project: Path, tmp_path: Path, jobs: str) -> None:
    """A run configured with a learning rate that blows up: the build stops with one line
    saying which run diverged, and no animation of it exists anywhere. With 2 jobs the error
    crosses a process boundary (it must survive pickling to be reported as itself)."""
    from figgen.config import ARTICLE_RUNS

    name = ARTICLE_RUNS[0].name
    block = _quick_training()
    first = f"      - name: {name}\n"
    assert first in block
    block = block.replace(first, first + "        reg: 1.0e-4\n", 1)
    block = block.replace(f"learning_rate: {float(ARTICLE_RUNS[0].learning_rate)!r}", "learning_rate: 1.0e+9", 1)
    _set_figgen_config(project, block)
    cache, site = tmp_path / "cache", tmp_path / "site"
    result = mkdocs_build(project, cache, site, FIGGEN_JOBS=jobs)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert f"training run {name!r} diverged at step" in output, output
    assert "smaller learning rate" in output
    _one_error_line(output)
    plotted = [p for p in (*site.rglob(f"{name}*"), *cache.rglob("*animations*"))]
    assert not plotted, f"the diverged run was plotted: {plotted}"


# --- settings that reach the build, and killed builds --------------------------------------

# The clean build's configuration: another observation and learning rate than the defaults
# (so a setting that is ignored shows), and quick training runs.
ROW, LEARNING_RATE = 5, 0.5


@dataclass(frozen=True)
class CleanBuild:
    project: Path  # a copy of the project configured with ROW, LEARNING_RATE and quick training
    out: Path  # what `figgen build --force` wrote, starting from an empty cache
    cache: Path  # the cache that build filled
    seconds: float  # how long it took


@pytest.fixture(scope="module")
def clean_build(tmp_path_factory: pytest.TempPathFactory) -> CleanBuild:
    root = tmp_path_factory.mktemp("clean")
    project = _copy_project(root / "project")
    block = f"    walkthrough:\n      row: {ROW}\n      learning_rate: {LEARNING_RATE}\n" + _quick_training()
    _set_figgen_config(project, block)
    out, cache = root / "out", root / "cache"
    start = time.perf_counter()
    result = figgen_build(project, cache, out, "--force")
    seconds = time.perf_counter() - start
    assert result.returncode == 0, result.stderr
    return CleanBuild(project, out, cache, seconds)


def test_figgen_build_uses_the_sites_settings(clean_build: CleanBuild) -> None:
    """extra.figgen in the --config file reaches `figgen build`: the JSON is of row ROW."""
    from figgen.config import WalkthroughConfig
    from figgen.walkthrough import compute_walkthrough

    data = json.loads((clean_build.out / "data" / "walkthrough.json").read_text())
    expected = compute_walkthrough(WalkthroughConfig(row=ROW, learning_rate=LEARNING_RATE))
    assert data["X"] == expected.X.tolist()
    assert data["learning_rate"] == LEARNING_RATE
    assert data["X"] != compute_walkthrough().X.tolist()


def test_mkdocs_build_makes_the_same_files_with_the_same_settings(clean_build: CleanBuild, tmp_path: Path) -> None:
    """mkdocs build (gen-files script, hooks) reads extra.figgen too: every file figgen build
    made is in the site, byte for byte (the cache is warm, so this build is quick)."""
    site = tmp_path / "site"
    result = mkdocs_build(clean_build.project, clean_build.cache, site)
    assert result.returncode == 0, result.stdout + result.stderr
    for rel, data in _files(clean_build.out).items():
        assert (site / rel).is_file(), f"{rel} is missing from the site"
        assert (site / rel).read_bytes() == data, f"{rel} differs between figgen build and mkdocs build"


def test_a_build_killed_mid_way_leaves_the_cache_usable(clean_build: CleanBuild, tmp_path: Path) -> None:
    """kill -9 a cold build mid-way; the next build with the same cache must make exactly the
    clean build's files.

    Mid-way: as soon as the cache holds more than its first entry (the build is past planning
    and has results of its own), or at half a clean build's time, whichever comes first; so
    the kill lands inside the build however loaded the machine is."""
    cache = tmp_path / "cache"
    killed = subprocess.Popen(
        figgen_build_cmd(clean_build.project, tmp_path / "killed"), cwd=clean_build.project,
        env=_env(clean_build.project, cache), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + clean_build.seconds / 2
    while time.monotonic() < deadline and killed.poll() is None:
        if sum(p.is_file() for p in cache.rglob("*")) > 2:
            break
        time.sleep(0.02)
    os.killpg(killed.pid, signal.SIGKILL)  # the build and its worker processes, as a crash would
    assert killed.wait(timeout=60) == -signal.SIGKILL, "the build ended before it could be killed"
    assert any(cache.rglob("*")), "killed before the cache was written: not mid-way"
    out = tmp_path / "out"
    result = figgen_build(clean_build.project, cache, out)
    assert result.returncode == 0, result.stderr
    assert "from cache" in result.stderr, "the next build used nothing the killed one cached"
    _assert_same_files(out, clean_build.out)


# --- the browser tests without a browser -------------------------------------------------

@pytest.mark.parametrize("ci", ["true", ""])
@pytest.mark.parametrize("missing", ["chromium", "playwright"])
def test_a_missing_browser_is_a_failure_in_ci_and_a_skip_elsewhere(tmp_path: Path, ci: str, missing: str) -> None:
    """Run the browser tests without Chromium (FIGGEN_CHROMIUM points nowhere) or without
    python-playwright (a stand-in package that fails to import comes first on the path)."""
    env = {**os.environ, "CI": ci}
    if missing == "chromium":
        env["FIGGEN_CHROMIUM"] = str(tmp_path / "no-chromium")
        hint = "apt-get install -y chromium"
    else:
        shim = tmp_path / "shim" / "playwright"
        shim.mkdir(parents=True)
        (shim / "__init__.py").write_text('raise ImportError("playwright is not installed here")\n')
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(shim.parent), os.environ.get("PYTHONPATH")]))
        hint = "pip install -e '.[test]'"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", str(ROOT / "tests" / "test_browser.py"), "-q", "-rs", "-p", "no:cacheprovider"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )
    output = result.stdout + result.stderr
    assert hint in output, output
    if ci:
        assert result.returncode != 0, f"CI=true must fail without {missing}:\n{output}"
        assert "CI=true" in output and "passed" not in output
    else:
        assert result.returncode == 0, output
        assert "skipped" in output and "failed" not in output and "error" not in output.lower()

"""Bad input and faults, through the public doors: `mkdocs build`, `figgen build`, FIGGEN_*.

- Every setting (the figgen plugin's options in mkdocs.yml, FIGGEN_* variables, command-line
  options) has a range the code can honour and is checked before any work; a bad one stops
  the build with one line naming the setting, the bad value and what is valid. Training runs
  larger than the work budget are refused before they start.
- A figure that raises stops the build with one line naming the output and the file:line,
  then one traceback; a bad style value or a typo in the docs stops it with one line.
- Killed and interrupted builds: workers end with the main process, Ctrl-C is one line and
  exit 130, the next build is byte-identical to a clean one, nothing temporary is published.
- The cache vouches for what it serves: swapped or malformed entries and records are misses,
  and the user's matplotlibrc changes nothing.
- Without Chromium the browser tests skip with an install hint, but fail under CI=true.

Builds run in a subprocess on a copy of the project (src, scripts, docs, mkdocs.yml) with
their own FIGGEN_CACHE_DIR, so the checkout and its cache are never touched.
"""

from __future__ import annotations

import ast
import json
import os
import re
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
    ".git", ".venv", "site", ".cache", "screenshots", "*.egg-info", "__pycache__", ".hypothesis", ".pytest_cache",
    "node_modules",
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
    env.update(PYTHONPATH=str(project / "src"), FIGGEN_CACHE_DIR=str(cache), NO_MKDOCS_2_WARNING="1", **extra)
    return env


def mkdocs_cmd(site: Path) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)]


def mkdocs_build(project: Path, cache: Path, site: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        mkdocs_cmd(site), cwd=project, env=_env(project, cache, **env), capture_output=True, text=True, timeout=600,
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
    return "making" not in output and "rebuilt" not in output and "from cache" not in output


def _one_error_line(output: str) -> str:
    """The one line that says what is wrong (no traceback); returns it."""
    assert "Traceback" not in output, f"a traceback instead of one clear line:\n{output}"
    errors = [line for line in output.splitlines() if "ERROR" in line or line.startswith("figgen: error")]
    errors = [line for line in errors if "Error reading page" not in line]  # MkDocs' own preamble
    assert len(errors) == 1, f"expected one error line:\n{output}"
    return errors[0]


# --- the figgen plugin's options in mkdocs.yml --------------------------------------------

def _set_options(project: Path, yaml_block: str) -> None:
    """Replace the figgen plugin's options in the copy's mkdocs.yml with `yaml_block` (YAML at
    the options' level, unindented)."""
    config = project / "mkdocs.yml"
    text = config.read_text()
    match = re.search(r"^  - figgen:\n(?:(?:      .*|\s*)\n)*", text, re.MULTILINE)
    assert match, "mkdocs.yml has no `  - figgen:` plugin entry"
    block = "".join(f"      {line}\n" for line in yaml_block.strip("\n").splitlines())
    config.write_text(text[: match.start()] + "  - figgen:\n" + block + text[match.end():])


def _quick_training() -> str:
    """YAML options for the article's training runs, same names and networks, but a few steps
    and frames: builds that test faults need real work to break, not the full runs."""
    from figgen.config import ARTICLE_RUNS

    lines = ["training:"]
    for run in ARTICLE_RUNS:
        lines += [
            f"  - name: {run.name}",
            f"    network: {{hidden: {run.hidden}, bias: {str(run.bias).lower()}}}",
            f"    learning_rate: {float(run.learning_rate)!r}",
            "    steps: 60",
            "    frames: 4",
        ]
    return "\n".join(lines)


BAD_SETTINGS = [
    ("walkthrough:\n  learning_rate: -1", ["walkthrough.learning_rate=-1", "finite number > 0 and <= 1000"]),
    ("walkthrough:\n  learning_rate: fast", ["walkthrough.learning_rate='fast'", "finite number"]),
    ("walkthrough:\n  learning_rate: 1e-3", ["walkthrough.learning_rate='1e-3'", "YAML reads 1e-3 as text"]),
    ("walkthrough:\n  learning_rate: 1.0e+308", ["walkthrough.learning_rate=1e+308", "<= 1000"]),
    ("walkthrough:\n  row: 300", ["walkthrough.row=300", "walkthrough.data.n_points=300"]),
    ("walkthrough:\n  row: '0'", ["walkthrough.row='0'", "an integer"]),
    ("walkthrough:\n  network:\n    hidden: 0", ["walkthrough.network.hidden=0", "integer >= 1 and <= 8"]),
    ("walkthrough:\n  network:\n    hidden: 100000", ["walkthrough.network.hidden=100000", "integer >= 1 and <= 8"]),
    ("walkthrough:\n  network:\n    hidden: 2.5", ["walkthrough.network.hidden=2.5", "an integer"]),
    ("walkthrough:\n  network:\n    weight_seed: 4294967296", ["walkthrough.network.weight_seed=4294967296", "<= 4294967295"]),
    ("walkthrough:\n  data:\n    seed: 4294967296", ["walkthrough.data.seed=4294967296", "<= 4294967295"]),
    ("walkthrough:\n  data:\n    n_points: 1", ["walkthrough.data.n_points=1", "integer >= 4"]),
    ("walkthrough:\n  data:\n    n_points: 1000000000", ["walkthrough.data.n_points=1000000000", "<= 1000000"]),
    ("walkthrough:\n  speed: 2", ["unknown setting walkthrough.speed", "walkthrough.learning_rate"]),
    ("colour: red", ["unknown setting 'colour'", "walkthrough, training, png"]),
    ("png: maybe", ["png='maybe'", "true or false"]),
    ("walkthrough: 3", ["walkthrough=3", "mapping"]),
    ("training:\n  - name: big\n    steps: 1000000000", ["training[0].steps=1000000000", "<= 1000000"]),
    ("training:\n  - name: Big", ["training[0].name='Big'", "lower-case"]),
    ("training:\n  - name: a\n  - name: a", ["'a' appears twice"]),
    ("training: 3", ["training=3", "a list of runs"]),
]


@pytest.mark.parametrize(("yaml_block", "expected"), BAD_SETTINGS, ids=[f"{i}" for i in range(len(BAD_SETTINGS))])
def test_bad_plugin_setting_stops_the_build(project: Path, tmp_path: Path, yaml_block: str, expected: list[str]) -> None:
    _set_options(project, yaml_block)
    site = tmp_path / "site"
    result = mkdocs_build(project, tmp_path / "cache", site)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    line = _one_error_line(output)
    assert "Plugin 'figgen'" in line or "figgen:" in line, line
    for fragment in expected:
        assert fragment in line, f"{fragment!r} not in {line!r}"
    if "'0'" in yaml_block:
        assert "YAML reads" not in line, "text that reads as an integer got the hint about 1.0e-3"
    assert _did_no_work(output), f"work was done before the setting was checked:\n{output}"
    assert not (site / "figures").exists()


def test_figgen_build_reads_the_same_settings_and_fails_the_same_way(project: Path, tmp_path: Path) -> None:
    _set_options(project, "walkthrough:\n  learning_rate: 0")
    result = figgen_build(project, tmp_path / "cache", tmp_path / "out")
    assert result.returncode == 2
    line = _one_error_line(result.stderr)
    assert "walkthrough.learning_rate=0 is not valid" in line and "mkdocs.yml" in line, line
    assert not (tmp_path / "out").exists()


def test_env_tags_reach_figgen_build_as_they_reach_mkdocs(project: Path, tmp_path: Path) -> None:
    """MkDocs' `!ENV` tag: both commands read the variable (figgen build used to read None)."""
    _set_options(project, "walkthrough:\n  learning_rate: !ENV [BBTN_TEST_RATE, 0.001]\n" + _quick_training())
    env = {"BBTN_TEST_RATE": "0.25"}
    cache = tmp_path / "cache"
    result = figgen_build(project, cache, tmp_path / "out", **env)
    assert result.returncode == 0, result.stderr
    assert json.loads((tmp_path / "out" / "data" / "walkthrough.json").read_text())["learning_rate"] == 0.25
    result = mkdocs_build(project, cache, tmp_path / "site", **env)
    assert result.returncode == 0, result.stderr
    assert json.loads((tmp_path / "site" / "data" / "walkthrough.json").read_text())["learning_rate"] == 0.25


def test_training_runs_above_the_work_budget_are_refused_before_they_start(project: Path, tmp_path: Path) -> None:
    _set_options(project, _quick_training())
    for command in ("mkdocs", "figgen"):
        build = mkdocs_build if command == "mkdocs" else figgen_build
        result = build(project, tmp_path / "cache", tmp_path / command, FIGGEN_MAX_WORK="1000")
        output = result.stdout + result.stderr
        assert result.returncode != 0, output
        line = _one_error_line(output)
        assert "training run 'hidden3' is too large: 60 steps x 300 points x 3 hidden units" in line, line
        assert "above the budget of 1e+03" in line and "set FIGGEN_MAX_WORK=" in line, line
        assert _did_no_work(output), output
    # the override, on purpose: the same runs build
    result = figgen_build(project, tmp_path / "cache", tmp_path / "out", FIGGEN_MAX_WORK="1e9")
    assert result.returncode == 0, result.stderr


def test_an_empty_list_of_runs_names_the_run_the_page_quotes(project: Path, tmp_path: Path) -> None:
    _set_options(project, "training: []")
    result = mkdocs_build(project, tmp_path / "cache", tmp_path / "site")
    line = _one_error_line(result.stdout + result.stderr)
    assert result.returncode != 0
    assert re.search(r"index\.md:\d+: placeholder '\{\{ train\.hidden3", line), line
    assert "'train' has no 'hidden3'; valid: none" in line and "it is a value" not in line, line


# --- environment variables ---------------------------------------------------------------

BAD_ENVIRONMENT = [
    ({"FIGGEN_FORCE": "maybe"}, ["FIGGEN_FORCE='maybe'", "'1'"]),
    ({"FIGGEN_JOBS": "0"}, ["FIGGEN_JOBS='0'", "integer >= 1 and <= 32"]),
    ({"FIGGEN_JOBS": "two"}, ["FIGGEN_JOBS='two'", "integer >= 1"]),
    ({"FIGGEN_JOBS": "1000"}, ["FIGGEN_JOBS='1000'", "<= 32"]),
    ({"FIGGEN_JOBS": "1000000000000"}, ["FIGGEN_JOBS='1000000000000'", "<= 32"]),
    ({"FIGGEN_MAX_WORK": "lots"}, ["FIGGEN_MAX_WORK='lots'", "finite number"]),
    ({"FIGGEN_FROCE": "1"}, ["unknown environment variable FIGGEN_FROCE='1'", "FIGGEN_FORCE"]),
    ({"FIGGEN_CACHE_DIR": "<a file>"}, ["FIGGEN_CACHE_DIR=", "it is a file, expected a folder"]),
    ({"FIGGEN_CACHE_DIR": "<under a file>"}, ["FIGGEN_CACHE_DIR=", "is a file, expected a folder"]),
]


@pytest.mark.parametrize("command", ["mkdocs", "figgen"])
@pytest.mark.parametrize(("bad", "expected"), BAD_ENVIRONMENT, ids=[next(iter(b)) + "=" + next(iter(b.values())) for b, _ in BAD_ENVIRONMENT])
def test_bad_environment_variable_stops_the_build(
    project: Path, tmp_path: Path, command: str, bad: dict[str, str], expected: list[str]
) -> None:
    cache = tmp_path / "cache"
    if bad.get("FIGGEN_CACHE_DIR", "").startswith("<"):
        a_file = tmp_path / "a-file"
        a_file.write_text("not a folder")
        cache = a_file if bad["FIGGEN_CACHE_DIR"] == "<a file>" else a_file / "cache"
        bad = {}
    out = tmp_path / "out"
    if command == "mkdocs":
        result = mkdocs_build(project, cache, out, **bad)
    else:
        result = figgen_build(project, cache, out, **bad)
        assert result.returncode == 2
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    line = _one_error_line(output)
    for fragment in expected:
        assert fragment in line, f"{fragment!r} not in {line!r}"
    assert _did_no_work(output), output
    assert not (out / "figures").exists()


# --- command-line options ----------------------------------------------------------------

def _cli_error(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """Run `figgen argv` in-process; it must exit with status 2. Returns stderr."""
    try:
        code = cli.main(argv)
    except SystemExit as exc:
        code = exc.code
    assert code == 2
    return capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["build"], ["--out"]),
        (["build", "--out", "{file}"], ["argument --out", "not a file"]),
        (["build", "--out", "{file}/out"], ["argument --out", "is a file, so no folder can be made there"]),
        (["build", "--out", "{tmp}/out", "--jobs", "0"], ["argument --jobs", "'0'", "integer >= 1 and <= 32"]),
        (["build", "--out", "{tmp}/out", "--jobs", "1000000000000"], ["argument --jobs", "<= 32"]),
        (["build", "--out", "{tmp}/out", "--jobs", "many"], ["argument --jobs", "'many'"]),
        (["build", "--out", "{tmp}/out", "--config", "{tmp}/missing.yml"], ["argument --config", "missing.yml"]),
        (["build", "--out", "{tmp}/out", "--config", "/bin/true"], ["--config '/bin/true' is not valid"]),
        (["build", "--out", "{tmp}/out", "--colour", "red"], ["--colour"]),
        (["animate", "--hidden", "100000000000", "-o", "{tmp}/a.gif"], ["argument --hidden", "<= 10000"]),
        (["animate", "--lr", "1e308", "-o", "{tmp}/a.gif"], ["argument --lr", "<= 1000"]),
        (["animate", "--hidden", "10000", "--steps", "1000000", "-o", "{tmp}/a.gif"],
         ["training run 'run' is too large", "FIGGEN_MAX_WORK="]),
        (["paint"], ["'paint'", "build"]),
    ],
    ids=["no-out", "out-is-a-file", "out-under-a-file", "jobs-0", "jobs-huge", "jobs-text", "config-missing",
         "config-binary", "unknown-option", "animate-hidden-huge", "animate-lr-huge", "animate-too-much-work",
         "unknown-command"],
)
def test_bad_command_line_option_exits_2_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], expected: list[str]
) -> None:
    a_file = tmp_path / "a-file"
    a_file.write_text("")
    argv = [a.format(tmp=tmp_path, file=a_file) for a in argv]
    start = time.perf_counter()
    err = _cli_error(argv, capsys)
    assert time.perf_counter() - start < 30, "the check came after the work"
    for fragment in expected:
        assert fragment in err, f"{fragment!r} not in {err!r}"
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists() and not (tmp_path / "a.gif").exists()


# --- a figure that raises, a bad style value -----------------------------------------------

def _break_a_figure(project: Path) -> tuple[str, str, int]:
    """Make one registered figure's draw function raise, in the copy's source.

    Returns (stem, the injected line, its line number). The raise goes first in the
    function's body, so the error points into the figure's own module, as a real bug would.
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
    injected = f'raise ValueError("Invalid hex color specifier in {stem}")'
    lines.insert(first.lineno - 1, " " * first.col_offset + injected + "\n")
    path.write_text("".join(lines))
    return stem, injected, first.lineno


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_failing_figure_stops_the_build_with_one_line_and_one_traceback(project: Path, tmp_path: Path, jobs: str) -> None:
    _set_options(project, _quick_training())
    stem, injected, line_number = _break_a_figure(project)
    cache, site = tmp_path / "cache", tmp_path / "site"
    result = mkdocs_build(project, cache, site, FIGGEN_JOBS=jobs)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    errors = [line for line in output.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1, output
    module = "equations" if "equations" in errors[0] else "diagrams"
    assert re.search(rf"figgen: figures/{stem} failed at \S*src/figgen/figures/{module}\.py:{line_number}: "
                     rf"ValueError: Invalid hex color specifier in {stem}", errors[0]), errors[0]
    assert output.count("Traceback (most recent call last)") == 1, output
    assert "The above exception" not in output and "direct cause" not in output
    assert injected in output, "the traceback does not show the failing line"
    # nothing half-written: no file of the failed figure, no temporary file, in the site or the cache
    assert not list(site.rglob(f"{stem}.*")), "the failed figure reached the site"
    for folder in (site, cache):
        leftovers = [p for p in folder.rglob("*") if p.name.endswith(".tmp")]
        assert not leftovers, f"half-written files left in {folder}: {leftovers}"


@pytest.mark.parametrize("command", ["mkdocs", "figgen"])
def test_a_bad_style_colour_stops_the_build_before_any_work(project: Path, tmp_path: Path, command: str) -> None:
    style = project / "src" / "figgen" / "style.py"
    text = style.read_text()
    colour = re.search(r'"dh1_dz1": "(#[0-9A-Fa-f]{6})"', text)[1]
    style.write_text(text.replace(f'"dh1_dz1": "{colour}"', f'"dh1_dz1": "{colour[:-1]}"', 1))
    build = mkdocs_build if command == "mkdocs" else figgen_build
    result = build(project, tmp_path / "cache", tmp_path / "out")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    line = _one_error_line(output)
    assert f"style theme 'light' factors['dh1_dz1']='{colour[:-1]}' is not valid: expected a colour #rrggbb" in line, line
    assert _did_no_work(output), output


# --- a training run that diverges ---------------------------------------------------------

@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_diverging_run_is_reported_with_its_cause_and_never_plotted(project: Path, tmp_path: Path, jobs: str) -> None:
    """A run whose L2 penalty alone flips and grows the weights: the build stops with one line
    saying which run diverged and that the penalty is the cause, and no animation of it exists.
    With 2 jobs the error crosses a process boundary (it must survive pickling)."""
    from figgen.config import ARTICLE_RUNS

    name = ARTICLE_RUNS[0].name
    block = _quick_training()
    first = f"  - name: {name}\n"
    block = block.replace(first, first + "    reg: 1.0\n", 1)
    block = block.replace(f"learning_rate: {float(ARTICLE_RUNS[0].learning_rate)!r}", "learning_rate: 1000.0", 1)
    _set_options(project, block)
    cache, site = tmp_path / "cache", tmp_path / "site"
    result = mkdocs_build(project, cache, site, FIGGEN_JOBS=jobs)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    line = _one_error_line(output)
    assert f"training run {name!r} diverged at step" in line and "a weight reached" in line, line
    assert "use reg below 0.6" in line and "smaller learning rate" not in line, line
    plotted = [p for p in (*site.rglob(f"{name}*"), *cache.rglob("*animations*"))]
    assert not plotted, f"the diverged run was plotted: {plotted}"


# --- typos in the docs ----------------------------------------------------------------------

DOC_TYPOS = [
    ("Unclosed: {{ loss", ["placeholder not closed", "Unclosed: {{ loss"]),
    ("Half closed: {{ loss }", ["placeholder not closed", "{{ loss }"]),
    ("Misspelt: {{ lsos }}", ["placeholder '{{ lsos }}': unknown name 'lsos'"]),
    ("An environment: $\\begin{nosuchenv}x\\end{nosuchenv}$", ["environment 'nosuchenv'", "latex2mathml does not know"]),
    ("A brace: $\\frac{1}{2$", ["leaves 1 brace(s) open"]),
    ("A bare power: $x^$", ["cannot convert the LaTeX 'x^' to MathML: missing super script or subscript"]),
    ("A command: $\\nosuchcommand x$", ["'\\nosuchcommand'", "latex2mathml does not"]),
]


@pytest.mark.parametrize(("typo", "expected"), DOC_TYPOS, ids=[t.split(":")[0] for t, _ in DOC_TYPOS])
def test_a_typo_in_the_docs_stops_the_build_naming_file_and_line(project: Path, tmp_path: Path, typo: str, expected: list[str]) -> None:
    _set_options(project, _quick_training())
    page = project / "docs" / "data-files.md"
    text = page.read_text()
    page.write_text(text + f"\n{typo}\n")
    line_number = text.count("\n") + 2
    result = mkdocs_build(project, tmp_path / "cache", tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    line = _one_error_line(output)
    assert f"data-files.md:{line_number}:" in line, line
    for fragment in expected:
        assert fragment in line, f"{fragment!r} not in {line!r}"


# --- what settings put into the page ---------------------------------------------------------

def test_markup_in_url_settings_reaches_the_page_as_text_only(project: Path, tmp_path: Path) -> None:
    """Every string setting figgen puts into the page (site_url and repo_url, in the citation,
    the install command and the licence links) with a <script> in it: none reaches the HTML."""
    _set_options(project, _quick_training())
    config = project / "mkdocs.yml"
    evil = "<script>alert(1)</script>"
    text = config.read_text()
    text = re.sub(r"^site_url: (\S+)", rf"site_url: \1{evil}/", text, count=1, flags=re.MULTILINE)
    text = re.sub(r"^repo_url: (\S+)", rf"repo_url: \1/{evil}", text, count=1, flags=re.MULTILINE)
    config.write_text(text)
    result = mkdocs_build(project, tmp_path / "cache", tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    for page in ("index.html", "data-files/index.html"):
        html = (tmp_path / "site" / page).read_text()
        article = html[html.index("<article"): html.index("</article>")]
        assert "<script>alert" not in article, page
    html = (tmp_path / "site" / "index.html").read_text()
    assert "%3Cscript%3Ealert(1)%3C/script%3E" in html  # the URLs are there, as URLs


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
    _set_options(project, f"walkthrough:\n  row: {ROW}\n  learning_rate: {LEARNING_RATE}\n" + _quick_training())
    out, cache = root / "out", root / "cache"
    start = time.perf_counter()
    result = figgen_build(project, cache, out, "--force")
    seconds = time.perf_counter() - start
    assert result.returncode == 0, result.stderr
    return CleanBuild(project, out, cache, seconds)


def test_figgen_build_uses_the_sites_settings(clean_build: CleanBuild) -> None:
    """The plugin's options in the --config file reach `figgen build`: the JSON is of row ROW."""
    from figgen.config import WalkthroughConfig
    from figgen.walkthrough import compute_walkthrough

    data = json.loads((clean_build.out / "data" / "walkthrough.json").read_text())
    expected = compute_walkthrough(WalkthroughConfig(row=ROW, learning_rate=LEARNING_RATE))
    assert data["X"] == expected.X.tolist()
    assert data["learning_rate"] == LEARNING_RATE
    assert data["X"] != compute_walkthrough().X.tolist()


def test_mkdocs_build_makes_the_same_files_with_the_same_settings(clean_build: CleanBuild, tmp_path: Path) -> None:
    """mkdocs build reads the plugin's options too: every file figgen build made is in the
    site, byte for byte (the cache is warm, so this build is quick)."""
    site = tmp_path / "site"
    result = mkdocs_build(clean_build.project, clean_build.cache, site)
    assert result.returncode == 0, result.stdout + result.stderr
    for rel, data in _files(clean_build.out).items():
        if rel == ".figgen-files.json":
            continue  # figgen build's own record of what it wrote
        assert (site / rel).is_file(), f"{rel} is missing from the site"
        assert (site / rel).read_bytes() == data, f"{rel} differs between figgen build and mkdocs build"


def _build_processes(cache: Path) -> list[int]:
    """Every process of a build that uses `cache` (its FIGGEN_CACHE_DIR), workers included."""
    marker = f"FIGGEN_CACHE_DIR={cache}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker in (entry / "environ").read_bytes().split(b"\0"):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def _start_and_wait_for_workers(cmd: list[str], project: Path, cache: Path, limit: float) -> subprocess.Popen:
    """Start a cold build and return once its worker processes run (or `limit` seconds pass)."""
    build = subprocess.Popen(
        cmd, cwd=project, env=_env(project, cache, FIGGEN_JOBS="2"), stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and build.poll() is None:
        if len(_build_processes(cache)) >= 4:  # main, fork server, two workers
            break
        time.sleep(0.05)
    assert build.poll() is None, "the build ended before it could be stopped"
    return build


def _wait_until_gone(cache: Path, seconds: float = 10) -> list[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and _build_processes(cache):
        time.sleep(0.1)
    return _build_processes(cache)


def test_killing_only_the_main_process_ends_every_worker(clean_build: CleanBuild, tmp_path: Path) -> None:
    """`kill -9 <pid of figgen build>`: the fork server, the workers and the resource tracker
    end too, within seconds (they used to stay for good)."""
    cache = tmp_path / "cache"
    build = _start_and_wait_for_workers(figgen_build_cmd(clean_build.project, tmp_path / "out"), clean_build.project,
                                        cache, clean_build.seconds)
    assert len(_build_processes(cache)) >= 3
    os.kill(build.pid, signal.SIGKILL)
    build.wait(timeout=30)
    assert _wait_until_gone(cache) == [], "figgen processes outlived the build"


@pytest.mark.parametrize("command", ["figgen", "mkdocs"])
def test_ctrl_c_ends_a_build_with_one_line_and_status_130(clean_build: CleanBuild, tmp_path: Path, command: str) -> None:
    """Ctrl-C sends SIGINT to the whole foreground process group, workers included."""
    cache = tmp_path / "cache"
    cmd = figgen_build_cmd(clean_build.project, tmp_path / "out") if command == "figgen" else mkdocs_cmd(tmp_path / "site")
    build = _start_and_wait_for_workers(cmd, clean_build.project, cache, clean_build.seconds)
    os.killpg(build.pid, signal.SIGINT)
    output, _ = build.communicate(timeout=60)
    assert build.returncode == 130, output
    assert "Traceback" not in output and "KeyboardInterrupt" not in output, output
    assert [line for line in output.splitlines() if "interrupted" in line], output
    assert len([line for line in output.splitlines() if "ERROR" in line or "error" in line]) <= 1, output
    assert _wait_until_gone(cache) == []
    assert not list(cache.rglob("*.tmp")) or _build_processes(cache) == []


def test_a_build_killed_mid_way_leaves_the_cache_usable(clean_build: CleanBuild, tmp_path: Path) -> None:
    """kill -9 a cold build mid-way; the next build with the same cache must make exactly the
    clean build's files, and no temporary file of the killed one stays in the cache.

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
    assert not list(cache.rglob("*.tmp")), "a temporary file of the killed build stayed in the cache"


# --- what `figgen build --out` leaves in its folder -----------------------------------------

def test_out_keeps_only_what_the_current_settings_make(clean_build: CleanBuild, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert figgen_build(clean_build.project, clean_build.cache, out, "--png").returncode == 0
    pngs = sorted(p.relative_to(out).as_posix() for p in out.rglob("figures/*.png"))
    assert len(pngs) >= 38
    (out / "mine.txt").write_text("not figgen's")  # a file figgen never wrote
    changed = out / pngs[0]
    changed.write_bytes(b"edited by hand")  # a file figgen wrote, changed since
    result = figgen_build(clean_build.project, clean_build.cache, out)
    assert result.returncode == 0, result.stderr
    assert f"removed {len(pngs) - 1} it no longer makes" in result.stderr
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("figures/*.png")) == [pngs[0]]
    assert (out / "mine.txt").exists() and f"left {pngs[0]} in place" in result.stderr
    changed.unlink()
    (out / "mine.txt").unlink()
    _assert_same_files(out, clean_build.out)


def test_nothing_temporary_is_ever_written_into_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Files are staged beside --out and renamed into it; an interrupted write leaves nothing
    inside it, and a killed writer's staging folder is removed by the next one."""
    from figgen import outdir as publish

    out = tmp_path / "out"
    real_replace = os.replace
    calls = []

    def interrupted(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real_replace(src, dst)

    monkeypatch.setattr(publish.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        publish.write_site_files({"a.txt": b"a", "b/c.txt": b"c", "d.txt": b"d"}, out)
    monkeypatch.undo()
    assert sorted(p.name for p in out.rglob("*") if p.is_file()) == ["a.txt"], "something temporary reached --out"
    assert not [p for p in tmp_path.iterdir() if "staging" in p.name]
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    left = tmp_path / publish.STAGING.format(name="out", pid=int(dead.stdout))
    (left / "x").mkdir(parents=True)
    publish.write_site_files({"a.txt": b"a"}, out)
    assert not left.exists(), "a killed writer's staging folder stayed"


# --- the cache vouches for what it serves ----------------------------------------------------

def _record(cache: Path, name: str) -> dict:
    return json.loads((cache / "inputs" / f"{name.replace('/', '_')}.json").read_text())


def test_swapped_cache_entries_are_detected_and_rebuilt(clean_build: CleanBuild, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    shutil.copytree(clean_build.cache, cache)
    entries = {}
    for name in ("training/hidden3", "training/hidden50"):
        key = _record(cache, name)["history"][0]
        entries[name] = cache / "entries" / key[:2] / f"{key}.entry"
    a, b = entries.values()
    a_bytes, b_bytes = a.read_bytes(), b.read_bytes()
    a.write_bytes(b_bytes)
    b.write_bytes(a_bytes)
    for path in cache.rglob("inputs/animations_*.json"):  # make the drawings ask for their runs
        path.unlink()
    for path in (cache / "entries").rglob("*.entry"):
        if path not in (a, b) and b"animations/" in path.read_bytes()[:4000]:
            path.unlink()
    out = tmp_path / "out"
    result = figgen_build(clean_build.project, cache, out, FIGGEN_JOBS="1")
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("made for another key") >= 1, result.stderr
    _assert_same_files(out, clean_build.out)


def test_a_malformed_build_record_costs_one_line_not_the_build(clean_build: CleanBuild, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    shutil.copytree(clean_build.cache, cache)
    record_path = cache / "inputs" / "data_walkthrough.json.json"
    record = json.loads(record_path.read_text())
    record["seconds"] = "x"  # valid JSON, wrong type
    record_path.write_text(json.dumps(record))
    (cache / "inputs" / "figures_z1.json").write_text('{"inputs": [], "seconds": 1}')
    out = tmp_path / "out"
    result = figgen_build(clean_build.project, cache, out)
    assert result.returncode == 0, result.stderr
    bad = [line for line in result.stderr.splitlines() if "build record of" in line]
    assert len(bad) == 2 and "'seconds' is 'x'" in result.stderr, result.stderr
    _assert_same_files(out, clean_build.out)
    assert "Traceback" not in result.stderr


HOSTILE_RC = """\
lines.linewidth: 7
font.size: 23
font.family: serif
axes.facecolor: red
axes.edgecolor: green
axes.linewidth: 4
xtick.labelsize: 20
ytick.direction: in
text.antialiased: False
svg.fonttype: none
svg.hashsalt: mine
path.simplify: False
image.interpolation: bicubic
figure.dpi: 33
savefig.dpi: 44
patch.linewidth: 9
scatter.marker: x
axes.prop_cycle: cycler('color', ['ff0000'])
mathtext.fontset: cm
"""


def test_a_users_matplotlibrc_changes_nothing(clean_build: CleanBuild, tmp_path: Path) -> None:
    rc = tmp_path / "rc"
    rc.mkdir()
    (rc / "matplotlibrc").write_text(HOSTILE_RC)
    out = tmp_path / "out"
    result = figgen_build(clean_build.project, tmp_path / "cache", out, "--force", MATPLOTLIBRC=str(rc))
    assert result.returncode == 0, result.stderr
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
        [sys.executable, "-m", "pytest", str(ROOT / "tests" / "test_browser.py"),
         str(ROOT / "tests" / "test_accessibility.py"), "-q", "-rs", "-p", "no:cacheprovider"],
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

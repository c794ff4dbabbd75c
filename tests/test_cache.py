"""The build cache: hits, misses and their logged reasons, bad, swapped and crafted entries,
interrupted writes, force flags, `figgen cache clear`, no retraining on a style change,
keys found from the code itself, determinism.

Source edits happen in a copy of src/ (`source_copy`): keys are computed from the copy's
files while the code that runs is the checkout's, so nothing in the checkout is touched.
"""

from __future__ import annotations

import ast
import functools
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import figgen.cache
from figgen import cli
from figgen.build import OutputGroup, Planner, Unit, Value, build
from figgen.cache import Cache, decode_entry, module_closure
from figgen.config import BuildSettings, ConfigError, environment

ROOT = Path(__file__).resolve().parents[1]

CALLS: list[str] = []  # what the demo group below actually computed, in order


def _train(steps: int) -> list[float]:
    CALLS.append("train")
    return [1.0 / (1 + i) for i in range(steps)]


def _draw(colour: str, history: list[float]) -> dict[str, bytes]:
    CALLS.append("draw")
    return {"demo/picture.txt": f"{colour}:{history}".encode()}


# Stand-ins for training and drawing code: keys find a function's code by its module, so
# these count as code of figgen.network and figgen.style (whose source the keys then hash).
_train.__module__ = "figgen.network"
_draw.__module__ = "figgen.style"


def _demo_units(settings: BuildSettings, planner) -> list[Unit]:
    """A stand-in for training + animation: the value runs network code, the unit style code."""
    run = Value("demo/training", compute=functools.partial(_train, 3))
    return [Unit("demo/picture", make=functools.partial(_draw, "blue"), needs=(run,))]


DEMO = (OutputGroup("demo", _demo_units),)


@pytest.fixture
def source_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of src/figgen that the cache keys read instead of the checkout's source."""
    src = tmp_path / "src"
    src.mkdir()
    subprocess.run(["cp", "-r", str(ROOT / "src" / "figgen"), str(src)], check=True)
    monkeypatch.setattr(figgen.cache, "SOURCE_ROOT", src)
    monkeypatch.setattr(figgen.cache, "PACKAGE_DIR", src / "figgen")
    return src / "figgen"


def _build(cache: Path, lines: list[str], **options):
    CALLS.clear()
    lines.clear()
    return build(BuildSettings(), log=lines.append, cache_dir=cache, jobs=1, groups=DEMO, **options)


def _demo_line(lines: list[str]) -> str:
    """The build's summary line about the demo group (after its "making ..." line, if any)."""
    (line,) = [line for line in lines if line.startswith("figgen: demo:") and ": making " not in line]
    return line


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1))


def test_hit_miss_and_the_logged_reason(source_copy: Path, tmp_path: Path) -> None:
    cache, lines = tmp_path / "cache", []
    first = _build(cache, lines)
    assert CALLS == ["train", "draw"]
    assert "demo: rebuilt demo/training, demo/picture (not in cache)" in _demo_line(lines)
    # said before the work starts, not only after it ended
    assert lines[0] == "figgen: demo: making 2 (demo/training, demo/picture); 0 of 1 outputs from cache"

    second = _build(cache, lines)
    assert CALLS == [], "a build with nothing changed recomputed something"
    assert _demo_line(lines) == "figgen: demo: 1 from cache in " + _demo_line(lines).split(" in ")[-1]
    assert second.files == first.files

    _edit(source_copy / "network.py", "def sigmoid(", "def sigmoid(  # edited\n")
    _build(cache, lines)
    assert CALLS == ["train", "draw"]
    assert "rebuilt demo/training (source changed: figgen/network.py)" in _demo_line(lines)
    assert "rebuilt demo/picture (input changed: demo/training)" in _demo_line(lines)


def test_style_only_change_redraws_without_retraining(source_copy: Path, tmp_path: Path) -> None:
    cache, lines = tmp_path / "cache", []
    _build(cache, lines)
    _edit(source_copy / "style.py", 'accent="#0072B2"', 'accent="#0072B3"')
    report = _build(cache, lines)
    assert CALLS == ["draw"], "a colour change retrained"
    status = {row.name: (row.status, row.reason) for row in report.rows}
    assert status["demo/training"] == ("cached", "")
    assert status["demo/picture"] == ("rebuilt", "source changed: figgen/style.py")
    assert "rebuilt demo/picture (source changed: figgen/style.py)" in _demo_line(lines)


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage"])
def test_a_bad_entry_is_detected_logged_and_rebuilt(source_copy: Path, tmp_path: Path, damage: str) -> None:
    cache, lines = tmp_path / "cache", []
    good = _build(cache, lines).files
    entries = sorted((cache / "entries").rglob("*.entry"))
    assert len(entries) == 2
    for path in entries:
        data = path.read_bytes()
        if damage == "truncate":
            path.write_bytes(data[: len(data) // 2])
        elif damage == "flip":
            path.write_bytes(data[:-5] + bytes([data[-5] ^ 0xFF]) + data[-4:])
        else:
            path.write_bytes(b"\x00not an entry")
    report = _build(cache, lines)
    assert report.files == good, "a bad cache entry changed the output"
    assert CALLS == ["train", "draw"]
    bad = [line for line in lines if "is bad" in line]
    assert len(bad) == 2 and all("rebuilding it" in line for line in bad)
    assert "(cache entry was bad: " in _demo_line(lines)
    # and the rebuilt entries are good again
    for path in entries:
        decode_entry(path.read_bytes())
    assert _build(cache, lines).files == good and CALLS == []


def test_an_interrupted_write_leaves_the_cache_usable(
    source_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache, lines = tmp_path / "cache", []

    # a write that fails at the rename: the build still succeeds, with the right files
    def failing_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(figgen.cache.os, "replace", failing_replace)
    good = _build(cache, lines).files
    assert any("could not write cache entry" in line for line in lines)
    assert not list(cache.rglob("*.tmp")), "a failed write left its temporary file"

    # a process killed between writing and renaming: the build aborts, the next one is right
    def killed(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(figgen.cache.os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        _build(cache, lines)
    monkeypatch.undo()
    monkeypatch.setattr(figgen.cache, "SOURCE_ROOT", source_copy.parent)
    # what kill -9 mid-write leaves: stray half-written temporary files next to the entries,
    # named after a process that is gone; a running build's own temporary file stays
    folder = cache / "entries" / "ab"
    folder.mkdir(parents=True, exist_ok=True)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stray = folder / f".abcdef.entry.{int(dead.stdout)}.x1y2.tmp"
    stray.write_bytes(figgen.cache.MAGIC + b"0" * 10)
    running = folder / f".abcdef.entry.{os.getpid()}.x1y2.tmp"
    running.write_bytes(b"being written")
    report = _build(cache, lines)
    assert report.files == good
    assert not stray.exists(), "a killed build's temporary file stayed in the cache"
    assert running.exists(), "a running build's temporary file was deleted"
    assert _build(cache, lines).files == good and CALLS == [], "the cache did not recover"


def test_force_ignores_the_cache(source_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache, lines = tmp_path / "cache", []
    good = _build(cache, lines).files
    assert _build(cache, lines, force=True).files == good
    assert CALLS == ["train", "draw"] and "(forced)" in _demo_line(lines)

    monkeypatch.setenv("FIGGEN_FORCE", "1")
    _build(cache, lines)
    assert CALLS == ["train", "draw"], "FIGGEN_FORCE=1 did not ignore the cache"
    monkeypatch.setenv("FIGGEN_FORCE", "maybe")
    with pytest.raises(ConfigError, match="FIGGEN_FORCE='maybe'"):
        _build(cache, lines)


def test_cli_force_and_jobs_reach_the_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = {}

    def fake_build(settings, **options):
        seen.update(options)
        return build(settings, groups=(), cache_dir=tmp_path / "c", log=lambda msg: None)

    monkeypatch.setattr("figgen.build.build", fake_build)
    config = ["--config", str(ROOT / "mkdocs.yml")]
    assert cli.main(["build", "--out", str(tmp_path / "out"), "--force", "--jobs", "1", *config]) == 0
    assert seen["force"] is True and seen["jobs"] == 1 and seen["project"] == ROOT
    assert cli.main(["build", "--out", str(tmp_path / "out"), *config]) == 0
    assert seen["force"] is None  # None: FIGGEN_FORCE decides
    with pytest.raises(SystemExit):
        cli.main(["build", "--out", str(tmp_path / "out"), "--jobs", "0"])


def test_cache_clear(source_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    cache, lines = tmp_path / "cache", []
    _build(cache, lines)
    (cache / "keep.txt").write_text("not figgen's")  # clear removes figgen's folders only
    monkeypatch.setenv("FIGGEN_CACHE_DIR", str(cache))
    assert cli.main(["cache", "clear"]) == 0
    assert "removed 5 files" in capsys.readouterr().err  # 2 entries, 2 records, versions.json
    assert not (cache / "entries").exists() and (cache / "keep.txt").exists()
    _build(cache, lines)
    assert CALLS == ["train", "draw"] and "(not in cache)" in _demo_line(lines)


def test_figgen_jobs_is_validated() -> None:
    assert environment({"FIGGEN_JOBS": "3"}).jobs == 3
    assert 1 <= environment({}).jobs <= 2
    for bad in ("0", "-1", "two", "1.5", "33", "1000000000000"):
        with pytest.raises(ConfigError, match=f"FIGGEN_JOBS='{bad}' is not valid: expected an integer >= 1 and <= 32"):
            environment({"FIGGEN_JOBS": bad})


def test_a_figure_depends_on_its_module_not_on_the_other_figure_modules() -> None:
    closure = module_closure(["figgen.figures.equations"])
    assert {"figgen.figures", "figgen.style", "figgen.walkthrough", "figgen.network"} <= set(closure)
    assert "figgen.figures.diagrams" not in closure
    # the math never depends on how things look
    assert "figgen.style" not in module_closure(["figgen.walkthrough"])


# ---------------------------------------------------------------------------------------
# Real builds in a subprocess, on a copy of the source with two small figures


FIGURE_MODULE = '''
from matplotlib.figure import Figure

from figgen.figures import register


@register("{stem}", alt=lambda record: "a bar chart", caption="A test figure.")
def draw(record, theme):
    fig = Figure(figsize=(3, 2))
    fig.add_subplot().bar([0, 1], record.h1[0, :2], color=theme.accent)
    return fig
'''

RUN_BUILD = textwrap.dedent(
    """
    import json, sys
    from figgen.build import build
    from figgen.config import BuildSettings
    # no training runs: this copy is about figures (the animations have their own test)
    report = build(BuildSettings(training=()), log=lambda line: print(line, file=sys.stderr))
    out = {path: data.hex() for path, data in report.files.items()}
    print(json.dumps({"files": out, "matplotlib": "matplotlib" in sys.modules}))
    """
)


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """src/figgen copied, with its figure modules replaced by one small figure each."""
    src = tmp_path / "src"
    src.mkdir()
    subprocess.run(["cp", "-r", str(ROOT / "src" / "figgen"), str(src)], check=True)
    (src / "figgen" / "figures" / "diagrams.py").write_text(FIGURE_MODULE.format(stem="overview"))
    (src / "figgen" / "figures" / "equations.py").write_text(FIGURE_MODULE.format(stem="z1"))
    return src


def _run(src: Path, cache: Path, jobs: int = 1) -> tuple[dict, str]:
    env = {**os.environ, "PYTHONPATH": str(src), "FIGGEN_CACHE_DIR": str(cache), "FIGGEN_JOBS": str(jobs)}
    env.pop("FIGGEN_FORCE", None)
    done = subprocess.run([sys.executable, "-c", RUN_BUILD], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout), done.stderr


def test_editing_one_figure_redraws_that_figure_only_and_warm_builds_skip_matplotlib(
    project_copy: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    cold, log = _run(project_copy, cache)
    assert {"figures/overview.svg", "figures/z1.dark.svg", "data/walkthrough.json"} <= set(cold["files"])

    warm, log = _run(project_copy, cache)
    assert warm["files"] == cold["files"]
    assert not warm["matplotlib"], "a build with everything cached imported matplotlib"
    assert "rebuilt" not in log

    equations = project_copy / "figgen" / "figures" / "equations.py"
    equations.write_text(equations.read_text().replace("theme.accent", "theme.text"))
    edited, log = _run(project_copy, cache)
    line = next(line for line in log.splitlines() if line.startswith("figgen: figures:") and "making" not in line)
    # z1 and its Spanish unit (which draws no words, so makes no files: figgen.render)
    assert "figures/z1, figures/z1-es (source changed: figgen/figures/equations.py)" in line
    assert "figures/overview" not in line and "2 from cache" in line  # overview and overview-es
    assert edited["files"]["figures/overview.svg"] == cold["files"]["figures/overview.svg"]
    assert edited["files"]["figures/z1.svg"] != cold["files"]["figures/z1.svg"]


def test_two_cold_builds_are_byte_identical(project_copy: Path, tmp_path: Path) -> None:
    """One on two worker processes, one in-process: the same bytes."""
    first, _ = _run(project_copy, tmp_path / "one", jobs=2)
    second, _ = _run(project_copy, tmp_path / "two", jobs=1)
    assert first["files"] == second["files"]
    sample = ["data/walkthrough.json", "figures/overview.svg", "figures/z1.dark.svg"]
    assert all(first["files"][path] for path in sample)


def test_figure_infos_come_from_the_cache_without_matplotlib(project_copy: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _run(project_copy, cache)
    code = (
        "import json, sys\n"
        "from figgen.build import Planner, figure_infos, figure_manifest\n"
        "from figgen.config import BuildSettings\n"
        "infos = figure_infos(figure_manifest(BuildSettings(training=()), Planner.from_environment()))\n"
        "print(json.dumps({'alt': infos['z1'].alt(None), 'caption': infos['z1'].caption,\n"
        "                  'matplotlib': 'matplotlib' in sys.modules}))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(project_copy), "FIGGEN_CACHE_DIR": str(cache)}
    env.pop("FIGGEN_FORCE", None)
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"alt": "a bar chart", "caption": "A test figure.", "matplotlib": False}


RUN_TRAINING_BUILD = textwrap.dedent(
    """
    import json, sys
    from figgen.build import OUTPUT_GROUPS, build
    from figgen.config import BuildSettings, NetworkConfig, TrainConfig
    run = TrainConfig(name="small", network=NetworkConfig(hidden=3), learning_rate=5.0, steps=60, frames=4)
    groups = [g for g in OUTPUT_GROUPS if g.name.startswith("training")]
    report = build(BuildSettings(training=(run,)), groups=groups, log=lambda line: None)
    print(json.dumps({path: data.hex() for path, data in report.files.items()}))
    """
)


def test_two_cold_builds_of_an_animation_are_byte_identical(tmp_path: Path) -> None:
    """A small training run and its animation, built twice from empty caches in two processes
    (two workers, then one): the same GIF, PNG and JSON bytes."""
    outputs = []
    for jobs in (2, 1):
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "FIGGEN_JOBS": str(jobs),
               "FIGGEN_CACHE_DIR": str(tmp_path / f"cache{jobs}")}
        env.pop("FIGGEN_FORCE", None)
        done = subprocess.run([sys.executable, "-c", RUN_TRAINING_BUILD], env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        outputs.append(json.loads(done.stdout))
    assert {"animations/small.gif", "animations/small.dark.gif", "data/training.json"} <= set(outputs[0])
    assert outputs[0] == outputs[1]


def test_a_colour_change_redraws_the_animation_from_the_cached_training_run(source_copy: Path, tmp_path: Path) -> None:
    from figgen.build import OUTPUT_GROUPS
    from figgen.config import NetworkConfig, TrainConfig

    run = TrainConfig(name="small", network=NetworkConfig(hidden=3), learning_rate=5.0, steps=60, frames=4)
    groups = [g for g in OUTPUT_GROUPS if g.name.startswith("training")]
    settings = BuildSettings(training=(run,))
    cache = tmp_path / "cache"
    build(settings, groups=groups, cache_dir=cache, jobs=1, log=lambda line: None)
    _edit(source_copy / "style.py", 'accent="#0072B2"', 'accent="#0072B3"')
    lines: list[str] = []
    report = build(settings, groups=groups, cache_dir=cache, jobs=1, log=lines.append)
    status = {row.name: (row.status, row.reason) for row in report.rows}
    assert status["training/small"] == ("cached", ""), "a colour change retrained"
    assert status["animations/small"] == ("rebuilt", "source changed: figgen/style.py")
    assert any("rebuilt animations/small (source changed: figgen/style.py)" in line for line in lines), lines


def test_a_translation_edit_redraws_the_animation_from_the_cached_training_run(source_copy: Path, tmp_path: Path) -> None:
    """The animation unit writes the Spanish GIFs too: its key holds the Spanish catalogue
    (loads=CATALOGUES), so an edit of es.py remakes it, without retraining, and not the
    training data file."""
    from figgen.build import OUTPUT_GROUPS
    from figgen.config import NetworkConfig, TrainConfig

    run = TrainConfig(name="small", network=NetworkConfig(hidden=3), learning_rate=5.0, steps=60, frames=4)
    groups = [g for g in OUTPUT_GROUPS if g.name.startswith("training")]
    settings = BuildSettings(training=(run,))
    cache = tmp_path / "cache"
    first = build(settings, groups=groups, cache_dir=cache, jobs=1, log=lambda line: None)
    assert {"animations/small-es.gif", "animations/small-es.dark.gif"} <= set(first.files)
    _edit(source_copy / "es.py", '"pérdida {loss:.4f}"', '"la pérdida {loss:.4f}"')
    report = build(settings, groups=groups, cache_dir=cache, jobs=1, log=lambda line: None)
    status = {row.name: (row.status, row.reason) for row in report.rows}
    assert status["animations/small"] == ("rebuilt", "source changed: figgen/es.py")
    assert status["training/small"] == ("cached", "") and status["data/training.json"] == ("cached", "")


def test_training_and_data_files_do_not_depend_on_style() -> None:
    """What makes a colour change cheap: the math and its JSON never import style."""
    for modules in (("figgen.train",), ("figgen.walkthrough", "figgen.jsondata")):
        closure = module_closure(modules)
        assert "figgen.style" not in closure and "figgen.encode" not in closure, (modules, closure)


def test_the_import_scanner_sees_every_form_of_import(source_copy: Path) -> None:
    (source_copy / "probe.py").write_text(
        "import os, figgen.network as net\n"
        "from . import config\n"
        "from figgen.figures import (\n    register,\n    equations as eq,\n)\n"
        "# from figgen import style  (a comment is not an import)\n"
        "def f():\n    from .walkthrough import compute_walkthrough\n"
    )
    closure = set(module_closure(["figgen.probe"]))
    assert {"figgen.network", "figgen.config", "figgen.figures.equations", "figgen.walkthrough"} <= closure
    assert "figgen.figures.diagrams" not in closure
    with pytest.raises(ValueError, match="no source file"):
        module_closure(["figgen.no_such_module"])


def test_filled_pages_are_cached_by_text_source_and_provenance(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import figgen.provenance
    import figgen.site

    settings = BuildSettings(training=())
    lines: list[str] = []
    planner = Planner(Cache(tmp_path / "cache"), log=lines.append, project=ROOT)
    filled = lambda: [line for line in lines if "pages/index.md: made" in line]  # noqa: E731
    page = "Output: {{ h2 }}\n"
    first = figgen.site.render_markdown(page, "index.md", settings, planner)
    assert "{{" not in first and len(filled()) == 1
    assert figgen.site.render_markdown(page, "index.md", settings, planner) == first and len(filled()) == 1

    edited = "Output, again: {{ h2 }}\n"
    figgen.site.render_markdown(edited, "index.md", settings, planner)
    assert len(filled()) == 2, "an edited page came from the cache"
    assert "config changed" in filled()[-1]

    # the provenance note names the commit: a new commit fills the page anew
    monkeypatch.setattr(figgen.provenance, "git_state", lambda folder: ("f" * 40, False, "2030-01-01"))
    assert figgen.site.render_markdown(page, "index.md", settings, planner) == first
    assert len(filled()) == 3

    # a page without placeholders is passed through without any work
    assert figgen.site.render_markdown("# Times\n", "timings.md", settings, planner) == "# Times\n"
    assert len(filled()) == 3


def test_a_warm_mkdocs_build_neither_rebuilds_nor_imports_matplotlib(built_site: Path, tmp_path: Path) -> None:
    """After the session's real build, the same build again: everything from the cache."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("FIGGEN_FORCE", None)
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    imported = {line.rpartition("|")[2].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    assert "figgen.build" in imported  # the measurement sees figgen's imports
    assert {"matplotlib", "imageio", "PIL"}.isdisjoint(imported), "a warm build imported a drawing library"
    log = [line for line in done.stderr.splitlines() if "figgen:" in line]
    assert any("from cache" in line for line in log) and not any("rebuilt" in line for line in log), log
    for name in ("figures/z1.svg", "data/walkthrough.json", "animations/hidden3.gif"):
        assert (tmp_path / "site" / name).read_bytes() == (built_site / name).read_bytes(), name


def test_old_versions_of_an_output_are_pruned(source_copy: Path, tmp_path: Path) -> None:
    cache, lines = tmp_path / "cache", []
    _build(cache, lines)
    for shade in range(6):  # six colour edits: six versions of the picture
        _edit(source_copy / "style.py", 'accent="#', f'accent="#{shade}')
        _build(cache, lines)
    entries = list((cache / "entries").rglob("*.entry"))
    # the training run never changed (1 entry); the picture keeps its latest versions only
    assert len(entries) == 1 + figgen.cache.KEEP_VERSIONS
    _build(cache, lines)  # and the current version is still there
    assert CALLS == [] and "1 from cache" in _demo_line(lines)


def test_written_files_are_readable_by_a_web_server(tmp_path: Path) -> None:
    """write_site_files renames private staged files into place; the result has the usual mode."""
    import stat

    from figgen.outdir import write_site_files

    old = os.umask(0o022)
    try:
        write_site_files({"figures/a.svg": b"<svg/>", "data/b.json": b"{}"}, tmp_path / "out")
    finally:
        os.umask(old)
    for rel in ("figures/a.svg", "data/b.json"):
        assert stat.S_IMODE((tmp_path / "out" / rel).stat().st_mode) == 0o644, rel


# ---------------------------------------------------------------------------------------
# Keys found from the code itself


def _oracle_closure(modules: list[str], root: Path) -> set[str]:
    """The figgen modules `modules` import, found independently of figgen.cache: Python's own
    parser, every import statement at any depth (a registry package: module level only)."""
    def file_of(module: str) -> Path | None:
        base = root.joinpath(*module.split("."))
        for path in (base.with_suffix(".py"), base / "__init__.py"):
            if path.is_file():
                return path
        return None

    seen: set[str] = set()
    todo = list(modules)
    while todo:
        module = todo.pop()
        path = file_of(module)
        if module in seen or path is None:
            continue
        seen.add(module)
        parts = module.split(".")
        todo += [".".join(parts[:i]) for i in range(1, len(parts))]
        tree = ast.parse(path.read_text())
        nodes = tree.body if module == "figgen.figures" else list(ast.walk(tree))
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        for node in nodes:
            if isinstance(node, ast.Import):
                todo += [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    head = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    base = ".".join(head + ([node.module] if node.module else []))
                todo.append(base)
                todo += [f"{base}.{alias.name}" for alias in node.names]
    return {m for m in seen if m.startswith("figgen")}


def _every_item(settings: BuildSettings, planner: Planner) -> list:
    """Every unit and value of a real build, and the pages' values."""
    from figgen.build import OUTPUT_GROUPS, registry_value, training_value
    from figgen.cache import Call

    items = [unit for group in OUTPUT_GROUPS for unit in group.units(settings, planner)]
    items += [v for unit in items for v in unit.needs] + [registry_value(settings.walkthrough)]
    items += [training_value(c) for c in settings.training]
    items.append(Value("pages/x", compute=Call("figgen.site:fill_page", ("", "x", settings, "", "", None, 1))))
    items.append(Value("pages/x.html", compute=Call("figgen.mathml:render_math", ("", "x"))))
    return items


def test_every_figgen_module_a_units_code_imports_is_in_its_key(tmp_path: Path) -> None:
    """For every unit and value, the modules its make-function runs (its module, the modules
    it loads by name, and everything those import at any depth, as Python's parser sees them)
    are all in its key; and the keys stay narrow: no unit's key holds the build engine."""
    from figgen.cache import code_modules

    planner = Planner(Cache(tmp_path / "cache"))
    settings = BuildSettings()
    items = _every_item(settings, planner)
    assert len(items) > 25
    all_modules = {
        ".".join(("figgen", *p.relative_to(ROOT / "src" / "figgen").with_suffix("").parts)).removesuffix(".__init__")
        for p in (ROOT / "src" / "figgen").rglob("*.py")
    }
    covered: set[str] = set()
    for item in items:
        inputs = planner.inputs(item)
        call = item.make if isinstance(item, Unit) else item.compute
        expected = _oracle_closure(list(code_modules(call, item.loads)), ROOT / "src")
        in_key = {p.removesuffix(".py").removesuffix("/__init__").replace("/", ".") for p in inputs["sources"]}
        assert expected <= in_key, f"{item.name}: its code imports {sorted(expected - in_key)}, not in its key"
        covered |= expected
        if not item.name.startswith("pages/"):
            assert "figgen.build" not in in_key, f"{item.name}'s key holds the build engine"
    # every module that some output's code runs was checked
    assert {"figgen.network", "figgen.train", "figgen.render", "figgen.animate", "figgen.mathml",
            "figgen.figures.equations", "figgen.figures.diagrams", "figgen.site"} <= covered <= all_modules


def test_keys_hold_the_versions_of_the_libraries_the_code_imports(tmp_path: Path) -> None:
    planner = Planner(Cache(tmp_path / "cache"))
    items = {item.name: item for item in _every_item(BuildSettings(), planner)}
    versions = {name: planner.inputs(item)["versions"] for name, item in items.items()}
    assert {"numpy", "matplotlib", "pillow", "pyparsing", "kiwisolver", "fonttools", "python"} <= set(versions["figures/z1"])
    assert {"numpy", "matplotlib", "imageio", "pillow"} <= set(versions["animations/hidden3"])
    assert "latex2mathml" in versions["pages/x.html"]
    assert "matplotlib" not in versions["training/hidden3"] and "numpy" in versions["training/hidden3"]
    assert "matplotlib" not in versions["data/walkthrough.json"]


FAKE_VERSION_RUN = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from figgen.build import Planner
    from figgen.cache import Cache
    from figgen.site import render_html
    planner = Planner(Cache(Path(sys.argv[1])), log=lambda line: print(line, file=sys.stderr))
    page = '<p><span class="arithmatex">\\\\(x^2\\\\)</span></p>'
    print(render_html(page, "x.md", planner))
    """
)


def test_a_new_latex2mathml_version_remakes_the_mathml(tmp_path: Path) -> None:
    """A different installed latex2mathml (here a stand-in distribution of version 99.0 first
    on the path) misses the cache: the MathML is made again, and the log says why."""
    from importlib.metadata import version

    cache = tmp_path / "cache"
    fake = tmp_path / "fake"
    (fake / "latex2mathml-99.0.dist-info").mkdir(parents=True)
    (fake / "latex2mathml-99.0.dist-info" / "METADATA").write_text("Metadata-Version: 2.1\nName: latex2mathml\nVersion: 99.0\n")
    runs = []
    for extra in ("", str(fake)):
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [extra, str(ROOT / "src")]))}
        env.pop("FIGGEN_FORCE", None)
        done = subprocess.run([sys.executable, "-c", FAKE_VERSION_RUN, str(cache)], env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert "<math" in done.stdout
        runs.append(done.stderr)
    assert "pages/x.md.html: made (not in cache)" in runs[0]
    assert f"pages/x.md.html: made (versions changed: latex2mathml {version('latex2mathml')} -> 99.0)" in runs[1], runs[1]


def test_an_entry_naming_a_class_outside_figgen_is_refused(tmp_path: Path) -> None:
    """Entries are data: a crafted one that names any other class (os.system, say) is a bad
    entry, never called."""
    import hashlib
    import struct

    key = "a" * 64
    header = json.dumps({"key": key, "seconds": 1.0, "blobs": [],
                         "value": {"$dataclass": "os:system", "fields": {"command": "touch " + str(tmp_path / "pwned")}}}).encode()
    payload = struct.pack(">Q", len(header)) + header
    data = figgen.cache.MAGIC + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload
    with pytest.raises(figgen.cache.CacheError, match="not a figgen dataclass"):
        decode_entry(data, key)
    assert not (tmp_path / "pwned").exists()
    with pytest.raises(figgen.cache.CacheError, match="made for another key"):
        decode_entry(figgen.cache.encode_entry(figgen.cache.Entry({"x": b"1"}, 1.0), "b" * 64), key)
    assert b"pickle" not in figgen.cache.encode_entry(figgen.cache.Entry({"x": b"1"}, 1.0), key)


ADAPTER_EDIT = (
    "walkthrough.py",
    '    return {"data/walkthrough.json": json_bytes(walkthrough_to_json(compute_walkthrough(config)))}',
    '    return {"data/walkthrough.json": json_bytes({**walkthrough_to_json(compute_walkthrough(config)), "edited": 1})}',
)


def test_output_changing_edits_give_after_a_warm_build_what_a_cold_build_gives(tmp_path: Path) -> None:
    """An edit in the function that makes data/walkthrough.json, and one in a figure module:
    a warm build then serves exactly what a cold build of the edited source makes."""
    project = tmp_path / "project"
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(".git", ".venv", "site", ".cache", "screenshots",
                                                                   "__pycache__", "*.egg-info", "node_modules"))

    def figgen_build(cache: Path, out: Path) -> dict[str, bytes]:
        env = {**os.environ, "PYTHONPATH": str(project / "src"), "FIGGEN_CACHE_DIR": str(cache), "FIGGEN_JOBS": "2"}
        env.pop("FIGGEN_FORCE", None)
        done = subprocess.run([sys.executable, "-m", "figgen.cli", "build", "--out", str(out), "--config",
                               str(project / "mkdocs.yml")], env=env, capture_output=True, text=True, timeout=600, cwd=project)
        assert done.returncode == 0, done.stderr
        return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}

    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - figgen:\n", "  - figgen:\n      training: []\n", 1))
    before = figgen_build(tmp_path / "cache", tmp_path / "before")
    name, old, new = ADAPTER_EDIT
    _edit(project / "src" / "figgen" / name, old, new)
    equations = project / "src" / "figgen" / "figures" / "equations.py"
    text = equations.read_text()
    equations.write_text(text.replace("theme.text", "theme.muted", 1))
    warm = figgen_build(tmp_path / "cache", tmp_path / "warm")
    cold = figgen_build(tmp_path / "fresh-cache", tmp_path / "cold")
    assert warm == cold
    assert warm["data/walkthrough.json"] != before["data/walkthrough.json"]
    assert any(warm[p] != before[p] for p in warm if p.startswith("figures/") and p.endswith(".svg"))

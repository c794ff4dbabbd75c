"""What figgen gives the site, as output groups, and the one function that builds them.

An output group lists its *units*: pieces of output made together. A unit is a name and the
function that makes it (`make`: a `figgen.cache.Call` naming a module-level function and its
arguments, returning ``{site path: bytes}``), plus the intermediate `Value`s it consumes (a
training run). Each make-function lives next to what it makes (`figgen.render.render_figure`,
`figgen.animate.render_animation`, `figgen.train.training_json_file`, ...); this module only
plans. `build` computes each unit's cache key from the function itself (its code, the figgen
modules that code imports, the other packages' versions, the partial's arguments: see
`figgen.cache`), takes what it can from the cache, makes the rest on up to FIGGEN_JOBS
worker processes, and logs a line per group as it starts and when it is done. The MkDocs
plugin (through mkdocs-gen-files) and ``figgen build`` both call it; only where the bytes
go differs. Nothing in this module is part of any key: editing it never remakes an output.

Nothing here imports matplotlib: a build whose outputs are all cached never loads it.

A unit's `make` may run in a worker process, so it and its arguments must pickle.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping, Sequence

from figgen.cache import Cache, Call, Entry, default_root, key_of, make_inputs, what_changed
from figgen.config import BuildSettings, ConfigError, Environment, TrainConfig, WalkthroughConfig, check_work, environment

Files = dict[str, bytes]
Log = Callable[[str], None]


@dataclass(frozen=True)
class Value:
    """An intermediate result cached on its own, such as a training run.

    Units that need it get it as an argument; it is computed once per build at most, and a
    change that only affects drawing (a colour) finds it in the cache.
    """

    name: str  # unique, e.g. "training/hidden3"
    compute: Callable[..., Any]  # compute(*values of `needs`); picklable: a figgen.cache.Call
    loads: tuple[str, ...] = ()  # figgen modules `compute` imports by name at run time (a registry's plugins)
    needs: tuple["Value", ...] = ()  # values it consumes (in `Planner.value`; the build runs values without)


@dataclass(frozen=True)
class Unit:
    """One cached piece of an output group: files made together by one function."""

    name: str  # unique, e.g. "figures/z1"; shown in the log
    make: Callable[..., Files]  # make(*values of `needs`) -> {site path: bytes}; picklable (a Call)
    needs: tuple[Value, ...] = ()
    loads: tuple[str, ...] = ()  # figgen modules `make` imports by name at run time (a figure's module)


@dataclass(frozen=True)
class OutputGroup:
    """A named list of units. `units` must be cheap and must not import matplotlib."""

    name: str
    units: Callable[[BuildSettings, "Planner"], Sequence[Unit]]


class OutputError(RuntimeError):
    """Making an output raised. `str()` is one line naming the output and where it raised;
    `details` is the one traceback (of the worker, where the error happened)."""

    def __init__(self, output: str, where: str, error: str, details: str) -> None:
        super().__init__(f"{output} failed at {where}: {error}")
        self.output, self.where, self.error, self.details = output, where, error, details

    def __reduce__(self) -> tuple[type, tuple[str, str, str, str]]:
        return (type(self), (self.output, self.where, self.error, self.details))


# ---------------------------------------------------------------------------------------
# The output groups


def _walkthrough_units(settings: BuildSettings, planner: Planner) -> list[Unit]:
    return [
        Unit("data/walkthrough.json", make=Call("figgen.walkthrough:walkthrough_json_file", (settings.walkthrough,))),
        # the worked example as a notebook, cut from figgen's source at build time
        Unit("walkthrough.ipynb", make=Call("figgen.notebook:make_notebook", (settings.walkthrough,))),
    ]


def figure_modules() -> tuple[str, ...]:
    """Every module of the figgen.figures package: the registry may import any of them."""
    from figgen.cache import PACKAGE_DIR

    folder = PACKAGE_DIR / "figures"
    return tuple(f"figgen.figures.{p.stem}" for p in sorted(folder.glob("*.py")) if p.stem != "__init__")


def registry_value(config: WalkthroughConfig) -> Value:
    """``{stem: {"module", "alt", "caption"}}`` for every registered figure, in article order
    (alt texts for the worked example `config`), as a cached value: from the cache when the
    figure modules have not changed, so without importing matplotlib."""
    from figgen.i18n import CATALOGUES

    return Value("figures/registry", compute=Call("figgen.render:figure_manifest", (config,)),
                 loads=figure_modules() + CATALOGUES)


def figure_manifest(settings: BuildSettings, planner: Planner) -> dict[str, dict[str, Any]]:
    """The figure registry of `settings`' worked example (see `registry_value`)."""
    return planner.value(registry_value(settings.walkthrough))


@dataclass(frozen=True)
class FigureInfo:
    """A registered figure as the prose needs it, read from the cache without matplotlib.

    Stands in for `figgen.figures.FigureSpec` where only the stem, the alt text and the
    caption matter (the page filler runs on every build, warm ones included).
    """

    stem: str
    module: str  # the module that registers it
    alt_texts: Any  # {language: spec.alt(record)} of the settings' walkthrough record
    captions: Any  # {language: caption}
    layouts: tuple[str, ...] = ("wide",)  # layout names: "wide", and "phone" if it has one

    def alt(self, record: Any = None) -> str:
        """The alt text, as FigureSpec.alt(record) gives it for the settings' record, in the
        language of the page being filled (figgen.i18n.using)."""
        from figgen.i18n import language

        return self.alt_texts[language()]

    @property
    def caption(self) -> str:
        from figgen.i18n import language

        return self.captions[language()]


def figure_infos(manifest: dict[str, dict[str, Any]]) -> dict[str, FigureInfo]:
    """Every registered figure of a `figure_manifest`, in article order, as `FigureInfo`."""
    return {
        stem: FigureInfo(stem=stem, module=info["module"], alt_texts=info["alt"], captions=info["caption"],
                         layouts=tuple(info.get("layouts", ("wide",))))
        for stem, info in manifest.items()
    }


def training_value(config: TrainConfig) -> Value:
    """The training run `config` as a cached value: one entry, shared by the animations,
    data/training.json and the prose that quotes a run."""
    return Value(f"training/{config.name}", compute=Call("figgen.train:train", (config,)))


def cached(value: Value, planner: Planner) -> Any:
    """`value` from `planner`'s cache, or computed now and cached. For readers outside
    `build`, such as the page filler."""
    return planner.value(value)


def _figure_units(settings: BuildSettings, planner: Planner) -> list[Unit]:
    """Per figure, its files; per other language, its variant with that language's words
    (no files for a figure that draws only math: figgen.render.render_spec)."""
    from figgen.i18n import CATALOGUES, LANGUAGES, variant_stem

    manifest = figure_manifest(settings, planner)
    units = [
        Unit(
            f"figures/{stem}",
            make=Call("figgen.render:render_figure", (stem, settings.walkthrough, settings.png)),
            loads=(info["module"],),  # the module whose function draws it (from the registry)
        )
        for stem, info in manifest.items()
    ]
    units += [
        Unit(f"figures/{variant_stem(stem, lang)}",
             make=Call("figgen.render:render_figure", (stem, settings.walkthrough, settings.png, lang)),
             loads=(info["module"], *CATALOGUES))
        for lang in LANGUAGES[1:] for stem, info in manifest.items()
    ]
    return units


def _training_units(settings: BuildSettings, planner: Planner) -> list[Unit]:
    """data/training.json and, per run, animations/<name>(.dark).gif, its GIFs in the other
    languages (animations/<name>-es(.dark).gif) and the player's .plane(.dark).webp.

    Each run is trained once (a Value, cached on its own), so a change of drawing or
    colour re-renders without retraining. One unit per run makes every language's GIFs (the
    pictures of a frame are drawn once for all of them), so its key holds the catalogues.
    """
    from figgen.i18n import CATALOGUES, LANGUAGES, variant_stem

    names = {config.name for config in settings.training}
    for config in settings.training:
        for lang in LANGUAGES[1:]:
            if variant_stem(config.name, lang) in names:  # both would write animations/x-es.gif
                raise ConfigError(
                    f"training name {variant_stem(config.name, lang)!r} is not valid: it is the name of run "
                    f"{config.name!r}'s {lang} GIFs; expected a name that does not end in "
                    + " or ".join(f"-{other}" for other in LANGUAGES[1:]))
    runs = [training_value(config) for config in settings.training]
    units = [Unit("data/training.json", make=Call("figgen.train:training_json_file"), needs=tuple(runs))]
    units += [
        Unit(f"animations/{config.name}", make=Call("figgen.animate:render_animation"), needs=(run,), loads=CATALOGUES)
        for config, run in zip(settings.training, runs)
    ]
    return units


def _claims_units(settings: BuildSettings, planner: Planner) -> list[Unit]:
    """data/claims.json: every claim of the article checked (figgen.claims.make_claims_file)
    against the article's runs (the animations' values, shared) and the runs it quotes; a
    false claim stops the build. Settings without training runs (a figures-only build) check
    none: the article cannot be filled without its runs anyway."""
    if not settings.training:
        return []
    from figgen.claims import CLAIMS_FILE

    runs = tuple(training_value(config) for config in settings.training)
    keys, quoted = claims_values(settings.training)
    return [Unit(CLAIMS_FILE, make=Call("figgen.claims:make_claims_file", (settings.walkthrough, keys)), needs=(*runs, *quoted))]


def claims_values(training: tuple[TrainConfig, ...]) -> tuple[tuple[str, ...], tuple[Value, ...]]:
    """The runs figgen.claims reads besides the article's (figgen.claims.quoted_runs), with
    their keys: trained once and cached like the article's; a run quoted for diverging is kept
    as figgen.train.Diverged."""
    from figgen.claims import quoted_runs

    runs = quoted_runs(training)
    values = tuple(
        Value(f"training/{config.name}", compute=Call("figgen.train:try_train" if diverges else "figgen.train:train", (config,)))
        for _, config, diverges in runs
    )
    return tuple(key for key, _, _ in runs), values


def wheel_value() -> Value:
    """The wheel of the figgen that is building (figgen.wheel), as a cached value: the site
    ships it and the page quotes its sha256. Keyed by every file that goes into it."""
    from figgen.wheel import source_fingerprint

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return Value("package/wheel", compute=Call("figgen.wheel:wheel_value", (source_fingerprint(), epoch and int(epoch))))


def _package_units(settings: BuildSettings, planner: Planner) -> list[Unit]:
    return [Unit("downloads/wheel", make=Call("figgen.wheel:wheel_files"), needs=(wheel_value(),))]


OUTPUT_GROUPS: tuple[OutputGroup, ...] = (
    OutputGroup("walkthrough data", _walkthrough_units),
    OutputGroup("figures", _figure_units),
    OutputGroup("training animations", _training_units),
    OutputGroup("claims", _claims_units),
    OutputGroup("package", _package_units),
)


# ---------------------------------------------------------------------------------------
# Looking things up


@dataclass
class Row:
    """What happened to one unit or value in a build, for the log and the timings table."""

    group: str
    name: str
    status: str  # "cached" or "rebuilt"
    reason: str  # why it was rebuilt ("" when cached)
    seconds: float  # spent on it in this build (reading the cache, or making it)
    made_seconds: float  # what making it took, when it was made


class Planner:
    """The cache as one build sees it: keys, lookups with reasons, stores, and the rows."""

    def __init__(
        self, cache: Cache, *, force: bool = False, log: Log = lambda msg: None, project: Path | None = None
    ) -> None:
        self.cache = cache
        self.project = project  # the site's folder (its git state is the pages' provenance), if any
        self.force = force
        self.log = log
        self.group = ""  # the group being planned, for the rows
        self.rows: list[Row] = []
        self.on_miss: Callable[[], None] = lambda: None  # called before a value is computed here
        self._inputs: dict[Value | Unit, dict[str, Any]] = {}  # by the item itself, not its name

    @classmethod
    def from_environment(cls, project: Path | None = None, log: Log = lambda msg: None) -> Planner:
        """FIGGEN_CACHE_DIR and FIGGEN_FORCE as set, validated; the cache of `project` (the
        site's folder), else the user's cache folder."""
        env = environment()
        return cls(Cache(default_root(project, env.cache_dir), log=log), force=env.force, log=log, project=project)

    def inputs(self, item: Value | Unit) -> dict[str, Any]:
        """The inputs record of a value or unit (for a unit, with its values' keys)."""
        if item not in self._inputs:
            call = item.make if isinstance(item, Unit) else item.compute
            needs = {v.name: key_of(self.inputs(v)) for v in item.needs}
            self._inputs[item] = make_inputs(item.name, call, loads=item.loads, needs=needs, versions=self.cache.versions)
        return self._inputs[item]

    def lookup(self, name: str, inputs: dict[str, Any]) -> tuple[Entry | None, str]:
        """(entry, "") from the cache, or (None, why it must be made)."""
        if self.force:
            return None, "forced"
        self.cache.sweep()
        key = key_of(inputs)
        entry, bad = self.cache.load(key, name=name)
        if entry is None:
            return None, bad or what_changed(self.cache.last_inputs(name), inputs)
        last = self.cache.last_inputs(name)
        if last is None or key_of(last) != key:  # back to an older state: the next "why" compares with this
            self.cache.remember_inputs(name, inputs, entry.seconds)
        return entry, ""

    def save(self, name: str, inputs: dict[str, Any], value: Any, seconds: float) -> None:
        self.cache.store(key_of(inputs), Entry(value=value, seconds=seconds), name=name)
        self.cache.remember_inputs(name, inputs, seconds)

    def expected_seconds(self, name: str) -> float:
        """How long making `name` took last time; unknown counts as long (start it early)."""
        seconds = self.cache.last_seconds(name)
        return float("inf") if seconds is None else seconds

    def value(self, item: Value) -> Any:
        """`item` from the cache, or computed here and cached (for values needed to plan)."""
        start = time.perf_counter()
        inputs = self.inputs(item)
        entry, reason = self.lookup(item.name, inputs)
        if entry is not None:
            self.rows.append(Row(self.group, item.name, "cached", "", time.perf_counter() - start, entry.seconds))
            return entry.value
        self.on_miss()  # e.g. start the worker processes while this runs
        arguments = tuple(self.value(v) for v in item.needs)
        made = time.perf_counter()
        value = _run_task(item.name, item.compute, arguments)[0]
        seconds = time.perf_counter() - made
        self.save(item.name, inputs, value, seconds)
        self.rows.append(Row(self.group, item.name, "rebuilt", reason, time.perf_counter() - start, seconds))
        self.cache.versions.save()
        if not self.group:  # outside a build's groups (a page being filled): say it here
            self.log(f"figgen: {item.name}: made ({reason}) in {seconds:.2f} s")
        return value


# ---------------------------------------------------------------------------------------
# Running what is missing


def _noop() -> None:
    return None


def _where(exc: BaseException) -> str:
    """file:line where `exc` was raised: the innermost frame in figgen's source (the figgen
    line that raised, or that called the library that did), else the innermost frame."""
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return "?"
    from figgen.cache import PACKAGE_DIR

    ours = [f for f in frames if Path(f.filename).resolve().is_relative_to(PACKAGE_DIR)]
    frame = (ours or frames)[-1]
    path = Path(frame.filename)
    try:
        shown = os.path.relpath(path)
        shown = shown if not shown.startswith("..") else str(path)
    except ValueError:
        shown = str(path)
    return f"{shown}:{frame.lineno}"


# Errors that are a setting's or the content's fault, not a bug: they cross back as they are
# and the adapters report them in one line, without a traceback.
def _is_input_error(exc: BaseException) -> bool:
    from figgen.config import ConfigError
    from figgen.mathml import MathError
    from figgen.prose import PlaceholderError
    from figgen.train import DivergenceError

    return isinstance(exc, (ConfigError, DivergenceError, PlaceholderError, MathError))


def _run_task(name: str, fn: Callable[..., Any], args: tuple[Any, ...]) -> tuple[Any, float]:
    """fn(*args) and its seconds; an exception becomes one OutputError naming `name`, with
    only this exception's traceback (no chained copies)."""
    start = time.perf_counter()
    try:
        out = fn(*args)
    except Exception as exc:
        if _is_input_error(exc):
            raise
        tb = exc.__traceback__
        while tb is not None and Path(tb.tb_frame.f_code.co_filename).name in ("build.py", "cache.py"):
            tb = tb.tb_next  # from the make-function down: the machinery that called it is noise
        details = "".join(traceback.format_exception(type(exc), exc, tb or exc.__traceback__, chain=False))
        error = "".join(traceback.format_exception_only(type(exc), exc)).strip().splitlines()[-1]
        raise OutputError(name, _where(exc), error, details) from None
    return out, time.perf_counter() - start


class _Progress:
    """"figgen: 3/18 ..." rewritten in place on a terminal; silent when stderr is not one."""

    def __init__(self, stream: Any = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)())

    def __call__(self, done: int, total: int, name: str) -> None:
        if self.enabled:
            self.stream.write(f"\r\033[Kfiggen: made {done}/{total} ({name})")
            self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r\033[K")
            self.stream.flush()


# Imported once by the fork server, so each worker starts with them loaded. figgen itself is
# not preloaded: workers import it fresh, so `mkdocs serve` never draws with stale source.
_PRELOAD = ["numpy", "matplotlib", "matplotlib.figure", "matplotlib.backends.backend_svg", "matplotlib.backends.backend_agg"]
WATCH_SECONDS = 0.5  # how often a worker checks that the build that started it is alive


def _worker_start(main_pid: int) -> None:
    """In each worker: leave Ctrl-C to the main process (which stops the pool and says so in
    one line), and exit as soon as the main process is gone, however it died (kill -9 too):
    a worker's parent is the fork server, so it cannot rely on its parent's death."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while True:
            time.sleep(WATCH_SECONDS)
            try:
                os.kill(main_pid, 0)
            except ProcessLookupError:
                os._exit(1)
            except PermissionError:
                pass

    threading.Thread(target=watch, name="figgen-watchdog", daemon=True).start()


@contextlib.contextmanager
def _sigint_deferred() -> Iterator[None]:
    """Hold Ctrl-C back while worker processes are being started (it arrives right after):
    interrupted half-way, a start leaves a process the pool does not know of, which would
    outlive the build and print a traceback. Only the main thread can; others run as they are."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


@contextlib.contextmanager
def _sigint_ignored() -> Iterator[None]:
    """Ignore Ctrl-C while the fork server starts: a process started with SIGINT ignored keeps
    it ignored, and so does every worker the fork server forks, from its first instruction
    (the main process alone answers Ctrl-C, with one line)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@dataclass(frozen=True)
class _Task:
    """One thing to compute: `fn(*results of needs)`, named `name`."""

    name: str
    fn: Callable[..., Any]
    needs: tuple[str, ...] = ()


class _Runner:
    """Runs tasks in this process (one job, or one task) or on a pool of worker processes."""

    def __init__(self, jobs: int, progress: Callable[[int, int, str], None]) -> None:
        self.jobs = jobs
        self.progress = progress
        self._pool: Any = None

    def run(
        self,
        tasks: Sequence[_Task],
        known: Mapping[str, Any],
        on_done: Callable[[str, Any, float], None] = lambda name, result, seconds: None,
    ) -> dict[str, tuple[Any, float]]:
        """{name: (result, seconds)} of every task; the first failure is raised.

        A task starts once each name it `needs` is in `known` or is a task that has finished
        (its arguments are those results, in order); of the tasks that can start, the first
        in `tasks` starts first. So a unit starts as soon as its run is trained, while the
        other worker draws figures: no stage waits for the slowest task of the one before.
        `on_done` is called in this process as each task finishes (the cache keeps it even
        if a later task fails)."""
        results: dict[str, tuple[Any, float]] = {}
        waiting = list(tasks)
        names = {task.name for task in tasks}
        for task in tasks:
            lost = [n for n in task.needs if n not in known and n not in names]
            if lost:
                raise ValueError(f"{task.name} needs {', '.join(lost)}, which nothing makes")

        def next_ready() -> _Task | None:
            for task in waiting:
                if all(n in known or n in results for n in task.needs):
                    waiting.remove(task)
                    return task
            return None

        def arguments(task: _Task) -> tuple[Any, ...]:
            return tuple(known[n] if n in known else results[n][0] for n in task.needs)

        def finished(name: str, result: tuple[Any, float]) -> None:
            results[name] = result
            on_done(name, *result)
            self.progress(len(results), len(tasks), name)

        if self.jobs <= 1 or len(tasks) <= 1:
            while (task := next_ready()) is not None:
                finished(task.name, _run_task(task.name, task.fn, arguments(task)))
            return results
        from concurrent.futures import FIRST_COMPLETED, wait

        pool = self._get_pool()
        running: dict[Any, str] = {}
        while waiting or running:
            # no more than one task per worker in flight, so the next one is chosen when a
            # worker frees up, from what can start then
            while len(running) < self.jobs and (task := next_ready()) is not None:
                with _sigint_deferred():  # a submit may start a worker
                    running[pool.submit(_run_task, task.name, task.fn, arguments(task))] = task.name
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                finished(running.pop(future), future.result())  # raises the task's error
        return results

    def _get_pool(self) -> Any:
        if self._pool is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            from multiprocessing import forkserver

            context = multiprocessing.get_context("forkserver")  # fork is unsafe in mkdocs serve's threads
            context.set_forkserver_preload(_PRELOAD)
            with _sigint_ignored():
                forkserver.ensure_running()
            self._pool = ProcessPoolExecutor(
                max_workers=self.jobs, mp_context=context, initializer=_worker_start, initargs=(os.getpid(),)
            )
        return self._pool

    def warm_up(self) -> None:
        """Start the workers now (they import matplotlib while this process keeps planning)."""
        if self.jobs > 1 and self._pool is None:
            pool = self._get_pool()
            with _sigint_deferred():
                for _ in range(self.jobs):
                    pool.submit(_noop)

    def close(self, *, failed: bool = False) -> None:
        """Stop the pool; after a failure or Ctrl-C, without waiting for queued work and with
        the workers killed, so nothing keeps running after the build has ended."""
        if self._pool is None:
            return
        pool, self._pool = self._pool, None
        if not failed:
            pool.shutdown(wait=True)
            return
        processes = list((getattr(pool, "_processes", None) or {}).values())
        for process in processes:  # first: a worker that outlives the pool's queues prints tracebacks
            process.kill()
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.join(timeout=5)


# ---------------------------------------------------------------------------------------
# The build


@dataclass
class BuildReport:
    """All files of a build, keyed by their path in the site, and what happened to each unit."""

    files: Files
    rows: list[Row]
    seconds: float  # wall-clock time of the whole build

    def summary_lines(self, groups: Sequence[str]) -> list[str]:
        """One line per group: what was rebuilt and why, what came from the cache, times."""
        lines = []
        for group in groups:
            rows = [r for r in self.rows if r.group == group]
            cached = [r for r in rows if r.status == "cached"]
            rebuilt = [r for r in rows if r.status == "rebuilt"]
            parts = []
            by_reason: dict[str, list[Row]] = {}
            for r in rebuilt:
                by_reason.setdefault(r.reason, []).append(r)
            for reason, same in by_reason.items():
                parts.append(f"rebuilt {_names(same)} ({reason}) in {sum(r.seconds for r in same):.2f} s")
            if cached:
                parts.append(f"{len(cached)} from cache in {sum(r.seconds for r in cached):.2f} s")
            lines.append(f"figgen: {group}: " + ("; ".join(parts) or "nothing to do"))
        return lines

    def table(self, *, rebuilt_only: bool = False) -> str:
        """A plain-text table of the units, slowest first (sphinx-gallery's execution times)."""
        rows = [r for r in self.rows if r.status == "rebuilt" or not rebuilt_only]
        rows.sort(key=lambda r: (-r.seconds, r.name))
        width = max([len(r.name) for r in rows] + [6])
        lines = [f"  {'output':<{width}}  {'status':<7}  {'this build':>10}  {'when made':>10}"]
        lines += [f"  {r.name:<{width}}  {r.status:<7}  {r.seconds:>8.2f} s  {r.made_seconds:>8.2f} s" for r in rows]
        work = sum(r.seconds for r in self.rows if r.status == "rebuilt")
        n_rebuilt = sum(r.status == "rebuilt" for r in self.rows)
        lines.append(
            f"  {n_rebuilt} rebuilt ({work:.2f} s of work), {len(self.rows) - n_rebuilt} from cache, "
            f"{self.seconds:.2f} s in all"
        )
        return "\n".join(lines)

    def markdown(self) -> str:
        """The timings table as a Markdown page."""
        rows = sorted(self.rows, key=lambda r: (-r.made_seconds, r.name))
        out = [
            "# Build times",
            "",
            "What figgen made for this site, slowest first: the time it took in this build "
            "(reading the cache, for outputs that came from it) and when it was made.",
            "",
            "| output | status | this build (s) | when made (s) | why rebuilt |",
            "|---|---|---:|---:|---|",
        ]
        out += [
            f"| `{r.name}` | {r.status} | {r.seconds:.2f} | {r.made_seconds:.2f} | {r.reason or '-'} |" for r in rows
        ]
        out += ["", f"Whole figgen build: {self.seconds:.2f} s.", ""]
        return "\n".join(out)


def _names(items: Sequence[Any]) -> str:
    names = [getattr(item, "name", item) for item in items]
    return ", ".join(names[:4]) + (f" and {len(names) - 4} more" if len(names) > 4 else "")


def check_settings(settings: BuildSettings, env: Environment) -> None:
    """What can be checked before any work beyond each setting's range: the size of every
    training run against the work budget (FIGGEN_MAX_WORK)."""
    check_work(settings.training, env.max_work)


UNKNOWN_SECONDS = 1.0  # what a task never made before is taken to last, to order the tasks


def _critical_first(tasks: Sequence[_Task], expected: Callable[[str], float]) -> list[_Task]:
    """`tasks` in the order to start them: the longest chain first (a task's own expected
    seconds, from the last time it was made, plus the longest chain of the tasks that need
    it), so the slowest run and its animation are not left for the end while the other worker
    idles; on a tie, a task that needs values first (it renders a run: it is long), then the
    declared order."""
    seconds = {t.name: UNKNOWN_SECONDS if (s := expected(t.name)) == float("inf") else s for t in tasks}
    users: dict[str, list[_Task]] = {}
    for task in tasks:
        for name in task.needs:
            users.setdefault(name, []).append(task)
    chain: dict[str, float] = {}

    def length(task: _Task) -> float:
        if task.name not in chain:
            chain[task.name] = seconds[task.name] + max((length(u) for u in users.get(task.name, [])), default=0.0)
        return chain[task.name]

    order = {t.name: i for i, t in enumerate(tasks)}
    return sorted(tasks, key=lambda t: (-length(t), -len(t.needs), order[t.name]))


def build(
    settings: BuildSettings = BuildSettings(),
    *,
    log: Log = print,
    env: Environment | None = None,
    force: bool | None = None,
    jobs: int | None = None,
    cache_dir: Path | None = None,
    project: Path | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    groups: Sequence[OutputGroup] | None = None,
) -> BuildReport:
    """Build every output group, from the cache where its inputs are unchanged.

    `env` (default: the FIGGEN_* variables) gives the defaults of `force`, `jobs` and the
    cache folder; `cache_dir` overrides the folder, else it is `project`'s .cache/figgen
    (the site's folder), else the user's cache folder.
    """
    start = time.perf_counter()
    env = environment() if env is None else env
    check_settings(settings, env)
    force = env.force if force is None else force
    jobs = env.jobs if jobs is None else jobs
    groups = OUTPUT_GROUPS if groups is None else tuple(groups)
    cache = Cache(cache_dir if cache_dir is not None else default_root(project, env.cache_dir), log=log)
    planner = Planner(cache, force=force, log=log, project=project)
    bar = _Progress() if progress is None else None
    progress = progress or bar
    runner = _Runner(jobs, progress)
    planner.on_miss = runner.warm_up

    failed = True
    try:
        # 1. every unit's inputs, and what the cache already has
        plans: list[tuple[str, Unit, dict[str, Any], Entry | None, str, float]] = []
        names: set[str] = set()
        for group in groups:
            planner.group = group.name
            for unit in group.units(settings, planner):
                if unit.name in names:
                    raise ValueError(f"output {unit.name!r} is declared twice")
                names.add(unit.name)
                t0 = time.perf_counter()
                inputs = planner.inputs(unit)
                entry, reason = planner.lookup(unit.name, inputs)
                plans.append((group.name, unit, inputs, entry, reason, time.perf_counter() - t0))
        missing = [p for p in plans if p[3] is None]

        # 2. the values the missing units need: cached, or computed on the workers
        values: dict[str, Any] = {}
        wanted: dict[str, tuple[str, Value]] = {}
        for group_name, unit, *_ in missing:
            for v in unit.needs:
                wanted.setdefault(v.name, (group_name, v))
        to_compute: list[tuple[str, Value, str]] = []
        for name, (group_name, v) in wanted.items():
            t0 = time.perf_counter()
            entry, reason = planner.lookup(name, planner.inputs(v))
            if entry is not None:
                values[name] = entry.value
                planner.rows.append(Row(group_name, name, "cached", "", time.perf_counter() - t0, entry.seconds))
            else:
                to_compute.append((group_name, v, reason))

        # what is about to happen, per group, before it happens
        for group in groups:
            todo = [v for g, v, _ in to_compute if g == group.name] + [p[1] for p in missing if p[0] == group.name]
            if todo:
                total = sum(1 for p in plans if p[0] == group.name)
                log(f"figgen: {group.name}: making {len(todo)} ({_names(todo)}); {total - len([p for p in missing if p[0] == group.name])} of {total} outputs from cache")

        computing = {v.name: (group_name, v, reason) for group_name, v, reason in to_compute}

        def keep_value(name: str, value: Any, seconds: float) -> None:
            if name in computing:
                group_name, v, reason = computing[name]
                values[name] = value
                planner.save(name, planner.inputs(v), value, seconds)
                planner.rows.append(Row(group_name, name, "rebuilt", reason, seconds, seconds))

        tasks = [_Task(v.name, v.compute) for _, v, _ in to_compute]
        tasks += [_Task(u.name, u.make, tuple(v.name for v in u.needs)) for _, u, *_ in missing]
        made = runner.run(_critical_first(tasks, planner.expected_seconds), values, on_done=keep_value)
        failed = False
    finally:
        runner.close(failed=failed)
        if bar is not None:
            bar.close()
        cache.versions.save()

    # 3. every file, in group and unit order
    files: Files = {}
    owner: dict[str, str] = {}
    for group_name, unit, inputs, entry, reason, seconds in plans:
        if entry is not None:
            out = entry.value
            planner.rows.append(Row(group_name, unit.name, "cached", "", seconds, entry.seconds))
        else:
            out, made_seconds = made[unit.name]
            planner.save(unit.name, inputs, out, made_seconds)
            planner.rows.append(Row(group_name, unit.name, "rebuilt", reason, made_seconds, made_seconds))
        for path, data in out.items():
            if path in owner:
                raise ValueError(f"{path} is made by both {owner[path]} and {unit.name}")
            owner[path] = unit.name
            files[path] = data

    report = BuildReport(files=files, rows=planner.rows, seconds=time.perf_counter() - start)
    for line in report.summary_lines([g.name for g in groups]):
        log(line)
    if env.timings and any(r.status == "rebuilt" for r in report.rows):
        log("figgen: build times, slowest first\n" + report.table(rebuilt_only=True))
    return report


def build_outputs(settings: BuildSettings = BuildSettings(), *, log: Log = print, **options: Any) -> Files:
    """Every file of every output group, keyed by its path in the site (see `build`)."""
    return build(settings, log=log, **options).files

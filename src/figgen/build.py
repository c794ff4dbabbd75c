"""What figgen gives the site, as output groups, and the one function that builds them.

An output group lists its *units*: pieces of output made together, each declaring what it
depends on (the figgen modules it runs, the configuration it reads, the intermediate
`Value`s it consumes, such as a training run) and how to make it. `build` computes each
unit's cache key from those declarations, takes what it can from the cache
(`figgen.cache`), makes the rest on up to FIGGEN_JOBS worker processes, and logs one line
per group saying what was rebuilt and why. The mkdocs-gen-files script and ``figgen build``
both call it; only where the bytes go differs.

Nothing here imports matplotlib: a build whose outputs are all cached never loads it.

Adding a group (training runs and their animations, for example)::

    def _animation(run):  # imports matplotlib only when something must be drawn
        from figgen.animate import render_animation
        return render_animation(run)

    def _training_units(settings, planner):
        runs = [Value(f"training/{c.name}", modules=("figgen.train",), config=c,
                      compute=functools.partial(train, c)) for c in settings.training]
        return [Unit(f"animations/{c.name}", modules=("figgen.animate",), config=c,
                     make=_animation, needs=(run,)) for c, run in zip(settings.training, runs)]

A unit's `make` is called with the values of its `needs`, in order, and may run in a worker
process, so it and its arguments must pickle (a module-level function, functools.partial).
A style edit changes the animation units' keys, not the runs' keys: nothing retrains.
"""

from __future__ import annotations

import functools
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

from figgen import settings as env
from figgen.cache import Cache, Entry, atomic_write, key_of, make_inputs, what_changed
from figgen.config import ConfigError, WalkthroughConfig
from figgen.train import ARTICLE_RUNS, TrainConfig  # numpy only, no matplotlib

Files = dict[str, bytes]
Log = Callable[[str], None]


@dataclass(frozen=True)
class BuildSettings:
    """Everything a build depends on besides figgen's own source."""

    walkthrough: WalkthroughConfig = WalkthroughConfig()  # the worked example
    png: bool = False  # also write figures/<stem>.png renders, for looking at them
    training: tuple[TrainConfig, ...] = ARTICLE_RUNS  # the runs animated in the article

    def __post_init__(self) -> None:
        if not isinstance(self.walkthrough, WalkthroughConfig):
            raise ConfigError(f"walkthrough={self.walkthrough!r} is not valid: expected a WalkthroughConfig")
        if not isinstance(self.png, bool):
            raise ConfigError(f"png={self.png!r} is not valid: expected true or false")
        if not (isinstance(self.training, tuple) and all(isinstance(t, TrainConfig) for t in self.training)):
            raise ConfigError(f"training={self.training!r} is not valid: expected a list of training runs")
        names = [t.name for t in self.training]
        if len(set(names)) != len(names):
            raise ConfigError(f"training names={names!r} are not valid: expected each name once")


@dataclass(frozen=True)
class Value:
    """An intermediate result cached on its own, such as a training run.

    Units that need it get it as an argument; it is computed once per build at most, and a
    change that only affects drawing (a colour) finds it in the cache.
    """

    name: str  # unique, e.g. "training/A"
    modules: tuple[str, ...]  # figgen modules `compute` runs (their figgen imports count too)
    config: Any  # the settings it reads; repr() must list them all (a frozen dataclass)
    compute: Callable[[], Any]  # picklable (module-level function or functools.partial)


@dataclass(frozen=True)
class Unit:
    """One cached piece of an output group: files made together from declared inputs."""

    name: str  # unique, e.g. "figures/z1"; shown in the log
    modules: tuple[str, ...]  # figgen modules `make` runs (their figgen imports count too)
    config: Any  # the settings it reads; repr() must list them all
    make: Callable[..., Files]  # make(*values of `needs`) -> {site path: bytes}; picklable
    needs: tuple[Value, ...] = ()


@dataclass(frozen=True)
class OutputGroup:
    """A named list of units. `units` must be cheap and must not import matplotlib."""

    name: str
    units: Callable[[BuildSettings, "Planner"], Sequence[Unit]]


# ---------------------------------------------------------------------------------------
# The output groups


def _walkthrough_json(config: WalkthroughConfig) -> Files:
    from figgen.jsondata import json_bytes
    from figgen.walkthrough import compute_walkthrough, walkthrough_to_json

    return {"data/walkthrough.json": json_bytes(walkthrough_to_json(compute_walkthrough(config)))}


def _walkthrough_units(settings: BuildSettings, planner: Planner) -> list[Unit]:
    return [
        Unit(
            "data/walkthrough.json",
            modules=("figgen.walkthrough", "figgen.jsondata"),
            config=settings.walkthrough,
            make=functools.partial(_walkthrough_json, settings.walkthrough),
        )
    ]


def figure_modules() -> tuple[str, ...]:
    """Every module of the figgen.figures package: the registry may import any of them."""
    from figgen.cache import PACKAGE_DIR

    folder = PACKAGE_DIR / "figures"
    return ("figgen.figures",) + tuple(
        f"figgen.figures.{p.stem}" for p in sorted(folder.glob("*.py")) if p.stem != "__init__"
    )


def figure_manifest(settings: BuildSettings = BuildSettings(), planner: Planner | None = None) -> dict[str, dict[str, Any]]:
    """``{stem: {"module", "alt", "caption"}}`` for every registered figure, in article order,
    from the cache when the figure modules have not changed (so without importing matplotlib)."""
    planner = planner or Planner.from_environment()
    return planner.value(
        Value(
            "figures/registry",
            modules=figure_modules() + ("figgen.render",),
            config=settings.walkthrough,
            compute=functools.partial(_manifest, settings.walkthrough),
        )
    )


def _manifest(config: WalkthroughConfig) -> dict[str, dict[str, Any]]:
    from figgen.render import figure_manifest as compute

    return compute(config)


@dataclass(frozen=True)
class FigureInfo:
    """A registered figure as the prose needs it, read from the cache without matplotlib.

    Stands in for `figgen.figures.FigureSpec` where only the stem, the alt text and the
    caption matter (the mkdocs hooks run on every build, warm ones included).
    """

    stem: str
    module: str  # the module that registers it
    alt_text: str  # spec.alt(record) of the settings' walkthrough record
    caption: str

    def alt(self, record: Any = None) -> str:
        """The alt text, as FigureSpec.alt(record) gives it for the settings' record."""
        return self.alt_text


def figure_infos(settings: BuildSettings = BuildSettings()) -> dict[str, FigureInfo]:
    """Every registered figure, in article order, as `FigureInfo` (from the cache)."""
    return {
        stem: FigureInfo(stem=stem, module=info["module"], alt_text=info["alt"], caption=info["caption"])
        for stem, info in figure_manifest(settings).items()
    }


def _train(config: Any) -> Any:
    from figgen.train import train

    return train(config)


def training_value(config: Any) -> Value:
    """The training run `config` (a figgen.train.TrainConfig) as a cached value: one entry,
    shared by the animations, data/training.json and the prose that quotes a run."""
    return Value(f"training/{config.name}", modules=("figgen.train",), config=config, compute=functools.partial(_train, config))


def cached(value: Value, planner: Planner | None = None) -> Any:
    """`value` from the cache, or computed now and cached (honours FIGGEN_CACHE_DIR and
    FIGGEN_FORCE). For readers outside `build`, such as the mkdocs hooks."""
    return (planner or Planner.from_environment()).value(value)


def _figure_units(settings: BuildSettings, planner: Planner) -> list[Unit]:
    manifest = figure_manifest(settings, planner)
    return [
        Unit(
            f"figures/{stem}",
            # the figure's own module, and the renderer with everything it imports (style, encode)
            modules=(info["module"], "figgen.render"),
            config=(settings.walkthrough, settings.png),
            make=functools.partial(_render_figure, stem, settings.walkthrough, settings.png),
        )
        for stem, info in manifest.items()
    ]


def _render_figure(stem: str, config: WalkthroughConfig, png: bool) -> Files:
    from figgen.render import render_figure

    return render_figure(stem, config, png)


def _training_json(*results: Any) -> Files:
    from figgen.train import training_json_file

    return training_json_file(results)


def _animation(result: Any) -> Files:
    from figgen.animate import render_animation

    return render_animation(result)


def _training_units(settings: BuildSettings, planner: Planner) -> list[Unit]:
    """data/training.json and, per run, animations/<name>(.dark).gif and .final(.dark).png.

    Each run is trained once (a Value, cached on its own), so a change of drawing or
    colour re-renders without retraining.
    """
    runs = [training_value(config) for config in settings.training]
    units = [
        Unit("data/training.json", modules=("figgen.train", "figgen.jsondata"), config=settings.training,
             make=_training_json, needs=tuple(runs))
    ]
    units += [
        Unit(f"animations/{config.name}", modules=("figgen.animate", "figgen.encode"), config=config,
             make=_animation, needs=(run,))
        for config, run in zip(settings.training, runs)
    ]
    return units


def _claims_units(settings: BuildSettings, planner: Planner) -> list[Unit]:
    """data/claims.json: every claim of the article checked against the runs it quotes
    (figgen.claims); a false one stops the build. The runs are the animations' values, shared."""
    from figgen.claims import CLAIMS_FILE, evidence_values, make_claims_file

    keys, runs = evidence_values(settings.training)
    return [Unit(CLAIMS_FILE, modules=("figgen.claims",), config=(settings.walkthrough, settings.training),
                 make=functools.partial(make_claims_file, settings.walkthrough, keys), needs=runs)]


OUTPUT_GROUPS: tuple[OutputGroup, ...] = (
    OutputGroup("walkthrough data", _walkthrough_units),
    OutputGroup("figures", _figure_units),
    OutputGroup("training animations", _training_units),
    OutputGroup("claims", _claims_units),
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

    def __init__(self, cache: Cache, *, force: bool = False, log: Log = lambda msg: None) -> None:
        self.cache = cache
        self.force = force
        self.log = log
        self.group = ""  # the group being planned, for the rows
        self.rows: list[Row] = []
        self.on_miss: Callable[[], None] = lambda: None  # called before a value is computed here
        self._inputs: dict[str, dict[str, Any]] = {}

    @classmethod
    def from_environment(cls, log: Log = lambda msg: None) -> Planner:
        """FIGGEN_CACHE_DIR and FIGGEN_FORCE as set, validated."""
        return cls(Cache(env.cache_dir(), log=log), force=env.env_flag("FIGGEN_FORCE"), log=log)

    def inputs(self, item: Value | Unit) -> dict[str, Any]:
        """The inputs record of a value or unit (for a unit, with its values' keys)."""
        if item.name not in self._inputs:
            needs = {v.name: key_of(self.inputs(v)) for v in getattr(item, "needs", ())}
            self._inputs[item.name] = make_inputs(item.name, modules=item.modules, config=item.config, needs=needs)
        return self._inputs[item.name]

    def lookup(self, name: str, inputs: dict[str, Any]) -> tuple[Entry | None, str]:
        """(entry, "") from the cache, or (None, why it must be made)."""
        if self.force:
            return None, "forced"
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
        made = time.perf_counter()
        value = item.compute()
        seconds = time.perf_counter() - made
        self.save(item.name, inputs, value, seconds)
        self.rows.append(Row(self.group, item.name, "rebuilt", reason, time.perf_counter() - start, seconds))
        return value


# ---------------------------------------------------------------------------------------
# Running what is missing


def _noop() -> None:
    return None


def _timed(fn: Callable[..., Any], args: tuple[Any, ...]) -> tuple[Any, float]:
    start = time.perf_counter()
    out = fn(*args)
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


class _Runner:
    """Runs tasks in this process (one job, or one task) or on a pool of worker processes."""

    def __init__(self, jobs: int, progress: Callable[[int, int, str], None]) -> None:
        self.jobs = jobs
        self.progress = progress
        self._pool: Any = None

    def run(self, tasks: list[tuple[str, Callable[..., Any], tuple[Any, ...]]]) -> dict[str, tuple[Any, float]]:
        """{name: (result, seconds)} of every task; the first failure is raised."""
        results: dict[str, tuple[Any, float]] = {}
        if self.jobs <= 1 or len(tasks) <= 1:
            for name, fn, args in tasks:
                results[name] = _timed(fn, args)
                self.progress(len(results), len(tasks), name)
            return results
        from concurrent.futures import as_completed

        pool = self._get_pool()
        futures = {pool.submit(_timed, fn, args): name for name, fn, args in tasks}
        for future in as_completed(futures):
            results[futures[future]] = future.result()
            self.progress(len(results), len(tasks), futures[future])
        return results

    def _get_pool(self) -> Any:
        if self._pool is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            context = multiprocessing.get_context("forkserver")  # fork is unsafe in mkdocs serve's threads
            context.set_forkserver_preload(_PRELOAD)
            self._pool = ProcessPoolExecutor(max_workers=self.jobs, mp_context=context)
        return self._pool

    def warm_up(self) -> None:
        """Start the workers now (they import matplotlib while this process keeps planning)."""
        if self.jobs > 1 and self._pool is None:
            pool = self._get_pool()
            for _ in range(self.jobs):
                pool.submit(_noop)

    def close(self, *, failed: bool = False) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=failed)
            self._pool = None


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
                names = ", ".join(r.name for r in same[:4]) + (f" and {len(same) - 4} more" if len(same) > 4 else "")
                parts.append(f"rebuilt {names} ({reason}) in {sum(r.seconds for r in same):.2f} s")
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


def build(
    settings: BuildSettings = BuildSettings(),
    *,
    log: Log = print,
    force: bool | None = None,
    jobs: int | None = None,
    cache_dir: Path | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    groups: Sequence[OutputGroup] | None = None,
) -> BuildReport:
    """Build every output group, from the cache where its inputs are unchanged.

    `force` (default: FIGGEN_FORCE) ignores the cache; `jobs` (default: FIGGEN_JOBS, else 2)
    is the number of worker processes; `cache_dir` defaults to figgen.settings.cache_dir().
    """
    start = time.perf_counter()
    force = env.env_flag("FIGGEN_FORCE") if force is None else force
    jobs = env.jobs() if jobs is None else jobs
    groups = OUTPUT_GROUPS if groups is None else tuple(groups)
    planner = Planner(Cache(env.cache_dir() if cache_dir is None else cache_dir, log=log), force=force, log=log)
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
        # longest first (by last time's duration), so two workers finish together
        missing = sorted((p for p in plans if p[3] is None), key=lambda p: -planner.expected_seconds(p[1].name))

        # 2. the values the missing units need: cached, or computed in parallel
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
        to_compute.sort(key=lambda item: -planner.expected_seconds(item[1].name))

        done = runner.run([(v.name, v.compute, ()) for _, v, _ in to_compute])
        for group_name, v, reason in to_compute:
            value, seconds = done[v.name]
            values[v.name] = value
            planner.save(v.name, planner.inputs(v), value, seconds)
            planner.rows.append(Row(group_name, v.name, "rebuilt", reason, seconds, seconds))
        made = runner.run([(u.name, u.make, tuple(values[v.name] for v in u.needs)) for _, u, *_ in missing])
        failed = False
    finally:
        runner.close(failed=failed)
        if bar is not None:
            bar.close()

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
    if any(r.status == "rebuilt" for r in report.rows):
        log("figgen: build times, slowest first\n" + report.table(rebuilt_only=True))
    return report


def build_outputs(settings: BuildSettings = BuildSettings(), *, log: Log = print, **options: Any) -> Files:
    """Every file of every output group, keyed by its path in the site (see `build`)."""
    return build(settings, log=log, **options).files


def _file_mode() -> int:
    """The mode `open()` would give a new file (0o644 under the usual umask 022)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_files(files: Files, out_dir: Path) -> None:
    """Write `files` under `out_dir`, each atomically (temporary file, then rename).

    mkstemp makes its file private (0o600); each file gets the ordinary mode instead, so a
    web server can read the site it is given.
    """
    out_dir = Path(out_dir)
    mode = _file_mode()
    for rel, data in sorted(files.items()):
        atomic_write(out_dir / rel, data, mode=mode)

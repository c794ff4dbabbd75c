"""Every setting of figgen, declared once: frozen dataclasses, one comment per default.

The worked example (`WalkthroughConfig`), the training runs (`TrainConfig`), the whole
build (`BuildSettings`) and the ``FIGGEN_*`` environment variables (`ENVIRONMENT`) are
declared here with the range each value may take, and parsed here: `from_mapping` turns
plain data (the MkDocs plugin's options, a test's dict) into these dataclasses and
`environment` reads the variables. A wrong type, a value out of range or an unknown key
raises `ConfigError` with one line naming the setting, the bad value and what is valid.

Every seed lives here; no code in figgen touches numpy's global random state. This module
imports nothing but the standard library.
"""

from __future__ import annotations

import dataclasses
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Mapping


class ConfigError(ValueError):
    """A setting has a wrong type, is out of range, or is unknown.

    The message names the setting, the bad value and what would be valid.
    """


# ---------------------------------------------------------------------------------------
# Ranges: what each value may be, checked by the dataclasses and by `from_mapping`


@dataclass(frozen=True)
class Range:
    """The values a number setting accepts: low..high, integers or finite floats."""

    low: float
    high: float
    integer: bool = False
    low_open: bool = False  # low itself is not allowed (a learning rate of 0)

    def describe(self) -> str:
        kind = "an integer" if self.integer else "a finite number"
        number = (lambda v: f"{int(v)}") if self.integer else (lambda v: f"{v:g}")
        low = f"> {number(self.low)}" if self.low_open else f">= {number(self.low)}"
        return f"{kind} {low} and <= {number(self.high)}"

    def check(self, name: str, value: Any) -> None:
        """Raise ConfigError unless `value` is in the range."""
        numeric = (int,) if self.integer else (int, float)
        ok = isinstance(value, numeric) and not isinstance(value, bool)
        if ok and not self.integer:
            ok = math.isfinite(value)
        if ok:
            ok = (value > self.low if self.low_open else value >= self.low) and value <= self.high
        if not ok:
            raise ConfigError(f"{name}={value!r} is not valid: expected {self.describe()}")


SEED = Range(0, 2**32 - 1, integer=True)  # what numpy's RandomState accepts
RATE = Range(0.0, 1000.0, low_open=True)  # beyond 1000 every run here diverges at once
PENALTY = Range(0.0, 1000.0)
NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
OPTIMIZERS = ("gd", "adam")  # how a training run steps: figgen.network.update or adam_update


def setting(default: Any, range_: Range | None = None, *, limits: Mapping[str, Range] | None = None) -> Any:
    """A dataclass field with its `Range`, or for a nested settings field the narrower ranges
    its own fields take here (`limits`); checked by `validate` and `from_mapping`."""
    metadata: dict[str, Any] = {}
    if range_ is not None:
        metadata["range"] = range_
    if limits:
        metadata["limits"] = dict(limits)
    return field(default=default, metadata=metadata)


def validate(obj: Any, prefix: str) -> None:
    """Check every ranged or boolean field of dataclass `obj`, and the `limits` of nested
    settings; names read `prefix.field`."""
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if "range" in f.metadata:
            f.metadata["range"].check(f"{prefix}.{f.name}", value)
        elif f.type in ("bool", bool) and not isinstance(value, bool):
            raise ConfigError(f"{prefix}.{f.name}={value!r} is not valid: expected true or false")
        for name, range_ in f.metadata.get("limits", {}).items():
            range_.check(f"{prefix}.{f.name}.{name}", getattr(value, name))


# ---------------------------------------------------------------------------------------
# The network, the data, the worked example


@dataclass(frozen=True)
class DataConfig:
    """The XOR data set: standard-normal points labelled XOR(x1 > 0, x2 > 0)."""

    n_points: int = setting(300, Range(4, 1_000_000, integer=True))  # rows of RandomState(seed).randn(n_points, 2), as in the original
    seed: int = setting(0, SEED)  # seed of the data's RandomState, as in the original

    def __post_init__(self) -> None:
        validate(self, "data")


@dataclass(frozen=True)
class NetworkConfig:
    """A 2-H-2 sigmoid network and how its weights are drawn."""

    hidden: int = setting(3, Range(1, 10_000, integer=True))  # H, hidden sigmoid units; the article's network has 3
    weight_seed: int = setting(2017, SEED)  # seed of the weights' RandomState, as in the original
    bias: bool = True  # with zero-initialized biases b1, b2 (without them XOR is out of reach)

    def __post_init__(self) -> None:
        validate(self, "network")


@dataclass(frozen=True)
class WalkthroughConfig:
    """One gradient-descent step on one observation: the article's worked example."""

    data: DataConfig = DataConfig()  # where the observation comes from
    # the 2-3-2 network with zero biases; at most 8 hidden units: its figures draw every unit and weight
    network: NetworkConfig = setting(NetworkConfig(), limits={"hidden": Range(1, 8, integer=True)})
    row: int = setting(0, Range(0, 999_999, integer=True))  # which row of the data set is the observation; the original uses row 0
    learning_rate: float = setting(0.001, RATE)  # alpha of the update W* = W - alpha dL/dW, as in the original
    reg: float = setting(0.0, PENALTY)  # lambda; the worked example has no regularization

    PREFIX: ClassVar[str] = "walkthrough"  # how its errors name it

    def __post_init__(self) -> None:
        validate(self, self.PREFIX)
        if self.row >= self.data.n_points:
            raise ConfigError(
                f"walkthrough.row={self.row!r} is not valid: expected 0 <= row < "
                f"walkthrough.data.n_points={self.data.n_points}"
            )


# ---------------------------------------------------------------------------------------
# Training runs


@dataclass(frozen=True)
class TrainConfig:
    """One training run: the network, the data, and the gradient-descent settings."""

    name: str = "run"  # stable file name of the run: animations/<name>.gif, an entry of training.json
    network: NetworkConfig = NetworkConfig()  # hidden units, weight seed, with or without biases
    data: DataConfig = DataConfig()  # the 300 XOR points the network is trained on, all at once
    # fresh points drawn the same way from another seed, never trained on: accuracy on them
    # shows whether the boundary fits the data or the XOR rule ("held-out accuracy")
    heldout: DataConfig = DataConfig(n_points=10_000, seed=1)
    learning_rate: float = setting(5.0, RATE)  # alpha; large because the loss is a mean over the N points
    reg: float = setting(0.0, PENALTY)  # lambda of the L2 penalty reg/(2N) (||W1||^2 + ||W2||^2)
    steps: int = setting(2000, Range(1, 1_000_000, integer=True))  # gradient-descent steps; XOR is learned within the first few hundred
    optimizer: str = "gd"  # "gd": W -= alpha dL/dW, as in the article; "adam": figgen.network.adam_update
    frames: int = setting(40, Range(2, 200, integer=True))  # animation frames (capped at steps + 1), spaced finely early, coarsely late

    PREFIX: ClassVar[str] = "train"  # how its errors name it

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not NAME.fullmatch(self.name):
            raise ConfigError(
                f"train.name={self.name!r} is not valid: expected 1 to 64 lower-case letters, digits, "
                "'_' or '-', starting with a letter or digit"
            )
        validate(self, self.PREFIX)
        if self.optimizer not in OPTIMIZERS:
            raise ConfigError(
                f"train.optimizer={self.optimizer!r} is not valid: expected one of "
                + ", ".join(repr(name) for name in OPTIMIZERS)
            )
        if self.heldout.seed == self.data.seed:
            raise ConfigError(
                f"train.heldout.seed={self.heldout.seed!r} is not valid: expected a seed other than "
                f"train.data.seed={self.data.seed!r} (held-out points must be fresh)"
            )

    @property
    def hidden(self) -> int:
        """H, the number of hidden units."""
        return self.network.hidden

    @property
    def bias(self) -> bool:
        """Whether the network has (trainable, zero-initialized) biases b1 and b2."""
        return self.network.bias

    @property
    def work(self) -> int:
        """Multiply-adds of the run, roughly: each step touches every point and hidden unit
        (forward and backward), and each frame scores the held-out points."""
        frames = min(self.frames, self.steps + 1)
        return self.steps * self.data.n_points * self.hidden + frames * self.heldout.n_points * self.hidden


# The article's three runs, by their stable names. hidden50_nobias repeats hidden50's settings
# without biases: its accuracy is reported, not tuned (errata point 12 explains the gap).
ARTICLE_RUNS: tuple[TrainConfig, ...] = (
    TrainConfig(name="hidden3", network=NetworkConfig(hidden=3), learning_rate=5.0, reg=0.0, steps=4000),
    TrainConfig(name="hidden50", network=NetworkConfig(hidden=50), learning_rate=2.0, reg=0.01, steps=3000),
    TrainConfig(
        name="hidden50_nobias",
        network=NetworkConfig(hidden=50, bias=False),
        learning_rate=2.0,
        reg=0.01,
        steps=3000,
    ),
)


# ---------------------------------------------------------------------------------------
# The whole build


@dataclass(frozen=True)
class BuildSettings:
    """Everything a build depends on besides figgen's own source: the MkDocs plugin's options
    (``plugins: - figgen: {walkthrough: ..., training: [...], png: false}``)."""

    walkthrough: WalkthroughConfig = WalkthroughConfig()  # the worked example
    training: tuple[TrainConfig, ...] = ARTICLE_RUNS  # the runs animated in the article
    png: bool = False  # also write figures/<stem>.png renders, for looking at them

    def __post_init__(self) -> None:
        if not isinstance(self.walkthrough, WalkthroughConfig):
            raise ConfigError(f"walkthrough={self.walkthrough!r} is not valid: expected a mapping of the worked example's settings")
        if not (isinstance(self.training, tuple) and all(isinstance(t, TrainConfig) for t in self.training)):
            raise ConfigError(f"training={self.training!r} is not valid: expected a list of training runs")
        names = [t.name for t in self.training]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise ConfigError(f"training names={names!r} are not valid: {twice[0]!r} appears twice, expected each name once")
        validate(self, "figgen")


# ---------------------------------------------------------------------------------------
# Parsing plain data (the plugin's options, YAML, JSON)


def from_mapping(cls: type, values: Any, prefix: str = "", limits: Mapping[str, Range] | None = None) -> Any:
    """Build config dataclass `cls` from a plain mapping, rejecting unknown keys.

    Nested dataclass fields take nested mappings, tuple-of-dataclass fields lists of them.
    Every value is checked against its field's range (or the parent's narrower `limits`)
    first, so an error names the whole dotted setting (``training[1].network.hidden``).
    """
    limits = limits or {}
    where = prefix or cls.__name__
    if not isinstance(values, Mapping):
        raise ConfigError(f"{where}={values!r} is not valid: expected a mapping of settings ({', '.join(_names(cls))})")
    fields = {f.name: f for f in dataclasses.fields(cls)}
    dot = f"{prefix}." if prefix else ""
    unknown = sorted(str(k) for k in values if k not in fields)
    if unknown:
        raise ConfigError(f"unknown setting {dot}{unknown[0]}: valid settings are " + ", ".join(f"{dot}{n}" for n in fields))
    kwargs = {name: parse_field(cls, name, value, prefix, limits) for name, value in values.items()}
    try:
        return cls(**kwargs)
    except ConfigError as exc:  # a check across fields (row < n_points): name the whole path
        own = getattr(cls, "PREFIX", None)
        message = re.sub(rf"\b{re.escape(own)}\.", f"{prefix}.", str(exc)) if own and prefix else str(exc)
        raise ConfigError(message) from None


def parse_field(cls: type, name: str, value: Any, prefix: str = "", limits: Mapping[str, Range] | None = None) -> Any:
    """Field `name` of config dataclass `cls` from plain data: nested settings become their
    dataclass, a list of runs a tuple of `TrainConfig`, numbers are checked against their range."""
    fields = {f.name: f for f in dataclasses.fields(cls)}
    limits = limits or {}
    default = getattr(cls(), name)
    path = f"{prefix}.{name}" if prefix else name
    if dataclasses.is_dataclass(default):
        return from_mapping(type(default), value, path, fields[name].metadata.get("limits"))
    if name == "training" and cls is BuildSettings:
        return _runs(value, path)
    if name in limits or "range" in fields[name].metadata:
        limits.get(name, fields[name].metadata.get("range")).check(path, value)
    elif isinstance(default, bool) and not isinstance(value, bool):
        raise ConfigError(f"{path}={value!r} is not valid: expected true or false")
    elif isinstance(default, str) and not isinstance(value, str):
        raise ConfigError(f"{path}={value!r} is not valid: expected text")
    return value


def _names(cls: type) -> list[str]:
    return [f.name for f in dataclasses.fields(cls)]


def _runs(values: Any, path: str) -> tuple[TrainConfig, ...]:
    if not isinstance(values, (list, tuple)):
        raise ConfigError(
            f"{path}={values!r} is not valid: expected a list of runs, each a mapping of " + ", ".join(_names(TrainConfig))
        )
    return tuple(from_mapping(TrainConfig, run, f"{path}[{i}]") for i, run in enumerate(values))


def build_settings(values: Any, *, source: str = "figgen") -> BuildSettings:
    """The build settings from plain data (None or {} means the defaults); errors start with
    `source`, such as ``plugins.figgen``."""
    if values is None:
        return BuildSettings()
    try:
        return from_mapping(BuildSettings, values)
    except ConfigError as exc:
        raise ConfigError(f"{source}: {exc}{_yaml_number_hint(str(exc))}") from None


def parse_setting(name: str, value: Any) -> Any:
    """One field of `BuildSettings` from plain data (a MkDocs plugin option), with the YAML
    number hint on errors."""
    try:
        return parse_field(BuildSettings, name, value)
    except ConfigError as exc:
        raise ConfigError(f"{exc}{_yaml_number_hint(str(exc))}") from None


def _yaml_number_hint(message: str) -> str:
    """A hint when the bad value is text that reads as a float: YAML 1.1 (PyYAML, MkDocs)
    takes 1e-3 and 1.0e9 as text; it needs a dot and a signed exponent, 1.0e-3 and 1.0e+9.
    Text that reads as an integer ('0') got its quotes from the author: no hint."""
    match = re.search(r"=\'([^']*)\' is not valid", message)
    if not match or re.fullmatch(r"\s*[-+]?\d+\s*", match[1]):
        return ""
    try:
        float(match[1])
    except ValueError:
        return ""
    return f" (YAML reads {match[1]} as text: write numbers with a dot and a signed exponent, such as 1.0e-3 or 1.0e+9)"


# ---------------------------------------------------------------------------------------
# The environment


TRUE = ("1", "true", "yes", "on")
FALSE = ("", "0", "false", "no", "off")
MAX_JOBS = 32  # each worker holds numpy and matplotlib (about 60 MiB)
DEFAULT_MAX_WORK = 2e9  # multiply-adds of one training run: about 20 s on one core here


@dataclass(frozen=True)
class Variable:
    """A FIGGEN_* environment variable: what it means and how it is read."""

    meaning: str
    kind: str  # "flag", "folder", "jobs", "number", "text"


# Every FIGGEN_* environment variable figgen or its tests read. Any other FIGGEN_* name is a
# typo (FIGGEN_FROCE=1 would silently do nothing) and stops the build.
ENVIRONMENT: dict[str, Variable] = {
    "FIGGEN_FORCE": Variable("ignore the build cache (1/0)", "flag"),
    "FIGGEN_CACHE_DIR": Variable("folder of the build cache", "folder"),
    "FIGGEN_JOBS": Variable(f"worker processes of a build (1 to {MAX_JOBS})", "jobs"),
    "FIGGEN_TIMINGS": Variable("log the table of build times (1/0)", "flag"),
    "FIGGEN_MAX_WORK": Variable(f"largest training run allowed, in multiply-adds (default {DEFAULT_MAX_WORK:g})", "number"),
    "FIGGEN_SCREENSHOTS": Variable("folder for the browser tests' screenshots", "text"),
    "FIGGEN_CHROMIUM": Variable("the Chromium the browser tests drive", "text"),
}


@dataclass(frozen=True)
class Environment:
    """The FIGGEN_* variables, read and checked once."""

    force: bool = False
    cache_dir: Path | None = None  # None: the site's folder, else the user's cache folder
    jobs: int = setting(2, Range(1, MAX_JOBS, integer=True))
    timings: bool = False
    max_work: float = DEFAULT_MAX_WORK


def _flag(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    valid = ", ".join(repr(v) for v in TRUE + FALSE[1:])
    raise ConfigError(f"environment variable {name}={raw!r} is not valid: expected one of {valid} (or unset)")


def _folder(name: str, raw: str) -> Path:
    if not raw.strip():
        raise ConfigError(f"environment variable {name}='' is not valid: expected a folder path (or unset)")
    path = Path(raw).expanduser()
    for parent in (path, *path.parents):  # a file anywhere on the way makes it impossible
        if parent.exists():
            if not parent.is_dir():
                what = "it is a file" if parent == path else f"{str(parent)!r} is a file"
                raise ConfigError(f"environment variable {name}={raw!r} is not valid: {what}, expected a folder")
            break
    return path


def environment(environ: Mapping[str, str] | None = None) -> Environment:
    """Every FIGGEN_* variable, checked at once before any work; unknown names are errors."""
    environ = os.environ if environ is None else environ
    unknown = sorted(name for name in environ if name.startswith("FIGGEN_") and name not in ENVIRONMENT)
    if unknown:
        raise ConfigError(
            f"unknown environment variable {unknown[0]}={environ[unknown[0]]!r}: figgen reads " + ", ".join(ENVIRONMENT)
        )
    values: dict[str, Any] = {}
    for name, var in ENVIRONMENT.items():
        raw = environ.get(name)
        if raw is None:
            continue
        key = name.removeprefix("FIGGEN_").lower()
        if var.kind == "flag":
            values[key] = _flag(name, raw)
        elif var.kind == "folder":
            values[key] = _folder(name, raw)
        elif var.kind == "jobs" and raw.strip():
            values[key] = _parse_number(name, raw, Range(1, MAX_JOBS, integer=True))  # as Environment.jobs
        elif var.kind == "number" and raw.strip():
            values[key] = _parse_number(name, raw, Range(1.0, 1e18))
    if "jobs" not in values:
        values["jobs"] = max(1, min(2, os.cpu_count() or 1))
    return Environment(**values)


def _parse_number(name: str, raw: str, range_: Range) -> float:
    try:
        value: Any = int(raw.strip()) if range_.integer else float(raw.strip())
    except ValueError:
        value = raw
    try:
        range_.check(f"environment variable {name}", value)
    except ConfigError:
        raise ConfigError(f"environment variable {name}={raw!r} is not valid: expected {range_.describe()} (or unset)") from None
    return value


def check_work(runs: tuple[TrainConfig, ...], max_work: float) -> None:
    """Refuse, before it starts, a training run larger than the budget `max_work`."""
    for run in runs:
        if run.work > max_work:
            raise ConfigError(
                f"training run {run.name!r} is too large: {run.steps:,} steps x {run.data.n_points:,} points x "
                f"{run.hidden:,} hidden units is about {run.work:.3g} multiply-adds, above the budget of "
                f"{max_work:.3g} (about {max_work / 1e8:.0f} s); to run it on purpose, set "
                f"FIGGEN_MAX_WORK={run.work:.3g}"
            )

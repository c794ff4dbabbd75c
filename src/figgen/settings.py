"""Settings read from the environment, validated before any work.

Every figgen setting that comes from outside Python (environment variables, the command
line, mkdocs.yml) is parsed here or next to its reader, and a bad value raises
`figgen.config.ConfigError` naming the setting, the value and what is valid.
"""

from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping

from figgen.config import ConfigError

if TYPE_CHECKING:
    from figgen.build import BuildSettings

PROJECT_ROOT = Path(__file__).resolve().parents[2]  # the checkout: src/figgen/settings.py -> ../..

_TRUE = ("1", "true", "yes", "on")
_FALSE = ("", "0", "false", "no", "off")


def env_flag(name: str, environ: Mapping[str, str] | None = None) -> bool:
    """A boolean environment variable such as FIGGEN_FORCE; unset means false."""
    environ = os.environ if environ is None else environ
    raw = environ.get(name, "")
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ConfigError(
        f"environment variable {name}={raw!r} is not valid: expected one of "
        f"{', '.join(repr(v) for v in _TRUE + _FALSE[1:])} (or unset)"
    )


def cache_dir(environ: Mapping[str, str] | None = None) -> Path:
    """Where figgen caches its outputs: $FIGGEN_CACHE_DIR, else .cache/figgen in the checkout."""
    environ = os.environ if environ is None else environ
    raw = environ.get("FIGGEN_CACHE_DIR")
    if raw is None:
        return PROJECT_ROOT / ".cache" / "figgen"
    if not raw.strip():
        raise ConfigError("environment variable FIGGEN_CACHE_DIR='' is not valid: expected a folder path (or unset)")
    path = Path(raw).expanduser()
    if path.exists() and not path.is_dir():
        raise ConfigError(f"environment variable FIGGEN_CACHE_DIR={raw!r} is not valid: it is a file, expected a folder")
    return path


def jobs(environ: Mapping[str, str] | None = None) -> int:
    """How many worker processes a build may use: $FIGGEN_JOBS, else up to 2 (the cores here)."""
    environ = os.environ if environ is None else environ
    raw = environ.get("FIGGEN_JOBS")
    if raw is None or not raw.strip():
        return max(1, min(2, os.cpu_count() or 1))
    try:
        value = int(raw.strip())
    except ValueError:
        value = 0
    if value < 1:
        raise ConfigError(f"environment variable FIGGEN_JOBS={raw!r} is not valid: expected an integer >= 1 (or unset)")
    return value


# Every FIGGEN_* environment variable figgen or its tests read, with what it means. Any other
# FIGGEN_* name is a typo (FIGGEN_FROCE=1 would silently do nothing) and stops the build.
ENVIRONMENT: dict[str, str] = {
    "FIGGEN_FORCE": "ignore the build cache (1/0)",
    "FIGGEN_CACHE_DIR": "folder of the build cache",
    "FIGGEN_JOBS": "worker processes of a build",
    "FIGGEN_SCREENSHOTS": "folder for the browser tests' screenshots",
    "FIGGEN_CHROMIUM": "the Chromium the browser tests drive",
}


def check_environment(environ: Mapping[str, str] | None = None) -> None:
    """Validate every FIGGEN_* environment variable at once, before any work."""
    environ = os.environ if environ is None else environ
    unknown = sorted(name for name in environ if name.startswith("FIGGEN_") and name not in ENVIRONMENT)
    if unknown:
        raise ConfigError(
            f"unknown environment variable {unknown[0]}={environ[unknown[0]]!r}: figgen reads "
            + ", ".join(ENVIRONMENT)
        )
    env_flag("FIGGEN_FORCE", environ)
    cache_dir(environ)
    jobs(environ)


def build_settings(values: Any, *, source: str = "mkdocs.yml extra.figgen") -> BuildSettings:
    """The build settings from the mapping under ``extra: figgen:`` in mkdocs.yml.

    None (no such key) means the defaults. Nested mappings follow `BuildSettings`
    (``walkthrough: {learning_rate: 0.001, row: 0, network: {hidden: 3}}``); a wrong type, a
    value out of range or an unknown key raises ConfigError naming `source` and the setting.
    """
    from figgen.build import BuildSettings
    from figgen.config import from_mapping

    if values is None:
        return BuildSettings()
    valid = ", ".join(f.name for f in dataclasses.fields(BuildSettings))
    if not isinstance(values, Mapping):
        raise ConfigError(f"{source}={values!r} is not valid: expected a mapping of settings ({valid})")
    try:
        values = dict(values)
        if "training" in values:  # a list of runs, each a mapping of TrainConfig's fields
            values["training"] = _training_runs(values["training"])
        return from_mapping(BuildSettings, values)
    except ConfigError as exc:
        raise ConfigError(f"{source}: {exc}{_yaml_number_hint(str(exc))}") from None


def _yaml_number_hint(message: str) -> str:
    """A hint when the bad value is text that reads as a number: YAML 1.1 (PyYAML, MkDocs)
    takes 1e-3 and 1.0e9 as text; it needs a dot and a signed exponent, 1.0e-3 and 1.0e+9."""
    match = re.search(r"=\'([^']*)\' is not valid", message)
    try:
        float(match.group(1)) if match else float("x")
    except ValueError:
        return ""
    return f" (YAML reads {match.group(1)} as text: write numbers with a dot and a signed exponent, such as 1.0e-3 or 1.0e+9)"


def _training_runs(runs: Any) -> tuple[Any, ...]:
    from figgen.config import from_mapping
    from figgen.train import TrainConfig

    if not isinstance(runs, list):
        raise ConfigError(f"training={runs!r} is not valid: expected a list of runs (mappings of name, network, learning_rate, ...)")
    return tuple(from_mapping(TrainConfig, run, f"training[{i}]") for i, run in enumerate(runs))


def read_mkdocs_figgen(path: Path) -> Any:
    """The raw value of ``extra: figgen:`` in the MkDocs configuration file `path` (None if absent).

    MkDocs' own tags (``!ENV``, ``!!python/name:``) are read as None: they are not figgen's.
    """
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        data = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=Loader) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"--config {str(path)!r} is not valid: cannot read it as YAML ({exc})") from None
    extra = data.get("extra") if isinstance(data, dict) else None
    figgen = extra.get("figgen") if isinstance(extra, dict) else None
    if isinstance(data, dict) and isinstance(data.get("INHERIT"), str):  # MkDocs' parent config
        parent = read_mkdocs_figgen(Path(path).parent / data["INHERIT"])
        figgen = _merge(parent, figgen) if figgen is not None else parent
    return figgen


def _merge(parent: Any, child: Any) -> Any:
    """Child over parent, mappings merged key by key (as MkDocs merges an INHERITed config)."""
    if not (isinstance(parent, dict) and isinstance(child, dict)):
        return child
    return {**parent, **{k: _merge(parent.get(k), v) for k, v in child.items()}}

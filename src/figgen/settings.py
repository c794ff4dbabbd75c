"""Settings read from the environment, validated before any work.

Every figgen setting that comes from outside Python (environment variables, the command
line, mkdocs.yml) is parsed here or next to its reader, and a bad value raises
`figgen.config.ConfigError` naming the setting, the value and what is valid.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Mapping

from figgen.config import ConfigError

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

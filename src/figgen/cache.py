"""A content-addressed cache of everything figgen makes, and the keys that address it.

An entry is found by a key: the sha256 of the entry's *inputs*, a JSON-able record of
everything the output depends on:

- ``sources``: the sha256 of each figgen source file it runs (the modules it names and,
  transitively, every ``figgen`` module they import),
- ``config``: the ``repr`` of the settings it reads (frozen dataclasses, so the repr lists
  every field),
- ``versions``: Python, numpy, matplotlib, imageio and Pillow (read from the installed
  distributions' metadata, so nothing is imported),
- ``needs``: the keys of the cached intermediate results it consumes (a training run).

Computing a key reads and hashes a few source files and imports nothing heavy: a build whose
outputs are all cached never imports matplotlib.

Entries are single files ``entries/<k[:2]>/<k>.entry``: a magic line, the sha256 of the
payload, then the payload (a pickle of the value and the seconds it took to make). Writes
go to a temporary file that is renamed into place, so a reader sees a whole entry or none;
an entry whose digest does not match (truncated, flipped bytes) is reported, deleted and
treated as missing. The cache is a speed-up only: nothing it holds or lacks changes what a
build produces, and a failure to write it never fails a build.

Next to the entries, ``inputs/<name>.json`` keeps the inputs of the last build of each
named output, so a rebuild can say which input changed.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import pickle
import platform
import re
import shutil
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

FORMAT_VERSION = 1  # bump when the entry layout or the meaning of a key changes
MAGIC = b"figgen-cache 1\n"
KEEP_VERSIONS = 4  # cache entries kept per output: the current one and the 3 before it
PACKAGE_DIR = Path(__file__).resolve().parent  # src/figgen
SOURCE_ROOT = PACKAGE_DIR.parent  # src/: source paths are shown relative to it (figgen/style.py)
VERSIONED_DISTRIBUTIONS: tuple[str, ...] = ("numpy", "matplotlib", "imageio", "pillow")

# Registry modules load every plugin module from inside a function (`figures.load_all`);
# only their module-level imports are dependencies, or one figure would depend on all others.
REGISTRY_MODULES: frozenset[str] = frozenset({"figgen.figures"})

Log = Callable[[str], None]


class CacheError(RuntimeError):
    """An entry cannot be used: missing magic, digest mismatch, unreadable payload."""


# ---------------------------------------------------------------------------------------
# Inputs: which source files, which versions


@lru_cache(maxsize=None)
def _module_file(root: Path, module: str) -> Path | None:
    parts = module.split(".")
    base = root.joinpath(*parts)
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def module_file(module: str) -> Path:
    """The source file of figgen module `module` (``figgen.figures.equations``), found
    without importing it (importing a figure module would import matplotlib)."""
    if module.split(".")[0] != "figgen":
        raise ValueError(f"module {module!r} is not part of figgen: only figgen modules are cache inputs")
    path = _module_file(SOURCE_ROOT, module)
    if path is None:
        base = SOURCE_ROOT.joinpath(*module.split("."))
        raise ValueError(f"module {module!r} has no source file (looked for {base}.py and {base}/__init__.py)")
    return path


def _is_module(module: str) -> bool:
    return module.split(".")[0] == "figgen" and _module_file(SOURCE_ROOT, module) is not None


# An import statement at the start of a line, at any indentation (imports inside functions
# count). A regular expression rather than `ast`: ten times faster on the warm path, and its
# only error is to see an import in a string, which costs a rebuild, never a stale output.
_IMPORT_LINE = re.compile(
    r"^[ \t]*(?:from[ \t]+(?P<source>\.*[\w.]*)[ \t]+import[ \t]+(?P<names>\([^)]*\)|[^\n#;]*)"
    r"|import[ \t]+(?P<modules>[^\n#;]+))",
    re.MULTILINE,
)


def _statements(path: Path, top_level_only: bool) -> list[tuple[str | None, int, list[str]]]:
    """(module or None, relative level, names) of each import statement in `path`."""
    if top_level_only:  # registry modules: exact, module-level statements only
        out: list[tuple[str | None, int, list[str]]] = []
        for node in ast.parse(path.read_bytes(), filename=str(path)).body:
            if isinstance(node, ast.Import):
                out += [(alias.name, 0, []) for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                out.append((node.module, node.level, [alias.name for alias in node.names]))
        return out
    out = []
    for match in _IMPORT_LINE.finditer(path.read_text("utf-8")):
        if match["modules"]:
            out += [(part.split()[0], 0, []) for part in match["modules"].split(",") if part.strip()]
        else:
            source = match["source"]
            level = len(source) - len(source.lstrip("."))
            names = [part.split()[0] for part in match["names"].strip("() \t\r\n").split(",") if part.strip()]
            out.append((source[level:] or None, level, names))
    return out


@lru_cache(maxsize=None)
def _imports(path: Path, mtime_ns: int, size: int, module: str) -> tuple[str, ...]:
    """figgen modules imported by the source at `path` (memoized on its mtime and size)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: list[str] = []
    for source, level, names in _statements(path, top_level_only=module in REGISTRY_MODULES):
        if level:  # relative: from .style import X
            base = package.split(".")
            base = base[: len(base) - (level - 1)]
            target = ".".join(base + ([source] if source else []))
        else:
            target = source or ""
        found.append(target)
        # `from figgen.figures import diagrams` imports a module, not a name
        found += [f"{target}.{name}" for name in names if _is_module(f"{target}.{name}")]
    return tuple(name for name in found if name == "figgen" or name.startswith("figgen."))


def module_closure(modules: Iterable[str]) -> tuple[str, ...]:
    """`modules` and every figgen module they import, directly or not, sorted.

    Parent packages count too (importing ``figgen.figures.equations`` runs
    ``figgen/figures/__init__.py``).
    """
    seen: set[str] = set()
    todo = list(modules)
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        path = module_file(module)  # raises for a module that does not exist
        seen.add(module)
        parts = module.split(".")
        todo += [".".join(parts[:i]) for i in range(1, len(parts))]
        stat = path.stat()
        todo += [m for m in _imports(path, stat.st_mtime_ns, stat.st_size, module) if _is_module(m)]
    return tuple(sorted(seen))


@lru_cache(maxsize=None)
def _file_digest(path: Path, mtime_ns: int, size: int) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def source_digests(modules: Iterable[str]) -> dict[str, str]:
    """``{"figgen/style.py": sha256, ...}`` for `modules` and everything they import."""
    out: dict[str, str] = {}
    for module in module_closure(modules):
        path = module_file(module)
        stat = path.stat()
        out[path.relative_to(SOURCE_ROOT).as_posix()] = _file_digest(path, stat.st_mtime_ns, stat.st_size)
    return dict(sorted(out.items()))


@lru_cache(maxsize=1)
def versions() -> dict[str, str]:
    """Versions of Python and of the libraries whose upgrade can change a pixel or a byte."""
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version()}
    for name in VERSIONED_DISTRIBUTIONS:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "not installed"
    return out


def make_inputs(
    name: str,
    *,
    modules: Iterable[str],
    config: Any = None,
    needs: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The inputs record of output `name` (see the module docstring)."""
    return {
        "format": FORMAT_VERSION,
        "name": name,
        "sources": source_digests(modules),
        "config": repr(config),
        "versions": versions(),
        "needs": dict(sorted((needs or {}).items())),
    }


def key_of(inputs: Mapping[str, Any]) -> str:
    """The cache key of an inputs record: sha256 of its canonical JSON."""
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode("utf-8")).hexdigest()


def what_changed(old: Mapping[str, Any] | None, new: Mapping[str, Any]) -> str:
    """Why `new` misses the cache, compared with the inputs of the last build `old`.

    Examples: ``source changed: figgen/style.py``, ``config changed``,
    ``versions changed: matplotlib 3.9.0 -> 3.10.0``, ``not in cache``.
    """
    if old is None or old.get("format") != new.get("format"):
        return "not in cache"
    reasons = []
    old_src, new_src = old.get("sources", {}), new["sources"]
    changed = sorted(p for p in new_src if p in old_src and old_src[p] != new_src[p])
    added = sorted(p for p in new_src if p not in old_src)
    removed = sorted(p for p in old_src if p not in new_src)
    if changed:
        reasons.append("source changed: " + ", ".join(changed))
    if added:
        reasons.append("new source: " + ", ".join(added))
    if removed:
        reasons.append("source no longer used: " + ", ".join(removed))
    if old.get("config") != new["config"]:
        reasons.append("config changed")
    old_v, new_v = old.get("versions", {}), new["versions"]
    bumped = [f"{k} {old_v.get(k)} -> {new_v[k]}" for k in new_v if old_v.get(k) != new_v[k]]
    if bumped:
        reasons.append("versions changed: " + ", ".join(bumped))
    old_needs, new_needs = old.get("needs", {}), new["needs"]
    needs = sorted(k for k in new_needs if old_needs.get(k) != new_needs[k])
    if needs:
        reasons.append("input changed: " + ", ".join(needs))
    return "; ".join(reasons) or "not in cache"


# ---------------------------------------------------------------------------------------
# The store


@dataclass(frozen=True)
class Entry:
    """A cached value and how long it took to make."""

    value: Any
    seconds: float


def atomic_write(path: Path, data: bytes, *, mode: int | None = None) -> None:
    """Write `data` to `path` via a temporary file in the same folder and one rename.

    The temporary file is private (mkstemp's 0o600); `mode` sets the final file's mode.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def encode_entry(entry: Entry) -> bytes:
    """Magic line, sha256 hex of the payload, newline, payload (a pickle)."""
    payload = pickle.dumps({"value": entry.value, "seconds": entry.seconds}, protocol=pickle.HIGHEST_PROTOCOL)
    return MAGIC + hashlib.sha256(payload).hexdigest().encode("ascii") + b"\n" + payload


def decode_entry(data: bytes) -> Entry:
    """The entry in `data`, or CacheError saying what is wrong with it."""
    if not data.startswith(MAGIC):
        raise CacheError("not a figgen cache entry (bad header)")
    digest, newline, payload = data[len(MAGIC) :].partition(b"\n")
    if not newline or len(digest) != 64:
        raise CacheError("truncated header")
    if hashlib.sha256(payload).hexdigest().encode("ascii") != digest:
        raise CacheError("digest mismatch (truncated or corrupted)")
    try:
        record = pickle.loads(payload)
        return Entry(value=record["value"], seconds=float(record["seconds"]))
    except Exception as exc:  # a payload that hashes right but cannot be loaded (a moved class)
        raise CacheError(f"payload cannot be loaded: {type(exc).__name__}: {exc}") from exc


class Cache:
    """The on-disk store under `root` (figgen.settings.cache_dir())."""

    def __init__(self, root: Path, *, log: Log = lambda msg: None) -> None:
        self.root = Path(root)
        self.log = log

    def entry_path(self, key: str) -> Path:
        return self.root / "entries" / key[:2] / f"{key}.entry"

    def _inputs_path(self, name: str) -> Path:
        safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in name)
        return self.root / "inputs" / f"{safe}.json"

    def load(self, key: str, *, name: str = "") -> tuple[Entry | None, str]:
        """(entry, "") on a hit; (None, why) on a miss. A bad entry is logged and deleted."""
        path = self.entry_path(key)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None, ""
        except OSError as exc:
            problem = f"unreadable ({exc.strerror or exc})"
        else:
            try:
                return decode_entry(data), ""
            except CacheError as exc:
                problem = str(exc)
        self.log(f"figgen: cache entry for {name or key} is bad: {problem}; rebuilding it ({path})")
        try:
            path.unlink(missing_ok=True)
        except OSError:
            pass
        return None, f"cache entry was bad: {problem}"

    def store(self, key: str, entry: Entry, *, name: str = "") -> None:
        """Write `entry` atomically. A failure is logged, never raised: the cache is optional."""
        try:
            atomic_write(self.entry_path(key), encode_entry(entry))
        except Exception as exc:
            self.log(f"figgen: could not write cache entry for {name or key}: {type(exc).__name__}: {exc}")

    def last_inputs(self, name: str) -> dict[str, Any] | None:
        """The inputs of the last build of output `name`, if recorded and readable."""
        record = self._last(name)
        return record.get("inputs") if record else None

    def last_seconds(self, name: str) -> float | None:
        """What making `name` took the last time, if recorded (to start long work first)."""
        record = self._last(name)
        return float(record["seconds"]) if record and "seconds" in record else None

    def _last(self, name: str) -> dict[str, Any] | None:
        try:
            record = json.loads(self._inputs_path(name).read_text("utf-8"))
        except (OSError, ValueError):
            return None
        return record if isinstance(record, dict) else None

    def remember_inputs(self, name: str, inputs: Mapping[str, Any], seconds: float) -> None:
        """Record `inputs` as the last build of `name` (for the next `what_changed`), and
        delete the entries of `name` older than its KEEP_VERSIONS most recent ones, so the
        cache does not grow with every edit (switching between a few states stays free)."""
        key = key_of(inputs)
        previous = self._last(name) or {}
        history = [key] + [k for k in previous.get("history", []) if isinstance(k, str) and k != key]
        record = {"inputs": inputs, "seconds": seconds, "history": history[:KEEP_VERSIONS]}
        try:
            atomic_write(self._inputs_path(name), json.dumps(record, sort_keys=True, indent=1).encode("utf-8"))
        except Exception as exc:
            self.log(f"figgen: could not record the inputs of {name}: {type(exc).__name__}: {exc}")
            return
        for old in history[KEEP_VERSIONS:]:  # keys include the name: no other output shares them
            try:
                self.entry_path(old).unlink(missing_ok=True)
            except OSError:
                pass

    def clear(self) -> int:
        """Delete every entry and record (and stray temporary files); return the files removed."""
        count = 0
        for child in ("entries", "inputs"):  # only figgen's own folders, whatever else is there
            folder = self.root / child
            if folder.is_dir():
                count += sum(1 for p in folder.rglob("*") if p.is_file())
                shutil.rmtree(folder)
        return count

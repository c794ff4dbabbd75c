"""A content-addressed cache of everything figgen makes, and the keys that address it.

An entry is found by a key: the sha256 of the entry's *inputs*, a JSON-able record of
everything the output depends on, found from the function that makes it:

- ``function``: that function's qualified name (a module-level function, or a
  ``functools.partial`` of one),
- ``sources``: the sha256 of each figgen source file it runs: the function's module, the
  modules of any functions passed to it, the modules it ``loads`` by name (a registry's
  plugins), and transitively every ``figgen`` module those import (imports inside functions
  count: the scanner reads every import statement),
- ``config``: the ``repr`` of the partial's arguments (frozen dataclasses, strings, numbers:
  their repr lists every field),
- ``versions``: Python and every installed distribution those sources import, with the
  distributions they require in turn (numpy, matplotlib and its pyparsing, kiwisolver,
  fonttools..., Pillow, imageio, latex2mathml),
- ``needs``: the keys of the cached intermediate results it consumes (a training run).

Computing a key reads and hashes a few source files and imports nothing heavy: a build whose
outputs are all cached never imports matplotlib. Which distribution an import name belongs to
and its version are remembered in the cache folder until the set of installed packages changes.

Entries are single files ``entries/<k[:2]>/<k>.entry``: a magic line, the sha256 of the
payload, then the payload: a JSON header (the key the entry was made for, the seconds it took,
the value as tagged JSON) followed by the binary blobs it refers to (bytes, numpy arrays).
No pickle: reading an entry constructs only plain data, numpy arrays and figgen's own frozen
dataclasses, so a writable shared cache cannot run code in the build. Writes go to a
temporary file that is renamed into place, so a reader sees a whole entry or none; an entry
whose digest does not match, that does not parse, or that was made for another key is
reported in one line, deleted and treated as missing. The cache is a speed-up only: nothing
it holds or lacks changes what a build produces, and a failure to write it never fails a
build.

Next to the entries, ``inputs/<name>.json`` keeps the inputs of the last build of each
named output, so a rebuild can say which input changed.
"""

from __future__ import annotations

import ast
import dataclasses
import functools
import hashlib
import importlib
import json
import os
import platform
import re
import shutil
import struct
import sys
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

FORMAT_VERSION = 2  # bump when the entry layout or the meaning of a key changes
MAGIC = b"figgen-cache 2\n"
KEEP_VERSIONS = 4  # cache entries kept per output: the current one and the 3 before it
PACKAGE_DIR = Path(__file__).resolve().parent  # src/figgen
SOURCE_ROOT = PACKAGE_DIR.parent  # src/: source paths are shown relative to it (figgen/style.py)

# Registry modules load every plugin module from inside a function (`figures.load_all`);
# only their module-level imports are dependencies, or one figure would depend on all others.
REGISTRY_MODULES: frozenset[str] = frozenset({"figgen.figures"})

Log = Callable[[str], None]


class CacheError(RuntimeError):
    """An entry cannot be used: missing magic, digest mismatch, unreadable payload, wrong key."""


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
def _imports(path: Path, mtime_ns: int, size: int, module: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(figgen modules, other top-level import names) imported by the source at `path`
    (memoized on its mtime and size). The standard library is left out."""
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
    ours = tuple(name for name in found if name == "figgen" or name.startswith("figgen."))
    tops = {name.split(".")[0] for name in found if name and not name.startswith("figgen")}
    other = tuple(sorted(t for t in tops if t and t not in sys.stdlib_module_names and t != "__future__"))
    return ours, other


def _scan(modules: Iterable[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(`modules` and every figgen module they import, the other packages they import)."""
    seen: set[str] = set()
    external: set[str] = set()
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
        ours, other = _imports(path, stat.st_mtime_ns, stat.st_size, module)
        todo += [m for m in ours if _is_module(m)]
        external.update(other)
    return tuple(sorted(seen)), tuple(sorted(external))


def module_closure(modules: Iterable[str]) -> tuple[str, ...]:
    """`modules` and every figgen module they import, directly or not, sorted.

    Parent packages count too (importing ``figgen.figures.equations`` runs
    ``figgen/figures/__init__.py``).
    """
    return _scan(modules)[0]


def external_imports(modules: Iterable[str]) -> tuple[str, ...]:
    """The top-level names of the non-figgen, non-stdlib packages `modules` import, directly
    or through other figgen modules (numpy, matplotlib, PIL, latex2mathml, ...)."""
    return _scan(modules)[1]


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


# --- the code a make-function runs --------------------------------------------------------


@dataclass(frozen=True)
class Call:
    """A function named ``"module:qualname"`` with its first arguments, imported only when
    called: planning a build names the code that makes each output without importing it
    (a figure's module imports matplotlib). Picklable, so it runs on worker processes."""

    target: str  # "figgen.render:render_figure"
    args: tuple[Any, ...] = ()

    def __post_init__(self) -> None:
        module, _, name = self.target.partition(":")
        if not module or not name:
            raise ValueError(f"Call target {self.target!r} is not valid: expected 'module:function'")

    @property
    def module(self) -> str:
        return self.target.partition(":")[0]

    def __call__(self, *more: Any) -> Any:
        module, _, name = self.target.partition(":")
        function = importlib.import_module(module)
        for part in name.split("."):
            function = getattr(function, part)
        return function(*self.args, *more)


def _functions(call: Callable[..., Any]) -> tuple[str, str, tuple[Any, ...], dict[str, Any], list[str]]:
    """(module, qualified name, args, kwargs, modules of every function involved) of a
    `Call`, a plain function or a (nested) functools.partial of either."""
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = {}
    while isinstance(call, functools.partial):
        args = call.args + args
        kwargs = {**call.keywords, **kwargs}
        call = call.func
    if isinstance(call, Call):
        module, name = call.module, call.target.partition(":")[2]
        args = call.args + args
    else:
        module, name = getattr(call, "__module__", "?"), getattr(call, "__qualname__", repr(call))
    involved = [module] + [
        a.module if isinstance(a, Call) else a.__module__
        for a in (*args, *kwargs.values())
        if isinstance(a, Call) or (callable(a) and hasattr(a, "__module__") and not isinstance(a, type))
    ]
    return module, name, args, kwargs, involved


def code_modules(call: Callable[..., Any], loads: Iterable[str] = ()) -> tuple[str, ...]:
    """The figgen modules whose code `call` runs: the modules of its function and of the
    functions passed to it, and the modules it `loads` by name; the key adds their imports."""
    modules = set(_functions(call)[4]) | set(loads)
    return tuple(sorted(m for m in modules if m == "figgen" or m.startswith("figgen.")))


def describe_call(call: Callable[..., Any]) -> tuple[str, str]:
    """(qualified name of the function, repr of its arguments) of a make-function."""
    module, name, args, kwargs, _ = _functions(call)
    shown = [_describe_argument(a) for a in args] + [f"{k}={_describe_argument(v)}" for k, v in sorted(kwargs.items())]
    return f"{module}.{name}", "(" + ", ".join(shown) + ")"


def _describe_argument(value: Any) -> str:
    if callable(value) and hasattr(value, "__qualname__") and not isinstance(value, type):
        return f"{value.__module__}.{value.__qualname__}"
    return repr(value)


# --- versions of the other packages -------------------------------------------------------


def _environment_stamp() -> str:
    """Changes when a package is installed, upgraded or removed (a dist-info folder appears
    or goes, which changes its site-packages folder's mtime) or Python changes."""
    parts = [sys.version]
    for entry in sys.path:
        try:
            parts.append(f"{entry}:{os.stat(entry or '.').st_mtime_ns}")
        except OSError:
            continue
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _requirement_name(text: str) -> str | None:
    """The distribution a requirement line names, or None if only an extra needs it."""
    from packaging.requirements import InvalidRequirement, Requirement

    try:
        requirement = Requirement(text)
    except InvalidRequirement:
        return None
    if requirement.marker is not None and not requirement.marker.evaluate({"extra": ""}):
        return None
    return requirement.name


def _normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


@lru_cache(maxsize=1)
def _providers() -> Mapping[str, list[str]]:
    from importlib.metadata import packages_distributions

    return packages_distributions()


def compute_versions(import_names: Iterable[str]) -> dict[str, str]:
    """{distribution: version} of the distributions providing `import_names` and every
    distribution they require in turn (without extras). Slow (it reads every installed
    distribution's metadata): `Versions` remembers the answer."""
    from importlib.metadata import PackageNotFoundError, distribution

    providers = _providers()
    todo = [d for name in import_names for d in providers.get(name, [name])]
    out: dict[str, str] = {}
    while todo:
        name = _normalize(todo.pop())
        if name in out:
            continue
        try:
            dist = distribution(name)
        except PackageNotFoundError:
            out[name] = "not installed"
            continue
        out[name] = dist.version
        todo += [r for r in (_requirement_name(line) for line in dist.requires or []) if r]
    return dict(sorted(out.items()))


class Versions:
    """Distribution versions per set of import names, remembered in ``versions.json`` of the
    cache folder while the environment stamp (installed packages, Python) stays the same.
    A few stamps are kept (`mkdocs`, `figgen` and the tests see slightly different paths)."""

    KEEP_STAMPS = 4

    def __init__(self, root: Path | None) -> None:
        self.path = None if root is None else Path(root) / "versions.json"
        self._stamp = _environment_stamp()
        self._known: dict[str, dict[str, str]] | None = None
        self._dirty = False

    def _read(self) -> list[Any]:
        """[[stamp, {import names: {distribution: version}}], ...], newest first; [] if unreadable."""
        try:
            record = json.loads(self.path.read_text("utf-8")) if self.path else []
        except (OSError, ValueError):
            return []
        return record if isinstance(record, list) else []

    def _load(self) -> dict[str, dict[str, str]]:
        if self._known is None:
            self._known = {}
            for item in self._read():
                if isinstance(item, list) and len(item) == 2 and item[0] == self._stamp and isinstance(item[1], dict):
                    self._known = {
                        k: v for k, v in item[1].items()
                        if isinstance(v, dict) and all(isinstance(x, str) for x in v.values())
                    }
        return self._known

    def of(self, import_names: Iterable[str]) -> dict[str, str]:
        """{"python": ..., distribution: version, ...} for the packages `import_names`."""
        names = tuple(sorted(set(import_names)))
        key = ",".join(names)
        known = self._load()
        if key not in known:
            known[key] = compute_versions(names)
            self._dirty = True
        return {"python": platform.python_version(), **known[key]}

    def save(self) -> None:
        if self._dirty and self.path is not None:
            record = self._read()
            # what another Versions of this environment (a page's, while the build's ran) saved
            # meanwhile stays: each only adds what it computed
            saved = next((i[1] for i in record if isinstance(i, list) and len(i) == 2 and i[0] == self._stamp
                          and isinstance(i[1], dict)), {})
            others = [i for i in record if isinstance(i, list) and len(i) == 2 and i[0] != self._stamp]
            record = [[self._stamp, {**saved, **self._known}], *others][: self.KEEP_STAMPS]
            try:
                atomic_write(self.path, json.dumps(record, sort_keys=True).encode())
            except OSError:
                pass  # the cache is optional
            self._dirty = False


def make_inputs(
    name: str,
    call: Callable[..., Any],
    *,
    loads: Iterable[str] = (),
    needs: Mapping[str, str] | None = None,
    versions: Versions | None = None,
) -> dict[str, Any]:
    """The inputs record of output `name`, made by `call` (see the module docstring)."""
    modules = code_modules(call, loads)
    function, arguments = describe_call(call)
    versions = versions or Versions(None)
    return {
        "format": FORMAT_VERSION,
        "name": name,
        "function": function,
        "sources": source_digests(modules),
        "config": arguments,
        "versions": versions.of(external_imports(modules)),
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
    if old.get("function") != new["function"]:
        reasons.append(f"made by {new['function']} (was {old.get('function')})")
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
# Values as data: tagged JSON plus binary blobs, no pickle


def _encode(value: Any, blobs: list[bytes]) -> Any:
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if value == value and abs(value) != float("inf") else {"$float": repr(value)}
    if isinstance(value, (bytes, bytearray)):
        blobs.append(bytes(value))
        return {"$bytes": len(blobs) - 1}
    if type(value).__module__ == "numpy":  # numpy is imported only for values that hold it
        return _encode_numpy(value, blobs)
    if isinstance(value, tuple):
        return {"$tuple": [_encode(v, blobs) for v in value]}
    if isinstance(value, list):
        return [_encode(v, blobs) for v in value]
    if isinstance(value, dict):
        if not all(isinstance(k, str) for k in value):
            raise TypeError("cannot cache a dict whose keys are not all text")
        return {"$dict": [[k, _encode(v, blobs)] for k, v in value.items()]}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        cls = type(value)
        if not cls.__module__.startswith("figgen."):
            raise TypeError(f"cannot cache {cls.__module__}.{cls.__qualname__}: only figgen's dataclasses")
        fields = {f.name: _encode(getattr(value, f.name), blobs) for f in dataclasses.fields(value) if f.init}
        return {"$dataclass": f"{cls.__module__}:{cls.__qualname__}", "fields": fields}
    raise TypeError(f"cannot cache a value of type {type(value).__name__}")


def _encode_numpy(value: Any, blobs: list[bytes]) -> Any:
    import numpy as np

    if isinstance(value, np.generic):
        return _encode(value.item(), blobs)
    array = np.ascontiguousarray(value)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"cannot cache a numpy array of dtype {array.dtype}")
    blobs.append(array.tobytes())
    return {"$array": len(blobs) - 1, "dtype": array.dtype.str, "shape": list(array.shape)}


def _decode(node: Any, blobs: list[bytes]) -> Any:
    if node is None or isinstance(node, (bool, str, int, float)):
        return node
    if isinstance(node, list):
        return [_decode(v, blobs) for v in node]
    if not isinstance(node, dict) or len(node) == 0:
        raise CacheError("payload has a node of unknown form")
    if "$bytes" in node:
        return blobs[node["$bytes"]]
    if "$array" in node:
        import numpy as np

        dtype = np.dtype(node["dtype"])
        if dtype.kind not in "biuf":
            raise CacheError(f"payload has an array of dtype {dtype}")
        return np.frombuffer(blobs[node["$array"]], dtype=dtype).reshape(node["shape"]).copy()
    if "$float" in node:
        if node["$float"] not in ("nan", "inf", "-inf"):
            raise CacheError("payload has a bad float")
        return float(node["$float"])
    if "$tuple" in node:
        return tuple(_decode(v, blobs) for v in node["$tuple"])
    if "$dict" in node:
        return {str(k): _decode(v, blobs) for k, v in node["$dict"]}
    if "$dataclass" in node:
        module, _, qualname = str(node["$dataclass"]).partition(":")
        if not module.startswith("figgen.") or "." in qualname:
            raise CacheError(f"payload names {node['$dataclass']!r}, not a figgen dataclass")
        cls = getattr(importlib.import_module(module), qualname, None)
        if not (isinstance(cls, type) and dataclasses.is_dataclass(cls)):
            raise CacheError(f"payload names {node['$dataclass']!r}, not a figgen dataclass")
        return cls(**{k: _decode(v, blobs) for k, v in node["fields"].items()})
    raise CacheError("payload has a node of unknown form")


# ---------------------------------------------------------------------------------------
# The store


@dataclass(frozen=True)
class Entry:
    """A cached value and how long it took to make."""

    value: Any
    seconds: float


def _temp_name(path: Path) -> str:
    """The prefix of `path`'s temporary files: ``.<name>.<pid>.`` (a sweep knows whose it is)."""
    return f".{path.name}.{os.getpid()}."


def atomic_write(path: Path, data: bytes, *, mode: int | None = None) -> None:
    """Write `data` to `path` via a temporary file in the same folder and one rename.

    The temporary file is private (mkstemp's 0o600); `mode` sets the final file's mode. Its
    name carries this process's id, so `sweep_temporary_files` can remove what a killed
    process left behind.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=_temp_name(path), suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


_TEMPORARY = re.compile(r"^\..+\.(?P<pid>\d+)\.[^.]+\.tmp$")


def process_alive(pid: int) -> bool:
    """Whether process `pid` still runs (a temporary file's writer, say)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep_temporary_files(folder: Path, *, name: str | None = None) -> int:
    """Delete the temporary files of processes that are gone (killed mid-write) under
    `folder` (only those of file `name` in `folder` itself, if given); those of a running
    build are left alone. Returns how many were deleted."""
    count = 0
    if not folder.is_dir():
        return 0
    for path in (folder.glob(f".{name}.*.tmp") if name else folder.rglob(".*.tmp")):
        match = _TEMPORARY.match(path.name)
        if match and not process_alive(int(match["pid"])):
            try:
                path.unlink()
                count += 1
            except OSError:
                pass
    return count


def encode_entry(entry: Entry, key: str) -> bytes:
    """Magic line, sha256 hex of the payload, newline, payload: the header's length (8
    bytes), the JSON header {"key", "seconds", "value", "blobs"}, then the blobs."""
    blobs: list[bytes] = []
    tree = _encode(entry.value, blobs)
    header = json.dumps(
        {"key": key, "seconds": float(entry.seconds), "value": tree, "blobs": [len(b) for b in blobs]},
        allow_nan=False, separators=(",", ":"),
    ).encode("utf-8")
    payload = struct.pack(">Q", len(header)) + header + b"".join(blobs)
    return MAGIC + hashlib.sha256(payload).hexdigest().encode("ascii") + b"\n" + payload


def decode_entry(data: bytes, key: str | None = None) -> Entry:
    """The entry in `data` (made for `key`, when given), or CacheError saying what is wrong."""
    if not data.startswith(MAGIC):
        raise CacheError("not a figgen cache entry (bad header)")
    digest, newline, payload = data[len(MAGIC) :].partition(b"\n")
    if not newline or len(digest) != 64:
        raise CacheError("truncated header")
    if hashlib.sha256(payload).hexdigest().encode("ascii") != digest:
        raise CacheError("digest mismatch (truncated or corrupted)")
    try:
        (size,) = struct.unpack(">Q", payload[:8])
        header = json.loads(payload[8 : 8 + size])
        if not isinstance(header, dict) or not isinstance(header.get("key"), str):
            raise CacheError("payload has no key")
        if key is not None and header["key"] != key:
            raise CacheError(f"made for another key ({header['key'][:12]}...), not {key[:12]}...")
        sizes = header["blobs"]
        if not (isinstance(sizes, list) and all(isinstance(n, int) and n >= 0 for n in sizes)):
            raise CacheError("payload has bad blob sizes")
        offsets = [8 + size + sum(sizes[:i]) for i in range(len(sizes) + 1)]
        if offsets[-1] != len(payload):
            raise CacheError("payload has the wrong length")
        blobs = [payload[offsets[i] : offsets[i + 1]] for i in range(len(sizes))]
        seconds = header["seconds"]
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
            raise CacheError("payload has bad seconds")
        return Entry(value=_decode(header["value"], blobs), seconds=float(seconds))
    except CacheError:
        raise
    except Exception as exc:  # anything else that does not fit: wrong types, missing keys
        raise CacheError(f"payload cannot be read: {type(exc).__name__}: {exc}") from None


def default_root(project: Path | None, configured: Path | None = None) -> Path:
    """Where the cache lives: `configured` (FIGGEN_CACHE_DIR) if set; else ``.cache/figgen``
    in the site's project folder when building a site; else the user's cache folder
    (``~/.cache/figgen`` on Linux), never inside the installed package or its virtualenv."""
    if configured is not None:
        return Path(configured)
    if project is not None:
        return Path(project) / ".cache" / "figgen"
    import platformdirs

    return Path(platformdirs.user_cache_dir("figgen", appauthor=False))


class Cache:
    """The on-disk store under `root` (see `default_root`)."""

    def __init__(self, root: Path, *, log: Log = lambda msg: None) -> None:
        self.root = Path(root)
        self.log = log
        self.versions = Versions(self.root)
        self._swept = False

    def entry_path(self, key: str) -> Path:
        return self.root / "entries" / key[:2] / f"{key}.entry"

    def _inputs_path(self, name: str) -> Path:
        safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in name)
        return self.root / "inputs" / f"{safe}.json"

    def sweep(self) -> None:
        """Once per build: delete what killed builds left mid-write."""
        if not self._swept:
            self._swept = True
            sweep_temporary_files(self.root)

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
                return decode_entry(data, key), ""
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
            atomic_write(self.entry_path(key), encode_entry(entry, key))
        except Exception as exc:
            self.log(f"figgen: could not write cache entry for {name or key}: {type(exc).__name__}: {exc}")

    def last_inputs(self, name: str) -> dict[str, Any] | None:
        """The inputs of the last build of output `name`, if recorded and readable."""
        record = self._last(name)
        return record.get("inputs") if record else None

    def last_seconds(self, name: str) -> float | None:
        """What making `name` took the last time, if recorded (to start long work first)."""
        record = self._last(name)
        return float(record["seconds"]) if record else None

    def _last(self, name: str) -> dict[str, Any] | None:
        """The record of `name`'s last build, or None if it is missing or malformed (a
        malformed one is logged: it only costs the reason and the order of the next build)."""
        path = self._inputs_path(name)
        try:
            record = json.loads(path.read_text("utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            record, problem = None, f"unreadable ({exc})"
        else:
            problem = _record_problem(record)
        if problem:
            self.log(f"figgen: build record of {name} is bad: {problem}; ignoring it ({path})")
            try:
                path.unlink(missing_ok=True)
            except OSError:
                pass
            return None
        return record

    def remember_inputs(self, name: str, inputs: Mapping[str, Any], seconds: float) -> None:
        """Record `inputs` as the last build of `name` (for the next `what_changed`), and
        delete the entries of `name` older than its KEEP_VERSIONS most recent ones, so the
        cache does not grow with every edit (switching between a few states stays free)."""
        key = key_of(inputs)
        previous = self._last(name) or {}
        history = [key] + [k for k in previous.get("history", []) if k != key]
        record = {"inputs": dict(inputs), "seconds": float(seconds), "history": history[:KEEP_VERSIONS]}
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
        versions = self.root / "versions.json"
        if versions.is_file():
            versions.unlink()
            count += 1
        return count


def _record_problem(record: Any) -> str:
    """What is wrong with a build record read from ``inputs/<name>.json`` ("" if nothing)."""
    if not isinstance(record, dict):
        return "not an object"
    inputs = record.get("inputs")
    if not isinstance(inputs, dict):
        return "'inputs' is not an object"
    for part in ("sources", "versions", "needs"):
        value = inputs.get(part, {})
        if not (isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())):
            return f"'inputs.{part}' is not an object of text"
    seconds = record.get("seconds")
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not seconds >= 0:
        return f"'seconds' is {seconds!r}, not a number of seconds"
    history = record.get("history", [])
    if not (isinstance(history, list) and all(isinstance(k, str) and re.fullmatch(r"[0-9a-f]{64}", k) for k in history)):
        return "'history' is not a list of keys"
    return ""

"""Writing a build's files into a folder (``figgen build --out DIR``), safely.

Every file is first written into a staging folder beside `DIR` (never inside it), then
renamed into place, so a reader of `DIR` (a web server, a later publish step) never sees a
half-written or temporary file, even if the build is killed. A manifest in `DIR`
(``.figgen-files.json``: each path figgen wrote and the sha256 it wrote) lets the next build
remove the files that figgen wrote earlier and the current settings no longer make, and only
those: a file someone changed since, or that figgen never wrote, is left alone.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Callable

from figgen.cache import process_alive, sweep_temporary_files

MANIFEST = ".figgen-files.json"
STAGING = ".{name}.figgen-staging.{pid}"  # beside the output folder, with the writer's process id


def file_mode() -> int:
    """The mode `open()` would give a new file (0o644 under the usual umask 022)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _sweep_staging(out_dir: Path) -> None:
    """Remove the staging folders that killed writers left beside `out_dir`."""
    prefix = f".{out_dir.name}.figgen-staging."
    if not out_dir.parent.is_dir():
        return
    for path in out_dir.parent.glob(f"{prefix}*"):
        pid = path.name[len(prefix):]
        if pid.isdigit() and not process_alive(int(pid)) and path.is_dir():
            shutil.rmtree(path, ignore_errors=True)


def _previous(out_dir: Path) -> dict[str, str]:
    try:
        record = json.loads((out_dir / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    files = record.get("files") if isinstance(record, dict) else None
    if not isinstance(files, dict):
        return {}
    return {k: v for k, v in files.items() if isinstance(k, str) and isinstance(v, str)}


def _inside(out_dir: Path, rel: str) -> Path | None:
    """out_dir / rel, or None if `rel` would leave `out_dir` (a manifest is only data)."""
    path = (out_dir / rel).resolve()
    return path if path.is_relative_to(out_dir.resolve()) else None


def write_site_files(files: dict[str, bytes], out_dir: Path, *, log: Callable[[str], None] = lambda m: None) -> list[str]:
    """Write `files` ({relative path: bytes}) into `out_dir` and remove what earlier builds
    wrote there that `files` no longer has. Returns the relative paths removed."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    _sweep_staging(out_dir)
    sweep_temporary_files(out_dir)  # what an older figgen, writing in place, may have left
    mode = file_mode()
    staging = out_dir.parent / STAGING.format(name=out_dir.name, pid=os.getpid())
    shutil.rmtree(staging, ignore_errors=True)
    manifest = {"files": {rel: _digest(data) for rel, data in sorted(files.items())}}
    removed: list[str] = []
    try:
        for rel, data in [*sorted(files.items()), (MANIFEST, json.dumps(manifest, indent=1).encode("utf-8"))]:
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            os.chmod(target, mode)
        for rel in sorted(files):
            final = out_dir / rel
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / rel, final)
        removed = _remove_orphans(out_dir, files, log)
        os.replace(staging / MANIFEST, out_dir / MANIFEST)  # last: it vouches for what is there now
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return removed


def _remove_orphans(out_dir: Path, files: dict[str, bytes], log: Callable[[str], None]) -> list[str]:
    """Delete the files the last manifest lists that `files` no longer has, if unchanged."""
    removed = []
    for rel, digest in sorted(_previous(out_dir).items()):
        if rel in files:
            continue
        path = _inside(out_dir, rel)
        if path is None or not path.is_file():
            continue
        if _digest(path.read_bytes()) != digest:
            log(f"figgen: left {rel} in place: figgen wrote it earlier, but it was changed since")
            continue
        path.unlink()
        removed.append(rel)
        for parent in path.parents:  # folders figgen emptied
            if parent == out_dir.resolve() or any(parent.iterdir()):
                break
            parent.rmdir()
    return removed

"""The exact figgen that computed the site, as a wheel the site ships (PEP 427).

`wheel_value` makes ``backprop_by_the_numbers-<version>-py3-none-any.whl`` from the figgen
package as it is now (every file of the package) and the project's metadata (pyproject.toml
in a source checkout, else the installed distribution's). No build backend runs, so nothing
is fetched mid-build; the zip is deterministic: entries sorted, every timestamp
SOURCE_DATE_EPOCH (or 1980-01-01 when unset), fixed permissions and compression, so two
builds of the same source give the same bytes, and the page can quote its sha256.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import re
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import figgen

PACKAGE_DIR = Path(figgen.__file__).resolve().parent
PYPROJECT = PACKAGE_DIR.parents[1] / "pyproject.toml"  # in a source checkout (src layout)
DISTRIBUTION = "backprop-by-the-numbers"
EPOCH_1980 = 315532800  # the earliest time a zip entry can hold


@dataclass(frozen=True)
class Wheel:
    """A built wheel: its file name, bytes and sha256."""

    filename: str
    data: bytes
    sha256: str

    @property
    def path(self) -> str:
        """Where the site publishes it."""
        return f"downloads/{self.filename}"


def _package_files() -> list[Path]:
    return sorted(p for p in PACKAGE_DIR.rglob("*") if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc")


def source_fingerprint() -> str:
    """sha256 over every file of the package and the project metadata: what the wheel is
    made of (a cache key input: the wheel's make-function reads these files, not imports)."""
    digest = hashlib.sha256()
    for path in _package_files() + ([PYPROJECT] if PYPROJECT.is_file() else []):
        digest.update(path.relative_to(PACKAGE_DIR.parent).as_posix().encode() if path != PYPROJECT else b"pyproject.toml")
        digest.update(b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _metadata_from_pyproject(path: Path) -> tuple[str, str, str]:
    """(METADATA, entry_points.txt, top-level name) from pyproject.toml's [project] table."""
    project = tomllib.loads(path.read_text("utf-8"))["project"]
    lines = [
        "Metadata-Version: 2.1",
        f"Name: {project['name']}",
        f"Version: {figgen.__version__}",
        f"Summary: {project.get('description', '')}",
    ]
    for author in project.get("authors", []):
        lines.append(f"Author: {author['name']}")
    licence = project.get("license", {})
    if isinstance(licence, dict) and "text" in licence:
        lines.append(f"License: {licence['text']}")
    if "requires-python" in project:
        lines.append(f"Requires-Python: {project['requires-python']}")
    lines += [f"Requires-Dist: {req}" for req in project.get("dependencies", [])]
    for extra, requirements in project.get("optional-dependencies", {}).items():
        lines.append(f"Provides-Extra: {extra}")
        for req in requirements:
            marker = f'extra == "{extra}"'
            lines.append(f"Requires-Dist: {req} ; {marker}" if ";" not in req else f"Requires-Dist: {req} and {marker}")
    entry_points = []
    if project.get("scripts"):
        entry_points += ["[console_scripts]"] + [f"{k} = {v}" for k, v in project["scripts"].items()] + [""]
    for group, points in project.get("entry-points", {}).items():
        entry_points += [f"[{group}]"] + [f"{k} = {v}" for k, v in points.items()] + [""]
    return "\n".join(lines) + "\n", "\n".join(entry_points), project["name"]


def _metadata_installed() -> tuple[str, str, str]:
    """The same from the installed distribution (figgen installed from a wheel: no checkout)."""
    from importlib.metadata import distribution

    dist = distribution(DISTRIBUTION)
    metadata = dist.read_text("METADATA") or ""
    # only the header: the long description (if any) stays on the index, not in this copy
    header = metadata.split("\n\n", 1)[0].rstrip("\n") + "\n"
    return header, dist.read_text("entry_points.txt") or "", DISTRIBUTION


def _record_hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def build_wheel(epoch: int | None = None) -> Wheel:
    """The wheel of the figgen package as it is now (see the module docstring)."""
    if epoch is None:
        epoch = int(os.environ.get("SOURCE_DATE_EPOCH", EPOCH_1980))
    metadata, entry_points, name = _metadata_from_pyproject(PYPROJECT) if PYPROJECT.is_file() else _metadata_installed()
    stem = re.sub(r"[-_.]+", "_", name).lower()
    info = f"{stem}-{figgen.__version__}.dist-info"
    files: dict[str, bytes] = {
        path.relative_to(PACKAGE_DIR.parent).as_posix(): path.read_bytes() for path in _package_files()
    }
    files[f"{info}/METADATA"] = metadata.encode("utf-8")
    files[f"{info}/WHEEL"] = b"Wheel-Version: 1.0\nGenerator: figgen.wheel\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    files[f"{info}/entry_points.txt"] = entry_points.encode("utf-8")
    files[f"{info}/top_level.txt"] = b"figgen\n"
    record = "".join(f"{path},{_record_hash(data)},{len(data)}\n" for path, data in sorted(files.items()))
    files[f"{info}/RECORD"] = (record + f"{info}/RECORD,,\n").encode("utf-8")

    import time

    stamp = time.gmtime(max(epoch, EPOCH_1980))[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path, data in sorted(files.items(), key=lambda item: (item[0].startswith(info), item[0])):
            entry = zipfile.ZipInfo(path, date_time=stamp)
            entry.external_attr = 0o644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, data, compresslevel=9)
    data = buffer.getvalue()
    filename = f"{stem}-{figgen.__version__}-py3-none-any.whl"
    return Wheel(filename=filename, data=data, sha256=hashlib.sha256(data).hexdigest())


def wheel_value(fingerprint: str, epoch: int | None) -> Wheel:
    """The build's make-function (`fingerprint` = `source_fingerprint()`, so the cache key
    changes with every file that goes into the wheel)."""
    return build_wheel(epoch)


def wheel_files(wheel: Wheel) -> dict[str, bytes]:
    """{downloads/<wheel>: bytes} for the site."""
    return {wheel.path: wheel.data}


def describe(wheel: Wheel) -> dict[str, Any]:
    """What the page quotes about the wheel (the ``package`` placeholders)."""
    return {"filename": wheel.filename, "path": wheel.path, "sha256": wheel.sha256, "size": len(wheel.data)}

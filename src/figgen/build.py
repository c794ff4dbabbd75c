"""What figgen gives the site, as output groups, and the one function that builds them.

An output group turns the settings into files: a mapping from a path inside the built site
(``figures/z1.svg``, ``data/walkthrough.json``) to bytes. The mkdocs-gen-files script and
``figgen build`` both call `build_outputs`; only where the bytes go differs.
"""

from __future__ import annotations

import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from figgen.config import WalkthroughConfig
from figgen.walkthrough import compute_walkthrough, walkthrough_to_json


@dataclass(frozen=True)
class BuildSettings:
    """Everything a build depends on besides figgen's own source."""

    walkthrough: WalkthroughConfig = WalkthroughConfig()  # the worked example
    png: bool = False  # also write figures/<stem>.png renders, for looking at them


Files = dict[str, bytes]


@dataclass(frozen=True)
class OutputGroup:
    """A named set of outputs made together."""

    name: str
    make: Callable[[BuildSettings], Files]


def _walkthrough_data(settings: BuildSettings) -> Files:
    from figgen.encode import json_bytes

    record = compute_walkthrough(settings.walkthrough)
    return {"data/walkthrough.json": json_bytes(walkthrough_to_json(record))}


def _figures(settings: BuildSettings) -> Files:
    from figgen.render import render_figures

    return render_figures(compute_walkthrough(settings.walkthrough), png=settings.png)


OUTPUT_GROUPS: tuple[OutputGroup, ...] = (
    OutputGroup("walkthrough data", _walkthrough_data),
    OutputGroup("figures", _figures),
)


def build_outputs(settings: BuildSettings = BuildSettings(), *, log: Callable[[str], None] = print) -> Files:
    """Run every output group and return all files, keyed by their path in the site."""
    files: Files = {}
    for group in OUTPUT_GROUPS:
        start = time.perf_counter()
        made = group.make(settings)
        log(f"figgen: {group.name}: built {len(made)} files in {time.perf_counter() - start:.2f} s")
        files.update(made)
    return files


def write_files(files: Files, out_dir: Path) -> None:
    """Write `files` under `out_dir`, each atomically (temporary file, then rename)."""
    out_dir = Path(out_dir)
    for rel, data in sorted(files.items()):
        path = out_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

"""figgen: the numbers and figures of the backpropagation article, computed from one network.

The math lives in :mod:`figgen.network` (numpy only); the walkthrough record in
:mod:`figgen.walkthrough`; everything that draws or writes files lives elsewhere.
"""

from __future__ import annotations

import sys
from pathlib import Path

__version__ = "0.1.0"


def source_stamp() -> tuple[tuple[str, int, int], ...]:
    """(path, mtime, size) of each of figgen's source files, sorted. If it differs from
    `SOURCE_STAMP`, the loaded modules are older than the source (`mkdocs serve` after an edit)."""
    files = sorted(Path(__file__).resolve().parent.rglob("*.py"))
    return tuple((str(path), stat.st_mtime_ns, stat.st_size) for path in files for stat in [path.stat()])


SOURCE_STAMP = source_stamp()  # the source as it was when this package was imported


def forget_if_stale() -> bool:
    """Forget every loaded figgen module if figgen's source changed since it was imported.

    The one place figgen reloads itself, and why: `mkdocs serve` runs every rebuild in the
    same process, so after an edit of src/ the modules it imported for the first build would
    draw and fill pages with the old code. Forgotten, they are imported again from the source
    as it is now by the next `import`. Returns whether they were forgotten; unchanged source
    (every `mkdocs build`) keeps them, since importing again costs time.
    """
    if SOURCE_STAMP == source_stamp():
        return False
    for name in [n for n in sys.modules if n == "figgen" or n.startswith("figgen.")]:
        del sys.modules[name]
    return True

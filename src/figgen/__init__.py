"""figgen: the numbers and figures of the backpropagation article, computed from one network.

The math lives in :mod:`figgen.network` (numpy only); the walkthrough record in
:mod:`figgen.walkthrough`; everything that draws or writes files lives elsewhere.
"""

__version__ = "0.1.0"


def source_stamp() -> tuple[tuple[str, int, int], ...]:
    """(path, mtime, size) of each of figgen's source files, sorted. If it differs from
    `SOURCE_STAMP`, the loaded modules are older than the source (`mkdocs serve` after an edit)."""
    from pathlib import Path

    files = sorted(Path(__file__).resolve().parent.rglob("*.py"))
    return tuple((str(path), stat.st_mtime_ns, stat.st_size) for path in files for stat in [path.stat()])


SOURCE_STAMP = source_stamp()  # the source as it was when this package was imported

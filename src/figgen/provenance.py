"""Where the article's numbers come from: versions, seeds and (in a git checkout) the commit.

The numbers on the page belong to a version of figgen and of numpy and to the seeds in the
configuration; the provenance note and the citation name them so a reader can reproduce them.
"""

from __future__ import annotations

import datetime as dt
import platform
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import figgen
from figgen.config import WalkthroughConfig

DISTRIBUTION = "backprop-by-the-numbers"  # figgen's name on the package index (pyproject.toml)
# A source checkout's root (src layout: <root>/src/figgen), when figgen runs from one.
CHECKOUT = Path(figgen.__file__).resolve().parents[2]


@dataclass(frozen=True)
class Provenance:
    """What a build of the article depends on, as text for the page."""

    figgen_version: str  # figgen.__version__
    numpy_version: str  # numpy.__version__
    python_version: str  # the Python that built the site
    requires_python: str  # the Python versions figgen supports, e.g. ">=3.11"
    data_seed: int  # seed of the XOR data's RandomState
    weight_seed: int  # seed of the weights' RandomState
    commit: str  # full git commit hash of the checkout, "" outside a git checkout
    short_commit: str  # its first 12 characters, "" outside a git checkout
    dirty: bool  # the checkout had uncommitted changes when the site was built
    date: str  # ISO date of the commit (today's date outside a git checkout)

    @property
    def version_text(self) -> str:
        """"figgen 0.1.0" or "figgen 0.1.0, commit 0123456789ab" (plus a note if dirty)."""
        from figgen.i18n import tr

        text = f"figgen {self.figgen_version}"
        if self.short_commit:
            text += f", commit {self.short_commit}"
            if self.dirty:
                text += " " + tr("article", "uncommitted")
        return text


def _git(folder: Path, *args: str) -> str:
    """Output of a git command run in `folder`, or "" if that is not possible."""
    try:
        result = subprocess.run(
            ["git", "-C", str(folder), *args],
            capture_output=True, text=True, timeout=10, check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return result.stdout.strip() if result.returncode == 0 else ""


@lru_cache(maxsize=None)
def git_state(folder: Path | None) -> tuple[str, bool, str]:
    """(commit, dirty, commit date) of the git checkout at `folder` (the site's project);
    ("", False, "") without one."""
    if folder is None or not (Path(folder) / ".git").exists():  # no project, or not a checkout
        return "", False, ""
    commit = _git(folder, "rev-parse", "HEAD")
    if not commit:
        return "", False, ""
    # Only tracked files count: the built site and caches are ignored by .gitignore.
    dirty = bool(_git(folder, "status", "--porcelain", "--untracked-files=no"))
    return commit, dirty, _git(folder, "log", "-1", "--format=%cs")


def requires_python() -> str:
    """figgen's Requires-Python, from the installed metadata or else pyproject.toml."""
    try:
        from importlib.metadata import PackageNotFoundError, metadata

        value = metadata(DISTRIBUTION).get("Requires-Python")
        if value:
            return str(value)
    except PackageNotFoundError:
        pass
    import tomllib

    pyproject = CHECKOUT / "pyproject.toml"
    return str(tomllib.loads(pyproject.read_text())["project"]["requires-python"])


def version(distribution: str) -> str:
    """The installed version of `distribution`, read from its metadata without importing it."""
    from importlib.metadata import PackageNotFoundError, version as installed

    try:
        return installed(distribution)
    except PackageNotFoundError:
        return "not installed"


def collect(config: WalkthroughConfig = WalkthroughConfig(), project: Path | None = None) -> Provenance:
    """The provenance of a build made with `config` in the site folder `project`."""
    commit, dirty, date = git_state(None if project is None else Path(project).resolve())
    return Provenance(
        figgen_version=figgen.__version__,
        numpy_version=version("numpy"),  # from its metadata: a warm build never imports numpy
        python_version=platform.python_version(),
        requires_python=requires_python(),
        data_seed=config.data.seed,
        weight_seed=config.network.weight_seed,
        commit=commit,
        short_commit=commit[:12],
        dirty=dirty,
        date=date or dt.date.today().isoformat(),
    )

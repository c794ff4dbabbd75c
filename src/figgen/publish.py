"""Versions of the published site: which one a build makes, where it lives, deploying it.

Every release of the article is published at its own address and stays there, so a citation
of version 0.1.0 keeps pointing at 0.1.0's numbers:

    <site_url>/0.1.0/    a release: built once from the tag v0.1.0, never overwritten
    <site_url>/dev/      the main branch, rebuilt on every push
    <site_url>/latest/   an alias: redirects to the newest release
    <site_url>           redirects to latest/

mike (https://github.com/jimporter/mike) keeps these folders on the gh-pages branch, with a
``versions.json`` that mkdocs-material's version selector reads. It builds each version with
``mkdocs build`` and the variable MIKE_DOCS_VERSION set to the version's name; `edition`
reads it to know what the page is. A build without mike (``mkdocs build``, ``mkdocs
serve``) is the release of the checkout's figgen version.

`deploy` is what the Pages workflow runs (``python -m figgen.publish dev|release``): it
checks the release before mike touches anything and refuses to overwrite one.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, MutableMapping, Sequence

import figgen

DEV = "dev"  # the version pushes to main deploy
LATEST = "latest"  # the alias of the newest release; the site's root redirects to it
VERSION_VARIABLE = "MIKE_DOCS_VERSION"  # set by mike for the `mkdocs build` it runs
BRANCH = "gh-pages"  # where mike keeps the versions
REMOTE = "origin"
# The published files the citation lists with their SHA-256 (site paths, in this order),
# computed from the bytes the build published (figgen.site.published_checksums). The wheel
# of figgen (issue 13) joins them here.
CITED_FILES: tuple[str, ...] = ("data/walkthrough.json", "data/training.json")


class PublishError(ValueError):
    """A version that cannot be built or deployed; the message names it and what is valid."""


@dataclass(frozen=True)
class Edition:
    """The version of the site one build makes, and its permanent address."""

    figgen_version: str  # figgen.__version__ of the code that computed the numbers
    label: str  # the version's folder: the figgen version for a release, "dev" for main
    base_url: str  # site_url without a version, ending in "/"; "" when site_url is unset

    @property
    def released(self) -> bool:
        """True for a release (its numbers never change), False for the development build."""
        return self.label != DEV

    @property
    def url(self) -> str:
        """The address of this version, e.g. https://host/path/0.1.0/ ("" without site_url)."""
        return f"{self.base_url}{self.label}/" if self.base_url else ""


def release_url(site_url: str, version: str | None = None) -> str:
    """The permanent address of release `version` (default: figgen's) of the site at `site_url`
    (mkdocs.yml's site_url, without a version)."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    return f"{base}{version or figgen.__version__}/"


def edition(site_url: str, environ: Mapping[str, str] | None = None) -> Edition:
    """The edition a build makes: MIKE_DOCS_VERSION when mike builds, else the release of
    figgen's version. `site_url` is MkDocs' site_url as the hooks see it (mike's plugin has
    already appended the version to it; that suffix is removed here).

    Raises PublishError for a version that is neither figgen's version nor "dev": the
    numbers would then be published under a name that is not theirs.
    """
    environ = os.environ if environ is None else environ
    version = figgen.__version__
    label = environ.get(VERSION_VARIABLE, "").strip() or version
    if label not in (version, DEV):
        raise PublishError(
            f"{VERSION_VARIABLE}={label!r} is not valid: expected {version!r} (a release: figgen's "
            f"version, src/figgen/__init__.py) or {DEV!r} (the main branch)"
        )
    base = site_url.rstrip("/")
    if VERSION_VARIABLE in environ and base.endswith("/" + label):
        base = base[: -len(label) - 1]
    return Edition(figgen_version=version, label=label, base_url=base + "/" if base else "")


def drop_version_selector(extra: MutableMapping[str, Any], environ: Mapping[str, str] | None = None) -> None:
    """Remove `version` (mkdocs-material's version selector) from mkdocs.yml's `extra` unless
    mike is building: the selector fetches ../versions.json, which only a mike deployment
    has, and a plain build must not make a request that fails."""
    environ = os.environ if environ is None else environ
    if not environ.get(VERSION_VARIABLE):
        extra.pop("version", None)


# ---------------------------------------------------------------------------------------
# Deploying with mike (what the Pages workflow runs)


def _run(command: Sequence[str], cwd: Path, env: Mapping[str, str] | None = None, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(list(command), cwd=cwd, env=None if env is None else dict(env), capture_output=True, text=True)
    if check and done.returncode != 0:
        raise PublishError(f"`{' '.join(command)}` failed (exit {done.returncode}):\n{done.stdout}{done.stderr}")
    return done


def _mike() -> list[str]:
    """The mike command of this Python environment."""
    beside = Path(sys.executable).parent / "mike"
    found = str(beside) if beside.is_file() else shutil.which("mike")
    if not found:
        raise PublishError("mike is not installed: pip install -e '.[site]' (mike 2.2)")
    return [found]


def _mike_env() -> dict[str, str]:
    # mike runs `mkdocs build` by name: the one of this environment, even if it is not active
    bin_dir = str(Path(sys.executable).parent)
    return {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}


def fetch_versions(cwd: Path, remote: str = REMOTE, branch: str = BRANCH) -> None:
    """Bring `remote`'s `branch` into `remote`/`branch` (mike compares with it, and builds on
    it); nothing to do before the first deployment, when the remote has no such branch."""
    if not _run(["git", "remote"], cwd).stdout.split().count(remote):
        return
    heads = _run(["git", "ls-remote", "--heads", remote, branch], cwd).stdout
    if heads.strip():
        _run(["git", "fetch", "--quiet", remote, f"+refs/heads/{branch}:refs/remotes/{remote}/{branch}"], cwd)


def deployed_versions(cwd: Path, remote: str = REMOTE, branch: str = BRANCH) -> list[dict[str, Any]]:
    """Every version deployed on `branch` or on `remote`/`branch` (whichever is ahead: mike
    moves to the newer one), from their versions.json: one {"version", "title", "aliases"}
    per version, [] before the first deployment."""
    found: dict[str, dict[str, Any]] = {}
    for ref in (f"{remote}/{branch}", branch):
        if _run(["git", "rev-parse", "--verify", "--quiet", ref], cwd, check=False).returncode == 0:
            shown = _run(["git", "show", f"{ref}:versions.json"], cwd, check=False)
            for entry in json.loads(shown.stdout) if shown.returncode == 0 else []:
                found.setdefault(entry["version"], entry)
    return list(found.values())


def check_release(version: str, tag: str | None, deployed: Sequence[Mapping[str, Any]]) -> None:
    """Refuse a release whose tag does not name figgen's version, or that is deployed already."""
    if tag is not None and tag != f"v{version}":
        raise PublishError(
            f"tag {tag!r} does not match figgen's version {version!r}: tag the release v{version}, "
            f"or set __version__ in src/figgen/__init__.py (and CITATION.cff) to {tag.lstrip('v')!r}"
        )
    if version in (DEV, LATEST):
        raise PublishError(f"version {version!r} is not valid for a release: it is the name of {'the main branch' if version == DEV else 'an alias'}")
    taken = [v["version"] for v in deployed if version == v["version"] or version in v.get("aliases", [])]
    if taken:
        raise PublishError(
            f"version {version} is already published and a release is never overwritten: bump "
            f"__version__ in src/figgen/__init__.py (and CITATION.cff), tag v<new version>, and deploy that"
        )


def deploy(kind: str, *, cwd: Path | str = ".", tag: str | None = None, remote: str = REMOTE,
           branch: str = BRANCH, push: bool = False) -> str:
    """Build the checkout at `cwd` with mike and commit it to `branch` (and push it to `remote`).

    kind "dev": the version "dev" (pushes to main). kind "release": figgen's version, with
    the alias "latest" moved to it and the site's root redirecting there; refused if `tag`
    is given and is not "v<version>", or if the version is deployed already. Returns the
    version deployed.
    """
    if kind not in ("dev", "release"):
        raise PublishError(f"deploy kind {kind!r} is not valid: expected 'dev' or 'release'")
    cwd = Path(cwd)
    fetch_versions(cwd, remote, branch)
    deployed = deployed_versions(cwd, remote, branch)
    git = ["--remote", remote, "--branch", branch] + (["--push"] if push else [])
    mike, env = _mike(), _mike_env()
    if kind == "release":
        version = figgen.__version__
        check_release(version, tag, deployed)
        _run(mike + ["deploy", *git, "--alias-type", "redirect", "--update-aliases", version, LATEST], cwd, env)
        _run(mike + ["set-default", *git, LATEST], cwd, env)
        return version
    _run(mike + ["deploy", *git, "--alias-type", "redirect", DEV], cwd, env)
    if not any(LATEST in v.get("aliases", []) for v in deployed):  # no release yet: the root shows dev
        _run(mike + ["set-default", *git, DEV], cwd, env)
    return DEV


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m figgen.publish",
        description="Deploy the site with mike: 'dev' for the main branch, 'release' for a tag.",
    )
    parser.add_argument("kind", choices=("dev", "release"))
    parser.add_argument("--tag", help="the pushed tag (GITHUB_REF_NAME); a release checks it is v<figgen's version>")
    parser.add_argument("--remote", default=REMOTE)
    parser.add_argument("--branch", default=BRANCH)
    parser.add_argument("--push", action="store_true", help="push the branch to the remote")
    args = parser.parse_args(argv)
    try:
        version = deploy(args.kind, tag=args.tag, remote=args.remote, branch=args.branch, push=args.push)
    except PublishError as exc:
        print(f"figgen.publish: {exc}", file=sys.stderr)
        return 1
    print(f"figgen.publish: deployed {version} to {args.branch}" + (f" and pushed it to {args.remote}" if args.push else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())

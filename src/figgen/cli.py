"""The `figgen` command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from figgen import __version__


def _log(msg: str) -> None:
    print(msg, file=sys.stderr)


def _build(args: argparse.Namespace) -> int:
    from figgen.build import BuildSettings, build, write_files

    # --force or FIGGEN_FORCE=1: ignore the cache (None lets build() read FIGGEN_FORCE)
    report = build(BuildSettings(png=args.png), log=_log, force=True if args.force else None, jobs=args.jobs)
    write_files(report.files, args.out)
    _log(f"figgen: wrote {len(report.files)} files to {args.out}")
    return 0


def _cache_clear(args: argparse.Namespace) -> int:
    from figgen.cache import Cache
    from figgen.settings import cache_dir

    root = cache_dir()
    removed = Cache(root).clear()
    _log(f"figgen: removed {removed} files from the cache at {root}")
    return 0


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not valid: expected an integer >= 1")
    return value


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="figgen", description="Figures and numbers of the backprop article.")
    parser.add_argument("--version", action="version", version=f"figgen {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="write everything the site gets from figgen into a folder")
    build.add_argument("--out", type=Path, required=True, help="folder to write into (laid out as in the site)")
    build.add_argument("--png", action="store_true", help="also write PNG renders of the figures")
    build.add_argument("--force", action="store_true", help="ignore the cache: make everything anew (as FIGGEN_FORCE=1)")
    build.add_argument(
        "--jobs", type=_positive_int, default=None, help="worker processes (default: FIGGEN_JOBS, else 2)"
    )
    build.set_defaults(func=_build)
    cache = sub.add_parser("cache", help="the build cache (.cache/figgen, or FIGGEN_CACHE_DIR)")
    cache_sub = cache.add_subparsers(dest="cache_command", required=True)
    clear = cache_sub.add_parser("clear", help="delete every cached output")
    clear.set_defaults(func=_cache_clear)
    return parser


def main(argv: list[str] | None = None) -> int:
    from figgen.config import ConfigError

    args = make_parser().parse_args(argv)
    try:
        return args.func(args)
    except ConfigError as exc:  # a bad setting (FIGGEN_JOBS=0): say which, no traceback
        _log(f"figgen: error: {exc}")
        return 2


if __name__ == "__main__":
    sys.exit(main())

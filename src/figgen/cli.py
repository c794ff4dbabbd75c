"""The `figgen` command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from figgen import __version__


def _build(args: argparse.Namespace) -> int:
    from figgen.build import BuildSettings, build_outputs, write_files

    files = build_outputs(BuildSettings(png=args.png), log=lambda msg: print(msg, file=sys.stderr))
    write_files(files, args.out)
    print(f"figgen: wrote {len(files)} files to {args.out}", file=sys.stderr)
    return 0


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="figgen", description="Figures and numbers of the backprop article.")
    parser.add_argument("--version", action="version", version=f"figgen {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="write everything the site gets from figgen into a folder")
    build.add_argument("--out", type=Path, required=True, help="folder to write into (laid out as in the site)")
    build.add_argument("--png", action="store_true", help="also write PNG renders of the figures")
    build.set_defaults(func=_build)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())

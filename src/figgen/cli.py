"""The `figgen` command line."""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
from pathlib import Path

from figgen import __version__


def _log(msg: str) -> None:
    print(msg, file=sys.stderr)


def _build(args: argparse.Namespace) -> int:
    import dataclasses

    from figgen.build import build, write_files
    from figgen.settings import build_settings, read_mkdocs_figgen

    # the site's configuration (mkdocs.yml's extra.figgen), so this command makes the same
    # files as `mkdocs build`; checked, like the environment, before any work
    figgen = read_mkdocs_figgen(args.config) if args.config else None
    settings = build_settings(figgen, source=f"{args.config} extra.figgen")
    settings = dataclasses.replace(settings, png=args.png or settings.png)
    # --force or FIGGEN_FORCE=1: ignore the cache (None lets build() read FIGGEN_FORCE)
    report = build(settings, log=_log, force=True if args.force else None, jobs=args.jobs)
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


def _number(option: str, kind: type, minimum: float, *, inclusive: bool) -> object:
    """argparse `type=` for `option`: a finite int/float above (or at) `minimum`.

    argparse turns the ArgumentTypeError into "argument OPTION: MESSAGE" and exit code 2,
    before any work is done.
    """
    bound = f">= {minimum:g}" if inclusive else f"> {minimum:g}"
    what = "an integer" if kind is int else "a finite number"

    def convert(text: str) -> int | float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not valid: expected {what} {bound}") from None
        if not math.isfinite(value) or value < minimum or (not inclusive and value == minimum):
            raise argparse.ArgumentTypeError(f"{text!r} is not valid: expected {what} {bound}")
        return value

    convert.__name__ = option  # argparse names the type in some messages
    return convert


def _check_output(path: Path) -> str | None:
    """Why `path` cannot be written as a GIF, or None if it can."""
    if path.suffix.lower() != ".gif":
        return f"{str(path)!r} is not valid: expected a file name ending in .gif"
    if path.is_dir():
        return f"{str(path)!r} is a folder: expected a file name ending in .gif"
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        return f"{str(path)!r} is not valid: its folder {str(parent)!r} does not exist"
    if path.exists() and not os.access(path, os.W_OK):
        return f"{str(path)!r} is not valid: the file exists and is not writable"
    try:  # the real test (permissions, read-only or special file systems, even for root)
        fd, probe = tempfile.mkstemp(dir=parent, prefix=f".{path.name}.", suffix=".probe")
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        return f"{str(path)!r} is not valid: cannot write in {str(parent)!r} ({exc.strerror})"
    return None


def _animate(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from figgen.config import ConfigError, NetworkConfig
    from figgen.train import DivergenceError, TrainConfig, caption, train

    try:
        config = TrainConfig(
            name="run",
            network=NetworkConfig(hidden=args.hidden, bias=not args.no_bias),
            learning_rate=args.lr,
            reg=args.reg,
            steps=args.steps,
            frames=args.frames,
        )
    except ConfigError as exc:  # the parser's checks should have caught it; never a traceback
        print(f"figgen animate: error: {exc}", file=sys.stderr)
        return 2
    with tqdm(total=config.steps, desc="training", unit="step", file=sys.stderr, mininterval=0.2) as bar:
        try:
            result = train(config, on_step=lambda _step: bar.update())
        except DivergenceError as exc:
            bar.close()
            print(f"figgen animate: {exc}. Nothing was written.", file=sys.stderr)
            return 1

    from figgen.animate import render_frames
    from figgen.build import write_files
    from figgen.encode import gif_bytes
    from figgen.style import DARK, LIGHT

    with tqdm(total=len(result.step), desc="rendering", unit="frame", file=sys.stderr) as bar:
        frames = render_frames(result, on_frame=lambda _i: bar.update())
    theme = DARK if args.dark else LIGHT
    data = gif_bytes(frames.indices, frames.palette.colours(theme))
    out = args.output.resolve()
    write_files({out.name: data}, out.parent)  # atomic: a temporary file, then a rename
    print(f"figgen: wrote {args.output} ({len(data):,} bytes, {len(result.step)} frames): {caption(result)}", file=sys.stderr)
    return 0


def _out_dir(text: str) -> Path:
    path = Path(text)
    if not text.strip() or (path.exists() and not path.is_dir()):
        raise argparse.ArgumentTypeError(f"{text!r} is not valid: expected a folder (it may not exist yet), not a file")
    return path


def _config_file(text: str) -> Path:
    path = Path(text)
    if not path.is_file():
        raise argparse.ArgumentTypeError(f"{text!r} is not valid: expected an existing MkDocs configuration file")
    return path


def _default_config() -> Path | None:
    from figgen.settings import PROJECT_ROOT

    path = PROJECT_ROOT / "mkdocs.yml"
    return path if path.is_file() else None


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="figgen", description="Figures and numbers of the backprop article.")
    parser.add_argument("--version", action="version", version=f"figgen {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="write everything the site gets from figgen into a folder")
    build.add_argument("--out", type=_out_dir, required=True, help="folder to write into (laid out as in the site)")
    build.add_argument(
        "--config", type=_config_file, default=_default_config(),
        help="the site's MkDocs configuration, whose extra.figgen settings apply (default: the checkout's mkdocs.yml)",
    )
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

    animate = sub.add_parser(
        "animate",
        help="train a 2-H-2 network on the XOR data and write the training animation as a GIF",
        description="Train a 2-H-2 sigmoid network on the article's 300 XOR points with full-batch "
        "gradient descent and write the three-panel training animation as a looping GIF.",
    )
    animate.add_argument("--hidden", type=_number("--hidden", int, 1, inclusive=True), default=10,
                         help="hidden units, an integer >= 1 (default: 10)")
    animate.add_argument("--lr", type=_number("--lr", float, 0, inclusive=False), default=2.0,
                         help="learning rate, a number > 0 (default: 2)")
    animate.add_argument("--reg", type=_number("--reg", float, 0, inclusive=True), default=1e-4,
                         help="lambda of the L2 penalty, a number >= 0 (default: 1e-4)")
    animate.add_argument("--steps", type=_number("--steps", int, 1, inclusive=True), default=3000,
                         help="gradient-descent steps, an integer >= 1 (default: 3000)")
    animate.add_argument("--frames", type=_number("--frames", int, 2, inclusive=True), default=40,
                         help="animation frames, an integer >= 2, at most steps + 1 are used (default: 40)")
    animate.add_argument("--no-bias", action="store_true", help="train without the biases b1, b2")
    animate.add_argument("--dark", action="store_true", help="colours for a dark page")
    animate.add_argument("-o", "--output", type=Path, required=True, help="the GIF to write (*.gif)")
    animate.set_defaults(func=_animate, check=lambda args: _check_output(args.output), command_parser=animate)
    return parser


def main(argv: list[str] | None = None) -> int:
    from figgen.config import ConfigError
    from figgen.settings import check_environment
    from figgen.train import DivergenceError

    parser = make_parser()
    args = parser.parse_args(argv)
    check = getattr(args, "check", None)
    problem = check(args) if check is not None else None
    if problem is not None:
        args.command_parser.error(f"argument -o/--output: {problem}")  # exits with code 2
    try:
        check_environment()  # every FIGGEN_* variable, whichever command runs
        return args.func(args)
    except ConfigError as exc:  # a bad setting (FIGGEN_JOBS=0): say which, no traceback
        _log(f"figgen: error: {exc}")
        return 2
    except DivergenceError as exc:  # a training run's settings diverge: nothing is written
        _log(f"figgen: error: {exc}; nothing was written")
        return 1


if __name__ == "__main__":
    sys.exit(main())

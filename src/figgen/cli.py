"""The `figgen` command line."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from figgen import __version__


def _log(msg: str) -> None:
    print(msg, file=sys.stderr)


def _build(args: argparse.Namespace) -> int:
    import dataclasses

    from figgen.build import build
    from figgen.config import environment
    from figgen.outdir import write_site_files

    from figgen import style  # noqa: F401  (its colours and sizes are checked on import)

    env = environment()  # every FIGGEN_* variable, checked before any work
    # the site's configuration (the figgen plugin's options in mkdocs.yml), read by MkDocs' own
    # loader (!ENV, INHERIT), so this command makes the same files as `mkdocs build`
    settings, project = site_settings(args.config)
    settings = dataclasses.replace(settings, png=args.png or settings.png)
    # --force or FIGGEN_FORCE=1: ignore the cache (None lets build() read FIGGEN_FORCE)
    report = build(settings, log=_log, env=env, force=True if args.force else None, jobs=args.jobs, project=project)
    removed = write_site_files(report.files, args.out, log=_log)
    gone = f"; removed {len(removed)} it no longer makes" if removed else ""
    _log(f"figgen: wrote {len(report.files)} files to {args.out}{gone}")
    return 0


def site_settings(config: Path | None) -> tuple[Any, Path | None]:
    """(BuildSettings, the site's folder) from the MkDocs configuration file `config`, read as
    `mkdocs build` reads it; (defaults, None) without one."""
    from figgen.config import BuildSettings, ConfigError

    if config is None:
        return BuildSettings(), None
    try:
        from mkdocs.config import load_config
    except ImportError:
        raise ConfigError(
            f"--config {str(config)!r} needs MkDocs to be read: pip install 'backprop-by-the-numbers[site]'"
        ) from None
    import logging

    problems: list[str] = []
    catcher = logging.Handler(logging.WARNING)
    catcher.emit = lambda record: problems.append(record.getMessage())  # type: ignore[method-assign]
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(catcher)
    mkdocs_log.propagate, propagate = False, mkdocs_log.propagate
    try:
        site = load_config(config_file=str(config))
    except Exception as exc:  # MkDocs' ConfigurationError, YAML or decoding errors: one line
        detail = "; ".join(problems) or f"{type(exc).__name__}: {exc}"
        raise ConfigError(f"--config {str(config)!r} is not valid: {detail}") from None
    finally:
        mkdocs_log.removeHandler(catcher)
        mkdocs_log.propagate = propagate
    plugin = site.plugins.get("figgen")
    if plugin is None:
        raise ConfigError(f"--config {str(config)!r} is not valid: it does not use the figgen plugin (plugins: - figgen)")
    try:
        return plugin.build_settings(), plugin.project
    except Exception as exc:  # PluginError from a check across settings
        raise ConfigError(str(exc).removeprefix("figgen: ")) from None


def _cache_clear(args: argparse.Namespace) -> int:
    from figgen.cache import Cache, default_root
    from figgen.config import environment

    project = args.config.resolve().parent if args.config else None
    root = default_root(project, environment().cache_dir)
    removed = Cache(root).clear()
    _log(f"figgen: removed {removed} files from the cache at {root}")
    return 0


def _ranged(option: str, owner: type, field: str) -> object:
    """argparse `type=` for `option`: a number in the range figgen.config declares for
    `owner.field` (one declaration for the command line and the site's settings).

    argparse turns the ArgumentTypeError into "argument OPTION: MESSAGE" and exit code 2,
    before any work is done.
    """
    import dataclasses

    from figgen.config import ConfigError

    range_ = next(f for f in dataclasses.fields(owner) if f.name == field).metadata["range"]

    def convert(text: str) -> int | float:
        try:
            value: int | float = int(text) if range_.integer else float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not valid: expected {range_.describe()}") from None
        try:
            range_.check(option, value)
        except ConfigError:
            raise argparse.ArgumentTypeError(f"{text!r} is not valid: expected {range_.describe()}") from None
        return value

    convert.__name__ = option  # argparse names the type in some messages
    return convert


def _language(text: str) -> str:
    """argparse `type=` for --lang: one of the editions' languages (figgen.i18n.LANGUAGES)."""
    from figgen.i18n import LANGUAGES

    if text not in LANGUAGES:
        raise argparse.ArgumentTypeError(f"{text!r} is not valid: expected one of {', '.join(LANGUAGES)}")
    return text


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

    from figgen.config import NetworkConfig, TrainConfig, check_work, environment
    from figgen.train import caption, train

    env = environment()
    config = TrainConfig(
        name="run",
        network=NetworkConfig(hidden=args.hidden, bias=not args.no_bias),
        learning_rate=args.lr,
        reg=args.reg,
        steps=args.steps,
        frames=args.frames,
    )
    check_work((config,), env.max_work)  # before any work: a run too large to finish is refused
    with tqdm(total=config.steps, desc="training", unit="step", file=sys.stderr, mininterval=0.2) as bar:
        result = train(config, on_step=lambda _step: bar.update())

    from figgen.animate import render_frames
    from figgen.cache import atomic_write, sweep_temporary_files
    from figgen.encode import gif_bytes
    from figgen.outdir import file_mode
    from figgen.style import DARK, LIGHT

    with tqdm(total=len(result.step), desc="rendering", unit="frame", file=sys.stderr) as bar:
        frames = render_frames(result, on_frame=lambda _i: bar.update(), lang=args.lang)
    theme = DARK if args.dark else LIGHT
    data = gif_bytes(frames.indices, frames.palette.colours(theme))
    out = args.output.resolve()
    sweep_temporary_files(out.parent, name=out.name)  # what a killed run left beside it
    atomic_write(out, data, mode=file_mode())  # a temporary file, then a rename
    print(f"figgen: wrote {args.output} ({len(data):,} bytes, {len(result.step)} frames): {caption(result)}", file=sys.stderr)
    return 0


def _out_dir(text: str) -> Path:
    """argparse `type=` for --out: a folder that is, or can be made, writable; checked
    before the build starts, not after it."""
    path = Path(text)
    if not text.strip() or (path.exists() and not path.is_dir()):
        raise argparse.ArgumentTypeError(f"{text!r} is not valid: expected a folder (it may not exist yet), not a file")
    existing = next(p for p in (path.absolute(), *path.absolute().parents) if p.exists())
    if not existing.is_dir():
        raise argparse.ArgumentTypeError(f"{text!r} is not valid: {str(existing)!r} is a file, so no folder can be made there")
    try:  # the real test (permissions, read-only file systems, even for root)
        fd, probe = tempfile.mkstemp(dir=existing, prefix=".figgen-probe.")
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not valid: cannot write in {str(existing)!r} ({exc.strerror})") from None
    return path


def _config_file(text: str) -> Path:
    path = Path(text)
    if not path.is_file():
        raise argparse.ArgumentTypeError(f"{text!r} is not valid: expected an existing MkDocs configuration file")
    return path


def _default_config() -> Path | None:
    """mkdocs.yml in the current folder, as `mkdocs build` would read it, if there is one."""
    path = Path("mkdocs.yml")
    return path if path.is_file() else None


def _translations(args: argparse.Namespace) -> int:
    from figgen.translations import stamp, status

    if args.stamp is not None:
        for translation, english in _pairs(args.docs):
            if translation.resolve() == args.stamp.resolve():
                print(f"{args.stamp}: {stamp(translation, english)} stamp(s) updated")
                return 0
        _log(f"figgen: error: {args.stamp} is not a translated page under {args.docs} (e.g. index.es.md)")
        return 2
    found = status(args.docs)
    for s in found:
        state = "stale" if s.stale else "ok"
        print(f"{s.page}\t{s.key}\trecorded {s.recorded or '-'}\tenglish {s.current or '-'}\t{state}")
    return 1 if any(s.stale for s in found) else 0


def _pairs(docs: Path) -> list[tuple[Path, Path]]:
    from figgen.translations import translated_pages

    return translated_pages(docs)


def make_parser() -> argparse.ArgumentParser:
    from figgen.config import Environment, NetworkConfig, TrainConfig

    parser = argparse.ArgumentParser(prog="figgen", description="Figures and numbers of the backprop article.")
    parser.add_argument("--version", action="version", version=f"figgen {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="write everything the site gets from figgen into a folder")
    build.add_argument("--out", type=_out_dir, required=True, help="folder to write into (laid out as in the site)")
    build.add_argument(
        "--config", type=_config_file, default=_default_config(),
        help="the site's MkDocs configuration, whose figgen plugin settings apply (default: ./mkdocs.yml if there is one)",
    )
    build.add_argument("--png", action="store_true", help="also write PNG renders of the figures")
    build.add_argument("--force", action="store_true", help="ignore the cache: make everything anew (as FIGGEN_FORCE=1)")
    build.add_argument(
        "--jobs", type=_ranged("--jobs", Environment, "jobs"), default=None,
        help="worker processes (default: FIGGEN_JOBS, else 2)",
    )
    build.set_defaults(func=_build)
    cache = sub.add_parser("cache", help="the build cache (the site's .cache/figgen, the user's cache folder, or FIGGEN_CACHE_DIR)")
    cache_sub = cache.add_subparsers(dest="cache_command", required=True)
    clear = cache_sub.add_parser("clear", help="delete every cached output")
    clear.add_argument(
        "--config", type=_config_file, default=_default_config(),
        help="the site whose cache to clear (default: ./mkdocs.yml if there is one, else the user's cache)",
    )
    clear.set_defaults(func=_cache_clear)

    translations = sub.add_parser(
        "translations",
        help="each translated section and the hash of its English section: which are stale",
        description="List every section of the translated pages (docs/*.es.md) with the hash of the "
        "English section it records and the English section's hash now; exit 1 if any is stale. "
        "With --stamp FILE, record the current hashes in FILE (after updating its translation).",
    )
    translations.add_argument("--docs", type=Path, default=Path("docs"), help="the docs folder (default: ./docs)")
    translations.add_argument("--stamp", type=Path, metavar="FILE", help="a translated page whose sections are up to date")
    translations.set_defaults(func=_translations)

    animate = sub.add_parser(
        "animate",
        help="train a 2-H-2 network on the XOR data and write the training animation as a GIF",
        description="Train a 2-H-2 sigmoid network on the article's 300 XOR points with full-batch "
        "gradient descent and write the three-panel training animation as a looping GIF.",
    )
    animate.add_argument("--hidden", type=_ranged("--hidden", NetworkConfig, "hidden"), default=10,
                         help="hidden units, an integer from 1 to 10000 (default: 10)")
    animate.add_argument("--lr", type=_ranged("--lr", TrainConfig, "learning_rate"), default=2.0,
                         help="learning rate, a number > 0 and <= 1000 (default: 2)")
    animate.add_argument("--reg", type=_ranged("--reg", TrainConfig, "reg"), default=1e-4,
                         help="lambda of the L2 penalty, a number from 0 to 1000 (default: 1e-4)")
    animate.add_argument("--steps", type=_ranged("--steps", TrainConfig, "steps"), default=3000,
                         help="gradient-descent steps, an integer from 1 to 1000000 (default: 3000)")
    animate.add_argument("--frames", type=_ranged("--frames", TrainConfig, "frames"), default=40,
                         help="animation frames, an integer from 2 to 200, at most steps + 1 are used (default: 40)")
    animate.add_argument("--no-bias", action="store_true", help="train without the biases b1, b2")
    animate.add_argument("--dark", action="store_true", help="colours for a dark page")
    animate.add_argument("--lang", type=_language, default="en",
                         help="the language of the titles and labels drawn: en or es (default: en)")
    animate.add_argument("-o", "--output", type=Path, required=True, help="the GIF to write (*.gif)")
    animate.set_defaults(func=_animate, check=lambda args: _check_output(args.output), command_parser=animate)
    return parser


def main(argv: list[str] | None = None) -> int:
    from figgen.build import OutputError
    from figgen.config import ConfigError
    from figgen.train import DivergenceError

    parser = make_parser()
    args = parser.parse_args(argv)
    check = getattr(args, "check", None)
    problem = check(args) if check is not None else None
    if problem is not None:
        args.command_parser.error(f"argument -o/--output: {problem}")  # exits with code 2
    try:
        return args.func(args)
    except ConfigError as exc:  # a bad setting (FIGGEN_JOBS=0): say which, no traceback
        _log(f"figgen: error: {exc}")
        return 2
    except DivergenceError as exc:  # a training run's settings diverge: nothing is written
        _log(f"figgen: error: {exc}; nothing was written")
        return 1
    except OutputError as exc:  # a figure or animation raised: one line, then its one traceback
        _log(f"figgen: error: {exc}\n{exc.details.rstrip()}")
        return 1
    except KeyboardInterrupt:
        _log("figgen: interrupted; nothing was written")
        return 130


if __name__ == "__main__":
    sys.exit(main())

"""The MkDocs plugin ``figgen``: the thin adapter between MkDocs and figgen.

    plugins:
      - figgen:
          walkthrough: {row: 0, learning_rate: 0.001, network: {hidden: 3}}
          training: [...]   # the runs the article animates (default: figgen.config.ARTICLE_RUNS)
          png: false

Its options are `figgen.config.BuildSettings`' fields, declared there once and parsed there
once per build (each option's value is parsed while MkDocs validates its configuration; an
unknown option is an error, not MkDocs' usual warning). `on_config` checks the FIGGEN_*
variables, the style and the size of the training runs before any work; the files reach the
site through mkdocs-gen-files (scripts/gen_figgen.py calls `generate_files`); pages are
filled in `on_page_markdown` and their LaTeX becomes MathML in `on_page_content`. Every
figgen error stops the build with one line (a broken figure adds its one traceback).

Everything MkDocs-specific lives in this module, so a move to another site generator
replaces it alone.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
from pathlib import Path
from typing import Any, Callable, IO

from mkdocs.config import config_options
from mkdocs.config.base import ValidationError
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority

# figgen itself is imported inside the methods, never here: under `mkdocs serve` this module
# may be older than the figgen modules it calls (see `FiggenPlugin.load_config`), and its
# classes (BuildSettings, ConfigError) must be the ones the fresh modules use.

# Under mkdocs' logger, so lines show as "INFO - figgen: ..." and obey `mkdocs build -q`.
LOG = logging.getLogger("mkdocs.plugins.figgen")


class Setting(config_options.BaseConfigOption):
    """One field of `figgen.config.BuildSettings` as a MkDocs option, parsed by figgen.config."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name
        self.default = None  # not given (or null): figgen.config's default

    def run_validation(self, value: object) -> Any:
        from figgen.config import BuildSettings, ConfigError, parse_setting

        if value is None:
            return getattr(BuildSettings(), self.name)
        try:
            return parse_setting(self.name, value)
        except ConfigError as exc:
            raise ValidationError(str(exc)) from None


def _scheme() -> tuple[tuple[str, Setting], ...]:
    from figgen.config import BuildSettings

    return tuple((f.name, Setting(f.name)) for f in dataclasses.fields(BuildSettings))


class FiggenPlugin(BasePlugin):
    """figgen's figures, animations, data and filled pages for a MkDocs site."""

    config_scheme = _scheme()
    _built_for: Any = None  # the settings of this plugin's last figgen build

    def load_config(self, options: dict[str, Any], config_file_path: str | None = None) -> Any:
        # `mkdocs serve` rebuilds in one process after each edit of src/ (mkdocs.yml's `watch`),
        # and this is the first figgen code of every build: forget figgen's modules if their
        # source changed, so this build imports the source as it is now.
        import figgen as current  # the package as loaded now (this module may be older)

        current.forget_if_stale()
        errors, warnings = super().load_config(options, config_file_path)
        valid = ", ".join(name for name, _ in self.config_scheme)
        for warning in list(warnings):  # MkDocs only warns about an unknown option; figgen refuses it
            key, message = warning if isinstance(warning, tuple) else ("", str(warning))
            if "Unrecognised configuration name" in message:
                warnings.remove(warning)
                errors.append((key, f"unknown setting {key!r}: valid settings are {valid}"))
        self.project = Path(config_file_path).resolve().parent if config_file_path else None
        return errors, warnings

    def build_settings(self) -> Any:
        """The options as `figgen.config.BuildSettings` (each already parsed by `Setting`)."""
        from figgen.config import BuildSettings, ConfigError

        try:
            return BuildSettings(**{name: self.config[name] for name, _ in self.config_scheme})
        except ConfigError as exc:
            raise PluginError(f"figgen: {exc}") from None

    def on_config(self, config: Any) -> Any:
        from figgen.build import Planner, check_settings
        from figgen.cache import Cache, default_root
        from figgen.config import ConfigError, environment

        from figgen.publish import PublishError, drop_version_selector, edition

        try:
            from figgen import style  # noqa: F401  (its colours and sizes are checked on import)

            self.env = environment()
            self.settings = self.build_settings()
            check_settings(self.settings, self.env)
            edition(config.get("site_url") or "")  # the version this build publishes, if mike builds
        except (ConfigError, PublishError) as exc:
            raise PluginError(f"figgen: {exc}") from None
        # the version selector only where mike builds: it fetches ../versions.json
        drop_version_selector(config["extra"])
        root = default_root(self.project, self.env.cache_dir)
        self.planner = Planner(Cache(root, log=LOG.info), force=self.env.force, log=LOG.info, project=self.project)
        return config

    def on_pre_build(self, config: Any) -> None:
        # The build runs here, before mkdocs-gen-files runs its scripts: an interrupted or failed
        # build then ends MkDocs directly (a script's SystemExit would be reported as an error).
        from figgen.build import build

        i18n = _i18n(config)
        if i18n is not None and i18n.current_language != i18n.default_language and self._built_for == self.settings:
            # mkdocs-static-i18n builds each other language inside the default language's
            # build, with the same plugins: figgen computed once for both editions, and the
            # files, checked a moment ago, are the same
            LOG.info(f"figgen: {i18n.current_language} edition: the files of this build "
                     f"({len(self.report.files)}), made once for every edition")
            return
        with _errors():
            self.report = build(self.settings, log=LOG.info, env=self.env, project=self.project)
        self._built_for = self.settings
        # translated sections older than their English ones: INFO, not WARNING (strict build)
        from figgen.translations import stale

        if i18n is None or i18n.current_language == i18n.default_language:
            self.stale_translations = stale(Path(config["docs_dir"]))
            for section in self.stale_translations:
                LOG.info(f"figgen: stale translation: {section.describe()}")

    def generate_files(self, open_file: Callable[..., IO[Any]]) -> None:
        """Hand every file of this build to mkdocs-gen-files' `open` (scripts/gen_figgen.py)."""
        from figgen.site import write_generated_files

        write_generated_files(open_file, self.report, getattr(self, "stale_translations", []))

    # -- mkdocs-static-i18n (the Spanish edition under es/) -----------------------------------
    # It sorts the files in on_files at priority -100 and drops, with a WARNING ("Unhandled file
    # case"), a page generated outside docs_dir: the build report. Take that page out before it
    # looks, and give it back after it has sorted the files, in the default language's build.

    @event_priority(-50)
    def on_files(self, files: Any, config: Any) -> Any:
        from figgen.site import TIMINGS_PAGE

        self.report_page = files.get_file_from_path(TIMINGS_PAGE) if _i18n(config) else None
        if self.report_page is not None:
            files.remove(self.report_page)
        return files

    @event_priority(-150)
    def on_nav(self, nav: Any, config: Any, files: Any) -> Any:
        i18n = _i18n(config)
        page_file = getattr(self, "report_page", None)
        if page_file is None or i18n is None or i18n.current_language != i18n.default_language:
            return nav
        from mkdocs.structure.pages import Page

        lang = i18n.default_language  # what mkdocs-static-i18n marks its own files with
        page_file.alternates, page_file.locale, page_file.locale_alternate_of = {lang: page_file}, lang, lang
        page_file.localization, page_file.norm_src_uri = None, page_file.src_uri
        files.append(page_file)
        Page(None, page_file, config)  # outside the navigation, as MkDocs makes the others
        return nav

    @event_priority(0)  # after mkdocs-static-i18n's (50), which sets the links
    def on_page_context(self, context: Any, page: Any, config: Any, nav: Any) -> Any:
        # The language switcher's links, from the page: mkdocs-static-i18n writes some as
        # absolute paths from site_url, which lose the version folder under mike (0.1.0/es/).
        from figgen.i18n import page_language, using
        from figgen.site import THEME_TEXT, relative_alternates

        toc = config["mdx_configs"].get("toc")
        if toc and "title" in toc:  # the sidebar's title, in the page's language
            with using(page_language(page.file.src_uri)):
                toc["title"] = THEME_TEXT["toc_title"]

        extra = config["extra"]
        # mkdocs-static-i18n sets extra.alternate as an attribute, which shadows the item
        alternates = getattr(extra, "alternate", None) or extra.get("alternate")
        if alternates:
            relative = relative_alternates(alternates, config.get("site_url") or "")
            extra["alternate"] = relative
            setattr(extra, "alternate", relative)
        return context

    def on_post_build(self, config: Any) -> None:
        # The theme's language switcher fetches sitemap.xml beside each language's root (to
        # find the current page in the other language); mkdocs-static-i18n writes one, at the
        # site's root, with every page and its alternates. Each other language's folder gets
        # that same file (es/sitemap.xml), or every page logs a 404 in the console.
        import shutil

        i18n = _i18n(config)
        if i18n is None or i18n.current_language == i18n.default_language:
            return
        site = Path(config["site_dir"])  # the root: the plugin builds each language's pages into <lang>/
        if (site / "sitemap.xml").is_file() and (site / i18n.current_language).is_dir():
            shutil.copyfile(site / "sitemap.xml", site / i18n.current_language / "sitemap.xml")

    def on_env(self, env: Any, config: Any, files: Any) -> Any:
        # The theme's templates are compiled in every build: twice per `mkdocs build` with
        # mkdocs-static-i18n, again after each edit under `mkdocs serve`. Keep what was
        # compiled in this process's memory (never on disk: the cache holds data, not code).
        env.bytecode_cache = _template_code()
        return env

    def on_page_markdown(self, markdown: str, page: Any, config: Any, files: Any) -> str:
        from figgen.site import render_markdown

        with _errors(page):
            return render_markdown(
                markdown, page.file.src_uri, self.settings, self.planner,
                site_url=config.get("site_url") or "", repo_url=config.get("repo_url") or "",
                first_line=_line_of(page, markdown),
                published=self.report.files,  # the citation's checksums are of these bytes
                root="../" * page.url.count("/"),  # the site's root seen from the page
            )

    def on_page_content(self, html: str, page: Any, config: Any, files: Any) -> str:
        from figgen.site import render_html

        with _errors(page):
            return render_html(html, page.file.src_uri, self.planner)


@functools.cache
def _template_code() -> Any:
    """This process's one in-memory cache of compiled Jinja templates (see `on_env`)."""
    import jinja2

    class TemplateCode(jinja2.BytecodeCache):
        """Compiled templates by name, source and the environment's syntax options: a
        template compiles to the same code while those are the same."""

        def __init__(self) -> None:
            self.code: dict[tuple[Any, ...], Any] = {}

        @staticmethod
        def _key(bucket: Any) -> tuple[Any, ...]:
            env = bucket.environment
            syntax = (env.block_start_string, env.block_end_string, env.variable_start_string,
                      env.variable_end_string, env.comment_start_string, env.comment_end_string,
                      env.line_statement_prefix, env.line_comment_prefix, env.trim_blocks,
                      env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline,
                      env.optimized, env.is_async, repr(env.autoescape), tuple(sorted(env.extensions)))
            return (bucket.key, bucket.checksum, syntax)

        def load_bytecode(self, bucket: Any) -> None:
            bucket.code = self.code.get(self._key(bucket))

        def dump_bytecode(self, bucket: Any) -> None:
            self.code[self._key(bucket)] = bucket.code

    return TemplateCode()


def _i18n(config: Any) -> Any:
    """The mkdocs-static-i18n plugin of this site, or None."""
    return config["plugins"].get("i18n")


def _source(page: Any) -> str:
    try:
        return page.file.content_string
    except Exception:  # a generated page without a source file
        return ""


def _line_of(page: Any, text: str) -> int:
    """The line of the page's source file where `text` begins (1 if it cannot be found):
    MkDocs hands the plugin the page without its front matter."""
    source = _source(page)
    index = source.find(text[:200]) if text else -1
    return source.count("\n", 0, index) + 1 if index >= 0 else 1


class _errors:
    """figgen's errors as MkDocs errors: one line (a failed output adds its one traceback);
    Ctrl-C as one line and exit status 130."""

    def __init__(self, page: Any = None) -> None:
        self.page = page

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type | None, exc: BaseException | None, tb: Any) -> bool:
        if exc is None:
            return False
        # Before any import: Ctrl-C may have come in the middle of importing numpy, which then
        # cannot be imported again in this process (figgen.train would raise ImportError here).
        if isinstance(exc, KeyboardInterrupt):
            LOG.error("figgen: interrupted; nothing was published")
            raise SystemExit(130) from None
        from figgen.build import OutputError
        from figgen.config import ConfigError
        from figgen.mathml import MathError
        from figgen.prose import PlaceholderError
        from figgen.train import DivergenceError

        if isinstance(exc, OutputError):
            raise PluginError(f"figgen: {exc}\n{exc.details.rstrip()}") from None
        if isinstance(exc, DivergenceError):
            raise PluginError(f"figgen: {exc}; nothing was plotted") from None
        if isinstance(exc, MathError) and self.page is not None and exc.tex:
            source = _source(self.page)  # the HTML has no lines of the file: find the formula there
            if exc.tex in source:
                line = source.count("\n", 0, source.index(exc.tex)) + 1
                where = self.page.file.src_uri
                raise PluginError(f"figgen: {str(exc).replace(f'{where}:', f'{where}:{line}:', 1)}") from None
        if isinstance(exc, (ConfigError, PlaceholderError, MathError)):
            raise PluginError(f"figgen: {exc}") from None
        return False

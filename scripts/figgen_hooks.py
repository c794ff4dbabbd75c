"""MkDocs hooks: fill the article's placeholders from figgen, then turn its LaTeX into MathML."""

import sys


def on_pre_build(config):
    # `mkdocs serve` rebuilds in the same process after each edit of src/ (mkdocs.yml's
    # `watch`): forget figgen's modules so this build, the gen-files script included,
    # imports the source as it is now rather than as it was at the first build. Unchanged
    # source (every `mkdocs build`) keeps them: importing them again costs time.
    figgen = sys.modules.get("figgen")
    if figgen is not None and getattr(figgen, "SOURCE_STAMP", None) == figgen.source_stamp():
        return
    for name in [n for n in sys.modules if n == "figgen" or n.startswith("figgen.")]:
        del sys.modules[name]


def on_config(config):
    # Every figgen setting is checked before any work: mkdocs.yml's `extra: figgen:` and the
    # FIGGEN_* environment variables. A bad one stops the build with one line naming it.
    from mkdocs.exceptions import PluginError

    from figgen.config import ConfigError
    from figgen.settings import build_settings, check_environment

    try:
        check_environment()
        build_settings(config["extra"].get("figgen"))
    except ConfigError as exc:
        raise PluginError(f"figgen: {exc}") from None
    # The version selector only where mike builds: it fetches ../versions.json (figgen.publish).
    from figgen.publish import PublishError, drop_version_selector, edition

    try:
        edition(config.get("site_url") or "")
    except PublishError as exc:
        raise PluginError(f"figgen: {exc}") from None
    drop_version_selector(config["extra"])
    return config


def on_page_markdown(markdown, page, config, files):
    from figgen.settings import build_settings  # imported per build: see on_pre_build
    from figgen.site import render_markdown

    return render_markdown(
        markdown,
        page.file.src_uri,
        build_settings(config["extra"].get("figgen")),
        site_url=config.get("site_url") or "",
        repo_url=config.get("repo_url") or "",
        files=files,  # the citation's checksums are of the bytes published (figgen.publish.CITED_FILES)
    )


def on_page_content(html, page, config, files):
    from figgen.site import render_html

    return render_html(html, page.file.src_uri)

"""MkDocs hooks: fill the article's placeholders from figgen, then turn its LaTeX into MathML."""

import sys


def on_pre_build(config):
    # `mkdocs serve` rebuilds in the same process after each edit of src/ (mkdocs.yml's
    # `watch`): forget figgen's modules so this build, the gen-files script included,
    # imports the source as it is now rather than as it was at the first build.
    for name in [n for n in sys.modules if n == "figgen" or n.startswith("figgen.")]:
        del sys.modules[name]


def on_page_markdown(markdown, page, config, files):
    from figgen.site import render_markdown  # imported per build: see on_pre_build

    return render_markdown(
        markdown,
        page.file.src_uri,
        site_url=config.get("site_url") or "",
        repo_url=config.get("repo_url") or "",
    )


def on_page_content(html, page, config, files):
    from figgen.site import render_html

    return render_html(html, page.file.src_uri)

"""MkDocs hooks: fill the article's number placeholders from figgen's walkthrough record."""

from figgen.site import render_markdown


def on_page_markdown(markdown, page, config, files):
    return render_markdown(markdown, page.file.src_uri)

"""The adapters' shared side: what the mkdocs-gen-files script and the mkdocs hooks call."""

from __future__ import annotations

import logging
from typing import Any, Callable, IO

from figgen.build import BuildSettings, build
from figgen.prose import fill_placeholders
from figgen.walkthrough import compute_walkthrough

# Under mkdocs' logger, so lines show as "INFO - figgen: ..." and obey `mkdocs build -q`.
LOG = logging.getLogger("mkdocs.plugins.figgen")

# A page outside the article's navigation (`not_in_nav` in mkdocs.yml) with the build times.
TIMINGS_PAGE = "timings.md"


def generate_site_files(open_file: Callable[..., IO[Any]], settings: BuildSettings = BuildSettings()) -> None:
    """Build everything (from the cache where possible) and hand each file to `open_file`
    (mkdocs_gen_files.open), plus the build-times page."""
    report = build(settings, log=LOG.info)
    for rel, data in report.files.items():
        with open_file(rel, "wb") as f:
            f.write(data)
    with open_file(TIMINGS_PAGE, "w") as f:
        f.write(report.markdown())


def render_markdown(markdown: str, page_path: str, settings: BuildSettings = BuildSettings()) -> str:
    """Fill the page's placeholders from the walkthrough record."""
    return fill_placeholders(markdown, compute_walkthrough(settings.walkthrough), where=page_path)

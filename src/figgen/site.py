"""The adapters' shared side: what the mkdocs-gen-files script and the mkdocs hooks call."""

from __future__ import annotations

from typing import Any, Callable, IO

from figgen.build import BuildSettings, build_outputs
from figgen.prose import fill_placeholders
from figgen.walkthrough import compute_walkthrough


def generate_site_files(open_file: Callable[..., IO[Any]], settings: BuildSettings = BuildSettings()) -> None:
    """Build everything and hand each file to `open_file` (mkdocs_gen_files.open)."""
    for rel, data in build_outputs(settings).items():
        with open_file(rel, "wb") as f:
            f.write(data)


def render_markdown(markdown: str, page_path: str, settings: BuildSettings = BuildSettings()) -> str:
    """Fill the page's placeholders from the walkthrough record."""
    return fill_placeholders(markdown, compute_walkthrough(settings.walkthrough), where=page_path)

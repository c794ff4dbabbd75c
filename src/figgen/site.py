"""The adapters' shared side: what the mkdocs-gen-files script and the mkdocs hooks call."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import Any, Callable, IO

from figgen.build import BuildSettings, build
from figgen.prose import PlaceholderError, fill_placeholders
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


class TrainingRuns(Mapping[str, Any]):
    """The article's training runs by name, each trained the first time it is read."""

    @property
    def _configs(self) -> dict[str, Any]:
        try:
            from figgen.train import ARTICLE_RUNS
        except ImportError as exc:  # the animations' code has not landed in this checkout
            raise PlaceholderError(f"training runs are not available: {exc}") from None
        return {config.name: config for config in ARTICLE_RUNS}

    def __getitem__(self, name: str) -> Any:
        return _train(self._configs[name])

    def __iter__(self) -> Iterator[str]:
        return iter(self._configs)

    def __len__(self) -> int:
        return len(self._configs)


@lru_cache(maxsize=None)
def _train(config: Any) -> Any:
    from figgen.train import train

    return train(config)


def render_markdown(
    markdown: str,
    page_path: str,
    settings: BuildSettings = BuildSettings(),
    *,
    site_url: str = "",
    repo_url: str = "",
) -> str:
    """Fill the page's placeholders: values from the record, the gradient check, the
    training runs and the provenance; blocks for figures, animations and the citation."""
    from figgen.article import LICENCES, ArticleBlocks
    from figgen.figures import load_all
    from figgen.gradcheck import check_walkthrough
    from figgen.provenance import collect

    record = compute_walkthrough(settings.walkthrough)
    gradcheck = check_walkthrough(settings.walkthrough)
    provenance = collect(settings.walkthrough)
    runs = TrainingRuns()
    blocks = ArticleBlocks(
        record=record, figures=load_all(), gradcheck=gradcheck, provenance=provenance,
        site_url=site_url, runs=lambda: runs,
    )
    namespaces = {
        "config": settings.walkthrough,
        "gradcheck": gradcheck,
        "provenance": provenance,
        "train": runs,
        "site": {"url": site_url.rstrip("/"), "repo_url": repo_url.rstrip("/")},
        "licence": LICENCES,
    }
    return fill_placeholders(
        markdown, record, where=page_path, namespaces=namespaces, functions=blocks.functions()
    )


def render_html(page_html: str, page_path: str) -> str:
    """Turn the page's LaTeX into MathML (after Markdown has become HTML)."""
    from figgen.mathml import render_math

    return render_math(page_html, where=page_path)

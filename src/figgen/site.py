"""The adapters' shared side: what the mkdocs-gen-files script and the mkdocs hooks call."""

from __future__ import annotations

import functools
import hashlib
import logging
from collections.abc import Iterator, Mapping
from typing import Any, Callable, IO

from figgen.build import BuildSettings, build

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
    from figgen.claims import report_markdown as claims_section

    with open_file(TIMINGS_PAGE, "w") as f:
        f.write(report.markdown() + claims_section(report.files))  # the claims and their verdicts


class TrainingRuns(Mapping[str, Any]):
    """The article's training runs by name (figgen.train.TrainResult), read on first use from
    the build cache, which the animations' build has filled: the prose never retrains."""

    def __init__(self, settings: BuildSettings) -> None:
        self._configs = {config.name: config for config in settings.training}
        self._results: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._results:
            from figgen.build import cached, training_value

            self._results[name] = cached(training_value(self._configs[name]))
        return self._results[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._configs)

    def __len__(self) -> int:
        return len(self._configs)


def render_markdown(
    markdown: str,
    page_path: str,
    settings: BuildSettings = BuildSettings(),
    *,
    site_url: str = "",
    repo_url: str = "",
) -> str:
    """Fill the page's placeholders: values from the record, the gradient check, the
    training runs and the provenance; blocks for figures, animations and the citation.

    The filled page is cached (figgen.cache) by its text, figgen's source, the settings and
    the provenance (the checkout's commit and state): a warm build fills nothing.
    """
    if "{{" not in markdown:  # no placeholder (the timings page): nothing to compute
        return markdown
    from figgen.build import Value, cached, figure_modules
    from figgen.provenance import collect

    inputs = (page_path, _digest(markdown), site_url, repo_url, settings, collect(settings.walkthrough))
    fill = functools.partial(_fill_page, markdown, page_path, settings, site_url, repo_url)
    # figgen.site imports nearly all of figgen; the figure modules (alt texts, captions) it
    # reaches only through the registry, so they are named here
    modules = ("figgen.site",) + figure_modules()
    return cached(Value(f"pages/{page_path}", modules=modules, config=inputs, compute=fill))


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _fill_page(markdown: str, page_path: str, settings: BuildSettings, site_url: str, repo_url: str) -> str:
    from figgen.article import LICENCES, ArticleBlocks
    from figgen.claims import ORIGINAL, PageClaims, experiment_commands
    from figgen.build import figure_infos
    from figgen.facts import collect_facts
    from figgen.gradcheck import check_walkthrough
    from figgen.provenance import collect
    from figgen.prose import fill_placeholders
    from figgen.walkthrough import compute_walkthrough

    record = compute_walkthrough(settings.walkthrough)
    gradcheck = check_walkthrough(settings.walkthrough)
    provenance = collect(settings.walkthrough)
    runs = TrainingRuns(settings)
    blocks = ArticleBlocks(
        record=record, figures=figure_infos(settings), gradcheck=gradcheck, provenance=provenance,
        site_url=site_url, runs=lambda: runs,
    )
    namespaces = {
        "config": settings.walkthrough,
        "facts": collect_facts(record),
        "gradcheck": gradcheck,
        "provenance": provenance,
        "train": runs,
        "site": {"url": site_url.rstrip("/"), "repo_url": repo_url.rstrip("/")},
        "licence": LICENCES,
        # the sentences that depend on computed results, as figgen.claims found them true
        "claims": PageClaims(settings.walkthrough, settings.training),
        "experiments": experiment_commands(),
        "original": ORIGINAL,
    }
    return fill_placeholders(
        markdown, record, where=page_path, namespaces=namespaces, functions=blocks.functions()
    )


def render_html(page_html: str, page_path: str) -> str:
    """Turn the page's LaTeX into MathML (after Markdown has become HTML); cached by the
    HTML and figgen.mathml's source."""
    if 'class="arithmatex"' not in page_html:  # what figgen.mathml's patterns all start from
        return page_html
    from figgen.build import Value, cached

    convert = functools.partial(_math, page_html, page_path)
    return cached(Value(f"pages/{page_path}.html", modules=("figgen.mathml",), config=(page_path, _digest(page_html)), compute=convert))


def _math(page_html: str, page_path: str) -> str:
    from figgen.mathml import render_math

    return render_math(page_html, where=page_path)

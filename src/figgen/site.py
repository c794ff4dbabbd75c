"""The site's side of figgen: what the MkDocs adapter (figgen.mkdocs_plugin) calls.

`write_generated_files` hands a build's files to mkdocs-gen-files;
`render_markdown` fills a page's placeholders and `render_html` turns its LaTeX into MathML.
All three read and fill the build cache of the site's project folder, so a warm build
computes nothing. Nothing here imports MkDocs.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterator, Mapping
from typing import Any, Callable, IO

from figgen.build import BuildReport, Planner, Value, registry_value, training_value, wheel_value
from figgen.cache import Call
from figgen.config import BuildSettings

from figgen.i18n import localized

# The theme's words that mkdocs.yml sets for the English pages (markdown_extensions: toc: title),
# in each page's language (figgen.mkdocs_plugin sets them per page).
THEME_TEXT: Mapping[str, str] = localized("site", {"toc_title": "On this page"})

# A page outside the article's navigation (`not_in_nav` in mkdocs.yml) with the build times.
TIMINGS_PAGE = "timings.md"


def write_generated_files(open_file: Callable[..., IO[Any]], report: BuildReport, stale: Any = ()) -> None:
    """Hand each file of a build to `open_file` (mkdocs_gen_files.open), plus the build-times
    page, with the claims and the translated sections older than their English ones (`stale`,
    figgen.translations.Status)."""
    for rel, data in report.files.items():
        with open_file(rel, "wb") as f:
            f.write(data)
    from figgen.claims import report_markdown as claims_section

    with open_file(TIMINGS_PAGE, "w") as f:
        from figgen.translations import report_markdown as translations_section

        # the claims and their verdicts, then the stale translations
        f.write(report.markdown() + claims_section(report.files) + translations_section(list(stale)))


class TrainingRuns(Mapping[str, Any]):
    """The article's training runs by name (figgen.train.TrainResult), in settings order."""

    def __init__(self, runs: tuple[Any, ...]) -> None:
        self._runs = {run.config.name: run for run in runs}

    def __getitem__(self, name: str) -> Any:
        return self._runs[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._runs)

    def __len__(self) -> int:
        return len(self._runs)


def render_markdown(
    markdown: str,
    page_path: str,
    settings: BuildSettings,
    planner: Planner,
    *,
    site_url: str = "",
    repo_url: str = "",
    first_line: int = 1,
    published: Mapping[str, bytes] | None = None,
    root: str = "",
) -> str:
    """Fill the page's placeholders: values from the record, the gradient check, the
    training runs and the provenance; blocks for figures, animations and the citation.

    `published` is this build's files ({site path: bytes}): the citation's checksums are of
    those bytes. `root` is the site's root seen from the page ("" for a page at the root,
    "../" for es/): the raw HTML's links to the shared files start with it. The page's
    language comes from its file name (figgen.i18n.page_language: index.es.md is Spanish). The filled page is cached by its text, figgen's source, the settings, the
    provenance (the project's commit and state), the published version, those checksums and
    the keys of the figure registry and the training runs it reads: a warm build fills nothing.
    """
    if "{{" not in markdown:  # no placeholder (the timings page): nothing to compute
        return markdown
    from figgen.article import safe_url
    from figgen.provenance import collect
    from figgen.publish import edition

    provenance = collect(settings.walkthrough, planner.project)
    version = edition(safe_url(site_url))
    checksums = published_checksums(published or {})
    registry = registry_value(settings.walkthrough)
    runs = tuple(training_value(config) for config in settings.training)
    drawn = figure_boxes(published or {}, settings)  # where each figure drew each number
    variants = language_variants(published or {})
    arguments = (markdown, page_path, settings, site_url, repo_url, provenance, first_line, version,
                 tuple(checksums.items()), drawn, root, variants)
    fill = Call("figgen.site:fill_page", arguments)
    from figgen.build import claims_values  # the runs the claims quote besides the article's

    quoted = claims_values(settings.training)[1]
    from figgen.i18n import CATALOGUES  # the page's sentences in its language

    return planner.value(Value(f"pages/{page_path}", compute=fill, needs=(registry, wheel_value(), *runs, *quoted),
                               loads=CATALOGUES))


def relative_alternates(alternates: list[dict[str, Any]], site_url: str) -> list[dict[str, Any]]:
    """The language switcher's entries, each linking its language's root relative to the
    site's root ("./", "es/"), which the theme makes relative to the page.

    mkdocs-static-i18n writes some links as absolute paths from `site_url`
    ("/backprop-by-the-numbers/es/"), which lose the version folder mike deploys to
    ("/backprop-by-the-numbers/0.1.0/es/"), and others as the page's own translation
    ("es/data-files/"). The theme fetches sitemap.xml beside every link (there is one per
    language root) and sends the reader to the current page's translation from it; so each
    link is its language's root, inside the site."""
    from figgen.i18n import DEFAULT

    out = []
    for entry in alternates:
        lang = str(entry.get("lang", ""))
        link = str(entry.get("link", ""))
        if "://" in link and not link.startswith(site_url):
            out.append(dict(entry))  # another site: left as it is
            continue
        out.append({**entry, "link": "./" if lang == DEFAULT else f"{lang}/"})
    return out


def published_checksums(published: Mapping[str, bytes]) -> dict[str, str]:
    """{site path: sha256} of the files the citation lists (figgen.publish.CITED_FILES and the
    wheel of figgen), from the bytes this build publishes."""
    from figgen.publish import CITED_FILES

    wheels = sorted(path for path in published if path.startswith("downloads/") and path.endswith(".whl"))
    return {
        path: hashlib.sha256(published[path]).hexdigest() for path in (*CITED_FILES, *wheels) if path in published
    }


def language_variants(published: Mapping[str, bytes]) -> tuple[str, ...]:
    """The stems of the figures' language variants this build made ("overview-es"), sorted."""
    from figgen.i18n import LANGUAGES

    suffixes = tuple(f"-{lang}.svg" for lang in LANGUAGES[1:])
    return tuple(sorted(path[len("figures/"):-len(".svg")] for path in published
                        if path.startswith("figures/") and path.endswith(suffixes)))


def figure_boxes(published: Mapping[str, bytes], settings: BuildSettings) -> tuple[tuple[str, str], ...]:
    """Where each figure layout of this build drew each number (figgen.explore.figure_layouts)."""
    from figgen.explore import figure_layouts
    from figgen.walkthrough import compute_walkthrough

    if not any(path.endswith(".drawn.json") for path in published):
        return ()
    # every page of each edition asks, in the markdown and the HTML pass: work it out once
    # per build's files (the same object for both editions of one build)
    last = _BOXES.get("last")
    if last is not None and last[0] is published and last[1] == settings.walkthrough:
        return last[2]
    boxes = figure_layouts(published, compute_walkthrough(settings.walkthrough))
    _BOXES["last"] = (published, settings.walkthrough, boxes)
    return boxes


_BOXES: dict[str, tuple[Mapping[str, bytes], Any, tuple[tuple[str, str], ...]]] = {}


def _in_page_language(fill: Callable[..., str]) -> Callable[..., str]:
    """`fill(markdown, page_path, ...)` run in the page's language: a Spanish page needs every
    template figgen writes in Spanish (figgen.i18n), checked before anything is filled."""

    @functools.wraps(fill)
    def in_language(markdown: str, page_path: str, *args: Any) -> str:
        from figgen.i18n import check_complete, page_language, using

        lang = page_language(page_path)
        check_complete(lang)
        with using(lang):
            return fill(markdown, page_path, *args)

    return in_language


@_in_page_language
def fill_page(
    markdown: str,
    page_path: str,
    settings: BuildSettings,
    site_url: str,
    repo_url: str,
    provenance: Any,
    first_line: int,
    version: Any,
    checksums: tuple[tuple[str, str], ...],
    drawn: tuple[tuple[str, str], ...],
    root: str,
    variants: tuple[str, ...],
    manifest: dict[str, dict[str, Any]],
    wheel: Any,
    *runs: Any,
) -> str:
    """The page's Markdown with every placeholder filled (see figgen.prose), in its language."""
    from figgen.article import LICENCES, ArticleBlocks, safe_url
    from figgen.build import figure_infos
    from figgen.facts import collect_facts
    from figgen.gradcheck import check_walkthrough
    from figgen.prose import fill_placeholders
    from figgen.walkthrough import compute_walkthrough
    from figgen.wheel import describe

    from figgen.claims import ORIGINAL, PageClaims, experiment_commands, quoted_runs

    runs, quoted = runs[: len(settings.training)], runs[len(settings.training):]
    record = compute_walkthrough(settings.walkthrough)
    gradcheck = check_walkthrough(settings.walkthrough)
    training = TrainingRuns(runs)
    blocks = ArticleBlocks(
        record=record, figures=figure_infos(manifest), gradcheck=gradcheck, provenance=provenance,
        site_url=site_url, runs=lambda: training, edition=version, checksums=dict(checksums),
        drawn=dict(drawn), root=root, variants=frozenset(variants),
    )
    namespaces = {
        "config": settings.walkthrough,
        "facts": collect_facts(record),
        "gradcheck": gradcheck,
        "provenance": provenance,
        "train": training,
        "site": {"url": safe_url(site_url.rstrip("/")), "repo_url": safe_url(repo_url.rstrip("/"))},
        "licence": LICENCES,
        "package": describe(wheel),  # the wheel of this figgen, shipped with the site
        # the sentences that depend on computed results, as figgen.claims finds them true
        "claims": PageClaims(settings.walkthrough, runs, [key for key, _, _ in quoted_runs(settings.training)], quoted),
        "experiments": experiment_commands(),
        "original": ORIGINAL,
    }
    return fill_placeholders(
        markdown, record, where=page_path, first_line=first_line, namespaces=namespaces, functions=blocks.functions()
    )


def render_html(page_html: str, page_path: str, planner: Planner) -> str:
    """Turn the page's LaTeX into MathML and mark its named quantities (figgen.explore), after
    Markdown has become HTML; cached by the HTML, figgen's source and latex2mathml's version."""
    if 'class="arithmatex"' not in page_html:  # what figgen.mathml's patterns all start from
        return page_html
    return planner.value(Value(f"pages/{page_path}.html", compute=Call("figgen.explore:render_html", (page_html, page_path))))


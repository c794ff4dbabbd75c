"""The article's block placeholders: figures, animations, value blocks, tables, the citation.

Each public method of `ArticleBlocks` is a function the Markdown can call as
``{{ name(args) }}`` (see figgen.prose). It returns Markdown or raw HTML built from the
walkthrough record, the figure registry, the training runs, the gradient check and the
provenance, so every number it writes comes from the code. One instance renders one page:
it numbers the page's figures in order of appearance.
"""

from __future__ import annotations

import html
import textwrap
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from figgen.gradcheck import PARAM_NAMES, GradientCheck
from figgen.i18n import localized
from figgen.latex import matrix, numpy_source, symbol
from figgen.prose import RUN_RATES, WORKED_RATE, PlaceholderError, format_value
from figgen.provenance import Provenance
from figgen.publish import CITED_FILES, Edition
from figgen.walkthrough import VALUE_NAMES, Walkthrough

ARTICLE_TITLE = "Backprop by the Numbers"
ARTICLE_SUBTITLE = "How a small neural network learns XOR, one number at a time"
AUTHORS = "The Backprop by the Numbers contributors"
# The licences, as the page names them (LICENSE and LICENSE-CONTENT at the repository root).
LICENCES: dict[str, str] = {
    "code": "MIT",
    "content": "Creative Commons Attribution 4.0 International",
    "content_short": "CC BY 4.0",
    "content_url": "https://creativecommons.org/licenses/by/4.0/",
}

# -- every sentence this module writes (one template each, translated in figgen.es) ----------
TEXT: Mapping[str, str] = localized("article", {
    "title": ARTICLE_TITLE,  # the edition's title, as its citation names it
    "subtitle": ARTICLE_SUBTITLE,
    "cite_version": "version {version}",  # after the title, for a release
    "cite_dev_version": "development version after figgen {version}",  # after the title, for "dev"
    "cite_numbers": "Numbers computed by {version_text}.",
    "cite_data": "Data files (SHA-256): {files}.",  # BibTeX note: "path digest, path digest"
    "cite_original": "Re-creates Omar U. Florez, One LEGO at a time: Explaining the Math of How Neural Networks Learn.",
    "dev_title": "A development version",
    "dev_warning": (
        "These pages follow the main branch and are rebuilt with every change, so their numbers "
        "may differ tomorrow. To cite numbers that stay put, cite a release: pick one in the "
        "version menu at the top of the page."
    ),
    "checksums_intro": "The data files of this version and their SHA-256 checksums:",
    "checksums_verify": "To check a download, compare its checksum with the one above:",
    "checksums_head": "| file | SHA-256 |",
    "figure": "Figure {n}",
    "animation": "Animation {n}",
    "and": "and",
    "gradcheck_head": "| gradient | entries | largest difference | relative error |",
    "gradcheck_title": "Both gradients as text",
    "gradcheck_intro": "From `backward` (analytic) and from central differences of the loss (numeric), at full precision:",
    "commit": "from commit `{commit}`",
    "commit_dirty": "from commit `{commit}` with uncommitted changes",
    "no_commit": "outside a git checkout",
    "uncommitted": "with uncommitted changes",
    "provenance": ("Built with figgen {figgen}, numpy {numpy} and Python {python}, {commit}. Seeds: data "
                   "`RandomState({data_seed})`, weights `RandomState({weight_seed})`."),
})


def safe_url(url: str) -> str:
    """A URL from a setting (site_url, repo_url) with every character that could end an
    HTML attribute, a Markdown link or a tag percent-encoded (``<script>`` becomes
    ``%3Cscript%3E``): what it puts into the page is a URL and nothing else."""
    from urllib.parse import quote

    return quote(url, safe=":/?#[]@!$&'()*+,;=%~")


# Narrow screens get a figure's phone layout (figgen.figures.PHONE) where it has one. At 640 px
# and wider the article column is at least 608 px, where the wide layout (701 px, 9 pt
# smallest text) still shows its smallest text at 10 CSS px or more.
PHONE_MEDIA = "(max-width: 640px)"


def _layout_names(spec: Any) -> tuple[str, ...]:
    """The layout names of a figure, from a FigureSpec (Layout objects) or a build FigureInfo."""
    return tuple(getattr(layout, "name", layout) for layout in getattr(spec, "layouts", ("wide",)))


def _indent(text: str) -> str:
    """Indent a block by four spaces, to sit inside an admonition or details block."""
    return textwrap.indent(text, "    ")


@dataclass
class ArticleBlocks:
    """The block functions of one page, with what they draw from."""

    record: Walkthrough
    figures: Mapping[str, Any]  # stem -> FigureSpec (figgen.figures.load_all())
    gradcheck: GradientCheck
    provenance: Provenance
    site_url: str = ""
    runs: Callable[[], Mapping[str, Any]] | None = None  # name -> TrainResult, computed on demand
    edition: Edition | None = None  # the published version; None: the release of figgen's version at site_url
    checksums: Mapping[str, str] | None = None  # site path -> sha256 of the published bytes (CITED_FILES)
    # drawn.json path -> where that figure layout drew each number (figgen.explore.figure_layouts);
    # None: the figures carry no explanations of their numbers
    drawn: Mapping[str, str] | None = None
    # the site's root seen from the page: "" at the root, "../" under es/ (raw HTML links to
    # the shared figures, animations and downloads are not rewritten by MkDocs)
    root: str = ""
    # the figures drawn with the page language's words (figgen.render: a figure with only
    # math has no variant, and every language shows its default files)
    variants: frozenset[str] = frozenset()
    _figure_count: int = field(default=0, init=False)
    _explained: set[str] = field(default_factory=set, init=False)  # keys a figure explains already
    _homes: dict[str, int] = field(default_factory=dict, init=False)  # value -> figure listing it first
    _animation_count: int = field(default=0, init=False)

    def functions(self) -> dict[str, Callable[..., str]]:
        """The calls the Markdown may make, by name."""
        return {
            "figure": self.figure,
            "animation": self.animation,
            "values": self.values,
            "latex": self.latex,
            "parameter_count": self.parameter_count,
            "gradcheck_table": self.gradcheck_table,
            "gradcheck_details": self.gradcheck_details,
            "provenance_note": self.provenance_note,
            "walkthrough_schema": self.walkthrough_schema,
            "value_anchors": self.value_anchors,
            "training_schema": self.training_schema,
            "bibtex": self.bibtex,
            "citation": self.citation,
            "checksums": self.checksums_table,
            "checksum_commands": self.checksum_commands,
        }

    # -- figures ---------------------------------------------------------------------------

    def figure(self, stem: str, values: list[str] | tuple[str, ...] = (), caption: str = "") -> str:
        """A figure in both themes, zoomable, with a numbered caption and the anchor #fig-<stem>.

        `values` names the record fields the figure shows; they are repeated as text in a
        collapsible block under it. `caption` replaces the registry's caption. A figure that
        draws numbers of the record carries, for figgen-explore.js, where it drew each and
        how each was computed (figgen.explore).
        """
        if stem not in self.figures:
            known = ", ".join(self.figures) or "(none registered yet)"
            raise PlaceholderError(f"unknown figure {stem!r}; registered figures: {known}")
        spec = self.figures[stem]
        self._figure_count += 1
        anchor = f"fig-{stem}"
        alt = html.escape(self._page_tokens(spec.alt(self.record)), quote=True)
        text = html.escape(self._page_tokens(caption or spec.caption))
        files = self._files_stem(stem)
        pictures = "".join(self._figure_picture(files, _layout_names(spec), alt, theme, self.root)
                           for theme in ("light", "dark"))
        numbers = self._figure_numbers(files, _layout_names(spec))
        if numbers is None:
            block = f'<figure class="figgen-figure" id="{anchor}">\n' + pictures
        else:
            # the pictures in a box the script lays the numbers' buttons over (beside the
            # zoom links, never inside them)
            block = (f'<figure class="figgen-figure" id="{anchor}" data-figgen-values="{" ".join(numbers.values)}">\n'
                     f'<div class="figgen-figure__image">\n{pictures}</div>\n'
                     f'<script type="application/json" class="figgen-explore-data">{numbers.data}</script>\n')
        block += (f'<figcaption><a class="figgen-anchor" href="#{anchor}">{TEXT["figure"].format(n=self._figure_count)}</a>. '
                  f"{text}</figcaption>\n</figure>\n")
        if values:
            block += "\n" + self.values(*values)
        return block

    def _files_stem(self, stem: str) -> str:
        """The stem of the files the page shows: the page language's variant, if it has one."""
        from figgen.i18n import language, variant_stem

        variant = variant_stem(stem, language())
        return variant if variant in self.variants else stem

    def _figure_numbers(self, stem: str, layouts: tuple[str, ...]) -> Any:
        """The figure's numbers for figgen-explore.js (figgen.explore.FigureNumbers), or None."""
        if self.drawn is None:
            return None
        from figgen.explore import drawn_path, figure_numbers

        found = [self.drawn[path] for path in (drawn_path(stem, layout) for layout in layouts) if path in self.drawn]
        return figure_numbers(self.record, found, self._figure_count, self._explained, self.root) if found else None

    def _page_tokens(self, text: str) -> str:
        """`text` with the tokens figures leave for the page (figgen.prose.WORKED_RATE,
        RUN_RATES) filled from the record and the training runs."""
        text = text.replace(WORKED_RATE, format_value(self.record.learning_rate, "g"))
        if RUN_RATES in text:
            runs = self._runs()
            if not runs:
                raise PlaceholderError("the figure's text quotes the training runs' learning rates, but the settings define no training runs")
            rates = list(dict.fromkeys(format_value(runs[name].config.learning_rate, "g") for name in runs))
            text = text.replace(RUN_RATES, rates[0] if len(rates) == 1 else ", ".join(rates[:-1]) + f" {TEXT['and']} " + rates[-1])
        return text

    @staticmethod
    def _figure_picture(stem: str, layouts: tuple[str, ...], alt: str, theme: str, root: str = "") -> str:
        """One theme's picture of a figure: the phone layout for narrow screens (if the figure
        has one), the wide layout otherwise, wrapped in our own lightbox link to the wide one.

        The img carries mkdocs-material's #only-light / #only-dark marker, so the theme shows
        one picture. The glightbox plugin would wrap the img itself, breaking the <picture>;
        `off-glb` keeps it off, and the link here does its job (figgen.css hides the other
        theme's link, so it takes no keyboard focus).
        """
        suffix = "" if theme == "light" else ".dark"
        source = (f'<source media="{PHONE_MEDIA}" srcset="{root}figures/{stem}.phone{suffix}.svg">'
                  if "phone" in layouts else "")
        return (
            f'<a class="glightbox figgen-zoom figgen-zoom--{theme}" href="{root}figures/{stem}{suffix}.svg" '
            f'data-type="image" data-width="auto" data-height="auto" data-gallery="{theme}">'
            f'<picture>{source}<img class="off-glb" src="{root}figures/{stem}{suffix}.svg#only-{theme}" '
            f'alt="{alt}" loading="lazy"></picture></a>\n'
        )

    def animation(self, name: str) -> str:
        """A training run's animation player (figgen.player) with a numbered caption and the
        anchor #anim-<name>; the caption states the run's settings and results."""
        runs = self._runs()
        if name not in runs:
            raise PlaceholderError(f"unknown training run {name!r}; runs: {', '.join(runs)}")
        from figgen.player import player_html
        from figgen.train import caption

        run = runs[name]
        self._animation_count += 1
        anchor = f"anim-{name}"
        return (
            f'<figure class="figgen-animation" id="{anchor}">\n'
            + player_html(run, self._animation_count, root=self.root)
            + f'\n<figcaption><a class="figgen-anchor" href="#{anchor}">{TEXT["animation"].format(n=self._animation_count)}</a>. '
            f"{html.escape(caption(run))}</figcaption>\n</figure>\n"
        )

    def _runs(self) -> Mapping[str, Any]:
        if self.runs is None:
            raise PlaceholderError("no training runs are available to this page")
        return self.runs()

    # -- values as text --------------------------------------------------------------------

    def values(self, *names: str) -> str:
        """A collapsed block with the named record values: each value and each entry with an
        anchor (#v-W1, #v-W1-1-2) and its computation where it is listed first, then all as
        numpy source and as LaTeX (figgen.explore.values_block)."""
        unknown = [n for n in names if n not in VALUE_NAMES]
        if unknown:
            raise PlaceholderError(
                f"unknown walkthrough value(s) {', '.join(map(repr, unknown))}; valid names: "
                + ", ".join(VALUE_NAMES)
            )
        from figgen.explore import values_block

        return values_block(self.record, names, self._homes, self._figure_count)

    def latex(self, name: str, decimals: int = 8) -> str:
        """A record value as a LaTeX matrix (or number), to use inside $...$ or $$...$$."""
        if name not in VALUE_NAMES:
            raise PlaceholderError(f"unknown walkthrough value {name!r}; valid names: {', '.join(VALUE_NAMES)}")
        return matrix(self.record.value(name), decimals)

    # -- small facts -----------------------------------------------------------------------

    def parameter_count(self) -> str:
        """How many numbers training adjusts: the entries of W1, b1, W2 and b2."""
        r = self.record
        return str(sum(int(getattr(r, name).size) for name in ("W1", "b1", "W2", "b2")))

    # -- gradient check --------------------------------------------------------------------

    def gradcheck_table(self) -> str:
        """A Markdown table: per parameter, the largest difference and the relative error."""
        rows = [
            TEXT["gradcheck_head"],
            "|---|---|---|---|",
        ]
        for name in PARAM_NAMES:
            check = getattr(self.gradcheck, name)
            rows.append(
                f"| $\\partial L / \\partial {symbol(name)}$ | {check.analytic.size} "
                f"| {format_value(check.max_abs_diff, '.1x10')} "
                f"| {format_value(check.rel_error, '.1x10')} |"
            )
        return "\n".join(rows) + "\n"

    def gradcheck_details(self) -> str:
        """A collapsed block with both gradients of every parameter at full precision."""
        lines = ["import numpy as np", ""]
        for name in PARAM_NAMES:
            check = getattr(self.gradcheck, name)
            lines.append(f"dL_d{name}_analytic = {numpy_source(check.analytic)}")
            lines.append(f"dL_d{name}_numeric = {numpy_source(check.numeric)}")
        body = TEXT["gradcheck_intro"] + "\n\n```python\n" + "\n".join(lines) + "\n```\n"
        return f'??? note "{TEXT["gradcheck_title"]}"\n\n{_indent(body)}\n'

    # -- data files ------------------------------------------------------------------------

    def walkthrough_schema(self) -> str:
        """The keys of data/walkthrough.json, with type, shape and meaning, in file order."""
        from figgen.schema import WALKTHROUGH_KEYS, markdown_table, schema_rows
        from figgen.walkthrough import walkthrough_to_json

        try:
            rows = schema_rows(walkthrough_to_json(self.record), WALKTHROUGH_KEYS)
        except KeyError as exc:
            raise PlaceholderError(exc.args[0]) from None
        return markdown_table(rows)

    def value_anchors(self, page: str = "index.md") -> str:
        """A table of the anchors the article page `page` gives each value and entry of
        data/walkthrough.json (and the two chain-rule factors it lists under their own names)."""
        from figgen.explore import anchors_table
        from figgen.walkthrough import JSON_NAMES

        names = [n for n in VALUE_NAMES if n in JSON_NAMES or n in ("dz2_dW2", "dz1_dW1")]
        return anchors_table(self.record, page, names)

    def training_schema(self) -> str:
        """The keys of one run in data/training.json, with type, shape and meaning."""
        from figgen.schema import TRAINING_RUN_KEYS, markdown_table, schema_rows
        from figgen.train import run_to_json

        runs = [run_to_json(run) for run in self._runs().values()]
        try:
            rows = schema_rows(runs[0], TRAINING_RUN_KEYS, *runs[1:])
        except KeyError as exc:
            raise PlaceholderError(exc.args[0]) from None
        return markdown_table(rows)

    # -- provenance and citation -----------------------------------------------------------

    def provenance_note(self) -> str:
        """One paragraph: versions, seeds and commit this build used."""
        p = self.provenance
        commit = (TEXT["commit_dirty" if p.dirty else "commit"].format(commit=p.short_commit)
                  if p.short_commit else TEXT["no_commit"])
        return TEXT["provenance"].format(
            figgen=p.figgen_version, numpy=p.numpy_version, python=p.python_version, commit=commit,
            data_seed=p.data_seed, weight_seed=p.weight_seed) + "\n"

    def _edition(self) -> Edition:
        if self.edition is not None:
            return self.edition
        from figgen.publish import edition

        return edition(safe_url(self.site_url), environ={})

    def _digests(self) -> list[tuple[str, str]]:
        """(site path, sha256) of each cited file, in CITED_FILES order; every one must be known."""
        known = self.checksums or {}
        missing = [path for path in CITED_FILES if path not in known]
        if missing:
            raise PlaceholderError(
                f"no checksum for {', '.join(missing)}: the page needs the bytes the build published "
                "(figgen.site.render_markdown(..., files=MkDocs' files))"
            )
        # the data files first, then what else the build cites (the wheel of figgen)
        return [(path, known[path]) for path in CITED_FILES] + [(p, d) for p, d in known.items() if p not in CITED_FILES]

    def bibtex(self) -> str:
        """A BibTeX entry naming the version, the commit, the versioned URL and the data's SHA-256."""
        p, e = self.provenance, self._edition()
        year = p.date[:4]
        title = f"{TEXT['title']}: {TEXT['subtitle'].replace('XOR', '{XOR}')}"
        files = ", ".join(f"{path}\0{digest}" for path, digest in self._digests())  # \0: kept on one line
        note = TEXT["cite_numbers"].format(version_text=p.version_text) + " " + TEXT["cite_data"].format(files=files)
        if not e.released:
            dev = TEXT["cite_dev_version"].format(version=e.figgen_version)
            note = dev[:1].upper() + dev[1:] + ". " + note
        note += " " + TEXT["cite_original"]
        fields = [
            ("title", title),
            ("author", f"{{{AUTHORS}}}"),  # braces: a group, not first and last names
            ("year", year),
            ("version", e.figgen_version if e.released else f"{e.label} ({e.figgen_version})"),
            ("note", note),
        ]
        if e.url:
            fields.append(("url", e.url))
        key = f"backprop_by_the_numbers_{e.label.replace('.', '_')}"
        # "..." delimiters: the author group's braces then never double up into "{{".
        # one field per line, long values wrapped (BibTeX reads a line break as a space)
        body = ",\n".join(
            textwrap.fill(f'  {name} = "{value}"', width=76, subsequent_indent="    ",
                          break_long_words=False, break_on_hyphens=False).replace("\0", " ")
            for name, value in fields
        )
        return f"```bibtex\n@misc{{{key},\n{body}\n}}\n```\n"

    def citation(self) -> str:
        """A plain-text citation naming the version, the commit and the version's own URL
        (for the development version, after a warning that its numbers move)."""
        p, e = self.provenance, self._edition()
        version = TEXT["cite_version" if e.released else "cite_dev_version"].format(version=e.figgen_version)
        url = f" <{e.url}>" if e.url else ""
        text = (
            f"{AUTHORS} ({p.date[:4]}). *{TEXT['title']}: {TEXT['subtitle']}*, {version}. "
            f"{TEXT['cite_numbers'].format(version_text=p.version_text)}{url}\n"
        )
        if not e.released:
            text = f'!!! warning "{TEXT["dev_title"]}"\n\n{_indent(TEXT["dev_warning"])}\n\n' + text
        return text

    def checksums_table(self) -> str:
        """The cited files, each a download link, with its SHA-256 (as published by this build)."""
        rows = [TEXT["checksums_intro"], "", TEXT["checksums_head"], "|---|---|"]
        for path, digest in self._digests():
            name = path.rsplit("/", 1)[-1]
            rows.append(f'| [`{path}`]({path}){{ download="{name}" }} | <code class="figgen-digest">{digest}</code> |')
        return "\n".join(rows) + "\n"

    def checksum_commands(self) -> str:
        """Shell lines that check downloaded files against this build's SHA-256 (sha256sum)."""
        lines = [f"echo \"{digest}  {path.rsplit('/', 1)[-1]}\" | sha256sum --check" for path, digest in self._digests()]
        return f"{TEXT['checksums_verify']}\n\n```sh\n" + "\n".join(lines) + "\n```\n"

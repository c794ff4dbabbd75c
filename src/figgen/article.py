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
from figgen.latex import matrix, numpy_source, symbol
from figgen.prose import PlaceholderError, format_value
from figgen.provenance import Provenance
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


def safe_url(url: str) -> str:
    """A URL from a setting (site_url, repo_url) with every character that could end an
    HTML attribute, a Markdown link or a tag percent-encoded (``<script>`` becomes
    ``%3Cscript%3E``): what it puts into the page is a URL and nothing else."""
    from urllib.parse import quote

    return quote(url, safe=":/?#[]@!$&'()*+,;=%~")


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
    _figure_count: int = field(default=0, init=False)
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
            "training_schema": self.training_schema,
            "bibtex": self.bibtex,
            "citation": self.citation,
        }

    # -- figures ---------------------------------------------------------------------------

    def figure(self, stem: str, values: list[str] | tuple[str, ...] = (), caption: str = "") -> str:
        """A figure in both themes, zoomable, with a numbered caption and the anchor #fig-<stem>.

        `values` names the record fields the figure shows; they are repeated as text in a
        collapsible block under it. `caption` replaces the registry's caption.
        """
        if stem not in self.figures:
            known = ", ".join(self.figures) or "(none registered yet)"
            raise PlaceholderError(f"unknown figure {stem!r}; registered figures: {known}")
        spec = self.figures[stem]
        self._figure_count += 1
        anchor = f"fig-{stem}"
        alt = html.escape(spec.alt(self.record), quote=True)
        text = html.escape(caption or spec.caption)
        block = (
            f'<figure class="figgen-figure" id="{anchor}">\n'
            f'<img src="figures/{stem}.svg#only-light" alt="{alt}" loading="lazy" data-gallery="light">\n'
            f'<img src="figures/{stem}.dark.svg#only-dark" alt="{alt}" loading="lazy" data-gallery="dark">\n'
            f'<figcaption><a class="figgen-anchor" href="#{anchor}">Figure {self._figure_count}</a>. '
            f"{text}</figcaption>\n</figure>\n"
        )
        if values:
            block += "\n" + self.values(*values)
        return block

    def animation(self, name: str) -> str:
        """A training run's animation in both themes, the final frame for reduced motion.

        Readers who ask their system for reduced motion get the still final frame through a
        <picture> source; the caption states the run's settings and results.
        """
        runs = self._runs()
        if name not in runs:
            raise PlaceholderError(f"unknown training run {name!r}; runs: {', '.join(runs)}")
        from figgen.train import alt_text, caption

        run = runs[name]
        self._animation_count += 1
        anchor = f"anim-{name}"
        text = caption(run)
        alt = html.escape(alt_text(run), quote=True)
        pictures = []
        for suffix, only in (("", "only-light"), (".dark", "only-dark")):
            pictures.append(
                f'<picture>'
                f'<source media="(prefers-reduced-motion: reduce)" srcset="animations/{name}.final{suffix}.png">'
                f'<img class="off-glb" src="animations/{name}{suffix}.gif#{only}" alt="{alt}" loading="lazy">'
                f"</picture>"
            )
        return (
            f'<figure class="figgen-animation" id="{anchor}">\n'
            + "\n".join(pictures)
            + f'\n<figcaption><a class="figgen-anchor" href="#{anchor}">Animation {self._animation_count}</a>. '
            f"{html.escape(text)}</figcaption>\n</figure>\n"
        )

    def _runs(self) -> Mapping[str, Any]:
        if self.runs is None:
            raise PlaceholderError("no training runs are available to this page")
        return self.runs()

    # -- values as text --------------------------------------------------------------------

    def values(self, *names: str) -> str:
        """A collapsed block with the named record values as numpy source and as LaTeX."""
        unknown = [n for n in names if n not in VALUE_NAMES]
        if unknown:
            raise PlaceholderError(
                f"unknown walkthrough value(s) {', '.join(map(repr, unknown))}; valid names: "
                + ", ".join(VALUE_NAMES)
            )
        numpy_lines = ["import numpy as np", ""] + [
            f"{name} = {numpy_source(self.record.value(name))}" for name in names
        ]
        latex_lines = [f"{symbol(name)} = {matrix(self.record.value(name))}" for name in names]
        body = (
            "As numpy (full precision, the same numbers as `data/walkthrough.json`):\n\n"
            "```python\n" + "\n".join(numpy_lines) + "\n```\n\n"
            "As LaTeX (8 decimals, as in the figure):\n\n"
            "```latex\n" + "\n".join(latex_lines) + "\n```\n"
        )
        return f'??? note "Values as text: {", ".join(names)}"\n\n{_indent(body)}\n'

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
            "| gradient | entries | largest difference | relative error |",
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
        body = (
            "From `backward` (analytic) and from central differences of the loss (numeric), "
            "at full precision:\n\n```python\n" + "\n".join(lines) + "\n```\n"
        )
        return f'??? note "Both gradients as text"\n\n{_indent(body)}\n'

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
        commit = (
            f"from commit `{p.short_commit}`" + (" with uncommitted changes" if p.dirty else "")
            if p.short_commit
            else "outside a git checkout"
        )
        return (
            f"Built with figgen {p.figgen_version}, numpy {p.numpy_version} and Python "
            f"{p.python_version}, {commit}. Seeds: data `RandomState({p.data_seed})`, weights "
            f"`RandomState({p.weight_seed})`.\n"
        )

    def _url(self) -> str:
        return safe_url(self.site_url or "")

    def bibtex(self) -> str:
        """A BibTeX entry naming the figgen version (and commit) the numbers belong to."""
        p = self.provenance
        year = p.date[:4]
        fields = [
            ("title", f"{ARTICLE_TITLE}: {ARTICLE_SUBTITLE.replace('XOR', '{XOR}')}"),
            ("author", f"{{{AUTHORS}}}"),  # braces: a group, not first and last names
            ("year", year),
            ("version", p.figgen_version),
            ("note", f"Numbers computed by {p.version_text}; re-creates Omar U. Florez, "
                     "One LEGO at a time: Explaining the Math of How Neural Networks Learn"),
        ]
        if self._url():
            fields.append(("url", self._url()))
        key = f"backprop_by_the_numbers_{year}"
        # "..." delimiters: the author group's braces then never double up into "{{".
        body = ",\n".join(f'  {name} = "{value}"' for name, value in fields)
        return f"```bibtex\n@misc{{{key},\n{body}\n}}\n```\n"

    def citation(self) -> str:
        """A plain-text citation naming the figgen version (and commit)."""
        p = self.provenance
        url = f" {self._url()}" if self._url() else ""
        return (
            f"{AUTHORS} ({p.date[:4]}). *{ARTICLE_TITLE}: {ARTICLE_SUBTITLE}*. "
            f"Numbers computed by {p.version_text}.{url}\n"
        )

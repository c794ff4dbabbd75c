"""The one mechanism for numbers in the prose: placeholders, their errors, and the rule that
no decimal number is typed into docs/ by hand."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from figgen.article import ArticleBlocks
from figgen.figures import FigureSpec
from figgen.gradcheck import check_walkthrough
from figgen.latex import matrix, numpy_source, symbol
from figgen.mathml import MathError, render_math
from figgen.prose import PlaceholderError, fill_placeholders, format_value
from figgen.provenance import collect
from figgen.walkthrough import compute_walkthrough

DOCS = Path(__file__).resolve().parents[1] / "docs"
DECIMAL = re.compile(r"\d+\.\d+")
PLACEHOLDER = re.compile(r"\{\{.*?\}\}")


def typed_decimals(markdown: str) -> list[tuple[int, str]]:
    """(line number, decimal) for every decimal number outside the {{ }} placeholders."""
    found = []
    for number, line in enumerate(markdown.splitlines(), start=1):
        found += [(number, m[0]) for m in DECIMAL.finditer(PLACEHOLDER.sub("", line))]
    return found


def test_the_decimal_scanner_finds_typed_numbers_and_ignores_placeholders():
    text = "h2 is {{ h2[0, 1]:.4f }} here\nbut 0.45414264 was typed\nversion 3.11 too"
    assert typed_decimals(text) == [(2, "0.45414264"), (3, "3.11")]


def test_no_decimal_number_is_typed_into_docs():
    pages = sorted(DOCS.rglob("*.md"))
    assert pages, "no Markdown found under docs/"
    typed = [f"{page.relative_to(DOCS)}:{line}: {number}"
             for page in pages for line, number in typed_decimals(page.read_text())]
    assert not typed, "decimal numbers typed by hand (use a {{ placeholder }}):\n" + "\n".join(typed)


@pytest.fixture(scope="module")
def record():
    return compute_walkthrough()


def _fake_figure(stem: str) -> FigureSpec:
    return FigureSpec(stem=stem, draw=lambda r, t: None, alt=lambda r: f"{stem} shows [0.5, 1] & <x>",
                      caption=f"The {stem} figure.")


@pytest.fixture()
def blocks(record):
    return ArticleBlocks(record=record, figures={"z1": _fake_figure("z1"), "h1": _fake_figure("h1")},
                         gradcheck=check_walkthrough(), provenance=collect(), site_url="https://x.test/")


def fill(text, record, blocks=None, **namespaces):
    return fill_placeholders(text, record, where="page.md", namespaces=namespaces,
                             functions=blocks.functions() if blocks else None)


def test_values_indexes_and_specs(record):
    assert fill("{{ loss }}", record) == format(record.loss, ".8f")
    assert fill("{{ h2[0, 1]:.4f }}", record) == format(record.h2[0, 1], ".4f")
    assert fill("{{h2[0,1]}}", record) == format(record.h2[0, 1], ".8f")
    assert fill("{{ learning_rate:g }}", record) == format(record.learning_rate, "g")
    assert fill("{{ W1[1] }}", record) == "[" + ", ".join(f"{v:.8f}" for v in record.W1[1]) + "]"


def test_times_ten_spec():
    assert format_value(0.000123, ".1x10") == "1.2 × 10⁻⁴"
    assert format_value(2.5e12, ".0x10") == "2 × 10¹²"


def test_unknown_name_is_an_error_naming_it(record):
    with pytest.raises(PlaceholderError) as info:
        fill("the output {{ h3 }} is", record)
    message = str(info.value)
    assert "page.md" in message and "'h3'" in message and "h2" in message  # names it, lists valid


def test_index_outside_the_value_is_an_error_with_its_shape(record):
    with pytest.raises(PlaceholderError, match=r"outside h2, whose shape is \(1, 2\)"):
        fill("{{ h2[0, 2] }}", record)


def test_dotted_names_reach_namespaces_and_misspellings_fail(record):
    gradcheck = check_walkthrough()
    assert fill("{{ gradcheck.W1.rel_error:.3e }}", record, gradcheck=gradcheck) == format(
        gradcheck.W1.rel_error, ".3e")
    with pytest.raises(PlaceholderError, match=r"'gradcheck.W1' has no 'rel_eror'.*rel_error"):
        fill("{{ gradcheck.W1.rel_eror }}", record, gradcheck=gradcheck)
    with pytest.raises(PlaceholderError, match="is a group, not a value"):
        fill("{{ gradcheck.W1 }}", record, gradcheck=gradcheck)


def test_misspelt_function_is_an_error_naming_it(record, blocks):
    with pytest.raises(PlaceholderError, match=r"unknown function 'figur'.*figure"):
        fill('{{ figur("z1") }}', record, blocks)


def test_unregistered_figure_fails_loudly(record, blocks):
    with pytest.raises(PlaceholderError, match=r"unknown figure 'z9'.*z1, h1"):
        fill('{{ figure("z9") }}', record, blocks)


def test_wrong_arguments_and_non_literals_fail(record, blocks):
    with pytest.raises(PlaceholderError, match="figure"):
        fill('{{ figure("z1", colour="red") }}', record, blocks)
    with pytest.raises(PlaceholderError, match="literals"):
        fill("{{ figure(stem) }}", record, blocks)
    with pytest.raises(PlaceholderError, match="unknown walkthrough value"):
        fill('{{ values("W3") }}', record, blocks)


def test_figure_block_has_both_themes_alt_caption_anchor_and_values(record, blocks):
    out = fill('{{ figure("z1", values=["X", "W1"]) }}\n\n{{ figure("h1") }}', record, blocks)
    assert 'id="fig-z1"' in out and 'id="fig-h1"' in out
    assert 'src="figures/z1.svg#only-light"' in out and 'src="figures/z1.dark.svg#only-dark"' in out
    assert out.count('loading="lazy"') == 4
    assert 'alt="z1 shows [0.5, 1] &amp; &lt;x&gt;"' in out  # escaped, never breaks the tag
    assert "Figure 1</a>. The z1 figure." in out and "Figure 2</a>. The h1 figure." in out
    assert '<details class="note figgen-values" markdown="1">\n<summary>Values as text: X, W1</summary>' in out


def test_figure_fills_the_tokens_only_the_page_knows(record):
    from types import SimpleNamespace

    from figgen.prose import RUN_RATES, WORKED_RATE

    spec = FigureSpec(stem="o", draw=lambda r, t: None, alt=lambda r: f"alpha {WORKED_RATE}; runs {RUN_RATES}.",
                      caption=f"Steps of {WORKED_RATE}, runs of {RUN_RATES}.")
    runs = {name: SimpleNamespace(config=SimpleNamespace(learning_rate=rate))
            for name, rate in (("a", 5.0), ("b", 2.0), ("c", 2.0))}
    blocks = ArticleBlocks(record=record, figures={"o": spec}, gradcheck=check_walkthrough(),
                           provenance=collect(), runs=lambda: runs)
    out = blocks.figure("o")
    assert f'alt="alpha {record.learning_rate:g}; runs 5 and 2."' in out
    assert f"Steps of {record.learning_rate:g}, runs of 5 and 2." in out
    assert "{" not in out


def test_values_block_rebuilds_the_record_exactly(record, blocks):
    out = blocks.values("X", "W1", "dL_dW1")
    code = out.split("```python\n", 1)[1].split("```", 1)[0]
    namespace: dict = {}
    exec(code.replace("    ", ""), namespace)  # the block is indented inside the details
    for name in ("X", "W1", "dL_dW1"):
        np.testing.assert_array_equal(namespace[name], getattr(record, name))
    assert r"\frac{\partial L}{\partial W_1} = \begin{bmatrix}" in out


def test_latex_helpers(record):
    assert symbol("W1") == "W_1" and symbol("W1_new") == "W_1^{*}" and symbol("learning_rate") == r"\alpha"
    assert symbol("dh2_dz2") == r"\frac{\partial h_2}{\partial z_2}"
    assert matrix(np.array([[1.0, -2.5]]), 2) == r"\begin{bmatrix} 1.00 & -2.50 \end{bmatrix}"
    assert eval(numpy_source(record.h2), {"np": np}).tolist() == record.h2.tolist()


def test_math_becomes_mathml_and_bad_latex_names_the_page():
    html = '<p>See <span class="arithmatex">\\(a &lt; b\\)</span>.</p><div class="arithmatex">\\[x^2\\]</div>'
    out = render_math(html, where="page.md")
    assert "arithmatex" not in out and "\\(" not in out and out.count("<math") == 2
    assert "<mo>&#x0003C;</mo>" in out  # "&lt;" was unescaped, then written as an operator
    with pytest.raises(MathError, match="page.md"):
        render_math('<span class="arithmatex">\\(x^\\)</span>', where="page.md")
    with pytest.raises(MathError, match="&"):  # aligned is not laid out: its & would show
        render_math('<div class="arithmatex">\\[\\begin{aligned} a &= b \\end{aligned}\\]</div>')
    with pytest.raises(MathError, match=r"notacommand"):  # would show as raw LaTeX
        render_math('<span class="arithmatex">\\(\\notacommand x\\)</span>', where="page.md")

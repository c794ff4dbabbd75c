"""The figure registry: every figure renders, in both themes, to small deterministic SVG; the
numbers drawn are the walkthrough record's; figure code types no walkthrough number."""

from __future__ import annotations

import ast
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import matplotlib
import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

from figgen.encode import svg_bytes
from figgen.figures import FIGURE_STEMS, WIDE, load_all
from figgen.figures import mathdraw
from figgen.style import FIGURE_WIDTH, LIGHT, THEMES, drawing_context
from figgen.walkthrough import VALUE_NAMES, compute_walkthrough

FIGURES_DIR = Path(__file__).resolve().parents[1] / "src" / "figgen" / "figures"
REGISTRY = load_all()
RECORD = compute_walkthrough()
SVG_NS = "{http://www.w3.org/2000/svg}"
MAX_SVG_BYTES = 150_000  # a figure that grows past this has stopped reusing glyphs

# Which record values each matrix figure must show, every entry of each.
SHOWN: dict[str, tuple[str, ...]] = {
    "z1": ("X", "W1", "b1", "z1"),
    "h1": ("z1", "h1"),
    "z2": ("h1", "W2", "b2", "z2"),
    "h2": ("z2", "h2"),
    "loss": ("h2", "loss"),
    "chain_w2_detailed": ("h2", "dL_dh2", "dh2_dz2", "dz2_dW2"),
    "chain_w2_numbers": ("dz2_dW2", "dL_dh2", "dh2_dz2", "dL_dz2", "dL_dW2", "W2", "W2_new",
                         "dL_db2"),
    "chain_w1_numbers": ("dL_dz2", "W2", "dL_dh1", "h1", "dh1_dz1", "dz1_dW1"),
    "chain_w1_numbers_final": ("dz1_dW1", "dL_dh1", "dh1_dz1", "dL_dz1", "dL_dW1", "W1",
                               "W1_new", "dL_db1"),
    "copy_values": ("W1_new", "W2_new", "b1_new", "b2_new"),
}
NUMBER = re.compile(r"^[\u2212-]?\d+\.(\d+)$")


def as_drawn(value: float, decimals: int = 8) -> str:
    """How a figure prints a number: fixed decimals, typographic minus, no negative zero."""
    text = f"{value:.{decimals}f}"
    if float(text) == 0.0:
        text = text.lstrip("-")
    return text.replace("-", "\u2212")


def render(stem: str, theme=LIGHT, layout=WIDE) -> Figure:
    with drawing_context():
        return REGISTRY[stem].draw(RECORD, theme, layout)


LAYOUTS = [(stem, layout) for stem, spec in REGISTRY.items() for layout in spec.layouts]
LAYOUT_IDS = [f"{stem}-{layout.name}" for stem, layout in LAYOUTS]


def drawn_strings(fig: Figure) -> list[str]:
    return [t.get_text().strip() for t in fig.findobj(Text) if t.get_text().strip()]


def test_every_figure_of_the_article_is_registered() -> None:
    missing = [stem for stem in FIGURE_STEMS if stem not in REGISTRY]
    assert not missing, f"figures not registered: {missing}"
    assert list(REGISTRY)[: len(FIGURE_STEMS)] == list(FIGURE_STEMS)


@pytest.mark.parametrize("theme", THEMES, ids=lambda t: t.name)
@pytest.mark.parametrize("stem", list(REGISTRY))
def test_figure_renders_to_small_valid_deterministic_svg(stem: str, theme) -> None:
    first = svg_bytes(render(stem, theme))
    root = ET.fromstring(first)
    assert root.tag == f"{SVG_NS}svg"
    drawn = [el for el in root.iter() if el.tag in (f"{SVG_NS}path", f"{SVG_NS}use")]
    assert len(drawn) >= 10, f"{stem}: only {len(drawn)} drawn elements"
    assert 2_000 < len(first) < MAX_SVG_BYTES, f"{stem}: {len(first)} bytes"
    width_pt = float(root.get("width").removesuffix("pt"))
    assert width_pt <= (FIGURE_WIDTH + 0.15) * 72, f"{stem} is {width_pt} pt wide"
    assert svg_bytes(render(stem, theme)) == first, f"{stem}: second render differs"


@pytest.mark.parametrize("stem", list(REGISTRY))
def test_figure_has_alt_text_and_one_sentence_caption(stem: str) -> None:
    spec = REGISTRY[stem]
    alt = spec.alt(RECORD)
    assert isinstance(alt, str) and len(alt) > 20
    assert spec.caption.endswith(".") and ". " not in spec.caption.rstrip(".")


@pytest.mark.parametrize("stem, layout", [(s, l) for s, l in LAYOUTS if s in SHOWN],
                         ids=[i for (s, _), i in zip(LAYOUTS, LAYOUT_IDS) if s in SHOWN])
def test_matrix_figure_draws_the_records_numbers(stem: str, layout) -> None:
    strings = drawn_strings(render(stem, LIGHT, layout))
    for name in SHOWN[stem]:
        for value in np.ravel(RECORD.value(name)):
            assert as_drawn(float(value)) in strings, f"{stem}: {name} entry {value} not drawn"
    # and the alt text carries them too (ASCII minus there)
    alt = REGISTRY[stem].alt(RECORD)
    for name in SHOWN[stem]:
        for value in np.ravel(RECORD.value(name)):
            assert as_drawn(float(value)).replace("\u2212", "-") in alt, f"{stem}: {name} not in alt"


NUMBER_IN_TEXT = re.compile(r"[\u2212-]?\d+\.\d{4,}")


@pytest.mark.parametrize("stem, layout", LAYOUTS, ids=LAYOUT_IDS)
def test_the_alt_text_quotes_only_numbers_the_figure_shows(stem: str, layout) -> None:
    """Issue 10, point 9: every precise number an alt text states is drawn in the figure,
    in each of its layouts (so a reader of either hears what the others see)."""
    alt = REGISTRY[stem].alt(RECORD)
    drawn = {m.replace("\u2212", "-") for s in drawn_strings(render(stem, LIGHT, layout))
             for m in NUMBER_IN_TEXT.findall(s)}
    quoted = set(NUMBER_IN_TEXT.findall(alt))
    assert quoted <= drawn, f"{stem} ({layout.name}): alt text quotes {sorted(quoted - drawn)} not drawn"


@pytest.mark.parametrize("stem", list(REGISTRY))
def test_every_precise_number_drawn_is_a_record_value(stem: str) -> None:
    """A number with 4+ decimals in a figure must be some record value at that precision:
    catches a typed or stale number (errata 5 and 6 printed a wrong factor)."""
    record_values = np.concatenate(
        [np.ravel(np.asarray(RECORD.value(name), dtype=float)) for name in VALUE_NAMES]
    )
    for s in drawn_strings(render(stem)):
        match = NUMBER.match(s)
        if match and len(match[1]) >= 4:
            decimals = len(match[1])
            allowed = {as_drawn(float(v), decimals) for v in record_values}
            assert s in allowed, f"{stem}: {s} is not a walkthrough value"


def _numeric_literals(path: Path) -> list[tuple[int, float]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and type(node.value) in (int, float)]


@pytest.mark.parametrize("path", sorted(FIGURES_DIR.glob("*.py")), ids=lambda p: p.name)
def test_figure_code_types_no_walkthrough_number(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    typed = re.findall(r"\d\.\d{4,}", source)
    assert not typed, f"{path.name} types numbers with 4+ decimals: {typed}"
    record_values = [float(v) for name in VALUE_NAMES
                     for v in np.ravel(np.asarray(RECORD.value(name), dtype=float))
                     if float(v) not in (0.0, 1.0)]
    for line, literal in _numeric_literals(path):
        hits = [v for v in record_values if np.isclose(literal, v, rtol=1e-9, atol=0)]
        assert not hits, f"{path.name}:{line}: literal {literal} equals a walkthrough value"


# --- mathdraw ------------------------------------------------------------------------------


def test_matrix_numbers_are_right_aligned_in_columns_and_rows_share_a_baseline() -> None:
    values = np.array([[-0.5, 12.25], [3.0, -0.125], [0.0, 1.0]])
    fig = mathdraw.new_figure(300, 100)
    drawn = mathdraw.draw_matrix(fig, values, 150, 50, decimals=3)
    texts = drawn.numbers
    assert [t.get_text() for t in texts] == [
        "\u22120.500", "12.250", "3.000", "\u22120.125", "0.000", "1.000"]
    xs = np.array([t.get_position()[0] for t in texts]).reshape(3, 2)
    ys = np.array([t.get_position()[1] for t in texts]).reshape(3, 2)
    assert all(t.get_horizontalalignment() == "right" for t in texts)
    assert np.all(xs[:, 0] == xs[0, 0]) and np.all(xs[:, 1] == xs[0, 1]) and xs[0, 1] > xs[0, 0]
    assert np.all(ys[:, 0] == ys[:, 1]) and np.all(np.diff(ys[:, 0]) < 0)
    # centred on the anchor, the matrix's middle row on the anchor's height
    assert drawn.bounds.cx == pytest.approx(150)
    assert ys[1, 0] < 50 < ys[1, 0] + mathdraw.digit_height(mathdraw.TEXT_SIZE)


def test_format_number_uses_a_typographic_minus_and_no_negative_zero() -> None:
    assert mathdraw.format_number(-0.0625, 3) == "\u22120.062"
    assert mathdraw.format_number(-1e-12) == "0.00000000"
    assert mathdraw.format_number(0.30052460390) == "0.30052460"


def test_equation_figure_refuses_a_line_wider_than_the_column() -> None:
    wide = [mathdraw.Line(None, [mathdraw.Matrix(np.arange(12.0).reshape(1, 12))])]
    with pytest.raises(ValueError, match="pt wide"):
        mathdraw.equation_figure(LIGHT, [wide])


def test_figgen_build_writes_every_figure_in_both_themes_with_png(tmp_path: Path) -> None:
    from figgen.cli import main

    assert main(["build", "--out", str(tmp_path), "--png"]) == 0
    for stem in REGISTRY:
        for theme in THEMES:
            svg = tmp_path / "figures" / f"{stem}{theme.suffix}.svg"
            png = tmp_path / "figures" / f"{stem}{theme.suffix}.png"
            assert svg.stat().st_size > 2_000
            assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_draw_matrix_on_an_axes_sits_on_the_data_point() -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = Figure(figsize=(4, 3), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1), xlim=(0, 10), ylim=(0, 10))
    drawn = mathdraw.draw_matrix(ax, np.array([[1.5, -2.25]]), 7.0, 4.0, decimals=2)
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in drawn.numbers]
    x_mid = (boxes[0].x0 + boxes[-1].x1) / 2
    y_mid = (boxes[0].y0 + boxes[0].y1) / 2
    anchor = ax.transData.transform((7.0, 4.0))
    assert [t.get_text() for t in drawn.numbers] == ["1.50", "\u22122.25"]
    assert x_mid == pytest.approx(anchor[0], abs=3) and y_mid == pytest.approx(anchor[1], abs=3)

"""The picture figures (figures/diagrams.py, figures/netdraw.py): what they draw is the record's.

The registry-wide checks (valid, small, deterministic SVG; alt text; no typed numbers) live in
test_figures.py; these look inside the pictures.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import matplotlib
import numpy as np
import pytest
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch
from matplotlib.text import Text

from figgen.encode import svg_bytes
from figgen.figures import PHONE, WIDE, load_all
from figgen.figures.netdraw import draw_network, layout_for, new_canvas, weight_label
from figgen.style import DARK, LIGHT, THEMES, drawing_context
from figgen.walkthrough import compute_walkthrough

REGISTRY = load_all()
RECORD = compute_walkthrough()
DIAGRAMS = ("overview", "nonlinear_xor", "overview2", "initialized_network", "update_w2", "update_w1")


def render(stem: str, theme=LIGHT, layout=WIDE) -> Figure:
    with drawing_context():
        return REGISTRY[stem].draw(RECORD, theme, layout)


LAYOUTS = [(stem, layout) for stem in DIAGRAMS if stem in REGISTRY for layout in REGISTRY[stem].layouts]


def texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text) if t.get_text().strip()]


def as_drawn(value: float) -> str:
    """8 decimals and a typographic minus, the article's number format."""
    text = f"{value:.8f}"
    if float(text) == 0.0:
        text = text.lstrip("-")
    return text.replace("-", "\u2212")


@pytest.mark.parametrize("theme", THEMES, ids=lambda t: t.name)
@pytest.mark.parametrize("stem", [s for s in DIAGRAMS if s in REGISTRY])
def test_diagram_renders_in_both_themes_identically_twice(stem: str, theme) -> None:
    first = svg_bytes(render(stem, theme))
    assert ET.fromstring(first).tag.endswith("svg")
    assert 5_000 < len(first) < 100_000, f"{stem}: {len(first)} bytes"
    assert svg_bytes(render(stem, theme)) == first


def test_weights_are_named_as_in_the_article() -> None:
    # W_1[i,j] joins input i to hidden unit j, W_2[j,k] hidden unit j to output k, 1-based
    assert weight_label("W1", 0, 0) == "$W_1[1,1]$"
    assert weight_label("W1", 1, 2) == "$W_1[2,3]$"
    assert weight_label("W2", 2, 1) == "$W_2[3,2]$"
    with pytest.raises(ValueError, match="'W3'"):
        weight_label("W3", 0, 0)


def test_only_the_named_edges_carry_a_label_and_it_sits_on_its_edge() -> None:
    fig, ax = new_canvas((0.0, 12.0), (-3.0, 3.0))
    layout = layout_for(RECORD.W1, RECORD.W2)
    named = [("W1", 0, 0), ("W1", 1, 0), ("W2", 2, 1)]
    net = draw_network(ax, layout, LIGHT, labelled=named)
    weight_keys = {k for k in net.edge_labels if k[0] in ("W1", "W2")}
    assert weight_keys == set(named)
    for key in named:
        label, line = net.edge_labels[key], net.edges[key]
        (x0, x1), (y0, y1) = line.get_xdata(), line.get_ydata()
        px, py = label.get_position()
        cross = (x1 - x0) * (py - y0) - (y1 - y0) * (px - x0)
        assert abs(cross) / np.hypot(x1 - x0, y1 - y0) < 1e-9, f"{key}: label off its edge"
        assert min(x0, x1) < px < max(x0, x1)
        assert label.get_text() == weight_label(*key)


@pytest.mark.parametrize("stem", list(REGISTRY))
def test_no_figure_numbers_weights_the_old_way(stem: str) -> None:
    # the article writes W_1[i,j]; the original's w1..w12 numbering is gone from every figure
    for layout in REGISTRY[stem].layouts:
        drawn = texts(render(stem, LIGHT, layout))
        old = [t for t in drawn if "w_{" in t or "w_1" in t or "h_{1," in t or "h_{2," in t]
        assert not old, f"{stem} ({layout.name}): {old}"


def test_initialized_network_draws_the_records_inputs_and_weights() -> None:
    drawn = texts(render("initialized_network"))
    for name in ("W1", "W2"):
        for value in np.ravel(getattr(RECORD, name)):
            assert as_drawn(value) in drawn, f"{name} entry {value} not drawn"
    joined = " ".join(drawn)
    for value in RECORD.X[0]:
        assert as_drawn(value) in joined
    alt = REGISTRY["initialized_network"].alt(RECORD)
    for value in np.ravel(np.concatenate([RECORD.W1.ravel(), RECORD.W2.ravel(), RECORD.X[0]])):
        assert f"{value:.8f}" in alt


@pytest.mark.parametrize("theme", THEMES, ids=lambda t: t.name)
@pytest.mark.parametrize("stem, factors", [
    ("update_w2", ("dL_dh2", "dh2_dz2", "dz2_dW2")),
    ("update_w1", ("dL_dz2", "dL_dh1", "dh1_dz1", "dz1_dW1")),
])
def test_backward_path_arrows_carry_the_factor_colours(stem: str, factors: tuple[str, ...], theme) -> None:
    fig = render(stem, theme)
    arrow_colours = {to_hex(p.get_edgecolor()) for p in fig.findobj(FancyArrowPatch)}
    for name in factors:
        assert to_hex(theme.factors[name]) in arrow_colours, f"{stem}: no {name} arrow"


@pytest.mark.parametrize("stem, layer", [("update_w2", "W2"), ("update_w1", "W1")])
def test_update_figures_highlight_the_layer_being_updated(stem: str, layer: str) -> None:
    fig = render(stem)
    lines = [ln for ln in fig.axes[0].get_lines() if len(ln.get_xdata()) == 2]
    widths = sorted({round(ln.get_linewidth(), 2) for ln in lines})
    thick = [ln for ln in lines if ln.get_linewidth() == widths[-1]]
    assert len(thick) == getattr(RECORD, layer).size, f"{stem}: {len(thick)} thick edges"


def test_dark_variant_uses_the_dark_text_colour() -> None:
    colours = {to_hex(t.get_color()) for t in render("initialized_network", DARK).findobj(Text)
               if t.get_text().strip()}
    assert to_hex(DARK.text) in colours and to_hex(LIGHT.text) not in colours


def test_nonlinear_xor_plots_every_training_point_in_its_class_colour() -> None:
    from figgen.network import make_xor_data

    for theme in THEMES:
        fig = render("nonlinear_xor", theme)
        data_ax = max(fig.axes, key=lambda ax: sum(len(c.get_offsets()) for c in ax.collections))
        X, y = make_xor_data(RECORD.config.data)
        labels = np.argmax(y, axis=1)
        drawn = [c for c in data_ax.collections if len(c.get_offsets())]
        assert sum(len(c.get_offsets()) for c in drawn) == RECORD.config.data.n_points
        for cls in (0, 1):
            mine = [c for c in drawn if to_hex(c.get_facecolor()[0]) == to_hex(theme.classes[cls])]
            assert len(mine) == 1, f"class {cls}: {len(mine)} collections in its colour"
            np.testing.assert_array_equal(mine[0].get_offsets(), X[labels == cls])
        # the legend states the encoding the code uses: class 0 -> [1, 0], class 1 -> [0, 1]
        legend = [t.get_text() for t in data_ax.get_legend().get_texts()]
        counts = [int(np.sum(labels == c)) for c in (0, 1)]
        assert legend == [f"class 0: $y$ = [1, 0], {counts[0]} points", f"class 1: $y$ = [0, 1], {counts[1]} points"]


def test_xor_truth_table_and_no_candidate_line_separates_the_corners() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from figgen.figures.diagrams import CANDIDATE_LINES, best_side, truth_table

    rows = truth_table(RECORD)
    assert [(a, b, c) for a, b, c, _ in rows] == [(0, 0, 0), (0, 1, 1), (1, 0, 1), (1, 1, 0)]
    assert [list(code) for *_, code in rows] == [[1, 0], [0, 1], [0, 1], [1, 0]]
    corners = np.array([[a, b] for a, b, _, _ in rows], dtype=float)
    classes = np.array([c for _, _, c, _ in rows])
    for line in CANDIDATE_LINES:
        assert best_side(line, corners, classes)[1].sum() >= 1

    angle = st.floats(0, 2 * np.pi)
    offset = st.floats(-2, 2)

    @settings(max_examples=200, deadline=None)
    @given(angle, offset)
    def any_line_fails(theta: float, c: float) -> None:
        line = (float(np.cos(theta)), float(np.sin(theta)), c)
        assert best_side(line, corners, classes)[1].sum() >= 1

    any_line_fails()
    # and best_side is not trivially pessimistic: a line can get three right
    assert best_side((-1.0, 1.0, 0.5), corners, classes)[1].sum() == 1


@pytest.mark.parametrize("layout", (WIDE, PHONE), ids=lambda l: l.name)
def test_overview2_names_the_weights_of_hidden_unit_1_and_has_no_softmax(layout) -> None:
    drawn = texts(render("overview2", LIGHT, layout))
    (equation,) = [t for t in drawn if t.startswith("$h_1[1] = ")]
    for i in range(RECORD.W1.shape[0]):
        # once on its edge, once in its matrix, and in the equation under them
        name = weight_label("W1", i, 0)
        assert drawn.count(name) == 2, f"{name} drawn {drawn.count(name)} times"
        assert f"x_{i + 1} {name.strip('$')}" in equation, equation
    assert not any("softmax" in t.lower() for t in drawn)  # errata 7
    assert any("class 0: [1, 0]" in t for t in drawn) and any("class 1: [0, 1]" in t for t in drawn)


def frame_colours_around(fig: Figure, fragment: str) -> list[str]:
    """Edge colours of the framed boxes drawn around each Text containing `fragment`."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.patches import FancyBboxPatch

    renderer = FigureCanvasAgg(fig).get_renderer()
    frames = [p for p in fig.findobj(FancyBboxPatch) if p.get_edgecolor()[3] > 0]
    found = []
    for text in fig.findobj(Text):
        if fragment not in text.get_text():
            continue
        box = text.get_window_extent(renderer)
        around = [p for p in frames if p.get_window_extent(renderer).contains(box.x0 + box.width / 2,
                                                                                 box.y0 + box.height / 2)]
        found += [to_hex(p.get_edgecolor()) for p in around]
    return found


FACTOR_TEX = {
    "dL_dh2": r"\partial L}{\partial h_2}", "dh2_dz2": r"\partial h_2}{\partial z_2}",
    "dz2_dW2": r"\partial z_2}{\partial W_2}", "dL_dh1": r"\partial L}{\partial h_1}",
    "dh1_dz1": r"\partial h_1}{\partial z_1}", "dz1_dW1": r"\partial z_1}{\partial W_1}",
    "dL_dz2": r"\partial L}{\partial z_2}",
}


@pytest.mark.parametrize("theme", THEMES, ids=lambda t: t.name)
@pytest.mark.parametrize("stem, factors", [
    ("overview", ("dL_dh2", "dh2_dz2", "dz2_dW2", "dL_dh1", "dh1_dz1", "dz1_dW1")),
    ("update_w2", ("dL_dh2", "dh2_dz2", "dz2_dW2")),
    ("update_w1", ("dL_dz2", "dL_dh1", "dh1_dz1", "dz1_dW1")),
])
def test_each_chain_rule_factor_is_framed_in_its_colour(stem: str, factors: tuple[str, ...], theme) -> None:
    fig = render(stem, theme)
    for name in factors:
        colours = frame_colours_around(fig, FACTOR_TEX[name])
        assert colours, f"{stem}: {name} not drawn in a frame"
        assert set(colours) == {to_hex(theme.factors[name])}, f"{stem}: {name} framed in {colours}"


def test_overview_says_the_worked_rate_and_leaves_the_runs_rates_to_the_page() -> None:
    from figgen.prose import RUN_RATES, WORKED_RATE

    spec = REGISTRY["overview"]
    alt = spec.alt(RECORD)
    assert f"alpha: {RECORD.learning_rate:g} in the worked step" in alt and RUN_RATES in alt
    assert WORKED_RATE in spec.caption and RUN_RATES in spec.caption
    for layout in spec.layouts:  # the picture itself states no rate it could not explain
        drawn = " ".join(texts(render("overview", LIGHT, layout)))
        assert "alpha$" in drawn and f"{RECORD.learning_rate:g}" not in drawn


@pytest.mark.parametrize("stem, layout", LAYOUTS, ids=[f"{s}-{l.name}" for s, l in LAYOUTS])
def test_no_two_texts_of_a_diagram_overlap(stem: str, layout) -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = render(stem, LIGHT, layout)
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    page = fig.bbox
    boxes = []
    for text in fig.findobj(Text):
        if not text.get_text().strip() or not text.get_visible():
            continue
        box = text.get_window_extent(renderer)
        if box.x1 < page.x0 or box.x0 > page.x1:
            continue  # a tick label outside the axis limits: matplotlib does not draw it
        boxes.append((text.get_text(), box))
    assert len(boxes) > 10
    for i, (a, box_a) in enumerate(boxes):
        for b, box_b in boxes[i + 1:]:
            inter = box_a.intersection(box_a, box_b)
            assert inter is None or inter.width <= 1 or inter.height <= 1, f"{stem}: {a!r} overlaps {b!r}"


@pytest.mark.parametrize("stem", ["update_w2", "update_w1"])
def test_update_alt_texts_state_what_the_figures_show(stem: str) -> None:
    # the update figures are symbols, not numbers: their alt texts quote no record value
    alt = REGISTRY[stem].alt(RECORD)
    import re
    assert not re.search(r"\d\.\d{4}", alt), alt
    for symbol in ("dL/dh2" if stem == "update_w2" else "dL/dh1", "chain rule", "since"):
        assert symbol in alt

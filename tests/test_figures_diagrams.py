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
from figgen.figures import load_all
from figgen.figures.netdraw import draw_network, layout_for, new_canvas, weight_number
from figgen.style import DARK, LIGHT, RC_PARAMS, THEMES
from figgen.walkthrough import compute_walkthrough

REGISTRY = load_all()
RECORD = compute_walkthrough()
DIAGRAMS = ("overview", "nonlinear_xor", "overview2", "initialized_network", "update_w2", "update_w1")


def render(stem: str, theme=LIGHT) -> Figure:
    with matplotlib.rc_context(dict(RC_PARAMS)):
        return REGISTRY[stem].draw(RECORD, theme)


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


def test_weights_are_numbered_as_in_the_article() -> None:
    # the article's figure: w1 joins x1 to hidden unit 1, w2 joins x2 to it; w7 joins hidden
    # unit 1 to output 1, w8 joins it to output 2; w12 joins hidden unit 3 to output 2
    s1, s2 = RECORD.W1.shape, RECORD.W2.shape
    assert weight_number("W1", 0, 0, s1, s2) == 1
    assert weight_number("W1", 1, 0, s1, s2) == 2
    assert weight_number("W1", 0, 1, s1, s2) == 3
    assert weight_number("W2", 0, 0, s1, s2) == 7
    assert weight_number("W2", 0, 1, s1, s2) == 8
    assert weight_number("W2", 2, 1, s1, s2) == 12
    numbers = [weight_number("W1", i, j, s1, s2) for i in range(s1[0]) for j in range(s1[1])]
    numbers += [weight_number("W2", j, k, s1, s2) for j in range(s2[0]) for k in range(s2[1])]
    assert sorted(numbers) == list(range(1, RECORD.W1.size + RECORD.W2.size + 1))
    with pytest.raises(ValueError, match="'W3'"):
        weight_number("W3", 0, 0, s1, s2)


def test_each_weight_label_sits_on_its_own_edge() -> None:
    fig, ax = new_canvas((0.0, 12.0), (-3.0, 3.0))
    layout = layout_for(RECORD.W1, RECORD.W2)
    net = draw_network(ax, layout, LIGHT)
    s1, s2 = RECORD.W1.shape, RECORD.W2.shape
    for key, label in net.edge_labels.items():
        if key[0] not in ("W1", "W2"):
            continue
        line = net.edges[key]
        (x0, x1), (y0, y1) = line.get_xdata(), line.get_ydata()
        px, py = label.get_position()
        cross = (x1 - x0) * (py - y0) - (y1 - y0) * (px - x0)
        assert abs(cross) / np.hypot(x1 - x0, y1 - y0) < 1e-9, f"{key}: label off its edge"
        assert min(x0, x1) < px < max(x0, x1)
        assert label.get_text() == f"$w_{{{weight_number(key[0], key[1], key[2], s1, s2)}}}$"
    # labels of one layer do not overlap each other
    fig.canvas.draw()
    boxes = [t.get_window_extent() for k, t in net.edge_labels.items() if k[0] in ("W1", "W2")]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b), "two weight labels overlap"


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

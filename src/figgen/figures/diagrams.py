"""Figures that are pictures: bricks, the XOR data, the network diagrams.

Every number drawn is read from the walkthrough record (or the data set the record was drawn
from); the literals in this module are sizes, positions and transparencies.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Circle

from figgen.figures import register
from figgen.figures.mathdraw import DECIMALS, format_number
from figgen.figures.netdraw import (
    NODE_RADIUS,
    NetLayout,
    NetworkArtists,
    arrow,
    bracket_matrix,
    draw_network,
    draw_node,
    layout_for,
    math_row,
    new_canvas,
    weight_number,
)
from figgen.prose import format_value
from figgen.style import MATH_SIZE, SMALL_SIZE, TEXT_SIZE, TITLE_SIZE, Theme
from figgen.walkthrough import Walkthrough


def alt_value(value: np.ndarray | float, decimals: int = DECIMALS) -> str:
    """A record value for alt text, as the prose prints it: [a, b] or [[a, b], [c, d]]; a
    (1, n) observation row reads as the vector it is."""
    array = np.asarray(value, dtype=float)
    if array.ndim == 2 and array.shape[0] == 1:
        array = array[0]
    return format_value(array, f".{decimals}f")


def alt_compact(value: np.ndarray) -> str:
    """Like `alt_value`, without decimals when every entry is a whole number (zero biases,
    one-hot labels), so a zero is read out as "0", not with eight zero decimals."""
    array = np.asarray(value, dtype=float)
    return alt_value(array, 0 if np.all(array == np.round(array)) else DECIMALS)


def format_compact(value: float) -> str:
    """A small integer-valued number (biases at zero, one-hot labels) without decimals."""
    return format_number(value, 0) if float(value).is_integer() else format_number(value)


# --- the network scene shared by overview2, initialized_network, update_w2, update_w1 --------

# Columns of the network pictures (data units, canvas 0..X_SPAN wide).
X_SPAN = 12.0
SCENE = dict(x_input=2.6, x_hidden=5.6, x_output=8.6)
X_TARGET = 10.4  # column of the label y (and of the loss node L above it)
TRACK_Y = 3.85  # height of the backward-path track in the update figures


def network_scene(record: Walkthrough, theme: Theme, y_range: tuple[float, float], *,
                  highlight: Sequence[str] = (), target_labels: Sequence[str] | None = None,
                  input_labels: Sequence[str] | None = None) -> tuple[Figure, Axes, NetLayout, NetworkArtists]:
    """A canvas with the network drawn: inputs, hidden and output units, bias nodes, every
    labelled weight, and the label y beside the outputs (dotted: compared, not connected)."""
    fig, ax = new_canvas((0.0, X_SPAN), y_range)
    layout = layout_for(record.W1, record.W2, **SCENE)
    net = draw_network(ax, layout, theme, highlight=highlight, highlight_colour=theme.text,
                       input_labels=input_labels)
    labels = target_labels or [f"$y_{{{k + 1}}}$" for k in range(layout.n_out)]
    for k, key in enumerate(layout.nodes("h2")):
        x, y = layout.node(key)
        ax.plot([x + NODE_RADIUS, X_TARGET - NODE_RADIUS], [y, y], color=theme.muted,
                linewidth=1.0, linestyle=(0, (1, 2)), zorder=1)
        draw_node(ax, (X_TARGET, y), labels[k], theme, fill=theme.panel, edge=theme.muted)
    return fig, ax, layout, net


def column_captions(ax: Axes, layout: NetLayout, theme: Theme, y: float,
                    captions: Sequence[tuple[float, str]]) -> None:
    """Muted captions under the columns (x, text)."""
    for x, text in captions:
        ax.text(x, y, text, ha="center", va="top", size=SMALL_SIZE + 1, color=theme.muted)


def standard_captions(layout: NetLayout) -> list[tuple[float, str]]:
    return [
        (layout.x_input, "input $X$"),
        (layout.x_hidden, "hidden $h_1$"),
        (layout.x_output, "output $h_2$"),
        (X_TARGET, "label $y$"),
    ]


# --- 4. initialized_network --------------------------------------------------------------------


def _alt_initialized(r: Walkthrough) -> str:
    return (
        "The 2-3-2 network before training, weights labelled w1 to w12. "
        f"Input X = {alt_value(r.X[0])}, label y = {alt_compact(r.y[0])}. "
        f"W1 = {alt_value(r.W1)} (rows: inputs x1, x2; columns: hidden units). "
        f"W2 = {alt_value(r.W2)} (rows: hidden units; columns: outputs). "
        f"Biases b1 = {alt_compact(r.b1)} and b2 = {alt_compact(r.b2)}."
    )


@register(
    "initialized_network",
    alt=_alt_initialized,
    caption="The network before its first step: the observation X, its label y, and the random starting weights.",
)
def draw_initialized_network(record: Walkthrough, theme: Theme) -> Figure:
    X, y = record.X[0], record.y[0]
    fig, ax, layout, net = network_scene(
        record, theme, (-4.2, 3.0),
        target_labels=[format_compact(v) for v in y],
    )
    # the input values beside the input units
    for i, key in enumerate(layout.nodes("x")):
        nx, ny = layout.node(key)
        ax.text(nx - NODE_RADIUS - 0.12, ny, f"$x_{{{i + 1}}}$ = " + format_number(X[i]), ha="right",
                va="center", size=SMALL_SIZE + 1, color=theme.text)
    ax.text(X_TARGET, layout.node(("h2", 0))[1] + NODE_RADIUS + 0.2, "$y$", ha="center",
            va="bottom", size=TEXT_SIZE, color=theme.text)
    ax.text(X_TARGET, layout.node(("h2", layout.n_out - 1))[1] - NODE_RADIUS - 0.15,
            f"class {int(np.argmax(y))}", ha="center", va="top", size=SMALL_SIZE, color=theme.muted)
    # zero biases beside their nodes
    for name, bias in (("b1", record.b1), ("b2", record.b2)):
        bx, by = layout.node((name, 0))
        net.edge_labels[(name, 0, 0)].set_text(
            f"$b_{{{name[1]}}}$ = [" + "  ".join(format_compact(v) for v in bias) + "]")
    # the weight matrices under their layers, entries laid out as the labelled edges
    for name, W, cx, cy in (
        ("W1", record.W1, 3.75, -2.95),
        ("W2", record.W2, 9.95, -3.1),
    ):
        entries = [[format_number(v) for v in row] for row in W]
        cells, _ = bracket_matrix(ax, (cx, cy), entries, theme, size=SMALL_SIZE + 1, col_width=1.85,
                                  row_height=0.42, align="right")
        left = cx - W.shape[1] * 1.85 / 2
        ax.text(left - 0.2, cy, f"${name[0]}_{name[1]}$ =", ha="right", va="center",
                size=TEXT_SIZE, color=theme.text)
    return fig


# --- 11. update_w2 and 15. update_w1: the backward path ----------------------------------------


def split_node(ax: Axes, xy: tuple[float, float], left: str, right: str, theme: Theme, *,
               radius: float = 0.5, colour: str | None = None) -> Circle:
    """A layer as one circle split in two: its pre-activation z (left) and activation h (right)."""
    edge = colour or theme.text
    circle = Circle(xy, radius, facecolor=theme.page, edgecolor=edge, linewidth=1.4, zorder=4)
    ax.add_patch(circle)
    ax.plot([xy[0], xy[0]], [xy[1] - radius, xy[1] + radius], color=edge, linewidth=1.0, zorder=5)
    for dx, text in ((-radius / 2, left), (radius / 2, right)):
        ax.text(xy[0] + dx + (0.03 if dx < 0 else -0.03), xy[1], text, ha="center", va="center",
                size=TEXT_SIZE, color=theme.text, zorder=6)
    return circle


def frac(top: str, bottom: str) -> str:
    """mathtext for the partial derivative d top / d bottom, set as a display fraction."""
    return rf"$\dfrac{{\partial {top}}}{{\partial {bottom}}}$"


def backward_track(ax: Axes, layout: NetLayout, theme: Theme, *, y: float,
                   active: Sequence[str]) -> dict[str, tuple[float, float]]:
    """The layers in one row above the network, each over its column: X, W1, z1|h1, W2,
    z2|h2 and the loss L. Names in `active` are drawn in the text colour, the rest muted.
    Returns the anchor points of each part, for the arrows of the backward path."""
    node_r = 0.5
    xs = {
        "X": layout.x_input, "W1": (layout.x_input + layout.x_hidden) / 2, "h1": layout.x_hidden,
        "W2": (layout.x_hidden + layout.x_output) / 2, "h2": layout.x_output, "L": X_TARGET,
    }
    def tone(name: str) -> str:
        return theme.text if name in active else theme.muted
    ax.text(xs["X"], y, "$X$", ha="center", va="center", size=MATH_SIZE, color=tone("X"))
    for name in ("W1", "W2"):
        # a page-coloured patch, so a backward arrow passing through the weights runs under them
        ax.text(xs[name], y, f"${name[0]}_{name[1]}$", ha="center", va="center", size=MATH_SIZE,
                color=tone(name), zorder=7,
                bbox=dict(boxstyle="round,pad=0.15", facecolor=theme.page, edgecolor="none"))
    split_node(ax, (xs["h1"], y), "$z_1$", "$h_1$", theme, radius=node_r, colour=tone("h1"))
    split_node(ax, (xs["h2"], y), "$z_2$", "$h_2$", theme, radius=node_r, colour=tone("h2"))
    draw_node(ax, (xs["L"], y), "$L$", theme, radius=node_r, edge=tone("L"), size=MATH_SIZE)
    anchors = {
        "X": (xs["X"] + 0.3, y), "W1": (xs["W1"], y),
        "z1": (xs["h1"] - node_r, y), "h1": (xs["h1"] + node_r, y),
        "W2": (xs["W2"], y), "z2": (xs["h2"] - node_r, y), "h2": (xs["h2"] + node_r, y),
        "L": (xs["L"] - node_r, y), "h1_top": (xs["h1"], y + node_r), "h2_top": (xs["h2"], y + node_r),
        "L_top": (xs["L"], y + node_r),
    }
    return anchors


def curl(ax: Axes, centre: tuple[float, float], colour: str, radius: float = 0.5) -> None:
    """A curved arrow over a split node, from its h half back to its z half."""
    x, y = centre
    lift = radius * 0.75
    arrow(ax, (x + lift, y + lift), (x - lift, y + lift), colour, rad=1.1, head=8, width=2.0)


def chain_legend(ax: Axes, xy: tuple[float, float], target: str, factors: Sequence[tuple[str, str, str]],
                 theme: Theme) -> None:
    """The chain rule dL/d target = product of factors, each factor (top, bottom, colour) in its
    colour, as one row starting at xy."""
    parts: list[tuple[str, str]] = [(frac("L", target), theme.text), ("$=$", theme.text)]
    for k, (top, bottom, colour) in enumerate(factors):
        if k:
            parts.append((r"$\cdot$", theme.text))
        parts.append((frac(top, bottom), colour))
    math_row(ax, xy, parts, align=(0.0, 0.5))


def _alt_update_w2(r: Walkthrough) -> str:
    return (
        "The network with the connections of W2 (w7 to w12) highlighted. Above it the backward "
        "path from the loss L to W2: dL/dh2 from L to the output h2, dh2/dz2 through the output "
        "sigmoid, and dz2/dW2 = h1 from z2 to the weights. "
        f"Their values: dL/dh2 = {alt_value(r.dL_dh2[0])}, dh2/dz2 = {alt_value(r.dh2_dz2[0])}, "
        f"dz2/dW2 = h1 = {alt_value(r.dz2_dW2[0])}; together dL/dW2 = {alt_value(r.dL_dW2)}. "
        f"The bias b2 gets dL/db2 = dL/dz2 = {alt_value(r.dL_db2)}."
    )


@register(
    "update_w2",
    alt=_alt_update_w2,
    caption="The error travels back from the loss to W2 in three steps, one chain-rule factor each.",
)
def draw_update_w2(record: Walkthrough, theme: Theme) -> Figure:
    fig, ax, layout, net = network_scene(record, theme, (-2.5, 6.3), highlight=("W2",))
    _emphasise_bias(net, "b2", theme)
    column_captions(ax, layout, theme, -1.95, standard_captions(layout))
    a = backward_track(ax, layout, theme, y=TRACK_Y, active=("W2", "h2", "L"))
    f = theme.factors
    label_y = TRACK_Y + 0.35
    arrow(ax, a["L"], a["h2"], f["dL_dh2"], shrink=4)
    math_row(ax, ((a["L"][0] + a["h2"][0]) / 2, label_y), [(frac("L", "h_2"), f["dL_dh2"])],
             align=(0.5, 0.0))
    curl(ax, (layout.x_output, TRACK_Y), f["dh2_dz2"])
    math_row(ax, (layout.x_output, TRACK_Y + 1.05), [(frac("h_2", "z_2"), f["dh2_dz2"])], align=(0.5, 0.0))
    arrow(ax, a["z2"], (a["W2"][0] + 0.45, a["W2"][1]), f["dz2_dW2"], shrink=4)
    mid = (a["z2"][0] + a["W2"][0]) / 2 + 0.2
    math_row(ax, (mid, label_y), [(frac("z_2", "W_2"), f["dz2_dW2"])], align=(0.5, 0.0))
    ax.text(mid, TRACK_Y - 0.3, "$= h_1$", ha="center", va="top", size=TEXT_SIZE, color=f["dz2_dW2"])
    chain_legend(ax, (0.0, TRACK_Y + 1.35), "W_2",
                 [("L", "h_2", f["dL_dh2"]), ("h_2", "z_2", f["dh2_dz2"]), ("z_2", "W_2", f["dz2_dW2"])],
                 theme)
    return fig


def _emphasise_bias(net: NetworkArtists, name: str, theme: Theme) -> None:
    """Draw the bias edges of `name` like the highlighted weights: they get a gradient too."""
    for key, line in net.edges.items():
        if key[0] == name:
            line.set_color(theme.text)
            line.set_linewidth(1.6)


def _alt_update_w1(r: Walkthrough) -> str:
    return (
        "The network with the connections of W1 (w1 to w6) highlighted. Above it the backward "
        "path from the loss L to W1: dL/dh1 comes back through the output layer, reusing "
        "dL/dz2 and the weights W2 (dL/dh1 = dL/dz2 times W2 transposed); then dh1/dz1 through "
        "the hidden sigmoid and dz1/dW1 = X. "
        f"Their values: dL/dz2 = {alt_value(r.dL_dz2[0])}, dL/dh1 = {alt_value(r.dL_dh1[0])}, "
        f"dh1/dz1 = {alt_value(r.dh1_dz1[0])}, dz1/dW1 = X = {alt_value(r.dz1_dW1[0])}; "
        f"together dL/dW1 = {alt_value(r.dL_dW1)}. "
        f"The bias b1 gets dL/db1 = {alt_value(r.dL_db1)}."
    )


@register(
    "update_w1",
    alt=_alt_update_w1,
    caption="To reach W1 the error passes back through W2, reusing dL/dz2, then through the hidden sigmoid.",
)
def draw_update_w1(record: Walkthrough, theme: Theme) -> Figure:
    fig, ax, layout, net = network_scene(record, theme, (-2.5, 7.3), highlight=("W1",))
    _emphasise_bias(net, "b1", theme)
    column_captions(ax, layout, theme, -1.95, standard_captions(layout))
    a = backward_track(ax, layout, theme, y=TRACK_Y, active=("W1", "h1", "L", "W2", "h2"))
    f = theme.factors
    label_y = TRACK_Y + 0.35
    # dL/dz2 (reused from the W2 step) runs from L back through h2 to z2 ...
    arrow(ax, a["L"], a["h2"], f["dL_dz2"], shrink=4)
    curl(ax, (layout.x_output, TRACK_Y), f["dL_dz2"])
    math_row(ax, (X_TARGET - 0.15, TRACK_Y + 1.05), [(frac("L", "z_2"), f["dL_dz2"])], align=(0.5, 0.0))
    # ... then through W2 to h1: that whole stretch is dL/dh1 = dL/dz2 W2^T
    arrow(ax, a["z2"], a["h1"], f["dL_dh1"], shrink=4, zorder=3)
    math_row(ax, ((a["h1"][0] + a["z2"][0]) / 2, label_y),
             [(frac("L", "h_1"), f["dL_dh1"]), ("$=$", theme.text), (frac("L", "z_2"), f["dL_dz2"]),
              (r"$W_2^{\top}$", theme.text)], align=(0.5, 0.0), size=TEXT_SIZE + 1)
    curl(ax, (layout.x_hidden, TRACK_Y), f["dh1_dz1"])
    math_row(ax, (layout.x_hidden - 0.35, TRACK_Y + 1.05), [(frac("h_1", "z_1"), f["dh1_dz1"])],
             align=(0.5, 0.0))
    arrow(ax, a["z1"], (a["W1"][0] + 0.45, a["W1"][1]), f["dz1_dW1"], shrink=4)
    mid = (a["z1"][0] + a["W1"][0]) / 2 + 0.2
    math_row(ax, (mid, label_y), [(frac("z_1", "W_1"), f["dz1_dW1"])], align=(0.5, 0.0))
    ax.text(mid, TRACK_Y - 0.3, "$= X$", ha="center", va="top", size=TEXT_SIZE, color=f["dz1_dW1"])
    chain_legend(ax, (0.0, TRACK_Y + 2.3), "W_1",
                 [("L", "h_1", f["dL_dh1"]), ("h_1", "z_1", f["dh1_dz1"]), ("z_1", "W_1", f["dz1_dW1"])],
                 theme)
    return fig

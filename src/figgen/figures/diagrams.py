"""Figures that are pictures: bricks, the XOR data, the network diagrams.

Every number drawn is read from the walkthrough record (or the data set the record was drawn
from); the literals in this module are sizes, positions and transparencies.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Circle, Rectangle

from figgen.figures import WIDE, Layout, register
from figgen.figures.mathdraw import (
    DECIMALS, POINTS_PER_INCH, TEX, Drawn, Frame, Item, Label, Math, Matrix, Op, Space, draw_row,
    format_number,
    row_box,
)
from figgen.legibility import decorative
from figgen.figures.netdraw import (
    NODE_RADIUS,
    UNIT_INCHES,
    NetLayout,
    NetworkArtists,
    arrow,
    brick,
    bracket_matrix,
    draw_network,
    draw_node,
    layout_for,
    math_row,
    new_canvas,
    weight_number,
)
from figgen.network import make_xor_data
from figgen.prose import format_value
from figgen.style import FIGURE_WIDTH, MATH_SIZE, SMALL_SIZE, TEXT_SIZE, Theme
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
SCENE = dict(x_input=2.6, x_hidden=5.6, x_output=8.6, x_target=10.4)
# the update figures need room between the columns for the factors on the backward path
WIDE_SCENE = dict(x_input=1.0, x_hidden=4.6, x_output=8.2, x_target=10.6)
# Heights relative to the network's highest unit (top) or lowest unit (-top), in data units.
TRACK_ABOVE = 2.35  # the backward-path track of the update figures, above the top unit
PT_PER_UNIT = UNIT_INCHES * POINTS_PER_INCH  # points per data unit of a network canvas
MATRIX_BELOW = 1.45  # baseline of the weight matrices, under the lowest unit
CAPTION_BELOW = 0.45  # column captions, under the lowest unit


def network_scene(record: Walkthrough, theme: Theme, *, above: float, below: float,
                  columns: dict[str, float] = SCENE,
                  highlight: Sequence[str] = (),
                  target_labels: Sequence[str] | None = None) -> tuple[Figure, Axes, NetLayout, NetworkArtists]:
    """A canvas with the network drawn: inputs, hidden and output units, bias nodes, every
    labelled weight, and the label y beside the outputs (dotted: compared, not connected).

    The canvas reaches `above` over the highest unit and `below` under the lowest, so the
    picture grows with the hidden layer."""
    layout = layout_for(record.W1, record.W2, **columns)
    fig, ax = new_canvas((0.0, X_SPAN), (-layout.top() - below, layout.top() + above))
    net = draw_network(ax, layout, theme, highlight=highlight, highlight_colour=theme.text)
    labels = target_labels or [f"$y_{{{k + 1}}}$" for k in range(layout.n_out)]
    for k, key in enumerate(layout.nodes("h2")):
        x, y = layout.node(key)
        ax.plot([x + NODE_RADIUS, layout.x_target - NODE_RADIUS], [y, y], color=theme.muted,
                linewidth=1.0, linestyle=(0, (1, 2)), zorder=1)
        draw_node(ax, (layout.x_target, y), labels[k], theme, fill=theme.panel, edge=theme.muted)
    return fig, ax, layout, net


def column_captions(ax: Axes, theme: Theme, y: float, captions: Sequence[tuple[float, str]]) -> None:
    """Muted captions under the columns (x, text)."""
    for x, text in captions:
        ax.text(x, y, text, ha="center", va="top", size=SMALL_SIZE + 1, color=theme.muted)


def standard_captions(layout: NetLayout) -> list[tuple[float, str]]:
    """(x, caption) of each column of the network pictures."""
    return [
        (layout.x_input, "input $X$"),
        (layout.x_hidden, "hidden $h_1$"),
        (layout.x_output, "output $h_2$"),
        (layout.x_target, "label $y$"),
    ]


# --- 4. initialized_network --------------------------------------------------------------------


def _shape(r: Walkthrough) -> str:
    """The network's shape as the article writes it, e.g. 2-3-2."""
    return f"{r.W1.shape[0]}-{r.W1.shape[1]}-{r.W2.shape[1]}"


def _weight_range(r: Walkthrough, layer: str) -> str:
    """'w1 to w6' for W1, 'w7 to w12' for W2, in the article's numbering."""
    first = 1 if layer == "W1" else r.W1.size + 1
    last = r.W1.size if layer == "W1" else r.W1.size + r.W2.size
    return f"w{first} to w{last}"


def _alt_initialized(r: Walkthrough) -> str:
    return (
        f"The {_shape(r)} network before training, weights labelled w1 to w{r.W1.size + r.W2.size}. "
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
def draw_initialized_network(record: Walkthrough, theme: Theme, layout: Layout = WIDE) -> Figure:
    X, y = record.X[0], record.y[0]
    fig, ax, layout, net = network_scene(
        record, theme, above=1.5, below=2.4,
        target_labels=[format_compact(v) for v in y],
    )
    # the input values beside the input units
    for i, key in enumerate(layout.nodes("x")):
        nx, ny = layout.node(key)
        ax.text(nx - NODE_RADIUS - 0.12, ny, f"$x_{{{i + 1}}}$ = " + format_number(X[i]), ha="right",
                va="center", size=SMALL_SIZE + 1, color=theme.text)
    ax.text(layout.x_target, layout.node(("h2", 0))[1] + NODE_RADIUS + 0.2, "$y$", ha="center",
            va="bottom", size=TEXT_SIZE, color=theme.text)
    ax.text(layout.x_target, layout.node(("h2", layout.n_out - 1))[1] - NODE_RADIUS - 0.15,
            f"class {int(np.argmax(y))}", ha="center", va="top", size=SMALL_SIZE, color=theme.muted)
    # zero biases beside their nodes
    for name, bias in (("b1", record.b1), ("b2", record.b2)):
        bx, by = layout.node((name, 0))
        net.edge_labels[(name, 0, 0)].set_text(
            f"$b_{{{name[1]}}}$ = [" + "  ".join(format_compact(v) for v in bias) + "]")
    # the weight matrices under the network, entries laid out as the labelled edges (rows of
    # W1 are the inputs, its columns the hidden units), set like the equation figures' matrices
    for name, W, x, anchor in (("W_1", record.W1, 0.0, "left"), ("W_2", record.W2, X_SPAN, "right")):
        # a point smaller than in the equation figures, so both fit side by side
        draw_row(ax, [Math(name, size=TEXT_SIZE + 1), Op("=", size=TEXT_SIZE + 1),
                      Matrix(W, size=TEXT_SIZE - 1)], x, -layout.top() - MATRIX_BELOW, ink=theme.text,
                 anchor=anchor)
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
        "W2": (layout.x_hidden + layout.x_output) / 2, "h2": layout.x_output, "L": layout.x_target,
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


def put_row(ax: Axes, items: Sequence[Item], x: float, y: float, theme: Theme, *,
            anchor: str = "left", valign: str = "center") -> Drawn:
    """A mathdraw row (the equation figures' typesetting) on a network canvas: anchored at x,
    its math centred on y (valign "center") or its lowest ink on y ("bottom")."""
    box = row_box(items)
    if valign == "center":
        baseline = y - (box.height - box.depth) / 2 / PT_PER_UNIT
    elif valign == "bottom":
        baseline = y + box.depth / PT_PER_UNIT
    else:
        raise ValueError(f"valign={valign!r} is not valid: expected 'center' or 'bottom'")
    return draw_row(ax, items, x, baseline, ink=theme.text, anchor=anchor)


def factor(name: str, theme: Theme, *, dashed: bool = False) -> Math:
    """A chain-rule factor as the equation figures draw it: framed in its colour."""
    return Math(TEX[name], frame=Frame(theme.factors[name], dashed=dashed))


def chain_rule(target: str, factors: Sequence[str], theme: Theme) -> list[Item]:
    """dL/d target = its factors side by side, each framed in its colour."""
    return [Math(TEX[target]), Op("="), *(factor(name, theme) for name in factors)]


def bias_rule(layer: str, factors: Sequence[str], theme: Theme) -> list[Item]:
    """dL/db = the factors up to z (framed), since dz/db = 1: the bias's gradient is the
    weights' chain rule without its last factor."""
    return [Math(TEX[f"dL_db{layer}"]), Op("="), *(factor(name, theme) for name in factors),
            Space(8.0), Label("since", color=theme.muted, size=TEXT_SIZE),
            Math(rf"\partial z_{layer} / \partial b_{layer} = 1", color=theme.muted, size=TEXT_SIZE)]


def _alt_update_w2(r: Walkthrough) -> str:
    return (
        f"The network with the connections of W2 ({_weight_range(r, 'W2')}) highlighted. Above it the backward "
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
def draw_update_w2(record: Walkthrough, theme: Theme, layout: Layout = WIDE) -> Figure:
    fig, ax, layout, net = network_scene(record, theme, above=5.6, below=1.0, highlight=("W2",),
                                         columns=WIDE_SCENE)
    _emphasise_bias(net, "b2", theme)
    column_captions(ax, theme, -layout.top() - CAPTION_BELOW, standard_captions(layout))
    track_y = layout.top() + TRACK_ABOVE
    a = backward_track(ax, layout, theme, y=track_y, active=("W2", "h2", "L"))
    f = theme.factors
    above = track_y + 0.3  # bottom of the labels over the straight arrows
    arrow(ax, a["L"], a["h2"], f["dL_dh2"], shrink=4)
    put_row(ax, [factor("dL_dh2", theme)], (a["L"][0] + a["h2"][0]) / 2, above, theme,
            anchor="center", valign="bottom")
    curl(ax, (layout.x_output, track_y), f["dh2_dz2"])
    put_row(ax, [factor("dh2_dz2", theme)], layout.x_output, track_y + 0.95, theme,
            anchor="center", valign="bottom")
    arrow(ax, a["z2"], (a["W2"][0] + 0.45, a["W2"][1]), f["dz2_dW2"], shrink=4)
    mid = (a["z2"][0] + a["W2"][0]) / 2
    put_row(ax, [factor("dz2_dW2", theme)], mid, above, theme, anchor="center", valign="bottom")
    ax.text(mid, track_y - 0.3, "$= h_1$", ha="center", va="top", size=TEXT_SIZE, color=theme.muted)
    put_row(ax, chain_rule("dL_dW2", ("dL_dh2", "dh2_dz2", "dz2_dW2"), theme), 0.0, track_y + 2.6,
            theme)
    put_row(ax, bias_rule("2", ("dL_dh2", "dh2_dz2"), theme), 0.0, track_y + 1.45, theme)
    return fig


def _emphasise_bias(net: NetworkArtists, name: str, theme: Theme) -> None:
    """Draw the bias edges of `name` like the highlighted weights: they get a gradient too."""
    for key, line in net.edges.items():
        if key[0] == name:
            line.set_color(theme.text)
            line.set_linewidth(1.6)


def _alt_update_w1(r: Walkthrough) -> str:
    return (
        f"The network with the connections of W1 ({_weight_range(r, 'W1')}) highlighted. Above it the backward "
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
def draw_update_w1(record: Walkthrough, theme: Theme, layout: Layout = WIDE) -> Figure:
    fig, ax, layout, net = network_scene(record, theme, above=6.45, below=1.0, highlight=("W1",),
                                         columns=WIDE_SCENE)
    _emphasise_bias(net, "b1", theme)
    column_captions(ax, theme, -layout.top() - CAPTION_BELOW, standard_captions(layout))
    track_y = layout.top() + TRACK_ABOVE
    a = backward_track(ax, layout, theme, y=track_y, active=("W1", "h1", "L", "W2", "h2"))
    f = theme.factors
    above = track_y + 0.3
    # dL/dz2, reused from the W2 step (dashed, as in the chain-rule figures), runs from L back
    # through h2 to z2 ...
    arrow(ax, a["L"], a["h2"], f["dL_dz2"], shrink=4)
    curl(ax, (layout.x_output, track_y), f["dL_dz2"])
    put_row(ax, [factor("dL_dz2", theme, dashed=True)], layout.x_output, track_y + 0.95, theme,
            anchor="center", valign="bottom")
    # ... then through W2 to h1: that whole stretch is dL/dh1 = dL/dz2 W2^T
    arrow(ax, a["z2"], a["h1"], f["dL_dh1"], shrink=4, zorder=3)
    put_row(ax, [factor("dL_dh1", theme), Op("="), factor("dL_dz2", theme, dashed=True),
                 Math(r"W_2^{\top}")], (a["h1"][0] + a["z2"][0]) / 2 - 0.15, above, theme,
            anchor="center", valign="bottom")
    curl(ax, (layout.x_hidden, track_y), f["dh1_dz1"])
    put_row(ax, [factor("dh1_dz1", theme)], layout.x_hidden - 0.15, track_y + 0.95, theme,
            anchor="center", valign="bottom")
    arrow(ax, a["z1"], (a["W1"][0] + 0.45, a["W1"][1]), f["dz1_dW1"], shrink=4)
    mid = (a["z1"][0] + a["W1"][0]) / 2
    put_row(ax, [factor("dz1_dW1", theme)], mid, above, theme, anchor="center", valign="bottom")
    ax.text(mid, track_y - 0.3, "$= X$", ha="center", va="top", size=TEXT_SIZE, color=theme.muted)
    put_row(ax, chain_rule("dL_dW1", ("dL_dh1", "dh1_dz1", "dz1_dW1"), theme), 0.0, track_y + 3.45,
            theme)
    put_row(ax, bias_rule("1", ("dL_dh1", "dh1_dz1"), theme), 0.0, track_y + 2.3, theme)
    return fig


# --- 3. overview2: bricks, layers, weights, shapes ---------------------------------------------


def class_codes(record: Walkthrough) -> list[tuple[int, np.ndarray]]:
    """(class, its one-hot y) for each class, read from the data set the record comes from."""
    _, y = make_xor_data(record.config.data)
    labels = np.argmax(y, axis=1)
    return [(int(c), y[np.argmax(labels == c)]) for c in np.unique(labels)]


def brick_style(kind: str, theme: Theme) -> dict[str, str]:
    """Colours of a brick: weights are solid accent bricks, values are light panel bricks."""
    if kind == "weights":
        return dict(face=theme.accent, edge=theme.text, label_colour=theme.page)
    return dict(face=theme.panel, edge=theme.muted, label_colour=theme.text)


def symbol_matrix(ax: Axes, xy: tuple[float, float], entries: Sequence[Sequence[str]], theme: Theme, *,
                  highlight: set[tuple[int, int]] = frozenset(), col_width: float = 0.62,
                  size: float = TEXT_SIZE + 1) -> tuple[float, float]:
    """A bracketed matrix of symbols centred at xy; entries in `highlight` in the accent colour
    on a panel. Returns the matrix's left and right x."""
    colours = {rc: theme.accent for rc in highlight}
    cells, _ = bracket_matrix(ax, xy, entries, theme, size=size, col_width=col_width,
                              row_height=0.46, cell_colours=colours)
    for r, c in highlight:
        x, y = cells[r][c].get_position()
        ax.add_patch(decorative(
            Rectangle((x - col_width / 2 + 0.04, y - 0.22), col_width - 0.08, 0.44,
                      facecolor=theme.panel, edgecolor="none", zorder=4),
            "a highlight behind a symbol whose accent colour carries it"))
    width = len(entries[0]) * col_width
    return xy[0] - width / 2, xy[0] + width / 2


def _alt_overview2(r: Walkthrough) -> str:
    codes = "; ".join(f"class {c} is y = {alt_compact(code)}" for c, code in class_codes(r))
    n_in, hidden = r.W1.shape
    n_out = r.W2.shape[1]
    return (
        f"The bricks of the model mapped onto the {n_in}-{hidden}-{n_out} network: input X, "
        "weights W1, a sigmoid layer h1, weights W2, a sigmoid layer h2, and the label y. "
        f"The connections from the inputs x1, x2 to the hidden units are the weights w1 to w{r.W1.size}, "
        f"those from the hidden units to the outputs w{r.W1.size + 1} to w{r.W1.size + r.W2.size}; "
        "a bias node adds b1 to the hidden layer and b2 to the output layer. In matrix form "
        f"the row [x1 x2] (1 by {n_in}) times W1 ({n_in} by {hidden}, first column w1, w2) plus b1 "
        f"through the sigmoid gives h1 (1 by {hidden}); h1 times W2 ({hidden} by {n_out}) plus b2 "
        f"through the sigmoid gives h2 (1 by {n_out}). The label is one-hot: {codes}."
    )


@register(
    "overview2",
    alt=_alt_overview2,
    caption="Each brick is a layer of the network; every connection is one weight of W1 or W2.",
)
def draw_overview2(record: Walkthrough, theme: Theme, layout: Layout = WIDE) -> Figure:
    fig, ax, layout, net = network_scene(record, theme, above=3.1, below=4.2)
    top = layout.top()
    # hidden unit 1 and what feeds it, in the accent colour: one column of W1 is one unit
    for key, line in net.edges.items():
        if key[0] == "W1" and key[2] == 0:
            line.set_color(theme.accent)
            line.set_linewidth(2.0)
            net.edge_labels[key].set_color(theme.accent)
    # ... and the bias that unit adds
    net.edges[("b1", 0, 0)].set_color(theme.accent)
    net.edges[("b1", 0, 0)].set_linewidth(1.4)
    net.nodes[("h1", 0)].set_edgecolor(theme.accent)

    # the bricks over their columns
    brick_y, brick_w, brick_h = top + 2.05, 1.0, 0.5
    bricks = [
        (layout.x_input, "$X$", "input", "values"),
        ((layout.x_input + layout.x_hidden) / 2, "$W_1$", "weights", "weights"),
        (layout.x_hidden, "$h_1$", "sigmoid", "values"),
        ((layout.x_hidden + layout.x_output) / 2, "$W_2$", "weights", "weights"),
        (layout.x_output, "$h_2$", "sigmoid", "values"),
        (layout.x_target, "$y$", "label", "values"),
    ]
    for x, label, caption, kind in bricks:
        brick(ax, (x - brick_w / 2, brick_y), brick_w, brick_h, label=label, studs=2,
              **brick_style(kind, theme))
        ax.text(x + 0.1, brick_y - 0.18, caption, ha="center", va="top", size=SMALL_SIZE + 1,
                color=theme.muted)

    # the label encoding, beside the label units
    codes = class_codes(record)
    ax.text(layout.x_target, layout.node(("h2", layout.n_out - 1))[1] - NODE_RADIUS - 0.2,
            "\n".join(f"class {c}: [" + ", ".join(format_compact(v) for v in code) + "]" for c, code in codes),
            ha="center", va="top", size=SMALL_SIZE + 1, color=theme.muted, linespacing=1.4)

    # the matrix shapes: [x1 x2] . W1 -> h1 . W2 -> h2, entries where the edges put them
    y0 = -top - 1.95
    s1, s2 = record.W1.shape, record.W2.shape
    w1 = [[f"$w_{{{weight_number('W1', i, j, s1, s2)}}}$" for j in range(s1[1])] for i in range(s1[0])]
    w2 = [[f"$w_{{{weight_number('W2', j, k, s1, s2)}}}$" for k in range(s2[1])] for j in range(s2[0])]
    x_row = [[f"$x_{{{i + 1}}}$" for i in range(s1[0])]]
    h1_row = [[f"$h_{{1,{j + 1}}}$" for j in range(s1[1])]]
    h2_row = [[f"$h_{{2,{k + 1}}}$" for k in range(s2[1])]]
    pieces = [
        (x_row, 0.52, {(0, i) for i in range(s1[0])}, f"$1\\times{s1[0]}$"),
        ("dot", 0, None, None),
        (w1, 0.52, {(i, 0) for i in range(s1[0])}, f"${s1[0]}\\times{s1[1]}$"),
        ("arrow1", 0, None, None),
        (h1_row, 0.68, {(0, 0)}, f"$1\\times{s1[1]}$"),
        ("dot", 0, None, None),
        (w2, 0.6, set(), f"${s2[0]}\\times{s2[1]}$"),
        ("arrow2", 0, None, None),
        (h2_row, 0.68, set(), f"$1\\times{s2[1]}$"),
    ]
    gaps = {"dot": 0.3, "arrow1": 1.05, "arrow2": 1.05}
    widths = [len(p[0][0]) * p[1] if not isinstance(p[0], str) else gaps[p[0]] for p in pieces]
    x = (X_SPAN - sum(widths) - 0.2 * (len(pieces) - 1)) / 2
    for (entries, col_w, hl, shape), w in zip(pieces, widths):
        if entries == "dot":
            ax.text(x + w / 2, y0, r"$\cdot$", ha="center", va="center", size=MATH_SIZE, color=theme.text)
        elif isinstance(entries, str):
            layer = entries[-1]
            arrow(ax, (x + 0.1, y0), (x + w - 0.1, y0), theme.text, width=1.4, head=7)
            ax.text(x + w / 2, y0 + 0.14, f"$+b_{layer}$, $\\sigma$", ha="center", va="bottom",
                    size=SMALL_SIZE + 1, color=theme.text)
        else:
            symbol_matrix(ax, (x + w / 2, y0), entries, theme, highlight=hl, col_width=col_w,
                          size=TEXT_SIZE)
            rows = len(entries)
            ax.text(x + w / 2, y0 - rows * 0.23 - 0.2, shape, ha="center", va="top",
                    size=SMALL_SIZE + 1, color=theme.muted)
        x += w + 0.2
    ax.text(X_SPAN / 2, -top - 3.6, "$h_{1,1} = \\sigma(x_1 w_1 + x_2 w_2 + b_{1,1})$", ha="center",
            va="center", size=TEXT_SIZE + 1, color=theme.accent)
    return fig


# --- 1. overview: the method in one picture ----------------------------------------------------

# the loss as the loss figure sets it: squared error plus the L2 penalty on the weights
LOSS_ITEMS: tuple[Item, ...] = (
    Math("L"), Op("="), Math(r"\dfrac{1}{2N}\,\sum_{n=1}^{N}\,\Vert y_n - h_{2,n}\Vert^2"), Op("+"),
    Math(r"\dfrac{\lambda}{2N}\,(\Vert W_1\Vert^2 + \Vert W_2\Vert^2)"),
)


def _alt_overview(r: Walkthrough) -> str:
    return (
        "The method in one picture. A stack of bricks, bottom to top: the input X, the weights W1, "
        "the hidden layer h1, the weights W2 and the output h2. Beside each brick its forward "
        "equation: z1 = X W1 + b1, h1 = sigmoid(z1), z2 = h1 W2 + b2, h2 = sigmoid(z2); an "
        "arrow up marks the forward pass. On top the loss, L = 1/(2N) times the sum over the N "
        "observations of the squared distance between y and h2, plus lambda/(2N) times the "
        "squared size of W1 and W2. An arrow down marks the backward pass, beside the chain "
        "rule: dL/dW2 = dL/dh2 times dh2/dz2 times dz2/dW2, and dL/dW1 = dL/dh1 times dh1/dz1 "
        "times dz1/dW1. Then each weight takes a small step against its gradient: "
        f"W <- W - alpha dL/dW, with learning rate alpha = {format_value(r.learning_rate, 'g')}."
    )


@register(
    "overview",
    alt=_alt_overview,
    caption="Forward through the layers to the loss, back down with the chain rule, then a small step for every weight.",
)
def draw_overview(record: Walkthrough, theme: Theme, layout: Layout = WIDE) -> Figure:
    fig, ax = new_canvas((0.0, X_SPAN), (-1.85, 5.0))
    f = theme.factors
    # the stack, bottom to top: (label, kind, height); each weight brick carries an equation
    stack_x, stack_w = 4.35, 1.55
    layers = [
        ("$X$", "values", 0.55, None),
        ("$W_1$", "weights", 0.75, ("z_1", r"X\,W_1 + b_1")),
        ("$h_1$", "values", 0.55, ("h_1", r"\sigma(z_1)")),
        ("$W_2$", "weights", 0.75, ("z_2", r"h_1 W_2 + b_2")),
        ("$h_2$", "values", 0.55, ("h_2", r"\sigma(z_2)")),
    ]
    equals_x = 1.55  # the forward equations line up on their "=" signs
    centres: dict[str, float] = {}
    y = 0.0
    for k, (label, kind, height, equation) in enumerate(layers):
        top = k == len(layers) - 1
        brick(ax, (stack_x, y), stack_w, height, label=label, studs=3 if top else 0, depth=0.55,
              size=MATH_SIZE, zorder=3 + k * 0.5, **brick_style(kind, theme))
        centres[label] = y + height / 2
        if equation:
            lhs, rhs = equation
            put_row(ax, [Math(lhs)], equals_x, y + height / 2, theme, anchor="right")
            put_row(ax, [Op("="), Math(rhs)], equals_x, y + height / 2, theme)
        y += height
    stack_top = y
    # forward: up the left side; backward: down the right side
    fwd_x, bwd_x = stack_x - 0.5, stack_x + stack_w + 0.85
    loss_y = stack_top + 1.3
    arrow(ax, (fwd_x, 0.1), (fwd_x, loss_y - 0.45), theme.accent, width=3.0, head=12)
    ax.text(fwd_x, -0.05, "forward", ha="center", va="top", size=TEXT_SIZE, color=theme.text)
    arrow(ax, (bwd_x, loss_y - 0.45), (bwd_x, 0.1), f["dL_dh1"], width=3.0, head=12)
    ax.text(bwd_x, -0.05, "backward", ha="center", va="top", size=TEXT_SIZE, color=theme.text)
    # the loss above the stack
    put_row(ax, LOSS_ITEMS, X_SPAN / 2, loss_y, theme, anchor="center")
    # the chain rule beside the weight bricks, each factor in its colour
    chain_x = bwd_x + 0.75
    for brick_label, target, factors in (
        ("$W_2$", "dL_dW2", ("dL_dh2", "dh2_dz2", "dz2_dW2")),
        ("$W_1$", "dL_dW1", ("dL_dh1", "dh1_dz1", "dz1_dW1")),
    ):
        put_row(ax, chain_rule(target, factors, theme), chain_x, centres[brick_label], theme)
    # the update, under everything
    update_y = -1.15
    math_row(ax, (X_SPAN / 2, update_y),
             [(r"$W \leftarrow W - \alpha\,$", theme.text), (frac("L", "W"), theme.text),
              (r"$\quad$for $W_1, b_1, W_2, b_2$, with learning rate "
               rf"$\alpha = {format_value(record.learning_rate, 'g')}$", theme.muted)],
             align=(0.5, 0.5))
    return fig


# --- 2. nonlinear_xor: why one straight line is not enough -------------------------------------

# Candidate lines a x1 + b x2 = c over the unit square of the truth table (geometry, not data):
# the two diagonals that cut off one corner, and a vertical cut.
CANDIDATE_LINES: tuple[tuple[float, float, float], ...] = ((-1.0, 1.0, 0.5), (1.0, -1.0, 0.5), (1.0, 0.0, 0.5))


def truth_table(record: Walkthrough) -> list[tuple[int, int, int, np.ndarray]]:
    """Rows (x1 > 0, x2 > 0, class, y) of XOR, with y the class's one-hot code in the data."""
    codes = dict(class_codes(record))
    rows = []
    for a in (False, True):
        for b in (False, True):
            c = int(np.logical_xor(a, b))
            rows.append((int(a), int(b), c, codes[c]))
    return rows


def best_side(line: tuple[float, float, float], points: np.ndarray, classes: np.ndarray) -> tuple[int, np.ndarray]:
    """The class the line's positive side predicts (the better of the two choices) and which
    points it gets wrong."""
    a, b, c = line
    positive = points @ np.array([a, b]) > c
    wrong = [positive != (classes == side) for side in (0, 1)]
    side = int(np.argmin([w.sum() for w in wrong]))
    return side, wrong[side]


def _alt_nonlinear_xor(r: Walkthrough) -> str:
    X, y = make_xor_data(r.config.data)
    labels = np.argmax(y, axis=1)
    table = "; ".join(f"x1 > 0 is {bool(a)}, x2 > 0 is {bool(b)}: class {c}" for a, b, c, _ in truth_table(r))
    codes = ", ".join(f"class {c} as y = {alt_compact(code)}" for c, code in class_codes(r))
    counts = ", ".join(f"{int(np.sum(labels == c))} of class {c}" for c, _ in class_codes(r))
    return (
        f"The XOR truth table: {table}. Three straight lines drawn over the four corners each "
        "leave at least one corner on the wrong side, because the two corners of class 1 sit "
        f"diagonally opposite. Beside it the {len(X)} training points, {counts}: class 1 fills "
        f"the quadrants where exactly one coordinate is positive. The labels are one-hot: {codes}."
    )


@register(
    "nonlinear_xor",
    alt=_alt_nonlinear_xor,
    caption="XOR puts each class in two opposite corners, so no single straight line can separate them.",
)
def draw_nonlinear_xor(record: Walkthrough, theme: Theme, layout: Layout = WIDE) -> Figure:
    fig = Figure(figsize=(FIGURE_WIDTH, 3.45))
    colours = theme.classes
    markers = ("o", "^")  # shape as well as colour tells the classes apart
    rows = truth_table(record)

    # the truth table, top left
    table = fig.add_axes((0.0, 0.58, 0.5, 0.4))
    table.set_axis_off()
    table.set_xlim(0, 4)
    table.set_ylim(len(rows) + 0.2, -1.2)
    fig.text(0.25, 1.13, "the XOR truth table", ha="center", va="top", size=SMALL_SIZE + 1,
             color=theme.muted)
    heads = ("$x_1 > 0$", "$x_2 > 0$", "XOR", "$y$")
    xs = (0.45, 1.35, 2.2, 3.3)
    for x, head in zip(xs, heads):
        table.text(x, -0.6, head, ha="center", va="center", size=TEXT_SIZE, color=theme.text)
    table.plot([0.0, 3.9], [-0.05, -0.05], color=theme.muted, linewidth=0.8)
    for r, (a, b, c, code) in enumerate(rows):
        cells = (str(a), str(b), str(c), "[" + ", ".join(format_compact(v) for v in code) + "]")
        for x, cell in zip(xs, cells):
            # in the text colour: orange is too light for small text on white; the
            # marker beside the class carries its colour
            table.text(x, r + 0.5, cell, ha="center", va="center", size=TEXT_SIZE, color=theme.text)
        # the class's marker, as in the corner panels and the data set
        table.scatter([2.55], [r + 0.5], s=30, marker=markers[c], color=colours[c], linewidths=0)

    # three candidate lines over the four corners, bottom left
    corners = np.array([[a, b] for a, b, _, _ in rows], dtype=float)
    classes = np.array([c for _, _, c, _ in rows])
    panel_w, gap = 0.148, 0.025
    for k, line in enumerate(CANDIDATE_LINES):
        ax = fig.add_axes((0.015 + k * (panel_w + gap), 0.08, panel_w, panel_w * FIGURE_WIDTH / 3.45))
        _candidate_panel(ax, line, corners, classes, theme, markers)
    fig.text(0.25, 0.535, "no straight line gets all four corners right", ha="center", va="top",
             size=SMALL_SIZE + 1, color=theme.muted)

    # the data set, right
    ax = fig.add_axes((0.6, 0.15, 0.38, 0.38 * FIGURE_WIDTH / 3.45))
    X, y = make_xor_data(record.config.data)
    labels = np.argmax(y, axis=1)
    for (c, code), marker in zip(class_codes(record), markers):
        pts = X[labels == c]
        ax.scatter(pts[:, 0], pts[:, 1], s=14, marker=marker, color=colours[c], linewidths=0,
                   label=f"class {c}: $y$ = [" + ", ".join(format_compact(v) for v in code) + "]")
    ax.axhline(0, color=theme.muted, linewidth=0.8, linestyle=(0, (3, 2)), zorder=0)
    ax.axvline(0, color=theme.muted, linewidth=0.8, linestyle=(0, (3, 2)), zorder=0)
    lim = float(np.max(np.abs(X))) * 1.05
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-lim, lim)
    ax.set_aspect("equal")
    ax.set_xlabel("$x_1$", size=TEXT_SIZE, color=theme.text, labelpad=1)
    ax.set_ylabel("$x_2$", size=TEXT_SIZE, color=theme.text, labelpad=1, rotation=0)
    ax.tick_params(colors=theme.muted, labelcolor=theme.text, labelsize=SMALL_SIZE, length=3)
    for spine in ax.spines.values():
        spine.set_color(theme.muted)
    ax.set_facecolor("none")
    legend = ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=1, frameon=False,
                       fontsize=SMALL_SIZE + 1, labelcolor=theme.text, handletextpad=0.3,
                       borderaxespad=0.2, title=f"the {len(X)} training points", markerscale=1.6,
                       title_fontsize=SMALL_SIZE + 1)
    legend.get_title().set_color(theme.muted)
    return fig


def _candidate_panel(ax: Axes, line: tuple[float, float, float], corners: np.ndarray,
                     classes: np.ndarray, theme: Theme, markers: Sequence[str]) -> None:
    """One failed line over the four corners: half-planes tinted by the class they predict,
    the corners it gets wrong ringed, and the count under the panel."""
    lo, hi = -0.45, 1.45
    ax.set_xlim(lo, hi)
    ax.set_ylim(lo, hi)
    ax.set_aspect("equal")
    ax.set_axis_off()
    a, b, c = line
    side, wrong = best_side(line, corners, classes)
    grid = np.linspace(lo, hi, 2)
    # the line's two half-planes as polygons, clipped to the panel
    box = np.array([[lo, lo], [hi, lo], [hi, hi], [lo, hi]])
    for positive, cls in ((True, side), (False, 1 - side)):
        poly = _half_plane(box, (a, b, c), positive)
        (region,) = ax.fill(poly[:, 0], poly[:, 1], color=theme.classes[cls], alpha=0.16, linewidth=0)
        # the line, the ringed corners and the count carry the message; the markers on the
        # tint are judged against it
        decorative(region, "the side a line predicts, told by the line and the ringed corners")
    if b != 0:
        ax.plot(grid, (c - a * grid) / b, color=theme.text, linewidth=1.4)
    else:
        ax.plot([c / a, c / a], [lo, hi], color=theme.text, linewidth=1.4)
    ax.add_patch(Rectangle((0, 0), 1, 1, fill=False, edgecolor=theme.muted, linewidth=0.6,
                           linestyle=(0, (2, 2))))
    for (x, y), cls, bad in zip(corners, classes, wrong):
        ax.scatter([x], [y], s=70, marker=markers[cls], color=theme.classes[cls], zorder=4,
                   linewidths=0)
        if bad:
            ax.scatter([x], [y], s=330, marker="o", facecolors="none", edgecolors=theme.text,
                       linewidths=1.3, zorder=5)
    n = int(wrong.sum())
    ax.text(0.5, lo - 0.08, f"{n} wrong", ha="center", va="top", size=SMALL_SIZE + 1,
            color=theme.text, transform=ax.transData)


def _half_plane(box: np.ndarray, line: tuple[float, float, float], positive: bool) -> np.ndarray:
    """The part of the convex polygon `box` where a x + b y > c (positive) or <= c."""
    a, b, c = line
    sign = 1.0 if positive else -1.0
    out = []
    for p, q in zip(box, np.roll(box, -1, axis=0)):
        fp, fq = sign * (p @ (a, b) - c), sign * (q @ (a, b) - c)
        if fp >= 0:
            out.append(p)
        if fp * fq < 0:
            out.append(p + fp / (fp - fq) * (q - p))
    return np.array(out)

"""Figures that are pictures: bricks, the XOR data, the network diagrams.

Every number drawn is read from the walkthrough record (or the data set the record was drawn
from); the literals in this module are sizes, positions and transparencies.

Each figure also draws a PHONE layout: the same picture on a narrower canvas (one data unit
stays UNIT_INCHES, so the text keeps its size), with what sat side by side stacked: matrices
under the network, the chain rules under the brick stack, the data under the truth table.
Weights are named as the article names them, W_1[i,j]; only the edges a figure is about carry
their name, the others stay unlabelled.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Circle, Rectangle

from figgen.figures import PHONE, RUN_RATES, WIDE, WORKED_RATE, Layout, hue_names, register
from figgen.figures.mathdraw import (
    DECIMALS, ITEM_GAP, POINTS_PER_INCH, TEX, Drawn, Frame, Item, Label, Line, Math, Matrix, Op,
    Space, draw_row, format_number, lines_box, row_box,
)
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
    weight_label,
)
from figgen.i18n import localized
from figgen.legibility import decorative
from figgen.network import make_xor_data
from figgen.prose import format_value
from figgen.style import FACTOR_HUES, MATH_SIZE, SMALL_SIZE, TEXT_SIZE, Theme
from figgen.walkthrough import Walkthrough

# Every word the network and diagram figures draw, in one place (figgen.es translates them).
WORDS: Mapping[str, str] = localized("figures.diagrams", {
    "input_X": "input $X$",
    "hidden_h1": "hidden $h_1$",
    "output_h2": "output $h_2$",
    "label_y": "label $y$",
    "class": "class {c}",
    "since": "since",
    "input": "input",
    "weights": "weights",
    "sigmoid": "sigmoid",
    "label": "label",
    "class_code": "class {c}: [{code}]",
    "forward": "forward",
    "backward": "backward",
    "update_where": r"for $W_1, b_1, W_2, b_2$, with learning rate $\alpha$",
    "truth_table": "the XOR truth table",
    "no_line": "no straight line gets all four corners right",
    "class_points": "class {c}: $y$ = [{code}], {n} points",
    "wrong": "{n} wrong",
    "training_points": "the {n} training points",
})


# Every alt text of these figures, as a template (figgen.es translates them).
ALT: Mapping[str, str] = localized("figures.alt", {
    "initialized_network": (
        "The {shape} network before training. Input X = {X}, label y = {y}, class {c}. "
        "W1 = {W1} (row i: input x_i; column j: hidden unit j). "
        "W2 = {W2} (row j: hidden unit j; column k: output k). "
        "Biases b1 = {b1} and b2 = {b2}."
    ),
    "update_w2": (
        "The {shape} network with the {n} connections of W2 and the bias edges of b2 "
        "drawn thick. Above it the backward path from the loss L to W2, one arrow per chain-rule "
        "factor: dL/dh2 ({dL_dh2}) from L to the output h2, dh2/dz2 ({dh2_dz2}) "
        "through the output sigmoid from h2 to z2, and dz2/dW2 = h1 ({dz2_dW2}) from z2 "
        "to the weights. At the top the chain rule dL/dW2 = dL/dh2 times dh2/dz2 times dz2/dW2, "
        "and dL/db2 = dL/dh2 times dh2/dz2, since dz2/db2 = 1."
    ),
    "update_w1": (
        "The {shape} network with the {n} connections of W1 and the bias edges of b1 "
        "drawn thick. Above it the backward path from the loss L to W1: dL/dz2 "
        "({dL_dz2}, reused from the W2 step) from L back through h2 to z2; then "
        "dL/dh1 = dL/dz2 times W2 transposed ({dL_dh1}) through the weights W2 to h1; "
        "dh1/dz1 ({dh1_dz1}) through the hidden sigmoid; and dz1/dW1 = X "
        "({dz1_dW1}) to the weights W1. At the top the chain rule dL/dW1 = dL/dh1 times "
        "dh1/dz1 times dz1/dW1, and dL/db1 = dL/dh1 times dh1/dz1, since dz1/db1 = 1."
    ),
    "overview2.code": "class {c} is y = {y}",
    "overview2": (
        "The bricks of the model mapped onto the {n_in}-{hidden}-{n_out} network: input X, "
        "weights W1, a sigmoid layer h1, weights W2, a sigmoid layer h2, and the label y. "
        "Every connection from an input to a hidden unit is one weight of W1, every connection "
        "from a hidden unit to an output one weight of W2; a bias node adds b1 to the hidden "
        "layer and b2 to the output layer. Highlighted: hidden unit 1 and what feeds it, the "
        "weights W1[1,1] from x1 and W1[2,1] from x2, the first column of W1, and its bias. In "
        "matrix form the row [x1 x2] (1 by {n_in}) times W1 ({n_in} by {hidden}) plus b1 "
        "through the sigmoid gives h1 (1 by {hidden}); h1 times W2 ({hidden} by {n_out}) plus b2 "
        "through the sigmoid gives h2 (1 by {n_out}); so h1[1] = sigmoid(x1 W1[1,1] + "
        "x2 W1[2,1] + b1[1]). The label is one-hot: {codes}."
    ),
    "overview": (
        "The method in one picture. A stack of bricks, bottom to top: the input X, the weights W1, "
        "the hidden layer h1, the weights W2 and the output h2. Beside each brick its forward "
        "equation: z1 = X W1 + b1, h1 = sigmoid(z1), z2 = h1 W2 + b2, h2 = sigmoid(z2); an "
        "arrow up marks the forward pass. On top the loss, L = 1/(2N) times the sum over the N "
        "observations of the squared distance between y and h2, plus lambda/(2N) times the "
        "squared size of W1 and W2. An arrow down marks the backward pass, beside the chain "
        "rule: dL/dW2 = dL/dh2 times dh2/dz2 times dz2/dW2, and dL/dW1 = dL/dh1 times dh1/dz1 "
        "times dz1/dW1. Then each weight and bias takes a small step against its gradient: "
        "W <- W - alpha dL/dW, with a learning rate alpha: "
        "{rate} in the worked step below, {run_rates} in the training runs."
    ),
    "nonlinear_xor.true": "True",
    "nonlinear_xor.false": "False",
    "nonlinear_xor.row": "x1 > 0 is {a}, x2 > 0 is {b}: class {c}",
    "nonlinear_xor.class": "{n} of class {c} (y = {y})",
    "nonlinear_xor": (
        "The XOR truth table: {table}. Three straight lines drawn over the four corners get "
        "{wrong} corners wrong: the two corners of class 1 sit diagonally opposite, so no line "
        "gets all four right. Beside it the {points} training points, {classes}: class 1 fills "
        "the quadrants where exactly one coordinate is positive."
    ),
})


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


def sz(base: float, layout: Layout) -> float:
    """A font size in `layout`: `base`, or the layout's smallest readable size if larger."""
    return max(base, layout.min_text)


def is_phone(layout: Layout) -> bool:
    return layout.name == PHONE.name


# --- the network scene shared by overview2, initialized_network, update_w2, update_w1 --------

# Width of the network canvases (data units; one unit is UNIT_INCHES on the page).
X_SPAN = {WIDE.name: WIDE.width / UNIT_INCHES, PHONE.name: 8.5}
# Columns of the network pictures.
SCENE = {
    WIDE.name: dict(x_input=2.6, x_hidden=5.6, x_output=8.6, x_target=10.4),
    PHONE.name: dict(x_input=0.9, x_hidden=3.4, x_output=5.9, x_target=7.6),
}
# the update figures need room between the columns for the factors on the backward path
TRACK_SCENE = {
    WIDE.name: dict(x_input=1.0, x_hidden=4.6, x_output=8.2, x_target=10.6),
    PHONE.name: dict(x_input=0.75, x_hidden=3.2, x_output=5.75, x_target=7.75),
}
# initialized_network writes "x_i = <value>" left of the inputs: room for a minus sign
VALUE_SCENE = {**SCENE, WIDE.name: {**SCENE[WIDE.name], "x_input": 2.85}}
# Heights relative to the network's highest unit (top) or lowest unit (-top), in data units.
TRACK_ABOVE = {WIDE.name: 2.35, PHONE.name: 3.3}  # the update figures' backward-path track
# where W1 and W2 sit on the track, between their columns: nearer the layer they read on a
# phone, so the arrow from z to W stays long enough to see
W_AT = {WIDE.name: 0.5, PHONE.name: 0.4}
PT_PER_UNIT = UNIT_INCHES * POINTS_PER_INCH  # points per data unit of a network canvas
MATRIX_BELOW = 1.45  # baseline of the weight matrices, under the lowest unit
CAPTION_BELOW = 0.45  # column captions, under the lowest unit


def network_scene(record: Walkthrough, theme: Theme, layout: Layout, *, above: float, below: float,
                  columns: dict[str, dict[str, float]] = SCENE,
                  highlight: Sequence[str] = (), labelled: Sequence[tuple[str, int, int]] = (),
                  target_labels: Sequence[str] | None = None) -> tuple[Figure, Axes, NetLayout, NetworkArtists]:
    """A canvas with the network drawn: inputs, hidden and output units, bias nodes, the
    weights (named on the `labelled` edges only), and the label y beside the outputs (dotted:
    compared, not connected).

    The canvas reaches `above` over the highest unit and `below` under the lowest, so the
    picture grows with the hidden layer."""
    net_layout = layout_for(record.W1, record.W2, **columns[layout.name])
    fig, ax = new_canvas((0.0, X_SPAN[layout.name]), (-net_layout.top() - below, net_layout.top() + above))
    net = draw_network(ax, net_layout, theme, highlight=highlight, highlight_colour=theme.text,
                       labelled=labelled, min_text=layout.min_text)
    labels = target_labels or [f"$y_{{{k + 1}}}$" for k in range(net_layout.n_out)]
    for k, key in enumerate(net_layout.nodes("h2")):
        x, y = net_layout.node(key)
        ax.plot([x + NODE_RADIUS, net_layout.x_target - NODE_RADIUS], [y, y], color=theme.muted,
                linewidth=1.0, linestyle=(0, (1, 2)), zorder=1)
        draw_node(ax, (net_layout.x_target, y), labels[k], theme, fill=theme.panel, edge=theme.muted)
    return fig, ax, net_layout, net


def column_captions(ax: Axes, theme: Theme, y: float, captions: Sequence[tuple[float, str]],
                    layout: Layout = WIDE) -> None:
    """Muted captions under the columns (x, text)."""
    for x, text in captions:
        ax.text(x, y, text, ha="center", va="top", size=sz(SMALL_SIZE + 1, layout), color=theme.muted)


def standard_captions(layout: NetLayout) -> list[tuple[float, str]]:
    """(x, caption) of each column of the network pictures."""
    return [
        (layout.x_input, WORDS["input_X"]),
        (layout.x_hidden, WORDS["hidden_h1"]),
        (layout.x_output, WORDS["output_h2"]),
        (layout.x_target, WORDS["label_y"]),
    ]


def rows_below(ax: Axes, lines: Sequence[Line], top: float, theme: Theme, x: float = 0.1) -> float:
    """An aligned list of equations (mathdraw Lines: left-hand sides right-aligned on one
    column) on a network canvas, from y = top down, left edge at x; returns the bottom's y."""
    column = max(row_box(line.lhs or ()).width for line in lines)  # points
    y = top
    for i, line in enumerate(lines):
        left, right = row_box(line.lhs or ()), row_box(line.rhs)
        if i:
            y -= line.gap / PT_PER_UNIT
        y -= max(left.height, right.height) / PT_PER_UNIT
        if line.lhs:
            draw_row(ax, line.lhs, x + column / PT_PER_UNIT, y, ink=theme.text, anchor="right")
        draw_row(ax, line.rhs, x + (column + ITEM_GAP) / PT_PER_UNIT, y, ink=theme.text)
        y -= max(left.depth, right.depth) / PT_PER_UNIT
    return y


def rows_height(lines: Sequence[Line]) -> float:
    """Height of `rows_below`'s lines in data units."""
    box = lines_box(lines)
    return (box.height + box.depth) / PT_PER_UNIT


# --- 4. initialized_network --------------------------------------------------------------------


def _shape(r: Walkthrough) -> str:
    """The network's shape as the article writes it, e.g. 2-3-2."""
    return f"{r.W1.shape[0]}-{r.W1.shape[1]}-{r.W2.shape[1]}"


def _alt_initialized(r: Walkthrough) -> str:
    return ALT["initialized_network"].format(
        shape=_shape(r), X=alt_value(r.X[0]), y=alt_compact(r.y[0]), c=int(np.argmax(r.y[0])),
        W1=alt_value(r.W1), W2=alt_value(r.W2), b1=alt_compact(r.b1), b2=alt_compact(r.b2))



def _bias_text(name: str, bias: np.ndarray) -> str:
    return f"$b_{{{name[1]}}}$ = [" + "  ".join(format_compact(v) for v in bias) + "]"


@register(
    "initialized_network",
    alt=_alt_initialized,
    phone=True,
    caption="The network before its first step: the observation X, its label y, and the random starting weights.",
)
def draw_initialized_network(record: Walkthrough, theme: Theme, layout: Layout = WIDE) -> Figure:
    X, y = record.X[0], record.y[0]
    phone = is_phone(layout)
    matrices = [
        Line([Math("W_1", size=TEXT_SIZE + 1)], [Op("=", size=TEXT_SIZE + 1), Matrix(record.W1, size=TEXT_SIZE, name="W1")]),
        Line([Math("b_1", size=TEXT_SIZE + 1)], [Op("=", size=TEXT_SIZE + 1), Matrix(record.b1, size=TEXT_SIZE, decimals=0, name="b1")]),
        Line([Math("W_2", size=TEXT_SIZE + 1)], [Op("=", size=TEXT_SIZE + 1), Matrix(record.W2, size=TEXT_SIZE, name="W2")], gap=10.0),
        Line([Math("b_2", size=TEXT_SIZE + 1)], [Op("=", size=TEXT_SIZE + 1), Matrix(record.b2, size=TEXT_SIZE, decimals=0, name="b2")]),
    ]
    inputs = [Line([Math("X", size=TEXT_SIZE + 1)], [Op("=", size=TEXT_SIZE + 1), Matrix(record.X, size=TEXT_SIZE, name="X")])]
    below = (1.0 + rows_height(matrices)) if phone else 2.4
    above = (1.75 + rows_height(inputs)) if phone else 1.5
    fig, ax, net_layout, net = network_scene(
        record, theme, layout, above=above, below=below, columns=VALUE_SCENE,
        target_labels=[format_compact(v) for v in y],
    )
    if phone:  # the values in lines above and under the network, which stays narrow
        rows_below(ax, inputs, net_layout.top() + above - 0.05, theme)
    else:  # the input values beside the input units
        for i, key in enumerate(net_layout.nodes("x")):
            nx, ny = net_layout.node(key)
            t = ax.text(nx - NODE_RADIUS - 0.12, ny, f"$x_{{{i + 1}}}$ = " + format_number(X[i]), ha="right",
                        va="center", size=SMALL_SIZE + 1, color=theme.text)
            t.set_gid(f"X.1.{i + 1}")
    ax.text(net_layout.x_target, net_layout.node(("h2", 0))[1] + NODE_RADIUS + 0.2, "$y$", ha="center",
            va="bottom", size=TEXT_SIZE, color=theme.text)
    ax.text(net_layout.x_target, net_layout.node(("h2", net_layout.n_out - 1))[1] - NODE_RADIUS - 0.15,
            WORDS["class"].format(c=int(np.argmax(y))), ha="center", va="top", size=sz(SMALL_SIZE, layout), color=theme.muted)
    for name, bias in (("b1", record.b1), ("b2", record.b2)):
        if not phone:  # zero biases beside their nodes; the phone lists them under the network
            net.edge_labels[(name, 0, 0)].set_text(_bias_text(name, bias))
    if phone:
        rows_below(ax, matrices, -net_layout.top() - 0.75, theme)
    else:
        # the weight matrices under the network, entries laid out as the edges (rows of W1 are
        # the inputs, its columns the hidden units), a point smaller than in the equation
        # figures so both fit side by side
        for name, W, x, anchor in (("W_1", record.W1, 0.0, "left"), ("W_2", record.W2, X_SPAN[WIDE.name], "right")):
            draw_row(ax, [Math(name, size=TEXT_SIZE + 1), Op("=", size=TEXT_SIZE + 1),
                          Matrix(W, size=TEXT_SIZE - 1, name=name.replace("_", ""))],
                     x, -net_layout.top() - MATRIX_BELOW, ink=theme.text, anchor=anchor)
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
                   active: Sequence[str], w_at: float = 0.5) -> dict[str, tuple[float, float]]:
    """The layers in one row above the network, each over its column: X, W1, z1|h1, W2,
    z2|h2 and the loss L; a weight matrix sits `w_at` of the way from the layer it reads to
    the one it feeds. Names in `active` are drawn in the text colour, the rest muted.
    Returns the anchor points of each part, for the arrows of the backward path."""
    node_r = 0.5
    xs = {
        "X": layout.x_input, "W1": layout.x_input + w_at * (layout.x_hidden - layout.x_input),
        "h1": layout.x_hidden, "W2": layout.x_hidden + w_at * (layout.x_output - layout.x_hidden),
        "h2": layout.x_output, "L": layout.x_target,
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
    its math centred on y (valign "center"), its lowest ink on y ("bottom") or its top on y
    ("top")."""
    box = row_box(items)
    if valign == "center":
        baseline = y - (box.height - box.depth) / 2 / PT_PER_UNIT
    elif valign == "bottom":
        baseline = y + box.depth / PT_PER_UNIT
    elif valign == "top":
        baseline = y - box.height / PT_PER_UNIT
    else:
        raise ValueError(f"valign={valign!r} is not valid: expected 'center', 'bottom' or 'top'")
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
            Space(8.0), Label(WORDS["since"], color=theme.muted, size=TEXT_SIZE),
            Math(rf"\partial z_{layer} / \partial b_{layer} = 1", color=theme.muted, size=TEXT_SIZE)]


class Track:
    """Where the factors of the backward path go in a layout: over their arrow (wide), or,
    on a phone where the columns are too close for that, the straight arrows' factors under
    the track and the curls' factors over it."""

    def __init__(self, ax: Axes, theme: Theme, layout: Layout, y: float) -> None:
        self.ax, self.theme, self.y = ax, theme, y
        self.phone = is_phone(layout)

    def straight(self, items: Sequence[Item], x: float, note: str | None = None) -> None:
        """The label of a straight arrow centred on x (and a muted note such as "= h_1")."""
        note_item = [Math(note, color=self.theme.muted, size=TEXT_SIZE)] if note else []
        if self.phone:
            put_row(self.ax, [*items, *note_item], x, self.y - 0.62, self.theme, anchor="center", valign="top")
            return
        put_row(self.ax, items, x, self.y + 0.3, self.theme, anchor="center", valign="bottom")
        if note:
            self.ax.text(x, self.y - 0.3, f"${note}$", ha="center", va="top", size=TEXT_SIZE,
                         color=self.theme.muted)

    def curled(self, items: Sequence[Item], x: float) -> None:
        """The label of a curl over a split node at x."""
        put_row(self.ax, items, x, self.y + 0.95, self.theme, anchor="center", valign="bottom")

    def rules_y(self, wide: float, phone: float) -> float:
        """Height of a chain-rule line over the track."""
        return self.y + (phone if self.phone else wide)


def _alt_update_w2(r: Walkthrough) -> str:
    return ALT["update_w2"].format(shape=_shape(r), n=r.W2.size, **hue_names())



@register(
    "update_w2",
    alt=_alt_update_w2,
    phone=True,
    caption="The error travels back from the loss to W2 in three steps, one chain-rule factor each.",
)
def draw_update_w2(record: Walkthrough, theme: Theme, layout: Layout = WIDE) -> Figure:
    phone = is_phone(layout)
    fig, ax, net_layout, net = network_scene(record, theme, layout, above=TRACK_ABOVE[layout.name] + (4.25 if phone else 3.25),
                                             below=1.0, highlight=("W2",), columns=TRACK_SCENE)
    _emphasise_bias(net, "b2", theme)
    column_captions(ax, theme, -net_layout.top() - CAPTION_BELOW, standard_captions(net_layout), layout)
    track_y = net_layout.top() + TRACK_ABOVE[layout.name]
    track = Track(ax, theme, layout, track_y)
    a = backward_track(ax, net_layout, theme, y=track_y, active=("W2", "h2", "L"), w_at=W_AT[layout.name])
    f = theme.factors
    arrow(ax, a["L"], a["h2"], f["dL_dh2"], shrink=4)
    track.straight([factor("dL_dh2", theme)], (a["L"][0] + a["h2"][0]) / 2)
    curl(ax, (net_layout.x_output, track_y), f["dh2_dz2"])
    track.curled([factor("dh2_dz2", theme)], net_layout.x_output)
    arrow(ax, a["z2"], (a["W2"][0] + 0.45, a["W2"][1]), f["dz2_dW2"], shrink=4)
    track.straight([factor("dz2_dW2", theme)], (a["z2"][0] + a["W2"][0]) / 2, note="= h_1")
    put_row(ax, chain_rule("dL_dW2", ("dL_dh2", "dh2_dz2", "dz2_dW2"), theme), 0.0,
            track.rules_y(2.6, 3.65), theme)
    put_row(ax, bias_rule("2", ("dL_dh2", "dh2_dz2"), theme), 0.0, track.rules_y(1.45, 2.5), theme)
    return fig


def _emphasise_bias(net: NetworkArtists, name: str, theme: Theme) -> None:
    """Draw the bias edges of `name` like the highlighted weights: they get a gradient too."""
    for key, line in net.edges.items():
        if key[0] == name:
            line.set_color(theme.text)
            line.set_linewidth(1.6)


def _alt_update_w1(r: Walkthrough) -> str:
    return ALT["update_w1"].format(shape=_shape(r), n=r.W1.size, **hue_names())



@register(
    "update_w1",
    alt=_alt_update_w1,
    phone=True,
    caption="To reach W1 the error passes back through W2, reusing dL/dz2, then through the hidden sigmoid.",
)
def draw_update_w1(record: Walkthrough, theme: Theme, layout: Layout = WIDE) -> Figure:
    phone = is_phone(layout)
    fig, ax, net_layout, net = network_scene(record, theme, layout, above=TRACK_ABOVE[layout.name] + (4.25 if phone else 4.1),
                                             below=1.0, highlight=("W1",), columns=TRACK_SCENE)
    _emphasise_bias(net, "b1", theme)
    column_captions(ax, theme, -net_layout.top() - CAPTION_BELOW, standard_captions(net_layout), layout)
    track_y = net_layout.top() + TRACK_ABOVE[layout.name]
    track = Track(ax, theme, layout, track_y)
    a = backward_track(ax, net_layout, theme, y=track_y, active=("W1", "h1", "L", "W2", "h2"),
                       w_at=W_AT[layout.name])
    f = theme.factors
    # dL/dz2, reused from the W2 step (dashed, as in the chain-rule figures), runs from L back
    # through h2 to z2 ...
    arrow(ax, a["L"], a["h2"], f["dL_dz2"], shrink=4)
    curl(ax, (net_layout.x_output, track_y), f["dL_dz2"])
    track.curled([factor("dL_dz2", theme, dashed=True)], net_layout.x_output)
    # ... then through W2 to h1: that whole stretch is dL/dh1 = dL/dz2 W2^T
    arrow(ax, a["z2"], a["h1"], f["dL_dh1"], shrink=4, zorder=3)
    track.straight([factor("dL_dh1", theme), Op("="), factor("dL_dz2", theme, dashed=True),
                    Math(r"W_2^{\top}")], (a["h1"][0] + a["z2"][0]) / 2 + (0.15 if phone else -0.15))
    curl(ax, (net_layout.x_hidden, track_y), f["dh1_dz1"])
    track.curled([factor("dh1_dz1", theme)], net_layout.x_hidden - (0.0 if phone else 0.15))
    arrow(ax, a["z1"], (a["W1"][0] + 0.45, a["W1"][1]), f["dz1_dW1"], shrink=4)
    track.straight([factor("dz1_dW1", theme)], (a["z1"][0] + a["W1"][0]) / 2 - (0.25 if phone else 0.0),
                   note="= X")
    put_row(ax, chain_rule("dL_dW1", ("dL_dh1", "dh1_dz1", "dz1_dW1"), theme), 0.0,
            track.rules_y(3.45, 3.65), theme)
    put_row(ax, bias_rule("1", ("dL_dh1", "dh1_dz1"), theme), 0.0, track.rules_y(2.3, 2.5), theme)
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
                  highlight: set[tuple[int, int]] = frozenset(), col_widths: Sequence[float],
                  size: float = TEXT_SIZE + 1) -> tuple[float, float]:
    """A bracketed matrix of symbols centred at xy, column c `col_widths[c]` wide; entries in
    `highlight` in the accent colour on a panel. Returns the matrix's left and right x."""
    colours = {rc: theme.accent for rc in highlight}
    width = sum(col_widths)
    # bracket_matrix spaces columns evenly: draw it with the mean width, then move each entry
    # to the middle of its own column
    cells, _ = bracket_matrix(ax, (xy[0], xy[1]), entries, theme, size=size, col_width=width / len(col_widths),
                              row_height=0.46, cell_colours=colours)
    left = xy[0] - width / 2
    centres = [left + sum(col_widths[:c]) + col_widths[c] / 2 for c in range(len(col_widths))]
    for row in cells:
        for c, cell in enumerate(row):
            cell.set_x(centres[c])
    for r, c in highlight:
        x, y = cells[r][c].get_position()
        ax.add_patch(decorative(
            Rectangle((x - col_widths[c] / 2 + 0.04, y - 0.22), col_widths[c] - 0.08, 0.44,
                      facecolor=theme.panel, edgecolor="none", zorder=4),
            "a highlight behind a symbol whose accent colour carries it"))
    return left, left + width


def _alt_overview2(r: Walkthrough) -> str:
    codes = "; ".join(ALT["overview2.code"].format(c=c, y=alt_compact(code)) for c, code in class_codes(r))
    n_in, hidden = r.W1.shape
    return ALT["overview2"].format(n_in=n_in, hidden=hidden, n_out=r.W2.shape[1], codes=codes)



DOT = r"$\cdot$"  # an entry the picture does not name


@register(
    "overview2",
    alt=_alt_overview2,
    phone=True,
    caption="Each brick is a layer of the network; every connection is one weight of W1 or W2.",
)
def draw_overview2(record: Walkthrough, theme: Theme, layout: Layout = WIDE) -> Figure:
    phone = is_phone(layout)
    hidden_1 = [("W1", i, 0) for i in range(record.W1.shape[0])]
    fig, ax, net_layout, net = network_scene(record, theme, layout, above=3.1, below=5.7 if phone else 4.2,
                                             labelled=hidden_1)
    top = net_layout.top()
    # hidden unit 1 and what feeds it, in the accent colour: one column of W1 is one unit
    for key in hidden_1:
        net.edges[key].set_color(theme.accent)
        net.edges[key].set_linewidth(2.0)
        net.edge_labels[key].set_color(theme.accent)
    # ... and the bias that unit adds
    net.edges[("b1", 0, 0)].set_color(theme.accent)
    net.edges[("b1", 0, 0)].set_linewidth(1.4)
    net.nodes[("h1", 0)].set_edgecolor(theme.accent)

    # the bricks over their columns
    brick_y, brick_w, brick_h = top + 2.05, (0.9 if phone else 1.0), 0.5
    bricks = [
        (net_layout.x_input, "$X$", WORDS["input"], "values"),
        ((net_layout.x_input + net_layout.x_hidden) / 2, "$W_1$", WORDS["weights"], "weights"),
        (net_layout.x_hidden, "$h_1$", WORDS["sigmoid"], "values"),
        ((net_layout.x_hidden + net_layout.x_output) / 2, "$W_2$", WORDS["weights"], "weights"),
        (net_layout.x_output, "$h_2$", WORDS["sigmoid"], "values"),
        (net_layout.x_target, "$y$", WORDS["label"], "values"),
    ]
    for x, label, caption, kind in bricks:
        brick(ax, (x - brick_w / 2, brick_y), brick_w, brick_h, label=label, studs=2,
              **brick_style(kind, theme))
        ax.text(x + 0.1, brick_y - 0.18, caption, ha="center", va="top", size=sz(SMALL_SIZE + 1, layout),
                color=theme.muted)

    # the label encoding, beside the label units
    codes = class_codes(record)
    ax.text(net_layout.x_target - (0.15 if phone else 0.0), net_layout.node(("h2", net_layout.n_out - 1))[1] - NODE_RADIUS - 0.2,
            "\n".join(WORDS["class_code"].format(c=c, code=", ".join(format_compact(v) for v in code)) for c, code in codes),
            ha="center", va="top", size=sz(SMALL_SIZE + 1, layout), color=theme.muted, linespacing=1.4)

    # the matrix shapes: [x1 x2] . W1 -> h1 . W2 -> h2; the entries of hidden unit 1 named,
    # the others dots
    s1, s2 = record.W1.shape, record.W2.shape
    named_w, dot_w = 1.15, 0.42  # column widths (data units) for a named entry and a dot
    w1 = [[weight_label("W1", i, j) if j == 0 else DOT for j in range(s1[1])] for i in range(s1[0])]
    w2 = [[DOT for _ in range(s2[1])] for _ in range(s2[0])]
    x_row = [[f"$x_{{{i + 1}}}$" for i in range(s1[0])]]
    h1_row = [[f"$h_1[{j + 1}]$" if j == 0 else DOT for j in range(s1[1])]]
    h2_row = [[f"$h_2[{k + 1}]$" for k in range(s2[1])]]
    pieces = [
        (x_row, [0.52] * s1[0], {(0, i) for i in range(s1[0])}, f"$1\\times{s1[0]}$"),
        ("dot", None, None, None),
        (w1, [named_w] + [dot_w] * (s1[1] - 1), {(i, 0) for i in range(s1[0])}, f"${s1[0]}\\times{s1[1]}$"),
        ("arrow1", None, None, None),
        (h1_row, [0.85] + [dot_w] * (s1[1] - 1), {(0, 0)}, f"$1\\times{s1[1]}$"),
        ("dot", None, None, None),
        (w2, [dot_w] * s2[1], set(), f"${s2[0]}\\times{s2[1]}$"),
        ("arrow2", None, None, None),
        (h2_row, [0.85] * s2[1], set(), f"$1\\times{s2[1]}$"),
    ]
    gaps = {"dot": 0.3, "arrow1": 1.05, "arrow2": 1.05}
    # the phone breaks the product after h1, which starts the second line again
    lines = [pieces[:5], pieces[4:]] if phone else [pieces]
    y0 = -top - (1.75 if phone else 1.95)
    for line in lines:
        widths = [sum(p[1]) if not isinstance(p[0], str) else gaps[p[0]] for p in line]
        x = (X_SPAN[layout.name] - sum(widths) - 0.2 * (len(line) - 1)) / 2
        for (entries, col_widths, hl, shape), w in zip(line, widths):
            if entries == "dot":
                ax.text(x + w / 2, y0, r"$\cdot$", ha="center", va="center", size=MATH_SIZE, color=theme.text)
            elif isinstance(entries, str):
                arrow(ax, (x + 0.1, y0), (x + w - 0.1, y0), theme.text, width=1.4, head=7)
                ax.text(x + w / 2, y0 + 0.14, f"$+b_{entries[-1]}$, $\\sigma$", ha="center", va="bottom",
                        size=sz(SMALL_SIZE + 1, layout), color=theme.text)
            else:
                symbol_matrix(ax, (x + w / 2, y0), entries, theme, highlight=hl, col_widths=col_widths,
                              size=TEXT_SIZE)
                ax.text(x + w / 2, y0 - len(entries) * 0.23 - 0.2, shape, ha="center", va="top",
                        size=sz(SMALL_SIZE + 1, layout), color=theme.muted)
            x += w + 0.2
        y0 -= 1.95
    ax.text(X_SPAN[layout.name] / 2, y0 + 0.4, "$h_1[1] = \\sigma(x_1 W_1[1,1] + x_2 W_1[2,1] + b_1[1])$",
            ha="center", va="center", size=TEXT_SIZE + 1, color=theme.accent)
    return fig


# --- 1. overview: the method in one picture ----------------------------------------------------

# the loss as the loss figure sets it: squared error plus the L2 penalty on the weights
LOSS_ITEMS: tuple[Item, ...] = (
    Math("L"), Op("="), Math(r"\dfrac{1}{2N}\,\sum_{n=1}^{N}\,\Vert y^{(n)} - h_2^{(n)}\Vert^2"), Op("+"),
    Math(r"\dfrac{\lambda}{2N}\,(\Vert W_1\Vert^2 + \Vert W_2\Vert^2)"),
)


def _alt_overview(r: Walkthrough) -> str:
    return ALT["overview"].format(rate=format_value(r.learning_rate, 'g'), run_rates=RUN_RATES)



@register(
    "overview",
    alt=_alt_overview,
    phone=True,
    caption=("Forward through the layers to the loss, back down with the chain rule, then a small "
             f"step for every weight: the learning rate \u03b1 is {WORKED_RATE} in the worked step below, "
             f"{RUN_RATES} in the training runs."),
)
def draw_overview(record: Walkthrough, theme: Theme, layout: Layout = WIDE) -> Figure:
    phone = is_phone(layout)
    span = 7.7 if phone else X_SPAN[WIDE.name]
    fig, ax = new_canvas((0.0, span), (-4.75, 5.0) if phone else (-1.85, 5.0))
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
    ax.text(fwd_x, -0.05, WORDS["forward"], ha="center", va="top", size=TEXT_SIZE, color=theme.text)
    arrow(ax, (bwd_x, loss_y - 0.45), (bwd_x, 0.1), f["dL_dh1"], width=3.0, head=12)
    ax.text(bwd_x, -0.05, WORDS["backward"], ha="center", va="top", size=TEXT_SIZE, color=theme.text)
    # the loss above the stack
    put_row(ax, LOSS_ITEMS, span / 2, loss_y, theme, anchor="center")
    # the chain rule beside the weight bricks (under the stack on a phone), each factor in its colour
    rules = (
        ("$W_2$", "dL_dW2", ("dL_dh2", "dh2_dz2", "dz2_dW2")),
        ("$W_1$", "dL_dW1", ("dL_dh1", "dh1_dz1", "dz1_dW1")),
    )
    for i, (brick_label, target, factors) in enumerate(rules):
        if phone:
            put_row(ax, chain_rule(target, factors, theme), span / 2, -1.25 - 1.15 * i, theme, anchor="center")
        else:
            put_row(ax, chain_rule(target, factors, theme), bwd_x + 0.75, centres[brick_label], theme)
    # the update, under everything
    update = [(r"$W \leftarrow W - \alpha\,$", theme.text), (frac("L", "W"), theme.text)]
    where = (WORDS["update_where"], theme.muted)
    if phone:
        math_row(ax, (span / 2, -3.55), update, align=(0.5, 0.5))
        math_row(ax, (span / 2, -4.35), [where], align=(0.5, 0.5))
    else:
        math_row(ax, (span / 2, -1.15), update + [(r"$\quad$" + where[0], where[1])], align=(0.5, 0.5))
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


def _class_counts(record: Walkthrough) -> dict[int, int]:
    """How many training points each class has."""
    _, y = make_xor_data(record.config.data)
    labels = np.argmax(y, axis=1)
    return {c: int(np.sum(labels == c)) for c, _ in class_codes(record)}


def _alt_nonlinear_xor(r: Walkthrough) -> str:
    X, _ = make_xor_data(r.config.data)
    yes_no = {True: ALT["nonlinear_xor.true"], False: ALT["nonlinear_xor.false"]}
    table = "; ".join(ALT["nonlinear_xor.row"].format(a=yes_no[bool(a)], b=yes_no[bool(b)], c=c)
                      for a, b, c, _ in truth_table(r))
    counts = _class_counts(r)
    classes = ", ".join(ALT["nonlinear_xor.class"].format(n=counts[c], c=c, y=alt_compact(code))
                        for c, code in class_codes(r))
    corners, cls = np.array([[a, b] for a, b, _, _ in truth_table(r)], float), np.array([c for _, _, c, _ in truth_table(r)])
    wrong = ", ".join(str(int(best_side(line, corners, cls)[1].sum())) for line in CANDIDATE_LINES)
    return ALT["nonlinear_xor"].format(table=table, wrong=wrong, points=len(X), classes=classes)



@register(
    "nonlinear_xor",
    alt=_alt_nonlinear_xor,
    phone=True,
    caption="XOR puts each class in two opposite corners, so no single straight line can separate them.",
)
def draw_nonlinear_xor(record: Walkthrough, theme: Theme, layout: Layout = WIDE) -> Figure:
    phone = is_phone(layout)
    colours = theme.classes
    markers = ("o", "^")  # shape as well as colour tells the classes apart
    rows = truth_table(record)
    small = sz(SMALL_SIZE + 1, layout)
    # Figure-relative boxes (left, bottom, width, height) of the four parts: the wide layout
    # puts the data right of the table and the lines, the phone stacks all three
    width, height = (layout.width - 0.2, 9.4) if phone else (layout.width, 3.45)
    fig = Figure(figsize=(width, height))
    if phone:
        table_box, table_title_y = (0.02, 0.80, 0.96, 0.155), 1.0
        lines_y, lines_title_y, panel_w, gap, panel_x0 = 0.585, 0.775, 0.29, 0.045, 0.02
        data_box = (0.12, 0.03, 0.84, 0.84 * width / height)
    else:
        table_box, table_title_y = (0.0, 0.58, 0.5, 0.4), 1.13
        lines_y, lines_title_y, panel_w, gap, panel_x0 = 0.08, 0.535, 0.148, 0.025, 0.015
        data_box = (0.6, 0.15, 0.38, 0.38 * width / height)

    # the truth table
    table = fig.add_axes(table_box)
    table.set_axis_off()
    table.set_xlim(0, 4)
    table.set_ylim(len(rows) + 0.2, -1.2)
    fig.text(table_box[0] + table_box[2] / 2, table_title_y, WORDS["truth_table"], ha="center", va="top",
             size=small, color=theme.muted)
    heads = ("$x_1 > 0$", "$x_2 > 0$", "XOR", "$y$")
    xs = (0.45, 1.35, 2.2, 3.3)
    for x, head in zip(xs, heads):
        table.text(x, -0.6, head, ha="center", va="center", size=TEXT_SIZE, color=theme.text)
    table.plot([0.0, 3.9], [-0.05, -0.05], color=theme.muted, linewidth=0.8)
    for r, (a, b, c, code) in enumerate(rows):
        cells = (str(a), str(b), str(c), "[" + ", ".join(format_compact(v) for v in code) + "]")
        for x, cell in zip(xs, cells):
            # in the text colour, so every cell reads alike; the marker beside the class
            # carries its colour
            table.text(x, r + 0.5, cell, ha="center", va="center", size=TEXT_SIZE, color=theme.text)
        # the class's marker, as in the corner panels and the data set
        table.scatter([2.55], [r + 0.5], s=30, marker=markers[c], color=colours[c], linewidths=0)

    # three candidate lines over the four corners
    corners = np.array([[a, b] for a, b, _, _ in rows], dtype=float)
    classes = np.array([c for _, _, c, _ in rows])
    for k, line in enumerate(CANDIDATE_LINES):
        ax = fig.add_axes((panel_x0 + k * (panel_w + gap), lines_y, panel_w, panel_w * width / height))
        _candidate_panel(ax, line, corners, classes, theme, markers, small)
    fig.text(0.25 if not phone else 0.5, lines_title_y, WORDS["no_line"],
             ha="center", va="top", size=small, color=theme.muted)

    # the data set
    ax = fig.add_axes(data_box)
    X, y = make_xor_data(record.config.data)
    labels = np.argmax(y, axis=1)
    counts = _class_counts(record)
    for (c, code), marker in zip(class_codes(record), markers):
        pts = X[labels == c]
        ax.scatter(pts[:, 0], pts[:, 1], s=14, marker=marker, color=colours[c], linewidths=0,
                   label=WORDS["class_points"].format(c=c, code=", ".join(format_compact(v) for v in code), n=counts[c]))
    ax.axhline(0, color=theme.muted, linewidth=0.8, linestyle=(0, (3, 2)), zorder=0)
    ax.axvline(0, color=theme.muted, linewidth=0.8, linestyle=(0, (3, 2)), zorder=0)
    lim = float(np.max(np.abs(X))) * 1.05
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-lim, lim)
    ax.set_aspect("equal")
    ax.set_xlabel("$x_1$", size=TEXT_SIZE, color=theme.text, labelpad=1)
    ax.set_ylabel("$x_2$", size=TEXT_SIZE, color=theme.text, labelpad=1, rotation=0)
    ax.tick_params(colors=theme.muted, labelcolor=theme.text, labelsize=sz(SMALL_SIZE, layout), length=3)
    for spine in ax.spines.values():
        spine.set_color(theme.muted)
    ax.set_facecolor("none")
    legend = ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=1, frameon=False,
                       fontsize=small, labelcolor=theme.text, handletextpad=0.3,
                       borderaxespad=0.2, title=WORDS["training_points"].format(n=len(X)), markerscale=1.6,
                       title_fontsize=small)
    legend.get_title().set_color(theme.muted)
    return fig


def _candidate_panel(ax: Axes, line: tuple[float, float, float], corners: np.ndarray,
                     classes: np.ndarray, theme: Theme, markers: Sequence[str], size: float) -> None:
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
    ax.text(0.5, lo - 0.08, WORDS["wrong"].format(n=n), ha="center", va="top", size=size,
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

"""Drawing helpers for the network pictures: nodes, edges, weight labels, bias nodes, paths.

Every helper takes an `ax` (data coordinates, equal aspect, axis off) and returns what it drew,
so a figure can restyle it and a test can find it. Positions are in the ax's data units; one
unit is about `UNIT_INCHES` on the page, which is how the figures keep one text scale.

A weight is named as in the article: W_1[i,j] joins input i to hidden unit j, W_2[j,k] joins
hidden unit j to output k, 1-based (`weight_label` is the one place that writes it). Labels on
every edge would clutter a picture, so a figure names the edges it wants labelled.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Sequence

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.offsetbox import AnnotationBbox, HPacker, TextArea
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch, Polygon, Rectangle
from matplotlib.text import Text

from figgen.legibility import decorative
from figgen.style import FIGURE_WIDTH, MATH_SIZE, SMALL_SIZE, TEXT_SIZE, Theme

UNIT_INCHES = 0.6  # one data unit of a network picture on the page, in inches
NODE_RADIUS = 0.3  # data units; big enough for "x_1" at TEXT_SIZE
EDGE_WIDTH = 1.0  # points
HIGHLIGHT_WIDTH = 2.6  # points, edges of the highlighted layer

NodeKey = tuple[str, int]  # ("x", i), ("h1", j), ("h2", k), ("b1", 0), ("b2", 0)
EdgeKey = tuple[str, int, int]  # ("W1", i, j), ("W2", j, k), ("b1", 0, j), ("b2", 0, k)


def new_canvas(x_range: tuple[float, float], y_range: tuple[float, float]) -> tuple[Figure, Axes]:
    """A figure showing the data box x_range x y_range at equal aspect, one data unit
    UNIT_INCHES on the page, so every network picture has one scale (the article's column
    takes FIGURE_WIDTH / UNIT_INCHES units, a phone layout fewer).
    """
    width = x_range[1] - x_range[0]
    height = y_range[1] - y_range[0]
    fig = Figure(figsize=(width * UNIT_INCHES, height * UNIT_INCHES))
    ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    ax.set_xlim(*x_range)
    ax.set_ylim(*y_range)
    ax.set_aspect("equal")
    ax.set_axis_off()
    return fig, ax


def weight_label(layer: str, row: int, col: int) -> str:
    """The mathtext name of entry (row, col) of W1 or W2 (0-based in, 1-based out): W_1[1,2]."""
    if layer not in ("W1", "W2"):
        raise ValueError(f"layer={layer!r} is not valid: expected 'W1' or 'W2'")
    return f"$W_{layer[1]}[{row + 1},{col + 1}]$"


@dataclass(frozen=True)
class NetLayout:
    """Where the nodes of an n_in-H-n_out network sit (data units).

    Columns: inputs at x_input, hidden units at x_hidden, outputs at x_output. The bias node of
    a layer sits above the column that feeds it.
    """

    n_in: int
    hidden: int
    n_out: int
    x_input: float = 0.0
    x_hidden: float = 3.4
    x_output: float = 6.8
    x_target: float = 8.6  # the label y beside the outputs (and the loss above it)
    spacing: float = 1.5  # vertical distance between units of one layer
    bias_gap: float = 1.1  # bias node above the top unit of the column that feeds it

    def column(self, layer: str) -> float:
        return {"x": self.x_input, "h1": self.x_hidden, "h2": self.x_output}[layer]

    def size(self, layer: str) -> int:
        return {"x": self.n_in, "h1": self.hidden, "h2": self.n_out}[layer]

    def node(self, key: NodeKey) -> tuple[float, float]:
        """Centre of a node: units of a layer are centred on y = 0, top to bottom."""
        layer, index = key
        if layer in ("b1", "b2"):
            feeds = "x" if layer == "b1" else "h1"
            return self.column(feeds), self.top() + self.bias_gap
        n = self.size(layer)
        return self.column(layer), (n - 1) / 2 * self.spacing - index * self.spacing

    def top(self) -> float:
        """y of the highest unit over all layers."""
        return (max(self.n_in, self.hidden, self.n_out) - 1) / 2 * self.spacing

    def nodes(self, layer: str) -> list[NodeKey]:
        return [(layer, i) for i in range(self.size(layer))]


@dataclass
class NetworkArtists:
    """What `draw_network` drew, by key, so figures can restyle it and tests can find it."""

    nodes: dict[NodeKey, Artist] = field(default_factory=dict)
    node_labels: dict[NodeKey, Text] = field(default_factory=dict)
    edges: dict[EdgeKey, Line2D] = field(default_factory=dict)
    edge_labels: dict[EdgeKey, Text] = field(default_factory=dict)


def layout_for(W1: np.ndarray, W2: np.ndarray, **kwargs: float) -> NetLayout:
    """The layout of the network whose weights are W1 (n_in, H) and W2 (H, n_out)."""
    if W1.shape[1] != W2.shape[0]:
        raise ValueError(f"W1 {W1.shape} and W2 {W2.shape} do not chain: W1 columns must equal W2 rows")
    return NetLayout(n_in=W1.shape[0], hidden=W1.shape[1], n_out=W2.shape[1], **kwargs)


def draw_node(ax: Axes, xy: tuple[float, float], label: str, theme: Theme, *,
              radius: float = NODE_RADIUS, edge: str | None = None, fill: str | None = None,
              size: float = TEXT_SIZE, width: float = 1.4) -> tuple[Circle, Text]:
    """A unit: a circle with `label` (mathtext) inside."""
    circle = Circle(xy, radius, facecolor=fill or theme.page, edgecolor=edge or theme.text,
                    linewidth=width, zorder=4)
    ax.add_patch(circle)
    text = ax.text(*xy, label, ha="center", va="center", color=theme.text, size=size, zorder=5)
    return circle, text


def draw_bias_node(ax: Axes, xy: tuple[float, float], theme: Theme, *, half: float = 0.22,
                   size: float = SMALL_SIZE) -> tuple[Rectangle, Text]:
    """A bias node: a small square holding the constant 1 that multiplies the bias."""
    square = Rectangle((xy[0] - half, xy[1] - half), 2 * half, 2 * half, facecolor=theme.panel,
                       edgecolor=theme.muted, linewidth=1.0, zorder=4)
    ax.add_patch(square)
    text = ax.text(*xy, "1", ha="center", va="center", color=theme.text, size=size, zorder=5)
    return square, text


def _trim(p: tuple[float, float], q: tuple[float, float], r_p: float, r_q: float) -> tuple[np.ndarray, np.ndarray]:
    """The segment p->q shortened by r_p at p and r_q at q, so edges stop at node borders."""
    p_, q_ = np.asarray(p, float), np.asarray(q, float)
    d = (q_ - p_) / np.hypot(*(q_ - p_))
    return p_ + r_p * d, q_ - r_q * d


def draw_edge(ax: Axes, p: tuple[float, float], q: tuple[float, float], colour: str, *,
              width: float = EDGE_WIDTH, r_p: float = NODE_RADIUS, r_q: float = NODE_RADIUS,
              style: str = "-", zorder: float = 2) -> Line2D:
    """A straight connection between two node centres, trimmed to their borders."""
    a, b = _trim(p, q, r_p, r_q)
    (line,) = ax.plot([a[0], b[0]], [a[1], b[1]], color=colour, linewidth=width,
                      linestyle=style, solid_capstyle="round", zorder=zorder)
    return line


def edge_label(ax: Axes, p: tuple[float, float], q: tuple[float, float], t: float, label: str,
               theme: Theme, *, colour: str | None = None, size: float = SMALL_SIZE + 1) -> Text:
    """`label` on the segment p->q at fraction t, on a page-coloured patch that hides the line."""
    x = p[0] + t * (q[0] - p[0])
    y = p[1] + t * (q[1] - p[1])
    return ax.text(x, y, label, ha="center", va="center", size=size, color=colour or theme.text,
                   zorder=6, bbox=dict(boxstyle="round,pad=0.12", facecolor=theme.page,
                                       edgecolor="none"))


# Where along each edge its label sits (fraction from the source), by (source, target) index.
# Chosen by eye for the 2-3-2 network so no two labels touch when all are drawn (the two edges
# into hidden unit 1, the ones overview2 names, sit at their middles); other sizes fall back to 0.5.
LABEL_T_W1 = {(0, 0): 0.5, (1, 0): 0.5, (0, 1): 0.72, (1, 1): 0.3, (0, 2): 0.8, (1, 2): 0.22}
LABEL_T_W2 = {(0, 0): 0.78, (0, 1): 0.24, (1, 0): 0.26, (1, 1): 0.74, (2, 0): 0.2, (2, 1): 0.76}


def draw_network(ax: Axes, layout: NetLayout, theme: Theme, *,
                 labelled: Iterable[EdgeKey] = (),
                 highlight: Iterable[str] = (), highlight_colour: str | None = None,
                 bias: bool = True, bias_labels: bool = True,
                 input_labels: Sequence[str] | None = None,
                 unit_label: str = r"$\sigma$", min_text: float = 0.0) -> NetworkArtists:
    """The whole network: units, bias nodes, every connection and its label.

    labelled: the weight edges ("W1", i, j) that get their name (`weight_label`) on them.
    min_text: the smallest font size to draw with (a phone layout's), in points.
    highlight: layers ("W1", "W2") whose edges are drawn thick in highlight_colour (accent).
    """
    out = NetworkArtists()
    hl = set(highlight)
    hl_colour = highlight_colour or theme.accent
    named = set(labelled)
    inputs = input_labels or [f"$x_{{{i + 1}}}$" for i in range(layout.n_in)]
    for key, label in zip(layout.nodes("x"), inputs):
        out.nodes[key], out.node_labels[key] = draw_node(ax, layout.node(key), label, theme)
    for layer in ("h1", "h2"):
        for key in layout.nodes(layer):
            out.nodes[key], out.node_labels[key] = draw_node(ax, layout.node(key), unit_label, theme)
    for name, src, dst, t_table in (("W1", "x", "h1", LABEL_T_W1), ("W2", "h1", "h2", LABEL_T_W2)):
        on = name in hl
        for i, s in enumerate(layout.nodes(src)):
            for j, d in enumerate(layout.nodes(dst)):
                key = (name, i, j)
                p, q = layout.node(s), layout.node(d)
                out.edges[key] = draw_edge(ax, p, q, hl_colour if on else theme.muted,
                                           width=HIGHLIGHT_WIDTH if on else EDGE_WIDTH,
                                           zorder=3 if on else 2)
                if key in named:
                    out.edge_labels[key] = edge_label(ax, p, q, t_table.get((i, j), 0.5),
                                                      weight_label(name, i, j), theme,
                                                      colour=hl_colour if on else theme.text,
                                                      size=max(SMALL_SIZE + 1, min_text))
    if bias:
        for name, dst in (("b1", "h1"), ("b2", "h2")):
            bkey = (name, 0)
            bxy = layout.node(bkey)
            out.nodes[bkey], out.node_labels[bkey] = draw_bias_node(ax, bxy, theme,
                                                                    size=max(SMALL_SIZE, min_text))
            for j, d in enumerate(layout.nodes(dst)):
                key = (name, 0, j)
                out.edges[key] = draw_edge(ax, bxy, layout.node(d), theme.muted, width=0.8,
                                           r_p=0.22, style=(0, (3, 2)), zorder=1)
            if bias_labels:
                # one label for the bundle, left of the node where no edge runs: the layer's
                # bias vector
                out.edge_labels[(name, 0, 0)] = ax.text(
                    bxy[0] - 0.34, bxy[1], f"$b_{{{name[1]}}}$", ha="right", va="center",
                    size=TEXT_SIZE, color=theme.text, zorder=6)
    return out


def math_row(ax: Axes, xy: tuple[float, float], parts: Sequence[tuple[str, str]], *,
             size: float = MATH_SIZE, align: tuple[float, float] = (0.0, 0.5), sep: float = 2.0,
             zorder: float = 7) -> tuple[AnnotationBbox, list[TextArea]]:
    """Pieces of mathtext side by side on one baseline, each in its own colour.

    mathtext has no \\color, so a chain rule with coloured factors is several texts packed in
    a row. parts: (text, colour) pairs. align: which point of the row's box sits at xy.
    """
    areas = [TextArea(text, textprops=dict(color=colour, size=size)) for text, colour in parts]
    box = HPacker(children=areas, align="baseline", pad=0, sep=sep)
    ab = AnnotationBbox(box, xy, xycoords="data", box_alignment=align, frameon=False, pad=0,
                        zorder=zorder, annotation_clip=False)
    ax.add_artist(ab)
    return ab, areas


def arrow(ax: Axes, p: tuple[float, float], q: tuple[float, float], colour: str, *,
          width: float = 2.0, rad: float = 0.0, head: float = 10.0, zorder: float = 6,
          shrink: float = 0.0) -> FancyArrowPatch:
    """An arrow p->q (straight, or bent by `rad` as in matplotlib's arc3 connection)."""
    patch = FancyArrowPatch(p, q, arrowstyle=f"-|>,head_length={head / 20:.2f},head_width={head / 30:.2f}",
                            connectionstyle=f"arc3,rad={rad}", color=colour, linewidth=width,
                            mutation_scale=20, zorder=zorder, shrinkA=shrink, shrinkB=shrink)
    ax.add_patch(patch)
    return patch


def brick(ax: Axes, xy: tuple[float, float], width: float, height: float, face: str, edge: str,
          *, depth: float = 0.35, label: str | None = None, label_colour: str | None = None,
          studs: int = 0, size: float = TEXT_SIZE, zorder: float = 3) -> list[Artist]:
    """A building brick in oblique projection: front face at xy (lower left), top and side faces
    receding up and to the right by `depth`, optional studs on top and a label on the front."""
    x, y = xy
    dx, dy = depth * 0.8, depth * 0.55
    shade = dict(edgecolor=edge, linewidth=0.9, joinstyle="round", zorder=zorder)
    front = Rectangle((x, y), width, height, facecolor=face, **shade)
    top = Polygon([(x, y + height), (x + dx, y + height + dy), (x + width + dx, y + height + dy),
                   (x + width, y + height)], closed=True, facecolor=face, **shade)
    side = Polygon([(x + width, y), (x + width + dx, y + dy), (x + width + dx, y + height + dy),
                    (x + width, y + height)], closed=True, facecolor=face, **shade)
    drawn: list[Artist] = [front, top, side]
    for patch in drawn:
        ax.add_patch(patch)
    # darker top/side by overlaying the edge colour thinly: reads as light from the front
    for patch, alpha in ((top, 0.12), (side, 0.28)):
        tint = Polygon(patch.get_xy(), closed=True, facecolor=edge, alpha=alpha, edgecolor="none",
                       zorder=zorder + 0.1)
        ax.add_patch(decorative(tint, "shading: the brick's outline and front carry it"))
        drawn.append(tint)
    for k in range(studs):
        cx = x + width * (k + 0.5) / studs + dx * 0.5
        cy = y + height + dy * 0.5
        stud = FancyBboxPatch((cx - 0.12, cy - 0.02), 0.24, 0.1, boxstyle="round,pad=0.02",
                              facecolor=face, edgecolor=edge, linewidth=0.7, zorder=zorder + 0.2)
        ax.add_patch(decorative(stud, "a stud only makes the brick read as a brick"))
        drawn.append(stud)
    if label is not None:
        drawn.append(ax.text(x + width / 2, y + height / 2, label, ha="center", va="center",
                             color=label_colour or edge, size=size, zorder=zorder + 0.3))
    return drawn


def bracket_matrix(ax: Axes, xy: tuple[float, float], entries: Sequence[Sequence[str]], theme: Theme, *,
                   size: float = TEXT_SIZE, colour: str | None = None, col_width: float = 1.0,
                   row_height: float = 0.42, align: str = "center",
                   cell_colours: dict[tuple[int, int], str] | None = None,
                   zorder: float = 5) -> tuple[list[list[Text]], list[Line2D]]:
    """A bracketed matrix of text entries centred at xy (data units); returns (cells, brackets).

    Entries are right-aligned in their column when align="right" (numbers line up on the
    decimal point if they share a format), centred otherwise.
    """
    rows, cols = len(entries), len(entries[0])
    w, h = cols * col_width, rows * row_height
    x0, y0 = xy[0] - w / 2, xy[1] + h / 2
    cells: list[list[Text]] = []
    for r, row in enumerate(entries):
        line_cells = []
        for c, text in enumerate(row):
            cx = x0 + (c + 1) * col_width - 0.12 if align == "right" else x0 + (c + 0.5) * col_width
            cy = y0 - (r + 0.5) * row_height
            tint = (cell_colours or {}).get((r, c), colour or theme.text)
            line_cells.append(ax.text(cx, cy, text, ha=align if align == "right" else "center",
                                      va="center", size=size, color=tint, zorder=zorder))
        cells.append(line_cells)
    tick = 0.1
    pad = 0.04
    brackets = []
    for side, sign in ((x0 - pad, 1), (x0 + w + pad, -1)):
        (line,) = ax.plot([side + sign * tick, side, side, side + sign * tick],
                          [y0 + pad, y0 + pad, y0 - h - pad, y0 - h - pad],
                          color=colour or theme.text, linewidth=1.1, solid_joinstyle="miter",
                          zorder=zorder)
        brackets.append(line)
    return cells, brackets

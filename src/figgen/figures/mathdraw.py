"""Equation lines made of mathtext symbols and bracketed numeric matrices.

matplotlib's mathtext has no matrices, so a matrix here is drawn by hand: numbers as Text,
right-aligned in columns (every number has the same number of decimals, so right-aligned is
aligned on the decimal point), brackets as lines. An equation line is a row of *items*
(`Math`, `Label`, `Matrix`, `Group`, `Space`), laid out left to right on a common baseline; matrices
are centred on the math axis (the height of the fraction bar and of "="), as in TeX.

All layout is in points (1/72 inch), measured with matplotlib's own text metrics, so what is
measured is what the SVG (text as paths) draws. Two steps:

1. `measure(item)` / `row_box(items)`: sizes, no figure needed.
2. `draw_row(target, items, x, y)` draws one row with its left end at x and its baseline at
   y; `draw_lines(target, lines, x, y)` draws lines of an aligned equation (left-hand sides
   right-aligned, so the "=" signs line up). Both return a `Drawn`: the artists and the bounds
   of the whole and of each top-level item (for arrows between items).

`target` is a Figure (x, y in points from its bottom-left corner) or an Axes (x, y in data
coordinates; sizes stay in points). `equation_figure` makes a whole figure from a stack of
blocks, sized to its content.

A `Frame` boxes any item in a colour (solid or dashed, optionally filled) and can label it
below or above; `draw_arrow` connects items using the bounds a draw call returned.

Example (in a figure function)::

    lines = [
        Line([Math("z_1")], [Op("="), Math("X W_1 + b_1")]),
        Line(None, [Op("="), Matrix(record.X, frame=Frame(theme.factors["dz1_dW1"], label="X"))]),
    ]
    fig = equation_figure(theme, [lines])
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace
from typing import Sequence, Union

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import FancyBboxPatch, PathPatch
from matplotlib.path import Path
from matplotlib.text import Text
from matplotlib.textpath import TextToPath
from matplotlib.transforms import Affine2D, ScaledTranslation, Transform

from figgen.style import FIGURE_WIDTH, MATH_SIZE, RC_PARAMS, SMALL_SIZE, TEXT_SIZE, Theme

POINTS_PER_INCH = 72.0
DECIMALS = 8  # every number in a figure has 8 decimals, like the errata table
MINUS = "\u2212"  # typographic minus: as wide as "+", not a hyphen

# The article's symbols, shared by the equation and the diagram figures so they read alike.
TEX: dict[str, str] = {
    "L": r"L",
    "dL_dW2": r"\dfrac{\partial L}{\partial W_2}",
    "dL_dW1": r"\dfrac{\partial L}{\partial W_1}",
    "dL_db2": r"\dfrac{\partial L}{\partial b_2}",
    "dL_db1": r"\dfrac{\partial L}{\partial b_1}",
    "dL_dh2": r"\dfrac{\partial L}{\partial h_2}",
    "dh2_dz2": r"\dfrac{\partial h_2}{\partial z_2}",
    "dz2_dW2": r"\dfrac{\partial z_2}{\partial W_2}",
    "dL_dz2": r"\dfrac{\partial L}{\partial z_2}",
    "dz2_dh1": r"\dfrac{\partial z_2}{\partial h_1}",
    "dL_dh1": r"\dfrac{\partial L}{\partial h_1}",
    "dh1_dz1": r"\dfrac{\partial h_1}{\partial z_1}",
    "dL_dz1": r"\dfrac{\partial L}{\partial z_1}",
    "dz1_dW1": r"\dfrac{\partial z_1}{\partial W_1}",
}

# Spacing, in ems of the item's own font size.
COLUMN_GAP = 0.9  # between matrix columns
ROW_PITCH = 1.3  # baseline to baseline inside a matrix
BRACKET_ARM = 0.3  # length of the little horizontal strokes of "[" and "]"
BRACKET_PAD = 0.3  # between a bracket and the numbers
ITEM_GAP = 3.0  # points between neighbouring items of a row
OP_PAD = 0.25  # ems of space either side of an operator
FRAME_PAD = 3.5  # points between a frame and what it frames
LABEL_GAP = 8.0  # points kept free between the frame labels of neighbouring items
LINE_GAP = 7.0  # points between the lines of an equation
BLOCK_GAP = 16.0  # points between blocks of a figure
STROKE = 0.9  # points, brackets and frames


def format_number(value: float, decimals: int = DECIMALS) -> str:
    """`value` with `decimals` decimals and a typographic minus; -0.0 prints as 0."""
    text = f"{float(value):.{decimals}f}"
    if text.startswith("-") and float(text) == 0.0:
        text = text[1:]
    return text.replace("-", MINUS)


# ---------------------------------------------------------------------------------------------
# measuring


@dataclass(frozen=True)
class Box:
    """Size of an item in points: width, height above the baseline, depth below it."""

    width: float
    height: float
    depth: float


@dataclass(frozen=True)
class Bounds:
    """A rectangle in the drawing's coordinates (points, or points around an Axes anchor)."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    def union(self, other: "Bounds") -> "Bounds":
        return Bounds(min(self.x0, other.x0), min(self.y0, other.y0),
                      max(self.x1, other.x1), max(self.y1, other.y1))


_TEXT_TO_PATH = TextToPath()


def _font(size: float) -> FontProperties:
    # The math font comes from the shared rc settings, so a figure built outside
    # rc_context(RC_PARAMS) still measures and draws the same glyphs.
    return FontProperties(family=RC_PARAMS["font.family"], size=size,
                          math_fontfamily=RC_PARAMS["mathtext.fontset"])


@functools.lru_cache(maxsize=None)
def _text_box(text: str, size: float, ismath: bool) -> Box:
    width, total, depth = _TEXT_TO_PATH.get_text_width_height_descent(
        text, _font(size), ismath=ismath
    )[:3]
    return Box(float(width), float(total - depth), float(depth))


@functools.lru_cache(maxsize=None)
def _ink_y(text: str, size: float, ismath: bool) -> tuple[float, float]:
    """Lowest and highest inked point of `text` above the baseline, in points."""
    verts, _codes = _TEXT_TO_PATH.get_text_path(_font(size), text, ismath=ismath)
    scale = size / _TEXT_TO_PATH.FONT_SCALE
    ys = np.asarray(verts)[:, 1] * scale
    return float(ys.min()), float(ys.max())


def math_axis(size: float) -> float:
    """Height of the math axis above the baseline (middle of "="), in points."""
    low, high = _ink_y("$=$", size, True)
    return (low + high) / 2


def digit_height(size: float) -> float:
    """Height of a digit above the baseline, in points."""
    return _ink_y("0", size, False)[1]


# ---------------------------------------------------------------------------------------------
# items


@dataclass(frozen=True)
class Frame:
    """A rounded box drawn around an item, in a factor colour, with an optional label."""

    color: str
    dashed: bool = False
    fill: str | None = None  # background of the box (a panel colour, or None)
    label: str | None = None  # mathtext ("$h_1^T$") or plain text, drawn in `color`
    label_above: bool = False  # label above the box instead of below
    label_color: str | None = None  # None: the frame's colour
    width: float = 1.2  # stroke, points
    label_size: float = SMALL_SIZE  # points, of a plain-text label (a math label is TEXT_SIZE)

    def label_points(self) -> float:
        """The font size the label is drawn with."""
        return TEXT_SIZE if self.label is not None and self.label.startswith("$") else self.label_size


@dataclass(frozen=True)
class Math:
    """A mathtext expression (without the surrounding $), e.g. r"\\sigma(z_1)"."""

    tex: str
    color: str | None = None  # None: the drawing's ink colour
    size: float = MATH_SIZE
    frame: Frame | None = None


def Op(tex: str, *, size: float = MATH_SIZE, color: str | None = None) -> "Math":  # noqa: N802
    """An operator or relation ("=", "+", r"\\odot") with space either side."""
    return Math(r"\,%s\," % tex, color=color, size=size)


@dataclass(frozen=True)
class Label:
    """Plain text on the baseline (a word, "reused from the W2 step")."""

    text: str
    color: str | None = None
    size: float = SMALL_SIZE
    italic: bool = False
    frame: Frame | None = None


@dataclass(frozen=True)
class Matrix:
    """A bracketed matrix of numbers. A 1-D array is drawn as one row.

    `values` (rows, cols); numbers get `decimals` decimals and are right-aligned per column.
    """

    values: np.ndarray
    color: str | None = None  # numbers and brackets; None: the drawing's ink colour
    size: float = TEXT_SIZE
    decimals: int = DECIMALS
    frame: Frame | None = None
    brackets: bool = True  # False: a bare number or row (a scalar has no brackets)
    # the record value it shows ("W1", "dL_dz2"): entry (r, c) is drawn as its own Text with
    # gid "<name>.<r>.<c>" (1-based), so where each number sits can be read from the drawing
    name: str | None = None

    @property
    def grid(self) -> np.ndarray:
        values = np.asarray(self.values, dtype=float)
        if values.ndim == 1:
            values = values[None, :]
        if values.ndim != 2 or values.size == 0:
            raise ValueError(f"Matrix needs a non-empty 1-D or 2-D array, got shape {values.shape}")
        return values


@dataclass(frozen=True)
class Space:
    """Horizontal space, in points."""

    width: float


@dataclass(frozen=True)
class Group:
    """Items in a row, as one item: to frame several items together or to enclose them.

    `delimiters` "()" draws round parentheses as tall as the group, "||" the double bars of a
    norm; `power` (mathtext, e.g. "2") is set as a superscript after the closing delimiter.
    """

    items: tuple["Item", ...]
    frame: Frame | None = None
    delimiters: str = ""  # "", "()" or "||"
    color: str | None = None  # colour of the delimiters
    power: str | None = None
    power_size: float = SMALL_SIZE  # points

    def __init__(self, items: Sequence["Item"], frame: Frame | None = None,
                 delimiters: str = "", color: str | None = None, power: str | None = None,
                 power_size: float = SMALL_SIZE) -> None:
        if delimiters not in DELIMITERS:
            raise ValueError(
                f"Group delimiters={delimiters!r} is not valid: expected one of {DELIMITERS}"
            )
        object.__setattr__(self, "items", tuple(items))
        object.__setattr__(self, "frame", frame)
        object.__setattr__(self, "delimiters", delimiters)
        object.__setattr__(self, "color", color)
        object.__setattr__(self, "power", power)
        object.__setattr__(self, "power_size", power_size)


DELIMITERS = ("", "()", "||")
NORM_BAR_GAP = 2.2  # points between the two bars of a norm
DELIMITER_PAD = 3.0  # points between a delimiter and what it encloses


Item = Union[Math, Label, Matrix, Space, Group]


def _matrix_layout(m: Matrix) -> tuple[list[list[str]], list[float], float]:
    """The numbers as strings (rows, cols), each column's width and the row pitch, in points."""
    grid = m.grid
    texts = [[format_number(v, m.decimals) for v in row] for row in grid]
    widths = [max(_text_box(texts[r][c], m.size, False).width for r in range(grid.shape[0]))
              for c in range(grid.shape[1])]
    return texts, widths, ROW_PITCH * m.size


def _delimiter_size(size: float) -> float:
    return BRACKET_ARM * size + BRACKET_PAD * size


def _label_box(frame: Frame) -> Box:
    ismath = frame.label is not None and frame.label.startswith("$")
    return _text_box(frame.label, frame.label_points(), ismath)


def _bare_measure(item: Item) -> Box:
    """Size of `item` without its frame."""
    if isinstance(item, Math):
        return _text_box(f"${item.tex}$", item.size, True)
    if isinstance(item, Label):
        return _text_box(item.text, item.size, False)
    if isinstance(item, Space):
        return Box(item.width, 0.0, 0.0)
    if isinstance(item, Matrix):
        texts, widths, pitch = _matrix_layout(item)
        rows = len(texts)
        delim = _delimiter_size(item.size) if item.brackets else 0.0
        width = sum(widths) + COLUMN_GAP * item.size * (len(widths) - 1) + 2 * delim
        half = rows * pitch / 2
        axis = math_axis(MATH_SIZE)
        return Box(width, axis + half, half - axis)
    if isinstance(item, Group):
        inner = row_box(item.items)
        if not item.delimiters:
            return inner
        width = inner.width + 2 * _delimiter_width(item.delimiters, inner)
        height = inner.height + 1.0
        if item.power:
            width += _text_box(f"${item.power}$", item.power_size, True).width + 1.0
        return Box(width, height, inner.depth + 1.0)
    raise TypeError(f"not a mathdraw item: {item!r}")


def _delimiter_width(kind: str, inner: Box) -> float:
    """Width of one delimiter of a group whose content is `inner`, pad included."""
    if kind == "()":
        return _paren_curve_width(inner.height + inner.depth) + DELIMITER_PAD
    return NORM_BAR_GAP + DELIMITER_PAD + STROKE


def measure(item: Item) -> Box:
    """Size of `item` in points, frame and frame label included."""
    box = _bare_measure(item)
    frame = getattr(item, "frame", None)
    if frame is None:
        return box
    box = Box(box.width + 2 * FRAME_PAD, box.height + FRAME_PAD, box.depth + FRAME_PAD)
    if frame.label:
        label = _label_box(frame)
        extra = label.height + label.depth + FRAME_PAD
        if frame.label_above:
            box = Box(max(box.width, label.width + LABEL_GAP), box.height + extra, box.depth)
        else:
            box = Box(max(box.width, label.width + LABEL_GAP), box.height, box.depth + extra)
    return box


def row_box(items: Sequence[Item]) -> Box:
    """Size of a row of items (ITEM_GAP between neighbours)."""
    boxes = [measure(item) for item in items]
    if not boxes:
        return Box(0.0, 0.0, 0.0)
    return Box(
        sum(b.width for b in boxes) + ITEM_GAP * (len(boxes) - 1),
        max(b.height for b in boxes),
        max(b.depth for b in boxes),
    )


# ---------------------------------------------------------------------------------------------
# drawing


@dataclass
class Drawn:
    """What a draw call added: the artists, the bounds of everything and of each item."""

    artists: list[Artist] = field(default_factory=list)
    bounds: Bounds = Bounds(0.0, 0.0, 0.0, 0.0)
    parts: list[Bounds] = field(default_factory=list)  # one per top-level item, frame included
    numbers: list[Text] = field(default_factory=list)  # the Text of every number drawn

    def extend(self, other: "Drawn") -> None:
        self.artists.extend(other.artists)
        self.numbers.extend(other.numbers)


class _Canvas:
    """Adds artists to a Figure or an Axes, positioned in points around an anchor."""

    def __init__(self, target: Figure | Axes, x: float, y: float, ink: str) -> None:
        self.ink = ink
        if isinstance(target, Axes):
            self.figure = target.figure
            self.add = target.add_artist
            # points -> inches -> pixels, then moved to the data point (x, y)
            self.transform: Transform = (
                Affine2D().scale(1 / POINTS_PER_INCH)
                + self.figure.dpi_scale_trans
                + ScaledTranslation(x, y, target.transData)
            )
            self.origin = (0.0, 0.0)
        elif isinstance(target, Figure):
            self.figure = target
            self.add = target.add_artist
            # anchored to the figure's origin through transFigure, which savefig(bbox_inches=
            # "tight") moves when it crops: dpi_scale_trans alone would not follow the crop
            self.transform = (
                Affine2D().scale(1 / POINTS_PER_INCH)
                + target.dpi_scale_trans
                + ScaledTranslation(0.0, 0.0, target.transFigure)
            )
            self.origin = (x, y)
        else:
            raise TypeError(f"target must be a matplotlib Figure or Axes, got {type(target).__name__}")

    def point(self, x: float, y: float) -> tuple[float, float]:
        return self.origin[0] + x, self.origin[1] + y

    def text(self, x: float, y: float, s: str, *, size: float, color: str | None,
             ha: str = "left", italic: bool = False) -> Text:
        px, py = self.point(x, y)
        artist = Text(px, py, s, fontsize=size, color=color or self.ink, ha=ha, va="baseline",
                      transform=self.transform, fontproperties=_font(size), clip_on=False)
        if italic:
            artist.set_fontstyle("italic")
        self.add(artist)
        return artist

    def line(self, xs: Sequence[float], ys: Sequence[float], *, color: str | None,
             width: float = STROKE, dashed: bool = False) -> Line2D:
        pts = [self.point(x, y) for x, y in zip(xs, ys)]
        artist = Line2D([p[0] for p in pts], [p[1] for p in pts], color=color or self.ink,
                        linewidth=width, solid_capstyle="butt", solid_joinstyle="miter",
                        linestyle=(0, (3, 2)) if dashed else "-", transform=self.transform,
                        clip_on=False)
        self.add(artist)
        return artist

    def path(self, vertices: Sequence[tuple[float, float]], codes: Sequence[int], *,
             color: str | None, width: float = STROKE) -> PathPatch:
        verts = [self.point(x, y) for x, y in vertices]
        artist = PathPatch(Path(verts, codes), facecolor="none", edgecolor=color or self.ink,
                           linewidth=width, transform=self.transform, clip_on=False)
        self.add(artist)
        return artist

    def box(self, b: Bounds, frame: Frame) -> FancyBboxPatch:
        x0, y0 = self.point(b.x0, b.y0)
        artist = FancyBboxPatch(
            (x0, y0), b.x1 - b.x0, b.y1 - b.y0,
            boxstyle="round,pad=0,rounding_size=3",
            facecolor=frame.fill or "none", edgecolor=frame.color, linewidth=frame.width,
            linestyle=(0, (3, 2)) if frame.dashed else "-",
            transform=self.transform, clip_on=False,
        )
        # behind the text it frames
        artist.set_zorder(0.5)
        self.add(artist)
        return artist


def _draw_item(canvas: _Canvas, item: Item, x: float, baseline: float, out: Drawn) -> Bounds:
    """Draw `item` with its left edge at x on `baseline`; return its bounds."""
    box = measure(item)
    bare = _bare_measure(item)
    frame = getattr(item, "frame", None)
    inner_x = x + (box.width - bare.width) / 2  # a frame (and its label) centres the item
    if isinstance(item, Math):
        out.artists.append(canvas.text(inner_x, baseline, f"${item.tex}$", size=item.size,
                                       color=item.color))
    elif isinstance(item, Label):
        out.artists.append(canvas.text(inner_x, baseline, item.text, size=item.size,
                                       color=item.color, italic=item.italic))
    elif isinstance(item, Matrix):
        _draw_matrix_body(canvas, item, inner_x, baseline, out)
    elif isinstance(item, Group):
        inner = row_box(item.items)
        start = inner_x
        if item.delimiters:
            dw = _delimiter_width(item.delimiters, inner)
            top, bottom = baseline + bare.height, baseline - bare.depth
            close = inner_x + dw + inner.width
            if item.delimiters == "()":
                _paren(canvas, inner_x, dw, bottom, top, left=True, color=item.color, out=out)
                _paren(canvas, close, dw, bottom, top, left=False, color=item.color, out=out)
            else:
                for bar in (inner_x + STROKE / 2, inner_x + STROKE / 2 + NORM_BAR_GAP,
                            close + dw - STROKE / 2, close + dw - STROKE / 2 - NORM_BAR_GAP):
                    out.artists.append(canvas.line([bar, bar], [bottom, top], color=item.color))
            if item.power:
                ph = _text_box(f"${item.power}$", item.power_size, True)
                out.artists.append(canvas.text(close + dw + 1.0, top - ph.height * 0.75,
                                               f"${item.power}$", size=item.power_size,
                                               color=item.color))
            start = inner_x + dw
        sub = _draw_items(canvas, item.items, start, baseline)
        out.extend(sub)
    if frame is not None:
        fb = Bounds(inner_x - FRAME_PAD, baseline - bare.depth - FRAME_PAD,
                    inner_x + bare.width + FRAME_PAD, baseline + bare.height + FRAME_PAD)
        if frame.color != "none" or frame.fill is not None:  # an invisible frame only spaces
            out.artists.append(canvas.box(fb, frame))
        if frame.label:
            lb = _label_box(frame)
            ismath = frame.label.startswith("$")
            size = frame.label_points()
            if frame.label_above:
                ly = fb.y1 + FRAME_PAD + lb.depth
            else:
                ly = fb.y0 - FRAME_PAD - lb.height
            out.artists.append(canvas.text(fb.cx, ly, frame.label, size=size,
                                           color=frame.label_color or frame.color, ha="center"))
    return Bounds(x, baseline - box.depth, x + box.width, baseline + box.height)


def _paren_curve_width(height: float) -> float:
    """Horizontal extent of a round parenthesis `height` points tall: rounder when taller."""
    return 0.16 * height + 1.0


def _paren(canvas: _Canvas, x: float, width: float, bottom: float, top: float, *, left: bool,
           color: str | None, out: Drawn) -> None:
    """A round parenthesis spanning bottom..top in the delimiter slot [x, x + width]: the
    curve on the outer side, the pad between it and the content."""
    curve = _paren_curve_width(top - bottom - 2.0)  # sized like the slot: content height
    start = x if left else x + width - curve
    tip = start + curve if left else start  # the two ends of the curve
    extreme = start if left else start + curve  # where the middle of the curve reaches
    control = 2 * extreme - tip  # a quadratic curve reaches halfway to its control point
    codes = [Path.MOVETO, Path.CURVE3, Path.CURVE3]
    out.artists.append(canvas.path([(tip, top), (control, (top + bottom) / 2), (tip, bottom)],
                                   codes, color=color, width=STROKE))


def _draw_matrix_body(canvas: _Canvas, m: Matrix, x: float, baseline: float, out: Drawn) -> None:
    texts, widths, pitch = _matrix_layout(m)
    rows = len(texts)
    axis = baseline + math_axis(MATH_SIZE)
    top, bottom = axis + rows * pitch / 2, axis - rows * pitch / 2
    arm = BRACKET_ARM * m.size
    delim = _delimiter_size(m.size) if m.brackets else 0.0
    gap = COLUMN_GAP * m.size
    width = sum(widths) + gap * (len(widths) - 1) + 2 * delim
    for edge, inward in ((x, arm), (x + width, -arm)) if m.brackets else ():
        out.artists.append(canvas.line([edge + inward, edge, edge, edge + inward],
                                       [top, top, bottom, bottom], color=m.color))
    # numbers, right-aligned in their column; row r's digits centred on its slot
    dh = digit_height(m.size)
    for r in range(rows):
        centre = top - (r + 0.5) * pitch
        y = centre - dh / 2
        right = x + delim
        for c, w in enumerate(widths):
            right += w
            t = canvas.text(right, y, texts[r][c], size=m.size, color=m.color, ha="right")
            if m.name:
                t.set_gid(f"{m.name}.{r + 1}.{c + 1}")
            out.artists.append(t)
            out.numbers.append(t)
            right += gap


def _draw_items(canvas: _Canvas, items: Sequence[Item], x: float, baseline: float) -> Drawn:
    out = Drawn()
    parts: list[Bounds] = []
    for item in items:
        b = _draw_item(canvas, item, x, baseline, out)
        parts.append(b)
        x = b.x1 + ITEM_GAP
    out.parts = parts
    if parts:
        out.bounds = functools.reduce(Bounds.union, parts)
    return out


def _shift(b: Bounds, dx: float, dy: float) -> Bounds:
    return Bounds(b.x0 + dx, b.y0 + dy, b.x1 + dx, b.y1 + dy)


def draw_row(target: Figure | Axes, items: Sequence[Item], x: float, y: float, *,
             ink: str = "black", anchor: str = "left", raise_by: float = 0.0) -> Drawn:
    """Draw `items` as one line with its baseline at y (moved up by `raise_by` points, which
    on an Axes is the way to offset in points rather than data units).

    anchor "left": the row starts at x; "center": it is centred on x; "right": it ends at x.
    Bounds in the result are in the target's point frame (Figure) or in points around the
    anchor (Axes).
    """
    if anchor not in ("left", "center", "right"):
        raise ValueError(f"anchor={anchor!r} is not valid: expected 'left', 'center' or 'right'")
    box = row_box(items)
    shift = {"left": 0.0, "center": -box.width / 2, "right": -box.width}[anchor]
    canvas = _Canvas(target, x, y, ink)
    drawn = _draw_items(canvas, items, shift, raise_by)
    ox, oy = canvas.origin
    drawn.parts = [_shift(p, ox, oy) for p in drawn.parts]
    drawn.bounds = _shift(drawn.bounds, ox, oy)
    return drawn


def draw_matrix(target: Figure | Axes, values: np.ndarray, x: float, y: float, *,
                ink: str = "black", anchor: str = "center", **style: object) -> Drawn:
    """Draw one bracketed matrix centred (or anchored) on (x, y) on the math axis.

    `style` takes the fields of `Matrix` (color, size, decimals, frame). For diagrams:
    `draw_matrix(ax, record.W1, 0.5, 0.2, ink=theme.text, frame=Frame(color, label="$W_1$"))`.
    """
    item = Matrix(np.asarray(values), **style)  # type: ignore[arg-type]
    # (x, y) is the middle of the matrix: the baseline sits one math axis (points) below it
    return draw_row(target, [item], x, y, ink=ink, anchor=anchor, raise_by=-math_axis(MATH_SIZE))


def draw_arrow(target: Figure | Axes, points: Sequence[tuple[float, float]], *, color: str,
               dashed: bool = False, head: float = 5.0, width: float = 1.2,
               origin: tuple[float, float] = (0.0, 0.0)) -> Drawn:
    """A polyline through `points` (points, in the frame of `draw_row`'s bounds) ending in
    a filled arrow head `head` points long at the last point. For an Axes target the points
    are offsets around the data point `origin`; for a Figure `origin` is ignored."""
    if len(points) < 2:
        raise ValueError(f"an arrow needs at least 2 points, got {len(points)}")
    canvas = _Canvas(target, *origin, ink=color) if isinstance(target, Axes) else _Canvas(target, 0.0, 0.0, color)
    (x0, y0), (x1, y1) = points[-2], points[-1]
    length = float(np.hypot(x1 - x0, y1 - y0))
    if length == 0:
        raise ValueError("the last segment of an arrow has zero length")
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    # the line stops inside the head, so its end does not poke through the tip
    stem = [*points[:-1], (x1 - ux * head * 0.8, y1 - uy * head * 0.8)]
    out = Drawn()
    out.artists.append(canvas.line([p[0] for p in stem], [p[1] for p in stem], color=color,
                                   width=width, dashed=dashed))
    half = head * 0.45
    tip = [(x1, y1), (x1 - ux * head - uy * half, y1 - uy * head + ux * half),
           (x1 - ux * head + uy * half, y1 - uy * head - ux * half), (x1, y1)]
    head_patch = PathPatch(
        Path([canvas.point(*p) for p in tip], [Path.MOVETO, Path.LINETO, Path.LINETO, Path.CLOSEPOLY]),
        facecolor=color, edgecolor="none", transform=canvas.transform, clip_on=False,
        zorder=out.artists[0].get_zorder(),  # painted after the stem, whose end it covers
    )
    canvas.add(head_patch)
    out.artists.append(head_patch)
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    out.bounds = Bounds(min(xs), min(ys), max(xs), max(ys))
    return out


# ---------------------------------------------------------------------------------------------
# aligned equations and whole figures


@dataclass(frozen=True)
class Line:
    """One line of an aligned equation: `lhs` is right-aligned on the common column, `rhs`
    (usually starting with Op("=")) starts there. lhs None: a continuation line."""

    lhs: Sequence[Item] | None
    rhs: Sequence[Item]
    gap: float = LINE_GAP  # points of space above this line (ignored for the first)


def _line_boxes(lines: Sequence[Line]) -> tuple[float, list[Box], list[Box]]:
    lhs = [row_box(line.lhs or ()) for line in lines]
    rhs = [row_box(line.rhs) for line in lines]
    column = max((b.width for b in lhs), default=0.0)
    return column, lhs, rhs


def lines_box(lines: Sequence[Line]) -> Box:
    """Size of an aligned equation; its baseline is the first line's baseline."""
    column, lhs, rhs = _line_boxes(lines)
    width = max(column + ITEM_GAP + r.width for r in rhs)
    heights = [max(a.height, b.height) for a, b in zip(lhs, rhs)]
    depths = [max(a.depth, b.depth) for a, b in zip(lhs, rhs)]
    below = depths[0] + sum(h + d + line.gap
                            for h, d, line in zip(heights[1:], depths[1:], lines[1:]))
    return Box(width, heights[0], below)


def draw_lines(target: Figure | Axes, lines: Sequence[Line], x: float, y: float, *,
               ink: str = "black") -> list[Drawn]:
    """Draw an aligned equation, first baseline at y, left edge at x; one Drawn per line
    (its parts: the lhs items, then the rhs items)."""
    column, lhs, rhs = _line_boxes(lines)
    out: list[Drawn] = []
    baseline = y
    for i, line in enumerate(lines):
        height = max(lhs[i].height, rhs[i].height)
        depth = max(lhs[i].depth, rhs[i].depth)
        if i:
            baseline -= height + line.gap
        drawn = Drawn()
        if line.lhs:
            left = draw_row(target, line.lhs, x + column, baseline, ink=ink, anchor="right")
            drawn.extend(left)
            drawn.parts.extend(left.parts)
        right = draw_row(target, line.rhs, x + column + ITEM_GAP, baseline, ink=ink)
        drawn.extend(right)
        drawn.parts.extend(right.parts)
        drawn.bounds = functools.reduce(Bounds.union, drawn.parts)
        out.append(drawn)
        baseline -= depth
    return out


Block = Union[Sequence[Line], "Heading", "Centered"]


@dataclass(frozen=True)
class Heading:
    """A short line of plain text above a block ("Update W2")."""

    text: str
    color: str | None = None


@dataclass(frozen=True)
class Centered:
    """A single row centred on the figure's content width."""

    items: Sequence[Item]


def _block_box(block: Block) -> Box:
    if isinstance(block, Heading):
        return _text_box(block.text, TEXT_SIZE, False)
    if isinstance(block, Centered):
        return row_box(block.items)
    return lines_box(block)


def new_figure(width_pt: float, height_pt: float) -> Figure:
    """A Figure of the given size in points (at most FIGURE_WIDTH wide)."""
    return Figure(figsize=(width_pt / POINTS_PER_INCH, height_pt / POINTS_PER_INCH))


def equation_figure(theme: Theme, blocks: Sequence[Block], *, gap: float = BLOCK_GAP,
                    max_width: float = FIGURE_WIDTH * POINTS_PER_INCH) -> tuple[Figure, list[list[Drawn]]]:
    """A figure of blocks stacked top to bottom, left-aligned, sized to its content.

    Returns the figure and, per block, the Drawn of each of its lines (a Heading or Centered
    block gives one). Raises ValueError if a block is wider than `max_width` points.
    """
    boxes = [_block_box(b) for b in blocks]
    width = max(b.width for b in boxes)
    if width > max_width:
        widest = max(range(len(boxes)), key=lambda i: boxes[i].width)
        raise ValueError(
            f"equation block {widest} is {boxes[widest].width:.0f} pt wide; at most "
            f"{max_width:.0f} pt (FIGURE_WIDTH) fits: break it into more lines"
        )
    height = sum(b.height + b.depth for b in boxes) + gap * (len(boxes) - 1)
    fig = new_figure(width, height)
    drawn: list[list[Drawn]] = []
    top = height
    for block, box in zip(blocks, boxes):
        baseline = top - box.height
        if isinstance(block, Heading):
            row = draw_row(fig, [Label(block.text, color=block.color or theme.muted,
                                       size=TEXT_SIZE)], 0.0, baseline, ink=theme.text)
            drawn.append([row])
        elif isinstance(block, Centered):
            drawn.append([draw_row(fig, block.items, width / 2, baseline, ink=theme.text,
                                   anchor="center")])
        else:
            drawn.append(draw_lines(fig, block, 0.0, baseline, ink=theme.text))
        top -= box.height + box.depth + gap
    return fig, drawn


def framed(item: Item, frame: Frame) -> Item:
    """`item` with `frame` around it (a copy; items are frozen)."""
    return replace(item, frame=frame)  # type: ignore[arg-type]


__all__ = [
    "TEX", "DECIMALS", "MINUS", "format_number", "Box", "Bounds", "Frame", "Math", "Op", "Label",
    "Matrix", "Space", "Group", "Item", "measure", "row_box", "Drawn", "draw_row", "draw_matrix",
    "draw_arrow",
    "Line", "lines_box", "draw_lines", "Heading", "Centered", "equation_figure", "new_figure",
    "framed", "math_axis", "digit_height",
]

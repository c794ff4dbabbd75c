"""Figures that are equations: forward values, loss, chain rule, updates, with their numbers.

Every number comes from the walkthrough record (never recomputed here) and is drawn by
`figgen.figures.mathdraw` with 8 decimals. Each chain-rule factor keeps its colour from
`Theme.factors` in every figure.

Figures wider than a phone also draw a PHONE layout: the same lines with products and long
right-hand sides broken after an operator (the continuation starts with it, as in print) and
secondary text at the layout's smallest size. Every matrix drawn is named after the record
value it shows, so each of its numbers has a gid ("W1.2.3").
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from figgen.figures import PHONE, WIDE, Layout, hue_names, register
from figgen.figures.mathdraw import (
    POINTS_PER_INCH, TEX, Block, Centered, Frame, Group, Item, Label, Line, Math, Matrix, Op, Space,
    draw_arrow, draw_row, equation_figure, row_box,
)
from figgen.i18n import localized
from figgen.prose import format_value
from figgen.style import SMALL_SIZE, TEXT_SIZE, Theme
from figgen.walkthrough import Walkthrough


# ---------------------------------------------------------------------------------------------
# shared pieces


def _row(value: np.ndarray) -> np.ndarray:
    """A per-observation (1, n) value as the row the reader sees."""
    return np.asarray(value).reshape(-1) if np.ndim(value) == 2 and np.shape(value)[0] == 1 else value


def _txt(value: object) -> str:
    """A value as alt text: 8 decimals, nested brackets for a matrix."""
    return format_value(_row(np.asarray(value)) if isinstance(value, np.ndarray) else value)


def small(layout: Layout) -> float:
    """The size of secondary text (labels, notes) in `layout`: SMALL_SIZE, or the layout's
    smallest readable size where that is larger (the phone)."""
    return max(SMALL_SIZE, layout.min_text)


def is_phone(layout: Layout) -> bool:
    return layout.name == PHONE.name


def finish(theme: Theme, blocks: list[Block], layout: Layout, **kwargs: float) -> Figure:
    """The equation figure of `blocks`, refused if wider than the layout allows."""
    return equation_figure(theme, blocks, max_width=layout.width * POINTS_PER_INCH, **kwargs)[0]


def named(values: np.ndarray, tex: str, theme: Theme, color: str | None = None, *,
          name: str | None = None) -> Matrix:
    """A matrix with its name set small beneath it (in `color`, or muted); `name` is the record
    value it shows (the gid of its numbers)."""
    return Matrix(values, color=color, name=name,
                  frame=Frame("none", label=f"${tex}$", label_color=color or theme.muted))


def result(values: np.ndarray, theme: Theme, label: str | None = None, *, brackets: bool = True,
           name: str | None = None, layout: Layout = WIDE) -> Matrix:
    """A matrix that is the answer of its equation: on a panel, in a neutral frame (the
    colours belong to the chain-rule factors)."""
    return Matrix(values, brackets=brackets, name=name,
                  frame=Frame(theme.muted, fill=theme.panel, label=label, label_color=theme.muted,
                              label_size=small(layout)))


# dL/dz2 is the product computed in the W2 step and reused for W1: always a dashed box, so it
# reads as "this one again" wherever it appears (and stays apart from dL/dh2's similar blue).
DASHED = frozenset({"dL_dz2"})


def factor(name: str, theme: Theme, *, label: str | None = None, layout: Layout = WIDE) -> Math:
    """The chain-rule factor `name` (a key of Theme.factors) as a fraction in its colour box.

    Labels are set in the text colour, so they read the same whatever the factor's hue; the
    box beside the label carries the hue."""
    return Math(TEX[name], frame=Frame(theme.factors[name], dashed=name in DASHED, label=label,
                                       label_color=theme.text, label_size=small(layout)))


def value_of(values: np.ndarray, name: str, theme: Theme, *, label: str | None = None,
             value: str | None = None, layout: Layout = WIDE) -> Matrix:
    """The numbers of factor `name`, boxed in the factor's colour (label in the text colour);
    `value` is the record value shown (default: the factor's own name)."""
    return Matrix(values, name=value or name,
                  frame=Frame(theme.factors[name], dashed=name in DASHED, label=label,
                              label_color=theme.text, label_size=small(layout)))


def alpha(r: Walkthrough) -> Math:
    """The learning rate as the record has it."""
    return Math(format(r.learning_rate, "g"))


def note(text: str, theme: Theme, layout: Layout) -> Label:
    """A line of secondary text, in the muted colour."""
    return Label(text, color=theme.muted, size=small(layout))


GROUP_GAP = 18.0  # points above the first line of a new equation inside one aligned block

# Every phrase the equation figures draw, in one place (a translation replaces this dict).
LABELS: Mapping[str, str] = localized("figures.equations", {
    "one_observation": "one observation (N = {n})",
    "observations": "{n} observations (N = {n})",
    "no_penalty": "no weight penalty (\u03bb = {reg})",
    "penalty": "weight penalty \u03bb = {reg}",
    "output_error": "output error",
    "sigmoid_slope": "sigmoid slope",
    "layer_input": "layer input",
    "steps_back": "one factor per step back from the loss:",
    "reused": "reused from the W2 step",
    "per_weight": "{shape}: one number per weight of {layer}",
})


# Every alt text of the equation figures, as a template (figgen.es translates them); the
# numbers are filled in by each figure's alt function.
ALT: Mapping[str, str] = localized("figures.alt", {
    "z1": "z1 = X W1 + b1, with X = {X}, W1 = {W1} and b1 = {b1}, gives z1 = {z1}.",
    "h1": "h1 = sigmoid(z1), applied to each entry: sigmoid({z1}) = {h1}.",
    "z2": "z2 = h1 W2 + b2, with h1 = {h1}, W2 = {W2} and b2 = {b2}, gives z2 = {z2}.",
    "h2": "h2 = sigmoid(z2), applied to each entry: sigmoid({z2}) = {h2}, the network's output.",
    "loss": ("The loss L = 1/(2N) times the sum over observations of ||y - h2||^2, plus "
             "lambda/(2N) (||W1||^2 + ||W2||^2). For the walkthrough N = {n}, lambda = {reg}, "
             "y = {y} and h2 = {h2}, so L = {loss}."),
    "chain_w2": ("The chain rule for W2: dL/dW2 = dL/dh2 times dh2/dz2 times dz2/dW2, labelled output "
                 "error, sigmoid slope and layer input. Each factor is one step back from the loss L "
                 "to h2, to z2, to W2, and each has its own colour: "
                 "dL/dh2 {dL_dh2}, dh2/dz2 {dh2_dz2}, dz2/dW2 {dz2_dW2}."),
    "chain_w2_detailed": ("The three factors of dL/dW2 and their values. dL/dh2 = -(y - h2) = "
                          "-({y} - {h2}) = {dL_dh2}. dh2/dz2 = h2 (1 - h2) = {dh2_dz2}. dz2/dW2 = h1 = {dz2_dW2}."),
    "chain_w2_numbers": ("dL/dz2 = dL/dh2 times dh2/dz2, entry by entry: {dL_dh2} times {dh2_dz2} = {dL_dz2}. "
                         "dL/dW2 = h1 transposed times dL/dz2, with h1 = {h1}: dL/dW2 = {dL_dW2}. The update "
                         "W2* = W2 - {alpha} dL/dW2 with W2 = {W2} gives W2* = {W2_new}."),
    "chain_w1": ("The chain rule for W1: dL/dW1 = dL/dh1 times dh1/dz1 times dz1/dW1. The first "
                 "factor expands to dL/dh1 = dL/dz2 times dz2/dh1 = dL/dz2 W2 transposed, and "
                 "dL/dz2 = dL/dh2 times dh2/dz2 is the product already computed for W2: it is "
                 "reused, not computed again."),
    "chain_w1_numbers": ("The factors of dL/dW1 with their values. dL/dh1 = dL/dz2 W2 transposed, with "
                         "dL/dz2 = {dL_dz2} reused from the W2 step and W2 = {W2}: dL/dh1 = {dL_dh1}. "
                         "dh1/dz1 = h1 (1 - h1) with h1 = {h1}: dh1/dz1 = {dh1_dz1}. dz1/dW1 = X = {X}."),
    "chain_w1_numbers_final": ("dL/dz1 = dL/dh1 times dh1/dz1, entry by entry: {dL_dh1} times {dh1_dz1} = {dL_dz1}. "
                               "dL/dW1 = X transposed times dL/dz1, with X = {X}: dL/dW1 = {dL_dW1}. The update "
                               "W1* = W1 - {alpha} dL/dW1 with W1 = {W1} gives W1* = {W1_new}."),
    "bias_gradients": ("The bias gradients. z2 = h1 W2 + b2, so dz2/db2 = 1 and dL/db2 = dL/dz2 = {dL_db2}; "
                       "b2* = b2 - {alpha} dL/db2 = {b2_new}. Likewise dL/db1 = dL/dz1 = {dL_db1}; b1* = {b1_new}."),
    "copy_values": ("The new parameters replace the old ones before the next step: W1 becomes W1* = {W1_new}, "
                    "W2 becomes W2* = {W2_new}, b1 becomes b1* = {b1_new} and b2 becomes b2* = {b2_new}."),
})


# ---------------------------------------------------------------------------------------------
# 5.-8. the forward pass


def _alt_z1(r: Walkthrough) -> str:
    return ALT["z1"].format(X=_txt(r.X), W1=_txt(r.W1), b1=_txt(r.b1), z1=_txt(r.z1))


def _affine(r: Walkthrough, theme: Theme, layout: Layout, out: str, x: str, w: str, b: str,
            tex: tuple[str, str, str, str]) -> Figure:
    """out = x w + b with its numbers: on one line each side (wide), or as a list of the
    values under the formula (phone: a row times a matrix does not fit one line there)."""
    xs, ws, bs, outs = (r.value(name) for name in (x, w, b, out))
    t_out, t_x, t_w, t_b = tex
    formula = Line([Math(t_out)], [Op("="), Math(f"{t_x}\\,{t_w} + {t_b}")])
    if is_phone(layout):
        lines = [formula] + [
            Line([Math(t)], [Op("="), Matrix(v, name=name)], gap=GROUP_GAP if i == 0 else 7.0)
            for i, (t, v, name) in enumerate(((t_x, xs, x), (t_w, ws, w), (t_b, bs, b)))
        ] + [Line([Math(t_out)], [Op("="), result(outs, theme, name=out, layout=layout)], gap=GROUP_GAP)]
    else:
        lines = [
            formula,
            Line(None, [Op("="), named(xs, t_x, theme, name=x), named(ws, t_w, theme, name=w)]),
            Line(None, [Op("+"), named(bs, t_b, theme, name=b)]),
            Line(None, [Op("="), result(outs, theme, name=out)]),
        ]
    return finish(theme, [lines], layout)


@register("z1", alt=_alt_z1, phone=True,
          caption="The hidden layer's weighted input: the observation times W1, plus the bias b1.")
def draw_z1(r: Walkthrough, theme: Theme, layout: Layout = WIDE) -> Figure:
    return _affine(r, theme, layout, "z1", "X", "W1", "b1", ("z_1", "X", "W_1", "b_1"))


def _alt_h1(r: Walkthrough) -> str:
    return ALT["h1"].format(z1=_txt(r.z1), h1=_txt(r.h1))


@register("h1", alt=_alt_h1,
          caption="The hidden layer's output: the sigmoid squashes each entry of z1 into (0, 1).")
def draw_h1(r: Walkthrough, theme: Theme, layout: Layout = WIDE) -> Figure:
    lines = [
        Line([Math("h_1")], [Op("="), Math(r"\sigma(z_1) = \dfrac{1}{1 + e^{-z_1}}")]),
        Line(None, [Op("="), Math(r"\sigma"), Group([Matrix(r.z1, name="z1")], delimiters="()")]),
        Line(None, [Op("="), result(r.h1, theme, name="h1")]),
    ]
    return finish(theme, [lines], layout)


def _alt_z2(r: Walkthrough) -> str:
    return ALT["z2"].format(h1=_txt(r.h1), W2=_txt(r.W2), b2=_txt(r.b2), z2=_txt(r.z2))


@register("z2", alt=_alt_z2, phone=True,
          caption="The output layer's weighted input: the hidden output times W2, plus the bias b2.")
def draw_z2(r: Walkthrough, theme: Theme, layout: Layout = WIDE) -> Figure:
    return _affine(r, theme, layout, "z2", "h1", "W2", "b2", ("z_2", "h_1", "W_2", "b_2"))


def _alt_h2(r: Walkthrough) -> str:
    return ALT["h2"].format(z2=_txt(r.z2), h2=_txt(r.h2))


@register("h2", alt=_alt_h2,
          caption="The network's output: the sigmoid of z2, one number in (0, 1) per class.")
def draw_h2(r: Walkthrough, theme: Theme, layout: Layout = WIDE) -> Figure:
    lines = [
        Line([Math("h_2")], [Op("="), Math(r"\sigma(z_2) = \dfrac{1}{1 + e^{-z_2}}")]),
        Line(None, [Op("="), Math(r"\sigma"), Group([Matrix(r.z2, name="z2")], delimiters="()")]),
        Line(None, [Op("="), result(r.h2, theme, name="h2")]),
    ]
    return finish(theme, [lines], layout)


# ---------------------------------------------------------------------------------------------
# 9. the loss


def _alt_loss(r: Walkthrough) -> str:
    return ALT["loss"].format(n=r.X.shape[0], reg=f'{r.reg:g}', y=format_value(_row(r.y), '.0f'), h2=_txt(r.h2), loss=_txt(r.loss))


# The loss in the notation of the article: observation n as a parenthesised superscript.
LOSS_DATA_TEX = r"\dfrac{1}{2N}\,\sum_{n=1}^{N}\,\Vert y^{(n)} - h_2^{(n)}\Vert^2"
LOSS_PENALTY_TEX = r"\dfrac{\lambda}{2N}\,(\Vert W_1\Vert^2 + \Vert W_2\Vert^2)"


def _loss_case(r: Walkthrough) -> list[str]:
    """The words under the formula: how many observations, and whether a penalty applies."""
    n = r.X.shape[0]
    observations = LABELS["one_observation"] if n == 1 else LABELS["observations"]
    penalty = LABELS["no_penalty"] if r.reg == 0 else LABELS["penalty"]
    return [observations.format(n=n), penalty.format(reg=f"{r.reg:g}")]


@register("loss", alt=_alt_loss, phone=True,
          caption="The squared-error loss with its weight penalty, and its value for the walkthrough.")
def draw_loss(r: Walkthrough, theme: Theme, layout: Layout = WIDE) -> Figure:
    n = r.X.shape[0]
    penalty = r"\,(\Vert W_1\Vert^2 + \Vert W_2\Vert^2)"
    data = [Math(rf"\dfrac{{1}}{{2 \cdot {n}}}"),
            Group([Matrix(r.y, decimals=0, name="y"), Op("-"), Matrix(r.h2, name="h2")],
                  delimiters="||", power="2", power_size=small(layout))]
    weights = [Math(rf"\dfrac{{{r.reg:g}}}{{2 \cdot {n}}}" + penalty)]
    words = _loss_case(r)
    answer = Line(None, [Op("="), result(np.array([[r.loss]]), theme, brackets=False, name="loss",
                                         layout=layout)])
    if is_phone(layout):  # each term on its own line, the words in two
        lines = [
            Line([Math("L")], [Op("="), Math(LOSS_DATA_TEX)]),
            Line(None, [Op("+"), Math(LOSS_PENALTY_TEX)]),
            Line(None, [note(words[0] + ",", theme, layout)], gap=GROUP_GAP / 2),
            Line(None, [note(words[1] + ":", theme, layout)]),
            Line(None, [Op("="), *data]),
            Line(None, [Op("+"), *weights]),
            answer,
        ]
    else:
        lines = [
            Line([Math("L")], [Op("="), Math(LOSS_DATA_TEX), Op("+"), Math(LOSS_PENALTY_TEX)]),
            Line(None, [note(", ".join(words) + ":", theme, layout)], gap=GROUP_GAP / 2),
            Line(None, [Op("="), *data, Op("+"), *weights]),
            answer,
        ]
    return finish(theme, [lines], layout)


# ---------------------------------------------------------------------------------------------
# 10., 12., 13. the chain rule for W2


def _chain_w2_row(theme: Theme, labels: bool, layout: Layout = WIDE) -> list[Item]:
    """dL/dW2 = dL/dh2 . dh2/dz2 . dz2/dW2, each factor boxed in its colour."""
    words = {"dL_dh2": "output_error", "dh2_dz2": "sigmoid_slope", "dz2_dW2": "layer_input"}
    return [Math(TEX["dL_dW2"]), Op("=")] + [
        factor(name, theme, label=LABELS[word] if labels else None, layout=layout)
        for name, word in words.items()
    ]


def _alt_chain_w2(r: Walkthrough) -> str:
    return ALT["chain_w2"].format(**hue_names())


@register("chain_w2", alt=_alt_chain_w2, phone=True,
          caption="The gradient of the loss with respect to W2 is a product of three factors, one per step from W2 to the loss.")
def draw_chain_w2(r: Walkthrough, theme: Theme, layout: Layout = WIDE) -> Figure:
    f = theme.factors

    def step(name: str) -> Math:
        return Math(r"\longleftarrow", color=f[name])

    # read backwards from the loss, the steps come in the order of the factors above
    words = Label(LABELS["steps_back"], color=theme.muted, size=max(TEXT_SIZE, layout.min_text))
    path = [Math("L"), step("dL_dh2"), Math("h_2"), step("dh2_dz2"), Math("z_2"),
            step("dz2_dW2"), Math("W_2")]
    blocks: list[Block] = [Centered(_chain_w2_row(theme, labels=True, layout=layout))]
    if is_phone(layout):  # the words above the path, not beside it
        blocks += [Centered([words]), Centered(path)]
        return finish(theme, blocks, layout, gap=10.0)
    return finish(theme, blocks + [Centered([words, *path])], layout)


def _alt_chain_w2_detailed(r: Walkthrough) -> str:
    return ALT["chain_w2_detailed"].format(y=format_value(_row(r.y), '.0f'), h2=_txt(r.h2), dL_dh2=_txt(r.dL_dh2), dh2_dz2=_txt(r.dh2_dz2), dz2_dW2=_txt(r.dz2_dW2))


@register("chain_w2_detailed", alt=_alt_chain_w2_detailed, phone=True,
          caption="Each factor of the W2 chain rule as a formula and as numbers.")
def draw_chain_w2_detailed(r: Walkthrough, theme: Theme, layout: Layout = WIDE) -> Figure:
    phone = is_phone(layout)
    slope = [Op("="), Matrix(r.h2, name="h2"), Op(r"\odot"),
             Group([Math("1"), Op("-"), Matrix(r.h2, name="h2")], delimiters="()")]
    lines = [
        Line([factor("dL_dh2", theme)], [Op("="), Math(r"-(y - h_2)")]),
        Line(None, [Op("="), Math("-"), Group([Matrix(r.y, decimals=0, name="y"), Op("-"),
                                               Matrix(r.h2, name="h2")], delimiters="()")]),
        Line(None, [Op("="), value_of(r.dL_dh2, "dL_dh2", theme)]),
        Line([factor("dh2_dz2", theme)], [Op("="), Math(r"h_2 \odot (1 - h_2)")], gap=GROUP_GAP),
        *([Line(None, slope[:2]), Line(None, slope[2:])] if phone else [Line(None, slope)]),
        Line(None, [Op("="), value_of(r.dh2_dz2, "dh2_dz2", theme)]),
    ]
    h1 = value_of(r.dz2_dW2, "dz2_dW2", theme, value="h1")
    if phone:
        lines += [Line([factor("dz2_dW2", theme)], [Op("="), Math("h_1")], gap=GROUP_GAP),
                  Line(None, [Op("="), h1])]
    else:
        lines += [Line([factor("dz2_dW2", theme)], [Op("="), Math("h_1"), Op("="), h1], gap=GROUP_GAP)]
    return finish(theme, [Centered(_chain_w2_row(theme, labels=False)), lines], layout)


def _alt_chain_w2_numbers(r: Walkthrough) -> str:
    return ALT["chain_w2_numbers"].format(dL_dh2=_txt(r.dL_dh2), dh2_dz2=_txt(r.dh2_dz2), dL_dz2=_txt(r.dL_dz2), h1=_txt(r.dz2_dW2), dL_dW2=_txt(r.dL_dW2), alpha=f'{r.learning_rate:g}', W2=_txt(r.W2), W2_new=_txt(r.W2_new))


def _per_weight(gradient: np.ndarray, layer: str, theme: Theme, layout: Layout, name: str) -> Matrix:
    """The gradient of a weight matrix, with its shape and what it is written small under it."""
    shape = " \u00d7 ".join(str(n) for n in gradient.shape)
    return Matrix(gradient, name=name, frame=Frame(
        "none", label=LABELS["per_weight"].format(shape=shape, layer=layer), label_color=theme.muted,
        label_size=small(layout)))


@register("chain_w2_numbers", alt=_alt_chain_w2_numbers, phone=True,
          caption="The factors multiplied out into the 3 by 2 gradient dL/dW2, and the updated weights W2*.")
def draw_chain_w2_numbers(r: Walkthrough, theme: Theme, layout: Layout = WIDE) -> Figure:
    phone = is_phone(layout)

    def split(items: list[Item], at: int) -> list[Line]:
        """One continuation line, or two on a phone: the second starts with items[at]."""
        return [Line(None, items[:at]), Line(None, items[at:])] if phone else [Line(None, items)]

    transpose = [Op("="), Group([factor("dz2_dW2", theme)], delimiters="()", power=r"\top",
                                power_size=small(layout)), factor("dL_dz2", theme)]
    short = [Op("="), Math(r"h_1^{\top}\,"), Math(TEX["dL_dz2"])]
    lines = [
        Line([factor("dL_dz2", theme)],
             [Op("="), factor("dL_dh2", theme), Op(r"\odot"), factor("dh2_dz2", theme)]),
        *split([Op("="), value_of(r.dL_dh2, "dL_dh2", theme), Op(r"\odot"),
                value_of(r.dh2_dz2, "dh2_dz2", theme)], 2),
        Line(None, [Op("="), value_of(r.dL_dz2, "dL_dz2", theme)]),
        *([Line([Math(TEX["dL_dW2"])], transpose, gap=GROUP_GAP), Line(None, short)] if phone else
          [Line([Math(TEX["dL_dW2"])], transpose + short, gap=GROUP_GAP)]),
        Line(None, [Op("="), value_of(r.dz2_dW2.T, "dz2_dW2", theme, value="h1T"),
                    value_of(r.dL_dz2, "dL_dz2", theme)]),
        Line(None, [Op("="), _per_weight(r.dL_dW2, "W2", theme, layout, "dL_dW2")]),
        Line([Math("W_2^{*}")], [Op("="), Math(r"W_2 - \alpha\,"), Math(TEX["dL_dW2"])],
             gap=GROUP_GAP),
        *split([Op("="), named(r.W2, "W_2", theme, name="W2"), Op("-"), alpha(r),
                named(r.dL_dW2, r"\partial L / \partial W_2", theme, name="dL_dW2")], 2),
        Line(None, [Op("="), result(r.W2_new, theme, name="W2_new")]),
    ]
    return finish(theme, [lines], layout)


# ---------------------------------------------------------------------------------------------
# 14., 16., 17. the chain rule for W1, reusing dL/dz2


def _alt_chain_w1(r: Walkthrough) -> str:
    return ALT["chain_w1"].format()


@register("chain_w1", alt=_alt_chain_w1, phone=True,
          caption="The chain rule for W1 reuses dL/dz2, the product of the first two factors of the W2 step.")
def draw_chain_w1(r: Walkthrough, theme: Theme, layout: Layout = WIDE) -> Figure:
    f = theme.factors
    lhs = [Math(TEX["dL_dW1"]), Op("=")]
    w1_chain = lhs + [factor("dL_dh1", theme), factor("dh1_dz1", theme), factor("dz1_dW1", theme)]
    w2_chain = [
        Math(TEX["dL_dW2"]), Op("="),
        Group([factor("dL_dh2", theme), factor("dh2_dz2", theme)],
              frame=Frame(f["dL_dz2"], dashed=True, label=r"$\partial L / \partial z_2$",
                          label_above=True, label_color=theme.text)),
        factor("dz2_dW2", theme),
    ]
    indent = row_box(lhs).width  # the expansion starts under the dL/dh1 box of the W1 chain
    expansion = [Space(indent), factor("dL_dh1", theme), Op("="),
                 factor("dL_dz2", theme), Math(TEX["dz2_dh1"]), Op("="),
                 factor("dL_dz2", theme), Math(r"\,W_2^{\top}")]
    reused = Label(LABELS["reused"], color=theme.text, size=small(layout))
    if is_phone(layout):
        # the W1 chain, its first factor expanded under it, and the W2 chain at the bottom,
        # whose dL/dz2 goes up into the expansion
        fig, drawn = equation_figure(theme, [[Line(None, w1_chain)], [Line(None, expansion)],
                                             [Line(None, w2_chain)]],
                                     gap=2 * GROUP_GAP + 6, max_width=layout.width * POINTS_PER_INCH)
        top, middle, bottom = drawn[0][0], drawn[1][0], drawn[2][0]
        source, target = top.parts[2], middle.parts[1]
        draw_arrow(fig, [(source.cx, source.y0 - 2), (target.cx, target.y1 + 2)], color=f["dL_dh1"])
        group, box = bottom.parts[2], middle.parts[3]
        # up from over the group's label, across, and up into the reused box; the words
        # beside the crossing
        between = (middle.bounds.y0 + group.y1) / 2
        draw_arrow(fig, [(group.cx, group.y1 + 2), (group.cx, between), (box.cx, between),
                         (box.cx, box.y0 - 2)], color=f["dL_dz2"], dashed=True)
        draw_row(fig, [reused], max(group.cx, box.cx) + 8, between - small(layout) * 0.35,
                 ink=theme.text)
        return fig
    row1 = w1_chain + [Space(2 * GROUP_GAP)] + w2_chain
    fig, drawn = equation_figure(theme, [[Line(None, row1)], [Line(None, expansion)]],
                                 gap=2 * GROUP_GAP, max_width=layout.width * POINTS_PER_INCH)
    top, bottom = drawn[0][0], drawn[1][0]
    # dL/dh1 in row 1 is expanded in row 2, straight below it
    source, target = top.parts[2], bottom.parts[1]
    draw_arrow(fig, [(source.cx, source.y0 - 2), (target.cx, target.y1 + 2)], color=f["dL_dh1"])
    # dL/dz2 comes from the W2 chain: down, below row 2, and up into its box
    group, box = top.parts[len(w1_chain) + 3], bottom.parts[3]
    below = bottom.bounds.y0 - GROUP_GAP
    draw_arrow(fig, [(group.cx, group.y0 - 2), (group.cx, below), (box.cx, below),
                     (box.cx, box.y0 - 2)], color=f["dL_dz2"], dashed=True)
    draw_row(fig, [reused], (group.cx + box.cx) / 2, below - SMALL_SIZE - 2, ink=theme.text,
             anchor="center")
    return fig


def _alt_chain_w1_numbers(r: Walkthrough) -> str:
    return ALT["chain_w1_numbers"].format(dL_dz2=_txt(r.dL_dz2), W2=_txt(r.W2), dL_dh1=_txt(r.dL_dh1), h1=_txt(r.h1), dh1_dz1=_txt(r.dh1_dz1), X=_txt(r.dz1_dW1))


@register("chain_w1_numbers", alt=_alt_chain_w1_numbers, phone=True,
          caption="Each factor of the W1 chain rule as numbers, with dL/dz2 taken from the W2 step.")
def draw_chain_w1_numbers(r: Walkthrough, theme: Theme, layout: Layout = WIDE) -> Figure:
    phone = is_phone(layout)
    reused = value_of(r.dL_dz2, "dL_dz2", theme, label=LABELS["reused"], layout=layout)
    w2t = named(r.W2.T, r"W_2^{\top}", theme, name="W2T")
    lines = [
        Line([factor("dL_dh1", theme)],
             [Op("="), factor("dL_dz2", theme), Math(r"\,W_2^{\top}")]),
        *([Line(None, [Op("="), reused]), Line(None, [Op(r"\cdot"), w2t])] if phone else
          [Line(None, [Op("="), reused, w2t])]),
        Line(None, [Op("="), value_of(r.dL_dh1, "dL_dh1", theme)]),
        Line([factor("dh1_dz1", theme)], [Op("="), Math(r"h_1 \odot (1 - h_1)")], gap=GROUP_GAP),
        Line(None, [Op("="), named(r.h1, "h_1", theme, name="h1")]),
        Line(None, [Op(r"\odot"), Group([Math("1"), Op("-"), Matrix(r.h1, name="h1")], delimiters="()")]),
        Line(None, [Op("="), value_of(r.dh1_dz1, "dh1_dz1", theme)]),
    ]
    x = value_of(r.dz1_dW1, "dz1_dW1", theme, value="X")
    if phone:
        lines += [Line([factor("dz1_dW1", theme)], [Op("="), Math("X")], gap=GROUP_GAP),
                  Line(None, [Op("="), x])]
    else:
        lines += [Line([factor("dz1_dW1", theme)], [Op("="), Math("X"), Op("="), x], gap=GROUP_GAP)]
    return finish(theme, [lines], layout)


def _alt_chain_w1_numbers_final(r: Walkthrough) -> str:
    return ALT["chain_w1_numbers_final"].format(dL_dh1=_txt(r.dL_dh1), dh1_dz1=_txt(r.dh1_dz1), dL_dz1=_txt(r.dL_dz1), X=_txt(r.dz1_dW1), dL_dW1=_txt(r.dL_dW1), alpha=f'{r.learning_rate:g}', W1=_txt(r.W1), W1_new=_txt(r.W1_new))


@register("chain_w1_numbers_final", alt=_alt_chain_w1_numbers_final, phone=True,
          caption="The factors multiplied out into the 2 by 3 gradient dL/dW1, and the updated weights W1*.")
def draw_chain_w1_numbers_final(r: Walkthrough, theme: Theme, layout: Layout = WIDE) -> Figure:
    phone = is_phone(layout)
    transpose = [Op("="), Group([factor("dz1_dW1", theme)], delimiters="()", power=r"\top",
                                power_size=small(layout)), Math(TEX["dL_dz1"])]
    short = [Op("="), Math(r"X^{\top}\,"), Math(TEX["dL_dz1"])]
    xt = value_of(r.dz1_dW1.T, "dz1_dW1", theme, value="XT")
    dz1 = Matrix(r.dL_dz1, name="dL_dz1")
    lines = [
        Line([Math(TEX["dL_dz1"])],
             [Op("="), factor("dL_dh1", theme), Op(r"\odot"), factor("dh1_dz1", theme)]),
        Line(None, [Op("="), value_of(r.dL_dh1, "dL_dh1", theme)]),
        Line(None, [Op(r"\odot"), value_of(r.dh1_dz1, "dh1_dz1", theme)]),
        Line(None, [Op("="), Matrix(r.dL_dz1, name="dL_dz1")]),
        *([Line([Math(TEX["dL_dW1"])], transpose, gap=GROUP_GAP), Line(None, short)] if phone else
          [Line([Math(TEX["dL_dW1"])], transpose + short, gap=GROUP_GAP)]),
        *([Line(None, [Op("="), xt]), Line(None, [Op(r"\cdot"), dz1])] if phone else
          [Line(None, [Op("="), xt, dz1])]),
        Line(None, [Op("="), _per_weight(r.dL_dW1, "W1", theme, layout, "dL_dW1")]),
        Line([Math("W_1^{*}")], [Op("="), Math(r"W_1 - \alpha\,"), Math(TEX["dL_dW1"])],
             gap=GROUP_GAP),
        Line(None, [Op("="), named(r.W1, "W_1", theme, name="W1")]),
        Line(None, [Op("-"), alpha(r), named(r.dL_dW1, r"\partial L / \partial W_1", theme, name="dL_dW1")]),
        Line(None, [Op("="), result(r.W1_new, theme, name="W1_new")]),
    ]
    return finish(theme, [lines], layout)


# ---------------------------------------------------------------------------------------------
# the biases (the original has none) and 18. the copy


def _alt_bias_gradients(r: Walkthrough) -> str:
    return ALT["bias_gradients"].format(dL_db2=_txt(r.dL_db2), alpha=f'{r.learning_rate:g}', b2_new=_txt(r.b2_new), dL_db1=_txt(r.dL_db1), b1_new=_txt(r.b1_new))


@register("bias_gradients", alt=_alt_bias_gradients, phone=True,
          caption="A bias moves its layer's input one for one, so its gradient is the error at that input.")
def draw_bias_gradients(r: Walkthrough, theme: Theme, layout: Layout = WIDE) -> Figure:
    phone = is_phone(layout)

    def update(b: str, tex: str, gradient: str, gradient_tex: str) -> list[Line]:
        items = [Op("="), named(r.value(b), tex, theme, name=b), Op("-"), alpha(r),
                 named(r.value(gradient), gradient_tex, theme, name=gradient)]
        return [Line(None, items[:2]), Line(None, items[2:])] if phone else [Line(None, items)]

    lines = [
        Line([Math(TEX["dL_db2"])],
             [Op("="), factor("dL_dz2", theme), Math(r"\,\dfrac{\partial z_2}{\partial b_2}"),
              Op("="), factor("dL_dz2", theme), Op(r"\cdot"), Math("1")]),
        Line(None, [Op("="), value_of(r.dL_db2, "dL_dz2", theme, value="dL_db2")]),
        Line([Math("b_2^{*}")], [Op("="), Math(r"b_2 - \alpha\,"), Math(TEX["dL_db2"])],
             gap=GROUP_GAP / 2),
        *update("b2", "b_2", "dL_db2", r"\partial L / \partial b_2"),
        Line(None, [Op("="), result(r.b2_new, theme, name="b2_new")]),
        Line([Math(TEX["dL_db1"])],
             [Op("="), Math(TEX["dL_dz1"]), Math(r"\,\dfrac{\partial z_1}{\partial b_1}"),
              Op("="), Math(TEX["dL_dz1"]), Op(r"\cdot"), Math("1")], gap=GROUP_GAP),
        Line(None, [Op("="), Matrix(r.dL_db1, name="dL_db1")]),
        Line([Math("b_1^{*}")], [Op("="), Math(r"b_1 - \alpha\,"), Math(TEX["dL_db1"])],
             gap=GROUP_GAP / 2),
        Line(None, [Op("="), named(r.b1, "b_1", theme, name="b1")]),
        Line(None, [Op("-"), alpha(r), named(r.dL_db1, r"\partial L / \partial b_1", theme, name="dL_db1")]),
        Line(None, [Op("="), result(r.b1_new, theme, name="b1_new")]),
    ]
    return finish(theme, [lines], layout)


def _alt_copy_values(r: Walkthrough) -> str:
    return ALT["copy_values"].format(W1_new=_txt(r.W1_new), W2_new=_txt(r.W2_new), b1_new=_txt(r.b1_new), b2_new=_txt(r.b2_new))


@register("copy_values", alt=_alt_copy_values,
          caption="The updated weights and biases replace the old ones, and the next step starts from them.")
def draw_copy_values(r: Walkthrough, theme: Theme, layout: Layout = WIDE) -> Figure:
    def copy(name: str, tex: str, gap: float) -> Line:
        return Line([Math(tex)], [Op(r"\leftarrow"), Math(tex + "^{*}"), Op("="),
                                  result(r.value(f"{name}_new"), theme, name=f"{name}_new")], gap=gap)

    lines = [
        copy("W1", "W_1", 0.0),
        copy("W2", "W_2", GROUP_GAP / 2),
        copy("b1", "b_1", GROUP_GAP / 2),
        copy("b2", "b_2", GROUP_GAP / 2),
    ]
    return finish(theme, [lines], layout)

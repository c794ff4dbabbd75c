"""Figures that are equations: forward values, loss, chain rule, updates, with their numbers.

Every number comes from the walkthrough record (never recomputed here) and is drawn by
`figgen.figures.mathdraw` with 8 decimals. Each chain-rule factor keeps its colour from
`Theme.factors` in every figure.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from figgen.figures import register
from figgen.figures.mathdraw import (
    TEX, Centered, Frame, Group, Item, Label, Line, Math, Matrix, Op, Space, draw_arrow, draw_row,
    equation_figure, row_box,
)
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


def named(values: np.ndarray, tex: str, theme: Theme, color: str | None = None) -> Matrix:
    """A matrix with its name set small beneath it (in `color`, or muted)."""
    return Matrix(values, color=color,
                  frame=Frame("none", label=f"${tex}$", label_color=color or theme.muted))


def result(values: np.ndarray, theme: Theme, label: str | None = None, *,
           brackets: bool = True) -> Matrix:
    """A matrix that is the answer of its equation: on a panel, in a neutral frame (the
    colours belong to the chain-rule factors)."""
    return Matrix(values, brackets=brackets,
                  frame=Frame(theme.muted, fill=theme.panel, label=label, label_color=theme.muted))


# dL/dz2 is the product computed in the W2 step and reused for W1: always a dashed box, so it
# reads as "this one again" wherever it appears (and stays apart from dL/dh2's similar blue).
DASHED = frozenset({"dL_dz2"})


def factor(name: str, theme: Theme, *, label: str | None = None) -> Math:
    """The chain-rule factor `name` (a key of Theme.factors) as a fraction in its colour box.

    Labels are set in the text colour: some factor hues (orange, sky blue) are too light for
    small text on the light page; the box beside the label carries the hue."""
    return Math(TEX[name], frame=Frame(theme.factors[name], dashed=name in DASHED, label=label,
                                       label_color=theme.text))


def value_of(values: np.ndarray, name: str, theme: Theme, *, label: str | None = None) -> Matrix:
    """The numbers of factor `name`, boxed in the factor's colour (label in the text colour)."""
    return Matrix(values, frame=Frame(theme.factors[name], dashed=name in DASHED, label=label,
                                      label_color=theme.text))


def alpha(r: Walkthrough) -> Math:
    """The learning rate as the record has it."""
    return Math(format(r.learning_rate, "g"))


GROUP_GAP = 18.0  # points above the first line of a new equation inside one aligned block


# ---------------------------------------------------------------------------------------------
# 5.-8. the forward pass


def _alt_z1(r: Walkthrough) -> str:
    return (f"z1 = X W1 + b1, with X = {_txt(r.X)}, W1 = {_txt(r.W1)} and b1 = {_txt(r.b1)}, "
            f"gives z1 = {_txt(r.z1)}.")


@register("z1", alt=_alt_z1,
          caption="The hidden layer's weighted input: the observation times W1, plus the bias b1.")
def draw_z1(r: Walkthrough, theme: Theme) -> Figure:
    lines = [
        Line([Math("z_1")], [Op("="), Math("X\\,W_1 + b_1")]),
        Line(None, [Op("="), named(r.X, "X", theme), named(r.W1, "W_1", theme)]),
        Line(None, [Op("+"), named(r.b1, "b_1", theme)]),
        Line(None, [Op("="), result(r.z1, theme)]),
    ]
    return equation_figure(theme, [lines])[0]


def _alt_h1(r: Walkthrough) -> str:
    return (f"h1 = sigmoid(z1), applied to each entry: sigmoid({_txt(r.z1)}) = {_txt(r.h1)}.")


@register("h1", alt=_alt_h1,
          caption="The hidden layer's output: the sigmoid squashes each entry of z1 into (0, 1).")
def draw_h1(r: Walkthrough, theme: Theme) -> Figure:
    lines = [
        Line([Math("h_1")], [Op("="), Math(r"\sigma(z_1) = \dfrac{1}{1 + e^{-z_1}}")]),
        Line(None, [Op("="), Math(r"\sigma"), Group([Matrix(r.z1)], delimiters="()")]),
        Line(None, [Op("="), result(r.h1, theme)]),
    ]
    return equation_figure(theme, [lines])[0]


def _alt_z2(r: Walkthrough) -> str:
    return (f"z2 = h1 W2 + b2, with h1 = {_txt(r.h1)}, W2 = {_txt(r.W2)} and b2 = {_txt(r.b2)}, "
            f"gives z2 = {_txt(r.z2)}.")


@register("z2", alt=_alt_z2,
          caption="The output layer's weighted input: the hidden output times W2, plus the bias b2.")
def draw_z2(r: Walkthrough, theme: Theme) -> Figure:
    lines = [
        Line([Math("z_2")], [Op("="), Math("h_1 W_2 + b_2")]),
        Line(None, [Op("="), named(r.h1, "h_1", theme), named(r.W2, "W_2", theme)]),
        Line(None, [Op("+"), named(r.b2, "b_2", theme)]),
        Line(None, [Op("="), result(r.z2, theme)]),
    ]
    return equation_figure(theme, [lines])[0]


def _alt_h2(r: Walkthrough) -> str:
    return (f"h2 = sigmoid(z2), applied to each entry: sigmoid({_txt(r.z2)}) = {_txt(r.h2)}, "
            f"the network's output.")


@register("h2", alt=_alt_h2,
          caption="The network's output: the sigmoid of z2, one number in (0, 1) per class.")
def draw_h2(r: Walkthrough, theme: Theme) -> Figure:
    lines = [
        Line([Math("h_2")], [Op("="), Math(r"\sigma(z_2) = \dfrac{1}{1 + e^{-z_2}}")]),
        Line(None, [Op("="), Math(r"\sigma"), Group([Matrix(r.z2)], delimiters="()")]),
        Line(None, [Op("="), result(r.h2, theme)]),
    ]
    return equation_figure(theme, [lines])[0]



# ---------------------------------------------------------------------------------------------
# 9. the loss


def _alt_loss(r: Walkthrough) -> str:
    return (f"The loss L = 1/(2N) times the sum over observations of ||y - h2||^2, plus "
            f"lambda/(2N) (||W1||^2 + ||W2||^2). For the walkthrough N = {r.X.shape[0]}, "
            f"lambda = {r.reg:g}, y = {format_value(_row(r.y), '.0f')} and h2 = {_txt(r.h2)}, "
            f"so L = {_txt(r.loss)}.")


@register("loss", alt=_alt_loss,
          caption="The squared-error loss with its weight penalty, and its value for the walkthrough.")
def draw_loss(r: Walkthrough, theme: Theme) -> Figure:
    n = r.X.shape[0]
    penalty = r"\,(\Vert W_1\Vert^2 + \Vert W_2\Vert^2)"
    lines = [
        Line([Math("L")], [Op("="), Math(r"\dfrac{1}{2N}\,\sum_{n=1}^{N}\,\Vert y_n - h_{2,n}\Vert^2"),
                           Op("+"), Math(r"\dfrac{\lambda}{2N}" + penalty)]),
        Line(None, [Label(f"one observation (N = {n}), no weight penalty (\u03bb = {r.reg:g}):",
                          color=theme.muted)], gap=GROUP_GAP / 2),
        Line(None, [Op("="), Math(rf"\dfrac{{1}}{{2 \cdot {n}}}"),
                    Group([Matrix(r.y, decimals=0), Op("-"), Matrix(r.h2)], delimiters="||",
                          power="2"),
                    Op("+"), Math(rf"\dfrac{{{r.reg:g}}}{{2 \cdot {n}}}" + penalty)]),
        Line(None, [Op("="), result(np.array([[r.loss]]), theme, brackets=False)]),
    ]
    return equation_figure(theme, [lines])[0]


# ---------------------------------------------------------------------------------------------
# 10., 12., 13. the chain rule for W2


def _chain_w2_row(theme: Theme, labels: bool) -> list[Item]:
    """dL/dW2 = dL/dh2 . dh2/dz2 . dz2/dW2, each factor boxed in its colour."""
    words = {
        "dL_dh2": "output error",
        "dh2_dz2": "sigmoid slope",
        "dz2_dW2": "layer input",
    }
    return [Math(TEX["dL_dW2"]), Op("=")] + [
        factor(name, theme, label=words[name] if labels else None) for name in words
    ]


def _alt_chain_w2(r: Walkthrough) -> str:
    return ("The chain rule for W2: dL/dW2 = dL/dh2 times dh2/dz2 times dz2/dW2. Each factor is "
            "one step back from the loss L to h2, to z2, to W2, and each has its own colour: "
            "dL/dh2 blue, dh2/dz2 orange, dz2/dW2 green.")


@register("chain_w2", alt=_alt_chain_w2,
          caption="The gradient of the loss with respect to W2 is a product of three factors, one per step from W2 to the loss.")
def draw_chain_w2(r: Walkthrough, theme: Theme) -> Figure:
    f = theme.factors

    def step(name: str) -> Math:
        return Math(r"\longleftarrow", color=f[name])

    # read backwards from the loss, the steps come in the order of the factors above
    path = [Label("one factor per step back from the loss:", color=theme.muted, size=TEXT_SIZE),
            Math("L"), step("dL_dh2"), Math("h_2"), step("dh2_dz2"), Math("z_2"),
            step("dz2_dW2"), Math("W_2")]
    return equation_figure(theme, [Centered(_chain_w2_row(theme, labels=True)),
                                   Centered(path)])[0]


def _alt_chain_w2_detailed(r: Walkthrough) -> str:
    return (f"The three factors of dL/dW2 and their values. dL/dh2 = -(y - h2) = "
            f"-({format_value(_row(r.y), '.0f')} - {_txt(r.h2)}) = {_txt(r.dL_dh2)}. "
            f"dh2/dz2 = h2 (1 - h2) = {_txt(r.dh2_dz2)}. dz2/dW2 = h1 = {_txt(r.dz2_dW2)}.")


@register("chain_w2_detailed", alt=_alt_chain_w2_detailed,
          caption="Each factor of the W2 chain rule as a formula and as numbers.")
def draw_chain_w2_detailed(r: Walkthrough, theme: Theme) -> Figure:
    lines = [
        Line([factor("dL_dh2", theme)], [Op("="), Math(r"-(y - h_2)")]),
        Line(None, [Op("="), Math("-"), Group([Matrix(r.y, decimals=0), Op("-"), Matrix(r.h2)],
                                              delimiters="()")]),
        Line(None, [Op("="), value_of(r.dL_dh2, "dL_dh2", theme)]),
        Line([factor("dh2_dz2", theme)], [Op("="), Math(r"h_2 \odot (1 - h_2)")], gap=GROUP_GAP),
        Line(None, [Op("="), Matrix(r.h2), Op(r"\odot"),
                    Group([Math("1"), Op("-"), Matrix(r.h2)], delimiters="()")]),
        Line(None, [Op("="), value_of(r.dh2_dz2, "dh2_dz2", theme)]),
        Line([factor("dz2_dW2", theme)],
             [Op("="), Math("h_1"), Op("="), value_of(r.dz2_dW2, "dz2_dW2", theme)], gap=GROUP_GAP),
    ]
    return equation_figure(theme, [Centered(_chain_w2_row(theme, labels=False)), lines])[0]


def _alt_chain_w2_numbers(r: Walkthrough) -> str:
    return (f"dL/dz2 = dL/dh2 times dh2/dz2, entry by entry: {_txt(r.dL_dh2)} times "
            f"{_txt(r.dh2_dz2)} = {_txt(r.dL_dz2)}. dL/dW2 = h1 transposed times dL/dz2, with "
            f"h1 = {_txt(r.dz2_dW2)}: dL/dW2 = {_txt(r.dL_dW2)}. The update W2* = W2 - "
            f"{r.learning_rate:g} dL/dW2 with W2 = {_txt(r.W2)} gives W2* = {_txt(r.W2_new)}.")


@register("chain_w2_numbers", alt=_alt_chain_w2_numbers,
          caption="The factors multiplied out into the 3 by 2 gradient dL/dW2, and the updated weights W2*.")
def draw_chain_w2_numbers(r: Walkthrough, theme: Theme) -> Figure:
    shape = " \u00d7 ".join(str(n) for n in r.dL_dW2.shape)
    lines = [
        Line([factor("dL_dz2", theme)],
             [Op("="), factor("dL_dh2", theme), Op(r"\odot"), factor("dh2_dz2", theme)]),
        Line(None, [Op("="), value_of(r.dL_dh2, "dL_dh2", theme), Op(r"\odot"),
                    value_of(r.dh2_dz2, "dh2_dz2", theme)]),
        Line(None, [Op("="), value_of(r.dL_dz2, "dL_dz2", theme)]),
        Line([Math(TEX["dL_dW2"])],
             [Op("="), Group([factor("dz2_dW2", theme)], delimiters="()", power=r"\top"),
              factor("dL_dz2", theme), Op("="), Math(r"h_1^{\top}\,"), Math(TEX["dL_dz2"])],
             gap=GROUP_GAP),
        Line(None, [Op("="), value_of(r.dz2_dW2.T, "dz2_dW2", theme),
                    value_of(r.dL_dz2, "dL_dz2", theme)]),
        Line(None, [Op("="), Matrix(r.dL_dW2, frame=Frame(
            "none", label=f"{shape}: one number per weight of W2", label_color=theme.muted))]),
        Line([Math("W_2^{*}")], [Op("="), Math(r"W_2 - \alpha\,"), Math(TEX["dL_dW2"])],
             gap=GROUP_GAP),
        Line(None, [Op("="), named(r.W2, "W_2", theme), Op("-"), alpha(r),
                    named(r.dL_dW2, r"\partial L / \partial W_2", theme)]),
        Line(None, [Op("="), result(r.W2_new, theme)]),
    ]
    return equation_figure(theme, [lines])[0]


# ---------------------------------------------------------------------------------------------
# 14., 16., 17. the chain rule for W1, reusing dL/dz2


REUSED = "reused from the W2 step"


def _alt_chain_w1(r: Walkthrough) -> str:
    return ("The chain rule for W1: dL/dW1 = dL/dh1 times dh1/dz1 times dz1/dW1. The first "
            "factor expands to dL/dh1 = dL/dz2 times dz2/dh1 = dL/dz2 W2 transposed, and "
            "dL/dz2 = dL/dh2 times dh2/dz2 is the product already computed for W2: it is "
            "reused, not computed again.")


@register("chain_w1", alt=_alt_chain_w1,
          caption="The chain rule for W1 reuses dL/dz2, the product of the first two factors of the W2 step.")
def draw_chain_w1(r: Walkthrough, theme: Theme) -> Figure:
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
    row1 = w1_chain + [Space(2 * GROUP_GAP)] + w2_chain
    indent = row_box(lhs).width  # row 2 starts under the dL/dh1 box of row 1
    row2 = [Space(indent), factor("dL_dh1", theme), Op("="),
            factor("dL_dz2", theme), Math(TEX["dz2_dh1"]), Op("="),
            factor("dL_dz2", theme), Math(r"\,W_2^{\top}")]
    fig, drawn = equation_figure(theme, [[Line(None, row1)], [Line(None, row2)]],
                                 gap=2 * GROUP_GAP)
    top, bottom = drawn[0][0], drawn[1][0]
    # dL/dh1 in row 1 is expanded in row 2, straight below it
    source, target = top.parts[2], bottom.parts[1]
    draw_arrow(fig, [(source.cx, source.y0 - 2), (target.cx, target.y1 + 2)], color=f["dL_dh1"])
    # dL/dz2 comes from the W2 chain: down, below row 2, and up into its box
    group, reused = top.parts[len(w1_chain) + 3], bottom.parts[3]
    below = bottom.bounds.y0 - GROUP_GAP
    draw_arrow(fig, [(group.cx, group.y0 - 2), (group.cx, below), (reused.cx, below),
                     (reused.cx, reused.y0 - 2)], color=f["dL_dz2"], dashed=True)
    draw_row(fig, [Label(REUSED, color=theme.text, size=SMALL_SIZE)],
             (group.cx + reused.cx) / 2, below - SMALL_SIZE - 2, ink=theme.text, anchor="center")
    return fig


def _alt_chain_w1_numbers(r: Walkthrough) -> str:
    return (f"The factors of dL/dW1 with their values. dL/dh1 = dL/dz2 W2 transposed, with "
            f"dL/dz2 = {_txt(r.dL_dz2)} reused from the W2 step and W2 = {_txt(r.W2)}: "
            f"dL/dh1 = {_txt(r.dL_dh1)}. dh1/dz1 = h1 (1 - h1) with h1 = {_txt(r.h1)}: "
            f"dh1/dz1 = {_txt(r.dh1_dz1)}. dz1/dW1 = X = {_txt(r.dz1_dW1)}.")


@register("chain_w1_numbers", alt=_alt_chain_w1_numbers,
          caption="Each factor of the W1 chain rule as numbers, with dL/dz2 taken from the W2 step.")
def draw_chain_w1_numbers(r: Walkthrough, theme: Theme) -> Figure:
    lines = [
        Line([factor("dL_dh1", theme)],
             [Op("="), factor("dL_dz2", theme), Math(r"\,W_2^{\top}")]),
        Line(None, [Op("="), value_of(r.dL_dz2, "dL_dz2", theme, label=REUSED),
                    named(r.W2.T, r"W_2^{\top}", theme)]),
        Line(None, [Op("="), value_of(r.dL_dh1, "dL_dh1", theme)]),
        Line([factor("dh1_dz1", theme)], [Op("="), Math(r"h_1 \odot (1 - h_1)")], gap=GROUP_GAP),
        Line(None, [Op("="), named(r.h1, "h_1", theme)]),
        Line(None, [Op(r"\odot"), Group([Math("1"), Op("-"), Matrix(r.h1)], delimiters="()")]),
        Line(None, [Op("="), value_of(r.dh1_dz1, "dh1_dz1", theme)]),
        Line([factor("dz1_dW1", theme)],
             [Op("="), Math("X"), Op("="), value_of(r.dz1_dW1, "dz1_dW1", theme)], gap=GROUP_GAP),
    ]
    return equation_figure(theme, [lines])[0]


def _alt_chain_w1_numbers_final(r: Walkthrough) -> str:
    return (f"dL/dz1 = dL/dh1 times dh1/dz1, entry by entry: {_txt(r.dL_dh1)} times "
            f"{_txt(r.dh1_dz1)} = {_txt(r.dL_dz1)}. dL/dW1 = X transposed times dL/dz1, with "
            f"X = {_txt(r.dz1_dW1)}: dL/dW1 = {_txt(r.dL_dW1)}. The update W1* = W1 - "
            f"{r.learning_rate:g} dL/dW1 with W1 = {_txt(r.W1)} gives W1* = {_txt(r.W1_new)}.")


@register("chain_w1_numbers_final", alt=_alt_chain_w1_numbers_final,
          caption="The factors multiplied out into the 2 by 3 gradient dL/dW1, and the updated weights W1*.")
def draw_chain_w1_numbers_final(r: Walkthrough, theme: Theme) -> Figure:
    shape = " \u00d7 ".join(str(n) for n in r.dL_dW1.shape)
    lines = [
        Line([Math(TEX["dL_dz1"])],
             [Op("="), factor("dL_dh1", theme), Op(r"\odot"), factor("dh1_dz1", theme)]),
        Line(None, [Op("="), value_of(r.dL_dh1, "dL_dh1", theme)]),
        Line(None, [Op(r"\odot"), value_of(r.dh1_dz1, "dh1_dz1", theme)]),
        Line(None, [Op("="), Matrix(r.dL_dz1)]),
        Line([Math(TEX["dL_dW1"])],
             [Op("="), Group([factor("dz1_dW1", theme)], delimiters="()", power=r"\top"),
              Math(TEX["dL_dz1"]), Op("="), Math(r"X^{\top}\,"), Math(TEX["dL_dz1"])],
             gap=GROUP_GAP),
        Line(None, [Op("="), value_of(r.dz1_dW1.T, "dz1_dW1", theme), Matrix(r.dL_dz1)]),
        Line(None, [Op("="), Matrix(r.dL_dW1, frame=Frame(
            "none", label=f"{shape}: one number per weight of W1", label_color=theme.muted))]),
        Line([Math("W_1^{*}")], [Op("="), Math(r"W_1 - \alpha\,"), Math(TEX["dL_dW1"])],
             gap=GROUP_GAP),
        Line(None, [Op("="), named(r.W1, "W_1", theme)]),
        Line(None, [Op("-"), alpha(r), named(r.dL_dW1, r"\partial L / \partial W_1", theme)]),
        Line(None, [Op("="), result(r.W1_new, theme)]),
    ]
    return equation_figure(theme, [lines])[0]


# ---------------------------------------------------------------------------------------------
# the biases (the original has none) and 18. the copy


def _alt_bias_gradients(r: Walkthrough) -> str:
    return (f"The bias gradients. z2 = h1 W2 + b2, so dz2/db2 = 1 and dL/db2 = dL/dz2 = "
            f"{_txt(r.dL_db2)}; b2* = b2 - {r.learning_rate:g} dL/db2 = {_txt(r.b2_new)}. "
            f"Likewise dL/db1 = dL/dz1 = {_txt(r.dL_db1)}; b1* = {_txt(r.b1_new)}.")


@register("bias_gradients", alt=_alt_bias_gradients,
          caption="A bias moves its layer's input one for one, so its gradient is the error at that input.")
def draw_bias_gradients(r: Walkthrough, theme: Theme) -> Figure:
    lines = [
        Line([Math(TEX["dL_db2"])],
             [Op("="), factor("dL_dz2", theme), Math(r"\,\dfrac{\partial z_2}{\partial b_2}"),
              Op("="), factor("dL_dz2", theme), Op(r"\cdot"), Math("1")]),
        Line(None, [Op("="), value_of(r.dL_db2, "dL_dz2", theme)]),
        Line([Math("b_2^{*}")], [Op("="), Math(r"b_2 - \alpha\,"), Math(TEX["dL_db2"])],
             gap=GROUP_GAP / 2),
        Line(None, [Op("="), named(r.b2, "b_2", theme), Op("-"), alpha(r),
                    named(r.dL_db2, r"\partial L / \partial b_2", theme)]),
        Line(None, [Op("="), result(r.b2_new, theme)]),
        Line([Math(TEX["dL_db1"])],
             [Op("="), Math(TEX["dL_dz1"]), Math(r"\,\dfrac{\partial z_1}{\partial b_1}"),
              Op("="), Math(TEX["dL_dz1"]), Op(r"\cdot"), Math("1")], gap=GROUP_GAP),
        Line(None, [Op("="), Matrix(r.dL_db1)]),
        Line([Math("b_1^{*}")], [Op("="), Math(r"b_1 - \alpha\,"), Math(TEX["dL_db1"])],
             gap=GROUP_GAP / 2),
        Line(None, [Op("="), named(r.b1, "b_1", theme)]),
        Line(None, [Op("-"), alpha(r), named(r.dL_db1, r"\partial L / \partial b_1", theme)]),
        Line(None, [Op("="), result(r.b1_new, theme)]),
    ]
    return equation_figure(theme, [lines])[0]


def _alt_copy_values(r: Walkthrough) -> str:
    return (f"The new parameters replace the old ones before the next step: W1 becomes "
            f"W1* = {_txt(r.W1_new)}, W2 becomes W2* = {_txt(r.W2_new)}, b1 becomes "
            f"b1* = {_txt(r.b1_new)} and b2 becomes b2* = {_txt(r.b2_new)}.")


@register("copy_values", alt=_alt_copy_values,
          caption="The updated weights and biases replace the old ones, and the next step starts from them.")
def draw_copy_values(r: Walkthrough, theme: Theme) -> Figure:
    def copy(name: str, values: np.ndarray, gap: float) -> Line:
        return Line([Math(name)], [Op(r"\leftarrow"), Math(name + "^{*}"), Op("="),
                                   result(values, theme)], gap=gap)

    lines = [
        copy("W_1", r.W1_new, 0.0),
        copy("W_2", r.W2_new, GROUP_GAP / 2),
        copy("b_1", r.b1_new, GROUP_GAP / 2),
        copy("b_2", r.b2_new, GROUP_GAP / 2),
    ]
    return equation_figure(theme, [lines])[0]

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
    TEX, Frame, Group, Line, Math, Matrix, Op, equation_figure,
)
from figgen.prose import format_value
from figgen.style import Theme
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


def result(values: np.ndarray, theme: Theme) -> Matrix:
    """A matrix that is the answer of its equation: on a panel, in an accent frame."""
    return Matrix(values, frame=Frame(theme.accent, fill=theme.panel))


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


_ = TEX  # used by the chain-rule figures below

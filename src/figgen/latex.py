"""Walkthrough values as LaTeX and as numpy source, for the page's "values as text" blocks.

`symbol("dL_dW1")` is the LaTeX symbol the article uses for a record field, `matrix(value)`
a bmatrix of its numbers, `numpy_source(value)` a numpy expression that rebuilds it exactly.
"""

from __future__ import annotations

import re

import numpy as np

# LaTeX symbols of the record's fields that are not simply "letter_digit".
SPECIAL_SYMBOLS: dict[str, str] = {
    "loss": "L",
    "loss_new": "L^{*}",  # the loss after the step, as W_1^{*} is W_1 after it
    "learning_rate": r"\alpha",
    "reg": r"\lambda",
}
LAYER_NAME = re.compile(r"(?P<letter>[A-Za-z])(?P<digit>\d?)")


def _layer_symbol(name: str) -> str:
    """"W1" -> "W_1", "X" -> "X"."""
    match = LAYER_NAME.fullmatch(name)
    if not match:
        raise ValueError(f"no LaTeX symbol for {name!r}")
    return match["letter"] + (f"_{match['digit']}" if match["digit"] else "")


def symbol(name: str) -> str:
    """The article's LaTeX symbol for a walkthrough field name.

    "W1" -> W_1, "W1_new" -> W_1^{*}, "dL_dW1" -> \\frac{\\partial L}{\\partial W_1}.
    """
    if name in SPECIAL_SYMBOLS:
        return SPECIAL_SYMBOLS[name]
    if name.endswith("_new"):
        return _layer_symbol(name[: -len("_new")]) + "^{*}"
    if name.startswith("d") and "_d" in name:
        top, bottom = name[1:].split("_d", 1)
        return rf"\frac{{\partial {_layer_symbol(top)}}}{{\partial {_layer_symbol(bottom)}}}"
    return _layer_symbol(name)


def matrix(value: object, decimals: int = 8) -> str:
    """A scalar, vector or matrix as LaTeX; vectors (n,) and (1, n) are one row."""
    array = np.atleast_2d(np.asarray(value, dtype=float))
    if array.size == 1 and np.ndim(value) == 0:
        return f"{float(value):.{decimals}f}"
    rows = [" & ".join(f"{v:.{decimals}f}" for v in row) for row in array]
    return r"\begin{bmatrix} " + r" \\ ".join(rows) + r" \end{bmatrix}"


def numpy_source(value: object) -> str:
    """A numpy expression that rebuilds `value` bit for bit (shortest round-trip floats)."""
    if np.ndim(value) == 0:
        return repr(float(value))
    return f"np.array({np.asarray(value, dtype=float).tolist()!r})"

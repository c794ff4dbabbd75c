"""How every number of the worked example was computed, entry by entry. numpy only, no I/O.

`explain_all(record)` returns one `Explanation` per entry of every value the article names
(``X``, ``W1``, ..., ``W1_new``): the entry in the article's notation (1-based indices:
``∂L/∂W₂[2,1]``), its value, the formula that produced it from other entries and the same
formula with their numbers, for example

    ∂L/∂W₂[2,1] = h₁[2] · ∂L/∂z₂[1] = 0.71301043 × (−0.14673508) = −0.10462365

and one sentence saying what the value is. The formula is an expression tree (`Entry`,
`Number`, `Apply`) built from the network's equations (figgen.network) and evaluated on the
record's own numbers, so the page's explanations (figgen.explore) never compute anything:
tests/test_explain.py evaluates every tree on the record and checks that it gives the
record's value, and that every number written is the record's.

Every word written here is a template in `TEXT` (sentences) or `SYMBOLS` (how a value is
named), in one place, for the Spanish edition to come.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Union

import numpy as np

from figgen.i18n import localized
from figgen.network import sigmoid
from figgen.walkthrough import VALUE_NAMES, Walkthrough

DECIMALS = 8  # as the figures print them (figgen.figures.mathdraw.DECIMALS)
MINUS = "\u2212"  # the figures' typographic minus

# How each value is shaped in the article's notation: which letters index its entries.
# Per-observation values are (1, n) rows in the record and one index in the notation (h1[j]);
# biases are (n,); weights and their gradients (rows, columns); the rest scalars.
INDEX_LETTERS: dict[str, str] = {
    "X": "i", "y": "k", "W1": "ij", "b1": "j", "W2": "jk", "b2": "k",
    "z1": "j", "h1": "j", "z2": "k", "h2": "k", "loss": "",
    "dL_dh2": "k", "dh2_dz2": "k", "dL_dz2": "k", "dz2_dW2": "j", "dL_dW2": "jk", "dL_db2": "k",
    "dL_dh1": "j", "dh1_dz1": "j", "dL_dz1": "j", "dz1_dW1": "i", "dL_dW1": "ij", "dL_db1": "j",
    "W1_new": "ij", "b1_new": "j", "W2_new": "jk", "b2_new": "k", "loss_new": "",
    "learning_rate": "", "reg": "",
}
# Values computed by running the forward pass again, whose intermediate values the record
# does not keep: no formula over its entries; the sentence says how they were computed.
RERUN = frozenset({"loss_new"})
PER_OBSERVATION = frozenset({"X", "y", "z1", "h1", "z2", "h2", "dL_dh2", "dh2_dz2", "dL_dz2",
                             "dz2_dW2", "dL_dh1", "dh1_dz1", "dL_dz1", "dz1_dW1"})
# Two record fields hold the same numbers as another under a second name (the chain rule's
# dz2/dW2 is h1, dz1/dW1 is X); figures draw them under the first name, so the entries of a
# figure are keyed by that one.
SAME_AS: dict[str, str] = {"dz2_dW2": "h1", "dz1_dW1": "X"}
# Numbers written without decimals (as the figures write the one-hot label), and settings
# written as they are set (the figures write the learning rate "0.001").
WHOLE_NUMBERS = frozenset({"y"})
SETTINGS = frozenset({"learning_rate", "reg"})

# -- every word, in one place ------------------------------------------------------------

# A value's name as the page shows it (Unicode) and as a screen reader should say it (the
# figures' alt texts use the same plain names).
SYMBOLS: dict[str, tuple[str, str]] = {
    "loss": ("L", "L"),
    "loss_new": ("L*", "L*"),
    "learning_rate": ("α", "alpha"),
    "reg": ("λ", "lambda"),
}
# How a screen reader should say the Greek letters, per language.
SPOKEN: Mapping[str, str] = localized("explain.spoken", {"learning_rate": "alpha", "reg": "lambda"})
SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")

# What each value is, one sentence each; {i}, {j}, {k} are its entry's indices (the letters
# themselves when the sentence describes the whole value), {row} the observation's row of
# the data set (counting from 1).
TEXT: Mapping[str, str] = localized("explain", {
    "X": "the network's input {i}: coordinate {i} of observation {row} of the data set",
    "y": "the label of output {k}: 1 for the observation's class, 0 for the other",
    "W1": "the weight from input {i} to hidden unit {j}, drawn at random before training",
    "b1": "the bias of hidden unit {j}; the biases start at zero",
    "W2": "the weight from hidden unit {j} to output {k}, drawn at random before training",
    "b2": "the bias of output {k}; the biases start at zero",
    "z1": "hidden unit {j}'s weighted sum of the inputs, plus its bias",
    "h1": "hidden unit {j}'s output: the sigmoid σ(z) = 1 / (1 + e^(−z)) of its weighted input",
    "z2": "output {k}'s weighted sum of the hidden units' outputs, plus its bias",
    "h2": "the network's output {k}: the sigmoid of its weighted input",
    "loss": "half the squared distance between the label and the output",
    "loss_penalty": "half the squared distance between the label and the output, plus the weight penalty",
    "dL_dh2": "how the loss changes with output {k}: the output minus its label",
    "dh2_dz2": "the slope of the sigmoid at output {k}, written with its output: h (1 − h)",
    "dL_dz2": "the error signal at output {k}'s weighted input: the two factors multiplied",
    "dz2_dW2": "how an output's weighted input changes with a weight from hidden unit {j}: that unit's output",
    "dL_dW2": "the gradient of the weight from hidden unit {j} to output {k}: the activation at its start times the error at its end",
    "dL_dW2_penalty": "the gradient of the weight from hidden unit {j} to output {k}: the activation at its start times the error at its end, plus the penalty's pull on the weight",
    "dL_db2": "the gradient of output {k}'s bias: a bias moves its weighted input one for one, so its gradient is the error there",
    "dL_dh1": "hidden unit {j} feeds every output: the error at each output times the weight along the way, summed",
    "dh1_dz1": "the slope of the sigmoid at hidden unit {j}, written with its output: h (1 − h)",
    "dL_dz1": "the error signal at hidden unit {j}'s weighted input: the two factors multiplied",
    "dz1_dW1": "how a hidden unit's weighted input changes with a weight from input {i}: that input",
    "dL_dW1": "the gradient of the weight from input {i} to hidden unit {j}: the input at its start times the error at its end",
    "dL_dW1_penalty": "the gradient of the weight from input {i} to hidden unit {j}: the input at its start times the error at its end, plus the penalty's pull on the weight",
    "dL_db1": "the gradient of hidden unit {j}'s bias: the error at its weighted input",
    "W1_new": "the weight from input {i} to hidden unit {j} after one step against its gradient",
    "b1_new": "hidden unit {j}'s bias after one step against its gradient",
    "b1_fixed": "hidden unit {j}'s bias, which this network does not train",
    "W2_new": "the weight from hidden unit {j} to output {k} after one step against its gradient",
    "b2_new": "output {k}'s bias after one step against its gradient",
    "b2_fixed": "output {k}'s bias, which this network does not train",
    "loss_new": "the loss of the same observation after the step: the forward pass run again with W₁*, b₁*, W₂* and b₂*",
    "loss_new_penalty": "the loss of the same observation after the step, penalty included: the forward pass run again with W₁*, b₁*, W₂* and b₂*",
    "learning_rate": "the learning rate of the worked example's step",
    "reg": "the weight penalty of the loss",
})


# -- expressions ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """An entry of a record value, indexed as the article writes it (1-based)."""

    name: str
    index: tuple[int, ...] = ()


@dataclass(frozen=True)
class Number:
    """A constant of a formula, written as itself ("1", "½")."""

    value: float
    text: str


@dataclass(frozen=True)
class Apply:
    """An operation on sub-expressions.

    op: "sum" (any number of terms), "difference" (two), "product" (any number of factors),
    "negate" (one), "sigmoid" (one), "square" (one), "sum_of_squares" (the entries of one
    matrix, as Entry leaves: written ‖W‖²).
    """

    op: str
    args: tuple["Expr", ...]


Expr = Union[Entry, Number, Apply]
OPS = ("sum", "difference", "product", "negate", "sigmoid", "square", "sum_of_squares")


def entries(expr: Expr) -> list[Entry]:
    """The entries an expression reads, left to right (each once per appearance)."""
    if isinstance(expr, Entry):
        return [expr]
    if isinstance(expr, Number):
        return []
    return [leaf for arg in expr.args for leaf in entries(arg)]


def array_index(name: str, index: tuple[int, ...]) -> tuple[int, ...]:
    """The record array's index of entry `index` (1-based, notation) of value `name`."""
    if name in PER_OBSERVATION:
        return (0, index[0] - 1)
    return tuple(i - 1 for i in index)


def entry_value(record: Walkthrough, entry: Entry) -> float:
    """The record's number for `entry`."""
    return float(np.asarray(record.value(entry.name))[array_index(entry.name, entry.index)])


def evaluate(expr: Expr, record: Walkthrough) -> float:
    """The value of `expr` on the record's numbers."""
    if isinstance(expr, Entry):
        return entry_value(record, expr)
    if isinstance(expr, Number):
        return expr.value
    values = [evaluate(arg, record) for arg in expr.args]
    if expr.op == "sum":
        return float(sum(values))
    if expr.op == "difference":
        return values[0] - values[1]
    if expr.op == "product":
        return float(np.prod(values))
    if expr.op == "negate":
        return -values[0]
    if expr.op == "sigmoid":
        return float(sigmoid(np.float64(values[0])))
    if expr.op == "square":
        return values[0] ** 2
    if expr.op == "sum_of_squares":
        return float(sum(v * v for v in values))
    raise ValueError(f"unknown operation {expr.op!r}; valid: {', '.join(OPS)}")


# -- names and numbers as text ---------------------------------------------------------------


def symbol(name: str, spoken: bool = False) -> str:
    """The value's name: "∂L/∂W₂", "W₁*", "h₁" (or, spoken, "dL/dW2", "W1*", "h1")."""
    if name in SYMBOLS:
        return SPOKEN.get(name, SYMBOLS[name][1]) if spoken else SYMBOLS[name][0]
    star = ""
    if name.endswith("_new"):
        name, star = name[: -len("_new")], "*"
    if name.startswith("d") and "_d" in name:
        top, bottom = name[1:].split("_d", 1)
        text = f"d{top}/d{bottom}" if spoken else f"∂{top}/∂{bottom}"
    else:
        text = name
    return (text if spoken else text.translate(SUBSCRIPTS)) + star


def entry_name(entry: Entry, spoken: bool = False) -> str:
    """"∂L/∂W₂[2,1]", "h₁[2]", "L" (a scalar has no index)."""
    base = symbol(entry.name, spoken)
    return base + (f"[{','.join(map(str, entry.index))}]" if entry.index else "")


def format_number(value: float, decimals: int = DECIMALS) -> str:
    """As the figures print a number: fixed decimals, typographic minus, never "−0"."""
    text = f"{float(value):.{decimals}f}"
    if text.startswith("-") and float(text) == 0.0:
        text = text[1:]
    return text.replace("-", MINUS)


def format_entry(name: str, value: float) -> str:
    """An entry of value `name` as the figures print it (the one-hot label without decimals,
    a setting as it is set)."""
    if name in SETTINGS:
        return format(float(value), "g").replace("-", MINUS)
    return format_number(value, 0 if name in WHOLE_NUMBERS else DECIMALS)


# Binding strength, for parentheses: a sum inside a product needs them, a product in a sum not.
_PRECEDENCE = {"sum": 1, "difference": 1, "product": 2, "negate": 3, "sigmoid": 4, "square": 4,
               "sum_of_squares": 4}
_LEAF = 5


def _precedence(expr: Expr) -> int:
    return _PRECEDENCE[expr.op] if isinstance(expr, Apply) else _LEAF


class _Writer:
    """Writes an expression with names (`numbers` False) or with the record's numbers."""

    def __init__(self, record: Walkthrough, numbers: bool, spoken: bool) -> None:
        self.record, self.numbers, self.spoken = record, numbers, spoken
        self.times = " × " if numbers else " · "

    def write(self, expr: Expr, first: bool = True) -> str:
        """`first`: the expression starts the line, where a negative number needs no parentheses."""
        if isinstance(expr, Number):
            return expr.text
        if isinstance(expr, Entry):
            if not self.numbers:
                return entry_name(expr, self.spoken)
            text = format_entry(expr.name, entry_value(self.record, expr))
            return text if first or not text.startswith(MINUS) else f"({text})"
        args = expr.args
        if expr.op == "sum":
            return self._sum([self.write(a, first and i == 0) for i, a in enumerate(args)])
        if expr.op == "difference":
            return f"{self.write(args[0], first)} {MINUS} {self._wrap(args[1], 1, strict=True)}"
        if expr.op == "product":
            return self.times.join(self._wrap(a, 2, first and i == 0) for i, a in enumerate(args))
        if expr.op == "negate":
            return MINUS + self._wrap(args[0], 3, strict=True)
        if expr.op == "sigmoid":
            return f"σ({self.write(args[0])})"
        if expr.op == "square":
            return self._wrap(args[0], 4, first, strict=True) + "²"
        if expr.op == "sum_of_squares":
            if self.numbers:
                return format_number(evaluate(expr, self.record))
            name = symbol(args[0].name, self.spoken) if isinstance(args[0], Entry) else "?"
            return f"‖{name}‖²"
        raise ValueError(f"unknown operation {expr.op!r}; valid: {', '.join(OPS)}")

    def _wrap(self, expr: Expr, level: int, first: bool = False, strict: bool = False) -> str:
        """`expr` inside an operation of binding strength `level`: in parentheses if it binds
        less strongly (or equally, when `strict`: the right side of a difference)."""
        inner = _precedence(expr)
        if inner < level or (strict and inner == level):
            return f"({self.write(expr)})"
        return self.write(expr, first)

    @staticmethod
    def _sum(terms: list[str]) -> str:
        """Terms joined by "+", a negative term after the first written as a subtraction."""
        out = terms[0]
        for term in terms[1:]:
            if term.startswith(f"({MINUS}") and term.endswith(")") and term.count("(") == 1:
                out += f" {MINUS} {term[2:-1]}"  # a bare negative number: "a − 0.3", not "a + (−0.3)"
            else:
                out += f" + {term}"
        return out


def _terms_line(expr: Expr, record: Walkthrough) -> str | None:
    """One step between the numbers and the result, where there is one: a sum of products
    (or of squares) as the terms' values, "0.06088293 − 0.03489191", also inside a leading
    constant ("½ × (0.39480 + 0.20625)"); None for any other expression (its numbers line
    is already one step from the result)."""
    scale = ""
    if (isinstance(expr, Apply) and expr.op == "product" and len(expr.args) == 2
            and isinstance(expr.args[0], Number)):
        scale, expr = expr.args[0].text + " × ", expr.args[1]
    if not (isinstance(expr, Apply) and expr.op == "sum"
            and any(isinstance(a, Apply) for a in expr.args)):
        return None
    texts = [format_number(evaluate(term, record)) for term in expr.args]
    terms = _Writer._sum([texts[0]] + [t if not t.startswith(MINUS) else f"({t})" for t in texts[1:]])
    return f"{scale}({terms})" if scale else terms


# -- the equations of the network, entry by entry -------------------------------------------


def _affine(out: str, inputs: str, weights: str, bias: str, record: Walkthrough,
            index: tuple[int, ...]) -> Expr:
    """out[j] = Σ_i inputs[i] · weights[i, j] + bias[j]."""
    (j,) = index
    n = np.asarray(record.value(inputs)).shape[-1]
    terms: list[Expr] = [Apply("product", (Entry(inputs, (i,)), Entry(weights, (i, j))))
                         for i in range(1, n + 1)]
    return Apply("sum", (*terms, Entry(bias, (j,))))


def _slope(h: str, index: tuple[int, ...]) -> Expr:
    """h[j] (1 − h[j]): the sigmoid's slope from its output."""
    return Apply("product", (Entry(h, index), Apply("difference", (Number(1.0, "1"), Entry(h, index)))))


def _with_penalty(gradient: Expr, weights: str, record: Walkthrough, index: tuple[int, ...]) -> Expr:
    """The data term of a weight's gradient, plus (λ/N) W[i, j] when the loss has a penalty."""
    if record.reg == 0:
        return gradient
    n = record.X.shape[0]
    pull = Apply("product", (Number(record.reg / n, format(record.reg / n, "g")),
                             Entry(weights, index)))
    return Apply("sum", (gradient, pull))


def _loss(record: Walkthrough) -> Expr:
    """L = 1/(2N) Σ_k (y[k] − h2[k])² (+ λ/(2N) (‖W1‖² + ‖W2‖²)), for the one observation."""
    n = record.X.shape[0]
    outputs = record.h2.shape[1]
    squares = tuple(Apply("square", (Apply("difference", (Entry("y", (k,)), Entry("h2", (k,)))),))
                    for k in range(1, outputs + 1))
    half = Number(1 / (2 * n), "½" if n == 1 else f"1/{2 * n}")
    data = Apply("product", (half, Apply("sum", squares)))
    if record.reg == 0:
        return data

    def norm(name: str) -> Expr:
        rows, cols = record.value(name).shape
        return Apply("sum_of_squares", tuple(Entry(name, (i, j)) for i in range(1, rows + 1)
                                             for j in range(1, cols + 1)))

    factor = record.reg / (2 * n)
    penalty = Apply("product", (Number(factor, format(factor, "g")),
                                Apply("sum", (norm("W1"), norm("W2")))))
    return Apply("sum", (data, penalty))


def formula(record: Walkthrough, name: str, index: tuple[int, ...]) -> Expr | None:
    """How entry `index` (1-based) of value `name` is computed from other entries, as
    figgen.network computes it for one observation; None for a value that is given (the
    observation, its label, the starting parameters, the settings) or `RERUN`."""
    if record.X.shape[0] != 1:
        raise ValueError(f"explanations are written for one observation; the record has {record.X.shape[0]}")
    bias = record.config.network.bias
    e = lambda n, *i: Entry(n, tuple(i))  # noqa: E731  (a short name for the table below)
    if name in ("X", "y", "W1", "b1", "W2", "b2", "learning_rate", "reg") or name in RERUN:
        return None
    if name == "z1":
        return _affine("z1", "X", "W1", "b1", record, index)
    if name == "z2":
        return _affine("z2", "h1", "W2", "b2", record, index)
    if name in ("h1", "h2"):
        return Apply("sigmoid", (e("z" + name[1], *index),))
    if name == "loss":
        return _loss(record)
    if name == "dL_dh2":  # −(y − h2) / N, with N = 1
        return Apply("negate", (Apply("difference", (e("y", *index), e("h2", *index))),))
    if name == "dh2_dz2":
        return _slope("h2", index)
    if name == "dL_dz2":
        return Apply("product", (e("dL_dh2", *index), e("dh2_dz2", *index)))
    if name == "dz2_dW2":
        return e("h1", *index)
    if name == "dL_dW2":
        j, k = index
        return _with_penalty(Apply("product", (e("h1", j), e("dL_dz2", k))), "W2", record, index)
    if name == "dL_db2":  # summed over the observations: one here
        return e("dL_dz2", *index)
    if name == "dL_dh1":
        (j,) = index
        outputs = record.dL_dz2.shape[1]
        return Apply("sum", tuple(Apply("product", (e("dL_dz2", k), e("W2", j, k)))
                                  for k in range(1, outputs + 1)))
    if name == "dh1_dz1":
        return _slope("h1", index)
    if name == "dL_dz1":
        return Apply("product", (e("dL_dh1", *index), e("dh1_dz1", *index)))
    if name == "dz1_dW1":
        return e("X", *index)
    if name == "dL_dW1":
        i, j = index
        return _with_penalty(Apply("product", (e("X", i), e("dL_dz1", j))), "W1", record, index)
    if name == "dL_db1":
        return e("dL_dz1", *index)
    if name in ("W1_new", "W2_new", "b1_new", "b2_new"):
        old = name[: -len("_new")]
        if old.startswith("b") and not bias:
            return e(old, *index)
        step = Apply("product", (e("learning_rate"), e("dL_d" + old, *index)))
        return Apply("difference", (e(old, *index), step))
    raise KeyError(f"no formula for {name!r}; valid names: {', '.join(VALUE_NAMES)}")


def _about(record: Walkthrough, name: str, index: tuple[int, ...] | None) -> str:
    """The sentence of `TEXT` for value `name`, with the entry's indices (or, for the whole
    value, its index letters)."""
    key = name
    if name in ("loss", "loss_new") and record.reg:
        key = name + "_penalty"
    elif name in ("dL_dW1", "dL_dW2") and record.reg:
        key = name + "_penalty"
    elif name in ("b1_new", "b2_new") and not record.config.network.bias:
        key = name[:2] + "_fixed"
    letters = INDEX_LETTERS[name]
    fill = {letter: letter for letter in "ijk"}
    if index is not None:
        fill.update({letter: str(i) for letter, i in zip(letters, index)})
    return TEXT[key].format(row=record.config.row + 1, **fill)


def about(record: Walkthrough, name: str) -> str:
    """What value `name` is, one sentence (its entries' indices as letters: i, j, k)."""
    return _about(record, name, None)


# -- explanations ----------------------------------------------------------------------------


def entry_key(name: str, index: tuple[int, ...]) -> str:
    """The entry's stable key: "dL_dW2-2-1", "h1-2", "loss". The page's anchor is #v-<key>."""
    return "-".join([name, *map(str, index)])


@dataclass(frozen=True)
class Explanation:
    """How one entry of the worked example came about, as the page writes it."""

    entry: Entry
    key: str  # entry_key: "dL_dW2-2-1"
    value: float  # the record's number
    shown: str  # as the figures print it: "−0.10462365"
    formula: Expr | None  # None: a given value (the observation, a starting weight, a setting)
    lines: tuple[str, ...]  # the formula with names, then with numbers (then the terms' values)
    spoken: tuple[str, ...]  # the same for a screen reader (plain names: "dL/dW2[2,1]")
    about: str  # what the value is, this entry's indices filled in
    operands: tuple[str, ...]  # keys of the entries the formula reads, in order, each once

    @property
    def name(self) -> str:
        return entry_name(self.entry)

    @property
    def text(self) -> str:
        """One line: "∂L/∂W₂[2,1] = h₁[2] · ∂L/∂z₂[1] = 0.71301043 × (−0.14673508) = −0.10462365"."""
        return " = ".join((self.name, *self.lines, self.shown))

    @property
    def spoken_name(self) -> str:
        return entry_name(self.entry, spoken=True)

    @property
    def spoken_text(self) -> str:
        """What a screen reader says: the line with plain names, then the sentence."""
        return " = ".join((self.spoken_name, *self.spoken, self.shown)) + ". " + self.sentence

    @property
    def sentence(self) -> str:
        """`about` as a sentence: "The gradient of ... its end."."""
        return f"{self.about[0].upper()}{self.about[1:]}."


def entry_indices(record: Walkthrough, name: str) -> list[tuple[int, ...]]:
    """Every entry of value `name`, in reading order, indexed as the article writes them."""
    value = np.asarray(record.value(name))
    if value.ndim == 0:
        return [()]
    if name in PER_OBSERVATION:
        return [(j,) for j in range(1, value.shape[1] + 1)]
    if value.ndim == 1:
        return [(j,) for j in range(1, value.shape[0] + 1)]
    return [(i, j) for i in range(1, value.shape[0] + 1) for j in range(1, value.shape[1] + 1)]


def explain(record: Walkthrough, name: str, index: tuple[int, ...]) -> Explanation:
    """The explanation of entry `index` (1-based) of value `name`."""
    entry = Entry(name, tuple(index))
    if index not in entry_indices(record, name):
        raise KeyError(f"{name} has no entry {list(index)}; its entries: "
                       + ", ".join(str(list(i)) for i in entry_indices(record, name)))
    value = entry_value(record, entry)
    expr = formula(record, name, entry.index)
    lines: tuple[str, ...] = ()
    spoken: tuple[str, ...] = ()
    operands: tuple[str, ...] = ()
    if expr is not None:
        terms = _terms_line(expr, record)
        with_numbers = _Writer(record, numbers=True, spoken=False).write(expr)
        lines = (_Writer(record, False, False).write(expr), with_numbers, *([terms] if terms else []))
        spoken = (_Writer(record, False, True).write(expr), with_numbers, *([terms] if terms else []))
        if isinstance(expr, Entry):  # the same number under a second name: "= h₁[2] = 0.713"
            lines, spoken = lines[:1], spoken[:1]
        seen = dict.fromkeys(entry_key(leaf.name, leaf.index) for leaf in entries(expr))
        operands = tuple(seen)
    return Explanation(
        entry=entry, key=entry_key(name, entry.index), value=value, shown=format_entry(name, value),
        formula=expr, lines=lines, spoken=spoken, about=_about(record, name, entry.index), operands=operands,
    )


def explain_all(record: Walkthrough) -> dict[str, Explanation]:
    """Every entry of every value of the record, by key, in the record's order."""
    return {
        ex.key: ex
        for name in VALUE_NAMES
        for ex in (explain(record, name, index) for index in entry_indices(record, name))
    }

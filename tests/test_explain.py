"""Every explanation of a number (figgen.explain) against the walkthrough record.

For every entry of every value the article names, in the article's worked example and in
settings that take the other branches (a weight penalty, no biases, two hidden units,
another observation): the formula evaluated on the record's full-precision numbers gives
the record's value (to 1e-8); every number the explanation writes is the record's number
(or a term's value) rounded as the figures round it; the arithmetic as written holds for
numbers rounded that way; its names are the operands' names. The evaluator here is this
file's own, not figgen's.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from figgen.config import NetworkConfig, WalkthroughConfig
from figgen.explain import (
    MINUS, RERUN, Apply, Entry, Number, array_index, entry_indices, entry_name, explain, explain_all, format_entry,
)
from figgen.walkthrough import VALUE_NAMES, compute_walkthrough

CONFIGS = {
    "article": WalkthroughConfig(),
    "penalty": WalkthroughConfig(reg=0.05),
    "no_bias_h2_row7": WalkthroughConfig(network=NetworkConfig(hidden=2, bias=False), row=7),
}
GIVEN = {"X", "y", "W1", "b1", "W2", "b2", "learning_rate", "reg"}  # no formula: inputs and settings
HALF_ULP = 5e-9  # half a unit in the 8th decimal: how far a written number may be from its value
NUMBER = re.compile(r"−?\d+(?:\.\d+)?")


@pytest.fixture(scope="module", params=list(CONFIGS))
def record(request):
    return compute_walkthrough(CONFIGS[request.param])


def value_of(record, entry: Entry) -> float:
    """The record's number for an entry, indexed 1-based as the article writes it."""
    return float(np.asarray(getattr(record, entry.name))[array_index(entry.name, entry.index)])


def evaluate(expr, leaf) -> float:
    """`expr` with each Entry's value from `leaf(entry)`: this test's own arithmetic."""
    if isinstance(expr, Entry):
        return leaf(expr)
    if isinstance(expr, Number):
        return expr.value
    args = [evaluate(a, leaf) for a in expr.args]
    return {
        "sum": lambda: math.fsum(args),
        "difference": lambda: args[0] - args[1],
        "product": lambda: math.prod(args),
        "negate": lambda: -args[0],
        "sigmoid": lambda: 1 / (1 + math.exp(-args[0])),
        "square": lambda: args[0] ** 2,
        "sum_of_squares": lambda: math.fsum(a * a for a in args),
    }[expr.op]()


def interval(expr, leaf) -> tuple[float, float]:
    """The range of `expr` when each Entry may be anywhere in `leaf(entry)` (lo, hi)."""
    if isinstance(expr, Entry):
        return leaf(expr)
    if isinstance(expr, Number):
        return expr.value, expr.value
    args = [interval(a, leaf) for a in expr.args]
    if expr.op in ("sum", "sum_of_squares"):
        if expr.op == "sum_of_squares":
            args = [_square(a) for a in args]
        return math.fsum(a[0] for a in args), math.fsum(a[1] for a in args)
    if expr.op == "difference":
        return args[0][0] - args[1][1], args[0][1] - args[1][0]
    if expr.op == "product":
        lo, hi = args[0]
        for a in args[1:]:
            corners = [lo * a[0], lo * a[1], hi * a[0], hi * a[1]]
            lo, hi = min(corners), max(corners)
        return lo, hi
    if expr.op == "negate":
        return -args[0][1], -args[0][0]
    if expr.op == "sigmoid":
        return 1 / (1 + math.exp(-args[0][0])), 1 / (1 + math.exp(-args[0][1]))
    if expr.op == "square":
        return _square(args[0])
    raise AssertionError(f"unknown operation {expr.op}")


def _square(a: tuple[float, float]) -> tuple[float, float]:
    lo, hi = a
    squares = sorted((lo * lo, hi * hi))
    return (0.0 if lo <= 0 <= hi else squares[0]), squares[1]


def parse(text: str) -> float:
    return float(text.replace(MINUS, "-"))


def leaves(expr) -> list[Entry]:
    if isinstance(expr, Entry):
        return [expr]
    if isinstance(expr, Number):
        return []
    return [e for a in expr.args for e in leaves(a)]


def written_leaves(expr, record) -> list[tuple[str, str]]:
    """(name, number) as the explanation writes each operand: an entry, or a matrix's sum of
    squares ‖W₁‖² (the penalty), written as its value."""
    if isinstance(expr, Entry):
        return [(entry_name(expr), format_entry(expr.name, value_of(record, expr)))]
    if isinstance(expr, Number):
        return []
    if expr.op == "sum_of_squares":
        name = entry_name(Entry(expr.args[0].name))
        return [(f"‖{name}‖²", format_entry("", evaluate(expr, lambda e: value_of(record, e))))]
    return [w for a in expr.args for w in written_leaves(a, record)]


def constants(expr) -> list[Number]:
    if isinstance(expr, Number):
        return [expr]
    if isinstance(expr, Entry):
        return []
    out = []
    for a in expr.args:
        out += constants(a)
    return out


def test_every_entry_of_every_value_is_explained(record):
    explained = explain_all(record)
    for name in VALUE_NAMES:
        for index in entry_indices(record, name):
            ex = explained["-".join([name, *map(str, index)])]
            assert ex.entry == Entry(name, index)
            assert (ex.formula is None) == (name in GIVEN or name in RERUN), \
                f"{ex.key}: given values only (and the rerun loss) have no formula"


def test_the_rerun_loss_is_the_forward_pass_at_the_new_parameters(record):
    """L* has no formula over the record's entries; its value is the record's, and that is
    the loss of a forward pass at W1*, b1*, W2*, b2* (computed here with numpy alone)."""
    ex = explain_all(record)["loss_new"]
    assert ex.formula is None and ex.value == record.loss_new and "W₁*" in ex.sentence
    sig = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
    h2 = sig(sig(record.X @ record.W1_new + record.b1_new) @ record.W2_new + record.b2_new)
    n = record.X.shape[0]
    loss = np.sum((record.y - h2) ** 2) / (2 * n)
    loss += record.reg / (2 * n) * (np.sum(record.W1_new ** 2) + np.sum(record.W2_new ** 2))
    assert abs(loss - record.loss_new) < 1e-12
    assert RERUN == {"loss_new"}


def test_each_formula_gives_the_records_value(record):
    """Full precision: the formula on the record's numbers is the record's number."""
    for key, ex in explain_all(record).items():
        assert ex.value == value_of(record, ex.entry)
        if ex.formula is not None:
            got = evaluate(ex.formula, lambda e: value_of(record, e))
            assert got == pytest.approx(ex.value, abs=1e-8), f"{key}: {ex.text}"


def test_every_number_written_is_the_records(record):
    """The value, each operand and each term of the explanation, as written, are the record's
    numbers rounded as the figures round them (the same text)."""
    for key, ex in explain_all(record).items():
        assert ex.shown == format_entry(ex.entry.name, ex.value), key
        assert abs(parse(ex.shown) - ex.value) <= HALF_ULP + 1e-15 or ex.entry.name == "y", key
        if ex.formula is None or isinstance(ex.formula, Entry):
            continue
        written = NUMBER.findall(ex.lines[1])
        expected = [number for _, number in written_leaves(ex.formula, record)]
        literal = {c.text for c in constants(ex.formula)}
        operands = [n for n in written if n not in literal or n in expected]
        # the operands line: every operand's number, in the formula's order
        it = iter(operands)
        assert all(any(w == e for w in it) for e in expected), f"{key}: {ex.lines[1]} lacks {expected}"
        if len(ex.lines) > 2:  # the terms line: each term's value, rounded
            formula = ex.formula
            if formula.op == "product" and isinstance(formula.args[0], Number):
                formula = formula.args[1]
            terms = [evaluate(t, lambda e: value_of(record, e)) for t in formula.args]
            numbers = [parse(n) for n in NUMBER.findall(ex.lines[2]) if n not in literal]
            signs = [-1 if m.start() > 0 and ex.lines[2][:m.start()].rstrip().endswith(MINUS) else 1
                     for m in NUMBER.finditer(ex.lines[2]) if m[0] not in literal]
            shown = [s * n for s, n in zip(signs, numbers)]
            assert len(shown) == len(terms), f"{key}: {ex.lines[2]}"
            for term, number in zip(terms, shown):
                assert abs(term - number) <= HALF_ULP + 1e-15, f"{key}: {ex.lines[2]}"


def test_the_written_arithmetic_holds(record):
    """With every operand as written (so within half a unit of the 8th decimal of its value),
    the formula can give the result as written: the numbers on the page add up."""
    for key, ex in explain_all(record).items():
        if ex.formula is None:
            continue

        def written(e: Entry) -> tuple[float, float]:
            v = parse(format_entry(e.name, value_of(record, e)))
            slack = 0.0 if e.name in ("y", "learning_rate", "reg") else HALF_ULP
            return v - slack - 1e-15, v + slack + 1e-15

        lo, hi = interval(ex.formula, written)
        result = parse(ex.shown)
        assert lo - HALF_ULP - 1e-15 <= result <= hi + HALF_ULP + 1e-15, f"{key}: {ex.text} ({lo}, {hi})"


def test_the_names_written_are_the_operands(record):
    for key, ex in explain_all(record).items():
        if ex.formula is None:
            assert not ex.lines and not ex.operands
            continue
        names = [name for name, _ in written_leaves(ex.formula, record)]
        line = ex.lines[0]
        for name in names:
            assert name in line, f"{key}: {name} missing from {line}"
        keys = ["-".join([e.name, *map(str, e.index)]) for e in leaves(ex.formula)]
        assert list(ex.operands) == list(dict.fromkeys(keys))
        assert ex.spoken_text.startswith(ex.spoken_name + " = ") and ex.shown in ex.spoken_text


def test_the_issues_examples_read_as_written():
    record = compute_walkthrough()
    assert explain(record, "dL_dW2", (2, 1)).text == (
        "∂L/∂W₂[2,1] = h₁[2] · ∂L/∂z₂[1] = 0.71301043 × (−0.14673508) = −0.10462365")
    h = explain(record, "dL_dh1", (1,))
    assert h.lines[0] == "∂L/∂z₂[1] · W₂[1,1] + ∂L/∂z₂[2] · W₂[1,2]"
    assert h.lines[-1] == "0.06088293 − 0.03489191" and h.shown == "0.02599101"
    assert explain(record, "W1", (1, 2)).about == "the weight from input 1 to hidden unit 2, drawn at random before training"


def test_settings_change_the_formulas():
    """The penalty adds its pull to the weight gradients and its term to the loss; without
    biases the bias is not updated."""
    penalty = compute_walkthrough(CONFIGS["penalty"])
    assert "‖W₁‖²" in explain(penalty, "loss", ()).lines[0]
    assert explain(penalty, "dL_dW1", (1, 1)).lines[0] == "X[1] · ∂L/∂z₁[1] + 0.05 · W₁[1,1]"
    fixed = compute_walkthrough(CONFIGS["no_bias_h2_row7"])
    assert explain(fixed, "b2_new", (1,)).lines == ("b₂[1]",)
    assert "does not train" in explain(fixed, "b2_new", (1,)).about
    assert "observation 8" in explain(fixed, "X", (1,)).about


def test_a_wrong_entry_is_an_error_naming_the_valid_ones():
    with pytest.raises(KeyError, match=r"W2 has no entry \[4, 1\].*\[3, 2\]"):
        explain(compute_walkthrough(), "W2", (4, 1))

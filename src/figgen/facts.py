"""Numbers about the worked example that the prose quotes, read off the record. numpy only.

The article quotes things like "hidden unit 2 is the most active", the two terms of the sum
over paths for dL/dh1[1], the size of the gradient vector, or how many multiplications a
forward pass takes. They follow the record, so another observation (the figgen plugin's
options in mkdocs.yml can choose one) changes them with it: ``{{ facts.most_active_unit }}``.
Sentences whose words depend on these numbers ("both coordinates are positive", "the
weights barely move") are claims, chosen and checked in figgen.claims. Indices here are
1-based, as in the prose (numpy's are 0-based: hidden unit j is column j - 1).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import numpy as np

from figgen.i18n import localized
from figgen.walkthrough import Walkthrough

ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")

# The words this module writes, as templates (a Spanish edition translates these).
SENTENCES: Mapping[str, str] = localized("facts", {
    "observation.first": "the first observation",
    "observation.other": "observation {number} (row {row} of the numpy array, which counts from 0)",
})


def ordinal(index: int) -> str:
    """0 -> "first", 1 -> "second", ...; "number 11" past the tenth."""
    return ORDINALS[index] if index < len(ORDINALS) else f"number {index + 1}"


def _largest(array: np.ndarray) -> tuple[int, ...]:
    """The (0-based) index of the entry with the largest magnitude."""
    return tuple(int(i) for i in np.unravel_index(np.argmax(np.abs(array)), array.shape))


def matmul_multiplications(record: Walkthrough) -> tuple[int, int]:
    """Multiplications in the matrix products of one forward and one backward pass.

    Forward: X W1 (N x 2 times 2 x H) and h1 W2 (N x H times H x 2). Backward: h1^T dL/dz2
    (dL/dW2), dL/dz2 W2^T (dL/dh1) and X^T dL/dz1 (dL/dW1); dL/dX is never needed. An
    (a x b) times (b x c) product takes a b c multiplications. Element-wise work (sigmoids,
    slopes, the products with them) is of the size of the activations, far smaller for
    wide layers, and is left out of both counts.
    """
    N, inputs = record.X.shape
    H, outputs = record.W2.shape
    forward = N * inputs * H + N * H * outputs
    backward = H * N * outputs + N * outputs * H + inputs * N * H
    return forward, backward


@dataclass(frozen=True)
class Facts:
    """What the prose quotes about the worked example, with the numbers behind it."""

    observation: str  # "the first observation" or "observation 6 (row 5 of the numpy array, ...)"
    label_class: int  # the class of the label y (0 or 1)
    other_class: int  # the other class
    predicted_class: int  # the class of the larger output of h2
    predicted_output: float  # that larger output
    other_output: float  # the smaller output
    label_output: float  # h2 at the label's class: the output that should be 1
    wrong_output: float  # h2 at the other class: the output that should be 0
    most_active_unit: int  # the hidden unit (1-based) with the largest h1
    most_active_h1: float  # its activation
    largest_abs_dL_dW2: float  # the largest magnitude among the entries of dL/dW2
    largest_abs_dL_dW1: float  # the largest magnitude among the entries of dL/dW1
    largest_w2_from: int  # the hidden unit (1-based) that W2's entry with the largest gradient leaves
    largest_w2_to: int  # the output (1-based) it enters
    largest_w2_before: float  # that weight before the step
    largest_w2_after: float  # and after it
    # dL/dh1[1] as a sum over the paths from hidden unit 1 to the two outputs
    path_dL_dz2: np.ndarray  # (2,) dL/dz2[k], the error at the end of path k
    path_W2: np.ndarray  # (2,) W2[1, k], the weight along path k
    path_terms: np.ndarray  # (2,) their products; they add up to dL/dh1[1]
    # the payoff of the step
    grad_sq: float  # ||g||^2: squares of every gradient entry the update uses (biases included when they train)
    first_order_change: float  # -learning_rate ||g||^2, the first-order change of the loss
    loss_change: float  # loss_new - loss, the change the step really made
    # what backpropagation saves
    parameters: int  # P, the entries of W1, b1, W2 and b2
    check_forward_passes: int  # 2 P: the gradient check's forward passes (two per parameter)
    forward_mults: int  # multiplications in one forward pass's matrix products
    backward_mults: int  # and in one backward pass's
    check_mults: int  # the gradient check's: 2 P forward passes


def collect_facts(record: Walkthrough) -> Facts:
    """Read the facts off the record."""
    row = record.config.row
    label = int(np.argmax(record.y[0]))
    predicted = int(np.argmax(record.h2[0]))
    j, k = _largest(record.dL_dW2)
    grads = [record.dL_dW1, record.dL_dW2]
    if record.config.network.bias:  # the update moves the biases too (figgen.network.update)
        grads += [record.dL_db1, record.dL_db2]
    grad_sq = float(sum(np.sum(g**2) for g in grads))
    parameters = sum(int(getattr(record, name).size) for name in ("W1", "b1", "W2", "b2"))
    forward_mults, backward_mults = matmul_multiplications(record)
    path_dL_dz2 = record.dL_dz2[0]  # (2,)
    path_W2 = record.W2[0]  # (2,) the weights leaving hidden unit 1 (row 0 in numpy)
    observation = (
        SENTENCES["observation.first"] if row == 0
        else SENTENCES["observation.other"].format(number=row + 1, row=row)
    )
    return Facts(
        observation=observation,
        label_class=label,
        other_class=1 - label,
        predicted_class=predicted,
        predicted_output=float(record.h2[0, predicted]),
        other_output=float(record.h2[0, 1 - predicted]),
        label_output=float(record.h2[0, label]),
        wrong_output=float(record.h2[0, 1 - label]),
        most_active_unit=int(np.argmax(record.h1[0])) + 1,
        most_active_h1=float(np.max(record.h1[0])),
        largest_abs_dL_dW2=float(np.max(np.abs(record.dL_dW2))),
        largest_abs_dL_dW1=float(np.max(np.abs(record.dL_dW1))),
        largest_w2_from=j + 1,
        largest_w2_to=k + 1,
        largest_w2_before=float(record.W2[j, k]),
        largest_w2_after=float(record.W2_new[j, k]),
        path_dL_dz2=path_dL_dz2,
        path_W2=path_W2,
        path_terms=path_dL_dz2 * path_W2,
        grad_sq=grad_sq,
        first_order_change=-record.learning_rate * grad_sq,
        loss_change=record.loss_new - record.loss,
        parameters=parameters,
        check_forward_passes=2 * parameters,
        forward_mults=forward_mults,
        backward_mults=backward_mults,
        check_mults=2 * parameters * forward_mults,
    )

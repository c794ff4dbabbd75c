"""Facts about the worked example that the prose states in words, read off the record.

The article says things like "both coordinates are positive", "the network leans towards
class 1" or "the second hidden unit gets the largest share of the blame". Those are true
for the default example and would silently turn false for another observation
(the figgen plugin's options in mkdocs.yml can choose one), so the prose takes them from here:
``{{ facts.x_signs }}``, ``{{ facts.predicted_class }}``, ``{{ facts.most_active_unit }}``.
numpy only.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from figgen.walkthrough import Walkthrough

ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


def ordinal(index: int) -> str:
    """0 -> "first", 1 -> "second", ...; "number 11" past the tenth."""
    return ORDINALS[index] if index < len(ORDINALS) else f"number {index + 1}"


def _largest(array: np.ndarray) -> tuple[int, ...]:
    """The index of the entry with the largest magnitude."""
    return tuple(int(i) for i in np.unravel_index(np.argmax(np.abs(array)), array.shape))


@dataclass(frozen=True)
class Facts:
    """What the prose says about the worked example in words, with the numbers behind it."""

    observation: str  # "the first observation" or "observation 5 (counting from 0)"
    x_signs: str  # "Both coordinates are positive", "The coordinates have opposite signs", ...
    label_class: int  # the class of the label y
    other_class: int  # the other class
    predicted_class: int  # the class of the larger output of h2
    predicted_output: float  # that larger output
    other_output: float  # the smaller output
    verdict: str  # "It is wrong" or "It picks the right class, but without much confidence"
    label_output: float  # h2 at the label's class: the output that should be 1
    wrong_output: float  # h2 at the other class: the output that should be 0
    most_active_unit: str  # ordinal of the hidden unit with the largest h1
    most_active_h1: float  # its activation
    largest_dL_dW2: float  # the entry of dL/dW2 with the largest magnitude
    largest_dL_dW1: float  # the entry of dL/dW1 with the largest magnitude
    largest_w2_from: str  # ordinal of the hidden unit that weight leaves
    largest_w2_to: str  # ordinal of the output it enters
    largest_w2_before: float  # that weight before the step
    largest_w2_after: float  # and after it


def collect_facts(record: Walkthrough) -> Facts:
    """Read the facts off the record."""
    row = record.config.row
    x = record.X[0]
    if np.all(x > 0):
        signs = "Both coordinates are positive"
    elif np.all(x < 0):
        signs = "Both coordinates are negative"
    else:
        signs = "The coordinates have opposite signs"
    label = int(np.argmax(record.y[0]))
    predicted = int(np.argmax(record.h2[0]))
    j, k = _largest(record.dL_dW2)
    return Facts(
        observation="the first observation" if row == 0 else f"observation {row} (counting from 0)",
        x_signs=signs,
        label_class=label,
        other_class=1 - label,
        predicted_class=predicted,
        predicted_output=float(record.h2[0, predicted]),
        other_output=float(record.h2[0, 1 - predicted]),
        verdict="It is wrong" if predicted != label else "It picks the right class, but without much confidence",
        label_output=float(record.h2[0, label]),
        wrong_output=float(record.h2[0, 1 - label]),
        most_active_unit=ordinal(int(np.argmax(record.h1[0]))),
        most_active_h1=float(np.max(record.h1[0])),
        largest_dL_dW2=float(record.dL_dW2[j, k]),
        largest_dL_dW1=float(record.dL_dW1[_largest(record.dL_dW1)]),
        largest_w2_from=ordinal(j),
        largest_w2_to=ordinal(k),
        largest_w2_before=float(record.W2[j, k]),
        largest_w2_after=float(record.W2_new[j, k]),
    )

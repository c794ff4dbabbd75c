"""What each key of the published data files means, for the data page's schema tables.

The tables are built from these descriptions and from the data itself (key order, shapes),
so a key added to `walkthrough_to_json` without a description fails the build.
"""

from __future__ import annotations

from typing import Any, Mapping

import numpy as np

from figgen.i18n import localized

# data/walkthrough.json: one description per key of figgen.walkthrough.JSON_NAMES.
WALKTHROUGH_KEYS: Mapping[str, str] = localized("schema.walkthrough", {
    "X": "the observation: the row of the data set that `walkthrough.row` names (row 0, the first, by default)",
    "y": "its one-hot label: class 0 is [1, 0], class 1 is [0, 1]",
    "W1": "input-to-hidden weights before the step",
    "b1": "hidden biases before the step (zero)",
    "W2": "hidden-to-output weights before the step",
    "b2": "output biases before the step (zero)",
    "z1": "hidden weighted input, X W1 + b1",
    "h1": "hidden output, sigmoid(z1)",
    "z2": "output weighted input, h1 W2 + b2",
    "h2": "the network's output, sigmoid(z2)",
    "loss": "L, squared error plus L2 penalty (the penalty is zero here: reg = 0)",
    "dL_dh2": "dL/dh2 = -(y - h2) / N",
    "dh2_dz2": "dh2/dz2 = h2 (1 - h2)",
    "dL_dz2": "dL/dz2 = dL/dh2 * dh2/dz2 (element-wise)",
    "dL_dW2": "dL/dW2 = h1^T dL/dz2 + reg/N W2",
    "dL_db2": "dL/db2, dL/dz2 summed over the observations",
    "dL_dh1": "dL/dh1 = dL/dz2 W2^T",
    "dh1_dz1": "dh1/dz1 = h1 (1 - h1)",
    "dL_dz1": "dL/dz1 = dL/dh1 * dh1/dz1 (element-wise)",
    "dL_dW1": "dL/dW1 = X^T dL/dz1 + reg/N W1",
    "dL_db1": "dL/db1, dL/dz1 summed over the observations",
    "W1_new": "W1 after the step, W1 - learning_rate dL/dW1",
    "b1_new": "b1 after the step",
    "W2_new": "W2 after the step",
    "b2_new": "b2 after the step",
    "loss_new": "L at the parameters after the step, on the same observation",
    "learning_rate": "alpha, the step size",
    "reg": "lambda, the weight of the L2 penalty",
})

# data/training.json: a list with one object per training run; these are its keys.
TRAINING_RUN_KEYS: Mapping[str, str] = localized("schema.training", {
    "name": "the run's stable name; its animation is `animations/<name>.gif`",
    "hidden": "H, the number of hidden units",
    "learning_rate": "alpha",
    "reg": "lambda, the weight of the L2 penalty",
    "steps": "training steps, each on all the training points",
    "optimizer": "`gd` (gradient descent, W := W - alpha dL/dW) or `adam`",
    "bias": "whether the network has biases b1 and b2",
    "data_seed": "seed of the XOR data's RandomState",
    "n_points": "N, the number of training points",
    "weight_seed": "seed of the weights' RandomState",
    "final_accuracy": "training accuracy after the last step, from 0 to 1",
    "final_loss": "loss after the last step",
    "heldout_points": "how many fresh points the held-out accuracy is measured on",
    "heldout_seed": "seed of their RandomState (drawn like the training points, never trained on)",
    "final_heldout_accuracy": "accuracy on the held-out points after the last step, from 0 to 1",
    "history": "the animation's frames: an object of four equal-length lists",
    "history.step": "the step each frame shows, from 0 to steps",
    "history.loss": "the loss at each frame's step",
    "history.accuracy": "the training accuracy at each frame's step",
    "history.heldout_accuracy": "the accuracy on the held-out points at each frame's step",
    "W1": "final input-to-hidden weights",
    "b1": "final hidden biases (zeros without biases)",
    "W2": "final hidden-to-output weights",
    "b2": "final output biases (zeros without biases)",
})


def describe_shape(value: Any, *others: Any) -> str:
    """A JSON value's type and shape as the table shows it: "number", "list (2, 3)".

    With `others` (the same key in other runs), a dimension that differs between them is
    the hidden size and shows as H: "list (2, H)".
    """
    if isinstance(value, bool):
        return "true / false"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, dict):
        return "object"
    shape = np.shape(value)
    dims = [
        str(n) if all(np.shape(o)[i:i + 1] == (n,) for o in others) else "H"
        for i, n in enumerate(shape)
    ]
    return "list (" + ", ".join(dims) + ("," if len(dims) == 1 else "") + ")"


def schema_rows(
    data: dict[str, Any], descriptions: dict[str, str], *others: dict[str, Any], prefix: str = ""
) -> list[tuple[str, str, str]]:
    """(key, type and shape, meaning) for every key of `data`, nested objects flattened.

    `others` are objects with the same keys (other training runs): dimensions that differ
    show as H. Raises KeyError naming a key without a description, so the table never
    falls behind the data.
    """
    rows = []
    for key, value in data.items():
        name = f"{prefix}{key}"
        if name not in descriptions:
            raise KeyError(f"data key {name!r} has no description in figgen.schema")
        same_key = [o[key] for o in others if key in o]
        rows.append((name, describe_shape(value, *same_key), descriptions[name]))
        if isinstance(value, dict):
            rows += schema_rows(value, descriptions, *same_key, prefix=f"{name}.")
    return rows


def markdown_table(rows: list[tuple[str, str, str]]) -> str:
    """The rows as a Markdown table."""
    lines = ["| key | type and shape | meaning |", "|---|---|---|"]
    lines += [f"| `{key}` | {shape} | {meaning} |" for key, shape, meaning in rows]
    return "\n".join(lines) + "\n"

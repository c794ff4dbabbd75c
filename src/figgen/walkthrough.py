"""The article's worked example: one gradient-descent step on one observation.

`compute_walkthrough` returns a `Walkthrough` record holding every value the article, its
figures and `data/walkthrough.json` show, by the article's names. Nothing downstream
recomputes a number: it reads a field of this record.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

import numpy as np

from figgen.config import WalkthroughConfig
from figgen.network import backward, forward, init_params, make_xor_data, update


@dataclass(frozen=True)
class Walkthrough:
    """Every value of the worked example, in computation order.

    Per-observation values are (1, n) arrays (one row: the observation), weights have
    their matrix shape, biases and bias gradients are flat (n,) arrays.
    """

    # the example and the starting parameters
    X: np.ndarray  # (1, 2) the observation
    y: np.ndarray  # (1, 2) its one-hot label
    W1: np.ndarray  # (2, H)
    b1: np.ndarray  # (H,)
    W2: np.ndarray  # (H, 2)
    b2: np.ndarray  # (2,)
    # forward pass
    z1: np.ndarray  # (1, H)
    h1: np.ndarray  # (1, H)
    z2: np.ndarray  # (1, 2)
    h2: np.ndarray  # (1, 2)
    loss: float
    # backward pass, output layer
    dL_dh2: np.ndarray  # (1, 2)
    dh2_dz2: np.ndarray  # (1, 2)
    dL_dz2: np.ndarray  # (1, 2)
    dz2_dW2: np.ndarray  # (1, H) = h1
    dL_dW2: np.ndarray  # (H, 2)
    dL_db2: np.ndarray  # (2,)
    # backward pass, hidden layer
    dL_dh1: np.ndarray  # (1, H)
    dh1_dz1: np.ndarray  # (1, H)
    dL_dz1: np.ndarray  # (1, H)
    dz1_dW1: np.ndarray  # (1, 2) = X
    dL_dW1: np.ndarray  # (2, H)
    dL_db1: np.ndarray  # (H,)
    # the update
    W1_new: np.ndarray  # (2, H) = W1 - learning_rate dL/dW1
    b1_new: np.ndarray  # (H,)
    W2_new: np.ndarray  # (H, 2)
    b2_new: np.ndarray  # (2,)
    loss_new: float  # L at the updated parameters, on the same observation: the step's payoff
    learning_rate: float
    reg: float
    config: WalkthroughConfig = dataclasses.field(repr=False, compare=False)

    def value(self, name: str) -> Any:
        """The field `name`, or a KeyError listing the valid names."""
        if name not in VALUE_NAMES:
            raise KeyError(
                f"unknown walkthrough value {name!r}; valid names: {', '.join(VALUE_NAMES)}"
            )
        return getattr(self, name)


# The names published in data/walkthrough.json, in order. dz2_dW2 and dz1_dW1 are exposed on
# the record (so figures never recompute them) but are not separate keys of the JSON file:
# they equal h1 and X.
JSON_NAMES: tuple[str, ...] = (
    "X", "y", "W1", "b1", "W2", "b2", "z1", "h1", "z2", "h2", "loss",
    "dL_dh2", "dh2_dz2", "dL_dz2", "dL_dW2", "dL_db2",
    "dL_dh1", "dh1_dz1", "dL_dz1", "dL_dW1", "dL_db1",
    "W1_new", "b1_new", "W2_new", "b2_new", "loss_new", "learning_rate", "reg",
)
VALUE_NAMES: tuple[str, ...] = tuple(
    f.name for f in dataclasses.fields(Walkthrough) if f.name != "config"
)


def compute_walkthrough(config: WalkthroughConfig = WalkthroughConfig()) -> Walkthrough:
    """Run the worked example described by `config` and record every value."""
    X_all, y_all = make_xor_data(config.data)
    X = X_all[config.row : config.row + 1]  # (1, 2)
    y = y_all[config.row : config.row + 1]  # (1, 2)
    params = init_params(config.network)
    fwd = forward(params, X, y, reg=config.reg)
    grads = backward(params, fwd, reg=config.reg)
    new = update(params, grads, config.learning_rate, bias=config.network.bias)
    after = forward(new, X, y, reg=config.reg)  # the forward pass again, with the new parameters
    return Walkthrough(
        X=X, y=y, W1=params.W1, b1=params.b1, W2=params.W2, b2=params.b2,
        z1=fwd.z1, h1=fwd.h1, z2=fwd.z2, h2=fwd.h2, loss=fwd.loss,
        dL_dh2=grads.dL_dh2, dh2_dz2=grads.dh2_dz2, dL_dz2=grads.dL_dz2,
        dz2_dW2=grads.dz2_dW2, dL_dW2=grads.dL_dW2, dL_db2=grads.dL_db2,
        dL_dh1=grads.dL_dh1, dh1_dz1=grads.dh1_dz1, dL_dz1=grads.dL_dz1,
        dz1_dW1=grads.dz1_dW1, dL_dW1=grads.dL_dW1, dL_db1=grads.dL_db1,
        W1_new=new.W1, b1_new=new.b1, W2_new=new.W2, b2_new=new.b2, loss_new=after.loss,
        learning_rate=float(config.learning_rate), reg=float(config.reg),
        config=config,
    )


def walkthrough_json_file(config: WalkthroughConfig) -> dict[str, bytes]:
    """{"data/walkthrough.json": bytes}: the site's data file of the worked example `config`."""
    from figgen.jsondata import json_bytes

    return {"data/walkthrough.json": json_bytes(walkthrough_to_json(compute_walkthrough(config)))}


def walkthrough_to_json(record: Walkthrough) -> dict[str, Any]:
    """The record as plain JSON data: nested lists at full float precision, keys in order."""
    out: dict[str, Any] = {}
    for name in JSON_NAMES:
        value = getattr(record, name)
        out[name] = value.tolist() if isinstance(value, np.ndarray) else float(value)
    return out

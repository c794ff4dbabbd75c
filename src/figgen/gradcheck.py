"""The gradient check shown in the article: analytic gradients against finite differences.

numpy only. For the worked example (one observation, the 2-3-2 network), every parameter
entry is nudged by +-step and the loss re-evaluated; the central difference

    (L(theta + step) - L(theta - step)) / (2 step)

estimates dL/dtheta without any calculus. `backward` must agree with it. The agreement is
measured per tensor by the relative error

    ||g_analytic - g_numeric|| / (||g_analytic|| + ||g_numeric||),

which is 0 for identical gradients and 1 for gradients pointing in opposite directions.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from figgen.config import WalkthroughConfig
from figgen.network import Params, backward, forward, init_params, make_xor_data

# The parameters checked, in the article's order (output layer first, as backprop goes).
PARAM_NAMES: tuple[str, ...] = ("W2", "b2", "W1", "b1")
DEFAULT_STEP = 1e-6  # float64: truncation error ~ step^2, rounding error ~ 1e-16 / step


@dataclass(frozen=True)
class TensorCheck:
    """One parameter tensor's gradient, two ways."""

    name: str  # "W1", "b1", "W2" or "b2"
    analytic: np.ndarray  # the parameter's shape: dL/d(name) from `backward`
    numeric: np.ndarray  # same shape: central finite differences of the loss
    rel_error: float  # ||analytic - numeric|| / (||analytic|| + ||numeric||)
    max_abs_diff: float  # largest |analytic - numeric| over the entries


@dataclass(frozen=True)
class GradientCheck:
    """The gradient check of the worked example, one `TensorCheck` per parameter."""

    step: float  # the finite-difference step
    loss: float  # the loss at the unperturbed parameters
    W2: TensorCheck
    b2: TensorCheck
    W1: TensorCheck
    b1: TensorCheck

    @property
    def max_rel_error(self) -> float:
        """The worst relative error over the four tensors."""
        return max(getattr(self, name).rel_error for name in PARAM_NAMES)


def relative_error(a: np.ndarray, b: np.ndarray) -> float:
    """||a - b|| / (||a|| + ||b||), and 0 when both are exactly zero."""
    denominator = np.linalg.norm(a) + np.linalg.norm(b)
    if denominator == 0.0:
        return 0.0
    return float(np.linalg.norm(a - b) / denominator)


def numeric_gradient(
    params: Params, name: str, X: np.ndarray, y: np.ndarray, reg: float, step: float
) -> np.ndarray:
    """Central finite differences of the loss with respect to the tensor `name` of `params`."""
    value = getattr(params, name)
    grad = np.zeros_like(value, dtype=float)
    for index in np.ndindex(value.shape):
        losses = []
        for sign in (+1.0, -1.0):
            nudged = value.astype(float)  # a copy: `params` stays untouched
            nudged[index] += sign * step
            losses.append(forward(dataclasses.replace(params, **{name: nudged}), X, y, reg).loss)
        grad[index] = (losses[0] - losses[1]) / (2.0 * step)
    return grad


def check_gradients(
    params: Params, X: np.ndarray, y: np.ndarray, reg: float = 0.0, step: float = DEFAULT_STEP
) -> GradientCheck:
    """Compare `backward` with finite differences for every parameter tensor."""
    fwd = forward(params, X, y, reg)
    grads = backward(params, fwd, reg)
    checks = {}
    for name in PARAM_NAMES:
        analytic = np.asarray(getattr(grads, f"dL_d{name}"), dtype=float)
        numeric = numeric_gradient(params, name, X, y, reg, step)
        checks[name] = TensorCheck(
            name=name,
            analytic=analytic,
            numeric=numeric,
            rel_error=relative_error(analytic, numeric),
            max_abs_diff=float(np.max(np.abs(analytic - numeric))),
        )
    return GradientCheck(step=step, loss=fwd.loss, **checks)


def check_walkthrough(
    config: WalkthroughConfig = WalkthroughConfig(), step: float = DEFAULT_STEP
) -> GradientCheck:
    """The gradient check of the article's worked example (same observation, same weights)."""
    X_all, y_all = make_xor_data(config.data)
    X = X_all[config.row : config.row + 1]  # (1, 2)
    y = y_all[config.row : config.row + 1]  # (1, 2)
    return check_gradients(init_params(config.network), X, y, config.reg, step)

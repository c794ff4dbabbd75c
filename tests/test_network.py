"""The network's math: gradients against finite differences, sigmoid stability, purity."""

from __future__ import annotations

import subprocess
import sys
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from figgen.config import DataConfig, NetworkConfig
from figgen.network import (
    Params, accuracy, backward, forward, init_params, make_xor_data, sigmoid, sigmoid_prime,
)


def loss_of(params: Params, X: np.ndarray, y: np.ndarray, reg: float):
    """The loss as the article defines it, in the parameters' own precision (float64 or wider):
    L = 1/(2N) sum ||y - h2||^2 + reg/(2N) (||W1||^2 + ||W2||^2)."""
    N = X.shape[0]
    h2 = forward(params, X, y, reg).h2
    return np.sum((y - h2) ** 2) / (2 * N) + reg / (2 * N) * (np.sum(params.W1**2) + np.sum(params.W2**2))


def numeric_gradient(params: Params, name: str, X, y, reg: float, step: float = 1e-6) -> np.ndarray:
    """Central finite differences (step 1e-6) of the loss with respect to params.<name>.

    The float64 parameters are evaluated in extended precision (np.longdouble): in plain
    float64, the rounding of L (about 1e-17) divided by 2*step puts a floor of about 1e-11
    under the difference quotient, which is more than 1e-6 of a tiny gradient (small
    weights, balanced classes). The analytic gradient under test stays float64.
    """
    wide = Params(**{k: v.astype(np.longdouble) for k, v in params.__dict__.items()})
    Xw, yw = X.astype(np.longdouble), y.astype(np.longdouble)
    base = getattr(wide, name)
    grad = np.zeros(base.shape, dtype=np.longdouble)
    for idx in np.ndindex(base.shape):
        for sign in (+1, -1):
            shifted = base.copy()
            shifted[idx] += sign * step
            p = Params(**{**wide.__dict__, name: shifted})
            grad[idx] += sign * loss_of(p, Xw, yw, np.longdouble(reg))
        grad[idx] /= 2 * step
    return grad.astype(float)


def relative_error(a: np.ndarray, b: np.ndarray) -> float:
    denom = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if denom == 0 else float(np.linalg.norm(a - b) / denom)


@settings(max_examples=300, deadline=None)
@given(
    H=st.integers(1, 50),
    N=st.integers(1, 300),
    reg=st.floats(0.0, 1.0),
    seed=st.integers(0, 2**31 - 1),
)
def test_gradients_match_central_differences(H, N, reg, seed):
    """Weights, biases and inputs uniform in [-1, 1]; labels random."""
    rng = np.random.default_rng(seed)
    scale = 1.0
    params = Params(
        W1=rng.uniform(-scale, scale, (2, H)),
        b1=rng.uniform(-scale, scale, H),
        W2=rng.uniform(-scale, scale, (H, 2)),
        b2=rng.uniform(-scale, scale, 2),
    )
    X = rng.uniform(-1, 1, (N, 2))
    y = np.eye(2)[rng.integers(0, 2, N)]
    grads = backward(params, forward(params, X, y, reg), reg)
    for name, analytic in (("W1", grads.dL_dW1), ("b1", grads.dL_db1), ("W2", grads.dL_dW2), ("b2", grads.dL_db2)):
        numeric = numeric_gradient(params, name, X, y, reg)
        err = relative_error(analytic, numeric)
        # both zero (e.g. an exactly flat direction) counts as agreement
        assert err < 1e-6, f"d loss / d {name}: relative error {err:.2e} (H={H}, N={N}, reg={reg})"


def test_forward_loss_is_the_article_loss():
    rng = np.random.default_rng(3)
    params = Params(W1=rng.normal(size=(2, 4)), b1=rng.normal(size=4), W2=rng.normal(size=(4, 2)), b2=rng.normal(size=2))
    X = rng.normal(size=(7, 2))
    y = np.eye(2)[rng.integers(0, 2, 7)]
    assert forward(params, X, y, 0.3).loss == pytest.approx(float(loss_of(params, X, y, 0.3)), rel=1e-14)


def test_gradient_check_catches_a_wrong_gradient():
    """The check above can fail: a gradient off by the original code's bug is detected."""
    rng = np.random.default_rng(1)
    params = Params(W1=rng.normal(size=(2, 3)), b1=np.zeros(3), W2=rng.normal(size=(3, 2)), b2=np.zeros(2))
    X = rng.normal(size=(20, 2))
    y = np.eye(2)[rng.integers(0, 2, 20)]
    reg = 0.5
    grads = backward(params, forward(params, X, y, reg), reg)
    wrong = grads.dL_dW2 + reg * np.sum(params.W2**2)  # errata point 9: a scalar added to every weight
    assert relative_error(wrong, numeric_gradient(params, "W2", X, y, reg)) > 1e-3


@pytest.mark.parametrize("z", [0.0, 1e-300, -1e-300, 1.0, -1.0, 30.0, -30.0, 710.0, -710.0, 1e4, -1e4, 1e308, -1e308])
def test_sigmoid_is_stable(z):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", invalid="raise", divide="raise"):  # underflow to 0 is exact enough
            s = sigmoid(np.array([z]))
    assert np.all(np.isfinite(s)) and 0.0 <= s[0] <= 1.0
    assert s[0] == pytest.approx(0.5 if z == 0 else (1.0 if z > 30 else (0.0 if z < -30 else s[0])))


def test_sigmoid_is_stable_on_a_sweep():
    big = np.finfo(float).max
    z = np.concatenate([[-big], np.linspace(-1e4, 1e4, 100_001), [big]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", invalid="raise", divide="raise"):  # underflow to 0 is exact enough
            s = sigmoid(z)
            d = sigmoid_prime(s)
    assert np.all((s >= 0) & (s <= 1)) and not np.any(np.isnan(s))
    assert np.all(np.diff(s) >= 0), "sigmoid must be monotone"
    assert np.all((d >= 0) & (d <= 0.25))
    np.testing.assert_allclose(sigmoid(-z), 1 - sigmoid(z), atol=1e-15)


def test_data_and_encoding():
    X, y = make_xor_data(DataConfig())
    assert X.shape == (300, 2) and y.shape == (300, 2)
    np.testing.assert_array_equal(X, np.random.RandomState(0).randn(300, 2))
    label = np.logical_xor(X[:, 0] > 0, X[:, 1] > 0)
    np.testing.assert_array_equal(y[~label], np.tile([1.0, 0.0], (np.sum(~label), 1)))
    np.testing.assert_array_equal(y[label], np.tile([0.0, 1.0], (np.sum(label), 1)))


def test_init_follows_the_original_and_leaves_global_state_alone():
    np.random.seed(123)
    before = np.random.get_state()[1].copy()
    p = init_params(NetworkConfig(hidden=5))
    np.testing.assert_array_equal(np.random.get_state()[1], before)
    rng = np.random.RandomState(2017)
    np.testing.assert_array_equal(p.W1, (2 * rng.random_sample((2, 5)) - 1) / np.sqrt(2))
    np.testing.assert_array_equal(p.W2, (2 * rng.random_sample((5, 2)) - 1) / np.sqrt(5))
    assert not p.b1.any() and not p.b2.any() and p.b1.shape == (5,)


def test_accuracy_is_share_of_matching_argmax():
    params = Params(W1=np.eye(2), b1=np.zeros(2), W2=np.eye(2), b2=np.zeros(2))
    X = np.array([[3.0, -3.0], [-3.0, 3.0], [3.0, -3.0], [-3.0, 3.0]])
    y = np.array([[1, 0], [0, 1], [0, 1], [0, 1]], dtype=float)
    assert accuracy(params, X, y) == 0.75


def test_math_module_does_not_import_matplotlib():
    code = "import sys, figgen.network, figgen.walkthrough; assert 'matplotlib' not in sys.modules, 'matplotlib loaded'"
    subprocess.run([sys.executable, "-c", code], check=True)

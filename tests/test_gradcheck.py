"""The gradient check the article shows: it agrees where it should and catches what it should."""

from __future__ import annotations

import dataclasses

import numpy as np
from hypothesis import given, settings, strategies as st

from figgen.config import DataConfig, NetworkConfig
from figgen.gradcheck import PARAM_NAMES, check_gradients, check_walkthrough, relative_error
from figgen.network import init_params, make_xor_data

# dL/dW1 of the worked example, from the errata's independent recomputation (8 decimals).
ERRATA_DL_DW1 = [[0.00723246, 0.00546965, 0.03647082], [0.00164061, 0.00124073, 0.00827303]]


def test_walkthrough_gradients_agree_with_finite_differences():
    check = check_walkthrough()
    for name in PARAM_NAMES:
        tensor = getattr(check, name)
        assert tensor.analytic.shape == tensor.numeric.shape
        assert tensor.rel_error < 1e-7, (name, tensor.rel_error)
    assert check.max_rel_error == max(getattr(check, n).rel_error for n in PARAM_NAMES)
    # The finite differences know nothing of backward(); they still land on the errata's values.
    np.testing.assert_allclose(check.W1.numeric, ERRATA_DL_DW1, atol=5e-9)


def test_a_wrong_gradient_shows_a_large_relative_error():
    X, y = make_xor_data(DataConfig(n_points=20))
    params = init_params(NetworkConfig(hidden=4))
    right = check_gradients(params, X, y, reg=0.5)
    wrong_reg = check_gradients(params, X, y, reg=0.0)  # numeric gradient of another loss
    assert right.W1.rel_error < 1e-6
    assert relative_error(right.W1.numeric, wrong_reg.W1.analytic) > 1e-3
    assert relative_error(right.W2.analytic, -right.W2.analytic) == 1.0  # opposite: the maximum


def test_relative_error_of_two_zeros_is_zero():
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0


# The article says: "The test suite runs the same check on hundreds of random networks: 1 to
# 50 hidden units, 1 to 300 observations, lambda anywhere from 0 to 1." This is that test.
@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    hidden=st.integers(min_value=1, max_value=50),
    n=st.integers(min_value=1, max_value=300),
    reg=st.floats(min_value=0.0, max_value=1.0),
    seed=st.integers(min_value=0, max_value=2**32 - 1),
)
def test_backward_agrees_with_central_differences_on_random_networks(hidden: int, n: int, reg: float, seed: int) -> None:
    X, y = make_xor_data(DataConfig(n_points=300, seed=seed))
    X, y = X[:n], y[:n]
    params = init_params(NetworkConfig(hidden=hidden, weight_seed=seed))
    rng = np.random.RandomState(seed)  # biases away from zero, so their gradients are tested too
    params = dataclasses.replace(params, b1=rng.uniform(-0.5, 0.5, hidden), b2=rng.uniform(-0.5, 0.5, 2))
    check = check_gradients(params, X, y, reg=reg)
    assert check.max_rel_error < 1e-6, {name: getattr(check, name).rel_error for name in PARAM_NAMES}


def test_the_articles_wrong_gradients_have_the_errors_it_states():
    """"A forgotten factor of two already gives one third, a flipped sign gives 1.\""""
    g = check_walkthrough().W1.numeric
    assert abs(relative_error(2 * g, g) - 1 / 3) < 1e-12
    assert relative_error(-g, g) == 1.0

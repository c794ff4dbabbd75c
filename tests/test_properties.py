"""Property tests (hypothesis): the sigmoid and its derivative over the whole float range.

Every check runs with numpy's overflow, invalid-operation and divide-by-zero errors raised,
so a warning is a failure. Underflow is allowed: exp(-z) for z > 745 underflows to a
subnormal or zero, and that is the correct rounded answer, not a fault.
"""

from __future__ import annotations

import math
import pickle

import numpy as np
from hypothesis import given, settings, strategies as st
from hypothesis.extra import numpy as hnp

from figgen.config import NetworkConfig
from figgen.network import sigmoid, sigmoid_prime
from figgen.config import TrainConfig
from figgen.train import WEIGHT_LIMIT, DivergenceError, train

STRICT = dict(over="raise", invalid="raise", divide="raise", under="ignore")
# No per-example deadline: the machine running the suite may be busy, and a slow example is
# not a wrong one.
NO_DEADLINE = settings(deadline=None)


@st.composite
def float_arrays(draw: st.DrawFn) -> np.ndarray:
    """float32 or float64 arrays of any finite values, 0-d to 2-d."""
    dtype = draw(st.sampled_from([np.float64, np.float32]))
    width = 64 if dtype is np.float64 else 32
    elements = st.floats(allow_nan=False, allow_infinity=False, width=width)
    return draw(hnp.arrays(dtype, hnp.array_shapes(min_dims=0, max_dims=2, max_side=16), elements=elements))


@NO_DEADLINE
@given(float_arrays())
def test_sigmoid_is_finite_and_within_0_1(z: np.ndarray) -> None:
    with np.errstate(**STRICT):
        h = sigmoid(z)
    assert h.shape == z.shape
    assert np.all(np.isfinite(h))
    assert np.all((h >= 0.0) & (h <= 1.0)), z[(h < 0) | (h > 1)]


@NO_DEADLINE
@given(float_arrays())
def test_sigmoid_is_monotone(z: np.ndarray) -> None:
    z_sorted = np.sort(z.ravel())
    with np.errstate(**STRICT):
        h = sigmoid(z_sorted)
    assert np.all(np.diff(h) >= 0), (z_sorted, h)


@NO_DEADLINE
@given(float_arrays())
def test_sigmoid_is_symmetric(z: np.ndarray) -> None:
    """sigma(-z) = 1 - sigma(z), to within a rounding error of 1."""
    with np.errstate(**STRICT):
        lhs, rhs = sigmoid(-z), 1.0 - sigmoid(z)
    tolerance = 4 * np.finfo(z.dtype).eps
    np.testing.assert_allclose(lhs, rhs, rtol=0, atol=tolerance)


@NO_DEADLINE
@given(float_arrays())
def test_sigmoid_prime_is_within_0_quarter(z: np.ndarray) -> None:
    with np.errstate(**STRICT):
        slope = sigmoid_prime(sigmoid(z))
    assert np.all(np.isfinite(slope))
    assert np.all((slope >= 0.0) & (slope <= 0.25)), z[(slope < 0) | (slope > 0.25)]


@settings(max_examples=200, deadline=None)
@given(st.floats(min_value=-30, max_value=30, allow_nan=False))
def test_sigmoid_prime_is_the_slope(z: float) -> None:
    """h (1 - h) against a central difference of the sigmoid, where the difference is accurate."""
    step = 1e-5
    with np.errstate(**STRICT):
        numeric = (sigmoid(np.float64(z + step)) - sigmoid(np.float64(z - step))) / (2 * step)
        analytic = sigmoid_prime(sigmoid(np.float64(z)))
    assert abs(numeric - analytic) <= 1e-9, (z, numeric, analytic)


def test_sigmoid_at_the_ends_of_the_float_range() -> None:
    """The extremes hypothesis may not draw: the largest floats and the smallest subnormals."""
    tiny = np.finfo(np.float64).smallest_subnormal
    big = np.finfo(np.float64).max
    z = np.array([-big, -1000.0, -tiny, 0.0, tiny, 1000.0, big])
    with np.errstate(**STRICT):
        h = sigmoid(z)
        slope = sigmoid_prime(h)
    np.testing.assert_array_equal(h[[0, 1]], [0.0, 0.0])
    np.testing.assert_array_equal(h[[2, 3, 4]], [0.5, 0.5, 0.5])
    np.testing.assert_array_equal(h[[5, 6]], [1.0, 1.0])
    np.testing.assert_array_equal(slope[[0, 6]], [0.0, 0.0])
    assert slope[3] == 0.25


# --- training: finite numbers, or a divergence reported as such ---------------------------

@settings(max_examples=25, deadline=None)
@given(
    learning_rate=st.floats(min_value=1e-3, max_value=1000.0),
    reg=st.sampled_from([0.0, 1e-4, 1e-2, 10.0]),
    hidden=st.integers(min_value=1, max_value=8),
)
def test_training_gives_finite_numbers_or_reports_divergence(learning_rate: float, reg: float, hidden: int) -> None:
    """Whatever the learning rate, a run either returns only finite numbers and sane weights
    (which can be plotted) or raises DivergenceError naming the first step that left them."""
    config = TrainConfig(name="prop", network=NetworkConfig(hidden=hidden), learning_rate=learning_rate,
                         reg=reg, steps=60, frames=4)
    try:
        result = train(config)
    except DivergenceError as exc:
        assert 1 <= exc.step <= config.steps and (not math.isfinite(exc.loss) or exc.weight > WEIGHT_LIMIT)
        assert "'prop' diverged" in str(exc)
        return
    assert np.all(np.isfinite(result.loss)) and np.all(np.isfinite(result.accuracy))
    for params in result.params:
        assert np.max(np.abs(params.W1)) <= WEIGHT_LIMIT and np.max(np.abs(params.W2)) <= WEIGHT_LIMIT
        for array in (params.W1, params.b1, params.W2, params.b2):
            assert np.all(np.isfinite(array))


def test_a_penalty_step_of_2_or_more_diverges() -> None:
    """The property above must see divergence somewhere: with learning_rate * reg / N >= 2
    each step flips the weights' sign and grows them."""
    config = TrainConfig(name="huge", network=NetworkConfig(hidden=3), learning_rate=1000.0, reg=1.0, steps=100, frames=4)
    try:
        train(config)
    except DivergenceError:
        return
    raise AssertionError("learning rate 1000 with reg 1 did not diverge")


def test_divergence_survives_pickling() -> None:
    """Builds train on worker processes; the error must come back as itself, fields intact."""
    error = DivergenceError(12, float("inf"), 3.0, 1e3, 1.0, 300, "hidden3")
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is DivergenceError and str(copy) == str(error)
    assert (copy.step, copy.loss, copy.weight, copy.learning_rate, copy.reg, copy.n_points, copy.name) == (
        12, float("inf"), 3.0, 1e3, 1.0, 300, "hidden3")

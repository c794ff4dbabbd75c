"""The worked example equals the corrected reference values of ../shared/errata.md."""

from __future__ import annotations

import json

import numpy as np
import pytest

from figgen.walkthrough import JSON_NAMES, compute_walkthrough, walkthrough_to_json

# The corrected table of errata.md, to 8 decimals (checked independently of figgen).
REFERENCE = {
    "X": [[1.76405235, 0.40015721]],
    "y": [[1, 0]],
    "W1": [[-0.67746455, 0.37769425, -0.07365253], [-0.53663519, 0.60920496, 0.21149622]],
    "W2": [[-0.41491732, -0.30992816], [-0.31583913, -0.27706468], [-0.44701662, 0.15231059]],
    "z1": [[-1.40982136, 0.91005018, -0.04529517]],
    "h1": [[0.19626223, 0.71301043, 0.48867814]],
    "z2": [[-0.52507645, -0.18394635]],
    "h2": [[0.37166596, 0.45414264]],
    "loss": 0.30052460,
    "dL_dh2": [[-0.62833404, 0.45414264]],
    "dh2_dz2": [[0.23353037, 0.24789710]],
    "dL_dz2": [[-0.14673508, 0.11258065]],
    "dL_dW2": [[-0.02879856, 0.02209533], [-0.10462365, 0.08027117], [-0.07170623, 0.05501570]],
    "W2_new": [[-0.41488852, -0.30995026], [-0.31573451, -0.27714495], [-0.44694491, 0.15225557]],
    "dL_dh1": [[0.02599101, 0.01515256, 0.08274025]],
    "dh1_dz1": [[0.15774337, 0.20462656, 0.24987182]],
    "dL_dW1": [[0.00723246, 0.00546965, 0.03647082], [0.00164061, 0.00124073, 0.00827303]],
    "W1_new": [[-0.67747178, 0.37768878, -0.07368900], [-0.53663683, 0.60920372, 0.21148795]],
}


@pytest.fixture(scope="module")
def record():
    return compute_walkthrough()


@pytest.mark.parametrize("name", sorted(REFERENCE))
def test_value_matches_reference_to_8_decimals(record, name):
    got = np.asarray(getattr(record, name), dtype=float)
    want = np.asarray(REFERENCE[name], dtype=float)
    assert got.shape == want.shape
    np.testing.assert_array_equal(np.round(got, 8), np.round(want, 8))


def test_bias_values(record):
    assert record.b1.shape == (3,) and not record.b1.any() and not record.b2.any()
    np.testing.assert_array_equal(record.dL_db2, record.dL_dz2[0])
    np.testing.assert_array_equal(record.dL_db1, (record.dL_dh1 * record.dh1_dz1)[0])
    np.testing.assert_allclose(record.b2_new, -record.learning_rate * record.dL_db2)
    assert record.learning_rate == 0.001 and record.reg == 0.0


def test_exposes_local_derivatives_by_name(record):
    np.testing.assert_array_equal(record.dz2_dW2, record.h1)
    np.testing.assert_array_equal(record.dz1_dW1, record.X)


def test_json_schema(record):
    data = json.loads(json.dumps(walkthrough_to_json(record)))
    assert list(data) == list(JSON_NAMES)
    assert np.shape(data["X"]) == (1, 2) and np.shape(data["h1"]) == (1, 3)
    assert np.shape(data["dL_dz1"]) == (1, 3) and np.shape(data["dL_dh2"]) == (1, 2)
    assert np.shape(data["W1"]) == (2, 3) and np.shape(data["W2_new"]) == (3, 2)
    assert np.shape(data["b1"]) == (3,) and np.shape(data["dL_db2"]) == (2,)
    assert data["h2"][0][0] == float(record.h2[0, 0])  # full precision, not rounded

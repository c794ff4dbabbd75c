"""The numbers the prose quotes follow the record, for any observation and learning rate."""

from __future__ import annotations

import numpy as np
import pytest

from figgen.config import NetworkConfig, WalkthroughConfig
from figgen.facts import collect_facts, matmul_multiplications, ordinal
from figgen.network import Params, forward
from figgen.walkthrough import compute_walkthrough


def test_default_example_reads_as_the_article_tells_it():
    # Errata table: X = [1.76, 0.40], y = [1, 0], h2 = [0.37166596, 0.45414264],
    # h1 = [0.196, 0.713, 0.489], dL/dW2[1, 0] = -0.10462365 is the largest entry;
    # dL/dz2 = [-0.14673508, 0.11258065], W2[0] = [-0.41491732, -0.30992816].
    facts = collect_facts(compute_walkthrough())
    assert facts.observation == "the first observation"
    assert (facts.label_class, facts.predicted_class) == (0, 1)
    assert facts.most_active_unit == 2  # 1-based, as the prose counts
    assert (facts.largest_w2_from, facts.largest_w2_to) == (2, 1)
    assert facts.largest_abs_dL_dW2 == pytest.approx(0.10462365, abs=1e-8)
    assert facts.largest_abs_dL_dW1 == pytest.approx(0.03647082, abs=1e-8)
    # the sum over paths of the issue: (-0.1467)(-0.4149) + (0.1126)(-0.3099) = 0.0609 - 0.0349
    np.testing.assert_allclose(facts.path_terms, [-0.14673508 * -0.41491732, 0.11258065 * -0.30992816], atol=1e-8)
    assert f"{facts.path_terms[0]:.4f}" == "0.0609" and f"{facts.path_terms[1]:.4f}" == "-0.0349"
    assert facts.parameters == 17 and facts.check_forward_passes == 34
    assert (facts.forward_mults, facts.backward_mults) == (12, 18)
    assert facts.check_mults == 34 * 12


@pytest.mark.parametrize("row, learning_rate", [(1, 0.001), (2, 0.5), (5, 0.001), (17, 5.0), (299, 0.01)])
def test_facts_follow_any_observation(row, learning_rate):
    record = compute_walkthrough(WalkthroughConfig(row=row, learning_rate=learning_rate))
    facts = collect_facts(record)
    x = record.X[0]
    assert facts.label_class == int(np.argmax(record.y[0])) == int((x[0] > 0) != (x[1] > 0))
    assert facts.label_output == record.h2[0, facts.label_class]
    assert facts.predicted_output >= facts.other_output
    assert facts.largest_abs_dL_dW2 == np.max(np.abs(record.dL_dW2))
    j, k = facts.largest_w2_from - 1, facts.largest_w2_to - 1
    assert abs(record.dL_dW2[j, k]) == facts.largest_abs_dL_dW2
    assert facts.largest_w2_after == pytest.approx(facts.largest_w2_before - learning_rate * record.dL_dW2[j, k])
    assert facts.observation == f"observation {row + 1} (row {row} of the numpy array, which counts from 0)"
    # the two paths add up to dL/dh1[1]
    assert facts.path_terms.sum() == pytest.approx(record.dL_dh1[0, 0], abs=1e-15)


@pytest.mark.parametrize("bias", [True, False])
def test_payoff_counts_every_entry_the_update_moves(bias):
    """||g||^2 covers the biases exactly when the update moves them: the first-order change
    -alpha ||g||^2 then matches a tiny step's real change of the loss."""
    alpha = 1e-6
    record = compute_walkthrough(WalkthroughConfig(row=3, learning_rate=alpha, network=NetworkConfig(bias=bias)))
    facts = collect_facts(record)
    moved = [record.W1_new - record.W1, record.W2_new - record.W2, record.b1_new - record.b1, record.b2_new - record.b2]
    assert facts.grad_sq == pytest.approx(sum(np.sum(d**2) for d in moved) / alpha**2, rel=1e-9)
    after = forward(Params(record.W1_new, record.b1_new, record.W2_new, record.b2_new), record.X, record.y).loss
    assert record.loss_new == after
    assert facts.loss_change == pytest.approx(facts.first_order_change, rel=1e-4)


@pytest.mark.parametrize("hidden", [1, 3, 7])
def test_multiplications_are_counted_from_the_shapes(hidden):
    record = compute_walkthrough(WalkthroughConfig(network=NetworkConfig(hidden=hidden)))
    forward_mults, backward_mults = matmul_multiplications(record)
    # forward: X (1x2) W1 (2xH), h1 (1xH) W2 (Hx2); backward: three products of the same sizes
    assert forward_mults == 2 * hidden + hidden * 2
    assert backward_mults == 3 * 2 * hidden
    assert backward_mults / forward_mults == 1.5


def test_ordinals():
    assert [ordinal(i) for i in (0, 1, 2, 9, 10)] == ["first", "second", "third", "tenth", "number 11"]

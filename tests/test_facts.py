"""The facts the prose states in words follow the record, for any observation."""

from __future__ import annotations

import numpy as np
import pytest

from figgen.config import WalkthroughConfig
from figgen.facts import collect_facts, ordinal
from figgen.walkthrough import compute_walkthrough


def test_default_example_reads_as_the_article_tells_it():
    # Errata table: X = [1.76, 0.40], y = [1, 0], h2 = [0.37166596, 0.45414264],
    # h1 = [0.196, 0.713, 0.489], dL/dW2[1, 0] = -0.10462365 is the largest entry.
    facts = collect_facts(compute_walkthrough())
    assert facts.observation == "the first observation"
    assert facts.x_signs == "Both coordinates are positive"
    assert (facts.label_class, facts.predicted_class) == (0, 1)
    assert facts.verdict == "It is wrong"
    assert facts.most_active_unit == "second"
    assert (facts.largest_w2_from, facts.largest_w2_to) == ("second", "first")
    assert facts.largest_dL_dW2 == pytest.approx(-0.10462365, abs=1e-8)
    assert facts.largest_dL_dW1 == pytest.approx(0.03647082, abs=1e-8)


@pytest.mark.parametrize("row", [1, 2, 5, 17, 299])
def test_facts_follow_any_observation(row):
    record = compute_walkthrough(WalkthroughConfig(row=row))
    facts = collect_facts(record)
    x = record.X[0]
    assert ("positive" in facts.x_signs) == bool(np.all(x > 0))
    assert ("opposite" in facts.x_signs) == bool(x[0] * x[1] < 0)
    assert facts.label_class == int(np.argmax(record.y[0])) == int((x[0] > 0) != (x[1] > 0))
    assert facts.label_output == record.h2[0, facts.label_class]
    assert facts.predicted_output >= facts.other_output
    assert (facts.verdict == "It is wrong") == (facts.predicted_class != facts.label_class)
    assert abs(facts.largest_dL_dW2) == np.max(np.abs(record.dL_dW2))
    assert facts.largest_w2_after == pytest.approx(
        facts.largest_w2_before - record.learning_rate * facts.largest_dL_dW2)
    assert facts.observation == f"observation {row} (counting from 0)"


def test_ordinals():
    assert [ordinal(i) for i in (0, 1, 2, 9, 10)] == ["first", "second", "third", "tenth", "number 11"]

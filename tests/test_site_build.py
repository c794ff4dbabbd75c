"""A real `mkdocs build --strict`: the site carries the code's numbers."""

from __future__ import annotations

import json

import numpy as np

from figgen.prose import format_value
from figgen.walkthrough import compute_walkthrough


def test_walkthrough_json_is_published(built_site):
    data = json.loads((built_site / "data" / "walkthrough.json").read_text())
    record = compute_walkthrough()
    for name, value in data.items():
        np.testing.assert_array_equal(np.asarray(value), np.asarray(getattr(record, name)), err_msg=name)


def test_page_shows_forward_values_from_the_code(built_site):
    html = (built_site / "index.html").read_text()
    record = compute_walkthrough()
    for name in ("z1", "h1", "z2", "h2"):
        for value in getattr(record, name).ravel():  # every entry, as the page prints it
            assert format_value(value) in html, (name, value)
    assert "{{" not in html, "an unfilled placeholder reached the page"

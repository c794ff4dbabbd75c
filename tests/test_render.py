"""figgen.render draws each figure once and recolours it per theme: the result must be the
figure drawn in that theme directly (up to the ids matplotlib derives from colours)."""

from __future__ import annotations

import re

import pytest

from figgen.figures import load_all
from figgen.render import render_spec, render_spec_directly
from figgen.style import THEMES
from figgen.walkthrough import compute_walkthrough

ID = re.compile(rb'id="([^"]+)"')


def normalize_ids(svg: bytes) -> bytes:
    """Each id (and every reference to it) replaced by its rank of first appearance."""
    ids: dict[bytes, bytes] = {}
    for match in ID.finditer(svg):
        ids.setdefault(match[1], b"id%d" % len(ids))
    if not ids:
        return svg
    pattern = re.compile(b"|".join(re.escape(key) for key in sorted(ids, key=len, reverse=True)))
    return pattern.sub(lambda m: ids[m[0]], svg)


@pytest.mark.parametrize("stem", list(load_all()))
def test_recoloured_figure_equals_the_figure_drawn_in_each_theme(stem: str) -> None:
    record = compute_walkthrough()
    spec = load_all()[stem]
    files = render_spec(spec, record)
    for layout in spec.layouts:
        base = f"figures/{stem}{layout.suffix}"
        for theme in THEMES:
            direct = render_spec_directly(spec, record, theme, layout)
            recoloured = files[f"{base}{theme.suffix}.svg"]
            assert normalize_ids(recoloured) == normalize_ids(direct), f"{stem} ({theme.name}, {layout.name}) differs"
        assert files[f"{base}.svg"] != files[f"{base}.dark.svg"]


def test_the_id_normalization_can_fail() -> None:
    a = b'<g id="m1"><use xlink:href="#m1" style="fill: #000000"/></g>'
    assert normalize_ids(a) == normalize_ids(a.replace(b"m1", b"m2"))
    assert normalize_ids(a) != normalize_ids(a.replace(b"#000000", b"#000001"))


def test_the_shared_mathtext_cache_changes_no_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """figgen.style shares matplotlib's parsed math between renderers (a speed-up): every file
    of a figure full of math must be byte-identical to the one drawn with matplotlib's own
    per-parser cache."""
    import functools

    from matplotlib.mathtext import MathTextParser

    import figgen.style

    record = compute_walkthrough()
    spec = load_all()["overview2"]  # about 60 distinct expressions, in two layouts
    shared = render_spec(spec, record)
    assert getattr(MathTextParser._parse_cached, "figgen_shared", False), "the shared cache is not in place"

    monkeypatch.setattr(figgen.style, "_enlarge_mathtext_cache", lambda: None)
    monkeypatch.setattr(MathTextParser, "_parse_cached", functools.lru_cache(50)(MathTextParser._parse_cached.__wrapped__))
    assert render_spec(spec, record) == shared

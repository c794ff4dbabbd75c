"""The player's layout and texts, without a browser: scales, ticks, sprite grid, readouts."""

from __future__ import annotations

import re

import numpy as np
import pytest

from figgen.player import (
    PLANE_PIXELS, PLAYER_TEXT, SPRITE_MAX_SIDE, SYMLOG_LINSCALE, SYMLOG_LINTHRESH, accuracy_axis, frame_texts,
    loss_axis, player_html, sprite_grid, step_axis, symlog,
)
from figgen.config import TrainConfig
from figgen.train import train


@pytest.fixture(scope="module")
def run():
    return train(TrainConfig(name="tiny", steps=300, frames=12))


def test_the_step_scale_is_matplotlibs_symlog():
    """The player's curves and the GIF's panels put each step at the same place."""
    from matplotlib.scale import SymmetricalLogScale

    transform = SymmetricalLogScale(None, base=10, linthresh=SYMLOG_LINTHRESH, linscale=SYMLOG_LINSCALE).get_transform()
    steps = np.array([0, 1, 5, 10, 11, 50, 100, 999, 4000, 10**6], dtype=float)
    np.testing.assert_allclose([symlog(s) for s in steps], transform.transform(steps), rtol=1e-12)


@pytest.mark.parametrize("count, grid", [(1, (1, 1)), (2, (2, 1)), (8, (8, 1)), (9, (8, 2)), (40, (8, 5)), (400, (8, 50))])
def test_sprite_grid(count, grid):
    assert sprite_grid(count) == grid
    columns, rows = grid
    assert columns * rows >= count > columns * (rows - 1)


def test_sprite_grid_stays_a_valid_webp_or_says_why():
    most = SPRITE_MAX_SIDE // PLANE_PIXELS
    columns, rows = sprite_grid(most * most)
    assert max(columns, rows) * PLANE_PIXELS <= SPRITE_MAX_SIDE
    with pytest.raises(ValueError, match=rf"frames={most * most + 1} is not valid.*at most {most * most} frames"):
        sprite_grid(most * most + 1)
    with pytest.raises(ValueError, match="frame_count=0 is not valid"):
        sprite_grid(0)


def test_axes_hold_every_value_and_ticks_inside(run):
    acc, loss, steps = accuracy_axis(run), loss_axis(run), step_axis(run)
    for axis, values in ((acc, run.accuracy), (acc, run.heldout_accuracy), (loss, run.loss), (steps, run.step)):
        fractions = [axis.fraction(float(v)) for v in values]
        assert 0 <= min(fractions) and max(fractions) <= 1
        assert all(0 <= axis.fraction(v) <= 1 for v, _ in axis.ticks)
    assert [label for _, label in steps.ticks] == ["0", "10", "100"]
    assert acc.ticks[-1] == (1.0, "100%")
    values = [v for v, _ in loss.ticks]
    assert values[0] == 0 and 3 <= len(values) <= 9 and len({round(b - a, 12) for a, b in zip(values, values[1:])}) == 1


def test_readouts_are_the_runs_numbers(run):
    texts = frame_texts(run)
    assert len(texts) == len(run.step)
    for i in (0, len(texts) // 2, len(texts) - 1):
        t = texts[i]
        assert t.step == f"{int(run.step[i]):,} of {int(run.step[-1]):,}"
        assert t.accuracy == f"{run.accuracy[i]:.1%}" and t.heldout == f"{run.heldout_accuracy[i]:.1%}"
        assert t.loss == f"{run.loss[i]:.4f}"
        for part in (t.accuracy, t.heldout, t.loss, f"step {int(run.step[i]):,}"):
            assert part in t.valuetext


def test_the_html_is_one_block_with_every_word_from_player_text(run):
    block = player_html(run, 1)
    assert "\n" not in block  # Markdown keeps a raw HTML block whole only without blank lines
    assert block.count("<polyline") == 3 and block.count('data-readout="') == 4
    for key in ("play", "slider", "accuracy_title", "loss_title", "plane_title", "step_axis", "download"):
        assert PLAYER_TEXT[key] in block, key
    # every colour comes from figgen.style, in both palettes
    from figgen.style import DARK, LIGHT

    for theme in (LIGHT, DARK):
        assert f"--figgen-ink-{theme.name}:{theme.text}" in block and f"--figgen-accent-{theme.name}:{theme.accent}" in block
    assert not re.search(r"#[0-9a-fA-F]{6}", block.replace(_style_colours(), ""))  # and no other


def _style_colours() -> str:
    from figgen.player import _colour_style

    return _colour_style()

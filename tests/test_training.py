"""Training runs, the published training.json, and the animations built from them."""

from __future__ import annotations

import dataclasses
import io
import json
import math
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image

from figgen.config import ARTICLE_RUNS, ConfigError, DataConfig, NetworkConfig, TrainConfig
from figgen.network import accuracy, forward, make_xor_data
from figgen.train import (
    WEIGHT_LIMIT,
    Diverged,
    DivergenceError,
    TrainResult,
    accuracy_path,
    alt_text,
    caption,
    frame_steps,
    run_to_json,
    train,
    try_train,
)

RUN_NAMES = ("hidden3", "hidden50", "hidden50_nobias")
THRESHOLDS = {"hidden3": 0.90, "hidden50": 0.98}


# --- frames and configuration ------------------------------------------------------------


@pytest.mark.parametrize("steps, frames", [(1, 40), (10, 40), (2000, 40), (4000, 40), (20000, 60), (50, 30)])
def test_frame_steps_cover_the_run_densely_early(steps, frames):
    chosen = frame_steps(steps, frames)
    assert len(chosen) == min(frames, steps + 1)
    assert chosen[0] == 0 and chosen[-1] == steps
    assert np.all(np.diff(chosen) >= 1)
    if steps >= 1000:
        # half of the frames show the first tenth of training, where the change is fast
        assert chosen[len(chosen) // 2] < steps / 10


@pytest.mark.parametrize(
    "field, value, fragment",
    [
        ("learning_rate", 0.0, "train.learning_rate=0.0"),
        ("learning_rate", float("nan"), "train.learning_rate=nan"),
        ("reg", -1e-3, "train.reg=-0.001"),
        ("steps", 0, "train.steps=0"),
        ("frames", 1, "train.frames=1"),
        ("name", "Bad Name", "train.name='Bad Name'"),
    ],
)
def test_train_config_rejects_bad_values_by_name(field, value, fragment):
    with pytest.raises(ConfigError) as info:
        TrainConfig(**{field: value})
    assert fragment in str(info.value) and "expected" in str(info.value)


def test_article_runs_have_the_stable_names_and_settings():
    runs = {c.name: c for c in ARTICLE_RUNS}
    assert tuple(runs) == RUN_NAMES
    assert runs["hidden3"].hidden == 3 and runs["hidden3"].reg == 0 and runs["hidden3"].bias
    assert runs["hidden50"].hidden == 50 and runs["hidden50"].reg > 0 and runs["hidden50"].bias
    nobias = runs["hidden50_nobias"]
    assert not nobias.bias
    # the same settings as hidden50 apart from the biases
    assert dataclasses.replace(nobias, name="hidden50", network=runs["hidden50"].network) == runs["hidden50"]
    assert all(c.frames >= 30 for c in ARTICLE_RUNS)


def test_train_module_does_not_import_matplotlib():
    code = "import sys, figgen.train; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --- training -----------------------------------------------------------------------------

SMALL = TrainConfig(name="small", network=NetworkConfig(hidden=4), learning_rate=5.0, reg=0.01, steps=200, frames=30)


def test_history_is_the_network_evaluated_at_each_frame():
    run = train(SMALL)
    X, y = make_xor_data(SMALL.data)
    assert len(run.params) == len(run.step) == len(run.loss) == len(run.accuracy) == 30
    for i in (0, 7, len(run.step) - 1):
        assert run.loss[i] == forward(run.params[i], X, y, SMALL.reg).loss
        assert run.accuracy[i] == accuracy(run.params[i], X, y)
    assert run.loss[-1] < run.loss[0]  # it learns


def test_heldout_accuracy_is_measured_on_fresh_points_never_trained_on():
    run = train(SMALL)
    X, y = make_xor_data(SMALL.data)
    X_new, y_new = make_xor_data(SMALL.heldout)
    assert len(run.heldout_accuracy) == len(run.step)
    assert not np.isin(X_new[:, 0], X[:, 0]).any()  # no training point among them
    for i in (0, 11, len(run.step) - 1):
        assert run.heldout_accuracy[i] == accuracy(run.params[i], X_new, y_new)
    assert run.final_heldout_accuracy == run.heldout_accuracy[-1]


def test_heldout_seed_must_differ_from_the_training_seed():
    with pytest.raises(ConfigError, match=r"train\.heldout\.seed=0 .*train\.data\.seed=0"):
        TrainConfig(heldout=DataConfig(n_points=100, seed=0))


def test_training_is_deterministic_and_calls_on_step_every_step():
    seen: list[int] = []
    first = train(SMALL, on_step=seen.append)
    second = train(SMALL)
    assert seen == list(range(1, SMALL.steps + 1))
    np.testing.assert_array_equal(first.final_params.W1, second.final_params.W1)


def test_without_bias_the_biases_stay_zero():
    run = train(dataclasses.replace(SMALL, network=NetworkConfig(hidden=4, bias=False)))
    assert not np.any(run.final_params.b1) and not np.any(run.final_params.b2)
    assert np.any(run.final_params.W1 != run.params[0].W1)


def test_a_divergence_caused_by_the_penalty_names_the_penalty_and_its_step():
    # learning_rate * reg / N = 1000 * 1 / 300 > 2: each step flips the weights and grows them
    config = dataclasses.replace(SMALL, learning_rate=1000.0, reg=1.0, steps=500)
    with pytest.raises(DivergenceError) as info:
        train(config)
    assert 1 <= info.value.step <= 500
    message = str(info.value)
    assert f"step {info.value.step}" in message
    assert "1000 x 1 / 300 = 3.33" in message and "use reg below 0.6" in message
    assert "smaller learning rate" not in message
    # caught by the weights leaving the sane range, before the loss overflows
    assert math.isfinite(info.value.loss) and info.value.weight > WEIGHT_LIMIT
    assert "a weight reached" in message


def test_a_divergence_with_a_small_penalty_step_blames_the_learning_rate():
    message = str(DivergenceError(7, float("nan"), 2.0, 50.0, 0.0, 300, "x"))
    assert "diverged at step 7: the loss is nan" in message and "smaller learning rate than 50 (for example 5)" in message


def test_caption_takes_every_number_from_the_run():
    run = train(SMALL)
    text = caption(run)
    for part in ("4 hidden units", "full-batch gradient descent", "learning rate 5", "\u03bb = 0.01", "200 steps",
                 f"{run.final_accuracy:.1%} on the training points",
                 f"{run.final_heldout_accuracy:.1%} on 10,000 fresh points"):
        assert part in text
    alt = alt_text(run)
    for part in ("200 training steps", "4 hidden units with biases", f"{run.final_accuracy:.1%}", f"{run.final_loss:.4f}",
                 f"fresh points is {run.final_heldout_accuracy:.1%}"):
        assert part in alt


def _run_with_accuracy(accuracies: list[float]) -> TrainResult:
    """A TrainResult whose frames have these training accuracies (the rest is filler)."""
    frames = len(accuracies)
    params = train(dataclasses.replace(SMALL, steps=1, frames=2)).params[0]
    return TrainResult(
        config=dataclasses.replace(SMALL, steps=10 * (frames - 1), frames=frames),
        step=np.arange(frames) * 10, loss=np.linspace(0.3, 0.1, frames), accuracy=np.array(accuracies),
        heldout_accuracy=np.array(accuracies) - 0.05, params=(params,) * frames,
    )


@pytest.mark.parametrize(
    "accuracies, kind, peak, low",
    [
        ([0.5, 0.6, 0.7, 0.8], "steady", 0.8, 0.8),
        ([0.5, 0.68, 0.68, 0.58], "peak", 0.68, 0.58),  # the no-bias run's shape: a peak, then a fall
        ([0.5, 0.91, 0.867, 0.917], "dip", 0.91, 0.867),  # the 3-unit run's shape: a dip, then more
        ([0.5, 0.7, 0.69, 0.8], "steady", 0.8, 0.8),  # a fall of 1 point is not worth telling
    ],
)
def test_the_alt_text_tells_a_peak_or_a_dip(accuracies, kind, peak, low):
    """The alt text must not hide a peak the run falls from (issue 10: the no-bias run's
    68% peak), nor a dip on the way."""
    run = _run_with_accuracy(accuracies)
    path = accuracy_path(run)
    assert (path.kind, path.peak, path.low) == (kind, peak, low)
    alt = alt_text(run)
    assert f"{peak:.1%}" in alt and f"{accuracies[-1]:.1%}" in alt
    if kind != "steady":
        assert f"{low:.1%}" in alt and f"step {path.peak_step:,}" in alt


def test_adam_is_an_optimizer_setting_and_takes_steps_of_the_learning_rate():
    with pytest.raises(ConfigError, match=r"train\.optimizer='sgd' is not valid: expected one of 'gd', 'adam'"):
        TrainConfig(optimizer="sgd")
    adam = dataclasses.replace(SMALL, optimizer="adam", learning_rate=0.01, steps=1, frames=2)
    first, after = train(adam).params
    # Adam's first step is learning_rate * g / |g| per entry: the learning rate, in every entry
    for name in ("W1", "b1", "W2", "b2"):
        np.testing.assert_allclose(np.abs(getattr(after, name) - getattr(first, name)), 0.01, rtol=1e-3)  # eps = 1e-8 against |g| >= 1e-5
    run = train(dataclasses.replace(adam, steps=300, frames=5))
    assert run.final_loss < run.loss[0]
    assert "Adam (full batch)" in caption(run) and run_to_json(run)["optimizer"] == "adam"


def test_a_diverging_run_can_be_kept_as_a_value():
    config = dataclasses.replace(SMALL, learning_rate=1000.0, reg=1.0, steps=500)  # lr reg / N = 3.3 > 2
    result = try_train(config)
    assert isinstance(result, Diverged) and 1 <= result.step <= 500
    assert isinstance(try_train(SMALL), TrainResult)


# --- the published site ---------------------------------------------------------------------


def _independent_scores(entry: dict, seed: str = "data_seed", points: str = "n_points") -> tuple[float, float]:
    """Accuracy and loss recomputed from the published weights, without figgen.network."""
    rng = np.random.RandomState(entry[seed])
    X = rng.randn(entry[points], 2)
    label = ((X[:, 0] > 0) != (X[:, 1] > 0)).astype(int)
    W1, b1, W2, b2 = (np.array(entry[k]) for k in ("W1", "b1", "W2", "b2"))
    h1 = 1 / (1 + np.exp(-(X @ W1 + b1)))
    h2 = 1 / (1 + np.exp(-(h1 @ W2 + b2)))
    target = np.eye(2)[label]
    n = len(X)
    loss = np.sum((target - h2) ** 2) / (2 * n) + entry["reg"] / (2 * n) * (np.sum(W1**2) + np.sum(W2**2))
    return float(np.mean(np.argmax(h2, axis=1) == label)), float(loss)


def test_published_accuracies_match_the_published_weights(built_site):
    runs = json.loads((built_site / "data" / "training.json").read_text())
    assert [r["name"] for r in runs] == list(RUN_NAMES)
    for entry in runs:
        acc, loss = _independent_scores(entry)
        assert entry["final_accuracy"] == acc, entry["name"]
        assert entry["final_loss"] == pytest.approx(loss, rel=1e-9), entry["name"]
        history = entry["history"]
        assert len(history["step"]) == len(history["loss"]) == len(history["accuracy"]) >= 30
        assert history["step"][0] == 0 and history["step"][-1] == entry["steps"]
        assert history["accuracy"][-1] == entry["final_accuracy"]
        heldout, _ = _independent_scores(entry, "heldout_seed", "heldout_points")
        assert entry["final_heldout_accuracy"] == heldout == history["heldout_accuracy"][-1], entry["name"]
        assert np.shape(entry["W1"]) == (2, entry["hidden"]) and np.shape(entry["W2"]) == (entry["hidden"], 2)
        if not entry["bias"]:
            assert not np.any(entry["b1"]) and not np.any(entry["b2"])
    for name, minimum in THRESHOLDS.items():
        entry = next(r for r in runs if r["name"] == name)
        assert entry["final_accuracy"] >= minimum, name


def _frames(data: bytes) -> tuple[list[np.ndarray], dict]:
    image = Image.open(io.BytesIO(data))
    info = dict(image.info)
    frames = []
    for i in range(image.n_frames):
        image.seek(i)
        frames.append(np.array(image.convert("RGB")))
    return frames, info


@pytest.mark.parametrize("name", RUN_NAMES)
def test_published_animations_loop_have_frames_and_fit(built_site, name):
    folder = built_site / "animations"
    light, dark = (folder / f"{name}.gif").read_bytes(), (folder / f"{name}.dark.gif").read_bytes()
    light_frames, light_info = _frames(light)
    dark_frames, dark_info = _frames(dark)
    for data, frames, info in ((light, light_frames, light_info), (dark, dark_frames, dark_info)):
        assert len(data) <= 1_000_000
        assert len(frames) >= 30
        assert info.get("loop") == 0  # forever
        assert frames[0].shape[1] >= 700  # readable at the article's width
    assert len(light_frames) == len(dark_frames)
    # light on a light page, dark on a dark one (the corner is page background)
    assert light_frames[0][2, 2].mean() > 200 and dark_frames[0][2, 2].mean() < 60
    # the player's sprite sheets: lossless WebP, one PLANE_PIXELS cell per frame, row by row
    from figgen.player import PLANE_PIXELS, sprite_grid

    columns, rows = sprite_grid(len(light_frames))
    sheets = {}
    for suffix in ("", ".dark"):
        with Image.open(folder / f"{name}.plane{suffix}.webp") as sheet:
            assert sheet.format == "WEBP" and sheet.info.get("lossless", True)
            assert sheet.size == (columns * PLANE_PIXELS, rows * PLANE_PIXELS)
            sheets[suffix] = np.array(sheet.convert("RGB"))
    light_sheet, dark_sheet = sheets[""], sheets[".dark"]
    assert light_sheet.mean() > 170 and dark_sheet.mean() < 90  # pale tints on white, dark ones on slate
    # one drawing, two palettes: each light colour is exactly one dark colour, everywhere
    pairs = np.unique(np.hstack([light_sheet.reshape(-1, 3), dark_sheet.reshape(-1, 3)]), axis=0)
    assert len(pairs) == len(np.unique(light_sheet.reshape(-1, 3), axis=0)) > 10
    # frames differ (the boundary moves) and each cell's border is one colour on every side
    first, last = (light_sheet[:PLANE_PIXELS, :PLANE_PIXELS],
                   light_sheet[(rows - 1) * PLANE_PIXELS:, :][:, ((len(light_frames) - 1) % columns) * PLANE_PIXELS:][:PLANE_PIXELS, :PLANE_PIXELS])
    assert not np.array_equal(first, last)
    for cell in (first, last):
        edge = np.concatenate([cell[0], cell[-1], cell[:, 0], cell[:, -1]])
        assert len(np.unique(edge, axis=0)) == 1

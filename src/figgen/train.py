"""Full-batch gradient descent on the XOR data, recorded for the training animations. numpy only.

`train(config)` runs figgen.network's forward, backward and update (gradient descent, or Adam)
on all N points for `config.steps` steps and keeps, at each animation frame, the step, the
loss, the training accuracy, the accuracy on fresh held-out points and the parameters (the
frame's decision boundary is drawn from them). The three runs the article animates are
`figgen.config.ARTICLE_RUNS`; `training_to_json` is what the site publishes as
``data/training.json``; `caption` and `alt_text` are the texts of each animation, from the
templates in `SENTENCES`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

import numpy as np

from figgen.config import TrainConfig
from figgen.i18n import localized
from figgen.network import (
    Params,
    accuracy,
    adam_start,
    adam_update,
    backward,
    forward,
    init_params,
    make_xor_data,
    update,
)

# How each optimizer (figgen.config.OPTIMIZERS) is named in the captions.
OPTIMIZER_NAMES: Mapping[str, str] = localized("train.optimizers", {
    "gd": "full-batch gradient descent",
    "adam": "Adam (full batch)",
})

# Every sentence this module writes, as a template (a Spanish edition translates these).
SENTENCES: Mapping[str, str] = localized("train", {
    "caption": (
        "{hidden} {units} {bias}, {optimizer}, learning rate {learning_rate}, \u03bb = {reg}, "
        "{steps:,} steps on {points} points: final accuracy {accuracy:.1%} on the training points, "
        "{heldout:.1%} on {heldout_points:,} fresh points."
    ),
    "alt": (
        "Animation of {steps:,} training steps of a network with {hidden} {units} {bias}. "
        "Left: the training accuracy {path}; at the end, the accuracy on {heldout_points:,} fresh "
        "points is {heldout:.1%}. Middle: the input plane coloured by the class the network "
        "predicts, with the training points on top. Right: the loss goes from {first_loss:.4f} "
        "to {final_loss:.4f}."
    ),
    "unit": "hidden unit",
    "units": "hidden units",
    "with_biases": "with biases",
    "without_biases": "without biases",
    # the accuracy's course over the frames, by AccuracyPath.kind
    "path.steady": "goes from {start:.1%} to {final:.1%}",
    "path.peak": "rises from {start:.1%} to {peak:.1%} by step {peak_step:,}, then falls to {final:.1%}",
    "path.dip": (
        "goes from {start:.1%} to {peak:.1%} by step {peak_step:,}, dips to {low:.1%} at step "
        "{low_step:,}, and ends at {final:.1%}"
    ),
})
# A fall in accuracy counts (as a peak or a dip worth telling) from 2 percentage points on:
# a few of the 300 points, more than one point changing sides.
NOTABLE_DROP = 0.02

WEIGHT_LIMIT = 1e6  # |w| beyond this is divergence: every sigmoid is saturated, nothing is learned


class DivergenceError(ArithmeticError):
    """A run left the sane range: its loss is NaN or infinite, or a weight passed WEIGHT_LIMIT.

    `step` is the first step where it did. The message names the likely cause: the L2
    penalty when its own step learning_rate * reg / N reaches 2 (each step then flips the
    weights' sign and grows them), else the learning rate.
    """

    def __init__(self, step: int, loss: float, weight: float, learning_rate: float, reg: float, n_points: int,
                 name: str = "") -> None:
        self.step, self.loss, self.weight = step, loss, weight
        self.learning_rate, self.reg, self.n_points, self.name = learning_rate, reg, n_points, name
        run = f" run {name!r}" if name else ""
        what = f"the loss is {loss}" if not math.isfinite(loss) else f"a weight reached {weight:.3g}"
        shrink = learning_rate * reg / n_points
        if shrink >= 2:
            advice = (
                f"the L2 penalty's own step, learning rate x reg / N = {learning_rate:g} x {reg:g} / {n_points} = "
                f"{shrink:.3g}, is 2 or more, so each step flips the weights' sign and grows them; use reg below "
                f"{2 * n_points / learning_rate:.3g} (or a learning rate below {2 * n_points / reg:.3g})"
            )
        else:
            advice = f"try a smaller learning rate than {learning_rate:g} (for example {learning_rate / 10:g})"
        super().__init__(f"training{run} diverged at step {step}: {what}; {advice}")

    def __reduce__(self) -> tuple[type, tuple[Any, ...]]:
        # A build trains on worker processes; the error must cross back intact (pickle would
        # otherwise call __init__ with the message alone, and the pool reports a broken worker).
        return (type(self), (self.step, self.loss, self.weight, self.learning_rate, self.reg, self.n_points, self.name))


@dataclass(frozen=True)
class TrainResult:
    """A finished run, sampled at the animation's frames.

    F frames; frame i shows the network after `step[i]` updates (step[0] = 0, the initial
    weights; step[-1] = config.steps).
    """

    config: TrainConfig
    step: np.ndarray  # (F,) int, increasing
    loss: np.ndarray  # (F,) loss (with the L2 penalty) at each frame's step
    accuracy: np.ndarray  # (F,) training accuracy on all N points at each frame's step
    heldout_accuracy: np.ndarray  # (F,) accuracy on the config.heldout points, never trained on
    params: tuple[Params, ...]  # F parameter sets, one per frame

    @property
    def final_params(self) -> Params:
        """The weights after the last step."""
        return self.params[-1]

    @property
    def final_loss(self) -> float:
        return float(self.loss[-1])

    @property
    def final_accuracy(self) -> float:
        return float(self.accuracy[-1])

    @property
    def final_heldout_accuracy(self) -> float:
        return float(self.heldout_accuracy[-1])


def frame_steps(steps: int, frames: int) -> np.ndarray:
    """min(frames, steps + 1) distinct steps from 0 to `steps`, dense early and sparse late.

    Steps follow s(t) = a ((1 + steps/a)^t - 1) for t evenly spaced in [0, 1], with
    a = steps/100: nearly even over the first ~1% of training, geometric after it, so both
    the quick early change and the slow late one get frames. Returns (F,) int64.
    """
    count = min(frames, steps + 1)
    a = max(steps / 100, 1.0)
    t = np.linspace(0.0, 1.0, count)
    ideal = a * ((1 + steps / a) ** t - 1)
    chosen = np.empty(count, dtype=np.int64)
    previous = -1
    for i, value in enumerate(ideal):
        # at least one step after the previous frame, and room left for the frames after it
        chosen[i] = min(max(int(round(value)), previous + 1), steps - (count - 1 - i))
        previous = chosen[i]
    return chosen


def train(config: TrainConfig, on_step: Callable[[int], None] | None = None) -> TrainResult:
    """Run `config.steps` full-batch gradient-descent steps and sample them at the frames.

    `on_step(step)` is called after each step (for a progress bar). Raises DivergenceError
    at the first step whose loss is NaN or infinite or whose weights pass WEIGHT_LIMIT.
    """
    X, y = make_xor_data(config.data)  # (N, 2), (N, 2)
    X_heldout, y_heldout = make_xor_data(config.heldout)  # (M, 2), (M, 2)
    params = init_params(config.network)
    adam = adam_start(params) if config.optimizer == "adam" else None
    wanted = frame_steps(config.steps, config.frames)
    losses: list[float] = []
    accuracies: list[float] = []
    heldout: list[float] = []
    snapshots: list[Params] = []
    next_frame = 0
    # Overflow on the way to a divergence is expected; it is reported as a DivergenceError.
    with np.errstate(over="ignore", invalid="ignore"):
        for step in range(config.steps + 1):
            fwd = forward(params, X, y, config.reg)
            weight = max(float(np.max(np.abs(params.W1))), float(np.max(np.abs(params.W2))))
            if not (math.isfinite(fwd.loss) and weight <= WEIGHT_LIMIT):
                raise DivergenceError(
                    step, fwd.loss, weight, config.learning_rate, config.reg, config.data.n_points, config.name
                )
            if step == wanted[next_frame]:
                losses.append(fwd.loss)
                accuracies.append(accuracy(params, X, y))
                heldout.append(accuracy(params, X_heldout, y_heldout))
                snapshots.append(params)
                next_frame += 1
            if step == config.steps:
                break
            grads = backward(params, fwd, config.reg)
            if adam is None:
                params = update(params, grads, config.learning_rate, config.bias)
            else:
                params, adam = adam_update(params, grads, adam, config.learning_rate, config.bias)
            if on_step is not None:
                on_step(step + 1)
    return TrainResult(
        config=config,
        step=wanted,
        loss=np.array(losses),
        accuracy=np.array(accuracies),
        heldout_accuracy=np.array(heldout),
        params=tuple(snapshots),
    )


@dataclass(frozen=True)
class Overflow:
    """How a diverging run reaches infinity and NaN when nothing stops it (`run_unguarded`).

    Steps are None when the run never got there. `nan_in` names the first value of the
    forward pass, the backward pass or the update that held a NaN while its inputs did not.
    When that value is a weighted sum (z1 = X W1 + b1, z2 = h1 W2 + b2), `arithmetic` says
    which operation made the NaN: "zero_times_infinity" (a saturated unit's output of exactly
    0 times an infinite weight) or "infinity_minus_infinity" (infinite products of both
    signs in one sum); None otherwise.
    """

    infinite_loss_step: int | None  # the first step whose loss is infinite
    infinite_weight_step: int | None  # the first step with an infinite weight
    nan_step: int | None  # the first step where a NaN appeared
    nan_in: str | None  # where: "z2", "dL_dW1", "W1", ...
    arithmetic: str | None


def run_unguarded(config: TrainConfig) -> Overflow:
    """`config` trained without the divergence checks of `train` (no WEIGHT_LIMIT, no stop at
    an infinite loss) until the first NaN or `config.steps` steps: what the page says about a
    run that nothing stops is this run's result, not a guess."""
    X, y = make_xor_data(config.data)
    params = init_params(config.network)
    infinite_loss = infinite_weight = None

    def has_nan(*arrays: Any) -> bool:
        return any(np.isnan(np.asarray(a)).any() for a in arrays)

    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for step in range(config.steps + 1):
            weights = (params.W1, params.W2)
            if infinite_weight is None and any(np.isinf(w).any() for w in weights):
                infinite_weight = step
            fwd = forward(params, X, y, config.reg)
            if infinite_loss is None and np.isinf(fwd.loss):
                infinite_loss = step
            stages = [("z1", fwd.z1, (X, params.W1, params.b1)), ("h1", fwd.h1, (fwd.z1,)),
                      ("z2", fwd.z2, (fwd.h1, params.W2, params.b2)), ("h2", fwd.h2, (fwd.z2,)),
                      ("loss", fwd.loss, (fwd.h2, params.W1, params.W2))]
            grads = backward(params, fwd, config.reg) if step < config.steps else None
            if grads is not None:
                stages += [(name, getattr(grads, name), ()) for name in
                           ("dL_dz2", "dL_dW2", "dL_db2", "dL_dh1", "dL_dz1", "dL_dW1", "dL_db1")]
            for name, value, inputs in stages:
                if has_nan(value) and not (inputs and has_nan(*inputs)):
                    return Overflow(infinite_loss, infinite_weight, step, name, _nan_arithmetic(name, inputs))
            if grads is None:
                break
            params = update(params, grads, config.learning_rate, config.bias)
            for name in ("W1", "b1", "W2", "b2"):
                if has_nan(getattr(params, name)):
                    return Overflow(infinite_loss, infinite_weight, step + 1, name, None)
    return Overflow(infinite_loss, infinite_weight, None, None, None)


def _nan_arithmetic(name: str, inputs: tuple[Any, ...]) -> str | None:
    """Which operation of the weighted sum `name` (inputs: the layer's input, weights, bias)
    produced its NaN: a product 0 times infinity, or a sum of infinities of both signs."""
    if name not in ("z1", "z2"):
        return None
    a, W, _ = inputs
    products = np.asarray(a)[:, :, None] * np.asarray(W)[None, :, :]  # (N, inputs, units)
    if np.isnan(products).any():
        return "zero_times_infinity"
    if np.any(np.isposinf(products).any(axis=1) & np.isneginf(products).any(axis=1)):
        return "infinity_minus_infinity"
    return None


@dataclass(frozen=True)
class Diverged:
    """A run that diverged, kept as a value (a cached value cannot be an exception)."""

    step: int  # the first step where it left the sane range (DivergenceError.step)
    loss: float  # the loss there: NaN or infinite, or finite when a weight passed WEIGHT_LIMIT first
    weight: float  # the largest weight magnitude there
    message: str  # what DivergenceError said


def try_train(config: TrainConfig) -> TrainResult | Diverged:
    """`train(config)`, or how it diverged: for a run quoted *because* it diverges
    (figgen.claims), which a cached value may not raise."""
    try:
        return train(config)
    except DivergenceError as exc:
        return Diverged(step=exc.step, loss=float(exc.loss), weight=float(exc.weight), message=str(exc))


def _number(value: float) -> str:
    """A hyperparameter as a reader would write it: 10, 5, 0.01, 1e-05."""
    return f"{value:g}"


@dataclass(frozen=True)
class AccuracyPath:
    """The course of a run's training accuracy over its frames, as the alt text tells it.

    kind is "peak" when the accuracy ends NOTABLE_DROP or more below its highest frame,
    "dip" when it falls that much on the way and recovers, else "steady". For a dip, peak
    and low are the frames around the largest fall (the first frame of each, on ties).
    """

    kind: str
    start: float  # accuracy at step 0
    peak: float  # the highest accuracy ("peak"), or the one before the largest fall ("dip")
    peak_step: int
    low: float  # the lowest accuracy after `peak` ("dip"); else the final one
    low_step: int
    final: float

    def text(self) -> str:
        """The accuracy's course in words, from SENTENCES."""
        return SENTENCES[f"path.{self.kind}"].format(**vars(self))


def accuracy_path(run: TrainResult) -> AccuracyPath:
    """How the training accuracy went, frame by frame: a peak, a dip, or neither."""
    acc, step = run.accuracy, run.step
    top = int(np.argmax(acc))  # the first frame at the highest accuracy
    final = float(acc[-1])
    if acc[top] - final >= NOTABLE_DROP:
        return AccuracyPath("peak", float(acc[0]), float(acc[top]), int(step[top]), final, int(step[-1]), final)
    running_top = np.maximum.accumulate(acc)  # (F,) the best accuracy up to each frame
    fall = running_top - acc  # (F,) how far each frame is below the best before it
    low = int(np.argmax(fall))
    if fall[low] >= NOTABLE_DROP:
        high = int(np.argmax(acc[: low + 1]))
        return AccuracyPath("dip", float(acc[0]), float(acc[high]), int(step[high]), float(acc[low]), int(step[low]), final)
    return AccuracyPath("steady", float(acc[0]), float(acc[top]), int(step[top]), final, int(step[-1]), final)


def _fields(run: TrainResult) -> dict[str, Any]:
    """The numbers and words the caption and the alt text fill in."""
    c = run.config
    return {
        "hidden": c.hidden,
        "units": SENTENCES["unit" if c.hidden == 1 else "units"],
        "bias": SENTENCES["with_biases" if c.bias else "without_biases"],
        "optimizer": OPTIMIZER_NAMES[c.optimizer],
        "learning_rate": _number(c.learning_rate),
        "reg": _number(c.reg),
        "steps": c.steps,
        "points": c.data.n_points,
        "accuracy": run.final_accuracy,
        "heldout": run.final_heldout_accuracy,
        "heldout_points": c.heldout.n_points,
        "first_loss": float(run.loss[0]),
        "final_loss": run.final_loss,
    }


def caption(run: TrainResult) -> str:
    """The text under a run's animation; every number comes from the run."""
    return SENTENCES["caption"].format(**_fields(run))


def alt_text(run: TrainResult) -> str:
    """What a reader who cannot see the animation should know, with the run's numbers: the
    accuracy's peak or dip included (accuracy_path), not only where it starts and ends."""
    return SENTENCES["alt"].format(**_fields(run), path=accuracy_path(run).text())


def run_to_json(run: TrainResult) -> dict[str, Any]:
    """One entry of data/training.json; floats at full precision, weights as nested lists."""
    c = run.config
    final = run.final_params
    return {
        "name": c.name,
        "hidden": c.hidden,
        "learning_rate": c.learning_rate,
        "reg": c.reg,
        "steps": c.steps,
        "optimizer": c.optimizer,
        "bias": c.bias,
        "data_seed": c.data.seed,
        "n_points": c.data.n_points,
        "weight_seed": c.network.weight_seed,
        "final_accuracy": run.final_accuracy,
        "final_loss": run.final_loss,
        "heldout_points": c.heldout.n_points,
        "heldout_seed": c.heldout.seed,
        "final_heldout_accuracy": run.final_heldout_accuracy,
        "history": {
            "step": [int(s) for s in run.step],
            "loss": [float(v) for v in run.loss],
            "accuracy": [float(v) for v in run.accuracy],
            "heldout_accuracy": [float(v) for v in run.heldout_accuracy],
        },
        "W1": final.W1.tolist(),
        "b1": final.b1.tolist(),
        "W2": final.W2.tolist(),
        "b2": final.b2.tolist(),
    }


def training_to_json(runs: Sequence[TrainResult]) -> list[dict[str, Any]]:
    """data/training.json: a list of runs, see `run_to_json`."""
    return [run_to_json(run) for run in runs]


def training_json_file(*runs: TrainResult) -> dict[str, bytes]:
    """{"data/training.json": bytes} for the site: the runs, in the order given."""
    from figgen.jsondata import json_bytes

    return {"data/training.json": json_bytes(training_to_json(runs))}

"""The article's claims: every sentence whose truth depends on a computed result, with its check.

`REGISTRY` holds one `Claim` per such sentence, in page order: a stable id (the Markdown
writes ``{{ claims.<id> }}``), the section it is in, the sentence's variants as templates,
and a check that reads the evidence (the worked example, the gradient check, the article's
training runs and the runs it quotes) and returns a `Verdict`: which variant is true, with
the numbers that fill it in. When no variant is true, `evaluate` raises `ClaimError`, one
line quoting the claim and the numbers that contradict it, and the build stops: the page
never shows a false sentence.

The build evaluates the registry once (the unit ``data/claims.json`` in figgen.build, which
also publishes every verdict with its numbers); the build-times page lists them, and the
prose takes its sentences from the same evaluation. The runs the page quotes without
animating them (Adam on the 3-unit network, the 50-unit network without its penalty, the
no-bias network at a larger learning rate, and the commands of "Experiment yourself") are
defined here, derived from the article's runs, and trained and cached like them. numpy only.

The templates are English; a Spanish edition translates the variants here and nothing else.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import string
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Mapping, Sequence

import numpy as np

from figgen.config import ConfigError, NetworkConfig, TrainConfig, WalkthroughConfig
from figgen.facts import Facts, collect_facts
from figgen.gradcheck import GradientCheck
from figgen.i18n import localized, table, tr
from figgen.network import accuracy, init_params, make_xor_data, sigmoid, sigmoid_prime
from figgen.prose import format_number
from figgen.train import NOTABLE_DROP, AccuracyPath, Diverged, TrainResult, accuracy_path
from figgen.walkthrough import Walkthrough

CLAIMS_FILE = "data/claims.json"

# The original article's code, as ../shared/errata.md reads it: what "as in the original"
# compares with, and the numbers of the errata section.
ORIGINAL: dict[str, Any] = {
    "learning_rate": 1e-3,  # its update W -= 1e-3 dW
    "points": 300,  # RandomState(0).randn(300, 2)
    "batch_points": 50,  # N = 50: each step uses rows [:50] only
    "hidden_code": 10,  # hidden units in its code
    "hidden_text": 3,  # hidden units in its text and figures
}

# -- thresholds: what the words mean, in numbers -----------------------------------------
BARELY = 0.01  # "barely move": no parameter changes by 1% of the largest weight
FIRST_ORDER = 0.05  # the first-order estimate "matches" within 5% of the real change
FAR_LARGER = 100.0  # "far larger" learning rates: at least 100 times the worked example's
NEAR_MAX_SLOPE = 0.2  # an average sigmoid slope "near its largest" (1/4): at least 0.2
ROUNDING = 1e-7  # relative errors below this come from rounding (float64 and a 1e-6 step)
HARDLY = 0.1  # the loss "hardly moves": it changes by less than 10% of its start
SAME = 0.01  # accuracies "the same" when within 1 percentage point
FAR_BELOW = 0.05  # "far below" the cap: 5 percentage points or more
FITS_TRAIN, FITS_HELDOUT = 0.95, 0.90  # the boundary "follows both axes": accuracies at least these
WORSE = 0.10  # an experiment shows its symptom: 10 percentage points under the first command
NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
# The words a check puts into its sentence's numbers (a number's name, a direction), by the
# language of the page: WORDS["fall"].
WORDS: Mapping[str, str] = localized("claims.words", {
    **{str(n): word for n, word in enumerate(NUMBER_WORDS)},
    "fall": "fall", "rise": "rise", "raise": "raise", "lower": "lower", "and": "and", "infinite": "infinite",
})

# -- runs the page quotes, derived from the article's runs --------------------------------
ADAM_LEARNING_RATE = 0.02  # Adam's step for the 3-unit network (0.05 and 0.1 end lower, measured)
ADAM_STEPS = 3  # Adam gets 3 times the steps of the animated run (12,000 for 4,000)
FASTER = 5.0  # the no-bias network again at 5 times its learning rate (10 for 2)
QUOTED_FRAMES = 2  # only the start and the end are quoted: no held-out scoring in between

# The run names the claims read, and the quoted runs derived from them.
HIDDEN3, HIDDEN50, NOBIAS = "hidden3", "hidden50", "hidden50_nobias"
HIDDEN3_ADAM, HIDDEN50_NO_PENALTY, NOBIAS_FASTER = "hidden3-adam", "hidden50-no-penalty", "hidden50_nobias-faster"


def quoted_configs(training: Sequence[TrainConfig]) -> dict[str, TrainConfig]:
    """The runs the page quotes without animating them, each derived from an article run
    (absent when that run is): same network, data and starting weights, one change."""
    runs = {c.name: c for c in training}
    out: dict[str, TrainConfig] = {}
    if HIDDEN3 in runs:  # the same 3 units, another optimizer: is gradient descent slow, or 3 units too few?
        c = runs[HIDDEN3]
        out[HIDDEN3_ADAM] = dataclasses.replace(
            c, name=HIDDEN3_ADAM, optimizer="adam", learning_rate=ADAM_LEARNING_RATE,
            steps=ADAM_STEPS * c.steps, frames=QUOTED_FRAMES)
    if HIDDEN50 in runs:  # the same 50 units without the penalty: what does lambda change?
        out[HIDDEN50_NO_PENALTY] = dataclasses.replace(
            runs[HIDDEN50], name=HIDDEN50_NO_PENALTY, reg=0.0, frames=QUOTED_FRAMES)
    if NOBIAS in runs:  # the no-bias network at a larger rate: stuck, or capped?
        c = runs[NOBIAS]
        out[NOBIAS_FASTER] = dataclasses.replace(
            c, name=NOBIAS_FASTER, learning_rate=FASTER * c.learning_rate, frames=QUOTED_FRAMES)
    clash = sorted(set(out) & set(runs))
    if clash:
        raise ConfigError(
            f"training name={clash[0]!r} is not valid: figgen.claims uses it for a quoted run; "
            "expected another name"
        )
    return out


@dataclass(frozen=True)
class Experiment:
    """A `figgen animate` command that "Experiment yourself" suggests, with what it shows."""

    name: str  # the GIF it writes: <name>.gif
    hidden: int = 10
    learning_rate: float = 2.0
    reg: float = 1e-4
    steps: int = 3000
    bias: bool = True

    @property
    def config(self) -> TrainConfig:
        """The run the command trains (figgen.cli's animate builds the same TrainConfig;
        frames only choose what is recorded, not what is computed)."""
        return TrainConfig(
            name=f"experiment-{self.name}", network=NetworkConfig(hidden=self.hidden, bias=self.bias),
            learning_rate=self.learning_rate, reg=self.reg, steps=self.steps, frames=QUOTED_FRAMES,
        )

    @property
    def command(self) -> str:
        """The command line, every option spelled out."""
        bias = "" if self.bias else " --no-bias"
        return (
            f"figgen animate --hidden {self.hidden} --lr {self.learning_rate:g} --reg {self.reg:g} "
            f"--steps {self.steps}{bias} -o {self.name}.gif"
        )


# "Experiment yourself": a first run, then one change per symptom of "Why look inside?".
EXPERIMENTS: dict[str, Experiment] = {
    "run": Experiment("run"),
    "slow": Experiment("slow", learning_rate=0.1),  # 20 times smaller steps
    "diverge": Experiment("diverge", learning_rate=1000.0, reg=1.0),  # alpha lambda / N = 3.3 > 2
    "no_bias": Experiment("no-bias", bias=False),
}


# -- the evidence and the verdicts ---------------------------------------------------------


class ClaimError(ConfigError):
    """A claim of the page is false for these settings: one line quoting it and the numbers.

    A ConfigError: the settings made it false, and like a bad setting it stops the build with
    one line (figgen build exits with status 2)."""

    def __init__(self, claim_id: str, quote: str, problem: str) -> None:
        self.claim_id = claim_id
        self.quote = quote
        self.problem = problem
        super().__init__(f"claim {claim_id!r} is false for these settings: \"{quote}\" but {problem}")

    def __reduce__(self) -> tuple[type, tuple[str, str, str]]:
        # the claims unit may run on a worker process; the error must cross back as itself
        return (type(self), (self.claim_id, self.quote, self.problem))


class MissingRun(KeyError):
    """A claim reads a run the settings do not define."""


@dataclass(frozen=True)
class Evidence:
    """Everything the checks read."""

    record: Walkthrough  # the worked example
    gradcheck: GradientCheck  # its gradient check
    runs: Mapping[str, TrainResult]  # the article's runs (settings.training), by name
    quoted: Mapping[str, TrainResult]  # quoted_configs(...) by name
    experiments: Mapping[str, TrainResult | Diverged]  # EXPERIMENTS by key

    @functools.cached_property
    def facts(self) -> Facts:
        return collect_facts(self.record)

    def run(self, name: str) -> TrainResult:
        if name not in self.runs:
            raise MissingRun(f"training run {name!r}, which the settings do not define (runs: {', '.join(self.runs)})")
        return self.runs[name]

    def quote(self, name: str) -> TrainResult:
        if name not in self.quoted:
            raise MissingRun(f"the quoted run {name!r}")
        return self.quoted[name]


@dataclass(frozen=True)
class Verdict:
    """What a check found: the true variant (None: no variant is true) and its numbers."""

    variant: str | None
    numbers: dict[str, Any]  # the template's fields, and the evidence behind them
    problem: str = ""  # when no variant is true: the numbers that contradict the claim


def holds(variant: str, **numbers: Any) -> Verdict:
    return Verdict(variant, numbers)


def refuted(problem: str, **numbers: Any) -> Verdict:
    return Verdict(None, numbers, problem)


class _Blanks(dict):
    """Leaves a field the numbers lack as {name} when a refuted claim is quoted."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@dataclass(frozen=True)
class Claim:
    """A sentence of the page that depends on a computed result, and how it is checked."""

    id: str  # stable; the Markdown writes {{ claims.<id> }}
    section: str  # the anchor of the section it is in
    variants: dict[str, str]  # variant name -> template (str.format fields from the numbers)
    check: Callable[[Evidence], Verdict]

    def sentence(self, verdict: Verdict) -> str:
        """The true variant, filled in."""
        assert verdict.variant is not None
        return tr("claims", f"{self.id}.{verdict.variant}").format(**verdict.numbers)

    def quote(self, verdict: Verdict) -> str:
        """The sentence the page makes by default (the first variant), as filled in as the
        numbers allow: what a failed build quotes."""
        template = next(iter(self.variants.values()))
        try:
            return string.Formatter().vformat(template, (), _Blanks(verdict.numbers))
        except (ValueError, TypeError):  # a number missing where a format spec needs one
            return template


REGISTRY: dict[str, Claim] = {}


def claim(claim_id: str, section: str, **variants: str) -> Callable[[Callable[[Evidence], Verdict]], Callable[[Evidence], Verdict]]:
    """Register the decorated check as claim `claim_id`, with its variants' templates."""

    def register(check: Callable[[Evidence], Verdict]) -> Callable[[Evidence], Verdict]:
        if claim_id in REGISTRY:
            raise ValueError(f"claim {claim_id!r} is registered twice")
        REGISTRY[claim_id] = Claim(claim_id, section, dict(variants), check)
        table("claims", {f"{claim_id}.{name}": template for name, template in variants.items()})
        return check

    return register


@dataclass(frozen=True)
class Finding:
    """A checked claim: the variant that is true, its sentence, its numbers."""

    id: str
    section: str
    variant: str
    sentence: str
    numbers: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "section": self.section, "variant": self.variant,
                "sentence": self.sentence, "numbers": self.numbers}


def evaluate(evidence: Evidence, registry: Mapping[str, Claim] | None = None) -> list[Finding]:
    """Check every claim, in page order; the first one without a true variant raises ClaimError."""
    findings = []
    for c in (REGISTRY if registry is None else registry).values():
        try:
            verdict = c.check(evidence)
        except MissingRun as exc:
            raise ClaimError(c.id, c.quote(Verdict(None, {})), f"it needs {exc.args[0]}") from None
        if verdict.variant is None:
            raise ClaimError(c.id, c.quote(verdict), verdict.problem)
        numbers = {k: _plain(v) for k, v in verdict.numbers.items()}
        findings.append(Finding(c.id, c.section, verdict.variant, c.sentence(verdict), numbers))
    return findings


def _plain(value: Any) -> Any:
    """A number or text as JSON holds it (numpy scalars become Python ones)."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(value)
    return str(value)


def _words(n: int) -> str:
    return WORDS[str(n)] if 0 <= n < len(NUMBER_WORDS) else str(n)


def _pct(a: float) -> float:
    """Percentage points, for a problem's text."""
    return round(100 * a, 1)


# =========================================================================================
# The registry, in page order. Each check says in numbers what its sentence says in words.
# =========================================================================================

# -- Why look inside? ------------------------------------------------------------------------

def _unguarded(key: str) -> Any:
    """The experiment `key` run with nothing to stop it (figgen.train.run_unguarded)."""
    from figgen.train import run_unguarded

    return run_unguarded(EXPERIMENTS[key].config)


_ROUTE = (
    "Left alone, as [below](#experiment) with `--lr {rate:g} --reg {reg:g}`, their squares "
    "overflow to infinity at step {infinite_loss:,}, and the loss with them; at step "
    "{nan_step:,} the weights themselves overflow, "
)


@claim(
    "nan_route", "why-look-inside",
    zero_times_infinity=_ROUTE + (
        "and a saturated hidden unit, whose sigmoid returns exactly 0, meets an infinite weight "
        "in ${layer}$, and $0 \\times \\infty$ is NaN"
    ),
    infinity_minus_infinity=_ROUTE + (
        "and ${layer}$ adds infinite products of both signs, and $\\infty - \\infty$ is NaN"
    ),
)
def _nan_route(e: Evidence) -> Verdict:
    x, route = EXPERIMENTS["diverge"], _unguarded("diverge")
    layers = {"z1": "z_1 = X W_1 + b_1", "z2": "z_2 = h_1 W_2 + b_2"}
    numbers = dict(rate=x.learning_rate, reg=x.reg, infinite_loss=route.infinite_loss_step,
                   nan_step=route.nan_step, layer=layers.get(route.nan_in or "", route.nan_in))
    if route.nan_step is None or route.infinite_loss_step is None:
        return refuted(f"run for {x.steps} steps with nothing to stop it, it reaches no NaN "
                       f"(infinite loss at step {route.infinite_loss_step})", **numbers)
    if route.arithmetic is None or route.infinite_weight_step != route.nan_step:
        return refuted(f"its first NaN is in {route.nan_in} at step {route.nan_step}, made by "
                       f"{route.arithmetic or 'no weighted sum'}", **numbers)
    return holds(route.arithmetic, **numbers)


@claim(
    "nan_sigmoid", "why-look-inside",
    true=(
        "in numpy, the textbook sigmoid $1/(1 + e^{{-z}})$ of $z = {z:g}$ overflows in "
        "$e^{{-z}}$ and returns {value:g}, with a warning, not NaN. NaN needs a formula that "
        "meets the infinity twice, such as the slope written as $e^{{-z}} / (1 + e^{{-z}})^2$, "
        "which returns {slope} there"
    ),
)
def _nan_sigmoid(e: Evidence) -> Verdict:
    z = -710.0  # e^{710} is past the largest double, about e^{709.78}
    with np.errstate(over="ignore", invalid="ignore"):
        big = np.exp(-np.float64(z))  # inf
        value = float(1.0 / (1.0 + big))
        slope = float(big / (1.0 + big) ** 2)  # inf / inf
    numbers = dict(z=z, value=value, slope="NaN" if np.isnan(slope) else f"{slope:g}")
    if np.isinf(big) and value == 0.0 and np.isnan(slope):
        return holds("true", **numbers)
    return refuted(f"numpy gives e^710 = {big}, sigmoid {value}, slope {slope}", **numbers)


@claim(
    "heldout_gap", "why-look-inside",
    gap="The {hidden}-unit network below is right on {accuracy:.1%} of its training points but on {heldout:.1%} of fresh ones",
    no_gap="The {hidden}-unit network below is right on {accuracy:.1%} of its training points and on {heldout:.1%} of fresh ones, no fewer",
)
def _heldout_gap(e: Evidence) -> Verdict:
    run = e.run(HIDDEN50)
    numbers = dict(hidden=run.config.hidden, accuracy=run.final_accuracy, heldout=run.final_heldout_accuracy)
    return holds("gap" if run.final_heldout_accuracy < run.final_accuracy else "no_gap", **numbers)


# -- The network -------------------------------------------------------------------------------

@claim(
    "worked_network", "topology",
    true=(
        "$W_1$ is a $2 \\times {hidden}$ matrix and $b_1$ a vector of {words} biases, so the "
        "**hidden layer** $h_1$ has {words} units"
    ),
)
def _worked_network(e: Evidence) -> Verdict:
    network = e.record.config.network
    numbers = dict(hidden=network.hidden, words=_words(network.hidden), bias=network.bias)
    if network.hidden == 3 and network.bias:  # the prose, its figures and "three" are written for it
        return holds("true", **numbers)
    return refuted(
        f"walkthrough.network has hidden={network.hidden}, bias={network.bias}: the worked example "
        "is written for 3 hidden units with biases", **numbers)


# -- Initialization ----------------------------------------------------------------------------

@claim(
    "init_slope", "initialization",
    true=(
        "On the {points} training points, the starting weights give the hidden units an average "
        "slope $h_1 \\odot (1 - h_1)$ of {slope:.3f}, close to the largest a sigmoid has, one quarter"
    ),
)
def _init_slope(e: Evidence) -> Verdict:
    config = e.record.config
    X, _ = make_xor_data(config.data)  # (N, 2)
    params = init_params(config.network)
    h1 = sigmoid(X @ params.W1 + params.b1)  # (N, H) at the starting weights
    slope = float(np.mean(sigmoid_prime(h1)))
    numbers = dict(points=config.data.n_points, slope=slope)
    if slope >= NEAR_MAX_SLOPE:
        return holds("true", **numbers)
    return refuted(f"the average slope is {slope:.3f}, under {NEAR_MAX_SLOPE}", **numbers)


@claim(
    "x_signs", "initialization",
    both_positive="Both coordinates are positive",
    both_negative="Both coordinates are negative",
    opposite="The coordinates have opposite signs",
)
def _x_signs(e: Evidence) -> Verdict:
    x1, x2 = (float(v) for v in e.record.X[0])
    numbers = dict(x1=x1, x2=x2)
    if x1 > 0 and x2 > 0:
        return holds("both_positive", **numbers)
    if x1 < 0 and x2 < 0:
        return holds("both_negative", **numbers)
    if x1 * x2 < 0:
        return holds("opposite", **numbers)
    return refuted(f"X = [{x1}, {x2}] has a zero coordinate", **numbers)


# -- The forward pass --------------------------------------------------------------------------

@claim(
    "prediction", "forward-pass",
    wrong=(
        "The network leans towards class {predicted}, with {predicted_output:.4f} against "
        "{other_output:.4f}, while the label says class {label}: it is wrong"
    ),
    right=(
        "The network leans towards class {predicted}, with {predicted_output:.4f} against "
        "{other_output:.4f}, and the label says class {label}: it is right"
    ),
)
def _prediction(e: Evidence) -> Verdict:
    f = e.facts
    numbers = dict(predicted=f.predicted_class, predicted_output=f.predicted_output,
                   other_output=f.other_output, label=f.label_class)
    return holds("wrong" if f.predicted_class != f.label_class else "right", **numbers)


# -- The loss ----------------------------------------------------------------------------------

@claim(
    "worked_unregularized", "loss",
    true=(
        "In the worked example there is one observation ($N = 1$) and no regularization "
        "($\\lambda = {reg:g}$), so the loss is half the squared distance between prediction and label"
    ),
)
def _worked_unregularized(e: Evidence) -> Verdict:
    reg = e.record.reg
    if reg == 0:
        return holds("true", reg=reg)
    return refuted(
        f"walkthrough.reg={reg:g}: the worked example's formulas and figures "
        "(dL/dW2 = h1^T dL/dz2) leave out the penalty's gradient", reg=reg)


# -- The backward pass, part 1 -----------------------------------------------------------------

@claim(
    "output_errors", "backward-w2",
    true=(
        "The output of the label's class is too low ({label_output:.2f} where the label wants 1), "
        "so its error is negative: raising that entry of $z_2$ would lower the loss. The other "
        "output is too high ({wrong_output:.2f} where the label wants 0), and its error is positive"
    ),
)
def _output_errors(e: Evidence) -> Verdict:
    f, r = e.facts, e.record
    error_label, error_other = float(r.dL_dz2[0, f.label_class]), float(r.dL_dz2[0, f.other_class])
    numbers = dict(label_output=f.label_output, wrong_output=f.wrong_output,
                   error_label=error_label, error_other=error_other)
    if error_label < 0 < error_other:
        return holds("true", **numbers)
    return refuted(f"dL/dz2 is {error_label:.6f} at the label's class and {error_other:.6f} at the other", **numbers)


@claim(
    "most_active", "backward-w2",
    true="so the most active unit, hidden unit {unit} with $h_1[{unit}] = {h1:.4f}$, gets the largest share of the blame",
)
def _most_active(e: Evidence) -> Verdict:
    f, r = e.facts, e.record
    blamed = int(np.argmax(np.linalg.norm(r.dL_dW2, axis=1))) + 1  # the row of dL/dW2 with the largest norm
    numbers = dict(unit=f.most_active_unit, h1=f.most_active_h1, blamed=blamed)
    if blamed == f.most_active_unit:
        return holds("true", **numbers)
    return refuted(f"row {blamed} of dL/dW2 is the largest, not row {f.most_active_unit}", **numbers)


# -- The backward pass, part 2 -----------------------------------------------------------------

@claim(
    "backward_cost", "backward-w1",
    true=(
        "That reuse keeps the backward pass cheap: its matrix products take {backward} "
        "multiplications here, against {forward} for the forward pass, {ratio:.1f} times as many"
    ),
)
def _backward_cost(e: Evidence) -> Verdict:
    f = e.facts
    ratio = f.backward_mults / f.forward_mults
    numbers = dict(forward=f.forward_mults, backward=f.backward_mults, ratio=ratio)
    if ratio <= 2:
        return holds("true", **numbers)
    return refuted(f"the backward pass takes {ratio:.2f} times the forward pass's multiplications", **numbers)


@claim(
    "path_sum", "backward-w1",
    disagree=(
        "The two paths disagree: through output {up}, raising $h_1[1]$ would raise the loss; "
        "through output {down}, it would lower it. The pull through output {strong} is the "
        "stronger, so to lower the loss $h_1[1]$ should {direction}"
    ),
    agree=(
        "Both paths agree: through either output, raising $h_1[1]$ would {effect} the loss, "
        "so to lower the loss $h_1[1]$ should {direction}"
    ),
)
def _path_sum(e: Evidence) -> Verdict:
    f, r = e.facts, e.record
    terms = f.path_terms  # (2,)
    total = float(r.dL_dh1[0, 0])
    numbers = dict(term1=float(terms[0]), term2=float(terms[1]), total=total,
                   direction=WORDS["fall"] if total > 0 else WORDS["rise"])
    if not np.isclose(terms.sum(), total, rtol=1e-12, atol=1e-15):
        return refuted(f"the terms add up to {terms.sum()!r}, not dL/dh1[1] = {total!r}", **numbers)
    if terms[0] * terms[1] < 0:
        up, down = (1, 2) if terms[0] > 0 else (2, 1)
        strong = 1 if abs(terms[0]) > abs(terms[1]) else 2
        return holds("disagree", up=up, down=down, strong=strong, **numbers)
    return holds("agree", effect=WORDS["raise"] if total > 0 else WORDS["lower"], **numbers)


@claim(
    "w1_smaller", "backward-w1",
    smaller=(
        "These gradients are smaller than those of $W_2$: the largest magnitude in "
        "$\\partial L / \\partial W_1$ is {w1:.4f}, against {w2:.4f} in $\\partial L / \\partial W_2$. "
        "On its way back, the error has been multiplied by the weights of $W_2$, none larger than "
        "{w2_weight:.2f} in size, and by the slope of a second sigmoid"
    ),
    not_smaller=(
        "These gradients are not smaller than those of $W_2$ here: the largest magnitude in "
        "$\\partial L / \\partial W_1$ is {w1:.4f}, against {w2:.4f} in $\\partial L / \\partial W_2$"
    ),
)
def _w1_smaller(e: Evidence) -> Verdict:
    f = e.facts
    numbers = dict(w1=f.largest_abs_dL_dW1, w2=f.largest_abs_dL_dW2,
                   w2_weight=float(np.max(np.abs(e.record.W2))))
    return holds("smaller" if f.largest_abs_dL_dW1 < f.largest_abs_dL_dW2 else "not_smaller", **numbers)


# -- The update --------------------------------------------------------------------------------

@claim(
    "update_size", "update",
    barely_original=(
        "With $\\alpha = {alpha:g}$, as in the original, the weights barely move: the entry of "
        "$W_2$ with the largest gradient, $W_2[{j},{k}]$, goes from {before:.8f} to {after:.8f}, and "
        "no parameter changes by more than {relative:.2%} of the largest weight"
    ),
    barely=(
        "With $\\alpha = {alpha:g}$ the weights barely move: the entry of $W_2$ with the largest "
        "gradient, $W_2[{j},{k}]$, goes from {before:.8f} to {after:.8f}, and no parameter changes by "
        "more than {relative:.2%} of the largest weight"
    ),
    large=(
        "With $\\alpha = {alpha:g}$ the step is not small: the entry of $W_2$ with the largest "
        "gradient, $W_2[{j},{k}]$, goes from {before:.8f} to {after:.8f}, and a parameter changes by "
        "{relative:.1%} of the largest weight"
    ),
)
def _update_size(e: Evidence) -> Verdict:
    f, r = e.facts, e.record
    changes = [np.abs(getattr(r, f"{n}_new") - getattr(r, n)) for n in ("W1", "b1", "W2", "b2")]
    largest_change = float(max(np.max(c) for c in changes))
    largest_weight = float(max(np.max(np.abs(r.W1)), np.max(np.abs(r.W2))))
    relative = largest_change / largest_weight
    numbers = dict(alpha=r.learning_rate, j=f.largest_w2_from, k=f.largest_w2_to, before=f.largest_w2_before,
                   after=f.largest_w2_after, relative=relative, largest_change=largest_change)
    if relative >= BARELY:
        return holds("large", **numbers)
    return holds("barely_original" if r.learning_rate == ORIGINAL["learning_rate"] else "barely", **numbers)


@claim(
    "payoff", "update",
    first_order=(
        "The loss goes from {loss:.8f} to {loss_new:.8f}, a change of {change:.8f}, and the "
        "first-order estimate $-\\alpha \\lVert g \\rVert^2 = -{alpha:g} \\times {grad_sq:.8f} = "
        "{predicted:.8f}$ is within {gap_percent}% of it"
    ),
    too_long=(
        "The loss goes from {loss:.8f} to {loss_new:.8f}, a change of {change:.8f}, but the "
        "first-order estimate $-\\alpha \\lVert g \\rVert^2 = -{alpha:g} \\times {grad_sq:.8f} = "
        "{predicted:.8f}$ is off by {gap:.0%}: this step is too long for the first-order picture"
    ),
    overshoot=(
        "The loss goes from {loss:.8f} up to {loss_new:.8f}: the step is so long that it "
        "overshoots, and the first-order estimate $-\\alpha \\lVert g \\rVert^2 = {predicted:.8f}$ "
        "does not hold"
    ),
)
def _payoff(e: Evidence) -> Verdict:
    f, r = e.facts, e.record
    gap = abs(f.loss_change - f.first_order_change) / abs(f.first_order_change)
    numbers = dict(loss=r.loss, loss_new=r.loss_new, change=f.loss_change, alpha=r.learning_rate,
                   grad_sq=f.grad_sq, predicted=f.first_order_change, gap=gap, gap_percent=f"{100 * gap:.2g}")
    if f.loss_change >= 0:
        return holds("overshoot", **numbers)
    return holds("first_order" if gap <= FIRST_ORDER else "too_long", **numbers)


# -- Biases ------------------------------------------------------------------------------------

@claim(
    "mirror_pairs", "biases",
    true=(
        "On the XOR population, which is symmetric (a point and its mirror image are equally "
        "likely and share their label, and each class is half of it), that caps the accuracy of a "
        "network without $b_1$ at {cap:.0%}: one class all right, the other at most half. A "
        "finite sample is not symmetric: the {points} training points contain no exact mirror pair, and "
        "on them the argument sets no cap"
    ),
)
def _mirror_pairs(e: Evidence) -> Verdict:
    X, _ = make_xor_data(e.record.config.data)  # (N, 2)
    points = {tuple(x) for x in X.tolist()}
    pairs = sum((-a, -b) in points for a, b in points)
    numbers = dict(cap=POPULATION_CAP, points=len(X), pairs=pairs)
    if pairs == 0:
        return holds("true", **numbers)
    return refuted(f"{pairs} of the {len(X)} training points have their mirror image among them", **numbers)


# Each XOR class is half of the population (x1 > 0 and x2 > 0 are independent fair coins), so
# with one class all right and the other half right, the cap is 1/2 + 1/4.
POPULATION_CAP = 0.5 + 0.5 / 2


def mirror_cap(y: np.ndarray) -> float:
    """The symmetry argument's cap on a set of points together with their mirror images:
    one class all right, one of each mirror pair of the other. y (M, 2) one-hot."""
    counts = y.sum(axis=0)  # (2,) points per class
    return float((counts.max() + counts.min() / 2) / counts.sum())


def mirrored_accuracy(run: TrainResult) -> float:
    """The run's final accuracy on its held-out points together with their mirror images."""
    X, y = make_xor_data(run.config.heldout)
    return accuracy(run.final_params, np.vstack([X, -X]), np.vstack([y, y]))


# -- Watching it learn -------------------------------------------------------------------------

@claim(
    "training_intro", "training",
    far_larger=(
        "Now the network trains for real: full-batch gradient descent on all {points} points, the "
        "forward pass, loss, backward pass and update from above repeated {fewest:,} to {most:,} "
        "times. The learning rates, {rates}, are far larger than the worked example's "
        "$\\alpha = {alpha:g}$: at that rate, the moves we saw in the update would need at least "
        "{factor:,.0f} times as many steps to add up"
    ),
    larger=(
        "Now the network trains for real: full-batch gradient descent on all {points} points, the "
        "forward pass, loss, backward pass and update from above repeated {fewest:,} to {most:,} "
        "times, with learning rates of {rates}, larger than the worked example's $\\alpha = {alpha:g}$"
    ),
    not_larger=(
        "Now the network trains for real: full-batch gradient descent on all {points} points, the "
        "forward pass, loss, backward pass and update from above repeated {fewest:,} to {most:,} "
        "times, with learning rates of {rates} (the worked example's is $\\alpha = {alpha:g}$)"
    ),
)
def _training_intro(e: Evidence) -> Verdict:
    runs = [e.run(name) for name in (HIDDEN3, HIDDEN50, NOBIAS)]
    alpha = e.record.learning_rate
    rates = sorted({r.config.learning_rate for r in runs})
    factor = min(rates) / alpha
    steps = [r.config.steps for r in runs]
    numbers = dict(points=runs[0].config.data.n_points, fewest=min(steps), most=max(steps),
                   rates=f" {WORDS['and']} ".join(f"{v:g}" for v in rates), alpha=alpha, factor=factor)
    not_gd = [r.config.name for r in runs if r.config.optimizer != "gd"]
    if not_gd:
        return refuted(f"run {not_gd[0]!r} uses optimizer {e.run(not_gd[0]).config.optimizer!r}", **numbers)
    points = {r.config.data for r in runs}
    if len(points) > 1:
        return refuted("the runs train on different data", **numbers)
    if factor >= FAR_LARGER:
        return holds("far_larger", **numbers)
    return holds("larger" if factor > 1 else "not_larger", **numbers)


@claim(
    "hidden3_intro", "training",
    same="**{Words} hidden units**, the network we just took apart by hand, from the same starting weights",
    other="**{Words} hidden units**",
)
def _hidden3_intro(e: Evidence) -> Verdict:
    c = e.run(HIDDEN3).config
    w = e.record.config
    numbers = dict(Words=_words(c.hidden).capitalize(), hidden=c.hidden)
    same = c.network == w.network and c.data == w.data
    return holds("same" if same else "other", **numbers)


def _course(run: TrainResult) -> tuple[AccuracyPath, dict[str, Any]]:
    """The run's accuracy path (figgen.train.accuracy_path) with the losses at its frames."""
    path = accuracy_path(run)
    frame = {int(s): i for i, s in enumerate(run.step)}
    numbers = dict(
        start=path.start, peak=path.peak, peak_step=path.peak_step, low=path.low, low_step=path.low_step,
        final=path.final, first_loss=float(run.loss[0]), final_loss=run.final_loss,
        peak_loss=float(run.loss[frame[path.peak_step]]), low_loss=float(run.loss[frame[path.low_step]]),
        heldout=run.final_heldout_accuracy,
    )
    return path, numbers


@claim(
    "hidden3_course", "training",
    dip=(
        "The accuracy climbs to {peak:.1%} by step {peak_step:,}, then slips back to {low:.1%} at "
        "step {low_step:,}, although the loss keeps falling, from {peak_loss:.4f} to {low_loss:.4f}: "
        "the loss rewards every output for moving towards its target, also on points already on "
        "the right side, while the accuracy only counts the side. From there the accuracy creeps up "
        "again, to {final:.1%} at the last step, and the loss goes down to {final_loss:.4f}"
    ),
    dip_plain=(
        "The accuracy climbs to {peak:.1%} by step {peak_step:,}, falls back to {low:.1%} at step "
        "{low_step:,}, and ends at {final:.1%}; the loss ends at {final_loss:.4f}"
    ),
    peak=(
        "The accuracy climbs to {peak:.1%} by step {peak_step:,}, then falls to {final:.1%} by the "
        "last step; the loss goes from {first_loss:.4f} to {final_loss:.4f}"
    ),
    steady="The accuracy goes from {start:.1%} to {final:.1%}, and the loss from {first_loss:.4f} to {final_loss:.4f}",
)
def _hidden3_course(e: Evidence) -> Verdict:
    path, numbers = _course(e.run(HIDDEN3))
    if path.kind == "dip":
        falling = numbers["low_loss"] < numbers["peak_loss"] and path.final > path.low
        return holds("dip" if falling else "dip_plain", **numbers)
    return holds(path.kind, **numbers)


def _rising_at_the_end(run: TrainResult) -> tuple[float, int]:
    """The accuracy at the frame nearest half the steps, and that frame's step."""
    i = int(np.argmin(np.abs(run.step - run.config.steps / 2)))
    return float(run.accuracy[i]), int(run.step[i])


@claim(
    "hidden3_capacity", "training",
    slow=(
        "Three units are not too few for this boundary; gradient descent at this learning rate is "
        "just slow. Its accuracy is "
        "still rising at the last step ({middle:.1%} at step {middle_step:,}, {final:.1%} at step "
        "{steps:,}), and from the same starting weights Adam, a variant of gradient descent that "
        "divides each weight's step by the recent size of its gradients, reaches {adam:.1%} on the "
        "training points and {adam_heldout:.1%} on fresh ones in {adam_steps:,} steps, with "
        "learning rate {adam_rate:g}"
    ),
    better=(
        "Three units are not too few for this boundary: from the same starting weights, Adam, a "
        "variant of gradient descent that divides each weight's step by the recent size of its "
        "gradients, reaches {adam:.1%} on the training points and {adam_heldout:.1%} on fresh ones in "
        "{adam_steps:,} steps (learning rate {adam_rate:g}), against {final:.1%} and {heldout:.1%} here"
    ),
    no_better=(
        "From the same starting weights, Adam, a variant of gradient descent that divides each "
        "weight's step by the recent size of its gradients, reaches {adam:.1%} on the training "
        "points in {adam_steps:,} steps (learning rate {adam_rate:g}), no better than the {final:.1%} here"
    ),
)
def _hidden3_capacity(e: Evidence) -> Verdict:
    run, adam = e.run(HIDDEN3), e.quote(HIDDEN3_ADAM)
    middle, middle_step = _rising_at_the_end(run)
    numbers = dict(middle=middle, middle_step=middle_step, final=run.final_accuracy, steps=run.config.steps,
                   heldout=run.final_heldout_accuracy, adam=adam.final_accuracy,
                   adam_heldout=adam.final_heldout_accuracy, adam_steps=adam.config.steps,
                   adam_rate=adam.config.learning_rate, hidden=run.config.hidden)
    if run.config.hidden != 3:
        return refuted(f"run {HIDDEN3!r} has {run.config.hidden} hidden units, not three", **numbers)
    if adam.final_accuracy < run.final_accuracy + NOTABLE_DROP:
        return holds("no_better", **numbers)
    rising = run.final_accuracy > middle and run.final_loss < float(run.loss[0])
    return holds("slow" if rising else "better", **numbers)


@claim(
    "hidden50_fits", "training",
    fits=(
        "With {hidden} units and $\\lambda = {reg:g}$, the boundary follows both axes closely: the "
        "training accuracy reaches {accuracy:.1%} (loss {loss:.4f}), and {heldout:.1%} of the fresh "
        "points are classified right"
    ),
    partial=(
        "With {hidden} units and $\\lambda = {reg:g}$, the training accuracy reaches {accuracy:.1%} "
        "(loss {loss:.4f}), and {heldout:.1%} of the fresh points are classified right"
    ),
)
def _hidden50_fits(e: Evidence) -> Verdict:
    run = e.run(HIDDEN50)
    numbers = dict(hidden=run.config.hidden, reg=run.config.reg, accuracy=run.final_accuracy,
                   loss=run.final_loss, heldout=run.final_heldout_accuracy)
    fits = run.final_accuracy >= FITS_TRAIN and run.final_heldout_accuracy >= FITS_HELDOUT
    return holds("fits" if fits else "partial", **numbers)


def _weight_norm(run: TrainResult) -> float:
    p = run.final_params
    return float(np.sqrt(np.sum(p.W1**2) + np.sum(p.W2**2)))


@claim(
    "reg_effect", "training",
    little=(
        "The penalty makes little difference here: trained without it ($\\lambda = 0$), from the "
        "same start, the network ends at {accuracy0:.1%} on the training points and {heldout0:.1%} on "
        "fresh ones, against {accuracy:.1%} and {heldout:.1%} with it, and its weights are only "
        "{larger:.0%} larger. (Its loss, {loss0:.4f}, is not comparable with the one above: it has "
        "no penalty term.)"
    ),
    matters=(
        "The penalty matters here: trained without it ($\\lambda = 0$), from the same start, the "
        "network ends at {accuracy0:.1%} on the training points and {heldout0:.1%} on fresh ones, "
        "against {accuracy:.1%} and {heldout:.1%} with it, and its weights are {larger:.0%} larger"
    ),
    none="This run has no penalty ($\\lambda = 0$)",
)
def _reg_effect(e: Evidence) -> Verdict:
    run, free = e.run(HIDDEN50), e.quote(HIDDEN50_NO_PENALTY)
    numbers = dict(accuracy=run.final_accuracy, heldout=run.final_heldout_accuracy,
                   accuracy0=free.final_accuracy, heldout0=free.final_heldout_accuracy,
                   larger=_weight_norm(free) / _weight_norm(run) - 1, loss0=free.final_loss)
    if run.config.reg == 0:
        return holds("none", **numbers)
    same = (abs(free.final_accuracy - run.final_accuracy) <= SAME
            and abs(free.final_heldout_accuracy - run.final_heldout_accuracy) <= SAME)
    if same and numbers["larger"] >= 0:
        return holds("little", **numbers)
    return holds("matters", **numbers)


@claim(
    "nobias_intro", "training",
    true="**The same {words} units without biases**, everything else equal",
)
def _nobias_intro(e: Evidence) -> Verdict:
    run, twin = e.run(NOBIAS).config, e.run(HIDDEN50).config
    numbers = dict(words=_words(run.hidden), hidden=run.hidden)
    alike = dataclasses.replace(run, name=twin.name, network=dataclasses.replace(run.network, bias=True))
    if alike == twin and not run.bias:
        return holds("true", **numbers)
    return refuted(f"run {NOBIAS!r} differs from run {HIDDEN50!r} in more than its biases", **numbers)


def _plateau_end(run: TrainResult, path: AccuracyPath) -> int:
    """The last step of the frames from the peak on that stay within SAME of the peak."""
    frames = [int(s) for s in run.step]
    i = frames.index(path.peak_step)
    end = i
    while end + 1 < len(frames) and run.accuracy[end + 1] >= path.peak - SAME - 1e-12:
        end += 1
    return frames[end]


@claim(
    "nobias_course", "training",
    stuck_peak=(
        "The loss hardly moves, from {first_loss:.4f} to {final_loss:.4f}. The accuracy rises to "
        "{peak:.1%} by step {peak_step:,}, stays within one percentage point of it until step "
        "{plateau_end:,}, then falls to {final:.1%} ({heldout:.1%} on fresh points), while the loss "
        "keeps creeping down: as above, the loss is not the accuracy"
    ),
    stuck=(
        "The loss hardly moves, from {first_loss:.4f} to {final_loss:.4f}, and the accuracy goes from "
        "{start:.1%} to {final:.1%} ({heldout:.1%} on fresh points)"
    ),
    moves=(
        "The loss goes from {first_loss:.4f} to {final_loss:.4f}, and the accuracy from {start:.1%} "
        "to {final:.1%} ({heldout:.1%} on fresh points)"
    ),
)
def _nobias_course(e: Evidence) -> Verdict:
    run = e.run(NOBIAS)
    path, numbers = _course(run)
    numbers["plateau_end"] = _plateau_end(run, path) if path.kind == "peak" else path.peak_step
    hardly = abs(run.final_loss - float(run.loss[0])) < HARDLY * float(run.loss[0])
    if not hardly:
        return holds("moves", **numbers)
    creeping = run.final_loss < numbers["peak_loss"]
    return holds("stuck_peak" if path.kind == "peak" and creeping else "stuck", **numbers)


@claim(
    "nobias_cap", "training",
    stuck=(
        "The [symmetry argument](#biases) caps a network without $b_1$ at {cap:.0%} on the XOR "
        "population, and this run ends far below it, on fresh points too: it is not held back by "
        "the cap but stuck. A learning rate {faster:g} times larger, everything else equal, gets the "
        "same network to {fast:.1%} on its training points, past the cap, which binds only a "
        "symmetric set of points; on fresh points it scores {fast_heldout:.1%}, and on those points "
        "together with their mirror images {fast_mirror:.1%}, under the cap of {fast_mirror_cap:.1%} "
        "that the argument sets for them"
    ),
    stuck_under=(
        "The [symmetry argument](#biases) caps a network without $b_1$ at {cap:.0%} on the XOR "
        "population, and this run ends far below it, on fresh points too: it is not held back by "
        "the cap but stuck. A learning rate {faster:g} times larger, everything else equal, gets the "
        "same network to {fast:.1%} on its training points and {fast_heldout:.1%} on fresh ones"
    ),
    near=(
        "The [symmetry argument](#biases) caps a network without $b_1$ at {cap:.0%} on the XOR "
        "population; on the fresh points together with their mirror images, this run scores "
        "{mirror:.1%}, under the cap of {mirror_cap:.1%} that the argument sets for them"
    ),
)
def _nobias_cap(e: Evidence) -> Verdict:
    run, fast = e.run(NOBIAS), e.quote(NOBIAS_FASTER)
    if run.config.bias:
        return refuted(f"run {NOBIAS!r} has biases: the argument is about networks without b1")
    _, y_new = make_xor_data(run.config.heldout)
    cap_there = mirror_cap(y_new)
    numbers = dict(cap=POPULATION_CAP, accuracy=run.final_accuracy, heldout=run.final_heldout_accuracy,
                   mirror=mirrored_accuracy(run), mirror_cap=cap_there, faster=FASTER,
                   fast=fast.final_accuracy, fast_heldout=fast.final_heldout_accuracy,
                   fast_mirror=mirrored_accuracy(fast), fast_mirror_cap=cap_there)
    for name, value in (("mirror", numbers["mirror"]), ("fast_mirror", numbers["fast_mirror"])):
        if value > cap_there:  # the argument is a theorem: this would be a bug
            return refuted(f"the {name} accuracy {value:.4f} exceeds the cap {cap_there:.4f}", **numbers)
    far_below = max(run.final_accuracy, run.final_heldout_accuracy) <= POPULATION_CAP - FAR_BELOW
    if not far_below:
        return holds("near", **numbers)
    return holds("stuck" if fast.final_accuracy > POPULATION_CAP else "stuck_under", **numbers)


# -- Checking the gradient, and why backpropagation is fast ------------------------------------

@claim(
    "gradcheck_rounding", "gradient-check",
    true="The worst relative error is {worst}. Errors this small come from floating-point rounding",
)
def _gradcheck_rounding(e: Evidence) -> Verdict:
    worst = e.gradcheck.max_rel_error
    numbers = dict(worst=format_number(worst, ".1x10"), worst_value=worst)
    if worst < ROUNDING:
        return holds("true", **numbers)
    return refuted(f"the worst relative error is {worst:.3g}, not under {ROUNDING:g}", **numbers)


@claim(
    "backprop_fast", "fast",
    true=(
        "Counting the multiplications in the matrix products, a forward pass here takes {forward} "
        "and the backward pass {backward}, so the gradient check's {passes} forward passes take "
        "{check:,}, {times:.0f} times the {both} of one forward and one backward pass"
    ),
)
def _backprop_fast(e: Evidence) -> Verdict:
    f = e.facts
    both = f.forward_mults + f.backward_mults
    numbers = dict(forward=f.forward_mults, backward=f.backward_mults, passes=f.check_forward_passes,
                   check=f.check_mults, both=both, times=f.check_mults / both)
    if f.check_mults > both:
        return holds("true", **numbers)
    return refuted(f"the check takes {f.check_mults} multiplications, backpropagation {both}", **numbers)


# -- Experiment yourself -----------------------------------------------------------------------

def _experiment(e: Evidence, key: str) -> TrainResult:
    result = e.experiments[key]
    if isinstance(result, Diverged):
        raise MissingRun(f"experiment {key!r} to train, but it diverged at step {result.step}")
    return result


@claim(
    "experiment_run", "experiment",
    true=(
        "This trains {hidden} hidden units with learning rate {rate:g} and a penalty "
        "$\\lambda = {reg:g}$ for {steps:,} steps, writes the animation to `{gif}` and ends at "
        "{accuracy:.1%} on the training points and {heldout:.1%} on fresh ones"
    ),
)
def _experiment_run(e: Evidence) -> Verdict:
    x, run = EXPERIMENTS["run"], _experiment(e, "run")
    return holds("true", hidden=x.hidden, rate=x.learning_rate, reg=x.reg, steps=x.steps, gif=f"{x.name}.gif",
                 accuracy=run.final_accuracy, heldout=run.final_heldout_accuracy)


def _worse(e: Evidence, key: str, variant: str) -> Verdict:
    """An experiment whose symptom is an accuracy WORSE below the first command's."""
    x, run, first = EXPERIMENTS[key], _experiment(e, key), _experiment(e, "run")
    numbers = dict(command=x.command, steps=x.steps, accuracy=run.final_accuracy,
                   heldout=run.final_heldout_accuracy, first=first.final_accuracy,
                   smaller=EXPERIMENTS["run"].learning_rate / x.learning_rate)
    if run.final_accuracy <= first.final_accuracy - WORSE:
        return holds(variant, **numbers)
    return refuted(f"it ends at {run.final_accuracy:.1%}, the first command at {first.final_accuracy:.1%}", **numbers)


@claim(
    "experiment_slow", "experiment",
    slow=(
        "**Slow training**: `{command}` uses a learning rate {smaller:g} times smaller; after "
        "{steps:,} steps its accuracy is {accuracy:.1%}, where the first command reached {first:.1%}"
    ),
)
def _experiment_slow(e: Evidence) -> Verdict:
    return _worse(e, "slow", "slow")


@claim(
    "experiment_diverge", "experiment",
    weights=(
        "**A loss that blows up**: `{command}` has $\\alpha \\lambda / N = {factor:.3g}$, more than 2, "
        "so each step multiplies the weights by $1 - \\alpha \\lambda / N = {multiplier:.3g}$ before "
        "the data's pull: they flip sign and grow. By step {step:,} a weight passes {limit:,.0f} and "
        "the loss is {loss}; figgen stops there and writes nothing. Left alone, the loss would "
        "be infinite at step {infinite_loss:,} and NaN at step {nan_step:,}"
    ),
    infinite=(
        "**A loss that blows up**: `{command}` has $\\alpha \\lambda / N = {factor:.3g}$, more than 2, "
        "so each step multiplies the weights by $1 - \\alpha \\lambda / N = {multiplier:.3g}$ before "
        "the data's pull: they flip sign and grow, at step {step:,} the loss is {loss}, and figgen "
        "stops without writing the animation"
    ),
)
def _experiment_diverge(e: Evidence) -> Verdict:
    from figgen.train import WEIGHT_LIMIT

    x = EXPERIMENTS["diverge"]
    result = e.experiments["diverge"]
    factor = x.learning_rate * x.reg / x.config.data.n_points
    numbers = dict(command=x.command, factor=factor, multiplier=1 - factor, limit=WEIGHT_LIMIT)
    if not isinstance(result, Diverged):
        return refuted(f"it trains all {x.steps} steps to a loss of {result.final_loss:.4f}", **numbers)
    numbers["step"] = result.step
    if factor <= 2:
        return refuted(f"alpha lambda / N is {factor:.3g}, not more than 2", **numbers)
    if np.isfinite(result.loss):  # stopped by figgen's weight limit before anything overflowed
        if not result.weight > WEIGHT_LIMIT:
            return refuted(f"it stopped at step {result.step} with the loss {result.loss} and no weight past the limit", **numbers)
        route = _unguarded("diverge")
        if route.infinite_loss_step is None or route.nan_step is None:
            return refuted("left alone it reaches no infinite loss or no NaN", **numbers)
        return holds("weights", loss=format_number(result.loss, ".1x10"), infinite_loss=route.infinite_loss_step,
                     nan_step=route.nan_step, **numbers)
    return holds("infinite", loss="NaN" if np.isnan(result.loss) else WORDS["infinite"], **numbers)


@claim(
    "experiment_no_bias", "experiment",
    stuck=(
        "**No biases**: `{command}` ends at {accuracy:.1%} ({heldout:.1%} on fresh points), where "
        "the first command reached {first:.1%}"
    ),
)
def _experiment_no_bias(e: Evidence) -> Verdict:
    return _worse(e, "no_bias", "stuck")


# -- building the evidence -----------------------------------------------------------------


def quoted_runs(training: Sequence[TrainConfig]) -> tuple[tuple[str, TrainConfig, bool], ...]:
    """Every run the claims read besides the article's, as (key, config, quoted for
    diverging): the quoted runs ("quoted:<name>") and the experiments ("experiment:<key>").
    figgen.build.claims_values turns them into cached values (a run quoted for diverging is
    kept as figgen.train.Diverged), in this order: make_claims_file reads them by these keys."""
    out = [(f"quoted:{name}", config, False) for name, config in quoted_configs(training).items()]
    out += [(f"experiment:{key}", x.config, True) for key, x in EXPERIMENTS.items()]
    return tuple(out)


def evidence(walkthrough: WalkthroughConfig, runs: Sequence[TrainResult], keys: Sequence[str], results: Sequence[Any]) -> Evidence:
    """The evidence: the worked example of `walkthrough`, the article's `runs`, and the
    other runs (`results`, keyed as quoted_runs gives them)."""
    from figgen.gradcheck import check_walkthrough
    from figgen.walkthrough import compute_walkthrough

    groups: dict[str, dict[str, Any]] = {"quoted": {}, "experiment": {}}
    for key, result in zip(keys, results, strict=True):
        kind, name = key.split(":", 1)
        groups[kind][name] = result
    return Evidence(
        record=compute_walkthrough(walkthrough), gradcheck=check_walkthrough(walkthrough),
        runs={run.config.name: run for run in runs}, quoted=groups["quoted"], experiments=groups["experiment"],
    )


def make_claims_file(walkthrough: WalkthroughConfig, keys: tuple[str, ...], *results: Any) -> dict[str, bytes]:
    """{"data/claims.json": bytes}: every claim's verdict, sentence and numbers, in page order.
    `results` are the article's runs, then the runs of `keys` (quoted_runs). Raises
    ClaimError (the build stops) at the first claim without a true variant."""
    from figgen.jsondata import json_bytes

    article = len(results) - len(keys)
    findings = evaluate(evidence(walkthrough, results[:article], keys, results[article:]))
    return {CLAIMS_FILE: json_bytes([f.to_json() for f in findings])}


class PageClaims(Mapping[str, str]):
    """The claims' sentences by id, for the prose (``{{ claims.update_size }}``). Each is
    checked when the page asks for it, so a page whose settings lack a run fails at the first
    placeholder that needs it, naming that placeholder (a PlaceholderError)."""

    def __init__(self, walkthrough: WalkthroughConfig, runs: Sequence[TrainResult], keys: Sequence[str],
                 results: Sequence[Any]) -> None:
        self._evidence = functools.partial(evidence, walkthrough, tuple(runs), tuple(keys), tuple(results))
        self._checked: Evidence | None = None

    def __getitem__(self, claim_id: str) -> str:
        from figgen.prose import PlaceholderError

        if claim_id not in REGISTRY:
            raise KeyError(claim_id)
        if self._checked is None:
            self._checked = self._evidence()
        try:
            (finding,) = evaluate(self._checked, {claim_id: REGISTRY[claim_id]})
        except ClaimError as exc:
            raise PlaceholderError(str(exc)) from None
        return finding.sentence

    def __iter__(self) -> Iterator[str]:
        return iter(REGISTRY)

    def __len__(self) -> int:
        return len(REGISTRY)


def experiment_commands() -> dict[str, str]:
    """The commands of "Experiment yourself" by key, for ``{{ experiments.run }}``."""
    return {key: x.command for key, x in EXPERIMENTS.items()}


# -- the build report ----------------------------------------------------------------------

SECTION: dict[str, str] = {
    "title": "## Claims checked by this build {#claims}",
    "intro": (
        "Every sentence of the article whose truth depends on a computed result, in page order, "
        "with the variant this build found true: figgen.claims holds each claim's variants and "
        "the check that picks one, and a claim none of whose variants is true stops the build. "
        "The numbers behind each verdict are in [`data/claims.json`](data/claims.json)."
    ),
    "item": "- `{id}` in [{section}](index.md#{section}), true as `{variant}`: {sentence}",
}


def report_markdown(files: Mapping[str, bytes]) -> str:
    """The build report's claims section, from the build's data/claims.json ("" without it)."""
    if CLAIMS_FILE not in files:
        return ""
    lines = ["", SECTION["title"], "", SECTION["intro"], ""]
    for f in json.loads(files[CLAIMS_FILE]):
        # the sentence as on the page, its links to the page's sections made to point there
        sentence = f["sentence"].replace("\n", " ").replace("](#", "](index.md#")
        lines.append(SECTION["item"].format(**{**f, "sentence": sentence}))
    return "\n".join(lines) + "\n"

"""The animation player of a training run: its layout, its texts and its HTML.

The player shows one run frame by frame (frame i: the network after `run.step[i]` updates):

- the decision plane, a square raster frame of PLANE_PIXELS px with no text, cut from a
  sprite sheet that figgen.animate draws (`sprite_path`); the CSS shows one cell of it;
- the accuracy (training and held-out) and the loss so far, as inline SVG drawn here from the
  run's numbers (one drawing for both palettes: its colours are CSS variables set from
  figgen.style), with tick labels, titles and legends as HTML text;
- the step, training accuracy, held-out accuracy and loss of the shown frame as HTML text,
  a play/pause button and a slider over the frames (docs/assets/javascripts/player.js).

The HTML is complete without JavaScript: it shows the final frame, full curves and the final
numbers; the script then moves it. Every word of it is a template in PLAYER_TEXT.
This module imports no drawing library (a page is filled without matplotlib).
"""

from __future__ import annotations

import html
import json
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Mapping, Sequence

from figgen.i18n import DEFAULT, language, localized, variant_stem
from figgen.style import DARK, LIGHT, Theme

if TYPE_CHECKING:
    from figgen.train import TrainResult

# -- layout shared with figgen.animate (which draws the frames) ----------------------------

PLANE_PIXELS = 320  # side of a plane frame in px; 2 px per cell of animate.PLANE_GRID, fits a 390 px phone
PLANE_LIMIT = 3.25  # the input plane shown is [-PLANE_LIMIT, PLANE_LIMIT]^2; the data fit inside
PLANE_TICKS = (-2, 0, 2)  # tick labels of both plane axes (HTML, beside the frame)
SPRITE_COLUMNS = 8  # cells per row of the sprite sheet: 40 frames make an 8 x 5 sheet
SPRITE_MAX_SIDE = 16_383  # the largest width or height of a WebP image
SYMLOG_LINTHRESH = 10  # step axes: linear up to step 10, logarithmic after (as in the GIF)
SYMLOG_LINSCALE = 0.4  # length of the linear part, in decades


def sprite_grid(frame_count: int) -> tuple[int, int]:
    """(columns, rows) of the sprite sheet for `frame_count` frames, row by row.

    SPRITE_COLUMNS per row, more when the sheet would otherwise be taller than a WebP can be.
    """
    if frame_count < 1:
        raise ValueError(f"frame_count={frame_count!r} is not valid: expected at least 1 frame")
    most = SPRITE_MAX_SIDE // PLANE_PIXELS  # cells that fit along one side
    columns = min(frame_count, max(SPRITE_COLUMNS, math.ceil(frame_count / most)))
    if columns > most:
        raise ValueError(
            f"frames={frame_count} is not valid for the player: a sprite sheet holds at most "
            f"{most * most} frames of {PLANE_PIXELS} px"
        )
    return columns, math.ceil(frame_count / columns)


def sprite_path(name: str, theme: Theme) -> str:
    """Site path of run `name`'s plane sprite sheet in `theme`."""
    return f"animations/{name}.plane{theme.suffix}.webp"


def gif_path(name: str, theme: Theme, lang: str = DEFAULT) -> str:
    """Site path of run `name`'s looping GIF (a download) in `theme`, with `lang`'s words:
    animations/hidden3.gif, animations/hidden3-es.dark.gif (figgen.i18n.variant_stem)."""
    return f"animations/{variant_stem(name, lang)}{theme.suffix}.gif"


def step_tick_label(step: int) -> str:
    """Compact tick label of a step count, so that decades fit side by side: 0, 10, 1k, 10k."""
    for size, suffix in ((1_000_000, "M"), (1_000, "k")):
        if step >= size and step % size == 0:
            return f"{step // size}{suffix}"
    return str(step)


# -- the player's words: every sentence, label and number format, in one place -------------
# Sentences are str.format templates; a translation replaces this dict (the names in braces stay).

PLAYER_TEXT: Mapping[str, str] = localized("player", {
    "group": "Animation {number}: training a network with {hidden} hidden units {biases}",
    "with_biases": "with biases",
    "without_biases": "without biases",
    "play": "Play",
    "pause": "Pause",
    "slider": "Shown step",
    "valuetext": "step {step} of {steps}: training accuracy {accuracy}, held-out accuracy {heldout}, loss {loss}",
    "step": "Step",
    "step_of": "{step} of {steps}",
    "accuracy": "Training accuracy",
    "heldout": "Held-out accuracy",
    "loss": "Loss",
    "plane_title": "Predicted class",
    "class_0": "class 0",
    "class_1": "class 1",
    "plane_alt": (
        "The input plane from {low} to {high} on both axes, shaded by the class the network "
        "predicts at the shown step, with the {points} training points on top: circles are class 0, "
        "triangles class 1."
    ),
    "x1": "x\u2081",
    "x2": "x\u2082",
    "accuracy_title": "Accuracy",
    "training_curve": "training",
    "heldout_curve": "held-out ({points} new points)",
    # {path}: the training accuracy's course, its peak or dip included (figgen.train.accuracy_path)
    "accuracy_summary": (
        "Accuracy by step, logarithmic step axis: the training accuracy {path}; held-out from "
        "{heldout_0} to {heldout_1}."
    ),
    "loss_title": "Loss",
    "loss_summary": "Loss by step, logarithmic step axis: from {loss_0} to {loss_1}.",
    "step_axis": "step (log scale)",
    "download": "Download as GIF:",
    "download_light": "light",
    "download_dark": "dark",
    # number formats (str.format specs of one value)
    "percent": "{:.1%}",
    "percent_tick": "{:.0%}",
    "loss_value": "{:.4f}",
    "count": "{:,}",
})


def text(key: str, **values: object) -> str:
    """PLAYER_TEXT[key] with `values` filled in."""
    return PLAYER_TEXT[key].format(**values)


def number(key: str, value: float) -> str:
    """`value` in the number format PLAYER_TEXT[key] ("percent", "loss_value", "count")."""
    return PLAYER_TEXT[key].format(value)


# -- what each frame shows as text ----------------------------------------------------------


@dataclass(frozen=True)
class FrameText:
    """The readout of one frame, formatted: what the reader sees and the slider says."""

    step: str  # "196 of 4,000"
    accuracy: str  # "69.0%"
    heldout: str  # "68.2%"
    loss: str  # "0.1918"
    valuetext: str  # the slider's aria-valuetext: all of the above in one sentence


def frame_texts(run: TrainResult) -> list[FrameText]:
    """The readout of each of the run's frames, from the same numbers as data/training.json."""
    steps = number("count", int(run.step[-1]))
    out = []
    for i, step in enumerate(run.step):
        values = dict(
            step=number("count", int(step)),
            steps=steps,
            accuracy=number("percent", float(run.accuracy[i])),
            heldout=number("percent", float(run.heldout_accuracy[i])),
            loss=number("loss_value", float(run.loss[i])),
        )
        out.append(
            FrameText(
                step=text("step_of", **values),
                accuracy=values["accuracy"],
                heldout=values["heldout"],
                loss=values["loss"],
                valuetext=text("valuetext", **values),
            )
        )
    return out


# -- the curves -------------------------------------------------------------------------------

VIEWBOX = 1000  # the curves' SVG is drawn in a VIEWBOX x VIEWBOX box stretched to the plot's size


def symlog(step: float) -> float:
    """matplotlib's symlog scale (base 10, SYMLOG_LINTHRESH, SYMLOG_LINSCALE) at `step` >= 0."""
    linscale = SYMLOG_LINSCALE / (1 - 1 / 10)
    if step <= SYMLOG_LINTHRESH:
        return step * linscale
    return SYMLOG_LINTHRESH * (linscale + math.log10(step / SYMLOG_LINTHRESH))


@dataclass(frozen=True)
class Axis:
    """One axis of a plot: its range, and its ticks as (value, label)."""

    low: float
    high: float
    ticks: tuple[tuple[float, str], ...]
    log: bool = False  # symlog steps

    def fraction(self, value: float) -> float:
        """Where `value` sits along the axis, 0 at `low` and 1 at `high`."""
        if self.log:
            return (symlog(value) - symlog(self.low)) / (symlog(self.high) - symlog(self.low))
        return (value - self.low) / (self.high - self.low)


def step_axis(run: TrainResult) -> Axis:
    """The steps from 0 to the last, symlog, ticks at 0 and each power of ten."""
    last = max(int(run.step[-1]), 1)
    ticks = [0] + [10**k for k in range(1, 7) if 10**k <= last]
    return Axis(0, last, tuple((t, step_tick_label(t)) for t in ticks), log=True)


def accuracy_axis(run: TrainResult) -> Axis:
    """From a round tenth at or below 50% and every value, to a little over 100%."""
    lowest = min(float(run.accuracy.min()), float(run.heldout_accuracy.min()))
    low = min(0.5, math.floor(lowest * 10) / 10)
    ticks = [round(low + k / 10, 1) for k in range(round((1 - low) * 10) + 1)]
    return Axis(low, 1 + (1 - low) * 0.04, tuple((t, number("percent_tick", t)) for t in ticks))


def loss_axis(run: TrainResult) -> Axis:
    """From 0 to a little over the largest loss, ticks at a round step (1, 2, 2.5 or 5 x 10^k)."""
    high = float(run.loss.max()) * 1.08
    rough = high / 4
    scale = 10 ** math.floor(math.log10(rough))
    step = next(m * scale for m in (1, 2, 2.5, 5, 10) if m * scale >= rough)
    decimals = max(0, -math.floor(math.log10(step) + 1e-9)) + (1 if round(step / scale, 1) == 2.5 else 0)
    count = math.floor(high / step + 1e-9)
    return Axis(0.0, high, tuple((k * step, f"{k * step:.{decimals}f}") for k in range(count + 1)))


def _points(x: Axis, y: Axis, xs: Sequence[float], ys: Sequence[float]) -> str:
    """SVG polyline points of (xs, ys) in the VIEWBOX box, y up."""
    return " ".join(
        f"{x.fraction(float(a)) * VIEWBOX:.1f},{(1 - y.fraction(float(b))) * VIEWBOX:.1f}" for a, b in zip(xs, ys)
    )


def _percent_position(fraction: float) -> str:
    return f"{fraction * 100:.3f}%"


def _ticks_html(x: Axis, y: Axis | None) -> str:
    """The tick labels of a plot as HTML, placed by percentage along its box (hidden from
    screen readers: the plot's summary says what they would)."""
    labels = [
        f'<span class="figgen-player__xtick" style="left:{_percent_position(x.fraction(v))}">{html.escape(t)}</span>'
        for v, t in x.ticks
    ]
    if y is not None:
        labels += [
            f'<span class="figgen-player__ytick" style="top:{_percent_position(1 - y.fraction(v))}">{html.escape(t)}</span>'
            for v, t in y.ticks
        ]
    return f'<span class="figgen-player__ticks" aria-hidden="true">{"".join(labels)}</span>'


def _grid_svg(x: Axis, y: Axis) -> str:
    """Grid lines at the ticks and the plot's border, in the VIEWBOX box."""
    lines = [f'<line x1="{x.fraction(v) * VIEWBOX:.1f}" y1="0" x2="{x.fraction(v) * VIEWBOX:.1f}" y2="{VIEWBOX}"/>' for v, _ in x.ticks]
    lines += [
        f'<line x1="0" y1="{(1 - y.fraction(v)) * VIEWBOX:.1f}" x2="{VIEWBOX}" y2="{(1 - y.fraction(v)) * VIEWBOX:.1f}"/>'
        for v, _ in y.ticks
    ]
    return f'<g class="figgen-player__grid">{"".join(lines)}</g><rect class="figgen-player__border" width="{VIEWBOX}" height="{VIEWBOX}"/>'


def _dot(kind: str, x: Axis, y: Axis, step: float, value: float) -> str:
    """The marker of the shown frame on curve `kind`, an HTML span placed by percentage."""
    left, top = _percent_position(x.fraction(step)), _percent_position(1 - y.fraction(value))
    return f'<span class="figgen-player__dot figgen-player__dot--{kind}" data-curve="{kind}" style="left:{left};top:{top}"></span>'


def _plot(title: str, legend: str, summary: str, x: Axis, y: Axis, curves: Sequence[tuple[str, Sequence[float]]], steps: Sequence[float]) -> str:
    """One curve panel: a title (with legend), the SVG curves with their tick labels, the
    step axis's label. Each curve is drawn in full (the final frame); the script shortens it."""
    lines = "".join(
        f'<polyline class="figgen-player__curve figgen-player__curve--{kind}" data-curve="{kind}" points="{_points(x, y, steps, values)}"/>'
        for kind, values in curves
    )
    dots = "".join(_dot(kind, x, y, steps[-1], values[-1]) for kind, values in curves)
    svg = (
        f'<svg class="figgen-player__svg" viewBox="0 0 {VIEWBOX} {VIEWBOX}" preserveAspectRatio="none" '
        f'role="img" aria-label="{html.escape(summary, quote=True)}">{_grid_svg(x, y)}{lines}</svg>'
    )
    return (
        f'<div class="figgen-player__panel">'
        f'<div class="figgen-player__title">{html.escape(title)}{legend}</div>'
        f'<div class="figgen-player__axes"><div class="figgen-player__box figgen-player__plot">{svg}{dots}{_ticks_html(x, y)}'
        f'<span class="figgen-player__xlabel">{html.escape(text("step_axis"))}</span></div></div>'
        f"</div>"
    )


def _legend_item(kind: str, label: str) -> str:
    """A legend entry: a short sample of the curve's line, then its label."""
    sample = (
        f'<svg class="figgen-player__sample" viewBox="0 0 24 8" aria-hidden="true">'
        f'<line class="figgen-player__curve--{kind}" x1="1" y1="4" x2="23" y2="4"/></svg>'
    )
    return f'<span class="figgen-player__legend-item">{sample}{html.escape(label)}</span>'


def _marker_item(k: int, label: str) -> str:
    """A legend entry of the plane: the class's marker (circle or triangle), then its label."""
    shape = '<circle cx="5" cy="5" r="4"/>' if k == 0 else '<path d="M5 0.5 L9.5 9 L0.5 9 Z"/>'
    return (
        f'<span class="figgen-player__legend-item"><svg class="figgen-player__marker figgen-player__marker--{k}" '
        f'viewBox="0 0 10 10" aria-hidden="true">{shape}</svg>{html.escape(label)}</span>'
    )


# -- the player -------------------------------------------------------------------------------


def _colour_style() -> str:
    """CSS variables with the themes' colours (figgen.style), one per colour and palette;
    figgen.css picks the palette's."""
    names = {"ink": "text", "muted": "muted", "accent": "accent"}
    out = []
    for theme in (LIGHT, DARK):
        for var, attr in names.items():
            out.append(f"--figgen-{var}-{theme.name}:{getattr(theme, attr)}")
        for k, colour in enumerate(theme.classes):
            out.append(f"--figgen-class{k}-{theme.name}:{colour}")
    return ";".join(out)


def _plane(run: TrainResult, columns: int, rows: int, final: int, root: str = "") -> str:
    """The decision plane: a square view onto the sprite sheet's cell of frame `final`, in
    both palettes (mkdocs-material shows the #only-light or the #only-dark image)."""
    name = run.config.name
    alt = html.escape(
        text("plane_alt", low=f"{-PLANE_LIMIT:g}", high=f"{PLANE_LIMIT:g}", points=number("count", run.config.data.n_points)),
        quote=True,
    )
    row, column = divmod(final, columns)
    images = "".join(
        f'<img class="off-glb figgen-player__sprite" src="{root}{sprite_path(name, theme)}#only-{theme.name}" alt="{alt}" '
        f'width="{columns * PLANE_PIXELS}" height="{rows * PLANE_PIXELS}" loading="lazy" decoding="async">'
        for theme in (LIGHT, DARK)
    )
    axis = Axis(-PLANE_LIMIT, PLANE_LIMIT, tuple((t, f"{t:g}".replace("-", "\u2212")) for t in PLANE_TICKS))
    legend = _marker_item(0, text("class_0")) + _marker_item(1, text("class_1"))
    # the box holds the tick labels; the view inside it clips the sprite sheet to one cell
    view = (
        f'<div class="figgen-player__box" style="width:{PLANE_PIXELS}px">'
        f'<div class="figgen-player__view" '
        f'style="--figgen-columns:{columns};--figgen-rows:{rows};--figgen-column:{column};--figgen-row:{row}">'
        f"{images}</div>{_ticks_html(axis, axis)}"
        f'<span class="figgen-player__xlabel" aria-hidden="true">{html.escape(text("x1"))}</span></div>'
    )
    return (
        f'<div class="figgen-player__panel figgen-player__panel--plane">'
        f'<div class="figgen-player__title">{html.escape(text("plane_title"))}<span class="figgen-player__legend">{legend}</span></div>'
        f'<div class="figgen-player__axes">{view}'
        f'<span class="figgen-player__ylabel" aria-hidden="true">{html.escape(text("x2"))}</span></div>'
        f"</div>"
    )


def player_html(run: TrainResult, number_in_page: int, root: str = "") -> str:
    """The player of `run` as one HTML block (no blank line, so Markdown keeps it whole),
    showing the final frame; `number_in_page` is its animation number in the article, `root`
    the site's root seen from the page ("../" under es/)."""
    from figgen.encode import GIF_FIRST_MS, GIF_FRAME_MS
    from figgen.train import accuracy_path

    name = run.config.name
    count = len(run.step)
    columns, rows = sprite_grid(count)
    final = count - 1
    texts = frame_texts(run)
    steps = [float(s) for s in run.step]
    x = step_axis(run)
    points = number("count", run.config.heldout.n_points)

    acc_legend = (
        '<span class="figgen-player__legend">'
        + _legend_item("accuracy", text("training_curve"))
        + _legend_item("heldout", text("heldout_curve", points=points))
        + "</span>"
    )
    accuracy_plot = _plot(
        text("accuracy_title"),
        acc_legend,
        text(
            "accuracy_summary",
            path=accuracy_path(run).text(),  # not only where it starts and ends (issue 10, point 9)
            accuracy_0=texts[0].accuracy, accuracy_1=texts[-1].accuracy,
            heldout_0=texts[0].heldout, heldout_1=texts[-1].heldout,
        ),
        x,
        accuracy_axis(run),
        (("accuracy", [float(v) for v in run.accuracy]), ("heldout", [float(v) for v in run.heldout_accuracy])),
        steps,
    )
    loss_plot = _plot(
        text("loss_title"),
        "",
        text("loss_summary", loss_0=texts[0].loss, loss_1=texts[-1].loss),
        x,
        loss_axis(run),
        (("loss", [float(v) for v in run.loss]),),
        steps,
    )
    readout = "".join(
        f'<div><dt>{html.escape(text(key))}</dt><dd data-readout="{key}">{html.escape(getattr(texts[final], key))}</dd></div>'
        for key in ("step", "accuracy", "heldout", "loss")
    )
    data = {
        "firstMs": GIF_FIRST_MS,
        "frameMs": GIF_FRAME_MS,
        "columns": columns,
        "play": text("play"),
        "pause": text("pause"),
        "frames": [[t.step, t.accuracy, t.heldout, t.loss, t.valuetext] for t in texts],
    }
    data_json = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    controls = (
        f'<div class="figgen-player__controls" hidden>'
        f'<button type="button" class="figgen-player__play">{html.escape(text("play"))}</button>'
        f'<input type="range" class="figgen-player__slider" min="0" max="{final}" step="1" value="{final}" '
        f'aria-label="{html.escape(text("slider"), quote=True)}" aria-valuetext="{html.escape(texts[final].valuetext, quote=True)}">'
        f"</div>"
    )
    gifs = [(theme, gif_path(name, theme, language())) for theme in (LIGHT, DARK)]  # in the page's language
    downloads = (
        f'<p class="figgen-player__downloads">{html.escape(text("download"))} '
        + ", ".join(
            f'<a href="{root}{path}" download="{path.split("/")[-1]}">{html.escape(text("download_" + theme.name))}</a>'
            for theme, path in gifs
        )
        + "</p>"
    )
    label = text(
        "group",
        number=number_in_page,
        hidden=run.config.hidden,
        biases=text("with_biases" if run.config.bias else "without_biases"),
    )
    return (
        f'<div class="figgen-player" role="group" aria-label="{html.escape(label, quote=True)}" '
        f'data-figgen-player style="{_colour_style()}">'
        f'<div class="figgen-player__panels">{_plane(run, columns, rows, final, root)}{accuracy_plot}{loss_plot}</div>'
        f"{controls}"
        f'<dl class="figgen-player__readout">{readout}</dl>'
        f"{downloads}"
        f'<script type="application/json" class="figgen-player__data">{data_json}</script>'
        f"</div>"
    )

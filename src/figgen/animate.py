"""The training animations' frames: drawn once per frame and updated in place.

Two drawings of a run, frame by frame:

- `TrainingFigure`, the GIF's three panels: left to right the training accuracy so far, the
  decision boundary (the input plane filled with the class the network predicts there, the
  300 training points on top) and the loss so far; panel titles carry the current accuracy,
  step and loss. The GIF is a download and `figgen animate`'s output. Its words are
  templates (`GIF_TEXT`, and the player's step-axis label), so it is drawn in each language;
  the pictures of a frame are drawn once and each language's words over a copy of them.
- `PlaneFigure`, the decision plane alone, square, without any text: the frames of the
  article's player (figgen.player), which sets titles, ticks and numbers as HTML and draws
  the curves itself.

Frames are drawn in the light theme only, rasterized, and snapped to one small palette built
from the theme's colours and their blends (`Palette`). The dark variant is the same index
frames with each palette entry replaced by its dark-theme counterpart, so nothing is drawn
twice. `render_animation(run)` returns the site's files for one run:

- ``animations/<name>.gif`` and ``animations/<name>.dark.gif``: looping GIFs,
  ``len(run.step)`` frames of 720 x 290 pixels (FIGURE_WIDTH x ANIMATION_HEIGHT inches at
  ANIMATION_DPI), timing set by figgen.encode.gif_bytes; the same with each other language's
  words, ``animations/<name>-es(.dark).gif`` (figgen.player.gif_path);
- ``animations/<name>.plane.webp`` and ``animations/<name>.plane.dark.webp``: the player's
  sprite sheet, every plane frame (PLANE_PIXELS square) in a grid of
  figgen.player.sprite_grid cells, row by row, as a lossless WebP.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import ListedColormap, to_rgb
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, PercentFormatter
from PIL import Image

from figgen.i18n import DEFAULT, LANGUAGES, language, localized, tr
from figgen.network import Params, make_xor_data, predict
from figgen.player import (
    PLANE_LIMIT, PLANE_PIXELS, SYMLOG_LINSCALE, SYMLOG_LINTHRESH, gif_path, sprite_grid, sprite_path,
    step_tick_label,
)
from figgen.style import DARK, LIGHT, SMALL_SIZE, TEXT_SIZE, FIGURE_WIDTH, Theme
from figgen.train import TrainResult

ANIMATION_DPI = 100  # FIGURE_WIDTH inches at 100 dpi: 720 px, the article column's width
ANIMATION_HEIGHT = 2.9  # inches; three panels side by side, the middle one square
PLANE_GRID = 160  # cells per side of the predicted-class grid: 2 px each in the player's frames
PLANE_MARKER_AREA = 1.6  # the player's plane is 1.65 times the GIF's: markers grow, a little less
REGION_ALPHA = 0.28  # strength of the class tint that fills each decision region
BLEND_LEVELS = (0.2, 0.4, 0.6, 0.8)  # antialiasing blends kept in the palette, per colour pair

# The GIF's words: the panels' titles, with the shown frame's numbers (str.format templates;
# numbers keep the decimal point in every language). The step axes' label is the player's
# (figgen.player.PLAYER_TEXT["step_axis"]): the same words under the same axes.
GIF_TEXT: Mapping[str, str] = localized("animate", {
    "accuracy": "accuracy {accuracy:.1%}",
    "step": "step {step:,} of {steps:,}",
    "loss": "loss {loss:.4f}",
})


def gif_text(key: str, lang: str, **values: object) -> str:
    """GIF_TEXT[key] in `lang`, with `values` filled in."""
    return tr("animate", key, lang).format(**values)


def region_colours(theme: Theme) -> tuple[str, str]:
    """The fill of the class-0 and class-1 decision regions: the class colours, faded."""
    page = np.array(to_rgb(theme.page))
    tints = []
    for colour in theme.classes:
        rgb = REGION_ALPHA * np.array(to_rgb(colour)) + (1 - REGION_ALPHA) * page
        tints.append("#" + "".join(f"{round(c * 255):02x}" for c in rgb))
    return tints[0], tints[1]


def _inks(theme: Theme) -> list[str]:
    """Every colour the frame is drawn with, in a fixed order shared by all themes."""
    return [theme.page, theme.text, theme.muted, *theme.classes, *region_colours(theme)]


@dataclass(frozen=True)
class Palette:
    """The shared palette: each ink and each blend of two inks, in the light and dark theme.

    Entry k is the same mixture in both themes, so a frame drawn in light and snapped to
    `light` turns into the dark frame by looking its indices up in `dark`.
    """

    light: np.ndarray  # (P, 3) uint8
    dark: np.ndarray  # (P, 3) uint8

    def colours(self, theme: Theme) -> np.ndarray:
        """(P, 3) uint8 palette of `theme` ("light" or "dark")."""
        return {"light": self.light, "dark": self.dark}[theme.name]


def make_palette(light: Theme = LIGHT, dark: Theme = DARK) -> Palette:
    """Inks and their pairwise blends at BLEND_LEVELS, deduplicated, in the two themes."""
    pairs = {}
    for a, b in zip(_inks(light), _inks(dark)):
        pairs.setdefault((a, b), (np.array(to_rgb(a)), np.array(to_rgb(b))))
    inks = list(pairs.values())
    light_rows = [ink[0] for ink in inks]
    dark_rows = [ink[1] for ink in inks]
    for i in range(len(inks)):
        for j in range(i + 1, len(inks)):
            for w in BLEND_LEVELS:
                light_rows.append(w * inks[i][0] + (1 - w) * inks[j][0])
                dark_rows.append(w * inks[i][1] + (1 - w) * inks[j][1])
    to_bytes = lambda rows: np.round(np.array(rows) * 255).astype(np.uint8)  # noqa: E731
    return Palette(light=to_bytes(light_rows), dark=to_bytes(dark_rows))


def quantize(rgb: np.ndarray, palette: np.ndarray) -> np.ndarray:
    """Indices (H, W) uint8 of the nearest `palette` (P, 3) colour for each pixel of rgb (H, W, 3)."""
    pal_image = Image.new("P", (1, 1))
    flat = palette.reshape(-1).tolist()
    # Pillow wants 256 entries: pad with copies of entry 0, so no spare (black) entry can win,
    # and send any pick of a copy back to entry 0 (the same colour, and one the dark palette has).
    pal_image.putpalette(flat + flat[:3] * (256 - len(palette)))
    snapped = np.asarray(Image.fromarray(rgb).quantize(palette=pal_image, dither=Image.Dither.NONE))
    return np.where(snapped < len(palette), snapped, 0).astype(np.uint8)


def _float32(params: Params) -> Params:
    """`params` in single precision, for drawing only."""
    return Params(*(np.asarray(w, dtype=np.float32) for w in (params.W1, params.b1, params.W2, params.b2)))


class DecisionGrid:
    """The cell centres of the input plane and the class a run predicts in each, per frame
    (computed once per frame: the GIF and the player's frames share them)."""

    def __init__(self, run: TrainResult) -> None:
        self.run = run
        self._classes: dict[int, np.ndarray] = {}
        edges = np.linspace(-PLANE_LIMIT, PLANE_LIMIT, PLANE_GRID + 1)
        centres = (edges[:-1] + edges[1:]) / 2
        gx, gy = np.meshgrid(centres, centres)
        # (G*G, 2), row by row from the bottom. float32: the picture needs no more precision
        # (a cell could only flip within ~1e-6 of the boundary) and it halves the cost.
        self._grid = np.column_stack([gx.ravel(), gy.ravel()]).astype(np.float32)

    def classes(self, i: int) -> np.ndarray:
        """(G, G) predicted class of each cell at frame i, row 0 at the bottom."""
        if i not in self._classes:
            self._classes[i] = predict(_float32(self.run.params[i]), self._grid).reshape(PLANE_GRID, PLANE_GRID)
        return self._classes[i]


def draw_plane(ax: Any, run: TrainResult, theme: Theme, marker_area: float = 1.0) -> list[Any]:
    """Draw the decision plane of `run` on `ax`: the class regions (all class 0 until the first
    `set_data`), the axes through the origin and the training points; returns those artists,
    all animated, the region first. `marker_area` scales the points' area."""
    X, y = make_xor_data(run.config.data)  # (N, 2), (N, 2)
    region = ax.imshow(
        np.zeros((PLANE_GRID, PLANE_GRID)),
        cmap=ListedColormap(list(region_colours(theme))),
        vmin=0,
        vmax=1,
        origin="lower",
        extent=(-PLANE_LIMIT, PLANE_LIMIT, -PLANE_LIMIT, PLANE_LIMIT),
        interpolation="nearest",
        animated=True,
    )
    # The axes through the origin: without biases every boundary passes through it.
    origin = [
        ax.axhline(0, color=theme.muted, linewidth=0.8, linestyle=(0, (3, 3)), zorder=2, animated=True),
        ax.axvline(0, color=theme.muted, linewidth=0.8, linestyle=(0, (3, 3)), zorder=2, animated=True),
    ]
    label = np.argmax(y, axis=1)  # (N,) class of each point
    # The points do not change, but lie on top of the region, which does: redrawn each frame.
    # Shape as well as colour tells the classes apart, as in the static figures.
    points = [
        ax.scatter(
            X[label == k, 0], X[label == k, 1], s=size * marker_area, marker=marker, color=theme.classes[k],
            edgecolors=theme.page, linewidths=0.5, zorder=3, animated=True,
        )
        for k, marker, size in ((0, "o", 13), (1, "^", 17))
    ]
    ax.set_xlim(-PLANE_LIMIT, PLANE_LIMIT)
    ax.set_ylim(-PLANE_LIMIT, PLANE_LIMIT)
    return [region, *origin, *points]


class _Blitted:
    """A figure whose still parts are drawn once and whose `_animated` artists are drawn on
    top of them per frame (matplotlib's blitting, several times faster than a full draw).

    Its `_words` (texts that change with the language, or with the frame) are drawn last, over
    the rest, so one frame's pictures serve every language (`pixels_by_language`); none of them
    overlaps another artist, so the order changes no pixel. Drawing a text costs about as much
    as a frame's pictures (each glyph is rendered anew), so a word in `_still_words` (the same
    in every frame, such as an axis label) is drawn once per text and its pixels stamped
    after that.
    """

    figure: Figure
    _animated: list[Any]  # in drawing (zorder) order
    _words: Sequence[Any] = ()  # matplotlib Text artists, drawn after `_animated`
    _still_words: tuple[Any, ...] = ()  # those of `_words` whose text no frame changes
    lang: str = DEFAULT  # the language of the words
    _background: Any = None
    _stamps: dict[tuple[int, str], Any]  # (id of a still word, its text) -> its pixels over the background

    def set_language(self, lang: str) -> None:
        """Set the words in `lang` (a figure without words has nothing to set)."""

    def _draw_pictures(self) -> None:
        """Draw everything but the words: the background once (copied), then the animated artists."""
        canvas = self.figure.canvas
        if self._background is None:
            # lays out and draws everything that is not animated, without the words (an axis
            # label is drawn with its axis, animated or not: it is blank for this draw)
            texts = [word.get_text() for word in self._words]
            for word in self._words:
                word.set_text("")
            canvas.draw()
            for word, text in zip(self._words, texts):
                word.set_text(text)
            self._background = canvas.copy_from_bbox(self.figure.bbox)
            self._stamps = {}
        else:
            canvas.restore_region(self._background)
        for artist in self._animated:
            self.figure.draw_artist(artist)

    def _draw_words(self) -> np.ndarray:
        """Draw the words over what is drawn; RGB (H, W, 3) uint8 of the result."""
        canvas = self.figure.canvas
        for word in self._words:
            key = (id(word), word.get_text())
            if key in self._stamps:
                canvas.restore_region(self._stamps[key])
                continue
            self.figure.draw_artist(word)
            if word in self._still_words:
                # its box and a margin for antialiasing: nothing else is drawn there
                box = word.get_window_extent(canvas.get_renderer()).padded(3)
                self._stamps[key] = canvas.copy_from_bbox(box)
        return np.asarray(canvas.buffer_rgba())[..., :3].copy()

    def pixels(self) -> np.ndarray:
        """RGB (H, W, 3) uint8 of the figure as it is now (after `show`)."""
        self._draw_pictures()
        return self._draw_words()

    def pixels_by_language(self, langs: Sequence[str]) -> dict[str, np.ndarray]:
        """{lang: RGB (H, W, 3) uint8} of the shown frame in each of `langs`: the pictures are
        drawn once, and each language's words over a copy of them. The figure keeps its language."""
        canvas = self.figure.canvas
        self._draw_pictures()
        pictures = canvas.copy_from_bbox(self.figure.bbox)
        kept = self.lang
        out = {}
        for k, lang in enumerate(langs):
            if k:
                canvas.restore_region(pictures)
            self.set_language(lang)
            out[lang] = self._draw_words()
        self.set_language(kept)
        return out


class TrainingFigure(_Blitted):
    """The three-panel figure of one run (the GIF's frames), built once; `show(i)` moves it to
    frame i, `set_language(lang)` changes its words (by default the current language's,
    figgen.i18n.using). Everything that changes from frame to frame is an animated artist or
    a word (see `_Blitted`)."""

    def __init__(
        self, run: TrainResult, theme: Theme = LIGHT, grid: DecisionGrid | None = None, lang: str | None = None
    ) -> None:
        self.run = run
        self.lang = lang or language()
        self._frame = 0
        self._grid = grid or DecisionGrid(run)

        fig = Figure(figsize=(FIGURE_WIDTH, ANIMATION_HEIGHT), dpi=ANIMATION_DPI, facecolor=theme.page)
        # Fixed positions (no layout engine): nothing may move from one frame to the next.
        plane_width = 0.27
        plane_height = plane_width * FIGURE_WIDTH / ANIMATION_HEIGHT  # square on the page
        bottom = 0.16
        ax_acc = fig.add_axes((0.085, bottom, 0.215, plane_height))
        ax_plane = fig.add_axes((0.385, bottom, plane_width, plane_height))
        ax_loss = fig.add_axes((0.755, bottom, 0.215, plane_height))
        for ax in (ax_acc, ax_plane, ax_loss):
            ax.set_facecolor(theme.page)
            for spine in ax.spines.values():
                spine.set_color(theme.muted)
            ax.tick_params(colors=theme.text, labelsize=SMALL_SIZE, length=3, color=theme.muted)

        steps = run.step
        last = max(int(steps[-1]), 1)
        for ax in (ax_acc, ax_loss):
            # symlog: linear up to step 10, logarithmic after, like the spacing of the frames
            ax.set_xscale("symlog", linthresh=SYMLOG_LINTHRESH, linscale=SYMLOG_LINSCALE)
            ax.set_xlim(0, last)
            ticks = [t for t in (0, 10, 100, 1_000, 10_000, 100_000, 1_000_000) if t <= last]
            ax.xaxis.set_major_locator(FixedLocator(ticks))
            ax.xaxis.set_minor_locator(FixedLocator([]))
            ax.xaxis.set_major_formatter(lambda v, _pos: step_tick_label(int(v)))
            ax.set_xlabel("", color=theme.text, fontsize=SMALL_SIZE, labelpad=2)  # words: set_language
            ax.grid(True, color=theme.muted, linewidth=0.5, alpha=0.4)
        low_acc = min(0.5, float(np.floor(run.accuracy.min() * 10) / 10))
        ax_acc.set_ylim(low_acc, 1.0 + (1.0 - low_acc) * 0.04)
        ax_acc.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        ax_loss.set_ylim(0, float(np.max(run.loss)) * 1.08)

        # not clipped: the first and the last point sit on the edges of the axes
        line = dict(color=theme.text, linewidth=1.6, animated=True, clip_on=False)
        dot = dict(marker="o", color=theme.text, markersize=4.5, animated=True, clip_on=False)
        (self._acc_line,) = ax_acc.plot([], [], **line)
        (self._acc_dot,) = ax_acc.plot([], [], **dot)
        (self._loss_line,) = ax_loss.plot([], [], **line)
        (self._loss_dot,) = ax_loss.plot([], [], **dot)

        plane = draw_plane(ax_plane, run, theme)
        self._region = plane[0]
        ax_plane.set_xticks([-2, 0, 2])
        ax_plane.set_yticks([-2, 0, 2])
        ax_plane.set_xlabel("$x_1$", color=theme.text, fontsize=SMALL_SIZE, labelpad=1)
        ax_plane.set_ylabel("$x_2$", color=theme.text, fontsize=SMALL_SIZE, labelpad=0)

        title = dict(color=theme.text, fontsize=TEXT_SIZE, loc="left", animated=True)
        self._acc_title = ax_acc.set_title("", **title)
        self._plane_title = ax_plane.set_title("", **title)
        self._loss_title = ax_loss.set_title("", **title)
        self._step_labels = [ax_acc.xaxis.label, ax_loss.xaxis.label]
        self._words = [self._acc_title, self._plane_title, self._loss_title, *self._step_labels]
        self._still_words = tuple(self._step_labels)
        # The spines are redrawn too, so that they lie on top of the region and under the
        # curves' end points exactly as in a full draw (matplotlib draws by zorder).
        spines = [spine for ax in (ax_acc, ax_plane, ax_loss) for spine in ax.spines.values()]
        for spine in spines:
            spine.set_animated(True)
        self._animated = sorted(
            [
                *plane, self._acc_line, self._acc_dot, self._loss_line, self._loss_dot, *spines,
            ],
            key=lambda artist: artist.get_zorder(),
        )
        self.figure = fig
        self.frame_count = len(steps)
        self.set_language(self.lang)
        FigureCanvasAgg(fig)  # attaches itself as fig.canvas

    def show(self, i: int) -> Figure:
        """Update every changing artist in place to frame i (0 <= i < frame_count)."""
        run = self.run
        steps = run.step[: i + 1]
        self._acc_line.set_data(steps, run.accuracy[: i + 1])
        self._acc_dot.set_data(steps[-1:], run.accuracy[i : i + 1])
        self._loss_line.set_data(steps, run.loss[: i + 1])
        self._loss_dot.set_data(steps[-1:], run.loss[i : i + 1])
        self._region.set_data(self._grid.classes(i))
        self._frame = i
        self.set_language(self.lang)
        return self.figure

    def set_language(self, lang: str) -> None:
        """The titles of the shown frame and the step axes' label in `lang`."""
        run, i = self.run, self._frame
        self.lang = lang
        self._acc_title.set_text(gif_text("accuracy", lang, accuracy=float(run.accuracy[i])))
        self._plane_title.set_text(gif_text("step", lang, step=int(run.step[i]), steps=int(run.step[-1])))
        self._loss_title.set_text(gif_text("loss", lang, loss=float(run.loss[i])))
        for label in self._step_labels:
            label.set_text(tr("player", "step_axis", lang))

    def words(self) -> dict[str, str]:
        """The words drawn now, by place: "accuracy", "step" and "loss" (the titles), "step_axis"."""
        return {"accuracy": self._acc_title.get_text(), "step": self._plane_title.get_text(),
                "loss": self._loss_title.get_text(), "step_axis": self._step_labels[0].get_text()}


class PlaneFigure(_Blitted):
    """The decision plane of one run alone: PLANE_PIXELS square, no text, no ticks, a border
    of the theme's muted colour on its outermost pixels. `show(i)` moves it to frame i.

    The border is the same in every frame, so where a browser's scaling of the sprite sheet
    blends a cell's edge with its neighbour's, it blends two equal pixels.
    """

    def __init__(self, run: TrainResult, theme: Theme = LIGHT, grid: DecisionGrid | None = None) -> None:
        self._grid = grid or DecisionGrid(run)
        side = PLANE_PIXELS / ANIMATION_DPI  # inches
        fig = Figure(figsize=(side, side), dpi=ANIMATION_DPI, facecolor=theme.page)
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_facecolor(theme.page)
        ax.set_xticks([])
        ax.set_yticks([])
        plane = draw_plane(ax, run, theme, marker_area=PLANE_MARKER_AREA)
        self._region = plane[0]
        # 2 px wide on the figure's edge: its inner half is the frame's outermost pixel
        border = 2 * 72 / ANIMATION_DPI  # points
        for spine in ax.spines.values():
            spine.set(color=theme.muted, linewidth=border, animated=True)
        self._animated = sorted([*plane, *ax.spines.values()], key=lambda artist: artist.get_zorder())
        self.figure = fig
        self.frame_count = len(run.step)
        FigureCanvasAgg(fig)  # attaches itself as fig.canvas

    def show(self, i: int) -> Figure:
        """Show frame i (0 <= i < frame_count): only the class regions change."""
        self._region.set_data(self._grid.classes(i))
        return self.figure


def rasterize(fig: Figure) -> np.ndarray:
    """RGB (H, W, 3) uint8 of a full (not blitted) draw of `fig`, animated artists included."""
    animated = [a for a in fig.findobj() if a.get_animated()]
    for artist in animated:
        artist.set_animated(False)
    try:
        canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
        canvas.draw()
        return np.asarray(canvas.buffer_rgba())[..., :3].copy()
    finally:
        for artist in animated:
            artist.set_animated(True)


@dataclass(frozen=True)
class AnimationFrames:
    """A run's frames as palette indices; the palette decides the theme."""

    indices: np.ndarray  # (F, H, W) uint8, entries index `palette`
    palette: Palette


def _render(
    figure_class: type, run: TrainResult, on_frame: Callable[[int], None] | None, grid: DecisionGrid | None,
    langs: Sequence[str] = (DEFAULT,),
) -> dict[str, AnimationFrames]:
    """Every frame of `figure_class(run, LIGHT, grid)` in each of `langs`, snapped to the
    shared palette: {lang: frames}."""
    from figgen.style import drawing_context

    palette = make_palette()
    frames: dict[str, list[np.ndarray]] = {lang: [] for lang in langs}
    with drawing_context():
        figure = figure_class(run, LIGHT, grid)
        for i in range(figure.frame_count):
            figure.show(i)
            for lang, rgb in figure.pixels_by_language(langs).items():
                frames[lang].append(quantize(rgb, palette.light))
            if on_frame is not None:
                on_frame(i)
    return {lang: AnimationFrames(indices=np.stack(f), palette=palette) for lang, f in frames.items()}


def render_frames(
    run: TrainResult, on_frame: Callable[[int], None] | None = None, grid: DecisionGrid | None = None,
    lang: str | None = None,
) -> AnimationFrames:
    """The GIF's frames of `run` with `lang`'s words (by default the current language's):
    every three-panel frame, drawn once (light theme) and snapped to the shared palette.
    `on_frame(i)` is called after frame i (a progress bar)."""
    lang = lang or language()
    return _render(TrainingFigure, run, on_frame, grid, (lang,))[lang]


def render_frames_by_language(
    run: TrainResult, langs: Sequence[str] = LANGUAGES, on_frame: Callable[[int], None] | None = None,
    grid: DecisionGrid | None = None,
) -> dict[str, AnimationFrames]:
    """The GIF's frames of `run` in each of `langs` ({lang: frames}): each frame's pictures
    drawn once, each language's words over them (`_Blitted.pixels_by_language`)."""
    return _render(TrainingFigure, run, on_frame, grid, tuple(langs))


def render_plane_frames(run: TrainResult, grid: DecisionGrid | None = None) -> AnimationFrames:
    """The player's frames of `run`: (F, PLANE_PIXELS, PLANE_PIXELS) plane frames, snapped."""
    return _render(PlaneFigure, run, None, grid)[DEFAULT]


def sprite_sheet(indices: np.ndarray) -> np.ndarray:
    """The frames (F, H, W) laid out row by row in figgen.player.sprite_grid's cells, as one
    (rows * H, columns * W) index image; cells after the last frame hold entry 0 (the page)."""
    count, height, width = indices.shape
    columns, rows = sprite_grid(count)
    sheet = np.zeros((rows * height, columns * width), dtype=indices.dtype)
    for i, frame in enumerate(indices):
        row, column = divmod(i, columns)
        sheet[row * height : (row + 1) * height, column * width : (column + 1) * width] = frame
    return sheet


def render_animation(run: TrainResult, on_frame: Callable[[int], None] | None = None) -> dict[str, bytes]:
    """The site's files for one run: GIFs in every language and the player's sprite sheets
    (no words: one for every language), both themes (see module doc). `on_frame(i)` is
    called after each GIF frame."""
    from figgen.encode import gif_bytes, gif_recoloured, webp_lossless_bytes

    grid = DecisionGrid(run)
    frames = render_frames_by_language(run, LANGUAGES, on_frame, grid)
    sheet = sprite_sheet(render_plane_frames(run, grid).indices)
    name = run.config.name
    palette = frames[DEFAULT].palette  # one for every language's frames and the sheet
    files: dict[str, bytes] = {}
    for lang, lang_frames in frames.items():
        light = gif_bytes(lang_frames.indices, palette.light)
        files[gif_path(name, LIGHT, lang)] = light
        # the same frames, the dark palette's colours: only the colour tables change
        files[gif_path(name, DARK, lang)] = gif_recoloured(light, palette.light, palette.dark)
    for theme in (LIGHT, DARK):
        files[sprite_path(name, theme)] = webp_lossless_bytes(sheet, palette.colours(theme))
    return files

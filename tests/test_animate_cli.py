"""`figgen animate`: bad values stop before any work, divergence writes nothing, a run writes a GIF."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from figgen.animate import TrainingFigure, make_palette, rasterize
from figgen.i18n import LANGUAGES, using
from figgen.cli import main
from figgen.config import TrainConfig
from figgen.train import train


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """Exit code and stderr of `figgen <argv>`."""
    try:
        code = main(argv)
    except SystemExit as exc:
        code = exc.code
    return code, capsys.readouterr().err


@pytest.mark.parametrize(
    "option, value, valid",
    [
        ("--hidden", "0", "integer >= 1"),
        ("--hidden", "2.5", "integer >= 1"),
        ("--lr", "0", "number > 0"),
        ("--lr", "-1", "number > 0"),
        ("--lr", "inf", "number > 0"),
        ("--reg", "-0.1", "number >= 0"),
        ("--steps", "0", "integer >= 1"),
        ("--frames", "1", "integer >= 2"),
        ("--lang", "fr", "expected one of en, es"),
    ],
)
def test_bad_values_exit_2_naming_the_option(option, value, valid, tmp_path, capsys):
    out = tmp_path / "run.gif"
    code, err = _run(["animate", option, value, "-o", str(out)], capsys)
    assert code == 2
    assert f"argument {option}: '{value}' is not valid" in err and valid in err
    assert "training" not in err  # stopped before any work
    assert not out.exists()


@pytest.mark.parametrize(
    "where, problem",
    [
        ("missing/run.gif", "does not exist"),
        ("run.png", "ending in .gif"),
        (".", "ending in .gif"),
    ],
)
def test_bad_output_paths_exit_2(where, problem, tmp_path, capsys):
    code, err = _run(["animate", "-o", str(tmp_path / where)], capsys)
    assert code == 2 and "-o/--output" in err and problem in err
    assert "training" not in err


def test_unwritable_folder_exits_2(capsys):
    # /proc refuses new files even for root, so this holds in any container
    code, err = _run(["animate", "-o", "/proc/run.gif"], capsys)
    assert code == 2 and "cannot write in '/proc'" in err


def test_divergence_names_the_step_and_writes_nothing(tmp_path, capsys):
    out = tmp_path / "run.gif"
    code, err = _run(["animate", "--hidden", "3", "--lr", "1000", "--reg", "1", "--steps", "300", "-o", str(out)], capsys)
    assert code == 1
    assert "diverged at step" in err and "use reg below" in err
    assert list(tmp_path.iterdir()) == []  # no GIF, no temporary file


def test_a_small_run_writes_a_looping_gif(tmp_path):
    out = tmp_path / "run.gif"
    result = subprocess.run(
        [sys.executable, "-m", "figgen.cli", "animate", "--hidden", "3", "--lr", "5", "--steps", "60",
         "--frames", "30", "--dark", "-o", str(out)],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "rendering" in result.stderr and "100%" in result.stderr  # the progress bar
    image = Image.open(out)
    assert image.format == "GIF" and image.n_frames == 30 and image.info["loop"] == 0
    image.seek(0)
    assert np.array(image.convert("RGB"))[2, 2].mean() < 60  # --dark: dark page
    assert [p.name for p in tmp_path.iterdir()] == ["run.gif"]


def test_lang_draws_the_words_in_that_language(tmp_path, capsys):
    """`--lang es` writes the same run with Spanish words: the frames differ, the size does not."""
    frames = {}
    for lang in ("en", "es"):
        out = tmp_path / f"run-{lang}.gif"
        code, err = _run(["animate", "--hidden", "3", "--steps", "40", "--frames", "5", "--lang", lang, "-o", str(out)], capsys)
        assert code == 0, err
        image = Image.open(out)
        image.seek(image.n_frames - 1)
        frames[lang] = np.array(image.convert("RGB"))
    assert frames["en"].shape == frames["es"].shape
    assert (frames["en"] != frames["es"]).any(axis=2).sum() > 100  # the titles and labels


def test_frames_drawn_in_place_equal_a_full_draw():
    """The blitted frame (artists updated in place) is exactly what a full redraw gives, in
    each language, also when the words of every language are drawn over one frame's pictures."""
    run = train(TrainConfig(name="tiny", steps=40, frames=10))
    figure = TrainingFigure(run)
    for i in (0, 5, 9):
        figure.show(i)
        by_language = figure.pixels_by_language(LANGUAGES)
        assert figure.lang == "en"  # it keeps its language
        for lang in (*LANGUAGES, "en"):  # and back: the still words' stamps are the drawn words
            figure.set_language(lang)
            full = rasterize(figure.figure)
            np.testing.assert_array_equal(figure.pixels(), full)
            np.testing.assert_array_equal(by_language[lang], full)


def test_the_words_drawn_are_the_languages_and_fit():
    """Each language's titles and step-axis label come from its catalogue, with the frame's
    numbers (decimal point in both); none is English in Spanish; each lies inside the figure
    and clear of the others."""
    from figgen import es

    run = train(TrainConfig(name="tiny", steps=40, frames=10))
    i = 5
    values = dict(accuracy=float(run.accuracy[i]), step=int(run.step[i]), steps=int(run.step[-1]), loss=float(run.loss[i]))
    english = {"accuracy": f"accuracy {values['accuracy']:.1%}", "step": f"step {values['step']:,} of {values['steps']:,}",
               "loss": f"loss {values['loss']:.4f}", "step_axis": "step (log scale)"}
    spanish = {key: es.CATALOGUE["animate"][key].format(**values) for key in ("accuracy", "step", "loss")}
    spanish["step_axis"] = es.CATALOGUE["player"]["step_axis"]
    assert spanish["accuracy"].startswith("exactitud ") and spanish["loss"].startswith("pérdida ")
    assert spanish["step"] == f"paso {values['step']:,} de {values['steps']:,}"
    for lang, expected in (("en", english), ("es", spanish)):
        with using(lang):
            figure = TrainingFigure(run)  # the current language by default
        figure.show(i)
        assert figure.words() == expected
        figure.pixels()
        renderer = figure.figure.canvas.get_renderer()
        page = figure.figure.bbox
        boxes = [word.get_window_extent(renderer) for word in figure._words]
        assert len(boxes) == 5 and all(box.width > 10 for box in boxes)
        for box in boxes:
            assert page.x0 <= box.x0 and box.x1 <= page.x1 and page.y0 <= box.y0 and box.y1 <= page.y1, (lang, box)
        for a in range(len(boxes)):
            for b in range(a + 1, len(boxes)):
                assert not boxes[a].overlaps(boxes[b]), (lang, figure._words[a].get_text(), figure._words[b].get_text())
    assert not set(english.values()) & set(spanish.values())


def test_a_spanish_frame_differs_from_the_english_only_in_its_words():
    """The languages share each frame's pictures: inside the three panels the Spanish and the
    English frames are the same pixels; outside them, the words differ."""
    from figgen.animate import render_frames_by_language

    run = train(TrainConfig(name="tiny", steps=40, frames=10))
    frames = render_frames_by_language(run, ("en", "es"))
    english, spanish = frames["en"].indices, frames["es"].indices
    assert english.shape == spanish.shape
    figure = TrainingFigure(run)
    height = english.shape[1]
    panels = np.zeros(english.shape[1:], dtype=bool)
    for ax in figure.figure.axes:
        box = ax.get_window_extent()  # pixels from the bottom left
        panels[height - int(box.y1) : height - int(box.y0), int(box.x0) : int(box.x1) + 1] = True
    for i in range(len(english)):
        differs = english[i] != spanish[i]
        assert differs.any(), i
        assert not (differs & panels).any(), f"frame {i}: the panels differ by language"


def test_palette_maps_light_to_dark_entry_by_entry():
    palette = make_palette()
    assert palette.light.shape == palette.dark.shape and len(palette.light) <= 256
    assert len({tuple(c) for c in palette.light}) == len(palette.light)  # each entry distinct
    white = np.flatnonzero((palette.light == 255).all(axis=1))
    assert len(white) == 1 and palette.dark[white[0]].mean() < 60  # the page turns dark


def test_rendering_is_deterministic_and_dark_is_the_same_frames():
    from figgen.animate import render_animation

    run = train(TrainConfig(name="tiny", steps=40, frames=10))
    first, second = render_animation(run), render_animation(run)
    assert first == second  # byte for byte
    assert set(first) == {
        "animations/tiny.gif", "animations/tiny.dark.gif",
        "animations/tiny-es.gif", "animations/tiny-es.dark.gif",  # the words in Spanish
        "animations/tiny.plane.webp", "animations/tiny.plane.dark.webp",  # no words: shared
    }
    import io

    light, dark = (Image.open(io.BytesIO(first[f"animations/tiny{s}.gif"])) for s in ("", ".dark"))
    assert light.n_frames == dark.n_frames == 10
    light_rgb, dark_rgb = [], []
    for i in (0, 5, 9):
        light.seek(i)
        dark.seek(i)
        light_rgb.append(np.array(light.convert("RGB")).reshape(-1, 3))
        dark_rgb.append(np.array(dark.convert("RGB")).reshape(-1, 3))
    # one drawing, two palettes: each light colour becomes exactly one dark colour, everywhere
    pairs = np.unique(np.hstack([np.vstack(light_rgb), np.vstack(dark_rgb)]), axis=0)
    n_light = len(np.unique(np.vstack(light_rgb), axis=0))
    n_dark = len(np.unique(np.vstack(dark_rgb), axis=0))
    assert len(pairs) == n_light == n_dark > 10
    assert not np.array_equal(light_rgb[0], dark_rgb[0])


def test_a_recoloured_gif_is_the_gif_encoded_in_the_other_palette():
    """render_animation writes each dark GIF by swapping the light one's colour tables: the
    bytes must be those of encoding the frames with the dark palette."""
    from figgen.animate import render_frames
    from figgen.encode import gif_bytes, gif_recoloured

    run = train(TrainConfig(name="tiny", steps=40, frames=10))
    frames = render_frames(run)
    light = gif_bytes(frames.indices, frames.palette.light)
    dark = gif_bytes(frames.indices, frames.palette.dark)
    assert light != dark
    assert gif_recoloured(light, frames.palette.light, frames.palette.dark) == dark
    assert gif_recoloured(dark, frames.palette.dark, frames.palette.light) == light

    doubled = frames.palette.light.copy()
    doubled[1] = doubled[0]  # one light colour for two dark ones: the tables cannot be swapped
    with pytest.raises(ValueError, match="stands for two colours"):
        gif_recoloured(light, doubled, frames.palette.dark)
    with pytest.raises(ValueError, match="not a GIF"):
        gif_recoloured(b"\x89PNG\r\n", frames.palette.light, frames.palette.dark)

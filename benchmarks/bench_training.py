"""Training and animation timings of the article's runs, for comparing later changes.

Run from the repository root (not a test; nothing is asserted):

    python benchmarks/bench_training.py [--repeat 3]

Prints, per run: wall-clock training time (and per step), then per frame the time to update
the artists in place (`show`, including the decision-boundary grid), to draw them (`pixels`,
blitted), to snap the pixels to the palette, and the time to encode both GIFs, with the
bytes of each file `render_animation` makes (GIFs and the players' sprite sheets, whose
formats benchmarks/bench_sprites.py compares); `encode` covers both themes' GIF. The best of `--repeat` runs is shown (the machine is shared).
"""

from __future__ import annotations

import argparse
import time

import numpy as np


def _best(fn, repeat: int):
    best, out = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - start)
    return best, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the best is shown")
    args = parser.parse_args()

    import matplotlib

    from figgen.animate import TrainingFigure, make_palette, quantize, render_animation, render_frames
    from figgen.encode import gif_bytes
    from figgen.style import DARK, LIGHT
    from figgen.style import drawing_context
    from figgen.config import ARTICLE_RUNS
    from figgen.train import train

    palette = make_palette()
    print(f"palette: {len(palette.light)} colours")
    print(f"{'run':<17} {'train':>8} {'per step':>9} {'frames':>6} {'show':>8} {'pixels':>8} {'snap':>7} "
          f"{'encode':>8}  files")
    for config in ARTICLE_RUNS:
        train_s, run = _best(lambda: train(config), args.repeat)
        frames = len(run.step)
        with drawing_context():
            figure = TrainingFigure(run)
            figure.show(0)
            figure.pixels()  # the first call draws the still parts once
            show = np.zeros(frames)
            draw = np.zeros(frames)
            snap = np.zeros(frames)
            for i in range(frames):
                show[i], _ = _best(lambda: figure.show(i), args.repeat)
                draw[i], rgb = _best(figure.pixels, args.repeat)
                snap[i], _ = _best(lambda: quantize(rgb, palette.light), args.repeat)
        rendered = render_frames(run)

        def encode_all() -> None:
            for theme in (LIGHT, DARK):
                colours = rendered.palette.colours(theme)
                gif_bytes(rendered.indices, colours)

        encode, _ = _best(encode_all, args.repeat)
        total_s, files = _best(lambda: render_animation(run), 1)
        sizes = ", ".join(f"{path.split('/')[-1]} {len(data):,} B" for path, data in files.items())
        print(
            f"{config.name:<17} {train_s:>7.2f}s {train_s / config.steps * 1e6:>7.0f}us {frames:>6} "
            f"{show.mean() * 1e3:>6.1f}ms {draw.mean() * 1e3:>6.1f}ms {snap.mean() * 1e3:>5.1f}ms "
            f"{encode:>7.2f}s  {sizes}"
        )
        print(f"{'':<17} render_animation in all: {total_s:.2f} s ({total_s / frames * 1e3:.0f} ms per frame)")


if __name__ == "__main__":
    main()

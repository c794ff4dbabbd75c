"""What a drawn figure puts on the page, as data: every text with its size, colour and the
colour behind it, and every line, outline and marker with the colour behind it.

`audit(fig)` walks a matplotlib Figure in the order matplotlib paints it and returns an
`Audit`: per text its string, font size (points), gid, box (points from the top-left corner
of the saved file, which `figgen.encode` crops to the drawing plus 0.05 in) and the fills
lying under it; per mark (line, patch outline or face, marker) the same. Colours are kept as
drawn, with the fills as (colour, opacity) layers, so a figure drawn once in placeholder
colours (`figgen.render`) is audited once and `Audit.resolve` gives each theme's pairs.

What counts as "behind": the page, then every filled patch painted earlier that covers the
point (a box fill, a brick face, a text's own background box), composited with its opacity.
A text or mark is sampled at several points (a text's centre and the four corners of its
inner half, a line's vertices and segment midpoints, a patch's outline vertices) and the
worst point counts, so a label straddling two fills is judged on the harder one.

Artists that only decorate (a shading tint on a brick's side, a highlight panel behind a
coloured symbol) are marked with `decorative(artist, why)` and are not judged as marks;
their fills still count as what lies behind other things. Images are not sampled (figgen's
static figures have none).

Numpy and matplotlib only; reusable for any Figure (the animations' too).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Callable, Iterator, Mapping, Sequence

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.axis import Axis as MplAxis
from matplotlib.collections import Collection, PathCollection
from matplotlib.colors import to_hex, to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.path import Path
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from figgen.contrast import GRAPHIC_MIN, TEXT_MIN, composite, contrast_ratio

PAD_INCHES = 0.05  # figgen.encode saves with bbox_inches="tight", pad_inches=0.05
POINTS_PER_INCH = 72.0

Layer = tuple[str, float]  # a fill: (colour as drawn, opacity)


def decorative(artist: Artist, why: str) -> Artist:
    """Mark `artist` as decoration (not judged as a mark that carries meaning); `why` says
    what carries the meaning instead. Returns the artist."""
    artist._figgen_decorative = why  # type: ignore[attr-defined]
    return artist


def is_decorative(artist: Artist) -> bool:
    return bool(getattr(artist, "_figgen_decorative", ""))


@dataclass(frozen=True)
class DrawnText:
    """One text as drawn."""

    text: str
    size: float  # font size in points (sub- and superscripts are drawn at about 70% of it)
    colour: str  # "#rrggbb" as drawn
    alpha: float
    gid: str | None
    box: tuple[float, float, float, float]  # x0, y0, x1, y1 in points from the file's top-left
    behind: tuple[tuple[Layer, ...], ...]  # per sample point, the fills under it, bottom first


@dataclass(frozen=True)
class DrawnMark:
    """One line, patch or marker as drawn: its colour against what lies under it."""

    kind: str  # "line", "outline", "face" or "marker"
    what: str  # a short description for messages: the artist's gid, or its type and place
    colour: str
    alpha: float
    behind: tuple[tuple[Layer, ...], ...]
    alternative: "DrawnMark | None" = None  # a patch's face, when its outline is the mark
    # an outline's other side, per sample point: the fills under the patch and its own face
    inside: tuple[tuple[Layer, ...], ...] | None = None


@dataclass(frozen=True)
class Pair:
    """A colour and what lies behind it, resolved in one theme."""

    what: str
    colour: str
    background: str
    ratio: float
    minimum: float  # what WCAG asks: 4.5 for text, 3 for marks

    @property
    def ok(self) -> bool:
        return self.ratio >= self.minimum - 1e-9


@dataclass
class Audit:
    """Everything one figure drew: its size in points, its texts and its marks."""

    width: float  # points, as the saved file declares it
    height: float
    texts: list[DrawnText] = field(default_factory=list)
    marks: list[DrawnMark] = field(default_factory=list)

    @property
    def min_font_size(self) -> float:
        """The smallest font size any text is drawn with, in points."""
        return min(t.size for t in self.texts)

    def resolve(self, page: str, colour_of: Callable[[str], str] = lambda c: c) -> "ResolvedAudit":
        """Each text and mark against its background in one theme: `page` is the page colour
        behind the (transparent) figure, `colour_of` maps a drawn colour to the theme's colour
        (identity for a figure drawn in the theme itself)."""

        known: dict[tuple[str, float, tuple[Layer, ...]], tuple[float, str, str]] = {}

        def pair(colour: str, alpha: float, layers: tuple[Layer, ...]) -> tuple[float, str, str]:
            # the same colours over the same fills recur hundreds of times in a figure
            key = (colour, alpha, layers)
            if key not in known:
                ground = composite([(colour_of(c), a) for c, a in layers], colour_of(page))
                seen = composite([(colour_of(colour), alpha)], ground)
                known[key] = (contrast_ratio(seen, ground), seen, ground)
            return known[key]

        def worst(colour: str, alpha: float, behind: Sequence[Sequence[Layer]]) -> tuple[str, str, float]:
            ratio, seen, ground = min(pair(colour, alpha, tuple(layers)) for layers in behind)
            return seen, ground, ratio

        texts = []
        for t in self.texts:
            seen, ground, ratio = worst(t.colour, t.alpha, t.behind)
            texts.append(Pair(what=f"text {t.text!r}", colour=seen, background=ground, ratio=ratio,
                              minimum=TEXT_MIN))
        marks = []
        for m in self.marks:
            seen, ground, ratio = worst(m.colour, m.alpha, m.behind)
            if m.inside is not None:
                other = worst(m.colour, m.alpha, m.inside)
                if other[2] > ratio:
                    seen, ground, ratio = other
            if m.alternative is not None:  # an outlined patch is seen by its outline or its face
                alt = worst(m.alternative.colour, m.alternative.alpha, m.alternative.behind)
                if alt[2] > ratio:
                    seen, ground, ratio = alt
            marks.append(Pair(what=f"{m.kind} {m.what}", colour=seen, background=ground, ratio=ratio,
                              minimum=GRAPHIC_MIN))
        return ResolvedAudit(texts=texts, marks=marks)

    def to_json(self, themes: Mapping[str, "ResolvedAudit"]) -> dict[str, Any]:
        """The audit as a JSON-ready dict, with each theme's resolved pairs (rounded)."""
        def pair(p: Pair) -> dict[str, Any]:
            return {"colour": p.colour, "background": p.background, "ratio": round(p.ratio, 2)}

        return {
            "width_pt": round(self.width, 2),
            "height_pt": round(self.height, 2),
            "min_font_pt": round(self.min_font_size, 2),
            "texts": [
                {"text": t.text, "gid": t.gid, "size_pt": round(t.size, 2),
                 "box_pt": [round(v, 2) for v in t.box],
                 **{name: pair(resolved.texts[i]) for name, resolved in themes.items()}}
                for i, t in enumerate(self.texts)
            ],
            "marks": [
                {"kind": m.kind, "what": m.what,
                 **{name: pair(resolved.marks[i]) for name, resolved in themes.items()}}
                for i, m in enumerate(self.marks)
            ],
        }


@dataclass
class ResolvedAudit:
    """An audit's pairs in one theme."""

    texts: list[Pair]
    marks: list[Pair]

    def failures(self) -> list[Pair]:
        return [p for p in self.texts + self.marks if not p.ok]

    def min_text_ratio(self) -> float:
        return min(p.ratio for p in self.texts)

    def min_mark_ratio(self) -> float:
        return min((p.ratio for p in self.marks), default=float("inf"))


# ---------------------------------------------------------------------------------------------
# walking the figure


def paint_order(fig: Figure) -> list[Artist]:
    """The figure's visible artists in the order matplotlib paints them (children sorted by
    zorder, stable, inside each Figure and Axes; a text's background box just before it)."""
    out: list[Artist] = []

    def visit(artist: Artist) -> None:
        if not artist.get_visible():
            return
        if isinstance(artist, (Figure, Axes)):
            # the figure's and the axes' own backgrounds are left out: figgen saves figures
            # transparent (RC_PARAMS savefig.transparent), so the page shows through
            children = [c for c in artist.get_children() if c is not artist.patch]
            if isinstance(artist, Axes):  # as Axes.draw: no frame or axis when they are off
                hidden = set()
                if not (artist.axison and artist.get_frame_on()):
                    hidden |= set(artist.spines.values())
                if not artist.axison:
                    hidden |= set(artist._axis_map.values())
                children = [c for c in children if c not in hidden]
            for child in sorted(children, key=lambda a: a.get_zorder()):
                visit(child)
            return
        if isinstance(artist, MplAxis):  # as Axis.draw: only the ticks inside the view
            out.extend(c for c in (artist.label, artist.offsetText) if c.get_visible())
            for tick in artist._update_ticks():
                for child in tick.get_children():
                    visit(child)
            return
        if isinstance(artist, Text):
            patch = artist.get_bbox_patch()
            if patch is not None:  # the text's own background: judged as what lies behind it
                out.append(decorative(patch, "a text's background box"))
        out.append(artist)
        for child in artist.get_children():
            visit(child)

    visit(fig)
    return out


def _face(artist: Artist) -> tuple[str, float] | None:
    """A patch's fill as (colour, opacity), or None if it has none."""
    if not isinstance(artist, Patch) or not artist.get_fill():
        return None
    r, g, b, a = artist.get_facecolor()
    return (to_hex((r, g, b)), float(a)) if a > 0 else None


def _edge(artist: Patch) -> tuple[str, float] | None:
    r, g, b, a = artist.get_edgecolor()
    if a <= 0 or artist.get_linewidth() <= 0 or artist.get_linestyle() in ("None", "none", " ", ""):
        return None
    return to_hex((r, g, b)), float(a)


def _describe(artist: Artist, points: np.ndarray) -> str:
    gid = artist.get_gid()
    if gid:
        return gid
    x, y = points.mean(axis=0) if len(points) else (0.0, 0.0)
    return f"{type(artist).__name__} near ({x:.0f}, {y:.0f}) px"


class _Walker:
    """Collects texts and marks from the paint order, tracking the fills painted so far."""

    def __init__(self, fig: Figure) -> None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        if not isinstance(fig.canvas, FigureCanvasAgg):
            FigureCanvasAgg(fig)  # a renderer to measure text with (the SVG backend measures alike)
        fig.draw_without_rendering()  # lays out offset boxes, so positions are final
        self.renderer = fig.canvas.get_renderer()
        self.dpi = fig.dpi
        tight = fig.get_tightbbox(self.renderer)  # inches
        self.origin = (tight.x0 - PAD_INCHES, tight.y1 + PAD_INCHES)  # the file's top-left, inches
        self.size = ((tight.width + 2 * PAD_INCHES) * POINTS_PER_INCH,
                     (tight.height + 2 * PAD_INCHES) * POINTS_PER_INCH)
        # the fills painted so far, bottom first: (patch, its outline in display pixels, colour)
        self.fills: list[tuple[Artist, Path, Layer]] = []

    def to_points(self, bbox: Bbox) -> tuple[float, float, float, float]:
        """A display-pixel box as points from the file's top-left corner."""
        x0 = (bbox.x0 / self.dpi - self.origin[0]) * POINTS_PER_INCH
        x1 = (bbox.x1 / self.dpi - self.origin[0]) * POINTS_PER_INCH
        y0 = (self.origin[1] - bbox.y1 / self.dpi) * POINTS_PER_INCH
        y1 = (self.origin[1] - bbox.y0 / self.dpi) * POINTS_PER_INCH
        return (x0, y0, x1, y1)

    def behind(self, points: np.ndarray, exclude: Artist | None = None) -> tuple[tuple[Layer, ...], ...]:
        """Per display point, the fills painted so far that cover it (bottom first)."""
        points = np.atleast_2d(points)
        covers = [
            (layer, path.contains_points(points))
            for patch, path, layer in self.fills if patch is not exclude
        ]
        return tuple(
            tuple(layer for layer, inside in covers if inside[i]) for i in range(len(points))
        )

    def walk(self, fig: Figure) -> Audit:
        audit = Audit(width=self.size[0], height=self.size[1])
        for artist in paint_order(fig):
            if isinstance(artist, Text):
                self._text(artist, audit)
            elif isinstance(artist, Patch):
                self._patch(artist, audit)
            elif isinstance(artist, Line2D):
                self._line(artist, audit)
            elif isinstance(artist, PathCollection):
                self._markers(artist, audit)
            elif isinstance(artist, Collection) and len(artist.get_paths()) and not is_decorative(artist):
                raise TypeError(f"legibility audit: {type(artist).__name__} is not supported; "
                                "draw it as patches or lines, or mark it decorative(artist, why)")
        return audit

    def _text(self, text: Text, audit: Audit) -> None:
        content = text.get_text()
        if not content.strip() or is_decorative(text):
            return
        box = text.get_window_extent(self.renderer)
        if box.width <= 0 or box.height <= 0:
            return
        cx, cy = (box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2
        qx, qy = box.width / 4, box.height / 4
        points = np.array([[cx, cy], [cx - qx, cy - qy], [cx + qx, cy - qy], [cx - qx, cy + qy], [cx + qx, cy + qy]])
        r, g, b, a = to_rgba(text.get_color())
        alpha = a * (text.get_alpha() if text.get_alpha() is not None else 1.0)
        audit.texts.append(DrawnText(
            text=content, size=float(text.get_fontsize()), colour=to_hex((r, g, b)), alpha=float(alpha),
            gid=text.get_gid(), box=self.to_points(box), behind=self.behind(points),
        ))

    def _patch(self, patch: Patch, audit: Audit) -> None:
        verts = patch.get_transform().transform(patch.get_path().vertices)
        verts = verts[np.all(np.isfinite(verts), axis=1)]
        face, edge = _face(patch), _edge(patch)
        if not is_decorative(patch) and len(verts):
            centre = verts.mean(axis=0, keepdims=True)
            face_mark = None
            if face is not None:
                # a face is judged inside the patch, against what lies under the patch
                inside = np.concatenate([centre, verts + (centre - verts) * 0.1])
                face_mark = DrawnMark("face", _describe(patch, verts), face[0], face[1], self.behind(inside))
            if edge is not None:
                # an outline shows the shape's border if it stands out from either side: the
                # outside, or the patch's own fill inside it (where bricks touch, the outside
                # is the neighbour's face)
                outside = self.behind(_outside(verts, centre))
                alpha = edge[1] * (patch.get_alpha() if patch.get_alpha() is not None else 1.0)
                mark = DrawnMark("outline", _describe(patch, verts), edge[0], alpha, outside,
                                 alternative=face_mark)
                if face is not None:
                    mark = replace(mark, inside=tuple(layers + (face,) for layers in outside))
                audit.marks.append(mark)
            elif face_mark is not None:
                audit.marks.append(face_mark)
        if face is not None:
            self.fills.append((patch, patch.get_transform().transform_path(patch.get_path()), face))

    def _line(self, line: Line2D, audit: Audit) -> None:
        if is_decorative(line):
            return
        xy = line.get_transform().transform(np.column_stack([line.get_xdata(), line.get_ydata()]).astype(float))
        xy = xy[np.all(np.isfinite(xy), axis=1)]
        if not len(xy):
            return
        points = np.concatenate([xy, (xy[1:] + xy[:-1]) / 2]) if len(xy) > 1 else xy
        alpha = line.get_alpha() if line.get_alpha() is not None else 1.0
        if line.get_linestyle() not in ("None", "none", " ", "") and line.get_linewidth() > 0:
            r, g, b, a = to_rgba(line.get_color())
            audit.marks.append(DrawnMark("line", _describe(line, xy), to_hex((r, g, b)), a * alpha,
                                         self.behind(points)))
        if line.get_marker() not in (None, "None", "none", "", " "):
            # a marker is seen by its fill or its edge (a tick mark has only an edge)
            behind = self.behind(xy)
            what = _describe(line, xy)
            candidates = []
            for colour, width in ((line.get_markerfacecolor(), 1.0 if line._marker.is_filled() else 0.0),
                                  (line.get_markeredgecolor(), line.get_markeredgewidth())):
                r, g, b, a = to_rgba(colour)
                if a > 0 and width > 0:
                    candidates.append(DrawnMark("marker", what, to_hex((r, g, b)), a * alpha, behind))
            if candidates:
                audit.marks.append(replace(candidates[-1], alternative=candidates[0] if len(candidates) > 1 else None))

    def _markers(self, collection: PathCollection, audit: Audit) -> None:
        if is_decorative(collection):
            return
        offsets = collection.get_offset_transform().transform(collection.get_offsets())
        faces = collection.get_facecolors()
        edges = collection.get_edgecolors()
        widths = collection.get_linewidths()
        for i, point in enumerate(offsets):
            behind = self.behind(point[None, :])
            face = faces[i % len(faces)] if len(faces) else None
            edge = edges[i % len(edges)] if len(edges) and len(widths) and widths[i % len(widths)] > 0 else None
            what = _describe(collection, point[None, :])
            face_mark = (DrawnMark("marker", what, to_hex(face[:3]), float(face[3]), behind)
                         if face is not None and face[3] > 0 else None)
            if edge is not None and edge[3] > 0:
                audit.marks.append(DrawnMark("marker", what, to_hex(edge[:3]), float(edge[3]), behind,
                                             alternative=face_mark))
            elif face_mark is not None:
                audit.marks.append(face_mark)


def _outside(verts: np.ndarray, centre: np.ndarray, pixels: float = 1.5) -> np.ndarray:
    """Points just outside a patch's outline (each vertex pushed away from the centre)."""
    away = verts - centre
    norms = np.hypot(away[:, 0], away[:, 1])
    norms[norms == 0] = 1.0
    return verts + away / norms[:, None] * pixels


def audit(fig: Figure) -> Audit:
    """Every text and mark of `fig`, with what lies behind it (see the module docstring)."""
    return _Walker(fig).walk(fig)


def iter_failures(resolved: Mapping[str, ResolvedAudit]) -> Iterator[tuple[str, Pair]]:
    """(theme name, pair) for every pair below its WCAG minimum."""
    for name, result in resolved.items():
        for pair in result.failures():
            yield name, pair


__all__ = [
    "decorative", "is_decorative", "DrawnText", "DrawnMark", "Pair", "Audit", "ResolvedAudit",
    "paint_order", "audit", "iter_failures",
]

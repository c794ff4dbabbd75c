"""Colour arithmetic for legible figures: WCAG contrast, alpha compositing, colour-blindness.

Numpy only, no matplotlib, so the figures, the animations and the tests can all use it.
Colours are hex strings ("#rrggbb", "#rgb", "#rrggbbaa") or RGB(A) tuples of floats in 0..1.

- `contrast_ratio(fg, bg)`: the WCAG 2.x ratio, 1..21 (text needs 4.5, graphics 3).
- `composite(layers, base)`: what the eye sees where translucent fills lie on a base colour.
- `simulate(colour, kind)`: the colour as a reader with protanopia, deuteranopia or tritanopia
  sees it (Machado, Oliveira & Fernandes 2009, severity 1.0, applied in linear sRGB).
- `delta_e(a, b)`: CIEDE2000 colour difference (about 2.3 is "just noticeable").
- `cvd_distances(colours)`: the smallest CIEDE2000 distance between any two of `colours`,
  under normal vision and each simulated deficiency.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Mapping, Sequence, Union

import numpy as np

Colour = Union[str, Sequence[float]]

# WCAG 2.2 thresholds (success criteria 1.4.3 and 1.4.11).
TEXT_MIN = 4.5  # text against its background
GRAPHIC_MIN = 3.0  # lines, outlines and markers that carry meaning, against what is behind them

# Machado et al. (2009), table of simulation matrices, severity 1.0 (dichromacy). They act on
# linear sRGB, as in colorspacious.
CVD_MATRICES: Mapping[str, np.ndarray] = {
    "protan": np.array([[0.152286, 1.052583, -0.204868],
                        [0.114503, 0.786281, 0.099216],
                        [-0.003882, -0.048116, 1.051998]]),
    "deutan": np.array([[0.367322, 0.860646, -0.227968],
                        [0.280085, 0.672501, 0.047413],
                        [-0.011820, 0.042940, 0.968881]]),
    "tritan": np.array([[1.255528, -0.076749, -0.178779],
                        [-0.078411, 0.930809, 0.147602],
                        [0.004733, 0.691367, 0.303900]]),
}
VISIONS: tuple[str, ...] = ("normal", *CVD_MATRICES)


def rgba(colour: Colour) -> tuple[float, float, float, float]:
    """`colour` as (r, g, b, a) floats in 0..1; raises ValueError naming a colour it cannot read."""
    if isinstance(colour, str):
        text = colour.strip().lstrip("#")
        if len(text) in (3, 4):
            text = "".join(c * 2 for c in text)
        if len(text) not in (6, 8) or any(c not in "0123456789abcdefABCDEF" for c in text):
            raise ValueError(f"colour {colour!r} is not valid: expected #rgb, #rrggbb or #rrggbbaa")
        values = [int(text[i:i + 2], 16) / 255 for i in range(0, len(text), 2)]
        return (values[0], values[1], values[2], values[3] if len(values) == 4 else 1.0)
    values = [float(v) for v in colour]
    if len(values) not in (3, 4) or not all(0.0 <= v <= 1.0 for v in values):
        raise ValueError(f"colour {colour!r} is not valid: expected 3 or 4 floats in 0..1")
    return (values[0], values[1], values[2], values[3] if len(values) == 4 else 1.0)


def to_hex(colour: Colour) -> str:
    """`colour` as "#rrggbb" (alpha dropped)."""
    r, g, b, _ = rgba(colour)
    return "#" + "".join(f"{round(v * 255):02x}" for v in (r, g, b))


def _linear(channel: np.ndarray) -> np.ndarray:
    """sRGB-encoded 0..1 -> linear light (IEC 61966-2-1)."""
    return np.where(channel <= 0.04045, channel / 12.92, ((channel + 0.055) / 1.055) ** 2.4)


def _encoded(channel: np.ndarray) -> np.ndarray:
    """Linear light 0..1 -> sRGB-encoded 0..1."""
    channel = np.clip(channel, 0.0, 1.0)
    return np.where(channel <= 0.0031308, channel * 12.92, 1.055 * channel ** (1 / 2.4) - 0.055)


def relative_luminance(colour: Colour) -> float:
    """WCAG relative luminance of an opaque colour, 0 (black) .. 1 (white)."""
    r, g, b = _linear(np.array(rgba(colour)[:3]))
    return float(0.2126 * r + 0.7152 * g + 0.0722 * b)


def contrast_ratio(foreground: Colour, background: Colour) -> float:
    """WCAG contrast ratio of two opaque colours, 1..21 (order does not matter)."""
    a, b = relative_luminance(foreground), relative_luminance(background)
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


def composite(layers: Sequence[tuple[Colour, float]], base: Colour) -> str:
    """The colour seen where `layers` ((colour, opacity), bottom first) are painted over the
    opaque `base`, blending in sRGB as browsers and matplotlib do. Returns "#rrggbb"."""
    out = np.array(rgba(base)[:3])
    for colour, alpha in layers:
        r, g, b, a = rgba(colour)
        a *= float(alpha)
        out = out * (1 - a) + np.array([r, g, b]) * a
    return to_hex(tuple(float(v) for v in out))


def simulate(colour: Colour, kind: str) -> str:
    """`colour` as seen with the colour-vision deficiency `kind` ("normal", "protan", "deutan"
    or "tritan"), by Machado et al. (2009) at severity 1.0. Returns "#rrggbb"."""
    if kind == "normal":
        return to_hex(colour)
    if kind not in CVD_MATRICES:
        raise ValueError(f"colour vision {kind!r} is not valid: expected one of {', '.join(VISIONS)}")
    linear = _linear(np.array(rgba(colour)[:3]))
    return to_hex(tuple(float(v) for v in _encoded(CVD_MATRICES[kind] @ linear)))


def lab(colour: Colour) -> np.ndarray:
    """CIELAB (D65) of an sRGB colour: (L, a, b)."""
    linear = _linear(np.array(rgba(colour)[:3]))
    xyz = np.array([[0.4124564, 0.3575761, 0.1804375],
                    [0.2126729, 0.7151522, 0.0721750],
                    [0.0193339, 0.1191920, 0.9503041]]) @ linear
    white = np.array([0.95047, 1.0, 1.08883])
    t = xyz / white
    f = np.where(t > (6 / 29) ** 3, np.cbrt(t), t / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def delta_e_lab(lab1: Sequence[float], lab2: Sequence[float]) -> float:
    """CIEDE2000 difference of two CIELAB colours (Sharma, Wu & Dalal 2005)."""
    L1, a1, b1 = (float(v) for v in lab1)
    L2, a2, b2 = (float(v) for v in lab2)
    c_mean = (np.hypot(a1, b1) + np.hypot(a2, b2)) / 2
    g = 0.5 * (1 - np.sqrt(c_mean ** 7 / (c_mean ** 7 + 25 ** 7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = np.hypot(a1p, b1), np.hypot(a2p, b2)
    h1p = np.degrees(np.arctan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = np.degrees(np.arctan2(b2, a2p)) % 360 if c2p else 0.0
    dLp, dCp = L2 - L1, c2p - c1p
    dh = h2p - h1p
    if c1p * c2p == 0:
        dh = 0.0
    elif dh > 180:
        dh -= 360
    elif dh < -180:
        dh += 360
    dHp = 2 * np.sqrt(c1p * c2p) * np.sin(np.radians(dh / 2))
    Lp, Cp = (L1 + L2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        hp = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        hp = (h1p + h2p) / 2
    else:
        hp = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (1 - 0.17 * np.cos(np.radians(hp - 30)) + 0.24 * np.cos(np.radians(2 * hp))
         + 0.32 * np.cos(np.radians(3 * hp + 6)) - 0.20 * np.cos(np.radians(4 * hp - 63)))
    d_theta = 30 * np.exp(-(((hp - 275) / 25) ** 2))
    rc = 2 * np.sqrt(Cp ** 7 / (Cp ** 7 + 25 ** 7))
    sl = 1 + 0.015 * (Lp - 50) ** 2 / np.sqrt(20 + (Lp - 50) ** 2)
    sc = 1 + 0.045 * Cp
    sh = 1 + 0.015 * Cp * t
    rt = -np.sin(np.radians(2 * d_theta)) * rc
    return float(np.sqrt((dLp / sl) ** 2 + (dCp / sc) ** 2 + (dHp / sh) ** 2
                         + rt * (dCp / sc) * (dHp / sh)))


def delta_e(a: Colour, b: Colour) -> float:
    """CIEDE2000 difference of two sRGB colours."""
    return delta_e_lab(lab(a), lab(b))


@dataclass(frozen=True)
class Closest:
    """The two colours of a set that look most alike under one kind of vision."""

    vision: str  # "normal", "protan", "deutan" or "tritan"
    names: tuple[str, str]  # the two colours' names
    distance: float  # CIEDE2000 between their simulated colours


def cvd_distances(colours: Mapping[str, Colour]) -> dict[str, Closest]:
    """For each vision, the closest pair of the named `colours` (distinct values only: two
    names sharing one colour on purpose are not a pair)."""
    distinct: dict[str, str] = {}
    for name, colour in colours.items():
        distinct.setdefault(to_hex(colour), name)
    if len(distinct) < 2:
        raise ValueError(f"need at least two different colours, got {dict(colours)}")
    out: dict[str, Closest] = {}
    for vision in VISIONS:
        seen = {name: simulate(colour, vision) for colour, name in distinct.items()}
        pairs = [(delta_e(seen[p], seen[q]), (p, q)) for p, q in itertools.combinations(seen, 2)]
        distance, names = min(pairs)
        out[vision] = Closest(vision=vision, names=names, distance=distance)
    return out


__all__ = [
    "TEXT_MIN", "GRAPHIC_MIN", "CVD_MATRICES", "VISIONS", "rgba", "to_hex", "relative_luminance",
    "contrast_ratio", "composite", "simulate", "lab", "delta_e_lab", "delta_e", "Closest",
    "cvd_distances",
]

"""figgen.contrast against published reference values, and the themes' colours against WCAG
and a colour-vision-deficiency simulation."""

from __future__ import annotations

import pytest

from figgen.contrast import (
    GRAPHIC_MIN, TEXT_MIN, composite, contrast_ratio, cvd_distances, delta_e_lab, relative_luminance,
    rgba, simulate,
)
from figgen.style import THEMES

# Smallest CIEDE2000 distance between two chain-rule factor colours, under normal vision and
# each simulated dichromacy (the search in style.py's docstring reached 12.4 light, 11.0 dark;
# the original Okabe-Ito choice had 11.1 light and 7.9 dark).
MIN_FACTOR_DISTANCE = 10.0


def test_contrast_ratio_matches_wcag_reference_values() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    # WebAIM's checker: #767676 on white is 4.54:1, the classic grey that just passes
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    # the measurements: grey annotations 3.0:1, amber 2.25:1
    assert contrast_ratio("#8c959f", "#ffffff") == pytest.approx(3.04, abs=0.01)
    assert contrast_ratio("#E69F00", "#ffffff") == pytest.approx(2.25, abs=0.01)
    assert relative_luminance("#808080") == pytest.approx(0.2159, abs=1e-4)


def test_ciede2000_matches_sharma_test_data() -> None:
    # Sharma, Wu & Dalal (2005), table 1, pairs 1, 7 and 17
    assert delta_e_lab((50, 2.6772, -79.7751), (50, 0, -82.7485)) == pytest.approx(2.0425, abs=1e-4)
    assert delta_e_lab((50, 0, 0), (50, -1, 2)) == pytest.approx(2.3669, abs=1e-4)
    assert delta_e_lab((50, 2.5, 0), (73, 25, -18)) == pytest.approx(27.1492, abs=1e-4)


def test_cvd_simulation_keeps_greys_and_merges_red_and_green_for_deutans() -> None:
    for kind in ("protan", "deutan", "tritan"):
        assert simulate("#808080", kind) in ("#808080", "#7f7f7f", "#818181")
    red, green = "#d62728", "#2ca02c"
    assert contrast_ratio(red, green) < 2  # alike in lightness: hue alone tells them apart
    from figgen.contrast import delta_e
    assert delta_e(simulate(red, "deutan"), simulate(green, "deutan")) < delta_e(red, green) / 2


def test_composite_blends_in_srgb() -> None:
    assert composite([("#000000", 0.5)], "#ffffff") in ("#808080", "#7f7f7f")
    assert composite([], "#123456") == "#123456"
    assert composite([("#ff0000", 1.0), ("#0000ff", 0.0)], "#ffffff") == "#ff0000"


def test_bad_colours_are_named() -> None:
    with pytest.raises(ValueError, match="'#12345'"):
        rgba("#12345")
    with pytest.raises(ValueError, match="'sepia'"):
        simulate("#ffffff", "sepia")


@pytest.mark.parametrize("theme", THEMES, ids=lambda t: t.name)
def test_every_theme_colour_reads_as_text_on_the_page_and_the_panel(theme) -> None:
    inks = {"text": theme.text, "muted": theme.muted, "accent": theme.accent, **theme.factors}
    for ground in (theme.page, theme.panel):
        low = {name: round(contrast_ratio(c, ground), 2) for name, c in inks.items()
               if contrast_ratio(c, ground) < TEXT_MIN}
        assert not low, f"{theme.name}: below {TEXT_MIN}:1 on {ground}: {low}"
    for colour in theme.classes:  # markers: graphics
        assert contrast_ratio(colour, theme.page) >= GRAPHIC_MIN, colour


@pytest.mark.parametrize("theme", THEMES, ids=lambda t: t.name)
def test_factor_colours_stay_apart_for_colour_blind_readers(theme) -> None:
    closest = cvd_distances(theme.factors)
    report = {v: (c.names, round(c.distance, 1)) for v, c in closest.items()}
    print(f"{theme.name}: closest factor pair per vision (CIEDE2000): {report}")
    assert set(closest) == {"normal", "protan", "deutan", "tritan"}
    assert all(c.distance >= MIN_FACTOR_DISTANCE for c in closest.values()), report
    # amber (dh2/dz2) and vermilion (dL/dh1) were the hard pair: check it by name
    from figgen.contrast import delta_e
    for vision in closest:
        a = simulate(theme.factors["dh2_dz2"], vision)
        b = simulate(theme.factors["dL_dh1"], vision)
        assert delta_e(a, b) >= MIN_FACTOR_DISTANCE, (vision, a, b)

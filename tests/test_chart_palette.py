"""The palette stays distinguishable under simulated colour-vision deficiency, and every mark colour
stands out from the background.

Metric: CIELAB distance (CIE76 ΔE) after simulating protanopia, deuteranopia and tritanopia with
Machado et al. (2009), severity 1.0 (tests/support/colour_vision.py; checked here against colorspacious,
an independent implementation). Thresholds:
- every pair of categorical colours (each theme's colour is one of them): ΔE >= MIN_PAIR_DE (12)
  under normal vision and each simulation;
- the first three colours (what a two- or three-series chart uses): ΔE >= MIN_FIRST_THREE_DE (20);
- the context grey against every categorical colour: ΔE >= MIN_CONTEXT_DE (8.5; it is never the
  only difference: context bars are also named and placed apart);
- every mark colour against the white background: WCAG contrast >= 3:1 (1.4.11, non-text).
"""

from __future__ import annotations

import matplotlib as mpl
import numpy as np
import pytest
from colorspacious import cspace_convert
from matplotlib.colors import to_hex, to_rgb

from analysis.kit import palette
from support import colour_vision
from analysis.themes.base import THEME_COLORS

MIN_PAIR_DE = 12.0
MIN_FIRST_THREE_DE = 20.0
MIN_CONTEXT_DE = 8.5
VISION = colour_vision.VISIONS
MARK_COLOURS = (*palette.CATEGORICAL, palette.CONTEXT)


@pytest.mark.parametrize("vision", VISION)
def test_every_pair_is_distinguishable(vision: str) -> None:
    distance, a, b = colour_vision.closest_pair(list(palette.CATEGORICAL), vision)
    assert distance >= MIN_PAIR_DE, f"{vision}: {a} vs {b} differ by only ΔE {distance:.1f}"


@pytest.mark.parametrize("vision", VISION)
def test_first_three_are_clearly_distinguishable(vision: str) -> None:
    distance, a, b = colour_vision.closest_pair(palette.colors(3), vision)
    assert distance >= MIN_FIRST_THREE_DE, f"{vision}: {a} vs {b} differ by only ΔE {distance:.1f}"


@pytest.mark.parametrize("vision", VISION)
def test_the_context_grey_stays_apart_from_every_colour(vision: str) -> None:
    for colour in palette.CATEGORICAL:
        distance, _a, _b = colour_vision.closest_pair([colour, palette.CONTEXT], vision)
        assert distance >= MIN_CONTEXT_DE, f"{vision}: {colour} vs the context grey: ΔE {distance:.1f}"


@pytest.mark.parametrize("vision", VISION)
def test_theme_colours_are_distinct_palette_colours(vision: str) -> None:
    colours = list(THEME_COLORS.values())
    assert len(set(colours)) == len(colours), "two themes share a colour"
    assert set(colours) <= set(palette.CATEGORICAL), "a theme colour is not a palette colour"
    distance, a, b = colour_vision.closest_pair(colours, vision)
    assert distance >= MIN_PAIR_DE, f"{vision}: themes in {a} and {b} differ by only ΔE {distance:.1f}"


@pytest.mark.parametrize("colour", MARK_COLOURS)
def test_every_mark_colour_has_3_to_1_contrast_on_the_background(colour: str) -> None:
    ratio = colour_vision.contrast(colour, palette.BACKGROUND)
    assert ratio >= palette.MIN_MARK_CONTRAST, f"{colour} has {ratio:.2f}:1 on {palette.BACKGROUND}"


def test_the_okabe_ito_originals_would_fail_on_white() -> None:
    """The check can fail: the colours the palette replaced measure below 3:1."""
    for original in ("#56B4E9", "#E69F00", "#B3B3B3"):
        assert colour_vision.contrast(original, "#FFFFFF") < palette.MIN_MARK_CONTRAST


@pytest.mark.parametrize(("ours", "theirs"), [("protanopia", "protanomaly"), ("deuteranopia", "deuteranomaly"),
                                              ("tritanopia", "tritanomaly")])
def test_the_simulation_matches_colorspacious(ours: str, theirs: str) -> None:
    rgb = np.array([to_rgb(c) for c in MARK_COLOURS])
    expected = np.clip(cspace_convert(rgb, {"name": "sRGB1+CVD", "cvd_type": theirs, "severity": 100}, "sRGB1"), 0, 1)
    np.testing.assert_allclose(colour_vision.simulate(MARK_COLOURS, ours), expected, atol=1e-6)


def test_cielab_matches_colorspacious() -> None:
    rgb = np.array([to_rgb(c) for c in MARK_COLOURS])
    np.testing.assert_allclose(colour_vision.cielab(rgb), cspace_convert(rgb, "sRGB1", "CIELab"), atol=0.05)


def test_the_metric_rejects_a_red_green_pair() -> None:
    """The check can fail: matplotlib's default red and green merge under deuteranopia."""
    distance, _a, _b = colour_vision.closest_pair(["#d62728", "#2ca02c"], "deuteranopia")
    assert distance < MIN_PAIR_DE


def test_an_unknown_vision_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown vision"):
        colour_vision.simulate(["#000000"], "monochromacy")


def test_style_file_cycles_through_the_palette() -> None:
    from analysis.kit.style import STYLE_FILE

    cycle = mpl.rc_params_from_file(STYLE_FILE, use_default_template=False)["axes.prop_cycle"]
    assert [to_hex(c).upper() for c in cycle.by_key()["color"]] == [c.upper() for c in palette.CATEGORICAL]


def test_asking_for_more_colours_than_the_palette_holds_fails() -> None:
    with pytest.raises(ValueError, match="distinguishable"):
        palette.colors(len(palette.CATEGORICAL) + 1)


def test_tint_moves_towards_white() -> None:
    assert palette.tint("#000000", 0.5) == "#808080"
    assert palette.tint(palette.BLUE, 0.0) == palette.BLUE.lower()

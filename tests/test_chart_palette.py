"""The categorical palette stays distinguishable under simulated colour-vision deficiency.

Metric: Euclidean distance in CAM02-UCS (colorspacious), after simulating each deficiency at
severity 100 (deuteranopia, protanopia, tritanopia; Machado et al. 2009 as colorspacious
implements it). Thresholds:
- every pair of palette colours: dE >= MIN_PAIR_DE (10) under normal vision and each simulation;
- the first three colours (what a two- or three-series chart uses): dE >= MIN_FIRST_THREE_DE (20);
- every colour against the white background: dE >= MIN_ON_WHITE_DE (35; Okabe-Ito's yellow
  #F0E442 measures 33.4 and is excluded for that reason).
"""

from __future__ import annotations

import itertools

import matplotlib as mpl
import numpy as np
import pytest
from colorspacious import cspace_convert
from matplotlib.colors import to_hex, to_rgb

from analysis.kit import palette

MIN_PAIR_DE = 10.0
MIN_FIRST_THREE_DE = 20.0
MIN_ON_WHITE_DE = 35.0
VISION = ("normal", "deuteranomaly", "protanomaly", "tritanomaly")


def simulate(colors: list[str], vision: str) -> np.ndarray:
    rgb = np.array([to_rgb(c) for c in colors])
    if vision == "normal":
        return rgb
    cvd = {"name": "sRGB1+CVD", "cvd_type": vision, "severity": 100}
    return np.clip(cspace_convert(rgb, cvd, "sRGB1"), 0, 1)


def min_pair_distance(colors: list[str], vision: str) -> tuple[float, str, str]:
    ucs = cspace_convert(simulate(colors, vision), "sRGB1", "CAM02-UCS")
    return min((float(np.linalg.norm(ucs[i] - ucs[j])), colors[i], colors[j])
               for i, j in itertools.combinations(range(len(colors)), 2))


@pytest.mark.parametrize("vision", VISION)
def test_every_pair_is_distinguishable(vision: str) -> None:
    distance, a, b = min_pair_distance(list(palette.CATEGORICAL), vision)
    assert distance >= MIN_PAIR_DE, f"{vision}: {a} vs {b} differ by only {distance:.1f}"


@pytest.mark.parametrize("vision", VISION)
def test_first_three_are_clearly_distinguishable(vision: str) -> None:
    distance, a, b = min_pair_distance(palette.colors(3), vision)
    assert distance >= MIN_FIRST_THREE_DE, f"{vision}: {a} vs {b} differ by only {distance:.1f}"


def test_every_colour_stands_out_on_white() -> None:
    white = cspace_convert([1.0, 1.0, 1.0], "sRGB1", "CAM02-UCS")
    for color in palette.CATEGORICAL:
        distance = float(np.linalg.norm(cspace_convert(to_rgb(color), "sRGB1", "CAM02-UCS") - white))
        assert distance >= MIN_ON_WHITE_DE, f"{color} is too faint on white ({distance:.1f})"


def test_the_metric_rejects_a_red_green_pair() -> None:
    """The check can fail: matplotlib's default red and green merge under deuteranopia."""
    distance, _a, _b = min_pair_distance(["#d62728", "#2ca02c"], "deuteranomaly")
    assert distance < MIN_PAIR_DE


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

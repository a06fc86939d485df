"""One colour per theme, read from the published SVGs (figures/en and figures/ru, as drawn): a theme's
colour appears in its own theme's charts and in the charts that colour by theme, nowhere else, so
vermillion never means "other outlets" or "noted"; a theme with a colour draws it; and the tints of
the timeline's year bars stay 7 apart (CAM02-UCS) under simulated protan, deutan and tritan vision.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import numpy as np
import pytest
from colorspacious import cspace_convert, deltaE
from matplotlib.colors import to_rgb

from analysis.core.paths import REPO_ROOT
from analysis.kit import palette
from analysis.themes import base
from support.chart_marks import COLOURED_BY_THEME

FIGURES = REPO_ROOT / "figures"
SETS = ("en", "ru")
THEME_COLOURS = {c.lower() for c in base.THEME_COLORS.values()}
MIN_TINT_DE = 7.0
VISIONS = [(cvd, severity) for cvd in ("protanomaly", "deuteranomaly", "tritanomaly") for severity in (50, 100)]


def drawn_colours(svg: Path) -> set[str]:
    """Every fill and stroke colour the SVG draws; a drawn path that names no fill is filled black (SVG's
    default, which matplotlib leaves out). Paths with an id are definitions (glyphs, markers), not drawn."""
    text = svg.read_text(encoding="utf-8")
    out = {c.lower() for c in re.findall(r"(?:fill|stroke): (#[0-9A-Fa-f]{6})", text)}
    for attrs in re.findall(r"<path\b([^>]*)>", text):
        if 'id="' not in attrs and "fill:" not in attrs:
            out.add("#000000")
    return out


def _charts(spec: base.ThemeSpec) -> list[Path]:
    svgs = [p for s in SETS for p in sorted((FIGURES / s / spec.notebook).glob("*.svg"))]
    assert svgs, f"figures/: no SVG of {spec.notebook}"
    return svgs


def _chart_name(svg: Path) -> str:
    return re.sub(r"-\d+$", "", svg.stem)


@pytest.mark.parametrize("name", base.THEMES)
def test_a_theme_colour_in_a_published_chart_means_that_theme(name: str) -> None:
    spec = base.spec(name)
    own = {spec.color.lower()} if spec.color else set()
    problems = []
    for svg in _charts(spec):
        if _chart_name(svg) in COLOURED_BY_THEME.get(name, ()):
            continue
        others = (drawn_colours(svg) & THEME_COLOURS) - own
        if others:
            problems.append(f"{svg.relative_to(FIGURES)} draws {sorted(others)}, the colour of another theme")
    assert problems == []


@pytest.mark.parametrize("name", [s.name for s in base.registered() if s.theme_id and s.name in base.THEMES])
def test_a_theme_with_a_colour_draws_it(name: str) -> None:
    spec = base.spec(name)
    assert any(spec.color.lower() in drawn_colours(svg) for svg in _charts(spec)), spec.color


def test_the_check_fails_a_chart_in_another_themes_colour(tmp_path: Path) -> None:
    svg = tmp_path / "bars.svg"
    svg.write_text(f'<path d="M 0 0" style="fill: {palette.BLUE}; stroke: #222222"/>', encoding="utf-8")
    assert drawn_colours(svg) & THEME_COLOURS == {palette.BLUE.lower()}
    assert base.spec("torture").color.lower() not in drawn_colours(svg)
    svg.write_text('<path id="DejaVuSans-31" d="M 0 0"/><path d="M 0 0" clip-path="url(#p1)"/>', encoding="utf-8")
    assert drawn_colours(svg) == {palette.BLACK.lower()}


def tint_distance(colours: list[str]) -> tuple[float, str, str, str]:
    """The closest pair of `colours` under any simulated vision: (ΔE in CAM02-UCS, vision, a, b)."""
    worst = (float("inf"), "", "", "")
    for cvd, severity in VISIONS:
        space = {"name": "sRGB1+CVD", "cvd_type": cvd, "severity": severity}
        seen = [np.clip(cspace_convert(to_rgb(c), space, "sRGB1"), 0, 1) for c in colours]
        for (i, a), (j, b) in itertools.combinations(enumerate(seen), 2):
            d = float(deltaE(a, b, input_space="sRGB1", uniform_space="CAM02-UCS"))
            worst = min(worst, (d, f"{cvd} {severity}", colours[i], colours[j]))
    return worst


def _year_tints(svg: Path) -> list[str]:
    """The tinted fills a timeline draws: colours that are no theme colour and no grey."""
    out = []
    for c in sorted(drawn_colours(svg) - THEME_COLOURS):
        r, g, b = to_rgb(c)
        if max(r, g, b) - min(r, g, b) > 0.02:
            out.append(c)
    return out


@pytest.mark.parametrize("lang", SETS)
def test_the_timelines_year_tints_stay_apart_for_colour_blind_readers(lang: str) -> None:
    svg = FIGURES / lang / base.spec("timeline").notebook / "timeline.svg"
    tints = _year_tints(svg)
    assert len(tints) >= 2, tints
    distance, vision, a, b = tint_distance(tints)
    assert distance >= MIN_TINT_DE, f"{a} and {b} are only {distance:.1f} apart under {vision}"


def test_the_tint_check_fails_the_old_pair() -> None:
    assert tint_distance(["#e5d3b6", "#efc29e"])[0] < MIN_TINT_DE

"""Colours safe for colour-vision deficiency: Okabe & Ito (2008) without the yellow, every one
dark enough for a mark on white (WCAG 1.4.11: at least 3:1).

The yellow (#F0E442) is dropped because it is nearly invisible on white. Okabe-Ito's sky blue
(#56B4E9, 2.3:1) and orange (#E69F00, 2.3:1) are replaced by darker shades of the same hues, chosen
to reach 3:1 while staying apart from every other colour under simulated protanopia, deuteranopia
and tritanopia (tests/support/colour_vision.py; thresholds in tests/test_chart_palette.py). A darker pure
orange would merge with the vermillion for deuteranopes, so the orange leans to ochre. The order
puts the most separable colours first, so a chart with two or three series gets the clearest
pair/triple. Meaning never rests on colour alone: qualifiers are also drawn with hatching,
outlines and text.
"""

from __future__ import annotations

from matplotlib.colors import to_hex, to_rgb

BLUE = "#0072B2"
VERMILLION = "#D55E00"
SKY_BLUE = "#209BDF"  # Okabe-Ito #56B4E9 darkened to 3.1:1 on white
ORANGE = "#BA8B40"  # Okabe-Ito #E69F00 darkened to 3.1:1 on white
BLUISH_GREEN = "#009E73"
REDDISH_PURPLE = "#CC79A7"
BLACK = "#000000"

CATEGORICAL: tuple[str, ...] = (BLUE, VERMILLION, REDDISH_PURPLE, BLUISH_GREEN, SKY_BLUE, ORANGE, BLACK)
# Every categorical colour is a theme's (analysis.themes.base.THEME_COLORS), and a theme has one
# colour in every chart. Categories that are no theme (a response to a recommendation, a claimant
# beside the theme's own figures, a group of outlets) are drawn in these greys instead, darkest
# first: each reaches 3:1 on white, and they stay apart from each other and from CONTEXT.
NEUTRAL: tuple[str, ...] = ("#333333", "#666666", "#949494")

# Structure and context (not categories).
TEXT = "#222222"
MUTED_TEXT = "#555555"
GRID = "#DDDDDD"
# A key entry that explains a shape or a line style, not a colour (accepted as a filled dot, a
# month as a solid bar), is drawn in this neutral grey, so it matches no one series.
KEY_SHAPE = MUTED_TEXT
# A base or total set behind the data, e.g. "40 independent outlets": a mid grey (3.4:1 on
# white) that stays apart from the categorical colours for colour-blind readers.
CONTEXT = "#8A8A8A"
# The background every mark is drawn on (house.mplstyle: axes and figure face).
BACKGROUND = "#FFFFFF"
MIN_MARK_CONTRAST = 3.0  # WCAG 1.4.11, non-text contrast
MIN_TEXT_CONTRAST = 4.5  # WCAG 1.4.3, AA


def colors(n: int) -> list[str]:
    """The first `n` categorical colours; more than the palette holds is an error, not a repeat."""
    if n > len(CATEGORICAL):
        raise ValueError(f"asked for {n} colours; the palette has {len(CATEGORICAL)} distinguishable ones")
    return list(CATEGORICAL[:n])


def tint(color: str, amount: float) -> str:
    """`color` mixed with white: amount 0 is the colour, 1 is white (for approximate/partial fills)."""
    r, g, b = to_rgb(color)
    return to_hex((r + (1 - r) * amount, g + (1 - g) * amount, b + (1 - b) * amount))

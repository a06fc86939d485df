"""Colours safe for colour-vision deficiency: Okabe & Ito (2008) without the yellow.

The yellow (#F0E442) is dropped because it is nearly invisible on white. The order puts the most
separable colours first (checked under simulated deuteranopia, protanopia and tritanopia in
tests/test_chart_palette.py), so a chart with two or three series gets the clearest pair/triple.
Meaning never rests on colour alone: qualifiers are also drawn with hatching, outlines and text.
"""

from __future__ import annotations

from matplotlib.colors import to_hex, to_rgb

BLUE = "#0072B2"
VERMILLION = "#D55E00"
SKY_BLUE = "#56B4E9"
ORANGE = "#E69F00"
BLUISH_GREEN = "#009E73"
REDDISH_PURPLE = "#CC79A7"
BLACK = "#000000"

CATEGORICAL: tuple[str, ...] = (BLUE, VERMILLION, SKY_BLUE, ORANGE, BLUISH_GREEN, REDDISH_PURPLE, BLACK)

# Structure and context (not categories).
TEXT = "#222222"
MUTED_TEXT = "#555555"
GRID = "#DDDDDD"
CONTEXT = "#B3B3B3"  # a base or total set behind the data, e.g. "40 independent outlets"


def colors(n: int) -> list[str]:
    """The first `n` categorical colours; more than the palette holds is an error, not a repeat."""
    if n > len(CATEGORICAL):
        raise ValueError(f"asked for {n} colours; the palette has {len(CATEGORICAL)} distinguishable ones")
    return list(CATEGORICAL[:n])


def tint(color: str, amount: float) -> str:
    """`color` mixed with white: amount 0 is the colour, 1 is white (for approximate/partial fills)."""
    r, g, b = to_rgb(color)
    return to_hex((r + (1 - r) * amount, g + (1 - g) * amount, b + (1 - b) * amount))

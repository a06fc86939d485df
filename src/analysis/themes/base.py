"""What the theme modules share: a missing table named with how to load it, and one colour per
theme id for every chart that colours by theme."""

from __future__ import annotations

import pandas as pd

from analysis.kit import palette

# One colour per theme id, whatever the chart or the filter (a reader learns it once).
THEME_COLORS: dict[str, str] = {
    "upr_follow_up": palette.BLACK, "national_framework": palette.REDDISH_PURPLE,
    "assembly": palette.BLUISH_GREEN, "expression": palette.BLUE, "torture": palette.VERMILLION,
    "non_refoulement": palette.ORANGE, "national_security": palette.SKY_BLUE,
}


def theme_color(theme: str) -> str:
    """The theme's colour; a theme without one is an error naming the list to add it to."""
    if theme not in THEME_COLORS:
        raise KeyError(f"theme {theme!r} has no colour: add it to analysis.themes.base.THEME_COLORS")
    return THEME_COLORS[theme]


def require_table(tables: dict[str, pd.DataFrame], name: str, theme: str) -> pd.DataFrame:
    """`tables[name]`, or a KeyError saying the tables were not loaded with `<theme>.load_tables`."""
    if name not in tables:
        raise KeyError(f"tables lack {name!r}: load them with {theme}.load_tables(data_dir)")
    return tables[name]

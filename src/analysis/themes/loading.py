"""What the theme modules share about their tables: a missing one is named with how to load it."""

from __future__ import annotations

import pandas as pd


def require_table(tables: dict[str, pd.DataFrame], name: str, theme: str) -> pd.DataFrame:
    """`tables[name]`, or a KeyError saying the tables were not loaded with `<theme>.load_tables`."""
    if name not in tables:
        raise KeyError(f"tables lack {name!r}: load them with {theme}.load_tables(data_dir)")
    return tables[name]

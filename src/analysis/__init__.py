"""Evidence notebooks on Kazakhstan's 2014 UN Universal Periodic Review."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["load"]

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


def load(name: str, data_dir: Any = None) -> "pd.DataFrame":
    """Return table `name` from data/ as a typed DataFrame, only after it validated."""
    from analysis.data.loader import load as _load

    return _load(name, data_dir)

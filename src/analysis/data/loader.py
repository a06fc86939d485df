"""`load(name)`: one table of the data package as a typed DataFrame, only after it validated.

The table and every table it references are checked first (schema always; excerpts against the
source text when a source folder is known). Any problem raises `DataValidationError` listing them
all: no caller ever receives half-valid data. A check that passed is remembered by the data's
fingerprint and the sources (analysis.data.data_check, shared with the build's check), so a later
load, in this process or another, reads the table without reading the sources again. Types follow datapackage.json: closed lists of text become
Categorical (categories in the declared order), integer and year columns nullable Int64, number
columns Float64, dates datetime64, booleans nullable boolean and text the `string` dtype.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.core import paths
from analysis.data.data_check import check_data
from analysis.data.datapackage import Field, Problem, read_package, read_table
from analysis.data.schema_checks import check_table

__all__ = ["DataValidationError", "clear_cache", "dtype_for", "load"]

_MAX_LISTED = 50
_CACHE: dict[tuple[Any, ...], pd.DataFrame] = {}


class DataValidationError(ValueError):
    """The table (or a table it references) breaks a rule; `problems` lists every one."""

    def __init__(self, name: str, problems: list[Problem]) -> None:
        self.name = name
        self.problems = list(problems)
        lines = [str(p) for p in self.problems[:_MAX_LISTED]]
        if len(self.problems) > _MAX_LISTED:
            lines.append(f"... and {len(self.problems) - _MAX_LISTED} more (run: python -m analysis validate)")
        count = len(self.problems)
        super().__init__(f"cannot load {name!r}: {count} problem{'s' if count != 1 else ''}:\n" + "\n".join(lines))


def dtype_for(fld: Field) -> Any:
    """The pandas dtype a field loads as."""
    if fld.enum is not None and fld.type == "string":  # a closed list of numbers loads as numbers
        return pd.CategoricalDtype(categories=fld.enum, ordered=False)
    return {
        "integer": "Int64",
        "year": "Int64",
        "number": "Float64",
        "boolean": "boolean",
        "date": "datetime64[ns]",
    }.get(fld.type, "string")


def _column(fld: Field, values: list[Any]) -> pd.Series:
    dtype = dtype_for(fld)
    if fld.type == "date":
        parsed = pd.to_datetime(pd.Series(values, dtype="object"), format="%Y-%m-%d")
        return pd.Series(parsed.astype(dtype), name=fld.name)
    return pd.Series(pd.array(values, dtype=dtype), name=fld.name)


def _fingerprint(directory: Path, sources: Path | None) -> tuple[Any, ...]:
    """Modification times of every file the result depends on: a change invalidates the cache."""
    stamps = []
    for folder in (directory, sources):
        if folder is not None and folder.is_dir():
            for entry in sorted(folder.iterdir()):
                if entry.is_file():
                    stamps.append((str(entry), entry.stat().st_mtime_ns, entry.stat().st_size))
    return tuple(stamps)


def clear_cache() -> None:
    """Forget every loaded table."""
    _CACHE.clear()


def load(
    name: str,
    data_dir: str | os.PathLike[str] | None = None,
    *,
    sources_dir: str | os.PathLike[str] | None = None,
) -> pd.DataFrame:
    """Table `name` as a typed DataFrame, after validation (raises DataValidationError otherwise)."""
    directory = paths.data_dir(data_dir).resolve()
    sources = paths.sources_dir(sources_dir)
    sources = sources.resolve() if sources is not None else None
    key = (str(directory), name, str(sources), _fingerprint(directory, sources))
    if key in _CACHE:
        return _CACHE[key].copy()
    checked = check_data(directory, sources, only=[name])
    if not checked.ok:
        raise DataValidationError(name, list(checked.problems))
    package = read_package(directory)
    resource = package.resource(name)
    table = check_table(resource, read_table(package.file(resource), str(package.file(resource))))
    rows = [row for _, row in table.rows]
    frame = pd.DataFrame({f.name: _column(f, [row.get(f.name) for row in rows]) for f in resource.fields})
    _CACHE[key] = frame
    return frame.copy()

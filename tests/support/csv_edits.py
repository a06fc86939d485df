"""Corrupt a copy of a data table in one precise place, for the validator's bad-input tests."""

from __future__ import annotations

import csv
from pathlib import Path


def read_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


def set_cell(path: Path, line: int, column: str, value: str) -> str:
    """Set the cell of CSV `line` (header = line 1) in `column`; returns the old value."""
    rows = read_rows(path)
    index = rows[0].index(column)
    old = rows[line - 1][index]
    rows[line - 1][index] = value
    write_rows(path, rows)
    return old


def get_cell(path: Path, line: int, column: str) -> str:
    rows = read_rows(path)
    return rows[line - 1][rows[0].index(column)]


def drop_column(path: Path, column: str) -> None:
    rows = read_rows(path)
    index = rows[0].index(column)
    write_rows(path, [row[:index] + row[index + 1:] for row in rows])


def add_column(path: Path, column: str, value: str) -> None:
    rows = read_rows(path)
    write_rows(path, [rows[0] + [column]] + [row + [value] for row in rows[1:]])

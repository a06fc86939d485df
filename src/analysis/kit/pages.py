"""Pagination: rows of known heights split into as few pages as fit, balanced in height.

Generic over what a row is (a timeline entry, a theme's block of tiles); the kit's timeline and the
overview's fact sheet both page with it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

__all__ = ["paginate", "split_rows"]


def split_rows(heights: Sequence[float], pages: int) -> list[list[int]]:
    """Rows (in order) in `pages` consecutive groups of about equal height."""
    total = sum(heights)
    out: list[list[int]] = [[] for _ in range(pages)]
    acc = 0.0
    for i, h in enumerate(heights):
        page = min(pages - 1, int((acc + h / 2) / total * pages)) if total else 0
        out[page].append(i)
        acc += h
    return [p for p in out if p]


def paginate(heights: Sequence[float], fits: Callable[[list[int]], bool] | None) -> list[list[int]]:
    """As few pages of consecutive rows as `fits` accepts (None: one page), balanced in height.

    A page of a single row is accepted whatever its height, so the split always ends.
    """
    n = len(heights)
    if fits is None or n <= 1:
        return [list(range(n))]
    for pages in range(1, n + 1):
        split = split_rows(heights, pages)
        if all(len(p) == 1 or fits(p) for p in split):
            return split
    return [[i] for i in range(n)]  # pragma: no cover - the loop returns at pages == n

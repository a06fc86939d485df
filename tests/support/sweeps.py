"""The chart sweeps: a check of every theme's drawn charts repeated for each language and size.

`make check` runs each sweep for the FAST cases only, one web and one print case with both
languages between them; `make test` runs every case. The other cases carry the `sweep` marker
(pyproject.toml), so `-m "not slow and not sweep"` leaves them out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pytest

# English on screen and Russian at the narrower print size (the longer words, the tighter column).
FAST: tuple[tuple[str, str], ...] = (("en", "web"), ("ru", "print-single"))


def marks(lang: str, size: str) -> tuple:
    """The marks of one case: none for a FAST case, `sweep` for the others."""
    return () if (lang, size) in FAST else (pytest.mark.sweep,)


def cases(langs: Iterable[str], sizes: Iterable[str], *, before: Sequence[str] = ()) -> list:
    """`pytest.param(*before, lang, size)` for every language and size, the non-FAST ones marked
    `sweep`; ids read `[before-]lang-size`."""
    out = []
    for lang in langs:
        for size in sizes:
            out.append(pytest.param(*before, lang, size, marks=marks(lang, size), id="-".join([*before, lang, size])))
    return out


def listed(pairs: Iterable[tuple[str, str]]) -> list:
    """`pytest.param(lang, size)` for each listed pair, the non-FAST ones marked `sweep`."""
    return [pytest.param(lang, size, marks=marks(lang, size), id=f"{lang}-{size}") for lang, size in pairs]

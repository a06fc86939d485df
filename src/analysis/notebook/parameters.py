"""A notebook's parameters, checked before the notebook makes any folder or reads any file.

The parameters cell holds literal defaults (papermill and the build inject their values after it);
`check` is the first call of each notebook's load cell, so a wrong value is refused with the
allowed values in the message, and nothing is written under `output_dir` first.
"""

from __future__ import annotations

from typing import Any, Sequence

from analysis.kit.export import FORMATS
from analysis.words.i18n import LANGUAGES
from analysis.kit.sizes import SIZES


def check(*, lang: str, size: str, formats: Sequence[str], themes: Sequence[str] | None = None,
          **flags: Any) -> None:
    """Refuse a parameter outside its allowed values, naming them; `flags` must be true or false.

    `themes` is only checked for shape (a list of ids): the ids themselves come from the data, so
    the notebook checks them against its tables right after loading them.
    """
    problems = []
    if themes is not None and (not isinstance(themes, (list, tuple)) or not all(isinstance(t, str) for t in themes)):
        problems.append(f"themes {themes!r} must be a list of theme ids such as ['torture'] (empty: every theme)")
    if lang not in LANGUAGES:
        problems.append(f"lang {lang!r} is not one of {', '.join(LANGUAGES)}")
    if size not in SIZES:
        problems.append(f"size {size!r} is not one of {', '.join(SIZES)}")
    if isinstance(formats, str) or not isinstance(formats, (list, tuple)) or not formats:
        problems.append(f"formats {formats!r} must be a non-empty list such as ['svg', 'png'] from {', '.join(FORMATS)}")
    else:
        unknown = [f for f in formats if f not in FORMATS]
        if unknown:
            problems.append(f"formats {unknown!r} are not among {', '.join(FORMATS)}")
    for name, value in flags.items():
        if not isinstance(value, bool):
            problems.append(f"{name} {value!r} must be True or False")
    if problems:
        raise ValueError("notebook parameters: " + "; ".join(problems))

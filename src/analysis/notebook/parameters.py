"""A notebook's parameters, checked before the notebook makes any folder or reads any file.

The parameters cell holds literal defaults (papermill and the build inject their values after it);
`check` is the first call of each notebook's load cell, so a wrong value is refused with the
allowed values in the message, and nothing is written under `output_dir` first.
"""

from __future__ import annotations

import difflib
import types
from typing import Any, Mapping, Sequence

from analysis.kit.export import FORMATS
from analysis.words.i18n import LANGUAGES
from analysis.kit.sizes import SIZES


# Parameters every notebook takes besides those `check` is given: where its data are and where it writes.
PATHS = ("data_dir", "output_dir")
# Names IPython puts in a notebook's namespace.
_SHELL_NAMES = frozenset({"In", "Out", "get_ipython", "exit", "quit", "open"})


def unknown_names(namespace: Mapping[str, Any], known: Sequence[str]) -> list[str]:
    """Values in the notebook's namespace that are no parameter it takes: a misspelt `-p langg ru`,
    which papermill injects as a new variable with only a warning. Modules, functions and IPython's
    own names are not values."""
    return sorted(name for name, value in namespace.items()
                  if not name.startswith("_") and name not in _SHELL_NAMES and name not in known
                  and not isinstance(value, types.ModuleType) and not callable(value))


def check(*, lang: str, size: str, formats: Sequence[str], themes: Sequence[str] | None = None,
          namespace: Mapping[str, Any] | None = None, **flags: Any) -> None:
    """Refuse a parameter outside its allowed values, naming them; `flags` must be true or false.

    `themes` is only checked for shape (a list of ids): the ids themselves come from the data, so
    the notebook checks them against its tables right after loading them. With `namespace` (the
    notebook's `globals()`), a value there that is no parameter of the notebook is refused by name.
    """
    problems = []
    if namespace is not None:
        known = [*PATHS, "lang", "size", "formats", *(["themes"] if themes is not None else []), *flags]
        for name in unknown_names(namespace, known):
            close = difflib.get_close_matches(name, known, n=1)
            problems.append(f"{name!r} is not a parameter of this notebook"
                            f"{f' (did you mean {close[0]!r}?)' if close else ''}; it takes {', '.join(known)}")
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

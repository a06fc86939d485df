"""Defer the import of `rfc3987_syntax` until an IRI is actually checked.

Importing papermill or nbformat imports `jsonschema`, whose format checker imports
`rfc3987_syntax` eagerly; that module compiles its Lark grammar at import time, which costs about
0.9 s here (1-3 s on a loaded machine) in every process that executes notebooks. No notebook schema
uses the `iri`/`iri-reference` formats, so the grammar is never needed by the build. Upstream:
python-jsonschema/jsonschema#1428 (closed: the maintainers measured a fast import on their side),
jupyter/nbformat#420, jupyter-server/jupyter_server#1559.

`install()` puts a small stand-in module under the name `rfc3987_syntax` *before* jsonschema is
imported. jsonschema binds `rfc3987_syntax.is_valid_syntax`; the stand-in's `is_valid_syntax`
imports the real module on its first call and delegates, so IRI validation behaves exactly as
before, only later. It is installed only by the build's worker processes (and the test session,
which imports nbformat in many modules), never globally.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

MODULE = "rfc3987_syntax"


def _real_module() -> types.ModuleType:
    stand_in = sys.modules.get(MODULE)
    if getattr(stand_in, "_analysis_stand_in", False):
        del sys.modules[MODULE]
    try:
        real = importlib.import_module(MODULE)
    except BaseException:
        if stand_in is not None:
            sys.modules[MODULE] = stand_in
        raise
    return real


def _is_valid_syntax(term: str, value: str) -> Any:
    """Same signature and result as `rfc3987_syntax.is_valid_syntax`, imported on first use."""
    return _real_module().is_valid_syntax(term, value)


def install() -> bool:
    """Register the stand-in unless jsonschema or the real module is already imported.

    Returns True when the stand-in is in place. Does nothing when `rfc3987_syntax` is not installed
    (jsonschema then skips the IRI checker on its own) or when jsonschema was imported already.
    """
    if MODULE in sys.modules or "jsonschema" in sys.modules:
        return getattr(sys.modules.get(MODULE), "_analysis_stand_in", False)
    import importlib.util

    if importlib.util.find_spec(MODULE) is None:
        return False
    stand_in = types.ModuleType(MODULE, "Lazy stand-in: imports rfc3987_syntax on first use.")
    stand_in.is_valid_syntax = _is_valid_syntax  # type: ignore[attr-defined]
    stand_in._analysis_stand_in = True  # type: ignore[attr-defined]

    def __getattr__(name: str) -> Any:  # any other public attribute: the real module's
        if name.startswith("__"):  # the import system probes __path__, __spec__...: not the grammar
            raise AttributeError(name)
        return getattr(_real_module(), name)

    stand_in.__getattr__ = __getattr__  # type: ignore[attr-defined]
    sys.modules[MODULE] = stand_in
    return True

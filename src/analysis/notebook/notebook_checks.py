"""House-structure checks for every notebook, shipped or scaffolded.

A notebook is committed clean (no outputs, no execution counts, no papermill residue), opens with
markdown, runs on the project kernel, and has exactly one `parameters` cell whose body is nothing but
literal assignments: the build injects values after that cell, so anything else in it (an import, a
computed default) would silently escape the parameter sets. The checks return readable problems
instead of raising, so one test run lists everything that is wrong with a notebook.
"""

from __future__ import annotations

import ast
import copy
import os
import warnings
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import nbformat

from analysis.core import paths

KERNEL_NAME = paths.KERNEL_NAME
KERNEL_DISPLAY_NAME = "Python (kazakhstan-upr)"
KERNEL_LANGUAGE = "python"
PARAMETERS_TAG = "parameters"
# Papermill tags the cell it adds; a committed notebook carrying it was saved from a run by mistake.
INJECTED_TAG = "injected-parameters"

# The notebook contract: every notebook takes these, and these defaults give the published English web set.
CONTRACT_DEFAULTS: dict[str, Any] = {
    "data_dir": "../data",
    "output_dir": "../figures/en",
    "formats": ["svg", "png"],
    "size": "web",
    "lang": "en",
}


class NotebookStructureError(ValueError):
    """A notebook breaks the house structure; the message lists every problem found."""


NotebookLike = nbformat.NotebookNode | str | os.PathLike[str]


def read_notebook(notebook: NotebookLike) -> nbformat.NotebookNode:
    """A notebook node from a path, or the node itself."""
    if isinstance(notebook, nbformat.NotebookNode):
        return notebook
    return nbformat.read(os.fspath(notebook), as_version=nbformat.NO_CONVERT)


def _tags(cell: Mapping[str, Any]) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def parameter_cells(nb: nbformat.NotebookNode) -> list[int]:
    """Indexes of the cells tagged `parameters`."""
    return [i for i, cell in enumerate(nb.cells) if PARAMETERS_TAG in _tags(cell)]


def parse_parameters(source: str) -> tuple[dict[str, Any], list[str]]:
    """The literal assignments of a parameters cell, and the problems that stop it being pure.

    Allowed: comments, blank lines and `name = <literal>` or `name: type = <literal>` (anything
    `ast.literal_eval` accepts; the type hint and a trailing comment are what `papermill
    --help-notebook` shows).
    """
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        return {}, [f"parameters cell is not valid Python: line {exc.lineno}: {exc.msg}"]
    values: dict[str, Any] = {}
    problems: list[str] = []
    for node in tree.body:
        line = getattr(node, "lineno", "?")
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            node = ast.Assign(targets=[node.target], value=node.value, lineno=node.lineno)
        if not (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
        ):
            problems.append(
                f"parameters cell line {line}: only `name = <literal>` assignments are allowed, "
                f"found {ast.unparse(node)!r}"
            )
            continue
        name = node.targets[0].id
        try:
            value = ast.literal_eval(node.value)
        except ValueError:
            problems.append(
                f"parameters cell line {line}: {name} must be a literal default, "
                f"found {ast.unparse(node.value)!r}"
            )
            continue
        if name in values:
            problems.append(f"parameters cell line {line}: {name} is assigned twice")
        values[name] = value
    return values, problems


def _contract_value_problems(values: Mapping[str, Any], defaults: Mapping[str, Any]) -> list[str]:
    problems = []
    for name, expected in defaults.items():
        if name not in values:
            problems.append(f"parameters cell lacks {name} (contract default: {name} = {expected!r})")
        elif values[name] != expected or type(values[name]) is not type(expected):
            problems.append(
                f"parameters cell: {name} = {values[name]!r}, the contract default is {expected!r}"
            )
    return problems


def structure_problems(
    notebook: NotebookLike,
    *,
    allowed_extras: Iterable[str] | None = None,
    defaults: Mapping[str, Any] = CONTRACT_DEFAULTS,
) -> list[str]:
    """Everything that breaks the house structure, as sentences; empty when the notebook is fine.

    `allowed_extras` restricts the theme's own parameters to those names (None: any identifier).
    """
    nb = read_notebook(notebook)
    problems: list[str] = []

    ids = [cell.get("id") for cell in nb.get("cells", []) if cell.get("id")]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        problems.append(f"not a valid nbformat notebook: duplicate cell id(s) {', '.join(duplicates)}")
    try:
        with warnings.catch_warnings():  # validate() repairs duplicate ids in place, with a warning
            warnings.simplefilter("ignore")
            nbformat.validate(copy.deepcopy(nb))
    except nbformat.ValidationError as exc:
        problems.append(f"not a valid nbformat {nb.get('nbformat')} notebook: {exc.message}")
    if nb.get("nbformat") != 4:
        problems.append(f"nbformat is {nb.get('nbformat')}, expected 4")

    kernelspec = nb.get("metadata", {}).get("kernelspec", {})
    if kernelspec.get("name") != KERNEL_NAME:
        problems.append(f"kernelspec name is {kernelspec.get('name')!r}, expected {KERNEL_NAME!r}")
    if kernelspec.get("display_name") != KERNEL_DISPLAY_NAME:
        problems.append(
            f"kernelspec display_name is {kernelspec.get('display_name')!r}, expected {KERNEL_DISPLAY_NAME!r}"
        )
    if kernelspec.get("language") != KERNEL_LANGUAGE:
        problems.append(f"kernelspec language is {kernelspec.get('language')!r}, expected {KERNEL_LANGUAGE!r}")
    if "papermill" in nb.get("metadata", {}):
        problems.append("notebook metadata holds a papermill run record: commit the source, not an output")

    if not nb.cells:
        problems.append("notebook has no cells")
    elif nb.cells[0].cell_type != "markdown":
        problems.append(f"first cell is {nb.cells[0].cell_type}, expected markdown stating the question")

    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            if cell.get("outputs"):
                problems.append(f"cell {i} has {len(cell.outputs)} output(s): clear outputs before committing")
            if cell.get("execution_count") is not None:
                problems.append(f"cell {i} has execution count {cell.execution_count}: clear it before committing")
        if INJECTED_TAG in _tags(cell):
            problems.append(f"cell {i} is papermill's injected-parameters cell: remove it")
        if "papermill" in cell.get("metadata", {}):
            problems.append(f"cell {i} metadata holds a papermill run record")

    tagged = parameter_cells(nb)
    if len(tagged) != 1:
        where = f" (cells {', '.join(map(str, tagged))})" if tagged else ""
        problems.append(f"expected exactly one cell tagged {PARAMETERS_TAG!r}, found {len(tagged)}{where}")
    for i in tagged:
        cell = nb.cells[i]
        if cell.cell_type != "code":
            problems.append(f"cell {i} is tagged {PARAMETERS_TAG!r} but is {cell.cell_type}, not code")
            continue
        values, parse_problems = parse_parameters(cell.source)
        problems.extend(f"cell {i}: {p}" for p in parse_problems)
        problems.extend(f"cell {i}: {p}" for p in _contract_value_problems(values, defaults))
        if allowed_extras is not None:
            unknown = sorted(set(values) - set(defaults) - set(allowed_extras))
            if unknown:
                problems.append(f"cell {i}: parameters not in the contract: {', '.join(unknown)}")
    return problems


def check_structure(notebook: NotebookLike, **options: Any) -> None:
    """Raise NotebookStructureError naming the notebook and every problem, if there is any."""
    problems = structure_problems(notebook, **options)
    if problems:
        name = notebook if not isinstance(notebook, nbformat.NotebookNode) else "notebook"
        raise NotebookStructureError(f"{name}:\n  - " + "\n  - ".join(problems))


def parameters_of(notebook: NotebookLike) -> dict[str, Any]:
    """The defaults of a notebook's parameters cell (checked: raises if the cell is not pure)."""
    nb = read_notebook(notebook)
    tagged = parameter_cells(nb)
    if len(tagged) != 1:
        raise NotebookStructureError(f"expected exactly one cell tagged {PARAMETERS_TAG!r}, found {len(tagged)}")
    values, problems = parse_parameters(nb.cells[tagged[0]].source)
    if problems:
        raise NotebookStructureError("; ".join(problems))
    return values


def code_cells(notebook: NotebookLike) -> list[str]:
    """The source of every code cell in order: what "Run All" executes."""
    return [cell.source for cell in read_notebook(notebook).cells if cell.cell_type == "code"]


def notebook_paths(folder: str | os.PathLike[str]) -> list[Path]:
    """The notebooks of a folder, sorted, without Jupyter's checkpoint copies."""
    return sorted(p for p in Path(folder).glob("*.ipynb") if p.is_file())

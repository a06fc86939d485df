"""The structure checks catch each way a notebook can break the house rules (so a pass means something)."""

from __future__ import annotations

import copy

import nbformat
import pytest

from analysis.notebook.notebook_checks import (
    CONTRACT_DEFAULTS,
    NotebookStructureError,
    check_structure,
    code_cells,
    parameter_cells,
    parameters_of,
    parse_parameters,
    structure_problems,
)
from analysis.notebook.scaffold import build_notebook


@pytest.fixture()
def good() -> nbformat.NotebookNode:
    return build_notebook("07_detention_counts", "Detention counts", "zhanaozen")


def _params_cell(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    (i,) = parameter_cells(nb)
    return nb.cells[i]


def _one_problem_like(nb: nbformat.NotebookNode, fragment: str, **options: object) -> None:
    problems = structure_problems(nb, **options)
    assert any(fragment in p for p in problems), problems


def test_a_house_notebook_has_no_problems(good: nbformat.NotebookNode) -> None:
    assert structure_problems(good) == []
    check_structure(good)  # does not raise
    assert parameters_of(good) == CONTRACT_DEFAULTS


def test_outputs_and_execution_counts_are_reported(good: nbformat.NotebookNode) -> None:
    nb = copy.deepcopy(good)
    cell = nb.cells[3]
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="hello\n")]
    cell.execution_count = 4
    problems = structure_problems(nb)
    assert any("output" in p and "cell 3" in p for p in problems), problems
    assert any("execution count 4" in p for p in problems), problems


def test_papermill_residue_is_reported(good: nbformat.NotebookNode) -> None:
    nb = copy.deepcopy(good)
    nb.cells.insert(2, nbformat.v4.new_code_cell('lang = "ru"', metadata={"tags": ["injected-parameters"]}))
    nb.metadata["papermill"] = {"parameters": {"lang": "ru"}}
    _one_problem_like(nb, "injected-parameters")
    _one_problem_like(nb, "papermill run record")


@pytest.mark.parametrize("count", [0, 2])
def test_exactly_one_parameters_cell(good: nbformat.NotebookNode, count: int) -> None:
    nb = copy.deepcopy(good)
    params = _params_cell(nb)
    if count == 0:
        params.metadata["tags"] = []
    else:
        twin = copy.deepcopy(params)
        twin["id"] = "second-parameters"
        nb.cells.append(twin)
    _one_problem_like(nb, f"exactly one cell tagged 'parameters', found {count}")


@pytest.mark.parametrize(
    "line, fragment",
    [
        ("import os", "only `name = <literal>`"),
        ('data_dir = os.path.join("..", "data")', "data_dir must be a literal default"),
        ("size = SIZES[0]", "size must be a literal default"),
        ("a = b = 1", "only `name = <literal>`"),
        ("print(lang)", "only `name = <literal>`"),
        ('lang = "ru"', "lang is assigned twice"),
        ("x = (", "not valid Python"),
    ],
)
def test_parameters_cell_holds_only_literal_assignments(good: nbformat.NotebookNode, line: str, fragment: str) -> None:
    nb = copy.deepcopy(good)
    params = _params_cell(nb)
    params.source += "\n" + line
    _one_problem_like(nb, fragment)
    if "twice" not in fragment and "valid" not in fragment:
        with pytest.raises(NotebookStructureError):
            parameters_of(nb)


def test_comments_blank_lines_and_theme_extras_are_fine(good: nbformat.NotebookNode) -> None:
    nb = copy.deepcopy(good)
    params = _params_cell(nb)
    params.source = "# defaults: the English web set\n\n" + params.source + '\nannualise = False\nyears = [2011, 2012]'
    assert structure_problems(nb) == []
    assert parameters_of(nb)["years"] == [2011, 2012]
    _one_problem_like(nb, "not in the contract: annualise, years", allowed_extras=())
    assert structure_problems(nb, allowed_extras=("annualise", "years")) == []


@pytest.mark.parametrize("name", list(CONTRACT_DEFAULTS))
def test_every_contract_parameter_is_required(good: nbformat.NotebookNode, name: str) -> None:
    nb = copy.deepcopy(good)
    params = _params_cell(nb)
    params.source = "\n".join(line for line in params.source.splitlines() if not line.startswith(f"{name} ="))
    _one_problem_like(nb, f"lacks {name}")


@pytest.mark.parametrize(
    "line, fragment",
    [
        ('output_dir = "../figures/ru"', "output_dir = '../figures/ru'"),
        ('formats = ("svg", "png")', "formats = ('svg', 'png')"),
        ('size = "print-double"', "size = 'print-double'"),
    ],
)
def test_defaults_are_the_contract_defaults(good: nbformat.NotebookNode, line: str, fragment: str) -> None:
    nb = copy.deepcopy(good)
    params = _params_cell(nb)
    name = line.split(" =")[0]
    params.source = "\n".join(line if old.startswith(f"{name} =") else old for old in params.source.splitlines())
    _one_problem_like(nb, fragment)


def test_kernelspec_must_be_the_project_kernel(good: nbformat.NotebookNode) -> None:
    nb = copy.deepcopy(good)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    _one_problem_like(nb, "kernelspec name is 'python3'")
    _one_problem_like(nb, "display_name is 'Python 3'")
    del nb.metadata["kernelspec"]
    _one_problem_like(nb, "kernelspec name is None")


def test_first_cell_must_be_markdown(good: nbformat.NotebookNode) -> None:
    nb = copy.deepcopy(good)
    nb.cells.insert(0, nbformat.v4.new_code_cell("import analysis"))
    _one_problem_like(nb, "first cell is code")


def test_duplicate_cell_ids_are_reported_not_repaired(good: nbformat.NotebookNode) -> None:
    nb = copy.deepcopy(good)
    nb.cells[4]["id"] = nb.cells[2]["id"]
    _one_problem_like(nb, "not a valid nbformat")
    assert nb.cells[4]["id"] == nb.cells[2]["id"]  # the check left the notebook as it was


def test_a_markdown_cell_cannot_be_the_parameters_cell(good: nbformat.NotebookNode) -> None:
    nb = copy.deepcopy(good)
    nb.cells[0].metadata["tags"] = ["parameters"]
    _one_problem_like(nb, "but is markdown, not code")


def test_check_structure_names_the_notebook_and_every_problem(tmp_path, good: nbformat.NotebookNode) -> None:
    nb = copy.deepcopy(good)
    nb.cells[3].execution_count = 1
    nb.metadata["kernelspec"]["name"] = "python3"
    path = tmp_path / "07_broken.ipynb"
    nbformat.write(nb, path)
    with pytest.raises(NotebookStructureError) as err:
        check_structure(path)
    message = str(err.value)
    assert "07_broken.ipynb" in message and "execution count 1" in message and "python3" in message


def test_parse_parameters_returns_values() -> None:
    values, problems = parse_parameters('a = 1\nb = "x"  # note\nc = [1, 2.5, None]\nd = {"k": (1, 2)}\ne = -3')
    assert problems == []
    assert values == {"a": 1, "b": "x", "c": [1, 2.5, None], "d": {"k": (1, 2)}, "e": -3}


def test_code_cells_are_what_run_all_executes(good: nbformat.NotebookNode) -> None:
    sources = code_cells(good)
    assert len(sources) == sum(cell.cell_type == "code" for cell in good.cells)
    assert sources[0] == _params_cell(good).source

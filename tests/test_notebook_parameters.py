"""A notebook refuses a wrong parameter before it makes a folder: the check is its load cell's first call."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analysis.notebook import parameters
from analysis.notebook.notebook_checks import parse_parameters

NOTEBOOKS_DIR = Path(__file__).resolve().parents[1] / "notebooks"
NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))


def test_good_parameters_pass() -> None:
    parameters.check(lang="ru", size="print-single", formats=["pdf"], show_estimate=False)


@pytest.mark.parametrize(
    ("given", "named"),
    [
        ({"lang": "kz"}, "lang 'kz' is not one of en, ru"),
        ({"size": "a4"}, "size 'a4' is not one of"),
        ({"formats": "svg"}, "must be a non-empty list"),
        ({"formats": []}, "must be a non-empty list"),
        ({"formats": ["svg", "jpeg"]}, "formats ['jpeg'] are not among"),
        ({"show_estimate": "yes"}, "show_estimate 'yes' must be True or False"),
    ],
)
def test_a_wrong_parameter_is_named_with_the_allowed_values(given: dict, named: str) -> None:
    values = {"lang": "en", "size": "web", "formats": ["svg"], "show_estimate": False, **given}
    with pytest.raises(ValueError, match="notebook parameters") as caught:
        parameters.check(**values)
    assert named in str(caught.value)


def _cells(notebook: Path) -> tuple[str, str]:
    """The parameters cell's source and the first code cell after it (the load cell)."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    tagged = [i for i, c in enumerate(cells) if "parameters" in c.get("metadata", {}).get("tags", [])]
    code_after = [c for c in cells[tagged[0] + 1:] if c["cell_type"] == "code"]
    return "".join(cells[tagged[0]]["source"]), "".join(code_after[0]["source"])


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_notebook_checks_all_its_choices_before_anything_else(notebook: Path) -> None:
    params_source, source = _cells(notebook)
    first_call = next(line for line in source.splitlines() if line.strip() and not line.startswith(("from ", "import ")))
    assert first_call.startswith("parameters.check("), f"{notebook.name}: first call is {first_call!r}"
    declared, problems = parse_parameters(params_source)
    assert not problems, problems
    for name in declared:
        if name in {"data_dir", "output_dir"}:
            continue  # paths: the loader and the writer name a missing or wrong folder themselves
        assert f"{name}={name}" in first_call, f"{notebook.name}: parameter {name} is not checked"


@pytest.mark.slow
def test_papermill_run_with_a_wrong_language_fails_before_writing(tmp_path: Path) -> None:
    from papermill.exceptions import PapermillExecutionError

    from support.notebook_runs import run_papermill

    out = tmp_path / "out"
    with pytest.raises(PapermillExecutionError) as caught:
        run_papermill(NOTEBOOKS_DIR / "01_torture_complaints.ipynb", tmp_path / "run.ipynb",
                      parameters={"lang": "kz", "output_dir": str(out)}, cwd=NOTEBOOKS_DIR)
    assert "lang 'kz' is not one of en, ru" in str(caught.value)
    assert not out.exists(), "the notebook made its output folder before refusing the parameter"


def test_themes_must_be_a_list_of_ids() -> None:
    with pytest.raises(ValueError, match="themes 'torture' must be a list of theme ids"):
        parameters.check(lang="en", size="web", formats=["svg"], themes="torture")
    parameters.check(lang="en", size="web", formats=["svg"], themes=[])


@pytest.mark.slow
def test_timeline_with_an_unknown_theme_fails_before_writing(tmp_path: Path) -> None:
    from papermill.exceptions import PapermillExecutionError

    from support.notebook_runs import run_papermill

    out = tmp_path / "out"
    with pytest.raises(PapermillExecutionError) as caught:
        run_papermill(NOTEBOOKS_DIR / "06_timeline.ipynb", tmp_path / "run.ipynb",
                      parameters={"themes": ["tortur"], "output_dir": str(out)}, cwd=NOTEBOOKS_DIR)
    assert "'tortur' not among the theme ids" in str(caught.value)
    assert not out.exists()


def test_a_misspelt_parameter_is_refused_by_name():
    """papermill only warns about `-p langg ru` and runs on in English; the notebook refuses it."""
    import types

    import pytest

    from analysis.notebook import parameters

    namespace = {"data_dir": "../data", "output_dir": "../figures/en", "formats": ["svg"], "size": "web",
                 "lang": "en", "show_estimate": False, "langg": "ru", "parameters": parameters,
                 "report": types.ModuleType("report"), "In": [], "_i1": "", "get_ipython": lambda: None}
    with pytest.raises(ValueError, match=r"'langg' is not a parameter of this notebook \(did you mean 'lang'\?\)"):
        parameters.check(lang="en", size="web", formats=["svg"], show_estimate=False, namespace=namespace)
    del namespace["langg"]
    parameters.check(lang="en", size="web", formats=["svg"], show_estimate=False, namespace=namespace)

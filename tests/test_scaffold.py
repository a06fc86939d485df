"""`python -m analysis new-notebook`: names, numbering, no overwriting, house structure, and a run."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from analysis.cli import main
from support.lab_server import jupyter_state_environment
from analysis.notebook.notebook_checks import (
    CONTRACT_DEFAULTS,
    KERNEL_NAME,
    check_structure,
    parameter_cells,
    parameters_of,
)
from support.notebook_runs import run_papermill, stage_project
from analysis.core.paths import REPO_ROOT
from analysis.notebook.scaffold import (
    PLACEHOLDER,
    ScaffoldError,
    create_notebook,
    slugify,
    write_new,
)

DATA_DIR = REPO_ROOT / "data"


@pytest.fixture(autouse=True)
def _no_data_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Scaffold without reading the project's data/ unless a test names a data folder."""
    empty = tmp_path / "no-data"
    empty.mkdir()
    monkeypatch.setenv("ANALYSIS_DATA_DIR", str(empty))


def _touch_notebooks(folder: Path, *names: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_text("{}")


@pytest.mark.parametrize(
    "name, slug",
    [
        ("Detention counts", "detention_counts"),
        ("detention-counts", "detention_counts"),
        ("  Média — closures, 2012!  ", "media_closures_2012"),
        ("torture_complaints.ipynb", "torture_complaints"),
        ("UPR follow up", "upr_follow_up"),
    ],
)
def test_slug_rules(name: str, slug: str) -> None:
    assert slugify(name) == slug


@pytest.mark.parametrize(
    "name, fragment",
    [
        ("07_extra", "must start with a letter"),
        ("Задержания", "no Latin letters"),
        ("", "no Latin letters"),
        ("a" * 41, "longer than 40"),
    ],
)
def test_bad_names_are_refused(name: str, fragment: str) -> None:
    with pytest.raises(ScaffoldError, match=fragment):
        slugify(name)


def test_numbers_follow_the_highest_prefix(tmp_path: Path) -> None:
    assert create_notebook("first", tmp_path).name == "00_first.ipynb"
    _touch_notebooks(tmp_path, "01_a.ipynb", "06_timeline.ipynb", "notes.ipynb")
    assert create_notebook("detention counts", tmp_path).name == "07_detention_counts.ipynb"
    assert create_notebook("more", tmp_path).name == "08_more.ipynb"


def test_an_existing_name_is_refused_and_left_untouched(tmp_path: Path) -> None:
    folder = tmp_path / "notebooks"
    _touch_notebooks(folder, "02_zhanaozen.ipynb")
    with pytest.raises(ScaffoldError, match="02_zhanaozen.ipynb already exists"):
        create_notebook("Zhanaozen", folder)
    assert (folder / "02_zhanaozen.ipynb").read_text() == "{}"
    assert sorted(p.name for p in folder.iterdir()) == ["02_zhanaozen.ipynb"]  # no temporary file left


def test_write_new_never_replaces_a_file(tmp_path: Path) -> None:
    folder = tmp_path / "notebooks"
    folder.mkdir()
    target = folder / "07_x.ipynb"
    target.write_text("the author's work")
    with pytest.raises(ScaffoldError, match="already exists"):
        write_new(target, "new text")
    assert target.read_text() == "the author's work"
    assert [p.name for p in folder.iterdir()] == ["07_x.ipynb"]
    write_new(folder / "08_y.ipynb", "new text")
    assert (folder / "08_y.ipynb").read_text() == "new text"


def test_the_command_creates_and_explains(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "notebooks"
    _touch_notebooks(folder, "06_timeline.ipynb")
    assert main(["new-notebook", "Detention counts", "--dir", str(folder), "--title", "Who was detained?"]) == 0
    out = capsys.readouterr().out
    path = folder / "07_detention_counts.ipynb"
    assert f"Created {path}" in out
    assert f"`notebooks:` list in {folder / 'params.yaml'}" in out
    assert "\n      - 07_detention_counts\n" in out
    nb = nbformat.read(path, as_version=4)
    assert nb.cells[0].source.startswith("# Who was detained?\n")
    assert main(["new-notebook", "detention_counts", "--dir", str(folder)]) == 1
    assert "already exists" in capsys.readouterr().err


def _data_package(folder: Path, tables: dict[str, list[str]]) -> Path:
    """A data folder whose tables hold one row per unit given."""
    folder.mkdir(parents=True, exist_ok=True)
    resources = [{"name": name, "path": f"{name}.csv"} for name in tables]
    (folder / "datapackage.json").write_text(json.dumps({"resources": resources}))
    for name, units in tables.items():
        (folder / f"{name}.csv").write_text(
            "id,value,qualifier,unit\n" + "".join(f"r{i},1,exact,{u}\n" for i, u in enumerate(units))
        )
    return folder


def test_a_table_with_several_units_is_charted_in_its_main_unit(tmp_path: Path) -> None:
    data = _data_package(tmp_path / "data", {"zhanaozen": ["people", "years", "people", ""]})
    nb = nbformat.read(create_notebook("x", tmp_path / "nb", table="zhanaozen", data_folder=data), as_version=4)
    compute = [cell.source for cell in nb.cells if cell.cell_type == "code"][2]
    assert compute.startswith('rows = explore.tidy(table, unit="people")  # also in the table: years\n')


def test_an_unknown_table_is_refused(tmp_path: Path) -> None:
    data = _data_package(tmp_path / "data", {"zhanaozen": ["people"], "events": []})
    with pytest.raises(ScaffoldError, match="has no table 'zhanaozn'; tables: events, zhanaozen"):
        create_notebook("x", tmp_path / "nb", table="zhanaozn", data_folder=data)
    assert not (tmp_path / "nb").exists() or not list((tmp_path / "nb").iterdir())


def test_a_table_without_numbers_is_refused(tmp_path: Path) -> None:
    data = _data_package(tmp_path / "data", {"zhanaozen": ["people"]})
    (data / "events.csv").write_text("id,date,event\ne1,2011-12-16,strike\n")
    package = json.loads((data / "datapackage.json").read_text())
    package["resources"].append({"name": "events", "path": "events.csv"})
    (data / "datapackage.json").write_text(json.dumps(package))
    with pytest.raises(ScaffoldError, match="'events' holds no numbers .*start from one of: zhanaozen"):
        create_notebook("x", tmp_path / "nb", table="events", data_folder=data)


def test_the_notebook_has_the_house_structure(tmp_path: Path) -> None:
    data = _data_package(tmp_path / "data", {"zhanaozen": ["people", "people"]})
    path = create_notebook("Detention counts", tmp_path, table="zhanaozen", data_folder=data)
    check_structure(path)  # the same checks as the shipped notebooks
    nb = nbformat.read(path, as_version=4)
    assert parameters_of(nb) == CONTRACT_DEFAULTS
    assert parameter_cells(nb) == [1]
    assert nb.metadata.kernelspec == {
        "name": KERNEL_NAME, "display_name": "Python (kazakhstan-upr)", "language": "python",
    }
    intro = nb.cells[0].source
    for heading in ("**Question.**", "**Caveats.**", "**How to read the chart.**"):
        assert f"{heading} {PLACEHOLDER}" in intro
    code = [cell.source for cell in nb.cells if cell.cell_type == "code"][1:]
    # load -> compute -> chart -> summary, each a call or two into the analysis package
    assert 'analysis.load("zhanaozen", data_dir)' in code[0]
    assert code[1] == "rows = explore.tidy(table)\nreport.show_table(rows)"
    assert 'explore.bar_chart(rows, documents, title="Detention counts"' in code[2]
    assert 'report.save_charts([chart], output_dir, "00_detention_counts", formats, size)' in code[2]
    assert "explore.summary(" in code[3]
    assert 'report.notebook_output(output_dir, "00_detention_counts")' in code[3]
    assert all(not cell.get("outputs") and cell.get("execution_count") is None
               for cell in nb.cells if cell.cell_type == "code")


def test_the_file_is_reproducible(tmp_path: Path) -> None:
    a = create_notebook("Detention counts", tmp_path / "a")
    b = create_notebook("Detention counts", tmp_path / "b")
    assert a.read_bytes() == b.read_bytes()
    assert json.loads(a.read_text())["nbformat"] == 4


@pytest.mark.slow
def test_the_notebook_runs_under_papermill(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in jupyter_state_environment(tmp_path / "state").items():
        monkeypatch.setenv(key, value)  # the kernel keeps IPython/matplotlib files out of $HOME
    path = create_notebook("First look", tmp_path / "scaffolded", data_folder=DATA_DIR)
    folder = stage_project(tmp_path / "project", [path], data_dir=DATA_DIR)
    executed = run_papermill(folder / path.name, tmp_path / "executed.ipynb", kernel_name=KERNEL_NAME)

    out = tmp_path / "project" / "figures" / "en" / path.stem
    assert sorted(p.name for p in out.iterdir()) == ["chart.csv", "chart.json", "chart.png", "chart.svg",
                                                     "summary.en.claims.json", "summary.en.md"]
    sidecar = json.loads((out / "chart.json").read_text())
    assert sidecar["title"] == "First look" and sidecar["size"] == "web"
    assert sidecar["files"] == {"svg": "chart.svg", "png": "chart.png", "csv": "chart.csv"}
    summary = (out / "summary.en.md").read_text()
    assert summary.startswith("# First look\n")
    assert f"![{sidecar['alt_text']}](chart.svg)" in summary
    assert "\nSource: " in summary
    assert (out / "chart.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert b"<svg" in (out / "chart.svg").read_bytes()
    # The run used the project kernel, and the summary cell shows the summary as Markdown.
    assert executed.metadata.papermill.get("parameters") == {}
    last = [c for c in executed.cells if c.cell_type == "code"][-1]
    assert any("text/markdown" in o.get("data", {}) for o in last.outputs)
    # Nothing was written next to the notebook or into the staged data.
    assert sorted(p.name for p in folder.iterdir()) == [path.name]

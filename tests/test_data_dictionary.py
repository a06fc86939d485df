"""The data dictionary (docs/data-dictionary.md, linked from the README) is generated from datapackage.json
and kept in step with it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from analysis.core import paths
from analysis.data.datapackage import read_package
from analysis.data.dictionary import DICTIONARY, END, START, render


def test_the_dictionary_file_matches_the_generated_dictionary(run_cli, repo_data_dir: Path) -> None:
    code, out, err = run_cli("dictionary", "--check", "--data", repo_data_dir)
    assert code == 0, err + "\nrun: python -m analysis dictionary --write"


def test_dictionary_lists_every_table_and_field(repo_data_dir: Path) -> None:
    package = read_package(repo_data_dir)
    text = render(package)
    assert text.startswith(START) and text.endswith(END)
    for res in package.resources:
        assert f"### `{res.name}`" in text
        for field in res.fields:
            assert f"| `{field.name}` |" in text
    assert "`exact`, `approximate`, `at_least`, `at_most`, `range`, `unquantified`" in text
    assert "Foreign keys: `document_id` → `documents.document_id`" in text
    assert "| `value` | integer | Int64 |" in text


def test_a_schema_change_makes_check_fail(run_cli, data_copy: Path, tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    shutil.copy(paths.REPO_ROOT / DICTIONARY, readme)
    code, _, _ = run_cli("dictionary", "--check", "--data", data_copy, "--file", readme)
    assert code == 0

    descriptor_path = data_copy / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    descriptor["resources"][1]["schema"]["fields"][1]["description"] = "Calendar year of the registration."
    descriptor_path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")

    code, _, err = run_cli("dictionary", "--check", "--data", data_copy, "--file", readme)
    assert code == 1
    assert "run `python -m analysis dictionary --write`" in err

    before = readme.read_text(encoding="utf-8")
    code, _, _ = run_cli("dictionary", "--write", "--data", data_copy, "--file", readme)
    assert code == 0
    after = readme.read_text(encoding="utf-8")
    assert "Calendar year of the registration." in after
    assert before.split(START)[0] == after.split(START)[0], "text before the markers is kept"
    assert before.split(END)[1] == after.split(END)[1], "text after the markers is kept"
    assert run_cli("dictionary", "--check", "--data", data_copy, "--file", readme)[0] == 0


def test_write_adds_the_section_when_markers_are_absent(run_cli, repo_data_dir: Path, tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# Title\n\nOpening.\n", encoding="utf-8")
    assert run_cli("dictionary", "--write", "--data", repo_data_dir, "--file", readme)[0] == 0
    text = readme.read_text(encoding="utf-8")
    assert text.startswith("# Title\n\nOpening.\n\n## Data dictionary\n\n" + START)
    assert text.rstrip().endswith(END)


def test_the_readme_links_the_dictionary_and_no_longer_holds_it() -> None:
    readme = (paths.REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert f"]({DICTIONARY})" in readme
    assert START not in readme and END not in readme

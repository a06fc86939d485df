"""A run whose texts fail the ledger check publishes nothing: its files stay in staging, the output
folder keeps its last good version, and the build fails naming the file and the text."""

from __future__ import annotations

import json

import pytest

from test_build_provenance import NOTEBOOK, _build, _project, _tree


def _append_cell(notebook, code: str) -> None:
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    nb["cells"].append({"cell_type": "code", "execution_count": None, "id": "planted", "metadata": {},
                        "outputs": [], "source": code})
    notebook.write_text(json.dumps(nb, indent=1), encoding="utf-8")


@pytest.mark.slow
def test_a_number_no_claim_accounts_for_keeps_the_run_out_of_the_output_folder(tmp_path):
    project = _project(tmp_path / "project")
    first = _build(project, None)
    assert first.returncode == 0, first.stdout + first.stderr
    published = _tree(project / "figures")

    _append_cell(project / "notebooks" / f"{NOTEBOOK}.ipynb",
                 'import pathlib\n'
                 'with open(pathlib.Path(output_dir) / theme.NOTEBOOK / "summary.en.md", "a", encoding="utf-8") as fh:\n'
                 '    fh.write("\\nIn all, 4242 complaints were registered.\\n")')
    done = _build(project, None)
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"FAILED     en/{NOTEBOOK}" in done.stdout and "nothing of it was published" in done.stdout
    ledger = [line.strip() for line in done.stdout.splitlines() if line.strip().startswith("ledger:")]
    assert ledger and all(f"figures/en/{NOTEBOOK}/summary.en.md" in line for line in ledger), done.stdout
    assert any("4242" in line for line in ledger), done.stdout
    assert "staging" not in done.stdout
    assert _tree(project / "figures") == published  # the last good files, manifest and pages included

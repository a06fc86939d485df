"""Incremental builds: a run is skipped exactly when nothing it depends on changed."""

from __future__ import annotations

import json
import re

import pytest

from support.mini_project import MiniProject, runs_with

ALL_RUNS = {f"{s}/{n}" for s in ("en", "ru", "print") for n in ("alpha", "beta")}


def stamps(project: MiniProject) -> dict[str, int]:
    return {str(p.relative_to(project.figures)): p.stat().st_mtime_ns
            for p in project.figures.rglob("*") if p.is_file()}


@pytest.mark.slow
def test_a_second_build_is_a_no_op_that_says_up_to_date(built_mini):
    before = stamps(built_mini)
    done = built_mini.build()
    assert done.returncode == 0, done.stdout + done.stderr
    assert runs_with(done.stdout, "up to date") == ALL_RUNS
    assert runs_with(done.stdout, "ok") == set()
    assert stamps(built_mini) == before  # not one file rewritten, manifest and gallery included
    assert "unchanged  publishing" in done.stdout  # nor the manifest, pages, gallery and ledgers re-made


@pytest.mark.slow
def test_a_published_file_changed_by_hand_is_published_again(built_mini):
    """The publishing steps are skipped only while every output file is as they last left it."""
    built_mini.build()
    manifest = built_mini.figures / "manifest.json"
    manifest.write_text("{}", encoding="utf-8")
    done = built_mini.build()
    assert done.returncode == 0, done.stdout + done.stderr
    assert "unchanged  publishing" not in done.stdout
    assert json.loads(manifest.read_text(encoding="utf-8"))["figures"]  # written anew
    assert "unchanged  publishing" in built_mini.build().stdout


@pytest.mark.slow
def test_a_changed_notebook_reruns_only_its_runs(built_mini):
    path = built_mini.notebook("alpha")
    nb = json.loads(path.read_text(encoding="utf-8"))
    nb["cells"][0]["source"] = "# Alpha\n\nEdited introduction."
    path.write_text(json.dumps(nb, indent=1), encoding="utf-8")
    done = built_mini.build()
    assert done.returncode == 0, done.stdout + done.stderr
    assert runs_with(done.stdout, "ok") == {"en/alpha", "ru/alpha", "print/alpha"}
    assert runs_with(done.stdout, "up to date") == {"en/beta", "ru/beta", "print/beta"}
    assert "notebook changed" in done.stdout


@pytest.mark.slow
def test_changed_parameters_rerun_only_that_set_and_drop_files_no_longer_made(built_mini):
    config = built_mini.config.read_text(encoding="utf-8")
    config = config.replace("parameters: {lang: ru, size: web, formats: [svg, png]}",
                            "parameters: {lang: ru, size: web, formats: [svg]}")
    built_mini.config.write_text(config, encoding="utf-8")
    done = built_mini.build()
    assert done.returncode == 0, done.stdout + done.stderr
    assert runs_with(done.stdout, "ok") == {"ru/alpha", "ru/beta"}
    assert "parameters changed" in done.stdout
    assert not (built_mini.figures / "ru" / "alpha" / "values.png").exists()
    assert (built_mini.figures / "ru" / "alpha" / "values.svg").exists()
    assert (built_mini.figures / "en" / "alpha" / "values.png").exists()
    manifest = json.loads((built_mini.figures / "manifest.json").read_text(encoding="utf-8"))
    ru_alpha = next(f for f in manifest["figures"] if f["id"] == "ru/alpha/values")
    assert set(ru_alpha["files"]) == {"svg", "html"}  # and its page (analysis.build.figure_page)


@pytest.mark.slow
def test_a_changed_data_file_reruns_everything_and_the_outputs_follow(built_mini):
    built_mini.write_data({"2011": 30, "2012": 50, "2013": 47})
    done = built_mini.build()
    assert done.returncode == 0, done.stdout + done.stderr
    assert runs_with(done.stdout, "ok") == ALL_RUNS
    assert "data changed" in done.stdout
    summary = (built_mini.figures / "en" / "beta" / "summary.en.md").read_text(encoding="utf-8")
    assert "127" in summary and "12." not in summary


@pytest.mark.slow
def test_a_new_data_file_counts_as_a_data_change(built_mini):
    (built_mini.root / "data" / "notes.txt").write_text("a new file\n", encoding="utf-8")
    done = built_mini.build("--only", "en")
    assert runs_with(done.stdout, "ok") == {"en/alpha", "en/beta"}


@pytest.mark.slow
def test_changed_package_code_reruns_everything(built_mini):
    package = built_mini.root / "src" / "minichart" / "__init__.py"
    package.write_text(package.read_text(encoding="utf-8") + "\n# a comment changes the code hash\n",
                       encoding="utf-8")
    done = built_mini.build("--only", "print")
    assert done.returncode == 0, done.stdout + done.stderr
    assert runs_with(done.stdout, "ok") == {"print/alpha", "print/beta"}
    assert "code changed" in done.stdout
    # The other sets were not built this time: they are still due.
    listing = built_mini.build("--list").stdout
    assert re.search(r"en/alpha\s+to run: code changed", listing)


@pytest.mark.slow
def test_force_reruns_up_to_date_runs(built_mini):
    done = built_mini.build("--force", "--only", "beta")
    assert done.returncode == 0, done.stdout + done.stderr
    assert runs_with(done.stdout, "ok") == {"en/beta", "ru/beta", "print/beta"}
    assert "forced" in done.stdout


@pytest.mark.slow
def test_a_deleted_or_edited_output_file_brings_its_run_back(built_mini):
    (built_mini.figures / "en" / "alpha" / "values.png").unlink()
    with (built_mini.figures / "ru" / "beta" / "values.svg").open("a", encoding="utf-8") as fh:
        fh.write("<!-- hand edit -->\n")
    done = built_mini.build()
    assert runs_with(done.stdout, "ok") == {"en/alpha", "ru/beta"}
    assert (built_mini.figures / "en" / "alpha" / "values.png").exists()
    assert "hand edit" not in (built_mini.figures / "ru" / "beta" / "values.svg").read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_first_build_runs_everything_and_lists_state(mini):
    listing = mini.build("--list")
    assert listing.returncode == 0
    assert len(re.findall(r"to run: never built here", listing.stdout)) == 6
    done = mini.build("--jobs", "1")
    assert done.returncode == 0, done.stdout + done.stderr
    assert runs_with(done.stdout, "ok") == ALL_RUNS
    assert len(re.findall(r"up to date", mini.build("--list").stdout)) == 6
    assert (mini.build_dir / "notebooks" / "ru" / "alpha.ipynb").is_file()
    assert (mini.build_dir / "notebooks" / "ru" / "alpha.html").is_file()
    assert not any((mini.build_dir / "staging").iterdir())

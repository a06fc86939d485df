"""The build's command line: configuration, --only, --list, --help, missing notebooks, light no-op."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from analysis.build.build_config import ConfigError, load_config, select_runs
from analysis.core.paths import REPO_ROOT
from support.mini_project import runs_with, write_mini_project

HEAVY_MODULES = ("pandas", "matplotlib", "papermill", "nbformat", "nbconvert", "jsonschema", "IPython",
                 "numpy", "tqdm", "dask")


def ids(runs):
    return [r.run_id for r in runs]


@pytest.fixture
def config(tmp_path):
    project = write_mini_project(tmp_path / "p", stems=("01_alpha", "02_beta"))
    return load_config(project.root)


def test_only_selects_notebooks_sets_and_pairs(config):
    assert ids(select_runs(config, [])) == [
        "en/01_alpha", "en/02_beta", "ru/01_alpha", "ru/02_beta", "print/01_alpha", "print/02_beta"]
    assert ids(select_runs(config, ["01_alpha"])) == ["en/01_alpha", "ru/01_alpha", "print/01_alpha"]
    assert ids(select_runs(config, ["01"])) == ids(select_runs(config, ["alpha"]))
    assert ids(select_runs(config, ["ru"])) == ["ru/01_alpha", "ru/02_beta"]
    assert ids(select_runs(config, ["ru", "beta"])) == ["ru/02_beta"]
    assert ids(select_runs(config, ["en,print", "02"])) == ["en/02_beta", "print/02_beta"]
    assert ids(select_runs(config, ["print/alpha", "en/02_beta"])) == ["en/02_beta", "print/01_alpha"]


def test_unknown_only_names_list_the_valid_ones(config):
    with pytest.raises(ConfigError, match=r"'gamma'.*Sets: en, ru, print; notebooks: 01_alpha, 02_beta"):
        select_runs(config, ["gamma"])
    with pytest.raises(ConfigError):
        select_runs(config, ["de/alpha"])


def test_config_errors_name_the_file_and_the_problem(tmp_path):
    project = write_mini_project(tmp_path / "p")
    text = project.config.read_text(encoding="utf-8")
    project.config.write_text(text.replace("lang: ru, size", "output_dir: x, lang: ru, size"), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"params.yaml: set 'ru': parameter 'output_dir' is set by the build"):
        load_config(project.root)
    project.config.write_text(text.replace("  - beta\n", "  - alpha\n"), encoding="utf-8")
    with pytest.raises(ConfigError, match="listed twice"):
        load_config(project.root)
    project.config.unlink()
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(project.root)


def test_the_real_config_lists_every_notebook_and_four_sets():
    config = load_config(REPO_ROOT)
    assert config.notebooks == ("00_overview", "01_torture_complaints", "02_zhanaozen", "03_media_closures",
                                "04_upr_follow_up", "05_non_refoulement", "06_timeline", "07_upr_2014_outcome")
    sets = {s.name: (s.output, dict(s.parameters)) for s in config.sets}
    assert sets == {
        "en": ("en", {"lang": "en", "size": "web", "formats": ["svg", "png"]}),
        "ru": ("ru", {"lang": "ru", "size": "web", "formats": ["svg", "png"]}),
        "print": ("print", {"lang": "en", "size": "print-double", "formats": ["pdf", "png"]}),
        "print-ru": ("print-ru", {"lang": "ru", "size": "print-double", "formats": ["pdf", "png"]}),
    }
    assert config.kernel == "kazakhstan-upr"
    assert config.output_dir == REPO_ROOT / "figures"


def test_help_says_what_only_accepts():
    done = subprocess.run([sys.executable, "-m", "analysis", "build", "--help"], capture_output=True, text=True)
    assert done.returncode == 0
    text = " ".join(done.stdout.split())
    for words in ("--only NAME", "notebook", "parameter set", "SET/NOTEBOOK", "--list", "--force", "--jobs",
                  "--sources DIR", "--output DIR"):
        assert words in text


def test_missing_notebooks_are_reported_and_fail_the_build_while_others_run(tmp_path):
    project = write_mini_project(tmp_path / "p", stems=("alpha",), sets=("en",))
    text = project.config.read_text(encoding="utf-8")
    project.config.write_text(text.replace('"alpha"', '"alpha", "zeta"'), encoding="utf-8")
    done = project.build()
    assert done.returncode == 1
    assert runs_with(done.stdout, "MISSING") == {"en/zeta"}
    assert "notebooks/zeta.ipynb does not exist (listed in notebooks/params.yaml)" in done.stdout
    assert runs_with(done.stdout, "ok") == {"en/alpha"}
    assert "1 missing notebook" in done.stdout


def _imported_modules(command: list[str]) -> set[str]:
    done = subprocess.run([sys.executable, "-X", "importtime", *command[1:]], capture_output=True, text=True)
    names = set()
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    return names


@pytest.mark.slow
def test_a_no_op_build_imports_nothing_heavy(built_mini):
    modules = _imported_modules(built_mini.command())
    assert "analysis" in modules  # the measurement works
    assert not modules & set(HEAVY_MODULES), sorted(modules & set(HEAVY_MODULES))


def test_listing_imports_nothing_heavy(tmp_path):
    project = write_mini_project(tmp_path / "p")
    modules = _imported_modules(project.command("--list"))
    assert not modules & set(HEAVY_MODULES), sorted(modules & set(HEAVY_MODULES))


def test_build_module_runs_on_its_own(tmp_path):
    project = write_mini_project(tmp_path / "p")
    done = subprocess.run([sys.executable, "-m", "analysis.build.builder", "--project", str(project.root), "--list"],
                          capture_output=True, text=True)
    assert done.returncode == 0 and "en/alpha" in done.stdout
    assert Path(project.root / "notebooks" / "alpha.ipynb").is_file()

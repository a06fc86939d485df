"""Shared pytest fixtures. Each part of the project adds its own section; none rewrites another's."""

from __future__ import annotations

import pytest

# ---- chart kit (tables shaped like the data contract, built by hand in tests/support/chart_samples.py) ----
from support import chart_samples


@pytest.fixture
def chart_documents():
    """A documents table with the submission as its one row."""
    return chart_samples.documents()


@pytest.fixture
def torture_rows():
    """Complaints 2011, 2012 and 2013 (January–September only), claimant the General Prosecutor's Office."""
    return chart_samples.torture_complaints()


@pytest.fixture
def zhanaozen_rows():
    """Killed (exact), wounded ("hundreds", unquantified), detained and arrested (exact)."""
    return chart_samples.zhanaozen()


@pytest.fixture
def detained_rows():
    """Detained after 16 December 2011: 130 (General Prosecutor's Office) vs as many as 700 (eyewitnesses)."""
    return chart_samples.detained()


@pytest.fixture
def extradition_rows():
    """28 extradited (exact), at least 12 sentenced (at_least), 29 complainants (exact)."""
    return chart_samples.extraditions()


@pytest.fixture
def money_rows():
    """Up to USD 30,000 fine (at_most) and roughly USD 13,000 compensation (approximate)."""
    return chart_samples.money()


@pytest.fixture
def sentence_rows():
    """Prison terms of 5–7 years (range) and up to 3 years (at_most)."""
    return chart_samples.sentences()


@pytest.fixture
def close_figures():
    """Close every pyplot figure a test opened."""
    import matplotlib.pyplot as plt

    yield
    plt.close("all")


# ---- data package (data/, datapackage.json, validate, loader) ----
import shutil
from pathlib import Path

from analysis.core import paths as _paths


@pytest.fixture
def repo_data_dir() -> Path:
    """The repository's data/ folder (read only: corrupt a `data_copy` instead)."""
    return _paths.REPO_ROOT / "data"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of data/ that a test may corrupt."""
    target = tmp_path / "data"
    shutil.copytree(_paths.REPO_ROOT / "data", target)
    return target


@pytest.fixture
def sources_dir() -> Path:
    """The folder of source texts from $ANALYSIS_SOURCES_DIR; the test is skipped when it is not set."""
    path = _paths.sources_dir()
    if path is None:
        pytest.skip(f"${_paths.SOURCES_ENV} is not set: the source text is needed for this check (CI sets it)")
    if not path.is_dir():
        pytest.fail(f"${_paths.SOURCES_ENV} does not name a folder")
    return path


@pytest.fixture
def run_cli(capsys):
    """Run `python -m analysis ARGS...` in-process: returns (exit status, stdout, stderr)."""
    from analysis.cli import main

    def run(*args: str) -> tuple[int, str, str]:
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


@pytest.fixture
def fresh_loader():
    """The loader with an empty cache before and after the test."""
    from analysis.data import loader

    loader.clear_cache()
    yield loader
    loader.clear_cache()


# ---- build (python -m analysis build): a mini project in a temporary folder, see tests/support/mini_project.py ----
import shutil as _build_shutil

from support import mini_project


@pytest.fixture
def mini(tmp_path):
    """A fresh, never-built mini project: notebooks alpha and beta, sets en, ru and print."""
    return mini_project.write_mini_project(tmp_path / "project")


@pytest.fixture(scope="session")
def _built_mini_template(tmp_path_factory):
    project = mini_project.write_mini_project(tmp_path_factory.mktemp("built") / "project")
    project.build(check=True)
    return project


@pytest.fixture
def built_mini(tmp_path, _built_mini_template):
    """A copy of a mini project that has been built once (state included, so it is up to date)."""
    root = tmp_path / "project"
    _build_shutil.copytree(_built_mini_template.root, root, symlinks=True)
    return mini_project.MiniProject(root)


@pytest.fixture(scope="session")
def chromium():
    """Path of Debian's headless Chromium (.ci/run installs it); skipped where missing, failed under CI."""
    from support import headless_chromium
    return headless_chromium.find_chromium()


# ---- the real project, built once per test session (python -m analysis build --force into a temp folder) ----
import subprocess as _subprocess
import sys as _sys
from dataclasses import dataclass as _dataclass


@_dataclass(frozen=True)
class ColdBuild:
    figures: Path
    build: Path
    output: str


@pytest.fixture(scope="session")
def cold_build(tmp_path_factory) -> ColdBuild:
    """Every figure of the real project, built cold once for the tests that read a fresh build
    (mark them `xdist_group("cold_build")` so one worker builds it for all of them)."""
    root = tmp_path_factory.mktemp("cold-build")
    done = _subprocess.run(
        [_sys.executable, "-m", "analysis", "build", "--force", "--output", str(root / "figures"),
         "--build-dir", str(root / "build")],
        capture_output=True, text=True, cwd=_paths.REPO_ROOT,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return ColdBuild(root / "figures", root / "build", done.stdout)


# ---- every theme's charts, drawn once per session and shared by the tests that only read them ----
from collections.abc import Callable as _Callable


@pytest.fixture(scope="session")
def theme_tables():
    """`theme_tables(name)`: the validated tables of registered theme `name`, loaded once."""
    from analysis.themes import base

    cache: dict[str, dict] = {}

    def tables(name: str) -> dict:
        if name not in cache:
            cache[name] = base.theme_module(name).load_tables()
        return cache[name]

    return tables


@pytest.fixture(scope="session")
def theme_charts(theme_tables) -> _Callable[[str, str, str], list]:
    """`theme_charts(name, lang, size)`: the charts theme `name`'s `run` draws with its published
    options, drawn once per session.

    For tests that read the figures (text positions, colours, alt text) and change nothing; a test
    that edits a figure or needs other data draws its own."""
    from analysis.themes import base

    cache: dict[tuple[str, str, str], list] = {}

    def charts(name: str, lang: str, size: str) -> list:
        key = (name, lang, size)
        if key not in cache:
            import warnings

            import matplotlib.pyplot as plt
            from matplotlib.backends.backend_agg import FigureCanvasAgg

            with warnings.catch_warnings():  # many figures open while a theme draws its pages
                warnings.filterwarnings("ignore", "More than 20 figures", RuntimeWarning)
                cache[key] = list(base.theme_module(name).run(theme_tables(name), base.Params(lang, size)).charts)
            for chart in cache[key]:
                # Out of pyplot's list (another test's plt.close("all") cannot reach it), on a canvas
                # of its own, so the figure stays whole to read.
                plt.close(chart.fig)
                FigureCanvasAgg(chart.fig)
        return cache[key]

    return charts

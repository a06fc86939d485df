"""Every notebook in notebooks/ runs under papermill (kernel kazakhstan-upr, cwd = notebooks/) and
leaves valid files behind: with its defaults (output_dir pointed at a temporary folder), and as a
Russian print run (lang=ru, size=print-single, formats=["pdf"]). Then the no-hard-coding check:
the same notebook on a copy of data/ whose values were changed must say the new values and none
of the old ones, in its summary and in every alt text (SVG <desc>, sidecar JSON).

Notebooks are picked up from the folder, so a new one is tested as soon as it is committed.
Papermill runs in-process through its Python API; each run starts one kernel of the shared
kazakhstan-upr spec. Runs are cached per module so the check reuses the default run.
"""

from __future__ import annotations

import csv
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from analysis import paths
from analysis.notebook_checks import KERNEL_NAME, notebook_paths
from analysis.notebook_runs import run_papermill
from changed_data import modify_data, numbers_in, stale_numbers

NOTEBOOKS_DIR = paths.REPO_ROOT / "notebooks"
NOTEBOOKS = notebook_paths(NOTEBOOKS_DIR)
RU_PRINT = {"lang": "ru", "size": "print-single", "formats": ["pdf"]}
SVG_NS = "{http://www.w3.org/2000/svg}"
CYRILLIC = re.compile(r"[\u0400-\u04ff]")

needs_notebooks = pytest.mark.skipif(not NOTEBOOKS, reason=f"no notebooks in {NOTEBOOKS_DIR} yet")


# ---- running ----

@dataclass
class Run:
    """One papermill run: where its outputs are and what it was given."""

    notebook: Path
    folder: Path  # output_dir/<notebook stem>
    lang: str
    formats: list[str]

    def sidecars(self) -> dict[str, dict[str, Any]]:
        """Chart name -> sidecar JSON, for every chart the run saved."""
        return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(self.folder.glob("*.json"))}

    @property
    def summary_path(self) -> Path:
        return self.folder / f"summary.{self.lang}.md"

    def texts(self) -> dict[str, str]:
        """Every reader-facing text the run wrote: the summary, each sidecar's words, each SVG's <desc>."""
        out = {"summary": self.summary_path.read_text(encoding="utf-8")}
        for name, sidecar in self.sidecars().items():
            words = [sidecar.get("title", ""), sidecar.get("subtitle", ""), sidecar.get("alt_text", ""),
                     *sidecar.get("notes", [])]
            out[f"{name}.json"] = "\n".join(words)
            svg = self.folder / f"{name}.svg"
            if svg.exists():
                desc = ET.parse(svg).getroot().find(f"{SVG_NS}desc")
                out[f"{name}.svg"] = desc.text if desc is not None and desc.text else ""
        return out


@pytest.fixture(scope="module")
def kernel_spec() -> str:
    """The project kernel must be registered (make setup does it): every run uses this one spec."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        KernelSpecManager().get_kernel_spec(KERNEL_NAME)
    except NoSuchKernel:
        pytest.fail(f"kernel {KERNEL_NAME!r} is not registered: run `make setup` (ipykernel install --sys-prefix)")
    return KERNEL_NAME


@pytest.fixture(scope="module")
def runs(tmp_path_factory, kernel_spec):
    """run(notebook, variant, **parameters) -> Run, executed once per (notebook, variant)."""
    cache: dict[tuple[str, str], Run] = {}
    root = tmp_path_factory.mktemp("notebook_runs")

    def run(notebook: Path, variant: str, **parameters: Any) -> Run:
        key = (notebook.name, variant)
        if key not in cache:
            out = root / variant
            params = {"output_dir": str(out), **parameters}
            executed = root / f"{notebook.stem}.{variant}.ipynb"
            # cwd = notebooks/, as JupyterLab and the build run it: relative defaults resolve there.
            run_papermill(notebook, executed, parameters=params, cwd=NOTEBOOKS_DIR, kernel_name=kernel_spec)
            cache[key] = Run(notebook, out / notebook.stem, parameters.get("lang", "en"),
                             list(parameters.get("formats", ["svg", "png"])))
        return cache[key]

    return run


# ---- file checks ----

def _check_svg(path: Path, sidecar: dict[str, Any]) -> None:
    root = ET.parse(path).getroot()
    assert root.tag == f"{SVG_NS}svg", f"{path.name}: root element is {root.tag}"
    title, desc = root.find(f"{SVG_NS}title"), root.find(f"{SVG_NS}desc")
    assert title is not None and title.text == sidecar["title"], f"{path.name}: <title> differs from the sidecar"
    assert desc is not None and desc.text == sidecar["alt_text"], f"{path.name}: <desc> differs from the alt text"


def _check_png(path: Path, sidecar: dict[str, Any]) -> None:
    from PIL import Image

    with Image.open(path) as image:
        image.load()
        assert image.size == (sidecar["width_px"], sidecar["height_px"]), f"{path.name}: {image.size}"


def _check_pdf(path: Path) -> None:
    from pypdf import PdfReader

    reader = PdfReader(path)
    assert len(reader.pages) >= 1, f"{path.name}: no pages"
    fonts = []
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        font_dicts = [resources.get("/Font") or {}]
        for xobject in (resources.get("/XObject") or {}).values():
            xres = xobject.get_object().get("/Resources") or {}
            font_dicts.append(xres.get("/Font") or {})
        for fonts_of in font_dicts:
            fonts += [f.get_object() for f in fonts_of.get_object().values()]
    assert fonts, f"{path.name}: no fonts (is the text drawn at all?)"
    type3 = [str(f.get("/BaseFont", "?")) for f in fonts if f.get("/Subtype") == "/Type3"]
    assert not type3, f"{path.name}: Type 3 font(s) {type3}"


def _check_outputs(run: Run) -> None:
    sidecars = run.sidecars()
    assert sidecars, f"{run.notebook.name} saved no chart under {run.folder}"
    for name, sidecar in sidecars.items():
        assert sorted(sidecar["files"]) == sorted(run.formats), f"{name}: files {sidecar['files']}"
        assert sidecar["alt_text"].strip(), f"{name}: empty alt text"
        for fmt, filename in sidecar["files"].items():
            path = run.folder / filename
            assert path.is_file() and path.stat().st_size > 0, f"{name}: {filename} missing or empty"
            {"svg": lambda p: _check_svg(p, sidecar), "png": lambda p: _check_png(p, sidecar),
             "pdf": _check_pdf}[fmt](path)
    assert run.summary_path.is_file(), f"{run.notebook.name}: no {run.summary_path.name}"
    summary = _unescape(run.summary_path.read_text(encoding="utf-8"))
    for name, sidecar in sidecars.items():
        assert any(f"({filename})" in summary for filename in sidecar["files"].values()), \
            f"{run.summary_path.name} does not embed or link chart {name!r}"
        assert " ".join(sidecar["alt_text"].split()) in " ".join(summary.split()), \
            f"{run.summary_path.name} does not carry the alt text of chart {name!r}"


def _unescape(markdown: str) -> str:
    return markdown.replace("\\[", "[").replace("\\]", "]")


@pytest.mark.slow
@needs_notebooks
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_with_its_defaults(runs, notebook):
    run = runs(notebook, "default")
    _check_outputs(run)
    assert not CYRILLIC.search(run.summary_path.read_text(encoding="utf-8")), "the English summary holds Russian text"


@pytest.mark.slow
@needs_notebooks
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_in_russian_at_print_size_as_pdf(runs, notebook):
    run = runs(notebook, "ru_print", **RU_PRINT)
    _check_outputs(run)
    for name, sidecar in run.sidecars().items():
        assert sidecar["size"] == "print-single", f"{name}: size {sidecar['size']}"
        for field in ("title", "alt_text", "source"):
            assert CYRILLIC.search(sidecar[field]), f"{name}: {field} is not in Russian: {sidecar[field][:80]!r}"
    assert not list(run.folder.glob("*.svg")) and not list(run.folder.glob("*.png"))
    assert CYRILLIC.search(run.summary_path.read_text(encoding="utf-8"))


# ---- no hard-coded numbers ----

@pytest.fixture(scope="module")
def modified_data(tmp_path_factory):
    """A validated copy of data/ with changed values, and the list of changes."""
    from analysis.validate import validate_package

    target = tmp_path_factory.mktemp("modified") / "data"
    changes = modify_data(paths.REPO_ROOT / "data", target)
    report = validate_package(target, None)
    assert report.ok, "the modified copy of data/ does not validate:\n" + "\n".join(map(str, report.problems[:20]))
    assert len(changes) >= 10, f"only {len(changes)} values changed"
    return target, changes


@pytest.mark.parametrize("text, expected", [
    ("187 in 2011, 1,807 in 2012; roughly USD 13,000", {187, 1807, 2011, 2012, 13000}),
    ("3.2 times; CAT/C/48/D/433/2010; 5–7 years", {5, 7}),
])
def test_numbers_in_reads_stated_integers(text, expected):
    assert numbers_in(text) == expected


def test_stale_numbers_catches_a_typed_number_and_a_missing_new_one():
    changes = [("torture_complaints", "tc-2011", 187, 562), ("zhanaozen", "zh-killed", 15, 46)]
    before = {"summary": "187 complaints in 2011; 15 killed", "chart.svg": "2011: 187"}
    good = {"summary": "562 complaints in 2011; 46 killed", "chart.svg": "2011: 562"}
    assert stale_numbers(before, good, changes) == ([], 2)
    typed = {"summary": "562 complaints in 2011; 46 killed", "chart.svg": "2011: 187"}
    problems, _ = stale_numbers(before, typed, changes)
    assert problems == ["chart.svg: tc-2011 changed 187 -> 562, but 562 is not stated".replace("tc-2011", "torture_complaints/tc-2011"),
                        "chart.svg: still states 187 (torture_complaints/tc-2011) after the data changed it to 562"]


def test_stale_numbers_allows_an_old_value_that_another_row_now_has():
    changes = [("media_closures", "mc-existing-independent", 40, 121), ("upr_2010_outcome", "upr-accepted", 121, 364)]
    before = {"summary": "40 outlets; 121 accepted"}
    assert stale_numbers(before, {"summary": "121 outlets; 364 accepted"}, changes) == ([], 1)
    assert stale_numbers(before, {"summary": "121 outlets; 121 accepted"}, changes)[0] == [
        "summary: upr_2010_outcome/upr-accepted changed 121 -> 364, but 364 is not stated"]


def test_modify_data_changes_values_and_their_excerpts(modified_data):
    target, changes = modified_data
    tables = {(t, i): (old, new) for t, i, old, new in changes}
    assert tables[("torture_complaints", "tc-2011")] == (187, 562)
    assert tables[("zhanaozen", "zh-officers-sentence")] in {(5, 16), (7, 22)}
    with (target / "compensation.csv").open(encoding="utf-8") as fh:
        usd = next(r for r in csv.DictReader(fh) if r["id"] == "comp-gerasimov-usd")
    assert usd["value"] == "39001" and "USD 39001" in usd["excerpt"]


@pytest.mark.slow
@needs_notebooks
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_says_the_data_it_is_given(runs, notebook, modified_data, monkeypatch):
    """Values that the default run states must change with the data: the new value appears, the old
    one does not (checked for values of three or more digits, which nothing else in a text, such as
    a date, an endnote or a month count, can be confused with)."""
    target, changes = modified_data
    monkeypatch.delenv(paths.SOURCES_ENV, raising=False)  # changed values no longer match the source text
    monkeypatch.delenv(paths.DATA_ENV, raising=False)
    before = runs(notebook, "default")
    after = runs(notebook, "modified", data_dir=str(target))
    _check_outputs(after)
    problems, checked = stale_numbers(before.texts(), after.texts(), changes)
    assert not problems, "\n".join(problems)
    if not checked:
        pytest.skip(f"{notebook.name} states no value of three or more digits from data/")

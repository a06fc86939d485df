"""Every notebook in notebooks/ runs under papermill (kernel kazakhstan-upr, cwd = notebooks/) and
leaves valid files behind: with its defaults (output_dir pointed at a temporary folder), and as a
Russian print run (lang=ru, size=print-single, formats=["pdf"]). Then the no-hard-coding check:
the same two runs on a copy of data/ whose values were changed (small ones too: 28 -> 2,828)
and whose dates moved (2011 -> 2163) must say the new values and dates, as often as the default
runs said the old ones, and none of the old ones, in the summary and in every alt text (SVG
<desc>, sidecar JSON). Endnotes, articles, days of a month and counts of ours are told from values
by tests/support/changed_data.py.

Notebooks are picked up from the folder, so a new one is tested as soon as it is committed.
Papermill runs them as the build does, in a warm worker process with a fresh state per run
(support.notebook_runs.NotebookRunner); the build's reproducibility test shows that a kernel per
run gives the same files, and the README's papermill command is run with a kernel by its own test.
Runs are cached for the session (a session-scoped fixture) so the check reuses the default run,
and a notebook's tests stay on one pytest-xdist worker (its xdist_group) so no run is made twice.
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

from analysis.core import paths
from analysis.notebook.notebook_checks import notebook_paths
from support.published_texts import plain
from support.notebook_runs import NotebookRunner
from support.changed_data import (DATED_TABLES, LedgerText, date_problems, distinct, ledger_spans, modify_data,
                          not_value_spans, shift_dates, stated_numbers, value_problems)

NOTEBOOKS_DIR = paths.REPO_ROOT / "notebooks"
NOTEBOOKS = notebook_paths(NOTEBOOKS_DIR)
# Each notebook's runs are made on one xdist worker: its tests share them.
BY_NOTEBOOK = [pytest.param(p, id=p.stem, marks=pytest.mark.xdist_group(f"notebook-{p.stem}")) for p in NOTEBOOKS]
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
        """Chart name -> sidecar JSON, for every chart the run saved (not the summaries' claims ledgers)."""
        return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(self.folder.glob("*.json"))
                if not p.name.endswith(".claims.json")}

    @property
    def summary_path(self) -> Path:
        return self.folder / f"summary.{self.lang}.md"

    def texts(self) -> dict[str, str]:
        """Every reader-facing text the run wrote: the summary, each sidecar's words, each SVG's <desc>,
        each with the spans its claims ledger gives as ours or as references."""
        ledger = json.loads(self.summary_path.with_name(f"summary.{self.lang}.claims.json").read_text(encoding="utf-8"))
        # The typesetting pass's no-break spaces read as spaces (one character each: the spans stay put).
        out = {"summary": LedgerText(plain(self.summary_path.read_text(encoding="utf-8")), ledger_spans(ledger["claims"]))}
        for name, sidecar in self.sidecars().items():
            fields = [("title", sidecar.get("title", "")), ("subtitle", sidecar.get("subtitle", "")),
                      ("alt_text", sidecar.get("alt_text", "")),
                      *((f"notes[{i}]", n) for i, n in enumerate(sidecar.get("notes", [])))]
            spans, at = [], 0
            for field, text in fields:
                spans += ledger_spans([e for e in sidecar.get("claims", []) if e.get("field") == field], at)
                at += len(text) + 1
            out[f"{name}.json"] = LedgerText(plain("\n".join(text for _, text in fields)), spans)
            svg = self.folder / f"{name}.svg"
            if svg.exists():
                desc = ET.parse(svg).getroot().find(f"{SVG_NS}desc")
                alt = [e for e in sidecar.get("claims", []) if e.get("field") == "alt_text"]
                out[f"{name}.svg"] = LedgerText(plain(desc.text) if desc is not None and desc.text else "", ledger_spans(alt))
        return out


@pytest.fixture(scope="session")
def runner():
    """The warm worker every run of this module goes through. No run sees $ANALYSIS_SOURCES_DIR
    or $ANALYSIS_DATA_DIR: changed values no longer match the source text, and each run names its
    data folder (or takes the notebook's default)."""
    runner = NotebookRunner(unset=(paths.SOURCES_ENV, paths.DATA_ENV))
    yield runner
    runner.close()


@pytest.fixture(scope="session")
def runs(tmp_path_factory, runner):
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
            runner.run(notebook, executed, parameters=params, cwd=NOTEBOOKS_DIR)
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


def _check_csv(path: Path) -> None:
    import csv

    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows, f"{path.name}: no rows"
    assert {"id", "label", "ours"} <= set(rows[0]), f"{path.name}: columns {list(rows[0])}"


def _check_outputs(run: Run) -> None:
    sidecars = run.sidecars()
    assert sidecars, f"{run.notebook.name} saved no chart under {run.folder}"
    for name, sidecar in sidecars.items():
        # The formats asked for, and the chart's data (report.chart_csv) beside them.
        assert sorted(sidecar["files"]) == sorted([*run.formats, "csv"]), f"{name}: files {sidecar['files']}"
        assert sidecar["alt_text"].strip(), f"{name}: empty alt text"
        for fmt, filename in sidecar["files"].items():
            path = run.folder / filename
            assert path.is_file() and path.stat().st_size > 0, f"{name}: {filename} missing or empty"
            {"svg": lambda p: _check_svg(p, sidecar), "png": lambda p: _check_png(p, sidecar),
             "pdf": _check_pdf, "csv": _check_csv}[fmt](path)
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
@pytest.mark.parametrize("notebook", BY_NOTEBOOK)
def test_notebook_runs_with_its_defaults(runs, notebook):
    run = runs(notebook, "default")
    _check_outputs(run)
    assert not CYRILLIC.search(run.summary_path.read_text(encoding="utf-8")), "the English summary holds Russian text"


@pytest.mark.slow
@needs_notebooks
@pytest.mark.parametrize("notebook", BY_NOTEBOOK)
def test_notebook_runs_in_russian_at_print_size_as_pdf(runs, notebook):
    run = runs(notebook, "ru_print", **RU_PRINT)
    _check_outputs(run)
    for name, sidecar in run.sidecars().items():
        assert sidecar["size"] == "print-single", f"{name}: size {sidecar['size']}"
        for field in ("title", "alt_text", "source"):
            assert CYRILLIC.search(sidecar[field]), f"{name}: {field} is not in Russian: {sidecar[field][:80]!r}"
    assert not list(run.folder.glob("*.svg")) and not list(run.folder.glob("*.png"))
    assert CYRILLIC.search(run.summary_path.read_text(encoding="utf-8"))


# ---- no hard-coded numbers or dates ----

RUNS = {"en": ("default", {}), "ru": ("ru_print", RU_PRINT)}


@pytest.fixture(scope="session")
def modified_data(tmp_path_factory):
    """A validated copy of data/ with distinct values (every integral value times 101) and every
    date of DATED_TABLES moved, and the lists of changes."""
    from analysis.data.validate import validate_package

    target = tmp_path_factory.mktemp("modified") / "data"
    changes = modify_data(paths.REPO_ROOT / "data", target, distinct)
    dates = shift_dates(target)
    report = validate_package(target, None)
    assert report.ok, "the modified copy of data/ does not validate:\n" + "\n".join(map(str, report.problems[:20]))
    assert len(changes) >= 10, f"only {len(changes)} values changed"
    assert len(dates) >= 10, f"only {len(dates)} dates moved"
    return target, changes, dates


def _tables_read(notebook: Path) -> set[str] | None:
    """The tables the notebook's theme module reads (its TABLES); None for a notebook that reads
    them all (the overview) or has no theme module. A notebook can state only these values."""
    import importlib
    import pkgutil

    import analysis.themes as themes

    for info in pkgutil.iter_modules(themes.__path__):
        module = importlib.import_module(f"{themes.__name__}.{info.name}")
        if getattr(module, "NOTEBOOK", None) == notebook.stem:
            tables = getattr(module, "TABLES", None)
            return set(tables) if tables else None
    return None


@pytest.mark.parametrize("text, lang, expected", [
    ("187 in 2011, 1,807 in 2012; roughly USD 13,000", "en", [187, 2011, 1807, 2012, 13000]),
    ("3.2 times; CAT/C/48/D/433/2010; 5–7 years; article 531-1; KZT 2 million", "en", [5, 7, 2000000]),
    ("2,828 of the 2,929; KZT 202 million; KZT 18,002 million", "en", [2828, 2929, 202000000, 18002000000]),
    ("13\u00a0000 долларов; в 3,2 раза; 2 млн тенге; от 45\u00a0005 до 63\u00a0007 лет", "ru",
     [13000, 2000000, 45005, 63007]),
    # plain spaces: a summary's copy of an alt text joins its words with them
    ("Принято: 12 221 рекомендация; сноски 1, 5 и 12", "ru", [12221, 1, 5, 12]),
])
def test_stated_numbers_reads_integers_in_the_language_format(text, lang, expected):
    assert [n.value for n in stated_numbers(text, lang)] == expected


@pytest.mark.parametrize("text, lang, excused, values", [
    ("[endnote 12]; endnotes 1, 5, 12, 19; Articles 3 and 22; article 531-1", "en",
     ["12", "1, 5, 12, 19", "3 and 22", "531-1"], []),
    ("On 16 December 2011, 15 people were killed", "en", ["16"], ["15"]),
    ("cites 2 recommendations, made by Belgium (92); Czech Republic (7).", "en", ["92", "7"], ["2"]),
    ("across 5 themes; (our count): 15 recommendations; 3 facts cannot be placed; rejected 7", "en",
     ["5", "15", "3"], ["7"]),
    ("[сноска 12]; статьи 3 и 22; № 61, 64; 16 декабря 2011; тем: 5; 3 факта; (часть 1 из 3); убиты 15",
     "ru",
     ["12", "3 и 22", "61, 64", "16", "5", "3", "1 из 3"], ["15"]),
])
def test_not_value_spans_excuse_references_days_and_our_counts(text, lang, excused, values):
    spans = not_value_spans(text, lang)

    def covered(words: str) -> bool:
        start = re.search(rf"(?<![\w]){re.escape(words)}(?![\w])", text).start()
        return any(a <= start and start + len(words) <= b for a, b in spans)

    assert [w for w in excused if not covered(w)] == []
    assert [w for w in values if covered(w)] == []


_CHANGES = [("extraditions", "ex-extradited", 28, 2828), ("extraditions", "ex-sentenced", 12, 1212),
            ("extraditions", "ex-decision", 28, 2828)]
_BEFORE = {"summary": "Kazakhstan extradited 28 refugees [endnote 12]. At least 12 of the 28 were sentenced.",
           "chart.svg": "Extradited, June 2011: 28 people; later sentenced: at least 12 people (endnote 19)."}
_AFTER = {"summary": "Kazakhstan extradited 2,828 refugees [endnote 12]. At least 1,212 of the 2,828 were sentenced.",
          "chart.svg": "Extradited, June 2011: 2,828 people; later sentenced: at least 1,212 people (endnote 19)."}


def test_value_problems_pass_a_text_that_follows_the_data():
    assert value_problems(_BEFORE, _AFTER, _CHANGES, "en") == ([], 5)


def test_value_problems_catch_a_stale_value_planted_in_a_summary():
    """One statement of the changed data's summary put back to the old number: the value check
    sees both the missing new value and the stale old one (the endnote 12 stays excused)."""
    doctored = {**_AFTER, "summary": _AFTER["summary"].replace("1,212", "12")}
    problems, _ = value_problems(_BEFORE, doctored, _CHANGES, "en")
    assert len(problems) == 2, problems
    assert problems[0] == ("summary: extraditions/ex-sentenced changed 12 -> 1212; the default run states 12 1 "
                           "time(s), the run on the changed data states 1212 0 time(s)")
    assert problems[1].startswith("summary: still states 12 (extraditions/ex-sentenced) after the data changed it "
                                  "to 1212: …") and "At least 12 of the 2,828" in problems[1]


def test_value_problems_catch_a_number_typed_into_a_template():
    """A number typed into a template is in both runs' texts; it is still a stale value."""
    typed = " Of the 28, 12 were sentenced."
    before = {**_BEFORE, "summary": _BEFORE["summary"] + typed}
    after = {**_AFTER, "summary": _AFTER["summary"] + typed}
    problems, _ = value_problems(before, after, _CHANGES, "en")
    assert len([p for p in problems if "still states" in p]) == 2
    assert any("states 28 3 time(s)" in p and "2828 2 time(s)" in p for p in problems)


def test_value_problems_refuse_a_new_value_the_default_text_already_states():
    with pytest.raises(ValueError, match="also old values"):
        value_problems(_BEFORE, _AFTER, [("t", "a", 12, 28), ("t", "b", 28, 2828)], "en")
    problems, _ = value_problems({"summary": "12 and 1,212"}, {"summary": "1,212 and 1,212"}, _CHANGES[1:2], "en")
    assert problems == ["summary: the default run already states 1212, so it cannot stand for 12"]


def test_date_problems_catch_an_old_date_in_words_and_in_years():
    from support.changed_data import DateChange

    dates = [DateChange("events", "ev-a", "date", "2011-12-16", "2163-12-16"),
             DateChange("events", "ev-b", "date", "2011-12", "2163-12"),
             DateChange("events", "ev-c", "date", "2013", "2165")]
    before = {"summary": "**2011** 16 December 2011: killed. December 2011: inquiry (endnote 12). 2013: law "
                         "(CAT/C/48/D/433/2013)."}
    after = {"summary": "**2163** 16 December 2163: killed. December 2163: inquiry (endnote 12). 2165: law "
                        "(CAT/C/48/D/433/2013)."}
    assert date_problems(before, after, dates, "en") == ([], 6)
    stale = {"summary": after["summary"].replace("December 2163: inquiry", "December 2011: inquiry")}
    problems, _ = date_problems(before, stale, dates, "en")
    assert len(problems) == 4, problems
    assert problems[0].startswith("summary: still writes 2011 after the dates moved to 2163: …")
    assert "December 2011: inquiry" in problems[0]
    assert problems[1:] == [
        "summary: the default run writes 2011 3 time(s), the run on the moved dates writes 2163 2 time(s)",
        "summary: still writes 'December 2011' after the dates moved ('December 2163')",
        "summary: the default run writes 'December 2011' 1 time(s), the run on the moved dates writes "
        "'December 2163' 0 time(s)",
    ]
    ru = {"summary": "16 декабря 2011: убиты. Декабрь 2011: расследование."}
    ru_after = {"summary": "16 декабря 2163: убиты. Декабрь 2163: расследование."}
    assert date_problems(ru, ru_after, dates[:2], "ru") == ([], 4)


def test_modify_data_changes_values_and_their_excerpts(modified_data):
    target, changes, _ = modified_data
    tables = {(t, i): (old, new) for t, i, old, new in changes}
    assert tables[("torture_complaints", "tc-2011")] == (187, 18887)
    assert tables[("extraditions", "ex-sentenced-after-return")] == (12, 1212)
    assert tables[("zhanaozen", "zh-officers-sentence")] in {(5, 505), (7, 707)}
    with (target / "compensation.csv").open(encoding="utf-8") as fh:
        usd = next(r for r in csv.DictReader(fh) if r["id"] == "comp-gerasimov-usd")
    assert usd["value"] == "1313000" and "USD 1313000" in usd["excerpt"]
    with (target / "extraditions.csv").open(encoding="utf-8") as fh:
        ext = {r["measure"]: int(r["value"]) for r in csv.DictReader(fh) if r["value"]}
    assert ext["sentenced_after_return"] <= ext["extradited"] and ext["extradition_decision"] <= ext["cat_complainants"]


def test_modify_data_keeps_three_times_plus_one_by_default(tmp_path):
    changes = {(t, i): (old, new) for t, i, old, new in modify_data(paths.REPO_ROOT / "data", tmp_path / "data")}
    assert changes[("torture_complaints", "tc-2011")] == (187, 562)


def test_shift_dates_moves_dates_excerpts_and_words(modified_data):
    target, _, dates = modified_data
    moved = {(d.table, d.row_id, d.column): (d.old, d.new) for d in dates}
    assert moved[("events", "ev-2011-12-16-zhanaozen", "date")] == ("2011-12-16", "2163-12-16")
    assert moved[("events", "ev-2014-second-upr", "date_end")] == ("2014-11", "2166-11")
    assert moved[("compensation", "comp-gerasimov-kzt", "date")] == ("2013-11", "2165-11")
    with (target / "events.csv").open(encoding="utf-8") as fh:
        events = {r["id"]: r for r in csv.DictReader(fh)}
    assert "on 16 December 2163 in the town" in events["ev-2011-12-16-zhanaozen"]["excerpt"]
    assert events["ev-2011-counter-terrorism-operations"]["date"] == "2163"  # an open period moves its start
    assert "433/2010" in events["ev-2012-07-10-cat-433-2010"]["event"]  # a symbol, not a date


@pytest.mark.slow
@needs_notebooks
@pytest.mark.parametrize("lang", sorted(RUNS))
@pytest.mark.parametrize("notebook", BY_NOTEBOOK)
def test_notebook_says_the_data_it_is_given(runs, notebook, lang, modified_data):
    """Every value of the tables the notebook reads that its default run states (in value position)
    is stated as its changed value, as often, and never as the old one; for a notebook that reads
    only tables whose dates all moved, every year and date likewise."""
    target, changes, dates = modified_data
    variant, parameters = RUNS[lang]
    before = runs(notebook, variant, **parameters)
    after = runs(notebook, f"{variant}_modified", **parameters, data_dir=str(target))
    _check_outputs(after)
    tables = _tables_read(notebook)
    read = [c for c in changes if tables is None or c[0] in tables]
    problems, checked = value_problems(before.texts(), after.texts(), read, lang)
    if tables is not None and tables <= set(DATED_TABLES):
        more, dated = date_problems(before.texts(), after.texts(), dates, lang)
        problems, checked = problems + more, checked + dated
    assert not problems, "\n".join(problems)
    assert checked, (f"{notebook.name} states none of the changed values or moved dates of the tables it reads "
                     f"({', '.join(sorted(tables or ['all']))}): the check would prove nothing")


def _one_notebook(stem: str) -> Path:
    found = [p for p in NOTEBOOKS if p.stem == stem]
    if not found:
        pytest.skip(f"no notebook {stem}")
    return found[0]


@pytest.mark.slow
@needs_notebooks
@pytest.mark.xdist_group("notebook-05_non_refoulement")
@pytest.mark.parametrize("lang", sorted(RUNS))
def test_the_check_catches_a_value_put_back_into_a_real_summary(runs, lang, modified_data):
    """The non-refoulement summary on the changed data, with one statement of the number extradited
    put back to the old value (as a typed number would leave it): the check reports it."""
    from analysis.words.i18n import format_number

    target, changes, _ = modified_data
    notebook = _one_notebook("05_non_refoulement")
    variant, parameters = RUNS[lang]
    before = runs(notebook, variant, **parameters).texts()
    after = runs(notebook, f"{variant}_modified", **parameters, data_dir=str(target)).texts()
    old, new = next((old, new) for table, _, old, new in changes if table == "extraditions")
    assert format_number(new, lang) in after["summary"]
    doctored = {**after, "summary": after["summary"].replace(format_number(new, lang), str(old), 1)}
    problems, _ = value_problems(before, doctored, [c for c in changes if c[0] == "extraditions"], lang)
    assert any(p.startswith(f"summary: still states {old} ") for p in problems), problems
    assert any(f"states {new} " in p for p in problems), problems


@pytest.mark.slow
@needs_notebooks
@pytest.mark.xdist_group("notebook-06_timeline")
@pytest.mark.parametrize("lang", sorted(RUNS))
def test_the_check_catches_an_old_date_put_back_into_a_real_summary(runs, lang, modified_data):
    """The timeline summary on the moved dates, with one date put back as it was: the check reports it."""
    from analysis.words.i18n import format_date

    target, _, dates = modified_data
    notebook = _one_notebook("06_timeline")
    variant, parameters = RUNS[lang]
    before = runs(notebook, variant, **parameters).texts()
    after = runs(notebook, f"{variant}_modified", **parameters, data_dir=str(target)).texts()
    day = next(d for d in dates if d.table == "events" and d.column == "date" and d.old.count("-") == 2)
    new_words, old_words = format_date(day.new, lang), format_date(day.old, lang)
    assert new_words in after["summary"]
    doctored = {**after, "summary": after["summary"].replace(new_words, old_words, 1)}
    problems, _ = date_problems(before, doctored, dates, lang)
    assert f"summary: still writes {old_words!r} after the dates moved ({new_words!r})" in problems, problems


@pytest.mark.slow
@needs_notebooks
@pytest.mark.parametrize("notebook", BY_NOTEBOOK)
def test_a_misspelt_parameter_is_refused_by_name_before_anything_is_written(runner, tmp_path, notebook):
    """papermill only warns about `-p langg ru` and would run on in English: every notebook refuses it,
    naming it, at its first cell, before it makes any folder."""
    out = tmp_path / "out"
    with pytest.raises(AssertionError, match=r"'langg' is not a parameter of this notebook \(did you mean 'lang'\?\)"):
        runner.run(notebook, tmp_path / "executed.ipynb", parameters={"output_dir": str(out), "langg": "ru"},
                   cwd=NOTEBOOKS_DIR)
    assert not out.exists() or not any(out.rglob("*"))  # the runner makes the folder; the notebook writes nothing

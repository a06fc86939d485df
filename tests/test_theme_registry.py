"""The theme registry: every theme registers itself, the build's notebooks and the registry agree,
and a throwaway theme — one module, its catalogue and its notebook, all outside the package —
registers and builds with no edit to the project."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from support.published_texts import plain
from analysis.core.paths import REPO_ROOT
from analysis.themes import base

THROWAWAY = '''\
"""A throwaway theme: the torture complaints as plain bars, on the shared base only."""

from pathlib import Path

import pandas as pd

from analysis.kit import charts as kit, encodings
from analysis.themes import base
from analysis.words import alt_text, attribution, claims, narrative
from analysis.words.i18n import t

SPEC = base.register(base.ThemeSpec(
    name="throwaway", module="throwaway", notebook="90_throwaway", tables=("torture_complaints", "documents"),
    catalogue="theme_throwaway", theme_id="torture", key_figures=False,
    locales=Path(__file__).parent / "locales"))
NOTEBOOK = SPEC.notebook


def load_tables(data_dir=None):
    return base.load_tables(SPEC, data_dir)


def _rows(tables):
    rows = tables["torture_complaints"].sort_values("year").reset_index(drop=True)
    labels = [claims.reported(r, "year", str(int(r["year"]))) for _, r in rows.iterrows()]
    return rows.assign(label=labels)


@claims.scoped
def _charts(tables, *, lang, size):
    rows = _rows(tables)
    fig, ax = kit.new_figure(size)
    encodings.qualified_bars(ax, rows, lang=lang, color=SPEC.color)
    title = t("theme_throwaway.title", lang)
    alt = alt_text.compose_alt_text(rows, lang=lang, title=title, documents=tables["documents"])
    return [base.make_chart(SPEC, "bars", fig, lang=lang, title=title, subtitle=t("theme_throwaway.subtitle", lang),
                            rows=rows, documents=tables["documents"], alt=alt)]


@claims.scoped
def _summary(tables, chart_names, *, lang):
    rows = _rows(tables)
    return narrative.document(t("theme_throwaway.title", lang), lang=lang, charts=chart_names,
                              source=attribution.source_line(rows, tables["documents"], lang))


def run(tables, params=base.Params()):
    return base.output(SPEC, tables, params, {"complaints": _rows(tables)}, _charts, _summary)
'''

CATALOGUE = {
    "en": {"theme_throwaway.title": "Torture complaints by year", "theme_throwaway.subtitle": "A throwaway theme"},
    "ru": {"theme_throwaway.title": "Жалобы на пытки по годам", "theme_throwaway.subtitle": "Тема для проверки"},
}

NOTEBOOK_CELLS = [
    ("markdown", "# A throwaway theme\n\nBuilt only to show that a theme needs no edit outside its own files."),
    ("parameters", 'data_dir: str = "../data"  # the data folder\n'
                   'output_dir: str = "../figures/en"  # where the figures go\n'
                   'formats: list[str] = ["svg"]  # file formats\n'
                   'size: str = "web"  # size preset\n'
                   'lang: str = "en"  # language'),
    ("code", "from analysis.notebook import parameters\nfrom analysis.kit import report\nfrom analysis.themes import base\n"
             "import throwaway as theme\n\n"
             "parameters.check(lang=lang, size=size, formats=formats)\n"
             "out = theme.run(theme.load_tables(data_dir), base.Params(lang, size))"),
    ("code", "written = report.write(out, output_dir, formats)\nreport.show_charts(written.charts)\n"
             "report.show_summary(written.summary)"),
]


def _notebook(cells) -> dict:
    out = []
    for n, (kind, source) in enumerate(cells):
        cell = {"cell_type": "markdown" if kind == "markdown" else "code", "id": f"cell-{n}", "metadata": {},
                "source": source}
        if kind != "markdown":
            cell.update(execution_count=None, outputs=[])
        if kind == "parameters":
            cell["metadata"] = {"tags": ["parameters"]}
        out.append(cell)
    return {"cells": out, "metadata": {"kernelspec": {"name": "kazakhstan-upr", "display_name": "Python",
                                                      "language": "python"}},
            "nbformat": 4, "nbformat_minor": 5}


@pytest.fixture
def throwaway(tmp_path: Path) -> Path:
    """A project folder holding only the throwaway theme's own files (module, catalogue, notebook)."""
    theme_dir = tmp_path / "theme"
    theme_dir.mkdir()
    (theme_dir / "throwaway.py").write_text(THROWAWAY, encoding="utf-8")
    for lang, entries in CATALOGUE.items():
        (theme_dir / "locales" / lang).mkdir(parents=True)
        (theme_dir / "locales" / lang / "theme_throwaway.json").write_text(json.dumps(entries, ensure_ascii=False),
                                                                          encoding="utf-8")
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "90_throwaway.ipynb").write_text(json.dumps(_notebook(NOTEBOOK_CELLS)),
                                                               encoding="utf-8")
    config = {"notebook_dir": "notebooks", "data_dir": str(REPO_ROOT / "data"), "output_dir": "figures",
              "build_dir": "build", "kernel": "kazakhstan-upr", "check_ledgers": True, "timeout": 300,
              "code": ["theme"], "notebooks": ["90_throwaway"],
              "sets": {"en": {"output": "en", "parameters": {"lang": "en", "size": "web", "formats": ["svg", "png"]}},
                       "ru": {"output": "ru", "parameters": {"lang": "ru", "size": "web", "formats": ["svg"]}}}}
    (tmp_path / "notebooks" / "params.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    yield tmp_path
    base.unregister("throwaway")
    sys.modules.pop("throwaway", None)


def test_every_theme_registers_its_spec_and_the_build_runs_every_theme_notebook():
    specs = base.registered()
    assert [s.name for s in specs[:len(base.THEMES)]] == list(base.THEMES)
    config = yaml.safe_load((REPO_ROOT / "notebooks" / "params.yaml").read_text(encoding="utf-8"))
    assert sorted(s.notebook for s in specs) == sorted(config["notebooks"])
    for s in specs:
        assert (REPO_ROOT / "notebooks" / f"{s.notebook}.ipynb").exists(), s
        assert (REPO_ROOT / "src/analysis/words/locales/en" / f"{s.catalogue}.json").exists(), s
        assert base.theme_module(s.name).SPEC is s


def test_no_two_themes_share_a_colour():
    """(That each chart draws its theme's colour is read from the published SVGs:
    tests/test_chart_theme_colours.py.)"""
    colours = {s.name: s.color for s in base.registered() if s.theme_id}
    assert len(set(colours.values())) == len(colours), colours


def test_a_clashing_registration_is_refused():
    torture = base.spec("torture")
    with pytest.raises(ValueError, match="clashes with registered theme 'torture'"):
        base.register(base.ThemeSpec(name="other", notebook=torture.notebook, tables=(), catalogue="x"))
    with pytest.raises(KeyError, match="has no colour"):
        base.register(base.ThemeSpec(name="other", notebook="99_other", tables=(), catalogue="x", theme_id="nope"))


def test_a_throwaway_theme_registers_and_is_written_from_its_run_alone(throwaway: Path,
                                                                      monkeypatch: pytest.MonkeyPatch):
    """Registered at import; its `run` is all a theme gives: the writer makes its charts, data,
    sidecars and summary from the value it returns."""
    from analysis.kit import report

    monkeypatch.syspath_prepend(str(throwaway / "theme"))
    module = base.theme_module("throwaway") if "throwaway" in dict((s.name, s) for s in base.registered()) else None
    import throwaway as theme  # noqa: F401  (importing registers it)

    assert base.spec("throwaway").notebook == "90_throwaway"
    assert [s.name for s in base.registered()][-1] == "throwaway"
    assert module is None or module is theme
    out = theme.run(theme.load_tables(), base.Params("ru"))
    assert list(out.tables) == ["complaints"] and out.document.charts == ("bars",)
    written = report.write(out, throwaway / "figures" / "ru", ["svg"])
    folder = throwaway / "figures" / "ru" / "90_throwaway"
    assert [s.name for s in written.charts] == ["bars"]
    assert sorted(p.name for p in folder.iterdir()) == ["bars.csv", "bars.json", "bars.svg", "summary.ru.claims.json",
                                                        "summary.ru.md"]
    assert json.loads((folder / "bars.json").read_text(encoding="utf-8"))["title"] == "Жалобы на\u00a0пытки по\u00a0годам"
    text = (folder / "summary.ru.md").read_text(encoding="utf-8")
    assert plain(text).startswith("# Жалобы на пытки по годам\n") and "](bars.svg)" in text


@pytest.mark.slow
def test_a_throwaway_theme_builds_with_no_edit_outside_its_own_files(throwaway: Path):
    before = {p: p.stat().st_mtime_ns for p in (REPO_ROOT / "src").rglob("*") if p.is_file()
              and "__pycache__" not in p.parts}
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(throwaway / "theme"), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-m", "analysis", "build", "--project", str(throwaway), "--jobs", "1"],
                          capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    for lang in ("en", "ru"):
        folder = throwaway / "figures" / lang / "90_throwaway"
        assert (folder / "bars.svg").exists() and (folder / f"summary.{lang}.md").exists()
        assert (folder / f"summary.{lang}.claims.json").exists()
    sidecar = json.loads((throwaway / "figures" / "ru" / "90_throwaway" / "bars.json").read_text(encoding="utf-8"))
    assert sidecar["title"] == "Жалобы на\u00a0пытки по\u00a0годам"  # typeset (words.typeset)
    assert sidecar["metadata"] == {"lang": "ru", "notebook": "90_throwaway"}
    assert sidecar["source"].startswith("Источник")
    manifest = json.loads((throwaway / "figures" / "manifest.json").read_text(encoding="utf-8"))
    assert "90_throwaway" in json.dumps(manifest)
    after = {p: p.stat().st_mtime_ns for p in (REPO_ROOT / "src").rglob("*") if p.is_file()
             and "__pycache__" not in p.parts}
    assert after == before, "building the throwaway theme changed a file of the package"


def test_every_theme_assembles_its_charts_through_the_base():
    """One chart-assembly helper (base.make_chart) and one multi-page helper (base.paged_charts):
    no theme builds a Chart itself, so none forgets its source line, alt text or metadata."""
    import ast

    offenders = []
    for spec_ in base.registered():
        path = Path(base.theme_module(spec_.name).__file__)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Chart":
                offenders.append(f"{path.name}:{node.lineno}")
    assert not offenders, f"Chart(...) built outside analysis.themes.base: {offenders}"
    uses = {name: Path(base.theme_module(name).__file__).read_text(encoding="utf-8")
            for name in base.THEMES}
    assert all("make_chart(" in text or "paged_charts(" in text for text in uses.values()), \
        [n for n, text in uses.items() if "make_chart(" not in text and "paged_charts(" not in text]


@pytest.mark.parametrize("name", base.THEMES)
def test_a_themes_functions_default_to_its_published_options(name: str):
    """`charts` and `summary` called without options draw and say what is published (ThemeSpec.options),
    so a test or a reader calling them directly sees the published chart, not an exploration."""
    import inspect

    spec = base.spec(name)
    module = base.theme_module(name)
    for fn in (module.charts, module.summary):
        params = inspect.signature(fn).parameters
        own = {k: p.default for k, p in params.items()
               if p.kind is p.KEYWORD_ONLY and k not in ("lang", "size")}
        assert own == dict(spec.options), f"{name}.{fn.__name__}"

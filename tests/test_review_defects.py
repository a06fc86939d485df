"""The code review's concrete defects (../shared/reviews/2026-12-code-review.md §7), each with a test
that fails on the code as it stood at 3717492."""

from __future__ import annotations

import pytest

from analysis.build import build_lock
from analysis.data import provenance
from analysis.words.i18n import format_number
from support.mini_project import chart_notebook_cells, runs_with, write_mini_project, write_notebook


def test_d1_numbers_never_come_from_repr():
    assert format_number(1e-05, "en") == "0.00001"  # raised IndexError
    assert format_number(0.1 + 0.2, "ru") == "0,3"  # printed 17 decimals
    assert format_number(1e20, "en") == "100,000,000,000,000,000,000"  # printed e-notation
    assert format_number(13000, "ru") == "13\u00a0000" and format_number(1000, "ru") == "1000"
    assert format_number(3.25, "ru", 1) in ("3,2", "3,3")


def test_d6_the_proceedings_subtitle_finds_the_share_by_its_measure(monkeypatch):
    import matplotlib.pyplot as plt

    from analysis.themes import media

    tables = media.load_tables()
    closures = tables["media_closures"]
    without = dict(tables, media_closures=closures[closures["measure"].astype(str) != "share_of_existing_targeted"])
    try:
        chart = media.charts(without, lang="en", size="web")[0]
        framed = chart.fig._analysis_kit["frame"]["subtitle"]
    finally:
        plt.close("all")
    assert "“40”" not in framed and "those targeted are" not in framed  # the base is not "the share"


def test_d7_a_date_is_stated_as_a_date():
    assert provenance.date_in_text("2011-12-16", "16 people were detained in December 2011") == ["day 16"]
    assert provenance.date_in_text("2010", "Communication No. 433/2010 (CAT/C/48/D/433/2010)") == ["year 2010"]
    assert provenance.date_in_text("2011-12-16", "on 16 December 2011 in the town of Zhanaozen") == []
    assert provenance.date_in_text("2014-10", "October-November 2014") == []
    assert provenance.date_in_text("2012-05", "in May 2012") == []
    assert provenance.date_in_text("2012-05", "In 2012, at the May Day parade") == ["month May"]


def test_d9_the_build_lock_refuses_to_pretend_without_flock(tmp_path, monkeypatch):
    monkeypatch.setattr(build_lock, "fcntl", None)
    with pytest.raises(build_lock.BuildLocked, match="no fcntl.flock"):
        with build_lock.BuildLock(tmp_path / "build", tmp_path / "out"):
            pass


@pytest.mark.slow
def test_d4_a_hung_cell_fails_its_run_after_the_timeout_and_the_others_complete(tmp_path):
    project = write_mini_project(tmp_path / "p", stems=("alpha", "beta", "hang"), sets=("en",))
    cells = chart_notebook_cells("hang")
    cells.insert(2, ("code", "import time\ntime.sleep(600)"))
    write_notebook(project.notebook("hang"), cells)

    done = project.build("--jobs", "2", "--timeout", "5", timeout=240)

    assert done.returncode == 1, done.stdout + done.stderr
    assert runs_with(done.stdout, "ok") == {"en/alpha", "en/beta"}
    assert runs_with(done.stdout, "FAILED") == {"en/hang"}
    assert "took longer than its timeout of 5 s" in done.stdout


def test_d4_the_timeout_is_configurable_and_checked(tmp_path):
    from analysis.build.build_config import ConfigError, load_config

    project = write_mini_project(tmp_path / "p", stems=("alpha",), sets=("en",))
    import json

    config = json.loads(project.config.read_text(encoding="utf-8"))  # the test project's config is JSON (YAML too)
    project.config.write_text(json.dumps({**config, "timeout": 42}), encoding="utf-8")
    assert load_config(project.root).timeout == 42
    project.config.write_text(json.dumps({**config, "timeout": -1}), encoding="utf-8")
    with pytest.raises(ConfigError, match="'timeout' must be a number of seconds"):
        load_config(project.root)


def test_d10_the_validator_honours_missing_values_and_typed_closed_lists(tmp_path):
    import csv
    import json

    from analysis.data.validate import validate_package

    folder = tmp_path / "data"
    folder.mkdir()
    with (folder / "t.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([["id", "paragraph", "value"], ["a", "95", "NA"], ["b", "97", "3"]])
    fields = [{"name": "id", "type": "string", "constraints": {"required": True, "unique": True}},
              {"name": "paragraph", "type": "integer", "constraints": {"enum": [95, 97]}},
              {"name": "value", "type": "number"}]
    package = {"name": "p", "resources": [{"name": "t", "path": "t.csv", "profile": "tabular-data-resource",
                                           "schema": {"fields": fields, "primaryKey": ["id"],
                                                      "missingValues": ["", "NA"]}}]}
    (folder / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    report = validate_package(folder, None)
    assert [str(p) for p in report.problems] == []  # "NA" is missing, 95 is in the list of integers
    with (folder / "t.csv").open("a", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerow(["c", "96", "n/a"])
    problems = [str(p) for p in validate_package(folder, None).problems]
    assert any("t.csv:4: paragraph: value '96': not in the closed list" in p for p in problems), problems
    assert any("t.csv:4: value: value 'n/a': wrong type" in p for p in problems), problems


def test_d2_a_theme_has_one_colour_in_every_chart():
    import matplotlib.colors as mcolors
    import matplotlib.pyplot as plt

    from analysis.themes import timeline, upr
    from analysis.themes.base import THEME_COLORS

    ids = timeline.theme_ids(timeline.load_tables())
    assert timeline.theme_colors(ids) == {t: THEME_COLORS[t] for t in ids}
    assert upr._THEME_COLOR == {t: THEME_COLORS[t] for t in upr.THEMES}
    # and as drawn: the cited-recommendations chart (04) and the timeline (06) paint a theme alike
    tables = upr.load_tables()
    try:
        cited = next(c for c in upr.charts(tables, lang="en", size="web") if c.name == "cited_by_state")
        legend = cited.fig.legends[0]
        drawn = {t.get_text().split(" (")[0]: mcolors.to_hex(h.get_facecolor()) for t, h in
                 zip(legend.get_texts(), legend.legend_handles)}
    finally:
        plt.close("all")
    for th in ("expression", "torture", "non_refoulement"):
        assert drawn[upr.theme_name(th, "en")].lower() == THEME_COLORS[th].lower()


def test_d3_theme_names_are_said_once_per_language():
    import json
    import re

    from analysis.words.i18n import LOCALES_DIR

    for lang in ("en", "ru"):
        elsewhere = [f"{p.name}: {k}" for p in sorted((LOCALES_DIR / lang).glob("*.json")) if p.name != "vocabulary.json"
                     for k in json.loads(p.read_text(encoding="utf-8")) if re.search(r"\.theme(_short)?\.[a-z_]+$", k)]
        assert elsewhere == [], f"theme names outside vocabulary.json ({lang}): {elsewhere}"

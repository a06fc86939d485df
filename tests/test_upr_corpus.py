"""`python -m analysis upr-corpus`: the command over a few reports and a broken file, its columns,
its cache and its anomaly report; and the committed corpus tables against the parser.

Needs $ANALYSIS_SOURCES_DIR (skipped without it).
"""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest

from analysis import cli
from analysis.core import paths
from analysis.data import upr_corpus
from analysis.data.pdf_lines import read_pdf_lines
from analysis.data.pdf_text import excerpt_on_page

pytestmark = pytest.mark.xdist_group("upr_corpus")
DATA = paths.REPO_ROOT / "data"
SAMPLE = ("a-hrc-8-19", "a-hrc-11-25", "a-hrc-21-10", "a-hrc-28-10")


@pytest.fixture(scope="module")
def reports() -> Path:
    value = os.environ.get(paths.SOURCES_ENV)
    if not value:
        pytest.skip(f"${paths.SOURCES_ENV} is not set: these checks read the UN's PDFs")
    return Path(value) / "upr-reports"


@pytest.fixture(scope="module")
def folder(reports, tmp_path_factory) -> Path:
    """Four reports and a file that is no readable PDF."""
    made = tmp_path_factory.mktemp("upr-reports")
    for name in SAMPLE:
        (made / f"{name}.pdf").symlink_to(reports / f"{name}.pdf")
    (made / "a-hrc-99-1.pdf").write_bytes(b"%PDF-1.4\n" + b"\x00garbage" * 50)
    return made


@pytest.fixture(scope="module")
def run(folder, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    cache = out / "cache"

    def once(name: str, *extra: str) -> tuple[int, list[dict[str, str]]]:
        target = out / name
        status = cli.main(["upr-corpus", str(folder), "--output", str(target), "--cache", str(cache),
                           "--no-progress", *extra])
        with target.open(encoding="utf-8", newline="") as fh:
            return status, list(csv.DictReader(fh))
    return once


def test_one_row_per_recommendation_with_the_columns(run, capsys):
    status, rows = run("first.csv", "--report")
    report = capsys.readouterr().out
    assert status == 0
    assert list(rows[0]) == upr_corpus.COLUMNS
    assert {r["symbol"] for r in rows} == {"A/HRC/8/19", "A/HRC/11/25", "A/HRC/21/10", "A/HRC/28/10"}
    assert len([r for r in rows if r["symbol"] == "A/HRC/28/10"]) == 194
    assert len({r["id"] for r in rows}) == len(rows)
    # the broken file is named by its symbol; the others parsed
    assert "A/HRC/99/1 p. 0: unreadable" in report
    assert "5 reports," in report


def test_numbers_cannot_be_read_as_decimals(run):
    _, rows = run("first.csv")
    for row in rows:
        assert row["number"].startswith("¶"), row["number"]
        assert row["paragraph"].isdigit() and row["part"].isdigit()
        assert row["item"] == "" or row["item"].isdigit()
    tenth = next(r for r in rows if r["symbol"] == "A/HRC/28/10" and r["number"] == "¶124.10")
    first = next(r for r in rows if r["symbol"] == "A/HRC/28/10" and r["number"] == "¶124.1")
    assert tenth["id"] != first["id"]


def test_every_row_has_session_cycle_date_states_response_and_coding(run):
    _, rows = run("first.csv")
    for row in rows:
        assert row["session"] and row["cycle"] in {"1", "2"} and row["review_date"]
        assert row["response"] in {"supported", "noted", "pending"}
        assert row["response_words"]
        assert row["issues"] and row["action_category"] in {"1", "2", "3", "4", "5"}
    by_symbol = {r["symbol"]: r for r in rows}
    assert by_symbol["A/HRC/8/19"]["cycle"] == "1" and by_symbol["A/HRC/28/10"]["cycle"] == "2"


def test_every_excerpt_is_on_its_page(run, folder, tmp_path):
    _, rows = run("first.csv")
    texts = {}
    for row in rows:
        name = upr_corpus.document_id(row["symbol"])
        if name not in texts:
            texts[name] = read_pdf_lines(folder / f"{name}.pdf", cache_dir=tmp_path)
        assert row["excerpt"] and row["text"].startswith(row["excerpt"])
        assert excerpt_on_page(row["excerpt"], texts[name].page_text(int(row["page"]))), row["id"]


def test_a_rerun_from_the_cache_gives_the_same_file(run, folder):
    first = run("first.csv")
    again = run("again.csv")
    assert first == again


def test_a_damaged_cache_entry_is_read_again(run, tmp_path_factory, folder):
    _, rows = run("first.csv")
    cache = next(p for p in tmp_path_factory.getbasetemp().rglob("*.upr-rows-*.json"))
    cache.write_text("{not json", encoding="utf-8")
    _, again = run("after-damage.csv")
    assert again == rows


# ---- the committed tables ----

def test_the_committed_tables_match_their_schema_columns():
    package = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in package["resources"]}
    for name, columns in (("upr_corpus_recommendations", upr_corpus.TABLE_COLUMNS), ("upr_reviews", upr_corpus.REVIEW_COLUMNS)):
        fields = [f["name"] for f in resources[name]["schema"]["fields"]]
        assert fields == columns
        with (DATA / resources[name]["path"]).open(encoding="utf-8", newline="") as fh:
            assert next(csv.reader(fh)) == columns


def test_the_committed_corpus_has_kazakhstan_and_every_report():
    with (DATA / upr_corpus.REVIEWS_TABLE).open(encoding="utf-8", newline="") as fh:
        reviews = list(csv.DictReader(fh))
    assert len(reviews) == 303
    kazakhstan = {r["symbol"]: r for r in reviews if r["state_under_review"] == "Kazakhstan"}
    assert set(kazakhstan) == {"A/HRC/14/10", "A/HRC/28/10"}
    assert kazakhstan["A/HRC/14/10"]["recommendations"] == "128"
    assert kazakhstan["A/HRC/28/10"]["recommendations"] == "194"


@pytest.mark.slow
def test_the_whole_corpus_gives_the_committed_tables_and_no_unexplained_anomaly(reports):
    """All 303 reports (text cached under build/pdf-text/ after the first run): the committed
    tables are what the parser gives, and every anomaly is explained."""
    results = upr_corpus.parse_folder(reports, progress=False)
    assert len(results) == 303
    report = upr_corpus.anomaly_report(results)
    assert ", 0 unexplained and " in report, report
    assert (DATA / upr_corpus.REVIEWS_TABLE).read_text(encoding="utf-8") == upr_corpus.reviews_csv(results), \
        "data/upr_reviews.csv is stale: python -m analysis upr-corpus … --write"
    assert (DATA / upr_corpus.RECOMMENDATIONS_TABLE).read_text(encoding="utf-8") == \
        upr_corpus.recommendations_csv(results, upr_corpus.TABLE_COLUMNS), \
        "data/upr_corpus_recommendations.csv is stale: python -m analysis upr-corpus … --write"
    assert upr_corpus.excerpt_problems(DATA, reports) == []  # what validate --sources DIR --corpus checks


def test_validate_finds_an_excerpt_not_on_its_page(run, folder, tmp_path):
    _, rows = run("first.csv")
    data = tmp_path / "data"
    data.mkdir()

    def write(rows_to_write):
        with (data / upr_corpus.RECOMMENDATIONS_TABLE).open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=upr_corpus.TABLE_COLUMNS, extrasaction="ignore", lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows_to_write)
    write(rows)
    assert upr_corpus.excerpt_problems(data, folder, str(tmp_path / "cache")) == []
    damaged = [dict(r) for r in rows]
    damaged[5]["excerpt"] = damaged[5]["excerpt"].replace(" ", " not ", 1)
    damaged[9]["page"] = str(int(damaged[9]["page"]) + 1)
    write(damaged)
    problems = upr_corpus.excerpt_problems(data, folder, str(tmp_path / "cache"))
    assert len(problems) == 2 and ":7: excerpt" in problems[0] and ":11: excerpt" in problems[1]

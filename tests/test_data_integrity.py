"""Key facts pinned to the source text: the numbers here are test expectations read from the submission."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from analysis.data import loader


@pytest.fixture(scope="session")
def table():
    loader.clear_cache()

    def get(name: str) -> pd.DataFrame:
        return loader.load(name)

    return get


def by_id(df: pd.DataFrame) -> dict[str, pd.Series]:
    return {row["id"]: row for _, row in df.iterrows()}


def test_torture_complaints_with_a_partial_2013(table) -> None:
    df = table("torture_complaints").set_index("year")
    assert df.loc[2011, "value"] == 187 and df.loc[2012, "value"] == 602 and df.loc[2013, "value"] == 662
    assert (df["claimant"] == "general_prosecutors_office").all()
    assert (df["qualifier"] == "exact").all()
    assert df.loc[2013, "period_start"] == pd.Timestamp("2013-01-01")
    assert df.loc[2013, "period_end"] == pd.Timestamp("2013-09-30"), "the 2013 figure covers January-September only"
    assert df.loc[2012, "period_end"] == pd.Timestamp("2012-12-31")


def test_detained_official_and_eyewitness_figures_stay_apart(table) -> None:
    df = table("zhanaozen")
    detained = df[df["measure"] == "detained"].set_index("claimant", drop=False)
    assert set(detained["claimant"]) == {"general_prosecutors_office", "eyewitnesses"}
    gpo, eye = detained.loc["general_prosecutors_office"], detained.loc["eyewitnesses"]
    assert (gpo["value"], gpo["qualifier"]) == (130, "exact")
    assert (eye["value"], eye["qualifier"]) == (700, "at_most")
    arrested = df[df["measure"] == "arrested"].iloc[0]
    assert (arrested["value"], arrested["claimant"]) == (16, "general_prosecutors_office")


def test_zhanaozen_16_december_2011(table) -> None:
    rows = by_id(table("zhanaozen"))
    assert rows["zh-killed"]["value"] == 15
    assert rows["zh-killed"]["period_start"] == rows["zh-killed"]["period_end"] == pd.Timestamp("2011-12-16")
    wounded = rows["zh-wounded"]
    assert pd.isna(wounded["value"]) and wounded["value_text"] == "hundreds" and wounded["qualifier"] == "unquantified"
    assert rows["zh-trial-defendants"]["value"] == 37
    assert rows["zh-officers-convicted"]["value"] == 5
    sentence = rows["zh-officers-sentence"]
    assert (sentence["value"], sentence["value_max"], sentence["qualifier"], sentence["unit"]) == (5, 7, "range", "years")
    assert rows["zh-kept-incommunicado"]["value_text"] == "scores"
    assert rows["zh-kept-incommunicado"]["claimant"] == "released_detainees_and_relatives"


def test_unquantified_amounts_are_never_numbers(table) -> None:
    for name in ("zhanaozen", "media_closures", "extraditions", "other_counts", "upr_2010_outcome", "media_actions"):
        df = table(name)
        words = df[df["qualifier"] == "unquantified"]
        assert words["value"].isna().all() and words["value_text"].notna().all(), name


def test_upr_2010_outcome_adds_up(table) -> None:
    df = table("upr_2010_outcome")
    exact = df[df["qualifier"] == "exact"].set_index("measure")["value"]
    assert (exact["made"], exact["accepted"], exact["rejected"]) == (128, 121, 7)
    assert exact["accepted"] + exact["rejected"] == exact["made"]


def test_cited_2010_recommendations(table) -> None:
    df = table("upr_2010_cited_recommendations")
    assert len(df) == 22
    assert df.groupby("endnote").size().to_dict() == {2: 12, 3: 8, 6: 2}
    assert set(df[df["endnote"] == 2]["theme"]) == {"expression"}
    assert set(df[df["endnote"] == 3]["theme"]) == {"torture"}
    assert set(df[df["endnote"] == 6]["theme"]) == {"non_refoulement"}
    numbers = dict(zip(df["recommendation_number"], df["recommending_state"]))
    assert numbers[76] == "Norway" and numbers[24] == "Norway"
    assert numbers[11] == "United Kingdom of Great Britain and Northern Ireland"
    assert numbers[92] == "Belgium" and numbers[7] == "Czech Republic"
    assert sorted(numbers) == sorted([76, 77, 11, 13, 14, 20, 21, 22, 23, 24, 25, 26,
                                      43, 44, 47, 48, 61, 62, 64, 65, 92, 7])


def test_recommendations_2014_by_theme(table) -> None:
    df = table("recommendations_2014")
    assert len(df) == 15
    counts = df.groupby("theme", observed=True).size().to_dict()
    assert counts == {"assembly": 2, "expression": 5, "torture": 5, "non_refoulement": 1, "national_security": 2}


def test_media_closures_of_november_2012(table) -> None:
    df = table("media_closures")
    proceedings = df[df["measure"] == "proceedings_to_close"].set_index("outlet_type", drop=False)["value"]
    assert proceedings.to_dict() == {"print_outlet": 8, "website": 23, "newspaper": 1, "internet_tv_channel": 2}
    base = df[df["measure"] == "existing_independent"].iloc[0]
    assert base["value"] == 40
    blocked = df[df["measure"] == "blocked_per_year"].iloc[0]
    assert blocked["value_text"] == "hundreds" and pd.isna(blocked["value"])
    nov = df[df["measure"] == "proceedings_to_close"]
    assert (nov["period_start"] == pd.Timestamp("2012-11-01")).all()


def test_named_newspapers(table) -> None:
    rows = by_id(table("media_actions"))
    assert (rows["ma-pg-suspension"]["value"], rows["ma-pg-suspension"]["unit"]) == (3, "months")
    assert rows["ma-pg-suspension"]["date"] == "2013-08"
    assert rows["ma-pg-print-run-excess"]["value"] == 1000
    assert (rows["ma-pg-closed"]["date"], rows["ma-pg-closed"]["date_precision"]) == ("2014-02", "month")
    assert (rows["ma-aa-ban"]["value"], rows["ma-aa-ban"]["date"]) == (3, "2013-08")


def test_compensation_keeps_the_approximate_conversion(table) -> None:
    rows = by_id(table("compensation"))
    kzt, usd = rows["comp-gerasimov-kzt"], rows["comp-gerasimov-usd"]
    assert (kzt["value"], kzt["unit"], kzt["qualifier"]) == (2_000_000, "KZT", "exact")
    assert (usd["value"], usd["unit"], usd["qualifier"]) == (13_000, "USD", "approximate")


def test_extraditions(table) -> None:
    rows = by_id(table("extraditions"))
    assert (rows["ex-extradited-2011-06"]["value"], rows["ex-extradited-2011-06"]["qualifier"]) == (28, "exact")
    assert (rows["ex-sentenced-after-return"]["value"], rows["ex-sentenced-after-return"]["qualifier"]) == (12, "at_least")
    assert rows["ex-cat-complainants"]["value"] == 29
    assert rows["ex-forcibly-returned"]["value_text"] == "dozens"


def test_legal_provisions(table) -> None:
    rows = by_id(table("legal_provisions"))
    assert (rows["lp-defamation-imprisonment"]["value"], rows["lp-defamation-imprisonment"]["qualifier"]) == (3, "at_most")
    assert (rows["lp-defamation-fine"]["value"], rows["lp-defamation-fine"]["unit"]) == (30_000, "USD")
    assert (rows["lp-administrative-detention"]["value"], rows["lp-administrative-detention"]["unit"]) == (15, "days")
    assert (rows["lp-age-terrorist-offences"]["value"], rows["lp-age-terrorist-offences"]["unit"]) == (14, "years")
    assert rows["lp-cc-49-1"]["article"] == "49.1"
    assert rows["lp-ccp-531-1"]["article"] == "531-1"


def test_conflicting_dates_of_the_gerasimov_decision_are_both_kept(table) -> None:
    events = table("events")
    cited = events[events["cited_document_id"] == "cat-c-48-d-433-2010"]
    dates = set(cited["date"])
    assert {"2012-05", "2012-07-10"} <= dates
    for date in ("2012-05", "2012-07-10"):
        note = cited[cited["date"] == date].iloc[0]["notes"]
        assert "conflict" in note.lower(), date
    documents = table("documents").set_index("document_id")
    assert documents.loc["cat-c-48-d-433-2010", "published"] == "2012-07-10"


def test_event_dates_keep_the_source_precision(table) -> None:
    events = by_id(table("events"))
    assert (events["ev-2011-12-16-zhanaozen"]["date"], events["ev-2011-12-16-zhanaozen"]["date_precision"]) == ("2011-12-16", "day")
    assert (events["ev-2013-communications-law"]["date"], events["ev-2013-communications-law"]["date_precision"]) == ("2013", "year")
    relative = events["ev-prison-system-transfer"]
    assert pd.isna(relative["date"]) and relative["date_text"] == "a year later"
    second = events["ev-2014-second-upr"]
    assert (second["date"], second["date_end"]) == ("2014-10", "2014-11")


def test_zhanozen_is_normalised_and_the_variant_noted(table) -> None:
    names = table("place_names").set_index("spelling")
    assert names.loc["Zhanozen", "normalised_name"] == "Zhanaozen" and bool(names.loc["Zhanozen", "is_variant"])
    for name in ("zhanaozen", "events"):
        df = table(name)
        assert set(df["place"].dropna()) <= set(names.index[~names["is_variant"].astype(bool)])
        uses_variant = df["excerpt"].str.contains("Zhanozen")
        assert uses_variant.any(), name
        assert (df.loc[uses_variant, "place_variant"] == "Zhanozen").all(), name
        assert df.loc[~uses_variant, "place_variant"].isna().all(), name


def test_every_cited_document_is_listed(table) -> None:
    documents = table("documents")
    symbols = set(documents["symbol"].dropna())
    assert {"A/HRC/14/10", "A/HRC/14/10/Add.1", "CAT/C/48/D/433/2010", "CAT/C/51/D/441/2010", "CAT/C/KAZ/Q/3",
            "EUR 57/001/2013", "EUR 04/001/2013", "Law No. 63"} <= symbols
    held = documents[documents["source_file"].notna()].set_index("document_id")
    assert held["source_file"].to_dict() == {"ai-upr-2014-kazakhstan": "amnesty-upr-2014-kazakhstan.md",
                                             "a-hrc-14-10": "a-hrc-14-10.pdf", "a-hrc-28-10": "a-hrc-28-10.pdf"}
    assert held["format"].astype(str).to_dict() == {"ai-upr-2014-kazakhstan": "markdown", "a-hrc-14-10": "pdf",
                                                    "a-hrc-28-10": "pdf"}


def test_every_endnote_with_a_fact_is_located(repo_data_dir: Path) -> None:
    """Endnotes 1-20 all appear in some locator, except 9 (an explanation without a number or date)."""
    import csv
    import re

    descriptor = json.loads((repo_data_dir / "datapackage.json").read_text(encoding="utf-8"))
    locators = []
    for res in descriptor["resources"]:
        with (repo_data_dir / res["path"]).open(encoding="utf-8", newline="") as fh:
            locators += [row.get("locator", "") for row in csv.DictReader(fh)]
    cited = set()
    for text in locators:
        for group in re.findall(r"Endnotes? ([\d, ]+)", text):
            cited |= {int(n) for n in re.findall(r"\d+", group)}
    assert set(range(1, 21)) - cited == {9}


def test_theme_qualifier_and_claimant_lists_are_shared(repo_data_dir: Path) -> None:
    descriptor = json.loads((repo_data_dir / "datapackage.json").read_text(encoding="utf-8"))
    lists: dict[str, set[tuple[str, ...]]] = {}
    for res in descriptor["resources"]:
        for field in res["schema"]["fields"]:
            if field["name"] in ("theme", "qualifier", "claimant", "unit"):
                lists.setdefault(field["name"], set()).add(tuple(field["constraints"]["enum"]))
    assert all(len(v) == 1 for v in lists.values()), lists
    assert lists["theme"] == {("upr_follow_up", "national_framework", "assembly", "expression", "torture",
                               "non_refoulement", "national_security")}

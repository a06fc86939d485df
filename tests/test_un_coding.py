"""Our coding of the UN recommendations, the submission's citations resolved, and the 2010 record's counts.

None of these needs the PDFs: they read the committed tables of data/ (which test_un_recommendations.py
checks against the PDFs) and regenerate the derived ones.
"""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.core import paths
from analysis.data import un_citations, un_coding
from analysis.data.un_recommendations import canonical_state, split_states, to_csv_text

DATA = paths.REPO_ROOT / "data"


def read(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / name, dtype=str, keep_default_na=False)


@pytest.fixture(scope="session")
def recommendations() -> pd.DataFrame:
    return read("upr_recommendations.csv")


@pytest.fixture(scope="session")
def coding() -> pd.DataFrame:
    return read("upr_coding.csv")


# ---- coding ----

def test_the_committed_coding_is_what_the_rules_give() -> None:
    assert (DATA / "upr_coding.csv").read_text(encoding="utf-8") == to_csv_text(un_coding.regenerate(DATA)), \
        "data/upr_coding.csv is stale: python -m analysis.data.un_coding --write"


def test_every_recommendation_has_themes_and_exactly_one_category(coding, recommendations) -> None:
    assert list(coding["id"]) == list(recommendations["id"])
    for row in coding.itertuples(index=False):
        themes = row.themes.split(";")
        assert themes and set(themes) <= set(un_coding.THEMES) and len(themes) == len(set(themes)), row.id
        assert row.action_category in {"1", "2", "3", "4", "5"}, row.id
        assert row.theme_rule and row.action_rule, row.id
        if "other" in themes:
            assert themes == ["other"], row.id


def test_every_override_is_reviewed_with_a_reason() -> None:
    overrides = read("upr_coding_overrides.csv")
    assert list(overrides.columns) == un_coding.OVERRIDE_COLUMNS
    assert len(overrides) > 0
    assert (overrides["reason"].str.strip().str.len() >= 10).all()
    assert not overrides.duplicated(["id", "field"]).any()
    coded = read("upr_coding.csv").set_index("id")
    for row in overrides.itertuples(index=False):
        rule = coded.loc[row.id, "theme_rule" if row.field == "themes" else "action_rule"]
        assert rule.startswith("override"), row.id


@pytest.mark.parametrize("text, verb, category", [
    ("To continue its efforts to eradicate discrimination against women", "continue", 2),
    ("Consider ratifying ICRMW", "consider", 3),
    ("To further strengthen its measures to combat extremism", "strengthen", 4),
    ("Take steps to ensure that the right to peaceful assembly is not hindered", "take", 4),
    ("Ratify the Rome Statute of the International Criminal Court", "ratify", 5),
    ("Put in place legislation which formally criminalizes violence against women", "put in place", 5),
    ("May establish a national preventive mechanism", "establish", 5),
    ("To share its experiences in the field of education with other countries", "share", 1),
])
def test_the_category_comes_from_the_first_verb(text, verb, category) -> None:
    assert un_coding.category_by_rule(text) == (category, f"verb '{verb}': {category} {un_coding.CATEGORIES[category]}")


def test_themes_come_from_keywords_and_states_never_count() -> None:
    themes, rule = un_coding.themes_by_rule("Abolish the death penalty and ratify the Second Optional Protocol")
    assert themes == ["death_penalty", "ratifications"]
    assert rule == "death_penalty: 'death penalty'; ratifications: 'ratify'"
    assert un_coding.themes_by_rule("Continue its policy of tolerance") == (["other"], "other: no keyword rule matched")
    assert un_coding.themes_by_rule("General Assembly resolution on tolerance")[0] == ["other"]


def test_a_bad_override_is_refused(recommendations) -> None:
    bad = pd.DataFrame([{"id": "rec-2014-124-1", "field": "action_category", "value": "6", "reason": "a reason here"}])
    with pytest.raises(ValueError, match="is not 1-5"):
        un_coding.coding_table(recommendations, bad)
    bad = pd.DataFrame([{"id": "rec-2014-999-1", "field": "themes", "value": "other", "reason": "a reason here"}])
    with pytest.raises(ValueError, match="unknown id"):
        un_coding.coding_table(recommendations, bad)


def test_rule_counts_add_up(coding) -> None:
    counts = un_coding.rule_counts(coding)
    assert sum(n for k, n in counts.items() if not k.startswith("theme")) == len(coding)
    assert sum(n for k, n in counts.items() if k.startswith("theme")) == coding["themes"].str.split(";").str.len().sum()


# ---- citations ----

def test_the_committed_citations_are_what_resolution_gives() -> None:
    assert (DATA / "upr_citations.csv").read_text(encoding="utf-8") == to_csv_text(un_citations.regenerate(DATA)), \
        "data/upr_citations.csv is stale: python -m analysis.data.un_citations --write"


def test_the_22_citations_resolve_each_with_a_state_that_matches_the_record(recommendations) -> None:
    citations = read("upr_citations.csv")
    cited = read("upr_2010_cited_recommendations.csv")
    assert list(citations["id"]) == list(cited["id"]) and len(citations) == 22
    assert set(citations["status"]) == {"resolved"}
    by_id = recommendations.set_index("id")
    for row in citations.itertuples(index=False):
        rec = by_id.loc[row.recommendation_id]
        assert rec["review"] == "2010" and rec["item"] == row.number_as_cited, row.id
        assert row.number == f"{rec['paragraph']}.{row.number_as_cited}"
        assert canonical_state(row.state_as_cited) in split_states(rec["states"]), row.id
        assert row.un_text == rec["text"] and row.un_response == rec["response"]
    paragraph = citations["number"].str.split(".").str[0]
    # what A/HRC/14/10 records for the recommendations the submission says were accepted
    assert paragraph.value_counts().to_dict() == {"95": 11, "97": 11}
    assert sorted(citations.loc[paragraph == "97", "id"]) == sorted(
        ["rec2010-11", "rec2010-13", "rec2010-14", "rec2010-20", "rec2010-21", "rec2010-22", "rec2010-23",
         "rec2010-24", "rec2010-25", "rec2010-26", "rec2010-7"])


def test_an_ambiguous_or_unknown_citation_is_flagged_not_guessed(recommendations) -> None:
    doubled = pd.concat([recommendations, recommendations[recommendations["id"] == "rec-2010-95-76"]
                         .assign(id="rec-2010-97-76", paragraph="97")], ignore_index=True)
    cited = read("upr_2010_cited_recommendations.csv").head(1)  # 76 (Norway)
    row = un_citations.citations_table(cited, doubled).iloc[0]
    assert (row["status"], row["recommendation_id"], row["number"]) == ("ambiguous", "", "")
    assert row["un_text"] == "rec-2010-95-76; rec-2010-97-76"
    row = un_citations.citations_table(cited.assign(recommending_state="Japan"), recommendations).iloc[0]
    assert (row["status"], row["recommendation_id"]) == ("not found", "")


# ---- the 2010 record beside the submission ----

def test_record_counts_are_derived_from_the_rows(recommendations) -> None:
    counts = un_citations.record_counts(recommendations)
    assert counts == {"made": 128, "supported_para_95": 102, "of_which_considered_implemented_para_96": 68,
                      "to_be_examined_para_97": 26}
    fewer = recommendations[recommendations["id"] != "rec-2010-97-26"]
    assert un_citations.record_counts(fewer)["to_be_examined_para_97"] == 25


def test_each_statement_of_the_record_has_its_derived_count(recommendations) -> None:
    record = read("upr_2010_record.csv")
    counts = un_citations.record_counts(recommendations)
    assert set(record["id"]) <= set(counts)
    assert list(record["paragraph"]) == ["95", "96", "97"]


def test_the_submissions_numbers_stand_beside_the_records(recommendations) -> None:
    table = un_citations.side_by_side(read("upr_2010_outcome.csv"), recommendations).set_index("measure")
    assert table.loc["made", "submission"] == table.loc["made", "a_hrc_14_10_rows"] == 128
    assert (table.loc["accepted", "submission"], table.loc["accepted", "a_hrc_14_10_rows"]) == (121, 102)
    assert table.loc["rejected", "submission"] == 7 and pd.isna(table.loc["rejected", "a_hrc_14_10_rows"])
    assert "not held" in table.loc["rejected", "a_hrc_14_10_says"]


@pytest.mark.parametrize("rec_id, wrong, right", [
    ("rec-2014-124-32", "non_refoulement", "women_children"),  # schooling of refugee children
    ("rec-2014-126-49", "expression", "other"),  # migrants' social rights "using the media"
    ("rec-2014-125-33", "upr_follow_up", "national_framework"),
    ("rec-2014-125-35", "upr_follow_up", "other"),
    ("rec-2014-125-36", "upr_follow_up", "other"),
    ("rec-2014-125-76", "upr_follow_up", "other"),
    ("rec-2014-124-23", "other", "upr_follow_up"),  # "As recommended in the previous review"
    ("rec-2014-126-1", "other", "ratifications"),
    ("rec-2014-126-4", "other", "ratifications"),
    ("rec-2014-126-26", "national_security", "death_penalty"),  # "terrorist acts" among crimes
    ("rec-2010-97-10", "national_security", "other"),
    ("rec-2010-97-16", "torture", "death_penalty"),
    ("rec-2010-97-2", "women_children", "other"),
    ("rec-2010-95-7", "upr_follow_up", "non_refoulement"),
    ("rec-2010-95-50", "upr_follow_up", "trafficking"),
    ("rec-2010-95-97", "upr_follow_up", "women_children"),
])
def test_keyword_artefacts_are_corrected_by_reviewed_overrides(coding, rec_id, wrong, right) -> None:
    """Evidence audit F3: keyword theme coding gave wrong counts: 'refugee' made 124.32 (schooling)
    non-refoulement, 'media' made 126.49 (migrants) expression, 'terrorist' made 126.26 (death
    penalty) national security; 'Follow-up to the previous review' held UN cooperation (125.33,
    125.35, 125.36, 125.76) and missed 124.23; 126.1 and 126.4 (ICRMW) were not ratifications; the
    2010 coding had the same faults (97.10, 97.16, 97.2, 95.7, 95.50, 95.97)."""
    themes = coding.set_index("id").loc[rec_id, "themes"].split(";")
    assert wrong not in themes and right in themes


def test_follow_up_and_counter_terrorism_counts_follow_the_corrections(coding) -> None:
    """Evidence audit F3: the 2014 follow-up theme is 124.2, 124.23 and 126.41 only; no 2014
    recommendation is about counter-terrorism as such; non-refoulement is 124.14, 124.33, 124.34."""
    now = coding[coding["id"].str.startswith("rec-2014-")]
    having = lambda theme: {i.removeprefix("rec-2014-").replace("-", ".") for i, th in zip(now["id"], now["themes"])
                            if theme in th.split(";")}
    assert having("upr_follow_up") == {"124.2", "124.23", "126.41"}
    assert having("national_security") == set()
    assert having("non_refoulement") == {"124.14", "124.33", "124.34"}
    assert len(having("ratifications")) == 29 and len(having("expression")) == 21

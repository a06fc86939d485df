"""The English fact-check of 2026-12-07 (2026-12-07-evidence-audit-en.md), checked on what is
published under figures/: each test names the finding (F1–F24) it keeps fixed. The coding and
matching findings (F3, F9, F10) are kept by tests/test_un_coding.py and tests/test_un_matching.py,
F12 and F18 by the theme tests, F11 by tests/test_audit_findings.py."""

from __future__ import annotations

import csv
import io
import json
import re

import pandas as pd
import pytest

from analysis.core.paths import REPO_ROOT
from support.published_texts import plain

FIGURES = REPO_ROOT / "figures"
DATA = REPO_ROOT / "data"


def _summary(notebook: str, lang: str = "en") -> str:
    """The published summary as a reader reads it (the typesetting pass's no-break spaces as spaces)."""
    return plain((FIGURES / lang / notebook / f"summary.{lang}.md").read_text(encoding="utf-8"))


def _sidecar(notebook: str, chart: str, lang: str = "en") -> dict:
    return json.loads(plain((FIGURES / lang / notebook / f"{chart}.json").read_text(encoding="utf-8")))


def _texts(lang: str = "en") -> dict[str, str]:
    """Every published text of one language: summaries and each chart's title, subtitle, notes,
    source, alt text and drawn labels."""
    out = {}
    for path in sorted((FIGURES / lang).rglob(f"summary.{lang}.md")):
        out[str(path.relative_to(FIGURES))] = plain(path.read_text(encoding="utf-8"))
    for path in sorted((FIGURES / lang).rglob("*.json")):
        data = json.loads(plain(path.read_text(encoding="utf-8")))
        if isinstance(data, dict) and "alt_text" in data:
            out[str(path.relative_to(FIGURES))] = "\n".join(
                [data["title"], data["subtitle"], data["source"], data["alt_text"], *data["notes"],
                 *(d["text"] for d in data.get("drawn", []))])
    return out


def _data(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / name, dtype=str, keep_default_na=False)


@pytest.mark.parametrize("words, finding", [
    (r"Kazakhstan accepted recommendations to uphold the non-refoulement principle: recommendation",
     "F1: 'At its first UPR, in February 2010, Kazakhstan accepted recommendations to uphold the "
     "non-refoulement principle' stated as our own fact, when No. 7 is among those Kazakhstan 'will examine'"),
    (r"What the \d{4} review said on the submission's own recommendations|review took up",
     "F4: our matching presented as what 'the 2014 review said' on the submission's recommendations"),
    (r"being implemented|supports and is implementing",
     "F5: para. 125's 'which considers that they are in the process of being implemented' made a fact"),
    (r", the submission adds, there have been",
     "F6: 'the submission adds' splits the sentence and drops 'Reportedly' from the allegations"),
    (r"Defendants who alleged torture in court",
     "F6: 'tortured or otherwise ill-treated' cut to 'torture'"),
    (r"not applied by the courts|Inspections independent monitors could join",
     "F17: short labels soften the source ('continues to be ignored'; 'generally not allowed access')"),
    (r"Working Group of the Universal Periodic Review” \(A/HRC/14/10\)",
     "F22: A/HRC/14/10 cited with Amnesty's wrong title ('of' for 'on')"),
    (r"Key figures of the submission on Kazakhstan",
     "F14: counts from the UN's report credited to the submission in the fact sheet's title"),
])
def test_no_english_text_repeats_the_finding(words: str, finding: str) -> None:
    hits = [name for name, text in _texts().items() if re.search(words, text)]
    assert hits == [], f"{finding}: {hits}"


def test_the_2010_non_refoulement_recommendations_are_amnestys_claim_beside_the_un_record() -> None:
    """F1: "At its first UPR, in February 2010, Kazakhstan accepted recommendations to uphold the
    non-refoulement principle: recommendation 92 (Belgium) and recommendation 7 (Czech Republic)";
    A/HRC/14/10 puts No. 92 in para. 95 and No. 7 in para. 97 ("will be examined by Kazakhstan")."""
    line = next(l for l in _summary("05_non_refoulement").splitlines() if "non-refoulement principle" in l)
    assert line.startswith("- According to Amnesty International, Kazakhstan accepted recommendations")
    assert "February 2010" not in line
    assert "No. 92 is 95.92, among the recommendations that “enjoy the support of Kazakhstan” (para. 95)" in line
    assert "No. 7 is 97.7, among those Kazakhstan “will examine” (para. 97)" in line and "which we do not hold" in line
    ru = next(l for l in _summary("05_non_refoulement", "ru").splitlines() if "невысылки" in l and "УПО" in l)
    assert ru.startswith("- По данным Amnesty International") and "«рассмотрит» (п. 97)" in ru


def test_the_2010_outcome_is_set_beside_a_hrc_14_10s_own_lists() -> None:
    """F2: "In February 2010 ... Kazakhstan accepted 121 and rejected 7 of the 128 recommendations"
    published without the UN record the project holds: A/HRC/14/10 lists 102 supported (para. 95)
    and 26 Kazakhstan "will examine" (para. 97), none rejected; endnote 1 also cites the addendum."""
    recs = _data("upr_recommendations.csv")
    supported = int(((recs["review"] == "2010") & (recs["paragraph"] == "95")).sum())
    examined = int(((recs["review"] == "2010") & (recs["paragraph"] == "97")).sum())
    record = (f"A/HRC/14/10 itself lists {supported} recommendations that “enjoy the support of Kazakhstan” "
              f"(para. 95) and {examined} that Kazakhstan “will examine” and answer later (para. 97), by our count "
              f"of its lists; it records none as rejected.")
    follow_up = _summary("04_upr_follow_up")
    assert record in follow_up
    assert "citing A/HRC/14/10 and its addendum, A/HRC/14/10/Add.1" in follow_up
    outcome = _sidecar("04_upr_follow_up", "outcome")
    assert outcome["title"].endswith("according to Amnesty International") and record in outcome["notes"]
    overview = _summary("00_overview")
    assert f"First UPR, in the UN's report: recommendations that “enjoy the support of Kazakhstan”: {supported}" \
        in overview and "recommendations Kazakhstan “will examine”" in overview
    timeline = _summary("06_timeline")
    assert "- 12 February 2010: UPR Working Group holds the first review of Kazakhstan" in timeline
    assert "- 16 February 2010: UPR Working Group adopts its report on Kazakhstan" in timeline
    assert "First UPR of Kazakhstan: the outcome as the submission reports it" in timeline


def test_the_matching_is_ours_in_every_title() -> None:
    """F4: chart title "What the 2014 review said on the submission's own recommendations" and
    summary title "what Kazakhstan's 2014 review took up": A/HRC/28/10 never refers to the submission."""
    assert _summary("07_upr_2014_outcome").startswith("# The submission's concerns in the 2014 review (our matching)")
    chart = _sidecar("07_upr_2014_outcome", "follow_up")
    assert "(our matching)" in chart["title"] and "never mentions the submission" in chart["notes"][0]


def test_para_125_is_what_kazakhstan_considers() -> None:
    """F5: "96 that it supports and is implementing"; A/HRC/28/10 para. 125: "enjoy the support of
    Kazakhstan, which considers that they are in the process of being implemented"."""
    text = _summary("07_upr_2014_outcome")
    assert "that it supports and considers in the process of implementation" in text
    assert "Supported; Kazakhstan considers them in the process of implementation (para. 125)" in text
    assert "Did not enjoy the support of Kazakhstan and were noted (para. 126)" in text
    drawn = [d["text"] for d in _sidecar("07_upr_2014_outcome", "themes")["drawn"]]
    assert "supported, in implementation (Kazakhstan’s view)" in drawn
    assert "did not enjoy support, noted" in drawn  # para. 126 in its own terms, not "noted, not supported"


def test_reportedly_covers_both_clauses_and_ill_treatment_is_kept() -> None:
    """F6: "Reportedly, many more security officials had used excessive force in Zhanaozen, and
    there have been hundreds of allegations of torture and ill-treatment": the adverb covers both
    clauses; "tortured or otherwise ill-treated" must not be cut."""
    rows = _data("zhanaozen.csv").set_index("id")
    assert rows.loc["zh-torture-allegations", "claimant"] == rows.loc["zh-officials-excessive-force", "claimant"]
    text = _summary("02_zhanaozen")
    assert re.search(r"Reportedly, many more security officials had used excessive force in Zhanaozen \[[^]]+\], "
                     r"and there have been hundreds of allegations of torture and ill-treatment", text)
    assert "- Allegations of torture and ill-treatment (Zhanaozen and elsewhere): hundreds, according to reports " \
           "the submission does not name" in text
    assert "- Defendants who alleged torture or other ill-treatment: most" in text


def test_the_un_record_is_read_beside_the_submission() -> None:
    """F7: the defamation contradiction (124.47 supported as already implemented, five to the same
    effect noted), 124.15 against 126.27, non-refoulement and monitoring supported as implemented."""
    text = _summary("07_upr_2014_outcome")
    assert "**What the UN record shows beside the submission (our reading)**" in text
    assert "Kazakhstan supported 124.47 (Australia)" in text and "126.41 (Ireland), to the same effect" in text
    assert "124.15 (Uruguay)" in text and "while 126.27 (Austria)" in text


def test_zhanaozen_context_and_the_authorities_position() -> None:
    """F8: the eyewitness and video evidence, the protesters' reported stone-throwing and the
    authorities' position were left out of 02."""
    text = _summary("02_zhanaozen")
    for words in ("reportedly attacked the police with stones", "eyewitnesses report that some police fired warning shots",
                  "video footage shows security forces aiming and shooting at protesters running away",
                  "The authorities assert that they have conducted thorough and impartial investigations"):
        assert words in text, words


def test_2010_numbers_carry_their_paragraph() -> None:
    """F13: "No. 7, 20, 61, 64", "Sweden (14)": A/HRC/14/10 numbers two lists separately, and No. 7
    of para. 95 is Belgium's; the cited numbers are 97.7, 97.14 and so on."""
    drawn = [d["text"] for d in _sidecar("04_upr_follow_up", "cited_by_state")["drawn"]]
    assert "No. 95.61, 95.64, 97.7, 97.20" in drawn
    text = _summary("04_upr_follow_up")
    assert "Sweden (97.14)" in text and "Belgium (95.92); Czech Republic (97.7)" in text


def test_the_fact_sheet_says_whose_each_figure_is() -> None:
    """F14: "33 key figures (our count) from Amnesty International" when some are our counts from
    A/HRC/28/10."""
    lead = _summary("00_overview").split("\n\n")[1]
    assert re.search(r"^\d+ key figures \(our count\): \d+ from Amnesty International", lead)
    assert re.search(r"and \d+ our counts from the UN's reports of the reviews", lead)


@pytest.mark.parametrize("notebook, starts", [
    ("03_media_closures", "In November 2012, the Almaty City Prosecutor's Office instigated proceedings"),
    ("05_non_refoulement", "- In January 2011, legislation was amended"),
    ("05_non_refoulement", "- The Law on Refugees, in force since"),
])
def test_reported_facts_name_their_claimant(notebook: str, starts: str) -> None:
    """F15: "In November 2012, the Almaty City Prosecutor's Office instigated proceedings ...",
    "In January 2011, legislation was amended ...", "The Law on Refugees ... excludes ...": each is
    Amnesty's statement, given with no claimant."""
    line = next(l for l in _summary(notebook).splitlines() if l.startswith(starts))
    assert "according to Amnesty International" in line


def test_the_print_run_excess_has_no_unit() -> None:
    """F16: "for exceeding its print run by 1,000 | copies": the source gives no unit."""
    with open(FIGURES / "en" / "03_media_closures" / "newspaper_actions.csv", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if "print run" in r["label"]]
    assert rows and all(r["unit"] != "copies" for r in rows)


def test_the_sentences_chart_stands_alone() -> None:
    """F23: the sentences chart's title and subtitle did not mention Zhanaozen."""
    subtitle = _sidecar("02_zhanaozen", "sentences")["subtitle"]
    assert "in Zhanaozen" in subtitle and "according to Amnesty International" in subtitle


def test_joint_recommendations_are_counted() -> None:
    """F24: "Kazakhstan received 194 recommendations": three numbered items are joint (125.8,
    125.9, 126.8), so per recommending State there are more."""
    recs = _data("upr_recommendations.csv")
    now = recs[recs["review"] == "2014"]
    joint = int(now["states"].str.contains(";").sum())
    assert f"received {len(now)} numbered recommendations ({joint} of them made jointly by more than one State)" \
        in _summary("07_upr_2014_outcome")


def test_stacked_bars_give_their_split_in_the_data_file() -> None:
    """F19: the charts draw each bar split by response, but the CSVs held only totals; one 2014
    recommendation can count under several concerns, which the note did not say."""
    table = pd.read_csv(io.StringIO((FIGURES / "en" / "07_upr_2014_outcome" / "themes.csv").read_text(encoding="utf-8")))
    assert table["ours"].str.contains(r"para\. 124: \d+; para\. 125: \d+; para\. 126: \d+; recommendations ").all()
    assert "may count under more than one concern" in _sidecar("07_upr_2014_outcome", "follow_up")["notes"][0]


def test_the_timeline_says_what_a_pale_bar_is() -> None:
    """F20: year-precision entries are drawn in pale tints that are not in the legend."""
    assert any("a year only, a pale bar" in n for n in _sidecar("06_timeline", "timeline")["notes"])

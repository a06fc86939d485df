"""Theme 07: the UN's record of the 2014 review beside the submission: every count ours, derived
from the rows of the reports, and each document's statement kept as that document's."""

from __future__ import annotations

import pytest

from analysis.words import ledger
from analysis.words import narrative
from analysis.themes import outcome
from support.published_texts import as_published, plain
from analysis.words.i18n import t


@pytest.fixture(scope="session")
def tables():
    return outcome.load_tables()


def test_the_responses_are_counted_from_the_reports_rows(tables):
    rows = outcome.by_response(tables)
    recs = outcome.recommendations(tables, 2014)
    for _, r in rows.iterrows():
        assert r["value"] == int((recs["paragraph"].astype(int) == r["paragraph"]).sum())
        assert r["method"].startswith("count of") and len(r["derived_from"]) == r["value"]
    assert rows["value"].sum() == len(recs)


def test_each_submission_recommendation_gets_its_matches(tables):
    rows = outcome.follow_up(tables)
    assert list(rows["submission_id"]) == list(tables["recommendations_2014"]["id"])
    matched = outcome.matches(tables)
    for _, r in rows.iterrows():
        expected = int((matched["submission_id"].astype(str) == r["submission_id"]).sum())
        assert r["value"] == expected == sum(int(r[f"para_{p}"]) for p in outcome.RESPONSES_2014)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_summary_labels_every_count_and_keeps_both_accounts(tables, lang, tmp_path):
    from analysis.kit import report

    saved = report.save_charts(outcome.charts(tables, lang=lang, size="web"), tmp_path, outcome.NOTEBOOK, ["svg"], "web")
    text = narrative.markdown(outcome.summary(tables, [s.name for s in saved], lang=lang), saved)
    problems = ledger.text_problems(str(text), text.entries(), lang, "summary")
    assert problems == []
    derived = [e for e in text.entries() if e["kind"] == "derived"]
    assert derived and all(e["label"] in ("count", "coding", "matching") for e in derived)
    words = {"en": ("by our count", "our matching", "we do not hold", "set side by side, not reconciled"),
             "ru": ("по нашему подсчёту", "наше сопоставление", "в проекте нет", "без согласования")}[lang]
    for w in words:
        assert w in plain(text), w
    for _, c in outcome.citations(tables).iterrows():  # every cited recommendation, resolved, with its UN text
        # English quotes the UN's words; Russian gives our translation, labelled as ours
        quoted = str(c["un_text"]) if lang == "en" else t(f"theme_outcome.quote.{c['recommendation_id']}", lang)
        assert str(c["number"]) in text and plain(quoted[:40]) in plain(text)
    if lang == "ru":
        assert "(перевод наш)" in text and "To effectively" not in text


def test_the_submission_and_the_record_are_never_reconciled(tables):
    text = narrative.markdown(outcome.summary(tables, lang="en"))
    lists = outcome.record_2010(tables)
    assert f"lists {len(lists['95'])} recommendations that enjoy Kazakhstan's support and {len(lists['97'])} that it " \
           f"will examine (our count of its lists)" in text
    said = tables["upr_2010_outcome"].set_index("measure")
    said = {m: int(said.loc[m, "value"].dropna().iloc[0]) if hasattr(said.loc[m, "value"], "dropna")
            else int(said.loc[m, "value"]) for m in ("accepted", "rejected", "made")}
    assert (f"accepted {said['accepted']} and rejected {said['rejected']} of the {said['made']} recommendations of its "
            f"first review") in text
    assert "according to amnesty international" in text.lower()


def test_the_overview_carries_the_2014_figures(tables):
    from analysis.themes import overview

    rows = overview.key_figures_by_theme(overview.load_tables(), lang="en")
    mine = rows[rows["theme"] == outcome.NOTEBOOK]
    assert list(mine["value"]) == list(outcome.by_response(tables)["value"])

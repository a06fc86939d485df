"""The evidence audit's findings (../shared/reviews/2026-12-evidence-audit.md), checked on what is
published under figures/: each test names the finding it keeps fixed."""

from __future__ import annotations

import json
import re

import pytest

from analysis.core.paths import REPO_ROOT

FIGURES = REPO_ROOT / "figures"


def _summary(set_: str, notebook: str) -> str:
    lang = "ru" if set_ == "ru" else "en"
    return (FIGURES / set_ / notebook / f"summary.{lang}.md").read_text(encoding="utf-8")


def _sidecar(set_: str, notebook: str, chart: str) -> dict:
    return json.loads((FIGURES / set_ / notebook / f"{chart}.json").read_text(encoding="utf-8"))


def _published() -> dict[str, str]:
    """Every published text: summaries, and each chart's title, subtitle, notes, source, alt text
    and drawn labels."""
    out = {}
    for path in sorted(FIGURES.rglob("summary.*.md")):
        out[str(path.relative_to(FIGURES))] = path.read_text(encoding="utf-8")
    for path in sorted(FIGURES.rglob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and "alt_text" in data:
            texts = [data["title"], data["subtitle"], data["source"], data["alt_text"], *data["notes"],
                     *(d["text"] for d in data.get("drawn", []))]
            out[str(path.relative_to(FIGURES))] = "\n".join(texts)
    return out


TEXTS = _published()


@pytest.mark.parametrize("words, finding", [
    (r"\b570\b", "F-01: the eyewitnesses' bound minus the official count"),
    (r"3[.,]2-fold|222\s?%|выросло в 3,2 раза", "F-02: our ratio as the headline"),
    (r"\b883\b", "F-03: a projection of the General Prosecutor's statistic"),
    (r"[Tt]he submission dates \d+ events", "F-05: our count of timeline rows as the submission's"),
    (r"не соблюдаются", "F-09: incidents overstated as non-compliance"),
    (r"\b15 people were killed|убили 15 человек", "F-10: 'people' for 'protesters'"),
    (r"force by police\b|силы полицией", "F-11: 'police' for 'some police officers'"),
    (r"other newspapers and their websites|других газет", "F-12: one other newspaper"),
    (r"1,000 copies|1 000 экземпляров", "Q-03: an inferred unit"),
    (r"notebook parameter|параметр блокнота|тетрад", "W-EN-02 / W-RU-03: tooling words"),
    (r"Part of the period only|Только часть периода", "W-EN-04: legend and note disagree"),
    (r"раздел «[A-Z]", "W-RU-32: an English section heading alone in Russian"),
])
def test_no_published_text_repeats_the_finding(words: str, finding: str) -> None:
    hits = [name for name, text in TEXTS.items() if re.search(words, text)]
    assert hits == [], f"{finding}: {hits}"


def test_f02_the_torture_arithmetic_is_labelled_ours() -> None:
    text = _summary("en", "01_torture_complaints")
    assert "That is 415 more, or about 3.2 times as many (our calculation)." in text
    # W-EN-05, and the English audit's F11: the comparison is ours and says so
    assert "By our comparison, the January–September figure (662) already exceeds the full-year 2012 figure (602)." in text
    # Russian audit 33: the difference is said of the complaints, not of an unclear «это»
    assert "Жалоб стало на 415 больше — примерно в 3,2 раза больше (наш расчёт)." in \
        _summary("ru", "01_torture_complaints").replace("\u00a0", " ")


def test_f04_our_count_is_not_credited_to_amnesty() -> None:
    line = next(l for l in _summary("en", "00_overview").splitlines() if l.startswith("- Recommendations the submission makes"))
    assert "by our count" in line and "according to" not in line


def test_f05_to_f08_the_timeline() -> None:
    from analysis.themes import timeline

    text = _summary("en", "06_timeline")
    entries = len(timeline.dated_events(timeline.load_tables()))  # one per event: the Gerasimov decision once
    assert f"Our timeline lists {entries} dated entries (our count)" in text
    assert "- Since 2011: Authorities significantly step up counter-terrorism operations" in text
    assert text.index("- 16 December 2011: Protesters killed") < text.index("- December 2011: General Prosecutor's Office")
    assert "- May 2012 and 10 July 2012: UN Committee against Torture finds Kazakhstan responsible for torture" in text


def test_q01_q02_q11_the_sources_words_are_kept() -> None:
    assert "the authorities have yet to carry out a full and independent investigation into his complaint" in \
        _summary("en", "01_torture_complaints")
    assert "Reportedly, many more security officials" in _summary("en", "02_zhanaozen")
    timeline = _summary("en", "06_timeline")
    for words in ("by some police officers", "including of firearms", "for three months", "repeatedly fined",
                  "“open a criminal investigation into every incident of torture”"):
        assert words in timeline, words


def test_q06_q12_q13_scope_in_the_overview_and_charts() -> None:
    overview = _summary("en", "00_overview")
    assert "### Torture: complaints and redress" in overview
    assert "Arrested on “mass disorder” charges" in overview and "in closed proceedings" in overview
    subtitle = _sidecar("en", "02_zhanaozen", "detentions")["subtitle"]
    assert subtitle.startswith("People detained and arrested in connection with the events of 16 December 2011")
    assert "Zhanaozen and elsewhere" not in _sidecar("en", "02_zhanaozen", "key_figures")["alt_text"]  # F-13


def test_q07_source_lines_name_findings_and_the_endnotes_section() -> None:
    assert "findings: the UN Committee against Torture" in _summary("en", "05_non_refoulement")
    assert "section “Torture and other ill-treatment”, endnote\u00a012" in _sidecar("en", "01_torture_complaints", "complaints")["source"]


def test_w_en_03_print_timeline_parts_have_their_own_span() -> None:
    parts = sorted((FIGURES / "print" / "06_timeline").glob("timeline-*.json"))
    titles = [json.loads(p.read_text(encoding="utf-8"))["title"] for p in parts]
    if len(titles) < 2:
        pytest.skip("the print timeline fits one page")
    spans = [re.search(r"(\d{4})–(\d{4}) \(\d of \d\)", title).groups() for title in titles]
    assert len(set(spans)) == len(spans), titles


def test_w_ru_18_russian_numbers() -> None:
    text = _summary("ru", "03_media_closures")
    assert "на\u00a01000 " in text and "1\u00a0000" not in text  # typeset: the number held to its words
    assert "2\u00a0млн" in _summary("ru", "01_torture_complaints") and "13\u00a0000" in _summary("ru", "01_torture_complaints")

"""The general parser of a UPR Working Group report, checked against a stratified sample read by hand.

The sample (one case per layout and difficulty of ../shared/reference/upr-report-layouts.md):
session 1 of 2008 ("agreed on the following", a State named in the text, "comments" that are no
recommendations); a first-cycle report whose items hold several States' recommendations and
whose noted ones are named only by their dialogue paragraph (A/HRC/11/25, China); a page break
inside an item; a footnote (A/HRC/14/10); a second-cycle report whose responses are all pending
(A/HRC/21/10, India); and Kazakhstan's two reports, which must give data/upr_recommendations.csv.

Each expectation was read in the PDF. The planted-damage tests feed the parser the same reports'
text with one defect (a dropped item, a State moved to the wrong line, a response paragraph's words
changed) and check that the sample comparison or the parser's own checks see it.

Needs $ANALYSIS_SOURCES_DIR (skipped without it, as the other tests of the UN PDFs).
"""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from analysis.core import paths
from analysis.data import upr_report
from analysis.data.pdf_lines import Line, PdfLines, lines_from_text, read_pdf_lines

pytestmark = pytest.mark.xdist_group("upr_report")
DATA = paths.REPO_ROOT / "data"


@pytest.fixture(scope="session")
def sources() -> Path:
    value = os.environ.get(paths.SOURCES_ENV)
    if not value:
        pytest.skip(f"${paths.SOURCES_ENV} is not set: these checks read the UN's PDFs")
    return Path(value)


@pytest.fixture(scope="session")
def cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pdf-lines")


@pytest.fixture(scope="session")
def pdfs(sources, cache):
    def read(name: str) -> PdfLines:
        folder = sources if name in ("a-hrc-14-10", "a-hrc-28-10") else sources / "upr-reports"
        return read_pdf_lines(folder / f"{name}.pdf", cache_dir=cache)
    return {n: read(n) for n in ("a-hrc-14-10", "a-hrc-28-10", "a-hrc-8-19", "a-hrc-11-25", "a-hrc-21-10")}


# ---- Kazakhstan: the parser gives data/upr_recommendations.csv ----

# How the columns of data/upr_recommendations.csv map to the parser's: paragraph, item, text,
# page and footnote are the same; states is the parser's States joined by "; "; the file's response
# spells out the report's words, the parser's is one of three words:
RESPONSE_MAP = {
    "supported": "supported",
    "supported; considered already implemented": "supported",
    "supported; in the process of implementation": "supported",
    "noted; did not enjoy support": "noted",
    "to be examined; responses in A/HRC/14/10/Add.1, not held": "pending",
}


def parsed_frame(pdf: PdfLines, review: int) -> pd.DataFrame:
    report = upr_report.parse(pdf)
    return pd.DataFrame([{
        "review": review, "paragraph": r.paragraph, "item": r.item, "part": r.part, "text": r.text,
        "states": "; ".join(r.states), "page": r.page, "response": r.response, "footnote": r.footnotes,
    } for r in report.recommendations])


def test_kazakhstan_rows_equal_the_committed_table(pdfs):
    committed = pd.read_csv(DATA / "upr_recommendations.csv", dtype=str, keep_default_na=False)
    assert set(committed["response"]) == set(RESPONSE_MAP)
    expected = pd.DataFrame({
        "review": committed["review"].astype(int), "paragraph": committed["paragraph"].astype(int),
        "item": committed["item"].astype(int), "part": 1, "text": committed["text"],
        "states": committed["states"], "page": committed["page"].astype(int),
        "response": committed["response"].map(RESPONSE_MAP), "footnote": committed["footnote"],
    })
    parsed = pd.concat([parsed_frame(pdfs["a-hrc-14-10"], 2010), parsed_frame(pdfs["a-hrc-28-10"], 2014)],
                       ignore_index=True)
    parsed["item"] = parsed["item"].astype(int)
    pd.testing.assert_frame_equal(parsed, expected, check_dtype=False)


# ---- the hand-checked sample ----

# symbol, state, session, review date, {paragraph: (response, rows)}
FRONT = {
    "a-hrc-8-19": ("A/HRC/8/19", "Bahrain", 1, date(2008, 4, 7), {60: ("supported", 9), 61: ("comments", 0)}),
    "a-hrc-11-25": ("A/HRC/11/25", "China", 4, date(2009, 2, 9),
                    {114: ("supported", 55), 115: ("noted", 4), 116: ("pending", 4), 117: ("noted", 70)}),
    "a-hrc-21-10": ("A/HRC/21/10", "India", 13, date(2012, 5, 24), {138: ("pending", 170)}),
    "a-hrc-14-10": ("A/HRC/14/10", "Kazakhstan", 7, date(2010, 2, 12), {95: ("supported", 102), 97: ("pending", 26)}),
    "a-hrc-28-10": ("A/HRC/28/10", "Kazakhstan", 20, date(2014, 10, 30),
                    {124: ("supported", 47), 125: ("supported", 96), 126: ("noted", 51)}),
}

# report, label, part: (States, page, response, opening of the text)
ROWS = {
    # session 1: the State named in the text, not in brackets
    ("a-hrc-8-19", "60.3", 1): (("Switzerland",), 13, "supported", "With regard to the recommendation of Switzerland"),
    ("a-hrc-8-19", "60.9", 1): (("Tunisia",), 13, "supported", "The positive dynamism of the information sector"),
    # one printed item, three recommendations, five States
    ("a-hrc-11-25", "114.1", 1): (("Sweden",), 27, "supported", "Create conditions for an early ratification"),
    ("a-hrc-11-25", "114.1", 2): (("Algeria",), 27, "supported", "In accordance with its imperatives"),
    ("a-hrc-11-25", "114.1", 3): (("Argentina", "Brazil", "Austria"), 27, "supported",
                                  "Analyse the possibility of ratifying/consider ratifying/ratify ICCPR"),
    # States joined by a slash stay one recommendation
    ("a-hrc-11-25", "114.5", 1): (("Algeria", "Singapore"), 27, "supported", "Proceed as soon as possible"),
    # a page break: item 28 starts on page 28, its second recommendation on page 29
    ("a-hrc-11-25", "114.28", 1): (("Philippines",), 28, "supported", "Share best practices with other developing"),
    ("a-hrc-11-25", "114.28", 2): (("Viet Nam",), 29, "supported", "Share with the international community"),
    ("a-hrc-11-25", "116.2", 1): (("Australia", "Canada"), 30, "pending", "Reduce the number of crimes carrying"),
    # named only by its dialogue paragraph: the speaker's statement, lettered
    ("a-hrc-11-25", "27 (b)", 1): (("Australia",), 6, "noted", "abolish the death penalty and, as interim steps"),
    ("a-hrc-11-25", "92 (c)", 58): (("Sweden",), 22, "noted", "taking urgent steps to abolish the various systems"),
    # all pending
    ("a-hrc-21-10", "138.1", 1): (("Spain",), 14, "pending", "Ratify the Convention against Torture"),
    # a footnote (its marker left out of the text)
    ("a-hrc-14-10", "95.38", 1): (("Slovenia",), 17, "supported", "To ensure the use of vocabulary"),
    ("a-hrc-28-10", "124.5", 1): (("Chile",), 15, "supported", "Clearly define criminal offences provided for under article 164"),
    ("a-hrc-28-10", "126.51", 1): (("Uruguay",), 26, "noted", "Accede to the Convention on the non-applicability"),
}


def mismatches(name: str, report: upr_report.Report) -> list[str]:
    """How the parse differs from the hand-checked sample of this report ([] when it does not)."""
    out = []
    symbol, state, session, when, counts = FRONT[name]
    got = (report.symbol, report.state_under_review, report.session, report.review_date)
    if got != (symbol, state, session, when):
        out.append(f"front matter {got}")
    if report.paragraph_counts != counts:
        out.append(f"counts {report.paragraph_counts}")
    found = {(r.label, r.part): r for r in report.recommendations}
    for (report_name, label, part), (states, page, response, opening) in ROWS.items():
        if report_name != name:
            continue
        rec = found.get((label, part))
        if rec is None:
            out.append(f"{label} part {part} missing")
        elif (rec.states, rec.page, rec.response) != (states, page, response) or not rec.text.startswith(opening):
            out.append(f"{label} part {part}: {rec.states} p. {rec.page} {rec.response} {rec.text[:60]!r}")
    return out


@pytest.mark.parametrize("name", list(FRONT))
def test_the_sample_parses_as_read_by_hand(pdfs, name):
    report = upr_report.parse(pdfs[name])
    assert mismatches(name, report) == []
    assert report.cycle == (1 if report.session < 13 else 2)


def test_china_footnote_free_and_kazakhstan_footnote(pdfs):
    rec = next(r for r in upr_report.parse(pdfs["a-hrc-14-10"]).recommendations if r.label == "95.38")
    assert rec.footnotes.startswith("Footnote 2: The original recommendation read as follows")
    assert not rec.text.endswith("2")


def test_the_sample_reports_have_no_unexplained_anomaly(pdfs):
    for name in ("a-hrc-8-19", "a-hrc-21-10", "a-hrc-14-10", "a-hrc-28-10"):
        assert upr_report.parse(pdfs[name]).anomalies == [], name


# ---- planted damage ----

def damaged(pdf: PdfLines, change) -> PdfLines:  # noqa: ANN001 - a function of (page, Line) -> Line | None
    pages = []
    for number, page in enumerate(pdf.pages, start=1):
        lines = [change(number, ln) for ln in page]
        pages.append(tuple(ln for ln in lines if ln is not None))
    return replace(pdf, pages=tuple(pages))


def test_a_dropped_recommendation_is_seen(pdfs):
    pdf = damaged(pdfs["a-hrc-28-10"], lambda p, ln: None if ln.text.startswith("124.5 ") else ln)
    report = upr_report.parse(pdf)
    assert any("item 6 where 5 was expected" in a.what for a in report.anomalies)
    assert mismatches("a-hrc-28-10", report)


def test_a_state_taken_from_the_wrong_line_is_seen(pdfs):
    # 114.1's last States "(Argentina, Brazil, Austria);" are moved to the head of item 2's line
    def move(page: int, ln: Line) -> Line | None:
        if ln.text == "(Argentina, Brazil, Austria);":
            return None
        if ln.text.startswith("2. Continue its efforts: for the promotion"):
            return Line(ln.x, ln.text.replace("2. Continue", "2. (Argentina, Brazil, Austria); Continue"))
        return ln
    report = upr_report.parse(damaged(pdfs["a-hrc-11-25"], move))
    assert any("114.1 part" in m for m in mismatches("a-hrc-11-25", report))


def test_a_misread_response_paragraph_is_seen(pdfs):
    pdf = damaged(pdfs["a-hrc-28-10"], lambda p, ln: Line(ln.x, ln.text.replace("did not enjoy the support", "enjoy the support")))
    report = upr_report.parse(pdf)
    assert report.paragraph_counts[126] == ("supported", 51)
    assert mismatches("a-hrc-28-10", report)


# ---- rules on made text (no PDF) ----

MADE = """\
Report of the Working Group on the Universal Periodic Review*
Tuvalu
The Working Group, held its fifth session from 4 to 15 May 2009. The review of Tuvalu was held at the 3rd meeting on 5 May 2009.
12. Norway welcomed the report. It recommended that Tuvalu (a) abolish the death penalty; (b) ratify the ICCPR.
II. Conclusions and/or recommendations
30. The recommendations listed below enjoy the support of Tuvalu:
     1. Ratify CAT (Spain, Brazil); Consider ratifying OP-CAT (Chile)
     2. Continue its efforts (Iran (Islamic Republic of))
31. The recommendations in paragraphs 12 (b) did not enjoy the support of Tuvalu.
32. All conclusions and/or recommendations contained in the present report reflect the position
"""


def test_made_report_layouts():
    report = upr_report.parse(lines_from_text([MADE]))
    assert (report.state_under_review, report.session, report.cycle, report.review_date) == \
        ("Tuvalu", 5, 1, date(2009, 5, 5))
    rows = [(r.label, r.part, r.states, r.response, r.text) for r in report.recommendations]
    assert rows == [
        ("30.1", 1, ("Spain", "Brazil"), "supported", "Ratify CAT (Spain, Brazil)"),
        ("30.1", 2, ("Chile",), "supported", "Consider ratifying OP-CAT (Chile)"),
        ("30.2", 1, ("Iran (Islamic Republic of)",), "supported", "Continue its efforts (Iran (Islamic Republic of))"),
        ("12 (b)", 1, ("Norway",), "noted", "ratify the ICCPR"),
    ]


@pytest.mark.parametrize("words, response", [
    ("The following recommendations enjoy the support of Kazakhstan", "supported"),
    ("The following recommendations did not enjoy the support of Kazakhstan and are thus noted", "noted"),
    ("The following recommendations will be examined by India, which will provide responses in due time", "pending"),
    ("The following recommendations are noted and China indicated that they are already being implemented", "noted"),
    ("The response of Botswana to the above recommendations will be included in the outcome report", "pending"),
    ("The State under review considered the recommendations and agreed on the following", "supported"),
    ("Tuvalu made a statement", ""),
    ("The recommendations which appear below have been examined by Botswana and do not enjoy its support", "noted"),
])
def test_response_rule(words, response):
    assert upr_report.response_rule(words) == response


def test_references_read_letters_ranges_and_whole_paragraphs():
    text = ("The recommendations noted in the report in paragraphs 27 (b), (c), 28 (a), 31, 43 (a)-(c) "
            "did not enjoy the support of China.")
    assert upr_report.references(text) == [(27, "b"), (27, "c"), (28, "a"), (31, None), (43, "a"), (43, "b"), (43, "c")]


MADE_COMMENTS = """\
Report of the Working Group on the Universal Periodic Review*
Tuvalu
The Working Group held its sixth session from 30 November to 11 December 2009. The review of Tuvalu was held at the 3rd meeting on 2 December 2009.
20. Sweden welcomed the report. Sweden recommended that Tuvalu abolish the death penalty. Sweden also recommended that Tuvalu ratify the ICCPR.
II. Conclusions and/or recommendations
40. The recommendations listed below enjoy the support of Tuvalu:
     1. Ratify CAT (Spain)
     2. Adopt a law on domestic violence (Chile)
41. The following recommendations did not enjoy the support of Tuvalu, which offered the following comments:
     1. Ratify ICRMW (Mexico); (Egypt)
     2. Tuvalu explained that it has no migrant workers.
42. Tuvalu considers that recommendation 40.2 did not enjoy its support..
43. All conclusions and/or recommendations contained in the present report reflect the position
"""


def test_made_report_comments_and_restatements():
    report = upr_report.parse(lines_from_text([MADE_COMMENTS]))
    rows = [(r.label, r.states, r.response, r.text) for r in report.recommendations]
    assert rows == [
        ("40.1", ("Spain",), "supported", "Ratify CAT (Spain)"),
        # a later paragraph says it did not enjoy the support
        ("40.2", ("Chile",), "noted", "Adopt a law on domestic violence (Chile)"),
        # bare groups join the recommendation before; the State's own explanation is no row
        ("41.1", ("Mexico", "Egypt"), "noted", "Ratify ICRMW (Mexico); (Egypt)"),
    ]
    assert any("40.2: response changed to noted by para. 42" in a.what for a in report.anomalies)


def test_an_unlettered_statement_gives_its_nth_recommending_sentence():
    text = ("Sweden welcomed the report. Sweden recommended that Tuvalu abolish the death penalty. "
            "Sweden also recommended that Tuvalu ratify the ICCPR.")
    assert upr_report.nth_recommending_sentence(text, "b")[0] == "Tuvalu ratify the ICCPR"
    assert upr_report.nth_recommending_sentence(text, "c") is None

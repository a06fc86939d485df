"""Provenance: markup normalisation, values in excerpts, and every excerpt found in the source text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from analysis.data.datapackage import read_package, read_table
from analysis.data.provenance import date_in_text, normalise, number_in_text, number_words, read_source, term_in_text

SOURCE = "amnesty-upr-2014-kazakhstan.md"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("made to it by other states.<sup>1</sup>", "made to it by other states."),
        ("Kazakhstan's 3<sup>rd</sup> periodic report", "Kazakhstan's 3rd periodic report"),
        ("the *Pravdivaya Gazeta* newspaper", "the Pravdivaya Gazeta newspaper"),
        ("**Crackdown on human rights:  \nabuse of power**", "Crackdown on human rights: abuse of power"),
        ("in case of \u201csocial emergency\u201d", 'in case of "social emergency"'),
        ("the General Prosecutor\u2019s Office", "the General Prosecutor's Office"),
        ("assurances \u00ab *cannot be used* \u00bb.", 'assurances "cannot be used".'),
        ("kazakhstan\\\\_news and kazakhstan\\_news", "kazakhstan_news and kazakhstan_news"),
        ("Violation of <i>non-refoulement</i> obligation", "Violation of non-refoulement obligation"),
        ("[http://a.kz/x\\\\_y](http://a.kz/x_y)", "http://a.kz/x_y"),
        ("<http://www.constcouncil.kz/rus/?cid=11&rid=783>", "http://www.constcouncil.kz/rus/?cid=11&rid=783"),
        ("Periodic Review, October-  \nNovember 2014", "Periodic Review, October-November 2014"),
        ("in October 2012 the General\n\nProsecutor's Office", "in October 2012 the General Prosecutor's Office"),
        ("## ENDNOTES\n\n---\n\n<sup>1</sup> Report", "ENDNOTES Report"),
    ],
)
def test_normalise_removes_conversion_markup(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1000, "exceeding its print-run by 1,000"),
        (13000, "roughly equivalent to USD 13,000"),
        (30000, "a fine of up to USD 30,000"),
        (2_000_000, "awarded 2 million Kazakhstani Tenge"),
        (7, "rejected seven of the 128 recommendations"),
        (3, "banned from publishing for three months"),
        (1, "as well as one other newspaper"),
        (23, "eight print media outlets and 23 websites"),
        (700, "as many as 700 individuals"),
    ],
)
def test_value_found_in_excerpt(value: int, text: str) -> None:
    assert number_in_text(value, text)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (60, "602 in 2012"),          # digits inside a longer number
        (2, "662 in 2012"),
        (13, "USD 13,000"),            # the first group of a grouped number
        (5, "twenty-five"),            # part of a compound number word
        (16, "in 2016"),
        (1, "1,000"),                # the first digit of a grouped number
    ],
)
def test_value_not_found_inside_another_number(value: int, text: str) -> None:
    assert not number_in_text(value, text)


def test_number_words() -> None:
    assert number_words(7) == "seven"
    assert number_words(23) == "twenty-three"
    assert number_words(2_000_000) == "two million"
    assert number_words(128) == "one hundred and twenty-eight"


def test_terms_and_dates_in_text() -> None:
    assert term_in_text("531-1", "Article 531-1, Criminal Procedural Code.")
    assert not term_in_text("531", "Article 531-1, Criminal Procedural Code.")
    assert term_in_text("Zhanozen", "the aftermath of the Zhanozen events")
    assert not term_in_text("Zhanozen", "the protests in Zhanaozen")
    assert date_in_text("2011-12-16", "on 16 December 2011 in the town") == []
    assert date_in_text("2012-07", "10 July 2012") == []
    assert date_in_text("2012-05", "10 July 2012") == ["month May"]


def submission_documents(package) -> set[str]:
    """The document ids whose text is the Markdown submission (the other held documents are PDFs)."""
    return {row["document_id"] for _, row in read_table(package.file(package.resource("documents"))).records()
            if row["source_file"] == SOURCE}


def test_every_excerpt_is_found_in_the_source_text(repo_data_dir: Path, sources_dir: Path) -> None:
    """Runs in CI, where $ANALYSIS_SOURCES_DIR points at the source folder."""
    text = read_source(sources_dir / SOURCE)
    package = read_package(repo_data_dir)
    on_submission = submission_documents(package)
    missing = []
    checked = 0
    for res in package.resources:
        verbatim = [f.name for f in res.fields if f.descriptor.get("verbatim")]
        table = read_table(package.file(res))
        assert not table.problems, table.problems
        for line, row in table.records():
            if res.provenance and row[res.provenance["document"]] not in on_submission:
                continue  # a UN report's excerpt: checked on its PDF page (test_data_sources.py)
            for column in verbatim:
                if row[column]:
                    checked += 1
                    if normalise(row[column]) not in text:
                        missing.append(f"{res.path}:{line}: {column}: {row[column]!r}")
    assert checked > 150
    assert not missing, "excerpts not in the source text:\n" + "\n".join(missing)


def test_every_number_in_the_source_is_in_some_excerpt(repo_data_dir: Path, sources_dir: Path) -> None:
    """Coverage: each number the submission writes in digits (outside links and the contents page) is tabulated."""
    text = read_source(sources_dir / SOURCE)
    body = text[text.index("INTRODUCTION This submission"):]
    body = re.sub(r"(?:https?://|www\.)\S+", " ", body)
    package = read_package(repo_data_dir)
    excerpts = []
    for res in package.resources:
        verbatim = [f.name for f in res.fields if f.descriptor.get("verbatim")]
        for _, row in read_table(package.file(res)).records():
            excerpts += [normalise(row[c]) for c in verbatim]
    joined = " || ".join(excerpts)
    numbers = sorted(set(re.findall(r"\d+(?:[.,/-]\d+)*", body)))
    untabulated = [n for n in numbers if not re.search(rf"(?<!\d){re.escape(n)}(?!\d)", joined)]
    assert len(numbers) > 60
    assert not untabulated, f"numbers in the source that no excerpt holds: {untabulated}"

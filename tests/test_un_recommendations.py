"""The UN record of Kazakhstan's two UPR reviews, checked against the UN's PDFs.

Most tests need the PDFs: they are skipped unless $ANALYSIS_SOURCES_DIR names their folder (CI
sets it). The PDF text is read once per session into a private cache, so the tests stay fast.
The forgiving match of analysis.data.pdf_text is tested on hand-made text and always runs.
"""

from __future__ import annotations

import json

import re
from pathlib import Path

import pandas as pd
import pytest

from analysis.core import paths
from analysis.data import un_recommendations as un
from analysis.data.pdf_lines import read_pdf_lines
from analysis.data.pdf_text import (SourceFileError, check_source, excerpt_on_page, find_on_page, read_pages,
                               read_pdf_text)

# One worker runs the whole module: the UN PDFs are read once, in session-scoped fixtures (xdist may
# end a module scope between two of the module's tests).
pytestmark = pytest.mark.xdist_group("un_recommendations")

DATA = paths.REPO_ROOT / "data"
EXPECTED = {(2010, 95): 102, (2010, 97): 26, (2014, 124): 47, (2014, 125): 96, (2014, 126): 51}
# A/HRC/14/10 para. 96, as printed.
PARA_96 = [7, 8, 9, 10, 11, 12, 13, 14, 22, 26, 27, 28, 29, 31, 32, 34, 35, 36, 37, 38, 39, 41, 42, 43, 44,
           47, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 69, 70, 71, 72, 73, 74, 75, 76, 78,
           79, 80, 81, 82, 83, 84, 85, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97]


# ---- the forgiving match (no PDF needed) ----

@pytest.mark.parametrize("excerpt, page", [
    ("the Convention on", "the Conventi on on"),  # space inside a word
    ("ratifying the Convention", "ratifyingthe\nConvention"),  # space missing, line break
    ("implementation of", "implemen-\ntation of"),  # line-end hyphenation
    ("ill-treatment", "ill-\ntreatment"),  # a hyphen of the word, broken at the line end
    ("the definition", "the deﬁnition"),  # ligature
    ("Kazakhstan's obligations", "Kazakhstan’s obligations"),  # apostrophe
    ("“non-traditional” groups", '"non-traditional" groups'),  # quotes
    ("2009-2012", "2009–2012"),  # dashes
    ("2009 – 2012", "2009—2012"),
])
def test_the_match_forgives_what_extraction_breaks(excerpt, page):
    assert excerpt_on_page(excerpt, page)


@pytest.mark.parametrize("excerpt, page", [
    ("the Convention", "the convention"),  # case
    ("torture", "tortue"),  # letters
    ("2009-2012", "2009 2012"),  # a dash is not nothing
    ("Korea)", "Korea;"),  # other punctuation
    ("implementation", "implemen-tation"),  # a hyphen inside a line is printed
])
def test_the_match_forgives_nothing_else(excerpt, page):
    assert not excerpt_on_page(excerpt, page)


def test_find_on_page_numbers_pages_from_one():
    assert find_on_page("second", ["first page", "second page", "a second"]) == [2, 3]


def test_a_missing_file_names_it(tmp_path):
    missing = tmp_path / "a-hrc-14-10.pdf"
    with pytest.raises(SourceFileError, match=re.escape(str(missing))):
        read_pages(missing, cache_dir=tmp_path / "cache")


def test_a_file_that_is_not_a_pdf_names_it(tmp_path):
    fake = tmp_path / "a-hrc-14-10.pdf"
    fake.write_text("# Markdown, not a PDF\n", encoding="utf-8")
    with pytest.raises(SourceFileError, match=re.escape(str(fake)) + ".*not a PDF"):
        read_pages(fake, cache_dir=tmp_path / "cache")


def test_an_unreadable_pdf_names_it(tmp_path):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n" + b"\x00garbage" * 50)
    with pytest.raises(SourceFileError, match=re.escape(str(broken)) + ".*unreadable"):
        read_pages(broken, cache_dir=tmp_path / "cache")


# ---- the PDFs ----

@pytest.fixture(scope="session")
def sources() -> Path:
    folder = paths.sources_dir()
    if folder is None:
        pytest.skip(f"${paths.SOURCES_ENV} is not set: these checks read the UN's PDFs A/HRC/14/10 and "
                    "A/HRC/28/10 (set it to the folder of the source documents; CI sets it)")
    if not folder.is_dir():
        pytest.fail(f"${paths.SOURCES_ENV} does not name a folder")
    return folder


@pytest.fixture(scope="session")
def cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pdf-text")


@pytest.fixture(scope="session")
def rows(sources, cache) -> pd.DataFrame:
    return un.extract_all(sources, cache)


@pytest.fixture(scope="session")
def plain_pages(sources, cache) -> dict[str, list[str]]:
    return {d: read_pages(sources / f"{d}.pdf", doc.sha256, cache) for d, doc in un.DOCUMENTS.items()}


def test_the_sources_are_the_files_the_readme_names(sources):
    readme = (sources.parent / "README.md").read_text(encoding="utf-8") if (sources.parent / "README.md").is_file() else ""
    for d, doc in un.DOCUMENTS.items():
        assert check_source(sources / f"{d}.pdf", doc.sha256) == doc.sha256
        if readme:
            assert doc.sha256 in readme


def test_counts_per_review_and_paragraph(rows):
    counts = rows.groupby(["review", "paragraph"]).size().to_dict()
    assert counts == EXPECTED
    assert (rows.review == 2010).sum() == 128
    assert (rows.review == 2014).sum() == 194


def test_numbers_are_once_each_and_consecutive_from_one(rows):
    for (review, paragraph), group in rows.groupby(["review", "paragraph"], sort=False):
        assert list(group["item"]) == list(range(1, len(group) + 1)), (review, paragraph)
        assert list(group["number"]) == [f"{paragraph}.{i}" for i in group["item"]]
    assert rows["id"].is_unique
    assert all(rows["id"] == [f"rec-{r}-{p}-{i}" for r, p, i in zip(rows.review, rows.paragraph, rows.item)])


def _longest_prefix_on(words: list[str], page: str) -> int:
    """How many leading words of the text are on the page (the property is monotone: bisect)."""
    low, high = 0, len(words)
    while low < high:
        mid = (low + high + 1) // 2
        if excerpt_on_page(" ".join(words[:mid]), page):
            low = mid
        else:
            high = mid - 1
    return low


def _as_printed(row) -> str:
    """The text with a footnote marker put back where the report prints it inside the text."""
    m = re.search(r"Footnote marker (\S+), printed after '([^']*)'", row.notes)
    if m and m[2] in row.text:
        return row.text.replace(m[2], m[2] + m[1], 1)
    return row.text


def test_every_text_is_on_its_page_or_runs_on_to_the_next(rows, plain_pages):
    missing = []
    for row in rows.itertuples(index=False):
        pages = plain_pages[row.document_id]
        here = pages[row.page - 1]
        text = _as_printed(row)
        if excerpt_on_page(text, here):
            continue
        words = text.split(" ")
        cut = _longest_prefix_on(words, here)
        rest = " ".join(words[cut:])
        if not (0 < cut < len(words) and row.page < len(pages) and excerpt_on_page(rest, pages[row.page])):
            missing.append(f"{row.id} (p. {row.page}): {row.text[:80]}")
    assert not missing, "\n".join(missing)


def test_every_excerpt_opens_its_text_and_is_on_its_page(rows, plain_pages):
    for row in rows.itertuples(index=False):
        assert 20 <= len(row.excerpt) <= un.EXCERPT_MAX, row.id
        assert row.text.startswith(row.excerpt), row.id
        assert excerpt_on_page(row.excerpt, plain_pages[row.document_id][row.page - 1]), row.id
        assert row.locator == f"para. {row.number}, p. {row.page}"


def test_recommendations_start_where_the_reports_print_them(rows):
    pages = rows.groupby("document_id")["page"].agg(["min", "max"]).to_dict("index")
    assert pages == {"a-hrc-14-10": {"min": 14, "max": 23}, "a-hrc-28-10": {"min": 14, "max": 26}}
    assert rows.set_index("id").loc["rec-2010-95-11", "page"] == 15
    assert rows.set_index("id").loc["rec-2014-124-15", "page"] == 15


def test_states_are_parsed_as_written_and_normalised(rows):
    by_id = rows.set_index("id")
    assert by_id.loc["rec-2010-95-3", "states_as_written"] == "(Slovenia)/ratify (Republic of Korea)"
    assert by_id.loc["rec-2010-95-3", "states"] == "Slovenia; Republic of Korea"
    assert by_id.loc["rec-2014-125-9", "states"] == "Portugal; Uruguay; Argentina"
    assert by_id.loc["rec-2010-95-12", "states"] == "Iran (Islamic Republic of)"
    assert by_id.loc["rec-2014-124-37", "states_as_written"] == "(Iran (Islamic republic of))"
    assert by_id.loc["rec-2014-124-37", "states"] == "Iran (Islamic Republic of)"
    assert by_id.loc["rec-2010-95-82", "states"] == "Venezuela (Bolivarian Republic of)"
    assert by_id.loc["rec-2014-125-81", "states"] == "Venezuela (Bolivarian Republic of)"
    for row in rows.itertuples(index=False):
        states = un.split_states(row.states)
        assert states and len(states) == len(set(states)), row.id
        assert row.states_as_written in row.text, row.id
        if row.id != "rec-2010-95-3":  # the one recommendation that names its States mid-sentence
            assert row.text.endswith(row.states_as_written), row.id


def test_every_state_is_in_the_states_table(rows):
    table = un.states_table(rows)
    assert table["state"].is_unique
    named = {s for value in rows["states"] for s in un.split_states(value)}
    assert named == set(table["state"])
    for row in table.itertuples(index=False):  # every printed spelling names its State through the library
        for spelling in un.split_states(row.spellings):
            assert un.canonical_state(spelling) == row.state
    counted = table[["recommendations_2010", "recommendations_2014"]].sum().to_dict()
    assert counted == {"recommendations_2010": sum(len(un.split_states(s)) for s in rows.states[rows.review == 2010]),
                       "recommendations_2014": sum(len(un.split_states(s)) for s in rows.states[rows.review == 2014])}


def test_responses_follow_the_paragraphs(rows):
    expected = {(2010, 95): "supported",
                (2010, 97): "to be examined; responses in A/HRC/14/10/Add.1, not held",
                (2014, 124): "supported; considered already implemented",
                (2014, 125): "supported; in the process of implementation",
                (2014, 126): "noted; did not enjoy support"}
    for (review, paragraph), group in rows.groupby(["review", "paragraph"]):
        assert set(group["response"]) == {expected[(review, paragraph)]}
        assert group["response_detail"].str.contains(f"para. {paragraph}: “", regex=False).all()


def test_para_96_lists_the_supported_recommendations_considered_implemented(rows, sources, cache):
    doc = un.DOCUMENTS["a-hrc-14-10"]
    paragraphs = un.parse_paragraphs(read_pdf_lines(sources / "a-hrc-14-10.pdf", doc.sha256, cache), doc)
    assert un.implemented_list(paragraphs[96]) == PARA_96
    para95 = rows[(rows.review == 2010) & (rows.paragraph == 95)]
    assert sorted(para95.loc[para95.considered_implemented_2010.astype(bool), "item"]) == PARA_96
    others = rows[~((rows.review == 2010) & (rows.paragraph == 95))]
    assert others["considered_implemented_2010"].isna().all()
    assert not others["response_detail"].str.contains("para. 96").any()


def test_footnotes_are_kept_apart_from_the_text(rows):
    with_notes = rows[rows.footnote != ""].set_index("id")
    assert list(with_notes.index) == ["rec-2010-95-38", "rec-2014-125-27"]
    assert with_notes.loc["rec-2010-95-38", "footnote"].startswith("Footnote 2: The original recommendation read as follows")
    assert with_notes.loc["rec-2014-125-27", "text"].endswith("in the area of employment (Belarus)")
    assert not rows.text.str.contains(r"\)[;.]?\d", regex=True).any()


def test_the_committed_csvs_are_what_extract_gives(rows):
    assert (DATA / "upr_recommendations.csv").read_text(encoding="utf-8") == un.to_csv_text(rows), \
        "data/upr_recommendations.csv is stale: python -m analysis.data.un_recommendations --sources $ANALYSIS_SOURCES_DIR"
    assert (DATA / "upr_states.csv").read_text(encoding="utf-8") == un.to_csv_text(un.states_table(rows))


def test_the_cache_is_keyed_by_sha256_outside_the_sources(sources, cache, plain_pages):
    for d, doc in un.DOCUMENTS.items():
        cached = json.loads((cache / f"{doc.sha256}.json").read_text(encoding="utf-8"))
        assert cached["sha256"] == doc.sha256 and len(cached["plain"]) == len(plain_pages[d])
    assert not list(sources.glob("*.json"))
    assert len(plain_pages["a-hrc-14-10"]) == 24 and len(plain_pages["a-hrc-28-10"]) == 28


def test_a_damaged_cache_is_read_again(tmp_path):
    """A cache file that is not JSON is replaced by the PDF's text (a small PDF made here)."""
    import hashlib

    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure

    pdf = tmp_path / "two-pages.pdf"
    with PdfPages(pdf, metadata={"CreationDate": None}) as pages_out:
        for text in ("first page", "second page"):
            fig = Figure()
            fig.text(0.1, 0.5, text)
            pages_out.savefig(fig)
    sha256 = hashlib.sha256(pdf.read_bytes()).hexdigest()
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / f"{sha256}.json").write_text("{not json", encoding="utf-8")
    pages = read_pages(pdf, sha256, cache)
    assert [" ".join(p.split()) for p in pages] == ["first page", "second page"]
    assert json.loads((cache / f"{sha256}.json").read_text(encoding="utf-8"))["sha256"] == sha256


def test_a_corrupted_copy_fails_the_sha256_check(sources, tmp_path):
    data = bytearray((sources / "a-hrc-14-10.pdf").read_bytes())
    data[len(data) // 2] ^= 0x01
    copy = tmp_path / "a-hrc-14-10.pdf"
    copy.write_bytes(bytes(data))
    with pytest.raises(SourceFileError, match=re.escape(str(copy)) + ".*sha256"):
        un.extract(copy, tmp_path / "cache")


def test_extract_names_a_missing_or_non_pdf_source(tmp_path):
    with pytest.raises(SourceFileError, match=re.escape(str(tmp_path / "a-hrc-28-10.pdf"))):
        un.extract(tmp_path / "a-hrc-28-10.pdf", tmp_path / "cache")
    (tmp_path / "a-hrc-28-10.pdf").write_text("not a pdf", encoding="utf-8")
    with pytest.raises(SourceFileError, match=re.escape(str(tmp_path / "a-hrc-28-10.pdf")) + ".*not a PDF"):
        un.extract(tmp_path / "a-hrc-28-10.pdf", tmp_path / "cache")


def test_the_submissions_citations_resolve_to_one_recommendation_each(rows):
    cited = pd.read_csv(DATA / "upr_2010_cited_recommendations.csv", dtype=str, keep_default_na=False)
    assert len(cited) == 22
    unresolved = []
    resolved = {}
    for row in cited.itertuples(index=False):
        ids = un.resolve_citation(int(row.recommendation_number), row.recommending_state, rows)
        if len(ids) != 1:
            unresolved.append(f"{row.id}: {row.recommendation_number} ({row.recommending_state}) -> {ids}")
        else:
            resolved[row.id] = ids[0]
    print("\n".join(f"{k} -> {v}" for k, v in resolved.items()))
    assert not unresolved, "citations that do not resolve to exactly one recommendation:\n" + "\n".join(unresolved)
    # Endnote 2's defamation recommendations other than 76 and 77, and Endnote 6's No. 7, are para. 97's
    assert {v for k, v in resolved.items() if v.startswith("rec-2010-97-")} == {
        f"rec-2010-97-{n}" for n in (7, 11, 13, 14, 20, 21, 22, 23, 24, 25, 26)}

"""The recommendations of Kazakhstan's two UPR reviews, one row each, parsed from the UN's own PDFs.

Why parse rather than type them in: 322 recommendations with their recommending States and the
State's response are too many to copy by hand without slips, and a parser run against the
published PDFs (checked by sha256) makes data/upr_recommendations.csv reproducible and testable.

What is read (A/HRC/14/10, first review, 2010; A/HRC/28/10, second review, 2014):

- 2010, paragraph 95: the recommendations that "enjoy the support of Kazakhstan", printed as
  "1." … inside the paragraph (cited here as 95.1 …); paragraph 96 lists those of them that
  Kazakhstan considers implemented or being implemented; paragraph 97: those it "will examine",
  answered in A/HRC/14/10/Add.1, which the project does not hold (the response says so).
- 2014, paragraphs 124 (supported, considered already implemented), 125 (supported, in the
  process of implementation) and 126 (did not enjoy support, noted), printed as "124.1" ….

The paragraphs, items, footnotes and recommending States come from the general parser of a UPR
report (analysis.data.upr_report, over pdfium's text: analysis.data.pdf_lines), which reads every
Working Group report of 2008-2014; this module adds what is particular to Kazakhstan's two (the
row ids, the response as data/ words it, para. 96's list). The excerpt of each row is checked
against pypdf's default-mode text of its page, as `validate --sources` reads it.
Text is folded to single spaces; a hyphen at a line end is kept and the line joined without a
space (every such hyphen in these reports belongs to the word: "ill-treatment", "ICCPR-OP 2");
a soft hyphen at a line end would be dropped. Footnote markers printed after a recommendation
are left out of its text and the footnote is given in its own column.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import pandas as pd

from analysis.core import paths
from analysis.core.atomic_files import atomic_write_bytes
from . import upr_report, upr_states
from .pdf_lines import PdfLines, read_pdf_lines
from .pdf_text import SourceFileError, excerpt_on_page, read_pdf_text


@dataclass(frozen=True)
class Document:
    """What the parser needs to know about one report."""

    document_id: str
    symbol: str
    review: int
    sha256: str
    paragraphs: tuple[int, ...]  # paragraphs holding recommendations
    end_paragraph: int  # the first paragraph after them
    dotted: bool  # items printed "124.1" (True) or "1." (False)
    responses: Mapping[int, str] = field(default_factory=dict)


DOCUMENTS: dict[str, Document] = {
    "a-hrc-14-10": Document(
        "a-hrc-14-10", "A/HRC/14/10", 2010,
        "85194a7e581c030bc9049637c55965dbbbfba1780ca3a0c3d9e40a5a8e09d844",
        (95, 97), 98, False,
        {95: "supported", 97: "to be examined; responses in A/HRC/14/10/Add.1, not held"}),
    "a-hrc-28-10": Document(
        "a-hrc-28-10", "A/HRC/28/10", 2014,
        "b21ed6aedbf5c047a61a5cdb23ebafbe11d279670220e88462be6f8970586237",
        (124, 125, 126), 127, True,
        {124: "supported; considered already implemented",
         125: "supported; in the process of implementation",
         126: "noted; did not enjoy support"}),
}
IMPLEMENTED_LIST_PARAGRAPH = 96  # 2010: the list of para 95 items considered implemented

# Recommending States are recognised and named by analysis.data.upr_states (country_converter and
# the reviewed UN forms of data/upr_state_names.csv); these notes say why a State's spellings differ.
STATE_NOTES: dict[str, str] = {
    "Iran (Islamic Republic of)": "A/HRC/14/10 writes 'Islamic Republic of Iran'; A/HRC/28/10 writes "
                                  "'Iran (Islamic Republic of)' once and 'Iran (Islamic republic of)' (lower-case r) three times.",
    "Venezuela (Bolivarian Republic of)": "A/HRC/14/10 writes 'Bolivarian Republic of Venezuela'.",
    "Lao People's Democratic Republic": "Printed with a typographic apostrophe (’).",
    "Democratic People's Republic of Korea": "Printed with a typographic apostrophe (’).",
}
STATES_SEPARATOR = "; "

# Corrections of what extraction gets wrong, by row id: (wrong text, right text, note). None needed so far.
HAND_CORRECTIONS: dict[str, tuple[str, str, str]] = {}

COLUMNS = ["id", "review", "document_id", "paragraph", "item", "number", "text", "states_as_written",
           "states", "page", "response", "considered_implemented_2010", "response_detail", "footnote",
           "locator", "excerpt", "notes"]
STATE_COLUMNS = ["state", "spellings", "spellings_2010", "spellings_2014", "recommendations_2010",
                 "recommendations_2014", "notes"]
EXCERPT_MAX = 120


# ---- paragraphs and items, from the general parser ----

@dataclass
class Item:
    paragraph: int
    item: int
    number: str
    page: int
    lines: list[str] = field(default_factory=list)
    footnotes: dict[str, str] = field(default_factory=dict)  # marker -> footnote text
    markers: dict[str, str] = field(default_factory=dict)  # marker -> the word it is printed after


@dataclass
class Paragraph:
    number: int
    page: int
    intro: list[str] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)


def _fold_lines(lines: Iterable[str]) -> str:
    """Lines joined with single spaces; a line-end hyphen is kept and joined without a space."""
    return upr_report.fold_lines(list(lines))


def parse_paragraphs(pdf: PdfLines, doc: Document) -> dict[int, Paragraph]:
    """The conclusions' paragraphs from the first recommendation paragraph up to `doc.end_paragraph`,
    with their items, as the general parser reads them."""
    lines, notes = upr_report.body_lines(pdf)
    start = upr_report.conclusions_start(lines)
    if start is None:
        raise SourceFileError(f"{doc.symbol}: no 'Conclusions and/or recommendations' heading")
    found: dict[int, Paragraph] = {}
    for para in upr_report.parse_paragraphs(lines, start, notes):
        if para.number < min(doc.paragraphs) or para.number >= doc.end_paragraph:
            continue
        found[para.number] = Paragraph(para.number, para.page, list(para.intro), [
            Item(para.number, it.number, f"{para.number}.{it.number}", it.page, [t for _, t in it.lines],
                 dict(it.footnotes), dict(it.markers))
            for it in para.items] if para.number in doc.paragraphs else [])
    if doc.end_paragraph - 1 not in found:
        raise SourceFileError(f"{doc.symbol}: paragraph {doc.end_paragraph} not found after the recommendations")
    return found


def implemented_list(paragraph: Paragraph) -> list[int]:
    """The numbers A/HRC/14/10 para. 96 lists ("recommendations Nos. 7, 8, … above")."""
    text = _fold_lines(paragraph.intro)
    m = re.search(r"Nos\.(.*?)\babove\b", text)
    if not m:
        raise SourceFileError(f"paragraph {paragraph.number}: no list 'Nos. … above' in {text!r}")
    return [int(n) for n in re.findall(r"\d+", m[1])]


# ---- states ----

def state_groups(text: str) -> list[tuple[int, int, str]]:
    """The bracketed groups naming recommending States, in order: (start, end, content)."""
    return [(s, e, text[s + 1:e - 1]) for s, e, _ in upr_report.state_groups(text)]


def canonical_state(name: str) -> str:
    """Our name of the State a spelling names (analysis.data.upr_states); KeyError for no State."""
    found = upr_states.canonical(name)
    if found is None:
        raise KeyError(name)
    return found


def split_states(states: str) -> list[str]:
    return [s.strip() for s in states.split(";") if s.strip()]


# ---- rows ----

def _opening_on_page(text: str, page_text: str) -> str:
    """The longest opening of the text, up to EXCERPT_MAX characters and whole words, printed on the page."""
    words = text.split(" ")
    best = ""
    for n in range(1, len(words) + 1):
        candidate = " ".join(words[:n])
        if len(candidate) > EXCERPT_MAX:
            break
        if not excerpt_on_page(candidate, page_text):
            break
        best = candidate
    return best


def _quote(text: str) -> str:
    return text.rstrip(" .:;")


def _response_detail(doc: Document, para: Paragraph, item: int, implemented: Sequence[int] | None,
                     intro_96: str | None) -> str:
    detail = f"{doc.symbol} para. {para.number}: “{_quote(_fold_lines(para.intro))}”"
    if para.number == 95 and implemented is not None and item in implemented and intro_96:
        head, _, tail = intro_96.partition("Nos.")
        _, _, tail = tail.partition(" above ")
        detail += (f"; para. {IMPLEMENTED_LIST_PARAGRAPH} lists No. {item}: “{head.strip()} Nos. … above "
                   f"{_quote(tail)}”")
    return detail


def _row(doc: Document, para: Paragraph, it: Item, plain_pages: Sequence[str],
         implemented: Sequence[int] | None, intro_96: str | None) -> dict[str, Any]:
    text = _fold_lines(it.lines).rstrip()
    if text.endswith((";", ".")):
        text = text[:-1].rstrip()
    row_id = f"rec-{doc.review}-{para.number}-{it.item}"
    notes: list[str] = []
    if row_id in HAND_CORRECTIONS:
        wrong, right, note = HAND_CORRECTIONS[row_id]
        if wrong not in text:
            raise SourceFileError(f"{doc.symbol}: hand correction of {row_id} no longer applies ({wrong!r})")
        text = text.replace(wrong, right)
        notes.append(f"Hand correction: {note}")
    groups = state_groups(text)
    if not groups:
        raise SourceFileError(f"{doc.symbol}: no recommending State found in {it.number}: {text!r}")
    written = text[groups[0][0]:groups[-1][1]]
    states = list(dict.fromkeys(n for _, _, found in upr_report.state_groups(text) for n in found))
    for mark, word in it.markers.items():
        notes.append(f"Footnote marker {mark}, printed after '{word}', is left out of text; the footnote is in footnote.")
    if doc.review == 2010 and para.number == 95:
        considered: bool | None = it.item in (implemented or ())
    else:
        considered = None
    return {
        "id": row_id,
        "review": doc.review,
        "document_id": doc.document_id,
        "paragraph": para.number,
        "item": it.item,
        "number": it.number,
        "text": text,
        "states_as_written": re.sub(r"\s+", " ", written),
        "states": STATES_SEPARATOR.join(states),
        "page": it.page,
        "response": doc.responses[para.number],
        "considered_implemented_2010": considered,
        "response_detail": _response_detail(doc, para, it.item, implemented, intro_96),
        "footnote": " ".join(f"Footnote {mark}: {note}" for mark, note in it.footnotes.items()),
        "locator": f"para. {it.number}, p. {it.page}",
        "excerpt": _opening_on_page(text, plain_pages[it.page - 1]),
        "notes": " ".join(notes),
    }


def document_for(pdf_path: str | os.PathLike[str]) -> Document:
    """The report a file holds, by its name (a-hrc-14-10.pdf); its sha256 is checked when read."""
    stem = Path(pdf_path).stem
    if stem not in DOCUMENTS:
        raise SourceFileError(f"{pdf_path}: not one of the UPR reports {sorted(DOCUMENTS)}")
    return DOCUMENTS[stem]


def extract(pdf_path: str | os.PathLike[str], cache_dir: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """One row per recommendation of the report at `pdf_path` (columns COLUMNS), in the document's order."""
    doc = document_for(pdf_path)
    pdf = read_pdf_text(pdf_path, doc.sha256, cache_dir)
    paragraphs = parse_paragraphs(read_pdf_lines(pdf_path, doc.sha256, cache_dir), doc)
    implemented: list[int] | None = None
    intro_96: str | None = None
    if doc.review == 2010:
        listing = paragraphs[IMPLEMENTED_LIST_PARAGRAPH]
        implemented = implemented_list(listing)
        intro_96 = _fold_lines(listing.intro)
    rows = [_row(doc, paragraphs[p], it, pdf.plain, implemented, intro_96)
            for p in doc.paragraphs for it in paragraphs[p].items]
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["considered_implemented_2010"] = frame["considered_implemented_2010"].astype("boolean")
    return frame


def extract_all(sources: str | os.PathLike[str], cache_dir: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Both reviews' recommendations, 2010 first."""
    folder = Path(sources)
    return pd.concat([extract(folder / f"{d}.pdf", cache_dir) for d in DOCUMENTS], ignore_index=True)


def states_table(recommendations: pd.DataFrame) -> pd.DataFrame:
    """One row per recommending State: its spellings (as printed) in each review and its counts."""
    seen: dict[str, dict[int, list[str]]] = {}
    counts: dict[str, dict[int, int]] = {}
    for row in recommendations.itertuples(index=False):
        for _, _, group in state_groups(row.text):
            spelling = re.sub(r"\s+", " ", group).strip()
            state = canonical_state(spelling)
            spellings = seen.setdefault(state, {}).setdefault(int(row.review), [])
            if spelling not in spellings:
                spellings.append(spelling)
        for state in split_states(row.states):
            per = counts.setdefault(state, {})
            per[int(row.review)] = per.get(int(row.review), 0) + 1
    rows = []
    for state in sorted(seen):
        by_review = seen[state]
        every = list(dict.fromkeys(by_review.get(2010, []) + by_review.get(2014, [])))
        rows.append({
            "state": state,
            "spellings": STATES_SEPARATOR.join(every),
            "spellings_2010": STATES_SEPARATOR.join(by_review.get(2010, [])),
            "spellings_2014": STATES_SEPARATOR.join(by_review.get(2014, [])),
            "recommendations_2010": counts[state].get(2010, 0),
            "recommendations_2014": counts[state].get(2014, 0),
            "notes": STATE_NOTES.get(state, ""),
        })
    return pd.DataFrame(rows, columns=STATE_COLUMNS)


# ---- citations ----

def resolve_citation(number: int, state: str, rows: pd.DataFrame | Iterable[Mapping[str, Any]]) -> list[str]:
    """The ids of the 2010 recommendations (para. 95 or 97) printed as `number` with `state` among their States.

    The submission cites the first review's recommendations by bare number ("77 (Republic of Korea)"):
    the number alone is ambiguous (95.77 or 97.77 could exist), the State decides.
    """
    records = rows.to_dict("records") if isinstance(rows, pd.DataFrame) else list(rows)
    wanted = canonical_state(state)
    return [str(r["id"]) for r in records
            if int(r["review"]) == 2010 and int(r["paragraph"]) in (95, 97) and int(r["item"]) == int(number)
            and wanted in split_states(str(r["states"]))]


# ---- CSV ----

def _csv_value(value: Any) -> Any:
    if value is None or value is pd.NA:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def to_csv_text(frame: pd.DataFrame) -> str:
    """The CSV the way data/ writes it: UTF-8, LF line ends, booleans true/false, missing values empty."""
    buffer = io.StringIO()
    frame.astype(object).map(_csv_value).to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue()


def write_or_check(frame: pd.DataFrame, target: Path, command: str, *, write: bool) -> int:
    """A generated table's two modes: write it (`--write`), or exit 1 when the committed file is not
    what the rules give (the default, which a test and a reviewer can run)."""
    text = to_csv_text(frame)
    if write:
        atomic_write_bytes(target, text.encode("utf-8"))
        print(f"wrote {target}")
        return 0
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        print(f"{target} is stale: python -m {command} --write", file=sys.stderr)
        return 1
    return 0


def write_csvs(sources: str | os.PathLike[str], data: str | os.PathLike[str] | None = None,
               cache_dir: str | os.PathLike[str] | None = None) -> tuple[Path, Path]:
    """Write data/upr_recommendations.csv and data/upr_states.csv from the two PDFs in `sources`."""
    folder = paths.data_dir(data)
    recommendations = extract_all(sources, cache_dir)
    targets = (folder / "upr_recommendations.csv", folder / "upr_states.csv")
    atomic_write_bytes(targets[0], to_csv_text(recommendations).encode("utf-8"))
    atomic_write_bytes(targets[1], to_csv_text(states_table(recommendations)).encode("utf-8"))
    return targets


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis.data.un_recommendations",
                                     description="Write data/upr_recommendations.csv and data/upr_states.csv from the UN PDFs.")
    parser.add_argument("--sources", default=None, help=f"folder of the PDFs (default ${paths.SOURCES_ENV})")
    parser.add_argument("--data", default=None, help="data folder to write into (default data/)")
    parser.add_argument("--cache", default=None, help="PDF text cache (default build/pdf-text/)")
    args = parser.parse_args(argv)
    sources = paths.sources_dir(args.sources)
    if sources is None:
        parser.error(f"name the PDFs' folder with --sources or ${paths.SOURCES_ENV}")
    try:
        for target in write_csvs(sources, args.data, args.cache):
            print(f"wrote {target}")
    except SourceFileError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

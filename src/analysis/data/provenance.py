"""Provenance: tie every stored number to the exact words of the source that states it.

Each excerpt is checked against its own document (documents.source_file, format and sha256): the
submission is a Markdown text, the two UN reports are PDFs read per page by analysis.data.pdf_text, where
the excerpt must be on the page the row's locator names ("para. 95.11, p. 15", "p. 1"). A
recommendation that runs over a page break is located on the page where it starts, and its excerpt
is the opening printed on that page.
Whether a value or term stands in an excerpt is analysis.data.text_match's question.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis.data.datapackage import Problem
from analysis.data.schema_checks import CheckedTable
from analysis.data.text_match import (MONTHS, date_in_text, find_number, normalise, number_in_text, number_words,
                                      read_source, term_in_text)

__all__ = [
    "MONTHS",
    "HeldSource",
    "check_sources",
    "date_in_text",
    "find_number",
    "locator_page",
    "normalise",
    "number_in_text",
    "number_words",
    "open_source",
    "read_source",
    "term_in_text",
]

# ---- the held documents: each excerpt against its own document ----

PAGE_LOCATOR = re.compile(r"(?:^|[,;] )p\. (\d+)$")


@dataclass(frozen=True)
class HeldSource:
    """One document the project holds, after its file passed the checks: its text, or its pages."""

    name: str
    format: str
    text: str = ""  # markdown: the normalised text
    pages: tuple[str, ...] = ()  # pdf: the text of each page (pypdf's default mode)


def locator_page(locator: str | None) -> int | None:
    """The PDF page a locator names ("para. 124.15, p. 14" -> 14); None when it names none."""
    found = PAGE_LOCATOR.search(locator or "")
    return int(found.group(1)) if found else None


_PDF_PAGES: dict[str, tuple[str, ...]] = {}


def _pdf_pages(path: Path, sha256: str, cache_dir: Path | None) -> tuple[str, ...]:
    """The pages of a checked PDF, kept for the process by its hash (a copy elsewhere is the same text)."""
    from analysis.data.pdf_text import read_pdf_text

    if sha256 not in _PDF_PAGES:
        _PDF_PAGES[sha256] = read_pdf_text(path, sha256, cache_dir).plain
    return _PDF_PAGES[sha256]


def open_source(row: Mapping[str, Any], sources_dir: Path,
                cache_dir: Path | None = None) -> tuple[HeldSource | None, tuple[str, str, str] | None]:
    """A documents row's file, checked: (source, None), or (None, (column, value, rule)) for its one problem.

    The checks, in order: the file exists, a PDF starts like one (%PDF-), the file has the row's
    sha256, and pypdf can read a PDF's pages (Markdown must be UTF-8).
    """
    from analysis.core.file_digest import sha256_of
    from analysis.data.pdf_text import SourceFileError

    name, expected, fmt = row.get("source_file"), row.get("sha256"), row.get("format")
    path = sources_dir / name
    if not path.is_file():
        return None, ("source_file", name, f"source file not found: {path}")
    if fmt == "pdf":
        with path.open("rb") as fh:
            if b"%PDF-" not in fh.read(1024):
                return None, ("format", fmt, f"{path} is not a PDF (no %PDF- header in its first 1024 bytes)")
    actual = sha256_of(path)
    if expected is not None and actual != expected:
        return None, ("sha256", expected, f"{path} has sha256 {actual}: not the file this row names")
    if fmt == "pdf":
        try:
            pages = _pdf_pages(path, actual, cache_dir)
        except SourceFileError as exc:
            return None, ("source_file", name, str(exc))
        return HeldSource(name, fmt, pages=pages), None
    try:
        text = read_source(path)
    except UnicodeDecodeError:
        return None, ("format", fmt or "", f"{path} is not UTF-8 text, so not a Markdown source")
    return HeldSource(name, fmt or "markdown", text=text), None


def _excerpt_rule(source: HeldSource, value: str, locator: str | None) -> str | None:
    """Why `value` is not where the row says in `source` (None when it is)."""
    if source.format != "pdf":
        if normalise(value) in source.text:
            return None
        return f"excerpt not found verbatim in {source.name} (after normalising markup)"
    from analysis.data.pdf_text import excerpt_on_page, find_on_page

    page = locator_page(locator)
    if page is None:
        return f"the locator names no page of {source.name}: a PDF locator ends 'p. N'"
    if not 1 <= page <= len(source.pages):
        return f"the locator's p. {page} is not a page of {source.name} ({len(source.pages)} pages)"
    if excerpt_on_page(value, source.pages[page - 1]):
        return None
    elsewhere = find_on_page(value, source.pages)
    where = f"it is on p. {', '.join(map(str, elsewhere))}" if elsewhere else "it is on no page"
    return f"excerpt not on p. {page} of {source.name} ({where}; PDF matching: analysis.data.pdf_text)"


def check_sources(
    tables: Mapping[str, CheckedTable], documents: str, sources_dir: Path, cache_dir: Path | None = None
) -> list[Problem]:
    """Every held document's file is sound, and every verbatim field is in its own document.

    First each documents row with a source_file is checked (open_source); a failure is one problem on
    that row, and no excerpt is checked against that file (one line, not one per excerpt). Then each
    row of a table with provenance: its document is the row's provenance field (document_id, or
    mentioned_in for documents), its text that document's file; Markdown excerpts must be in the
    text, PDF excerpts on the page the row's locator names. A document without a held text cannot
    vouch for an excerpt, so that is a problem too.
    """
    from analysis.data.datapackage import Problem

    docs = tables.get(documents)
    if docs is None or docs.raw.fatal:
        return []
    key = docs.resource.primary_key[0]
    problems: list[Problem] = []
    held: dict[str, HeldSource | None] = {}  # None: held, but its file failed a check
    for line, row in docs.rows:
        if not row.get("source_file") or row.get(key) is None:
            continue
        source, problem = open_source(row, sources_dir, cache_dir)
        held[row[key]] = source
        if problem is not None:
            problems.append(Problem(docs.raw.file, line, *problem))
    known = {row.get(key) for _, row in docs.rows}
    for checked in tables.values():
        prov = checked.resource.provenance
        if not prov:
            continue
        locator_field = prov.get("locator", "locator")
        verbatim = [f.name for f in checked.resource.fields if f.descriptor.get("verbatim")]
        for line, row in checked.rows:
            doc = row.get(prov["document"])
            if doc is None or doc not in known:
                continue  # missing or unknown document_id is reported by the schema checks
            if doc not in held:
                problems.append(Problem(checked.raw.file, line, prov["document"], doc,
                                        f"no source text held for this document (source_file is empty in {docs.resource.path})"))
                continue
            source = held[doc]
            if source is None:
                continue  # the file's own problem is reported once, on its documents row
            for column in verbatim:
                value = row.get(column)
                rule = None if value is None else _excerpt_rule(source, value, row.get(locator_field))
                if rule is not None:
                    problems.append(Problem(checked.raw.file, line, column, value, rule))
    return problems

"""The "Source: …" line, composed from the rows actually drawn and the documents table, so a
chart's attribution can never drift from its data.

For each document the rows cite (in order of first use): author, title, symbol and date, then the
locators used, each with the claimants whose figures it reports when they are not the author:

    Source: Amnesty International, “Kazakhstan: …” (EUR 57/001/2014, October 2014):
    endnote 12 (figures: General Prosecutor's Office).
"""

from __future__ import annotations

import re

import pandas as pd

from analysis.i18n import format_date, t
from analysis.wording import is_missing, require_columns, term

_ENDNOTE = re.compile(r"^\s*(?:endnote|note|footnote)\s+(\d+)\s*$", re.IGNORECASE)


def locator_words(locator: str, lang: str) -> str:
    """"Endnote 12" -> "endnote 12" / "сноска 12"; a section heading is quoted as the document has it."""
    m = _ENDNOTE.match(str(locator))
    if m:
        return t("chart.source.endnote", lang, n=m.group(1))
    return t("chart.source.section", lang, name=str(locator).strip())


def _documents_by_id(documents: pd.DataFrame) -> dict[str, pd.Series]:
    if "document_id" not in documents.columns and documents.index.name == "document_id":
        documents = documents.reset_index()
    require_columns(documents, ("document_id", "title", "author"), "source_line(documents=)")
    return {str(r["document_id"]): r for _, r in documents.iterrows()}


def document_words(doc: pd.Series, lang: str) -> str:
    """Author, “title” (symbol, date) of one documents row; the title stays in its own language."""
    details = []
    for column in ("symbol",):
        if column in doc.index and not is_missing(doc[column]):
            details.append(str(doc[column]))
    if "published" in doc.index and not is_missing(doc["published"]):
        published = doc["published"]
        text = published.strftime("%Y-%m-%d") if isinstance(published, pd.Timestamp) else str(published)
        details.append(format_date(text, lang))
    base = t("chart.source.document", lang, author=str(doc["author"]), title=str(doc["title"]))
    if details:
        base = t("chart.source.details", lang, document=base, details=", ".join(details))
    return base


def source_line(rows: pd.DataFrame, documents: pd.DataFrame, lang: str) -> str:
    """The full source line ("Source: …") for the rows drawn in a chart."""
    require_columns(rows, ("document_id",), "source_line(rows=)")
    docs = _documents_by_id(documents)
    if rows.empty:
        raise ValueError("source_line: no rows to attribute")
    # document -> locator -> claimants, all in order of first appearance.
    cited: dict[str, dict[str, list[str]]] = {}
    for i, row in rows.reset_index(drop=True).iterrows():
        rid = row["id"] if "id" in rows.columns else i
        doc_id = row["document_id"]
        if is_missing(doc_id):
            raise ValueError(f"source_line: row {rid}: column 'document_id' is empty")
        doc_id = str(doc_id)
        if doc_id not in docs:
            raise ValueError(f"source_line: row {rid}: column 'document_id': {doc_id!r} is not in the documents table")
        locator = "" if "locator" not in rows.columns or is_missing(row["locator"]) else str(row["locator"]).strip()
        claimants = cited.setdefault(doc_id, {}).setdefault(locator, [])
        if "claimant" in rows.columns and not is_missing(row["claimant"]):
            who = str(row["claimant"]).strip()
            if who != str(docs[doc_id]["author"]).strip() and who not in claimants:
                claimants.append(who)
    parts = []
    for doc_id, locators in cited.items():
        cites = []
        for locator, claimants in locators.items():
            names = ", ".join(term("claimant", c, lang) for c in claimants)
            if locator:
                where = locator_words(locator, lang)
                cites.append(t("chart.source.claimants", lang, where=where, claimants=names) if names else where)
            elif names:
                cites.append(t("chart.source.claimants_only", lang, claimants=names))
        doc = document_words(docs[doc_id], lang)
        parts.append(t("chart.source.cites", lang, document=doc, cites="; ".join(cites)) if cites else doc)
    return t("chart.source.line", lang, prefix=t("source.prefix", lang), sources="; ".join(parts))

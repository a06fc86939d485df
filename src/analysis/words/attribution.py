"""The "Source: …" line, composed from the rows actually drawn and the documents table, so a
chart's attribution can never drift from its data.

For each document the rows cite (in order of first use): author, “title” (symbol, date), the
sections and endnotes used, then whose figures they are when not the author's own, and the
documents the submission cites for them (the rows' cited_document_id):

    Source: Amnesty International, “Kazakhstan: …”, section “Torture and other ill-treatment”,
    endnote 12 (figures: the General Prosecutor's Office).
"""

from __future__ import annotations

import re
from typing import Iterable

import pandas as pd

from analysis.words import claims
from analysis.words.i18n import catalogue, format_date, t
from analysis.words.wording import is_missing, require_columns, slug, term

_ENDNOTES = re.compile(r"^(?:endnotes?|notes?|footnotes?)\s+(\d+(?:\s*(?:,|and)\s*\d+)*)$", re.IGNORECASE)
_ANNEX = re.compile(r"^annex(?:,\s*note\s+(\d+))?$", re.IGNORECASE)
_COVER = re.compile(r"^cover(?: page)?$", re.IGNORECASE)
_PAGE = re.compile(r"^(?:p|page)\.?\s*(\d+)$", re.IGNORECASE)
_PARAGRAPH = re.compile(r"^(?:para|paragraph)\.?\s*(\d+(?:\.\d+)*)$", re.IGNORECASE)


def locator_parts(locator: str) -> list[str]:
    """A locator split at ";" ("Torture and other ill-treatment; Endnote 17" -> two parts) and, for
    a UN report's "para. 124.15, p. 14", at the comma before the page."""
    parts = []
    for p in str(locator).split(";"):
        parts += [x.strip() for x in re.split(r",\s*(?=(?:p|page)\.?\s*\d+$)", p, flags=re.IGNORECASE)]
    return [p for p in parts if p]


def endnote_numbers(part: str) -> list[int] | None:
    """[14, 16, 18] for "Endnotes 14, 16, 18"; None when the part is not an endnote reference."""
    m = _ENDNOTES.match(part.strip())
    return [int(n) for n in re.findall(r"\d+", m.group(1))] if m else None


def locator_words(locator: str, lang: str) -> str:
    """One locator in words: section “…”, "endnote 12", "endnotes 7, 8", "annex, note 1".

    Section headings stay in the document's own language (they name a place in that document).
    """
    places: list[str] = []
    notes: list[int] = []
    for part in locator_parts(locator):
        numbers = endnote_numbers(part)
        if numbers:
            notes.extend(n for n in numbers if n not in notes)
        elif part not in places:
            places.append(part)
    return ", ".join(_where_words(places, notes, lang))


def _where_words(places: list[str], notes: list[int], lang: str) -> list[str]:
    """Sections first (one phrase: "sections “A”, “B”"), then annex/cover, then endnotes."""
    sections, others = [], []
    for part in places:
        annex = _ANNEX.match(part)
        if annex:
            others.append(t("chart.source.annex_note", lang, n=claims.reference(annex.group(1), what="annex note"))
                          if annex.group(1) else t("chart.source.annex", lang))
        elif _COVER.match(part):
            others.append(t("chart.source.cover", lang))
        elif _PARAGRAPH.match(part):
            others.append(t("chart.source.paragraph", lang,
                            n=claims.reference(_PARAGRAPH.match(part).group(1), what="paragraph")))
        elif _PAGE.match(part):
            others.append(t("chart.source.page", lang, n=claims.reference(_PAGE.match(part).group(1), what="page")))
        else:
            sections.append(part)
    words = []
    if len(sections) == 1:
        words.append(_section(sections[0], lang, "section"))
    elif sections:
        quoted = ", ".join(_section(name, lang, "quoted") for name in sections)
        words.append(t("chart.source.sections", lang, names=quoted))
    words.extend(others)
    if notes:
        words.append(_endnotes_words(notes, lang))
    return words


def heading_words(heading: str, lang: str) -> str | None:
    """A section heading of the English document in `lang`, from `source.heading.<slug>` (a
    heading "A: B" part by part); English keeps the document's own words; None when a part has no
    translation (tests/test_sources_vocabulary.py keeps every heading of data/ translated)."""
    if lang == "en":
        return heading
    parts = [p.strip() for p in heading.split(":")]
    keys = [f"source.heading.{slug(p)}" for p in parts]
    if any(k not in catalogue(lang) for k in keys):
        return None
    words = [t(k, lang) for k in keys]
    return ": ".join([words[0], *(w[:1].lower() + w[1:] for w in words[1:])])


def _section(heading: str, lang: str, kind: str) -> str:
    """A section as a place in the source: in English its heading; in another language the
    heading translated, alone (the English headings are listed once, in docs/russian-style.md §3
    and the source's own table of contents: an original repeated in every citation makes the
    text unreadable, docs/russian-style.md §3)."""
    translated = heading_words(heading, lang)
    if lang == "en" or translated is None:
        return t(f"chart.source.{kind}", lang, name=heading)
    return t(f"chart.source.{kind}", lang, name=translated)


def _endnotes_words(numbers: Iterable[int], lang: str) -> str:
    numbers = sorted(set(numbers))
    marked = [claims.reference(str(n), what="endnote") for n in numbers]
    if len(numbers) == 1:
        return t("chart.source.endnote", lang, n=marked[0])
    return t("chart.source.endnotes", lang, ns=", ".join(marked))


def _documents_by_id(documents: pd.DataFrame) -> dict[str, pd.Series]:
    if "document_id" not in documents.columns and documents.index.name == "document_id":
        documents = documents.reset_index()
    require_columns(documents, ("document_id", "title", "author"), "source_line(documents=)")
    return {str(r["document_id"]): r for _, r in documents.iterrows()}


def _text(doc: pd.Series, column: str) -> str:
    if column not in doc.index or is_missing(doc[column]):
        return ""
    value = doc[column]
    return value.strftime("%Y-%m-%d") if isinstance(value, pd.Timestamp) else str(value)


def document_words(doc: pd.Series, lang: str) -> str:
    """Author, “title” (symbol, date) of one documents row; the title stays in its own language."""
    symbol = _text(doc, "symbol")
    details = [symbol_words(doc, lang)] if symbol else []
    published = _text(doc, "published")
    if published:
        details.append(claims.reported(doc, "published", format_date(published, lang)))
    if _translated_title(doc, lang) is None:
        base = t("chart.source.document", lang, author=author_words(doc, lang), title=title_words(doc, lang))
    else:
        base = t("chart.source.document_translated", lang, author=author_words(doc, lang),
                 title=_translated_title(doc, lang), original=title_words(doc, "en"))
    if details:
        base = t("chart.source.details", lang, document=base, details=", ".join(details))
    return base


def author_words(doc: pd.Series, lang: str = "en") -> str:
    """The document's author as the language names it (`body.<slug>` in the report's vocabulary:
    «Совет ООН по правам человека», not the data's English); a name written in Latin script in
    every language (Amnesty International) has no entry and stays as it is."""
    author = str(doc["author"])
    key = f"body.{slug(author)}"
    return t(key, lang) if lang != "en" and key in catalogue(lang) else author


def title_words(doc: pd.Series, lang: str = "en") -> str:
    """The document's title, whose numbers (a year, an index) are references to that document; in
    another language its title in that language (`source.title.<document_id>`), the original beside it."""
    title = str(doc["title"])
    original = claims.reference(title, what="document title", row=doc, column="title") if re.search(r"\d", title) \
        else title
    translated = _translated_title(doc, lang)
    if lang == "en" or translated is None:
        return original
    return t("chart.source.title_translated", lang, title=translated, original=original)


def _translated_title(doc: pd.Series, lang: str) -> str | None:
    """The title in `lang` (`source.title.<document_id>`), None when it has none: a title is then
    cited in its own language (tests/test_sources_vocabulary.py keeps every title of data/ translated)."""
    key = f"source.title.{claims.row_key(doc)}"
    if lang == "en" or key not in catalogue(lang):
        return None
    # The title's numbers (a year, a communication number) come from the data's title, {n0}, {n1}, …
    numbers = [claims.reference(n, what="number in the document's title", row=doc, column="title")
               for n in claims._NUMBER_WORD.findall(str(doc["title"]))]
    return t(key, lang, **{f"n{i}": n for i, n in enumerate(numbers)})


def symbol_words(doc: pd.Series, lang: str = "en") -> str:
    """The document's symbol ("A/HRC/14/10", "Law No. 63"), a reference to it; a symbol made of
    words has its rendering in `lang` (`source.symbol.<document_id>`, its numbers from the data)."""
    symbol = _text(doc, "symbol")
    key = f"source.symbol.{claims.row_key(doc)}"
    if lang != "en" and key in catalogue(lang):
        numbers = [claims.reference(n, what="number in the document's symbol", row=doc, column="symbol")
                   for n in claims._NUMBER_WORD.findall(symbol)]
        return t(key, lang, **{f"n{i}": n for i, n in enumerate(numbers)})
    return claims.reference(symbol, what="document symbol", row=doc, column="symbol")


def document_reference(doc: pd.Series, lang: str = "en") -> str:
    """A short reference for a cited document: its symbol, else its title."""
    if _text(doc, "symbol"):
        return symbol_words(doc, lang)
    return title_words(doc, lang)


def source_line(rows: pd.DataFrame, documents: pd.DataFrame, lang: str) -> str:
    """The full source line ("Source: …") for the rows drawn in a chart."""
    require_columns(rows, ("document_id",), "source_line(rows=)")
    docs = _documents_by_id(documents)
    if rows.empty:
        raise ValueError("source_line: no rows to attribute")
    cited: dict[str, dict[str, list]] = {}
    for i, row in rows.reset_index(drop=True).iterrows():
        rid = row["id"] if "id" in rows.columns and not is_missing(row["id"]) else i
        doc_id = row["document_id"]
        if is_missing(doc_id):
            raise ValueError(f"source_line: row {rid}: column 'document_id' is empty")
        doc_id = str(doc_id)
        if doc_id not in docs:
            raise ValueError(f"source_line: row {rid}: column 'document_id': {doc_id!r} is not in the documents table")
        entry = cited.setdefault(doc_id, {"places": [], "notes": [], "claimants": [], "cites": [], "counted": set()})
        if "locator" in rows.columns and not is_missing(row["locator"]):
            for part in locator_parts(row["locator"]):
                numbers = endnote_numbers(part)
                if numbers:
                    entry["notes"].extend(n for n in numbers if n not in entry["notes"])
                elif part not in entry["places"]:
                    entry["places"].append(part)
        if "claimant" in rows.columns and not is_missing(row["claimant"]):
            who = str(row["claimant"]).strip()
            if slug(who) != slug(str(docs[doc_id]["author"])) and who not in entry["claimants"]:
                entry["claimants"].append(who)
            if any(c in rows.columns and not is_missing(row[c]) for c in ("value", "value_text")):
                entry["counted"].add(who)  # rows that state an amount; the others state findings
        if "cited_document_id" in rows.columns and not is_missing(row["cited_document_id"]):
            other = str(row["cited_document_id"])
            if other not in docs:
                raise ValueError(
                    f"source_line: row {rid}: column 'cited_document_id': {other!r} is not in the documents table")
            if other not in entry["cites"]:
                entry["cites"].append(other)
    parts = []
    for doc_id, entry in cited.items():
        where = _where_words(entry["places"], entry["notes"], lang)
        extra = []
        # Whose figures they are; a claimant whose rows state no amount gave findings, not figures.
        figures = [c for c in entry["claimants"] if c in entry["counted"]]
        findings = [c for c in entry["claimants"] if c not in entry["counted"]]
        if figures:
            extra.append(t("chart.source.figures", lang, claimants=", ".join(term("claimant", c, lang) for c in figures)))
        if findings:
            extra.append(t("chart.source.findings", lang,
                           claimants=", ".join(term("claimant", c, lang) for c in findings)))
        if entry["cites"]:
            refs = ", ".join(document_reference(docs[c], lang) for c in entry["cites"])
            extra.append(t("chart.source.citing", lang, documents=refs))
        text = document_words(docs[doc_id], lang)
        if where:
            text = t("chart.source.cites", lang, document=text, cites=", ".join(where))
        if extra:
            text = t("chart.source.extra", lang, text=text, extra="; ".join(extra))
        parts.append(text)
    return t("chart.source.line", lang, prefix=t("source.prefix", lang), sources="; ".join(parts))

"""Sentences for summaries: a figure in words with its qualifier, period, claimant and locator.

Builds on analysis.words.wording (the same "as many as 700" as the charts; `according_to` and `amount`
are the kit's own, so alt text and summaries name claimants and money alike), analysis.words.attribution
(locators, source line) and the catalogues: shared words in locales/<lang>/narrative.json, each
theme's sentence templates in locales/<lang>/theme_<module>.json. A theme template names the
fields it uses; `fields(row, lang)` supplies them from one data row:

    {value}         the amount with its qualifier ("as many as 700 people", "roughly USD 13,000",
                    "hundreds"; unquantified amounts stay words)
    {according_to}  "according to eyewitness accounts" / "по показаниям очевидцев"
    {claimant}      the claimant's name in running text ("the General Prosecutor's Office")
    {period}        "in 2012", "in the first nine months of 2013", "on 16 December 2011"
    {cite}          "[endnote 12]", "[section “Torture and other ill-treatment”]"

so `sentence("theme_zhanaozen.detained_eyewitnesses", row, lang, unit_key=...)` reads
"Eyewitnesses said as many as 700 people were detained [section “…”]." Numbers are never typed:
they come from the row.
"""

from __future__ import annotations

import re

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping, Protocol, Sequence

import pandas as pd

from analysis.words import claims
from analysis.words.attribution import locator_words
from analysis.words.i18n import catalogue, format_date, t
from analysis.words.typeset import typeset
from analysis.words.wording import according_to, amount, capitalize, is_missing, number, row_field, row_id, term

__all__ = [
    "Block", "DocumentModel", "Group", "according_to", "amount", "attributed", "bullets", "cite", "document",
    "fact", "fields", "image_embed", "markdown", "period", "sentence", "when",
]


def cite(locator: str, lang: str) -> str:
    """The locator as an in-text citation: "[endnote 12]" / "[сноска 12]"."""
    if is_missing(locator):
        raise ValueError("cite: the locator is empty; every figure says where the source gives it")
    return t("narrative.cite", lang, where=locator_words(str(locator), lang))


def _month_end(ts: pd.Timestamp) -> bool:
    return ts == ts + pd.offsets.MonthEnd(0)


def _day(ts: pd.Timestamp, lang: str) -> str:
    return format_date(ts.strftime("%Y-%m-%d"), lang)


def period(row: Mapping[str, Any] | pd.Series, lang: str, *, column: str = "period_start") -> str:
    """The row's period as an adverbial: "in 2012", "in the first nine months of 2013",
    "in March 2012", "on 16 December 2011", "since 16 December 2011"; "" when it has none.
    The adverbial is a reported claim on the row's `column` (its period, or the date it came from)."""
    text = _period_words(row, lang)
    return claims.reported(row, column, text) if text else text


def _period_words(row: Mapping[str, Any] | pd.Series, lang: str) -> str:
    start, end = row_field(row, "period_start"), row_field(row, "period_end")
    if is_missing(start):
        return ""
    start = pd.Timestamp(start)
    if is_missing(end):
        return t("narrative.period.since", lang, date=_day(start, lang))
    end = pd.Timestamp(end)
    if end < start:
        raise ValueError(f"row {row_id(row)}: period_end {end.date()} is before period_start {start.date()}")
    if start == end:
        return t("narrative.period.day", lang, date=_day(start, lang))
    whole_months = start.day == 1 and _month_end(end)
    if not whole_months or start.year != end.year:
        return t("narrative.period.span", lang, start=_day(start, lang), end=_day(end, lang))
    year = str(start.year)
    months = end.month - start.month + 1
    if months == 12:
        return t("narrative.period.year", lang, year=year)
    if months == 1:
        return t("narrative.period.month", lang, month=t(f"narrative.month_in.{start.month}", lang), year=year)
    if start.month == 1:
        words = f"narrative.count_word.{months}"
        n = t(words, lang) if words in catalogue(lang) else number(months, lang)
        return t("narrative.period.first_months", lang, count=months, n=n, year=year)
    return t("narrative.period.months", lang, start=t(f"narrative.month_in.{start.month}", lang),
             end=t(f"narrative.month_in.{end.month}", lang), year=year)


def when(date_text: str, lang: str, *, row: Mapping[str, Any] | pd.Series | None = None,
         column: str = "date") -> str:
    """A date of year, month or day precision ("2013", "2013-11", "2011-12-16") as an adverbial:
    "in 2013", "in November 2013", "on 16 December 2011" (the events and compensation tables).
    Given the `row` it comes from, the adverbial is a reported claim on its `column`."""
    words = _when_words(date_text, lang)
    return words if row is None else claims.reported(row, column, words)


def _when_words(date_text: str, lang: str) -> str:
    text = str(date_text).strip()
    parts = text.split("-")
    try:
        start = pd.Timestamp(year=int(parts[0]), month=int(parts[1]) if len(parts) > 1 else 1,
                             day=int(parts[2]) if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        raise ValueError(f"date {date_text!r} is not YYYY, YYYY-MM or YYYY-MM-DD") from None
    if len(parts) == 1:
        end = start + pd.offsets.YearEnd(0)
    elif len(parts) == 2:
        end = start + pd.offsets.MonthEnd(0)
    else:
        end = start
    return _period_words({"period_start": start, "period_end": end}, lang)


def fields(row: Mapping[str, Any] | pd.Series, lang: str, *, unit_key: str | None = None) -> dict[str, str]:
    """The standard template fields of one row: value, according_to, claimant, period, cite."""
    out = {"value": amount(row, lang, unit_key=unit_key), "period": period(row, lang),
           "cite": cite(row_field(row, "locator"), lang)}
    if claims.is_ours(row):
        # Our count of rows: said to be ours where a figure of the source names its claimant.
        out["according_to"] = out["claimant"] = t("narrative.by_our_count", lang)
        return out
    claimant = row_field(row, "claimant")
    if is_missing(claimant):
        raise ValueError(f"row {row_id(row)}: column 'claimant' is empty; every figure names who states it")
    out["according_to"] = according_to(str(claimant), lang)
    out["claimant"] = term("claimant", str(claimant), lang)
    return out


def sentence(key: str, row: Mapping[str, Any] | pd.Series, lang: str, *, unit_key: str | None = None,
             **extra: str) -> str:
    """A catalogue template filled with the row's fields (plus `extra` ones), first letter capitalised."""
    return capitalize(t(key, lang, **{**fields(row, lang, unit_key=unit_key), **extra}))


def attributed(key: str, row: Mapping[str, Any] | pd.Series, lang: str, **extra: str) -> str:
    """A catalogue template about a row that need not hold a number (an action, an assessment),
    filled with the row's `{according_to}` and `{cite}` (plus `extra` fields), first letter capitalised."""
    claimant = row_field(row, "claimant")
    if is_missing(claimant):
        raise ValueError(f"row {row_id(row)}: column 'claimant' is empty; every statement names who makes it")
    return capitalize(t(key, lang, according_to=according_to(str(claimant), lang),
                        cite=cite(row_field(row, "locator"), lang), **extra))


def fact(row: Mapping[str, Any] | pd.Series, lang: str, *, label: str, unit_key: str | None = None) -> str:
    """A generic key-figure sentence: "Detained: as many as 700 people, according to eyewitness
    accounts [section “…”]." (for bullet lists and the overview)."""
    return sentence("narrative.fact", row, lang, unit_key=unit_key, label=capitalize(label))


def bullets(items: Iterable[str]) -> str:
    """A Markdown bullet list."""
    items = [str(i).strip() for i in items if str(i).strip()]
    return "\n".join(f"- {i}" for i in items)


def _escape_alt(text: str) -> str:
    # Fold line breaks and runs of ordinary spaces only: the no-break spaces that group Russian
    # thousands ("13 000") must survive, or a number could wrap across lines.
    return re.sub(r"[ \t\r\n]+", " ", str(text)).strip().replace("[", "\\[").replace("]", "\\]")



class SavedFigure(Protocol):
    """What a summary needs of a saved chart (analysis.kit.report.SavedFigure has it), so the words
    layer never imports the chart kit or matplotlib."""

    name: str
    path_stem: Path

    @property
    def title(self) -> str: ...

    @property
    def alt_text(self) -> str: ...

    def file(self, formats: Sequence[str] = ...) -> Path | None: ...

    def spans(self, name: str) -> Any: ...


def image_embed(figure: SavedFigure, lang: str, folder: str | os.PathLike[str] | None = None) -> str:
    """The chart embedded in Markdown with its alt text: `![alt](complaints.svg)`.

    Paths are relative to `folder` (default: the chart's own folder, where the summary sits). A
    chart saved only as PDF, which Markdown cannot show, is linked with its alt text beside it.
    """
    base = Path(folder) if folder is not None else figure.path_stem.parent
    alt = claims.remark(figure.alt_text, figure.spans("alt_text"))
    image = figure.file()
    if image is not None:
        return f"![{_escape_alt(alt)}]({Path(os.path.relpath(image, base)).as_posix()})"
    other = figure.file(("pdf",))
    if other is None:
        raise ValueError(f"chart {figure.name!r} has no saved file to embed")
    link = Path(os.path.relpath(other, base)).as_posix()
    title = claims.remark(figure.title, figure.spans("title"))
    return t("narrative.pdf_embed", lang, title=_escape_alt(title), path=link, alt_text=_escape_alt(alt))


@dataclass(frozen=True)
class Group:
    """A list of items under an optional heading: a year's events, the key figures of one theme.

    Markdown sets the heading as a bold line ("**2011**") or, with `level` 3, as "### heading";
    the briefing sets it as a sub-heading either way. A group without a heading is a plain list."""

    items: tuple[str, ...]
    heading: str = ""
    level: int = 0


Block = str | Group


@dataclass(frozen=True)
class DocumentModel:
    """The parts of one summary, as a theme's `summary` returns them: `markdown` renders them as
    the published `summary.<lang>.md`, and the printed briefing (analysis.build.briefing) typesets
    the very same texts and claims. Texts carry their claim markers (analysis.words.claims) until
    a renderer finishes them; charts are named (the file stems of the theme's charts), so the
    model does not depend on where or in which formats the charts were written."""

    title: str
    lang: str
    lead: tuple[Block, ...]
    # Key figures: plain items make one list, groups are lists under their own headings.
    facts: tuple[Block, ...]
    charts: tuple[str, ...]
    method: tuple[Block, ...]
    source: str
    # Headed sections after the key figures: (heading, blocks), a block a paragraph or a group.
    sections: tuple[tuple[str, tuple[Block, ...]], ...] = ()


def _blocks(items: Sequence[Block]) -> tuple[Block, ...]:
    return tuple(b if isinstance(b, Group) else str(b) for b in items)


def document(title: str, *, lang: str, lead: Sequence[Block] = (), facts: Sequence[Block] = (),
             sections: Sequence[tuple[str, Sequence[Block]]] = (), charts: Sequence[str] = (),
             method: Sequence[Block] = (), source: str) -> DocumentModel:
    """A summary's model: title, lead paragraphs, key figures, any further headed sections, the
    charts (by name), method and caveats, and the source line (attribution.source_line)."""
    if not str(source).strip():
        raise ValueError("document: a summary needs its source line (use attribution.source_line)")
    return DocumentModel(str(title), lang, _blocks(lead), _blocks(facts), tuple(map(str, charts)), _blocks(method),
                         str(source), tuple((str(h), _blocks(blocks)) for h, blocks in sections))


def _group_markdown(group: Group) -> list[str]:
    head = {0: f"**{group.heading}**", 3: f"### {group.heading}"}
    if group.level not in head:
        raise ValueError(f"group {group.heading!r}: level {group.level} is not 0 (a bold line) or 3")
    return ([head[group.level]] if group.heading else []) + [bullets(group.items)]


def _block_markdown(block: Block) -> list[str]:
    return _group_markdown(block) if isinstance(block, Group) else [str(block).strip()]


def _facts_markdown(facts: Sequence[Block]) -> list[str]:
    parts: list[str] = []
    items: list[str] = []
    for block in facts:
        if isinstance(block, Group):
            if items:
                parts.append(bullets(items))
                items = []
            parts += _group_markdown(block)
        else:
            items.append(block)
    if items:
        parts.append(bullets(items))
    return parts


@claims.scoped
def markdown(model: DocumentModel, saved: Sequence[SavedFigure] = ()) -> str:
    """The summary in Markdown: title, lead paragraphs, key figures, any further headed sections,
    the charts the model names embedded with their alt text (from `saved`, the charts as written),
    method and caveats, and the source line. Finished with its claims (a claims.ClaimedText)."""
    by_name = {f.name: f for f in saved}
    unsaved = [name for name in model.charts if name not in by_name]
    if unsaved:
        raise ValueError(f"markdown: the summary names chart(s) {', '.join(unsaved)} that were not saved")
    lang = model.lang
    parts = [f"# {model.title}"]
    parts += [p for block in model.lead for p in _block_markdown(block) if p]
    if model.facts:
        parts += [f"## {t('narrative.heading.facts', lang)}", *_facts_markdown(model.facts)]
    for heading, blocks in model.sections:
        parts += [f"## {heading}", *[p for b in blocks for p in (_group_markdown(b) if isinstance(b, Group) else [b])]]
    if model.charts:
        parts.append(f"## {t('narrative.heading.charts', lang, count=len(model.charts))}")
        parts += [image_embed(by_name[name], lang) for name in model.charts]
    method = [p for block in model.method for p in _block_markdown(block) if p]
    if method:
        parts += [f"## {t('narrative.heading.method', lang)}", *method]
    parts += [f"## {t('narrative.heading.sources', lang)}", str(model.source).strip()]
    # The language's typesetting pass (no-break spaces, «года»), part by part: the claim markers
    # the parts carry stay intact for the summary's ledger.
    return "\n\n".join(typeset(part, lang) for part in parts) + "\n"

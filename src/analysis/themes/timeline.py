"""Theme 06: every dated event of the submission on one time axis, grouped and coloured by theme.

Dates keep the precision the source gives: a month-precision event is drawn as the whole month,
a year-precision one as the whole year, never as a made-up day. The events table is the spine;
dated rows of other tables (newspaper actions, the compensation award, dated documents) join it
only when no event already tells the same fact: same date at the same precision, and either
overlapping verbatim excerpts or an event citing that very document. Facts the source dates only
relative to others ("a year later", "subsequently") are listed, never placed.

Event descriptions are data in English; Russian descriptions live in the catalogue under
`timeline.event.<id>`, with the digit-bearing words of the English text ("Article 15", "Law No. 63")
passed in as `{n0}`, `{n1}`, ... so that no number is typed into a translation.
"""

from __future__ import annotations

import os
import re
import string
from typing import Any, Callable, Iterable, Sequence

import pandas as pd

from analysis.words import alt_text as alt_text_kit
from analysis.words import claims
from analysis.words import narrative
from analysis.themes import base
from analysis.words.attribution import locator_words, source_line
from analysis.words.i18n import catalogue, format_date, t
from analysis.kit.report import Chart
from analysis.kit.timeline import Page
from analysis.kit import timeline as lanes
from analysis.words.wording import capitalize, is_missing, join_words, month_words, proper_name, slug, term

SPEC = base.register(base.ThemeSpec(
    name="timeline", notebook="06_timeline",
    tables=("events", "media_actions", "compensation", "documents"),
    catalogue="theme_timeline", theme_id=None, key_figures=False,
    options={"themes": ()}))
NOTEBOOK = SPEC.notebook
TABLES = SPEC.tables
PRECISIONS = ("day", "month", "year")
# Tables whose rows are all about one theme (their own columns say so: newspapers, a court award).
TABLE_THEMES = {"media_actions": "expression", "compensation": "torture"}
# Two excerpts tell the same passage when one contains the other or they share this many
# characters at their seam (the end of one is the start of the other).
MIN_OVERLAP = 20
_DATE_FORMS = {"year": re.compile(r"^\d{4}$"), "month": re.compile(r"^\d{4}-\d{2}$"),
               "day": re.compile(r"^\d{4}-\d{2}-\d{2}$")}
_NUMBER_WORD = re.compile(r"[^\s(),;:'\"«»]*\d[^\s(),;:'\"«»]*")
_NUMBER_IN_TEXT = re.compile(
    r"\b(?:\d[\d,.]*\d|\d|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|"
    r"thousand|million|billion)\b", re.IGNORECASE)


# ---- load ----

def load_tables(data_dir: str | os.PathLike[str] | None = None) -> dict[str, pd.DataFrame]:
    """The validated tables the timeline reads: events, media_actions, compensation, documents."""
    return base.load_tables(SPEC, data_dir)


# ---- dates at their precision ----

def precision_of(date: str) -> str:
    """"2011" -> year, "2011-06" -> month, "2011-12-16" -> day."""
    for precision, form in _DATE_FORMS.items():
        if form.match(str(date)):
            return precision
    raise ValueError(f"date {date!r} is not YYYY, YYYY-MM or YYYY-MM-DD")


def span(date: str, precision: str, date_end: str | None = None, *, where: str = "") -> tuple[pd.Timestamp, pd.Timestamp]:
    """The time a date covers at its precision, as [start, end): a month is the whole month.

    `date_end` (same precision) extends the span to the end of that month/year/day. `where`
    ("events.csv row ev-x") prefixes any error.
    """
    prefix = f"{where}: " if where else ""
    if precision not in PRECISIONS:
        raise ValueError(f"{prefix}column 'date_precision': {precision!r} is not one of {', '.join(PRECISIONS)}")
    for column, value in (("date", date), ("date_end", date_end)):
        if column == "date_end" and is_missing(value):
            continue
        if not _DATE_FORMS[precision].match(str(value)):
            raise ValueError(f"{prefix}column {column!r}: {value!r} does not have {precision} precision "
                             f"(expected {'YYYY' if precision == 'year' else 'YYYY-MM' if precision == 'month' else 'YYYY-MM-DD'})")
    start = pd.Timestamp(str(date))
    last = start if is_missing(date_end) else pd.Timestamp(str(date_end))
    if last < start:
        raise ValueError(f"{prefix}column 'date_end': {date_end} is before {date}")
    step = {"day": pd.DateOffset(days=1), "month": pd.DateOffset(months=1), "year": pd.DateOffset(years=1)}[precision]
    return start, last + step


def date_words(date: str, precision: str, date_end: str | None = None, *, lang: str, short: bool = False) -> str:
    """The date at its precision: "June 2011", "16 December 2011", "2011", "October–November 2014"
    (`short`: "Jun 2011", "16 Dec 2011", "Oct–Nov 2014", for chart labels)."""
    def one(value: str) -> str:
        parts = str(value).split("-")
        if precision == "year":
            return parts[0]
        month = month_words(int(parts[1]), lang, short=short)
        if precision == "month":
            return t("timeline.date.month", lang, month=month, year=parts[0])
        if short:  # a chart's date column: Russian writes «16.12.2011» (docs/russian-style.md §7)
            from babel.dates import format_date as cldr_date

            return cldr_date(pd.Timestamp(str(value)).date(), t("timeline.date.day_pattern", lang), locale=lang)
        return format_date(str(value), lang)  # a day keeps its full month name (Russian declines it)

    if is_missing(date_end) or str(date_end) == str(date):
        return one(date)
    a, b = str(date).split("-"), str(date_end).split("-")
    if precision == "month" and a[0] == b[0]:
        return t("timeline.date.month_range", lang, start=month_words(int(a[1]), lang, short=short),
                 end=month_words(int(b[1]), lang, short=short), year=a[0])
    return t("timeline.date.range", lang, start=one(date), end=one(date_end))


def _data_column(row: pd.Series | dict[str, Any]) -> str:
    return "published" if row.get("table") == "documents" else "date"


def entry_date_words(row: pd.Series | dict[str, Any], lang: str, *, short: bool = False) -> str:
    """An entry's date as a reader reads it, each date a reported claim on its row: "June 2011";
    "since 2011" for a period the source leaves open; both dates of an event the source dates
    twice ("May 2012 and 10 July 2012")."""
    words = date_words(row["date"], row["date_precision"], row["date_end"] or None, lang=lang, short=short)
    words = claims.reported(row, _data_column(row), words, value=row["date"])
    if row.get("open_ended"):
        words = t("timeline.date.since", lang, date=words)
    second = row.get("second")
    if second:
        other = date_words(second["date"], second["date_precision"], second["date_end"] or None, lang=lang,
                           short=short)
        other = claims.reported({**second, "table": "events"}, "date", other, value=second["date"])
        words = t("timeline.date.two", lang, first=words, second=other)
    return words


def _mark_date(row: pd.Series | dict[str, Any], date: str, precision: str, date_end: str | None, lang: str,
               *, short: bool) -> str:
    return claims.reported(row, _data_column(row), date_words(date, precision, date_end, lang=lang, short=short),
                           value=date)


# ---- the events ----

def _masked(text: str) -> str:
    """The excerpt with every number (digits or words) as "#": rows that restate a passage with
    its value still match it after the value is corrected."""
    text = _NUMBER_IN_TEXT.sub("#", " ".join(str(text).split()))
    return re.sub(r"#(?:[ -]#)+", "#", text)


def excerpts_overlap(a: Any, b: Any, min_chars: int = MIN_OVERLAP) -> bool:
    """Two verbatim excerpts of one document cover the same passage: one contains the other, or
    the end of one is the start of the other over at least `min_chars` characters (numbers
    masked, so a passage and a row restating it agree whatever the value)."""
    if is_missing(a) or is_missing(b):
        return False
    a, b = _masked(str(a)), _masked(str(b))
    if a in b or b in a:
        return min(len(a), len(b)) >= min(min_chars, len(a), len(b))
    for x, y in ((a, b), (b, a)):
        for n in range(min(len(x), len(y)), min_chars - 1, -1):
            if x[-n:] == y[:n]:
                return True
    return False


def _text(value: Any) -> str:
    return "" if is_missing(value) else str(value)


ROW_COLUMNS = ("id", "table", "date", "date_end", "date_precision", "date_text", "open_ended", "same_event_as",
               "theme", "event", "kind", "fields", "claimant", "document_id", "cited_document_id", "locator",
               "excerpt", "notes")


def _event_rows(events: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for _, r in events.iterrows():
        rows.append({
            "id": str(r["id"]), "table": "events", "date": _text(r["date"]), "date_end": _text(r["date_end"]),
            "date_precision": _text(r["date_precision"]), "date_text": _text(r["date_text"]),
            "open_ended": bool(r.get("open_ended") is True), "same_event_as": _text(r.get("same_event_as")),
            "theme": _text(r["theme"]), "event": _text(r["event"]), "kind": "event", "fields": {},
            "claimant": _text(r["claimant"]), "document_id": _text(r["document_id"]),
            "cited_document_id": _text(r["cited_document_id"]), "locator": _text(r["locator"]),
            "excerpt": _text(r["excerpt"]), "notes": _text(r["notes"]),
        })
    return pd.DataFrame(rows, columns=list(ROW_COLUMNS))


def _document_themes(tables: dict[str, pd.DataFrame]) -> dict[str, str]:
    """Document -> the theme of the first event citing it (for dated documents no event tells)."""
    out: dict[str, str] = {}
    for _, r in tables["events"].iterrows():
        doc = _text(r["cited_document_id"])
        if doc and doc not in out and not is_missing(r["theme"]):
            out[doc] = str(r["theme"])
    return out


def other_dated_rows(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Dated rows outside the events table: newspaper actions, compensation awards, documents.

    Same columns as the events; `kind` and `fields` say how to word them (no text is stored).
    Undated rows (no date) are included with an empty date, so they can be listed as unplaced.
    """
    rows: list[dict[str, Any]] = []
    for table in ("media_actions", "compensation"):
        if table not in tables:
            continue
        for _, r in tables[table].iterrows():
            date = _text(r["date"])
            kind = "media_action" if table == "media_actions" else "compensation"
            fields = ({"newspaper": _text(r["newspaper"]), "action": _text(r["action"]),
                       "value_text": _text(r.get("value_text"))} if kind == "media_action"
                      else {"recipient": _text(r["recipient"]), "awarded_by": _text(r["awarded_by"])})
            rows.append({
                "id": str(r["id"]), "table": table, "date": date, "date_end": "",
                "date_precision": _text(r["date_precision"]), "date_text": _text(r.get("date_text")),
                "open_ended": False, "same_event_as": "",
                "theme": TABLE_THEMES[table], "event": "", "kind": kind, "fields": fields,
                "claimant": _text(r["claimant"]), "document_id": _text(r["document_id"]),
                "cited_document_id": _text(r["cited_document_id"]), "locator": _text(r["locator"]),
                "excerpt": _text(r["excerpt"]), "notes": _text(r["notes"]),
            })
    if "documents" in tables:
        themes = _document_themes(tables)
        for _, r in tables["documents"].iterrows():
            date = _text(r["published"])
            if not date:
                continue  # an undated law or treaty is not an event
            if _text(r["mentioned_in"]) == str(r["document_id"]):
                continue  # a document the submission does not mention is not one of its events
            doc = str(r["document_id"])
            rows.append({
                "id": doc, "table": "documents", "date": date, "date_end": "", "date_precision": precision_of(date),
                "date_text": "", "open_ended": False, "same_event_as": "", "theme": themes.get(doc, ""), "event": "",
                "kind": "document",
                "fields": {"author": _text(r["author"]), "title": _text(r["title"]), "symbol": _text(r["symbol"])},
                "claimant": "", "document_id": _text(r["mentioned_in"]), "cited_document_id": doc,
                "locator": _text(r["locator"]), "excerpt": _text(r["excerpt"]), "notes": _text(r["notes"]),
            })
    return pd.DataFrame(rows, columns=list(ROW_COLUMNS))


def _same_fact(event: pd.Series, row: pd.Series) -> bool:
    if event["date"] != row["date"] or event["date_precision"] != row["date_precision"]:
        return False
    if row["table"] == "documents" and event["cited_document_id"] == row["cited_document_id"]:
        return True
    return excerpts_overlap(event["excerpt"], row["excerpt"])


def select_themes(themes: Iterable[str] | None, available: Sequence[str]) -> list[str]:
    """The themes to show: all of `available` for an empty selection; unknown ids are an error."""
    if isinstance(themes, str):
        raise ValueError(f"themes must be a list such as ['torture'], got the string {themes!r}")
    chosen = [str(x) for x in (themes or [])]
    unknown = [x for x in chosen if x not in available]
    if unknown:
        raise ValueError(f"themes: {', '.join(map(repr, unknown))} not among the theme ids {', '.join(available)}")
    return list(available) if not chosen else [x for x in available if x in chosen]


def theme_ids(tables: dict[str, pd.DataFrame]) -> list[str]:
    """The closed list of theme ids, in the data package's order."""
    theme = tables["events"]["theme"]
    return [str(c) for c in theme.cat.categories] if hasattr(theme, "cat") else sorted(set(map(str, theme.dropna())))


def timeline_rows(tables: dict[str, pd.DataFrame], themes: Iterable[str] | None = None) -> pd.DataFrame:
    """Every fact the timeline knows, placed or not, one row each, with `placed` and `also_in`.

    Rows: the events, then dated rows of other tables that no event tells (`also_in` of the
    event lists the rows it absorbed, as "table:id"). `start`/`end` give the span at the
    date's precision (end exclusive). Filtered to `themes` (empty: all).
    """
    events = _event_rows(tables["events"])
    others = other_dated_rows(tables)
    also: dict[str, list[str]] = {rid: [] for rid in events["id"]}
    dated = [e for _, e in events.iterrows() if e["date"]]
    extra = []
    for _, row in others.iterrows():
        if not row["date"]:
            if row["table"] == "media_actions":
                extra.append(row)  # undated newspaper actions: listed as unplaced
            continue
        where = f"{row['table']}.csv row {row['id']}"
        span(row["date"], row["date_precision"], where=where)  # precision checked
        matches = [e["id"] for e in dated if _same_fact(e, row)]
        if matches:
            for m in matches:
                also[m].append(f"{row['table']}:{row['id']}")
        else:
            extra.append(row)
    rows = pd.concat([events, pd.DataFrame(extra, columns=events.columns)], ignore_index=True)
    rows["also_in"] = [", ".join(also.get(rid, [])) if table == "events" else ""
                       for rid, table in zip(rows["id"], rows["table"])]
    starts, ends = [], []
    for _, r in rows.iterrows():
        if not r["date"]:
            starts.append(pd.NaT)
            ends.append(pd.NaT)
            continue
        s, e = span(r["date"], r["date_precision"], r["date_end"] or None, where=f"{r['table']}.csv row {r['id']}")
        starts.append(s)
        ends.append(e)
    rows["start"] = pd.to_datetime(pd.Series(starts, dtype="object"))
    rows["end"] = pd.to_datetime(pd.Series(ends, dtype="object"))
    rows["placed"] = rows["start"].notna() & rows["theme"].astype(bool)
    rows = _merge_same_events(rows)
    chosen = select_themes(themes, theme_ids(tables))
    if themes:
        rows = rows[rows["theme"].isin(chosen)]
    rows = rows.assign(_key=[reading_key(r) for _, r in rows.iterrows()])
    order = rows.sort_values(["_key", "table", "id"], kind="stable", na_position="last").drop(columns="_key")
    return order.reset_index(drop=True)


_RANK = {"day": 1, "month": 2, "year": 3}


def reading_key(row: pd.Series) -> tuple[Any, int]:
    """Where a reader expects an entry: a day on its day; an entry known only to the month after
    the days of that month, one known only to the year after its months (its last day), unless it
    opens a period ("Since 2011"), which stands at its start, before what happens in it."""
    if pd.isna(row["start"]):
        return (pd.Timestamp.max, 9)
    if row["open_ended"]:
        return (row["start"], 0)
    if row["date_precision"] == "day":
        return (row["start"], 1)
    return (row["end"] - pd.Timedelta(days=1), _RANK.get(row["date_precision"], 4))


def _merge_same_events(rows: pd.DataFrame) -> pd.DataFrame:
    """One entry per event: a row that is the same event as another (the source dates it twice)
    becomes that entry's second mark (`second`: its id, date, precision, span and locator)."""
    rows = rows.assign(second=[None] * len(rows))
    by_id = {rid: i for i, rid in enumerate(rows["id"])}
    drop = []
    for i, r in rows.iterrows():
        other = r["same_event_as"]
        if not other:
            continue
        if other not in by_id:
            raise ValueError(f"events.csv row {r['id']}: column 'same_event_as': {other!r} is not an event")
        j = by_id[other]
        if r["also_in"]:
            rows.at[j, "also_in"] = ", ".join(x for x in (rows.at[j, "also_in"], r["also_in"]) if x)
        rows.at[j, "second"] = {"id": r["id"], "date": r["date"], "date_precision": r["date_precision"],
                                "date_end": r["date_end"], "start": r["start"], "end": r["end"],
                                "locator": r["locator"], "document_id": r["document_id"],
                                "cited_document_id": r["cited_document_id"], "claimant": r["claimant"]}
        drop.append(i)
    return rows.drop(index=drop).reset_index(drop=True)


def dated_events(tables: dict[str, pd.DataFrame], themes: Iterable[str] | None = None) -> pd.DataFrame:
    """The events placed on the timeline, in date order (start, then end)."""
    rows = timeline_rows(tables, themes)
    return rows[rows["placed"]].reset_index(drop=True)


def unplaced(tables: dict[str, pd.DataFrame], themes: Iterable[str] | None = None) -> pd.DataFrame:
    """Facts the timeline cannot place: dated only relative to others, undated, or without a theme."""
    rows = timeline_rows(tables, themes)
    return rows[~rows["placed"]].reset_index(drop=True)


def tidy(rows: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The table behind the chart: date at its precision, theme, event, claimant, source."""
    out = pd.DataFrame({
        "date": [date_words(r["date"], r["date_precision"], r["date_end"] or None, lang=lang) if r["date"]
                 else relative_date_words(r, lang) for _, r in rows.iterrows()],
        "date_precision": rows["date_precision"].tolist(),
        "theme": [theme_name(x, lang) if x else "" for x in rows["theme"]],
        "event": [event_text(r, lang) for _, r in rows.iterrows()],
        "claimant": rows["claimant"].tolist(),
        "document_id": rows["document_id"].tolist(),
        "locator": rows["locator"].tolist(),
        "excerpt": rows["excerpt"].tolist(),
        "id": rows["id"].tolist(),
        "table": rows["table"].tolist(),
        "also_in": rows["also_in"].tolist(),
        "notes": rows["notes"].tolist(),
    })
    return out


# ---- words ----

def theme_name(theme: str, lang: str) -> str:
    """The theme's name ("Torture and other ill-treatment")."""
    return t(f"theme.{theme}", lang)


def number_words(text: str) -> list[str]:
    """The digit-bearing words of a text, in order ("Law No. 63" -> ["63"])."""
    return _NUMBER_WORD.findall(str(text))


def _translated(key: str, source: str, lang: str, *, row: pd.Series | dict[str, Any] | None = None) -> str:
    """A translation of data text whose numbers come from the data text itself."""
    numbers = number_words(source)
    template = t(key, lang)
    used = {name for _, name, _, _ in string.Formatter().parse(template) if name}
    expected = {f"n{i}" for i in range(len(numbers))}
    if used != expected:
        raise ValueError(
            f"{key!r} ({lang}) uses the fields {sorted(used) or 'none'} but the data text {source!r} holds "
            f"{len(numbers)} number(s) ({', '.join(numbers) or 'none'}): the translation is out of date"
        )
    if row is not None:
        numbers = [claims.reference(n, what="number in the event's text", row=row, column="event") for n in numbers]
    return template.format(**{f"n{i}": n for i, n in enumerate(numbers)})


def _with_references(text: str, row: pd.Series | dict[str, Any], column: str) -> str:
    """The row's own text with each digit-bearing word marked as a reference to that text
    ("Article 15", "Law No. 63", "CAT/C/48/D/433/2010")."""
    return _NUMBER_WORD.sub(lambda m: claims.reference(m.group(), what="number in the event's text", row=row,
                                                       column=column), text)


def data_name(kind: str, text: str, lang: str) -> str:
    """A proper name from the data (newspaper, person, court, author) in `lang`, from the report's
    vocabulary: a court or author that is also a claimant is written as the claimant is."""
    if kind in ("court", "author"):
        if f"chart.claimant.{slug(text)}" in catalogue(lang):
            return term("claimant", text, lang, bare=True)
        return proper_name("body", text, lang)
    return proper_name(kind, text, lang)


def event_text(row: pd.Series | dict[str, Any], lang: str) -> str:
    """What happened, in `lang`: the event's own text in English, its catalogue translation otherwise;
    rows of other tables are worded from their columns."""
    kind = row["kind"]
    if kind == "event":
        if lang == "en":
            return _with_references(str(row["event"]), row, "event")
        return _translated(f"timeline.event.{row['id']}", str(row["event"]), lang, row=row)
    f = row["fields"]
    if kind == "media_action":
        key = f"timeline.media_action.{f['action']}"
        how = f.get("value_text", "")
        if how and f"{key}.{slug(how)}" in catalogue(lang):
            key = f"{key}.{slug(how)}"  # the source's own word for how often ("repeatedly fined")
        return t(key, lang, newspaper=data_name("newspaper", f["newspaper"], lang))
    if kind == "compensation":
        return t("timeline.compensation", lang, recipient=data_name("person", f["recipient"], lang),
                 court=data_name("court", f["awarded_by"], lang))
    if kind == "document":
        symbol = f" ({_with_references(f['symbol'], row, 'symbol')})" if f.get("symbol") else ""
        return t("timeline.document", lang, author=data_name("author", f["author"], lang),
                 title=_with_references(f["title"], row, "title"), symbol=symbol)
    raise ValueError(f"row {row['id']}: unknown kind {kind!r}")


def relative_date_words(row: pd.Series | dict[str, Any], lang: str) -> str:
    """The source's words for a relative date ("a year later"), or "undated"."""
    words = row.get("date_text") if hasattr(row, "get") else None
    if is_missing(words):
        return t("timeline.undated", lang)
    return t(f"timeline.date_text.{slug(str(words))}", lang)


def event_label(row: pd.Series, lang: str) -> str:
    """The chart's label of one event (its text, capitalised); an event the source dates twice
    says so, naming both dates and where each is given."""
    text = capitalize(event_text(row, lang))
    second = row.get("second") if hasattr(row, "get") else None
    if second:
        text = t("timeline.two_dates", lang, event=text, first=_mark_date(row, row["date"], row["date_precision"],
                                                                          row["date_end"] or None, lang, short=False),
                 second=_mark_date({**second, "table": "events"}, second["date"], second["date_precision"],
                                   second["date_end"] or None, lang, short=False),
                 second_where=locator_words(second["locator"], lang))
    return text


# ---- drawing ----

def theme_colors(themes: Sequence[str]) -> dict[str, str]:
    """Each theme's one colour (analysis.themes.base.THEME_COLORS), the same in every chart."""
    from analysis.themes.base import theme_color

    return {theme: theme_color(theme) for theme in themes}


def theme_key_name(theme: str, lang: str) -> str:
    """The theme's short name, for chart keys ("Torture")."""
    return t(f"theme_short.{theme}", lang)


def row_dates(row: pd.Series, lang: str) -> list[str]:
    """The dates a row's date column shows, one per line: its date at its precision ("since 2011"
    for an open period), and a second date where the source gives two."""
    date = _mark_date(row, row["date"], row["date_precision"], row["date_end"] or None, lang, short=True)
    if row.get("open_ended"):
        date = t("timeline.date.since", lang, date=date)
    second = row.get("second")
    if not second:
        return [date]
    return [date, _mark_date({**second, "table": "events"}, second["date"], second["date_precision"],
                             second["date_end"] or None, lang, short=True)]


def draw_timeline(rows: pd.DataFrame, *, lang: str, size: str, title: str, subtitle: str,
                  source_for: Callable[[pd.DataFrame], str], notes: Sequence[str] = (), themes: Sequence[str],
                  theme_key: bool = True, page_title: Callable[[pd.DataFrame], str] | None = None) -> list[Page]:
    """The kit's lane timeline (analysis.kit.timeline) with this report's words: each row's dates at
    their precision, each theme's one colour and short name in the key (`theme_key`), and print
    pages titled "… (1 of 2)", naming their own span given `page_title`."""

    def part_title(page_rows: pd.DataFrame, n: int, pages: int, measure: bool) -> str:
        own = page_title(page_rows) if page_title is not None else title
        mark = (lambda x, what: str(x)) if measure else (lambda x, what: claims.reference(str(x), what=what))  # noqa: E731
        return t("timeline.chart.page_title", lang, title=own, page=mark(n, "page part"), pages=mark(pages, "page parts"))

    rows = rows.reset_index(drop=True)
    return lanes.draw_timeline(rows, dates=[row_dates(r, lang) for _, r in rows.iterrows()], size=size, title=title,
                               subtitle=subtitle, source_for=source_for, notes=notes, themes=themes,
                               colors=theme_colors(themes),
                               key_names={x: theme_key_name(x, lang) for x in themes} if theme_key else None,
                               page_title=part_title)


def alt_text(rows: pd.DataFrame, *, lang: str, title: str, themes: bool = True) -> str:
    """The events read out in order with their date at the source's precision and (`themes`) their
    theme; as many as alt_text.fit allows, the rest left to the figure page's table."""
    key = "timeline.alt.item" if themes else "timeline.alt.item_without_theme"
    items = [t(key, lang, date=entry_date_words(r, lang),
               event=r["label"] if "label" in r.index else event_label(r, lang), theme=theme_name(r["theme"], lang))
             for _, r in rows.iterrows()]
    intro = t("chart.alt.intro", lang, kind=t("chart.alt.kind.timeline", lang), title=str(title).rstrip("."))
    count = t("timeline.alt.count", lang, count=len(rows), n=count_of(rows, "timeline entries"))
    return alt_text_kit.fit([items], lambda kept, cut: f"{intro} {count} "
                            f"{alt_text_kit.rest_in_table('; '.join(kept[0]), lang, cut)}.")


def count_of(rows: pd.DataFrame, what: str) -> str:
    """How many entries, as our count of the rows."""
    return claims.counted(len(rows), str(len(rows)), what=what, rows=[r for _, r in rows.iterrows()])


def years_words(rows: pd.DataFrame, lang: str) -> dict[str, str]:
    """The first and last year the rows cover, each a reported date of the row it comes from."""
    first = rows.loc[rows["start"].idxmin()]
    last = rows.loc[(rows["end"]).idxmax()]
    start = claims.reported(first, _data_column(first), str(first["start"].year), value=first["date"])
    end_year = (last["end"] - pd.Timedelta(days=1)).year
    if last.get("open_ended") or last.get("second"):
        last = rows.loc[rows["start"].idxmax()]
        end_year = (last["end"] - pd.Timedelta(days=1)).year
    column = "date_end" if last["date_end"] else _data_column(last)
    end = claims.reported(last, column, str(end_year), value=last["date_end"] or last["date"])
    return {"start": start, "end": end}


# ---- the notebook's charts and summary ----

def _year_span(rows: pd.DataFrame) -> tuple[int, int]:
    return int(min(rows["start"]).year), int((max(rows["end"]) - pd.Timedelta(days=1)).year)


def chart_notes(tables: dict[str, pd.DataFrame], themes: Iterable[str] | None, lang: str) -> list[str]:
    """How to read the marks, and how many facts could not be placed."""
    notes = [t("timeline.chart.note_precision", lang)]
    missing = unplaced(tables, themes)
    if len(missing):
        notes.append(t("timeline.chart.note_unplaced", lang, count=len(missing), n=count_of(missing, "unplaced facts")))
    notes.append(t("timeline.chart.note_locators", lang))
    return notes


def chart_source(rows: pd.DataFrame, documents: pd.DataFrame, lang: str) -> str:
    """The chart's source line: each document once, without every entry's section, endnote and
    cited documents (they would fill ten lines under the chart; the summary gives them, and the
    chart's CSV each entry's section and endnote)."""
    return source_line(rows.assign(locator=None, cited_document_id=None), documents, lang)


@claims.scoped
def charts(tables: dict[str, pd.DataFrame], *, lang: str, size: str, themes: Sequence[str] = ()) -> list[Chart]:
    """The timeline (one chart; print sizes may split it into pages)."""
    rows = dated_events(tables, themes)
    if rows.empty:
        raise ValueError(f"no dated events for the themes {list(themes or [])}")
    rows = rows.assign(label=[event_label(r, lang) for _, r in rows.iterrows()])
    chosen = select_themes(themes, theme_ids(tables))
    shown = [x for x in chosen if x in set(rows["theme"])]
    title = t("timeline.chart.title", lang, **years_words(rows, lang))
    n = count_of(rows, "timeline entries")
    if len(shown) < len(theme_ids(tables)):
        subtitle = t("timeline.chart.subtitle_themes", lang, count=len(rows), n=n,
                     themes=join_words([theme_name(x, lang) for x in shown], lang))
    else:
        subtitle = t("timeline.chart.subtitle", lang, count=len(rows), n=n)
    pages = draw_timeline(rows, lang=lang, size=size, title=title, subtitle=subtitle,
                          source_for=lambda page: chart_source(page, tables["documents"], lang),
                          notes=chart_notes(tables, themes, lang), themes=theme_ids(tables),
                          page_title=lambda page: t("timeline.chart.title", lang, **years_words(page, lang)))
    return base.paged_charts(SPEC, "timeline", pages, lang=lang, title=title, rows=rows,
                             alt=lambda part, heading: alt_text(part, lang=lang, title=heading),
                             table=lambda part: tidy(part, lang))


def _event_item(r: pd.Series, lang: str) -> str:
    date = capitalize(entry_date_words(r, lang))
    claimant = narrative.according_to(r["claimant"], lang) if r["claimant"] else ""
    key = "timeline.summary.item" if claimant else "timeline.summary.item_without_claimant"
    return t(key, lang, date=date, event=event_text(r, lang), theme=theme_name(r["theme"], lang),
             according_to=claimant, cite=narrative.cite(r["locator"], lang))


@claims.scoped
def summary(tables: dict[str, pd.DataFrame], chart_names: Sequence[str] = (), *, lang: str,
            themes: Sequence[str] = ()) -> narrative.DocumentModel:
    """The events by year, each with its date at the source's precision, theme, claimant and locator;
    the facts that cannot be placed; the charts with their alt text."""
    rows = dated_events(tables, themes)
    counts = {p: rows[rows["date_precision"] == p] for p in PRECISIONS}
    by_theme = rows["theme"].value_counts()
    shown = [x for x in theme_ids(tables) if x in by_theme.index and by_theme[x] > 0]
    years = years_words(rows, lang)
    shown_rows = [r for _, r in rows.iterrows()]
    twice = rows[rows["second"].notna()]
    lead = [
        t("timeline.summary.lead", lang, count=len(rows), n=count_of(rows, "timeline entries"), **years,
          themes=t("timeline.summary.themes", lang, count=len(shown),
                   n=claims.counted(len(shown), str(len(shown)), what="themes of the entries", rows=shown_rows))),
        t("timeline.summary.precision", lang, **{p: count_of(counts[p], f"entries dated to the {p}") for p in PRECISIONS}),
        t("timeline.summary.by_theme", lang, items=join_words(
            [t("timeline.summary.theme_count", lang, theme=theme_name(x, lang), count=int(by_theme[x]),
               n=count_of(rows[rows["theme"] == x], f"entries on {x}")) for x in shown], lang)),
    ]
    for _, r in twice.iterrows():
        lead.append(t("timeline.summary.two_dates", lang, event=event_text(r, lang), dates=entry_date_words(r, lang),
                      second_where=locator_words(r["second"]["locator"], lang)))
    years_events = []
    for year, group in rows.groupby(rows["start"].dt.year, sort=False):
        first = group.iloc[0]
        heading = claims.reported(first, _data_column(first), str(year), value=first["date"])
        years_events.append(narrative.Group(tuple(_event_item(r, lang) for _, r in group.iterrows()), heading))
    missing = unplaced(tables, themes)
    method = [t("timeline.summary.method_precision", lang), t("timeline.summary.method_sources", lang)]
    if len(missing):
        method.append(t("timeline.summary.unplaced_intro", lang, count=len(missing),
                        n=count_of(missing, "unplaced facts")))
        method.append(narrative.Group(tuple(
            t("timeline.summary.unplaced_item", lang, when=capitalize(relative_date_words(r, lang)),
              event=event_text(r, lang), cite=narrative.cite(r["locator"], lang))
            for _, r in missing.iterrows())))
    seconds = pd.DataFrame([{**r["second"], "id": r["second"]["id"]} for _, r in twice.iterrows()])
    parts = [rows, missing] + ([seconds] if len(seconds) else [])
    source = source_line(pd.concat([p for p in parts if len(p)]), tables["documents"], lang)
    title = t("timeline.summary.title", lang, **years_words(rows, lang))
    events = (t("timeline.summary.heading_events", lang), years_events)
    return narrative.document(title, lang=lang, lead=lead, sections=[events], charts=chart_names, method=method,
                              source=source)


def key_figures(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The timeline has no figures of its own (its events are the other themes' facts): an empty
    frame with the key-figure columns, so the overview can treat every theme alike."""
    return pd.DataFrame(columns=["id", "label", "label_key", "value", "value_max", "value_text", "unit",
                                 "qualifier", "period_start", "period_end", "claimant", "document_id",
                                 "locator", "excerpt"])


def period_covered(tables: dict[str, pd.DataFrame]) -> tuple[pd.Series, pd.Series]:
    """The first and the last placed event (for the overview's "from … to …")."""
    rows = dated_events(tables)
    return rows.iloc[0], rows.sort_values("end", kind="stable").iloc[-1]


def run(tables: dict[str, pd.DataFrame], params: base.Params = base.Params()) -> base.ThemeOutput:
    """The theme as a step: the dated events and the facts that cannot be placed (of the chosen
    `themes`; an unknown theme id is refused before anything is drawn); the charts; the summary."""
    themes = SPEC.options_for(params)["themes"]
    select_themes(themes, theme_ids(tables))
    shown = {"events": tidy(dated_events(tables, themes), params.lang),
             "unplaced": tidy(unplaced(tables, themes), params.lang)}
    return base.output(SPEC, tables, params, shown, charts, summary)

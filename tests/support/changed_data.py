"""A copy of data/ with changed values and moved dates, still valid, and what texts state.

Used by the no-hard-coding checks: a notebook or theme run on the copy must state the new values
(and dates) and none of the old ones. Each changed value is also changed in its row's excerpt (the
validator requires the excerpt to state the value), in whatever spelling the excerpt used; each
moved date likewise.

Two changes of values: `changed` (times three plus one) for the theme tests, and `distinct` (times
101) for the notebook check, which follows small values too: 28 -> 2,828 cannot be confused with
an endnote, a day of the month or an article number, while 28 -> 85 could be. The notebook
check reads integers back with `stated_numbers` (en and ru number formats), tells values from
references, days and counts of ours with `not_value_spans`, and compares a default run with a run
on the copy in `value_problems` and `date_problems`.
"""

from __future__ import annotations

import csv
import re
import shutil
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from analysis.words.i18n import format_date
from analysis.data.provenance import find_number


def _replace_number(text: str, old: int, new: int) -> str | None:
    """`text` with the spelling of `old` the validator finds there replaced by `new` in digits;
    None when the text does not state `old`."""
    found = find_number(old, text)
    if found is None:
        return None
    return text[:found.start()] + str(new) + text[found.end():]


def changed(v: int) -> int:
    """The modified value: times three plus one (a range's ends keep their order)."""
    return 3 * v + 1


# 101 writes a small value twice (28 -> 2,828; 5–7 years -> 505–707 years): not a number a text
# writes by accident, and the check makes sure the default texts never write it. Larger factors
# make drawing slow: a 3-month suspension drawn on a month axis becomes 303 months, not 27,003.
SCALE = 101


def distinct(v: int) -> int:
    """A modified value no text states by accident, small values included: 101 times the value.
    Multiplying keeps every order, bound and sum the data holds (at least 12 sentenced of 28
    extradited, a range's ends, 121 accepted + 7 rejected = 128 made)."""
    return SCALE * v


def modify_data(source: Path, target: Path, change: Callable[[int], int] = changed) -> list[tuple[str, str, int, int]]:
    """Copy data/ to `target`, changing every integral value (and value_max) whose excerpt states it
    to `change(value)`, and the excerpt with it so the copy still validates. Returns (table, row id,
    old, new)."""
    shutil.copytree(source, target)
    changes = []
    for path in sorted(target.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        head = rows[0]
        if not {"value", "excerpt", "id"} <= set(head):
            continue
        for row in rows[1:]:
            record = dict(zip(head, row))
            cols = [c for c in ("value", "value_max") if record.get(c, "").strip()]
            if not cols or not all(float(record[c]).is_integer() for c in cols):
                continue
            excerpt, edits = record["excerpt"], []
            for c in cols:
                old = int(float(record[c]))
                new_excerpt = _replace_number(excerpt, old, change(old))
                if new_excerpt is None:
                    break
                excerpt = new_excerpt
                edits.append((c, old))
            else:
                for c, old in edits:
                    row[head.index(c)] = str(change(old))
                    changes.append((path.stem, record["id"], old, change(old)))
                row[head.index("excerpt")] = excerpt
        with path.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, lineterminator="\n").writerows(rows)
    return changes


# ---- dates ----

# Shifting by a multiple of four years keeps every day a date (29 February stays a leap day);
# pandas' timestamps end in 2262, so the shifted years stay below that.
YEARS = 152
# The tables whose every date moves (and the columns that hold them). A notebook that reads
# nothing else states no date the copy keeps.
DATED_TABLES = {
    "events": ("date", "date_end"),
    "media_actions": ("date", "period_start", "period_end"),
    "compensation": ("date", "period_start", "period_end"),
    "documents": ("published",),
}
# Free text that may write a year: an event's description ("(from 2011)"), a document's title
# ("Communications Law (2013 amendments)"). Years inside symbols (433/2010) are not dates.
_YEAR_TEXT = {"events": ("event",), "documents": ("title",)}
# A year in running text (a moved one too, up to 2299), not inside a symbol such as 433/2010.
_YEAR = re.compile(r"(?<![\d/.-])(1[89]\d\d|2[0-2]\d\d)(?![\d/])")


@dataclass(frozen=True)
class DateChange:
    """One date the copy moved: ISO text at the source's precision, before and after."""

    table: str
    row_id: str
    column: str
    old: str
    new: str


def shift_date(date: str, years: int = YEARS) -> str:
    """"2011-12-16" -> "2163-12-16": the year moves, the precision and the rest stay."""
    year, sep, rest = date.partition("-")
    return f"{int(year) + years}{sep}{rest}"


def shift_years_in(text: str, years: int = YEARS, only: set[str] | None = None) -> str:
    """`text` with each year it writes (of `only`, when given) moved by `years`."""
    def move(m: re.Match[str]) -> str:
        return str(int(m.group(1)) + years) if only is None or m.group(1) in only else m.group(0)
    return _YEAR.sub(move, text)


def shift_dates(target: Path, years: int = YEARS) -> list[DateChange]:
    """Move every date of DATED_TABLES in the copy at `target` by `years`, keeping its precision;
    each row's excerpt says the new year wherever it said the old one (the validator requires the
    excerpt to state the date), and event descriptions and document titles move their years too."""
    changes = []
    for table, columns in DATED_TABLES.items():
        path = target / f"{table}.csv"
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        head = rows[0]
        key = "id" if "id" in head else head[0]
        for row in rows[1:]:
            record = dict(zip(head, row))
            moved = set()
            for column in columns:
                old = record.get(column, "").strip()
                if not old:
                    continue
                new = shift_date(old, years)
                row[head.index(column)] = new
                moved.add(old[:4])
                changes.append(DateChange(table, record[key], column, old, new))
            if moved and "excerpt" in head:
                row[head.index("excerpt")] = shift_years_in(record["excerpt"], years, moved)
            for column in _YEAR_TEXT.get(table, ()):
                row[head.index(column)] = shift_years_in(record[column], years)
        with path.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, lineterminator="\n").writerows(rows)
    return changes


# ---- reading numbers back from a text ----

@dataclass(frozen=True)
class Stated:
    """An integer a text writes, where."""

    value: int
    start: int
    end: int


_NUMBERS = {
    # "1,807", "2 million", "5–7"; not "3.2", "531-1" or the parts of symbols like 48/D/433/2010.
    "en": re.compile(r"(?<![\w.,/-])(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?P<frac>\.\d+)?"
                     r"(?:[ \u00a0](?P<scale>million|billion)\b)?(?![\w/]|[.,]\d|-\d)"),
    # "13 000" (grouped with a no-break space, or a plain one where a summary joined the words of
    # an alt text), "2 млн", "3,2" (a decimal, skipped).
    "ru": re.compile(r"(?<![\w.,/-])(?<!\d[ \u00a0\u202f])(?P<int>\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?P<frac>,\d+)?"
                     r"(?:[ \u00a0](?P<scale>млн|млрд)(?!\w))?(?![\w/]|[.,]\d|-\d|[ \u00a0\u202f]\d{3}(?!\d))"),
}
_SCALE_WORDS = {"million": 10**6, "billion": 10**9, "млн": 10**6, "млрд": 10**9}


def stated_numbers(text: str, lang: str) -> list[Stated]:
    """Every integer `text` writes in `lang`'s number format, with its place ("KZT 2 million" is
    2,000,000, not 2; decimals such as 3.2 are not integers and are left out)."""
    out = []
    for m in _NUMBERS[lang].finditer(text):
        digits = re.sub(r"\D", "", m.group("int"))
        frac = (m.group("frac") or "")[1:]
        scale = _SCALE_WORDS.get(m.group("scale") or "", 1)
        value = (int(digits) * 10 ** len(frac) + int(frac or 0)) * scale
        if value % 10 ** len(frac):
            continue
        out.append(Stated(value // 10 ** len(frac), m.start(), m.end()))
    return out


# Where a number in a text is not a value of the data: references (endnotes, articles, numbered
# recommendations), days of a month, and the counts the analysis makes of rows, themes and pages.
# The same number may also be a value somewhere else in the text; only these places are excused.
_LIST = {"en": r"\d+(?:[.-]\d+)*(?:(?:, | and )\d+(?:[.-]\d+)*)*",
         "ru": r"\d+(?:[.-]\d+)*(?:(?:, | и )\d+(?:[.-]\d+)*)*"}
_NOT_VALUES = {
    "en": [
        r"\bendnotes? {list}",  # [endnote 12], endnotes 1, 5, 12, 19
        r"\b[Aa]rticles? {list}",  # Articles 3 and 22, article 531-1
        r"\bNo\. {list}",  # the 2010 recommendations by number: No. 61, 64
        r"\brecommendations? {list}",  # recommendation 92 (Belgium)
        r", made by [^.\n]*",  # ... made by Belgium (92); Czech Republic (7).
        r"\b\d{{1,2}} {months}\b",  # 16 December 2011
        r"\bacross \d+ themes?\b",  # our count of themes
        r"\(our count\): \d+",  # a count of rows, labelled as ours
        r"\b\d+ facts?\b",  # the timeline's facts it cannot place
        r"\(part \d+ of \d+\)",  # a chart split over pages
    ],
    "ru": [
        r"\bсноск[а-я]* {list}",
        r"\bстать[а-я]* {list}",
        r"№ ?{list}",
        r"\bрекомендаци[а-я]* (?:№ ?)?{list}",
        r"; их вынесли: [^.\n]*",
        r"\b\d{{1,2}} {months}\b",
        r"\bтем: \d+",
        r"\(наш подсчёт\): \d+",
        r"\b\d+ факт[а-я]*",
        r"\(часть \d+ из \d+\)",
    ],
}


def _months(lang: str) -> str:
    """The month names a day is written with ("December", "декабря")."""
    names = [format_date(f"2000-{m:02d}-01", lang).split(" ")[1] for m in range(1, 13)]
    return "(?:" + "|".join(names) + ")"


def not_value_spans(text: str, lang: str) -> list[tuple[int, int]]:
    """The places in `text` where a number is a reference, a day or a count of ours, not a value."""
    spans = []
    for pattern in _NOT_VALUES[lang]:
        regex = pattern.format(list=_LIST[lang], months=_months(lang))
        spans += [m.span() for m in re.finditer(regex, text)]
    return spans


class LedgerText(str):
    """A published text with the spans its claims ledger gives as ours or as references
    (derived and reference claims): there a number is not a value of the data."""

    excused: tuple[tuple[int, int], ...] = ()

    def __new__(cls, text: str, excused: list[tuple[int, int]] = ()) -> "LedgerText":
        obj = super().__new__(cls, text)
        obj.excused = tuple(excused)
        return obj


def ledger_spans(entries: list[dict], offset: int = 0) -> list[tuple[int, int]]:
    """The spans of a ledger's references and counts of ours (shifted by `offset`): numbers that
    do not follow the data's values. Our calculations do (a sum of values changes with them)."""
    return [(offset + e["start"], offset + e["end"]) for e in entries
            if e.get("kind") == "reference" or (e.get("kind") == "derived" and e.get("label") == "count")]


def _value_places(text: str, lang: str) -> list[tuple[Stated, bool]]:
    """Every integer of the text, and whether it stands where a value can stand (not a reference,
    a day or a count of ours: the ledger's own spans, where the text has a ledger, and the patterns)."""
    spans = not_value_spans(text, lang) + list(getattr(text, "excused", ()))
    return [(n, not any(a <= n.start and n.end <= b for a, b in spans)) for n in stated_numbers(text, lang)]


def _context(text: str, n: Stated) -> str:
    return " ".join(text[max(0, n.start - 40):n.end + 30].split())


def value_problems(before: dict[str, str], after: dict[str, str], changes: list[tuple[str, str, int, int]],
                   lang: str) -> tuple[list[str], int]:
    """Where the texts of a run on changed data (`after`) did not follow the values that the
    default run's texts (`before`) state, and how many value statements were checked.

    For each text and each changed value, the default run states the old value some number of
    times in value position (not an endnote, article, day or count of ours: not_value_spans). The
    run on the changed data must state the new value exactly as often, and the old value in no
    value position: a number typed into a template or the code survives the change and fails both.
    """
    news: dict[int, int] = {}
    rows: dict[int, list[str]] = {}
    for table, row_id, old, new in changes:
        if news.setdefault(old, new) != new:
            raise ValueError(f"{old} changed to both {news[old]} and {new}: a change must be one function of the value")
        rows.setdefault(old, []).append(f"{table}/{row_id}")
    clash = set(news) & set(news.values())
    if clash:
        raise ValueError(f"changed values {sorted(clash)} are also old values: the check cannot tell them apart")
    problems = [f"{name}: written by one run only" for name in sorted(set(before) ^ set(after))]
    checked = 0
    for name in sorted(set(before) & set(after)):
        said_before, said_after = _value_places(before[name], lang), _value_places(after[name], lang)
        for old, new in sorted(news.items()):
            stated = sum(1 for n, value in said_before if n.value == old and value)
            excused = sum(1 for n, value in said_before if n.value == old and not value)
            if any(n.value == new for n, _ in said_before):
                problems.append(f"{name}: the default run already states {new}, so it cannot stand for {old}")
                continue
            restated = sum(1 for n, _ in said_after if n.value == new)
            stale = [n for n, value in said_after if n.value == old and value]
            excused_after = sum(1 for n, value in said_after if n.value == old and not value)
            who = ", ".join(rows[old])
            if restated != stated:
                problems.append(f"{name}: {who} changed {old} -> {new}; the default run states {old} {stated} "
                                f"time(s), the run on the changed data states {new} {restated} time(s)")
            problems += [f"{name}: still states {old} ({who}) after the data changed it to {new}: "
                         f"…{_context(after[name], n)}…" for n in stale]
            if excused_after != excused:
                problems.append(f"{name}: {old} stands {excused} time(s) as a reference, day or count of ours in the "
                                f"default run, {excused_after} time(s) in the run on the changed data")
            checked += stated
    return problems, checked


# ---- reading dates back from a text ----

def _phrase_count(words: str, text: str) -> int:
    """How often `text` writes the date `words` ("December 2011" not counted in "16 December 2011")."""
    return len(re.findall(rf"(?<!\d )(?<![\w-]){re.escape(words)}(?!\d)", text, flags=re.IGNORECASE))


def date_problems(before: dict[str, str], after: dict[str, str], dates: list[DateChange],
                  lang: str) -> tuple[list[str], int]:
    """Where the texts of a run on data with moved dates (`after`) did not follow them, and how
    many date statements were checked.

    Every year the default run writes of a moved date must be written moved, as often, and never
    as it was; every month or day (in words, analysis.words.i18n.format_date) likewise.
    """
    shifts = {int(d.new[:4]) - int(d.old[:4]) for d in dates}
    if len(shifts) != 1:
        raise ValueError(f"dates moved by {sorted(shifts)} years: the check needs one shift")
    shift = shifts.pop()
    years = sorted({int(d.old[:4]) for d in dates})
    phrases = sorted({(format_date(d.old, lang), format_date(d.new, lang)) for d in dates if "-" in d.old})
    problems = [f"{name}: written by one run only" for name in sorted(set(before) ^ set(after))]
    checked = 0
    for name in sorted(set(before) & set(after)):
        said_before = Counter(int(y) for y in _YEAR.findall(before[name]))
        said_after = Counter(int(y) for y in _YEAR.findall(after[name]))
        for year in years:
            if said_before[year + shift]:
                problems.append(f"{name}: the default run already writes {year + shift}, so it cannot stand for {year}")
            if said_after[year]:
                where = [m.start() for m in _YEAR.finditer(after[name]) if int(m.group(1)) == year]
                problems += [f"{name}: still writes {year} after the dates moved to {year + shift}: "
                             f"…{_context(after[name], Stated(year, i, i + 4))}…" for i in where]
            if said_after[year + shift] != said_before[year]:
                problems.append(f"{name}: the default run writes {year} {said_before[year]} time(s), the run on the "
                                f"moved dates writes {year + shift} {said_after[year + shift]} time(s)")
            checked += said_before[year]
        for old, new in phrases:
            was, now = _phrase_count(old, before[name]), _phrase_count(new, after[name])
            kept = _phrase_count(old, after[name])
            if kept:
                problems.append(f"{name}: still writes {old!r} after the dates moved ({new!r})")
            if now != was:
                problems.append(f"{name}: the default run writes {old!r} {was} time(s), the run on the moved "
                                f"dates writes {new!r} {now} time(s)")
            checked += was
    return problems, checked

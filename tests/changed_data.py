"""A copy of data/ with changed values (times three plus one), still valid, and the numbers texts state.

Used by the no-hard-coding checks: a notebook or theme run on the copy must state the new values
and none of the old ones. Each changed value is also changed in its row's excerpt (the validator
requires the excerpt to state the value), in whatever spelling the excerpt used.
"""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

from analysis.provenance import find_number


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


def modify_data(source: Path, target: Path) -> list[tuple[str, str, int, int]]:
    """Copy data/ to `target`, changing every integral value (and value_max) whose excerpt states it,
    and the excerpt with it so the copy still validates. Returns (table, row id, old, new)."""
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
                new_excerpt = _replace_number(excerpt, old, changed(old))
                if new_excerpt is None:
                    break
                excerpt = new_excerpt
                edits.append((c, old))
            else:
                for c, old in edits:
                    row[head.index(c)] = str(changed(old))
                    changes.append((path.stem, record["id"], old, changed(old)))
                row[head.index("excerpt")] = excerpt
        with path.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, lineterminator="\n").writerows(rows)
    return changes


_NUMBER = re.compile(r"(?<![\d.,/-])\d{1,3}(?:,\d{3})+(?![\d])|(?<![\d.,/-])\d+(?:\.\d+)?(?![\d/])")


def numbers_in(text: str) -> set[int]:
    """The integers an English text states ("1,807", "602"; not parts of "3.2" or symbols like 48/D/433)."""
    found = set()
    for m in _NUMBER.finditer(text):
        token = m.group(0).replace(",", "")
        if "." not in token:
            found.add(int(token))
    return found


def stale_numbers(before: dict[str, str], after: dict[str, str],
                  changes: list[tuple[str, str, int, int]]) -> tuple[list[str], int]:
    """Problems where a text did not follow a changed value, and how many (text, value) pairs were checked.

    Only values of three or more digits are compared: nothing else in a text (a date's day, an
    endnote, a month count) can be mistaken for them. An old value that is also another row's new
    value (40 -> 121 while 121 -> 364) may rightly still be stated, so it is not held against a text.
    """
    new_values = {new for _, _, _, new in changes}
    said_before = {name: numbers_in(text) for name, text in before.items()}
    said_after = {name: numbers_in(text) for name, text in after.items()}
    problems = [f"{name}: written by one run only" for name in sorted(set(said_before) ^ set(said_after))]
    checked = 0
    for table, row_id, old, new in changes:
        if old < 100:
            continue
        for name, numbers in said_before.items():
            if old not in numbers or name not in said_after:
                continue
            checked += 1
            if new not in said_after[name]:
                problems.append(f"{name}: {table}/{row_id} changed {old} -> {new}, but {new} is not stated")
            if old in said_after[name] and old not in new_values:
                problems.append(f"{name}: still states {old} ({table}/{row_id}) after the data changed it to {new}")
    return problems, checked

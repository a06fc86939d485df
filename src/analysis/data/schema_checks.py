"""Schema checks of the data package: header, types, constraints, keys and the project's row rules.

Every check reads its rule from datapackage.json (types, `constraints`, `primaryKey`, `foreignKeys`,
and the project's `rowRules` and `inExcerpt` properties), so the descriptor stays the one source of
truth. Each broken rule becomes one `Problem` naming file, line, column and value.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from analysis.data.datapackage import HEADER_LINE, Field, Package, Problem, RawTable, Resource
from analysis.data.text_match import date_in_text, normalise, number_in_text, term_in_text

__all__ = ["CheckedTable", "check_foreign_keys", "check_place_variants", "check_table", "parse_cell"]

_INTEGER = re.compile(r"^[+-]?\d+$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_YEAR = re.compile(r"^\d{4}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PRECISION_FORMAT = {"year": re.compile(r"^\d{4}$"), "month": re.compile(r"^\d{4}-\d{2}$"),
                     "day": re.compile(r"^\d{4}-\d{2}-\d{2}$")}


@dataclass
class CheckedTable:
    """A table after its own checks: typed cells per row (None for empty), and the problems found."""

    resource: Resource
    raw: RawTable
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Lines with a cell that failed its type: row rules skip them rather than repeat the problem.
    bad_lines: set[int] = field(default_factory=set)


def parse_cell(fld: Field, text: str, missing: frozenset[str] | set[str] = frozenset({""})) -> tuple[Any, str | None]:
    """The typed value of one cell, or (None, rule broken). A missing value (the schema's
    `missingValues`, "" by default) is None."""
    if text in missing:
        return None, None
    kind = fld.type
    if kind == "string":
        if fld.descriptor.get("format") == "uri" and not re.match(r"^[a-z][a-z0-9+.-]*://\S+$", text):
            return None, "wrong type: expected a URI (scheme://...)"
        return text, None
    if kind == "integer":
        if not _INTEGER.match(text):
            return None, "wrong type: expected an integer"
        return int(text), None
    if kind == "number":
        if not _NUMBER.match(text):
            return None, "wrong type: expected a number"
        return float(text), None
    if kind == "year":
        if not _YEAR.match(text):
            return None, "wrong type: expected a year (YYYY)"
        return int(text), None
    if kind == "date":
        try:
            if not _DATE.match(text):
                raise ValueError
            return dt.date.fromisoformat(text), None
        except ValueError:
            return None, "wrong type: expected an ISO date (YYYY-MM-DD)"
    if kind == "boolean":
        true_values = fld.descriptor.get("trueValues", ["true", "True", "TRUE", "1"])
        false_values = fld.descriptor.get("falseValues", ["false", "False", "FALSE", "0"])
        if text in true_values:
            return True, None
        if text in false_values:
            return False, None
        return None, f"wrong type: expected a boolean ({' or '.join(true_values + false_values)})"
    return None, f"unsupported field type {kind!r} in datapackage.json"


def _did_you_mean(text: str, allowed: list[str]) -> str:
    """'; did you mean 'eyewitnesses'?' for a value one slip away from an allowed one, else ''.

    A typo in a closed-list value is the commonest data-entry slip; naming the likely value
    saves reading the whole list."""
    close = difflib.get_close_matches(text, allowed, n=1, cutoff=0.75) or difflib.get_close_matches(
        text.lower(), [a.lower() for a in allowed], n=1, cutoff=0.75)
    if not close:
        return ""
    match = next(a for a in allowed if a.lower() == close[0].lower())
    return f"; did you mean '{match}'?"


def _constraint_problems(fld: Field, text: str, value: Any) -> list[str]:
    rules = []
    c = fld.constraints
    if value is None:
        if c.get("required"):
            rules.append("required value missing")
        return rules
    enum = fld.enum
    # The closed list holds typed values (an integer field lists integers): compare the typed cell.
    if enum is not None and value not in fld.constraints.get("enum", []):
        rules.append(f"not in the closed list of {fld.name} ({', '.join(enum)}){_did_you_mean(text, enum)}")
    if "minimum" in c and value < c["minimum"]:
        rules.append("negative count: must be >= 0" if c["minimum"] == 0 else f"below the minimum {c['minimum']}")
    if "maximum" in c and value > c["maximum"]:
        rules.append(f"above the maximum {c['maximum']}")
    if "maxLength" in c and len(text) > c["maxLength"]:
        rules.append(f"too long: {len(text)} characters, at most {c['maxLength']}")
    if "minLength" in c and len(text) < c["minLength"]:
        rules.append(f"too short: at least {c['minLength']} characters")
    if "pattern" in c and not re.fullmatch(c["pattern"], text):
        rules.append(f"does not match the pattern {c['pattern']}")
    return rules


def _check_header(res: Resource, raw: RawTable) -> list[Problem]:
    problems = []
    declared = [f.name for f in res.fields]
    seen = set()
    for name in raw.header:
        if name in seen:
            problems.append(Problem(raw.file, HEADER_LINE, name, name, "duplicate column in the header"))
        seen.add(name)
        if name not in declared:
            problems.append(Problem(raw.file, HEADER_LINE, name, name,
                                    f"unknown extra column: not declared for {res.name} in datapackage.json"))
    for fld in res.fields:
        if fld.name not in raw.header:
            what = "missing required column" if fld.required else "missing column"
            problems.append(Problem(raw.file, HEADER_LINE, fld.name, "",
                                    f"{what}: declared in datapackage.json, absent from the header"))
    present = [n for n in raw.header if n in declared]
    expected = [n for n in declared if n in raw.header]
    if not problems and present != expected:
        problems.append(Problem(raw.file, HEADER_LINE, "(header)", ",".join(raw.header),
                                f"columns out of order: expected {','.join(declared)}"))
    return problems


def check_table(res: Resource, raw: RawTable) -> CheckedTable:
    """Header, cell types, constraints, primary key and uniqueness of one table."""
    checked = CheckedTable(res, raw, problems=list(raw.problems))
    if raw.fatal:
        return checked
    checked.problems += _check_header(res, raw)
    if not raw.rows:
        checked.problems.append(Problem(raw.file, HEADER_LINE, "(file)", "", "no data rows"))
    fields = {f.name: f for f in res.fields}
    missing = frozenset(str(v) for v in res.schema.get("missingValues", [""]))
    for line, row in zip(raw.lines, raw.rows):
        if len(row) != len(raw.header):
            checked.problems.append(Problem(raw.file, line, "(row)", ",".join(row),
                                            f"row has {len(row)} cells, the header has {len(raw.header)}"))
    for line, record in raw.records():
        typed: dict[str, Any] = {}
        for name, text in record.items():
            fld = fields.get(name)
            if fld is None:
                continue
            value, error = parse_cell(fld, text, missing)
            if error:
                checked.problems.append(Problem(raw.file, line, name, text, error))
                checked.bad_lines.add(line)
                typed[name] = None
                continue
            for rule in _constraint_problems(fld, text, value):
                checked.problems.append(Problem(raw.file, line, name, text, rule))
            typed[name] = value
        for name in fields:
            typed.setdefault(name, None)
        checked.rows.append((line, typed))
    checked.problems += _check_unique(checked)
    checked.problems += _check_row_rules(checked)
    checked.problems += _check_in_excerpt(checked)
    return checked


def _check_unique(checked: CheckedTable) -> list[Problem]:
    problems = []
    res, raw = checked.resource, checked.raw
    keys = [(res.primary_key, "duplicate primary key")] if res.primary_key else []
    keys += [([f.name], "duplicate value in a unique column") for f in res.fields
             if f.constraints.get("unique") and [f.name] != res.primary_key]
    for columns, rule in keys:
        first: dict[tuple[Any, ...], int] = {}
        for line, row in checked.rows:
            key = tuple(row.get(c) for c in columns)
            if any(k is None for k in key):
                if rule == "duplicate primary key":
                    problems.append(Problem(raw.file, line, ",".join(columns), "", "primary key missing"))
                continue
            if key in first:
                problems.append(Problem(raw.file, line, ",".join(columns), ",".join(map(str, key)),
                                        f"{rule} (first at line {first[key]})"))
            else:
                first[key] = line
    return problems


def check_foreign_keys(package: Package, tables: Mapping[str, CheckedTable]) -> list[Problem]:
    """Every foreign-key value exists in the referenced table's column."""
    problems = []
    for name, checked in tables.items():
        for own, ref_name, ref_field in checked.resource.foreign_keys:
            target = tables.get(ref_name)
            if target is None or target.raw.fatal:
                continue  # the referenced table's own problem is reported where it is
            known = {row.get(ref_field) for _, row in target.rows}
            ref_file = package.resource(ref_name).path
            for line, row in checked.rows:
                value = row.get(own)
                if value is not None and value not in known:
                    problems.append(Problem(checked.raw.file, line, own, str(value),
                                            f"unknown {own}: not a {ref_field} in {ref_file}"))
    return problems


def _text(row: Mapping[str, Any], name: str) -> str:
    value = row.get(name)
    return "" if value is None else str(value)


def _rule_value_qualifier(file: str, line: int, row: Mapping[str, Any]) -> list[Problem]:
    """The qualifier says how to read value/value_max/value_text; they must agree with it."""
    out = []
    q = row.get("qualifier")
    value, vmax, words, unit = row.get("value"), row.get("value_max"), row.get("value_text"), row.get("unit")
    if value is None and words is None:
        for name in ("qualifier", "unit", "value_max"):
            if row.get(name) is not None:
                out.append(Problem(file, line, name, _text(row, name), "set on a row with no value and no value_text"))
        return out
    if q is None:
        out.append(Problem(file, line, "qualifier", "", "required when value or value_text is given"))
        return out
    if unit is None:
        out.append(Problem(file, line, "unit", "", "required when value or value_text is given"))
    if q == "unquantified":
        if value is not None:
            out.append(Problem(file, line, "value", _text(row, "value"), "must be empty when qualifier is unquantified"))
        if words is None:
            out.append(Problem(file, line, "value_text", "", "required when qualifier is unquantified"))
    else:
        if value is None:
            out.append(Problem(file, line, "value", "", f"required when qualifier is {q} (use unquantified for words only)"))
        if words is not None:
            out.append(Problem(file, line, "value_text", words, f"must be empty when qualifier is {q}"))
    if q == "range":
        if vmax is None:
            out.append(Problem(file, line, "value_max", "", "required when qualifier is range"))
        elif value is not None and vmax <= value:
            out.append(Problem(file, line, "value_max", _text(row, "value_max"), "must be greater than value"))
    elif vmax is not None:
        out.append(Problem(file, line, "value_max", _text(row, "value_max"), "must be empty unless qualifier is range"))
    return out


def _rule_period_order(file: str, line: int, row: Mapping[str, Any]) -> list[Problem]:
    start, end = row.get("period_start"), row.get("period_end")
    if end is not None and start is None:
        return [Problem(file, line, "period_start", "", "required when period_end is given")]
    if start is not None and end is not None and end < start:
        return [Problem(file, line, "period_end", end.isoformat(),
                        f"period_end before period_start ({start.isoformat()})")]
    return []


def _rule_date_precision(file: str, line: int, row: Mapping[str, Any]) -> list[Problem]:
    date, precision, end = row.get("date"), row.get("date_precision"), row.get("date_end")
    out = []
    if date is None:
        for name in ("date_precision", "date_end"):
            if row.get(name) is not None:
                out.append(Problem(file, line, name, _text(row, name), "set on a row without a date"))
        return out
    if precision is None:
        return [Problem(file, line, "date_precision", "", "required when date is given")]
    pattern = _PRECISION_FORMAT.get(precision)
    for name, text in (("date", date), ("date_end", end)):
        if text is not None and pattern is not None and not pattern.match(text):
            out.append(Problem(file, line, name, text, f"does not match date_precision {precision}"))
    if end is not None and not out and end < date:
        out.append(Problem(file, line, "date_end", end, f"date_end before date ({date})"))
    if row.get("date_text") is not None:
        out.append(Problem(file, line, "date_text", _text(row, "date_text"), "must be empty when date is given"))
    return out


def _rule_dated(file: str, line: int, row: Mapping[str, Any]) -> list[Problem]:
    if row.get("date") is None and row.get("date_text") is None:
        return [Problem(file, line, "date", "", "an event needs a date or the source's words for it in date_text")]
    return []


def _rule_held_source(file: str, line: int, row: Mapping[str, Any]) -> list[Problem]:
    """A held document names its file, hash and format together; a document not held names none."""
    held = row.get("source_file") is not None
    out = []
    for name in ("sha256", "format"):
        if held and row.get(name) is None:
            out.append(Problem(file, line, name, "", "required when source_file is given"))
        elif not held and row.get(name) is not None:
            out.append(Problem(file, line, name, _text(row, name), "must be empty when source_file is empty"))
    return out


_RULES = {
    "held_source": _rule_held_source,
    "value_qualifier": _rule_value_qualifier,
    "period_order": _rule_period_order,
    "date_precision": _rule_date_precision,
    "dated": _rule_dated,
}


def _check_row_rules(checked: CheckedTable) -> list[Problem]:
    problems = []
    for rule in checked.resource.row_rules:
        if rule == "place_variant":
            continue  # needs place_names: see check_place_variants
        func = _RULES.get(rule)
        if func is None:
            problems.append(Problem(checked.raw.file, HEADER_LINE, "(rowRules)", rule,
                                    "unknown row rule in datapackage.json"))
            continue
        for line, row in checked.rows:
            if line not in checked.bad_lines:
                problems += func(checked.raw.file, line, row)
    return problems


def _check_in_excerpt(checked: CheckedTable) -> list[Problem]:
    """Values (and the names, words and dates that identify them) appear in the row's own excerpt."""
    prov = checked.resource.provenance
    if not prov:
        return []
    excerpt_field = prov["excerpt"]
    problems = []
    marked = [f for f in checked.resource.fields if f.descriptor.get("inExcerpt")]
    for line, row in checked.rows:
        excerpt = row.get(excerpt_field)
        if excerpt is None:
            continue
        text = normalise(excerpt)
        for fld in marked:
            value = row.get(fld.name)
            if value is None:
                continue
            if fld.descriptor["inExcerpt"] == "number":
                if not number_in_text(value, text):
                    problems.append(Problem(checked.raw.file, line, fld.name, str(value),
                                            "value not in its excerpt (as digits, grouped digits or number words)"))
            elif not term_in_text(str(value), text):
                problems.append(Problem(checked.raw.file, line, fld.name, str(value), "words not in its excerpt"))
        for name in ("date", "date_end"):
            if row.get(name) is not None and row.get("date_precision") is not None:
                missing = date_in_text(row[name], text)
                if missing:
                    problems.append(Problem(checked.raw.file, line, name, row[name],
                                            f"date not stated in its excerpt ({', '.join(missing)} missing)"))
    return problems


def check_place_variants(tables: Mapping[str, CheckedTable]) -> list[Problem]:
    """place holds a normalised name; an excerpt that spells it otherwise records the spelling in place_variant."""
    names = tables.get("place_names")
    if names is None or names.raw.fatal:
        return []
    spellings = {row["spelling"]: row for _, row in names.rows if row.get("spelling")}
    variants = {s: r["normalised_name"] for s, r in spellings.items() if r.get("is_variant")}
    problems = []
    for checked in tables.values():
        if "place_variant" not in checked.resource.row_rules:
            continue
        excerpt_field = (checked.resource.provenance or {}).get("excerpt", "excerpt")
        file = checked.raw.file
        for line, row in checked.rows:
            place, variant = row.get("place"), row.get("place_variant")
            if place is not None and place in variants:
                problems.append(Problem(file, line, "place", place,
                                        f"variant spelling: use the normalised name {variants[place]} "
                                        f"and put {place} in place_variant"))
            if variant is not None:
                if variant not in variants:
                    problems.append(Problem(file, line, "place_variant", variant,
                                            "not a variant spelling in place_names.csv"))
                elif variants[variant] != place:
                    problems.append(Problem(file, line, "place_variant", variant,
                                            f"is a variant of {variants[variant]}, but place is {place or 'empty'}"))
            excerpt = row.get(excerpt_field) or ""
            for spelling, normal in variants.items():
                if term_in_text(spelling, excerpt) and variant != spelling:
                    problems.append(Problem(file, line, "place_variant", variant or "",
                                            f"the excerpt spells {normal} as {spelling}: record it in place_variant"))
    return problems

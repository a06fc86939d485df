"""Claims: every number and date a published text states, and where it comes from.

A number reaches a chart or a summary only as a claim:

- *reported*: a data row's value, value_max or date, with the row id, claimant, qualifier and period;
- *derived*: our computation (a difference, ratio, share, projection, a count of rows, our coding),
  with its method, its input rows and its label ("our calculation", «наш расчёт»);
- *reference*: an endnote, paragraph, article, recommendation or document number.

While a theme composes a text inside `collecting()` (the `scoped` decorator opens it), each claim's
rendering is wrapped in invisible markers; `finish()` strips them and returns the plain text with
the exact span of every claim, which becomes the text's ledger (analysis.words.ledger). A number typed
into a template has no marker, so `finish` refuses it by name. Outside a collection (a test calling
a wording function) claims render as plain text.

The evidence rules are enforced where a derivation is made, with a ClaimError naming the rows:
no derivation across claimants, none from a bound (at_most / at_least / range / approximate)
unless the result is itself stated as our bound, none across measures or periods unless the
method says so. A projection of another body's statistic is marked, and the ledger check refuses
it in published output.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence, TypeVar

import pandas as pd

KINDS = ("reported", "derived", "reference")
BOUNDS = ("approximate", "at_least", "at_most", "range")
# What a derived number is called, in the same sentence or label, in each language.
LABELS = ("calculation", "count", "estimate", "coding", "matching")
ACROSS = ("period", "measure")

_OPEN, _SEP, _CLOSE = "\ue000", "\ue001", "\ue002"
_DIGIT0 = 0xE010
_MARK = re.compile("\ue000([\ue010-\ue019]+)\ue001|\ue002")


class ClaimError(ValueError):
    """A number that would break the evidence rules, or a text with a number no claim accounts for."""


@dataclass(frozen=True)
class Claim:
    """One number or date as published: what it is, where it comes from, how it was made."""

    kind: str
    text: str
    rows: tuple[str, ...] = ()
    column: str | None = None
    value: Any = None
    claimant: str | None = None
    qualifier: str | None = None
    period: str | None = None
    method: str | None = None
    label: str | None = None
    projection_of: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ClaimError(f"claim {self.text!r}: kind {self.kind!r} is not one of {', '.join(KINDS)}")
        if self.kind == "derived" and self.label not in LABELS:
            raise ClaimError(f"derived claim {self.text!r}: label {self.label!r} is not one of {', '.join(LABELS)}")

    def as_json(self) -> dict[str, Any]:
        """The claim's ledger fields (empty ones left out), JSON-safe."""
        out: dict[str, Any] = {"kind": self.kind}
        for name in ("rows", "column", "value", "claimant", "qualifier", "period", "method", "label",
                     "projection_of"):
            v = getattr(self, name)
            if v is None or v == ():
                continue
            out[name] = list(v) if isinstance(v, tuple) else v
        return out

    @classmethod
    def from_json(cls, text: str, entry: Mapping[str, Any]) -> "Claim":
        """A claim rebuilt from a ledger entry (to embed a saved chart's alt text in a summary)."""
        fields = {k: entry[k] for k in ("column", "value", "claimant", "qualifier", "period", "method", "label",
                                        "projection_of") if k in entry}
        return cls(kind=entry["kind"], text=text, rows=tuple(entry.get("rows", ())), **fields)


@dataclass(frozen=True)
class Span:
    """Where a claim stands in a plain text: [start, end)."""

    start: int
    end: int
    claim: Claim

    def entry(self, text: str, where: str | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if where is not None:
            out["field"] = where
        out.update({"text": text[self.start:self.end], "start": self.start, "end": self.end})
        out.update(self.claim.as_json())
        return out


# ---- the collection ----

@dataclass
class Collection:
    """The claims made while one chart or summary is composed."""

    claims: dict[int, Claim] = field(default_factory=dict)

    def add(self, claim: Claim) -> int:
        key = next(_IDS)
        self.claims[key] = claim
        return key

    def all(self) -> list[Claim]:
        return list(self.claims.values())


_IDS = itertools.count(1)
_ACTIVE: ContextVar[Collection | None] = ContextVar("analysis_claims", default=None)
_REGISTRY: dict[int, Claim] = {}


def active() -> Collection | None:
    """The collection being filled, or None outside `collecting()`."""
    return _ACTIVE.get()


@contextmanager
def collecting() -> Iterator[Collection]:
    """Collect the claims of one text (or reuse the enclosing collection)."""
    current = _ACTIVE.get()
    if current is not None:
        yield current
        return
    collection = Collection()
    token = _ACTIVE.set(collection)
    try:
        yield collection
    finally:
        _ACTIVE.reset(token)


def _encode(key: int) -> str:
    return _OPEN + "".join(chr(_DIGIT0 + int(d)) for d in str(key)) + _SEP


def mark(claim: Claim) -> str:
    """The claim's text, marked when a collection is active (plain otherwise)."""
    collection = _ACTIVE.get()
    if collection is None:
        return claim.text
    key = collection.add(claim)
    _REGISTRY[key] = claim
    return f"{_encode(key)}{claim.text}{_CLOSE}"


def has_marks(text: str) -> bool:
    return _OPEN in text or _CLOSE in text


def strip(text: str) -> str:
    """The text without markers (what a reader sees)."""
    return _MARK.sub("", str(text))


def finish(text: str) -> tuple[str, list[Span]]:
    """Plain text and the span of every claim in it; markers must pair up."""
    text = str(text)
    out: list[str] = []
    spans: list[Span] = []
    stack: list[tuple[int, Claim]] = []
    pos = 0
    length = 0
    for m in _MARK.finditer(text):
        chunk = text[pos:m.start()]
        out.append(chunk)
        length += len(chunk)
        pos = m.end()
        if m.group(1) is not None:
            key = int("".join(str(ord(c) - _DIGIT0) for c in m.group(1)))
            if key not in _REGISTRY:
                raise ClaimError(f"text {strip(text)[:80]!r}: a claim marker names an unknown claim")
            stack.append((length, _REGISTRY[key]))
        else:
            if not stack:
                raise ClaimError(f"text {strip(text)[:80]!r}: a claim marker closes nothing")
            start, claim = stack.pop()
            spans.append(Span(start, length, claim))
    out.append(text[pos:])
    if stack:
        raise ClaimError(f"text {strip(text)[:80]!r}: a claim marker is never closed")
    spans.sort(key=lambda s: (s.start, -s.end))
    return "".join(out), spans


def remark(text: str, spans: Iterable[Span]) -> str:
    """Put markers back into a plain text from its spans (to compose it into a larger text)."""
    if _ACTIVE.get() is None:
        return text
    inserts: list[tuple[int, int, str]] = []
    for s in spans:
        key = _ACTIVE.get().add(s.claim)  # type: ignore[union-attr]
        _REGISTRY[key] = s.claim
        inserts.append((s.start, 1, _encode(key)))
        inserts.append((s.end, 0, _CLOSE))
    out = text
    for index, _order, mark_text in sorted(inserts, key=lambda x: (x[0], x[1]), reverse=True):
        out = out[:index] + mark_text + out[index:]
    return out


F = TypeVar("F", bound=Callable[..., Any])


def scoped(fn: F) -> F:
    """Run a chart or summary builder inside one collection; the outermost call finishes its
    result (a str becomes a ClaimedText, a Chart or list of Charts gets its texts' spans)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if _ACTIVE.get() is not None:
            return fn(*args, **kwargs)
        with collecting() as collection:
            result = fn(*args, **kwargs)
            return _finish_result(result, collection)

    return wrapper  # type: ignore[return-value]


def _finish_result(result: Any, collection: Collection) -> Any:
    if isinstance(result, str):
        return ClaimedText.from_marked(result)
    if isinstance(result, (list, tuple)):
        return type(result)(_finish_result(r, collection) for r in result)
    finish_chart = getattr(result, "finish_claims", None)
    if finish_chart is not None:
        finish_chart(collection.all())
    return result


class ClaimedText(str):
    """A finished text (no markers) that knows the span of each claim in it."""

    spans: tuple[Span, ...]

    def __new__(cls, text: str, spans: Sequence[Span] = ()) -> "ClaimedText":
        obj = super().__new__(cls, text)
        obj.spans = tuple(spans)
        return obj

    @classmethod
    def from_marked(cls, marked: str) -> "ClaimedText":
        plain, spans = finish(marked)
        return cls(plain, spans)

    def entries(self, where: str | None = None) -> list[dict[str, Any]]:
        return [s.entry(str(self), where) for s in self.spans]


# ---- making claims ----

def is_missing(x: Any) -> bool:
    """True for None, NaN, NaT, pd.NA and empty strings."""
    if x is None or x is pd.NA or x is pd.NaT:
        return True
    if isinstance(x, float) and math.isnan(x):
        return True
    if isinstance(x, str) and not x.strip():
        return True
    try:
        return bool(pd.isna(x))
    except (TypeError, ValueError):
        return False


_missing = is_missing  # the name some callers use


def _get(row: Any, name: str) -> Any:
    try:
        v = row[name]
    except (KeyError, IndexError, TypeError):
        return None
    return None if is_missing(v) else v


def is_ours(row: Any) -> bool:
    """Whether a row-shaped record is one we made (it names the rows it is `derived_from`)."""
    return _get(row, "derived_from") is not None


def row_key(row: Any) -> str | None:
    """The id a ledger names a row by: `id`, else `document_id` (documents table)."""
    v = _get(row, "id")
    if v is not None:
        return str(v)
    if isinstance(row, pd.Series) and isinstance(row.name, str):
        return row.name  # a row looked up by its id in an indexed table (set_index("id"), ("document_id"))
    v = _get(row, "document_id")
    return None if v is None else str(v)


def _json_value(v: Any) -> Any:
    if isinstance(v, pd.Timestamp):
        return v.strftime("%Y-%m-%d")
    if hasattr(v, "item"):
        v = v.item()
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def _period(row: Any) -> str | None:
    start, end = _get(row, "period_start"), _get(row, "period_end")
    if start is None and end is None:
        return None
    fmt = lambda d: "" if d is None else pd.Timestamp(d).strftime("%Y-%m-%d")  # noqa: E731
    return f"{fmt(start)}/{fmt(end)}"


def reported(row: Any, column: str, text: str, *, value: Any = None) -> str:
    """A data row's `column` as rendered (`text`, "700", "16 December 2011"), marked as reported.

    `value` is the cell's value when `row` is a derived record that does not carry `column` itself
    (a timeline row drawn from the documents table reports its `published` date as `date`)."""
    if _ACTIVE.get() is None:
        return str(text)
    if column == "value" and _get(row, "derived_from") is not None:
        # A record we made (a count of rows, shaped like a data row so the kit draws it): ours.
        inputs = _get(row, "derived_from")
        return mark(Claim("derived", str(text), rows=tuple(inputs), value=_json_value(_get(row, "value")),
                          method=str(_get(row, "method") or "count of rows"), label="count"))
    value = _get(row, column) if value is None else value
    if value is None:
        raise ClaimError(f"row {row_key(row)}: column {column!r} is empty; nothing to report")
    if row_key(row) is None:
        raise ClaimError(f"{text!r} is reported from a row without an id: a published number comes from a data "
                         f"row (or is derived, with its method and label)")
    qualifier = _get(row, "qualifier")
    claim = Claim("reported", str(text), rows=(row_key(row) or "",), column=column, value=_json_value(value),
                  claimant=None if _get(row, "claimant") is None else str(_get(row, "claimant")),
                  qualifier=None if qualifier is None else str(qualifier), period=_period(row))
    return mark(claim)


def reference(text: str, *, what: str, row: Any = None, column: str | None = None) -> str:
    """An endnote, paragraph, article, recommendation or document number, marked as a reference.

    `what` says which ("endnote", "document", "article"); with `row` and `column` the ledger check
    finds the number in that cell."""
    claim = Claim("reference", str(text), rows=() if row is None else (row_key(row) or "",), column=column,
                  method=what)
    return mark(claim)


_NUMBER_WORD = re.compile(r"[^\s(),;:'\"«»“”]*\d[^\s(),;:'\"«»“”]*")


def referenced_text(text: str, row: Any, column: str, *, what: str = "number in the row's text") -> str:
    """A data row's own words with each digit-bearing word marked as a reference to that cell
    ("Article 15", "Law No. 63", "January 2011" inside a description the data gives)."""
    return _NUMBER_WORD.sub(lambda m: reference(m.group(), what=what, row=row, column=column), str(text))


def _claimants(inputs: Sequence[Any]) -> list[str]:
    return list(dict.fromkeys(str(_get(r, "claimant")) for r in inputs if _get(r, "claimant") is not None))


def _ids(inputs: Sequence[Any]) -> str:
    return ", ".join(row_key(r) or "?" for r in inputs)


def check_derivation(method: str, inputs: Sequence[Any], *, across: Iterable[str] = (),
                     bound: str | None = None) -> None:
    """Refuse a derivation that breaks the evidence rules (see the module docstring)."""
    across = set(across)
    unknown = across - set(ACROSS)
    if unknown:
        raise ClaimError(f"{method}: across {sorted(unknown)} is not among {', '.join(ACROSS)}")
    if not inputs:
        raise ClaimError(f"{method}: a derived number needs the rows it is made from")
    claimants = _claimants(inputs)
    if len(claimants) > 1:
        raise ClaimError(f"{method} of rows {_ids(inputs)}: the inputs have different claimants "
                         f"({', '.join(claimants)}); figures from different claimants are shown side by side, "
                         f"never combined")
    bounded = [r for r in inputs if str(_get(r, "qualifier") or "exact") in BOUNDS]
    if bounded and bound is None:
        raise ClaimError(f"{method} of rows {_ids(inputs)}: row(s) {_ids(bounded)} are bounds "
                         f"({', '.join(str(_get(r, 'qualifier')) for r in bounded)}), not counts; state the "
                         f"result as our bound (bound='at_most' / 'at_least' / 'approximate') or do not derive it")
    if any(str(_get(r, "qualifier") or "exact") == "unquantified" for r in inputs):
        raise ClaimError(f"{method} of rows {_ids(inputs)}: an amount given only in words is not a number")
    if bound is not None and bound not in ("at_most", "at_least", "approximate"):
        raise ClaimError(f"{method}: bound {bound!r} is not at_most, at_least or approximate")
    for column, name in (("measure", "measure"), ("unit", "measure")):
        seen = {str(_get(r, column)) for r in inputs if _get(r, column) is not None}
        if len(seen) > 1 and name not in across:
            raise ClaimError(f"{method} of rows {_ids(inputs)}: the inputs are different {column}s "
                             f"({', '.join(sorted(seen))}); say across=('measure',) in the method if that is meant")
    periods = {_period(r) for r in inputs}
    if len(periods) > 1 and "period" not in across:
        raise ClaimError(f"{method} of rows {_ids(inputs)}: the inputs cover different periods "
                         f"({', '.join(sorted(p or '?' for p in periods))}); say across=('period',) if that is meant")


def derived(value: float, text: str, *, method: str, inputs: Sequence[Any], label: str,
            across: Iterable[str] = (), bound: str | None = None, author: str | None = None) -> str:
    """Our number (`text` as rendered), checked against the evidence rules and marked as derived.

    `author` is the claimant the publication speaks for (the submission's author): a projection
    ("projection" in `method`) of anyone else's statistic is marked so the ledger check can refuse
    it in published output.
    """
    check_derivation(method, inputs, across=across, bound=bound)
    claimants = _claimants(inputs)
    projection_of = None
    if "projection" in method and claimants and (author is None or claimants[0] != author):
        projection_of = claimants[0]
    claim = Claim("derived", str(text), rows=tuple(row_key(r) or "" for r in inputs), value=_json_value(value),
                  qualifier=bound, method=method, label=label, projection_of=projection_of)
    return mark(claim)


def counted(n: int, text: str, *, what: str, rows: Sequence[Any] = (), label: str = "count",
            method: str | None = None) -> str:
    """A count of rows (or of items in them) that we made, marked as derived ("our count").

    Counting rows is not arithmetic on anyone's figures, so the claimant rules do not apply; the
    count is never the source's."""
    claim = Claim("derived", str(text), rows=tuple(row_key(r) or "" for r in rows), value=int(n),
                  method=method or f"count of {what}", label=label)
    return mark(claim)


def with_text(claim: Claim, text: str) -> Claim:
    return replace(claim, text=text)

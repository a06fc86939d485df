"""The ledger check: every number and date in a published text is accounted for by a claim.

A ledger is a list of entries, one per claim in a text: the claim's text and span (`start`, `end`),
its kind, rows, claimant, qualifier and, for derived numbers, method and label (analysis.words.claims).
Summaries keep theirs in `summary.<lang>.claims.json`; the briefing PDF keeps its text and ledger
in `briefing.<lang>.claims.json` (`text` is the text itself there, see analysis.build.briefing); each chart's JSON sidecar keeps a `claims`
list whose entries also name the field (`title`, `subtitle`, `notes[0]`, `source`, `alt_text`,
`drawn[3]`: the texts drawn in the figure, which the SVG's text comments must match).

`text_problems` is used twice: when a text is written (nothing is written if it fails) and by
`check_outputs` over a whole figures folder (`python -m analysis build` and the tests), which
re-reads every text and ledger and the data, so a file edited by hand or a stale ledger is caught.
Rules, in English and Russian alike:

- every number token (digits, with their grouping and decimal marks) lies inside a claim's span;
- a derived number's sentence carries its label ("our calculation", «наш расчёт», …) and names
  no claimant ("according to …", «по данным …»); on a chart, a derived number in the title or
  the marks is labelled in the subtitle or the notes;
- no projection of another body's statistic is published;
- a claim's rows exist in data/, and a reported claim's value equals the row's cell.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

_TOKEN = re.compile(r"\d+(?:[.,\u00a0\u202f/]\d+)*")
_LABEL = {
    "en": re.compile(r"\bour (?:own )?(?:calculation|count|estimate|coding|matching|subtraction)s?\b", re.I),
    "ru": re.compile(r"\bнаш(?:а|е|его|ей|ему|им|ими|их|у)?\s+(?:расч[её]т|подсч[её]т|оценк|кодировк|сопоставлени)",
                     re.I),
}
_ATTRIBUTION = {
    "en": re.compile(r"\baccording to\b", re.I),
    "ru": re.compile(r"\bпо (?:данным|словам|показаниям|информации|сведениям)\b", re.I),
}
# A sentence ends at . ! ? or a line break (a clause also at ;), unless the full stop belongs to an abbreviation
# ("No. 20", "para. 124.15", "e.g.") or a number ("3.2" is one token).
_ABBREVIATIONS = ("no", "nos", "para", "paras", "e.g", "i.e", "art", "p", "pp", "cf", "vs", "ст", "п", "г", "гг",
                  "т.е", "т.д", "см", "№", "add", "rev", "doc", "мес", "долл", "тыс", "руб", "с", "ок", "млрд")


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str


_LINK_TARGET = re.compile(r"\]\(([^)\s]+)\)")


def tokens(text: str) -> list[Token]:
    """The number tokens of a text: "13,000", "13 000", "3,2", "433/2010", "16", "2011" (not the
    file names of a Markdown link or image, "timeline-1.png", which state nothing)."""
    targets = [(m.start(1), m.end(1)) for m in _LINK_TARGET.finditer(text)]
    return [Token(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)
            if not any(a <= m.start() < b for a, b in targets)]


def _sentence_bounds(text: str, pos: int, clause: bool = False) -> tuple[int, int]:
    ends = "!?;\n" if clause else "!?\n"

    def is_end(i: int) -> bool:
        c = text[i]
        if c in ends:
            return True
        if c != ".":
            return False
        if i + 1 < len(text) and text[i + 1].isdigit():
            return False
        word = re.search(r"([\w.№]+)$", text[:i])
        if word and word.group(1).lower().rstrip(".") in _ABBREVIATIONS:
            return False
        return i + 1 >= len(text) or text[i + 1] in " \u00a0\n\"”»)]*"

    start = pos
    while start > 0 and not is_end(start - 1):
        start -= 1
    end = pos
    while end < len(text) and not is_end(end):
        end += 1
    return start, end


def sentence_at(text: str, pos: int, *, clause: bool = False) -> str:
    """The sentence (a line at most; with `clause`, the ";"-clause) of `text` at position `pos`."""
    start, end = _sentence_bounds(text, pos, clause)
    return text[start:end + 1]


def has_label(text: str, lang: str) -> bool:
    return bool(_LABEL[lang].search(text))


@dataclass(frozen=True)
class Problem:
    where: str
    text: str
    rule: str

    def __str__(self) -> str:
        snippet = self.text if len(self.text) <= 90 else self.text[:87] + "…"
        return f"{self.where}: {snippet!r}: {self.rule}"


def text_problems(text: str, entries: Sequence[Mapping[str, Any]], lang: str, where: str, *,
                  sentences: bool = True, published: bool = True) -> list[Problem]:
    """What is wrong with one text and its ledger entries (see the module docstring).

    `published` False (a notebook writing its files) lets a labelled projection through for
    exploration; the check of a published folder refuses it."""
    problems: list[Problem] = []
    for e in entries:
        if text[e["start"]:e["end"]] != e["text"]:
            problems.append(Problem(where, e["text"], f"the ledger says {e['text']!r} stands at "
                                    f"{e['start']}–{e['end']}, but the text there is {text[e['start']:e['end']]!r}"))
    for tok in tokens(text):
        if not any(e["start"] <= tok.start and tok.end <= e["end"] for e in entries):
            problems.append(Problem(where, sentence_at(text, tok.start).strip(),
                                    f"number {tok.text!r} has no claim in the ledger"))
    for e in entries:
        if e.get("kind") != "derived":
            continue
        if e.get("projection_of") and published:
            problems.append(Problem(where, e["text"], f"a projection of {e['projection_of']}'s statistic is not "
                                    f"published (explore it with the notebook parameter, not in a published set)"))
        if not sentences:
            continue
        sentence = sentence_at(text, e["start"])
        if not has_label(sentence, lang):
            problems.append(Problem(where, sentence.strip(), f"derived number {e['text']!r} ({e.get('method')}) "
                                    f"is not labelled as ours in its sentence"))
        if _ATTRIBUTION[lang].search(sentence_at(text, e["start"], clause=True)):
            problems.append(Problem(where, sentence.strip(), f"derived number {e['text']!r} sits in a sentence "
                                    f"that names a claimant: our {e.get('label')} is never the source's"))
    return problems


def chart_problems(sidecar: Mapping[str, Any], lang: str, where: str, *, published: bool = True) -> list[Problem]:
    """The ledger rules over every text of a chart's sidecar."""
    entries = sidecar.get("claims")
    if entries is None:
        return [Problem(where, sidecar.get("title", ""), "the sidecar has no claims ledger")]
    by_field: dict[str, list[Mapping[str, Any]]] = {}
    for e in entries:
        by_field.setdefault(str(e.get("field")), []).append(e)
    problems: list[Problem] = []
    derived_in_marks = False
    for name, text in chart_texts(sidecar):
        mine = by_field.get(name, [])
        marks = name == "title" or name.startswith("drawn[")
        problems += text_problems(text, mine, lang, f"{where} {name}", sentences=not marks, published=published)
        derived_in_marks |= marks and any(e.get("kind") == "derived" for e in mine)
    if derived_in_marks:
        told = " ".join([str(sidecar.get("subtitle", "")), *map(str, sidecar.get("notes", []))])
        if not has_label(told, lang):
            problems.append(Problem(f"{where} subtitle/notes", told or sidecar.get("title", ""),
                                    "the chart's title or marks carry a derived number, but neither its subtitle "
                                    "nor its notes say it is ours"))
    known = {n for n, _ in chart_texts(sidecar)}
    for name in by_field:
        if name not in known:
            problems.append(Problem(where, name, f"the ledger names field {name!r}, which the sidecar does not have"))
    return problems


def chart_texts(sidecar: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(field, text) of every published text of a chart: title, subtitle, notes, source, alt text,
    and the labels drawn in it (the axis scale is not a statement and is left out)."""
    out = [("title", str(sidecar.get("title", ""))), ("subtitle", str(sidecar.get("subtitle", "")))]
    out += [(f"notes[{i}]", str(n)) for i, n in enumerate(sidecar.get("notes", []))]
    out += [("source", str(sidecar.get("source", ""))), ("alt_text", str(sidecar.get("alt_text", "")))]
    out += [(f"drawn[{i}]", str(d["text"])) for i, d in enumerate(sidecar.get("drawn", []))
            if d.get("role") != "scale"]
    return out


def drawn_entries(text: str, made: Sequence[Any], where: str) -> list[dict[str, Any]]:
    """Ledger entries for a text drawn in a figure, whose markers the chart kit dropped when it
    wrapped the text: each of the chart's claims is found by its text (whole, where the line
    keeps it whole; else token by token)."""
    entries: list[dict[str, Any]] = []
    covered: list[tuple[int, int]] = []
    toks = tokens(text)

    def free(a: int, b: int) -> bool:
        return not any(a < e and s < b for s, e in covered)

    def aligned(a: int, b: int) -> bool:
        return all(not (t.start < a < t.end or t.start < b < t.end) for t in toks)

    for claim in sorted(made, key=lambda c: -len(c.text)):
        if not any(ch.isdigit() for ch in claim.text):
            continue
        start = text.find(claim.text)
        while start >= 0:
            end = start + len(claim.text)
            if free(start, end) and aligned(start, end):
                covered.append((start, end))
                entries.append({"field": where, "text": claim.text, "start": start, "end": end, **claim.as_json()})
            start = text.find(claim.text, start + 1)
    for tok in toks:
        if not free(tok.start, tok.end):
            continue
        for claim in made:
            if tok.text in [t.text for t in tokens(claim.text)]:
                covered.append((tok.start, tok.end))
                entries.append({"field": where, "text": tok.text, "start": tok.start, "end": tok.end,
                                **claim.as_json()})
                break
    return sorted(entries, key=lambda e: e["start"])


# ---- the data behind the ledger ----

class RowIndex(dict):
    """Rows by id; an id two tables share (a citation and its resolution) keeps every row."""

    def __init__(self) -> None:
        super().__init__()
        self.all: dict[str, list[dict[str, str]]] = {}

    def add(self, key: str, row: dict[str, str]) -> None:
        self.setdefault(key, row)
        self.all.setdefault(key, []).append(row)

    def with_column(self, key: str, column: str) -> dict[str, str] | None:
        """The row of that id which has the column (the first one otherwise)."""
        rows = self.all.get(key, [])
        return next((r for r in rows if column in r), rows[0] if rows else None)


def data_index(data_dir: str | Path) -> "RowIndex":
    """Every row of every table in data/, by id (documents by document_id), as the CSV writes it."""
    import csv

    folder = Path(data_dir)
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    index = RowIndex()
    for resource in package.get("resources", []):
        with (folder / resource["path"]).open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                key = row.get("id") or row.get("document_id")
                if key:
                    index.add(key, {**row, "_table": resource["name"]})
    return index


def _same(ledger_value: Any, cell: str) -> bool:
    cell = (cell or "").strip()
    if isinstance(ledger_value, (int, float)) and not isinstance(ledger_value, bool):
        try:
            return abs(float(cell) - float(ledger_value)) < 1e-9
        except ValueError:
            return False
    a, b = str(ledger_value).strip(), cell
    return a == b or a[: len(b)] == b and len(b) >= 4 and a[len(b):] in ("", "-01", "-01-01")


def _row(index: Mapping[str, Mapping[str, str]], key: str, column: str | None) -> Mapping[str, str] | None:
    if isinstance(index, RowIndex) and column:
        return index.with_column(key, column)
    return index.get(key)


def data_problems(entries: Iterable[Mapping[str, Any]], index: Mapping[str, Mapping[str, str]],
                  where: str) -> list[Problem]:
    """Rows a ledger names that do not exist, and reported values that differ from the data."""
    problems: list[Problem] = []
    for e in entries:
        for rid in e.get("rows", []):
            if rid not in index:
                problems.append(Problem(where, e["text"], f"the ledger names row {rid!r}, which is not in data/"))
        if e.get("kind") == "reported" and e.get("rows"):
            column = e.get("column")
            row = _row(index, e["rows"][0], column)
            if row is None or column is None:
                continue
            if column not in row:
                problems.append(Problem(where, e["text"], f"row {e['rows'][0]!r} has no column {column!r}"))
            elif not _same(e.get("value"), row[column]):
                problems.append(Problem(where, e["text"], f"the ledger gives {column} {e.get('value')!r} for row "
                                        f"{e['rows'][0]!r}; data/{row['_table']} has {row[column]!r}"))
        if e.get("kind") == "derived" and e.get("rows") and str(e.get("label")) != "count":
            inputs = [index[r] for r in e["rows"] if r in index]
            claimants = sorted({r.get("claimant", "") for r in inputs if r.get("claimant")})
            if len(claimants) > 1:
                problems.append(Problem(where, e["text"], f"derived number {e['text']!r} ({e.get('method')}) combines "
                                        f"rows of different claimants ({', '.join(claimants)})"))
            bounds = [r["id"] for r in inputs if r.get("qualifier") in ("approximate", "at_least", "at_most", "range")]
            if bounds and not e.get("qualifier"):
                problems.append(Problem(where, e["text"], f"derived number {e['text']!r} is made from the bound(s) "
                                        f"{', '.join(bounds)} but is not stated as our bound"))
        if e.get("kind") == "reference" and e.get("rows") and e.get("column"):
            row = _row(index, e["rows"][0], e["column"])
            # The typesetting pass (words.typeset) may join a reference's words with no-break spaces.
            if row is not None and _spaced(e["text"]) not in _spaced(row.get(e["column"], "")):
                problems.append(Problem(where, e["text"], f"reference {e['text']!r} is not in row {e['rows'][0]!r} "
                                        f"column {e['column']!r}"))
    return problems


def _spaced(text: Any) -> str:
    """A text with its no-break spaces as ordinary ones."""
    return str(text).replace("\u00a0", " ").replace("\u202f", " ")


# ---- a figures folder ----

def svg_texts(svg: str) -> list[str]:
    """The lines of text matplotlib drew as paths, from the comment it writes before each."""
    out = []
    for m in re.finditer(r"<!-- (.*?) -->", svg, re.S):
        text = m.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
        out.append(re.sub(r"-(?= -)", "-", text).replace("- -", "--") if "- -" in text else text)
    return out


def svg_problems(svg_path: Path, sidecar: Mapping[str, Any], where: str) -> list[Problem]:
    """The SVG draws exactly the texts the sidecar's ledger covers."""
    in_svg = svg_texts(svg_path.read_text(encoding="utf-8"))
    expected = [str(d["text"]) for d in sidecar.get("drawn", [])]
    if in_svg == expected:
        return []
    extra = sorted(set(in_svg) - set(expected))
    missing = sorted(set(expected) - set(in_svg))
    detail = "; ".join([*(f"drawn but not in the ledger: {x!r}" for x in extra[:3]),
                        *(f"in the ledger but not drawn: {x!r}" for x in missing[:3])])
    return [Problem(where, svg_path.name, f"the SVG's texts differ from the sidecar's drawn texts ({detail or 'counts'})")]


def _lang_of(path: Path, sidecar: Mapping[str, Any] | None = None) -> str:
    if sidecar and isinstance(sidecar.get("metadata"), Mapping) and sidecar["metadata"].get("lang"):
        return str(sidecar["metadata"]["lang"])
    m = re.search(r"\.(en|ru)\.", path.name)
    if m:
        return m.group(1)
    raise ValueError(f"{path}: cannot tell the language of the texts (the sidecar has no metadata.lang)")


def briefing_problems(figures_dir: str | Path, data_dir: str | Path,
                      index: Mapping[str, Mapping[str, str]] | None = None) -> list[Problem]:
    """The ledger rules over each `briefing.<lang>.claims.json` in `figures_dir` (the text the
    briefing PDF typesets, kept in its ledger), and the PDF beside it."""
    root = Path(figures_dir)
    index = data_index(data_dir) if index is None else index
    problems: list[Problem] = []
    for path in sorted(root.glob("briefing.*.claims.json")):
        where = str(path)
        ledger = json.loads(path.read_text(encoding="utf-8"))
        document = root / str(ledger.get("document", ""))
        if not ledger.get("document") or not document.is_file():
            problems.append(Problem(where, str(ledger.get("document", "")), "the briefing PDF its ledger names is missing"))
        lang = _lang_of(path)
        problems += text_problems(str(ledger.get("text", "")), ledger.get("claims", []), lang, where)
        problems += data_problems(ledger.get("claims", []), index, where)
    return problems


def check_outputs(figures_dir: str | Path, data_dir: str | Path) -> list[Problem]:
    """The ledger rules over every summary and chart under `figures_dir`, against `data_dir`."""
    root = Path(figures_dir)
    index = data_index(data_dir)
    problems: list[Problem] = briefing_problems(root, data_dir, index)
    for summary in sorted(root.rglob("summary.*.md")):
        where = str(summary)
        ledger_path = summary.with_name(summary.name[:-3] + ".claims.json")
        if not ledger_path.exists():
            problems.append(Problem(where, summary.name, f"no ledger {ledger_path.name} beside it"))
            continue
        ledger = json.loads(ledger_path.read_text(encoding="utf-8"))
        text = summary.read_text(encoding="utf-8")
        lang = _lang_of(summary)
        problems += text_problems(text, ledger["claims"], lang, where)
        problems += data_problems(ledger["claims"], index, where)
    for sidecar_path in sorted(root.rglob("*.json")):
        if sidecar_path.name.endswith(".claims.json") or sidecar_path.name == "manifest.json":
            continue
        sidecar = json.loads(sidecar_path.read_text(encoding="utf-8"))
        if not isinstance(sidecar, dict) or "alt_text" not in sidecar:
            continue
        where = str(sidecar_path)
        try:
            lang = _lang_of(sidecar_path, sidecar)
        except ValueError as exc:
            problems.append(Problem(where, sidecar.get("title", ""), str(exc)))
            continue
        problems += chart_problems(sidecar, lang, where)
        problems += data_problems(sidecar.get("claims", []), index, where)
        svg = sidecar_path.with_suffix(".svg")
        if svg.exists():
            problems += svg_problems(svg, sidecar, where)
    return problems

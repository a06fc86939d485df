"""`python -m analysis upr-corpus SOURCES --output FILE`: every UPR Working Group report in a folder
parsed by analysis.data.upr_report, one row per recommendation, with our UPR Info coding.

Why a command of its own: the 303 reports take a few seconds to parse from the cache and a few
more to read cold, in a process pool (two workers by default: the machine's cores); the text of
each PDF is cached by sha256 (`--cache`, default build/pdf-text/), so a second run reads no PDF.

- `--output FILE`: the recommendations as CSV (COLUMNS).
- `--report`: every anomaly the self-checks found, one line each with symbol and page, then the
  count per kind; a PDF that cannot be read is one of them, named by its symbol, and the others
  still parse.
- `--write`: regenerate the data package's two tables, data/upr_reviews.csv (one row per report)
  and data/upr_corpus_recommendations.csv (TABLE_COLUMNS: the output's columns less those of the
  reviews table and the coding's rule columns; schema in data/datapackage.json).

Columns that cannot be misread: `paragraph`, `item` and `part` are integers, each in its own
column; `number` is the citation as text with a pilcrow ("¶124.1", "¶27 (b)") so no spreadsheet,
pandas or DuckDB reads 124.10 as 124.1; `id` is the row's stable text key
("a-hrc-28-10-124-1-1": report, paragraph, item, part; "a-hrc-11-25-117-d27b" for a recommendation
named by its dialogue paragraph 27 (b)).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import os
import re
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from analysis.core import paths
from analysis.core.atomic_files import atomic_write_bytes
from . import upr_info_coding, upr_report
from .pdf_lines import PdfLines, read_pdf_lines
from .pdf_text import DEFAULT_CACHE_DIR, SourceFileError, check_source, excerpt_on_page, normalise_excerpt, normalise_page

COLUMNS = ["id", "symbol", "state_under_review", "session", "cycle", "review_date", "paragraph", "item", "part",
           "number", "text", "states", "states_as_written", "response", "response_words", "page", "footnote",
           "excerpt", "issues", "action_category", "issue_rule", "action_rule"]
# The data package's table leaves out what the reviews table holds per report and the rule columns.
TABLE_COLUMNS = ["id", "symbol", "paragraph", "item", "part", "number", "text", "states", "states_as_written",
                 "response", "response_words", "page", "footnote", "excerpt", "issues", "action_category"]
REVIEW_COLUMNS = ["symbol", "document_id", "state_under_review", "session", "cycle", "review_date", "pages",
                  "sha256", "recommendations", "supported", "noted", "pending", "anomalies"]
RECOMMENDATIONS_TABLE = "upr_corpus_recommendations.csv"
REVIEWS_TABLE = "upr_reviews.csv"
EXCERPT_MAX = 120
SEPARATOR = "; "


@dataclass
class Parsed:
    """What one PDF gives: its review row, its recommendation rows and its anomalies."""

    file: str
    review: dict[str, Any] | None
    rows: list[dict[str, Any]] = field(default_factory=list)
    anomalies: list[tuple[str, int, str]] = field(default_factory=list)  # (symbol, page, what)


def document_id(symbol: str) -> str:
    """A/HRC/28/10 -> a-hrc-28-10 (the file name the sources use)."""
    return re.sub(r"[^a-z0-9]+", "-", symbol.lower()).strip("-")


def row_id(doc: str, rec: upr_report.Recommendation) -> str:
    if rec.item is not None:
        return f"{doc}-{rec.paragraph}-{rec.item}-{rec.part}"
    return f"{doc}-{rec.paragraph}-d{re.sub(r'[^0-9a-z]', '', rec.label)}"


def _search(words: list[str], printed) -> str:  # noqa: ANN001 - a predicate on a candidate
    """The longest opening of whole words, up to EXCERPT_MAX characters, that `printed` accepts."""
    ends, length = [], 0
    for n, word in enumerate(words, start=1):
        length += len(word) + (1 if n > 1 else 0)
        if length > EXCERPT_MAX:
            break
        ends.append(n)
    lo, hi, best = 0, len(ends) - 1, ""
    while lo <= hi:  # what is printed of an opening is printed of every shorter one
        mid = (lo + hi) // 2
        candidate = " ".join(words[:ends[mid]])
        if printed(candidate):
            best, lo = candidate, mid + 1
        else:
            hi = mid - 1
    return best


def opening_on_page(text: str, page_text: str) -> str:
    """The longest opening of the text, up to EXCERPT_MAX characters and whole words, printed on the page.

    Candidates are tested as plain substrings of the page's normalised text with each line-end
    hyphen read as printed, then as absent. A candidate found so is also found by the forgiving
    match (pdf_text.excerpt_on_page, which `validate --sources` uses): that match lets each marked
    hyphen be a printed hyphen or nothing, and these are its two uniform choices. Only when neither
    finds an opening is the forgiving match itself searched (compiling its pattern for each
    candidate made the excerpts most of the corpus's parse time)."""
    words = text.split(" ")
    page = normalise_page(page_text)
    variants = (page.replace("\x00", "-"), page.replace("\x00", ""))
    best = _search(words, lambda c: any(normalise_excerpt(c) in v for v in variants))
    return best or _search(words, lambda c: excerpt_on_page(c, page_text))


def rows_of(report: upr_report.Report, pdf: PdfLines) -> list[dict[str, Any]]:
    doc = document_id(report.symbol)
    rows = []
    seen: dict[str, int] = {}
    for rec in report.recommendations:
        rid = row_id(doc, rec)
        seen[rid] = seen.get(rid, 0) + 1
        if seen[rid] > 1:  # a number printed twice (an anomaly the report's checks name): keep both rows
            rid = f"{rid}-{seen[rid]}"
        coding = upr_info_coding.code(rid, upr_report.without_states(rec.text))
        number = f"¶{rec.label}" if rec.item is None else f"¶{rec.paragraph}.{rec.item}"
        rows.append({
            "id": rid, "symbol": report.symbol, "state_under_review": report.state_under_review,
            "session": report.session, "cycle": report.cycle,
            "review_date": report.review_date.isoformat() if report.review_date else "",
            "paragraph": rec.paragraph, "item": rec.item if rec.item is not None else "", "part": rec.part,
            "number": number, "text": rec.text, "states": SEPARATOR.join(rec.states),
            "states_as_written": rec.states_as_written, "response": rec.response,
            "response_words": rec.response_words, "page": rec.page, "footnote": rec.footnotes,
            "excerpt": opening_on_page(rec.text, pdf.page_text(rec.page)),
            "issues": SEPARATOR.join(coding.issues), "action_category": coding.action_category,
            "issue_rule": coding.issue_rule, "action_rule": coding.action_rule,
        })
    return rows


def review_row(report: upr_report.Report, sha256: str) -> dict[str, Any]:
    counts = Counter(r.response for r in report.recommendations)
    return {"symbol": report.symbol, "document_id": document_id(report.symbol),
            "state_under_review": report.state_under_review, "session": report.session, "cycle": report.cycle,
            "review_date": report.review_date.isoformat() if report.review_date else "", "pages": report.pages,
            "sha256": sha256, "recommendations": len(report.recommendations),
            "supported": counts[upr_report.SUPPORTED], "noted": counts[upr_report.NOTED],
            "pending": counts[upr_report.PENDING], "anomalies": len(report.anomalies)}


def symbol_from_file(path: Path) -> str:
    """a-hrc-28-10.pdf -> A/HRC/28/10: how an unreadable file is named."""
    parts = path.stem.split("-")
    return "/".join(p.upper() if p.isalpha() else p for p in parts)


_RULE_FILES = ("upr_state_names.csv", "upr_state_spellings.csv", upr_info_coding.ISSUE_RULES_FILE,
               upr_info_coding.VERB_FILE, upr_info_coding.CORRECTIONS_FILE)
_CODE_MODULES = ("upr_report.py", "upr_states.py", "upr_info_coding.py", "upr_corpus.py", "pdf_lines.py",
                 "pdf_text.py")


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """A digest of what a report's rows depend on besides its PDF: this code and the rules' data.

    A report's parsed rows are cached under it, so a re-run reads no PDF and parses nothing, and any
    change of the parser or of a rule makes every report parse again."""
    digest = hashlib.sha256()
    here = Path(__file__).parent
    for name in _CODE_MODULES:
        digest.update((here / name).read_bytes())
    for name in _RULE_FILES:
        digest.update((paths.REPO_ROOT / "data" / name).read_bytes())
    return digest.hexdigest()[:16]


def _rows_cache(cache_dir: str | None, sha256: str) -> Path:
    folder = Path(cache_dir) if cache_dir is not None else DEFAULT_CACHE_DIR
    return folder / f"{sha256}.upr-rows-{fingerprint()}.json"


def _parse_pdf(path: Path, cache_dir: str | None) -> Parsed:
    pdf = read_pdf_lines(path, cache_dir=cache_dir)
    report = upr_report.parse(pdf, symbol_from_file(path))
    parsed = Parsed(str(path), review_row(report, pdf.sha256), rows_of(report, pdf))
    parsed.anomalies = [(report.symbol, a.page, a.what) for a in report.anomalies]
    for row in parsed.rows:
        if not row["excerpt"]:
            parsed.anomalies.append((report.symbol, row["page"], f"{row['number']}: no opening of its text found on its page"))
    return parsed


def parse_file(path: str, cache_dir: str | None) -> Parsed:
    """One PDF parsed (or its rows from the cache); a file that cannot be read becomes an anomaly
    naming its symbol, never an exception."""
    file = Path(path)
    try:
        sha256 = check_source(file)
        cached = _rows_cache(cache_dir, sha256)
        try:
            data = json.loads(cached.read_text(encoding="utf-8"))
            return Parsed(path, data["review"], data["rows"], [tuple(a) for a in data["anomalies"]])
        except (OSError, ValueError, KeyError):
            pass
        parsed = _parse_pdf(file, cache_dir)
    except SourceFileError as exc:
        return Parsed(path, None, [], [(symbol_from_file(file), 0, f"unreadable: {exc}")])
    record = {"review": parsed.review, "rows": parsed.rows, "anomalies": parsed.anomalies}
    atomic_write_bytes(cached, json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    return parsed


def _progress(total: int, enabled: bool):  # noqa: ANN202 - tqdm or a stand-in
    from tqdm import tqdm

    return tqdm(total=total, desc="upr-corpus", unit="report", file=sys.stderr, disable=not enabled)


def parse_folder(sources: str | os.PathLike[str], cache_dir: str | os.PathLike[str] | None = None,
                 jobs: int = 2, progress: bool = True) -> list[Parsed]:
    """Every PDF of the folder parsed, in file-name order (by symbol), in a pool of `jobs` processes."""
    files = sorted(Path(sources).glob("*.pdf"), key=lambda p: _symbol_key(p.stem))
    if not files:
        raise SourceFileError(f"{sources}: no PDF")
    cache = str(cache_dir) if cache_dir is not None else None
    # the largest files first, one at a time, so neither worker is left with a long one at the end
    order = sorted(files, key=lambda p: -p.stat().st_size)
    done: dict[str, Parsed] = {}
    with _progress(len(files), progress) as bar:
        if jobs <= 1:
            for f in order:
                done[str(f)] = parse_file(str(f), cache)
                bar.update()
        else:
            with ProcessPoolExecutor(max_workers=jobs) as pool:
                for parsed in pool.map(parse_file, [str(f) for f in order], [cache] * len(order)):
                    done[parsed.file] = parsed
                    bar.update()
    return [done[str(f)] for f in files]


def _symbol_key(stem: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", stem))


def _csv_text(rows: list[dict[str, Any]], columns: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ("" if row.get(k) is None else row.get(k)) for k in columns})
    return buffer.getvalue()


def recommendations_csv(results: list[Parsed], columns: list[str] = COLUMNS) -> str:
    return _csv_text([r for p in results for r in p.rows], columns)


def reviews_csv(results: list[Parsed]) -> str:
    return _csv_text([p.review for p in results if p.review is not None], REVIEW_COLUMNS)


def excerpt_problems(data_dir: Path, reports: Path, cache_dir: str | None = None) -> list[str]:
    """Every row of data/upr_corpus_recommendations.csv whose excerpt is not printed on its page of
    its report in `reports` (the forgiving match of pdf_text; the reports' text read with pdfium and
    cached), as "FILE:ROW: excerpt: value 'X': rule" lines; a report missing from the folder is one."""
    table = data_dir / RECOMMENDATIONS_TABLE
    problems: list[str] = []
    texts: dict[str, PdfLines | None] = {}
    with table.open(encoding="utf-8", newline="") as fh:
        for line, row in enumerate(csv.DictReader(fh), start=2):
            name = document_id(row["symbol"])
            if name not in texts:
                try:
                    texts[name] = read_pdf_lines(reports / f"{name}.pdf", cache_dir=cache_dir)
                except SourceFileError as exc:
                    texts[name] = None
                    problems.append(f"{table}:{line}: symbol: value '{row['symbol']}': {exc}")
            pdf = texts[name]
            if pdf is None:
                continue
            page = int(row["page"])
            if not 1 <= page <= len(pdf.pages):
                problems.append(f"{table}:{line}: page: value '{page}': no such page in {row['symbol']}")
                continue
            page_text = pdf.page_text(page)
            if not row["excerpt"] or opening_on_page(row["excerpt"], page_text) != row["excerpt"]:
                problems.append(f"{table}:{line}: excerpt: value '{row['excerpt'][:60]}': not printed on p. {page} "
                                f"of {row['symbol']}")
    return problems


ANOMALIES_REVIEWED = "upr_corpus_anomalies_reviewed.csv"


def reviewed_anomalies() -> list[dict[str, str]]:
    """Anomalies read in the report and explained (data/upr_corpus_anomalies_reviewed.csv)."""
    with (paths.REPO_ROOT / "data" / ANOMALIES_REVIEWED).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def explanation(symbol: str, what: str, reviewed: list[dict[str, str]]) -> str:
    """Why an anomaly is no fault of the parse, or '' when it is unexplained: the report's own
    misprint of an item number (named by the parser), or a reviewed line for this report."""
    if " printed for " in what:
        return "the report misprints the number; read as the one that follows on"
    if "the statement not being lettered" in what:
        return "the report names a letter its dialogue paragraph does not print; read as that recommending sentence"
    if ": response changed to noted by para. " in what:
        return "a later paragraph of the report says this recommendation did not enjoy the support"
    for line in reviewed:
        if line["symbol"] == symbol and line["anomaly"] in what:
            return line["explanation"]
    return ""


def _kind(what: str) -> str:
    return re.sub(r"'.*", "", re.sub(r"[\d.]+( \([a-z]\))?", "N", what))[:70].strip()


def anomaly_report(results: list[Parsed]) -> str:
    """Every anomaly, one line each ("A/HRC/11/25 p. 19: …", explained ones with their reason), then
    the count of each kind, unexplained first."""
    reviewed = reviewed_anomalies()
    lines: list[str] = []
    unexplained: Counter[str] = Counter()
    explained: Counter[str] = Counter()
    for parsed in results:
        for symbol, page, what in parsed.anomalies:
            why = explanation(symbol, what, reviewed)
            lines.append(f"{symbol} p. {page}: {what}" + (f"  [explained: {why}]" if why else ""))
            (explained if why else unexplained)[_kind(what)] += 1
    total = sum(len(p.rows) for p in results)
    lines.append(f"{len(results)} reports, {total} recommendations, {sum(unexplained.values())} unexplained "
                 f"and {sum(explained.values())} explained anomalies")
    lines.extend(f"  {n:5d}  unexplained: {kind}" for kind, n in unexplained.most_common())
    lines.extend(f"  {n:5d}  explained: {kind}" for kind, n in explained.most_common())
    return "\n".join(lines) + "\n"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("sources", help="folder of the UPR Working Group reports (PDF)")
    parser.add_argument("--output", required=True, help="CSV file to write, one row per recommendation")
    parser.add_argument("--cache", default=None, help="PDF text cache (default build/pdf-text/)")
    parser.add_argument("--report", action="store_true", help="print every anomaly with symbol and page")
    parser.add_argument("--write", action="store_true",
                        help=f"also regenerate data/{REVIEWS_TABLE} and data/{RECOMMENDATIONS_TABLE}")
    parser.add_argument("--data", default=None, help="data folder for --write (default data/)")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")


def run(args: argparse.Namespace) -> int:
    try:
        results = parse_folder(args.sources, args.cache, args.jobs, progress=not args.no_progress)
    except SourceFileError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    problems = upr_info_coding.check_corrections({r["id"] for p in results for r in p.rows}, _issue_names(),
                                                 {p.review["document_id"] for p in results if p.review})
    if problems:
        print("\n".join(f"error: {p}" for p in problems), file=sys.stderr)
        return 1
    text = recommendations_csv(results)
    atomic_write_bytes(Path(args.output), text.encode("utf-8"))
    print(f"wrote {args.output}: {sum(len(p.rows) for p in results)} recommendations from {len(results)} reports",
          file=sys.stderr)
    if args.write:
        folder = paths.data_dir(args.data)
        atomic_write_bytes(folder / REVIEWS_TABLE, reviews_csv(results).encode("utf-8"))
        atomic_write_bytes(folder / RECOMMENDATIONS_TABLE, recommendations_csv(results, TABLE_COLUMNS).encode("utf-8"))
        print(f"wrote {folder / REVIEWS_TABLE} and {folder / RECOMMENDATIONS_TABLE}", file=sys.stderr)
    if args.report:
        sys.stdout.write(anomaly_report(results))
    return 0


def _issue_names() -> set[str]:
    """UPR Info's 54 issues, as data/upr_info_issues.csv lists them."""
    with (paths.REPO_ROOT / "data" / "upr_info_issues.csv").open(encoding="utf-8", newline="") as fh:
        return {row["issue"] for row in csv.DictReader(fh)}

"""A PDF's text as lines with their left edge, page by page, read with pdfium and cached by sha256.

Why pdfium (pypdfium2) and not pypdf (analysis.data.pdf_text) for the UPR corpus: the corpus is 303
reports, 7,025 pages. pypdf's layout mode, which the two Kazakhstan reports needed to join the words
Distiller broke ("Conventi on"), reads about a page a second; pdfium's text page gives the same words
whole, in reading order, at pdftotext's speed (bench/bench_corpus.py), and the position of every
character, so a parser can tell a paragraph ("95.") from an item inside it ("1.", further right)
without a layout mode's padding.

A page is a tuple of `Line(x, text)`: `x` the left edge, in points, of the line's first printed
character when the line opens with a digit (a paragraph's or an item's number; 0.0 for the other
lines, whose edge no rule reads); `text` the line without its line break, trailing spaces stripped. The cache file
(`<cache>/<sha256>.pdfium.json`) holds every page's lines and the pdfium build that read them; a
cache of another build, format or file is read again, never trusted.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from analysis.core.atomic_files import atomic_write_bytes
from .pdf_text import DEFAULT_CACHE_DIR, SourceFileError, check_source

CACHE_FORMAT = 2  # bump when what is cached changes


@dataclass(frozen=True)
class Line:
    """One printed line: its left edge in points and its text."""

    x: float
    text: str


@dataclass(frozen=True)
class PdfLines:
    """A PDF's lines: `pages[i]` is page i + 1; `errors[i]` says why page i + 1 could not be read ('' if it could)."""

    path: Path
    sha256: str
    pages: tuple[tuple[Line, ...], ...]
    errors: tuple[str, ...]

    def page_text(self, page: int) -> str:
        """The page's text, lines joined by line breaks (1-based page number)."""
        return "\n".join(line.text for line in self.pages[page - 1])


def _pdfium_version() -> str:
    from pypdfium2.version import PDFIUM_INFO, PYPDFIUM_INFO

    return f"{PYPDFIUM_INFO} {PDFIUM_INFO}"


def _page_lines(textpage) -> tuple[Line, ...]:  # noqa: ANN001 - pypdfium2.PdfTextPage
    """The page's lines with the left edge of each one's first non-blank character."""
    count = textpage.count_chars()
    text = textpage.get_text_range(0, count) if count else ""
    lines: list[Line] = []
    start = 0
    # pdfium counts each character of the returned text (its generated line breaks too), so a
    # position in the text is a character index of the page; non-BMP characters (never printed in
    # these reports) would shift it, and the left edge then comes from a neighbour at worst.
    for raw in text.split("\r\n"):
        stripped = raw.strip()
        if stripped:
            # only a line that opens with a number can start a paragraph or an item, the one thing
            # the left edge tells; the others keep 0.0 and spare a call per line
            first = start + (len(raw) - len(raw.lstrip()))
            x = textpage.get_charbox(first)[0] if stripped[0].isdigit() and first < count else 0.0
            lines.append(Line(round(float(x), 1), stripped))
        start += len(raw) + 2
    return tuple(lines)


def _extract(path: Path) -> tuple[list[tuple[Line, ...]], list[str]]:
    """Every page's lines; a page pdfium cannot read is empty with its error, a file it cannot open raises."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(path))
    except Exception as exc:  # pdfium raises PdfiumError and a few others
        raise SourceFileError(f"{path}: unreadable PDF ({type(exc).__name__}: {exc})") from exc
    pages: list[tuple[Line, ...]] = []
    errors: list[str] = []
    try:
        for index in range(len(document)):
            try:
                page = document[index]
                textpage = page.get_textpage()
                pages.append(_page_lines(textpage))
                errors.append("")
                textpage.close()
                page.close()
            except Exception as exc:
                pages.append(())
                errors.append(f"{type(exc).__name__}: {exc}")
    finally:
        document.close()
    if not pages:
        raise SourceFileError(f"{path}: unreadable PDF (no pages)")
    return pages, errors


def _cache_file(cache_dir: Path, sha256: str) -> Path:
    return cache_dir / f"{sha256}.pdfium.json"


def _read_cache(file: Path, sha256: str, path: Path) -> PdfLines | None:
    """The cached lines, or None when absent, stale or damaged (then the PDF is simply read again)."""
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
        if (data.get("format") != CACHE_FORMAT or data.get("sha256") != sha256
                or data.get("pdfium") != _pdfium_version()):
            return None
        pages = tuple(tuple(Line(x, t) for x, t in page) for page in data["pages"])
        return PdfLines(path, sha256, pages, tuple(data["errors"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def read_pdf_lines(path: str | os.PathLike[str], expected_sha256: str | None = None,
                   cache_dir: str | os.PathLike[str] | None = None) -> PdfLines:
    """The checked file's lines per page, from the cache when it holds this sha256 and pdfium build."""
    path = Path(path)
    sha256 = check_source(path, expected_sha256)
    folder = Path(cache_dir) if cache_dir is not None else DEFAULT_CACHE_DIR
    file = _cache_file(folder, sha256)
    cached = _read_cache(file, sha256, path)
    if cached is not None:
        return cached
    pages, errors = _extract(path)
    record = {"format": CACHE_FORMAT, "sha256": sha256, "pdfium": _pdfium_version(),
              "pages": [[[line.x, line.text] for line in page] for page in pages], "errors": errors}
    atomic_write_bytes(file, json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    return PdfLines(path, sha256, tuple(pages), tuple(errors))


def lines_from_text(pages: list[str], indent_points: float = 6.0) -> PdfLines:
    """PdfLines from plain text pages (leading spaces give the left edge, `indent_points` each):
    for parsing text made by hand, as tests do to plant damage."""
    made = tuple(
        tuple(Line(float(len(raw) - len(raw.lstrip(" "))) * indent_points, raw.strip())
              for raw in page.splitlines() if raw.strip())
        for page in pages)
    return PdfLines(Path("<text>"), "", made, tuple("" for _ in pages))

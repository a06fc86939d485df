"""The text of a source PDF, page by page, and a match that forgives only what extraction breaks.

Why pypdf: it is pure Python (no system library to install), already pinned in the test extras,
reads the UN's PDFs (Acrobat Distiller 2010, Word 2010) and gives the text of each page, so a
locator can name the page a recommendation is printed on.

Each page is read in two pypdf modes, both kept:

- ``plain`` (pypdf's default): the reading order the PDF stores. In A/HRC/14/10 it puts a space
  wherever Distiller restarted a run of text inside a word ("Conventi on", "al ready": 157 times).
- ``layout``: glyphs placed by their position on the page, so those runs join again; lines are
  padded with spaces for columns (collapse them), and the running header and page number move to
  the top and bottom of the page. The two modes agree character for character once whitespace
  is removed (headers and page numbers aside).

The text of a file is cached as JSON under ``build/pdf-text/<sha256>.json`` (or a folder the
caller names), never beside the source: the sources folder is read-only.

The match (`excerpt_on_page`, `find_on_page`) compares an excerpt with a page after the same
normalisation of both, which undoes only what PDF extraction breaks:

- whitespace: all of it is removed, so spaces inside words or missing between words, line breaks
  and column padding do not count;
- line-end hyphenation: a hyphen (or soft hyphen) followed by a line break in the page may be
  absent from the excerpt ("implemen-\\ntation" matches "implementation"; "ill-\\ntreatment" still
  matches "ill-treatment");
- ligatures ﬁ ﬂ ﬀ ﬃ ﬄ are their letters; curly and straight quotes and apostrophes are one
  character each (‘ ’ ‛ ′ → ', “ ” „ ‟ ″ → "); dashes and hyphens (‐ ‑ ‒ – — ― − -) are one.

Everything else (letters, digits, case, other punctuation, word order) must be exactly the same.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from analysis.core import paths
from analysis.core.atomic_files import atomic_write_bytes
from analysis.core.file_digest import sha256_of

DEFAULT_CACHE_DIR = paths.REPO_ROOT / "build" / "pdf-text"
CACHE_FORMAT = 1  # bump when what is cached changes


class SourceFileError(ValueError):
    """A source file that is missing, not a PDF, not the expected file, or unreadable."""


@dataclass(frozen=True)
class PdfText:
    """One PDF's text: `plain[i]` and `layout[i]` are page i + 1 in pypdf's two modes."""

    path: Path
    sha256: str
    plain: tuple[str, ...]
    layout: tuple[str, ...]


def check_source(path: str | os.PathLike[str], expected_sha256: str | None = None) -> str:
    """The file's sha256, after checking it exists, starts like a PDF and (if given) has that hash."""
    path = Path(path)
    if not path.is_file():
        raise SourceFileError(f"{path}: no such file")
    with path.open("rb") as fh:
        head = fh.read(1024)
    if b"%PDF-" not in head:  # the header must be within the first 1024 bytes
        raise SourceFileError(f"{path}: not a PDF (no %PDF- header)")
    actual = sha256_of(path)
    if expected_sha256 is not None and actual != expected_sha256.lower():
        raise SourceFileError(f"{path}: sha256 {actual} is not the expected {expected_sha256}")
    return actual


def _extract(path: Path) -> tuple[list[str], list[str]]:
    """Both modes' text of every page; any pypdf failure becomes a SourceFileError naming the file."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(path, strict=False)
        plain = [page.extract_text() for page in reader.pages]
        layout = [page.extract_text(extraction_mode="layout", layout_mode_space_vertically=False)
                  for page in reader.pages]
    except Exception as exc:  # pypdf raises many kinds (PdfReadError, KeyError, ValueError...)
        raise SourceFileError(f"{path}: unreadable PDF ({type(exc).__name__}: {exc})") from exc
    if not plain:
        raise SourceFileError(f"{path}: unreadable PDF (no pages)")
    return plain, layout


def _cache_file(cache_dir: Path, sha256: str) -> Path:
    return cache_dir / f"{sha256}.json"


def _read_cache(file: Path, sha256: str) -> PdfText | None:
    """The cached text, or None when absent, stale or damaged (then it is simply read again)."""
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("format") != CACHE_FORMAT or data.get("sha256") != sha256 or data.get("pypdf") != _pypdf_version():
        return None
    return PdfText(Path(data["path"]), sha256, tuple(data["plain"]), tuple(data["layout"]))


def _pypdf_version() -> str:
    import pypdf

    return pypdf.__version__


def read_pdf_text(path: str | os.PathLike[str], expected_sha256: str | None = None,
                  cache_dir: str | os.PathLike[str] | None = None) -> PdfText:
    """The checked file's text per page, from the cache when it holds this sha256 (and pypdf version)."""
    path = Path(path)
    sha256 = check_source(path, expected_sha256)
    folder = Path(cache_dir) if cache_dir is not None else DEFAULT_CACHE_DIR
    file = _cache_file(folder, sha256)
    cached = _read_cache(file, sha256)
    if cached is not None:
        return PdfText(path, sha256, cached.plain, cached.layout)
    plain, layout = _extract(path)
    record = {"format": CACHE_FORMAT, "sha256": sha256, "pypdf": _pypdf_version(), "path": str(path),
              "plain": plain, "layout": layout}
    atomic_write_bytes(file, json.dumps(record, ensure_ascii=False).encode("utf-8"))
    return PdfText(path, sha256, tuple(plain), tuple(layout))


def read_pages(path: str | os.PathLike[str], expected_sha256: str | None = None,
               cache_dir: str | os.PathLike[str] | None = None) -> list[str]:
    """The text of each page (pypdf's default mode); page n is item n - 1."""
    return list(read_pdf_text(path, expected_sha256, cache_dir).plain)


# ---- forgiving match ----

_FOLD = str.maketrans({
    "ﬁ": "fi", "ﬂ": "fl", "ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl",
    "‘": "'", "’": "'", "‛": "'", "′": "'",
    "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"',
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-",
})
_BREAK = "\x00"  # stands for a hyphen at a line end, which the excerpt may or may not have
_LINE_END_HYPHEN = re.compile(r"[-\u00ad][ \t\u00a0]*(?:\r\n|\r|\n)\s*")
_WHITESPACE = re.compile(r"\s+")


def _fold(text: str) -> str:
    return text.translate(_FOLD)


@lru_cache(maxsize=128)
def normalise_page(page_text: str) -> str:
    """The page as the match sees it: folded, line-end hyphens marked, whitespace removed."""
    text = _LINE_END_HYPHEN.sub(_BREAK, _fold(page_text))
    return _WHITESPACE.sub("", text.replace("\u00ad", ""))


def normalise_excerpt(excerpt: str) -> str:
    """The excerpt as the match sees it: folded, soft hyphens and whitespace removed."""
    return _WHITESPACE.sub("", _fold(excerpt).replace("\u00ad", ""))


@lru_cache(maxsize=4096)
def _pattern(excerpt: str) -> re.Pattern[str]:
    """A hyphen of the excerpt may be a marked line-end hyphen; a marked one may be missing anywhere.
    Cached: one excerpt is looked for on many pages."""
    chars = normalise_excerpt(excerpt)
    if not chars:
        raise ValueError("empty excerpt")
    parts = ["[-\x00]" if c == "-" else re.escape(c) for c in chars]
    return re.compile("\x00?".join(parts))


def excerpt_on_page(excerpt: str, page_text: str) -> bool:
    """True when the excerpt is printed on the page, forgiving only extraction damage (module docstring)."""
    return _pattern(excerpt).search(normalise_page(page_text)) is not None


def find_on_page(excerpt: str, pages: list[str] | tuple[str, ...]) -> list[int]:
    """The 1-based numbers of the pages that hold the excerpt (forgiving match)."""
    pattern = _pattern(excerpt)
    return [n for n, text in enumerate(pages, start=1) if pattern.search(normalise_page(text))]

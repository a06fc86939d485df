"""Every Russian text the project publishes in `figures/`, and the typesetting and grammar rules a
Russian desk editor checks on it (docs/russian-style.md §6–§7), each rule a function that returns
the offending passages so a test can fail on a planted defect and pass on the published files.

Texts: the summaries (`summary.ru.md`), the chart sidecars' texts (title, subtitle, notes, source,
alt text and every drawn text with its line breaks), the text lines drawn in the SVGs, the visible
text of the HTML figure pages and of the gallery's Russian section, and the briefing's text as
`pdftotext -layout` reads it (its lines are where the PDF breaks them).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterator

NBSP = "\u00a0"
MONTHS_GENITIVE = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
                   "октября", "ноября", "декабря")


# ---- the texts ----

def _sidecar_texts(path: Path) -> Iterator[tuple[str, str]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    for name in ("title", "subtitle", "source", "alt_text"):
        if str(data.get(name, "")).strip():
            yield f"{path}:{name}", str(data[name])
    for i, note in enumerate(data.get("notes", [])):
        yield f"{path}:notes[{i}]", str(note)
    for i, drawn in enumerate(data.get("drawn", [])):
        yield f"{path}:drawn[{i}]", str(drawn.get("text", ""))


_SVG_LINE = re.compile(r"<!-- (.*?) -->", re.S)


def _svg_texts(path: Path) -> Iterator[tuple[str, str]]:
    import html

    for i, m in enumerate(_SVG_LINE.finditer(path.read_text(encoding="utf-8"))):
        yield f"{path}:line {i}", html.unescape(m.group(1))


class _Visible(HTMLParser):
    """The text nodes a browser shows (not scripts, styles or attributes)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.nodes: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("script", "style", "pre", "code", "textarea"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "pre", "code", "textarea") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.nodes.append(data)


def html_texts(path: Path) -> Iterator[tuple[str, str]]:
    """The visible text nodes of a page that are Russian (they hold Cyrillic letters)."""
    parser = _Visible()
    parser.feed(path.read_text(encoding="utf-8"))
    for i, node in enumerate(parser.nodes):
        if re.search(r"[а-яё]", node, re.I):
            yield f"{path}:node {i}", node


@lru_cache(maxsize=4)
def briefing_text(pdf: Path) -> str:
    """The briefing as `pdftotext -layout` reads it ("" when pdftotext is missing)."""
    if shutil.which("pdftotext") is None or not pdf.exists():
        return ""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    return re.sub(r"\u00ad\n[ \t]*", "", text)  # a word the PDF hyphenated, whole again


def russian_texts(figures: Path, *, briefing: bool = True) -> list[tuple[str, str]]:
    """(where, text) for every Russian text published under `figures`."""
    out: list[tuple[str, str]] = []
    for folder in ("ru", "print-ru"):
        root = figures / folder
        for path in sorted(root.glob("*/summary.ru.md")):
            out.append((str(path), path.read_text(encoding="utf-8")))
        for path in sorted(root.glob("*/*.json")):
            if not path.name.endswith(".claims.json"):
                out += list(_sidecar_texts(path))
        for path in sorted(root.glob("*/*.svg")):
            out += list(_svg_texts(path))
        for path in sorted(root.glob("*/*.html")):
            out += list(html_texts(path))
    index = figures / "index.html"
    if index.exists():
        out += list(html_texts(index))
    if briefing:
        text = briefing_text(figures / "briefing.ru.pdf")
        if text:
            out.append((str(figures / "briefing.ru.pdf"), text))
    return out


# ---- the rules ----

def dashes_without_nbsp(text: str) -> list[str]:
    """An em dash after an ordinary space (the line may break before it)."""
    return [text[max(0, m.start() - 25):m.end() + 10] for m in re.finditer(r"(?<=[^\s\u00a0]) —", text)]


def lines_beginning_with_dash(text: str) -> list[str]:
    """A line (of a drawn text, a PDF) that begins with an em dash."""
    return [line for line in text.split("\n") if line.strip().startswith("—")]


_FULL_DATE = re.compile(r"\b(\d{1,2})[ \u00a0](" + "|".join(MONTHS_GENITIVE) + r")[ \u00a0](\d{4})\b"
                        r"(?![ \u00a0\n]*(?:год|г\.))")


def dates_without_year_word(text: str) -> list[str]:
    """A full date in words («16 декабря 2011») without «года» after its year (a chart uses the
    short form «16.12.2011» instead, docs/russian-style.md §7)."""
    return [m.group() for m in _FULL_DATE.finditer(text)]


_LOCATOR = re.compile(r"(?<![\w])(?:п\.|пп\.|№|сноск[аиеуо]й?|ст\.)(?: |\n *)(?=\d)", re.I)


def split_locators(text: str) -> list[str]:
    """«п.», «№», «сноска» followed by an ordinary space or a line break before the number."""
    return [text[m.start():m.end() + 6] for m in _LOCATOR.finditer(text)]


# A number a Russian text agrees a noun with: not a year, a day of a date or a label's number.
_NUMBER_NOUN = re.compile(r"(?<![\w.,/№-])(\d{1,3}(?:[\u00a0 ]\d{3})*|\d+)[ \u00a0]([а-яё]{3,})(?![\w-])")
_LABEL_NUMBER = re.compile(r"(?:п\.|пп\.|№|сноск\w*|ст\.|стать\w*|верси\w*|част\w*|глав\w*|пункт\w*|"
                           r"\d[–-]|\d,)[\s\u00a0]*$", re.I)
_GENITIVE_GOVERNORS = ("из", "до", "от", "около", "более", "менее", "свыше", "для", "без", "у", "среди", "с",
                       "против", "кроме", "вместо", "после", "около")


@lru_cache(maxsize=1)
def _morph():
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


_ABBREVIATIONS = ("пикс", "долл", "млн", "млрд", "тыс", "стр", "мес", "прим")


def _category(n: int) -> str:
    if n % 10 == 1 and n % 100 != 11:
        return "one"
    if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
        return "few"
    return "many"


# Counting forms pymorphy3 does not give («5 человек», not «5 людей»; «7 лет»).
_COUNTING_EXTRA = {"человек": {"few": "человека", "many": "человек"}, "год": {"many": "лет"}}


def _agrees(word: str, n: int, governed: bool) -> bool:
    """Whether `word` is a form of a noun that the number `n` can take in some case."""
    morph = _morph()
    parses = [p for p in morph.parse(word) if "NOUN" in p.tag and not {"Abbr", "Fixd"} & set(p.tag.grammemes)]
    if not parses:
        return True  # not a noun (a verb, an adjective, an abbreviation): nothing to agree
    category = _category(n)
    for p in parses:
        nominative = p.inflect({"nomn", "sing"}) or p
        counting = nominative.make_agree_with_number(n)
        extra = _COUNTING_EXTRA.get(p.normal_form, {}).get(category)
        if word in {counting.word if counting else None, extra}:
            return True  # «21 запись», «3 факта», «102 рекомендации», «5 человек»
        case = p.tag.case
        if case == "accs" and category == "one" and p.tag.number == "sing":
            return True  # «получил 1 рекомендацию», «21 рекомендацию»
        if case in ("gent", "datv", "ablt", "loct") and p.tag.number == ("sing" if category == "one" else "plur"):
            if case == "gent" and category == "few" and not governed:
                continue  # «102 рекомендаций» as subject or object: the number wants «рекомендации»
            return True  # an oblique case: «по 21 теме», «по 7 темам», «из 102 рекомендаций»
    return False


def numeral_noun_disagreements(text: str) -> list[str]:
    """A noun after a cardinal number in a form the number does not govern («102 рекомендаций»
    without a governing preposition, «по 7 теме», «31 записей»), checked with pymorphy3.

    Years («2012 года»), days of dates, label numbers («п. 124», «рекомендация № 92», «статья
    15») and decimals are not counts and are left out."""
    found: list[str] = []
    for m in _NUMBER_NOUN.finditer(text):
        digits, word = m.group(1), m.group(2).lower()
        n = int(re.sub(r"\D", "", digits))
        before = text[max(0, m.start() - 30):m.start()]
        if text[m.end():m.end() + 1] == "." and word in _ABBREVIATIONS:
            continue
        if word in MONTHS_GENITIVE or (1000 <= n <= 2100 and word.startswith(("год", "г"))):
            continue
        if _LABEL_NUMBER.search(before):
            continue
        previous = re.findall(r"[а-яё]+", before.lower())
        governed = bool(previous) and previous[-1] in _GENITIVE_GOVERNORS and before.rstrip().lower().endswith(previous[-1])
        if not _agrees(word, n, governed):
            found.append(text[max(0, m.start() - 20):m.end() + 5])
    return found


# ---- comparing with a typeset text ----

def plain(text: str) -> str:
    """A typeset text with its no-break spaces as ordinary ones (for a test that looks for words)."""
    return str(text).replace(NBSP, " ")


def as_published(expected: str, lang: str) -> str:
    """An expected phrase as the typesetting pass publishes it (with «года» after a full date), with
    ordinary spaces: compare it with `plain(text)`."""
    from analysis.words.typeset import typeset

    return plain(typeset(str(expected), lang))


# ---- English in Russian text ----

# Latin-script words a Russian text may hold: proper names written in Latin script, file formats
# and the names of files and tools a reader is pointed to.
LATIN_ALLOWED = frozenset({
    "Amnesty", "International", "Tengrinews", "Adil", "Soz", "MIT", "CC", "BY", "PNG", "PDF", "SVG", "CSV",
    "JSON", "Markdown", "iframe", "README", "Embedding", "XUAR", "URL", "ODS", "UN", "OHCHR", "UPR", "Info",
    "Creative", "Commons", "Attribution",  # a licence's name
})
_BRACKETED = re.compile(r"\((?:англ\.|наш перевод; англ\.|оригинал:|в формулировке Amnesty —)[^()]*(?:\([^()]*\)[^()]*)*\)")
_SYMBOL = re.compile(r"\b[A-Z]+(?:/[\w.-]+)+|\b[\w-]+/[\w./-]*|\bCC-BY(?:-SA)?-[\d.]+|\bEUR \d+/\d+/\d+|\b[\w-]+\.(?:csv|json|md|png|svg|pdf|html)\b|"
                     r"https?://\S+|`[^`]*`|\]\([^)]*\)")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def english_words(text: str) -> list[str]:
    """Latin-script words of a Russian text outside proper names, document symbols, file names
    and an English original in brackets after its translation («…» (англ. …))."""
    rest = _SYMBOL.sub(" ", _BRACKETED.sub(" ", plain(text)))
    return [w for w in _LATIN_WORD.findall(rest) if w not in LATIN_ALLOWED]

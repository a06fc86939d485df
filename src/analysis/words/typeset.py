"""One typesetting pass per language, applied by every renderer (summaries, the chart kit's drawn
text and wrapping, the HTML pages and gallery, the printed briefing), so a line never breaks where
a Russian (or English) desk editor would not let it.

Russian (docs/russian-style.md §7): a no-break space before a dash «—»; after one- and two-letter
words (prepositions, conjunctions, particles: «в», «по», «и», «не») and the short prepositions
«над», «при», «для», «без», «под», «про», «или»; inside «п. 124», «№ 92», «сноска 5», «статья 15»,
«долл. США», «2 млн», «(часть 1 из 3)», «в том числе», «с тех пор»; between a number and the word
after it («12 рекомендаций», «2012 года», «13 000 долл.»), inside a date («16 декабря 2011 года»)
and around «+» and «=» between numbers. A full date in words gets «года» after its year when no
«год…» follows (running text and charts alike; a chart short of room writes «16.12.2011»).
English: no break inside "para. 124", "paras 124–126", "No. 7", "endnote 5", "Article 15".

The pass works on plain text, on text that carries claim markers (analysis.words.claims: the
markers are invisible to the rules and kept where they are, and an inserted «года» goes after a
claim that ends the year, never inside it) and on a ClaimedText (its spans move with an insertion).
It is idempotent: typesetting a typeset text changes nothing.
"""

from __future__ import annotations

import re
from typing import TypeVar

from analysis.words import claims

NBSP = "\u00a0"
LANGUAGES = ("en", "ru")

_MONTHS_GENITIVE = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
                    "октября", "ноября", "декабря")
_MONTH_STEMS = r"(?:январ|феврал|март|апрел|ма[йяе]|июн|июл|август|сентябр|октябр|ноябр|декабр)[а-яё]*"
_SHORT_WORDS = r"[а-яёА-ЯЁ]{1,2}|[Нн]ад|[Пп]ри|[Дд]ля|[Бб]ез|[Пп]од|[Пп]ро|[Ии]ли|[Оо]бо|[Сс]о|[Кк]о"
_LOCATORS_RU = r"п\.|пп\.|№|ст\.|стать[яиюе]й?|сноск[аиеуо]й?|сносками|част[ьи]|пункт[аеуы]?|глав[аеыу]"
_LOCATORS_EN = r"para\.|paras\.?|No\.|Nos\.|p\.|pp\.|endnotes?|Endnotes?|Article|Articles|art\.|№"
_IDIOMS_RU = ("в том числе", "с тех пор", "т. е.", "т. д.", "и т. п.", "долл. США")

# Each rule: a pattern whose group "sp" is an ordinary space to make a no-break space.
_RULES: dict[str, tuple[re.Pattern[str], ...]] = {
    "ru": (
        re.compile(r"(?<=\S)(?P<sp> )(?=[—–](?:\s|$))"),                           # «слово —»
        re.compile(r"(?<![\w\-\u00ad.])(?:" + _SHORT_WORDS + r")(?P<sp> )(?=\S)"),  # «в Жанаозене», «и»
        re.compile(r"(?<![\w\-])(?:" + _LOCATORS_RU + r")(?P<sp> )(?=\d)", re.I),  # «п. 124», «№ 92»
        re.compile(r"(?<![\w,.])\d+(?P<sp> )(?=[^\W\d_]|%|№)"),                   # «12 рекомендаций», «15 %»
        re.compile(r"(?<=\d)(?P<sp> )(?=[+=×−] \d)"),                              # «121 + 7»
        re.compile(r"(?<=\d [+=×−])(?P<sp> )(?=\d)"),
        re.compile(r"(?<![\w\-])" + _MONTH_STEMS + r"(?P<sp> )(?=\d{4}\b)", re.I),  # «декабря 2011»
        re.compile(r"(?<![\w\-])(?:млн|млрд|тыс\.)(?P<sp> )(?=\w)"),               # «2 млн тенге»
        re.compile(r"\d из(?P<sp> )(?=\d)"),                                       # «1 из 3»
    ),
    "en": (
        re.compile(r"(?<![\w\-])(?:" + _LOCATORS_EN + r")(?P<sp> )(?=\d)"),        # "para. 124", "No. 7"
    ),
}
# A full date in words whose year no «год…» follows: «года» is added after the year.
_DATE_RU = re.compile(r"(?<!\d)\d{1,2}[ \u00a0](?:" + "|".join(_MONTHS_GENITIVE) + r")[ \u00a0]\d{4}\b"
                      r"(?![ \u00a0]*(?:год|г\.|гг\.)|[–-]\d)")
_CYRILLIC = re.compile(r"[а-яёА-ЯЁ]")

T = TypeVar("T", bound=str)


def text_language(text: str) -> str:
    """"ru" for a text with Cyrillic letters, else "en": for a drawn chart text, which carries no
    language of its own (the chart kit typesets every text it draws)."""
    return "ru" if _CYRILLIC.search(str(text)) else "en"


def _plain_index(text: str) -> tuple[str, list[int]]:
    """The text without claim markers and, for each of its characters, where it stands in `text`."""
    plain: list[str] = []
    where: list[int] = []
    pos = 0
    for m in claims._MARK.finditer(text):
        for i in range(pos, m.start()):
            plain.append(text[i])
            where.append(i)
        pos = m.end()
    for i in range(pos, len(text)):
        plain.append(text[i])
        where.append(i)
    return "".join(plain), where


def _edits(plain: str, lang: str) -> tuple[set[int], list[tuple[int, str]]]:
    """Positions of spaces to make no-break, and (position, text) insertions, in the plain text."""
    spaces: set[int] = set()
    for rule in _RULES[lang]:
        for m in rule.finditer(plain):
            spaces.add(m.start("sp"))
    inserts: list[tuple[int, str]] = []
    if lang == "ru":
        for idiom in _IDIOMS_RU:
            for m in re.finditer(r"(?<![\w])" + re.escape(idiom).replace(r"\ ", "[ \u00a0]"), plain, re.I):
                spaces.update(m.start() + i for i, c in enumerate(m.group()) if c == " ")
        for m in _DATE_RU.finditer(plain):
            inserts.append((m.end(), NBSP + "года"))
    return {p for p in spaces if plain[p] == " "}, inserts


def typeset(text: T, lang: str) -> T:
    """`text` as the language typesets it (see the module docstring); the same type back (a
    ClaimedText keeps its claims' spans, a marked text its markers)."""
    if lang not in LANGUAGES:
        raise ValueError(f"typeset: unknown language {lang!r}: one of {', '.join(LANGUAGES)}")
    source = str(text)
    plain, where = _plain_index(source)
    spaces, inserts = _edits(plain, lang)
    if not spaces and not inserts:
        return text
    chars = list(source)
    for p in spaces:
        chars[where[p]] = NBSP
    # An insertion after plain character p-1 goes after the markers that close there (a claim that
    # ends the year stays whole, «года» outside it) and before any that open.
    placed: list[tuple[int, str]] = []
    for p, words in inserts:
        at = where[p - 1] + 1
        while at < len(source) and source[at] == claims._CLOSE:
            at += 1
        placed.append((at, words))
    for at, words in sorted(placed, reverse=True):
        chars.insert(at, words)
    result = "".join(chars)
    if isinstance(text, claims.ClaimedText):
        return claims.ClaimedText(result, _moved(text.spans, inserts))  # type: ignore[return-value]
    return result  # type: ignore[return-value]


def _moved(spans: tuple[claims.Span, ...], inserts: list[tuple[int, str]]) -> list[claims.Span]:
    out = []
    for s in spans:
        start = s.start + sum(len(w) for p, w in inserts if p <= s.start)
        end = s.end + sum(len(w) for p, w in inserts if p < s.end or (p == s.end and p <= s.start))
        out.append(claims.Span(start, end, s.claim))
    return out


def typeset_auto(text: T) -> T:
    """`typeset` in the text's own language (text_language): for texts drawn in a chart."""
    return typeset(text, text_language(str(text)))

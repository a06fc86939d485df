"""One UPR Working Group report (2008-2014) read from its PDF alone: who was reviewed, when, and
every recommendation of its conclusions with its States, page and response.

Why one general parser: the 303 reports of the first cycle and of sessions 13-20 lay out their
conclusions in three ways (`../shared/reference/upr-report-layouts.md`), and a parser configured by
hand per report cannot be checked or extended. The rules, from reading the reports:

- The conclusions are the paragraphs after the heading "II. Conclusions and/or recommendations"
  (the table of contents' line, with its leader dots, is not the heading), up to the paragraph
  "All conclusions and/or recommendations contained in the present report reflect …", a heading
  "III." or the annex.
- A paragraph starts with its number ("95.") at the paragraph indent; its items ("1." or, in the
  second cycle, "124.1") are further right. Paragraph numbers run on by one; item numbers restart
  at 1 in each paragraph. A line "96." after item 95 of paragraph 95 is told by its indent.
- One printed item may hold several recommendations, each closed by its States in brackets and a
  ";" (A/HRC/11/25 para. 114.1: Sweden; Algeria; Argentina, Brazil, Austria): each is a row, `part`
  1, 2, … of the item. States in brackets run together ("(Hungary) (Spain)") or joined by a slash
  ("(Slovenia)/ratify (Republic of Korea)") stay one recommendation, as printed.
- A paragraph that names recommendations only by their place in the interactive dialogue
  ("paragraphs 27 (b), (c), … 31 …") takes their text from that dialogue paragraph's lettered
  items, and its States from the paragraph's speaker (its first words).
- Session 1's "agreed on the following" items are recommendations; its "offers the following
  comments" items answer recommendations of the dialogue and name no State: they are counted as
  comments, not rows.
- The response of a paragraph's recommendations is read from the paragraph's own words, else from
  the next paragraph without items that speaks of them ("The response of Botswana to the above
  recommendations will be included …"): `response_rule` below. The exact words are kept.

Everything the parser could not place is an anomaly with the page it is on (`Report.anomalies`);
nothing is guessed silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from . import upr_states
from .pdf_lines import Line, PdfLines

SECOND_CYCLE_FIRST_SESSION = 13
ORDINALS = {w: n for n, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
    "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth twenty-first twenty-second".split(), start=1)}
MONTHS = {m: n for n, m in enumerate("January February March April May June July August September October "
                                     "November December".split(), start=1)}

SUPPORTED, NOTED, PENDING = "supported", "noted", "pending"


@dataclass(frozen=True)
class Recommendation:
    """One recommendation as the report prints it."""

    paragraph: int  # the conclusions paragraph that lists it (or refers to it)
    item: int | None  # its number inside that paragraph; None when named by its dialogue paragraph
    part: int  # 1, 2, … when one printed item holds several recommendations
    label: str  # as cited: "124.1", "114.1", or "27 (b)" for a dialogue paragraph
    text: str
    states: tuple[str, ...]
    states_as_written: str
    page: int
    response: str  # supported / noted / pending ('' when unread: an anomaly)
    response_words: str
    footnotes: str = ""


@dataclass(frozen=True)
class Anomaly:
    page: int
    what: str


@dataclass
class Report:
    symbol: str
    state_under_review: str
    session: int | None
    review_date: date | None
    pages: int
    recommendations: list[Recommendation] = field(default_factory=list)
    anomalies: list[Anomaly] = field(default_factory=list)
    paragraph_counts: dict[int, tuple[str, int]] = field(default_factory=dict)  # para -> (response, rows)

    @property
    def cycle(self) -> int | None:
        if self.session is None:
            return None
        return 1 if self.session < SECOND_CYCLE_FIRST_SESSION else 2


# ---- text helpers ----

_HYPHEN_BREAK = "\ufffe"  # pdfium's mark of a hyphen at a line end it joined


def _join(out: str, line: str) -> str:
    """A folded text with one more line: a space between, but a line-end hyphen kept and joined
    and a soft hyphen dropped."""
    line = " ".join(line.replace(_HYPHEN_BREAK, "-").split())
    if not line:
        return out
    if not out:
        return line
    if out.endswith("\u00ad"):
        return out[:-1] + line
    if out.endswith("-") and not out.endswith(" -"):
        return out + line
    return out + " " + line


def fold_lines(lines: list[str]) -> str:
    """Lines joined with single spaces; a line-end hyphen is kept and joined without a space."""
    out = ""
    for line in lines:
        out = _join(out, line)
    return out


def groups(text: str) -> list[tuple[int, int, str]]:
    """Top-level parenthesised groups of the text: (start, end, content)."""
    found, depth, start = [], 0, 0
    for i, c in enumerate(text):
        if c == "(":
            if depth == 0:
                start = i
            depth += 1
        elif c == ")" and depth:
            depth -= 1
            if depth == 0:
                found.append((start, i + 1, text[start + 1:i]))
    return found


_OPEN = re.compile(r"\(")
_BALANCED = re.compile(r"\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\)")  # a bracket with its own, three deep


def state_groups(text: str) -> list[tuple[int, int, tuple[str, ...]]]:
    """The bracketed groups that list recommending States, with our names of them, in order.

    Every "(" is tried with its own closing bracket, so an unclosed bracket earlier in the text
    ("(ICERD, in line with … (Peru)") or a doubled one ("((Iran (Islamic Republic of))") does not
    hide the States; a group inside a State group ("(Islamic Republic of)") is not another one.
    A list printed without its opening bracket at the very end ("… women rights Bangladesh)") is
    read from the words before the closing bracket."""
    candidates = []
    for opening in _OPEN.finditer(text):
        m = _BALANCED.match(text, opening.start())
        if m:
            states = upr_states.states_in(text[m.start() + 1:m.end() - 1])
            if states:
                candidates.append((m.start(), m.end(), states))
    kept = [g for g in candidates
            if not any(o is not g and o[0] <= g[0] and g[1] <= o[1] for o in candidates)]
    if not kept:  # "(Iran (Islamic Republic of)" left unclosed at the end
        last = text.rfind("(", 0, max(0, text.rfind("(")))
        tail = text[last + 1:].rstrip(" ;.,)") + ")" if last >= 0 else ""
        states = upr_states.states_in(tail) if tail.count("(") == tail.count(")") else None
        if states and len(tail) < 80:
            kept.append((last, len(text.rstrip(" ;.,")), states))
    if not kept:
        m = re.search(r"([A-Z][^()]{1,60})\)\W*$", text)
        if m:
            words = m[1].split()
            for k in range(len(words)):
                states = upr_states.states_in(" ".join(words[k:]))
                if states:
                    start = m.start(1) + len(" ".join(words[:k])) + (1 if k else 0)
                    kept.append((start, m.end(), states))
                    break
    return kept


def without_states(text: str) -> str:
    """The text with its bracketed States left out (a State's name must never give an issue)."""
    out, last = [], 0
    for start, end, _ in state_groups(text):
        out.append(text[last:start])
        last = end
    out.append(text[last:])
    return re.sub(r"\s+", " ", " ".join(out)).strip()


# ---- page cleaning ----

_RUNNING = re.compile(r"^(Page \d+|GE\.?\s?\d{1,3}|GE\.\s?\d{2}-\d{4,6}.*|\d{1,3} GE\.\s?\d{2}-\d{4,6}.*|"
                      r"A/HRC/[\w/.]+\**(\s*Page \d+)?)$")
_FOOTNOTE_MARK_ONLY = re.compile(r"^(\d{1,2}|[*∗]{1,3})$")
_FOOTNOTE_INLINE = re.compile(r"^(?P<mark>\d{1,2}|[*∗]{1,3})\s+(?P<text>[A-Z“\"(].*)$")


@dataclass
class BodyLine:
    page: int
    x: float
    text: str


def _marker_pattern(mark: str) -> re.Pattern[str]:
    """A footnote marker glued to the end of a word or closing punctuation, not part of a number."""
    return re.compile(rf"(?<=[^\s\d]){re.escape(mark)}(?=\s|$)")


def page_body(page: int, lines: tuple[Line, ...]) -> tuple[list[BodyLine], dict[str, str]]:
    """The page's body lines (running header, footer and page number removed) and its footnotes."""
    kept = [ln for ln in lines if not _RUNNING.match(ln.text) and ln.text != str(page)]
    notes: dict[str, str] = {}
    for i, ln in enumerate(kept):
        mark = None
        first = ""
        m = _FOOTNOTE_MARK_ONLY.match(ln.text)
        if m and i + 1 < len(kept) and i > 0:
            mark, first = m[1], ""
        else:
            m2 = _FOOTNOTE_INLINE.match(ln.text)
            if m2 and i > 0:
                mark, first = m2["mark"], m2["text"]
        if mark is None:
            continue
        body_text = " ".join(b.text for b in kept[:i])
        if not (mark[0] in "*∗" or _marker_pattern(mark).search(body_text)):
            continue
        # the footnotes run to the end of the page; a later marker starts the next one
        current, texts = mark, [first] if first else []
        for later in kept[i + 1:]:
            m3 = _FOOTNOTE_MARK_ONLY.match(later.text) or _FOOTNOTE_INLINE.match(later.text)
            if m3 and (m3.groupdict().get("mark") or m3[1]) != current and _marker_pattern(
                    m3.groupdict().get("mark") or m3[1]).search(body_text):
                notes[current] = fold_lines(texts)
                current = m3.groupdict().get("mark") or m3[1]
                texts = [m3.groupdict().get("text") or ""]
                continue
            texts.append(later.text)
        notes[current] = fold_lines(texts)
        return [BodyLine(page, b.x, b.text) for b in kept[:i]], notes
    return [BodyLine(page, b.x, b.text) for b in kept], notes


# ---- the front matter ----

def find_symbol(pdf: PdfLines) -> str | None:
    for ln in pdf.pages[0] if pdf.pages else ():
        m = re.search(r"\b(A/HRC/\d+/\d+)(?![/\d])", ln.text)
        if m:
            return m[1]
    return None


def find_state_under_review(pdf: PdfLines) -> str | None:
    """The State named under the title ("Report of the Working Group on the Universal Periodic
    Review*" / "Kazakhstan"): the first line or two after a line of the title that name a State;
    else the State of "The review of … was held"."""
    lines = [ln.text for ln in (pdf.pages[0] if pdf.pages else ())][:40]
    titled = False
    for i, text in enumerate(lines):
        if re.search(r"periodic review", text, re.I):
            titled = True
            continue
        if not titled or text.startswith(("*", "∗", "_")):
            continue
        name = re.sub(r"[\s*∗\d]+$", "", text).strip()
        if name.isupper():  # "BURKINA FASO" on some title pages
            name = name.title()
        following = re.sub(r"[\s*∗\d]+$", "", lines[i + 1]) if i + 1 < len(lines) else ""
        for candidate in (name, f"{name} {following}".strip()):
            found = upr_states.canonical(candidate)
            if found:
                return found
    m = re.search(r"review of (?:the )?(.{2,60}?) was held", _front_text(pdf))
    return upr_states.canonical(m[1]) if m else None


def _front_text(pdf: PdfLines, pages: int = 3) -> str:
    return fold_lines([ln.text for page in pdf.pages[:pages] for ln in page])


def find_session(pdf: PdfLines) -> int | None:
    m = re.search(r"held its ([a-z\-]+)\s+session", _front_text(pdf), re.I)
    if m and m[1].lower() in ORDINALS:
        return ORDINALS[m[1].lower()]
    m = re.search(r"A/HRC/WG\.6/(\d+)/", _front_text(pdf, 1))
    return int(m[1]) if m else None


def find_review_date(pdf: PdfLines) -> date | None:
    """The day of the review's meeting ("The review of X was held at the 9th meeting, on 12 February
    2010"); a date printed without its year ("on 12 October.") takes the year of the session."""
    text = _front_text(pdf)
    m = re.search(r"review of .{2,80}? (?:was held at the \w+,? meeting,?|took place .{0,40}?)\s*(?:held\s+)?"
                  r"on\s+(\d{1,2})\s+([A-Z][a-z]+)(?:\s+(\d{4}))?", text)
    if not m or m[2] not in MONTHS:
        return None
    year = m[3]
    if year is None:
        session = re.search(r"held its [a-z\-]+\s+session from .{0,40}?(\d{4})", text)
        if session is None:
            return None
        year = session[1]
    return date(int(year), MONTHS[m[2]], int(m[1]))


# ---- the conclusions: paragraphs and items ----

@dataclass
class Item:
    number: int
    page: int
    label: str
    x: float = 0.0
    lines: list[tuple[int, str]] = field(default_factory=list)  # (page, text)
    footnotes: dict[str, str] = field(default_factory=dict)
    markers: dict[str, str] = field(default_factory=dict)  # footnote marker -> the word it is printed after


@dataclass
class Paragraph:
    number: int
    page: int
    x: float
    intro: list[str] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    anomalies: list[Anomaly] = field(default_factory=list)

    @property
    def intro_text(self) -> str:
        return fold_lines(self.intro)


_HEADING = re.compile(r"^((II|III|IV)\.?\s+)?Conclusions\s+and(/or)?\s+recommendations", re.I)
_END_PARAGRAPH = re.compile(r"^All conclusions and/or recommendations contained in the present report", re.I)
_END_HEADING = re.compile(r"^(III\.?\s.*|Annex\b.{0,60}|ANNEX\b.{0,60}|(Voluntary|VOLUNTARY) (commitments|COMMITMENTS|pledges|PLEDGES)[^.;,]{0,60})$")
_NUMBERED = re.compile(r"^(\d{1,3})\.\s+(.*)$")
# "124.1 text", and as misprinted: "125-15.", "111. 29", "111.101.Improve"
_DOTTED = re.compile(r"^(\d{1,3})(?:\.\s?|-)(\d{1,3})\.?(?:\s+|(?=[A-Z“\"]))(.*)$")


def body_lines(pdf: PdfLines) -> tuple[list[BodyLine], dict[int, dict[str, str]]]:
    """Every page's body lines in order and each page's footnotes."""
    lines: list[BodyLine] = []
    notes: dict[int, dict[str, str]] = {}
    for page, raw in enumerate(pdf.pages, start=1):
        body, page_notes = page_body(page, raw)
        lines.extend(body)
        notes[page] = page_notes
    return lines, notes


def conclusions_start(lines: list[BodyLine]) -> int | None:
    """Index of the first line after the conclusions heading (the last heading that is not a contents line)."""
    found = None
    for i, ln in enumerate(lines):
        if _HEADING.match(ln.text) and "..." not in ln.text and "…" not in ln.text:
            found = i + 1
    return found


def _strip_markers(text: str, notes: dict[str, str], item: Item | None) -> str:
    for mark, note in notes.items():
        pattern = _marker_pattern(mark)
        hit = pattern.search(text)
        if hit:
            if item is not None:
                item.footnotes[mark] = note
                item.markers[mark] = text[max(0, hit.start() - 12):hit.start()].split(" ")[-1]
            text = pattern.sub("", text)
    return text


def parse_paragraphs(lines: list[BodyLine], start: int, notes: dict[int, dict[str, str]]) -> list[Paragraph]:
    """The conclusions' paragraphs with their items, from `start` to the end of the section."""
    paragraphs: list[Paragraph] = []
    current: Paragraph | None = None
    item: Item | None = None
    queue = list(lines[start:])
    while queue:
        ln = queue.pop(0)
        text = ln.text
        # an item printed on in the line of the one before ("(Spain);110.44. Take actions …")
        if current is not None and current.items:
            inner = re.search(rf"(?<=[;.])\s*({current.number}\.{current.items[-1].number + 1})\.?\s+(?=[A-Z])", text)
            if inner and inner.start() > 0:
                queue.insert(0, BodyLine(ln.page, current.items[-1].x, text[inner.start():].strip()))
                ln = BodyLine(ln.page, ln.x, text[:inner.start()])
                text = ln.text
        if _END_HEADING.match(text) and not _NUMBERED.match(text):
            break
        numbered = _NUMBERED.match(text)
        dotted = _DOTTED.match(text)
        page_notes = notes.get(ln.page, {})
        if current is None:
            if numbered:
                current = Paragraph(int(numbered[1]), ln.page, ln.x, [numbered[2]])
                paragraphs.append(current)
            continue
        if numbered and _END_PARAGRAPH.match(numbered[2]):
            break
        # a second-cycle item: "124.1 text"; a misprinted paragraph ("128.12" among 129.11 and
        # 129.13) is read as the paragraph's when its number follows on and it stands at the items' indent
        next_item = current.items[-1].number + 1 if current.items else 1
        misprint = (dotted is not None and int(dotted[1]) != current.number and current.items
                    and int(dotted[2]) == next_item and abs(ln.x - current.items[-1].x) < 3)
        if misprint:
            current.anomalies.append(Anomaly(ln.page, f"{dotted[1]}.{dotted[2]} printed for {current.number}.{dotted[2]}"))
        # a misprinted item number ("118.09" between 118.108 and 118.110) at the items' indent
        short = (dotted is not None and int(dotted[1]) == current.number and current.items
                 and int(dotted[2]) != next_item and str(next_item).endswith(dotted[2].lstrip("0") or "0")
                 and len(dotted[2]) < len(str(next_item)) + 1 and abs(ln.x - current.items[-1].x) < 3
                 and dotted[2] != str(next_item))
        if short:
            current.anomalies.append(Anomaly(ln.page, f"{dotted[1]}.{dotted[2]} printed for {current.number}.{next_item}"))
        if dotted and (int(dotted[1]) == current.number or misprint):
            n = next_item if short else int(dotted[2])
            item = Item(n, ln.page, f"{current.number}.{n}", ln.x)
            current.items.append(item)
            item.lines.append((ln.page, _strip_markers(dotted[3], page_notes, item)))
            continue
        if numbered:
            n = int(numbered[1])
            next_item = (current.items[-1].number + 1) if current.items else 1
            is_para = n == current.number + 1
            is_item = n == next_item
            if is_para and is_item:
                # told by the indent: an item is printed further right than its paragraph
                is_para = ln.x < max(current.x + 10, _item_x(current) - 10)
                is_item = not is_para
            if is_para:
                current = Paragraph(n, ln.page, ln.x, [_strip_markers(numbered[2], page_notes, None)])
                paragraphs.append(current)
                item = None
                continue
            if is_item:
                item = Item(n, ln.page, f"{current.number}.{n}", ln.x)
                current.items.append(item)
                item.lines.append((ln.page, _strip_markers(numbered[2], page_notes, item)))
                continue
        target_text = _strip_markers(text, page_notes, item)
        if item is not None and current.items and item is current.items[-1]:
            item.lines.append((ln.page, target_text))
        else:
            current.intro.append(target_text)
    return paragraphs


def _item_x(paragraph: Paragraph) -> float:
    return paragraph.x + 30 if not paragraph.items else paragraph.x + 20


# ---- responses ----

_NOTED = re.compile(r"(did|do|does) not (enjoy|receive|have) (the |its |their |his |her )?support|not (be )?accept|cannot accept|"
                    r"could not (accept|support)|reject|is not in a position to (accept|support)|"
                    r"not in a position to (accept|support)|does not support|do not support|"
                    r"unable to (accept|support)|are not relevant|not acceptable", re.I)
_SUPPORTED = re.compile(r"enjoys? (the |its |their |full )*support|agrees? to (follow|implement)|"
                        r"with the agreement of|\baccept(s|ed)?\b|agreed (on|to|with)|\bsupports?\b|"
                        r"already (been )?implemented|in the process of (being )?implement", re.I)
_PENDING = re.compile(r"will be examined|will examine|will (be )?consider|will provide (its )?responses?|"
                      r"in due (time|course)|will be (further )?examined|further examined|"
                      r"responses? .{0,80}will be included|will respond|will be responded|"
                      r"examined by .{0,60}which will provide", re.I)
_PASSIVE_NOTED = re.compile(r"recommendations (listed below |above |below )?(are|were|have been) noted", re.I)
_NOTE = re.compile(r"\bnoted\b|takes? note|took note", re.I)
_COMMENTS = re.compile(r"offers? the following comments|the following comments", re.I)


def response_rule(words: str) -> str:
    """supported / noted / pending from a paragraph's words ('' when none of them speaks).

    Order matters: "did not enjoy the support" is noted before "support" is read; "will be
    examined" is pending before a later "noted"; "noted" alone is noted."""
    if _NOTED.search(words) or _PASSIVE_NOTED.search(words):
        return NOTED
    if _PENDING.search(words):
        return PENDING
    if _SUPPORTED.search(words):
        return SUPPORTED
    if _NOTE.search(words):
        return NOTED
    return ""


_RESPONSE_PHRASES = (_NOTED, _PASSIVE_NOTED, _PENDING, _SUPPORTED, _NOTE)
_PHRASE_END = re.compile(r"^[^.;:,]*?\b(?=of|by|and|which|who|,|;|:|\.|$)")


def response_words(intro: str) -> str:
    """The report's own words of a response: each response phrase of the paragraph with the words
    that complete it up to the name of the State ("did not enjoy the support of Kazakhstan", "will be
    examined by India", "already implemented"), in the order printed, joined by " … "."""
    text = re.sub(r"\s+", " ", intro.split(":")[0])
    spans: list[tuple[int, int]] = []
    for pattern in _RESPONSE_PHRASES:
        for m in pattern.finditer(text):
            end = m.end()
            tail = re.match(r"^( (?:of|by) (?:the )?(?:[A-Z][\w’'\-]*(?: (?:of |and |the |d’|d')?[A-Z(][\w’'()\-]*)*))", text[end:])
            if tail:
                end += len(tail[1])
            spans.append((m.start(), end))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return " … ".join(text[a:b].strip() for a, b in merged)


# ---- items into recommendations ----

_SPLIT_AFTER = re.compile(r"^\s*(?:[;.,]\s*(?:and\s+)?|and\s+)(?=\S)")


def split_item(text: str) -> list[tuple[int, int, str, tuple[str, ...], str]]:
    """The recommendations of one printed item: (start, end, text, states, states as written).

    A recommendation ends at a group of States followed by ";", "." or "," (or "and") and more
    text that itself names States; groups joined by "/" or nothing stay in one recommendation."""
    found = state_groups(text)
    if not found:
        return [(0, len(text), text, (), "")]
    cuts: list[int] = []
    for k, (s, e, _) in enumerate(found[:-1]):
        rest = text[e:found[k + 1][0]]
        # "Ratify ICRMW (Argentina); (Ecuador); (El Salvador)": bare groups join the one before
        if _SPLIT_AFTER.match(text[e:]) and rest.strip(" ;.,") and not rest.lstrip().startswith("/"):
            cuts.append(e)
    parts = []
    begin = 0
    for cut in [*cuts, len(text)]:
        segment_start = begin
        segment = text[begin:cut]
        lead = len(segment) - len(segment.lstrip(" ;.,"))
        segment_start += lead
        segment = segment.strip(" ;.,")
        joined = re.match(r"^and\s+", segment)
        if joined:  # "…(Palestine, Pakistan); and withdraw …": the recommendation starts at its verb
            segment = segment[joined.end():]
            segment_start += joined.end()
        own = [(s, e, st) for s, e, st in found if segment_start <= s and e <= cut]
        states = tuple(dict.fromkeys(n for _, _, st in own for n in st))
        written = text[own[0][0]:own[-1][1]] if own else ""
        parts.append((segment_start, cut, segment, states, written))
        begin = cut
    return parts


def _clean_text(text: str) -> str:
    text = text.rstrip()
    while text.endswith((";", ".", ",")):
        text = text[:-1].rstrip()
    return text


_NAMED_IN_TEXT = re.compile(r"recommendations? (?:made )?(?:of|by) (?:the )?(?P<state>[A-Z][\w’'\- ]+?),? "
                            r"(?:reflected|contained|as reflected|in paragraph|\()")


def states_named_in_text(text: str) -> tuple[tuple[str, ...], str]:
    """Session 1 names some recommending States in the text ("With regard to the recommendation of
    Switzerland reflected in paragraph 35 above, …"): (States, as written) or ((), '')."""
    m = _NAMED_IN_TEXT.search(text)
    if not m:
        return (), ""
    state = upr_states.canonical(m["state"])
    return ((state,), m["state"]) if state else ((), "")


def item_recommendations(paragraph: Paragraph, item: Item, response: str, words: str) -> list[Recommendation]:
    """Rows of one printed item, each with the page its own text starts on."""
    folded, pieces = _folded_with_pages(item.lines)  # pieces: (offset in folded text, page)
    footnotes = " ".join(f"Footnote {m}: {t}" for m, t in item.footnotes.items())
    rows = []
    parts = split_item(folded)
    for k, (start, _end, text, states, written) in enumerate(parts, start=1):
        if not states:
            states, written = states_named_in_text(text)
        page = item.page
        for offset, pg in pieces:
            if offset <= start:
                page = pg
        rows.append(Recommendation(paragraph.number, item.number, k, item.label, _clean_text(text), states,
                                   re.sub(r"\s+", " ", written), page, response, words, footnotes))
    return rows


# ---- recommendations named by their dialogue paragraph ----

_REFERENCE = re.compile(r"paragraphs?\s+(\d.*?)(?:\s+(?:of the present report\s+)?(?:did|do|does|were|was|are|will|have|has)\b|$)",
                        re.I | re.S)


def references(text: str) -> list[tuple[int, str | None]]:
    """(dialogue paragraph, letter or None) for each recommendation a paragraph names by place:
    "paragraphs 27 (b), (c), 28 (a), 31, 43 (a)-(c)" -> (27,'b'), (27,'c'), (28,'a'), (31,None), …"""
    m = _REFERENCE.search(text)
    if not m:
        return []
    spec = m[1]
    out: list[tuple[int, str | None]] = []
    current: int | None = None
    for token in re.finditer(r"(\d{1,3})(?![\d.])|\(([a-z]{1,2})\)(?:\s*[-–]\s*\(([a-z])\))?|\(([^)]*)\)", spec):
        if token[1]:
            if current is not None and not any(p == current for p, _ in out):
                out.append((current, None))
            current = int(token[1])
        elif token[2] and current is not None:
            first, last = token[2], token[3]
            if last and len(first) == 1:
                out.extend((current, chr(c)) for c in range(ord(first), ord(last) + 1))
            else:
                out.append((current, first))
    if current is not None and not any(p == current for p, _ in out):
        out.append((current, None))
    return out


@dataclass
class DialogueParagraph:
    number: int
    page: int
    text: str
    pages: tuple[tuple[int, int], ...] = ()  # (offset in text, page) where each printed line starts

    def page_at(self, offset: int) -> int:
        """The page on which the character at `offset` of the text is printed."""
        page = self.page
        for start, pg in self.pages:
            if start <= offset:
                page = pg
        return page


def _folded_with_pages(lines: list[tuple[int, str]]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Lines folded as fold_lines does, with the offset at which each line's page starts."""
    text, marks = "", []
    for page, line in lines:
        marks.append((len(text), page))
        text = _join(text, line)
    return text, tuple(marks)


def dialogue_paragraphs(lines: list[BodyLine], end: int) -> dict[int, DialogueParagraph]:
    """The numbered paragraphs before the conclusions (the interactive dialogue among them)."""
    found: dict[int, DialogueParagraph] = {}
    current: list[tuple[int, str]] = []
    number, page = None, 0

    def close() -> None:
        if number is not None:
            text, marks = _folded_with_pages(current)
            found[number] = DialogueParagraph(number, page, text, marks)

    for ln in lines[:end]:
        m = _NUMBERED.match(ln.text)
        if m and (number is None or int(m[1]) == number + 1):
            close()
            number, page, current = int(m[1]), ln.page, [(ln.page, m[2])]
        elif number is not None:
            current.append((ln.page, ln.text))
    close()
    return found


_SPEAKING = re.compile(r"((?:[A-Z][\w’'\-]*)(?: (?:of |and |the |d’)?[A-Z(][\w’'()\-]*)*),? (?:also |further |then )?"
                       r"(?:recommended|asked|noted|welcomed|remained|said|stated|expressed|commended|acknowledged|"
                       r"encouraged|requested|inquired|urged|called|referred|highlighted|praised|appreciated|"
                       r"congratulated|observed|indicated|underlined|mentioned|reiterated|hoped|suggested|wished|"
                       r"emphasized|emphasised|stressed|raised|sought|added|recognized|recognised|was)\b")


def speaker(text: str) -> tuple[str, ...]:
    """The State whose statement a dialogue paragraph reports: its first words ("Australia welcomed
    …"), else the first State that speaks in it ("Noting that …, Sweden recommended …")."""
    words = text.split()
    for n in range(min(8, len(words)), 0, -1):
        candidate = " ".join(words[:n]).rstrip(",;:.")
        if candidate.lower() in {"the", "it"}:
            continue
        st = upr_states.canonical(candidate)
        if st and not candidate.lower().startswith(("in ", "with ", "it ")):
            return (st,)
    for m in _SPEAKING.finditer(text[:600]):
        name = m[1].split()
        for k in range(len(name)):
            st = upr_states.canonical(" ".join(name[k:]))
            if st:
                return (st,)
    return ()


_LETTERED = re.compile(r"(?:\(|(?<=[\s;,]))([a-z]{1,2})\)\s*")  # "(b) " or, misprinted, "c)taking"


_SENTENCE_END = re.compile(r"(?<=[\w)”’\"])[.;]\s+(?=[A-Z])")
_ABBREVIATIONS = re.compile(r"(?:\b(?:Mr|Ms|Mrs|Dr|St|No|Nos|Art|para|e\.g|i\.e|etc))$")


def first_sentence(text: str) -> str:
    """The text up to its first sentence end, not taking "Ms." or "e.g." for one."""
    for m in _SENTENCE_END.finditer(text):
        if not _ABBREVIATIONS.search(text[:m.start()]):
            return text[:m.start()]
    return text


def lettered(text: str) -> dict[str, tuple[str, int]]:
    """The lettered recommendations of a dialogue paragraph, "(a) …; (b) …" from the first "(a)":
    letter -> (text, offset of its start in the paragraph)."""
    starts = [m for m in _LETTERED.finditer(text)]
    a = next((i for i, m in enumerate(starts) if m[1] == "a"), None)
    if a is None:
        return {}
    out: dict[str, tuple[str, int]] = {}
    expected = "a"
    chosen = []
    for m in starts[a:]:
        if m[1] == expected:
            chosen.append(m)
            expected = chr(ord(expected) + 1)
    for k, m in enumerate(chosen):
        end = chosen[k + 1].start() if k + 1 < len(chosen) else len(text)
        piece = text[m.end():end].strip()
        # an item ends with its sentence: what follows is the dialogue again ("… executions.
        # Welcoming the softening …, it recommended")
        piece = first_sentence(piece)
        piece = re.sub(r"^that\s+", "", piece)
        piece = re.sub(r"\s*(;\s*and|;|,\s*and|and)$", "", piece.strip()).strip()
        out[m[1]] = (_clean_text(piece), m.end())
    return out


def nth_recommending_sentence(text: str, letter: str) -> tuple[str, int] | None:
    """The recommendation a reference letter names when the statement is not (fully) lettered:
    "(b)" is the second sentence that recommends ("Belgium recommended (a) that …. … Belgium
    recommended that Burundi respect …"); (text from after "recommended (that)", offset) or None."""
    starts = [m.start() for m in re.finditer(r"(?:^|(?<=\.\s))[A-Z]", text)] + [len(text)]
    sentences = [(text[a:b].strip(), a) for a, b in zip(starts, starts[1:])]
    hits = [(s, a) for s, a in sentences if re.search(r"recommend", s, re.I)]
    index = ord(letter) - ord("a")
    if not 0 <= index < len(hits):
        return None
    sentence, offset = hits[index]
    m = re.search(r"recommend\w*\s+(?:that\s+)?(?:\([a-z]\)\s*)?(?:that\s+)?", sentence)
    body = sentence[m.end():] if m else sentence
    return _clean_text(body), offset + (m.end() if m else 0)


def _recommendation_sentences(text: str) -> str:
    """A dialogue paragraph's recommendation when it is not lettered: the sentence(s) that recommend."""
    sentences = re.split(r"(?<=\.)\s+(?=[A-Z])", text)
    hits = [s for s in sentences if re.search(r"recommend", s, re.I)]
    if not hits:  # a State that "encouraged" or "requested" what the conclusions call its recommendation
        hits = [s for s in sentences if re.search(r"encourag|request|urged|called (on|upon)|invited", s, re.I)]
    return _clean_text(" ".join(hits))


# ---- the report ----

def parse(pdf: PdfLines, symbol: str | None = None) -> Report:
    """The report's front matter, recommendations, counts per paragraph and anomalies."""
    symbol = find_symbol(pdf) or symbol or "?"
    report = Report(symbol, find_state_under_review(pdf) or "", find_session(pdf), find_review_date(pdf),
                    len(pdf.pages))
    for page, error in enumerate(pdf.errors, start=1):
        if error:
            report.anomalies.append(Anomaly(page, f"page unreadable ({error})"))
    if not report.state_under_review:
        report.anomalies.append(Anomaly(1, "State under review not found"))
    if report.session is None:
        report.anomalies.append(Anomaly(1, "session not found"))
    if report.review_date is None:
        report.anomalies.append(Anomaly(1, "date of the review not found"))
    lines, notes = body_lines(pdf)
    start = conclusions_start(lines)
    if start is None:
        report.anomalies.append(Anomaly(len(pdf.pages), "no 'Conclusions and/or recommendations' heading"))
        return report
    paragraphs = parse_paragraphs(lines, start, notes)
    if not paragraphs:
        report.anomalies.append(Anomaly(lines[start - 1].page, "no numbered paragraph after the conclusions heading"))
        return report
    for para in paragraphs:
        report.anomalies.extend(para.anomalies)
    dialogue = dialogue_paragraphs(lines, start)
    _recommendations(report, paragraphs, dialogue)
    _check(report, paragraphs)
    return report


def _following_response(paragraphs: list[Paragraph], index: int) -> tuple[str, str]:
    """The response a later paragraph without items gives to "the above"/"these" recommendations,
    or to this paragraph by its number ("The response … to the recommendations in paragraphs 84
    and 85 will be provided in due course")."""
    number = paragraphs[index].number
    for later in paragraphs[index + 1:]:
        if later.items:
            continue
        words = later.intro_text
        named = re.search(rf"paragraphs?\s+(?:\d+,?\s+(?:and\s+)?)*{number}\b", words)
        if named or (later is paragraphs[index + 1] and re.search(
                r"\b(above|these|those|the recommendations|all recommendations|all the recommendations|the foregoing|this list)\b",
                words, re.I)):
            rule = response_rule(words)
            if rule:
                return rule, response_words(words)
    return "", ""


def _recommendations(report: Report, paragraphs: list[Paragraph], dialogue: dict[int, DialogueParagraph]) -> None:
    for index, para in enumerate(paragraphs):
        intro = para.intro_text
        words = response_words(intro)
        has_refs = bool(re.search(r"paragraphs?\s+\d", intro) and references(intro))
        if para.items and _COMMENTS.search(intro) and (has_refs or not any(
                state_groups(fold_lines([t for _, t in it.lines])) for it in para.items)):
            # the State's comments, items naming no State (A/HRC/8/19 para. 61); a paragraph that
            # also names dialogue recommendations ("Burundi takes note of the recommendations
            # reflected in paragraphs 23, 24 (b) …, and offers the following comments") gives those
            if not has_refs:
                report.paragraph_counts[para.number] = ("comments", 0)
                continue
        elif para.items:
            response = response_rule(intro)
            if not response:
                response, later_words = _following_response(paragraphs, index)
                if response:
                    words = f"{words} … {later_words}" if words else later_words
            if not response:
                report.anomalies.append(Anomaly(para.page, f"para. {para.number}: no response found in {words[:120]!r}"))
            rows = [r for it in para.items for r in item_recommendations(para, it, response, words)
                    if r.states or not _is_comment(r.text, report.state_under_review)]
            report.recommendations.extend(rows)
            report.paragraph_counts[para.number] = (response, len(rows))
            continue
        refs = references(intro) if re.search(r"paragraphs?\s+\d", intro) and re.search(
            r"recommendation", intro, re.I) else []
        # "With regard to recommendations in paragraph 103.2 above, Kenya …": a comment on the
        # conclusions' own items, which are rows already; so is a reference to a conclusions paragraph
        first = paragraphs[0].number
        own_items = re.search(r"(?:paragraphs?|recommendations?|Nos?\.)\s+\d+\.\s?\d", intro)
        if not refs or any(number >= first for number, _ in refs) or own_items:
            if refs or own_items:
                report.paragraph_counts[para.number] = ("comments", 0)
                _restate(report, para, first)
            continue
        response = response_rule(intro)
        if not response:
            report.anomalies.append(Anomaly(para.page, f"para. {para.number}: no response found in {words[:120]!r}"))
        rows = []
        for number, letter in dict.fromkeys(refs):  # a place named twice is one recommendation
            source = dialogue.get(number)
            if source is None:
                report.anomalies.append(Anomaly(para.page, f"para. {para.number}: dialogue paragraph {number} not found"))
                continue
            states = speaker(source.text)
            items = lettered(source.text)
            if letter is None:
                chosen = list(items.items()) or [("", (_recommendation_sentences(source.text), 0))]
            elif letter in items:
                chosen = [(letter, items[letter])]
            elif nth_recommending_sentence(source.text, letter):
                chosen = [(letter, nth_recommending_sentence(source.text, letter))]
                report.anomalies.append(Anomaly(source.page, f"para. {para.number}: ({letter}) of dialogue paragraph {number} "
                                                             f"read as its recommending sentence {letter}, the statement not being lettered"))
            else:
                report.anomalies.append(Anomaly(source.page, f"para. {para.number}: no ({letter}) in dialogue paragraph {number}"))
                continue
            for letter_found, (text, offset) in chosen:
                if not text:
                    report.anomalies.append(Anomaly(source.page, f"para. {para.number}: no recommendation in dialogue paragraph {number}"))
                    continue
                label = f"{number} ({letter_found})" if letter_found else f"{number}"
                rows.append(Recommendation(para.number, None, len(rows) + 1, label, text, states,
                                           "; ".join(states), source.page_at(offset), response, words))
        report.recommendations.extend(rows)
        report.paragraph_counts[para.number] = (response, len(rows))


def _is_comment(text: str, state: str) -> bool:
    """An item without States that is the State's own explanation ("Costa Rica explained that …")."""
    names = {state, "the State under review", "the Government", "the delegation"} - {""}
    return any(re.match(rf"^(?:the )?{re.escape(n)}\b", text, re.I) for n in names) and bool(
        re.search(r"\b(explained|indicated|considers|considered|noted|stated|clarified|recalled|wishes|informed)\b", text))


def own_references(text: str, first: int) -> list[tuple[int, int]]:
    """(paragraph, item) of the conclusions' own items a paragraph names: "recommendations 79.1 and
    79.2", "paragraph 103, No. 7", "recommendations Nos. 18, 19 … above" (of the first paragraph)."""
    found = [(int(p), int(i)) for p, i in re.findall(r"\b(\d{2,3})\.\s?(\d{1,3})\b", text) if int(p) >= first]
    for para, numbers in re.findall(r"paragraph (\d{2,3}),? Nos?\. ([\d ,and]+)", text):
        found += [(int(para), int(n)) for n in re.findall(r"\d+", numbers)]
    return found


def _restate(report: Report, para: Paragraph, first: int) -> None:
    """A comment that says some of the conclusions' own items "did not enjoy the support" or were
    "rejected" makes those rows noted, with the comment's words added to theirs."""
    intro = para.intro_text
    if response_rule(intro) != NOTED:
        return
    named = set(own_references(intro, first))
    for k, rec in enumerate(report.recommendations):
        if (rec.paragraph, rec.item) in named and rec.response != NOTED:
            words = f"{rec.response_words} … para. {para.number}: {response_words(intro)}".strip(" …")
            report.recommendations[k] = replace(rec, response=NOTED, response_words=words)
            report.anomalies.append(Anomaly(para.page, f"{rec.label}: response changed to noted by para. {para.number}"))


def _check(report: Report, paragraphs: list[Paragraph]) -> None:
    """Numbering without gaps or repeats, a State for every recommendation, at least one recommendation."""
    numbers = [p.number for p in paragraphs]
    for a, b in zip(numbers, numbers[1:]):
        if b != a + 1:
            report.anomalies.append(Anomaly(paragraphs[numbers.index(b)].page, f"paragraph {b} follows {a}"))
    for para in paragraphs:
        items = [it.number for it in para.items]
        for k, n in enumerate(items, start=1):
            if n != k:
                report.anomalies.append(Anomaly(para.items[k - 1].page,
                                                f"para. {para.number}: item {n} where {k} was expected"))
                break
    for rec in report.recommendations:
        if not rec.states:
            report.anomalies.append(Anomaly(rec.page, f"{rec.label} part {rec.part}: no recommending State"))
    if not report.recommendations:
        report.anomalies.append(Anomaly(paragraphs[0].page, "no recommendation found in the conclusions"))

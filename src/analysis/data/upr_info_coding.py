"""Our coding of every UPR recommendation to UPR Info's vocabulary: its issues (of the 54) and its
action category (1-5), by rules that follow UPR Info's published methodology.

This is our coding, not UPR Info's and not the UN's: the reports give neither. Why rules: some
40,000 recommendations can only be coded reproducibly, and each coding can be traced to the rule
(or the reviewed correction) that made it. The rules are data, so a reader can check them line by
line against the methodology (`../shared/reference/`: Database_Issues_explanation.pdf,
Database_Action_Category.pdf):

- `data/upr_info_issue_rules.csv` (pattern, issues, basis): a recommendation gets the issues of
  every pattern its text matches (case-insensitive; the recommending States left out), following
  the methodology's "always tagged" issues (1.1), its instruments rule (1.3: the instrument and the
  issue it concerns), its explicit-words rules (1.5 plan of action, 1.6 ESC / CP rights) and its
  chart of common quotes. When one recommendation names a group and more than one violation
  against it, UPR Info tags the group only (1.2); our rules do not apply that merging, so a
  recommendation may carry more issues than UPR Info would give it.
  No pattern: "General" when the text speaks of human rights in general, else "Other".
- `data/upr_info_action_verbs.csv` (verb, category, basis): the category of the recommendation's
  first verb, after a leading "To", "That", modal ("May", "Should") and adverbs; with the
  methodology's principles: two opening verbs ("Continue and strengthen") take the second; a
  general action (4) made specific by "by amending / adopting / …" is 5; a recommendation to
  other States or the international community ("Call on", "The international community") is 1.
- `data/upr_info_coding_corrections.csv` (id, field, value, reason): reviewed corrections, which
  win over the rules. A verb no rule knows gives category 4 and the rule says so ("no verb rule").
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache

from analysis.core import paths

ISSUE_RULES_FILE = "upr_info_issue_rules.csv"
VERB_FILE = "upr_info_action_verbs.csv"
CORRECTIONS_FILE = "upr_info_coding_corrections.csv"
SEPARATOR = "; "
CATEGORIES = {1: "minimal action", 2: "continuing action", 3: "considering action", 4: "general action",
              5: "specific action"}
DEFAULT_CATEGORY = 4


@dataclass(frozen=True)
class Coding:
    issues: tuple[str, ...]
    issue_rule: str
    action_category: int
    action_rule: str


def _read(name: str) -> list[dict[str, str]]:
    with (paths.REPO_ROOT / "data" / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@dataclass(frozen=True)
class IssueRule:
    pattern: re.Pattern[str]
    issues: tuple[str, ...]
    gate: tuple[str, ...]  # lower-case words one of which the text must hold for the pattern to match
    gate_pattern: re.Pattern[str] | None = None  # the gate as one pattern of literals (None: no gate)


def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a pattern ("a|b(c|d)" -> ["a", "b(c|d)"])."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts


def _literal(alternative: str) -> str | None:
    """The literal opening every match of the alternative starts with (lower-case), or None."""
    body = re.sub(r"^(\\b)+", "", alternative)
    m = re.match(r"[A-Za-z0-9 '\-]+", body)
    if not m:
        return None
    literal = m[0]
    if body[len(literal):][:1] in ("?", "*", "{"):
        literal = literal[:-1]
    return literal.lower() if len(literal) >= 3 else None


def gate_of(pattern: str, given: str = "") -> tuple[str, ...]:
    """Words one of which any match holds: the given gate, else each alternative's literal opening
    (empty when an alternative has none: the pattern is then always searched).

    Why: some 40,000 texts × 52 patterns made the coding most of the corpus's parse time; a
    substring test rules out most patterns for a text before the pattern is searched, and never
    changes what matches (tests/test_upr_info_coding.py checks the gated and ungated coding agree)."""
    if given:
        return tuple(w.strip().lower() for w in given.split("|") if w.strip())
    literals = [_literal(a) for a in _alternatives(pattern)]
    return () if any(lit is None for lit in literals) else tuple(lit for lit in literals if lit)


def lower_pattern(pattern: str) -> str:
    """The pattern for lower-case text: its letters lower-case, escapes (\\b, \\W) kept.

    Why: Python's re searches a lower-cased text with a lower-case pattern about three times
    faster than with IGNORECASE, and the matches are the same (tests/test_upr_info_coding.py)."""
    return re.sub(r"(\\.)|([A-Z])", lambda m: m.group(1) or m.group(2).lower(), pattern)


@lru_cache(maxsize=1)
def issue_rules() -> tuple[IssueRule, ...]:
    rules = []
    for r in _read(ISSUE_RULES_FILE):
        gate = gate_of(r["pattern"], r.get("gate", ""))
        rules.append(IssueRule(re.compile(lower_pattern(r["pattern"])), tuple(i.strip() for i in r["issues"].split(";")),
                               gate, re.compile("|".join(map(re.escape, gate))) if gate else None))
    return tuple(rules)


@lru_cache(maxsize=1)
def verbs() -> dict[str, int]:
    return {r["verb"]: int(r["category"]) for r in _read(VERB_FILE)}


@lru_cache(maxsize=1)
def corrections() -> dict[tuple[str, str], tuple[str, str]]:
    """(id, field) -> (value, reason)."""
    return {(r["id"], r["field"]): (r["value"], r["reason"]) for r in _read(CORRECTIONS_FILE)}


_GENERAL = re.compile(r"human rights|fundamental freedoms|democra|tolerance", re.I)


def issues_by_rule(text: str, gated: bool = True) -> tuple[tuple[str, ...], str]:
    """(issues, rule): the issues of every matching pattern, in the order of the issue list."""
    found: dict[str, str] = {}
    lower = text.lower()
    for rule in issue_rules():
        if gated and rule.gate_pattern is not None and rule.gate_pattern.search(lower) is None:
            continue
        m = rule.pattern.search(lower)
        if m:
            for issue in rule.issues:
                found.setdefault(issue, m[0])
    if not found:
        if _GENERAL.search(text):
            return ("General",), "General: human rights in general, no issue rule matched"
        return ("Other",), "Other: no issue rule matched"
    ordered = tuple(sorted(found, key=str.lower))
    return ordered, "; ".join(f"{i}: '{found[i]}'" for i in ordered)


_SKIP = re.compile(r"^(?:To|That|May|Should|Please|Kindly|also|further(?= \w+(?:e|en|y|ize|ise|t)\b)|fully|"
                   r"effectively|completely|clearly|progressively|urgently|actively|swiftly|promptly|duly|"
                   r"immediately|continuously|expeditiously|seriously|rapidly|quickly|systematically|"
                   r"consistently|strictly|vigorously|resolutely|firmly|genuinely|speedily|formally|"
                   r"positively|favourably|favorably|periodically|thoroughly|adequately|unconditionally|and|"
                   r"(?:it )?(?:is |was )?recommended (?:that|to) (?:the )?(?-i:[A-Z][\w\-]*(?: [A-Z][\w\-]*)*)(?: to)?)\b[\s,]*",
                   re.I)
# An opening phrase before the verb ("In line with …, adopt"): the verb follows the first comma.
_LEADING_PHRASE = re.compile(r"^(?:In|With|Within|As|Through|While|Given|Taking|Bearing|Building|Following|"
                             r"On|Based|Consistent|According|Pursuant|Under|Without|Upon|For|During)\b[^,]{0,140},\s*")
_OTHER_STATES = re.compile(r"^(the )?(international community|donors?|development partners|all States|"
                           r"States|OHCHR)\b|^call (on|upon)", re.I)
_BY_SPECIFIC = re.compile(r"\b(?:by|through) (?:amending|adopting|enacting|ratifying|establishing|abolishing|"
                          r"repealing|creating|introducing|acceding|implementing)\b", re.I)


def opening(text: str) -> str:
    """The recommendation's opening words, lower-case, after 'To', modals and adverbs."""
    rest = text.strip().lstrip("“\"'(")
    rest = _LEADING_PHRASE.sub("", rest, count=1)
    while True:
        stripped = _SKIP.sub("", rest, count=1)
        if stripped == rest:
            break
        rest = stripped
    return " ".join(re.findall(r"[A-Za-z-]+", rest)[:6]).lower()


@lru_cache(maxsize=1)
def _verb_forms() -> dict[str, tuple[str, int]]:
    """Every form of every verb ("continue", "continuing", "continues") -> (verb, category)."""
    table: dict[str, tuple[str, int]] = {}
    for verb, category in verbs().items():
        for form in _forms(verb):
            table.setdefault(form, (verb, category))
    return table


def _verb_at(words: str) -> tuple[str, int] | None:
    """The verb the words open with, the longest (three, two, then one word) first."""
    table = _verb_forms()
    split = words.split()
    for n in (3, 2, 1):
        if len(split) >= n:
            found = table.get(" ".join(split[:n]))
            if found:
                return found
    return None


def _forms(verb: str) -> tuple[str, ...]:
    """The verb and its -ing / -s forms ("continuing", "ensures"), as reports sometimes print."""
    head, _, tail = verb.partition(" ")
    stem = head[:-1] if head.endswith("e") and not head.endswith("ee") else head
    forms = [head, f"{stem}ing", f"{head}s"]
    return tuple(f"{f} {tail}".strip() for f in forms)


def category_by_rule(text: str) -> tuple[int, str]:
    """(category, rule) from the first verb and UPR Info's principles."""
    if _OTHER_STATES.search(text.strip()):
        return 1, "directed at other States or the international community: 1"
    words = opening(text)
    first = _verb_at(words)
    if first is None:
        return DEFAULT_CATEGORY, f"no verb rule for '{' '.join(words.split()[:3])}': {DEFAULT_CATEGORY}"
    verb, category = first
    rest = words[len(verb):].strip()
    rest = re.sub(r"^(its|their|to|the)\s+", "", rest)
    second = re.match(r"^(?:and|&)\s+(.*)$", rest)
    if second:
        nxt = _verb_at(second[1])
        if nxt:
            verb, category = nxt[0], nxt[1]
            rule = f"two opening verbs, the second privileged: '{verb}': {category}"
        else:
            rule = f"verb '{verb}': {category}"
    else:
        rule = f"verb '{verb}': {category}"
    if category == 4 and _BY_SPECIFIC.search(text):
        return 5, f"{rule}; made specific by '{_BY_SPECIFIC.search(text)[0]}': 5"
    return category, rule


def code(row_id: str, body: str) -> Coding:
    """Our coding of one recommendation from its text without its States, corrections applied."""
    issues, issue_rule = issues_by_rule(body)
    category, action_rule = category_by_rule(body)
    fixes = corrections()
    if (row_id, "issues") in fixes:
        value, reason = fixes[(row_id, "issues")]
        issues, issue_rule = tuple(i.strip() for i in value.split(";")), f"correction: {reason}"
    if (row_id, "action_category") in fixes:
        value, reason = fixes[(row_id, "action_category")]
        category, action_rule = int(value), f"correction: {reason}"
    return Coding(issues, issue_rule, category, action_rule)


def check_corrections(known_ids: set[str], issue_names: set[str], documents: set[str] | None = None) -> list[str]:
    """Problems of the corrections file: unknown ids, fields, issues or categories. With `documents`
    (the reports parsed), only corrections of those reports' rows are checked for their id."""
    problems = []
    for (row_id, field), (value, _) in corrections().items():
        if documents is not None and not any(row_id.startswith(f"{d}-") for d in documents):
            continue
        if row_id not in known_ids:
            problems.append(f"{CORRECTIONS_FILE}: unknown id {row_id!r}")
        if field == "issues":
            bad = [i.strip() for i in value.split(";") if i.strip() not in issue_names]
            if bad:
                problems.append(f"{CORRECTIONS_FILE}: {row_id}: unknown issues {bad}")
        elif field == "action_category":
            if value not in {str(c) for c in CATEGORIES}:
                problems.append(f"{CORRECTIONS_FILE}: {row_id}: category {value!r} is not 1-5")
        else:
            problems.append(f"{CORRECTIONS_FILE}: {row_id}: unknown field {field!r}")
    return problems

"""Recommending States named as the UPR reports print them, canonicalised through country_converter.

Why a library: the 303 Working Group reports of 2008-2014 spell the same State many ways
("Islamic Republic of Iran", "Iran (Islamic Republic of)", "Bosnia-Herzegovina", "Viet Nam", "the
Holy See"); country_converter (coco) recognises such spellings by its kept regular expressions and
gives each State its ISO 3166 alpha-3 code. Our name for a State is the library's short name,
except where the reports' UN form differs (the UN writes "Iran (Islamic Republic of)", coco
"Iran"): those few forms are reviewed data, `data/upr_state_names.csv` (iso3, name, reason), and so
are the spellings the library does not know or reads wrongly, `data/upr_state_spellings.csv`
(spelling, iso3, reason; iso3 empty for a name that is not a State).

coco 1.3.2 reads its own table with pandas' default missing values, so Namibia's ISO2 code "NA"
becomes a missing value and the converter fails to start under pandas 3; the table is therefore
read here with no missing values but empty cells and handed to coco's public `country_data`.
"""

from __future__ import annotations

import csv
import logging
import re
from functools import lru_cache
from pathlib import Path

from analysis.core import paths

NAMES_FILE = "upr_state_names.csv"
SPELLINGS_FILE = "upr_state_spellings.csv"
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "‟": "'", "′": "'"})


@lru_cache(maxsize=1)
def _converter():  # noqa: ANN202 - country_converter.CountryConverter
    import country_converter as coco
    import pandas as pd

    logging.getLogger("country_converter").setLevel(logging.ERROR)
    table = Path(coco.__file__).with_name("country_data.tsv")
    data = pd.read_csv(table, sep="\t", encoding="utf-8", keep_default_na=False, na_values=[""])
    return coco.CountryConverter(country_data=data)


def _read_reviewed(name: str) -> list[dict[str, str]]:
    file = paths.REPO_ROOT / "data" / name
    with file.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@lru_cache(maxsize=1)
def reviewed_names() -> dict[str, str]:
    """iso3 -> our name, where the UN form differs from the library's short name."""
    return {row["iso3"]: row["name"] for row in _read_reviewed(NAMES_FILE)}


@lru_cache(maxsize=1)
def reviewed_spellings() -> dict[str, str]:
    """spelling (whitespace folded, straight apostrophes) -> iso3 ('' for a name that is no State)."""
    return {fold(row["spelling"]): row["iso3"] for row in _read_reviewed(SPELLINGS_FILE)}


def fold(name: str) -> str:
    """A spelling as compared: whitespace folded, straight apostrophes, no leading 'the'."""
    name = re.sub(r"\s+", " ", name.translate(_APOSTROPHES)).strip().strip(",;.")
    return re.sub(r"^the ", "", name, flags=re.I)


_LETTERS = re.compile(r"^[A-ZÅÇÉ][\w'’\-. ()éèôçíáó]*$")


@lru_cache(maxsize=8192)
def iso3(spelling: str) -> str | None:
    """The ISO alpha-3 code of the State a spelling names, or None when it names no State (or several)."""
    folded = fold(spelling)
    reviewed = reviewed_spellings()
    if folded in reviewed:
        return reviewed[folded] or None
    if folded.isupper() or not _LETTERS.match(folded) or len(folded) > 60 or len(folded.split()) > 8:
        return None
    exact = _exact_names().get(folded.lower())
    if exact:
        return exact
    # coco returns the input itself for not_found=None: ask for a marker that is no code
    code = _converter().convert(folded, to="ISO3", not_found="-")
    if not isinstance(code, str) or code not in _codes():
        return None
    # coco's expressions are unanchored: "Convention on the Rights of the Child of Niger" would be
    # Niger. A spelling is a State only when its words are (nearly) all of the State's names.
    if not _plausible(folded, code):
        return None
    return code


@lru_cache(maxsize=1)
def _exact_names() -> dict[str, str]:
    """The library's short and official names and our reviewed names, lower-case -> code: most
    spellings are one of them, and a dictionary look-up spares the library's 250 expressions."""
    conv = _converter()
    table: dict[str, str] = {}
    for column in ("name_short", "name_official"):
        for code, value in zip(conv.data["ISO3"], conv.data[column]):
            if isinstance(value, str) and isinstance(code, str):
                table.setdefault(fold(value).lower(), code)
    for code, value in reviewed_names().items():
        table[fold(value).lower()] = code
    return table


@lru_cache(maxsize=1)
def _codes() -> frozenset[str]:
    return frozenset(str(c) for c in _converter().data["ISO3"])


@lru_cache(maxsize=512)
def _names_of(code: str) -> frozenset[str]:
    conv = _converter()
    names = {str(conv.convert(code, src="ISO3", to=k, not_found="")) for k in ("name_short", "name_official")}
    names.add(reviewed_names().get(code, ""))
    return frozenset(fold(n).lower() for n in names if n)


def _plausible(spelling: str, code: str) -> bool:
    """True when every significant word of the spelling is a word of one of the State's names,
    or the spelling is short (one to three words, as "Viet Nam", "Bosnia-Herzegovina")."""
    words = [w for w in re.findall(r"[\w'’]+", spelling.lower()) if w not in {"of", "the", "and"}]
    if len(words) <= 3:
        return True
    known = set(re.findall(r"[\w'’]+", " ".join(_names_of(code))))
    return sum(w in known for w in words) >= len(words) - 1


@lru_cache(maxsize=512)
def name(code: str) -> str:
    """Our name of the State with this ISO alpha-3 code: the reviewed UN form, else the library's short name."""
    reviewed = reviewed_names()
    if code in reviewed:
        return reviewed[code]
    return str(_converter().convert(code, src="ISO3", to="name_short", not_found=code))


def canonical(spelling: str) -> str | None:
    """Our name of the State a spelling names, or None."""
    code = iso3(spelling)
    return name(code) if code else None


def _top_level_split(text: str) -> list[str]:
    """Parts of a list separated by commas, semicolons or slashes outside parentheses."""
    parts, depth, start = [], 0, 0
    for i, c in enumerate(text):
        if c == "(":
            depth += 1
        elif c == ")":
            depth = max(0, depth - 1)
        elif c in ",;/" and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def _missing_comma(part: str) -> tuple[str, str] | None:
    """Two States printed without the comma between them ("Chile Egypt"), or None."""
    words = part.split()
    for k in range(1, len(words)):
        first, second = canonical(" ".join(words[:k])), canonical(" ".join(words[k:]))
        if first and second:
            return first, second
    return None


@lru_cache(maxsize=16384)
def states_in(group: str) -> tuple[str, ...] | None:
    """Our names of the States a parenthesised group lists ("Argentina, Brazil and Austria"), or None
    when any part of it is not a State."""
    folded = re.sub(r"\s+", " ", group).strip()
    if not folded:
        return None
    whole = canonical(folded)  # "Venezuela, Bolivarian Republic of" is one State
    if whole:
        return (whole,)
    found: list[str] = []
    for part in _top_level_split(folded):
        part = re.sub(r"^and ", "", part).strip()
        one = canonical(part)
        if one:
            found.append(one)
            continue
        pieces = [p.strip() for p in re.split(r"\s+and\s+", part) if p.strip()]
        if len(pieces) < 2:
            pair = _missing_comma(part)
            if pair is None:
                return None
            found.extend(pair)
            continue
        names = [canonical(p) for p in pieces]
        if not all(names):
            return None
        found.extend(n for n in names if n)
    return tuple(dict.fromkeys(found)) if found else None

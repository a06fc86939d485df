"""Every section heading and document title the data cites has its Russian rendering, so Russian
source lines never fall back to the English words alone (the audit's W-RU-32)."""

from __future__ import annotations

import csv

import pytest

from analysis.words import attribution
from analysis.words.i18n import catalogue
from analysis.core.paths import REPO_ROOT

DATA = REPO_ROOT / "data"


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _headings() -> set[str]:
    found = set()
    for path in DATA.glob("*.csv"):
        for row in _rows(path.name):
            for part in attribution.locator_parts(row.get("locator") or ""):
                if attribution.endnote_numbers(part) is None and not any(
                        rx.match(part) for rx in (attribution._ANNEX, attribution._COVER, attribution._PAGE,
                                                  attribution._PARAGRAPH)):
                    found.add(part)
    return found


@pytest.mark.parametrize("heading", sorted(_headings()))
def test_every_heading_in_the_data_reads_in_russian(heading: str) -> None:
    words = attribution.heading_words(heading, "ru")
    assert words, f"no Russian heading for {heading!r}: add source.heading.<slug> to locales/*/sources.json"
    # The body cites the Russian heading alone (docs/russian-style.md §3): no English repeated in every citation.
    assert attribution._section(heading, "ru", "section") == f"раздел «{words}»" and heading not in words


def test_every_document_title_reads_in_russian() -> None:
    missing = [r["document_id"] for r in _rows("documents.csv")
               if f"source.title.{r['document_id']}" not in catalogue("ru")]
    assert missing == [], f"documents without a Russian title in locales/ru/sources.json: {missing}"


def test_title_templates_take_their_numbers_from_the_data() -> None:
    """The English entry, filled with the data title's numbers, is the data's title: when the data's
    words change, the Russian title beside it is out of date."""
    from analysis.words import claims
    from analysis.words.i18n import t

    for r in _rows("documents.csv"):
        numbers = claims._NUMBER_WORD.findall(r["title"])
        fields = {f"n{i}": n for i, n in enumerate(numbers)}
        assert t(f"source.title.{r['document_id']}", "en", **fields) == r["title"], r["document_id"]
        ru = t(f"source.title.{r['document_id']}", "ru", **fields)
        assert "{" not in ru, r["document_id"]

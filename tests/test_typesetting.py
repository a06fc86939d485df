"""The typesetting pass (analysis.words.typeset) and its rules on everything published.

Each rule fails on a planted defect, the pass keeps claim markers and ledger spans whole, every
renderer applies it (summaries, the chart kit's wrapping, HTML pages, the briefing), and the texts
in figures/ break no rule: no dash after an ordinary space, no line that begins with a dash, no full
date without «года», no «п.», «№» or «сноска» split from its number (docs/russian-style.md §7).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from analysis.words import claims
from analysis.words.typeset import NBSP, text_language, typeset
from support import published_texts as published

FIGURES = Path(__file__).resolve().parents[1] / "figures"


# ---- the pass ----

@pytest.mark.parametrize("text, expected", [
    ("силы безопасности — этнические узбеки", "силы безопасности\u00a0— этнические узбеки"),
    ("в Жанаозене и в Алматы", "в\u00a0Жанаозене и\u00a0в\u00a0Алматы"),
    ("(п. 124)", "(п.\u00a0124)"),
    ("рекомендация № 92", "рекомендация №\u00a092"),
    ("[сноска 5]", "[сноска\u00a05]"),
    ("около 13\u00a0000 долл. США", "около 13\u00a0000\u00a0долл.\u00a0США"),
    ("12 рекомендаций", "12\u00a0рекомендаций"),
    ("16 декабря 2011:", "16\u00a0декабря\u00a02011\u00a0года:"),
    ("16 декабря 2011 года", "16\u00a0декабря\u00a02011\u00a0года"),
    ("(часть 1 из 3)", "(часть\u00a01\u00a0из\u00a03)"),
    ("121 + 7 = 128", "121\u00a0+\u00a07\u00a0=\u00a0128"),
    ("в том числе огнестрельного", "в\u00a0том\u00a0числе огнестрельного"),
    ("с тех пор закрыто", "с\u00a0тех\u00a0пор закрыто"),
    ("при «чрезвычайной ситуации»", "при\u00a0«чрезвычайной ситуации»"),
])
def test_russian_rules(text: str, expected: str) -> None:
    assert typeset(text, "ru") == expected
    assert typeset(expected, "ru") == expected  # idempotent


@pytest.mark.parametrize("text, expected", [
    ("see para. 124 and No. 7", "see para.\u00a0124 and No.\u00a07"),
    ("endnote 12; Article 15", "endnote\u00a012; Article\u00a015"),
])
def test_english_rules(text: str, expected: str) -> None:
    assert typeset(text, "en") == expected


def test_english_is_left_alone_where_no_rule_applies() -> None:
    text = "Protesters were killed in Zhanaozen on 16 December 2011 — according to the source."
    assert typeset(text, "en") == text


def test_claim_markers_stay_whole_and_the_year_word_goes_after_the_claim() -> None:
    with claims.collecting():
        row = {"id": "r1", "date": "2011-12-16", "value": 5}
        marked = ("Дата: " + claims.reported(row, "date", "16 декабря 2011") + " — и "
                  + claims.reported(row, "value", "5") + " лет")
        plain, spans = claims.finish(typeset(marked, "ru"))
    assert plain == "Дата: 16\u00a0декабря\u00a02011\u00a0года\u00a0— и\u00a05\u00a0лет"
    assert [plain[s.start:s.end] for s in spans] == ["16\u00a0декабря\u00a02011", "5"]


def test_a_claimed_text_keeps_its_spans_on_the_claims() -> None:
    text = claims.ClaimedText("На 16 декабря 2011 и 5 лет", [
        claims.Span(3, 18, claims.Claim("reference", "16 декабря 2011")), claims.Span(21, 22, claims.Claim("reference", "5"))])
    out = typeset(text, "ru")
    assert isinstance(out, claims.ClaimedText)
    assert [out[s.start:s.end].replace(NBSP, " ") for s in out.spans] == ["16 декабря 2011", "5"]
    assert "2011\u00a0года" in out


def test_the_language_of_a_drawn_text() -> None:
    assert text_language("Жалобы на пытки") == "ru" and text_language("Torture complaints") == "en"


# ---- the rule checks fail on planted defects ----

def test_the_checks_catch_planted_defects() -> None:
    assert published.dashes_without_nbsp("узбеков — этнических")
    assert not published.dashes_without_nbsp("узбеков\u00a0— этнических")
    assert published.lines_beginning_with_dash("приняты к сведению\n— 1 (наш подсчёт).")
    assert published.dates_without_year_word("16 декабря 2011: силы безопасности")
    assert not published.dates_without_year_word("16\u00a0декабря\u00a02011\u00a0года: силы")
    assert published.split_locators("(п. 124)") and published.split_locators("сноска\n5")
    assert not published.split_locators("(п.\u00a0124), сноска\u00a05, №\u00a092")


# ---- every renderer applies the pass ----

def test_the_chart_kit_never_breaks_where_the_pass_glues() -> None:
    from analysis.kit import charts

    text = ("Закон о связи: приостановление связи при «чрезвычайной ситуации социального характера» "
            "в том числе 16 декабря 2011 года — по данным Генеральной прокуратуры (п. 126)")
    for width in (60, 90, 140, 200):
        lines = charts.wrap(text, width, 9)
        assert not any(line.startswith("—") for line in lines), lines
        assert not any(re.search(r"(?:^|\s)(?:при|в|по|п\.)$", line) for line in lines), lines
        assert "".join(lines).count("года") == 1


def test_summaries_pages_and_the_briefing_are_typeset() -> None:
    from analysis.build.briefing import Composer
    from analysis.build.gallery import environment
    from analysis.words import narrative

    doc = narrative.markdown(narrative.document("Заголовок", lang="ru", lead=["В Жанаозене — 16 декабря 2011."],
                                                source="Источник: X."))
    assert "В\u00a0Жанаозене\u00a0— 16\u00a0декабря\u00a02011\u00a0года." in doc
    page = environment().from_string("<p>{{ text }}</p>").render(text="по данным доклада — сноска 5")
    assert "по\u00a0данным доклада\u00a0— сноска\u00a05" in page
    composer = Composer(lang="ru")
    composer.add("para", "приняты к сведению — 1 (п. 126)")
    text, _entries, _blocks = composer.finish()
    assert "сведению\u00a0—" in text and "п.\u00a0126" in text


# ---- the published texts ----

def _russian() -> list[tuple[str, str]]:
    if not (FIGURES / "ru").is_dir():
        pytest.skip("figures/ru is not built")
    return published.russian_texts(FIGURES)


RULES = {
    "dash without a no-break space": published.dashes_without_nbsp,
    "line beginning with a dash": published.lines_beginning_with_dash,
    "full date without «года»": published.dates_without_year_word,
    "«п.», «№», «сноска» split from its number": published.split_locators,
}


# The briefing is read from the PDF (pdftotext writes a no-break space as a space): what it can
# show is where the PDF broke its lines.
PDF_RULES = {
    "dash without a no-break space": published.lines_beginning_with_dash,
    "line beginning with a dash": published.lines_beginning_with_dash,
    "full date without «года»": published.dates_without_year_word,
    "«п.», «№», «сноска» split from its number": lambda text: [m.group() for m in re.finditer(
        r"(?:\bп\.|№|\bсноск\w*)\n\s*\d+", text)],
}


@pytest.mark.parametrize("rule", sorted(RULES))
def test_every_published_russian_text_keeps_the_rule(rule: str) -> None:
    found = [f"{where}: {hit!r}" for where, text in _russian()
             for hit in (PDF_RULES if where.endswith(".pdf") else RULES)[rule](text)]
    assert found == [], f"{len(found)} × {rule}:\n" + "\n".join(found[:20])


def test_published_english_keeps_para_and_no_with_their_numbers() -> None:
    if not (FIGURES / "en").is_dir():
        pytest.skip("figures/en is not built")
    split = re.compile(r"\b(?:para|paras|No)\.(?: |\n)(?=\d)")
    found = []
    for path in sorted((FIGURES / "en").glob("*/summary.en.md")) + sorted((FIGURES / "en").glob("*/*.svg")):
        text = path.read_text(encoding="utf-8")
        found += [f"{path}: {text[m.start():m.end() + 5]!r}" for m in split.finditer(text)]
    assert found == [], "\n".join(found[:20])


# ---- the key reads in the order of the bars (Russian audit 70) ----

@pytest.mark.parametrize("n, ncols", [(3, 2), (5, 2), (7, 3), (6, 3), (4, 4), (2, 1)])
def test_a_key_in_columns_reads_row_by_row_in_the_order_given(n: int, ncols: int) -> None:
    from analysis.kit.charts import reading_order

    order = reading_order(n, ncols)
    rows, long_cols = divmod(n, ncols)  # matplotlib fills each column top to bottom, the first ones longer
    columns, start = [], 0
    for c in range(ncols):
        size = rows + 1 if c < long_cols else rows
        columns.append(order[start:start + size])
        start += size
    read = [col[r] for r in range(max(map(len, columns))) for col in columns if r < len(col)]
    assert read == list(range(n))

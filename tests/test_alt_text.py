"""Alt text at most alt_text.MAX_CHARS characters: in every published figure (sidecar, manifest and
claims ledger agree) and in a fresh render of every theme in both languages; a chart with more items
than fit reads out the first ones and sends the reader to the figure page's data table."""

from __future__ import annotations

import json

import pytest

from analysis.words import alt_text, claims, i18n
from analysis.core.paths import REPO_ROOT
from analysis.themes import base
from analysis.kit.sizes import SIZES
from support import sweeps

# Reads the session's drawing of every theme (conftest theme_charts): one worker draws it once.
pytestmark = pytest.mark.xdist_group("theme_charts")

FIGURES = REPO_ROOT / "figures"
THEMES = base.THEMES


def _sidecars():
    return sorted(p for p in FIGURES.rglob("*.json") if not p.name.endswith(".claims.json") and p.name != "manifest.json")


def test_every_published_alt_text_is_short_enough():
    manifest = json.loads((FIGURES / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["figures"]) > 50
    long = {f["id"]: len(f["alt_text"]) for f in manifest["figures"] if len(f["alt_text"]) > alt_text.MAX_CHARS}
    assert not long, f"alt text longer than {alt_text.MAX_CHARS} characters: {long}"
    for path in _sidecars():
        sidecar = json.loads(path.read_text(encoding="utf-8"))
        text = sidecar["alt_text"]
        assert len(text) <= alt_text.MAX_CHARS, path
        for entry in sidecar["claims"]:  # the ledger's spans lie in this (short) text
            if entry.get("field") == "alt_text":
                assert entry["end"] <= len(text) and text[entry["start"]:entry["end"]] == entry["text"], path


@pytest.mark.parametrize(("name", "lang", "size"),
                         [case for name in THEMES for case in sweeps.cases(("en", "ru"), SIZES, before=(name,))])
def test_a_fresh_render_of_every_theme_keeps_alt_text_short(name, lang, size, theme_charts):
    for chart in theme_charts(name, lang, size):
        assert len(chart.alt_text) <= alt_text.MAX_CHARS, (name, lang, size, chart.name, len(chart.alt_text))
        assert not claims.has_marks(chart.alt_text)


def test_the_long_charts_name_the_table_for_the_rest():
    manifest = json.loads((FIGURES / "manifest.json").read_text(encoding="utf-8"))
    by_id = {f["id"]: f for f in manifest["figures"]}
    for figure_id in ("en/06_timeline/timeline", "ru/06_timeline/timeline", "en/00_overview/key_figures",
                      "en/04_upr_follow_up/cited_by_state", "ru/07_upr_2014_outcome/follow_up"):
        entry = by_id[figure_id]
        words = [i18n.t("chart.alt.rest", entry["lang"], items=""), i18n.t("chart.alt.rest_sentence", entry["lang"])]
        alt = entry["alt_text"].replace("\u00a0", " ")  # typeset (words.typeset)
        assert any(w.strip("; ") in alt for w in words), figure_id
    short = by_id["en/02_zhanaozen/detentions"]["alt_text"]  # a chart whose items all fit says nothing of it
    assert "data table" not in short


def test_sentences_is_an_interval_chart_not_a_dot_chart():
    manifest = json.loads((FIGURES / "manifest.json").read_text(encoding="utf-8"))
    for f in manifest["figures"]:
        if f["chart"] == "sentences":
            assert f["alt_text"].startswith(i18n.t("chart.alt.kind.interval", f["lang"]) + ":"), f["id"]


def _render(kept, cut):
    return "Chart: things. " + "; ".join(kept[0]) + (" (more in the table)" if cut else "") + "."


def test_fit_keeps_whole_items_in_order_and_says_when_it_cut():
    items = [f"item {chr(97 + i)} " + "x" * 40 for i in range(40)]
    text = alt_text.fit([items], _render, limit=300)
    assert len(text) <= 300 and text.endswith("(more in the table).")
    kept = text[len("Chart: things. "):-len(" (more in the table).")].split("; ")
    assert kept == items[:len(kept)] and len(kept) >= 4
    assert alt_text.fit([items[:2]], _render, limit=300) == _render([items[:2]], False)  # all fit: unchanged


def test_fit_takes_groups_in_turn():
    groups = [["a1", "a2", "a3"], ["b1", "b2", "b3"]]
    text = alt_text.fit(groups, lambda kept, cut: " | ".join(",".join(k) for k in kept) + (" +" if cut else ""), limit=14)
    assert text == "a1,a2 | b1 +"


def test_fit_never_splits_a_claim():
    with claims.collecting():
        items = [claims.counted(n, str(n), what="things") + " things" + " x" * 20 for n in range(10, 40)]
        marked = alt_text.fit([items], _render, limit=200)
        plain, spans = claims.finish(marked)
    assert len(plain) <= 200 and spans
    assert all(plain[s.start:s.end] == s.claim.text for s in spans)


def test_fit_refuses_a_frame_too_long_even_without_items():
    with pytest.raises(ValueError, match="longer than 10 characters"):
        alt_text.fit([["a"]], _render, limit=10)

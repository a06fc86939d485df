"""The ledger check (analysis.words.ledger) passes on every published text under figures/ and fails,
naming file and text, on planted defects; a text that states an unaccounted number is never written."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from analysis.words import claims, ledger
from analysis.kit import report
from analysis.core.paths import REPO_ROOT

FIGURES = REPO_ROOT / "figures"
DATA = REPO_ROOT / "data"


def test_every_published_text_passes_the_ledger_check():
    assert [str(p) for p in ledger.check_outputs(FIGURES, DATA)] == []


def test_every_published_text_has_its_ledger():
    summaries = sorted(FIGURES.rglob("summary.*.md"))
    assert summaries
    for summary in summaries:
        assert summary.with_name(summary.name[:-3] + ".claims.json").is_file(), summary
    for sidecar in FIGURES.rglob("*.json"):
        data = json.loads(sidecar.read_text(encoding="utf-8"))
        if isinstance(data, dict) and "alt_text" in data:
            assert "claims" in data and "drawn" in data, sidecar


@pytest.fixture
def zhanaozen(tmp_path: Path) -> Path:
    """A copy of the published English Zhanaozen folder to plant defects in."""
    folder = tmp_path / "en" / "02_zhanaozen"
    shutil.copytree(FIGURES / "en" / "02_zhanaozen", folder)
    return folder


def _summary(folder: Path) -> tuple[Path, Path, str, dict]:
    md = folder / "summary.en.md"
    path = folder / "summary.en.claims.json"
    return md, path, md.read_text(encoding="utf-8"), json.loads(path.read_text(encoding="utf-8"))


def _append(folder: Path, sentence: str, entries: list[dict]) -> None:
    """Add a sentence at the end of the summary, with ledger entries whose positions are relative to it."""
    md, path, text, ledger_json = _summary(folder)
    at = len(text)
    md.write_text(text + sentence + "\n", encoding="utf-8")
    for e in entries:
        start = at + sentence.index(e["text"])
        ledger_json["claims"].append({**e, "start": start, "end": start + len(e["text"])})
    path.write_text(json.dumps(ledger_json, ensure_ascii=False), encoding="utf-8")


def _problems(folder: Path) -> list[str]:
    return [str(p) for p in ledger.check_outputs(folder.parent, DATA)]


def test_a_number_with_no_claim_is_named_with_its_file_and_text(zhanaozen):
    _append(zhanaozen, "The counts differ by as many as 570 people.", [])
    [problem] = _problems(zhanaozen)
    assert "summary.en.md" in problem and "The counts differ by as many as 570 people." in problem
    assert "number '570' has no claim" in problem


def test_an_unlabelled_derived_number_is_refused(zhanaozen):
    entry = {"text": "415", "kind": "derived", "rows": ["tc-2011", "tc-2012"], "method": "difference",
             "label": "calculation", "value": 415}
    _append(zhanaozen, "That is 415 more.", [entry])
    [problem] = _problems(zhanaozen)
    assert "That is 415 more." in problem and "not labelled as ours" in problem
    zhanaozen2 = zhanaozen  # the same sentence, labelled, passes
    md, path, text, data = _summary(zhanaozen2)
    md.write_text(text.replace("That is 415 more.", "That is 415 more (our calculation)."), encoding="utf-8")
    assert _problems(zhanaozen2) == []


def test_a_difference_across_claimants_is_refused(zhanaozen):
    entry = {"text": "570", "kind": "derived", "rows": ["zh-detained-gpo", "zh-detained-eyewitnesses"],
             "method": "difference", "label": "calculation", "value": 570}
    _append(zhanaozen, "By our calculation the counts differ by 570.", [entry])
    problems = _problems(zhanaozen)
    assert any("different claimants" in p and "eyewitnesses, general_prosecutors_office" in p for p in problems)
    assert any("bound" in p for p in problems)  # and the eyewitness figure is an upper bound


def test_a_ledger_row_that_does_not_exist_is_named(zhanaozen):
    md, path, text, data = _summary(zhanaozen)
    reported = next(e for e in data["claims"] if e["kind"] == "reported")
    reported["rows"] = ["zh-no-such-row"]
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert any("row 'zh-no-such-row', which is not in data/" in p for p in _problems(zhanaozen))


def test_a_ledger_value_that_differs_from_the_data_is_named(zhanaozen):
    md, path, text, data = _summary(zhanaozen)
    entry = next(e for e in data["claims"] if e["kind"] == "reported" and e.get("column") == "value"
                 and e["rows"] == ["zh-detained-eyewitnesses"])
    entry["value"] = 701
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert any("gives value 701 for row 'zh-detained-eyewitnesses'" in p and "'700'" in p
               for p in _problems(zhanaozen))


def test_a_drawn_text_must_match_the_svg_and_its_ledger(zhanaozen):
    sidecar = zhanaozen / "detentions.json"
    data = json.loads(sidecar.read_text(encoding="utf-8"))
    data["title"] = data["title"] + " (570)"
    sidecar.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert any("detentions.json title" in p and "number '570' has no claim" in p for p in _problems(zhanaozen))
    svg = zhanaozen / "detentions.svg"
    svg.write_text(svg.read_text(encoding="utf-8").replace("<!-- 130 -->", "<!-- 131 -->"), encoding="utf-8")
    assert any("SVG's texts differ" in p for p in _problems(zhanaozen))


def test_a_published_projection_is_refused(zhanaozen):
    entry = {"text": "883", "kind": "derived", "rows": ["tc-2013-jan-sep"], "method": "projection",
             "label": "estimate", "value": 883, "projection_of": "general_prosecutors_office"}
    _append(zhanaozen, "About 883 in the whole year (our estimate).", [entry])
    assert any("projection of general_prosecutors_office's statistic is not published" in p
               for p in _problems(zhanaozen))


def test_russian_labels_and_attributions_are_read_too():
    text = "Это на 415 больше (наш расчёт)."
    ok = [{"text": "415", "start": 7, "end": 10, "kind": "derived", "label": "calculation", "method": "difference"}]
    assert ledger.text_problems(text, ok, "ru", "x") == []
    bad = "По данным Генеральной прокуратуры, это на 415 больше (наш расчёт)."
    entry = [{**ok[0], "start": bad.index("415"), "end": bad.index("415") + 3}]
    assert any("names a claimant" in str(p) for p in ledger.text_problems(bad, entry, "ru", "x"))


def test_write_summary_refuses_an_unaccounted_number_and_writes_nothing(tmp_path):
    with pytest.raises(claims.ClaimError, match="number '570' has no claim"):
        report.write_summary("The counts differ by 570.", tmp_path, "en")
    assert list(tmp_path.iterdir()) == []


def test_tokens_skip_link_targets_but_not_text():
    text = "Chart 2 of 3 ![alt 15](timeline-2.png)"
    assert [t.text for t in ledger.tokens(text)] == ["2", "3", "15"]


def test_two_drawn_texts_of_one_number_keep_their_own_claims(tmp_path, close_figures):
    """A tile of 15 killed (reported) and a tile of 15 recommendations (our count) both draw "15":
    each drawn "15" is credited to the claim it was drawn from, never both to the first."""
    import json as _json

    from analysis.kit import charts
    from analysis.kit.export import save_figure

    killed = {"id": "zh-killed", "value": 15, "qualifier": "exact", "claimant": "Amnesty International"}
    recommendations = [{"id": f"rec2014-{i}"} for i in range(15)]
    with claims.collecting() as made:
        fig, ax = charts.new_figure("web")
        ax.set_axis_off()
        ax.text(0.1, 0.5, claims.reported(killed, "value", "15"))
        ax.text(0.6, 0.5, claims.counted(15, "15", what="the recommendations listed", rows=recommendations))
        charts.frame(fig, title="Two tiles", subtitle="Killed, and recommendations listed (our count)", source="Source: test")
        sidecar = save_figure(fig, tmp_path / "tiles", alt_text="Two tiles.", title="Two tiles",
                              formats=("svg",), claims=made.all())
    drawn = {c["field"]: c for c in sidecar["claims"] if c["field"].startswith("drawn[") and c["text"] == "15"}
    assert len(drawn) == 2, sidecar["claims"]
    kinds = sorted((c["kind"], tuple(c["rows"])[:1]) for c in drawn.values())
    assert kinds == [("derived", ("rec2014-0",)), ("reported", ("zh-killed",))], kinds
    assert _json.loads((tmp_path / "tiles.json").read_text(encoding="utf-8"))["claims"] == sidecar["claims"]

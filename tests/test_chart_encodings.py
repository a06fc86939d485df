"""What each encoding draws: bounds as bounds, words as words, partial periods marked, claimants
named; and the frame around the plot."""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import pytest
from matplotlib.colors import to_hex
from matplotlib.patches import FancyArrowPatch, Rectangle

from analysis.kit import charts, encodings, palette


def bars(ax) -> list[Rectangle]:
    """Rectangles with a fill or an outline (not the axes background)."""
    return [p for p in ax.patches if isinstance(p, Rectangle)]


def texts(ax) -> list[str]:
    return [t.get_text() for t in ax.texts]


def key_labels(fig) -> list[str]:
    return list(charts.key_entries(fig))


@pytest.fixture
def web():
    fig, ax = charts.new_figure("web")
    yield fig, ax
    plt.close(fig)


def test_unquantified_amount_is_words_not_a_bar(web, zhanaozen_rows) -> None:
    fig, ax = web
    encodings.qualified_bars(ax, zhanaozen_rows, lang="en")
    assert len(bars(ax)) == 3  # killed, detained, arrested; nothing for "hundreds"
    assert sorted(r.get_width() for r in bars(ax)) == [15, 16, 130]
    words = [t for t in ax.texts if t.get_text() == "hundreds"]
    assert len(words) == 1 and words[0].get_style() == "italic"
    assert not any(re.fullmatch(r"\d+", t) and int(t) > 130 for t in texts(ax))
    assert key_labels(fig) == ["No number given (source's words)"]


def test_at_most_is_a_hollow_bound_with_a_cap(web, detained_rows) -> None:
    fig, ax = web
    encodings.qualified_bars(ax, detained_rows.assign(label=["Official", "Eyewitnesses"]), lang="en")
    solid, hollow = bars(ax)
    assert solid.get_fill() and to_hex(solid.get_facecolor()) == palette.BLUE.lower()
    assert to_hex(hollow.get_facecolor()) == "#ffffff" and hollow.get_linestyle() != "-"
    caps = [line for line in ax.lines if list(line.get_xdata()) == [700, 700]]
    assert len(caps) == 1
    assert "as many as 700" in texts(ax) and "130" in texts(ax)
    assert key_labels(fig) == ["As many as (upper bound)"]


def test_at_least_carries_an_arrow_past_the_bar(web, extradition_rows) -> None:
    fig, ax = web
    encodings.qualified_bars(ax, extradition_rows, lang="ru")
    arrows = [p for p in ax.patches if isinstance(p, FancyArrowPatch)] + \
             [t.arrow_patch for t in ax.texts if getattr(t, "arrow_patch", None) is not None]
    assert len(arrows) == 1
    assert "не менее 12" in texts(ax)
    assert key_labels(fig) == ["Не менее (нижняя граница)"]


def test_approximate_is_lighter_with_a_dashed_edge(web, money_rows) -> None:
    fig, ax = web
    encodings.qualified_bars(ax, money_rows, lang="en")
    approx = [r for r in bars(ax) if r.get_width() == 13000][0]
    assert to_hex(approx.get_facecolor()) == palette.tint(palette.BLUE, encodings.APPROX_TINT)
    assert approx.get_linestyle() != "-"
    assert "roughly 13,000" in texts(ax) and "as many as 30,000" in texts(ax)


def test_range_is_an_interval_not_a_bar(web, sentence_rows) -> None:
    fig, ax = web
    encodings.intervals(ax, sentence_rows, lang="en")
    assert bars(ax) == []
    spans = [line for line in ax.lines if sorted(line.get_xdata()) == [5, 7]]
    assert spans, "no 5–7 interval drawn"
    assert "5–7" in texts(ax) and "as many as 3" in texts(ax)
    assert key_labels(fig) == ["Range", "As many as (upper bound)"]


def test_partial_period_is_hatched_named_and_estimate_outlined(web, torture_rows) -> None:
    from support.chart_samples import torture_estimate

    fig, ax = web
    encodings.partial_period_bars(ax, torture_rows, lang="en", estimates=torture_estimate(torture_rows))
    hatched = [r for r in bars(ax) if r.get_hatch()]
    assert [r.get_height() for r in hatched] == [662]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2011", "2012", "2013\nJan–Sep only"]
    outline = [r for r in bars(ax) if r.get_facecolor()[3] == 0 and r.get_height() == pytest.approx(662 / 9 * 12)]
    assert len(outline) == 1
    assert "our estimate: 883" in texts(ax)
    assert key_labels(fig) == ["January–September only", "Our estimate, not a figure from the source"]


def test_estimate_must_match_a_row(web, torture_rows) -> None:
    import pandas as pd

    _fig, ax = web
    with pytest.raises(ValueError, match="estimate for '2014' has no matching row"):
        encodings.partial_period_bars(ax, torture_rows, lang="en", estimates=pd.DataFrame({"label": ["2014"], "value": [1.0]}))


def test_conflicting_claims_are_side_by_side_and_named(web, detained_rows) -> None:
    fig, ax = web
    encodings.conflicting_claims(ax, detained_rows, lang="en")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["General Prosecutor's Office", "Eyewitnesses"]
    colours = {to_hex(r.get_edgecolor()) for r in bars(ax)}
    assert len(colours) == 2
    assert {"130", "as many as 700"} <= set(texts(ax))


def test_conflicting_claims_in_russian_and_with_groups(web, detained_rows) -> None:
    import pandas as pd

    _fig, ax = web
    both = pd.concat([detained_rows, detained_rows.assign(label="Arrested", value=[16, 50])], ignore_index=True)
    encodings.conflicting_claims(ax, both, lang="ru")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Генеральная прокуратура", "Очевидцы"] * 2
    assert {"Detained after 16 December 2011", "Arrested"} <= set(texts(ax))


def test_a_claim_without_claimant_is_refused(web, detained_rows) -> None:
    _fig, ax = web
    bad = detained_rows.copy()
    bad.loc[1, "claimant"] = ""
    with pytest.raises(ValueError, match="row det-eye: column 'claimant' is empty"):
        encodings.conflicting_claims(ax, bad, lang="en")


def test_fact_panel_shows_words_for_words(web) -> None:
    from support.chart_samples import facts

    _fig, ax = web
    encodings.fact_panel(ax, facts(), lang="ru")
    shown = texts(ax)
    assert {"15", "сотни", "до 700", "не менее 12"} <= set(shown)
    assert not ax.axison


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", {"as many as USD 30,000", "roughly USD 13,000", "5–7 years", "as many as 3 years"}),
    ("ru", {"до 30\u00a0000 долл. США", "около 13\u00a0000 долл. США", "5–7 лет", "до 3 лет"}),
])
def test_fact_panel_writes_money_in_its_currency_and_durations_with_their_unit(web, money_rows, sentence_rows,
                                                                               lang, expected) -> None:
    import pandas as pd

    _fig, ax = web
    rows = pd.concat([money_rows, sentence_rows], ignore_index=True)
    encodings.fact_panel(ax, rows, lang=lang)
    assert expected <= set(texts(ax))
    assert [encodings.fact_value(r, lang) for _, r in rows.iterrows()] == [
        t for t in texts(ax) if t in expected]


def test_fact_panel_names_claimants_but_the_authors_own(web, detained_rows) -> None:
    _fig, ax = web
    encodings.fact_panel(ax, detained_rows, lang="en", author="eyewitnesses")
    captions = {" ".join(t.split()) for t in texts(ax)}  # captions wrap onto lines
    assert {"Detained after 16 December 2011 (General Prosecutor's Office)",
            "Detained after 16 December 2011"} <= captions


def _ticks(fig, ax, axis: str = "x") -> list[float]:
    fig.canvas.draw()
    low, high = sorted(getattr(ax, f"get_{axis}lim")())
    return [v for v in getattr(ax, f"get_{axis}ticks")() if low <= v <= high]


@pytest.mark.parametrize("axis", ["x", "y"])
def test_small_counts_tick_every_whole_number(web, axis) -> None:
    fig, ax = web
    getattr(ax, f"set_{axis}lim")(0, 6.4)
    charts.number_axis(ax, axis, "en")
    assert _ticks(fig, ax, axis) == [0, 1, 2, 3, 4, 5, 6]


def test_larger_ranges_and_fractions_keep_nice_steps(web) -> None:
    fig, ax = web
    ax.set_xlim(0, 40)
    charts.number_axis(ax, "x", "en")
    assert _ticks(fig, ax) == [0, 10, 20, 30, 40]
    ax.set_xlim(0, 2)
    charts.number_axis(ax, "x", "en", integer=False)
    assert _ticks(fig, ax) == [0, 0.5, 1, 1.5, 2]


def test_whole_number_ticks_give_way_when_their_labels_would_touch(web) -> None:
    fig, ax = web
    ax.set_position([0.1, 0.1, 0.04, 0.8])  # a very short x axis
    ax.set_xlim(0, 9.5)
    charts.number_axis(ax, "x", "en")
    ticks = _ticks(fig, ax)
    assert len(ticks) >= 2 and ticks[1] - ticks[0] > 1
    boxes = [label.get_window_extent() for label in ax.get_xticklabels() if label.get_text()]
    assert not any(a.overlaps(b) for a, b in zip(boxes, boxes[1:]))


def test_russian_value_axis_groups_thousands(web, money_rows) -> None:
    fig, ax = web
    encodings.qualified_bars(ax, money_rows, lang="ru")
    fig.canvas.draw()
    assert "30\u00a0000" in [t.get_text() for t in ax.get_xticklabels()]


# ---- frame ----

def test_frame_places_title_left_and_source_bottom_left(web, torture_rows, chart_documents) -> None:
    from analysis.words.attribution import source_line

    fig, ax = web
    encodings.partial_period_bars(ax, torture_rows, lang="en")
    source = source_line(torture_rows, chart_documents, "en")
    charts.frame(fig, title="Complaints", subtitle="By year", source=source, notes=["A note."])
    fig.canvas.draw()
    by_gid = {t.get_gid(): t for t in fig.texts}
    title, sub, src, notes = (by_gid[f"chart-{r}"] for r in ("title", "subtitle", "source", "notes"))
    renderer = fig.canvas.get_renderer()
    boxes = {k: t.get_window_extent(renderer) for k, t in
             {"title": title, "sub": sub, "src": src, "notes": notes}.items()}
    left = charts.figure_preset(fig).margin_pt / 72 * fig.dpi
    for k, box in boxes.items():
        assert box.x0 == pytest.approx(left, abs=2), k
        assert box.x1 <= fig.bbox.width - left + 1, f"{k} runs past the right margin"
    axes_box = ax.get_tightbbox(renderer)
    assert boxes["title"].y0 > boxes["sub"].y1 - 1 > axes_box.y1
    assert axes_box.y0 > boxes["notes"].y1 and boxes["notes"].y0 > boxes["src"].y1 - 1
    assert src.get_text().replace("\n", " ").replace("\u00a0", " ") == source  # typeset (words.typeset)
    assert charts.frame_info(fig)["notes"] == ["A note."]


def test_frame_wraps_long_text_within_the_width(torture_rows) -> None:
    fig, ax = charts.new_figure("print-single")
    try:
        encodings.partial_period_bars(ax, torture_rows, lang="en")
        charts.frame(fig, title="Torture complaints registered by the General Prosecutor's Office rose sharply",
                     subtitle="", source="Source: " + "long words " * 12)
        fig.canvas.draw()
        width = fig.bbox.width
        for text in fig.texts:
            assert text.get_window_extent().x1 <= width, text.get_text()
        assert "\n" in [t for t in fig.texts if t.get_gid() == "chart-title"][0].get_text()
    finally:
        plt.close(fig)


def test_frame_refuses_missing_parts_and_crowding(web) -> None:
    fig, _ax = web
    with pytest.raises(ValueError, match="needs a source line"):
        charts.frame(fig, title="T", subtitle="", source="")
    with pytest.raises(ValueError, match="leave .* for the plot"):
        charts.frame(fig, title="T", subtitle="", source="Source: x", notes=["a note"] * 30)


def test_frame_twice_is_an_error(web) -> None:
    fig, _ax = web
    charts.frame(fig, title="T", subtitle="", source="Source: x")
    with pytest.raises(ValueError, match="already called"):
        charts.frame(fig, title="T", subtitle="", source="Source: x")


def test_figures_not_made_by_the_kit_are_refused() -> None:
    fig = plt.figure()
    try:
        with pytest.raises(ValueError, match="new_figure"):
            charts.frame(fig, title="T", subtitle="", source="Source: x")
    finally:
        plt.close(fig)


def test_unknown_size_lists_the_valid_ones() -> None:
    with pytest.raises(ValueError, match="expected one of web, print-single, print-double"):
        charts.new_figure("a4")

"""Theme 06 timeline: dates at the source's precision (a month is the whole month, never a made-up
day), which dated rows join the events, the theme filter, the Russian event texts tracking the
English data, pages for print, and the summary in both languages."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest
from matplotlib import dates as mdates
from matplotlib.patches import Rectangle

from analysis.words import narrative
from analysis.words.i18n import LOCALES_DIR
from analysis.kit.sizes import PRINT_MAX_HEIGHT_MM
from analysis.kit import charts as kit
from analysis.themes import timeline as theme
from support import sweeps
from support.published_texts import as_published, plain

LANGS = ("en", "ru")


@pytest.fixture(scope="session")
def tables():
    return theme.load_tables()


# ---- dates at their precision ----

@pytest.mark.parametrize("date, precision, end, start_exp, end_exp", [
    ("2011-06", "month", None, "2011-06-01", "2011-07-01"),
    ("2012-02", "month", None, "2012-02-01", "2012-03-01"),
    ("2010", "year", None, "2010-01-01", "2011-01-01"),
    ("2011-12-16", "day", None, "2011-12-16", "2011-12-17"),
    ("2014-10", "month", "2014-11", "2014-10-01", "2014-12-01"),
])
def test_a_date_spans_the_time_its_precision_covers(date, precision, end, start_exp, end_exp):
    assert theme.span(date, precision, end) == (pd.Timestamp(start_exp), pd.Timestamp(end_exp))


def test_a_date_that_does_not_match_its_precision_is_refused_with_its_row():
    with pytest.raises(ValueError, match=r"events\.csv row ev-x: column 'date': '2011' does not have month precision"):
        theme.span("2011", "month", where="events.csv row ev-x")
    with pytest.raises(ValueError, match="column 'date_precision'"):
        theme.span("2011", "week")
    with pytest.raises(ValueError, match="column 'date_end'"):
        theme.span("2012-05", "month", "2012-04")


@pytest.mark.parametrize("lang, date, precision, end, short, expected", [
    ("en", "2011-06", "month", None, False, "June 2011"),
    ("en", "2011-06", "month", None, True, "Jun 2011"),
    ("en", "2010", "year", None, True, "2010"),
    ("en", "2011-12-16", "day", None, True, "16 December 2011"),
    ("en", "2014-10", "month", "2014-11", False, "October–November 2014"),
    ("ru", "2011-06", "month", None, False, "июнь 2011"),
    ("ru", "2012-07-10", "day", None, True, "10.07.2012"),  # a chart's date column: docs/russian-style.md §7
    ("ru", "2014-10", "month", "2014-11", True, "окт.–нояб. 2014"),
])
def test_date_words_keep_the_precision(lang, date, precision, end, short, expected):
    assert theme.date_words(date, precision, end, lang=lang, short=short) == expected


def test_every_placed_event_is_drawn_over_its_whole_month_or_year(tables):
    rows = theme.dated_events(tables)
    for _, r in rows.iterrows():
        assert (r["start"], r["end"]) == theme.span(r["date"], r["date_precision"], r["date_end"] or None)
        if r["date_precision"] in ("month", "year"):
            assert r["start"].day == 1 and r["end"].day == 1, r["id"]


def test_drawn_marks_have_the_width_of_their_precision(tables, close_figures):
    rows = theme.dated_events(tables).assign(label=lambda d: d["event"])
    pages = theme.draw_timeline(rows, lang="en", size="web", title="t", subtitle="", themes=theme.theme_ids(tables),
                                source_for=lambda page: "Source: test.")
    ax = pages[0].fig.axes[0]
    widths = sorted(round(p.get_width()) for p in ax.patches if isinstance(p, Rectangle))
    expected = sorted([round((mdates.date2num(r["end"]) - mdates.date2num(r["start"])))
                       for _, r in rows.iterrows() if r["date_precision"] != "day"]
                      + [round(mdates.date2num(x["end"]) - mdates.date2num(x["start"]))
                         for x in rows["second"] if x and x["date_precision"] != "day"])
    assert widths == expected
    assert all(w >= 28 for w in widths)  # no month or year squeezed to a day
    days = [line for line in ax.lines if line.get_marker() == "D"]
    seconds = [r["second"] for _, r in rows.iterrows() if r["second"]]  # an event the source dates twice
    assert len(days) == int((rows["date_precision"] == "day").sum()) + sum(
        1 for x in seconds if x["date_precision"] == "day")


# ---- which rows are events ----

def test_excerpts_overlap_on_containment_seams_and_masked_numbers():
    a = "The publication of the Pravdivaya Gazeta newspaper was suspended for three months in August 2013"
    assert theme.excerpts_overlap(a, "was suspended for three months in August 2013 for exceeding its print-run by 1,000")
    assert theme.excerpts_overlap(a, a.replace("three", "10"))
    assert not theme.excerpts_overlap(a, "In August 2013, the newspaper was fined and banned from publishing.")
    assert not theme.excerpts_overlap(a, None)


def test_every_dated_row_is_an_event_or_stands_for_itself(tables):
    rows = theme.timeline_rows(tables)
    absorbed = {x for cell in rows["also_in"] for x in cell.split(", ") if x}
    own = {f"{t}:{i}" for t, i in zip(rows["table"], rows["id"])}
    expected = set()
    for name in ("media_actions", "compensation"):
        expected |= {f"{name}:{i}" for i, d in zip(tables[name]["id"], tables[name]["date"]) if pd.notna(d)}
    docs = tables["documents"]
    expected |= {f"documents:{i}" for i, d, m in zip(docs["document_id"], docs["published"], docs["mentioned_in"])
                 if pd.notna(d) and m != i}  # a document the submission does not mention is not its event
    assert expected <= absorbed | own
    # one entry per event: a row that is the same event as another is that entry's second date
    merged = int(tables["events"]["same_event_as"].notna().sum())
    assert len(rows[rows["table"] == "events"]) == len(tables["events"]) - merged


def test_a_dated_row_no_event_tells_gets_its_own_place(tables):
    changed = dict(tables)
    actions = tables["media_actions"].copy()
    i = actions.index[actions["id"] == "ma-pg-closed"][0]
    actions.loc[i, "date"] = "2014-03"  # no event on that date any more
    changed["media_actions"] = actions
    rows = theme.dated_events(changed)
    own = rows[rows["id"] == "ma-pg-closed"]
    assert len(own) == 1 and own.iloc[0]["theme"] == "expression"
    assert own.iloc[0]["start"] == pd.Timestamp("2014-03-01")
    assert theme.event_text(own.iloc[0], "en") == "Pravdivaya Gazeta closed down by a court's decision"
    assert "«Правдивая газета»" in theme.event_text(own.iloc[0], "ru")


def test_facts_dated_only_relatively_are_listed_not_placed(tables):
    missing = theme.unplaced(tables)
    relative = tables["events"][tables["events"]["date"].isna()]
    assert set(relative["id"]) <= set(missing["id"])
    assert missing["start"].isna().all()
    words = theme.relative_date_words(missing[missing["id"].isin(relative["id"])].iloc[0], "ru")
    assert words and "год спустя" in words or "впоследствии" in words


# ---- themes ----

def test_theme_filter(tables):
    ids = theme.theme_ids(tables)
    assert theme.select_themes([], ids) == ids
    assert theme.select_themes(["torture", "assembly"], ids) == [x for x in ids if x in ("torture", "assembly")]
    with pytest.raises(ValueError, match="'tortura' not among the theme ids"):
        theme.select_themes(["tortura"], ids)
    with pytest.raises(ValueError, match="must be a list"):
        theme.select_themes("torture", ids)
    only = theme.dated_events(tables, ["non_refoulement"])
    events = tables["events"]
    assert len(only) == int(((events["theme"] == "non_refoulement") & events["date"].notna()).sum())


def test_each_theme_keeps_its_colour_whatever_the_filter(tables):
    ids = theme.theme_ids(tables)
    assert theme.theme_colors(ids)["torture"] == theme.theme_colors(ids)["torture"]
    assert len(set(theme.theme_colors(ids).values())) == len(ids)


# ---- words ----

def test_russian_event_texts_track_the_english_data(tables):
    """The English catalogue entry, filled with the data text's numbers, must be the data text:
    when the data's words change, the Russian translation beside it is out of date."""
    en = json.loads((LOCALES_DIR / "en" / "theme_timeline.json").read_text(encoding="utf-8"))
    for _, e in tables["events"].iterrows():
        key = f"timeline.event.{e['id']}"
        numbers = theme.number_words(str(e["event"]))
        assert en[key].format(**{f"n{i}": n for i, n in enumerate(numbers)}) == str(e["event"]), key
        ru = theme.event_text({"kind": "event", "id": e["id"], "event": e["event"]}, "ru")
        for n in numbers:
            assert n in ru, (key, n)


def test_a_changed_number_flows_into_the_russian_text_and_changed_words_are_refused(tables):
    e = tables["events"].set_index("id").loc["ev-2013-12-cat-441-2010"]
    row = {"kind": "event", "id": "ev-2013-12-cat-441-2010", "event": str(e["event"]).replace("15", "16")}
    assert "статью 16" in theme.event_text(row, "ru")
    row["event"] = "Something else happened"
    with pytest.raises(ValueError, match="out of date"):
        theme.event_text(row, "ru")


# ---- pages ----

def test_split_and_paginate():
    from analysis.kit.pages import paginate, split_rows

    assert split_rows([1.0] * 6, 2) == [[0, 1, 2], [3, 4, 5]]
    assert paginate([10.0] * 5, None) == [[0, 1, 2, 3, 4]]
    pages = paginate([10.0] * 5, lambda page: len(page) <= 2)
    assert [i for p in pages for i in p] == list(range(5)) and all(len(p) <= 2 for p in pages)


@pytest.mark.parametrize("lang, size", sweeps.listed([("en", "print-single"), ("ru", "print-single"), ("ru", "print-double")]))
def test_print_pages_stay_within_the_page_and_hold_every_event(tables, lang, size, close_figures):
    charts = theme.charts(tables, lang=lang, size=size)
    assert sum(len(c.rows) for c in charts) == len(theme.dated_events(tables))
    for chart in charts:
        assert chart.fig.get_size_inches()[1] * 25.4 <= PRINT_MAX_HEIGHT_MM + 1e-6
    if len(charts) > 1:
        assert [c.name for c in charts] == [f"timeline-{n}" for n in range(1, len(charts) + 1)]


@pytest.mark.parametrize("lang, size", sweeps.listed([("en", "web"), ("ru", "web"), ("ru", "print-single")]))
def test_event_labels_never_overlap(tables, lang, size, close_figures):
    for chart in theme.charts(tables, lang=lang, size=size):
        fig = chart.fig
        fig.draw_without_rendering()
        renderer = fig.canvas.get_renderer()
        labels = [t for t in fig.axes[0].texts if t.get_gid() == "timeline-label"]
        assert labels, chart.name
        boxes = sorted((t.get_window_extent(renderer) for t in labels), key=lambda b: -b.y1)
        for upper, lower in zip(boxes, boxes[1:]):
            assert lower.y1 <= upper.y0 + 0.5, (chart.name, upper, lower)
        figbox = fig.bbox
        for b in boxes:
            assert b.x0 >= figbox.x0 - 0.5 and b.y0 >= figbox.y0 - 0.5


def test_web_chart_is_one_page_taller_than_the_preset(tables, close_figures):
    charts = theme.charts(tables, lang="en", size="web")
    assert [c.name for c in charts] == ["timeline"]
    w, h = charts[0].fig.get_size_inches()
    assert h > w * 675 / 1200


# ---- summary ----

@pytest.mark.parametrize("lang", LANGS)
def test_summary_lists_every_event_with_its_date_claimant_and_locator(tables, lang):
    rows = theme.dated_events(tables)
    text = narrative.markdown(theme.summary(tables, lang=lang))
    flat = " ".join(plain(text).split())
    count = {"en": f"{len(rows)} dated entries (our count)", "ru": f"{len(rows)} запис"}[lang]  # Russian: запись / записи / записей
    assert count in flat
    for _, r in rows.iterrows():
        date = theme.entry_date_words(r, lang)
        item = f"{date[:1].upper()}{date[1:]}: {theme.event_text(r, lang)}"
        assert " ".join(as_published(item, lang).split()) in flat, item
    for claimant in set(rows["claimant"]):
        assert narrative.according_to(claimant, lang) in flat
    assert narrative.cite(rows.iloc[0]["locator"], lang) in flat
    for _, r in theme.unplaced(tables).iterrows():
        assert theme.event_text(r, lang) in flat
    assert {"en": "a year later", "ru": "год спустя"}[lang] in flat.lower()


def test_summary_for_selected_themes_names_only_their_events(tables):
    text = narrative.markdown(theme.summary(tables, lang="en", themes=["assembly"]))
    rows = theme.dated_events(tables, ["assembly"])
    assert f"{len(rows)} dated entr" in text
    other = theme.dated_events(tables, ["expression"]).iloc[0]
    assert theme.event_text(other, "en") not in text


def test_key_figures_are_empty_with_the_common_columns(tables):
    kf = theme.key_figures(tables)
    assert kf.empty and {"label", "value", "qualifier", "claimant", "locator"} <= set(kf.columns)


# ---- time as a reader reads it (the audit's F-06 to F-08) ----

def test_a_month_entry_follows_the_days_of_its_month(tables):
    rows = theme.dated_events(tables)
    order = list(rows["id"])
    assert order.index("ev-2011-12-16-zhanaozen") < order.index("ev-2011-12-gpo-investigation")
    # a year known only to the year comes after that year's months, unless it opens a period
    assert order.index("ev-2013-12-cat-441-2010") < order.index("ev-2013-communications-law")
    assert order.index("ev-2011-counter-terrorism-operations") < order.index("ev-2011-01-extradition-amendment")


def test_since_2011_is_open_and_drawn_open_to_the_end_of_the_axis(tables, close_figures):
    rows = theme.dated_events(tables)
    since = rows[rows["id"] == "ev-2011-counter-terrorism-operations"].iloc[0]
    assert since["open_ended"] and since["date_end"] == ""  # no invented end
    assert theme.entry_date_words(since, "en") == "since 2011"
    assert theme.entry_date_words(since, "ru") == "с 2011 года"
    drawn = rows.assign(label=rows["event"])
    pages = theme.draw_timeline(drawn, lang="en", size="web", title="t", subtitle="", themes=theme.theme_ids(tables),
                                source_for=lambda page: "Source: test.")
    ax = pages[0].fig.axes[0]
    x_end = ax.get_xlim()[1]
    assert mdates.num2date(x_end).year >= 2014
    arrows = [a for a in ax.texts if getattr(a, "arrow_patch", None) is not None and a.get_text() == ""]
    assert len(arrows) == 1 and arrows[0].xy[0] == x_end  # the period runs on to the end of the axis
    assert any(t.get_text() == "since 2011" for t in ax.texts)


def test_the_gerasimov_decision_is_one_entry_with_two_dates(tables, close_figures):
    rows = theme.dated_events(tables)
    assert "ev-2012-07-10-cat-433-2010" not in set(rows["id"])
    entry = rows[rows["id"] == "ev-2012-05-cat-gerasimov-decision"].iloc[0]
    assert entry["second"]["id"] == "ev-2012-07-10-cat-433-2010"
    assert theme.entry_date_words(entry, "en") == "May 2012 and 10 July 2012"
    label = theme.event_label(entry, "en")
    assert "May 2012 in its text" in label and "10 July 2012 in endnote 5" in label  # each date names the other
    drawn = rows.assign(label=[theme.event_label(r, "en") for _, r in rows.iterrows()])
    pages = theme.draw_timeline(drawn, lang="en", size="web", title="t", subtitle="", themes=theme.theme_ids(tables),
                                source_for=lambda page: "Source: test.")
    labels = [t.get_text() for t in pages[0].fig.axes[0].texts]
    assert "May 2012" in labels and "10 July 2012" in labels


def test_print_parts_are_titled_with_their_own_span(tables, close_figures):
    charts = theme.charts(tables, lang="en", size="print-double")
    if len(charts) == 1:
        pytest.skip("the print timeline fits one page")
    spans = []
    for chart in charts:
        m = re.search(r"(\d{4})–(\d{4}) \((\d) of (\d)\)$", chart.title)
        assert m, chart.title
        spans.append((int(m.group(1)), int(m.group(2))))
        years = chart.rows["date"].str.extract(r"(\d{4})")[0].dropna().astype(int)
        assert spans[-1][0] == years.min() and spans[-1][1] >= years.max() - 0, chart.title
    assert spans[0] != spans[-1]


# ---- layout (the editor's review: marks were slivers beside 60%-wide labels) ----

def _drawn(chart):
    fig = chart.fig
    fig.draw_without_rendering()
    return fig, fig.canvas.get_renderer(), fig.axes[0]


@pytest.mark.parametrize("lang, size", sweeps.listed([("en", "web"), ("ru", "web"), ("ru", "print-single"), ("en", "print-double")]))
def test_marks_get_the_plot_width_and_words_stay_off_the_lanes(tables, lang, size, close_figures):
    """The time axis spans at least 85% of the figure's width (labels sit above their lanes);
    every date starts at the same place (the left edge, never left of one bar and right of
    another); no row guide or year line crosses a word."""
    for chart in theme.charts(tables, lang=lang, size=size):
        fig, renderer, ax = _drawn(chart)
        assert ax.get_position().width >= 0.85 * (1 - 2 * kit.figure_preset(fig).margin_pt / (fig.get_size_inches()[0] * 72))
        words = [t for t in ax.texts if t.get_text().strip()]
        dates = [t for t in words if t.get_gid() != "timeline-label"]
        lefts = {round(t.get_window_extent(renderer).x0) for t in dates}
        assert max(lefts) - min(lefts) <= 1, (chart.name, sorted(lefts))
        boxes = [t.get_window_extent(renderer) for t in words]
        guides = [a for a in (*ax.lines, *ax.collections) if str(a.get_gid() or "").startswith("guide")]
        assert guides
        for guide in guides:
            for path in ([guide.get_xydata()] if hasattr(guide, "get_xydata") else [p.vertices for p in guide.get_paths()]):
                pts = ax.transData.transform(path)
                for box in boxes:
                    inside = [(box.x0 < x < box.x1 and box.y0 < y < box.y1) for x, y in pts]
                    assert not any(inside), (chart.name, guide.get_gid())
                    if len(pts) == 2:  # a segment: it must not pass through the box either
                        (xa, ya), (xb, yb) = pts
                        if min(xa, xb) < box.x1 and max(xa, xb) > box.x0:
                            assert not (min(ya, yb) < box.y1 - 1 and max(ya, yb) > box.y0 + 1), (chart.name, guide.get_gid())


@pytest.mark.parametrize("lang", LANGS)
def test_the_source_line_names_each_document_once_in_a_few_lines(tables, lang, close_figures):
    chart = theme.charts(tables, lang=lang, size="web")[0]
    source = next(t for t in chart.fig.texts if t.get_gid() == "chart-source")
    # Three documents (the submission and the UN's reports of both reviews, which date the reviews);
    # in Russian each title is followed by its English original: a few lines each.
    documents = {str(d) for d in theme.dated_events(tables)["document_id"] if str(d)}
    assert len(source.get_text().split("\n")) <= 4 * len(documents), source.get_text()
    assert "Endnote" not in source.get_text() and "сноск" not in source.get_text()

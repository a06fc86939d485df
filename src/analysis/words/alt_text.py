"""Alt text composed from the same rows as the chart: what it shows, then its figures with their
qualifier, period and (where figures disagree) claimant in words, so a screen-reader user gets
the numbers a sighted reader gets.

At most MAX_CHARS characters (`fit`): a chart with more items than that reads out the first ones
(of each group, in turn) and says the rest are in the data table of its figure page, which lists
every row (analysis.build.figure_page)."""

from __future__ import annotations

from typing import Callable, Iterable, Sequence

import pandas as pd

from analysis.words import claims
from analysis.words.i18n import t
from analysis.words.wording import (
    number,
    according_to,
    capitalize,
    is_missing,
    join_words,
    label_text,
    partial_flags,
    period_words,
    require_columns,
    slug,
    value_words,
)

ESTIMATE_METHOD = "projection at the same monthly rate: value ÷ months covered × 12"
KINDS = ("bar", "dot", "interval", "facts", "timeline", "comparison")
# The longest alt text we publish: screen readers read it in one go, and JupyterLab, nbconvert and
# the embed snippets carry it in an attribute. The full detail is the figure page's data table.
MAX_CHARS = 1000


def fit(groups: Sequence[Sequence[str]], render: Callable[[list[list[str]], bool], str], *,
        limit: int = MAX_CHARS) -> str:
    """The alt text `render(kept, cut)` with every item of `groups` when it fits in `limit`
    characters; else with as many as fit, taken in turn (the first of each group, then the
    second, ...), and `cut` true so `render` says the rest are in the data table.

    Items are whole (claim markers inside them stay paired); length is counted as a reader sees
    the text (without markers). `render` must only join what it is given (make its claims
    beforehand), since it is called once per item tried."""
    full = render([list(g) for g in groups], False)
    if len(claims.strip(full)) <= limit:
        return full
    kept: list[list[str]] = [[] for _ in groups]
    best = render(kept, True)
    if len(claims.strip(best)) > limit:
        raise ValueError(f"alt text: even without its items it is longer than {limit} characters: "
                         f"{claims.strip(best)[:120]!r}...")
    order = sorted((i, g) for g, items in enumerate(groups) for i in range(len(items)))
    for i, g in order:
        trial = [list(k) for k in kept]
        trial[g].append(groups[g][i])
        text = render(trial, True)
        if len(claims.strip(text)) > limit:
            break
        kept, best = trial, text
    return best


def rest_in_table(items: str, lang: str, cut: bool) -> str:
    """The items, and when some were left out, the words that send the reader to the table."""
    return t("chart.alt.rest", lang, items=items) if cut else items


def _authors(row: pd.Series, documents: pd.DataFrame | None) -> set[str]:
    """Slugs of the author of the row's document (empty without a documents table)."""
    if documents is None or "document_id" not in row.index or is_missing(row["document_id"]):
        return set()
    match = documents[documents["document_id"].astype(str) == str(row["document_id"])]
    return {slug(str(a)) for a in match["author"]}


def compose_alt_text(rows: pd.DataFrame, *, lang: str, title: str, kind: str = "bar", label: str = "label",
                     unit_key: str | None = None, claimant: str = "claimant", estimates: pd.DataFrame | None = None,
                     notes: Iterable[str] = (), documents: pd.DataFrame | None = None) -> str:
    """"Bar chart: {title}. 2011: 187; 2012: 602; 2013 (January–September only): 662. {notes}"

    When the rows have more than one claimant, each item names its claimant ("as many as 700
    (according to eyewitness accounts)"); given `documents`, a claimant who is the document's own author
    is not repeated. `unit_key` is a plural-aware catalogue key for the unit ("{n} complaints").
    `estimates` (label, value) are read out as estimates. `notes` are appended as sentences.
    """
    if kind not in KINDS:
        raise ValueError(f"compose_alt_text: kind {kind!r} is not one of {', '.join(KINDS)}")
    require_columns(rows, ("value", "qualifier", label), "compose_alt_text")
    if rows.empty:
        raise ValueError("compose_alt_text: no rows to describe")
    rows = rows.reset_index(drop=True)
    partial = partial_flags(rows) if "period_start" in rows.columns else pd.Series(False, index=rows.index)
    claimants = set()
    if claimant in rows.columns:
        claimants = {str(c) for c in rows[claimant] if not is_missing(c)}
    name_claimant = len(claimants) > 1
    est = {}
    if estimates is not None:
        require_columns(estimates, (label, "value"), "compose_alt_text(estimates=)")
        est = {claims.strip(label_text(r, label)): r for _, r in estimates.iterrows()}
    # Rows sharing a label (one measure, several claimants) are read out together.
    groups: dict[str, tuple[str, list[str]]] = {}
    for i, row in rows.iterrows():
        raw = name = label_text(row, label)
        if partial[i]:
            year_in_label = str(pd.Timestamp(row["period_end"]).year) in raw
            name = t("chart.alt.partial", lang, label=raw,
                     period=period_words(row, lang, short=False, with_year=not year_in_label))
        value = value_words(row, lang, style="long", unit_key=unit_key)
        if name_claimant and not is_missing(row[claimant]) and slug(str(row[claimant])) not in _authors(row, documents):
            value = t("chart.alt.according_to", lang, value=value, according_to=according_to(str(row[claimant]), lang))
        if claims.strip(raw) in est:
            e = float(est[claims.strip(raw)]["value"])
            shown = claims.derived(e, number(round(e), lang), method=ESTIMATE_METHOD, inputs=[row], label="estimate")
            estimate = t("chart.value.with_unit", lang, value=shown, unit=t(unit_key, lang, count=round(e))) \
                if unit_key else shown
            value = t("chart.alt.with_estimate", lang, item=value, estimate=estimate,
                      period=period_words(row, lang, short=False, with_year=True))
        groups.setdefault(claims.strip(raw), (name, []))[1].append(value)
    items = [t("chart.alt.item", lang, label=name, value=join_words(values, lang)) for name, values in groups.values()]
    intro = t("chart.alt.intro", lang, kind=t(f"chart.alt.kind.{kind}", lang), title=str(title).rstrip("."))
    ours = any(claims.is_ours(r) for _, r in rows.iterrows())
    extra = [str(n).strip() for n in notes if str(n).strip()]

    def render(kept: list[list[str]], cut: bool) -> str:
        listed = "; ".join(kept[0])
        if ours:
            listed = t("chart.alt.items_ours", lang, items=listed)  # our counts, said so in the same sentence
        text = intro + " " + capitalize(t("chart.alt.items", lang, items=rest_in_table(listed, lang, cut)))
        return text + (" " + " ".join(extra) if extra else "")

    return fit([items], render)

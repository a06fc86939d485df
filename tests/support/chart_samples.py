"""Small hand-made tables in the data contract's shape and one sample chart per encoding.

Shared by the chart tests, their fixtures (conftest.py) and the two-process determinism check,
which imports this module in a fresh interpreter. Numbers are those of the source text, typed
here only as test input: the kit under test never types a number itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import pandas as pd

DOC = "amnesty-upr-2014"


def documents() -> pd.DataFrame:
    return pd.DataFrame([{
        "document_id": DOC,
        "title": "Kazakhstan: Crackdown on human rights: abuse of power and freedoms curtailed",
        "author": "Amnesty International",
        "symbol": "EUR 57/002/2014",
        "published": "2014-03",
        "kind": "upr_submission",
        "url": "",
        "source_file": "amnesty-upr-2014-kazakhstan.md",
    }])


def _row(**fields: Any) -> dict[str, Any]:
    row = {"id": "", "value": None, "value_max": None, "value_text": "", "unit": "people", "qualifier": "exact",
           "period_start": pd.NaT, "period_end": pd.NaT, "claimant": "Amnesty International",
           "document_id": DOC, "locator": "", "excerpt": ""}
    row.update(fields)
    return row


def _typed(rows: list[dict[str, Any]]) -> pd.DataFrame:
    df = pd.DataFrame(rows)
    df["value"] = df["value"].astype("Float64")
    df["value_max"] = df["value_max"].astype("Float64")
    for col in ("period_start", "period_end"):
        df[col] = pd.to_datetime(df[col])
    return df


def torture_complaints() -> pd.DataFrame:
    gpo = {"claimant": "General Prosecutor's Office", "locator": "Endnote 12", "unit": "complaints"}
    return _typed([
        _row(id="tc-2011", label="2011", value=187, period_start="2011-01-01", period_end="2011-12-31", **gpo),
        _row(id="tc-2012", label="2012", value=602, period_start="2012-01-01", period_end="2012-12-31", **gpo),
        _row(id="tc-2013", label="2013", value=662, period_start="2013-01-01", period_end="2013-09-30", **gpo),
    ])


def torture_estimate(rows: pd.DataFrame) -> pd.DataFrame:
    """The annualised 2013 figure, computed from the rows (never typed)."""
    partial = rows[rows["label"] == "2013"].iloc[0]
    return pd.DataFrame([{"label": "2013", "value": float(partial["value"]) / 9 * 12}])


def money() -> pd.DataFrame:
    return _typed([
        _row(id="fine-max", label="Maximum fine for defamation, draft Criminal Code", value=30000, unit="USD",
             qualifier="at_most", locator="Follow up to the previous review"),
        _row(id="gerasimov", label="Compensation to Aleksandr Gerasimov, November 2013", value=13000, unit="USD",
             qualifier="approximate", locator="Follow up to the previous review"),
    ])


def extraditions() -> pd.DataFrame:
    loc = {"locator": "Violation of non-refoulement obligation"}
    return _typed([
        _row(id="ex-28", label="Extradited to Uzbekistan, June 2011", value=28, **loc),
        _row(id="ex-12", label="Later sentenced to long prison terms", value=12, qualifier="at_least", **loc),
        _row(id="ex-29", label="Complainants to the Committee against Torture", value=29, locator="Endnote 19"),
    ])


def sentences() -> pd.DataFrame:
    return _typed([
        _row(id="officers", label="Five security officers, May 2012", value=5, value_max=7, qualifier="range",
             unit="years", locator="Torture and other ill-treatment"),
        _row(id="defamation", label="Defamation, draft Criminal Code", value=3, qualifier="at_most", unit="years",
             locator="Follow up to the previous review"),
    ])


def detained() -> pd.DataFrame:
    loc = {"locator": "Violation of the right to freedom of assembly", "label": "Detained after 16 December 2011"}
    return _typed([
        _row(id="det-gpo", value=130, claimant="General Prosecutor's Office", **loc),
        _row(id="det-eye", value=700, qualifier="at_most", claimant="eyewitnesses", **loc),
    ])


def zhanaozen() -> pd.DataFrame:
    loc = {"locator": "Violation of the right to freedom of assembly"}
    return _typed([
        _row(id="killed", label="Protesters killed", value=15, **loc),
        _row(id="wounded", label="Wounded", qualifier="unquantified", value_text="hundreds", **loc),
        _row(id="detained", label="Detained", value=130, claimant="General Prosecutor's Office", **loc),
        _row(id="arrested", label="Arrested", value=16, claimant="General Prosecutor's Office", **loc),
    ])


def facts() -> pd.DataFrame:
    return pd.concat([zhanaozen().iloc[[0, 1]], detained().iloc[[1]], extraditions().iloc[[1]]], ignore_index=True)


# ---- sample charts: name -> builder(lang, size) returning (fig, title, alt_text) ----

def _chart(kind: str, rows: pd.DataFrame, lang: str, size: str, *, title: str, subtitle: str,
           draw: Callable[..., None], xlabel: tuple[str, str] | None = None, ylabel: tuple[str, str] | None = None,
           notes: tuple[str, ...] = (), height_ratio: float | None = None, **alt: Any):
    from analysis.words import alt_text, attribution
    from analysis.kit import charts

    fig, ax = charts.new_figure(size, height_ratio=height_ratio)
    draw(ax)
    if xlabel:
        ax.set_xlabel(charts.axis_label(*xlabel, lang))
    if ylabel:
        ax.set_ylabel(charts.axis_label(*ylabel, lang))
    charts.frame(fig, title=title, subtitle=subtitle, source=attribution.source_line(rows, documents(), lang),
                 notes=notes)
    return fig, title, alt_text.compose_alt_text(rows, lang=lang, title=title, kind=kind, **alt)


def sample_partial_period(lang: str = "en", size: str = "web"):
    from analysis.kit import encodings

    rows = torture_complaints()
    est = torture_estimate(rows)
    title = {"en": "Torture complaints more than tripled from 2011 to 2012",
             "ru": "Число жалоб на пытки за 2011–2012 годы выросло более чем втрое"}[lang]
    sub = {"en": "Complaints of torture registered by the General Prosecutor's Office, by year",
           "ru": "Жалобы на пытки, зарегистрированные Генеральной прокуратурой, по годам"}[lang]
    note = {"en": "2013: January–September only; the estimate scales it to twelve months.",
            "ru": "2013: только январь–сентябрь; оценка пересчитана на двенадцать месяцев."}[lang]
    ylabel = {"en": ("Complaints", "number"), "ru": ("Жалобы", "число")}[lang]
    return _chart("bar", rows, lang, size, title=title, subtitle=sub, notes=(note,), ylabel=ylabel,
                  draw=lambda ax: encodings.partial_period_bars(ax, rows, lang=lang, estimates=est), estimates=est)


def sample_approximate(lang: str = "en", size: str = "web"):
    from analysis.kit import encodings

    rows = money()
    return _chart("bar", rows, lang, size, title="A court award set against the maximum fine for defamation",
                  subtitle="US dollars, as the submission gives them", xlabel=("Amount", "USD"),
                  draw=lambda ax: encodings.qualified_bars(ax, rows, lang=lang, colors=["#D55E00", "#0072B2"]))


def sample_at_least(lang: str = "en", size: str = "web"):
    from analysis.kit import encodings

    rows = extraditions()
    return _chart("bar", rows, lang, size, title="Extradited to Uzbekistan despite the risk of torture",
                  subtitle="Ethnic Uzbek refugees and asylum-seekers extradited in June 2011 and what followed",
                  xlabel=("People", "number"), draw=lambda ax: encodings.qualified_bars(ax, rows, lang=lang))


def sample_range(lang: str = "en", size: str = "web"):
    from analysis.kit import encodings

    rows = sentences()
    return _chart("dot", rows, lang, size, title="Prison terms: handed down and proposed",
                  subtitle="Sentences of the officers convicted over Zhanaozen; maximum term for defamation",
                  xlabel=("Prison term", "years"), draw=lambda ax: encodings.intervals(ax, rows, lang=lang))


def sample_conflicting(lang: str = "en", size: str = "web"):
    from analysis.kit import encodings

    rows = detained()
    title = {"en": "Official and eyewitness counts of detentions differ",
             "ru": "Официальные данные о задержанных расходятся с показаниями очевидцев"}[lang]
    sub = {"en": "People detained after the Zhanaozen clashes of 16 December 2011, by who counted",
           "ru": "Задержанные после событий в Жанаозене 16 декабря 2011 года, по источнику данных"}[lang]
    xlabel = {"en": ("People detained", "number"), "ru": ("Задержанные", "человек")}[lang]
    return _chart("comparison", rows, lang, size, title=title, subtitle=sub, xlabel=xlabel,
                  draw=lambda ax: encodings.conflicting_claims(ax, rows, lang=lang))


def sample_unquantified(lang: str = "en", size: str = "web"):
    from analysis.kit import encodings

    rows = zhanaozen()
    return _chart("bar", rows, lang, size, title="Zhanaozen, 16 December 2011",
                  subtitle="Casualties and detentions after security forces fired on protesters",
                  xlabel=("People", "number"), draw=lambda ax: encodings.qualified_bars(ax, rows, lang=lang))


def sample_facts(lang: str = "en", size: str = "web"):
    from analysis.kit import encodings

    rows = facts()
    return _chart("facts", rows, lang, size, title="Key figures", subtitle="Zhanaozen and extraditions",
                  draw=lambda ax: encodings.fact_panel(ax, rows, lang=lang, columns=2))


SAMPLES: dict[str, Callable[..., Any]] = {
    "partial_period": sample_partial_period,
    "approximate": sample_approximate,
    "at_least": sample_at_least,
    "range": sample_range,
    "conflicting": sample_conflicting,
    "unquantified": sample_unquantified,
    "facts": sample_facts,
}

# (sample, lang, size) rendered and compared against tests/baseline/<sample>-<lang>-<size>.png
BASELINE_CASES: list[tuple[str, str, str]] = [
    *[(name, "en", "web") for name in SAMPLES],
    ("partial_period", "ru", "web"),
    ("conflicting", "ru", "print-single"),
    ("unquantified", "en", "print-double"),
]


def save_sample(name: str, lang: str, size: str, folder: Path, formats=("svg", "png", "pdf")) -> dict[str, Any]:
    """Draw one sample and save it through the kit; returns the sidecar."""
    import matplotlib.pyplot as plt

    from analysis.kit.export import save_figure

    fig, title, alt = SAMPLES[name](lang, size)
    try:
        return save_figure(fig, Path(folder) / f"{name}-{lang}-{size}", alt_text=alt, title=title,
                           formats=formats, size=size)
    finally:
        plt.close(fig)


if __name__ == "__main__":  # used by the two-process determinism test
    import sys

    out = Path(sys.argv[1])
    for name, lang, size in BASELINE_CASES:
        save_sample(name, lang, size, out)

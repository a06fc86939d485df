"""`<chart>.html` beside each figure: a standalone page for one chart, made from the manifest.

Responsive (the chart's image scales to its container) and self-contained (inline CSS, no fonts,
scripts or images from elsewhere): the chart, its title, subtitle, notes and source line; "Get
the data" (`<chart>.csv`); the chart's files in every set of its language (SVG, PNG, PDF); the data
table (a real <table> with caption and headers, from the CSV, behind a <details> disclosure); and
"How to cite" (the software's title from CITATION.cff, the data package's title, version and
licence from data/datapackage.json). Inside an iframe the page hides the texts the image already
carries (visually only) and posts its height to the parent on load, on resize and when its size
changes (`{"kazakhstan-upr-height": h}`), which the gallery's iframe snippet listens for.

The build writes the pages after the runs (analysis.build.manifest.build_manifest calls `publish_pages`)
and lists each in the manifest as the figure's "html" file. Deterministic bytes: the page is a
function of the manifest entries, the CSV and the citation metadata.
"""

from __future__ import annotations

import csv
import io
import json
import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Callable, Iterable, Mapping, Sequence
from urllib.parse import quote

from analysis.words import i18n

PAGE_TEMPLATE = "figure.html"
GENERATOR = '<meta name="generator" content="python -m analysis build">'
# The widest the page lays the chart out (px); an iframe or a phone makes it narrower.
MAX_WIDTH_PX = 1000
# The CSV's columns the data table shows, after the label (in this order; empty ones left out).
TABLE_COLUMNS = ("date", "value", "unit", "period", "claimant", "document_id", "locator", "ours")
IMAGE_ORDER = ("svg", "png")
DOWNLOAD_ORDER = ("svg", "png", "pdf")


@dataclass(frozen=True)
class Citation:
    """What "How to cite" says: the software (CITATION.cff) and the data package."""

    software: str = "Evidence notebooks"
    version: str = ""
    licence: str = ""
    data_title: str = ""
    data_version: str = ""
    data_licences: tuple[tuple[str, str], ...] = field(default=())  # (name, title)


def read_citation(root: str | os.PathLike[str], data_dir: str | os.PathLike[str]) -> Citation:
    """The citation metadata of a project: CITATION.cff at `root`, datapackage.json in `data_dir`
    (either may be missing: a mini project)."""
    import yaml

    cff: Mapping[str, Any] = {}
    path = Path(root) / "CITATION.cff"
    if path.is_file():
        cff = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    package: Mapping[str, Any] = {}
    path = Path(data_dir) / "datapackage.json"
    if path.is_file():
        package = json.loads(path.read_text(encoding="utf-8"))
    licences = tuple((str(x.get("name", "")), str(x.get("title", x.get("name", ""))))
                     for x in package.get("licenses", []) if isinstance(x, Mapping))
    return Citation(software=str(cff.get("title") or Citation.software), version=str(cff.get("version") or ""),
                    licence=str(cff.get("license") or ""),
                    data_title=str(package.get("title") or package.get("name") or ""),
                    data_version=str(package.get("version") or ""), data_licences=licences)


def page_path(entry: Mapping[str, Any]) -> str:
    """The page's path in the output folder: the sidecar's, with .html."""
    return str(PurePosixPath(entry["sidecar"]["path"]).with_suffix(".html"))


def _rel(path: str, page: str) -> str:
    return quote(PurePosixPath(os.path.relpath(path, PurePosixPath(page).parent.as_posix())).as_posix(), safe="/")


def _variant(entry: Mapping[str, Any]) -> str:
    size = str(entry.get("parameters", {}).get("size", entry.get("size", "web")))
    return "print" if size.startswith("print") else "web"


def _claimant(claimant: str, lang: str) -> str:
    try:
        return i18n.t(f"chart.claimant.{claimant}", lang)
    except (i18n.MissingTranslation, KeyError, ValueError):
        return claimant


def unit_words(row: Mapping[str, str], lang: str) -> str:
    """A CSV row's unit in the page's language, in the form its value takes ("700 человек"), from
    the charts catalogue (`chart.unit.<unit>`); the CSV keeps data/'s unit, a code shared by both
    languages. A unit the catalogue lacks is shown as it is."""
    unit = row.get("unit", "")
    if not unit:
        return ""
    from analysis.words.wording import unit_key

    try:
        count = float(row.get("value") or 0)
    except ValueError:
        count = 0.0
    try:
        return i18n.t(unit_key(unit), lang, count=count)
    except (i18n.MissingTranslation, KeyError, ValueError):
        return unit


def _number(text: str, lang: str) -> str:
    try:
        return i18n.format_number(float(text), lang)
    except ValueError:
        return text


def value_words(row: Mapping[str, str], lang: str) -> str:
    """A CSV row's value with its qualifier in words ("roughly 13,000", "between 5 and 7", "most")."""
    value, value_max, words = row.get("value", ""), row.get("value_max", ""), row.get("value_text", "")
    qualifier = row.get("qualifier", "") or "exact"
    if not value and not words:
        return ""
    if not value:
        return _data_words(words, lang)
    fields = {"value": _number(value, lang), "value_max": _number(value_max, lang) if value_max else "",
              "words": words}
    try:
        return i18n.t(f"qualifier.{qualifier}", lang, **fields)
    except (i18n.MissingTranslation, KeyError):
        return fields["value"]


def _data_words(words: str, lang: str) -> str:
    """An amount the source gives only in words ("hundreds") in the page's language, from the
    kit's catalogue (`chart.words.<slug>`), never the data's English on a Russian page."""
    from analysis.words.wording import term

    try:
        return term("words", words, lang)
    except i18n.MissingTranslation:
        return words if lang == "en" else ""


def locator_cell(locator: str, lang: str) -> str:
    """Where the source gives the row, in the page's language ("раздел «…», сноска 12", "п. 124")."""
    from analysis.words.attribution import locator_words

    if not locator:
        return ""
    try:
        return locator_words(locator, lang)
    except (i18n.MissingTranslation, KeyError, ValueError):
        return locator if lang == "en" else ""


def period_cell(period: str, lang: str) -> str:
    """The CSV's ISO period ("2011-12-16/", "2012-11-01/2012-11-30") as dates in words."""
    from analysis.words.narrative import period as period_words

    start, _, end = str(period or "").partition("/")
    if not start:
        return ""
    try:
        return period_words({"period_start": start, "period_end": end or None}, lang)
    except (ValueError, i18n.MissingTranslation):
        return ""


def document_cell(document_id: str, lang: str) -> str:
    """The document's name for a reader (`source.short.<id>`), never its internal id."""
    key = f"source.short.{document_id}"
    return i18n.t(key, lang) if document_id and key in i18n.catalogue(lang) else ""


def data_table(rows: Sequence[Mapping[str, str]], title: str, lang: str) -> dict[str, Any] | None:
    """The data table's caption, column headers and cells, from the chart's CSV rows."""
    if not rows:
        return None
    shown = []
    for column in TABLE_COLUMNS:
        if column == "value":
            present = any(r.get(c) for r in rows for c in ("value", "value_text"))
        else:
            present = any(r.get(column) for r in rows)
        if present:
            shown.append(column)
    out_rows = []
    for r in rows:
        cells = []
        for column in shown:
            if column == "value":
                cells.append({"text": value_words(r, lang), "number": bool(r.get("value"))})
            elif column == "unit":
                cells.append({"text": unit_words(r, lang), "number": False})
            elif column == "claimant":
                cells.append({"text": _claimant(r.get("claimant", ""), lang) if r.get("claimant") else "",
                              "number": False})
            elif column == "locator":
                cells.append({"text": locator_cell(r.get("locator", ""), lang), "number": False})
            elif column == "period":
                cells.append({"text": period_cell(r.get("period", ""), lang), "number": False})
            elif column == "document_id":
                cells.append({"text": document_cell(r.get("document_id", ""), lang), "number": False})
            else:
                cells.append({"text": r.get(column, ""), "number": False})
        out_rows.append({"head": r.get("label") or r.get("id", ""), "cells": cells})
    return {"caption": i18n.t("gallery.page.data_caption", lang, title=title),
            "columns": [i18n.t("gallery.column.label", lang)] + [i18n.t(f"gallery.column.{c}", lang) for c in shown],
            "rows": out_rows}


def cite_lines(entry: Mapping[str, Any], citation: Citation, lang: str) -> list[str]:
    """How to cite the chart and its data, and which licence covers republishing it: the chart is a
    rendering of the data, so it carries the data's licence (CC BY 4.0 in LICENSE); the software's
    licence (MIT) covers the code that draws it."""
    lines = [i18n.t("gallery.page.cite_chart", lang, title=entry.get("title") or "", software=citation.software,
                    version=citation.version or "?")]
    if citation.data_title:
        name, title = citation.data_licences[0] if citation.data_licences else ("?", "?")
        lines.append(i18n.t("gallery.page.cite_data", lang, data=citation.data_title,
                            version=citation.data_version or "?", licence=name, licence_title=title))
        lines.append(i18n.t("gallery.page.licence", lang, data_licence=name,
                            software=citation.software, licence=citation.licence or "?"))
    return lines


def read_csv_rows(root: Path, entry: Mapping[str, Any]) -> list[dict[str, str]]:
    data = entry.get("files", {}).get("csv")
    if not data or not (root / data["path"]).is_file():
        return []
    return list(csv.DictReader(io.StringIO((root / data["path"]).read_text(encoding="utf-8"))))


def provenance_line(provenance: Mapping[str, Any] | None, lang: str) -> str:
    """What a page says of its excerpts' provenance (the manifest's `provenance`), '' when it has none."""
    if not provenance:
        return ""
    return i18n.t(f"gallery.provenance.{provenance.get('status')}", lang)


def render_page(entry: Mapping[str, Any], variants: Sequence[Mapping[str, Any]], rows: Sequence[Mapping[str, str]],
                citation: Citation, *, gallery: str = "index.html",
                provenance: Mapping[str, Any] | None = None) -> str | None:
    """The page of one figure (a manifest entry); `variants` are the same chart in the other sets
    of its language (their files are offered for download too). None without an image.
    `provenance` is the manifest's: whether the build checked the excerpts against the sources."""
    from analysis.build.gallery import environment

    files = entry.get("files", {})
    image_fmt = next((f for f in IMAGE_ORDER if f in files), None)
    if image_fmt is None:
        return None
    lang = entry.get("lang") if entry.get("lang") in i18n.LANGUAGES else "en"
    page = page_path(entry)
    image: dict[str, Any] = {"src": _rel(files[image_fmt]["path"], page), "width": None, "height": None}
    if entry.get("width_px") and entry.get("height_px"):
        image.update(width=int(entry["width_px"]), height=int(entry["height_px"]))
    downloads = []
    for v in sorted(variants, key=lambda v: (v is not entry, _variant(v) != "web", str(v.get("set")))):
        for fmt in DOWNLOAD_ORDER:
            if fmt in v.get("files", {}):
                label = fmt.upper() if v is entry else i18n.t(f"gallery.page.download.{_variant(v)}", lang, format=fmt.upper())
                downloads.append({"href": _rel(v["files"][fmt]["path"], page), "label": label})
    words = {key: i18n.t(f"gallery.page.{key}", lang)
             for key in ("get_data", "downloads", "data_table", "how_to_cite", "all_figures", "notes")}
    title = str(entry.get("title") or "")
    return environment().get_template(PAGE_TEMPLATE).render(
        lang=lang, title=title, subtitle=entry.get("subtitle") or "", alt_text=entry.get("alt_text") or "",
        notes=list(entry.get("notes") or []), source=entry.get("source") or "", image=image,
        csv=_rel(files["csv"]["path"], page) if "csv" in files else None, downloads=downloads,
        table=data_table(rows, title, lang), cite=cite_lines(entry, citation, lang), words=words,
        gallery=_rel(gallery, page), max_width=MAX_WIDTH_PX,
        provenance=provenance_line(provenance, lang),
        unchecked=bool(provenance) and provenance.get("status") != "checked",
    )


def publish_pages(root: Path, figures: Iterable[dict[str, Any]], citation: Citation,
                  write: Callable[[Path, bytes], Any], *, provenance: Mapping[str, Any] | None = None) -> list[str]:
    """Render and write (`write(path, data)`) the page of every figure that has an image, and add
    it to the figure's manifest entry as files["html"]; remove pages of figures no longer there.
    Returns problems (none so far: a figure without an image simply has no page)."""
    from analysis.build.manifest import _file_entry

    figures = list(figures)
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for entry in figures:
        groups.setdefault((str(entry.get("lang")), str(entry.get("theme")), str(entry.get("chart"))), []).append(entry)
    written: set[str] = set()
    folders: set[Path] = set()
    for entry in figures:
        variants = groups[(str(entry.get("lang")), str(entry.get("theme")), str(entry.get("chart")))]
        page = render_page(entry, variants, read_csv_rows(root, entry), citation, provenance=provenance)
        path = page_path(entry)
        folders.add((root / path).parent)
        if page is None:
            continue
        write(root / path, page.encode("utf-8"))
        written.add(path)
        entry["files"]["html"] = _file_entry(root, root / path)
    for folder in folders:  # a page whose figure is gone (its sidecar removed) goes with it
        for old in folder.glob("*.html"):
            rel = old.relative_to(root).as_posix()
            if rel not in written and not old.with_suffix(".json").exists():
                try:
                    if GENERATOR in old.read_text(encoding="utf-8", errors="replace")[:2000]:
                        old.unlink()
                except OSError:
                    pass
    return []

"""Saving a framed figure for publication: SVG, PNG and PDF with the same bytes on every build,
each written atomically, plus a JSON sidecar the build's manifest reads.

Determinism: SVG ids come from a hash salt derived from the file name and title (not the folder,
so a staging folder gives the same bytes); no dates; fixed Creator/Producer strings instead of
version strings; PNG without the Software chunk. PDF fonts are embedded TrueType (Type 42).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Mapping, Sequence
from xml.sax.saxutils import escape

import matplotlib as mpl
from matplotlib.figure import Figure

from analysis.core.atomic_files import atomic_write_bytes
from analysis.words.claims import has_marks
from analysis.kit.charts import drawn_text_spans, figure_preset, frame_info
from analysis.kit.sizes import MM_PER_INCH
from analysis.kit.style import house_font_files

FORMATS = ("svg", "png", "pdf")
CREATOR = "kazakhstan-upr-evidence chart kit"


def hash_salt(path_stem: str | os.PathLike[str], title: str, size: str) -> str:
    """The per-figure SVG hash salt: stable for a name/title/size, independent of the folder."""
    name = Path(path_stem).name
    return hashlib.sha256(f"{name}\x00{title}\x00{size}".encode()).hexdigest()[:16]


def _svg_with_title_desc(svg: bytes, title: str, alt_text: str, salt: str) -> bytes:
    """Insert <title> and <desc> as the first children of <svg> and label the image with them."""
    text = svg.decode("utf-8")
    # matplotlib writes its own <title> from the Title metadata; ours (with an id) replaces it.
    text = re.sub(r"\n\s*<title>[^<]*</title>", "", text, count=1)
    start = text.find("<svg")
    end = text.find(">", start)
    if start < 0 or end < 0:
        raise ValueError("save_figure: matplotlib's SVG has no <svg> element")
    tid, did = f"title-{salt}", f"desc-{salt}"
    open_tag = text[start:end]
    open_tag += f' role="img" aria-labelledby="{tid} {did}"'
    inserted = f'>\n <title id="{tid}">{escape(title)}</title>\n <desc id="{did}">{escape(alt_text)}</desc>'
    return (text[:start] + open_tag + inserted + text[end + 1:]).encode("utf-8")


@contextmanager
def _recording_text_lines() -> Iterator[list[Any]]:
    """The Text artist behind each line of text the SVG renderer draws, in drawing order (the
    order of the SVG's text comments); None for a line no Text artist draws."""
    from matplotlib.backends.backend_svg import RendererSVG
    from matplotlib.text import Text

    drawers: list[Any] = []
    current: list[Any] = [None]
    text_draw, svg_draw_text = Text.draw, RendererSVG.draw_text

    def draw(self: Any, renderer: Any, *args: Any, **kwargs: Any) -> Any:
        outer, current[0] = current[0], self
        try:
            return text_draw(self, renderer, *args, **kwargs)
        finally:
            current[0] = outer

    def draw_text(self: Any, *args: Any, **kwargs: Any) -> Any:
        drawers.append(current[0])
        return svg_draw_text(self, *args, **kwargs)

    Text.draw, RendererSVG.draw_text = draw, draw_text  # type: ignore[method-assign]
    try:
        yield drawers
    finally:
        Text.draw, RendererSVG.draw_text = text_draw, svg_draw_text  # type: ignore[method-assign]


def _render(fig: Figure, fmt: str, *, title: str, alt_text: str, dpi: int, salt: str) -> bytes:
    import io

    buf = io.BytesIO()
    if fmt == "svg":
        metadata: dict[str, Any] = {"Title": title, "Description": alt_text, "Creator": CREATOR, "Date": None}
    elif fmt == "pdf":
        metadata = {"Title": title, "Subject": alt_text, "Creator": CREATOR, "Producer": CREATOR,
                    "CreationDate": None, "ModDate": None}
    else:
        metadata = {"Title": title, "Description": alt_text, "Software": None}
    rc = {"svg.hashsalt": salt, "svg.id": f"chart-{salt}", "svg.fonttype": "path",
          "pdf.fonttype": 42, "ps.fonttype": 42, "pdf.compression": 6}
    with mpl.rc_context(rc):
        fig.savefig(buf, format=fmt, dpi=dpi, metadata=metadata, facecolor="white", bbox_inches=None)
    data = buf.getvalue()
    if fmt == "svg":
        data = _svg_with_title_desc(data, title, alt_text, salt)
    return data


def drawn_texts(svg: bytes, fig: Figure) -> list[dict[str, str]]:
    """The lines of text drawn in a figure, in drawing order, read from its SVG (matplotlib writes a
    comment before each line it draws as paths), each with its role: "scale" for a tick label of a
    numeric axis (charts.number_axis: not a statement), "label" for everything else."""
    from analysis.kit.charts import SCALE_AXIS
    from analysis.words.ledger import svg_texts

    scale: set[str] = set()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if getattr(axis, SCALE_AXIS, False):
                scale.update(line for t in axis.get_ticklabels(which="both") for line in t.get_text().split("\n"))
    return [{"text": line, "role": "scale" if line in scale else "label"} for line in svg_texts(svg.decode("utf-8"))]


def _wrapped_line_of(line: str, text: str) -> bool:
    """Whether `line` is a line frame() wrapped `text` into: several words, standing in it between
    word boundaries (a lone number is matched by its claim instead)."""
    if " " not in line.strip():
        return False
    at = text.find(line)
    if at < 0:
        return False
    end = at + len(line)
    return (at == 0 or text[at - 1] in " \n") and (end == len(text) or text[end] in " \n")


def text_of(texts: Sequence[tuple[str, str]], name: str) -> str:
    return next(text for n, text in texts if n == name)


def _clipped(spans: Sequence[Any], text: str, offset: int, line: str, where: str) -> list[dict[str, Any]]:
    """Ledger entries for a drawn `line` that stands at `offset` in `text`: each span of `text`
    that reaches into the line, clipped to it and counted from the line's start."""
    out = []
    for sp in spans:
        a, b = max(sp.start, offset), min(sp.end, offset + len(line))
        if a < b:
            out.append({**sp.entry(text, where), "text": line[a - offset:b - offset],
                        "start": a - offset, "end": b - offset})
    return out


def _add_ledger(sidecar: dict[str, Any], fig: Figure, svg: bytes, framed: Mapping[str, Any], made: Sequence[Any],
                spans: Mapping[str, Sequence[Any]], where: str, drawers: Sequence[Any] = ()) -> None:
    from analysis.words import ledger
    from analysis.words.claims import ClaimError

    lang = str((sidecar.get("metadata") or {}).get("lang", "en"))
    entries: list[dict[str, Any]] = []
    all_spans = {**framed.get("spans", {}), **spans}
    for name, text in ledger.chart_texts({**sidecar, "drawn": []}):
        entries += [s.entry(text, name) for s in all_spans.get(name, ())]
    drawn = drawn_texts(svg, fig)
    # A drawn line that is part of one of the chart's texts (frame() wraps them into lines) keeps
    # that text's exact spans, clipped to the line; any other line is matched against the claims.
    texts = [(name, text) for name, text in ledger.chart_texts({**sidecar, "drawn": []}) if name != "alt_text"]
    # A drawn line whose Text artist carried claim markers keeps that artist's spans: two tiles
    # that both draw "15" (one reported, one our count) are each credited to their own claim.
    by_line = list(drawers) if len(drawers) == len(drawn) else [None] * len(drawn)
    cursor: dict[int, int] = {}
    for i, d in enumerate(drawn):
        if d["role"] == "scale":
            continue
        line, where_drawn = d["text"], f"drawn[{i}]"
        artist = by_line[i]
        own = drawn_text_spans(fig, artist) if artist is not None else None
        at = own[0].find(line, cursor.get(id(artist), 0)) if own is not None else -1
        if own is not None and at >= 0:
            cursor[id(artist)] = at + len(line)
            mine = _clipped(own[1], own[0], at, line, where_drawn)
            if mine:  # numbers of the line its own claims leave out are matched as before
                rest = [e for e in ledger.drawn_entries(line, made, where_drawn)
                        if not any(e["start"] < m["end"] and m["start"] < e["end"] for m in mine)]
                entries += sorted(mine + rest, key=lambda e: e["start"])
                continue
        home = next(((name, text.find(line)) for name, text in texts if _wrapped_line_of(line, text)), None)
        if home is not None and home[0] in all_spans:
            name, offset = home
            entries += _clipped(all_spans[name], text_of(texts, name), offset, line, where_drawn)
        else:
            entries += ledger.drawn_entries(line, made, where_drawn)
    sidecar["drawn"] = drawn
    sidecar["claims"] = entries
    problems = ledger.chart_problems(sidecar, lang, where, published=False)
    if problems:
        raise ClaimError("save_figure: the chart states numbers its ledger does not account for:\n"
                         + "\n".join(f"  {p}" for p in problems))


def save_figure(fig: Figure, path_stem: str | os.PathLike[str], *, alt_text: str, title: str,
                formats: Sequence[str] = FORMATS, size: str | None = None,
                metadata: Mapping[str, Any] | None = None, claims: Sequence[Any] | None = None,
                spans: Mapping[str, Sequence[Any]] | None = None,
                extra: Mapping[str, bytes] | None = None) -> dict[str, Any]:
    """Write `<path_stem>.<fmt>` for each format and `<path_stem>.json`; return the sidecar dict.

    `size` defaults to the preset the figure was made with; naming another one is an error (the
    file would not have that size). `metadata` (JSON-serialisable) is kept in the sidecar under
    "metadata". All files are rendered before any is written, and each is replaced atomically;
    the sidecar is written last.

    Given the `claims` made while the chart was composed (and the `spans` of the title and alt
    text), the sidecar gets its ledger: `claims` for every number in every text, `drawn` for the
    texts drawn in the figure. A number no claim accounts for, or a derived one without its label,
    is refused before anything is written.

    `extra` holds other files of the figure by suffix (report.save_charts passes the chart's data
    as {"csv": ...}): each is written atomically after the images and before the sidecar, and
    listed in the sidecar's "files" like them.
    """
    preset = figure_preset(fig)
    if size is not None and size != preset.name:
        raise ValueError(f"save_figure: the figure was made with size {preset.name!r}, not {size!r}")
    formats = list(dict.fromkeys(formats))
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise ValueError(f"save_figure: formats {unknown or formats!r} not among {', '.join(FORMATS)}")
    extra = dict(extra or {})
    clash = [suffix for suffix in extra if suffix in formats or suffix == "json" or not re.fullmatch(r"[a-z0-9]+", suffix)]
    if clash:
        raise ValueError(f"save_figure: extra file suffix(es) {clash!r} clash with the formats or the sidecar")
    if not str(alt_text).strip():
        raise ValueError("save_figure: alt_text is empty; compose it with analysis.words.alt_text.compose_alt_text")
    if not str(title).strip():
        raise ValueError("save_figure: title is empty")
    framed = frame_info(fig)
    if not framed:
        raise ValueError("save_figure: call charts.frame() first (title, subtitle and source line)")
    house_font_files()  # refuses a system font before anything is written

    stem = Path(path_stem)
    salt = hash_salt(stem, title, preset.name)
    marked = [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text")) if has_marks(t.get_text())]
    if marked:
        raise ValueError(f"save_figure: text drawn after frame() still carries claim markers: {marked[:3]!r}; "
                         f"draw before frame() or strip it with claims.strip")
    drawers: list[Any] = []  # the Text behind each line of the last SVG rendered (for the ledger)

    def render(fmt: str) -> bytes:
        if fmt != "svg":
            return _render(fig, fmt, title=title, alt_text=alt_text, dpi=preset.dpi, salt=salt)
        with _recording_text_lines() as lines:
            data = _render(fig, fmt, title=title, alt_text=alt_text, dpi=preset.dpi, salt=salt)
        drawers[:] = lines
        return data

    rendered = {fmt: render(fmt) for fmt in formats}

    w_in, h_in = fig.get_size_inches()
    sidecar: dict[str, Any] = {
        "title": str(title),
        "subtitle": framed.get("subtitle", ""),
        "alt_text": str(alt_text),
        "source": framed.get("source", ""),
        "notes": list(framed.get("notes", [])),
        "size": preset.name,
        "width_mm": round(float(w_in) * MM_PER_INCH, 1),
        "height_mm": round(float(h_in) * MM_PER_INCH, 1),
        "width_px": int(float(w_in) * preset.dpi + 1e-6),
        "height_px": int(float(h_in) * preset.dpi + 1e-6),
        "dpi": preset.dpi,
        "files": {fmt: f"{stem.name}.{fmt}" for fmt in [*formats, *extra]},
    }
    if metadata:
        sidecar["metadata"] = dict(metadata)
    if claims is not None:
        svg = rendered.get("svg") or render("svg")
        _add_ledger(sidecar, fig, svg, framed, claims, spans or {}, str(stem), drawers)
    payload = (json.dumps(sidecar, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")

    for fmt, data in rendered.items():
        atomic_write_bytes(stem.with_name(f"{stem.name}.{fmt}"), data)
    for suffix, data in extra.items():
        atomic_write_bytes(stem.with_name(f"{stem.name}.{suffix}"), data)
    atomic_write_bytes(stem.with_name(f"{stem.name}.json"), payload)
    return sidecar

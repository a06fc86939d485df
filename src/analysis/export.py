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
from pathlib import Path
from typing import Any, Mapping, Sequence
from xml.sax.saxutils import escape

import matplotlib as mpl
from matplotlib.figure import Figure

from analysis.atomic_files import atomic_write_bytes
from analysis.charts import figure_preset, frame_info
from analysis.sizes import MM_PER_INCH
from analysis.style import house_font_files

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


def save_figure(fig: Figure, path_stem: str | os.PathLike[str], *, alt_text: str, title: str,
                formats: Sequence[str] = FORMATS, size: str | None = None,
                metadata: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Write `<path_stem>.<fmt>` for each format and `<path_stem>.json`; return the sidecar dict.

    `size` defaults to the preset the figure was made with; naming another one is an error (the
    file would not have that size). `metadata` (JSON-serialisable) is kept in the sidecar under
    "metadata". All files are rendered before any is written, and each is replaced atomically;
    the sidecar is written last.
    """
    preset = figure_preset(fig)
    if size is not None and size != preset.name:
        raise ValueError(f"save_figure: the figure was made with size {preset.name!r}, not {size!r}")
    formats = list(dict.fromkeys(formats))
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise ValueError(f"save_figure: formats {unknown or formats!r} not among {', '.join(FORMATS)}")
    if not str(alt_text).strip():
        raise ValueError("save_figure: alt_text is empty; compose it with analysis.alt_text.compose_alt_text")
    if not str(title).strip():
        raise ValueError("save_figure: title is empty")
    framed = frame_info(fig)
    if not framed:
        raise ValueError("save_figure: call charts.frame() first (title, subtitle and source line)")
    house_font_files()  # refuses a system font before anything is written

    stem = Path(path_stem)
    salt = hash_salt(stem, title, preset.name)
    rendered = {fmt: _render(fig, fmt, title=title, alt_text=alt_text, dpi=preset.dpi, salt=salt) for fmt in formats}

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
        "files": {fmt: f"{stem.name}.{fmt}" for fmt in formats},
    }
    if metadata:
        sidecar["metadata"] = dict(metadata)
    payload = (json.dumps(sidecar, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")

    for fmt, data in rendered.items():
        atomic_write_bytes(stem.with_name(f"{stem.name}.{fmt}"), data)
    atomic_write_bytes(stem.with_name(f"{stem.name}.json"), payload)
    return sidecar

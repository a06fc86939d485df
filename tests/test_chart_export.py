"""save_figure: deterministic bytes (also across processes), embedded TrueType fonts in PDF,
<title>/<desc> in SVG, preset pixel sizes and dpi, the sidecar, and atomic writes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import matplotlib
import numpy as np
import pytest
from PIL import Image
from pypdf import PdfReader

from analysis.kit import charts, export
from analysis.kit.sizes import SIZES
from support.chart_samples import BASELINE_CASES, save_sample

# One worker runs the whole module: its samples are saved once, in a session-scoped fixture (xdist
# may end a module scope between two of the module's tests, and a module fixture is then made again).
pytestmark = pytest.mark.xdist_group("chart_export")

TESTS = Path(__file__).resolve().parent
SVG_NS = "{http://www.w3.org/2000/svg}"
SIDECAR_KEYS = {"title", "subtitle", "alt_text", "source", "notes", "size", "width_mm", "height_mm",
                "width_px", "height_px", "dpi", "files"}


@pytest.fixture(scope="session")
def saved(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every sample case saved once in all three formats."""
    out = tmp_path_factory.mktemp("charts")
    for name, lang, size in BASELINE_CASES:
        save_sample(name, lang, size, out)
    return out


def pixels(path: Path) -> np.ndarray:
    with Image.open(path) as im:
        return np.asarray(im.convert("RGBA"))


def assert_same_outputs(a: Path, b: Path) -> list[str]:
    names = sorted(p.name for p in a.iterdir())
    assert names == sorted(p.name for p in b.iterdir())
    for name in names:
        if name.endswith(".png"):
            assert np.array_equal(pixels(a / name), pixels(b / name)), f"{name}: pixels differ"
        else:
            assert (a / name).read_bytes() == (b / name).read_bytes(), f"{name}: bytes differ"
    return names


# ---- determinism ----

def test_same_figure_saved_twice_is_identical(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        save_sample("partial_period", "ru", "web", tmp_path / folder)
    names = assert_same_outputs(tmp_path / "a", tmp_path / "b")
    assert {Path(n).suffix for n in names} == {".svg", ".png", ".pdf", ".json"}


@pytest.mark.slow
def test_two_processes_write_identical_files(tmp_path: Path) -> None:
    """Fresh interpreters with different hash seeds, one on the Agg backend and one on Jupyter's
    inline backend (what the notebooks run on): SVG/PDF/JSON bytes and PNG pixels equal."""
    for folder, seed, backend in (("a", "1", "Agg"), ("b", "2", "module://matplotlib_inline.backend_inline")):
        env = {**os.environ, "PYTHONHASHSEED": seed, "MPLBACKEND": backend}
        subprocess.run([sys.executable, str(TESTS / "support" / "chart_samples.py"), str(tmp_path / folder)],
                       check=True, env=env, cwd=TESTS)
    names = assert_same_outputs(tmp_path / "a", tmp_path / "b")
    assert len(names) == 4 * len(BASELINE_CASES)


def test_no_dates_or_version_strings(saved: Path) -> None:
    version = matplotlib.__version__.encode()
    for path in sorted(saved.iterdir()):
        data = path.read_bytes()
        assert version not in data, f"{path.name} carries matplotlib's version"
        assert b"CreationDate" not in data and b"<dc:date>" not in data, f"{path.name} carries a date"
    for path in saved.glob("*.png"):
        with Image.open(path) as im:
            assert "Software" not in im.info, path.name
    for path in saved.glob("*.pdf"):
        meta = PdfReader(path).metadata
        assert meta["/Producer"] == export.CREATOR and meta["/Creator"] == export.CREATOR
        assert "/CreationDate" not in meta and "/ModDate" not in meta


def test_svg_ids_do_not_depend_on_the_folder(tmp_path: Path) -> None:
    save_sample("range", "en", "web", tmp_path / "staging", formats=("svg",))
    save_sample("range", "en", "web", tmp_path / "figures", formats=("svg",))
    assert (tmp_path / "staging" / "range-en-web.svg").read_bytes() == (tmp_path / "figures" / "range-en-web.svg").read_bytes()


# ---- PDF fonts ----

def pdf_fonts(path: Path) -> list[dict[str, object]]:
    """Every font resource on every page (and in form XObjects): subtype, name, embedded."""
    found = []

    def walk(resources) -> None:
        resources = resources.get_object() if resources is not None else {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            subtype = str(font.get("/Subtype"))
            descendants = [d.get_object() for d in font.get("/DescendantFonts", [])]
            holder = descendants[0] if descendants else font
            desc = holder.get("/FontDescriptor")
            desc = desc.get_object() if desc is not None else {}
            found.append({
                "subtype": subtype,
                "descendant": str(holder.get("/Subtype")) if descendants else None,
                "name": str(font.get("/BaseFont")),
                "embedded": any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")),
            })
        for xobj in (resources.get("/XObject") or {}).values():
            xobj = xobj.get_object()
            if xobj.get("/Subtype") == "/Form":
                walk(xobj.get("/Resources"))

    for page in PdfReader(path).pages:
        walk(page.get("/Resources"))
    return found


@pytest.mark.slow
def test_pdf_fonts_are_embedded_truetype_never_type3(saved: Path) -> None:
    pdfs = sorted(saved.glob("*.pdf"))
    assert len(pdfs) == len(BASELINE_CASES)
    for path in pdfs:
        fonts = pdf_fonts(path)
        assert fonts, f"{path.name}: no fonts found (text missing?)"
        for font in fonts:
            assert font["subtype"] != "/Type3", f"{path.name}: Type 3 font {font['name']}"
            assert font["embedded"], f"{path.name}: font {font['name']} is not embedded"
            assert font["subtype"] in ("/TrueType", "/Type0"), f"{path.name}: {font}"
            if font["subtype"] == "/Type0":
                assert font["descendant"] == "/CIDFontType2", f"{path.name}: {font} is not TrueType-based"
            assert "DejaVuSans" in font["name"], f"{path.name}: unexpected font {font['name']}"


def test_font_check_flags_a_type3_pdf(tmp_path: Path, close_figures) -> None:
    """The checker can fail: matplotlib's default (pdf.fonttype 3) is caught."""
    import matplotlib.pyplot as plt

    fig = plt.figure()
    fig.text(0.1, 0.5, "Type 3")
    with matplotlib.rc_context({"pdf.fonttype": 3}):
        fig.savefig(tmp_path / "t3.pdf")
    assert any(f["subtype"] == "/Type3" for f in pdf_fonts(tmp_path / "t3.pdf"))


def test_pdf_text_is_extractable_in_russian(saved: Path) -> None:
    text = PdfReader(saved / "conflicting-ru-print-single.pdf").pages[0].extract_text()
    assert "Генеральная прокуратура" in text and "Очевидцы" in text


# ---- SVG title and desc ----

def test_svg_has_title_and_desc(saved: Path) -> None:
    for path in sorted(saved.glob("*.svg")):
        sidecar = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        root = ET.parse(path).getroot()
        first, second = list(root)[:2]
        assert first.tag == f"{SVG_NS}title" and first.text == sidecar["title"], path.name
        assert second.tag == f"{SVG_NS}desc" and second.text == sidecar["alt_text"], path.name
        assert len(root.findall(f"{SVG_NS}title")) == 1, f"{path.name}: more than one <title>"
        assert root.get("role") == "img"
        assert root.get("aria-labelledby").split() == [first.get("id"), second.get("id")]


def test_svg_escapes_markup_in_alt_text(tmp_path: Path, close_figures) -> None:
    from support.chart_samples import SAMPLES

    fig, title, _alt = SAMPLES["range"]("en", "web")
    export.save_figure(fig, tmp_path / "esc", alt_text='5 < 7 & "quoted"', title="A & B", formats=("svg",))
    root = ET.parse(tmp_path / "esc.svg").getroot()
    assert root.find(f"{SVG_NS}desc").text == '5 < 7 & "quoted"'
    assert root.find(f"{SVG_NS}title").text == "A & B"


# ---- sizes and dpi ----

@pytest.mark.parametrize("size", list(SIZES))
def test_png_pixel_size_and_dpi_per_preset(size: str, tmp_path: Path) -> None:
    preset = SIZES[size]
    sidecar = save_sample("partial_period", "en", size, tmp_path, formats=("png",))
    with Image.open(tmp_path / sidecar["files"]["png"]) as im:
        assert im.size == preset.pixels() == (sidecar["width_px"], sidecar["height_px"])
        dpi = im.info["dpi"]
    assert round(dpi[0]) == round(dpi[1]) == preset.dpi == sidecar["dpi"]
    if preset.kind == "print":
        assert preset.dpi >= 300
        assert sidecar["width_mm"] == {"print-single": 89.0, "print-double": 183.0}[size]
        assert sidecar["height_mm"] <= 170.0
    else:
        assert im.size == (1200, 675)


def test_print_height_is_capped() -> None:
    with pytest.raises(ValueError, match="170 mm maximum"):
        charts.new_figure("print-double", height_ratio=1.0)  # 183 mm tall


# ---- sidecar ----

def test_sidecar_follows_the_contract(saved: Path) -> None:
    path = saved / "conflicting-ru-print-single.json"
    raw = path.read_text(encoding="utf-8")
    sidecar = json.loads(raw)
    assert set(sidecar) == SIDECAR_KEYS
    assert list(sidecar) == sorted(sidecar) and raw.endswith("\n")
    assert sidecar["files"] == {fmt: f"conflicting-ru-print-single.{fmt}" for fmt in ("svg", "png", "pdf")}
    assert sidecar["size"] == "print-single" and sidecar["width_mm"] == 89.0
    assert sidecar["source"].startswith("Источник: Amnesty International")
    assert "по показаниям очевидцев" in sidecar["alt_text"]


def test_metadata_is_kept_in_the_sidecar(tmp_path: Path, close_figures) -> None:
    from support.chart_samples import SAMPLES

    fig, title, alt = SAMPLES["range"]("en", "web")
    sidecar = export.save_figure(fig, tmp_path / "m", alt_text=alt, title=title, formats=("png",),
                                 metadata={"notebook": "02_zhanaozen"})
    assert sidecar["metadata"] == {"notebook": "02_zhanaozen"}
    assert json.loads((tmp_path / "m.json").read_text(encoding="utf-8")) == sidecar


# ---- refusals and atomicity ----

def test_save_refuses_what_would_mislead(tmp_path: Path, close_figures) -> None:
    from support.chart_samples import SAMPLES

    fig, title, alt = SAMPLES["range"]("en", "web")
    with pytest.raises(ValueError, match="made with size 'web', not 'print-single'"):
        export.save_figure(fig, tmp_path / "x", alt_text=alt, title=title, size="print-single")
    with pytest.raises(ValueError, match="alt_text is empty"):
        export.save_figure(fig, tmp_path / "x", alt_text=" ", title=title)
    with pytest.raises(ValueError, match="formats"):
        export.save_figure(fig, tmp_path / "x", alt_text=alt, title=title, formats=("jpg",))
    bare, _ax = charts.new_figure("web")
    with pytest.raises(ValueError, match="call charts.frame"):
        export.save_figure(bare, tmp_path / "x", alt_text=alt, title=title)
    assert list(tmp_path.iterdir()) == []


def test_failed_save_keeps_the_previous_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    save_sample("range", "en", "web", tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    real_render = export._render

    def failing(fig, fmt, **kw):
        if fmt == "pdf":
            raise RuntimeError("renderer failed")
        return real_render(fig, fmt, **kw)

    monkeypatch.setattr(export, "_render", failing)
    with pytest.raises(RuntimeError, match="renderer failed"):
        save_sample("range", "en", "web", tmp_path)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_interrupted_write_leaves_the_old_file_and_no_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "chart.svg"
    target.write_bytes(b"old")

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(export.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        export.atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["chart.svg"]


def test_written_files_are_world_readable(tmp_path: Path) -> None:
    export.atomic_write_bytes(tmp_path / "f.json", b"{}")
    mode = (tmp_path / "f.json").stat().st_mode & 0o777
    assert mode == 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_notebook_tables_show_dates_as_dates_and_missing_values_as_blanks():
    import pandas as pd

    from analysis.kit.report import readable_table

    frame = pd.DataFrame({"period_start": pd.to_datetime(["2011-01-01", None]),
                          "value": pd.array([187, None], dtype="Int64"),
                          "text": pd.array(["hundreds", None], dtype="string"),
                          "at": [pd.Timestamp("2011-12-16 10:30"), pd.Timestamp("2011-12-17")]})
    shown = readable_table(frame)
    assert [str(v) for v in shown["period_start"]] == ["2011-01-01", ""]
    assert list(shown["value"]) == [187, ""] and list(shown["text"]) == ["hundreds", ""]
    assert str(shown["at"][0]) == "2011-12-16 10:30:00"  # a time of day is kept where there is one
    assert "NaT" not in shown.to_string() and "<NA>" not in shown.to_string()
    assert frame["value"].dtype == "Int64"  # the data keep their types

"""Text in charts: print sizes between 5 and 9 pt, one bundled font, Cyrillic glyphs present."""

from __future__ import annotations

import unicodedata
import warnings
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import pytest
from matplotlib import font_manager
from matplotlib.ft2font import FT2Font

from analysis.kit import charts
from analysis.kit.sizes import PRINT_MAX_TEXT_PT, PRINT_MIN_TEXT_PT, SIZES
from analysis.kit.style import FontError, apply_style, house_font_files
from support.chart_samples import SAMPLES, save_sample
from support.figure_text import assert_texts_inside, drawn_texts

PRINT_SIZES = [name for name, preset in SIZES.items() if preset.kind == "print"]
BUNDLED = Path(mpl.get_data_path()).resolve() / "fonts" / "ttf"


@pytest.mark.parametrize("size", PRINT_SIZES)
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_print_text_is_between_5_and_9_pt(size: str, lang: str, close_figures) -> None:
    sizes: dict[str, float] = {}
    for name, build in SAMPLES.items():
        if lang == "ru" and name not in ("partial_period", "conflicting"):
            continue  # the other samples have English titles only
        fig, _title, _alt = build(lang, size)
        for text in drawn_texts(fig):
            sizes[f"{name}: {text.get_text()[:30]!r}"] = text.get_fontsize()
        plt.close(fig)
    assert sizes
    smallest = min(sizes, key=sizes.get)
    largest = max(sizes, key=sizes.get)
    assert sizes[smallest] >= PRINT_MIN_TEXT_PT, f"{smallest} is {sizes[smallest]} pt"
    assert sizes[largest] <= PRINT_MAX_TEXT_PT, f"{largest} is {sizes[largest]} pt"


def test_text_size_check_sees_tick_labels_and_key(close_figures) -> None:
    """The walk over Text artists reaches ticks, key and source, so it can catch a too-small one."""
    fig, _title, _alt = SAMPLES["unquantified"]("en", "print-single")
    texts = {t.get_text() for t in drawn_texts(fig)}
    assert {"Wounded", "hundreds", "No number given (source's words)"} <= texts
    assert any(t.startswith("Source:") for t in texts)
    fig.axes[0].tick_params(labelsize=4)
    assert min(t.get_fontsize() for t in drawn_texts(fig)) == 4


def test_house_font_is_matplotlibs_own_dejavu() -> None:
    apply_style("web")
    assert mpl.rcParams["font.family"] == ["sans-serif"]
    assert mpl.rcParams["font.sans-serif"] == ["DejaVu Sans"]
    files = house_font_files()
    assert set(files) == {"normal-normal", "bold-normal", "normal-italic", "bold-italic"}
    for path in files.values():
        assert Path(path).parent == BUNDLED


def test_every_text_resolves_to_the_bundled_font_without_fallback(close_figures) -> None:
    fig, _title, _alt = SAMPLES["conflicting"]("ru", "print-single")
    for text in drawn_texts(fig):
        path = Path(font_manager.findfont(text.get_fontproperties(), fallback_to_default=False)).resolve()
        assert path.parent == BUNDLED and path.name.startswith("DejaVuSans"), (text.get_text(), path)


def test_a_system_font_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    house_font_files.cache_clear()
    monkeypatch.setattr(font_manager, "findfont", lambda *a, **k: "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    try:
        with pytest.raises(FontError, match="not to matplotlib's own copy"):
            house_font_files()
    finally:
        monkeypatch.undo()
        house_font_files.cache_clear()


@pytest.mark.parametrize("size", ["web", "print-single"])
def test_russian_chart_renders_cyrillic_in_every_format(size: str, tmp_path: Path, close_figures) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing from font(s)" becomes a failure
        fig, _title, _alt = SAMPLES["partial_period"]("ru", size)
        texts = drawn_texts(fig)
        plt.close(fig)
        save_sample("partial_period", "ru", size, tmp_path)
    chars = {ch for t in texts for ch in t.get_text() if not ch.isspace()}
    cyrillic = {ch for ch in chars if "CYRILLIC" in unicodedata.name(ch, "")}
    assert len(cyrillic) > 20, "the Russian chart shows too little Cyrillic to test"
    for style, path in house_font_files().items():
        font = FT2Font(path)
        missing = sorted(ch for ch in chars if font.get_char_index(ord(ch)) == 0)
        assert not missing, f"{Path(path).name} lacks {missing}"
    svg = (tmp_path / f"partial_period-ru-{size}.svg").read_text(encoding="utf-8")
    regular = FT2Font(house_font_files()["normal-normal"])
    for ch in "Жалобызрегистдн":  # the subtitle, in the regular face; SVG glyph ids are glyph indices
        glyph_id = f'id="DejaVuSans-{regular.get_char_index(ord(ch)):x}"'
        assert glyph_id in svg, f"no glyph path for {ch!r} in the SVG"


def test_missing_glyph_check_can_fail(close_figures) -> None:
    fig, _ax = charts.new_figure("web")
    fig.text(0.5, 0.5, "\u6f22")  # a CJK character DejaVu Sans does not have
    with pytest.warns(UserWarning, match="missing from font"):
        fig.canvas.draw()


@pytest.mark.slow
@pytest.mark.parametrize("size", list(SIZES))
def test_text_stays_inside_the_figure_and_tick_labels_do_not_touch(size: str, close_figures) -> None:
    for name, build in SAMPLES.items():
        fig, _title, _alt = build("en", size)
        texts = drawn_texts(fig)
        renderer = fig.canvas.get_renderer()
        assert_texts_inside(fig, texts, f"{name}/{size}", margin=0.5)
        for ax in fig.axes:
            for axis in (ax.xaxis, ax.yaxis):
                shown = {id(t) for t in texts}
                boxes = sorted((t.get_window_extent(renderer) for t in axis.get_ticklabels() if id(t) in shown),
                               key=lambda b: (b.x0, b.y0))
                for a, b in zip(boxes, boxes[1:]):
                    assert not a.overlaps(b), f"{name}/{size}: tick labels overlap"
        plt.close(fig)

"""The house font comes from this environment's matplotlib even when the shared font cache lists other copies first."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import matplotlib as mpl
from matplotlib import font_manager

from analysis.kit import style


def test_a_foreign_copy_of_dejavu_listed_first_does_not_win(tmp_path) -> None:
    bundled = Path(mpl.get_data_path()).resolve() / "fonts" / "ttf"
    foreign = tmp_path / "DejaVuSans.ttf"  # another environment's (or the system's) copy of the same font
    shutil.copy(bundled / "DejaVuSans.ttf", foreign)
    manager = font_manager.fontManager
    saved = list(manager.ttflist)
    try:
        manager.addfont(str(foreign))
        manager.ttflist.sort(key=lambda entry: Path(entry.fname) != foreign)  # as a stale cache would order it
        manager._findfont_cached.cache_clear()
        assert Path(font_manager.findfont("DejaVu Sans")) == foreign  # the trap is set
        style.house_font_files.cache_clear()
        files = style.house_font_files()
        assert {Path(f).parent for f in files.values()} == {bundled}
    finally:
        manager.ttflist[:] = saved
        manager._findfont_cached.cache_clear()
        style.house_font_files.cache_clear()


def test_apply_style_works_in_a_fresh_interpreter_without_pyplot() -> None:
    code = "from analysis.kit import style; style.apply_style('print-single'); print(style.house_font_files()['bold-normal'])"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().endswith("DejaVuSans-Bold.ttf")


def test_key_columns_measure_each_column_by_its_widest_entry():
    """Two long labels in one column make the key wider than any row's sum suggests."""
    from analysis.kit.charts import KEY_ENTRY_EM, key_columns, text_width_pt

    labels = ["A", "Bbbbbbbbbbbbbbbbbbbbbbbb", "C", "Dddddddddddddddddddddddd"]
    size = 10.0
    long = text_width_pt(labels[1], size) + size * KEY_ENTRY_EM
    short = text_width_pt("A", size) + size * KEY_ENTRY_EM
    # Two columns are laid out column by column: (A, B) and (C, D), each as wide as its long entry.
    assert key_columns(labels, size, 2 * long + 1) == 2
    assert key_columns(labels, size, 2 * long - 1) == 1
    # Summing rows (A, B) and (C, D) would have said two columns fit in one long and one short entry.
    assert key_columns(labels, size, long + short + 1) == 1
    assert key_columns(labels, size, 2 * long + 2 * short + 1) == 4

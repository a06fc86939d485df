"""The house font comes from this environment's matplotlib even when the shared font cache lists other copies first."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import matplotlib as mpl
from matplotlib import font_manager

from analysis import style


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
    code = "from analysis import style; style.apply_style('print-single'); print(style.house_font_files()['bold-normal'])"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().endswith("DejaVuSans-Bold.ttf")

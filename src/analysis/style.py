"""The house style: one matplotlib style file plus the font sizes of an output size preset."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import matplotlib as mpl
from matplotlib import font_manager

from analysis.sizes import get_size

STYLE_FILE = Path(__file__).resolve().parent / "house.mplstyle"
FONT_FAMILY = "DejaVu Sans"


class FontError(RuntimeError):
    """The house font would come from outside matplotlib (a system copy) or not at all."""


@lru_cache(maxsize=None)
def house_font_files() -> dict[str, str]:
    """The font file for each weight/style the kit uses, checked to ship with matplotlib.

    A system DejaVu of another version would change glyph shapes and so the output bytes.
    """
    bundled = Path(mpl.get_data_path()).resolve() / "fonts" / "ttf"
    files: dict[str, str] = {}
    for weight, style in (("normal", "normal"), ("bold", "normal"), ("normal", "italic"), ("bold", "italic")):
        prop = font_manager.FontProperties(family=FONT_FAMILY, weight=weight, style=style)
        try:
            path = Path(font_manager.findfont(prop, fallback_to_default=False)).resolve()
        except ValueError as exc:  # findfont raises when nothing matches
            raise FontError(f"font {FONT_FAMILY!r} ({weight}, {style}) not found: {exc}") from exc
        if path.parent != bundled or not path.name.startswith("DejaVuSans"):
            raise FontError(
                f"font {FONT_FAMILY!r} ({weight}, {style}) resolves to {path}, not to matplotlib's own "
                f"copy in {bundled}"
            )
        files[f"{weight}-{style}"] = str(path)
    return files


def size_rc(size: str) -> dict[str, object]:
    """rcParams for one size preset: text sizes and line widths."""
    preset = get_size(size)
    text, lw = preset.text, preset.linewidth
    return {
        "font.size": text["annotation"],
        "axes.titlesize": text["subtitle"],
        "axes.labelsize": text["label"],
        "xtick.labelsize": text["tick"],
        "ytick.labelsize": text["tick"],
        "legend.fontsize": text["legend"],
        "legend.title_fontsize": text["legend"],
        "figure.titlesize": text["title"],
        "axes.linewidth": lw,
        "xtick.major.width": lw,
        "ytick.major.width": lw,
        "xtick.major.size": 3.5 * lw / 0.8,
        "ytick.major.size": 3.5 * lw / 0.8,
        "grid.linewidth": lw * 0.75,
        "lines.linewidth": lw * 2,
        "patch.linewidth": lw,
        "hatch.linewidth": lw,
        "figure.dpi": preset.dpi,
        "savefig.dpi": preset.dpi,
    }


def apply_style(size: str = "web") -> None:
    """Apply the house style (and `size`'s text sizes) to matplotlib's global settings.

    Raises FontError when DejaVu Sans would not come from matplotlib's bundled fonts.
    """
    mpl.style.use(STYLE_FILE)
    mpl.rcParams.update(size_rc(size))
    mpl.rcParams["font.family"] = ["sans-serif"]
    mpl.rcParams["font.sans-serif"] = [FONT_FAMILY]
    house_font_files()

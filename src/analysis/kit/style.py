"""The house style: one matplotlib style file plus the font sizes of an output size preset."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import matplotlib as mpl
import matplotlib.style  # noqa: F401  (mpl.style is not loaded by `import matplotlib` alone)
from matplotlib import font_manager

from analysis.kit.sizes import get_size

STYLE_FILE = Path(__file__).resolve().parent / "house.mplstyle"
FONT_FAMILY = "DejaVu Sans"


class FontError(RuntimeError):
    """The house font would come from outside matplotlib (a system copy) or not at all."""


def _prefer_bundled_fonts(bundled: Path) -> None:
    """Make matplotlib's own fonts win ties against other copies of the same family.

    matplotlib keeps its font list in a per-user cache shared by every environment with the same
    matplotlib version, so it may list another environment's copy of DejaVu Sans, or the system's,
    before this one; `findfont` returns the first of equally good matches. A stable sort puts this
    environment's bundled fonts first (registering them if the cache lacks them), and the lookup
    cache is cleared so the new order takes effect.
    """
    manager = font_manager.fontManager
    listed = {Path(entry.fname).resolve() for entry in manager.ttflist}
    ours = sorted(bundled.glob("DejaVuSans*.ttf"))
    for path in ours:
        if path.resolve() not in listed:
            manager.addfont(str(path))
    manager.ttflist.sort(key=lambda entry: Path(entry.fname).resolve().parent != bundled)
    # addfont() clears findfont's lookup cache, as any change of the list must. Adding one bundled
    # font again (its copy lands after the first, so no lookup changes) asks for that through the
    # public API after the sort.
    if ours:
        manager.addfont(str(ours[0]))


@lru_cache(maxsize=None)
def house_font_files() -> dict[str, str]:
    """The font file for each weight/style the kit uses, checked to ship with matplotlib.

    A system DejaVu of another version would change glyph shapes and so the output bytes.
    """
    bundled = Path(mpl.get_data_path()).resolve() / "fonts" / "ttf"
    _prefer_bundled_fonts(bundled)
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

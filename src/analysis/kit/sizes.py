"""Output size presets: web (1200 x 675 px) and the two journal column widths (89 and 183 mm).

Each preset fixes the physical size, the raster resolution and every text size, so that a chart
drawn for print keeps its text between 5 and 9 pt whatever the notebook does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

MM_PER_INCH = 25.4
PRINT_MAX_HEIGHT_MM = 170.0
PRINT_MIN_TEXT_PT = 5.0
PRINT_MAX_TEXT_PT = 9.0

# Text roles used by the kit; every role has a size in every preset.
TEXT_ROLES = ("title", "subtitle", "label", "tick", "annotation", "legend", "notes", "source")


@dataclass(frozen=True)
class SizePreset:
    """A named output size: physical width, default aspect, resolution and text sizes (pt)."""

    name: str
    kind: str  # "web" | "print"
    width_in: float
    default_height_ratio: float
    dpi: int
    max_height_mm: float | None
    margin_pt: float
    text: Mapping[str, float] = field(default_factory=dict)
    linewidth: float = 0.8  # spines, ticks, outlines (pt)

    @property
    def width_mm(self) -> float:
        return self.width_in * MM_PER_INCH

    def height_in(self, height_ratio: float | None = None) -> float:
        """Height for a height/width ratio; refuses print heights above the journal maximum."""
        ratio = self.default_height_ratio if height_ratio is None else float(height_ratio)
        if ratio <= 0:
            raise ValueError(f"size {self.name!r}: height_ratio must be positive, got {ratio}")
        height = self.width_in * ratio
        if self.max_height_mm is not None and height * MM_PER_INCH > self.max_height_mm + 1e-9:
            raise ValueError(
                f"size {self.name!r}: height_ratio {ratio} gives {height * MM_PER_INCH:.1f} mm, "
                f"above the {self.max_height_mm:g} mm maximum for print"
            )
        return height

    def figsize(self, height_ratio: float | None = None) -> tuple[float, float]:
        """(width, height) in inches, as matplotlib wants it."""
        return (self.width_in, self.height_in(height_ratio))

    def pixels(self, height_ratio: float | None = None) -> tuple[int, int]:
        """PNG pixel size, computed the way the Agg renderer truncates the figure box."""
        w, h = self.figsize(height_ratio)
        return (int(w * self.dpi + 1e-6), int(h * self.dpi + 1e-6))


def _preset(name: str, kind: str, width_in: float, ratio: float, dpi: int, max_h: float | None,
            margin_pt: float, linewidth: float, **text: float) -> SizePreset:
    missing = set(TEXT_ROLES) - set(text)
    if missing:  # pragma: no cover - guards the table below
        raise ValueError(f"preset {name!r} lacks text sizes for {sorted(missing)}")
    return SizePreset(name, kind, width_in, ratio, dpi, max_h, margin_pt, MappingProxyType(dict(text)), linewidth)


SIZES: Mapping[str, SizePreset] = MappingProxyType({
    # 8 x 4.5 in at 150 dpi = 1200 x 675 px: text sized for a page column ~700-900 px wide.
    "web": _preset("web", "web", 8.0, 675 / 1200, 150, None, 12.0, 0.8,
                   title=15.0, subtitle=11.5, label=10.5, tick=10.0, annotation=10.0,
                   legend=10.0, notes=9.0, source=9.0),
    # Journal single column, 89 mm; text between 5 and 9 pt.
    "print-single": _preset("print-single", "print", 89 / MM_PER_INCH, 0.85, 300, PRINT_MAX_HEIGHT_MM,
                            4.0, 0.5, title=8.5, subtitle=7.0, label=6.5, tick=6.0, annotation=6.0,
                            legend=6.0, notes=5.5, source=5.5),
    # Journal double column, 183 mm.
    "print-double": _preset("print-double", "print", 183 / MM_PER_INCH, 0.5, 300, PRINT_MAX_HEIGHT_MM,
                            5.0, 0.6, title=9.0, subtitle=8.0, label=7.5, tick=7.0, annotation=7.0,
                            legend=7.0, notes=6.0, source=6.0),
})


def get_size(name: str) -> SizePreset:
    """The preset called `name`, with the list of valid names in the error."""
    try:
        return SIZES[name]
    except KeyError:
        raise ValueError(f"unknown size {name!r}: expected one of {', '.join(SIZES)}") from None

"""Compare two output folders the way the reproducibility promise is stated.

SVG, PDF, Markdown, JSON and HTML must be byte-identical; PNG must be pixel-identical (same size,
mode and pixels; encoder metadata may differ). Used by the test that rebuilds into a temporary
folder and compares it with the committed `figures/`.
"""

from __future__ import annotations

from pathlib import Path

BYTE_SUFFIXES = (".svg", ".pdf", ".md", ".json", ".html")
PIXEL_SUFFIXES = (".png",)


def _files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def png_pixels_equal(a: Path, b: Path) -> bool:
    from PIL import Image

    with Image.open(a) as left, Image.open(b) as right:
        if left.size != right.size or left.mode != right.mode:
            return False
        return left.tobytes() == right.tobytes()


def tree_differences(expected: Path, actual: Path) -> list[str]:
    """Human-readable differences between two output folders; empty when they match."""
    problems: list[str] = []
    want, have = _files(expected), _files(actual)
    problems += [f"missing: {name}" for name in sorted(want - have)]
    problems += [f"unexpected: {name}" for name in sorted(have - want)]
    for name in sorted(want & have):
        a, b = expected / name, actual / name
        if name.endswith(PIXEL_SUFFIXES):
            if not png_pixels_equal(a, b):
                problems.append(f"pixels differ: {name}")
        elif a.read_bytes() != b.read_bytes():
            problems.append(f"bytes differ: {name}")
    return problems

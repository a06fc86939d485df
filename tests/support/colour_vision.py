"""How chart colours read for readers with a colour-vision deficiency, and against the background.

Two measures the palette is held to (tests/test_chart_palette.py, tests/test_chart_contrast.py):
- WCAG 2.x contrast ratio: marks need 3:1 against what they are drawn on (1.4.11 non-text
  contrast), text 4.5:1 (1.4.3);
- CIELAB distance (CIE76 ΔE) between colours after simulating protanopia, deuteranopia and
  tritanopia with the severity-1.0 matrices of Machado, Oliveira & Fernandes (2009), applied to
  linear RGB, so two series never merge for a dichromat reader.
"""

from __future__ import annotations

import itertools
from typing import Iterable, Sequence

import numpy as np
from matplotlib.colors import to_rgb

# Machado et al. (2009), table 1, severity 1.0 (dichromacy).
MACHADO_2009: dict[str, np.ndarray] = {
    "protanopia": np.array([[0.152286, 1.052583, -0.204868],
                            [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968],
                              [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "tritanopia": np.array([[1.255528, -0.076749, -0.178779],
                            [-0.078411, 0.930809, 0.147602],
                            [0.004733, 0.691367, 0.303900]]),
}
VISIONS: tuple[str, ...] = ("normal", *MACHADO_2009)

_SRGB_TO_XYZ = np.array([[0.4124564, 0.3575761, 0.1804375],
                         [0.2126729, 0.7151522, 0.0721750],
                         [0.0193339, 0.1191920, 0.9503041]])
_D65 = np.array([0.95047, 1.0, 1.08883])


def _linear(rgb: np.ndarray) -> np.ndarray:
    return np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)


def _encoded(linear: np.ndarray) -> np.ndarray:
    linear = np.clip(linear, 0.0, 1.0)
    return np.where(linear <= 0.0031308, linear * 12.92, 1.055 * linear ** (1 / 2.4) - 0.055)


def luminance(colour: str | tuple) -> float:
    """WCAG relative luminance of an sRGB colour."""
    r, g, b = _linear(np.array(to_rgb(colour)))
    return float(0.2126 * r + 0.7152 * g + 0.0722 * b)


def contrast(a: str | tuple, b: str | tuple) -> float:
    """WCAG contrast ratio of two colours, 1 to 21."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def simulate(colours: Iterable[str | tuple], vision: str) -> np.ndarray:
    """The colours (sRGB, 0-1) as a reader with `vision` sees them ("normal" returns them)."""
    rgb = np.array([to_rgb(c) for c in colours], dtype=float)
    if vision == "normal":
        return rgb
    if vision not in MACHADO_2009:
        raise ValueError(f"unknown vision {vision!r}: expected one of {', '.join(VISIONS)}")
    return _encoded(_linear(rgb) @ MACHADO_2009[vision].T)


def cielab(rgb: np.ndarray) -> np.ndarray:
    """CIELAB (D65) of sRGB colours given as rows of 0-1 values."""
    xyz = _linear(np.atleast_2d(rgb)) @ _SRGB_TO_XYZ.T / _D65
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.stack([116 * f[:, 1] - 16, 500 * (f[:, 0] - f[:, 1]), 200 * (f[:, 1] - f[:, 2])], axis=1)


def closest_pair(colours: Sequence[str], vision: str) -> tuple[float, str, str]:
    """The two colours nearest each other under `vision`, with their ΔE (CIE76)."""
    lab = cielab(simulate(colours, vision))
    return min((float(np.linalg.norm(lab[i] - lab[j])), colours[i], colours[j])
               for i, j in itertools.combinations(range(len(colours)), 2))

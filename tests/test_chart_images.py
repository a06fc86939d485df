"""Image comparison: one sample chart per encoding against committed baseline PNGs.

Baselines were rendered with the matplotlib pinned in requirements.lock (fonts and FreeType come
with its wheel). Tolerance: RMS difference <= TOLERANCE on the 0-255 scale
(matplotlib.testing.compare); the kit is deterministic, so an unchanged build measures 0.0.
To refresh after an intended change: ANALYSIS_UPDATE_BASELINES=1 .venv/bin/pytest tests/test_chart_images.py,
then look at every changed PNG before committing it.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import matplotlib
import pytest
from matplotlib.testing.compare import compare_images

from support.chart_samples import BASELINE_CASES, save_sample

BASELINE_DIR = Path(__file__).resolve().parent / "baseline"
LOCK = Path(__file__).resolve().parent.parent / "requirements.lock"
TOLERANCE = 1.0


def pinned_matplotlib() -> str:
    match = re.search(r"^matplotlib==(\S+)$", LOCK.read_text(encoding="utf-8"), re.MULTILINE)
    assert match, f"{LOCK} does not pin matplotlib"
    return match.group(1)


def test_matplotlib_is_the_pinned_version() -> None:
    assert matplotlib.__version__ == pinned_matplotlib(), (
        "the baselines in tests/baseline/ were made with the pinned matplotlib; "
        "after changing the pin, regenerate them (see this module's docstring)"
    )


@pytest.mark.parametrize(("name", "lang", "size"), BASELINE_CASES, ids=[f"{n}-{l}-{s}" for n, l, s in BASELINE_CASES])
def test_sample_chart_matches_baseline(name: str, lang: str, size: str, tmp_path: Path) -> None:
    sidecar = save_sample(name, lang, size, tmp_path, formats=("png",))
    actual = tmp_path / sidecar["files"]["png"]
    expected = BASELINE_DIR / actual.name
    if os.environ.get("ANALYSIS_UPDATE_BASELINES") == "1":
        BASELINE_DIR.mkdir(exist_ok=True)
        shutil.copyfile(actual, expected)
        pytest.skip(f"baseline written: {expected}")
    assert expected.exists(), f"no baseline {expected}; see {__name__}'s docstring to create it"
    failure = compare_images(str(expected), str(actual), tol=TOLERANCE)
    assert failure is None, failure


def test_comparison_detects_a_changed_chart(tmp_path: Path) -> None:
    """The comparison is not vacuous: a chart drawn from other data fails against the baseline."""
    from support import chart_samples
    original = chart_samples.torture_complaints
    try:
        def changed():
            rows = original()
            rows.loc[rows["label"] == "2012", "value"] = 300
            return rows

        chart_samples.torture_complaints = changed
        sidecar = save_sample("partial_period", "en", "web", tmp_path, formats=("png",))
    finally:
        chart_samples.torture_complaints = original
    failure = compare_images(str(BASELINE_DIR / "partial_period-en-web.png"),
                             str(tmp_path / sidecar["files"]["png"]), tol=TOLERANCE)
    assert failure is not None

"""Charts in an executed notebook carry their alt text: nbconvert's HTML of a run gives every chart
image the alt text of its sidecar (report.show_charts displays analysis.kit.report.ChartImage), and
nbconvert has no image to fill in with "No description has been provided for this image"."""

from __future__ import annotations

import json
import logging
from html.parser import HTMLParser

import pytest

from analysis.core import paths
from analysis.notebook.notebook_checks import KERNEL_NAME
from support.notebook_runs import run_papermill

NOTEBOOKS_DIR = paths.REPO_ROOT / "notebooks"
NOTEBOOK = NOTEBOOKS_DIR / "02_zhanaozen.ipynb"


class _Images(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.alts: list[str | None] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.alts.append(dict(attrs).get("alt"))


@pytest.mark.slow
@pytest.mark.skipif(not NOTEBOOK.is_file(), reason=f"{NOTEBOOK} is not there")
def test_nbconvert_html_of_an_executed_notebook_has_each_charts_alt_text(tmp_path, caplog):
    import nbformat
    from nbconvert import HTMLExporter

    out = tmp_path / "out"
    executed = tmp_path / "executed.ipynb"
    run_papermill(NOTEBOOK, executed, parameters={"output_dir": str(out)}, cwd=NOTEBOOKS_DIR, kernel_name=KERNEL_NAME)
    sidecars = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((out / NOTEBOOK.stem).glob("*.json"))
                if not p.name.endswith(".claims.json")]
    assert len(sidecars) >= 3
    with caplog.at_level(logging.WARNING):
        body, _ = HTMLExporter().from_notebook_node(nbformat.read(executed, as_version=4))
    assert "No description has been provided" not in body
    assert "Alternative text is missing" not in caplog.text
    images = _Images()
    images.feed(body)
    shown = [a for a in images.alts if a]
    for sidecar in sidecars:  # each chart once, with its own alt text (the summary's images are files)
        assert shown.count(sidecar["alt_text"]) >= 1, sidecar["alt_text"][:80]
    assert None not in images.alts

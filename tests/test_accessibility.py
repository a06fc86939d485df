"""WCAG 2.x A and AA (axe-core's rules tagged wcag2a, wcag2aa, wcag21a, wcag21aa, wcag22aa) on the
gallery (figures/index.html) and on every figure page (`figures/**/<chart>.html`), in headless Chromium.

axe-core 4.9 comes bundled with selenium-axe-python (the maintained successor of axe-selenium-python,
whose axe-core 3.1 predates the WCAG 2.1 rules); selenium drives Debian's chromium through its
chromedriver (Debian's chromium-driver, which .ci/run installs; tests/support/system_tools.py skips without it, or fails under CI).
One browser session loads every page by file:// URL, opens every <details> (so the data table and
the embed snippets are checked too) and runs axe on it. A page with an unlabelled control and
low-contrast text must fail, so the check is known to see such faults.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from support import headless_chromium
from analysis.core.paths import REPO_ROOT

pytestmark = pytest.mark.slow

FIGURES = REPO_ROOT / "figures"
TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")
OPEN_DETAILS = "document.querySelectorAll('details').forEach(function (d) { d.open = true; });"
# axe.run on the rules with TAGS (arguments[0]), reporting its errors rather than hanging: axe-core
# rejects a tag none of its rules has, so the tags are narrowed to those its rules carry (and the
# test below asserts that none of TAGS was dropped).
RUN = """
var done = arguments[arguments.length - 1], known = {};
axe.getRules().forEach(function (rule) { rule.tags.forEach(function (tag) { known[tag] = true; }); });
var tags = arguments[0].filter(function (tag) { return known[tag]; });
axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]}).then(
  function (r) { done({tags: tags, version: axe.version, violations: r.violations}); },
  function (e) { done({error: String(e)}); });
"""


def _pages() -> list[str]:
    pages = sorted(p.relative_to(FIGURES).as_posix() for p in FIGURES.rglob("*.html") if p.name != "index.html")
    return ["index.html", *pages]


PAGES = _pages()


@pytest.fixture(scope="session")
def browser(chromium, tmp_path_factory):
    """One headless Chromium session for every page of the module."""
    driver = headless_chromium.find_driver()
    pytest.importorskip("selenium_axe_python")
    session = headless_chromium.webdriver(chromium, driver, tmp_path_factory.mktemp("axe-profile"))
    session.set_script_timeout(180)
    session.set_page_load_timeout(180)
    try:
        yield session
    finally:
        session.quit()


def run_axe(browser: Any, path: Path) -> dict[str, Any]:
    """axe-core's result on the page at `path`, with every <details> open: the tags checked,
    axe-core's version and the WCAG A/AA violations."""
    from selenium_axe_python import Axe

    browser.get(path.resolve().as_uri())
    browser.execute_script(OPEN_DETAILS)
    Axe(browser).inject()
    result = browser.execute_async_script(RUN, list(TAGS))
    assert "error" not in result, f"{path}: axe-core failed: {result['error']}"
    return result


def audit(browser: Any, path: Path) -> list[dict[str, Any]]:
    return list(run_axe(browser, path)["violations"])


def _report(violations: list[dict[str, Any]]) -> str:
    from selenium_axe_python import Axe

    return Axe(None).report(violations)


def test_every_figure_page_is_checked():
    manifest = json.loads((FIGURES / "manifest.json").read_text(encoding="utf-8"))
    listed = {f["files"]["html"]["path"] for f in manifest["figures"] if "html" in f["files"]}
    assert listed and listed <= set(PAGES), sorted(listed - set(PAGES))[:5]


def test_the_wcag_2_a_and_aa_rules_are_the_ones_run(browser):
    result = run_axe(browser, FIGURES / "index.html")
    assert set(result["tags"]) == set(TAGS), f"axe-core {result['version']} lacks rules for {set(TAGS) - set(result['tags'])}"
    assert int(result["version"].split(".")[0]) >= 4, result["version"]


@pytest.mark.parametrize("page", PAGES)
def test_no_wcag_a_or_aa_violation(browser, page):
    violations = audit(browser, FIGURES / page)
    assert not violations, f"{page}: {_report(violations)}"


def test_a_page_with_an_unlabelled_control_and_faint_text_fails(browser, tmp_path):
    page = tmp_path / "planted.html"
    page.write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Planted</title></head><body><main>'
        '<h1>Planted faults</h1><p style="color:#bbb;background:#fff">Text too faint to read.</p>'
        '<input type="text"><img src="missing.png"></main></body></html>', encoding="utf-8")
    found = {v["id"] for v in audit(browser, page)}
    assert {"color-contrast", "label", "image-alt"} <= found, found


def test_a_figure_page_whose_chart_lost_its_alt_text_fails(browser, tmp_path):
    page = (FIGURES / "en" / "02_zhanaozen" / "detentions.html").read_text(encoding="utf-8")
    stripped, n = re.subn(r'(<img src="[^"]*") alt="[^"]*"', r"\1", page, count=1)
    assert n == 1
    (tmp_path / "detentions.html").write_text(stripped, encoding="utf-8")
    assert "image-alt" in {v["id"] for v in audit(browser, tmp_path / "detentions.html")}

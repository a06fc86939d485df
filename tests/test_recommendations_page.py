"""figures/recommendations.html and recommendations.ru.html: every UN recommendation we hold, with the
response in the report's words, searchable in a real browser, accessible and phone-sized.

The pages are written by `recommendations_page.publish` (what the build calls) from the project's
data/ into a temporary folder; the expected rows are computed here from the CSVs and catalogues
themselves. The browser tests drive Debian's chromium through selenium (tests/support/headless_chromium.py).
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from html.parser import HTMLParser
from types import SimpleNamespace
from urllib.parse import unquote

import pytest

from analysis.build import recommendations_page
from analysis.build.gallery import render_gallery
from analysis.core.paths import REPO_ROOT
from support import headless_chromium

DATA = REPO_ROOT / "data"
LOCALES = REPO_ROOT / "src" / "analysis" / "words" / "locales"
# The report's words for each list (A/HRC/28/10 paras. 124-126, A/HRC/14/10 paras. 95-97), as a reader must
# find them on the English page; never "accepted".
EN_RESPONSE = {
    "supported; considered already implemented": "supported; kazakhstan considers it already implemented",
    "supported; in the process of implementation": "supported; kazakhstan considers it in the process of implementation",
    "noted; did not enjoy support": "did not enjoy the support of kazakhstan and was noted",
    "to be examined; responses in A/HRC/14/10/Add.1, not held": "will be examined",
    "supported": "supported",
}
ENGLISH_RESPONSE_WORDS = ("support", "implement", "noted", "examin", "accept", "reject", "response", "para.")
# Latin-script words a Russian reader may meet outside the quoted English: UN symbols, the submission's
# author, a key name.
RU_LATIN_ALLOWED = {"A", "HRC", "Add", "Amnesty", "International", "Ctrl", "F"}


def csv_rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def catalogue(lang: str, name: str) -> dict:
    return json.loads((LOCALES / lang / f"{name}.json").read_text(encoding="utf-8"))


def key(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "_", text.lower().replace("'", "")).strip("_")


class Page(HTMLParser):
    """The no-script list's rows (id, heading, quoted text, each dt/dd pair) and the page's visible text
    outside elements marked lang="en", with the embedded JSON."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: dict[str, dict] = {}
        self.json: dict[str, str] = {}
        self.local_text: list[str] = []
        self.links: list[str] = []
        self._stack: list[tuple[str, bool]] = []
        self._row = None
        self._field = None
        self._script = None
        self._current_dt = ""
        # The no-script list is text inside <noscript> to a parser that runs scripts; parse it as markup.
        self.feed(text.replace("<noscript>", "<div data-noscript>").replace("</noscript>", "</div>"))

    def _english(self) -> bool:
        return any(en for _, en in self._stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        english = attrs.get("lang") == "en"
        if tag not in ("br", "img", "input", "meta", "link"):
            self._stack.append((tag, english))
        if tag == "a" and "href" in attrs:
            self.links.append(attrs["href"])
        if tag == "script":
            self._script = attrs.get("id") or "inline"
            self.json[self._script] = ""
        if tag == "li" and "rec" in (attrs.get("class") or "").split():
            self._row = {"id": attrs["id"], "fields": {}, "h3": "", "text": ""}
            self.rows[attrs["id"]] = self._row
        elif self._row is not None and tag in ("h3", "blockquote", "dt", "dd"):
            self._field = tag

    def handle_endtag(self, tag):
        while self._stack:
            open_tag, _ = self._stack.pop()
            if open_tag == tag:
                break
        if tag == "script":
            self._script = None
        if tag in ("h3", "blockquote", "dt", "dd"):
            self._field = None
        if tag == "li" and self._row is not None and not any(t == "li" for t, _ in self._stack):
            self._row = None

    def handle_data(self, data):
        if self._script:
            self.json[self._script] += data
            return
        if not self._english() and not any(t in ("style", "title") for t, _ in self._stack):
            self.local_text.append(data)
        if self._row is None or self._field is None:
            return
        data = data.replace("\u00a0", " ")  # a row's words as a reader reads them (the typesetting pass's spaces)
        if self._field == "h3":
            self._row["h3"] += data
        elif self._field == "blockquote":
            self._row["text"] += data
        elif self._field == "dt":
            self._current_dt = data.strip()
            self._row["fields"][self._current_dt] = ""
        elif self._field == "dd":
            self._row["fields"][self._current_dt] += data


@pytest.fixture(scope="session")
def published(tmp_path_factory):
    """Both pages as the build writes them (recommendations_page.publish), and the manifest it fills."""
    out = tmp_path_factory.mktemp("recommendations")
    config = SimpleNamespace(data_dir=DATA, output_dir=out, sets=(SimpleNamespace(lang="en"), SimpleNamespace(lang="ru")))
    manifest: dict = {"provenance": {"status": "unchecked"}}
    problems = recommendations_page.publish(config, manifest)
    assert problems == []
    return SimpleNamespace(folder=out, manifest=manifest, en=out / "recommendations.html",
                           ru=out / "recommendations.ru.html")


@pytest.fixture(scope="session")
def parsed(published):
    return {lang: Page(getattr(published, lang).read_text(encoding="utf-8")) for lang in ("en", "ru")}


def _plain_json(value):
    """Embedded data with the typesetting pass's no-break spaces as spaces, as the list is read."""
    if isinstance(value, str):
        return value.replace("\u00a0", " ")
    if isinstance(value, list):
        return [_plain_json(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain_json(v) for k, v in value.items()}
    return value


def label(lang: str, name: str) -> str:
    return catalogue(lang, "recommendations")[f"recommendations.{name}"]


# ----------------------------------------------------------------------------------------------
# The page's content, without a browser


def test_the_english_page_lists_every_recommendation_with_the_reports_words_for_its_response(parsed):
    recs = csv_rows("upr_recommendations.csv")
    page = parsed["en"]
    assert len(recs) == 322 and set(page.rows) == {r["id"] for r in recs}
    response = label("en", "response")
    for r in recs:
        row = page.rows[r["id"]]
        words = row["fields"][response].lower()
        assert words.startswith(EN_RESPONSE[r["response"]]), (r["id"], words)
        assert f"(para. {r['paragraph']})" in words, (r["id"], words)
        assert "accept" not in words and "reject" not in words
        if r["response"] == "supported":
            assert ("already implemented or in the process of implementation" in words) == (
                r["considered_implemented_2010"] == "true"), (r["id"], words)
        if r["response"].startswith("to be examined"):
            assert "A/HRC/14/10/Add.1, which we do not hold" in row["fields"][response]
        assert row["text"] == r["text"]
        assert row["h3"].startswith(f"{r['paragraph']}.{r['item']} · ")
        symbol = "A/HRC/28/10" if r["review"] == "2014" else "A/HRC/14/10"
        cycle = "first" if r["review"] == "2010" else "second"
        assert row["fields"][label("en", "source")] == (f"{symbol}, para. {r['paragraph']}.{r['item']}, p. {r['page']} "
                                                        f"({r['review']} review, {cycle} cycle)")


def test_the_russian_page_names_states_issues_and_responses_in_russian_only(parsed):
    recs = {r["id"]: r for r in csv_rows("upr_recommendations.csv")}
    coding = {r["id"]: r["themes"].split(";") for r in csv_rows("upr_coding.csv")}
    vocabulary = catalogue("ru", "vocabulary")
    page = parsed["ru"]
    assert set(page.rows) == set(recs)
    for rec_id, row in page.rows.items():
        states = [vocabulary[f"state.{key(s.strip())}"] for s in recs[rec_id]["states"].split(";")]
        assert row["h3"].endswith(" · " + ", ".join(states)), row["h3"]
        issues = row["fields"][label("ru", "issues")].split("; ")
        assert sorted(issues) == sorted(vocabulary[f"theme.{t}"] for t in coding[rec_id])
        assert re.search(r"\(пп?\. \d+\)", row["fields"][label("ru", "response")])
        assert f"п. {recs[rec_id]['paragraph']}.{recs[rec_id]['item']}, с. " in row["fields"][label("ru", "source")]
    # Outside the quoted English (lang="en": the recommendations' texts, footnotes, the link to the English
    # page), no English word; the JSON the script draws from has no English response words either.
    local = " ".join(page.local_text)
    latin = set(re.findall(r"[A-Za-z]+", local))
    assert latin <= RU_LATIN_ALLOWED, sorted(latin - RU_LATIN_ALLOWED)
    data = _plain_json(json.loads(page.json["rec-data"]))
    for words in [a for a in data["answers"]] + [r[1] for r in data["responses"]] + [r[1] for r in data["reviews"]]:
        assert not any(w in words.lower() for w in ENGLISH_RESPONSE_WORDS), words
    assert " —" not in local.replace("\u00a0—", ""), "a dash after a breaking space"
    script_words = json.loads(page.json["rec-words"])
    script_text = re.sub(r"\{\w+\}", "", " ".join(str(v) for k, v in script_words.items() if k != "filters"))
    assert set(re.findall(r"[A-Za-z]+", script_text)) <= RU_LATIN_ALLOWED


def test_the_embedded_rows_say_what_the_list_says(parsed):
    """The script's rows (JSON) carry the same texts, States, responses and locators as the plain list."""
    for lang in ("en", "ru"):
        page = parsed[lang]
        data = _plain_json(json.loads(page.json["rec-data"]))
        assert len(data["rows"]) == len(page.rows) == 322
        response = label(lang, "response")
        for rec_id, review, number, text, states, _, answer, issues, matches, pg, footnote in data["rows"]:
            row = page.rows[rec_id]
            assert row["text"] == text and row["h3"] == f"{number} · " + ", ".join(data["states"][s][1] for s in states)
            assert row["fields"][response] == data["answers"][answer]
            assert row["fields"].get(label(lang, "issues"), "") == "; ".join(data["issues"][i][1] for i in issues)
            assert row["fields"][label(lang, "source")].endswith(f"({data['reviews'][review][3]})")
            assert f"{data['reviews'][review][2]}, " in row["fields"][label(lang, "source")]
            assert str(pg) in row["fields"][label(lang, "source")]
            if footnote:  # the marker in our label, the report's words as they are
                assert row["fields"][label(lang, "footnote").format(n=footnote[0])] == footnote[1]
                assert f"Footnote {footnote[0]}: {footnote[1]}" in {r["footnote"] for r in csv_rows("upr_recommendations.csv")}
            assert bool(footnote) == any(k.startswith(label(lang, "footnote")[:6]) for k in row["fields"])


def test_matches_and_coding_are_labelled_ours(parsed):
    matches: dict[str, set[str]] = {}
    for m in csv_rows("upr_matches.csv"):
        matches.setdefault(m["recommendation_id"], set()).add(m["submission_id"])
    concerns = catalogue("en", "theme_outcome")
    page = parsed["en"]
    field = label("en", "matches")
    assert "our matching" in field and "our coding" in label("en", "issues") and "our count" in label("en", "count")
    assert "наше сопоставление" in label("ru", "matches") and "наш подсчёт" in label("ru", "count")
    for rec_id, row in page.rows.items():
        expected = {concerns[f"theme_outcome.concern.{s}"] for s in matches.get(rec_id, ())}
        shown = row["fields"].get(field, "")
        assert all(text in shown for text in expected) and bool(shown) == bool(expected), rec_id


def test_the_pages_load_nothing_from_elsewhere_and_are_listed_in_the_manifest(published, parsed):
    for lang in ("en", "ru"):
        text = getattr(published, lang).read_text(encoding="utf-8")
        assert not re.search(r'(?:src|href)\s*=\s*"(?:[a-z]+:)?//', text), "a resource from elsewhere"
        assert "<link" not in text and not re.search(r"<script[^>]+src=", text)
        assert f'<html lang="{lang}">' in text
        assert all(not re.match(r"[a-z]+:", h) for h in parsed[lang].links)
    pages = {p["lang"]: p for p in published.manifest["pages"]}
    assert set(pages) == {"en", "ru"}
    for lang, page in pages.items():
        data = (published.folder / page["file"]["path"]).read_bytes()
        assert page["file"]["sha256"] == hashlib.sha256(data).hexdigest() and page["file"]["bytes"] == len(data)
        assert page["rows"] == 322 and page["kind"] == "recommendations"


def test_two_builds_give_the_same_bytes_and_the_gallery_links_each_language(published, tmp_path):
    config = SimpleNamespace(data_dir=DATA, output_dir=tmp_path,
                             sets=(SimpleNamespace(lang="en"), SimpleNamespace(lang="ru")))
    manifest: dict = {"provenance": {"status": "unchecked"}}
    assert recommendations_page.publish(config, manifest) == []
    for name in ("recommendations.html", "recommendations.ru.html"):
        assert (tmp_path / name).read_bytes() == (published.folder / name).read_bytes()
    assert manifest["pages"] == published.manifest["pages"]
    gallery = render_gallery({"figures": [], "summaries": [], "pages": manifest["pages"]})
    assert 'href="recommendations.html"' in gallery and 'href="recommendations.ru.html"' in gallery


def test_a_response_the_page_has_no_words_for_is_named_by_file_row_and_column(data_copy, tmp_path):
    path = data_copy / "upr_recommendations.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(",supported,false,", ",welcomed,false,", 1), encoding="utf-8")
    config = SimpleNamespace(data_dir=data_copy, output_dir=tmp_path, sets=(SimpleNamespace(lang="en"),))
    manifest: dict = {}
    problems = recommendations_page.publish(config, manifest)
    assert len(problems) == 1 and "upr_recommendations.csv:2" in problems[0] and "response" in problems[0], problems
    assert "welcomed" in problems[0]
    assert "pages" not in manifest and not (tmp_path / "recommendations.html").exists()


def test_a_project_without_un_recommendations_gets_no_page(tmp_path):
    config = SimpleNamespace(data_dir=tmp_path / "data", output_dir=tmp_path, sets=(SimpleNamespace(lang="en"),))
    manifest: dict = {}
    assert recommendations_page.publish(config, manifest) == [] and "pages" not in manifest
    assert list(tmp_path.iterdir()) == []


# ----------------------------------------------------------------------------------------------
# In headless Chromium


def expected_ids(lang: str, words: str, state: str = "", issue: str = "", response: str = "", review: str = "") -> list[str]:
    """The rows a search should return, from the CSVs and catalogues: every word found (case-folded) in the
    row's text, number, States, issues, the submission's concerns, response, review, locator or footnote."""
    vocabulary = catalogue(lang, "vocabulary")
    concerns = catalogue(lang, "theme_outcome")
    coding = {r["id"]: [t for t in r["themes"].split(";") if t] for r in csv_rows("upr_coding.csv")}
    matches: dict[str, list[str]] = {}
    for m in csv_rows("upr_matches.csv"):
        matches.setdefault(m["recommendation_id"], []).append(m["submission_id"])
    out = []
    for r in csv_rows("upr_recommendations.csv"):
        states = [key(s.strip()) for s in r["states"].split(";")]
        if state and state not in states or issue and issue not in coding[r["id"]]:
            continue
        if review and r["document_id"] != review:
            continue
        if response:
            code = {"supported; considered already implemented": "implemented", "noted; did not enjoy support": "noted",
                    "supported; in the process of implementation": "in-process"}.get(r["response"], "")
            if code != response:
                continue
        haystack = " ".join([r["text"], r["number"], r["footnote"], *(vocabulary[f"state.{s}"] for s in states),
                             *(vocabulary[f"theme.{t}"] for t in coding[r["id"]]),
                             *(concerns[f"theme_outcome.concern.{s}"] for s in matches.get(r["id"], []))]).lower()
        if all(w in haystack for w in words.lower().split()):
            out.append(r["id"])
    return out


@pytest.fixture(scope="module")
def browser(chromium, tmp_path_factory):
    driver = headless_chromium.find_driver()
    session = headless_chromium.webdriver(chromium, driver, tmp_path_factory.mktemp("recs-profile"))
    session.set_script_timeout(180)
    session.set_page_load_timeout(180)
    try:
        yield session
    finally:
        session.quit()


def shown_ids(browser) -> list[str]:
    return browser.execute_script("return Array.prototype.map.call(document.querySelectorAll('#rec-list > li'),"
                                  " function (li) { return li.id; });")


def choose(browser, name: str, value: str) -> None:
    """Set a form field as a reader would: type into the words field, pick an option."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    element = browser.find_element(By.ID, f"f-{name}")
    if name == "q":
        element.clear()
        element.send_keys(value)
    else:
        Select(element).select_by_value(value)


@pytest.mark.slow
def test_a_search_by_words_and_state_returns_the_rows_the_csv_gives_and_survives_a_reload(published, browser):
    browser.get(published.en.as_uri())
    assert len(shown_ids(browser)) == recommendations_page.PAGE_SIZE  # the first rows only, until "show more"
    choose(browser, "q", "torture")
    choose(browser, "state", "germany")
    expected = expected_ids("en", "torture", state="germany")
    assert expected and shown_ids(browser) == expected
    count = browser.find_element("id", "rec-count").text
    assert f"{len(expected)} of 322 (our count)" in count
    url = browser.current_url
    assert url.startswith(published.en.as_uri()) and "q=torture" in url and "state=germany" in url
    browser.refresh()
    assert browser.find_element("id", "f-q").get_attribute("value") == "torture"
    assert browser.find_element("id", "f-state").get_attribute("value") == "germany"
    assert shown_ids(browser) == expected
    # The same address on the Russian page (its link carries the search) gives the same rows.
    link = browser.find_element("css selector", "a[data-lang-link]").get_attribute("href")
    assert unquote(link).endswith("recommendations.ru.html#q=torture&state=germany")
    browser.get(link)
    assert shown_ids(browser) == expected
    assert browser.find_element("id", "f-state").get_attribute("value") == "germany"


@pytest.mark.slow
def test_response_review_and_issue_filters_and_show_more(published, browser):
    browser.get(published.en.as_uri() + "#response=noted&review=a-hrc-28-10")
    noted = expected_ids("en", "", response="noted", review="a-hrc-28-10")
    assert len(noted) == 51 and shown_ids(browser)[:50] == noted[:50]
    browser.find_element("id", "rec-more").click()
    assert shown_ids(browser) == noted
    assert not browser.find_element("id", "rec-more").is_displayed()
    choose(browser, "issue", "death_penalty")
    assert shown_ids(browser) == expected_ids("en", "", issue="death_penalty", response="noted", review="a-hrc-28-10")
    # "Supported" in 2010 (para. 95) includes those para. 96 lists as implemented or in progress.
    choose(browser, "issue", "")
    choose(browser, "review", "")
    choose(browser, "response", "supported")
    supported = [r["id"] for r in csv_rows("upr_recommendations.csv") if r["response"] == "supported"]
    assert len(supported) == 102 and f"{len(supported)} of 322" in browser.find_element("id", "rec-count").text
    choose(browser, "response", "supported-96")
    implemented = [r["id"] for r in csv_rows("upr_recommendations.csv") if r["considered_implemented_2010"] == "true"]
    assert f"{len(implemented)} of 322" in browser.find_element("id", "rec-count").text
    browser.find_element("id", "rec-clear").click()
    assert len(shown_ids(browser)) == recommendations_page.PAGE_SIZE
    assert "#" not in browser.current_url or browser.current_url.endswith("#")
    # Russian words find Russian State names and issues; English words the English text.
    browser.get(published.ru.as_uri() + "#q=" + "германия пытки")
    assert shown_ids(browser) == expected_ids("ru", "германия пытки")


def overflow(browser) -> int:
    return browser.execute_script("return document.documentElement.scrollWidth - window.innerWidth;")


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_no_horizontal_overflow_at_320_px_with_and_without_scripts(published, browser, lang):
    page = getattr(published, lang)
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": 320, "height": 640, "deviceScaleFactor": 1, "mobile": True})
    try:
        browser.get(page.as_uri() + "#review=a-hrc-14-10")
        browser.execute_script("document.querySelectorAll('details').forEach(function (d) { d.open = true; });")
        assert browser.execute_script("return window.innerWidth;") == 320
        assert shown_ids(browser) and overflow(browser) <= 0
        browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
        try:
            browser.get(page.as_uri())
            items = browser.execute_script("return document.querySelectorAll('li.rec').length;")
            assert items == 322  # without scripts, the plain full list
            assert not browser.find_element("id", "rec-filters").is_displayed()
            assert overflow(browser) <= 0
        finally:
            browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_no_wcag_a_or_aa_violation(published, browser, lang):
    pytest.importorskip("selenium_axe_python")
    from test_accessibility import _report, run_axe

    path = getattr(published, lang)
    result = run_axe(browser, path)
    assert not result["violations"], _report(result["violations"])
    # and with a search drawn, its matches' details (the submission's recommendations, footnotes) shown
    choose(browser, "q", "torture")
    from selenium_axe_python import Axe

    Axe(browser).inject()
    from test_accessibility import RUN, TAGS

    result = browser.execute_async_script(RUN, list(TAGS))
    assert "error" not in result and not result["violations"], _report(result["violations"])

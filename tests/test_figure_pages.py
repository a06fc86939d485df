"""The page per figure (`<chart>.html`, analysis.build.figure_page) and the gallery on any screen: no
horizontal overflow from 320 px up, and the iframe snippet in an article column showing the whole
chart at its full height (the page posts its height; the snippet's script sets it)."""

from __future__ import annotations

import html
import json
import re
import threading
from functools import partial
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from support import headless_chromium
from analysis.build import figure_page
from analysis.build.gallery import PLACEHOLDER_BASE, embed_iframe
from analysis.core.paths import REPO_ROOT

FIGURES = REPO_ROOT / "figures"
VIEWPORTS = (320, 768, 1280)


def _manifest() -> dict:
    return json.loads((FIGURES / "manifest.json").read_text(encoding="utf-8"))


def _entry(figure_id: str) -> dict:
    return next(f for f in _manifest()["figures"] if f["id"] == figure_id)


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.stack: list[str] = []
        self.table_in_details = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "table" and "details" in self.stack:
            self.table_in_details = True
        if tag not in ("meta", "img", "br", "link", "input"):
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass


def test_a_figure_page_is_standalone_with_table_data_downloads_and_citation():
    entry = _entry("en/02_zhanaozen/detentions")
    page = (FIGURES / entry["files"]["html"]["path"]).read_text(encoding="utf-8")
    parsed = _Page()
    parsed.feed(page)
    tags = [t for t, _ in parsed.tags]
    assert parsed.table_in_details and {"caption", "thead", "tbody"} <= set(tags)
    assert any(t == "th" and a.get("scope") == "col" for t, a in parsed.tags)
    assert any(t == "th" and a.get("scope") == "row" for t, a in parsed.tags)
    for tag, attrs in parsed.tags:  # nothing is fetched from elsewhere
        for name in ("src", "href"):
            value = attrs.get(name, "")
            assert not re.match(r"(?:[a-z]+:)?//", value) or tag == "a", (tag, value)
        assert tag not in ("link",), attrs
    hrefs = {a.get("href") for t, a in parsed.tags if t == "a"}
    assert {"detentions.csv", "detentions.svg", "detentions.png", "../../print/02_zhanaozen/detentions.pdf"} <= hrefs
    img = next(a for t, a in parsed.tags if t == "img")
    assert img["src"] == "detentions.svg" and img["alt"] == entry["alt_text"]
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert 'window.parent.postMessage({"kazakhstan-upr-height": h}, "*")' in page
    package = json.loads((REPO_ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert f"version {package['version']}" in page and "CC-BY-4.0" in page
    assert "Evidence notebooks: Kazakhstan&#39;s 2014 UN Universal Periodic Review" in page  # CITATION.cff's title
    from markupsafe import escape

    for text in (entry["title"], entry["source"], *entry["notes"]):
        assert str(escape(text)) in page
    assert "700" in page and "as many as" in page  # the table gives the value with its qualifier


def test_the_page_is_the_same_bytes_when_rendered_again():
    manifest = _manifest()
    citation = figure_page.read_citation(REPO_ROOT, REPO_ROOT / "data")
    for entry in manifest["figures"][:6]:
        variants = [f for f in manifest["figures"] if (f["lang"], f["theme"], f["chart"]) ==
                    (entry["lang"], entry["theme"], entry["chart"])]
        page = figure_page.render_page(entry, variants, figure_page.read_csv_rows(FIGURES, entry), citation,
                                       provenance=manifest["provenance"])
        assert page.encode("utf-8") == (FIGURES / entry["files"]["html"]["path"]).read_bytes(), entry["id"]


def test_every_published_page_says_its_excerpts_were_checked_against_the_sources():
    """The committed figures are built with the sources: the manifest records which documents, and
    every page says the check was made (a build without them says it was not, in the same place)."""
    manifest = _manifest()
    assert manifest["provenance"]["status"] == "checked"
    assert {d["file"] for d in manifest["provenance"]["documents"]} >= {"amnesty-upr-2014-kazakhstan.md"}
    said = {"en": "Source check: when this page was built", "ru": "Проверка по источникам: при сборке"}
    for entry in manifest["figures"]:
        page = (FIGURES / entry["files"]["html"]["path"]).read_text(encoding="utf-8").replace("\u00a0", " ")
        assert said[entry["lang"]] in page, entry["id"]
        assert "not done" not in page and "не проведена" not in page, entry["id"]


def test_the_russian_page_speaks_russian():
    entry = _entry("ru/02_zhanaozen/detentions")
    page = (FIGURES / entry["files"]["html"]["path"]).read_text(encoding="utf-8")
    assert '<html lang="ru">' in page
    assert "Таблица данных" in page and "Как ссылаться" in page and "Скачать данные (CSV)" in page
    assert "<td>человек</td>" in page and "<td>people</td>" not in page  # the unit in Russian


def _table(page: str) -> tuple[list[str], list[list[str]]]:
    """The data table's column headers and rows (each row's header cell first)."""
    head = page.split("<thead>", 1)[1].split("</thead>", 1)[0]
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    columns = [html.unescape(c).replace("\u00a0", " ") for c in re.findall(r"<th[^>]*>(.*?)</th>", head)]  # typeset
    rows = [[html.unescape(c) for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", r)] for r in body.split("</tr>")]
    return columns, [r for r in rows if r]


def test_russian_pages_give_units_and_our_methods_in_russian():
    from analysis.words import i18n

    unit, ours = i18n.t("gallery.column.unit", "ru"), i18n.t("gallery.column.ours", "ru")
    latin = re.compile(r"[A-Za-z]{3,}")
    seen = {unit: 0, ours: 0}
    for entry in _manifest()["figures"]:
        if entry["lang"] != "ru" or "html" not in entry["files"]:
            continue
        page = (FIGURES / entry["files"]["html"]["path"]).read_text(encoding="utf-8")
        if "<tbody>" not in page:
            continue
        columns, rows = _table(page)
        for name in (unit, ours):
            if name not in columns:
                continue
            at = columns.index(name)
            for row in rows:
                cell = re.sub(r"A/HRC/\d+/\d+|\brec\d{4}[-a-z0-9]*|\b(?:KZT|USD)\b|\bAmnesty(?: International)?\b", "", row[at])
                assert not latin.search(cell), f"{entry['id']}: {name} {row[at]!r} is not in Russian"
                seen[name] += bool(row[at])
    assert seen[unit] > 50 and seen[ours] > 20, seen


# ---- in a browser ----

class _Server:
    """figures/ over HTTP on localhost (one origin, so a test page can look inside its iframes),
    with the test's own pages under /_test/."""

    def __init__(self, extra: Path):
        root, extra = FIGURES, extra

        class Handler(SimpleHTTPRequestHandler):
            def translate_path(self, path):
                if path.startswith("/_test/"):
                    return str(extra / path[len("/_test/"):].split("?")[0])
                return super().translate_path(path)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, directory=str(root)))
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def _result(done) -> dict | list:
    match = re.search(r'<pre id="result">(.*?)</pre>', done.stdout, re.S)
    assert match, f"chromium did not run the page: {done.returncode}\n{done.stderr[-2000:]}"
    return json.loads(html.unescape(match.group(1)))


OVERFLOW_SCRIPT = """
<script>
window.addEventListener("load", function () {
  var out = [];
  Array.prototype.forEach.call(document.querySelectorAll("iframe"), function (frame) {
    var w = frame.contentWindow, d = frame.contentDocument;
    Array.prototype.forEach.call(d.querySelectorAll("details"), function (x) { x.open = true; });
    var root = d.documentElement;
    void root.offsetHeight;
    var wide = [];
    Array.prototype.forEach.call(d.querySelectorAll("body *"), function (e) {
      var r = e.getBoundingClientRect();
      if (r.right > w.innerWidth + 1 && wide.length < 5 && !e.closest(".table-wrap")) {
        wide.push(e.tagName + "." + e.className + " right=" + Math.round(r.right));
      }
    });
    out.push({src: frame.getAttribute("src"), scroll: root.scrollWidth, inner: w.innerWidth, wide: wide,
              images: Array.prototype.every.call(d.images, function (i) { return i.complete && i.naturalWidth > 0; })});
  });
  var pre = document.createElement("pre");
  pre.id = "result";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>
"""


def _sample_pages() -> list[str]:
    """At least one page per notebook and set (so per language), and the widest-tabled ones."""
    pages: dict[tuple[str, str], list[str]] = {}
    for f in _manifest()["figures"]:
        pages.setdefault((f["set"], f["theme"]), []).append(f["files"]["html"]["path"])
    return sorted(p for paths in pages.values() for p in sorted(paths)[:2])


@pytest.mark.slow
@pytest.mark.parametrize("width", VIEWPORTS)
def test_no_horizontal_overflow_in_gallery_or_figure_pages(width, chromium, tmp_path):
    pages = ["index.html", *_sample_pages()]
    frames = "\n".join(f'<iframe src="/{p}" style="display:block;border:0;width:{width}px;height:4000px"></iframe>'
                       for p in pages)
    (tmp_path / "overflow.html").write_text(
        f"<!DOCTYPE html><html><head><meta charset='utf-8'></head><body style='margin:0'>{frames}"
        f"{OVERFLOW_SCRIPT}</body></html>", encoding="utf-8")
    with _Server(tmp_path) as server:
        done = headless_chromium.run(chromium, server.base + "_test/overflow.html", tmp_path / "profile",
                                     f"--window-size={width},1000", "--virtual-time-budget=30000", "--dump-dom",
                                     timeout=300)
    results = _result(done)
    assert len(results) == len(pages)
    for r in results:
        assert r["inner"] == width, r
        assert r["scroll"] <= r["inner"], f"{r['src']} at {width} px: {r['scroll']} px wide; {r['wide']}"
        assert r["images"], f"{r['src']}: an image did not load"


ARTICLE_SCRIPT = """
<script>
var timer = null, messages = 0;
function report() {
  var frame = document.querySelector("iframe"), d = frame.contentDocument;
  var img = d.querySelector(".chart img"), box = frame.getBoundingClientRect();
  var pre = document.createElement("pre");
  pre.id = "result";
  pre.textContent = JSON.stringify({messages: messages, height: box.height, width: box.width,
    scroll_height: d.documentElement.scrollHeight, content: d.documentElement.getBoundingClientRect().height,
    image_bottom: img.getBoundingClientRect().bottom, image_loaded: img.complete && img.naturalWidth > 0,
    embedded: d.documentElement.className});
  document.body.appendChild(pre);
}
window.addEventListener("message", function (e) {
  if (e.data && e.data["kazakhstan-upr-height"]) { messages++; clearTimeout(timer); timer = setTimeout(report, 500); }
});
</script>
"""


@pytest.mark.slow
@pytest.mark.parametrize("figure_id", ["en/02_zhanaozen/detentions", "ru/06_timeline/timeline"])
def test_the_iframe_snippet_shows_the_whole_chart_in_an_article(figure_id, chromium, tmp_path):
    entry = _entry(figure_id)
    with _Server(tmp_path) as server:
        snippet = embed_iframe(entry, base=server.base)  # the placeholder replaced, as the README says
        assert snippet == embed_iframe(entry).replace(PLACEHOLDER_BASE, server.base)
        (tmp_path / "article.html").write_text(
            "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Article</title></head>"
            "<body style='margin:0;font:18px/1.6 serif'>" + ARTICLE_SCRIPT +
            "<main style='max-width:680px;margin:0 auto;padding:0 10px'><h1>An article</h1>"
            "<p>Text before the chart.</p>" + snippet + "<p>Text after the chart.</p></main></body></html>",
            encoding="utf-8")
        done = headless_chromium.run(chromium, server.base + "_test/article.html", tmp_path / "profile",
                                     "--window-size=1000,1100", "--virtual-time-budget=20000", "--dump-dom")
    r = _result(done)
    assert r["messages"] >= 1 and "embedded" in r["embedded"], r
    assert r["image_loaded"] and abs(r["width"] - 680) < 1, r  # the article's column
    assert r["height"] >= r["scroll_height"] - 2, r  # nothing inside is cut off
    assert r["height"] <= r["content"] + 4, r  # and no empty band below
    assert r["image_bottom"] <= r["height"], r


LAYOUT_SCRIPT = """
<script>
window.addEventListener("load", function () {
  var d = document.querySelector("iframe").contentDocument, out = [];
  Array.prototype.forEach.call(d.querySelectorAll(".figures"), function (grid) {
    var cards = Array.prototype.map.call(grid.querySelectorAll(".card"), function (card) {
      var r = card.getBoundingClientRect(), last = card.lastElementChild.getBoundingClientRect();
      return {left: Math.round(r.left), top: r.top, bottom: r.bottom, empty: r.bottom - last.bottom};
    });
    out.push(cards);
  });
  var pre = document.createElement("pre");
  pre.id = "result";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>
"""


@pytest.mark.slow
@pytest.mark.parametrize("width, columns", [(1280, 2), (400, 1)])
def test_gallery_cards_leave_no_holes(width, columns, chromium, tmp_path):
    """Each card is as tall as its content and sits right under the one above it in its column (no
    row as tall as its tallest card); two columns on a wide screen, one on a phone."""
    (tmp_path / "layout.html").write_text(
        f"<!DOCTYPE html><html><head><meta charset='utf-8'></head><body style='margin:0'>"
        f"<iframe src='/index.html' style='display:block;border:0;width:{width}px;height:3000px'></iframe>"
        f"{LAYOUT_SCRIPT}</body></html>", encoding="utf-8")
    with _Server(tmp_path) as server:
        done = headless_chromium.run(chromium, server.base + "_test/layout.html", tmp_path / "profile",
                                     f"--window-size={width},1000", "--virtual-time-budget=30000", "--dump-dom",
                                     timeout=300)
    grids = _result(done)
    assert len(grids) > 10
    for cards in grids:
        lefts = sorted({c["left"] for c in cards})
        assert len(lefts) <= columns, lefts
        for card in cards:
            assert card["empty"] <= 24, card  # the padding (1rem) and a little: no hole inside the card
        for left in lefts:
            column = sorted((c for c in cards if c["left"] == left), key=lambda c: c["top"])
            for above, below in zip(column, column[1:]):
                assert below["top"] - above["bottom"] <= 25, (above, below)  # the 1.5rem between cards
    if columns == 2:
        assert any(len({c["left"] for c in cards}) == 2 for cards in grids)


def test_every_page_says_which_licence_covers_republishing_the_chart():
    """A republisher reads that the chart carries the data's CC BY 4.0 and the code's MIT licence is the code's."""
    manifest = _manifest()
    said = {"en": ("Republishing: the chart, like its data, is under CC-BY-4.0", "under the MIT licence"),
            "ru": ("Перепечатка: график, как и его данные, распространяется по лицензии CC-BY-4.0",
                   "по лицензии MIT")}
    for entry in manifest["figures"]:
        page = (FIGURES / entry["files"]["html"]["path"]).read_text(encoding="utf-8").replace("\u00a0", " ")
        for words in said[entry["lang"]]:
            assert words in page, (entry["id"], words)

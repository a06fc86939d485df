"""figures/index.html: a static gallery that renders in a real browser with every image and link working."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from urllib.parse import unquote, urlparse

import pytest

from support import headless_chromium
from analysis.build.gallery import PLACEHOLDER_BASE, embed_iframe, embed_image, render_gallery
from analysis.core.paths import REPO_ROOT

CHECK_SCRIPT = """
<script>
window.addEventListener("load", function () {
  var images = Array.prototype.map.call(document.images, function (img) {
    return {src: img.getAttribute("src"), alt: img.getAttribute("alt"),
            loaded: img.complete && img.naturalWidth > 0, width: img.naturalWidth};
  });
  var links = Array.prototype.map.call(document.querySelectorAll("a[href]"), function (a) {
    return a.getAttribute("href");
  });
  var ids = Array.prototype.map.call(document.querySelectorAll("[id]"), function (e) { return e.id; });
  var out = document.createElement("pre");
  out.id = "gallery-check";
  out.textContent = JSON.stringify({images: images, links: links, ids: ids, title: document.title});
  document.body.appendChild(out);
});
</script>
"""


def figure_entry(**overrides):
    entry = {
        "id": "en/01_torture/complaints", "chart": "complaints", "set": "en", "lang": "en",
        "theme": "01_torture", "notebook": "notebooks/01_torture.ipynb",
        "parameters": {"lang": "en", "size": "web", "formats": ["svg", "png"]},
        "title": 'Complaints of torture, 2011–2013 "registered"', "subtitle": "By year",
        "alt_text": "Bar chart: 2011 <low>, 2012 higher & [2013 partial]", "source": "Source: Amnesty International",
        "notes": ["2013: January–September only"], "size": "web", "width_px": 1200, "height_px": 675,
        "width_mm": 101.6, "height_mm": 57.2, "dpi": 300,
        "files": {"svg": {"path": "en/01_torture/complaints.svg", "sha256": "x", "bytes": 1},
                  "png": {"path": "en/01_torture/complaints.png", "sha256": "x", "bytes": 1},
                  "csv": {"path": "en/01_torture/complaints.csv", "sha256": "x", "bytes": 1},
                  "html": {"path": "en/01_torture/complaints.html", "sha256": "x", "bytes": 1}},
    }
    entry.update(overrides)
    return entry


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images, self.links, self.textareas, self._area = [], [], [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "img":
            self.images.append(attrs)
        if tag == "a" and "href" in attrs:
            self.links.append(attrs["href"])
        if tag == "textarea":
            self._area = []

    def handle_data(self, data):
        if self._area is not None:
            self._area.append(data)

    def handle_endtag(self, tag):
        if tag == "textarea" and self._area is not None:
            self.textareas.append("".join(self._area))
            self._area = None


def test_embed_snippets_carry_alt_text_and_no_caption():
    entry = figure_entry(alt_text="Kazakhstan's bar chart: 2011 <low>, 2012 higher & \"[2013 partial]\"")
    image = embed_image(entry)
    assert image == (f'<img src="{PLACEHOLDER_BASE}en/01_torture/complaints.svg" '
                     'alt="Kazakhstan\'s bar chart: 2011 &lt;low&gt;, 2012 higher &amp; &quot;[2013 partial]&quot;" '
                     'width="1200" height="675" style="max-width:100%;height:auto">')
    frame = embed_iframe(entry)
    assert frame.startswith(f'<iframe src="{PLACEHOLDER_BASE}en/01_torture/complaints.html" ')
    assert 'style="width:100%;' in frame and "data-kazakhstan-upr" in frame
    assert 'e.data["kazakhstan-upr-height"]' in frame and "f[i].contentWindow===e.source" in frame
    for snippet in (image, frame):  # the image carries its title and source: no caption repeats them
        assert "figcaption" not in snippet and "Amnesty" not in snippet
        assert "&#x27;" not in snippet and "&#39;" not in snippet
    assert embed_iframe(figure_entry(files={"svg": entry["files"]["svg"]})) == ""  # no page, no iframe


def test_the_page_groups_by_language_and_theme_and_links_every_file():
    en = figure_entry()
    ru = figure_entry(id="ru/01_torture/complaints", set="ru", lang="ru", title="Жалобы на пытки",
                      alt_text="Столбчатая диаграмма", parameters={"lang": "ru", "size": "web", "formats": ["svg", "png"]},
                      files={"svg": {"path": "ru/01_torture/complaints.svg", "sha256": "x", "bytes": 1},
                             "png": {"path": "ru/01_torture/complaints.png", "sha256": "x", "bytes": 1},
                             "html": {"path": "ru/01_torture/complaints.html", "sha256": "x", "bytes": 1}})
    printed = figure_entry(id="print/01_torture/complaints", set="print", size="print-double",
                           parameters={"lang": "en", "size": "print-double", "formats": ["pdf", "png"]},
                           files={"pdf": {"path": "print/01_torture/complaints.pdf", "sha256": "x", "bytes": 1},
                                  "png": {"path": "print/01_torture/complaints.png", "sha256": "x", "bytes": 1}})
    summary = {"id": "en/01_torture/summary.en", "lang": "en", "theme": "01_torture", "title": "Torture complaints",
               "file": {"path": "en/01_torture/summary.en.md"}}
    page = render_gallery({"figures": [ru, printed, en], "summaries": [summary]})
    parsed = _Collect()
    parsed.feed(page)
    assert {i["alt"] for i in parsed.images} == {en["alt_text"], ru["alt_text"]}  # one card per language
    for path in ("en/01_torture/complaints.svg", "en/01_torture/complaints.png", "print/01_torture/complaints.pdf",
                 "print/01_torture/complaints.png", "ru/01_torture/complaints.svg", "en/01_torture/summary.en.md"):
        assert path in parsed.links
    assert page.index('id="lang-en"') < page.index('id="lang-ru"')
    assert '<h3 id="en-01_torture">Torture complaints</h3>' in page  # theme title from the summary
    assert "Альтернативный текст" in page and "Alt text" in page
    assert "Печать" in page or "Print" in page
    assert len(parsed.textareas) == 4  # two snippets a figure, each shown as it is to be pasted
    assert parsed.textareas[:2] == [embed_iframe(en), embed_image(en)]
    raw_areas = re.findall(r"<textarea[^>]*>(.*?)</textarea>", page, re.S)
    assert raw_areas and not any("&#x27;" in a or "&#39;" in a or "&quot;" in a.replace("&amp;quot;", "") for a in raw_areas)
    assert "en/01_torture/complaints.csv" in parsed.links and "en/01_torture/complaints.html" in parsed.links
    outside = re.sub(r"<textarea.*?</textarea>", "", page, flags=re.S)
    assert not re.search(r'(?:src|href)="(?:https?:)?//', outside)  # nothing from elsewhere
    assert ".figures { columns: 30rem 2;" in page and "break-inside: avoid" in page  # columns, no holes; one on a phone
    assert ">Copy</button>" in page and ">Копировать</button>" in page and "built-in" not in page


def check_in_chromium(folder, chromium, tmp_path) -> dict:
    """Load folder/index.html in headless Chromium; assert images load with alt text and links resolve."""
    page = (folder / "index.html").read_text(encoding="utf-8")
    checked = folder / "_gallery_check.html"  # beside index.html, so relative links resolve the same
    checked.write_text(page.replace("</body>", CHECK_SCRIPT + "</body>"), encoding="utf-8")
    try:
        done = headless_chromium.run(chromium, checked.as_uri(), tmp_path / "profile",
                                     "--virtual-time-budget=10000", "--dump-dom")
    finally:
        checked.unlink()
    match = re.search(r'<pre id="gallery-check">(.*?)</pre>', done.stdout, re.S)
    assert match, f"chromium did not run the page: {done.returncode}\n{done.stderr[-2000:]}"
    report = json.loads(html.unescape(match.group(1)))

    assert report["title"].startswith("Figures")
    assert report["images"], "the gallery shows no image"
    for image in report["images"]:
        assert image["loaded"] and image["width"] > 0, image
        assert image["alt"] and image["alt"].strip(), image
    for href in report["links"]:
        parsed = urlparse(href)
        assert not parsed.scheme and not parsed.netloc, href
        if href.startswith("#"):
            assert href[1:] in report["ids"], href
        else:
            assert (folder / unquote(parsed.path)).is_file(), href
    linked = {unquote(h) for h in report["links"] if not h.startswith("#")}
    expected = {p.relative_to(folder).as_posix() for p in folder.rglob("*")
                if p.suffix in (".svg", ".png", ".pdf", ".csv") or p.name.startswith("summary.")
                or (p.suffix == ".html" and p.with_suffix(".json").is_file())}
    assert expected <= linked, sorted(expected - linked)[:10]
    return report


@pytest.mark.slow
def test_the_published_gallery_renders_in_headless_chromium(chromium, tmp_path):
    """The committed figures/index.html: every web figure shown with its alt text, every file linked."""
    folder = REPO_ROOT / "figures"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    report = check_in_chromium(folder, chromium, tmp_path)
    alts = {i["alt"] for i in report["images"]}
    web = {f["alt_text"] for f in manifest["figures"] if f["parameters"]["size"] == "web"}
    assert web <= alts  # every web figure is shown with its own alt text
    assert alts <= {f["alt_text"] for f in manifest["figures"]}  # and nothing the manifest lacks


@pytest.mark.slow
def test_the_gallery_renders_in_headless_chromium(built_mini, chromium, tmp_path):
    folder = built_mini.figures
    report = check_in_chromium(folder, chromium, tmp_path)
    assert len(report["images"]) == 4  # alpha and beta, in English and in Russian

    screenshot = REPO_ROOT / "build" / "gallery-screenshot.png"
    screenshot.parent.mkdir(parents=True, exist_ok=True)
    shot = headless_chromium.run(chromium, (folder / "index.html").as_uri(), tmp_path / "profile2",
                                 "--window-size=1280,2000", f"--screenshot={screenshot}")
    assert screenshot.is_file() and screenshot.stat().st_size > 10_000, shot.stderr[-2000:]
    from PIL import Image

    with Image.open(screenshot) as image:
        assert image.size == (1280, 2000)
        darkest, lightest = image.convert("L").getextrema()
        assert lightest - darkest > 100  # not a blank page


def test_a_base_address_set_once_points_every_snippet_there_and_drops_the_placeholder_note():
    from analysis.build.build_config import ConfigError, checked_base_url

    entry = figure_entry()
    manifest = {"figures": [entry], "summaries": []}
    placeholder = render_gallery(manifest)
    assert PLACEHOLDER_BASE in placeholder and 'class="embed-base"' in placeholder
    published = render_gallery(manifest, "https://data.example.net/kz/figures/")
    assert PLACEHOLDER_BASE not in published and 'class="embed-base"' not in published
    assert "https://data.example.net/kz/figures/en/01_torture/complaints.svg" in published
    assert checked_base_url("https://data.example.net/kz", "--base-url") == "https://data.example.net/kz/"
    for bad in ("figures/", "ftp://x.org/", "https://", "https://x.org/a b/"):
        with pytest.raises(ConfigError, match="not an absolute http"):
            checked_base_url(bad, "--base-url")

"""`figures/index.html`: a static gallery of every figure, made from the manifest.

One self-contained page (no scripts or styles from elsewhere, relative links only), so it works
opened from the file system and from any static host, and on a phone (no horizontal scrolling from
320 px up: the cards stack). Grouped by language, then by theme (one notebook = one theme); each
figure shows its title, alt text, source and notes, links its page (`<chart>.html`,
analysis.build.figure_page), its data (`<chart>.csv`) and every file of every parameter set in that
language (web SVG/PNG, print PDF/PNG), and offers two copy-paste embed snippets: an iframe of the
figure page that sets its own height, and a plain `<img>`. Neither repeats the title and source
the image already carries; both use the placeholder base address PLACEHOLDER_BASE, to be replaced
with where figures/ is published (README, "Embedding"). Rendered with Jinja2 (autoescaped) from
templates/gallery.html; all words come from the i18n catalogue (`locales/<lang>/gallery.json`).
"""

from __future__ import annotations

import html
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from analysis.words import i18n
from analysis.words.typeset import typeset_auto

TEMPLATES = Path(__file__).resolve().parent / "templates"
TEMPLATE = TEMPLATES / "gallery.html"
INDEX_NAME = "index.html"
FORMAT_ORDER = ("svg", "png", "pdf")
# The file shown in the gallery: a web set's PNG first; the image snippet's: vector first.
PREVIEW_ORDER = ("png", "svg")
EMBED_ORDER = ("svg", "png")
# Where figures/ is published, in the embed snippets: a placeholder the README tells users to replace.
PLACEHOLDER_BASE = "https://example.org/figures/"
# The message a figure page posts to its parent with its height (templates/figure.html).
HEIGHT_MESSAGE = "kazakhstan-upr-height"
# The width of the article column the iframe snippet's first height is estimated for.
EMBED_COLUMN_PX = 680


@lru_cache(maxsize=1)
def environment() -> Any:
    """The Jinja2 environment of the gallery and the figure pages (autoescaped, strict). Every text
    a template prints passes the typesetting pass of its own language (words.typeset), so a page
    breaks a line where the summary and the chart would."""
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                              finalize=_typeset_printed)


def _typeset_printed(value: Any) -> Any:
    """A printed value, typeset when it is text (markup and numbers pass as they are)."""
    import markupsafe

    if isinstance(value, str) and not isinstance(value, markupsafe.Markup):
        return typeset_auto(value)
    return value


def _attr(text: Any) -> str:
    """Text for a double-quoted attribute of a snippet: only what HTML needs escaped (& < > "),
    so an apostrophe stays readable ("Kazakhstan's", not "Kazakhstan&#x27;s")."""
    return html.escape(str(text if text is not None else ""), quote=False).replace('"', "&quot;")


def _rcdata(text: str) -> Any:
    """A snippet as a <textarea>'s content: & and < escaped, nothing else (quotes stay quotes)."""
    from markupsafe import Markup

    return Markup(text.replace("&", "&amp;").replace("<", "&lt;"))


def _href(path: str) -> str:
    return quote(path, safe="/")


def _variant(entry: dict[str, Any]) -> str:
    size = str(entry.get("parameters", {}).get("size", entry.get("size", "web")))
    return "print" if size.startswith("print") else "web"


def _size_attrs(entry: dict[str, Any]) -> str:
    if entry.get("width_px") and entry.get("height_px"):
        return f' width="{int(entry["width_px"])}" height="{int(entry["height_px"])}"'
    return ""


def embed_image(entry: dict[str, Any], base: str = PLACEHOLDER_BASE) -> str:
    """A plain <img> of the figure at `base` (an absolute address), as wide as its column at most;
    its alt text is the figure's, and no caption (the image carries its title and source)."""
    path = next((entry["files"][f]["path"] for f in EMBED_ORDER if f in entry["files"]), None)
    if path is None:
        return ""
    return (f'<img src="{_attr(base + _href(path))}" alt="{_attr(entry.get("alt_text"))}"{_size_attrs(entry)}'
            f' style="max-width:100%;height:auto">')


def embed_iframe(entry: dict[str, Any], base: str = PLACEHOLDER_BASE) -> str:
    """An iframe of the figure page at `base`, and a tiny script that sets the iframe's height from
    the page's message (window.postMessage({"kazakhstan-upr-height": h}), as Datawrapper does)."""
    page = entry["files"].get("html")
    if page is None:
        return ""
    height = EMBED_COLUMN_PX * 9 // 16 + 80
    if entry.get("width_px") and entry.get("height_px"):
        height = int(EMBED_COLUMN_PX * int(entry["height_px"]) / int(entry["width_px"])) + 80
    return (
        f'<iframe src="{_attr(base + _href(page["path"]))}" title="{_attr(entry.get("title"))}" '
        f'style="width:100%;height:{height}px;border:0;display:block" loading="lazy" data-kazakhstan-upr></iframe>\n'
        '<script>window.addEventListener("message",function(e){'
        f'var h=e.data&&e.data["{HEIGHT_MESSAGE}"];if(!h)return;'
        'var f=document.querySelectorAll("iframe[data-kazakhstan-upr]");'
        'for(var i=0;i<f.length;i++)if(f[i].contentWindow===e.source)f[i].style.height=h+"px";});</script>'
    )


def _mm(value: float, lang: str) -> str:
    return i18n.format_number(float(value), lang, 1 if value % 1 else 0)


def _variants(variants: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    """One row of links per variant: its page and its data, then its images."""
    out = []
    for entry in variants:
        links = [{"href": _href(entry["files"][key]["path"]), "label": i18n.t(f"gallery.{name}", lang)}
                 for key, name in (("html", "page"), ("csv", "data")) if key in entry["files"]]
        links += [{"href": _href(entry["files"][fmt]["path"]), "label": fmt.upper()}
                  for fmt in FORMAT_ORDER if fmt in entry["files"]]
        sizes = []
        if entry.get("width_px") and entry.get("height_px"):
            sizes.append(i18n.t("gallery.size_px", lang, width=entry["width_px"], height=entry["height_px"]))
        if entry.get("width_mm") and entry.get("height_mm"):
            sizes.append(i18n.t("gallery.size_mm", lang, width=_mm(entry["width_mm"], lang),
                                height=_mm(entry["height_mm"], lang)))
        out.append({"label": i18n.t(f"gallery.variant.{_variant(entry)}", lang), "sizes": ", ".join(sizes),
                    "links": links})
    return out


def _card(variants: list[dict[str, Any]], lang: str, anchor: str, base: str) -> dict[str, Any]:
    main = next((v for v in variants if _variant(v) == "web"), variants[0])
    preview_path = next((main["files"][f]["path"] for f in PREVIEW_ORDER if f in main["files"]), None)
    if preview_path is None:  # a print-only figure: show the print PNG if there is one
        preview_path = next((v["files"]["png"]["path"] for v in variants if "png" in v["files"]), None)
    preview = None
    if preview_path is not None:
        preview = {"src": _href(preview_path), "width": None, "height": None}
        if main.get("width_px") and main.get("height_px") and preview_path.endswith(".png"):
            preview.update(width=int(main["width_px"]), height=int(main["height_px"]))
    snippets = []
    for key, label, text in (("iframe", "embed_iframe", embed_iframe(main, base)),
                              ("img", "embed_image", embed_image(main, base))):
        if text:
            snippets.append({"id": f"{anchor}-{key}", "label": i18n.t(f"gallery.{label}", lang),
                             "rows": min(8, text.count("\n") + 4), "text": text, "textarea": _rcdata(text)})
    return {"anchor": anchor, "preview": preview, "title": main.get("title") or "", "subtitle": main.get("subtitle"),
            "alt_text": main.get("alt_text") or "", "source": main.get("source"), "notes": main.get("notes") or [],
            "variants": _variants(variants, lang), "snippets": snippets}


def render_gallery(manifest: dict[str, Any], base_url: str | None = None) -> str:
    """The whole page for a manifest (see analysis.build.manifest); the embed snippets point at
    `base_url`, where the output folder is published (the build's --base-url), else at a placeholder
    the page asks the reader to replace."""
    base = base_url or PLACEHOLDER_BASE
    by_lang: dict[str, dict[str, dict[str, list[dict[str, Any]]]]] = defaultdict(lambda: defaultdict(dict))
    for entry in manifest.get("figures", []):
        lang = entry.get("lang") if entry.get("lang") in i18n.LANGUAGES else "en"
        by_lang[lang][entry["theme"]].setdefault(entry["chart"], []).append(entry)
    summaries: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for entry in manifest.get("summaries", []):
        summaries[(entry["lang"], entry["theme"])].append(entry)
    paged = {p.get("lang") for p in manifest.get("pages", [])}
    langs = [lang for lang in i18n.LANGUAGES if lang in by_lang or lang in paged] or ["en"]
    sections = []
    for lang in langs:
        words = {key: i18n.t(f"gallery.{key}", lang) for key in ("alt_text", "notes", "downloads", "embed", "copy",
                                                                 "copied")}
        if base_url is None:
            words["embed_base"] = i18n.t("gallery.embed_base", lang, base=PLACEHOLDER_BASE)
        provenance = manifest.get("provenance") or {}
        if provenance and provenance.get("status") != "checked":  # said at the top of each language
            words["unchecked"] = i18n.t(f"gallery.provenance.{provenance.get('status')}", lang)
        themes = []
        for theme in sorted(by_lang.get(lang, {})):
            charts = by_lang[lang][theme]
            theme_summaries = sorted(summaries.get((lang, theme), []), key=lambda v: (_variant(v) != "web", v["id"]))
            links = []
            if theme_summaries:
                links.append({"label": i18n.t("gallery.summary", lang), "links": [
                    {"href": _href(v["file"]["path"]), "label": i18n.t(f"gallery.variant.{_variant(v)}", lang)}
                    for v in theme_summaries]})
                ledgers = [{"href": _href(v["claims"]["path"]), "label": i18n.t(f"gallery.variant.{_variant(v)}", lang)}
                           for v in theme_summaries if v.get("claims")]
                if ledgers:  # where each number of the summary comes from (analysis.words.ledger)
                    links.append({"label": i18n.t("gallery.claims", lang), "links": ledgers})
            cards = [_card(sorted(charts[chart], key=lambda v: (_variant(v) != "web", v["set"])), lang,
                           f"{lang}-{theme}-{chart}", base) for chart in sorted(charts)]
            themes.append({
                "anchor": f"{lang}-{theme}",
                "title": next((v["title"] for v in theme_summaries if v.get("title")), theme),
                "count": i18n.t("gallery.figure_count", lang, count=len(charts), n=len(charts)),
                "links": links, "cards": cards,
            })
        briefing = next((b for b in manifest.get("briefings", []) if b.get("lang") == lang), None)
        if briefing is not None:  # the A4 briefing typeset from the same texts (analysis.briefing)
            words["briefing"] = {"label": i18n.t("gallery.briefing", lang), "href": _href(briefing["file"]["path"]),
                                 "claims": _href(briefing["claims"]["path"]) if briefing.get("claims") else None,
                                 "claims_label": i18n.t("gallery.claims", lang)}
        page = next((p for p in manifest.get("pages", []) if p.get("lang") == lang), None)
        if page is not None:  # every UN recommendation, searchable (analysis.build.recommendations_page)
            words["recommendations"] = {"label": i18n.t("gallery.recommendations", lang),
                                        "href": _href(page["file"]["path"])}
        sections.append({"lang": lang, "name": i18n.t("gallery.language", lang), "themes": themes, "words": words,
                         "themes_label": i18n.t("gallery.themes", lang), "empty": i18n.t("gallery.empty", lang)})
    return environment().get_template(TEMPLATE.name).render(
        lang="en",
        title=i18n.t("gallery.page_title", "en"),
        heading=" / ".join(i18n.t("gallery.heading", lang) for lang in i18n.LANGUAGES),
        intro=i18n.t("gallery.intro", "en"),
        languages_label=i18n.t("gallery.languages", "en"),
        sections=sections,
    )

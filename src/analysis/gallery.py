"""`figures/index.html`: a static gallery of every figure, made from the manifest.

One self-contained page (no scripts or styles from elsewhere, relative links only), so it works
opened from the file system and from any static host. Grouped by language, then by theme (one
notebook = one theme); each figure shows its title, alt text, source and notes, links to every
file of every parameter set in that language (web SVG/PNG, print PDF/PNG), and copy-paste embed
snippets: an HTML `<figure>` with alt text and caption, and Markdown. All words come from the
i18n catalogue (`locales/<lang>/gallery.json`).
"""

from __future__ import annotations

import html
from collections import defaultdict
from pathlib import Path
from string import Template
from typing import Any
from urllib.parse import quote

from analysis import i18n

TEMPLATE = Path(__file__).resolve().parent / "templates" / "gallery.html"
INDEX_NAME = "index.html"
FORMAT_ORDER = ("svg", "png", "pdf")
# The file shown in the gallery and put in the embed snippets: a web set's, vector first.
PREVIEW_ORDER = ("png", "svg")
EMBED_ORDER = ("svg", "png")


def _e(text: Any) -> str:
    return html.escape(str(text if text is not None else ""), quote=True)


def _href(path: str) -> str:
    return quote(path, safe="/")


def _variant(entry: dict[str, Any]) -> str:
    size = str(entry.get("parameters", {}).get("size", entry.get("size", "web")))
    return "print" if size.startswith("print") else "web"


def _markdown_escape(text: str) -> str:
    for char in "\\[]*_`":
        text = text.replace(char, "\\" + char)
    return text


def embed_html(entry: dict[str, Any]) -> str:
    """An HTML <figure> for a web page: the image with alt text, and title + source as caption."""
    path = next((entry["files"][f]["path"] for f in EMBED_ORDER if f in entry["files"]), None)
    if path is None:
        return ""
    size = ""
    if entry.get("width_px") and entry.get("height_px"):
        size = f' width="{int(entry["width_px"])}" height="{int(entry["height_px"])}"'
    caption = _e(entry.get("title"))
    if entry.get("source"):
        caption += f"<br><small>{_e(entry['source'])}</small>"
    return (
        "<figure>\n"
        f'  <img src="{_e(_href(path))}" alt="{_e(entry.get("alt_text"))}"{size}>\n'
        f"  <figcaption>{caption}</figcaption>\n"
        "</figure>"
    )


def embed_markdown(entry: dict[str, Any]) -> str:
    """The same figure in Markdown: image with alt text and title, then the source line."""
    path = next((entry["files"][f]["path"] for f in ("png", "svg") if f in entry["files"]), None)
    if path is None:
        return ""
    title = str(entry.get("title") or "").replace('"', "'")
    text = f'![{_markdown_escape(str(entry.get("alt_text") or ""))}]({_href(path)} "{title}")'
    if entry.get("source"):
        text += f"\n\n{_markdown_escape(str(entry['source']))}"
    return text


def _downloads(variants: list[dict[str, Any]], lang: str) -> str:
    items = []
    for entry in variants:
        links = " · ".join(
            f'<a href="{_e(_href(entry["files"][fmt]["path"]))}">{fmt.upper()}</a>'
            for fmt in FORMAT_ORDER if fmt in entry["files"]
        )
        sizes = []
        if entry.get("width_px") and entry.get("height_px"):
            sizes.append(i18n.t("gallery.size_px", lang, width=entry["width_px"], height=entry["height_px"]))
        if entry.get("width_mm") and entry.get("height_mm"):
            sizes.append(i18n.t("gallery.size_mm", lang,
                                width=i18n.format_number(float(entry["width_mm"]), lang, 1 if entry["width_mm"] % 1 else 0),
                                height=i18n.format_number(float(entry["height_mm"]), lang, 1 if entry["height_mm"] % 1 else 0)))
        label = i18n.t(f"gallery.variant.{_variant(entry)}", lang)
        items.append(f"<li><span class=\"label\">{_e(label)}</span> ({_e(', '.join(sizes))}): {links}</li>")
    return "<ul class=\"downloads\">" + "".join(items) + "</ul>"


def _card(variants: list[dict[str, Any]], lang: str, anchor: str) -> str:
    main = next((v for v in variants if _variant(v) == "web"), variants[0])
    preview = next((main["files"][f]["path"] for f in PREVIEW_ORDER if f in main["files"]), None)
    if preview is None:  # a print-only figure: show the print PNG if there is one
        preview = next((v["files"]["png"]["path"] for v in variants if "png" in v["files"]), None)
    parts = [f'<figure class="card" id="{_e(anchor)}">']
    if preview is not None:
        size = ""
        if main.get("width_px") and main.get("height_px") and preview.endswith(".png"):
            size = f' width="{int(main["width_px"])}" height="{int(main["height_px"])}"'
        parts.append(f'<img src="{_e(_href(preview))}" alt="{_e(main.get("alt_text"))}"{size}>')
    parts.append("<figcaption>")
    parts.append(f"<h4>{_e(main.get('title'))}</h4>")
    if main.get("subtitle"):
        parts.append(f'<p class="subtitle">{_e(main["subtitle"])}</p>')
    parts.append(f'<p class="alt"><span class="label">{_e(i18n.t("gallery.alt_text", lang))}:</span> '
                 f'{_e(main.get("alt_text"))}</p>')
    if main.get("source"):
        parts.append(f'<p class="source">{_e(main["source"])}</p>')
    notes = main.get("notes") or []
    if notes:
        parts.append(f'<p class="notes"><span class="label">{_e(i18n.t("gallery.notes", lang))}:</span> '
                     + " ".join(_e(n) for n in notes) + "</p>")
    parts.append(f'<p class="label">{_e(i18n.t("gallery.downloads", lang))}</p>')
    parts.append(_downloads(variants, lang))
    snippets = [("html", i18n.t("gallery.embed_html", lang), embed_html(main)),
                ("md", i18n.t("gallery.embed_markdown", lang), embed_markdown(main))]
    parts.append(f"<details><summary>{_e(i18n.t('gallery.embed', lang))}</summary>")
    for key, label, text in snippets:
        area = f"{anchor}-{key}"
        rows = min(8, text.count("\n") + 2)
        parts.append(
            f'<div class="snippet"><label for="{_e(area)}">{_e(label)}</label>'
            f'<textarea id="{_e(area)}" rows="{rows}" readonly>{_e(text)}</textarea>'
            f'<button type="button" data-copy="{_e(area)}" data-copied="{_e(i18n.t("gallery.copied", lang))}">'
            f'{_e(i18n.t("gallery.copy", lang))}</button></div>'
        )
    parts.append("</details></figcaption></figure>")
    return "\n".join(parts)


def render_gallery(manifest: dict[str, Any]) -> str:
    """The whole page for a manifest (see analysis.manifest)."""
    by_lang: dict[str, dict[str, dict[str, list[dict[str, Any]]]]] = defaultdict(lambda: defaultdict(dict))
    for entry in manifest.get("figures", []):
        lang = entry.get("lang") if entry.get("lang") in i18n.LANGUAGES else "en"
        by_lang[lang][entry["theme"]].setdefault(entry["chart"], []).append(entry)
    summaries: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for entry in manifest.get("summaries", []):
        summaries[(entry["lang"], entry["theme"])].append(entry)
    langs = [lang for lang in i18n.LANGUAGES if lang in by_lang] or ["en"]
    nav = "".join(
        f'<li><a href="#lang-{lang}" lang="{lang}">{_e(i18n.t("gallery.language", lang))}</a></li>' for lang in langs
    )
    sections = []
    for lang in langs:
        themes = by_lang.get(lang, {})
        out = [f'<section id="lang-{lang}" lang="{lang}">',
               f"<h2>{_e(i18n.t('gallery.language', lang))}</h2>"]
        if not themes:
            out.append(f"<p>{_e(i18n.t('gallery.empty', lang))}</p>")
        toc = []
        blocks = []
        for theme in sorted(themes):
            charts = themes[theme]
            theme_summaries = sorted(summaries.get((lang, theme), []), key=lambda v: (_variant(v) != "web", v["id"]))
            title = next((v["title"] for v in theme_summaries if v.get("title")), theme)
            anchor = f"{lang}-{theme}"
            toc.append(f'<li><a href="#{_e(anchor)}">{_e(title)}</a></li>')
            count = i18n.t("gallery.figure_count", lang, count=len(charts), n=len(charts))
            block = [f'<h3 id="{_e(anchor)}">{_e(title)}</h3>', f'<p class="theme-meta">{_e(count)}']
            if theme_summaries:
                links = " · ".join(
                    f'<a href="{_e(_href(v["file"]["path"]))}">{_e(i18n.t(f"gallery.variant.{_variant(v)}", lang))}</a>'
                    for v in theme_summaries
                )
                block.append(f" · {_e(i18n.t('gallery.summary', lang))}: {links}")
                ledgers = " · ".join(
                    f'<a href="{_e(_href(v["claims"]["path"]))}">{_e(i18n.t(f"gallery.variant.{_variant(v)}", lang))}</a>'
                    for v in theme_summaries if v.get("claims"))
                if ledgers:  # where each number of the summary comes from (analysis.ledger)
                    block.append(f" · {_e(i18n.t('gallery.claims', lang))}: {ledgers}")
            block.append("</p>")
            block.append('<div class="figures">')
            for chart in sorted(charts):
                variants = sorted(charts[chart], key=lambda v: (_variant(v) != "web", v["set"]))
                block.append(_card(variants, lang, f"{lang}-{theme}-{chart}"))
            block.append("</div>")
            blocks.append("\n".join(block))
        if toc:
            out.append(f'<nav aria-label="{_e(i18n.t("gallery.themes", lang))}"><ul>{"".join(toc)}</ul></nav>')
        out.extend(blocks)
        out.append("</section>")
        sections.append("\n".join(out))
    template = Template(TEMPLATE.read_text(encoding="utf-8"))
    return template.substitute(
        lang="en",
        title=_e(i18n.t("gallery.page_title", "en")),
        heading=" / ".join(_e(i18n.t("gallery.heading", lang)) for lang in i18n.LANGUAGES),
        intro=_e(i18n.t("gallery.intro", "en")),
        languages_label=_e(i18n.t("gallery.languages", "en")),
        language_nav=nav,
        body="\n".join(sections),
    )

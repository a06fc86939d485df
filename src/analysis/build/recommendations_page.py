"""`figures/recommendations.html` (English) and `recommendations.ru.html`: every UN recommendation we hold, searchable.

One page per language rather than one page with a language switch: the whole page then carries its
language (`<html lang>`, which screen readers, hyphenation and axe-core read), a shared address
names one language, and each page holds only its own words. Each page links to its twin, carrying
the search along.

Each recommendation is shown with its full text (the report's English, marked `lang="en"` on the
Russian page: we hold no Russian text of the reports and do not translate evidence), the
recommending State(s) in the page's language (analysis.words.wording.proper_name), Kazakhstan's
response in the report's own words (never "accepted": the 2010 list of recommendations to be
examined was answered in an addendum we do not hold), our issue coding, the review and its cycle,
the submission's recommendations it matches (our matching) and its locator (UN document symbol,
paragraph and page; the PDFs are not published with the figures, and the project links to no
outside document system, so the locator is text, not a link).

Built to stay fast at the size of the whole UPR corpus (some 20,000+ recommendations): the rows are
embedded once as compact JSON (repeated words stored once, rows pointing at them by index); plain
inline JavaScript builds each row's lower-case search text once on load, filters with plain loops
and renders only the first PAGE_SIZE matching rows ("show more" adds as many again). Without
JavaScript the same rows are a plain full list (inside <noscript>, so a browser that runs the script
never parses or lays them out). The filters (State, issue, response, review and keywords) live in
the address's fragment (#q=…&state=…), so a search can be shared, bookmarked and restored on load,
also from the file system (file://), where a page may change its fragment but not its query.

The build writes both pages after the runs (analysis.build.builder.Builder.publish_index calls
`publish`), lists them in the manifest under "pages", and the gallery links them. Deterministic
bytes: a page is a function of data/ and the catalogues.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis.words import i18n
from analysis.words.wording import proper_name, slug

PAGE_TEMPLATE = "recommendations.html"
PAGE_ID = "recommendations"
TABLES = ("upr_recommendations", "upr_coding", "upr_matches", "documents")
# Rows the script renders at once, and how many more "show more" adds.
PAGE_SIZE = 50
# UPR cycles by the year of the review (Human Rights Council: first cycle 2008-2011, second
# 2012-2016, third 2017-2021); a year outside them is refused rather than guessed.
CYCLES = ((1, 2008, 2011), (2, 2012, 2016), (3, 2017, 2021))
# The response column of data/upr_recommendations.csv, as keys of the catalogue's response words.
RESPONSE_KEYS = {
    "supported": "supported",
    "supported; considered already implemented": "implemented",
    "supported; in the process of implementation": "in-process",
    "noted; did not enjoy support": "noted",
    "to be examined; responses in A/HRC/14/10/Add.1, not held": "examined",
}
# 2010 para. 95 items that para. 96 lists as "already implemented or in the process of implementation".
RESPONSE_96 = "supported-96"
RESPONSE_ORDER = ("supported", RESPONSE_96, "examined", "implemented", "in-process", "noted")
# A response that is a narrower reading of another: the filter for the wider one finds it too.
RESPONSE_PARENT = {RESPONSE_96: "supported"}
# Where the search state lives in the address: the fragment's keys.
FILTERS = ("q", "state", "issue", "response", "review")
_K = "recommendations"
_LISTED_IN = re.compile(r"para\. (\d+) lists No\.")
_ADDENDUM = re.compile(r"responses in (\S+), not held")
_FOOTNOTE = re.compile(r"Footnote (\S+): (.*)", re.S)


class RecommendationsError(ValueError):
    """data/ cannot make the page (a value the page has no words for): names the file, row and column."""


@dataclass(frozen=True)
class Recommendation:
    """One recommendation as the page shows it (language-neutral: keys, not words)."""

    id: str
    review: int
    document_id: str
    symbol: str
    paragraph: int
    item: int
    page: int | None
    text: str
    states: tuple[str, ...]  # the data's (English) State names
    response: str  # a key of RESPONSE_ORDER
    issues: tuple[str, ...]  # our coding's theme keys
    matches: tuple[str, ...]  # the submission's recommendation ids (our matching)
    footnote: str
    addendum: str = ""  # where the report says the responses to recommendations it "will examine" are
    listed_in: int | None = None  # the paragraph listing a supported one as implemented or in progress (2010)

    @property
    def number(self) -> str:
        """'124.15', from the integers (never from a column a spreadsheet could read as a decimal)."""
        return f"{self.paragraph}.{self.item}"


def page_name(lang: str) -> str:
    """recommendations.html for English, recommendations.<lang>.html for the others."""
    return f"{PAGE_ID}.html" if lang == "en" else f"{PAGE_ID}.{lang}.html"


def cycle(year: int) -> int:
    """The UPR cycle of a review held in `year`."""
    for number, first, last in CYCLES:
        if first <= year <= last:
            return number
    raise RecommendationsError(f"review year {year}: not in a UPR cycle this page knows "
                               f"({', '.join(f'{a}-{b}' for _, a, b in CYCLES)})")


def _split(value: Any, sep: str = ";") -> tuple[str, ...]:
    return tuple(part.strip() for part in str(value or "").split(sep) if part.strip())


def read_recommendations(data_dir: Path) -> list[Recommendation]:
    """Every recommendation of data/ with its coding and matches, checked against the schema first
    (the build has already checked the excerpts against the sources), ordered by review, paragraph, item."""
    from analysis.data.validate import validate_package

    report = validate_package(data_dir, None, only=TABLES)
    if not report.ok:
        raise RecommendationsError("\n".join(str(p) for p in report.problems[:20]))
    rows = {name: [(line, row) for line, row in report.tables[name].rows] for name in TABLES}
    symbols = {row["document_id"]: row.get("symbol") or row["document_id"] for _, row in rows["documents"]}
    coding = {row["id"]: _split(row.get("themes")) for _, row in rows["upr_coding"]}
    matches: dict[str, list[str]] = {}
    for _, row in rows["upr_matches"]:
        matches.setdefault(row["recommendation_id"], []).append(row["submission_id"])
    out = []
    for line, row in rows["upr_recommendations"]:
        where = f"{data_dir.name}/upr_recommendations.csv:{line}"
        key = RESPONSE_KEYS.get(str(row["response"]))
        if key is None:
            raise RecommendationsError(f"{where}: response: value {row['response']!r}: no words for it on the "
                                       f"recommendations page (known: {', '.join(RESPONSE_KEYS)})")
        listed_in = None
        if key == "supported" and row.get("considered_implemented_2010"):
            key = RESPONSE_96
            found = _LISTED_IN.search(str(row.get("response_detail") or ""))
            if found is None:
                raise RecommendationsError(f"{where}: response_detail: value {row.get('response_detail')!r}: "
                                           "names no paragraph listing it as implemented ('para. N lists No. …')")
            listed_in = int(found.group(1))
        addendum = _ADDENDUM.search(str(row["response"]))
        out.append(Recommendation(
            id=row["id"], review=int(row["review"]), document_id=row["document_id"],
            symbol=symbols.get(row["document_id"], row["document_id"]), paragraph=int(row["paragraph"]),
            item=int(row["item"]), page=int(row["page"]) if row.get("page") is not None else None,
            text=str(row["text"]), states=_split(row["states"]), response=key, issues=coding.get(row["id"], ()),
            matches=tuple(sorted(set(matches.get(row["id"], [])))), footnote=str(row.get("footnote") or ""),
            addendum=addendum.group(1) if addendum else "", listed_in=listed_in,
        ))
    return sorted(out, key=lambda r: (r.review, r.document_id, r.paragraph, r.item, r.id))


# ----------------------------------------------------------------------------------------------
# Words


def _t(key: str, lang: str, **fields: Any) -> str:
    return i18n.t(f"{_K}.{key}", lang, **fields)


def _collation(text: str) -> tuple[str, str]:
    """Alphabetical order in either language (ё sorts with е, as Russian dictionaries do)."""
    folded = text.casefold().replace("ё", "е")
    return folded, text


def _dashes(text: str, lang: str) -> str:
    """Russian typesetting of words taken from other catalogues: a no-break space before a dash, so
    a line never starts with one."""
    return re.sub(r" (?=[\u2014\u2013] )", "\u00a0", text) if lang == "ru" else text


def _state(name: str, lang: str) -> str:
    return _dashes(proper_name("state", name, lang), lang)


def _issue(key: str, lang: str) -> str:
    """A theme of our coding by its name in the report's vocabulary."""
    return _dashes(i18n.t(f"theme.{key}", lang), lang)


def _concern(submission_id: str, lang: str) -> str:
    """The submission's recommendation by its concern (the outcome theme's words for it)."""
    return _dashes(i18n.t(f"theme_outcome.concern.{submission_id}", lang), lang)


def _number(n: int, lang: str) -> str:
    return i18n.format_number(n, lang, 0)


def review_label(rec: Recommendation, lang: str) -> str:
    return _t("review_name", lang, year=rec.review, cycle=_t(f"cycle.{cycle(rec.review)}", lang), symbol=rec.symbol)


def review_short(rec: Recommendation, lang: str) -> str:
    """'2014 review, second cycle': the review beside a row's locator (which names its symbol)."""
    return _t("review_short", lang, year=rec.review, cycle=_t(f"cycle.{cycle(rec.review)}", lang))


def locator(rec: Recommendation, lang: str) -> str:
    """'A/HRC/28/10, para. 124.15, p. 14' (the page of the report's PDF)."""
    if rec.page is None:
        return _t("locator_no_page", lang, symbol=rec.symbol, number=rec.number)
    return _t("locator", lang, symbol=rec.symbol, number=rec.number, page=rec.page)


def response_words(rec: Recommendation, lang: str) -> str:
    """The response in the report's words with the paragraph that records it."""
    return _t(f"response_row.{rec.response}", lang, para=rec.paragraph, listed_in=rec.listed_in or "",
              addendum=rec.addendum)


def response_option(key: str, recs: Sequence[Recommendation], lang: str) -> str:
    """A response as the filter offers it: its words, and where it is recorded when that is one
    paragraph of one review ("Supported (2010 review, para. 95)"), so a reader knows what it covers."""
    places = {(r.review, (r.listed_in or r.paragraph) if r.response == key else r.paragraph) for r in recs
              if key in (r.response, RESPONSE_PARENT.get(r.response))}
    words = _t(f"response.{key}", lang)
    if len(places) != 1:
        return words
    (year, para), = places
    return _t("response_option", lang, response=words, year=year, para=para)


def footnote_parts(text: str) -> tuple[str, str]:
    """('2', 'The original recommendation read as follows: …') from the data's 'Footnote 2: …': the
    marker goes into the page's own label, the footnote's words stay the report's."""
    found = _FOOTNOTE.match(text)
    return (found.group(1), found.group(2)) if found else ("", text)


def footnote_label(marker: str, lang: str) -> str:
    return _t("footnote", lang, n=marker) if marker else _t("footnote_unnumbered", lang)


def _answer_key(rec: Recommendation) -> str:
    return f"{rec.response}/{rec.paragraph}/{rec.listed_in or ''}/{rec.addendum}"


def _lookup(pairs: Iterable[tuple[str, str]], *, sort: bool = True) -> list[list[str]]:
    unique = dict(pairs)
    items = sorted(unique.items(), key=lambda kv: _collation(kv[1])) if sort else list(unique.items())
    return [[key, label] for key, label in items]


def page_data(recs: Sequence[Recommendation], lang: str) -> dict[str, Any]:
    """The rows as the page embeds them: each repeated word once (States, issues, responses, reviews,
    concerns, the response with its paragraph), each row as a list pointing at them by index.

    A row is [id, review, number, text, [states], response, answer, [issues], [matches], page,
    [footnote marker, footnote] or ""]."""
    states = _lookup((slug(s), _state(s, lang)) for r in recs for s in r.states)
    issues = _lookup((i, _issue(i, lang)) for r in recs for i in r.issues)
    present = {r.response for r in recs}
    responses = [[k, response_option(k, recs, lang)] for k in RESPONSE_ORDER if k in present]
    keys = [k for k, _ in responses]
    for entry in responses:  # [key, label, the wider response's index or -1]
        entry.append(keys.index(RESPONSE_PARENT[entry[0]]) if RESPONSE_PARENT.get(entry[0]) in keys else -1)
    reviews = _lookup(((r.document_id, review_label(r, lang)) for r in recs), sort=False)
    concerns = _lookup((m, _concern(m, lang)) for r in recs for m in r.matches)
    answers = _lookup(((_answer_key(r), response_words(r, lang)) for r in recs), sort=False)
    index = {name: {row[0]: i for i, row in enumerate(table)} for name, table in
             (("states", states), ("issues", issues), ("responses", responses), ("reviews", reviews),
              ("concerns", concerns), ("answers", answers))}
    rows = [[r.id, index["reviews"][r.document_id], r.number, r.text,
             [index["states"][slug(s)] for s in r.states], index["responses"][r.response],
             index["answers"][_answer_key(r)], sorted(index["issues"][i] for i in r.issues),
             [index["concerns"][m] for m in r.matches], r.page,
             list(footnote_parts(r.footnote)) if r.footnote else ""] for r in recs]
    symbols = {r.document_id: r.symbol for r in recs}
    shorts = {r.document_id: review_short(r, lang) for r in recs}
    return {"states": states, "issues": issues, "responses": responses,
            "reviews": [[key, label, symbols[key], shorts[key]] for key, label in reviews], "concerns": concerns,
            "answers": [label for _, label in answers], "rows": rows}


def _script_json(data: Any) -> Any:
    """JSON safe inside <script type="application/json"> (no '</' can end the element)."""
    from markupsafe import Markup

    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return Markup(text.replace("</", "<\\/").replace("<!--", "<\\!--"))


def _words(lang: str) -> dict[str, Any]:
    """The texts the script writes (count, 'show more', field labels, the locator's pattern)."""
    keys = ("count", "count_all", "showing", "show_more", "none", "response", "issues", "matches", "source",
            "footnote", "footnote_unnumbered", "locator", "locator_no_page", "source_with_review")
    words: dict[str, Any] = {key: i18n.catalogue(lang)[f"{_K}.{key}"] for key in keys}
    words["group"] = "," if lang == "en" else "\u00a0"
    words["group_from"] = 1000 if lang == "en" else 10000
    words["page_size"] = PAGE_SIZE
    words["filters"] = list(FILTERS)
    return words


def _noscript_rows(recs: Sequence[Recommendation], lang: str) -> list[dict[str, Any]]:
    out = []
    for r in recs:
        out.append({
            "id": r.id, "number": r.number, "text": r.text,
            "states": ", ".join(_state(s, lang) for s in r.states),
            "response": response_words(r, lang),
            "issues": "; ".join(sorted((_issue(i, lang) for i in r.issues), key=_collation)),
            "matches": [_concern(m, lang) for m in r.matches],
            "footnote": footnote_parts(r.footnote)[1] if r.footnote else "",
            "footnote_label": footnote_label(footnote_parts(r.footnote)[0], lang) if r.footnote else "",
            "source": _t("source_with_review", lang, locator=locator(r, lang), review=review_short(r, lang)),
        })
    return out


def render_page(recs: Sequence[Recommendation], lang: str, *, langs: Sequence[str] = i18n.LANGUAGES,
                gallery: str = "index.html", provenance: Mapping[str, Any] | None = None) -> str:
    """The page in `lang`; `langs` are the languages the build publishes (each page links the others)."""
    from analysis.build.figure_page import provenance_line
    from analysis.build.gallery import environment

    symbols = sorted({r.symbol for r in recs})
    total = _number(len(recs), lang)
    others = [{"lang": other, "href": page_name(other), "label": i18n.t("gallery.language", other)}
              for other in langs if other != lang]
    labels = {key: _t(key, lang) for key in (
        "heading", "filters", "keyword", "keyword_hint", "state", "issue", "response", "review", "any", "clear",
        "results", "issues", "matches", "source", "all_figures", "text_note",
        "noscript", "about")}
    return environment().get_template(PAGE_TEMPLATE).render(
        lang=lang, title=_t("page_title", lang), labels=labels,
        intro=_t("intro", lang, symbols=", ".join(symbols), total=total),
        method=[_t(f"method.{key}", lang) for key in ("response", "coding", "matching", "counts")],
        count_all=_t("count_all", lang, total=total),
        rows=_noscript_rows(recs, lang), data=_script_json(page_data(recs, lang)),
        words=_script_json(_words(lang)), others=others, gallery=gallery, text_lang="en" if lang != "en" else "",
        provenance=provenance_line(provenance, lang),
        unchecked=bool(provenance) and provenance.get("status") != "checked",
    )


# ----------------------------------------------------------------------------------------------
# Publishing


def publish(config: Any, manifest: dict[str, Any], scratch: Path | None = None, *,
            write: Callable[[Path, bytes, Path | None], Any] | None = None) -> list[str]:
    """Write the page in every language the build publishes into the output folder (only when its
    bytes change) and list each in `manifest["pages"]`; nothing for a project whose data/ holds no
    UN recommendations. Returns problems (a page that could not be made), each one line."""
    from analysis.build.build_files import write_if_changed
    from analysis.build.manifest import _file_entry

    data_dir = Path(config.data_dir)
    if not (data_dir / "upr_recommendations.csv").is_file():
        return []
    write = write or write_if_changed
    langs = [lang for lang in i18n.LANGUAGES if lang in {s.lang for s in config.sets}] or ["en"]
    try:
        recs = read_recommendations(data_dir)
        pages = {lang: render_page(recs, lang, langs=langs, provenance=manifest.get("provenance"))
                 for lang in langs}
    except (RecommendationsError, i18n.MissingTranslation) as exc:
        return [f"recommendations page not written: {str(exc).splitlines()[0]}"]
    root = Path(config.output_dir)
    entries = []
    for lang, text in pages.items():
        path = root / page_name(lang)
        write(path, text.encode("utf-8"), scratch)
        entries.append({"id": f"{PAGE_ID}.{lang}", "lang": lang, "kind": PAGE_ID,
                        "rows": len(recs), "file": _file_entry(root, path)})
    manifest["pages"] = entries
    return []

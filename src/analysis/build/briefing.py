"""The briefing: one A4 PDF per language (`briefing.<lang>.pdf` in the output folder), typeset
with Typst from the same document models and claims the summaries publish.

Nothing is re-parsed: each theme's `summary` returns its document model (lead, key figures as
typed groups, sections, method, source; analysis.words.narrative), the one `markdown` renders as the
published summary, and the recommendations table (analysis.themes.outcome) and the title page are
composed from the same functions and catalogues (locales/<lang>/briefing.json). Every text becomes a block
of the briefing; their plain texts, joined, are the briefing's text, and the span of every claim in
it is its ledger, `briefing.<lang>.claims.json` (analysis.words.ledger checks it like a summary's). The
Typst template (templates/briefing.typ) reads the blocks as JSON from `sys.inputs`, so no text is
ever spliced into markup. The charts are the print sets' PDFs (`print` for English, `print-ru` for
Russian), included as vector images at their print width.

Deterministic: the fonts are matplotlib's DejaVu Sans (system fonts are ignored), the document
date is the data version's date, and the same inputs give the same bytes.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Sequence

import pandas as pd

from analysis.words import claims, narrative
from analysis.build.build_config import BuildConfig, ParameterSet
from analysis.words.i18n import LANGUAGES, format_date, t
from analysis.words.typeset import typeset as typeset_text
from analysis.kit.report import SavedFigure

TEMPLATE = Path(__file__).with_name("templates") / "briefing.typ"
PRINT_SIZE = "print-double"
# The theme set before the sections, on its own; the others follow in the registry's order.
FRONT = "overview"


class BriefingError(RuntimeError):
    """The briefing cannot be made (a print set or a chart file is missing, Typst failed)."""


def pdf_name(lang: str) -> str:
    return f"briefing.{lang}.pdf"


def ledger_name(lang: str) -> str:
    return f"briefing.{lang}.claims.json"


# ---- the document model ----

@dataclass
class Block:
    """One typeset unit: a heading, a paragraph, a list item, a figure, a table, a title-page line."""

    kind: str
    text: str = ""
    level: int = 0
    cells: list[list[str]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Composer:
    """The briefing's blocks, in reading order, with their texts still carrying claim markers."""

    blocks: list[Block] = field(default_factory=list)
    lang: str = "en"

    def add(self, kind: str, text: str = "", **extra: Any) -> None:
        level = int(extra.pop("level", 0))
        cells = extra.pop("cells", [])
        self.blocks.append(Block(kind, str(text), level, cells, extra))

    def finish(self) -> tuple[str, list[dict[str, Any]], list[dict[str, Any]]]:
        """(the briefing's plain text, its ledger entries, the blocks as JSON for the template).

        The text is every block's text (a table: one line per row, cells tab-separated), blocks
        separated by a blank line; a figure adds no text (its own ledger is its sidecar's)."""
        parts: list[str] = []
        spans: list[claims.Span] = []
        out: list[dict[str, Any]] = []
        offset = 0

        def take(marked: str) -> str:
            nonlocal offset
            # The language's typesetting pass before the markers go (the spans then fit the text).
            plain, found = claims.finish(typeset_text(marked, self.lang))
            spans.extend(claims.Span(s.start + offset, s.end + offset, s.claim) for s in found)
            offset += len(plain)
            return plain

        for block in self.blocks:
            item: dict[str, Any] = {"kind": block.kind, **block.extra}
            if block.level:
                item["level"] = block.level
            if block.kind == "table":
                if parts:
                    parts.append("\n\n")
                    offset += 2
                rows = []
                for r, row in enumerate(block.cells):
                    if r:
                        parts.append("\n")
                        offset += 1
                    cells = []
                    for c, cell in enumerate(row):
                        if c:
                            parts.append("\t")
                            offset += 1
                        cells.append(take(cell))
                        parts.append(cells[-1])
                    rows.append(cells)
                item["rows"] = rows
            elif block.text:
                if parts:
                    parts.append("\n\n")
                    offset += 2
                item["text"] = take(block.text)
                parts.append(item["text"])
            out.append(item)
        text = "".join(parts) + "\n"
        return text, [s.entry(text) for s in spans], out


# ---- inputs ----

def print_set(config: BuildConfig, lang: str) -> ParameterSet:
    """The parameter set that draws the print charts in `lang` (params.yaml)."""
    for pset in config.sets:
        if pset.lang == lang and pset.parameters.get("size") == PRINT_SIZE and "pdf" in pset.parameters.get("formats", []):
            return pset
    raise BriefingError(f"{config.relative(config.path)}: no parameter set draws {PRINT_SIZE} PDF charts in "
                        f"language {lang!r} (the briefing's charts); add one (e.g. print-{lang})")


def saved_figures(folder: Path) -> list[SavedFigure]:
    """The charts a print run wrote (their sidecars), as the notebook's `saved` list."""
    out = []
    for path in sorted(folder.glob("*.json")):
        if path.name.endswith(".claims.json"):
            continue
        sidecar = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(sidecar, dict) and isinstance(sidecar.get("files"), dict):
            out.append(SavedFigure(path.stem, path.with_suffix(""), sidecar))
    return out


def _themes() -> list[Any]:
    """The registered themes (analysis.themes.base), the briefing's sections in their order."""
    from analysis.themes import base

    return base.registered()


def _tables(data_dir: Path) -> dict[str, pd.DataFrame]:
    from analysis.themes import base

    tables: dict[str, pd.DataFrame] = {}
    for spec in _themes():
        tables.update(base.load_tables(spec, data_dir))
    return tables


def _document(spec: Any, tables: dict[str, pd.DataFrame], pset: ParameterSet,
              chart_names: Sequence[str]) -> narrative.DocumentModel:
    """The theme's document model, from the same `summary` its `run` calls with the print set's
    parameters (its options at their published defaults unless the set gives them). The charts are
    the print set's, as built (`chart_names`): the briefing sets their PDFs and draws none again."""
    from analysis.themes import base

    params = base.Params(pset.lang, str(pset.parameters["size"]),
                         {k: v for k, v in pset.parameters.items() if k in spec.options})
    return base.theme_module(spec.name).summary(tables, list(chart_names), lang=pset.lang,
                                                **spec.options_for(params))


# ---- composing ----

def _plain(text: str) -> str:
    return claims.strip(text).strip()


def _figure(composer: Composer, figure: SavedFigure, root: Path) -> None:
    pdf = figure.file(("pdf",))
    if pdf is None or not pdf.is_file():
        raise BriefingError(f"{figure.path_stem}.json: the chart {figure.name!r} has no PDF to include "
                            f"(its print set must write formats [pdf, ...])")
    composer.add("figure", path="/" + pdf.resolve().relative_to(root.resolve()).as_posix(),
                 width_mm=float(figure.sidecar["width_mm"]), height_mm=float(figure.sidecar["height_mm"]))


def _blocks(composer: Composer, blocks: Sequence[narrative.Block], kind: str = "item",
            skip: str | None = None) -> None:
    """Blocks of a summary: a text as one `kind` block (a list item, a paragraph, a note), a group
    as its heading (a sub-heading) and its items; the group headed `skip` is left out (the
    recommendations table gives it)."""
    for block in blocks:
        if not isinstance(block, narrative.Group):
            composer.add(kind, block)
            continue
        if skip is not None and _plain(block.heading) == skip:
            continue
        if block.heading:
            composer.add("heading", block.heading, level=3)
        for item in block.items:
            composer.add("item", item)


def short_title(stem: str, lang: str) -> str:
    """A section's name in the running heads: the overview's name of its theme (no numbers, so the
    running heads state nothing the ledger does not see)."""
    from analysis.words.i18n import catalogue

    key = next((k for k in (f"overview.section.{stem}", f"briefing.short.{stem}") if k in catalogue(lang)), None)
    if key is None:
        raise BriefingError(f"locales/{lang}: no short name for the section {stem} (overview.section.{stem} or "
                            f"briefing.short.{stem})")
    name = t(key, lang)
    if re.search(r"\d", name):
        raise BriefingError(f"locales/{lang}: the running head of {stem}, {name!r}, holds a number; running heads "
                            f"are names only")
    return name


def _section(composer: Composer, model: narrative.DocumentModel, figures: Sequence[SavedFigure], root: Path,
             lang: str, *, stem: str, skip: str | None = None) -> None:
    """One theme's summary: its title, lead, key figures, sections, its charts (the print set's
    PDFs, in file-name order) and its method."""
    composer.add("heading", model.title, level=1, short=short_title(stem, lang))
    _blocks(composer, model.lead, "para")
    if model.facts:
        composer.add("heading", t("narrative.heading.facts", lang), level=2)
        _blocks(composer, model.facts, skip=skip)
    for heading, blocks in model.sections:
        composer.add("heading", heading, level=2)
        _blocks(composer, blocks)
    for figure in figures:
        if figure.name in model.charts:
            _figure(composer, figure, root)
    if model.method:
        composer.add("heading", t("narrative.heading.method", lang), level=2)
        _blocks(composer, model.method, "para")


def _title_page(composer: Composer, tables: dict[str, pd.DataFrame], config: BuildConfig, lang: str) -> dict[str, Any]:
    """Title, subtitle, the submission, the data version and its date, licence, how to cite; the
    version and date are references to the data package (CHANGELOG.md), returned for the PDF's
    metadata."""
    from analysis.words import attribution
    from analysis.data.data_version import parse_changelog
    from analysis.build.figure_page import read_citation
    from analysis.themes import outcome, overview

    citation = read_citation(config.root, config.data_dir)
    changelog = config.root / "CHANGELOG.md"
    entries = parse_changelog(changelog.read_text(encoding="utf-8")) if changelog.is_file() else []
    dated = next((e for e in entries if e.version == citation.data_version and e.date), None)
    doc = overview.main_document(tables)
    year_row = outcome.recommendations(tables, 2014).iloc[0]
    year = claims.reported(year_row, "review", str(int(year_row["review"])))
    name, title = citation.data_licences[0] if citation.data_licences else ("", "")
    version = claims.reference(citation.data_version, what="data package version")
    licence = claims.reference(name, what="licence")
    composer.add("title", t("briefing.title", lang))
    composer.add("subtitle", t("briefing.subtitle", lang, author=str(doc["author"]), year=year))
    composer.add("meta", t("briefing.submission", lang, author=str(doc["author"]),
                           title=attribution.title_words(doc, lang)))
    date_words = claims.reference(format_date(dated.date, lang), what="date of the data version") if dated else ""
    composer.add("meta", t("briefing.data_version", lang, data=_named(citation.data_title, "data package title"),
                           version=version,
                           date=date_words))
    composer.add("meta", t("briefing.licence", lang, licence=licence,
                           licence_title=_named(title, "licence title")))
    composer.add("meta", t("briefing.cite", lang, contributors=_contributors(config.root), software=_named(citation.software, "software title"),
                           title=t("briefing.title", lang), version=version, licence=licence))
    composer.add("meta", t("briefing.rule", lang))
    return {"date": [int(x) for x in dated.date.split("-")] if dated else None}


def _named(text: str, what: str) -> str:
    """A name from the project's metadata (a title, a licence) whose digits are references to it."""
    return re.sub(r"\S*\d\S*", lambda m: claims.reference(m.group(), what=what), str(text))


def _contributors(root: Path) -> str:
    import yaml

    path = root / "CITATION.cff"
    cff = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else {}
    names = [str(a.get("name") or " ".join(filter(None, (a.get("given-names"), a.get("family-names")))))
             for a in (cff or {}).get("authors", []) if isinstance(a, Mapping)]
    return "; ".join(n for n in names if n)


def _overview(composer: Composer, model: narrative.DocumentModel, lang: str) -> None:
    """The overview's summary without its chart: lead, every key figure under its theme, caveats."""
    composer.add("heading", t("briefing.overview", lang), level=1, outlined=True)
    _blocks(composer, model.lead, "para")
    _blocks(composer, model.facts)
    _blocks(composer, model.method, "note")


def _recommendations(composer: Composer, tables: dict[str, pd.DataFrame], lang: str) -> None:
    """The submission's recommendations, by theme, each beside the 2014 recommendations on the same
    concern (our matching, data/upr_matches.csv) with their numbers and Kazakhstan's response."""
    from analysis.words import attribution
    from analysis.themes import outcome

    @outcome.with_common
    def compose(tables: dict[str, pd.DataFrame]) -> None:
        recs = outcome.recommendations(tables, 2014).set_index("id")
        found = outcome.matches(tables, 2014)
        docs = tables["documents"].set_index("document_id")
        composer.add("heading", outcome.t("briefing.recommendations.title", lang), level=1)
        composer.add("para", outcome.t("briefing.recommendations.lead", lang, symbol=attribution.document_reference(
            docs.loc[outcome.REPORT_2014].rename(outcome.REPORT_2014), lang)))
        rows: list[list[str]] = [[t("briefing.recommendations.number", lang), t("briefing.recommendations.asked", lang),
                                  outcome.t("briefing.recommendations.outcome", lang)]]
        groups: list[int] = []
        subs = tables["recommendations_2014"]
        for theme in dict.fromkeys(subs["theme"].astype(str)):
            groups.append(len(rows))
            rows.append([t(f"theme.{theme}", lang)])
            for _, s in subs[subs["theme"].astype(str) == theme].iterrows():
                mine = found[found["submission_id"].astype(str) == str(s["id"])]
                matched = [recs.loc[r].rename(r) for r in mine["recommendation_id"].astype(str) if r in recs.index]
                concern = outcome.submission_label(s, str(mine["concern"].iloc[0]) if len(mine) else "", lang)
                asked = concern  # the template sets a cell's first line in bold
                if lang == "en":
                    asked += "\n" + claims.referenced_text(str(s["recommendation"]), s, "recommendation")
                said = "\n".join(outcome.recommendation_item(r, lang) for r in matched) if matched else \
                    t("briefing.recommendations.none", lang)
                rows.append([claims.reference(str(int(s["position"])), what="position in the submission's list",
                                              row=s, column="position"), asked, said])
        composer.add("table", cells=rows, groups=groups)

    compose(tables)


def _endnotes(composer: Composer, sources: Sequence[tuple[str, str]], lang: str) -> None:
    composer.add("heading", t("briefing.endnotes", lang), level=1)
    composer.add("para", t("briefing.endnotes.lead", lang))
    for heading, source in sources:
        composer.add("heading", heading, level=3)
        composer.add("endnote", source)


def compose(config: BuildConfig, lang: str) -> tuple[str, list[dict[str, Any]], dict[str, Any]]:
    """(text, ledger entries, template data) of the briefing in `lang`, from data/ and the print
    set's charts."""
    if lang not in LANGUAGES:
        raise BriefingError(f"unknown language {lang!r}: expected one of {', '.join(LANGUAGES)}")
    pset = print_set(config, lang)
    tables = _tables(config.data_dir)
    composer = Composer(lang=lang)
    with claims.collecting():
        meta = _title_page(composer, tables, config, lang)
        specs = _themes()
        front_spec = next(s for s in specs if s.name == FRONT)
        front = _document(front_spec, tables, pset,
                          [f.name for f in saved_figures(config.output_dir / pset.output / front_spec.notebook)])
        _overview(composer, front, lang)
        sources = [(t("briefing.overview", lang), front.source)]
        for spec in specs:
            if spec.name == FRONT:
                continue
            folder = config.output_dir / pset.output / spec.notebook
            if not folder.is_dir():
                raise BriefingError(f"{folder}: no charts of {spec.notebook} in the {pset.name} set; build it first")
            figures = saved_figures(folder)
            model = _document(spec, tables, pset, [f.name for f in figures])
            _section(composer, model, figures, config.output_dir, lang, stem=spec.notebook,
                     skip=_follow_up_heading(tables, lang) if spec.name == "outcome" else None)
            sources.append((model.title, model.source))
        _recommendations(composer, tables, lang)
        _endnotes(composer, sources, lang)
        text, entries, blocks = composer.finish()
    labels = {"contents": t("briefing.contents", lang), "running_head": t("briefing.running_head", lang)}
    data = {"lang": lang, "title": t("briefing.title", lang), "labels": labels, "blocks": blocks, **meta}
    return text, entries, data


def _follow_up_heading(tables: dict[str, pd.DataFrame], lang: str) -> str:
    from analysis.themes import outcome

    return _plain(outcome.with_common(lambda _tables: outcome.t("theme_outcome.heading.follow_up", lang))(tables))


# ---- typesetting ----

def font_paths() -> list[str]:
    """matplotlib's bundled fonts (DejaVu Sans): the charts' own, the same on every machine."""
    import matplotlib

    return [str(Path(matplotlib.get_data_path()) / "fonts" / "ttf")]


def typeset(data: Mapping[str, Any], root: Path) -> bytes:
    """The PDF, compiled in-process by the `typst` package; `root` is the folder the chart paths start from."""
    import typst

    try:
        return typst.compile(TEMPLATE.read_bytes(), root=str(root), font_paths=font_paths(), ignore_system_fonts=True,
                             sys_inputs={"briefing": json.dumps(data, ensure_ascii=False, sort_keys=True)})
    except Exception as exc:  # typst raises its own error types, all with the compiler's message
        raise BriefingError(f"typst could not typeset {TEMPLATE.name}: {exc}") from exc


def ledger_bytes(text: str, entries: Sequence[Mapping[str, Any]], lang: str) -> bytes:
    payload = {"document": pdf_name(lang), "lang": lang, "text": text, "claims": list(entries)}
    return (json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def render(config: BuildConfig, lang: str) -> tuple[bytes, bytes]:
    """(PDF, ledger) of one language; refuses a text whose ledger does not account for every number."""
    from analysis.words import ledger

    text, entries, data = compose(config, lang)
    problems = ledger.text_problems(text, entries, lang, pdf_name(lang))
    if problems:
        raise claims.ClaimError("briefing: the text states numbers its ledger does not account for:\n"
                                + "\n".join(f"  {p}" for p in problems))
    return typeset(data, config.output_dir), ledger_bytes(text, entries, lang)


# ---- the build step ----

def languages(config: BuildConfig) -> list[str]:
    """The languages with a print set (each gets its briefing)."""
    out = []
    for lang in LANGUAGES:
        try:
            print_set(config, lang)
        except BriefingError:
            continue
        out.append(lang)
    return out


def unbuilt(config: BuildConfig, lang: str) -> list[str]:
    """The print set's notebook folders the briefing needs that this output folder lacks (a build
    with --only that never ran them): the briefing waits for them rather than failing."""
    pset = print_set(config, lang)
    folders = [config.output_dir / pset.output / s.notebook for s in _themes() if s.name != FRONT]
    return [config.relative(f) for f in folders if not f.is_dir()]


def inputs_digest(config: BuildConfig, lang: str) -> str:
    """One hash of what the briefing reads: data/, the code (template and catalogues included),
    the print set's charts and sidecars, the changelog and the citation file."""
    from analysis.build.build_state import tree_digest

    charts = config.output_dir / print_set(config, lang).output
    # The sidecars and PDFs only: the figure pages beside them are written after the briefing.
    drawn = sorted(p for p in charts.rglob("*") if p.suffix in (".json", ".pdf")) if charts.is_dir() else []
    paths = [config.data_dir, *config.code, TEMPLATE.parent, *drawn, config.root / "CHANGELOG.md",
             config.root / "CITATION.cff"]
    return tree_digest(paths, config.root)


def _stamp_path(config: BuildConfig, lang: str) -> Path:
    return config.build_dir / "state" / f"briefing.{lang}.json"


def up_to_date(config: BuildConfig, lang: str, digest: str) -> bool:
    """Whether the briefing's inputs and files are as its last build left them."""
    from analysis.core.file_digest import sha256_of

    try:
        stamp = json.loads(_stamp_path(config, lang).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    files = {name: config.output_dir / name for name in (pdf_name(lang), ledger_name(lang))}
    return stamp.get("inputs") == digest and all(
        p.is_file() and stamp.get("files", {}).get(name) == sha256_of(p) for name, p in files.items())


def publish(config: BuildConfig, lang: str, *, force: bool = False) -> str:
    """Write `briefing.<lang>.pdf` and its ledger into the output folder unless up to date;
    returns "up to date" or "written"."""
    from analysis.build.build_files import write_if_changed
    from analysis.core.file_digest import sha256_of

    digest = inputs_digest(config, lang)
    if not force and up_to_date(config, lang, digest):
        return "up to date"
    pdf, ledger = render(config, lang)
    scratch = config.build_dir / "tmp"
    write_if_changed(config.output_dir / ledger_name(lang), ledger, scratch)
    write_if_changed(config.output_dir / pdf_name(lang), pdf, scratch)
    stamp = {"inputs": digest, "files": {n: sha256_of(config.output_dir / n) for n in (pdf_name(lang), ledger_name(lang))}}
    write_if_changed(_stamp_path(config, lang), (json.dumps(stamp, sort_keys=True, indent=2) + "\n").encode(), scratch)
    return "written"


# ---- the command ----

def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=LANGUAGES, action="append",
                        help="the language(s) to typeset (default: every language with a print set)")
    parser.add_argument("--output", type=Path, metavar="DIR",
                        help="the figures folder holding the print sets, where the PDF goes (default: figures/)")
    parser.add_argument("--force", action="store_true", help="typeset even when the inputs are unchanged")


def run(args: argparse.Namespace) -> int:
    """`python -m analysis briefing`: typeset the briefing(s) from the figures already built (the next
    `make figures` lists them in the manifest)."""
    from analysis.build.build_config import ConfigError, load_config
    from analysis.core.paths import REPO_ROOT

    try:
        config = load_config(REPO_ROOT, None, output_dir=args.output)
        for lang in args.lang or languages(config):
            status = publish(config, lang, force=args.force)
            print(f"briefing: {config.relative(config.output_dir / pdf_name(lang))} {status}")
    except (BriefingError, ConfigError, claims.ClaimError) as exc:
        print(f"briefing: {exc}", file=sys.stderr)
        return 1
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis briefing")
    configure(parser)
    return run(parser.parse_args(argv))



if __name__ == "__main__":
    raise SystemExit(main())

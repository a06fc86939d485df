"""The briefing PDFs (analysis.build.briefing): A4, every theme's section, the figures in extractable
text, fonts embedded (no Type 3), a title and language in the metadata, byte-identical on rebuild,
every page renderable; and their text passes the ledger check, which fails on a planted number."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

import pytest
from pypdf import PdfReader

from analysis.build import briefing
from analysis.themes import base
from support.system_tools import require
from analysis.words import ledger
from analysis.build.build_config import load_config
from analysis.words.claims import ClaimError
from analysis.words.i18n import catalogue, t
from analysis.core.paths import REPO_ROOT

# One worker runs the module's fast tests: the committed PDFs' text is extracted once.
pytestmark = pytest.mark.xdist_group("briefing")

FIGURES = REPO_ROOT / "figures"
DATA = REPO_ROOT / "data"
LANGS = ("en", "ru")
A4 = (595.28, 841.89)
# The figures a delegate looks for first, as each language's summaries state them.
FIGURES_IN_TEXT = {"en": ("187", "602", "662", "130", "as many as 700"),
                   "ru": ("187", "602", "662", "130", "до 700")}


def _config():
    return load_config(REPO_ROOT, None)


def _pdf(lang: str) -> Path:
    path = FIGURES / briefing.pdf_name(lang)
    assert path.is_file(), f"{path} is missing: run `make figures`"
    return path


@lru_cache(maxsize=None)
def _text(lang: str) -> str:
    """The PDF's extracted text, whitespace folded (lines, pages) and line-end hyphens joined
    (of the committed PDF: read once per worker, the module's tests share one worker)."""
    raw = "\n".join(page.extract_text() or "" for page in PdfReader(_pdf(lang)).pages)
    return re.sub(r"\s+", " ", raw.replace("\u00a0", " "))


def _poppler(tool: str) -> str:
    """`pdffonts` / `pdftoppm` from Debian's poppler-utils (.ci/run installs it)."""
    return require([tool], "poppler-utils")


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_is_a4(lang):
    pages = PdfReader(_pdf(lang)).pages
    assert len(pages) > 3
    for n, page in enumerate(pages, start=1):
        size = (float(page.mediabox.width), float(page.mediabox.height))
        assert abs(size[0] - A4[0]) <= 1 and abs(size[1] - A4[1]) <= 1, f"page {n} is {size} pt, not A4"


@pytest.mark.parametrize("lang", LANGS)
def test_title_and_language_in_the_metadata(lang):
    reader = PdfReader(_pdf(lang))
    assert reader.metadata.title == t("briefing.title", lang)
    assert str(reader.trailer["/Root"].get("/Lang")) == lang
    # The document date is the data version's (CHANGELOG.md), so a rebuild gives the same bytes.
    assert str(reader.metadata.get("/CreationDate", "")).startswith("D:2")


@pytest.mark.parametrize("lang", LANGS)
def test_every_theme_has_its_section(lang):
    """Each theme's summary title (the print set's summary, as published) heads a section."""
    text = _text(lang)
    pset = briefing.print_set(_config(), lang)
    for stem in [s.notebook for s in base.registered() if s.name != briefing.FRONT]:
        summary = FIGURES / pset.output / stem / f"summary.{lang}.md"
        title = summary.read_text(encoding="utf-8").splitlines()[0].removeprefix("# ").strip().replace("\u00a0", " ")
        assert title in text, f"the {lang} briefing has no section {title!r} ({stem})"
    assert t("briefing.recommendations.asked", lang) in text
    assert t("briefing.endnotes", lang) in text


def _letters(text: str) -> str:
    """Text without spaces, hyphens or claim markers: immune to line breaks and hyphenation."""
    from analysis.words import claims

    return re.sub(r"[\s\-\u00ad\u2010\u2011]+", "", claims.strip(text))


@pytest.mark.parametrize("lang", LANGS)
def test_the_timeline_section_lists_the_events_by_year(lang):
    """The timeline's events, under their years, as its summary lists them (a section of the
    summary's document model beside its lead, charts and method)."""
    from analysis.themes import timeline

    tables = timeline.load_tables()
    # The briefing's own text as typeset (its ledger keeps it), not the words of its charts.
    ledger_file = FIGURES / briefing.pdf_name(lang).replace(".pdf", ".claims.json")
    text = _letters(json.loads(ledger_file.read_text(encoding="utf-8"))["text"])
    assert _letters(t("timeline.summary.heading_events", lang)) in text
    for _, row in timeline.dated_events(tables).iterrows():
        words = _letters(timeline.event_text(row, lang))
        assert words in text, f"the {lang} briefing does not list the event {timeline.event_text(row, lang)!r}"


@pytest.mark.parametrize("lang", LANGS)
def test_key_figures_are_extractable_text(lang):
    text = _text(lang)
    for figure in FIGURES_IN_TEXT[lang]:
        assert figure in text, f"{figure!r} is not in the text of the {lang} briefing"


@pytest.mark.parametrize("lang", LANGS)
def test_fonts_are_embedded_truetype(lang):
    out = subprocess.run([_poppler("pdffonts"), str(_pdf(lang))], capture_output=True, text=True, check=True).stdout
    rows = out.splitlines()[2:]
    assert rows, "pdffonts lists no font"
    for row in rows:
        assert "Type 3" not in row, f"a Type 3 font: {row}"
        # name, type (two words), encoding, emb, sub, uni, object, id
        fields = row.split()
        assert fields[-5] == "yes", f"a font not embedded: {row}"


@pytest.mark.parametrize("lang", LANGS)
def test_pdftoppm_renders_every_page(lang, tmp_path):
    pages = len(PdfReader(_pdf(lang)).pages)
    subprocess.run([_poppler("pdftoppm"), "-r", "20", "-png", str(_pdf(lang)), str(tmp_path / "p")],
                   check=True, capture_output=True, timeout=300)
    rendered = sorted(tmp_path.glob("p-*.png"))
    assert len(rendered) == pages
    assert all(p.stat().st_size > 500 for p in rendered)


def test_the_manifest_lists_both_briefings():
    manifest = json.loads((FIGURES / "manifest.json").read_text(encoding="utf-8"))
    listed = {e["lang"]: e for e in manifest["briefings"]}
    assert set(listed) == set(LANGS)
    for lang, entry in listed.items():
        assert entry["file"]["path"] == briefing.pdf_name(lang)
        assert entry["claims"]["path"] == briefing.ledger_name(lang)
        assert entry["file"]["sha256"] == hashlib.sha256(_pdf(lang).read_bytes()).hexdigest()


# ---- the ledger ----

def test_the_ledger_check_covers_the_briefings():
    assert ledger.briefing_problems(FIGURES, DATA) == []
    for lang in LANGS:
        entry = json.loads((FIGURES / briefing.ledger_name(lang)).read_text(encoding="utf-8"))
        assert entry["document"] == briefing.pdf_name(lang)
        assert any(c["kind"] == "reported" and c["text"] == "130" for c in entry["claims"])
        assert any(c["kind"] == "derived" for c in entry["claims"])  # our counts, labelled


def test_a_planted_number_in_the_briefing_text_fails_the_check(tmp_path):
    for name in (briefing.pdf_name("en"), briefing.ledger_name("en")):
        shutil.copy(FIGURES / name, tmp_path / name)
    path = tmp_path / briefing.ledger_name("en")
    entry = json.loads(path.read_text(encoding="utf-8"))
    entry["text"] = entry["text"] + "\nThe police detained 42 more.\n"
    path.write_text(json.dumps(entry), encoding="utf-8")
    problems = [str(p) for p in ledger.briefing_problems(tmp_path, DATA)]
    assert any("number '42' has no claim" in p for p in problems), problems
    # The whole folder's check (check_outputs) finds it too.
    assert any("'42'" in str(p) for p in ledger.check_outputs(tmp_path, DATA))


def test_a_briefing_whose_ledger_names_a_missing_pdf_fails(tmp_path):
    shutil.copy(FIGURES / briefing.ledger_name("ru"), tmp_path / briefing.ledger_name("ru"))
    assert any("PDF" in str(p) for p in ledger.briefing_problems(tmp_path, DATA))


def test_a_number_typed_into_a_briefing_text_is_refused(monkeypatch):
    """A number that reaches the briefing without a claim (here typed into its catalogue) stops it
    before anything is written."""
    monkeypatch.setitem(catalogue("en"), "briefing.rule", "Some 40 figures are given with their qualifiers.")
    with pytest.raises(ClaimError, match="number '40' has no claim"):
        briefing.render(_config(), "en")


# ---- determinism ----

@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_a_rebuild_is_byte_identical_to_the_published_briefing(lang):
    pdf, ledger_json = briefing.render(_config(), lang)
    assert pdf == _pdf(lang).read_bytes()
    assert ledger_json == (FIGURES / briefing.ledger_name(lang)).read_bytes()


@pytest.mark.slow
def test_the_build_step_skips_an_unchanged_briefing_and_redoes_a_changed_one(tmp_path):
    import dataclasses

    out = tmp_path / "figures"
    out.mkdir()
    for name in ("print", "print-ru"):
        shutil.copytree(FIGURES / name, out / name)
    config = dataclasses.replace(_config(), output_dir=out, build_dir=tmp_path / "build")
    assert briefing.publish(config, "ru") == "written"
    assert (out / briefing.pdf_name("ru")).read_bytes() == _pdf("ru").read_bytes()
    assert briefing.publish(config, "ru") == "up to date"
    sidecar = out / "print-ru" / "02_zhanaozen" / "detentions.json"
    sidecar.write_text(sidecar.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert briefing.publish(config, "ru") == "written"
    assert briefing.publish(config, "en") == "written"  # its own stamp, untouched by the Russian one

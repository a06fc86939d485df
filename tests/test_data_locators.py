"""Locators point where the excerpt is: the named section, subsection or endnote of the source text.

A locator is one or more parts separated by "; ". A part is a section heading ("Torture and other
ill-treatment"), a subsection under a section ("Follow up to the previous review: Freedom of
expression"), an endnote ("Endnote 12", "Endnotes 7, 8"), "Annex", "Annex, note 1" or "Cover page".
Every part must name something in the source, and the excerpt must lie inside at least one part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from analysis.data.datapackage import read_package, read_table
from analysis.data.provenance import normalise
from support.csv_edits import set_cell

SOURCE = "amnesty-upr-2014-kazakhstan.md"
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_EMPHASIS_LINE = re.compile(r"^\*[^*].*\*\s*$")  # a whole line in italics: an unnumbered subheading
_ENDNOTE = re.compile(r"^<sup>(\d+)</sup>")


@dataclass
class Segment:
    heading: str
    level: int
    text: str


def _key(heading: str) -> str:
    return normalise(heading).rstrip(":").casefold()


def parse(raw: str) -> tuple[list[Segment], dict[int, str]]:
    """Segments of the text under each heading, and the text of each endnote."""
    segments: list[Segment] = []
    endnotes: dict[int, list[str]] = {}
    heading, level, lines = "", 0, []
    current_note: int | None = None
    in_endnotes = False
    for line in raw.splitlines():
        match = _HEADING.match(line)
        if match or (_EMPHASIS_LINE.match(line.strip()) and not in_endnotes and lines_are_list(lines)):
            segments.append(Segment(heading, level, normalise("\n".join(lines))))
            if match:
                heading, level = match.group(2), len(match.group(1))
            else:
                heading, level = line.strip(), 4
            lines = []
            in_endnotes = _key(heading) == "endnotes"
            current_note = None
            continue
        lines.append(line)
        if in_endnotes:
            note = _ENDNOTE.match(line)
            if note:
                current_note = int(note.group(1))
            if current_note is not None:
                endnotes.setdefault(current_note, []).append(line)
    segments.append(Segment(heading, level, normalise("\n".join(lines))))
    return segments, {n: normalise("\n".join(text)) for n, text in endnotes.items()}


def lines_are_list(lines: list[str]) -> bool:
    """Italic subheadings occur only in the recommendations, after a bulleted list."""
    return any(line.startswith("- ") for line in lines)


def section_text(segments: list[Segment], index: int) -> str:
    """A segment with the segments below it (until a heading of the same or a higher level)."""
    parts = [segments[index].text]
    for seg in segments[index + 1:]:
        if seg.level <= segments[index].level:
            break
        parts.append(seg.text)
    return " ".join(parts)


def resolve(part: str, segments: list[Segment], endnotes: dict[int, str]) -> list[str]:
    """The texts a locator part names (empty when it names nothing in the source)."""
    notes = re.fullmatch(r"Endnotes? ([\d, ]+)", part)
    if notes:
        return [endnotes[int(n)] for n in re.findall(r"\d+", notes.group(1)) if int(n) in endnotes]
    if part == "Cover page":
        return [segments[i].text for i, s in enumerate(segments) if _key(s.heading) == "kazakhstan"]
    if part.startswith("Annex"):
        return [section_text(segments, i) for i, s in enumerate(segments) if _key(s.heading) == "annex"]
    if ": " in part:
        outer, inner = part.split(": ", 1)
        starts = [i for i, s in enumerate(segments) if _key(s.heading) == outer.casefold()]
        for start in starts:
            for j in range(start + 1, len(segments)):
                if _key(segments[j].heading) == inner.casefold():
                    return [section_text(segments, j)]
        return []
    return [section_text(segments, i) for i, s in enumerate(segments) if _key(s.heading) == part.casefold()]


def test_the_source_parses_into_sections_and_endnotes(sources_dir: Path) -> None:
    segments, endnotes = parse((sources_dir / SOURCE).read_text(encoding="utf-8"))
    assert sorted(endnotes) == list(range(1, 21))
    assert "187 complaints registered in 2011" in endnotes[12]
    assert resolve("Recommendations for action by the State under review: Violation of non-refoulement obligation",
                   segments, endnotes)


def locator_problems(data_dir: Path, sources_dir: Path) -> list[str]:
    segments, endnotes = parse((sources_dir / SOURCE).read_text(encoding="utf-8"))
    package = read_package(data_dir)
    on_submission = {row["document_id"] for _, row in read_table(package.file(package.resource("documents"))).records()
                     if row["source_file"] == SOURCE}
    wrong = []
    for res in package.resources:
        if "locator" not in [f.name for f in res.fields]:
            continue
        excerpt_field = (res.provenance or {}).get("excerpt", "excerpt")
        for line, row in read_table(package.file(res)).records():
            if res.provenance and row[res.provenance["document"]] not in on_submission:
                continue  # a UN report's locator ("para. 95.11, p. 15"): validate checks the page
            excerpt = normalise(row[excerpt_field])
            texts = []
            for part in row["locator"].split("; "):
                found = resolve(part, segments, endnotes)
                if not found:
                    wrong.append(f"{res.path}:{line}: locator part {part!r} names nothing in the source")
                texts += found
            if texts and not any(excerpt in text for text in texts):
                wrong.append(f"{res.path}:{line}: excerpt not under locator {row['locator']!r}")
    return wrong


def test_every_locator_points_at_its_excerpt(repo_data_dir: Path, sources_dir: Path) -> None:
    wrong = locator_problems(repo_data_dir, sources_dir)
    assert not wrong, "\n".join(wrong)


def test_a_wrong_locator_is_caught(data_copy: Path, sources_dir: Path) -> None:
    set_cell(data_copy / "torture_complaints.csv", 3, "locator", "Endnote 11")
    set_cell(data_copy / "zhanaozen.csv", 2, "locator", "Violation of the right to freedom of expression")
    set_cell(data_copy / "events.csv", 2, "locator", "Endnote 99")
    assert locator_problems(data_copy, sources_dir) == [
        "torture_complaints.csv:3: excerpt not under locator 'Endnote 11'",
        "zhanaozen.csv:2: excerpt not under locator 'Violation of the right to freedom of expression'",
        "events.csv:2: locator part 'Endnote 99' names nothing in the source",
    ]

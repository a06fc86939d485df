"""`python -m analysis data-version`: the data package's version, its changelog entry and its fingerprint.

data/ is released under a semantic version, the `version` of data/datapackage.json (MAJOR.MINOR.PATCH:
MAJOR when a column is removed or renamed or its meaning changes, MINOR when tables or columns are added,
PATCH when cells are corrected). Each version has an entry in CHANGELOG.md, `## [X.Y.Z] - YYYY-MM-DD`,
that names the changed rows by table and row id, and under that heading the fingerprint of the data it
describes:

    <!-- data-fingerprint: sha256:HEX -->

The fingerprint (`fingerprint`) is one sha256 over data/*.csv and data/datapackage.json without its
`version`, in sorted file order. A change to data/ without a new version, a changelog entry and a new
fingerprint therefore fails `--check` (and tests/test_versions.py). CITATION.cff carries the same version.

Without options the command checks; `--write` records the current fingerprint under the current version's
entry (and sets CITATION.cff's version lines), but it refuses to replace the fingerprint of a version that
already has one, which is what a data change without a version bump would need: `--amend` allows it for a
version that has not been published yet.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from analysis.core import paths
from analysis.core.atomic_files import atomic_write_bytes

__all__ = ["Entry", "check", "configure", "fingerprint", "parse_changelog", "run", "write"]

SEMVER = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")
HEADING = re.compile(r"^## \[(?P<version>[^\]]+)\](?: - (?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2}))?[ \t]*$")
FINGERPRINT = re.compile(r"^<!-- data-fingerprint: sha256:(?P<hex>[0-9a-f]{64}) -->[ \t]*$")
# The top-level `version:` of CITATION.cff and that of its references (the dataset), quoted.
CFF_VERSION = re.compile(r'^(?P<indent>[ \t]*)version: "(?P<version>[^"]*)"[ \t]*$', re.MULTILINE)
DESCRIPTOR = "datapackage.json"

HOW_TO_FIX = ("bump the version in data/datapackage.json, add a CHANGELOG.md entry naming the changed row ids, "
              "and record the new fingerprint: python -m analysis data-version --write")


@dataclass(frozen=True)
class Entry:
    """One `## [VERSION] - DATE` section of CHANGELOG.md."""

    version: str
    date: str | None
    fingerprint: str | None
    line: int            # 1-based line of the heading
    fingerprint_line: int | None
    body: str


def _key(version: str) -> tuple[int, int, int]:
    major, minor, patch = SEMVER.match(version).groups()  # type: ignore[union-attr]
    return int(major), int(minor), int(patch)


def fingerprint(data_dir: Path) -> str:
    """sha256 over data/*.csv and datapackage.json without `version`, in sorted file order.

    Each file contributes its name, its length and its content; CSV line endings are taken as LF (so a
    checkout with CRLF line endings has the same fingerprint), and the descriptor is taken as canonical
    JSON (sorted keys, no whitespace) so that only its content counts, not its layout.
    """
    data_dir = Path(data_dir)
    descriptor = json.loads((data_dir / DESCRIPTOR).read_text(encoding="utf-8"))
    descriptor.pop("version", None)
    files = {p.name: p for p in data_dir.glob("*.csv")}
    files[DESCRIPTOR] = data_dir / DESCRIPTOR
    digest = hashlib.sha256()
    for name in sorted(files):
        if name == DESCRIPTOR:
            content = json.dumps(descriptor, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        else:
            content = files[name].read_bytes().replace(b"\r\n", b"\n")
        digest.update(f"{name}\0{len(content)}\0".encode("utf-8"))
        digest.update(content)
    return digest.hexdigest()


def parse_changelog(text: str) -> list[Entry]:
    """The `## [...]` entries of a Keep a Changelog file, in file order (`[Unreleased]` included)."""
    lines = text.splitlines()
    starts = [i for i, line in enumerate(lines) if HEADING.match(line)]
    entries = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        body_lines = lines[start + 1:end]
        heading = HEADING.match(lines[start])
        assert heading is not None
        found = [(start + 2 + i, FINGERPRINT.match(line)) for i, line in enumerate(body_lines)]
        marks = [(line_no, m) for line_no, m in found if m]
        entries.append(Entry(
            version=heading["version"], date=heading["date"],
            fingerprint=marks[0][1]["hex"] if marks else None,
            fingerprint_line=marks[0][0] if marks else None,
            line=start + 1, body="\n".join(body_lines)))
    return entries


def _version(data_dir: Path) -> str:
    return str(json.loads((data_dir / DESCRIPTOR).read_text(encoding="utf-8")).get("version", ""))


def check(data_dir: Path, changelog: Path, citation: Path | None = None) -> list[str]:
    """Every way in which data/, CHANGELOG.md and CITATION.cff disagree; empty when they agree."""
    data_dir, changelog = Path(data_dir), Path(changelog)
    version = _version(data_dir)
    problems: list[str] = []
    if not SEMVER.match(version):
        problems.append(f"{data_dir / DESCRIPTOR}: version {version!r} is not semantic (MAJOR.MINOR.PATCH, "
                        "e.g. 1.2.0)")
    if not changelog.exists():
        return problems + [f"{changelog}: not found: {HOW_TO_FIX}"]
    entries = parse_changelog(changelog.read_text(encoding="utf-8"))
    released = [e for e in entries if e.version.lower() != "unreleased"]
    for e in released:
        if not SEMVER.match(e.version):
            problems.append(f"{changelog}:{e.line}: version {e.version!r} is not semantic (MAJOR.MINOR.PATCH)")
        if e.date is None:
            problems.append(f"{changelog}:{e.line}: the heading of [{e.version}] gives no date ('## [X.Y.Z] - YYYY-MM-DD')")
    semantic = [e for e in released if SEMVER.match(e.version)]
    for newer, older in zip(semantic, semantic[1:]):
        if _key(newer.version) <= _key(older.version):
            problems.append(f"{changelog}:{older.line}: [{older.version}] is listed after [{newer.version}]: "
                            "entries go newest first, each version above the one it follows")
    current = [e for e in released if e.version == version]
    if not current:
        problems.append(f"{changelog}: no entry for version {version} (the version in {data_dir / DESCRIPTOR}): "
                        f"{HOW_TO_FIX}")
    else:
        entry = current[0]
        if semantic and SEMVER.match(version) and semantic[0].version != version:
            problems.append(f"{changelog}:{entry.line}: [{version}] is the data's version but [{semantic[0].version}] "
                            "is the newest entry: the data's version must be the newest")
        if not re.search(r"^[ \t]*[-*] \S", entry.body, re.MULTILINE):
            problems.append(f"{changelog}:{entry.line}: the entry for [{version}] lists no changes "
                            "(one '- ' line per change, naming the table and row ids)")
        actual = fingerprint(data_dir)
        if entry.fingerprint is None:
            problems.append(f"{changelog}:{entry.line}: the entry for [{version}] records no data fingerprint: "
                            "run python -m analysis data-version --write")
        elif entry.fingerprint != actual:
            problems.append(f"{data_dir}: the data differ from version {version} as CHANGELOG.md records it "
                            f"(fingerprint {actual[:12]}…, recorded {entry.fingerprint[:12]}… at "
                            f"{changelog.name}:{entry.fingerprint_line}): {HOW_TO_FIX}")
    if citation is not None:
        citation = Path(citation)
        if not citation.exists():
            problems.append(f"{citation}: not found")
        else:
            found = [m["version"] for m in CFF_VERSION.finditer(citation.read_text(encoding="utf-8"))]
            if not found:
                problems.append(f"{citation}: no quoted `version: \"X.Y.Z\"` line")
            for other in sorted(set(found) - {version}):
                problems.append(f"{citation}: version {other!r} differs from the data package's {version}: "
                                "run python -m analysis data-version --write")
    return problems


def write(data_dir: Path, changelog: Path, citation: Path | None = None, amend: bool = False) -> list[str]:
    """Record the fingerprint under the current version's entry; returns what went wrong (empty on success)."""
    data_dir, changelog = Path(data_dir), Path(changelog)
    version = _version(data_dir)
    if not SEMVER.match(version):
        return [f"{data_dir / DESCRIPTOR}: version {version!r} is not semantic (MAJOR.MINOR.PATCH)"]
    if not changelog.exists():
        return [f"{changelog}: not found: add it with a '## [{version}] - YYYY-MM-DD' entry naming the changed row ids"]
    text = changelog.read_text(encoding="utf-8")
    entries = [e for e in parse_changelog(text) if e.version == version]
    if not entries:
        return [f"{changelog}: no entry for version {version}: add '## [{version}] - YYYY-MM-DD' with the "
                "changed row ids, then run this again"]
    entry = entries[0]
    actual = fingerprint(data_dir)
    mark = f"<!-- data-fingerprint: sha256:{actual} -->"
    lines = text.split("\n")
    if entry.fingerprint == actual:
        pass
    elif entry.fingerprint is not None and not amend:
        return [f"{changelog}:{entry.fingerprint_line}: version {version} already records other data "
                f"(sha256:{entry.fingerprint[:12]}…). If {version} has been published, bump the version in "
                "data/datapackage.json and add an entry for it; if it has not, rerun with --amend"]
    elif entry.fingerprint_line is not None:
        lines[entry.fingerprint_line - 1] = mark
    else:
        # Under the heading: a blank line, the mark, and a blank line before the entry's first line.
        following = lines[entry.line] if entry.line < len(lines) else ""
        lines[entry.line:entry.line] = ["", mark] + ([""] if following.strip() else [])
    new_text = "\n".join(lines)
    if new_text != text:
        atomic_write_bytes(changelog, new_text.encode("utf-8"))
    if citation is not None and Path(citation).exists():
        cff = Path(citation).read_text(encoding="utf-8")
        new_cff = CFF_VERSION.sub(lambda m: f'{m["indent"]}version: "{version}"', cff)
        if new_cff != cff:
            atomic_write_bytes(Path(citation), new_cff.encode("utf-8"))
    return []


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Check that data/ matches the version and fingerprint recorded in CHANGELOG.md "
                          "(and CITATION.cff's version), or record them with --write.")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="exit 1 when they disagree (the default)")
    mode.add_argument("--write", action="store_true",
                      help="record the data's fingerprint under the current version's CHANGELOG.md entry "
                           "and set CITATION.cff's version")
    parser.add_argument("--amend", action="store_true",
                        help="with --write: replace the fingerprint of a version that is not yet published")
    parser.add_argument("--data", metavar="DIR", help=f"data folder (default: ${paths.DATA_ENV} or <repo>/data)")
    parser.add_argument("--changelog", metavar="FILE", help="default: <repo>/CHANGELOG.md")
    parser.add_argument("--citation", metavar="FILE", help="default: <repo>/CITATION.cff")


def run(args: argparse.Namespace) -> int:
    data_dir = paths.data_dir(args.data)
    changelog = Path(args.changelog) if args.changelog else paths.REPO_ROOT / "CHANGELOG.md"
    citation = Path(args.citation) if args.citation else paths.REPO_ROOT / "CITATION.cff"
    if args.amend and not args.write:
        print("--amend only goes with --write", file=sys.stderr)
        return 2
    if args.write:
        problems = write(data_dir, changelog, citation, amend=args.amend)
        if problems:
            print("\n".join(problems), file=sys.stderr)
            return 1
    problems = check(data_dir, changelog, citation)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    print(f"{data_dir}: version {_version(data_dir)}, fingerprint sha256:{fingerprint(data_dir)}, "
          f"recorded in {changelog.name}")
    return 0

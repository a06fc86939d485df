"""Licence, citation and versions: data/ changes only with a version bump, a CHANGELOG.md entry and its fingerprint.

The version of the data package (data/datapackage.json) is semantic; CITATION.cff carries the same version;
CHANGELOG.md has an entry for it that records the fingerprint of the data (analysis.data.data_version). A planted
change in a copy of data/ fails the check until the version is bumped, an entry added and the fingerprint
recorded (`python -m analysis data-version --write`).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml

from analysis.data import data_version
from analysis.core import paths
from support.csv_edits import set_cell

ROOT = paths.REPO_ROOT
CHANGELOG = ROOT / "CHANGELOG.md"
CITATION = ROOT / "CITATION.cff"
LICENSE = ROOT / "LICENSE"

# ---- CITATION.cff: the key rules of the Citation File Format 1.2.0 schema ----
# No maintained PyPI package ships the official schema in a form this project can pin: cffconvert 2.0.0
# (its last release, 2021) bundles schemas/1.2.0/schema.json but requires jsonschema<4, which conflicts with
# the lock's jsonschema 4.x (needed by Jupyter and Frictionless). So the rules below are transcribed from the
# official schema (https://citation-file-format.github.io/1.2.0/schema.json, draft-07): the required keys,
# the closed sets of keys (additionalProperties false) of the file, of a person, an entity and a reference,
# the cff-version pattern, the types of work, and the constraints on the fields this file uses. The licence
# list is the schema's SPDX enum, of which only the identifiers used here are listed.
ROOT_KEYS = ["abstract", "authors", "cff-version", "commit", "contact", "date-released", "doi", "identifiers",
             "keywords", "license", "license-url", "message", "preferred-citation", "references", "repository",
             "repository-artifact", "repository-code", "title", "type", "url", "version"]
PERSON_KEYS = ["address", "affiliation", "alias", "city", "country", "email", "family-names", "fax",
               "given-names", "name-particle", "name-suffix", "orcid", "post-code", "region", "tel", "website"]
ENTITY_KEYS = ["address", "alias", "city", "country", "date-end", "date-start", "email", "fax", "location", "name",
               "orcid", "post-code", "region", "tel", "website"]
REFERENCE_KEYS = [
    "abbreviation", "abstract", "authors", "collection-doi", "collection-title", "collection-type", "commit",
    "conference", "contact", "copyright", "data-type", "database", "database-provider", "date-accessed",
    "date-downloaded", "date-published", "date-released", "department", "doi", "edition", "editors",
    "editors-series", "end", "entry", "filename", "format", "identifiers", "institution", "isbn", "issn", "issue",
    "issue-date", "issue-title", "journal", "keywords", "languages", "license", "license-url", "loc-end",
    "loc-start", "location", "medium", "month", "nihmsid", "notes", "number", "number-volumes", "pages",
    "patent-states", "pmcid", "publisher", "recipients", "repository", "repository-artifact", "repository-code",
    "scope", "section", "senders", "start", "status", "term", "thesis-type", "title", "translators", "type", "url",
    "version", "volume", "volume-title", "year", "year-original"]
REFERENCE_TYPES = [
    "art", "article", "audiovisual", "bill", "blog", "book", "catalogue", "conference-paper", "conference", "data",
    "database", "dictionary", "edited-work", "encyclopedia", "film-broadcast", "generic", "government-document",
    "grant", "hearing", "historical-work", "legal-case", "legal-rule", "magazine-article", "manual", "map",
    "multimedia", "music", "newspaper-article", "pamphlet", "patent", "personal-communication", "proceedings",
    "report", "serial", "slides", "software-code", "software-container", "software-executable",
    "software-virtual-machine", "software", "sound-recording", "standard", "statute", "thesis", "unpublished",
    "video", "website"]
SPDX_USED = ["CC-BY-4.0", "MIT"]


def _closed(keys: list[str], **extra) -> dict:
    return {"type": "object", "propertyNames": {"enum": keys}, **extra}


_TEXT = {"type": "string", "minLength": 1}
_AUTHORS = {"type": "array", "minItems": 1, "uniqueItems": True,
            "items": {"anyOf": [{"$ref": "#/definitions/person"}, {"$ref": "#/definitions/entity"}]}}
CFF_1_2_0_KEY_RULES = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "definitions": {
        "person": _closed(PERSON_KEYS),
        "entity": _closed(ENTITY_KEYS, required=["name"], properties={"name": _TEXT}),
        "version": {"anyOf": [_TEXT, {"type": "number"}]},
        "license": {"anyOf": [{"enum": SPDX_USED},
                              {"type": "array", "minItems": 1, "uniqueItems": True, "items": {"enum": SPDX_USED}}]},
        "reference": _closed(REFERENCE_KEYS, required=["authors", "title", "type"], properties={
            "authors": _AUTHORS, "title": _TEXT, "type": {"type": "string", "enum": REFERENCE_TYPES},
            "abstract": _TEXT, "notes": _TEXT, "copyright": _TEXT, "filename": _TEXT,
            "version": {"$ref": "#/definitions/version"}, "license": {"$ref": "#/definitions/license"}}),
    },
    **_closed(ROOT_KEYS, required=["authors", "cff-version", "message", "title"], properties={
        "cff-version": {"type": "string", "pattern": r"^1\.2\.0$"},
        "message": _TEXT, "title": _TEXT, "abstract": _TEXT,
        "type": {"type": "string", "enum": ["dataset", "software"]},
        "authors": _AUTHORS,
        "version": {"$ref": "#/definitions/version"},
        "license": {"$ref": "#/definitions/license"},
        "keywords": {"type": "array", "minItems": 1, "uniqueItems": True, "items": _TEXT},
        "preferred-citation": {"$ref": "#/definitions/reference"},
        "references": {"type": "array", "minItems": 1, "uniqueItems": True,
                       "items": {"$ref": "#/definitions/reference"}},
    }),
}


def cff_problems(document: object) -> list[str]:
    validator = jsonschema.Draft7Validator(CFF_1_2_0_KEY_RULES)
    return [f"{e.json_path}: {e.message}" for e in validator.iter_errors(document)]


def read_cff(path: Path) -> dict:
    # CFF is YAML; PyYAML reads dates as dates, which CFF wants as strings, so none is written unquoted.
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def package_version(data_dir: Path) -> str:
    return json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))["version"]


# ---- the repository as it is ----

def test_the_data_package_version_is_semantic(repo_data_dir: Path) -> None:
    version = package_version(repo_data_dir)
    assert data_version.SEMVER.match(version), f"version {version!r} is not MAJOR.MINOR.PATCH"


def test_citation_cff_follows_the_schemas_key_rules() -> None:
    document = read_cff(CITATION)
    problems = cff_problems(document)
    assert not problems, "CITATION.cff breaks the CFF 1.2.0 schema:\n" + "\n".join(problems)


def test_citation_cff_names_the_software_the_dataset_and_their_licences(repo_data_dir: Path) -> None:
    document = read_cff(CITATION)
    version = package_version(repo_data_dir)
    assert document["version"] == version, "CITATION.cff: run python -m analysis data-version --write"
    assert document["type"] == "software" and document["license"] == "MIT"
    assert document["authors"] == [{"name": "The Kazakhstan UPR evidence notebooks contributors"}]
    datasets = [r for r in document["references"] if r["type"] == "data"]
    assert len(datasets) == 1
    descriptor = json.loads((repo_data_dir / "datapackage.json").read_text(encoding="utf-8"))
    assert datasets[0]["title"] == descriptor["title"]
    assert datasets[0]["version"] == version
    assert datasets[0]["license"] == "CC-BY-4.0"
    assert "© Amnesty International" in datasets[0]["notes"]


def test_the_key_rules_catch_what_the_schema_refuses() -> None:
    good = read_cff(CITATION)
    assert not cff_problems(good)
    for key, value in [("cff-version", "1.1.0"), ("type", "notebook"), ("license", "MIT-like"), ("authors", []),
                       ("homepage", "x"), ("title", "")]:
        bad = dict(good, **{key: value})
        assert cff_problems(bad), f"{key}={value!r} should break the schema"
    missing = {k: v for k, v in good.items() if k != "message"}
    assert any("'message' is a required property" in p for p in cff_problems(missing))
    bad_reference = dict(good, references=[{"type": "data", "title": "t"}])
    assert any("'authors' is a required property" in p for p in cff_problems(bad_reference))
    bad_author = dict(good, authors=[{"name": "x", "given-names": "y"}])
    assert cff_problems(bad_author)


def test_licence_files_and_the_package_licence(repo_data_dir: Path) -> None:
    text = LICENSE.read_text(encoding="utf-8")
    assert text.startswith("MIT License\n")
    assert "Copyright (c) 2026 The Kazakhstan UPR evidence notebooks contributors" in text
    assert "THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND" in text
    # Charts and data are republished under CC BY 4.0, as every figure page says; the MIT licence is the code's.
    assert "figures/ and the data in data/: Creative Commons Attribution 4.0" in " ".join(text.split())
    assert "the MIT licence above" in text
    descriptor = json.loads((repo_data_dir / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["licenses"] == [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
                                       "title": "Creative Commons Attribution 4.0 International"}]
    rights = descriptor["rights"]
    assert "© Amnesty International; reuse under its own terms" in rights
    assert "upr_recommendations" in rights and "A/HRC/28/10" in rights
    verbatim = {f["name"] for r in descriptor["resources"] for f in r["schema"]["fields"] if f.get("verbatim")}
    for column in verbatim:
        assert f"`{column}`" in rights, f"rights does not say what the verbatim column {column} quotes"


def test_changelog_has_an_entry_for_the_data_version(repo_data_dir: Path) -> None:
    version = package_version(repo_data_dir)
    entries = {e.version: e for e in data_version.parse_changelog(CHANGELOG.read_text(encoding="utf-8"))}
    assert version in entries, f"CHANGELOG.md: no entry '## [{version}] - YYYY-MM-DD'"
    assert entries[version].date
    assert re.search(r"^- ", entries[version].body, re.MULTILINE)


def test_the_data_is_the_version_the_changelog_records(repo_data_dir: Path) -> None:
    problems = data_version.check(repo_data_dir, CHANGELOG, CITATION)
    assert not problems, "\n".join(problems)


def test_the_command_agrees(run_cli, repo_data_dir: Path) -> None:
    code, out, err = run_cli("data-version", "--data", repo_data_dir, "--changelog", CHANGELOG, "--citation", CITATION)
    assert code == 0, err
    assert f"version {package_version(repo_data_dir)}, fingerprint sha256:" in out


# ---- the fingerprint ----

def test_the_fingerprint_ignores_the_version_and_layout_but_not_content(data_copy: Path) -> None:
    before = data_version.fingerprint(data_copy)
    descriptor_path = data_copy / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    descriptor["version"] = "99.0.0"
    descriptor_path.write_text(json.dumps(descriptor, indent=4), encoding="utf-8")
    assert data_version.fingerprint(data_copy) == before, "the version and the JSON layout are not data"

    events = data_copy / "events.csv"
    events.write_bytes(events.read_bytes().replace(b"\n", b"\r\n"))
    assert data_version.fingerprint(data_copy) == before, "CRLF line endings of a checkout are not data"

    descriptor["resources"][0]["description"] += " Changed."
    descriptor_path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    assert data_version.fingerprint(data_copy) != before

    descriptor["resources"][0]["description"] = descriptor["resources"][0]["description"][:-len(" Changed.")]
    descriptor_path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    assert data_version.fingerprint(data_copy) == before
    (data_copy / "extra.csv").write_text("id\nx\n", encoding="utf-8")
    assert data_version.fingerprint(data_copy) != before, "a new table is a change"


# ---- a planted data change, in copies of data/, CHANGELOG.md and CITATION.cff ----

@pytest.fixture
def project_copy(data_copy: Path, tmp_path: Path) -> dict[str, Path]:
    changelog = tmp_path / "CHANGELOG.md"
    citation = tmp_path / "CITATION.cff"
    shutil.copy(CHANGELOG, changelog)
    shutil.copy(CITATION, citation)
    # Start from copies that agree, whatever state the working tree is in (that is the tests above).
    assert data_version.write(data_copy, changelog, citation, amend=True) == []
    return {"data": data_copy, "changelog": changelog, "citation": citation}


def _args(copy: dict[str, Path]) -> list[object]:
    return ["--data", copy["data"], "--changelog", copy["changelog"], "--citation", copy["citation"]]


def _bump(data_dir: Path, version: str) -> None:
    path = data_dir / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["version"] = version
    path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _add_entry(changelog: Path, heading: str, lines: list[str]) -> None:
    text = changelog.read_text(encoding="utf-8")
    first = text.index("\n## [")
    changelog.write_text(text[:first] + f"\n{heading}\n\n" + "\n".join(lines) + "\n" + text[first:], encoding="utf-8")


def _next_patch(version: str) -> str:
    major, minor, patch = (int(p) for p in version.split("."))
    return f"{major}.{minor}.{patch + 1}"


def test_a_planted_data_change_fails_until_bumped_entered_and_fingerprinted(run_cli, project_copy) -> None:
    copy = project_copy
    assert data_version.check(copy["data"], copy["changelog"], copy["citation"]) == []

    # The planted change: one cell of events.csv.
    set_cell(copy["data"] / "events.csv", 2, "notes", "A planted change.")
    problems = data_version.check(copy["data"], copy["changelog"], copy["citation"])
    assert len(problems) == 1, problems
    assert "the data differ from version" in problems[0]
    assert data_version.HOW_TO_FIX in problems[0]
    code, _, err = run_cli("data-version", *_args(copy))
    assert code == 1 and "bump the version in data/datapackage.json" in err
    assert "python -m analysis data-version --write" in err

    # Recording the fingerprint without a bump is refused: the old version keeps its data.
    code, _, err = run_cli("data-version", "--write", *_args(copy))
    assert code == 1 and "already records other data" in err

    # A bump alone is not enough: the new version needs an entry.
    old = package_version(copy["data"])
    new = _next_patch(old)
    _bump(copy["data"], new)
    problems = data_version.check(copy["data"], copy["changelog"], copy["citation"])
    assert any(f"no entry for version {new}" in p for p in problems), problems
    code, _, err = run_cli("data-version", "--write", *_args(copy))
    assert code == 1 and f"no entry for version {new}" in err

    # An entry without its fingerprint is not enough either.
    _add_entry(copy["changelog"], f"## [{new}] - 2027-01-01",
               ["### Changed", "", f"- `events.csv {_first_id(copy['data'])}`: notes (a planted change)."])
    problems = data_version.check(copy["data"], copy["changelog"], copy["citation"])
    assert any("records no data fingerprint" in p for p in problems), problems

    # Bump + entry + fingerprint (and CITATION.cff's version, which --write sets): the check passes.
    code, out, err = run_cli("data-version", "--write", *_args(copy))
    assert code == 0, err
    assert data_version.check(copy["data"], copy["changelog"], copy["citation"]) == []
    cff = read_cff(copy["citation"])
    assert cff["version"] == new
    assert [r["version"] for r in cff["references"] if "version" in r] == [new]
    entries = data_version.parse_changelog(copy["changelog"].read_text(encoding="utf-8"))
    assert entries[0].version == new and entries[0].fingerprint == data_version.fingerprint(copy["data"])
    assert entries[1].version == old and entries[1].fingerprint != entries[0].fingerprint
    # --write again changes nothing.
    before = copy["changelog"].read_bytes()
    assert run_cli("data-version", "--write", *_args(copy))[0] == 0
    assert copy["changelog"].read_bytes() == before

    # Another change before the new version is published: --amend replaces its fingerprint.
    set_cell(copy["data"] / "events.csv", 2, "notes", "A second planted change.")
    assert run_cli("data-version", "--write", *_args(copy))[0] == 1
    assert run_cli("data-version", "--write", "--amend", *_args(copy))[0] == 0
    assert data_version.check(copy["data"], copy["changelog"], copy["citation"]) == []


def _first_id(data_dir: Path) -> str:
    return (data_dir / "events.csv").read_text(encoding="utf-8").splitlines()[1].split(",")[0]


def test_versions_must_be_semantic_newest_first_and_agree_with_citation(project_copy) -> None:
    copy = project_copy
    version = package_version(copy["data"])
    _bump(copy["data"], "1.2")
    problems = data_version.check(copy["data"], copy["changelog"], copy["citation"])
    assert any("is not semantic" in p for p in problems), problems

    _bump(copy["data"], version)
    text = copy["changelog"].read_text(encoding="utf-8")
    entries = data_version.parse_changelog(text)
    older = entries[1].version
    # An entry for an older version put above the current one.
    _add_entry(copy["changelog"], f"## [{older}] - 2026-01-01", ["- nothing"])
    problems = data_version.check(copy["data"], copy["changelog"], copy["citation"])
    assert any("newest first" in p for p in problems), problems

    copy["changelog"].write_text(text, encoding="utf-8")
    citation = copy["citation"].read_text(encoding="utf-8")
    copy["citation"].write_text(citation.replace(f'version: "{version}"', 'version: "0.0.1"', 1), encoding="utf-8")
    problems = data_version.check(copy["data"], copy["changelog"], copy["citation"])
    assert any("'0.0.1' differs from the data package's" in p for p in problems), problems

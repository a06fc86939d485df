"""`python -m analysis dictionary`: the data dictionary, docs/data-dictionary.md, generated from
datapackage.json.

The descriptor is the one source of truth for the schema; docs/data-dictionary.md shows it to
readers (the README links it). `--write` replaces the text between the file's markers, `--check`
fails when the file is out of date, and without either the dictionary is printed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis.core import paths
from analysis.core.atomic_files import atomic_write_bytes
from analysis.data.datapackage import Field, Package, Resource, read_package
from analysis.data.loader import dtype_for

__all__ = ["DICTIONARY", "END", "START", "configure", "render", "replace_section", "run"]

START = "<!-- data-dictionary:start -->"
END = "<!-- data-dictionary:end -->"
# Where the dictionary is published, relative to the repository (README.md links it).
DICTIONARY = "docs/data-dictionary.md"

# What each rowRules entry of datapackage.json enforces (implemented in analysis.data.schema_checks).
ROW_RULES = {
    "value_qualifier": "the qualifier matches the value columns: `unquantified` has value_text and no value; every "
                       "other qualifier has a value; `range` has value_max > value; unit is set with any amount",
    "period_order": "period_end is not before period_start (and needs one)",
    "date_precision": "date has the form its date_precision says (YYYY, YYYY-MM, YYYY-MM-DD); date_end is not before date",
    "dated": "every event has a date or the source's words for it (date_text)",
    "place_variant": "place is a normalised name; an excerpt that uses a variant spelling records it in place_variant",
}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _type(fld: Field) -> str:
    text = fld.type
    if fld.descriptor.get("format") and fld.descriptor["format"] != "default":
        text += f" ({fld.descriptor['format']})"
    return text


def _loads_as(fld: Field) -> str:
    dtype = dtype_for(fld)
    return "category" if not isinstance(dtype, str) else dtype


def _allowed(fld: Field) -> str:
    c = fld.constraints
    parts = []
    if fld.enum is not None:
        parts.append(", ".join(f"`{v}`" for v in fld.enum))
    if "minimum" in c:
        parts.append(f">= {c['minimum']}")
    if "maximum" in c:
        parts.append(f"<= {c['maximum']}")
    if "maxLength" in c:
        parts.append(f"at most {c['maxLength']} characters")
    if "pattern" in c:
        parts.append(f"pattern `{c['pattern']}`")
    if c.get("unique"):
        parts.append("unique")
    if fld.type == "boolean":
        parts.append(" / ".join(f"`{v}`" for v in fld.descriptor.get("trueValues", []) + fld.descriptor.get("falseValues", [])))
    return "; ".join(parts)


def _description(fld: Field) -> str:
    text = fld.description
    check = fld.descriptor.get("inExcerpt")
    if check:
        text += " Must appear in the row's excerpt" + (" (digits, grouped digits or number words)." if check == "number" else ".")
    if fld.descriptor.get("verbatim"):
        text += " Checked verbatim against the document's source text."
    return text


def _resource(res: Resource) -> list[str]:
    lines = [f"### `{res.name}`: {res.descriptor.get('title', res.name)}", "", res.descriptor.get("description", ""), ""]
    facts = [f"File: `data/{res.path}`.", "Primary key: " + ", ".join(f"`{k}`" for k in res.primary_key) + "."]
    if res.foreign_keys:
        facts.append("Foreign keys: " + "; ".join(f"`{own}` → `{ref}.{field}`" for own, ref, field in res.foreign_keys) + ".")
    if res.row_rules:
        facts.append("Row rules: " + "; ".join(f"`{r}` ({ROW_RULES.get(r, 'see analysis.data.schema_checks')})"
                                               for r in res.row_rules) + ".")
    prov = res.provenance
    if prov:
        facts.append(f"Provenance: `{prov['excerpt']}` occurs verbatim in the source text of `{prov['document']}`.")
    lines += [" ".join(facts), ""]
    lines.append("| Field | Type | Loads as | Unit | Required | Allowed values | Description |")
    lines.append("|---|---|---|---|---|---|---|")
    for fld in res.fields:
        lines.append("| " + " | ".join([
            f"`{fld.name}`", _type(fld), _loads_as(fld), _cell(str(fld.descriptor.get("unit", ""))),
            "yes" if fld.required else "", _cell(_allowed(fld)), _cell(_description(fld)),
        ]) + " |")
    lines.append("")
    return lines


def render(package: Package) -> str:
    """The dictionary as Markdown, markers included."""
    lines = [
        START,
        "<!-- Generated from data/datapackage.json by `python -m analysis dictionary --write`: do not edit by hand. -->",
        "",
        f"Package `{package.descriptor.get('name', '')}`, version {package.descriptor.get('version', '')}: "
        f"{len(package.resources)} tables, CSV in UTF-8 with a header row, one observation per row. "
        "An empty cell is a missing value.",
        "",
        "| Table | Title |",
        "|---|---|",
        *[f"| `{r.name}` | {_cell(r.descriptor.get('title', ''))} |" for r in package.resources],
        "",
    ]
    for res in package.resources:
        lines += _resource(res)
    lines.append(END)
    return "\n".join(lines)


def replace_section(readme: str, section: str) -> str:
    """The file's text with the generated section between the markers (appended when absent)."""
    if START in readme and END in readme:
        before, rest = readme.split(START, 1)
        _, after = rest.split(END, 1)
        return before + section + after
    return readme.rstrip("\n") + "\n\n## Data dictionary\n\n" + section + "\n"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Print the data dictionary generated from datapackage.json, or write/check it in "
                          "docs/data-dictionary.md.")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help="replace the section between the file's markers")
    mode.add_argument("--check", action="store_true", help="exit 1 when the file differs from the generated text")
    parser.add_argument("--data", metavar="DIR", help=f"data folder (default: ${paths.DATA_ENV} or <repo>/data)")
    parser.add_argument("--file", metavar="FILE", help=f"the file to write or check (default: <repo>/{DICTIONARY})")


def run(args: argparse.Namespace) -> int:
    package = read_package(paths.data_dir(args.data))
    section = render(package)
    if not (args.write or args.check):
        print(section)
        return 0
    readme = Path(args.file) if args.file else paths.REPO_ROOT / DICTIONARY
    current = readme.read_text(encoding="utf-8") if readme.exists() else ""
    wanted = replace_section(current, section)
    if args.check:
        if current != wanted:
            print(f"{readme}: the data dictionary differs from datapackage.json: "
                  "run `python -m analysis dictionary --write`", file=sys.stderr)
            return 1
        print(f"{readme}: data dictionary up to date")
        return 0
    if current != wanted:
        atomic_write_bytes(readme, wanted.encode("utf-8"))
        print(f"{readme}: data dictionary written")
    else:
        print(f"{readme}: data dictionary already up to date")
    return 0

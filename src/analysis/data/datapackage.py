"""The data package as the code sees it: datapackage.json descriptors and raw CSV tables.

datapackage.json is the one source of truth for the schema; this module only reads it. Tables are
read as text exactly as stored (no type guessing), keeping each row's line number in the file so
that every problem can point at `file:line`.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["Field", "Package", "Problem", "RawTable", "Resource", "read_package", "read_table"]

HEADER_LINE = 1


@dataclass(frozen=True)
class Problem:
    """One broken rule, printed on one line: `file:row: column: value 'X': rule`.

    `row` is the line number in the CSV file: the header is line 1, the first data row line 2.
    Problems about the whole file use the header line.
    """

    file: str
    row: int
    column: str
    value: str
    rule: str

    def __str__(self) -> str:
        value = self.value if len(self.value) <= 80 else self.value[:77] + "..."
        value = value.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("'", "\\'")
        return f"{self.file}:{self.row}: {self.column}: value '{value}': {self.rule}"


@dataclass(frozen=True)
class Field:
    """One column of a table as declared in datapackage.json."""

    descriptor: dict[str, Any]

    @property
    def name(self) -> str:
        return str(self.descriptor["name"])

    @property
    def type(self) -> str:
        return str(self.descriptor.get("type", "string"))

    @property
    def constraints(self) -> dict[str, Any]:
        return dict(self.descriptor.get("constraints", {}))

    @property
    def required(self) -> bool:
        return bool(self.constraints.get("required", False))

    @property
    def enum(self) -> list[str] | None:
        values = self.constraints.get("enum")
        return [str(v) for v in values] if values is not None else None

    @property
    def description(self) -> str:
        return str(self.descriptor.get("description", ""))


@dataclass(frozen=True)
class Resource:
    """One table: its file, fields, keys and the project's own rules (rowRules, provenance)."""

    descriptor: dict[str, Any]

    @property
    def name(self) -> str:
        return str(self.descriptor["name"])

    @property
    def path(self) -> str:
        return str(self.descriptor["path"])

    @property
    def schema(self) -> dict[str, Any]:
        return dict(self.descriptor.get("schema", {}))

    @property
    def fields(self) -> list[Field]:
        return [Field(f) for f in self.schema.get("fields", [])]

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)

    @property
    def primary_key(self) -> list[str]:
        pk = self.schema.get("primaryKey", [])
        return [pk] if isinstance(pk, str) else list(pk)

    @property
    def foreign_keys(self) -> list[tuple[str, str, str]]:
        """(field, referenced resource, referenced field); a self-reference names this resource."""
        out = []
        for fk in self.schema.get("foreignKeys", []):
            fields = fk["fields"]
            ref = fk["reference"]
            ref_fields = ref["fields"]
            fields = [fields] if isinstance(fields, str) else fields
            ref_fields = [ref_fields] if isinstance(ref_fields, str) else ref_fields
            for own, other in zip(fields, ref_fields):
                out.append((own, ref["resource"] or self.name, other))
        return out

    @property
    def row_rules(self) -> list[str]:
        return list(self.descriptor.get("rowRules", []))

    @property
    def provenance(self) -> dict[str, str] | None:
        prov = self.descriptor.get("provenance")
        return dict(prov) if prov else None


@dataclass(frozen=True)
class Package:
    """datapackage.json and the folder it describes."""

    directory: Path
    descriptor: dict[str, Any]

    @property
    def resources(self) -> list[Resource]:
        return [Resource(r) for r in self.descriptor.get("resources", [])]

    def resource(self, name: str) -> Resource:
        for res in self.resources:
            if res.name == name:
                return res
        known = ", ".join(r.name for r in self.resources)
        raise KeyError(f"no table {name!r} in {self.directory / 'datapackage.json'} (tables: {known})")

    def file(self, res: Resource) -> Path:
        return self.directory / res.path


def read_package(directory: Path) -> Package:
    """Read `directory/datapackage.json` (a missing or malformed descriptor raises ValueError)."""
    path = directory / "datapackage.json"
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ValueError(f"{path}: not found: the data folder must hold datapackage.json") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: not valid JSON: {exc}") from exc
    return Package(directory, descriptor)


@dataclass
class RawTable:
    """A CSV file as text cells: header, rows and each row's line number."""

    file: str
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    fatal: bool = False  # True when the file could not be read as a table (missing, empty, not UTF-8)

    def records(self) -> list[tuple[int, dict[str, str]]]:
        """(line, {column: cell}) for every data row, cells keyed by header name."""
        out = []
        for line, row in zip(self.lines, self.rows):
            out.append((line, {name: (row[i] if i < len(row) else "") for i, name in enumerate(self.header)}))
        return out


def _encoding_problem(display: str, data: bytes, exc: UnicodeDecodeError) -> Problem:
    """Point at the line and column holding the first byte that is not UTF-8."""
    line_no = data.count(b"\n", 0, exc.start) + 1
    lines = data.split(b"\n")
    header = next(csv.reader([lines[0].decode("utf-8", errors="replace")]), [])
    bad_line = lines[line_no - 1].decode("utf-8", errors="replace")
    cells = next(csv.reader([bad_line]), [])
    column = "(file)"
    value = bad_line
    for i, cell in enumerate(cells):
        if "\ufffd" in cell:
            column = header[i] if i < len(header) else f"column {i + 1}"
            value = cell
            break
    byte = data[exc.start:exc.start + 1].hex()
    return Problem(display, line_no, column, value, f"not valid UTF-8 (byte 0x{byte}): save the file as UTF-8")


def read_table(path: Path, display: str | None = None) -> RawTable:
    """Read one CSV file as text; problems that stop reading (missing, empty, not UTF-8) are recorded."""
    display = display or str(path)
    table = RawTable(display)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        table.fatal = True
        table.problems.append(Problem(display, HEADER_LINE, "(file)", "", "file missing: datapackage.json lists it"))
        return table
    if not data.strip():
        table.fatal = True
        table.problems.append(Problem(display, HEADER_LINE, "(file)", "", "empty file: expected a header row and data rows"))
        return table
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        table.fatal = True
        table.problems.append(_encoding_problem(display, data, exc))
        return table
    text = text.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    try:
        for row in reader:
            line, start = start, reader.line_num + 1
            if not table.header:
                table.header = row
                continue
            if not any(cell.strip() for cell in row):
                table.problems.append(Problem(display, line, "(row)", "", "blank row"))
                continue
            table.rows.append(row)
            table.lines.append(line)
    except csv.Error as exc:
        table.fatal = True
        table.problems.append(Problem(display, start, "(row)", "", f"malformed CSV: {exc}"))
    return table

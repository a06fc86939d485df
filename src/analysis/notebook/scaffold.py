"""`python -m analysis new-notebook NAME`: start a notebook for a new question in the house structure.

The notebook it writes already passes the structure checks and runs under papermill and in
JupyterLab: a markdown intro with placeholders for the author, the one `parameters` cell with the
contract's literal defaults, then load -> compute -> chart -> summary cells in the theme notebooks'
call pattern (analysis.kit.report), with `analysis.notebook.explore` where a theme module would stand: its generic
table, chart and summary are what the author replaces with the theme's own.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import sys
import unicodedata
from pathlib import Path

import nbformat

from analysis.core.atomic_files import atomic_create_bytes
from analysis.notebook.notebook_checks import (
    CONTRACT_DEFAULTS,
    KERNEL_DISPLAY_NAME,
    KERNEL_LANGUAGE,
    KERNEL_NAME,
    PARAMETERS_TAG,
)
from analysis.core.paths import REPO_ROOT, data_dir

DEFAULT_DIR = REPO_ROOT / "notebooks"
DEFAULT_TABLE = "upr_2010_outcome"
PLACEHOLDER = "TODO(author)"
MAX_SLUG_LENGTH = 40
_NUMBERED = re.compile(r"^(\d+)_(.+)\.ipynb$")


class ScaffoldError(ValueError):
    """The notebook cannot be created as asked; nothing was written."""


def slugify(name: str) -> str:
    """File-name part of a notebook: lower-case ASCII words joined by "_" ("Detention counts" -> "detention_counts").

    Accents are dropped; the name must start with a letter (the number prefix is assigned, not given).
    """
    text = name.strip()
    if text.lower().endswith(".ipynb"):
        text = text[: -len(".ipynb")]
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")
    if not slug:
        raise ScaffoldError(f"notebook name {name!r} has no Latin letters or digits; use an English name")
    if not slug[0].isalpha():
        raise ScaffoldError(
            f"notebook name {name!r} must start with a letter: the number prefix (NN_) is assigned automatically"
        )
    if len(slug) > MAX_SLUG_LENGTH:
        raise ScaffoldError(f"notebook name {slug!r} is longer than {MAX_SLUG_LENGTH} characters; shorten it")
    return slug


def next_number(folder: Path) -> int:
    """One more than the highest NN_ prefix among the folder's notebooks (0 for an empty folder)."""
    numbers = [int(m.group(1)) for p in folder.glob("*.ipynb") if (m := _NUMBERED.match(p.name))]
    return max(numbers, default=-1) + 1


def notebook_filename(folder: Path, slug: str) -> str:
    """`NN_slug.ipynb` with the next free number; refuses a slug that is already taken under any number."""
    for path in sorted(folder.glob("*.ipynb")):
        m = _NUMBERED.match(path.name)
        if path.name == f"{slug}.ipynb" or (m and m.group(2) == slug):
            raise ScaffoldError(f"{path} already exists: choose another name or edit that notebook")
    number = next_number(folder)
    return f"{number:02d}_{slug}.ipynb"


def _title_from(slug: str) -> str:
    words = slug.replace("_", " ")
    return words[:1].upper() + words[1:]


def _parameters_source() -> str:
    lines = [f"{name} = {json.dumps(value, ensure_ascii=False)}" for name, value in CONTRACT_DEFAULTS.items()]
    return "\n".join(lines)


def table_units(table: str, data_folder: Path) -> list[str] | None:
    """Units of a table's rows in data/, most frequent first; None when there is no data package.

    Raises ScaffoldError for a table the data package does not have.
    """
    package = data_folder / "datapackage.json"
    if not package.is_file():
        return None
    resources = {r.get("name"): r for r in json.loads(package.read_text(encoding="utf-8")).get("resources", [])}
    if table not in resources:
        raise ScaffoldError(f"{package} has no table {table!r}; tables: {', '.join(sorted(map(str, resources)))}")
    rows = {name: _read_rows(data_folder / str(r.get("path", f"{name}.csv"))) for name, r in resources.items()}
    if not _holds_numbers(rows[table]):
        numeric = sorted(str(name) for name, (header, _) in rows.items() if _holds_numbers((header, _)))
        raise ScaffoldError(
            f"table {table!r} holds no numbers (no 'value' and 'qualifier' columns) and the new notebook "
            f"charts numbers: start from one of: {', '.join(numeric)}; then write the theme's own cells"
        )
    values = [row["unit"].strip() for row in rows[table][1] if (row.get("unit") or "").strip()]
    return sorted(dict.fromkeys(values), key=lambda u: -values.count(u))


def _read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def _holds_numbers(table: tuple[list[str], list[dict[str, str]]]) -> bool:
    return {"value", "qualifier"} <= set(table[0])


def build_notebook(stem: str, title: str, table: str, units: list[str] | None = None) -> nbformat.NotebookNode:
    """The house-structure notebook for `stem` (file name without .ipynb), without outputs.

    With several `units`, the compute cell keeps the most frequent one (one chart, one unit).
    """
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    q = json.dumps  # Python string literals for the generated code
    intro = "\n".join([
        f"# {title}",
        "",
        f"**Question.** {PLACEHOLDER}: the question of the submission this notebook answers, in one sentence.",
        "",
        f"**Caveats.** {PLACEHOLDER}: what the numbers can and cannot say: who states them (the claimant), "
        "periods shorter than a year, estimates and their method, amounts the source gives only in words "
        "(\"hundreds\"), which are listed but never drawn as numbers.",
        "",
        f"**How to read the chart.** {PLACEHOLDER}: what one bar stands for and how the chart marks "
        "qualified values (approximate, \"at least\", \"as many as\", ranges).",
        "",
        "Run all cells with the defaults below to write the chart and `summary.<lang>.md` to "
        f"`output_dir/{stem}/`; the build runs it again for every parameter set in `params.yaml`.",
    ])
    compute = "rows = explore.tidy(table)\nreport.show_table(rows)"
    if units and len(units) > 1:
        others = ", ".join(units[1:])
        compute = f"rows = explore.tidy(table, unit={q(units[0])})  # also in the table: {others}\nreport.show_table(rows)"
    cells = [
        md(intro),
        code(_parameters_source(), metadata={"tags": [PARAMETERS_TAG]}),
        md(f"## Load\n\nThe validated table this question rests on. {PLACEHOLDER}: pick the table."),
        code(
            "import analysis\n"
            "from analysis.kit import report\n"
            "from analysis.notebook import explore\n"
            "\n"
            f"table = analysis.load({q(table)}, data_dir)\n"
            "documents = analysis.load(\"documents\", data_dir)"
        ),
        md("## Compute\n\nThe tidy table behind the chart: one row per bar, with its qualifier, claimant and locator."),
        code(compute),
        md("## Chart\n\nDrawn, saved in the requested formats and size, and shown as saved."),
        code(
            f"chart = explore.bar_chart(rows, documents, title={q(title)}, lang=lang, size=size)\n"
            f"saved = report.save_charts([chart], output_dir, {q(stem)}, formats, size)\n"
            "report.show_charts(saved)"
        ),
        md("## Summary\n\nPlain-language text for a report or briefing, written to `summary.<lang>.md`."),
        code(
            "text = explore.summary(rows, documents, saved, lang=lang)\n"
            f"report.show_summary(report.write_summary(text, report.notebook_output(output_dir, {q(stem)}), lang))"
        ),
    ]
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata = {
        "kernelspec": {"name": KERNEL_NAME, "display_name": KERNEL_DISPLAY_NAME, "language": KERNEL_LANGUAGE},
        "language_info": {"name": KERNEL_LANGUAGE},
    }
    # nbformat gives new cells random ids; derive them from the position so the file is reproducible.
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"{stem[:50]}-{i:02d}".replace("_", "-")
    nbformat.validate(nb)
    return nb


def write_new(path: Path, text: str) -> None:
    """Write `text` to `path` atomically, refusing to replace an existing file (even one created meanwhile)."""
    try:
        atomic_create_bytes(path, text.encode("utf-8"))
    except FileExistsError:
        raise ScaffoldError(f"{path} already exists: nothing was written") from None


def create_notebook(name: str, folder: Path = DEFAULT_DIR, *, title: str | None = None,
                    table: str = DEFAULT_TABLE, data_folder: Path | None = None) -> Path:
    """Create `folder/NN_<slug>.ipynb` and return its path (`data_folder`: default data/)."""
    slug = slugify(name)
    if not re.fullmatch(r"[a-z][a-z0-9_]*", table):
        raise ScaffoldError(f"table name {table!r} is not a table name (lower-case letters, digits, _)")
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise ScaffoldError(f"{folder} is not a folder")
    units = table_units(table, data_dir() if data_folder is None else Path(data_folder))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / notebook_filename(folder, slug)
    nb = build_notebook(path.stem, (title or _title_from(slug)).strip(), table, units)
    write_new(path, nbformat.writes(nb) + "\n")
    return path


def params_hint(path: Path) -> str:
    """How to add the notebook to the build config (`notebooks/params.yaml` lists notebook stems)."""
    config = path.parent / "params.yaml"
    sets = ""
    try:
        import yaml

        data = yaml.safe_load(config.read_text(encoding="utf-8")) if config.is_file() else None
        if isinstance(data, dict) and isinstance(data.get("sets"), dict):
            sets = f" ({', '.join(map(str, data['sets']))})"
    except (OSError, ValueError, ImportError):  # a broken config is the build's to report
        pass
    return "\n".join([
        f"To build it with `make figures` in every parameter set{sets}, add its name to the",
        f"`notebooks:` list in {config}:",
        "    notebooks:",
        "      ...",
        f"      - {path.stem}",
        f"First replace the {PLACEHOLDER} placeholders, the table and the generic cells with the theme's",
        "own analysis, and move the chart title into the locale catalogues (src/analysis/words/locales/en|ru)",
        "so that the Russian set is Russian throughout.",
    ])


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", help="what the notebook is about, in English words (e.g. 'detention counts')")
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR, help="notebooks folder (default: notebooks/)")
    parser.add_argument("--title", help="heading and chart title (default: from NAME)")
    parser.add_argument("--table", default=DEFAULT_TABLE,
                        help=f"data table the notebook starts from (default: {DEFAULT_TABLE})")


def run(args: argparse.Namespace) -> int:
    try:
        path = create_notebook(args.name, args.dir, title=args.title, table=args.table)
    except ScaffoldError as exc:
        print(f"new-notebook: {exc}", file=sys.stderr)
        return 1
    shown = os.path.relpath(path) if Path.cwd() in path.resolve().parents else str(path)
    print(f"Created {shown}")
    print(params_hint(path))
    return 0

"""A small, self-contained project for the build's tests: two notebooks, one data file, one package.

It has the layout and the notebook contract of the real project (parameters cell, outputs under
`output_dir/<stem>/`, a `<chart>.json` sidecar per figure, `summary.<lang>.md`) but draws with plain
matplotlib, so the build can be tested while the real notebooks and chart kit change.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

KERNEL = "kazakhstan-upr"

PACKAGE_SOURCE = '''\
"""Helpers the mini project's notebooks call (its "package code")."""

import csv
import hashlib
import json
import os
from pathlib import Path

import matplotlib

SIZES = {"web": (6.4, 3.6, 100), "print-double": (183 / 25.4, 100 / 25.4, 300)}
LABELS = {"en": ("Value", "Values by year"), "ru": ("Значение", "Значения по годам")}


def read_rows(data_dir):
    with open(os.path.join(data_dir, "values.csv"), encoding="utf-8") as fh:
        return [{"year": r["year"], "value": int(r["value"])} for r in csv.DictReader(fh)]


def bar_chart(rows, lang, size):
    import matplotlib.pyplot as plt

    width, height, dpi = SIZES[size]
    fig, ax = plt.subplots(figsize=(width, height), dpi=dpi)
    ax.bar([r["year"] for r in rows], [r["value"] for r in rows], color="#0072B2")
    ax.set_ylabel(LABELS[lang][0])
    ax.set_title(LABELS[lang][1], loc="left")
    return fig


def _atomic_write(path, data):
    tmp = path.with_name("." + path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def save(fig, output_dir, notebook, name, *, formats, size, title, alt_text, source):
    import io

    folder = Path(output_dir) / notebook
    folder.mkdir(parents=True, exist_ok=True)
    width, height, dpi = SIZES[size]
    salt = hashlib.sha256(f"{name}{title}{size}".encode()).hexdigest()[:16]
    meta = {"svg": {"Date": None, "Title": title}, "pdf": {"CreationDate": None, "ModDate": None, "Title": title},
            "png": {"Software": None, "Title": title}}
    for fmt in formats:
        buf = io.BytesIO()
        with matplotlib.rc_context({"svg.hashsalt": salt, "svg.fonttype": "path", "pdf.fonttype": 42}):
            fig.savefig(buf, format=fmt, dpi=dpi, metadata=meta[fmt])
        _atomic_write(folder / f"{name}.{fmt}", buf.getvalue())
    sidecar = {
        "title": title, "subtitle": "", "alt_text": alt_text, "source": source, "notes": [],
        "size": size, "width_mm": round(width * 25.4, 1), "height_mm": round(height * 25.4, 1),
        "width_px": int(width * dpi), "height_px": int(height * dpi), "dpi": dpi,
        "files": {fmt: f"{name}.{fmt}" for fmt in formats},
    }
    text = json.dumps(sidecar, ensure_ascii=False, indent=2, sort_keys=True) + "\\n"
    _atomic_write(folder / f"{name}.json", text.encode("utf-8"))
    return sidecar


def write_summary(output_dir, notebook, lang, text):
    folder = Path(output_dir) / notebook
    folder.mkdir(parents=True, exist_ok=True)
    _atomic_write(folder / f"summary.{lang}.md", text.encode("utf-8"))
'''

PARAMETERS_CELL = (
    'data_dir = "../data"\n'
    'output_dir = "../figures/en"\n'
    'formats = ["svg", "png"]\n'
    'size = "web"\n'
    'lang = "en"'
)

TITLES = {"alpha": ("Alpha values", "Значения альфа"), "beta": ("Beta totals", "Итоги бета")}


def chart_notebook_cells(stem: str) -> list[tuple[str, str]]:
    """(cell type, source) pairs of a fixture notebook that draws one chart and writes a summary."""
    en, ru = TITLES.get(stem, (stem.title(), stem.title()))
    return [
        ("markdown", f"# {en}\n\nA fixture notebook for the build's tests."),
        ("parameters", PARAMETERS_CELL),
        ("code", textwrap.dedent(f'''\
            import sys
            sys.path.insert(0, "../src")
            import minichart
            from IPython.display import Markdown, display
            rows = minichart.read_rows(data_dir)
            title = {{"en": {en!r}, "ru": {ru!r}}}[lang]
            print(f"{{len(rows)}} rows read from", "values.csv")
            rows[:2]''')),
        ("code", textwrap.dedent(f'''\
            fig = minichart.bar_chart(rows, lang, size)
            total = sum(r["value"] for r in rows)
            alt = f"Bar chart of {{len(rows)}} yearly values totalling {{total}}."
            sidecar = minichart.save(fig, output_dir, {stem!r}, "values", formats=formats, size=size,
                                     title=title, alt_text=alt, source="Source: fixture data, values.csv")''')),
        ("code", textwrap.dedent(f'''\
            summary = f"# {{title}}\\n\\nThe values total {{total}}.\\n\\n![{{alt}}](values.png)\\n"
            minichart.write_summary(output_dir, {stem!r}, lang, summary)
            display(Markdown(summary))''')),
    ]


def write_notebook(path: Path, cells: Sequence[tuple[str, str]], kernel: str = KERNEL) -> Path:
    """Write a notebook; a cell type "parameters" is a code cell tagged `parameters`."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": kernel, "display_name": "Python (kazakhstan-upr)", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    for index, (kind, source) in enumerate(cells):
        if kind == "markdown":
            cell = nbformat.v4.new_markdown_cell(source)
        else:
            cell = nbformat.v4.new_code_cell(source)
            if kind == "parameters":
                cell.metadata["tags"] = ["parameters"]
        cell["id"] = f"cell-{index}"
        nb.cells.append(cell)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(nbformat.writes(nb) + "\n", encoding="utf-8")
    return path


CONFIG = """\
# Build configuration of the test project (same shape as the real notebooks/params.yaml).
notebook_dir: notebooks
data_dir: data
output_dir: figures
build_dir: build
kernel: kazakhstan-upr
# Its plain-matplotlib charts have no claims ledger (the real project's texts do).
check_ledgers: false
code:
  - src/minichart
notebooks:
{notebooks}
sets:
  en:
    output: en
    parameters: {{lang: en, size: web, formats: [svg, png]}}
  ru:
    output: ru
    parameters: {{lang: ru, size: web, formats: [svg, png]}}
  print:
    output: print
    parameters: {{lang: en, size: print-double, formats: [pdf, png]}}
"""


@dataclass
class MiniProject:
    """A written mini project and how to run the build on it."""

    root: Path

    @property
    def config(self) -> Path:
        return self.root / "notebooks" / "params.yaml"

    @property
    def figures(self) -> Path:
        return self.root / "figures"

    @property
    def build_dir(self) -> Path:
        return self.root / "build"

    def notebook(self, stem: str) -> Path:
        return self.root / "notebooks" / f"{stem}.ipynb"

    def command(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "analysis", "build", "--project", str(self.root), *args]

    def build(self, *args: str, env: dict[str, str] | None = None, timeout: float = 300,
              check: bool = False) -> subprocess.CompletedProcess[str]:
        full_env = {**os.environ, **(env or {})}
        done = subprocess.run(self.command(*args), capture_output=True, text=True, env=full_env,
                              timeout=timeout)
        if check and done.returncode != 0:
            raise AssertionError(f"build failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
        return done

    def write_data(self, values: dict[str, int]) -> None:
        lines = ["year,value"] + [f"{year},{value}" for year, value in values.items()]
        (self.root / "data" / "values.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_mini_project(root: Path, stems: Sequence[str] = ("alpha", "beta"),
                       sets: Sequence[str] | None = None) -> MiniProject:
    """Create the project under `root` (notebooks, data, package, config) and return it."""
    project = MiniProject(root)
    (root / "data").mkdir(parents=True, exist_ok=True)
    project.write_data({"2011": 3, "2012": 5, "2013": 4})
    package = root / "src" / "minichart"
    package.mkdir(parents=True, exist_ok=True)
    (package / "__init__.py").write_text(PACKAGE_SOURCE, encoding="utf-8")
    for stem in stems:
        write_notebook(project.notebook(stem), chart_notebook_cells(stem))
    config = CONFIG.format(notebooks="\n".join(f"  - {stem}" for stem in stems))
    if sets is not None:
        import yaml

        data = yaml.safe_load(config)
        data["sets"] = {name: data["sets"][name] for name in sets}
        config = json.dumps(data, indent=2) + "\n"
    project.config.write_text(config, encoding="utf-8")
    return project


def runs_with(stdout: str, label: str) -> set[str]:
    """Run ids whose status line starts with `label` ("ok", "up to date", "FAILED", "MISSING")."""
    found = set()
    for line in stdout.splitlines():
        match = re.match(r"^\s*(?:\[\s*\d+/\d+\]\s+)?(ok|up to date|FAILED|MISSING)\s+(\S+)", line)
        if match and match.group(1) == label:
            found.add(match.group(2))
    return found

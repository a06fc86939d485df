"""`figures/manifest.json`: every figure and summary the build made, with what made it.

Read from the output folder itself (the chart kit's `<chart>.json` sidecars and the
`summary.<lang>.md` files), so it always describes the files that are there, including those of
runs skipped as up to date. Each figure lists its files: its images, its data (`csv`) and its page
(`html`, written here by analysis.build.figure_page from the sidecars, after the runs). Deterministic:
sorted, relative paths, no timestamps; two builds of the same inputs give the same bytes.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from analysis.build.build_config import BuildConfig, Run
from analysis.core.file_digest import sha256_of
from analysis.data.data_check import Provenance

MANIFEST_NAME = "manifest.json"
MANIFEST_VERSION = 1
SIDECAR_FIELDS = ("title", "subtitle", "alt_text", "source", "notes", "size", "width_mm", "height_mm",
                  "width_px", "height_px", "dpi")
_SUMMARY = re.compile(r"^summary\.([A-Za-z-]+)\.md$")
_BRIEFING = re.compile(r"^briefing\.([A-Za-z-]+)\.pdf$")


def png_size(path: Path) -> tuple[int, int] | None:
    """Width and height of a PNG (Pillow, installed with matplotlib, reads only its header); None
    for a file that is missing or not a PNG."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            return image.size if image.format == "PNG" else None
    except (OSError, UnidentifiedImageError):
        return None


def _file_entry(root: Path, path: Path) -> dict[str, Any]:
    return {"path": path.relative_to(root).as_posix(), "sha256": sha256_of(path), "bytes": path.stat().st_size}


def _first_heading(path: Path) -> str:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return ""


def _run_context(config: BuildConfig, run: Run) -> dict[str, Any]:
    return {
        "set": run.pset.name,
        "lang": run.pset.lang,
        "theme": run.stem,
        "notebook": config.relative(run.notebook),
        "parameters": dict(run.pset.parameters),
    }


def collect_run(config: BuildConfig, run: Run) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[str]]:
    """(figures, summaries, problems) of one run's folder in the output."""
    root = config.output_dir
    folder = root / run.output_subdir
    figures: list[dict[str, Any]] = []
    summaries: list[dict[str, Any]] = []
    problems: list[str] = []
    if not folder.is_dir():
        return figures, summaries, problems
    for sidecar_path in sorted(folder.glob("*.json")):
        try:
            sidecar = json.loads(sidecar_path.read_text(encoding="utf-8"))
        except ValueError as exc:
            problems.append(f"{sidecar_path.relative_to(root)}: not valid JSON ({exc})")
            continue
        if not isinstance(sidecar, dict) or not isinstance(sidecar.get("files"), dict):
            continue  # a data file or a summary's ledger, not a figure's sidecar
        chart = sidecar_path.stem
        entry: dict[str, Any] = {
            "id": f"{run.pset.name}/{run.stem}/{chart}",
            "chart": chart,
            **_run_context(config, run),
            **{key: sidecar.get(key) for key in SIDECAR_FIELDS},
            "sidecar": _file_entry(root, sidecar_path),
            "files": {},
        }
        for fmt, name in sorted(sidecar["files"].items()):
            path = folder / str(name)
            if not path.is_file():
                problems.append(f"{sidecar_path.relative_to(root)}: lists {name}, which is missing")
                continue
            entry["files"][fmt] = _file_entry(root, path)
            if fmt == "png":
                size = png_size(path)
                if size is not None:
                    entry["width_px"], entry["height_px"] = size
        figures.append(entry)
    for path in sorted(folder.glob("summary.*.md")):
        match = _SUMMARY.match(path.name)
        if not match:
            continue
        entry = {
            "id": f"{run.pset.name}/{run.stem}/{path.stem}",
            **_run_context(config, run),
            "lang": match.group(1),
            "title": _first_heading(path),
            "file": _file_entry(root, path),
        }
        ledger = path.with_name(f"{path.stem}.claims.json")
        if ledger.is_file():
            entry["claims"] = _file_entry(root, ledger)  # its claims ledger (analysis.words.ledger)
        summaries.append(entry)
    return figures, summaries, problems


def collect_briefings(root: Path) -> list[dict[str, Any]]:
    """The briefing PDFs at the top of the output folder (analysis.build.briefing), each with its ledger."""
    out = []
    for path in sorted(root.glob("briefing.*.pdf")):
        match = _BRIEFING.match(path.name)
        if not match:
            continue
        entry: dict[str, Any] = {"id": path.stem, "lang": match.group(1), "file": _file_entry(root, path)}
        ledger = path.with_name(f"{path.stem}.claims.json")
        if ledger.is_file():
            entry["claims"] = _file_entry(root, ledger)
        out.append(entry)
    return out


def build_manifest(config: BuildConfig, *, pages: bool = True,
                   provenance: Provenance | None = None) -> tuple[dict[str, Any], list[str]]:
    """The manifest of everything in the output folder for the configured runs, and any problems.

    With `pages`, first (re)writes each figure's page `<chart>.html` (analysis.build.figure_page), each
    atomically and only when its bytes change, and lists it among the figure's files. `provenance`
    (the build's data check) is recorded as the manifest's `provenance` and said on every page."""
    published = provenance.published() if provenance is not None else None
    figures: list[dict[str, Any]] = []
    summaries: list[dict[str, Any]] = []
    problems: list[str] = []
    other_files: list[dict[str, Any]] = []
    collected = []
    for run in config.runs():
        f, s, p = collect_run(config, run)
        figures.extend(f)
        summaries.extend(s)
        problems.extend(p)
        collected.append((run, f, s))
    if pages:
        from analysis.build import figure_page
        from analysis.build.build_files import write_if_changed

        scratch = config.build_dir / "tmp"
        citation = figure_page.read_citation(config.root, config.data_dir)
        problems.extend(figure_page.publish_pages(config.output_dir, figures, citation,
                                                  lambda path, data: write_if_changed(path, data, scratch),
                                                  provenance=published))
    for run, f, s in collected:
        folder = config.output_dir / run.output_subdir
        listed = {e["sidecar"]["path"] for e in f} | {v["path"] for e in f for v in e["files"].values()} | {
            e["file"]["path"] for e in s} | {e["claims"]["path"] for e in s if "claims" in e}
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                rel = path.relative_to(config.output_dir).as_posix()
                if path.is_file() and rel not in listed:
                    other_files.append({**_file_entry(config.output_dir, path), "set": run.pset.name,
                                        "theme": run.stem})
    manifest = {
        "version": MANIFEST_VERSION,
        "description": "Every figure and summary in this folder; paths are relative to this file.",
        "sets": {s.name: {"output": s.output, "lang": s.lang, "parameters": dict(s.parameters)}
                 for s in config.sets},
        "notebooks": [config.relative(config.notebook_dir / f"{stem}.ipynb") for stem in config.notebooks],
        "figures": sorted(figures, key=lambda e: e["id"]),
        "summaries": sorted(summaries, key=lambda e: e["id"]),
        "other_files": sorted(other_files, key=lambda e: e["path"]),
    }
    if published is not None:
        manifest["provenance"] = published
    if config.briefing:
        manifest["briefings"] = collect_briefings(config.output_dir)
    return manifest, problems


def manifest_bytes(manifest: dict[str, Any]) -> bytes:
    return (json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")

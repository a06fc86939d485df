"""figures/manifest.json: complete, truthful and deterministic."""

from __future__ import annotations

import hashlib
import json
import re

import pytest

from analysis.build.build_config import load_config
from analysis.build.manifest import build_manifest, manifest_bytes, png_size


def load(folder):
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


@pytest.mark.slow
def test_the_manifest_lists_every_file_with_true_hashes_and_sizes(built_mini):
    manifest = load(built_mini.figures)
    listed = {}
    for figure in manifest["figures"]:
        listed[figure["sidecar"]["path"]] = figure["sidecar"]
        for fmt, entry in figure["files"].items():
            assert entry["path"].endswith(f".{fmt}")
            listed[entry["path"]] = entry
    for summary in manifest["summaries"]:
        listed[summary["file"]["path"]] = summary["file"]
    on_disk = {p.relative_to(built_mini.figures).as_posix() for p in built_mini.figures.rglob("*")
               if p.is_file() and p.name not in ("manifest.json", "index.html")}
    assert set(listed) == on_disk
    for path, entry in listed.items():
        data = (built_mini.figures / path).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["bytes"] == len(data)
    assert manifest["other_files"] == []

    by_id = {f["id"]: f for f in manifest["figures"]}
    assert set(by_id) == {f"{s}/{n}/values" for s in ("en", "ru", "print") for n in ("alpha", "beta")}
    ru = by_id["ru/alpha/values"]
    assert ru["title"] == "Значения альфа" and ru["lang"] == "ru" and ru["set"] == "ru"
    assert ru["alt_text"] == "Bar chart of 3 yearly values totalling 12."
    assert ru["source"] == "Source: fixture data, values.csv"
    assert ru["notebook"] == "notebooks/alpha.ipynb" and ru["theme"] == "alpha"
    assert ru["parameters"] == {"lang": "ru", "size": "web", "formats": ["svg", "png"]}
    assert (ru["width_px"], ru["height_px"]) == png_size(built_mini.figures / ru["files"]["png"]["path"])
    assert ru["width_mm"] == 162.6 and ru["height_mm"] == 91.4
    printed = by_id["print/beta/values"]
    assert set(printed["files"]) == {"pdf", "png", "html"} and printed["size"] == "print-double"  # html: its page
    assert [s["id"] for s in manifest["summaries"]] == sorted(s["id"] for s in manifest["summaries"])
    assert {s["lang"] for s in manifest["summaries"]} == {"en", "ru"}
    assert manifest["sets"]["print"] == {"output": "print", "lang": "en",
                                         "parameters": {"lang": "en", "size": "print-double", "formats": ["pdf", "png"]}}


@pytest.mark.slow
def test_two_builds_of_the_same_inputs_give_the_same_manifest(built_mini, tmp_path):
    first = (built_mini.figures / "manifest.json").read_bytes()
    elsewhere = tmp_path / "elsewhere"
    done = built_mini.build("--output", str(elsewhere), "--build-dir", str(tmp_path / "b2"), "--jobs", "1")
    assert done.returncode == 0, done.stdout + done.stderr
    assert (elsewhere / "manifest.json").read_bytes() == first
    assert (elsewhere / "index.html").read_bytes() == (built_mini.figures / "index.html").read_bytes()
    forced = built_mini.build("--force", "--only", "ru")
    assert forced.returncode == 0
    assert (built_mini.figures / "manifest.json").read_bytes() == first
    text = first.decode("utf-8")
    assert not re.search(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", text)  # no timestamps
    assert str(built_mini.root) not in text and str(tmp_path) not in text  # no absolute paths


def test_the_manifest_is_sorted_and_tolerates_odd_files(mini):
    config = load_config(mini.root)
    folder = mini.figures / "en" / "alpha"
    folder.mkdir(parents=True)
    (folder / "b.json").write_text(json.dumps({"title": "B", "alt_text": "b", "files": {"svg": "b.svg"}}))
    (folder / "b.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (folder / "a.json").write_text(json.dumps({"title": "A", "alt_text": "a", "files": {"png": "a.png"}}))
    (folder / "table.csv").write_text("x\n1\n")
    (folder / "broken.json").write_text("{not json")
    manifest, problems = build_manifest(config)
    assert [f["id"] for f in manifest["figures"]] == ["en/alpha/a", "en/alpha/b"]
    assert manifest["figures"][0]["files"] == {}
    assert any("a.png, which is missing" in p for p in problems)
    assert any("broken.json: not valid JSON" in p for p in problems)
    assert [o["path"] for o in manifest["other_files"]] == ["en/alpha/broken.json", "en/alpha/table.csv"]
    assert manifest_bytes(manifest) == manifest_bytes(build_manifest(config)[0])

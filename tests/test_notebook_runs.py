"""Comparing what two runs of a notebook wrote: names of every file, bytes of SVG, PDF and text
outputs, pixels of PNG (the one promise of support.build_compare)."""

from __future__ import annotations

from pathlib import Path

from support.notebook_runs import output_differences, output_files, stage_project


def _png(colour: str, *, info: str = "") -> bytes:
    """A 2×2 PNG; `info` goes into a text chunk (encoder metadata that must not count)."""
    import io

    from PIL import Image, PngImagePlugin

    meta = PngImagePlugin.PngInfo()
    meta.add_text("Software", info)
    buf = io.BytesIO()
    Image.new("RGB", (2, 2), colour).save(buf, format="PNG", pnginfo=meta)
    return buf.getvalue()


def _tree(root: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


def test_identical_trees_have_no_differences(tmp_path: Path) -> None:
    files = {"02_x/chart.svg": b"<svg/>", "02_x/chart.png": _png("white"), "02_x/summary.en.md": b"# x\n"}
    a, b = _tree(tmp_path / "a", files), _tree(tmp_path / "b", {**files, "02_x/chart.png": _png("white", info="x")})
    assert output_differences(a, b) == []  # PNG metadata differs, pixels do not
    assert sorted(output_files(a)) == sorted(files)


def test_missing_extra_and_changed_files_are_reported(tmp_path: Path) -> None:
    a = _tree(tmp_path / "a", {"x/chart.svg": b"<svg a/>", "x/chart.png": _png("white"), "x/summary.en.md": b"700",
                               "x/chart.json": b"{}", "x/p.pdf": b"%PDF-1"})
    b = _tree(tmp_path / "b", {"x/chart.svg": b"<svg b/>", "x/chart.png": _png("black"), "x/summary.en.md": b"700",
                               "x/chart.pdf": b"%PDF", "x/p.pdf": b"%PDF-2"})
    assert output_differences(a, b) == [
        f"only in {a}: x/chart.json",
        f"only in {b}: x/chart.pdf",
        "pixels differ: x/chart.png",
        "bytes differ: x/chart.svg",
        "bytes differ: x/p.pdf",  # PDF is byte for byte, like SVG
    ]
    assert output_differences(a, b, byte_compared=(".svg", ".png"))[-1] == "bytes differ: x/chart.svg"
    assert "bytes differ: x/chart.png" in output_differences(a, b, byte_compared=(".png",))


def test_two_empty_runs_prove_nothing(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert output_differences(tmp_path / "a", tmp_path / "b") == [
        f"neither {tmp_path / 'a'} nor {tmp_path / 'b'} holds any file"
    ]


def test_staged_project_resolves_default_relative_paths(tmp_path: Path) -> None:
    data = _tree(tmp_path / "real-data", {"datapackage.json": b"{}"})
    notebook = _tree(tmp_path / "src", {"01_x.ipynb": b"{}"}) / "01_x.ipynb"
    folder = stage_project(tmp_path / "stage", [notebook], data_dir=data)
    assert folder == tmp_path / "stage" / "notebooks"
    assert (folder / "01_x.ipynb").read_bytes() == b"{}"
    # "../data" from the notebook's folder is the data folder, read through a link, never copied.
    assert (folder / "../data/datapackage.json").resolve() == (data / "datapackage.json").resolve()
    assert (tmp_path / "stage" / "data").is_symlink()

"""analysis.kit.report: saving a notebook's charts and summary where the parameters say, atomically,
and showing them inline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analysis.words import alt_text, attribution, claims
from analysis.kit import charts, encodings, report


@claims.scoped
def _chart(rows, documents, name: str = "complaints", lang: str = "en", size: str = "web") -> report.Chart:
    fig, ax = charts.new_figure(size)
    encodings.partial_period_bars(ax, rows, lang=lang)
    title = "Torture complaints"
    charts.frame(fig, title=title, subtitle="", source=attribution.source_line(rows, documents, lang))
    alt = alt_text.compose_alt_text(rows, lang=lang, title=title)
    return report.Chart(name, fig, title, alt, rows=rows)


def test_save_charts_writes_each_format_and_sidecar_under_the_notebook_stem(tmp_path, torture_rows, chart_documents,
                                                                          close_figures):
    saved = report.save_charts([_chart(torture_rows, chart_documents)], tmp_path / "out", "01_x", ["svg", "png"], "web")
    folder = tmp_path / "out" / "01_x"
    assert sorted(p.name for p in folder.iterdir()) == ["complaints.csv", "complaints.json", "complaints.png",
                                                        "complaints.svg"]
    [fig] = saved
    assert fig.file() == folder / "complaints.svg"
    assert fig.files["csv"] == folder / "complaints.csv"
    assert fig.file(("pdf",)) is None
    sidecar = json.loads((folder / "complaints.json").read_text(encoding="utf-8"))
    assert sidecar["alt_text"] == fig.alt_text and "662" in fig.alt_text
    assert sidecar["size"] == "web"


def test_save_charts_refuses_bad_arguments_before_writing_anything(tmp_path, torture_rows, chart_documents,
                                                                  close_figures):
    chart = _chart(torture_rows, chart_documents)
    with pytest.raises(ValueError, match="formats"):
        report.save_charts([chart], tmp_path, "01_x", "svg", "web")
    with pytest.raises(ValueError, match="'jpg'"):
        report.save_charts([chart], tmp_path, "01_x", ["svg", "jpg"], "web")
    with pytest.raises(ValueError, match="two charts named complaints"):
        report.save_charts([chart, chart], tmp_path, "01_x", ["svg"], "web")
    assert not (tmp_path / "01_x").exists()
    with pytest.raises(ValueError, match="print-single"):  # drawn at web size
        report.save_charts([chart], tmp_path, "01_x", ["svg"], "print-single")


def test_save_charts_writes_the_rows_drawn_as_csv_before_the_sidecar(tmp_path, torture_rows, chart_documents,
                                                                     close_figures, monkeypatch):
    import csv

    from analysis.kit import export

    order = []
    real = export.atomic_write_bytes
    monkeypatch.setattr(export, "atomic_write_bytes", lambda path, data: (order.append(Path(path).name), real(path, data)))
    [fig] = report.save_charts([_chart(torture_rows, chart_documents)], tmp_path, "01_x", ["svg"], "web")
    assert order == ["complaints.svg", "complaints.csv", "complaints.json"]
    assert fig.sidecar["files"] == {"svg": "complaints.svg", "csv": "complaints.csv"}
    rows = list(csv.DictReader((tmp_path / "01_x" / "complaints.csv").open(encoding="utf-8", newline="")))
    assert list(rows[0]) == ["id", "label", "value", "value_max", "value_text", "unit", "qualifier", "period",
                             "claimant", "document_id", "locator", "excerpt", "ours"]
    assert [r["id"] for r in rows] == list(torture_rows["id"])
    assert [r["value"] for r in rows] == [str(int(v)) for v in torture_rows["value"]]
    assert rows[2]["period"] == "2013-01-01/2013-09-30" and not any(r["ours"] for r in rows)


def test_csv_marks_a_record_of_ours_with_its_method(torture_rows, chart_documents, close_figures):
    import csv
    import io

    ours = torture_rows.head(1).assign(id="count-years", value=3, claimant=None,
                                       derived_from=[list(torture_rows["id"])], method="count of years reported")
    chart = _chart(torture_rows, chart_documents)
    chart.rows = __import__("pandas").concat([torture_rows, ours], ignore_index=True)
    rows = list(csv.DictReader(io.StringIO(report.chart_csv(chart).decode("utf-8"))))
    assert [r["ours"] for r in rows] == ["", "", "", "our count: count of years reported"]


def test_save_charts_checks_every_charts_size_before_writing_any(tmp_path, torture_rows, chart_documents,
                                                                  close_figures):
    """Review defect D5: the second chart drawn at another size used to be refused only after the
    first had been written."""
    first = _chart(torture_rows, chart_documents, name="first")
    second = _chart(torture_rows, chart_documents, name="second", size="print-single")
    with pytest.raises(ValueError, match="print-single"):
        report.save_charts([first, second], tmp_path, "01_x", ["svg", "png"], "web")
    assert not (tmp_path / "01_x").exists() or not any((tmp_path / "01_x").iterdir())


def test_save_charts_refuses_a_chart_composed_without_claims(tmp_path, torture_rows, chart_documents, close_figures):
    chart = _chart.__wrapped__(torture_rows, chart_documents)
    with pytest.raises(ValueError, match="not composed with claims"):
        report.save_charts([chart], tmp_path, "01_x", ["svg"], "web")
    assert not (tmp_path / "01_x").exists()


def test_chart_needs_a_file_name_title_and_alt_text(torture_rows, chart_documents, close_figures):
    fig, _ = charts.new_figure("web")
    with pytest.raises(ValueError, match="file stem"):
        report.Chart("Complaints 2013", fig, "t", "alt")
    with pytest.raises(ValueError, match="alt text is empty"):
        report.Chart("c", fig, "t", "  ")
    with pytest.raises(ValueError, match="title is empty"):
        report.Chart("c", fig, "", "alt")


def test_notebook_output_is_the_stem_folder(tmp_path):
    assert report.notebook_output(tmp_path, "02_zhanaozen") == tmp_path / "02_zhanaozen"
    assert (tmp_path / "02_zhanaozen").is_dir()
    with pytest.raises(ValueError, match="plain file name"):
        report.notebook_output(tmp_path, "../escape")


def test_write_summary_is_atomic_and_named_by_language(tmp_path, monkeypatch):
    first = report.write_summary("# One", tmp_path, "ru")
    assert first.path == tmp_path / "summary.ru.md"
    assert first.path.read_text(encoding="utf-8") == "# One\n"

    def broken(path, data):
        raise OSError("disk full")

    monkeypatch.setattr(report, "atomic_write_bytes", broken)
    with pytest.raises(OSError):
        report.write_summary("# Two", tmp_path, "ru")
    assert first.path.read_text(encoding="utf-8") == "# One\n"
    with pytest.raises(ValueError, match="unknown language"):
        report.write_summary("# x", tmp_path, "de")
    with pytest.raises(ValueError, match="empty"):
        report.write_summary(" ", tmp_path, "en")


def test_summary_renders_images_relative_to_the_working_directory(tmp_path, monkeypatch):
    folder = tmp_path / "figures" / "en" / "01_x"
    folder.mkdir(parents=True)
    summary = report.write_summary("![alt](chart.svg) [pdf](chart.pdf) [web](https://example.org/a)", folder, "en")
    monkeypatch.chdir(tmp_path)
    md = summary._repr_markdown_()
    assert "](figures/en/01_x/chart.svg)" in md and "](figures/en/01_x/chart.pdf)" in md
    assert "](https://example.org/a)" in md
    monkeypatch.chdir(folder)
    assert summary._repr_markdown_() == summary.text


def test_show_helpers_display_tables_files_and_markdown(tmp_path, torture_rows, chart_documents, monkeypatch,
                                                       close_figures):
    shown = []
    monkeypatch.setattr(report, "_display", shown.append)
    saved = report.save_charts([_chart(torture_rows, chart_documents)], tmp_path, "01_x", ["svg", "png"], "web")
    report.show_charts(saved)
    report.show_table(torture_rows)
    report.show_summary("# Title", tmp_path)
    kinds = [type(x).__name__ for x in shown]
    assert kinds == ["ChartImage", "DataFrame", "Markdown"]
    pdf_only = report.save_charts([_chart(torture_rows, chart_documents, name="p")], tmp_path, "01_y", ["pdf"], "web")
    report.show_charts(pdf_only)
    assert type(shown[-1]).__name__ == "Figure"


def test_a_chart_is_shown_with_its_alt_text(tmp_path, torture_rows, chart_documents, close_figures):
    """The display bundle carries the alt text where JupyterLab and nbconvert's HTML read it
    (<img alt>), in the image's metadata and as plain text."""
    import base64
    from html.parser import HTMLParser

    saved = report.save_charts([_chart(torture_rows, chart_documents)], tmp_path, "01_x", ["svg", "png"], "web")
    image = report.chart_image(saved[0])
    data, metadata = image._repr_mimebundle_()
    alt = saved[0].alt_text
    assert alt and data["text/plain"] == alt and metadata == {"image/png": {"alt": alt}}
    assert base64.b64decode(data["image/png"]) == saved[0].files["png"].read_bytes()

    class Imgs(HTMLParser):
        found: list = []

        def handle_starttag(self, tag, attrs):
            if tag == "img":
                self.found.append(dict(attrs))

    parser = Imgs()
    parser.feed(data["text/html"])
    (img,) = parser.found
    assert img["alt"] == alt and img["src"] == "data:image/png;base64," + data["image/png"]
    assert (img["width"], img["height"]) == (str(saved[0].sidecar["width_px"]), str(saved[0].sidecar["height_px"]))
    svg_only = report.save_charts([_chart(torture_rows, chart_documents, name="s")], tmp_path, "01_z", ["svg"], "web")
    data, metadata = report.chart_image(svg_only[0])._repr_mimebundle_()
    assert data["image/svg+xml"].startswith("<?xml") and metadata["image/svg+xml"]["alt"] == svg_only[0].alt_text
    assert 'src="data:image/svg+xml;base64,' in data["text/html"]


def test_a_saved_chart_keeps_the_claims_of_its_texts_as_values(tmp_path):
    """save_charts hands the chart's own claim spans to the summary: the alt text's claims are not
    read back from the sidecar it has just written."""
    from analysis.kit import report
    from analysis.themes import base

    out = base.theme_module("torture").run(base.theme_module("torture").load_tables(), base.Params())
    saved = report.save_charts(out.charts, tmp_path, "01_torture_complaints", ["svg"], "web")
    chart, figure = out.charts[0], saved[0]
    figure.sidecar["claims"] = []  # the sidecar's ledger is not where the spans come from
    assert figure.spans("alt_text") == list(chart.spans["alt_text"]) and figure.spans("alt_text")

"""One module per theme notebook (torture, zhanaozen, media, upr, refoulement, timeline, overview).

Each exposes `NOTEBOOK` (the notebook stem), `load_tables(data_dir)`, compute functions,
`charts(tables, *, lang, size) -> list[report.Chart]`, `summary(tables, figures, *, lang) -> str`
and `key_figures(tables)`; see analysis.report for the notebook call pattern.
"""

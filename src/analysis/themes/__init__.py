"""One module per theme notebook (overview, torture, zhanaozen, media, upr, refoulement, timeline,
outcome), on a shared base (`base`: loading a theme's tables, one colour per theme id, the named
error for a missing table).

Each theme exposes `run(tables, params) -> base.ThemeOutput` (its tables, charts and summary model as
one value; what its notebook, the briefing and the tests call), `NOTEBOOK` (the notebook stem),
`load_tables(data_dir)`, compute functions,
`charts(tables, *, lang, size) -> list[report.Chart]`, `summary(tables, chart_names, *, lang) ->
narrative.DocumentModel` (narrative.markdown renders it) and `key_figures(tables)`; see
analysis.kit.report for the notebook call pattern.
May import: analysis.kit, analysis.words, analysis.data, analysis.core.
"""

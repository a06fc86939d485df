"""The chart kit: house style (house.mplstyle), sizes, palette, the chart frame, encodings,
export in every format, and the output model a theme returns (report: Chart, SavedFigure,
saving charts and summaries, showing them in a notebook).

Holds: style, sizes, palette, charts, encodings, export, report.
May import: analysis.words, analysis.data, analysis.core.
"""

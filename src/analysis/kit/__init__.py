"""The chart kit: house style (house.mplstyle), sizes, palette and its colour-vision checks, the
chart frame, encodings, the lane timeline and pagination, export in every format, and the output
model a theme returns (report: Chart, SavedFigure, saving charts and summaries, showing them in a
notebook). It knows no theme: words, colours and dates come in from the theme that draws.

Holds: style, sizes, palette, charts, encodings, timeline, pages, export, report.
May import: analysis.words, analysis.data, analysis.core.
"""

"""`python -m analysis build`: every notebook for every parameter set, incrementally, and what is
published from the runs: the manifest, the figure pages, the gallery and the briefing PDFs
(templates/).

Holds: builder (the command), build_config, build_state, build_files, build_lock, manifest,
figure_page, gallery, briefing, notebook_worker, notebook_engine.
May import: analysis.themes, analysis.kit, analysis.words, analysis.data, analysis.core.
Never analysis.notebook (a sibling).
"""

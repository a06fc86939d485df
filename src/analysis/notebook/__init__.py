"""What a notebook calls and what checks notebooks: the parameters check, the exploration
helpers, the house-structure checks and the scaffold for a new notebook.

Holds: parameters, explore, notebook_checks, scaffold.
May import: analysis.themes, analysis.kit, analysis.words, analysis.data, analysis.core.
Never analysis.build (a sibling).
"""

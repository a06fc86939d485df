"""Words about the evidence, with no drawing: the claims behind every published number, the
ledger that checks published texts against them, value and source wording, alt text, the
narrative summaries and the language catalogues (locales/).

Holds: claims, ledger, i18n, wording, attribution, alt_text, narrative.
May import: analysis.data, analysis.core. Never matplotlib: a summary can be written without it.
"""

"""The evidence as data: the Frictionless package in data/, its schema and row rules, the checks
against the source documents, the validated loader, the data dictionary and version, and the
UN-record tables read from the UN's PDFs.

Holds: datapackage, schema_checks, provenance, pdf_text, validate, data_check (a check cached by
fingerprint, shared by the build and the loader), frictionless_check (the reference
validator's report in our lines), loader, dictionary, data_version, un_recommendations, un_coding,
un_citations, un_matching.
May import: analysis.core.
"""

"""`python -m analysis validate`: check data/ against datapackage.json and the source text.

Schema checks always run. Provenance checks against the source text (every excerpt verbatim in its
document) need the sources folder (--sources or $ANALYSIS_SOURCES_DIR); without it they are skipped
and the output says so: a skipped check is never reported as passed.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from analysis.core import paths
from analysis.data.datapackage import Package, Problem, read_package, read_table
from analysis.data.provenance import check_sources
from analysis.data.schema_checks import CheckedTable, check_foreign_keys, check_place_variants, check_table

__all__ = ["Report", "configure", "run", "validate_package"]

DOCUMENTS = "documents"


@dataclass
class Report:
    """What a validation run checked and found."""

    data_dir: Path
    sources_dir: Path | None
    tables: dict[str, CheckedTable] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def provenance_checked(self) -> bool:
        return self.sources_dir is not None

    @property
    def rows(self) -> int:
        return sum(len(t.rows) for t in self.tables.values())

    def summary(self) -> str:
        prov = (f"excerpts checked against the source text in {self.sources_dir}" if self.provenance_checked
                else "provenance checks against the source text SKIPPED (no source folder: "
                     f"pass --sources or set ${paths.SOURCES_ENV})")
        verdict = "OK" if self.ok else f"{len(self.problems)} problem{'s' if len(self.problems) != 1 else ''}"
        return f"validate: {verdict}: {len(self.tables)} tables, {self.rows} rows in {self.data_dir}; {prov}"


def _display(path: Path) -> str:
    """A path as the caller gave it (relative stays relative): what they type is what they read."""
    return str(path)


def _closure(package: Package, names: Iterable[str]) -> list[str]:
    """The named tables and every table they reference, in package order."""
    wanted = set(names)
    changed = True
    while changed:
        changed = False
        for name in list(wanted):
            for _, ref, _ in package.resource(name).foreign_keys:
                if ref not in wanted:
                    wanted.add(ref)
                    changed = True
    return [r.name for r in package.resources if r.name in wanted]


def validate_package(
    data_dir: Path, sources_dir: Path | None = None, only: Iterable[str] | None = None
) -> Report:
    """Check the tables of `data_dir` (all, or `only` these and the tables they reference)."""
    report = Report(data_dir, sources_dir)
    try:
        package = read_package(data_dir)
    except ValueError as exc:
        report.problems.append(Problem(_display(data_dir / "datapackage.json"), 1, "(file)", "", str(exc)))
        return report
    names = _closure(package, only) if only is not None else [r.name for r in package.resources]
    for name in names:
        res = package.resource(name)
        checked = check_table(res, read_table(package.file(res), _display(package.file(res))))
        report.tables[name] = checked
        report.problems += checked.problems
    report.problems += check_foreign_keys(package, report.tables)
    report.problems += check_place_variants(report.tables)
    if sources_dir is not None:
        if not sources_dir.is_dir():
            report.problems.append(Problem(_display(sources_dir), 0, "(sources)", str(sources_dir),
                                           "sources folder not found: cannot check excerpts against the source text"))
        else:
            report.problems += check_sources(report.tables, DOCUMENTS, sources_dir)
    return report


def configure(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.description = (
        "Check every table of the data package against datapackage.json (columns, types, required values, closed "
        "lists, non-negative counts, keys, foreign keys, periods, dates) and every excerpt against the source text.\n\n"
        "Each problem is printed on one line as\n"
        "  FILE:ROW: COLUMN: value 'X': RULE\n"
        "where ROW is the line number in the CSV file (the header is line 1, the first data row line 2).\n"
        "Exit status: 0 when no problem is found, 1 otherwise."
    )
    parser.add_argument("--data", metavar="DIR", help=f"data folder (default: ${paths.DATA_ENV} or <repo>/data)")
    parser.add_argument("--sources", metavar="DIR",
                        help=f"folder of source texts (default: ${paths.SOURCES_ENV}); without either, "
                             "checks against the source text are skipped and reported as skipped")
    parser.add_argument("--corpus", action="store_true",
                        help="also check every excerpt of upr_corpus_recommendations on its page of its report in "
                             "the sources' upr-reports/ folder (reads the 303 reports' text; cached under build/)")
    parser.add_argument("--frictionless", action="store_true",
                        help="also run the Frictionless reference validator (frictionless-py) on the package and "
                             "print its errors in the same FILE:ROW: COLUMN form (about 1.5 s more)")


def _check_corpus(data_dir: Path, sources_dir: Path | None) -> bool:
    """The UPR corpus's excerpts on their pages of the 303 reports (sources/upr-reports/).

    Behind --corpus: it reads the text of every report (cached), some seconds that every other
    validation, and the loader, need not spend."""
    from analysis.data.upr_corpus import excerpt_problems

    reports = sources_dir / "upr-reports" if sources_dir is not None else None
    if reports is None or not reports.is_dir():
        print(f"validate: UPR corpus excerpts SKIPPED: no folder {reports or '<sources>/upr-reports'}", file=sys.stderr)
        return True
    found = excerpt_problems(data_dir, reports)
    for problem in found:
        print(problem)
    print(f"validate: UPR corpus excerpts against {reports}: {'OK' if not found else f'{len(found)} problem(s)'}",
          file=sys.stderr)
    return not found


def run(args: argparse.Namespace) -> int:
    data_dir = paths.data_dir(args.data)
    sources_dir = paths.sources_dir(args.sources)
    if sources_dir is None:
        print(f"validate: provenance checks against the source text SKIPPED: no source folder "
              f"(pass --sources DIR or set {paths.SOURCES_ENV})", file=sys.stderr)
    report = validate_package(data_dir, sources_dir)
    for problem in report.problems:
        print(problem)
    corpus_ok = True
    if getattr(args, "corpus", False):
        corpus_ok = _check_corpus(data_dir, sources_dir)
    print(report.summary())
    reference_ok = True
    if getattr(args, "frictionless", False):
        from analysis.data.frictionless_check import frictionless_problems

        found = frictionless_problems(data_dir)
        for problem in found:
            print(problem)
        reference_ok = not found
        print(f"validate: frictionless (reference validator): {'OK' if reference_ok else f'{len(found)} problem(s)'}")
    sys.stdout.flush()
    return 0 if report.ok and reference_ok and corpus_ok else 1


if __name__ == "__main__":  # pragma: no cover
    _parser = argparse.ArgumentParser(prog="python -m analysis.data.validate", description=__doc__.splitlines()[0])
    configure(_parser)
    raise SystemExit(run(_parser.parse_args()))

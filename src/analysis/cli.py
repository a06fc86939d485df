"""`python -m analysis COMMAND`: one entry point, each command in its own module.

A command module exposes `configure(parser)` to add its options and `run(args) -> int`.
Modules are imported only when their command runs, so `--help` and light commands stay fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

COMMANDS: dict[str, tuple[str, str]] = {
    "validate": ("analysis.data.validate", "check data/ against its schema and the source text"),
    "dictionary": ("analysis.data.dictionary", "print or write the README's data dictionary"),
    "data-version": ("analysis.data.data_version", "check or record the data's version, changelog entry and fingerprint"),
    "upr-corpus": ("analysis.data.upr_corpus", "parse every UPR Working Group report in a folder, one row per recommendation"),
    "build": ("analysis.build.builder", "run every notebook for every parameter set into figures/"),
    "new-notebook": ("analysis.notebook.scaffold", "create a notebook with the house structure"),
    "briefing": ("analysis.build.briefing", "typeset the A4 briefing PDF of each language from the built print sets"),
}


def _parser() -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    subparsers = {
        name: sub.add_parser(name, help=help_text, description=help_text)
        for name, (_, help_text) in COMMANDS.items()
    }
    return parser, subparsers


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser, subparsers = _parser()
    command = next((a for a in argv if not a.startswith("-")), None)
    if command in COMMANDS:
        module = importlib.import_module(COMMANDS[command][0])
        module.configure(subparsers[command])
    args = parser.parse_args(argv)
    module = importlib.import_module(COMMANDS[args.command][0])
    return int(module.run(args) or 0)

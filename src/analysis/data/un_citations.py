"""The submission's citations of the 2010 review, checked against the record A/HRC/14/10 itself.

Why: the submission cites 22 recommendations of the first review by bare number and State
("77 (Republic of Korea)") and says Kazakhstan "accepted" them; A/HRC/14/10 prints them in two
lists, para. 95 (they "enjoy the support of Kazakhstan") and para. 97 (they "will be examined",
answered in A/HRC/14/10/Add.1, which the project does not hold). Each document's statement is kept
as that document's: the tables set them side by side and never reconcile one with the other.

- `citations_table` resolves each citation (upr_2010_cited_recommendations) to one recommendation
  by number and State (un_recommendations.resolve_citation); several matches are "ambiguous" and
  none "not found", never a guess. It writes data/upr_citations.csv.
- `record_counts` derives what A/HRC/14/10 records from the rows of upr_recommendations: no count
  is typed anywhere. data/upr_2010_record.csv holds only the report's own words for each list
  (paragraph lead-ins, with page), which validate checks on that page of the PDF.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from analysis.core import paths
from .un_recommendations import resolve_citation, write_or_check

SUBMISSION = "ai-upr-2014-kazakhstan"
# The sentence of the submission that each endnote supports (its words, markup removed) and where it is.
CLAIMS: dict[int, tuple[str, str]] = {
    2: ("The government also accepted recommendations to decriminalize defamation and slander.",
        "Follow up to the previous review: Freedom of expression"),
    3: ("accepted recommendations to improve safeguards against torture in all detention facilities and to "
        "“continue to apply a zero-tolerance approach to torture and other cruel, inhuman or degrading "
        "treatment or punishment”",
        "Follow up to the previous review: Torture and other ill-treatment"),
    6: ("Despite accepting recommendations to ensure that the non-refoulement principle is upheld",
        "Follow up to the previous review: Violation of non-refoulement obligations"),
}
COLUMNS = ["id", "endnote", "number_as_cited", "state_as_cited", "status", "recommendation_id", "number",
           "un_response", "un_text", "claim", "document_id", "locator"]


def _read(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / name, dtype=str, keep_default_na=False)


def citations_table(cited: pd.DataFrame, recommendations: pd.DataFrame) -> pd.DataFrame:
    """One row per citation: as the submission gives it, what it resolves to, and the UN's text beside the claim."""
    by_id = recommendations.set_index("id")
    rows = []
    for c in cited.itertuples(index=False):
        ids = resolve_citation(int(c.recommendation_number), c.recommending_state, recommendations)
        status = "resolved" if len(ids) == 1 else ("ambiguous" if ids else "not found")
        rec = by_id.loc[ids[0]] if len(ids) == 1 else None
        claim, locator = CLAIMS[int(c.endnote)]
        rows.append({
            "id": c.id, "endnote": c.endnote, "number_as_cited": c.recommendation_number,
            "state_as_cited": c.recommending_state, "status": status,
            "recommendation_id": ids[0] if rec is not None else "",
            "number": rec["number"] if rec is not None else "",
            "un_response": rec["response"] if rec is not None else "",
            "un_text": rec["text"] if rec is not None else ("; ".join(ids) if ids else ""),
            "claim": claim, "document_id": SUBMISSION, "locator": locator,
        })
    return pd.DataFrame(rows, columns=COLUMNS)


def record_counts(rows: pd.DataFrame) -> dict[str, int]:
    """What A/HRC/14/10 records of the 2010 review, counted from the recommendation rows (never typed).

    made: every recommendation of the report; supported_para_95: the list that "enjoy the support of
    Kazakhstan"; of_which_considered_implemented_para_96: those para. 96 lists as "already implemented
    or ... in the process of implementation"; to_be_examined_para_97: those answered later (Add.1).
    The report records no recommendation as rejected.
    """
    first = rows[rows["review"].astype(int) == 2010]
    paragraph = first["paragraph"].astype(int)
    implemented = first["considered_implemented_2010"].astype(str).str.lower() == "true"
    return {
        "made": len(first),
        "supported_para_95": int((paragraph == 95).sum()),
        "of_which_considered_implemented_para_96": int(((paragraph == 95) & implemented).sum()),
        "to_be_examined_para_97": int((paragraph == 97).sum()),
    }


def side_by_side(outcome: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """The submission's numbers (upr_2010_outcome, exact rows) beside what A/HRC/14/10's rows give.

    Each column is one document's statement; nothing here says which of para. 97's recommendations
    the submission counts as accepted: the project does not hold A/HRC/14/10/Add.1.
    """
    counts = record_counts(rows)
    exact = outcome[outcome["qualifier"] == "exact"].set_index("measure")["value"].astype(int)
    record = {"made": (counts["made"], "recommendations in paras. 95 and 97"),
              "accepted": (counts["supported_para_95"], "para. 95: 'enjoy the support of Kazakhstan'"),
              "rejected": (None, f"none recorded as rejected; para. 97: {counts['to_be_examined_para_97']} "
                                 "'will be examined' (responses in A/HRC/14/10/Add.1, not held)")}
    return pd.DataFrame([
        {"measure": m, "submission": int(exact[m]) if m in exact else None,
         "a_hrc_14_10_rows": record[m][0], "a_hrc_14_10_says": record[m][1]} for m in ("made", "accepted", "rejected")
    ]).astype({"a_hrc_14_10_rows": "Int64", "submission": "Int64"})


def regenerate(data: str | Path | None = None) -> pd.DataFrame:
    folder = paths.data_dir(data)
    return citations_table(_read(folder, "upr_2010_cited_recommendations.csv"), _read(folder, "upr_recommendations.csv"))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis.data.un_citations",
                                     description="Regenerate data/upr_citations.csv (the submission's citations resolved).")
    parser.add_argument("--data", default=None, help="data folder (default data/)")
    parser.add_argument("--write", action="store_true", help="write the file (default: check it is up to date)")
    args = parser.parse_args(argv)
    folder = paths.data_dir(args.data)
    return write_or_check(regenerate(folder), folder / "upr_citations.csv", "analysis.data.un_citations",
                          write=args.write)


if __name__ == "__main__":
    raise SystemExit(main())

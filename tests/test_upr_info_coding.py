"""Our coding of UPR recommendations to UPR Info's issues and action categories, against the
examples UPR Info's methodology gives (../shared/reference/*.pdf) and the rule files' integrity.
No PDF needed."""

from __future__ import annotations

import csv
import random

import pytest

from analysis.core import paths
from analysis.data import upr_info_coding as coding

DATA = paths.REPO_ROOT / "data"


def _issues() -> set[str]:
    with (DATA / "upr_info_issues.csv").open(encoding="utf-8", newline="") as fh:
        return {row["issue"] for row in csv.DictReader(fh)}


def test_the_issue_list_is_upr_infos_54():
    assert len(_issues()) == 54


def test_every_rule_gives_only_upr_info_issues():
    known = _issues()
    for rule in coding.issue_rules():
        assert set(rule.issues) <= known, rule.issues


# Action Category, "2. Principles" and "1. Categories" (Database_Action_Category.pdf)
@pytest.mark.parametrize("text, category", [
    ("Continue and strengthen its efforts to protect women", 4),  # two verbs: the second
    ("Improve women's rights by amending the family code", 5),  # general made specific
    ("Call on the international community to support the reconstruction", 1),
    ("Seek technical assistance from OHCHR", 1),
    ("Continue its efforts to combat trafficking", 2),
    ("Consider ratifying the Convention against Torture", 3),
    ("To consider ratifying the Convention on the Rights of Persons with Disabilities", 3),  # a leading "To"
    ("Ensure the independence of the judiciary", 4),
    ("Ratify the Optional Protocol to the Convention against Torture", 5),
    ("Abolish the death penalty", 5),
    ("In line with its obligations, adopt a law on domestic violence", 5),  # the verb after the opening phrase
    ("It recommended that Benin ratify the CAT", 5),  # a dialogue recommendation
])
def test_action_category_follows_upr_infos_principles(text, category):
    assert coding.category_by_rule(text)[0] == category


# Issue categorisation, "3. Chart of commonly used tagged" and "1.1"-"1.6"
@pytest.mark.parametrize("text, expected", [
    ("Eliminate female genital mutilation", {"Women's rights", "Rights of the Child", "Torture and other CID treatment"}),
    ("Ratify the Optional Protocol to the Convention against Torture",
     {"International instruments", "Torture and other CID treatment", "Detention conditions"}),
    ("Adopt a national plan of action for human rights", {"National plan of action"}),
    ("Strengthen the Ombudsman's office", {"NHRI"}),
    ("Ratify the Rome Statute of the International Criminal Court", {"International instruments", "Justice"}),
    ("Abolish the death penalty", {"Death penalty"}),
    ("Combat trafficking of women and children", {"Trafficking", "Women's rights", "Rights of the Child"}),
    ("Protect human rights defenders from harassment", {"Human rights defenders"}),
])
def test_issues_follow_upr_infos_chart(text, expected):
    assert expected <= set(coding.issues_by_rule(text)[0])


def test_no_rule_gives_general_or_other():
    assert coding.issues_by_rule("Promote and protect human rights and fundamental freedoms")[0] == ("General",)
    assert coding.issues_by_rule("Share its experience with the region")[0] == ("Other",)


def test_lower_case_patterns_match_as_ignorecase_would():
    import re
    texts = ["Ratify ICCPR and the OP-CAT", "Protect LGBT persons", "Fight HIV/AIDS", "Economic, social and cultural rights"]
    for rule_row in csv.DictReader((DATA / coding.ISSUE_RULES_FILE).open(encoding="utf-8")):
        ignorecase = re.compile(rule_row["pattern"], re.I)
        lowered = re.compile(coding.lower_pattern(rule_row["pattern"]))
        for text in texts:
            assert bool(ignorecase.search(text)) == bool(lowered.search(text.lower())), rule_row["pattern"]


def test_gated_and_ungated_coding_agree():
    """The literal gate is only a shortcut: on made texts of every rule's words it changes nothing."""
    rng = random.Random(19)
    words = [w for rule in coding.issue_rules() for w in rule.gate] + ["the", "of", "human rights", "State"]
    for _ in range(300):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(3, 12)))
        assert coding.issues_by_rule(text) == coding.issues_by_rule(text, gated=False), text


def test_corrections_win_and_are_said_to():
    fixed = coding.code("a-hrc-14-10-95-1-1", "To accomplish human rights voluntary goals as established by Human "
                        "Rights Council resolution 9/12, including the ratification of the Convention on the Rights "
                        "of Persons with Disabilities")
    assert fixed.action_category == 4 and fixed.action_rule.startswith("correction:")
    assert "General" in fixed.issues and fixed.issue_rule.startswith("correction:")


def test_corrections_file_names_known_fields_issues_and_categories():
    assert coding.check_corrections({"a-hrc-14-10-95-1-1"}, _issues()) == []
    problems = coding.check_corrections(set(), _issues())
    assert any("unknown id" in p for p in problems)

"""analysis.words.claims: every published number is a reported, derived or reference claim, and a
derivation that breaks the evidence rules is refused where it is made."""

from __future__ import annotations

import pytest

from analysis.words import claims
from analysis.words.claims import ClaimError

GPO = {"id": "zh-detained-gpo", "value": 130, "qualifier": "exact", "claimant": "general_prosecutors_office",
       "measure": "detained", "period_start": "2011-12-16", "period_end": "2011-12-16"}
EYE = {"id": "zh-detained-eyewitnesses", "value": 700, "qualifier": "at_most", "claimant": "eyewitnesses",
       "measure": "detained", "period_start": "2011-12-16", "period_end": "2011-12-16"}
Y2011 = {"id": "tc-2011", "value": 187, "qualifier": "exact", "claimant": "general_prosecutors_office",
         "period_start": "2011-01-01", "period_end": "2011-12-31"}
Y2012 = {**Y2011, "id": "tc-2012", "value": 602, "period_start": "2012-01-01", "period_end": "2012-12-31"}


def test_a_derivation_across_claimants_is_refused():
    # F-01: the General Prosecutor's exact count subtracted from the eyewitnesses' upper bound
    with pytest.raises(ClaimError, match="different claimants.*never combined"):
        claims.derived(570, "570", method="difference", inputs=[GPO, EYE], label="calculation", bound="at_most")


def test_a_derivation_from_a_bound_is_refused_unless_stated_as_our_bound():
    other = {**EYE, "id": "x", "value": 500}
    with pytest.raises(ClaimError, match="are bounds .*not counts"):
        claims.derived(200, "200", method="difference", inputs=[EYE, other], label="calculation")
    with claims.collecting():
        text = claims.derived(200, "200", method="difference", inputs=[EYE, other], label="calculation",
                              bound="at_most")
    assert claims.strip(text) == "200"


def test_a_derivation_across_periods_or_measures_must_say_so():
    with pytest.raises(ClaimError, match="different periods"):
        claims.derived(415, "415", method="difference", inputs=[Y2011, Y2012], label="calculation")
    with pytest.raises(ClaimError, match="different measures"):
        claims.derived(1, "1", method="ratio", inputs=[GPO, {**GPO, "id": "a", "measure": "arrested"}],
                       label="calculation")
    assert claims.derived(415, "415", method="difference", inputs=[Y2011, Y2012], label="calculation",
                          across=("period",)) == "415"


def test_words_are_never_arithmetic():
    words = {**Y2011, "id": "w", "qualifier": "unquantified", "value": None}
    with pytest.raises(ClaimError, match="only in words"):
        claims.derived(1, "1", method="ratio", inputs=[Y2011, words], label="calculation", across=("period",))


def test_a_projection_of_another_bodys_statistic_is_marked():
    with claims.collecting() as made:
        claims.derived(883, "883", method="projection at the same monthly rate", inputs=[Y2011],
                       label="estimate", author="amnesty_international")
    assert made.all()[0].projection_of == "general_prosecutors_office"


def test_our_label_is_required():
    with pytest.raises(ClaimError, match="label"):
        claims.Claim("derived", "3", label="guess")


def test_a_reported_number_needs_its_row():
    with claims.collecting():
        with pytest.raises(ClaimError, match="without an id"):
            claims.reported({"value": 15}, "value", "15")
        with pytest.raises(ClaimError, match="empty"):
            claims.reported({"id": "x", "value": None}, "value", "15")
    assert claims.reported({"value": 15}, "value", "15") == "15"  # outside a text being composed: plain


def test_marks_give_the_exact_span_of_each_claim():
    with claims.collecting():
        text = f"Detained: {claims.reported(GPO, 'value', '130')} (endnote {claims.reference('14', what='endnote')})."
    plain, spans = claims.finish(text)
    assert plain == "Detained: 130 (endnote 14)."
    assert [(plain[s.start:s.end], s.claim.kind) for s in spans] == [("130", "reported"), ("14", "reference")]
    assert spans[0].claim.rows == ("zh-detained-gpo",) and spans[0].claim.claimant == "general_prosecutors_office"
    assert claims.remark(plain, spans) == plain  # outside a collection nothing is marked


def test_scoped_builders_return_finished_text_with_its_ledger():
    @claims.scoped
    def sentence() -> str:
        return f"{claims.reported(GPO, 'value', '130')} people were detained."

    text = sentence()
    assert text == "130 people were detained." and not claims.has_marks(text)
    [entry] = text.entries()
    assert entry["text"] == "130" and entry["start"] == 0 and entry["rows"] == ["zh-detained-gpo"]
    assert entry["value"] == 130 and entry["kind"] == "reported"


def test_a_count_of_rows_is_ours_and_names_them():
    with claims.collecting() as made:
        claims.counted(2, "2", what="detention counts", rows=[GPO, EYE])
    [c] = made.all()
    assert (c.kind, c.label, c.rows) == ("derived", "count", ("zh-detained-gpo", "zh-detained-eyewitnesses"))

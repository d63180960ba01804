"""The 2024 race and ethnicity standard: the stored answer, the form's logic, the setting,
and the reports (each category counted; several selections one group in adverse impact)."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from careers_app.services.candidates import race_2024 as r
from careers_app.services.candidates.validation import validate_eeo
from careers_app.services.compliance import eeo_reports as eeo
from careers_app.settings import SettingsError, load_settings
from tests.eeo_data import add_reported
from tests.factories import make_office, make_posting, make_team


def test_the_seven_categories_of_spd_15_2024_in_order() -> None:
    assert list(r.LABELS.values()) == [
        "American Indian or Alaska Native",
        "Asian",
        "Black or African American",
        "Hispanic or Latino",
        "Middle Eastern or North African",
        "Native Hawaiian or Pacific Islander",
        "White",
    ]
    assert r.LABEL == "Race and/or ethnicity" and r.DECLINE == "I don't wish to answer"


def test_ticking_boxes_in_any_order_gives_one_spelling() -> None:
    value = r.toggle("", "WHITE", True)
    value = r.toggle(value, "MENA", True)
    assert value == "2024:MENA,WHITE" == r.toggle(r.toggle("", "MENA", True), "WHITE", True)
    assert r.summary(value) == "Middle Eastern or North African, White"
    assert r.toggle(value, "MENA", False) == "2024:WHITE"
    assert r.toggle("2024:WHITE", "WHITE", False) == ""


def test_declining_clears_the_categories_and_a_category_clears_the_decline() -> None:
    declined = r.toggle("2024:ASIAN,WHITE", r.DECLINE_CODE, True)
    assert declined == "2024:DECLINE" and r.summary(declined) == r.DECLINE
    assert r.toggle(declined, "ASIAN", True) == "2024:ASIAN"


@pytest.mark.parametrize(
    ("code", "checked"), [("EVIL", True), (7, True), ("", True), (None, False), ("ASIAN", "yes")]
)
def test_hostile_toggles_change_nothing_or_untick(code: object, checked: object) -> None:
    assert r.toggle("2024:ASIAN", code, checked) in ("2024:ASIAN", "")
    assert r.valid(r.toggle("2024:ASIAN", code, checked)) or r.toggle("2024:ASIAN", code, checked) == ""


@pytest.mark.parametrize(
    "value",
    [
        "2024:",
        "2024:WHITE,ASIAN",
        "2024:ASIAN,ASIAN",
        "2024:DECLINE,ASIAN",
        "2024:asian",
        "2024:ASIAN,",
        "ASIAN",
    ],
)
def test_only_the_canonical_spelling_is_a_valid_answer(value: str) -> None:
    assert not r.valid(value)
    assert validate_eeo("race_ethnicity", value) == ("", "Choose one of the listed answers.")


def test_the_race_question_takes_either_standard_and_no_other_question_takes_2024() -> None:
    assert validate_eeo("race_ethnicity", "2024:ASIAN,WHITE") == ("2024:ASIAN,WHITE", "")
    assert validate_eeo("race_ethnicity", "Hispanic or Latinx") == ("Hispanic or Latinx", "")
    assert validate_eeo("gender", "2024:ASIAN")[1]
    assert len("2024:" + ",".join(r.CODES)) <= 80  # every box ticked fits the column


def test_the_setting_defaults_to_1997_and_refuses_other_years() -> None:
    assert load_settings({}).eeo_race_standard == "1997"
    assert load_settings({"CAREERS_EEO_RACE_STANDARD": "2024"}).eeo_race_standard == "2024"
    with pytest.raises(SettingsError, match="1997 or 2024"):
        load_settings({"CAREERS_EEO_RACE_STANDARD": "2025"})


def test_reports_count_every_category_and_judge_several_as_multiracial(session: Session) -> None:
    """10 Asian only (all pass the screen), 10 White only (5 pass), 6 who chose Asian and White
    (none passes), 5 declined. Counts: Asian 16, White 16 (the six in both rows), all 31.
    Impact at the screen: Asian 10/10 is the reference; White 0.50; Multiracial 0/6."""
    posting = make_posting(session, make_team(session), make_office(session))
    pid = posting.id or 0
    for _ in range(10):
        add_reported(session, pid, "recruiter_screen", race_ethnicity="2024:ASIAN")
    for i in range(10):
        add_reported(session, pid, "recruiter_screen" if i < 5 else "applied", race_ethnicity="2024:WHITE")
    for _ in range(6):
        add_reported(session, pid, "applied", race_ethnicity="2024:ASIAN,WHITE")
    for _ in range(5):
        add_reported(session, pid, race_ethnicity="2024:DECLINE", gender="Female")
    filter_ = eeo.ReportFilter(posting_id=pid)
    race = next(t for t in eeo.eeo_report(filter_, session=session) if t.field == "race_ethnicity")
    rows = {row.category: row.cells for row in race.rows}
    assert "Asian (not Hispanic or Latinx)" not in rows  # no 1997 answers: no 1997 rows
    assert rows["Asian"][:2] == ("16", "10") and rows["White"][:2] == ("16", "5")
    assert rows["Middle Eastern or North African"][0] == "0"
    assert rows[eeo.DECLINED][:2] == ("5", "0")
    assert race.totals[:2] == ("31", "15")  # people, not the sum of the rows
    impact = {
        row.group: row
        for row in eeo.adverse_impact(filter_, session=session)
        if row.question == "Race/Ethnicity" and row.step.startswith("Applied")
    }
    assert set(impact) == {"Asian", "White", r.MULTIPLE}
    assert impact["Asian"].verdict == eeo.REFERENCE
    assert (impact["White"].applicants, impact["White"].impact_ratio) == ("10", "0.50")
    assert (impact[r.MULTIPLE].applicants, impact[r.MULTIPLE].selected) == ("6", "0")
    assert impact[r.MULTIPLE].impact_ratio == "0.00"


def test_a_category_and_those_who_chose_it_alone_never_differ_by_one_to_four(session: Session) -> None:
    """One of six who chose Asian and White passes the screen: the Asian row (11) minus the
    Asian-only group (10) would name that one person's step, so the group's count is hidden."""
    posting = make_posting(session, make_team(session), make_office(session))
    pid = posting.id or 0
    for _ in range(10):
        add_reported(session, pid, "recruiter_screen", race_ethnicity="2024:ASIAN")
    for i in range(10):
        add_reported(session, pid, "recruiter_screen" if i < 5 else "applied", race_ethnicity="2024:WHITE")
    for i in range(6):
        add_reported(
            session, pid, "recruiter_screen" if i < 1 else "applied", race_ethnicity="2024:ASIAN,WHITE"
        )
    filter_ = eeo.ReportFilter(posting_id=pid)
    race = next(t for t in eeo.eeo_report(filter_, session=session) if t.field == "race_ethnicity")
    assert {row.category: row.cells for row in race.rows}["Asian"][:2] == ("16", "11")
    asian = next(
        row
        for row in eeo.adverse_impact(filter_, session=session)
        if row.group == "Asian" and row.step.startswith("Applied")
    )
    assert (asian.applicants, asian.selected, asian.rate) == ("10", "—", "")


def test_a_period_with_both_standards_shows_both_sets_of_rows(session: Session) -> None:
    posting = make_posting(session, make_team(session), make_office(session))
    pid = posting.id or 0
    add_reported(session, pid, race_ethnicity="White (not Hispanic or Latinx)")
    add_reported(session, pid, race_ethnicity="2024:WHITE")
    race = next(
        t
        for t in eeo.eeo_report(eeo.ReportFilter(posting_id=pid), session=session)
        if t.field == "race_ethnicity"
    )
    categories = [row.category for row in race.rows]
    assert categories.index("White (not Hispanic or Latinx)") < categories.index("White")
    assert categories[-2:] == [eeo.DECLINED, eeo.NOT_ANSWERED]

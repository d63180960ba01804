"""EEO reports: suppression, the adverse-impact statistics, and the counts on both databases."""

from __future__ import annotations

from datetime import UTC, date, datetime
from fractions import Fraction
from math import comb

import pytest
from sqlmodel import Session

from careers_app.services.compliance import eeo_disclosure as dis
from careers_app.services.compliance import eeo_reports as eeo
from careers_app.services.platform.reference import DECLINE
from tests.eeo_data import add_reported
from tests.factories import make_office, make_posting, make_team

# ----- the disclosure rule (services/compliance/eeo_disclosure.py), without a database ---------------------


def _people(*groups: tuple[int, str, str, date]) -> list[dis.Respondent]:
    """(how many, gender, furthest stage, submission day), all on posting 1."""
    return [
        dis.Respondent(
            posting_id=1, submitted=day, furthest=eeo.FLOW.index(stage), answers={"gender": gender}
        )
        for n, gender, stage, day in groups
        for _ in range(n)
    ]


DAY = date(2026, 5, 4)


def _gender(shown: dis.Disclosures, filter_: eeo.ReportFilter | None = None) -> dict[str, tuple[str, ...]]:
    table = next(t for t in eeo._tables(shown.report(filter_ or eeo.ReportFilter())) if t.field == "gender")
    return {r.category: r.cells for r in table.rows} | {"Total": table.totals}


def test_a_small_count_is_hidden_and_a_zero_beside_it_so_the_total_cannot_give_it_back() -> None:
    shown = dis.disclose(
        _people((20, "Female", "applied", DAY), (12, "Male", "applied", DAY), (3, "", "applied", DAY))
    )
    gender = _gender(shown)
    assert gender["Total"][0] == "35"  # public: the boards show every application
    assert gender["Female"][0] == "20" and gender["Male"][0] == "12"  # the answers stay
    assert gender[eeo.NOT_ANSWERED][0] == dis.HIDDEN
    # 35 - 20 - 12 = 3 hidden people: a second hidden cell (one marker, "0 or more") keeps it
    # from being only the unanswered ones; a zero costs nothing to hide
    assert sum(c[0] == dis.HIDDEN for c in gender.values()) == 2


def test_zeros_and_counts_of_five_or_more_are_shown() -> None:
    gender = _gender(
        dis.disclose(_people((7, "Female", "recruiter_screen", DAY), (5, "Male", "applied", DAY)))
    )
    assert gender["Female"][:3] == ("7", "7", "0") and gender["Male"][:2] == ("5", "0")


def test_two_stages_of_a_row_never_differ_by_one_to_four_people() -> None:
    """Applied 10, screened 8: two women stopped at applied, and the board shows who stopped."""
    gender = _gender(
        dis.disclose(
            _people(
                (8, "Female", "recruiter_screen", DAY),
                (2, "Female", "applied", DAY),
                (9, "Male", "applied", DAY),
            )
        )
    )
    assert gender["Female"][0] == "10" and gender["Female"][1] == "—"


def test_a_quarter_and_all_time_never_differ_by_one_to_four_people() -> None:
    """Two women applied in the first quarter and ten in the second: all time minus the second
    quarter would give the first quarter's two back."""
    q1, q2 = date(2026, 2, 10), date(2026, 5, 10)
    shown = dis.disclose(
        _people((2, "Female", "applied", q1), (10, "Female", "applied", q2), (9, "Male", "applied", q2))
    )
    second = eeo.ReportFilter(None, date(2026, 4, 1), date(2026, 6, 30))
    all_time, quarter = _gender(shown)["Female"][0], _gender(shown, second)["Female"][0]
    assert not (all_time.isdigit() and quarter.isdigit())
    assert (
        _gender(shown, eeo.ReportFilter(None, date(2026, 1, 1), date(2026, 3, 31)))["Female"][0] == dis.HIDDEN
    )


def test_a_small_stage_shows_no_zero_that_its_posting_does_not() -> None:
    """Two women reach Onsite of a posting with 30 applicants; a board user can name both. A 0
    at Onsite beside the "—" of the others would say "they answered one of the hidden ones"
    (failed before: "Other" read "—" at Applied and 0 at Onsite, so neither was "Other"). A 0
    stays only where Applied (30 people) shows the same 0."""
    gender = _gender(
        dis.disclose(
            _people(
                (12, "Female", "applied", DAY),
                (10, "Male", "applied", DAY),
                (6, "", "applied", DAY),
                (2, "Female", "onsite", DAY),
            )
        )
    )
    onsite = eeo.FLOW.index("onsite")
    assert gender["Total"][onsite] == "2"
    for answer, cells in gender.items():
        if answer != "Total" and cells[onsite] == "0":
            assert cells[0] == "0", (answer, cells)
    assert gender["Female"][0] == "14" and gender["Male"][0] == "10"  # the answers stay


def test_a_question_nobody_was_asked_is_the_totals_and_says_not_asked() -> None:
    """Nobody of fifteen answered gender identity: its "Not answered" is each stage's total (3
    at Onsite here; the whole question was hidden before). Every report says "not asked"
    instead of rows, the CSV too, and the rule's cells are the totals, shown."""
    shown = dis.disclose(
        _people((7, "Female", "applied", DAY), (5, "Male", "applied", DAY), (3, "Female", "onsite", DAY))
    )
    assert "gender_identity" in shown.not_asked and "gender" not in shown.not_asked
    for filter_ in (eeo.ReportFilter(), eeo.ReportFilter(1, date(2026, 4, 1), date(2026, 6, 30))):
        report = shown.report(filter_)
        table = next(t for t in eeo._tables(report) if t.field == "gender_identity")
        assert table.rows == () and "not asked" in table.note
        onsite = eeo.FLOW.index("onsite")
        assert (
            report.text(("gender_identity", "row", dis.NOT_ANSWERED), onsite) == table.totals[onsite] == "3"
        )
    csv_rows = eeo.report_csv(eeo._tables(shown.report(eeo.ReportFilter()))).splitlines()
    assert [r for r in csv_rows if r.startswith("Gender identity,")] == [
        "Gender identity,Not asked,,,,,,",
        "Gender identity,All applications,15,3,3,3,0,0",
    ]


def test_only_all_time_or_a_whole_quarter_is_a_report() -> None:
    assert dis.check_period("", "") == ((None, None), "")
    assert dis.check_period("2026-07-01", "2026-09-30") == ((date(2026, 7, 1), date(2026, 9, 30)), "")
    for date_from, date_to in (("2026-07-01", "2026-09-29"), ("2026-07-02", "2026-09-30"), ("2026-07-01", ""),
                               ("2026-01-01", "2026-06-30"), ("nonsense", "2026-09-30")):  # fmt: skip
        period, message = dis.check_period(date_from, date_to)
        assert period is None and "quarter" in message
    assert dis.snap_period("2026-05-13", "2026-05-14")[0] == (date(2026, 4, 1), date(2026, 6, 30))
    assert "Showing 2026 Q2 (April–June)" in dis.snap_period("2026-05-13", "")[1]
    assert (
        dis.period_from_code("2026-Q4").date_to == "2026-12-31" and dis.period_from_code("2026-Q5").code == ""
    )


def test_the_quarter_under_way_and_later_ones_are_no_report_yet() -> None:
    today = date(2026, 12, 7)
    said = (
        "2026 Q4 is reported once it ends, on 1 January 2027: reports only count closed quarters, "
        "so no two downloads differ by one person."
    )
    assert dis.check_period("2026-10-01", "2026-12-31", today=today) == (None, said)
    assert dis.check_period("2027-01-01", "2027-03-31", today=today)[1].startswith(
        "2027 Q1 is reported once it ends, on 1 April 2027"
    )
    assert dis.check_period("2026-07-01", "2026-09-30", today=today)[0] == (
        date(2026, 7, 1),
        date(2026, 9, 30),
    )
    assert dis.check_period("2026-10-01", "2026-12-31", today=date(2027, 1, 1))[0] is not None  # ended
    # the page: all time instead, saying why
    assert dis.snap_period("2026-10-01", "2026-12-31", today=today) == (
        (None, None),
        "2026 Q4 has not ended, so it has no report yet. Showing all time.",
    )
    assert dis.snap_period("2026-11-13", "", today=today)[0] == (None, None)
    assert dis.snap_period("2026-08-13", "", today=today)[0] == (date(2026, 7, 1), date(2026, 9, 30))
    # the last quarter a date can name has no next quarter: not a date here
    for date_from, date_to in (("9999-10-01", "9999-12-31"), ("9999-12-31", "")):
        assert dis.check_period(date_from, date_to, today=today)[0] is None
        assert dis.snap_period(date_from, date_to, today=today)[0] == (None, None)


# ----- adverse impact: worked examples ----------------------------------------------------------


def _fisher_two_sided(a: int, n1: int, c: int, n2: int) -> Fraction:
    """Fisher's exact two-sided p by hand: every table with the same margins no likelier."""
    k, total = a + c, n1 + n2

    def prob(x: int) -> Fraction:
        return Fraction(comb(n1, x) * comb(n2, k - x), comb(total, k))

    observed = prob(a)
    return sum((prob(x) for x in range(max(0, k - n2), min(k, n1) + 1) if prob(x) <= observed), Fraction(0))


def test_four_fifths_worked_example_48_of_80_against_12_of_40() -> None:
    """Uniform Guidelines Questions and Answers, Q&A 12 (44 Fed. Reg. 11996, 1979), the
    example 29 CFR 1607.4(D) is usually taught with: 80 white applicants, 48 selected (60%);
    40 Black applicants, 12 selected (30%); 30/60 = 50%, below four fifths.

    Z by hand: pooled rate 60/120 = 0.5; sqrt(0.25 * (1/40 + 1/80)) = 0.0968; (0.3 - 0.6)
    / 0.0968 = -3.10. Fisher p checked against the hypergeometric sum (exact fractions).
    """
    found = eeo.compare(12, 40, 48, 80)
    assert found.rate == pytest.approx(0.3) and found.impact_ratio == pytest.approx(0.5)
    assert found.z == pytest.approx(-3.0984, abs=1e-4)
    assert found.fisher_p == pytest.approx(float(_fisher_two_sided(12, 40, 48, 80)), rel=1e-9)
    assert found.fisher_p == pytest.approx(0.00341, abs=1e-5)
    assert found.shortfall == pytest.approx(12.0)  # 40 * 60% - 12, at the highest group's rate
    assert found.verdict == eeo.ADVERSE


def test_fisher_matches_the_lady_tasting_tea() -> None:
    """Fisher, The Design of Experiments (1935), ch. 2: 3 of 4 cups right each way; the
    two-sided p is (1 + 16 + 16 + 1) / 70 = 34/70 = 0.4857."""
    found = eeo.compare(3, 4, 1, 4)
    assert found.fisher_p == pytest.approx(34 / 70)
    assert found.verdict == eeo.TOO_FEW  # fewer than five applicants in each group


def test_verdict_needs_practical_and_statistical_significance_to_agree() -> None:
    # 5/10 against 7/10: ratio 0.71 but p = 0.65 and Z = -0.91: the ratio alone is not enough.
    assert eeo.compare(5, 10, 7, 10).verdict == eeo.RATIO_ONLY
    # 850/1000 against 900/1000: ratio 0.94 yet Z = -3.4: significant, but not practical.
    big = eeo.compare(850, 1000, 900, 1000)
    assert big.z is not None and big.z < -2 and big.verdict == eeo.STAT_ONLY
    assert eeo.compare(9, 10, 9, 10).verdict == eeo.NONE
    assert eeo.compare(0, 10, 0, 10).verdict == eeo.TOO_FEW  # no selection at all
    assert eeo.compare(0, 10, 0, 10).z is None


# ----- reports from the database (SQLite and PostgreSQL) -----------------------------------------


@pytest.fixture
def posting_id(session: Session) -> int:
    posting = make_posting(session, make_team(session), make_office(session), title="Report Engineer")
    assert posting.id is not None
    return posting.id


def _table(tables: tuple[eeo.QuestionTable, ...], field: str) -> dict[str, tuple[str, ...]]:
    table = next(t for t in tables if t.field == field)
    return {r.category: r.cells for r in table.rows} | {"Total": table.totals}


def test_report_counts_every_stage_reached_with_declined_and_unanswered_apart(
    session: Session, posting_id: int
) -> None:
    for _ in range(10):
        add_reported(session, posting_id, "phone_interview", gender="Female", veteran_status=DECLINE)
    for _ in range(6):
        add_reported(session, posting_id, "recruiter_screen", rejected=True, gender="Male")
    for _ in range(5):
        add_reported(session, posting_id, "applied")  # no answers at all: no eeo_answer row
    add_reported(session, posting_id, "onsite", gender="Male")
    tables = eeo.eeo_report(eeo.ReportFilter(posting_id=posting_id), session=session)
    gender = _table(tables, "gender")
    # stages: applied, screen, phone, onsite, offer, hired; totals are public (the boards)
    assert gender["Total"] == ("22", "17", "11", "1", "0", "0")
    assert gender["Male"][0] == "7"  # the rejected six were in the screen: they reached it
    assert gender["Male"][2:4] == (dis.HIDDEN, dis.HIDDEN)  # one man at phone and onsite: small
    # phone: 11 people, 10 women shown: the man would be given back (11 - 10) unless another
    # cell is hidden beside him: a zero, with the zeros before it in its row (a count never
    # grows along the stages, so a shown 0 at applied would pin it). Those zeros would then be
    # pinned by the screen's shown counts (10 + 7 = 17), so a count there is hidden too: every
    # hidden cell keeps two possible values, whatever else is shown
    assert gender["Female"] == ("10", "10", dis.HIDDEN, dis.HIDDEN, "0", "0")
    assert gender[eeo.DECLINED][:3] == (dis.HIDDEN, dis.HIDDEN, dis.HIDDEN)
    assert gender["Total"][0] == "22" and gender[eeo.NOT_ANSWERED][4:] == ("0", "0")


def test_date_range_and_posting_filter(session: Session, posting_id: int) -> None:
    other = make_posting(session, make_team(session), make_office(session), title="Other")
    old = datetime(2026, 1, 15, 12, tzinfo=UTC)
    for _ in range(5):
        add_reported(session, posting_id, submitted_at=old, gender="Female")
        add_reported(session, posting_id, gender="Female")
        add_reported(session, other.id or 0, gender="Female")

    def applied(filter_: eeo.ReportFilter) -> str:
        return _table(eeo.eeo_report(filter_, session=session), "gender")["Female"][0]

    assert applied(eeo.ReportFilter(posting_id=posting_id)) == "10"
    first_quarter = eeo.ReportFilter(posting_id, date(2026, 1, 1), date(2026, 3, 31))
    assert applied(first_quarter) == "5"
    assert applied(eeo.ReportFilter(posting_id, date(2025, 10, 1), date(2025, 12, 31))) == "0"
    assert applied(eeo.ReportFilter()) == "15"  # all postings
    assert {c.title for c in eeo.posting_choices(session=session)} >= {"Report Engineer", "Other"}
    # a link with any other range shows the quarter of its first date, and says so
    snapped, notice = eeo.parse_filter("", "2026-01-15", "2026-01-15", session=session)
    assert (snapped.submitted_from, snapped.submitted_to) == (date(2026, 1, 1), date(2026, 3, 31))
    assert "Showing 2026 Q1 (January–March)" in notice


def test_adverse_impact_per_step_and_group(session: Session, posting_id: int) -> None:
    """The 48/80 against 12/40 example at the recruiter screen, from real stage events."""
    for i in range(80):
        add_reported(
            session,
            posting_id,
            "recruiter_screen" if i < 48 else "applied",
            race_ethnicity="White (not Hispanic or Latinx)",
        )
    for i in range(40):
        add_reported(
            session,
            posting_id,
            "recruiter_screen" if i < 12 else "applied",
            race_ethnicity="Hispanic or Latinx",
        )
    for _ in range(3):
        add_reported(session, posting_id, "recruiter_screen", race_ethnicity="Asian (not Hispanic or Latinx)")
    for i in range(10):  # no answers: with the boards' totals public, these cover the three
        add_reported(session, posting_id, "recruiter_screen" if i < 5 else "applied")
    rows = eeo.adverse_impact(eeo.ReportFilter(posting_id=posting_id), session=session)
    screen = {
        r.group: r for r in rows if r.step == "Applied → Recruiter screen" and r.question == "Race/Ethnicity"
    }
    # the reference is the highest rate among groups of five or more: 3 of 3 Asian are too few to lead
    assert screen["White (not Hispanic or Latinx)"].verdict == eeo.REFERENCE
    hispanic = screen["Hispanic or Latinx"]
    assert (hispanic.applicants, hispanic.selected, hispanic.rate, hispanic.impact_ratio) == (
        "40",
        "12",
        "30.0 %",
        "0.50",
    )
    assert (hispanic.z, hispanic.fisher_p, hispanic.shortfall) == ("-3.10", "0.003", "12.0")
    assert hispanic.verdict == eeo.ADVERSE
    assert screen["Asian (not Hispanic or Latinx)"].applicants == dis.HIDDEN
    assert screen["Asian (not Hispanic or Latinx)"].verdict == eeo.WITHHELD  # no hint of its size
    genders = {r.group for r in rows if r.question == "Gender"}
    assert "Other or withhold / decline to disclose" not in genders  # a decline is not a group


def test_the_decision_is_kept_until_the_frozen_counts_change(monkeypatch: pytest.MonkeyPatch) -> None:
    """Deciding takes seconds with many closed quarters; the same counts decide the same, so a
    worker decides once per set of frozen counts (a newly frozen quarter decides again)."""
    from datetime import date as _date

    from careers_app.services.compliance import eeo_reports as reports
    from careers_app.services.compliance.eeo_disclosure import Respondent

    def people(n: int) -> list[Respondent]:
        return [Respondent(1, _date(2026, 7, 1), 0, {"gender": "Female"}) for _ in range(n)]

    decided: list[int] = []
    real = reports.disclose

    def counted(p: list[Respondent]) -> dis.Disclosures:
        decided.append(len(p))
        return real(p)

    monkeypatch.setattr(reports, "disclose", counted)
    frozen = people(6)
    monkeypatch.setattr(reports, "respondents", lambda *, session: list(frozen))
    first = reports.disclosures(session=None)  # type: ignore[arg-type]
    assert reports.disclosures(session=None) is first  # type: ignore[arg-type]
    assert decided == [6]
    frozen = people(6) + [Respondent(1, _date(2026, 10, 1), 0, {"gender": "Male"})] * 5
    assert reports.disclosures(session=None) is not first  # type: ignore[arg-type]
    assert decided == [6, 11]

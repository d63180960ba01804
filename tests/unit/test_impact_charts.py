"""The impact-ratio charts draw exactly what the adverse-impact table shows (both databases)."""

from __future__ import annotations

from sqlmodel import Session

from careers_app.services.compliance import eeo_reports as eeo
from careers_app.services.compliance.impact_charts import chart_groups, impact_charts
from tests.eeo_data import add_reported
from tests.factories import make_office, make_posting, make_team


def test_one_chart_per_question_with_a_bar_per_judged_group(session: Session) -> None:
    """The four-fifths worked example (48 of 80 women, 12 of 40 men); three veterans, too few
    to compare, get no chart; a group of four gets no bar."""
    posting = make_posting(session, make_team(session), make_office(session))
    pid = posting.id or 0
    for i in range(80):
        add_reported(session, pid, "recruiter_screen" if i < 48 else "applied", gender="Female")
    for i in range(40):
        add_reported(session, pid, "recruiter_screen" if i < 12 else "applied", gender="Male")
    for _ in range(4):
        add_reported(session, pid, "recruiter_screen", gender="Other or withhold / decline to disclose")
    for _ in range(3):
        add_reported(session, pid, veteran_status="I identify as a U.S. veteran")
    rows = eeo.adverse_impact(eeo.ReportFilter(posting_id=pid), session=session)
    charts = impact_charts(rows)
    assert [c.field for c in charts] == ["gender"]
    gender = charts[0]
    assert chart_groups()["Gender"] == ("Female", "Male")
    assert gender.data == [{"step": "Applied → Recruiter screen", "g0": 1.0, "g1": 0.5}]
    assert [(r.group, r.rate, r.ratio, r.flagged) for r in gender.rows] == [
        ("Female", "60.0 %", "1.00", False),
        ("Male", "30.0 %", "0.50", True),
    ]
    assert gender.bars == 2


def test_no_rows_no_charts() -> None:
    assert impact_charts(()) == []

"""Funnel analytics on SQLite and PostgreSQL: known histories, hand-computed figures, and
proof that no query reads equal-opportunity answers."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from careers_app.models import Application, StageEvent
from careers_app.services.compliance import analytics
from careers_app.services.compliance.analytics import AnalyticsFilter
from tests.factories import make_office, make_posting, make_team
from tests.funnel import BASE
from tests.funnel import application_along as _app
from tests.query_count import query_count

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def funnel_posting(session: Session) -> int:
    """Six applications over four weeks (the third week empty); see each test for the sums."""
    posting = make_posting(session, make_team(session), make_office(session))
    pid = posting.id or 0
    _app(
        session,
        pid,
        "job board",
        [
            ("applied", 0),
            ("recruiter_screen", 2),
            ("phone_interview", 5),
            ("onsite", 9),
            ("offer", 10),
            ("hired", 14),
        ],
    )
    _app(session, pid, "linkedin", [("applied", 1), ("recruiter_screen", 5), ("rejected", 6)])
    _app(session, pid, "job board", [("applied", 3), ("onsite", 7), ("hired", 20)])  # skipped ahead
    _app(session, pid, "api", [("applied", 8)])  # still waiting
    _app(
        session,
        pid,
        "linkedin",
        [("applied", 9), ("recruiter_screen", 10), ("phone_interview", 12), ("rejected", 13)],
    )
    _app(session, pid, "job board", [("applied", 21)])
    other = make_posting(session, make_team(session), make_office(session), title="Other")
    _app(session, other.id or 0, "indeed", [("applied", 2), ("recruiter_screen", 3)])
    return pid


def test_conversion_counts_reached_next_over_reached_this(session: Session, funnel_posting: int) -> None:
    """Reached: applied 6; screen 4 (the skip-ahead counts); phone 3; onsite 2; offer 2; hired 2."""
    report = analytics.funnel(AnalyticsFilter(posting_id=funnel_posting), session=session, now=NOW)
    assert report.applications == 6
    assert [(c.step, c.reached_this, c.reached_next, c.percent) for c in report.conversion] == [
        ("Applied → Recruiter screen", 6, 4, 66.7),
        ("Recruiter screen → Phone interview", 4, 3, 75.0),
        ("Phone interview → Onsite", 3, 2, 66.7),
        ("Onsite → Offer", 2, 2, 100.0),
        ("Offer → Hired", 2, 2, 100.0),
    ]
    assert report.conversion[0].text == "66.7 %"


def test_median_time_in_stage_counts_ended_stays_only(session: Session, funnel_posting: int) -> None:
    """Applied: stays of 2, 4, 4, 1 days (two still waiting) -> 3.0. Screen: 3, 1, 2 -> 2.0.
    Phone: 4, 1 -> 2.5. Onsite: 1, 13 -> 7.0. Offer: 4 -> 4.0."""
    report = analytics.funnel(AnalyticsFilter(posting_id=funnel_posting), session=session, now=NOW)
    assert [(t.stage, t.stays, t.median_days) for t in report.time_in_stage] == [
        ("Applied", 4, 3.0),
        ("Recruiter screen", 3, 2.0),
        ("Phone interview", 2, 2.5),
        ("Onsite", 2, 7.0),
        ("Offer", 1, 4.0),
    ]
    assert report.time_in_stage[0].text == "3.0 days"


def test_history_lines_do_not_split_a_stay(session: Session, funnel_posting: int) -> None:
    """A line in the history (corrected contact details, a revealed identity) is a stage
    event from a stage to itself: it is not a move, so Applied's stays stay 2, 4, 4, 1."""
    first = session.exec(
        select(col(Application.id)).where(col(Application.posting_id) == funnel_posting).order_by(col(Application.id))
    ).first()
    assert first is not None
    session.add(
        StageEvent(
            application_id=first, from_stage="applied", to_stage="applied", at=BASE + timedelta(days=1)
        )
    )
    session.flush()
    report = analytics.funnel(AnalyticsFilter(posting_id=funnel_posting), session=session, now=NOW)
    assert (report.time_in_stage[0].stage, report.time_in_stage[0].stays) == ("Applied", 4)
    assert report.time_in_stage[0].median_days == 3.0


def test_time_to_hire_median_and_p90(session: Session, funnel_posting: int) -> None:
    """Hired after 14 and 17 days: median 15.5; p90 at rank 0.9 -> 14 + 0.9 * 3 = 16.7."""
    report = analytics.funnel(AnalyticsFilter(posting_id=funnel_posting), session=session, now=NOW)
    assert (report.hires, report.hire_median_days, report.hire_p90_days) == (2, 15.5, 16.7)


def test_weekly_counts_include_empty_weeks_and_sources_are_sorted(
    session: Session, funnel_posting: int
) -> None:
    report = analytics.funnel(AnalyticsFilter(posting_id=funnel_posting), session=session, now=NOW)
    assert [(w.week, w.label, w.applications) for w in report.weekly] == [
        ("2026-11-02", "Nov 2", 3),
        ("2026-11-09", "Nov 9", 2),
        ("2026-11-16", "Nov 16", 0),
        ("2026-11-23", "Nov 23", 1),
    ]
    assert [(s.source, s.label, s.applications, s.percent) for s in report.sources] == [
        ("job board", "Job board (careers site)", 3, 50.0),
        ("linkedin", "Link: linkedin", 2, 33.3),
        ("api", "Job board API", 1, 16.7),
    ]


def test_all_postings_and_a_date_range(session: Session, funnel_posting: int) -> None:
    everything = analytics.funnel(AnalyticsFilter(), session=session, now=NOW)
    assert everything.applications == 7 and {s.source for s in everything.sources} >= {"indeed"}
    assert everything.conversion[0].reached_this == 7 and everything.conversion[0].reached_next == 5
    week = AnalyticsFilter(funnel_posting, date(2026, 11, 9), date(2026, 11, 15))
    report = analytics.funnel(week, session=session, now=NOW)
    assert report.applications == 2
    assert [(w.week, w.applications) for w in report.weekly] == [("2026-11-09", 2)]
    assert report.hires == 0 and report.hire_median_days is None


def test_nothing_to_show_is_empty_not_an_error(session: Session) -> None:
    report = analytics.funnel(AnalyticsFilter(posting_id=10**9), session=session, now=NOW)
    assert report.applications == 0 and report.weekly == () and report.sources == ()
    assert all(c.text == "–" for c in report.conversion)


@pytest.mark.parametrize(
    "values",
    [[14.0, 17.0], [1.0], [3.0, 1.0, 2.0], [0.5, 9.0, 2.25, 7.0, 7.0, 30.0, 11.0, 4.0, 5.0, 6.5, 8.0]],
)
def test_percentile_agrees_with_numpy(values: list[float]) -> None:
    for p in (50, 90, 100, 0):
        assert analytics.percentile(values, p) == pytest.approx(float(np.percentile(values, p)))


def test_no_analytics_query_reads_equal_opportunity_answers(
    engine: Engine, session: Session, funnel_posting: int
) -> None:
    with query_count(engine) as recorded:
        slug = analytics.posting_options(session=session)[0].slug
        filter_, _ = analytics.parse_filter(slug, "2026-11-01", "2026-12-01", session=session)
        analytics.funnel(filter_, session=session, now=NOW)
        analytics.funnel(AnalyticsFilter(), session=session, now=NOW)
    assert recorded.count >= 4
    assert not [s for s in recorded.statements if "eeo" in s.lower()]


def test_a_shared_link_is_read_back_and_mistakes_are_named(session: Session, funnel_posting: int) -> None:
    slug = next(p.slug for p in analytics.posting_options(session=session) if p.id == funnel_posting)
    filter_, notice = analytics.parse_filter(slug, "2026-11-30", "2026-11-01", session=session)
    assert filter_ == AnalyticsFilter(funnel_posting, date(2026, 11, 1), date(2026, 11, 30))
    assert "swapped" in notice
    filter_, notice = analytics.parse_filter("nope", "2026-02-30", "", session=session)
    assert filter_ == AnalyticsFilter() and "all postings" in notice and "not a date" in notice

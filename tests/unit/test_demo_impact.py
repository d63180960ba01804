"""The demo data makes the compliance and analytics pages meaningful: a source on every
application, a real adverse impact flagged on one posting, a posting too small to judge."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session, col, func, select

from careers_app.demo.applicants import load_demo_applications
from careers_app.demo.impact import IMPACT_PLAN, IMPACT_SLUG, TOO_FEW_SLUG
from careers_app.demo.postings import load_demo_data
from careers_app.models import Application, Posting
from careers_app.services.compliance import analytics
from careers_app.services.compliance import eeo_reports as eeo


def _posting_id(session: Session, slug: str) -> int:
    found = session.exec(select(Posting.id).where(Posting.slug == slug)).one()
    assert found is not None
    return found


def test_demo_impact_cohort_sources_and_a_posting_too_small(session: Session, tmp_path: Path) -> None:
    load_demo_data(session=session)
    added = load_demo_applications(tmp_path, session=session)
    assert added == 140 + sum(n for _, n, _ in IMPACT_PLAN)

    sources = dict(
        session.exec(select(Application.source, func.count()).group_by(col(Application.source))).all()
    )
    assert set(sources) == {"job board", "linkedin", "api", "indeed", "referral"}  # never "unknown"

    impact = _posting_id(session, IMPACT_SLUG)
    rows = eeo.adverse_impact(eeo.ReportFilter(posting_id=impact), session=session)
    men = next(r for r in rows if r.group == "Male" and r.step == "Applied → Recruiter screen")
    women = next(r for r in rows if r.group == "Female" and r.step == "Applied → Recruiter screen")
    assert women.verdict == eeo.REFERENCE and men.verdict == eeo.ADVERSE
    assert int(men.applicants) >= 40 and float(men.impact_ratio) < 0.6
    flagged = {(r.step, r.question, r.group) for r in rows if r.verdict == eeo.ADVERSE}
    assert ("Applied → Recruiter screen", "Gender", "Male") in flagged

    small = _posting_id(session, TOO_FEW_SLUG)
    judged = [
        r.verdict
        for r in eeo.adverse_impact(eeo.ReportFilter(posting_id=small), session=session)
        if r.verdict != eeo.REFERENCE
    ]
    assert judged and set(judged) <= {eeo.TOO_FEW, eeo.WITHHELD}  # hidden counts: no verdict, no hint of size

    funnel = analytics.funnel(analytics.AnalyticsFilter(posting_id=impact), session=session)
    assert funnel.applications >= 80 and funnel.conversion[0].reached_next >= 34


def test_demo_cohort_is_deterministic(session: Session, tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from careers_app.demo.impact import add_impact_cohort

    load_demo_data(session=session)
    pid = _posting_id(session, IMPACT_SLUG)
    now = datetime(2026, 11, 1, tzinfo=UTC)
    add_impact_cohort(pid, tmp_path, session=session, now=now)
    first = session.exec(
        select(Application.stage, Application.source, Application.submitted_at).order_by(col(Application.id))
    ).all()
    assert len(first) == 80
    session.rollback()
    load_demo_data(session=session)
    pid = _posting_id(session, IMPACT_SLUG)
    add_impact_cohort(pid, tmp_path, session=session, now=now)
    again = session.exec(
        select(Application.stage, Application.source, Application.submitted_at).order_by(col(Application.id))
    ).all()
    assert [tuple(r) for r in again] == [tuple(r) for r in first]

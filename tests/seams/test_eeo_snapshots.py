"""The same equal-opportunity report, downloaded again, is the same report (the open privacy
finding after issue 18): counted from live data, a report downloaded before and after one
change an admin sees or makes (one card moved, one new application, one person erased)
differed by exactly that person, and the cells that changed by one were their answers.

Here every report a user may ask for is downloaded over plain HTTP with a signed-in admin's
cookie (the CSV route's own unit of work), and the compliance page's state is loaded through
the guard, before and after each change, each committed as production commits it; nothing
may differ, byte for byte. The quarter under way is refused and never offered.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, select
from starlette.testclient import TestClient

from careers_app import routes
from careers_app.http import api
from careers_app.models import Application, EeoAnswer, EeoQuarter, EeoQuarterCount
from careers_app.services.board import pipeline
from careers_app.services.compliance import eeo_snapshots
from careers_app.services.compliance.eeo_disclosure import period_choice
from careers_app.services.platform import audit, db
from careers_app.services.privacy import erasure
from careers_app.settings import get_settings
from careers_app.states.guard import SESSION_COOKIE
from careers_app.states.team import ComplianceState
from tests.eeo_data import add_applicant, add_reported
from tests.factories import make_office, make_posting, make_team
from tests.unit.test_handlers import _token, app_db, call

__all__ = ["app_db"]

ADMIN = audit.Actor(audit.USER, None, "admin@example.com", "203.0.113.9")
VETERAN = "I identify as a U.S. veteran"
NOT_VETERAN = "I am not a U.S. veteran"


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 15, tzinfo=UTC)


def _board() -> dict[str, Any]:
    """Two postings with applications in 2026 Q2 and Q3 (closed), rows of five and more."""
    with db.session_scope() as session:
        team, office = make_team(session), make_office(session)
        target = make_posting(session, team, office, title="Snapshot Analyst")
        other = make_posting(session, team, office, title="Snapshot Other")
        pid, oid = target.id or 0, other.id or 0
        q3 = []
        for i in range(30):
            q3.append(
                add_reported(
                    session,
                    pid,
                    "recruiter_screen" if i % 2 else "applied",
                    submitted_at=_at(date(2026, 7, 2) + timedelta(days=2 * i)),
                    gender="Female" if i % 3 else "Male",
                    veteran_status=VETERAN if i % 4 == 0 else NOT_VETERAN,
                )
            )
        for i in range(12):
            add_reported(
                session,
                pid if i < 7 else oid,
                "recruiter_screen" if i % 2 else "applied",
                submitted_at=_at(date(2026, 4, 3) + timedelta(days=5 * i)),
                gender="Male" if i % 2 else "Female",
                veteran_status=NOT_VETERAN,
            )
        moved = q3[2]  # a woman at Applied, in 2026 Q3: the admin moves her card later
        erased = q3[5]  # a man at the recruiter screen, in 2026 Q3: later erased
        candidate = session.get(Application, erased)
        assert candidate is not None
        return {"slug": target.slug, "pid": pid, "moved": moved, "erased": candidate.candidate_id}


def _downloads(client: TestClient, slug: str) -> dict[str, bytes]:
    """Every CSV a user may ask for here: both kinds, each posting and all, all time and each
    closed quarter."""
    got = {}
    for kind in ("eeo", "impact"):
        for posting in ("", slug):
            for date_from, date_to in (("", ""), ("2026-04-01", "2026-06-30"), ("2026-07-01", "2026-09-30")):
                url = routes.compliance_csv_url(kind, posting=posting, date_from=date_from, date_to=date_to)
                answer = client.get(url)
                assert answer.status_code == 200, answer.text
                got[url] = answer.content
    return got


def _page(slug: str) -> dict[str, Any]:
    """What the compliance page shows, for all postings over all time and for one posting's
    quarter, through the guard (one unit of work per event, as in production)."""
    shown = {}
    for url in (
        routes.compliance_url(),
        routes.compliance_url(posting=slug, date_from="2026-07-01", date_to="2026-09-30"),
    ):
        state, result = call(ComplianceState, "load", token=_token("compliance"), path=url)
        assert result is None and state.notice == ""
        shown[url] = (state.rows, state.postings, state.periods, state.tables, state.impact, state.charts)
    return shown


def test_a_report_downloaded_again_after_a_move_an_application_or_an_erasure_is_the_same(
    app_db: Engine,
) -> None:
    board = _board()
    client = TestClient(api.http_routes(), base_url=get_settings().base_url)
    client.cookies.set(SESSION_COOKIE, _token("admin"))
    first, page = _downloads(client, board["slug"]), _page(board["slug"])
    assert any(b"Gender,Female," in body for body in first.values())  # real tables, not empty ones

    # (a) the admin moves a card of a closed quarter to a later stage
    with db.session_scope() as session:
        card = session.get(Application, board["moved"])
        assert card is not None and card.stage == "applied"
        pipeline.move(card.id or 0, board["pid"], "recruiter_screen", card.version, "admin", session=session)
    assert _downloads(client, board["slug"]) == first
    assert _page(board["slug"]) == page

    # (b) one new application arrives, now (in the quarter under way), on a posting with
    # reports and on one without
    with db.session_scope() as session:
        add_applicant(session, board["pid"], gender="Female", veteran_status=VETERAN)
        fresh = make_posting(session, make_team(session, "Fresh"), make_office(session), title="Fresh")
        add_applicant(session, fresh.id or 0, gender="Male")
    assert _downloads(client, board["slug"]) == first
    assert _page(board["slug"]) == page

    # (c) the admin erases a person who applied in a closed quarter
    with db.session_scope() as session:
        answers = session.exec(select(func.count()).select_from(EeoAnswer)).one()
        erasure.erase_person(board["erased"], ADMIN, session=session)
    with db.session_scope() as session:  # the live data did change: their answers are gone
        assert session.exec(select(func.count()).select_from(EeoAnswer)).one() == answers - 1
    assert _downloads(client, board["slug"]) == first
    assert _page(board["slug"]) == page


def test_the_quarter_under_way_is_refused_over_http_and_not_offered(app_db: Engine) -> None:
    board = _board()
    with db.session_scope() as session:  # applications in the quarter under way too
        for i in range(6):
            add_applicant(session, board["pid"], "recruiter_screen" if i % 2 else "applied", gender="Female")
    today = datetime.now(UTC).date()
    current = period_choice(today)
    coming = period_choice(date.fromisoformat(current.date_to) + timedelta(days=1))
    year, q = current.code.split("-")
    ends = date.fromisoformat(current.date_to) + timedelta(days=1)
    client = TestClient(api.http_routes(), base_url=get_settings().base_url)
    client.cookies.set(SESSION_COOKIE, _token("compliance"))
    for kind in ("eeo", "impact"):
        for period in (current, coming):
            for posting in ("", board["slug"]):
                answer = client.get(
                    routes.compliance_csv_url(
                        kind, posting=posting, date_from=period.date_from, date_to=period.date_to
                    )
                )
                assert answer.status_code == 400, answer.text
                assert "is reported once it ends, on" in answer.text and "closed quarters" in answer.text
        said = client.get(
            routes.compliance_csv_url(kind, date_from=current.date_from, date_to=current.date_to)
        ).text
        assert said.startswith(f"{year} {q} is reported once it ends, on {ends.day} ")
        assert str(ends.year) in said

    url = routes.compliance_url(posting=board["slug"], date_from=current.date_from, date_to=current.date_to)
    state, result = call(ComplianceState, "load", token=_token("compliance"), path=url)
    assert result is None
    assert [p.code for p in state.periods] == ["", "2026-Q3", "2026-Q2"]  # closed, with applications
    assert (state.period, state.date_from, state.date_to) == ("", "", "")  # snapped to all time
    assert state.notice == f"{year} {q} has not ended, so it has no report yet. Showing all time."
    assert state.not_yet.startswith(f"{year} {q} is reported once it ends")
    # the quarter's six new applications are not in any count: all time is the closed quarters
    gender = next(t for t in state.tables if t.field == "gender")
    assert gender.totals[0] == "37"  # the posting's 30 + 7 applications of 2026 Q3 and Q2


def test_a_quarter_counts_stages_as_of_its_end_and_is_written_once(session: Session) -> None:
    posting = make_posting(session, make_team(session), make_office(session), title="Quarter End")
    pid = posting.id or 0
    for i in range(5):
        add_reported(session, pid, "recruiter_screen", submitted_at=_at(date(2026, 8, 3 + i)), gender="Male")
    late = add_reported(session, pid, submitted_at=_at(date(2026, 9, 29)), gender="Female")
    card = session.get(Application, late)
    assert card is not None
    # moved on 2 October, after 2026 Q3 ended: Q3 still counts her at Applied
    pipeline.move(late, pid, "recruiter_screen", card.version, "tester", session=session)
    moved = session.exec(select(Application).where(Application.id == late)).one()
    assert moved.stage == "recruiter_screen"
    from careers_app.models import StageEvent

    event = session.exec(
        select(StageEvent).where(StageEvent.application_id == late, StageEvent.to_stage == "recruiter_screen")
    ).one()
    event.at = datetime(2026, 10, 2, 9, tzinfo=UTC)
    session.add(event)
    session.flush()

    now = datetime(2026, 12, 7, 12, tzinfo=UTC)
    people = eeo_snapshots.respondents(session=session, now=now)
    reached = sorted((p.answers["gender"], p.furthest, p.submitted) for p in people)
    assert reached == [("Female", 0, date(2026, 7, 1))] + [("Male", 1, date(2026, 7, 1))] * 5
    rows = session.exec(select(EeoQuarterCount.furthest, EeoQuarterCount.applications)).all()
    assert sorted(rows) == [(0, 1), (1, 5)]  # aggregated: no row per application
    columns = set(EeoQuarterCount.model_fields)
    assert not columns & {"application_id", "candidate_id"}

    # the quarter under way (2026 Q4) is not counted, nor frozen; a frozen one never changes
    add_reported(session, pid, "offer", submitted_at=_at(date(2026, 11, 2)), gender="Female")
    assert eeo_snapshots.respondents(session=session, now=now) == people
    starts = session.exec(select(col(EeoQuarter.quarter_start))).all()
    assert starts == [date(2026, 7, 1)]
    # a second first request for the same quarter (the loser of a race) writes nothing
    assert eeo_snapshots.freeze_quarter(date(2026, 7, 1), session=session) is False
    assert session.exec(select(func.count()).select_from(EeoQuarterCount)).one() == 2
    # in 2027 Q1, 2026 Q4 is frozen as it stood on 31 December
    later = eeo_snapshots.respondents(session=session, now=datetime(2027, 1, 2, tzinfo=UTC))
    assert len(later) == 7 and max(p.furthest for p in later) == 4
    assert session.exec(select(col(EeoQuarter.quarter_start)).order_by(col(EeoQuarter.quarter_start))).all() == [
        date(2026, 7, 1),
        date(2026, 10, 1),
    ]

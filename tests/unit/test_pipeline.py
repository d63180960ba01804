"""The pipeline on SQLite and PostgreSQL: columns, search, safe moves, the candidate panel."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from careers_app.models import Application, EeoAnswer, StageEvent
from careers_app.services.board import pipeline
from careers_app.services.platform import auth
from careers_app.services.platform.db import session_scope
from careers_app.services.platform.errors import Invalid, NotFound, Refused
from careers_app.services.platform.reference import STAGE_KEYS
from tests.factories import board_columns, demo_applications, make_office, make_posting, make_team


@pytest.fixture
def posting_id(session: Session, tmp_path: Path) -> int:
    posting = make_posting(session, make_team(session), make_office(session), title="Data Engineer")
    assert posting.id is not None
    demo_applications(posting.id, 40, tmp_path, session=session)
    return posting.id


def test_board_has_every_stage_with_counts_and_pages(session: Session, posting_id: int) -> None:
    columns = board_columns(posting_id, session=session, limit=5)
    assert [c.key for c in columns] == list(STAGE_KEYS)
    assert sum(c.count for c in columns) == 40
    assert pipeline.stage_counts(posting_id, session=session) == {c.key: c.count for c in columns}
    for c in columns:
        assert len(c.cards) == min(5, c.count)
        assert all(card.stage == c.key for card in c.cards)


def test_board_search_by_name_and_resume_text(session: Session, posting_id: int) -> None:
    some = session.exec(select(Application).where(Application.posting_id == posting_id)).first()
    assert some is not None
    card = pipeline.card(some.id or 0, session=session)
    assert card is not None
    by_name = board_columns(posting_id, session=session, query=card.name.split()[0].upper())
    assert any(c.id == card.id for col in by_name for c in col.cards)
    by_resume = board_columns(posting_id, session=session, query="years of experience")
    assert sum(col.count for col in by_resume) == 40
    assert sum(col.count for col in board_columns(posting_id, session=session, query="zzzz-nothing")) == 0


def _first(session: Session, posting_id: int, stage: str = "applied") -> Application:
    row = session.exec(
        select(Application).where(Application.posting_id == posting_id, Application.stage == stage)
    ).first()
    assert row is not None
    return row


def test_move_records_a_stage_event_and_bumps_the_version(session: Session, posting_id: int) -> None:
    app = _first(session, posting_id)
    before = app.version
    moved = pipeline.move(app.id or 0, posting_id, "recruiter_screen", before, "Riley", session=session)
    assert moved.to_stage == "recruiter_screen" and moved.version == before + 1
    shown = pipeline.card(app.id or 0, session=session)
    assert shown is not None and (shown.stage, shown.version, shown.days_in_stage) == ("recruiter_screen", before + 1, 0)
    last = session.exec(
        select(StageEvent).where(StageEvent.application_id == app.id).order_by(col(StageEvent.id).desc())
    ).first()
    assert last is not None and (last.from_stage, last.to_stage, last.actor) == (
        "applied",
        "recruiter_screen",
        "Riley",
    )


def test_stale_version_is_a_conflict_with_the_current_state(session: Session, posting_id: int) -> None:
    app = _first(session, posting_id)
    version = app.version
    pipeline.move(app.id or 0, posting_id, "phone_interview", version, "A", session=session)
    with pytest.raises(pipeline.MoveConflict) as conflict:
        pipeline.move(app.id or 0, posting_id, "offer", version, "B", session=session)
    assert conflict.value.card is not None and conflict.value.card.stage == "phone_interview"


def test_rejecting_needs_a_listed_reason_and_moves_stay_on_their_board(
    session: Session, posting_id: int
) -> None:
    app = _first(session, posting_id)
    with pytest.raises(pipeline.MoveRefused, match="reason"):
        pipeline.move(app.id or 0, posting_id, "rejected", app.version, "A", session=session)
    with pytest.raises(pipeline.MoveRefused, match="reason"):
        pipeline.move(
            app.id or 0, posting_id, "rejected", app.version, "A", session=session, reason="<b>rude</b>"
        )
    with pytest.raises(pipeline.MoveRefused, match="stage"):
        pipeline.move(app.id or 0, posting_id, "promoted", app.version, "A", session=session)
    with pytest.raises(NotFound, match="not on this board"):
        pipeline.move(app.id or 0, posting_id + 999, "offer", app.version, "A", session=session)
    moved = pipeline.move(
        app.id or 0,
        posting_id,
        "rejected",
        app.version,
        "A",
        session=session,
        reason=pipeline.REJECTION_REASONS[0],
    )
    assert moved.to_stage == "rejected"


def test_candidate_panel_has_history_documents_and_notes_never_eeo(session: Session, posting_id: int) -> None:
    app = _first(session, posting_id)
    # Demo applicants may have answered already: make the answers this test looks for.
    for old in session.exec(select(EeoAnswer).where(EeoAnswer.application_id == app.id)).all():
        session.delete(old)
    session.flush()
    session.add(
        EeoAnswer(
            application_id=app.id or 0,
            posting_id=posting_id,
            gender="Female",
            race_ethnicity="Hispanic or Latinx",
        )
    )
    user = auth.create_user(
        "n@example.com", "Nia Notes", "long enough password", "recruiter", session=session
    )
    pipeline.add_note(app.id or 0, posting_id, user.id or 0, "  Strong Spark background.  ", session=session)
    detail = pipeline.candidate_detail(app.id or 0, posting_id, session=session)
    assert detail is not None
    assert detail.documents[0].kind == "resume" and "years of experience" in detail.resume_text
    assert detail.history[0].text == "Applied (candidate)"
    assert detail.notes[0].body == "Strong Spark background." and detail.notes[0].author == "Nia Notes"
    assert "Female" not in repr(detail) and "Hispanic" not in repr(detail)
    with pytest.raises(Invalid, match="Write a note"):
        pipeline.add_note(app.id or 0, posting_id, user.id or 0, "   ", session=session)
    assert pipeline.candidate_detail(app.id or 0, posting_id + 1, session=session) is None


def test_postings_list_counts_per_stage(session: Session, posting_id: int) -> None:
    rows = {p.title: p for p in pipeline.postings_with_counts(session=session)}
    assert rows["Data Engineer"].total == 40
    assert sum(rows["Data Engineer"].counts.values()) == 40


def test_two_simultaneous_moves_of_one_card_leave_one_event(committed_engine: Engine, tmp_path: Path) -> None:
    with session_scope(committed_engine) as session:
        posting = make_posting(session, make_team(session), make_office(session))
        assert posting.id is not None
        demo_applications(posting.id, 3, tmp_path, session=session)
        app = (
            _first(session, posting.id)
            if session.exec(select(Application).where(Application.stage == "applied")).first()
            else session.exec(select(Application)).first()
        )
        assert app is not None
        app_id, version, start_stage, posting_id = app.id or 0, app.version, app.stage, posting.id
    with committed_engine.connect() as conn:
        events_before = conn.execute(
            sa.text("select count(*) from stageevent where application_id = :a"), {"a": app_id}
        ).scalar_one()
    targets = [s for s in ("offer", "hired") if s != start_stage]
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def attempt(stage: str) -> None:
        barrier.wait()
        try:
            with session_scope(committed_engine) as session:
                pipeline.move(app_id, posting_id, stage, version, stage, session=session)
            outcomes.append("moved:" + stage)
        except pipeline.MoveConflict:
            outcomes.append("conflict")

    threads = [threading.Thread(target=attempt, args=(t,)) for t in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(o.split(":")[0] for o in outcomes) == ["conflict", "moved"]
    winner = next(o.split(":")[1] for o in outcomes if o.startswith("moved"))
    with committed_engine.connect() as conn:
        stage, new_version = conn.execute(
            sa.text("select stage, version from application where id = :a"), {"a": app_id}
        ).one()
        events_after = conn.execute(
            sa.text("select count(*) from stageevent where application_id = :a"), {"a": app_id}
        ).scalar()
    assert stage == winner and new_version == version + 1
    assert events_after == events_before + 1


def test_admin_can_close_and_reopen_a_posting(session: Session) -> None:
    from careers_app.services.postings.postings import get_open_posting

    posting = make_posting(session, make_team(session), make_office(session), slug="to-close")
    pipeline.set_posting_status("to-close", "closed", session=session)
    assert get_open_posting("to-close", session=session, company="A", base_url="http://x") is None
    pipeline.set_posting_status("to-close", "open", session=session)
    assert get_open_posting("to-close", session=session, company="A", base_url="http://x") is not None
    with pytest.raises(Refused, match="open or closed"):
        pipeline.set_posting_status("to-close", "deleted", session=session)
    assert posting.id is not None

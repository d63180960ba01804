"""Bulk actions on SQLite and PostgreSQL: version checks per card, conflicts by name,
one transaction, undo, limits, and ids from another posting refused."""

from __future__ import annotations

from datetime import timedelta
from itertools import count

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, select

from careers_app.models import Application, BulkAction, Note, StageEvent, User
from careers_app.services.board import bulk, pipeline
from careers_app.services.platform.db import session_scope
from careers_app.services.platform.errors import Invalid, NotFound, Refused
from careers_app.services.postings import stages
from tests.factories import add_applications, board_columns, make_office, make_posting, make_team

_n = count(1)
REASON = pipeline.REJECTION_REASONS[0]


def make_user(session: Session, name: str = "Riley Recruiter") -> User:
    user = User(email=f"u{next(_n)}@example.com", name=name, password_hash="x", role="recruiter")
    session.add(user)
    session.flush()
    return user


def versions(session: Session, ids: list[int]) -> dict[int, tuple[str, int]]:
    session.expire_all()
    rows = session.exec(select(Application).where(col(Application.id).in_(ids))).all()
    return {a.id or 0: (a.stage, a.version) for a in rows}


@pytest.fixture
def board(session: Session) -> tuple[int, list[int], User]:
    posting = make_posting(session, make_team(session), make_office(session))
    names = ["Ana Lima", "Bo Chen", "Cy Diaz", "Di Evans", "Ed Fox", "Flo Gray"]
    ids = add_applications(session, posting.id or 0, names)
    return posting.id or 0, ids, make_user(session)


def test_bulk_move_moves_every_card_with_a_stage_event_each(session: Session, board: tuple[int, list[int], User]) -> None:
    posting_id, ids, user = board
    items = [(i, 1) for i in ids]
    result = bulk.bulk_move(
        posting_id, items, "phone_interview", user_id=user.id or 0, actor=user.name, session=session
    )
    assert {c.id for c in result.changed} == set(ids) and result.skipped == []
    assert all(c.stage == "phone_interview" and c.version == 2 for c in result.changed)
    assert result.message == "Moved to Phone interview: 6."
    events = session.exec(select(StageEvent).where(col(StageEvent.application_id).in_(ids))).all()
    assert sorted((e.application_id, e.from_stage, e.to_stage, e.actor) for e in events) == sorted(
        (i, "applied", "phone_interview", user.name) for i in ids
    )
    assert result.action_id is not None


def test_cards_changed_meanwhile_are_left_alone_and_named(session: Session, board: tuple[int, list[int], User]) -> None:
    posting_id, ids, user = board
    # Someone else moves Ana and Cy after our browser read version 1.
    pipeline.move(ids[0], posting_id, "onsite", 1, "Other", session=session)
    pipeline.move(ids[2], posting_id, "offer", 1, "Other", session=session)
    result = bulk.bulk_move(
        posting_id,
        [(i, 1) for i in ids],
        "rejected",
        user_id=user.id or 0,
        actor=user.name,
        session=session,
        reason=REASON,
    )
    assert sorted(result.skipped) == ["Ana Lima", "Cy Diaz"]
    assert "2 not moved because someone else changed them: Ana Lima, Cy Diaz." in result.message
    now = versions(session, ids)
    assert now[ids[0]] == ("onsite", 2) and now[ids[2]] == ("offer", 2)  # as the other person left them
    assert all(now[i] == ("rejected", 2) for i in ids if i not in (ids[0], ids[2]))
    rejected = session.exec(select(Application).where(Application.id == ids[1])).one()
    assert rejected.rejection_reason == REASON


def test_reject_needs_one_of_the_reasons_and_the_stage_must_be_the_postings(session: Session, board: tuple[int, list[int], User]) -> None:
    posting_id, ids, user = board
    with pytest.raises(Invalid):
        bulk.bulk_move(
            posting_id, [(ids[0], 1)], "rejected", user_id=user.id or 0, actor="x", session=session, reason="meh"
        )
    with pytest.raises(Refused):
        bulk.bulk_move(posting_id, [(ids[0], 1)], "nowhere", user_id=user.id or 0, actor="x", session=session)
    assert versions(session, ids)[ids[0]] == ("applied", 1)


def test_ids_from_another_posting_refuse_the_whole_action(session: Session, board: tuple[int, list[int], User]) -> None:
    posting_id, ids, user = board
    other = make_posting(session, make_team(session), make_office(session))
    foreign = add_applications(session, other.id or 0, ["Zed Young"])
    with pytest.raises(NotFound, match="1 selected application is not on this board"):
        bulk.bulk_move(
            posting_id,
            [(i, 1) for i in [*ids, *foreign]],
            "onsite",
            user_id=user.id or 0,
            actor="x",
            session=session,
        )
    with pytest.raises(NotFound):
        bulk.bulk_note(posting_id, [*ids, *foreign], "Hello", user_id=user.id or 0, session=session)
    assert set(versions(session, [*ids, *foreign]).values()) == {("applied", 1)}
    assert session.exec(select(func.count()).select_from(Note)).one() == 0


def test_limits_are_checked_on_the_server() -> None:
    with pytest.raises(Refused, match="at most 500"):
        bulk.parse_items([{"id": i, "version": 1} for i in range(1, 502)])
    for bad in ([], "1,2", None, [{"id": True, "version": 1}], [{"id": "x", "version": 1}], [{"id": 1}], [5]):
        with pytest.raises(Refused):
            bulk.parse_items(bad)
    assert bulk.parse_items(
        [{"id": "7", "version": 2}, {"id": 7, "version": 9}, {"id": 8, "version": 1}]
    ) == [
        (7, 2),
        (8, 1),
    ]
    assert len(bulk.parse_items([{"id": i, "version": 1} for i in range(1, 501)])) == 500


def test_undo_puts_cards_back_but_not_over_someone_elses_change(session: Session, board: tuple[int, list[int], User]) -> None:
    posting_id, ids, user = board
    pipeline.move(ids[5], posting_id, "onsite", 1, "Setup", session=session)  # Flo starts in Onsite
    items = [(i, 1) for i in ids[:5]] + [(ids[5], 2)]
    bulk.bulk_move(
        posting_id, items, "rejected", user_id=user.id or 0, actor=user.name, session=session, reason=REASON
    )
    pipeline.move(ids[1], posting_id, "offer", 2, "Other", session=session)  # Bo moved on meanwhile
    result = bulk.undo_last(posting_id, user_id=user.id or 0, actor=user.name, session=session)
    assert result.skipped == ["Bo Chen"]
    assert "1 left as they are because someone else changed them: Bo Chen." in result.message
    now = versions(session, ids)
    assert now[ids[1]] == ("offer", 3)
    assert now[ids[5]] == ("onsite", 4) and now[ids[0]] == ("applied", 3)
    back = session.exec(select(Application).where(Application.id == ids[0])).one()
    assert back.rejection_reason == ""
    last = session.exec(
        select(StageEvent).where(StageEvent.application_id == ids[5]).order_by(col(StageEvent.id).desc())
    ).first()
    assert last is not None and (last.from_stage, last.to_stage) == ("rejected", "onsite")
    with pytest.raises(Refused, match="Nothing to undo"):
        bulk.undo_last(posting_id, user_id=user.id or 0, actor=user.name, session=session)


def test_undo_only_within_a_minute_and_only_your_own(session: Session, board: tuple[int, list[int], User]) -> None:
    posting_id, ids, user = board
    other = make_user(session, "Other Person")
    bulk.bulk_move(posting_id, [(ids[0], 1)], "onsite", user_id=user.id or 0, actor=user.name, session=session)
    with pytest.raises(Refused):
        bulk.undo_last(posting_id, user_id=other.id or 0, actor="Other", session=session)
    action = session.exec(select(BulkAction).where(BulkAction.user_id == user.id)).one()
    action.at = action.at - timedelta(seconds=bulk.UNDO_SECONDS + 1)
    session.add(action)
    session.flush()
    with pytest.raises(Refused, match="within 60 seconds"):
        bulk.undo_last(posting_id, user_id=user.id or 0, actor=user.name, session=session)
    assert versions(session, ids)[ids[0]] == ("onsite", 2)


def test_bulk_note_and_its_undo(session: Session, board: tuple[int, list[int], User]) -> None:
    posting_id, ids, user = board
    with pytest.raises(Invalid):
        bulk.bulk_note(posting_id, ids, "   ", user_id=user.id or 0, session=session)
    result = bulk.bulk_note(posting_id, ids[:3], "  Strong portfolio  ", user_id=user.id or 0, session=session)
    assert result.message == "Note added to 3 applications."
    notes = session.exec(select(Note).where(col(Note.application_id).in_(ids))).all()
    assert sorted(n.application_id for n in notes) == ids[:3] and {n.body for n in notes} == {
        "Strong portfolio"
    }
    bulk.undo_last(posting_id, user_id=user.id or 0, actor=user.name, session=session)
    assert session.exec(select(func.count()).select_from(Note)).one() == 0


def test_bulk_move_follows_the_postings_own_stages(session: Session, board: tuple[int, list[int], User]) -> None:
    posting_id, ids, user = board
    take_home = stages.add_stage(posting_id, "Take-home task", session=session)
    result = bulk.bulk_move(
        posting_id, [(ids[0], 1)], take_home.key, user_id=user.id or 0, actor="x", session=session
    )
    assert result.message == "Moved to Take-home task: 1."
    columns = board_columns(posting_id, session=session)
    assert [c.key for c in columns][:6] == [
        "applied",
        "recruiter_screen",
        "phone_interview",
        "onsite",
        "offer",
        take_home.key,
    ]
    assert next(c for c in columns if c.key == take_home.key).count == 1


def test_one_bulk_action_is_one_transaction(committed_engine: Engine) -> None:
    """Through production's session_scope: a refused action leaves nothing; a good one is all there."""
    with session_scope(committed_engine) as session:
        posting = make_posting(session, make_team(session), make_office(session))
        other = make_posting(session, make_team(session), make_office(session))
        ids = add_applications(session, posting.id or 0, [f"Person N{i}" for i in range(120)])
        foreign = add_applications(session, other.id or 0, ["Far Away"])
        user_id, posting_id = make_user(session).id or 0, posting.id or 0
    with pytest.raises(NotFound), session_scope(committed_engine) as session:
        bulk.bulk_move(
            posting_id,
            [(i, 1) for i in [*ids, *foreign]],
            "onsite",
            user_id=user_id,
            actor="x",
            session=session,
        )
    with Session(committed_engine) as session:
        assert session.exec(select(func.count()).select_from(StageEvent)).one() == 0
        assert set(versions(session, ids).values()) == {("applied", 1)}
    with session_scope(committed_engine) as session:
        result = bulk.bulk_move(
            posting_id, [(i, 1) for i in ids], "onsite", user_id=user_id, actor="x", session=session
        )
    assert len(result.changed) == 120
    with Session(committed_engine) as session:
        assert set(versions(session, ids).values()) == {("onsite", 2)}
        assert session.exec(select(func.count()).select_from(StageEvent)).one() == 120


def test_select_all_in_the_filtered_result_takes_the_boards_url_filter(session: Session, board: tuple[int, list[int], User]) -> None:
    posting_id, ids, _user = board
    pipeline.move(ids[1], posting_id, "onsite", 1, "Other", session=session)
    everyone = bulk.filtered_items(posting_id, {}, session=session)
    assert everyone == [(i, 2 if i == ids[1] else 1) for i in ids]
    assert bulk.filtered_items(posting_id, {"q": "bo chen"}, session=session) == [(ids[1], 2)]
    assert bulk.filtered_items(posting_id, {"q": "nobody-at-all"}, session=session) == []
    # A mistyped value is ignored, as the board ignores it.
    assert len(bulk.filtered_items(posting_id, {"days": "soon", "cover": ["x"]}, session=session)) == 6
    add_applications(session, posting_id, [f"Many P{i}" for i in range(bulk.MAX_CARDS)])
    with pytest.raises(Refused, match="506 applications match; a bulk action takes at most 500"):
        bulk.filtered_items(posting_id, {}, session=session)
    assert len(bulk.filtered_items(posting_id, {"q": "many"}, session=session)) == 500


def test_bulk_reject_can_queue_rejection_emails_and_undo_cancels_them(session: Session, board: tuple[int, list[int], User]) -> None:
    from careers_app.models import Outbox

    posting_id, ids, user = board
    result = bulk.bulk_move(
        posting_id,
        [(i, 1) for i in ids[:3]],
        "rejected",
        user_id=user.id or 0,
        actor=user.name,
        session=session,
        reason=REASON,
        email_delay=timedelta(minutes=10),
    )
    assert result.message == "Rejected: 3. Rejection emails queued."
    mails = session.exec(select(Outbox).where(col(Outbox.application_id).in_(ids))).all()
    assert sorted(m.application_id or 0 for m in mails) == sorted(ids[:3])
    assert {(m.kind, m.status) for m in mails} == {("not_selected", "pending")}
    assert all(m.next_attempt_at > m.created_at for m in mails)  # after the delay, not now
    bulk.undo_last(posting_id, user_id=user.id or 0, actor=user.name, session=session)
    session.expire_all()
    assert {
        m.status for m in session.exec(select(Outbox).where(col(Outbox.application_id).in_(ids))).all()
    } == {"cancelled"}


def test_under_blind_screening_the_report_names_the_alias_not_the_person(session: Session, board: tuple[int, list[int], User]) -> None:
    from careers_app.services.visibility import blind_screening

    posting_id, ids, user = board
    blind_screening.set_enabled(posting_id, True, user_id=user.id or 0, session=session)
    pipeline.move(ids[0], posting_id, "recruiter_screen", 1, "Other", session=session)  # still hidden there
    result = bulk.bulk_move(
        posting_id, [(i, 1) for i in ids[:2]], "onsite", user_id=user.id or 0, actor="x", session=session
    )
    assert result.skipped == [blind_screening.alias(ids[0])]
    assert "Ana" not in result.message and "Lima" not in result.message
    assert blind_screening.alias(ids[0]) in result.message


def test_a_card_changed_between_the_read_and_the_write_is_left_alone(
    session: Session, board: tuple[int, list[int], User], monkeypatch: pytest.MonkeyPatch
) -> None:
    posting_id, ids, user = board
    read = bulk._rows

    def read_then_someone_writes(posting_id: int, wanted: list[int], db: Session) -> dict[int, Application]:
        rows = read(posting_id, wanted, db)  # what the bulk action saw: version 1 everywhere
        db.execute(
            sa.update(Application)
            .where(col(Application.id) == ids[2])
            .values(stage="offer", version=Application.version + 1)
            .execution_options(synchronize_session=False)
        )
        return rows

    monkeypatch.setattr(bulk, "_rows", read_then_someone_writes)
    result = bulk.bulk_move(
        posting_id, [(i, 1) for i in ids], "onsite", user_id=user.id or 0, actor="x", session=session
    )
    assert result.skipped == ["Cy Diaz"] and len(result.changed) == 5
    now = versions(session, ids)
    assert now[ids[2]] == ("offer", 2) and {now[i] for i in ids if i != ids[2]} == {("onsite", 2)}
    assert (
        session.exec(
            select(func.count()).select_from(StageEvent).where(StageEvent.application_id == ids[2])
        ).one()
        == 0
    )

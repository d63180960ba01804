"""The rejection email: only when asked, due after the delay, cancelled if the card leaves Rejected."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from reflex.istate.data import RouterData
from reflex.state import State
from reflex_base.event.processor.base_state_processor import _prepare_event_payload
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from careers_app import routes
from careers_app.models import Application, Outbox
from careers_app.models.types import utcnow
from careers_app.services.board import pipeline
from careers_app.services.mail import outbox, rejection_email
from careers_app.services.platform.errors import Refused
from careers_app.states.guard import SESSION_COOKIE
from tests.factories import add_applications, demo_applications, make_office, make_posting, make_team
from tests.handler_calls import new_root
from tests.handler_calls import token_for as _token
from tests.loops import run_in_own_loop

pytestmark = pytest.mark.usefixtures("no_live_feed")


DELAY = timedelta(minutes=10)


@pytest.fixture
def posting_id(session: Session, tmp_path: Path) -> int:
    posting = make_posting(session, make_team(session), make_office(session), title="Pastry Chef")
    assert posting.id is not None
    demo_applications(posting.id, 3, tmp_path, session=session)
    return posting.id


def _reject(session: Session, posting_id: int) -> Application:
    app = session.exec(
        select(Application).where(Application.posting_id == posting_id, Application.stage != "rejected")
    ).first()
    assert app is not None and app.id is not None
    pipeline.move(
        app.id,
        posting_id,
        "rejected",
        app.version,
        "Riley",
        session=session,
        reason=pipeline.REJECTION_REASONS[0],
    )
    session.refresh(app)
    return app


def _rejection_rows(session: Session, app_id: int) -> list[Outbox]:
    return list(
        session.exec(
            select(Outbox)
            .where(Outbox.application_id == app_id, Outbox.kind == "not_selected")
            .order_by(col(Outbox.id))
            .execution_options(populate_existing=True)
        ).all()
    )


def test_rejecting_queues_nothing_by_itself(session: Session, posting_id: int) -> None:
    app = _reject(session, posting_id)
    assert _rejection_rows(session, app.id or 0) == []


def test_queued_email_waits_for_the_delay_then_goes(session: Session, posting_id: int) -> None:
    app = _reject(session, posting_id)
    now = utcnow()
    rejection_email.queue(app.id or 0, posting_id, delay=DELAY, session=session, now=now)
    [row] = _rejection_rows(session, app.id or 0)
    assert row.status == "pending" and row.next_attempt_at == now + DELAY
    assert row.subject.startswith("Your application for Pastry Chef")
    assert rejection_email.pending_at(app.id or 0, session=session) == now + DELAY
    early = [
        m.id
        for m in outbox.claim(session=session, domain="example.com", now=now + DELAY - timedelta(seconds=1))
    ]
    assert row.id not in early
    later = [m.id for m in outbox.claim(session=session, domain="example.com", now=now + DELAY)]
    assert row.id in later


def test_moving_back_out_of_rejected_cancels_it(session: Session, posting_id: int) -> None:
    app = _reject(session, posting_id)
    now = utcnow()
    rejection_email.queue(app.id or 0, posting_id, delay=DELAY, session=session, now=now)
    pipeline.move(app.id or 0, posting_id, "recruiter_screen", app.version, "Riley", session=session)
    [row] = _rejection_rows(session, app.id or 0)
    assert row.status == "cancelled"
    claimed = [m.id for m in outbox.claim(session=session, domain="example.com", now=now + DELAY * 2)]
    assert row.id not in claimed
    # Rejected again and asked again: one new email, the cancelled one stays cancelled.
    session.refresh(app)
    pipeline.move(
        app.id or 0,
        posting_id,
        "rejected",
        app.version,
        "Riley",
        session=session,
        reason=pipeline.REJECTION_REASONS[0],
    )
    rejection_email.queue(app.id or 0, posting_id, delay=DELAY, session=session, now=now)
    assert [r.status for r in _rejection_rows(session, app.id or 0)] == ["cancelled", "pending"]


def test_any_other_way_out_of_rejected_cancels_it_before_the_sender_claims(
    session: Session, posting_id: int
) -> None:
    """A bulk undo or a withdrawal changes the stage without pipeline.move: the sender still checks."""
    app = _reject(session, posting_id)
    now = utcnow()
    rejection_email.queue(app.id or 0, posting_id, delay=DELAY, session=session, now=now)
    session.execute(sa.update(Application).where(col(Application.id) == app.id).values(stage="withdrawn"))
    claimed = [m.id for m in outbox.claim(session=session, domain="example.com", now=now + DELAY)]
    [row] = _rejection_rows(session, app.id or 0)
    assert row.status == "cancelled" and row.id not in claimed


def test_queueing_again_replaces_the_pending_one(session: Session, posting_id: int) -> None:
    app = _reject(session, posting_id)
    rejection_email.queue(app.id or 0, posting_id, delay=DELAY, session=session)
    rejection_email.queue(app.id or 0, posting_id, delay=DELAY, session=session)
    assert [r.status for r in _rejection_rows(session, app.id or 0)] == ["cancelled", "pending"]


def test_only_a_rejected_application_on_this_board_gets_it(session: Session, posting_id: int) -> None:
    app = session.exec(select(Application).where(Application.posting_id == posting_id)).first()
    assert app is not None and app.stage != "rejected"
    with pytest.raises(Refused):
        rejection_email.queue(app.id or 0, posting_id, delay=DELAY, session=session)
    rejected = _reject(session, posting_id)
    from careers_app.services.platform.errors import NotFound

    with pytest.raises(NotFound):
        rejection_email.queue(rejected.id or 0, posting_id + 1000, delay=DELAY, session=session)
    assert _rejection_rows(session, rejected.id or 0) == []


# ----- through the board's handlers, as production commits them ---------------------------------


def test_reject_dialog_sends_only_when_ticked(app_db: Engine, tmp_path: Path) -> None:
    from careers_app.services.platform.db import session_scope
    from careers_app.states.pipeline import PipelineState

    with session_scope() as session:
        posting = make_posting(session, make_team(session), make_office(session), title="Baker")
        assert posting.id is not None
        # Two people at Applied: fixed data (demo people could already be rejected, and then
        # the move changes nothing and no email is asked for).
        ids = [(i, 1) for i in add_applications(session, posting.id, ["Ada Baker", "Ben Baker"])]
        slug, pid = posting.slug, posting.id
    token = _token("recruiter")
    reason = pipeline.REJECTION_REASONS[0]
    for (app_id, version), ticked in zip(ids, (False, True), strict=True):
        state = _board_state(PipelineState, token, routes.pipeline_url(slug))
        state._posting_id = pid  # as load() sets it (load also joins the live feed, which needs a server)
        _send(state, PipelineState, "move", request={"id": app_id, "version": version, "to": "rejected"})
        form = {"reason": reason, **({"send_email": "on"} if ticked else {})}
        _send(state, PipelineState, "confirm_reject", form_data=form)
        with Session(app_db) as session:
            stage = session.get(Application, app_id)
            assert stage is not None and stage.stage == "rejected"
            rows = _rejection_rows(session, app_id)
            assert [r.status for r in rows] == (["pending"] if ticked else [])
            if ticked:
                wait = rows[0].next_attempt_at - rows[0].created_at
                assert timedelta(minutes=9) < wait <= timedelta(minutes=10, seconds=1)


def _board_state(cls: type[State], token: str, path: str) -> Any:
    root = new_root()
    state = root.get_substate(cls.get_full_name().split(".")[1:])
    state.router = RouterData.from_router_data(
        {
            "headers": {"cookie": f"{SESSION_COOKIE}={token}" if token else ""},
            "ip": "203.0.113.7",
            "pathname": path.split("?")[0],
            "asPath": path,
        }
    )
    return state


def _send(state: Any, cls: type[State], name: str, **payload: Any) -> Any:
    handler = getattr(cls, name)
    return run_in_own_loop(lambda: handler.fn(state, **_prepare_event_payload(handler, payload)))


def test_the_delay_setting_is_minutes_within_a_week() -> None:
    from careers_app.settings import SettingsError, load_settings

    assert load_settings({}).rejection_email_delay_minutes == 10
    assert load_settings({"CAREERS_REJECTION_EMAIL_DELAY_MINUTES": "0"}).rejection_email_delay_minutes == 0
    for bad in ("-1", "ten", "10081", "1.5"):
        with pytest.raises(SettingsError, match="CAREERS_REJECTION_EMAIL_DELAY_MINUTES"):
            load_settings({"CAREERS_REJECTION_EMAIL_DELAY_MINUTES": bad})


def test_a_status_link_is_made_only_when_the_template_uses_it(session: Session, posting_id: int) -> None:
    from careers_app.models import StatusLink
    from careers_app.services.mail import email_templates

    app = _reject(session, posting_id)
    before = len(session.exec(select(StatusLink)).all())
    rejection_email.queue(app.id or 0, posting_id, delay=DELAY, session=session)
    assert len(session.exec(select(StatusLink)).all()) == before  # the default does not use it
    spec = email_templates.spec("not_selected")
    email_templates.save(
        "not_selected",
        spec.subject,
        spec.text + "\n\nSee where you stand: {status_link}",
        spec.html,
        user_id=None,
        session=session,
    )
    row = rejection_email.queue(app.id or 0, posting_id, delay=DELAY, session=session)
    assert len(session.exec(select(StatusLink)).all()) == before + 1
    assert re.search(r"See where you stand: https?://\S+/status\S*", row.body)

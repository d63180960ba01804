"""How many SQL statements the hot paths run, pinned (SQLite and PostgreSQL).

Each path runs as production runs it: the handler through the guard and the app's own unit
of work against a committed database (``app_db``), counted on the real engine
(``tests/query_count.py``). The figures are today's. Lower is fine (lower the pin in the
same commit); raise one only with a reason in the commit message. A failure lists every
statement, so the extra query is easy to find.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from careers_app import routes
from careers_app.devtools.pdfs import make_resume
from careers_app.models import Application
from careers_app.services.applying import applications as apps
from careers_app.services.applying import consent
from careers_app.services.candidates import upload_limits as limits
from careers_app.services.candidates.documents import check_pdf, store
from careers_app.services.platform import db
from careers_app.states.apply import ApplyState
from careers_app.states.bulk import BulkState
from careers_app.states.pipeline import PipelineState
from tests.factories import add_applications, make_office, make_posting, make_team
from tests.handler_calls import Tab, token_for
from tests.query_count import query_count

# Lower is fine, raise only with a reason. SQLite runs one statement more per unit of work
# (the BEGIN IMMEDIATE of services/platform/db.make_engine goes through a cursor).
BOARD_LOAD = {"sqlite": 11, "postgresql": 10}  # the first page of cards, 120 waiting
MOVE = {"sqlite": 11, "postgresql": 10}  # one card dropped on the next column
BULK_MOVE_100 = {"sqlite": 14, "postgresql": 13}  # a hundred selected cards moved at once
WIZARD_KEYSTROKE = {"sqlite": 0, "postgresql": 0}  # a typed value (not an EEO field: no save)
WIZARD_NEXT = {"sqlite": 4, "postgresql": 3}  # Next on step 1: the draft saved
# A finished draft with a resume submitted; one of them asks whether this draft was submitted
# already (its answer lost on the way to the tab: applications.submitted_from).
SUBMISSION = {"sqlite": 18, "postgresql": 17}
# An upload's bookkeeping before its check: the limits read before the body (one query while
# within every limit), then, atomically, read again and recorded (the lock on PostgreSQL,
# the limits, the quota, the event).
UPLOAD_LIMITS = {"sqlite": 6, "postgresql": 5}

WAITING = 120


pytestmark = pytest.mark.usefixtures("no_live_feed")


@pytest.fixture
def board(app_db: Engine) -> tuple[str, list[int]]:
    with db.session_scope() as session:
        posting = make_posting(session, make_team(session), make_office(session), title="Counted")
        ids = add_applications(session, posting.id or 0, [f"Person{i} Counted" for i in range(WAITING)])
        slug = posting.slug
    return routes.pipeline_url(slug), ids


def _dialect(engine: Engine) -> str:
    return engine.dialect.name


def test_opening_the_board(app_db: Engine, board: tuple[str, list[int]]) -> None:
    path, _ids = board
    tab = Tab(token_for("recruiter"), path)
    with query_count(app_db, BOARD_LOAD[_dialect(app_db)]):
        tab.send(PipelineState, "load")
    assert tab.state(PipelineState).status == "ready"


def test_a_board_move(app_db: Engine, board: tuple[str, list[int]]) -> None:
    path, ids = board
    tab = Tab(token_for("recruiter"), path)
    tab.send(PipelineState, "load")
    request = {"id": ids[0], "version": 1, "from": "applied", "to": "recruiter_screen"}
    with query_count(app_db, MOVE[_dialect(app_db)]):
        assert tab.send(PipelineState, "move", request=request) is None
    with db.session_scope() as session:
        assert session.get_one(Application, ids[0]).stage == "recruiter_screen"


def test_a_bulk_move_of_a_hundred(app_db: Engine, board: tuple[str, list[int]]) -> None:
    path, ids = board
    tab = Tab(token_for("recruiter"), path)
    tab.send(PipelineState, "load")
    tab.send(BulkState, "load")
    request = {"action": "move", "items": [{"id": i, "version": 1} for i in ids[:100]], "to": "onsite"}
    with query_count(app_db, BULK_MOVE_100[_dialect(app_db)]):
        tab.send(BulkState, "apply", request=request)
    with db.session_scope() as session:
        moved = session.exec(select(Application).where(Application.stage == "onsite")).all()
        assert len(moved) == 100


@pytest.fixture
def wizard(app_db: Engine) -> Tab:
    with db.session_scope() as session:
        slug = make_posting(session, make_team(session), make_office(session)).slug
    tab = Tab("", routes.apply_url(slug))
    tab.send(ApplyState, "load")
    assert tab.state(ApplyState).status == "ready"
    return tab


def test_a_keystroke_in_the_wizard(app_db: Engine, wizard: Tab) -> None:
    with query_count(app_db, WIZARD_KEYSTROKE[_dialect(app_db)]):
        wizard.send(ApplyState, "set_field", name="first_name", value="Ngozi")
    assert wizard.state(ApplyState).values["first_name"] == "Ngozi"


def test_next_saves_the_draft(app_db: Engine, wizard: Tab) -> None:
    for name, value in {
        "first_name": "Ngozi",
        "last_name": "Okonjo-Iweala",
        "email": "ngozi@example.org",
        "phone": "+234 803 123 4567",
        "country": "Nigeria",
        "city": "Lagos",
    }.items():
        wizard.send(ApplyState, "set_field", name=name, value=value)
    with query_count(app_db, WIZARD_NEXT[_dialect(app_db)]):
        wizard.send(ApplyState, "next_step")
    assert wizard.state(ApplyState).step == 2


def test_a_submission(app_db: Engine, tmp_path: Path) -> None:
    with db.session_scope() as session:
        posting = make_posting(session, make_team(session), make_office(session))
        ref = apps.open_posting_ref(posting.slug, session=session)
    assert ref is not None
    pdf = make_resume("Counted", "", ["Person"])
    checked = check_pdf(pdf)
    key = store(pdf, checked.sha256, tmp_path)
    token = apps.new_token()
    data = {"first_name": "Sam", "last_name": "Lee", "email": "sam@example.com", "phone": "4155550132"}
    with db.session_scope() as session:
        apps.save_draft(token, ref.id, {**data, "country": "United States"}, 5, session=session)
        apps.attach_document(token, ref.id, "resume", "cv.pdf", checked, key, tmp_path, session=session)
    with query_count(app_db, SUBMISSION[_dialect(app_db)]), db.session_scope() as session:
        result = apps.submit_draft(
            token, ref.id, tmp_path, "Acme", session=session, agreed=consent.from_wizard(True, False, "Acme")
        )
    assert not result.already_applied


def test_an_uploads_limits(app_db: Engine) -> None:
    with db.session_scope() as session:
        posting = make_posting(session, make_team(session), make_office(session))
        ref = apps.open_posting_ref(posting.slug, session=session)
    assert ref is not None
    client, owner = limits.client_key("203.0.113.7", "secret"), apps.token_hash(apps.new_token())
    with query_count(app_db, UPLOAD_LIMITS[_dialect(app_db)]):
        with db.session_scope() as session:
            limits.check_rate(client, owner, session=session)
        with db.session_scope() as session:
            event = limits.admit(client, owner, ref.id, "resume", 200_000, session=session)
    assert event > 0

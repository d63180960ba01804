"""Reordering a posting's stages never shows a blind candidate without a recorded reveal.

Screening is every stage up to Recruiter screen in the posting's own order, so in the stage
editor an admin could move a custom stage that holds hidden cards below Recruiter screen (or
Recruiter screen above it) and the cards would show, with no reveal written (found by the
review of d4ff683). The editor's handler, through the guard in one committed unit of work,
refuses such an edit with a message; an edit that shows nobody goes through.
"""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from careers_app import routes
from careers_app.models import Application, IdentityReveal
from careers_app.services.platform import db
from careers_app.services.postings import stages
from careers_app.services.visibility import blind_screening, identity
from careers_app.states.stage_editor import StageEditorState
from tests.factories import add_applications, make_office, make_posting, make_team
from tests.handler_calls import Tab, token_for


def _keys(posting_id: int) -> list[str]:
    with db.session_scope() as session:
        return list(stages.stage_keys_for(posting_id, session=session))


def _hidden(posting_id: int, ids: list[int]) -> set[int]:
    with db.session_scope() as session:
        return set(ids) - identity.visible_ids(identity.Viewer.HIRING_TEAM, ids, session=session)


def test_a_reorder_that_would_show_hidden_cards_is_refused_and_one_that_shows_nobody_is_not(
    app_db: Engine,
) -> None:
    with db.session_scope() as session:
        posting = make_posting(session, make_team(session), make_office(session), title="Data Engineer")
        posting_id, slug = posting.id or 0, posting.slug
        blind_screening.set_enabled(posting_id, True, user_id=None, session=session)
        review = stages.add_stage(posting_id, "Resume review", session=session).key
    while _keys(posting_id).index(review) > _keys(posting_id).index("applied") + 1:
        with db.session_scope() as session:
            stages.move_stage(posting_id, review, -1, session=session)
    with db.session_scope() as session:
        ids = add_applications(session, posting_id, ["Zuzanna Quillfeather"])
        for app_id in ids:  # put the card at the custom stage (before Recruiter screen): hidden
            stages_row = session.get(Application, app_id)
            assert stages_row is not None
            stages_row.stage = review
    assert _hidden(posting_id, ids) == set(ids)

    admin = Tab(token_for("admin"), routes.editor_url(slug))
    admin.send(StageEditorState, "load")
    order = _keys(posting_id)
    admin.send(StageEditorState, "move", key=review, offset=1)  # below Recruiter screen
    editor = admin.state(StageEditorState)
    assert "blind screening hides" in editor.error, editor.error
    assert _keys(posting_id) == order  # nothing written
    assert _hidden(posting_id, ids) == set(ids)
    with Session(app_db) as session:
        assert session.exec(select(IdentityReveal)).all() == []

    admin.send(StageEditorState, "add", form_data={"label": "Portfolio review"})  # shows nobody
    editor = admin.state(StageEditorState)
    assert editor.error == "" and editor.message == "Stage added."
    assert _hidden(posting_id, ids) == set(ids)

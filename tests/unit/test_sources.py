"""Application source: tracked links sanitised, carried through the draft, saved on submit;
migration 0015 backfills older rows, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session

from careers_app.models import Application
from careers_app.services.applying import applications as apps
from careers_app.services.applying import consent, sources
from tests.applying import GOOD
from tests.applying import attach as _attach
from tests.migrations import move_to, seed_0003


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ""),
        ({"source": ""}, ""),
        ({"source": "linkedin"}, "linkedin"),
        ({"source": "  LinkedIn "}, "linkedin"),
        ({"gh_src": "a1b2c3d4"}, "a1b2c3d4"),
        ({"source": "indeed", "gh_src": "x"}, "indeed"),  # source first
        ({"source": ["twitter", "x"]}, "twitter"),  # a repeated key: the first
        ({"source": "x" * 40}, "x" * 40),
        ({"source": "x" * 41}, "other"),
        ({"source": "<script>"}, "other"),
        ({"source": "news letter"}, "other"),
        ({"source": "café"}, "other"),
        ({"source": "api"}, "other"),  # a link cannot pass itself off as the API
        ({"source": "unknown"}, "other"),
        ({"source": "job board"}, "other"),
        ({"source": 7}, "other"),
    ],
)
def test_a_tracked_link_is_a_short_slug_or_other(params: dict[str, object], expected: str) -> None:
    assert sources.tracked(params) == expected


def _submit_with(session: Session, posting: apps.PostingRef, tmp_path: Path, link: str | None) -> str:
    token = apps.new_token()
    if link is not None:
        apps.remember_source(token, posting.id, link, session=session)
    apps.save_draft(token, posting.id, GOOD, 3, session=session)  # saving answers keeps the source
    _attach(session, token, posting, "resume", tmp_path, "cv")
    apps.save_draft(token, posting.id, {**GOOD, "gender": "Female"}, 5, session=session)
    result = apps.submit_draft(
        token, posting.id, tmp_path, "Acme", session=session, agreed=consent.from_wizard(True, False, "Acme")
    )
    application = session.get(Application, result.application_id)
    assert application is not None
    return application.source


def test_the_wizard_saves_its_tracked_link_or_job_board(
    session: Session,
    posting: apps.PostingRef,
    tmp_path: Path,
) -> None:
    assert _submit_with(session, posting, tmp_path, "linkedin") == "linkedin"


def test_the_wizard_without_a_link_is_the_job_board(
    session: Session,
    posting: apps.PostingRef,
    tmp_path: Path,
) -> None:
    assert _submit_with(session, posting, tmp_path, None) == sources.JOB_BOARD


def test_a_hostile_source_in_the_draft_is_cleaned_again_at_submit(
    session: Session,
    posting: apps.PostingRef,
    tmp_path: Path,
) -> None:
    assert _submit_with(session, posting, tmp_path, "'; drop table application; --") == sources.OTHER


def test_a_draft_keeps_the_source_out_of_the_answers(
    session: Session,
    posting: apps.PostingRef,
) -> None:
    token = apps.new_token()
    apps.remember_source(token, posting.id, "indeed", session=session)
    apps.save_draft(token, posting.id, {**GOOD, "source": "evil"}, 2, session=session)
    draft = apps.load_draft(token, posting.id, session=session)
    assert draft is not None and "source" not in draft.data


def test_0015_backfills_wizard_rows_as_job_board_and_the_rest_as_unknown(bare_engine: Engine) -> None:
    move_to(bare_engine, "0014")
    seed_0003(bare_engine)  # two wizard applications ("careers_site"), as older code wrote them
    with bare_engine.begin() as conn:
        conn.execute(sa.text("update application set source = 'api' where id = 2"))
    move_to(bare_engine, "0015")

    def rows() -> list[tuple[int, str]]:
        with bare_engine.connect() as conn:
            found = conn.execute(sa.text("select id, source from application order by id")).all()
        return [(int(i), s) for i, s in found]

    assert rows() == [(1, "job board"), (2, "api")]
    move_to(bare_engine, "0014", down=True)
    with bare_engine.begin() as conn:  # a loader's own name, as the demo wrote before
        conn.execute(sa.text("update application set source = 'demo' where id = 1"))
    move_to(bare_engine, "0015")
    assert rows() == [(1, "unknown"), (2, "api")]
    with bare_engine.begin() as conn:
        conn.execute(sa.text("update application set source = 'linkedin' where id = 1"))
    move_to(bare_engine, "0014", down=True)
    assert rows() == [(1, "careers_site"), (2, "api")]

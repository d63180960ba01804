"""A posting's own stages on SQLite and PostgreSQL: editing rules, fixed ends, history
kept readable, moves follow the posting's stages, and migration 0016's fill."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session

from careers_app.services.board import pipeline
from careers_app.services.platform.errors import Invalid, NotFound, Refused
from careers_app.services.platform.reference import STAGE_KEYS, STAGES
from careers_app.services.postings import stages
from tests.factories import add_applications, board_columns, make_office, make_posting, make_team
from tests.migrations import move_to


@pytest.fixture
def posting_id(session: Session) -> int:
    return make_posting(session, make_team(session), make_office(session)).id or 0


# The template's fixed ends (hired, rejected, and withdrawn once that stage exists).
ENDS = [s.key for s in stages.default_stages() if s.kind not in ("start", "step")]


def keys(posting_id: int, session: Session) -> list[str]:
    return [s.key for s in stages.stages_for(posting_id, session=session)]


def test_a_posting_without_its_own_stages_has_the_template(session: Session, posting_id: int) -> None:
    found = stages.stages_for(posting_id, session=session)
    assert [(s.key, s.label) for s in found] == [(str(k), v) for k, v in STAGES]
    assert found[0].kind == "start" and [s.kind for s in found[-len(ENDS) :]] == ENDS
    assert [s.key for s in found if s.fixed] == ["applied", *ENDS]


def test_add_goes_before_the_fixed_ends_with_a_generated_key(session: Session, posting_id: int) -> None:
    first = stages.add_stage(posting_id, "  Take-home   task ", session=session)
    second = stages.add_stage(posting_id, "Références", session=session)
    assert (first.key, first.label) == ("take_home_task", "Take-home task")
    assert second.key == "references"
    assert keys(posting_id, session)[-2 - len(ENDS) :] == ["take_home_task", "references", *ENDS]
    with pytest.raises(Invalid, match="already has a stage called"):
        stages.add_stage(posting_id, "take-home TASK", session=session)
    with pytest.raises(Invalid, match="Give the stage a name"):
        stages.add_stage(posting_id, "   ", session=session)
    with pytest.raises(Invalid, match="at most 40"):
        stages.add_stage(posting_id, "x" * 41, session=session)
    # A label that slugs to a key already used (even a template key) gets a fresh key.
    stages.rename_stage(posting_id, "offer", "Offer call", session=session)
    assert stages.add_stage(posting_id, "Offer", session=session).key == "offer_2"


def test_rename_changes_the_label_only_and_history_reads_with_it(session: Session, posting_id: int) -> None:
    [app_id] = add_applications(session, posting_id, ["Ana Lima"])
    pipeline.move(app_id, posting_id, "onsite", 1, "Riley", session=session)
    stages.rename_stage(posting_id, "onsite", "Final interviews", session=session)
    assert "onsite" in keys(posting_id, session)
    detail = pipeline.candidate_detail(app_id, posting_id, session=session)
    assert detail is not None and detail.stage == "onsite" and detail.stage_label == "Final interviews"
    assert detail.history[-1].text == "Applied → Final interviews by Riley"
    column = next(c for c in board_columns(posting_id, session=session) if c.key == "onsite")
    assert (column.label, column.count) == ("Final interviews", 1)
    stages.rename_stage(posting_id, "rejected", "Not selected", session=session)  # ends can be renamed
    with pytest.raises(NotFound):
        stages.rename_stage(posting_id, "nowhere", "X", session=session)


def test_only_empty_steps_can_be_removed_and_history_keeps_their_name(
    session: Session, posting_id: int
) -> None:
    [app_id] = add_applications(session, posting_id, ["Bo Chen"])
    pipeline.move(app_id, posting_id, "phone_interview", 1, "Riley", session=session)
    with pytest.raises(Refused, match="1 application is in Phone interview: move them"):
        stages.remove_stage(posting_id, "phone_interview", session=session)
    for fixed in ("applied", *ENDS):
        with pytest.raises(Refused, match="fixed stage"):
            stages.remove_stage(posting_id, fixed, session=session)
    pipeline.move(app_id, posting_id, "offer", 2, "Riley", session=session)
    stages.remove_stage(posting_id, "phone_interview", session=session)
    assert "phone_interview" not in keys(posting_id, session)
    with pytest.raises(pipeline.MoveRefused, match="no such stage"):
        pipeline.move(app_id, posting_id, "phone_interview", 3, "Riley", session=session)
    detail = pipeline.candidate_detail(app_id, posting_id, session=session)
    assert detail is not None
    assert [h.text for h in detail.history][-2:] == [
        "Applied → Phone interview by Riley",
        "Phone interview → Offer by Riley",
    ]


def test_steps_reorder_but_never_past_a_fixed_end(session: Session, posting_id: int) -> None:
    stages.move_stage(posting_id, "onsite", -1, session=session)
    assert keys(posting_id, session) == [
        "applied",
        "recruiter_screen",
        "onsite",
        "phone_interview",
        "offer",
        *ENDS,
    ]
    with pytest.raises(Refused, match="cannot move further"):
        stages.move_stage(posting_id, "recruiter_screen", -1, session=session)
    with pytest.raises(Refused, match="cannot move further"):
        stages.move_stage(posting_id, "offer", 1, session=session)
    with pytest.raises(Refused, match="fixed stage"):
        stages.move_stage(posting_id, "hired", -1, session=session)
    with pytest.raises(Refused):
        stages.move_stage(posting_id, "offer", 2, session=session)


def test_another_postings_stages_are_its_own(session: Session, posting_id: int) -> None:
    other = make_posting(session, make_team(session), make_office(session)).id or 0
    stages.add_stage(posting_id, "Portfolio review", session=session)
    assert "portfolio_review" not in keys(other, session)
    [app_id] = add_applications(session, other, ["Cy Diaz"])
    with pytest.raises(pipeline.MoveRefused):
        pipeline.move(app_id, other, "portfolio_review", 1, "Riley", session=session)


def test_0016_gives_every_existing_posting_todays_stages(bare_engine: Engine) -> None:
    move_to(bare_engine, "0015")
    with bare_engine.begin() as conn:
        conn.execute(sa.text("insert into team (slug, name) values ('t', 'T')"))
        conn.execute(
            sa.text(
                "insert into office (slug, name, city, region, country_code) values ('o', 'O', 'O', '', 'US')"
            )
        )
        for slug in ("a", "b"):
            conn.execute(
                sa.text(
                    "insert into posting (slug, title, team_id, office_id, employment_type, status, who_we_are,"
                    " what_youll_do, who_you_are, requirements, desired, process_name, hiring_steps, created_at,"
                    " pay_currency, pay_unit, remote)"
                    f" values ('{slug}', 'P', 1, 1, 'FULL_TIME', 'open', '', '', '', '', '', 'H', '[]',"
                    " '2026-01-01 00:00:00+00:00', '', '', false)"
                )
            )
    move_to(bare_engine, "0016")
    with bare_engine.connect() as conn:
        rows = conn.execute(
            sa.text(
                "select p.slug, s.key, s.label, s.kind from posting_stage s join posting p on p.id = s.posting_id"
                " order by p.slug, s.position"
            )
        ).all()
    seven = [(str(k), v) for k, v in STAGES if k != "withdrawn"]  # the stages of that time
    for slug in ("a", "b"):
        assert [(k, label) for s, k, label, _ in rows if s == slug] == seven
    assert [kind for s, _, _, kind in rows if s == "a"] == [
        "start",
        "step",
        "step",
        "step",
        "step",
        "hired",
        "rejected",
    ]
    with Session(bare_engine) as session:  # a fixed end added to the template later joins the ends
        assert [s.key for s in stages.stages_for(1, session=session)] == list(STAGE_KEYS)
    move_to(bare_engine, "0015", down=True)
    assert "posting_stage" not in sa.inspect(bare_engine).get_table_names()

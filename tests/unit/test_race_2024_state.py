"""The wizard's 2024 race and ethnicity question at state level, through the guard and the
real unit of work: boxes ticked in any order, decline exclusive, hostile codes ignored,
the draft keeps the answer, the 1997 form unchanged; a tracked link's source on the draft."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from careers_app.models import ApplicationDraft
from careers_app.services.applying import applications as apps
from careers_app.services.platform import db
from careers_app.settings import get_settings
from tests.applying import GOOD
from tests.settings_override import use_settings
from tests.wizard import new_posting as _posting
from tests.wizard import send as _send
from tests.wizard import wizard_at as _wizard


def _standard(monkeypatch: pytest.MonkeyPatch, year: str) -> None:
    use_settings(monkeypatch, dataclasses.replace(get_settings(), eeo_race_standard=year))


def _draft_data() -> dict[str, str]:
    with db.session_scope() as session:
        return dict(session.exec(select(ApplicationDraft)).one().data)


def test_the_2024_question_takes_several_boxes_and_keeps_them_in_the_draft(
    app_db: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    _standard(monkeypatch, "2024")
    state = _wizard(f"/jobs/{_posting()}/apply?source=LinkedIn")
    _send(state, "load")
    assert state.status == "ready"
    assert _draft_data()["source"] == "linkedin"  # the tracked link, kept for the submission
    _send(state, "toggle_race", code="WHITE", checked=True)
    _send(state, "toggle_race", code="MENA", checked=True)
    assert state.values["race_ethnicity"] == "2024:MENA,WHITE" and state.race_codes == ["MENA", "WHITE"]
    assert state.errors["race_ethnicity"] == ""
    _send(state, "toggle_race", code="<script>", checked=True)
    _send(state, "toggle_race", code="ASIAN", checked="yes")  # not a tick
    assert state.values["race_ethnicity"] == "2024:MENA,WHITE"
    data = _draft_data()
    assert data["race_ethnicity"] == "2024:MENA,WHITE" and data["source"] == "linkedin"
    _send(state, "toggle_race", code="DECLINE", checked=True)
    assert state.race_codes == ["DECLINE"]
    _send(state, "toggle_race", code="WHITE", checked=True)
    assert state.race_codes == ["WHITE"]


def test_the_1997_form_ignores_the_2024_handler(app_db: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    _standard(monkeypatch, "1997")
    state = _wizard(f"/jobs/{_posting()}/apply")
    _send(state, "load")
    _send(state, "toggle_race", code="WHITE", checked=True)
    assert state.values["race_ethnicity"] == ""
    _send(state, "set_field", name="race_ethnicity", value="White (not Hispanic or Latinx)")
    assert state.values["race_ethnicity"] == "White (not Hispanic or Latinx)"
    assert state.errors["race_ethnicity"] == ""
    _send(state, "set_field", name="race_ethnicity", value="2024:WHITE,ASIAN")  # not canonical
    assert state.errors["race_ethnicity"] == "Choose one of the listed answers."


def test_a_submission_stores_the_2024_answer_as_given() -> None:
    applicant, eeo, errors = apps.check_answers({**GOOD, "race_ethnicity": "2024:ASIAN,WHITE"})
    assert applicant is not None and eeo["race_ethnicity"] == "2024:ASIAN,WHITE"
    assert "race_ethnicity" not in errors

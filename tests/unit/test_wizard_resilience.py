"""The wizard never drops what a person did: a tab whose server-side state was lost (a Redis
restart) reloads and names the field whose last change reached no state; Next judges the
values the form shows, not an older one still on its way."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from reflex_base.event import Event
from sqlalchemy.engine import Engine
from sqlmodel import select

from careers_app.models import ApplicationDraft
from careers_app.resilience import reload_script
from careers_app.services.platform import db
from careers_app.settings import get_settings
from careers_app.states.apply import ApplyState
from careers_app.states.wizard_recovery import LostWizardState
from tests.applying import prepare_drafts
from tests.handler_calls import new_root
from tests.loops import run_in_own_loop
from tests.settings_override import use_settings
from tests.wizard import new_posting as _posting
from tests.wizard import send as _send
from tests.wizard import wizard_at as _wizard


def _preprocess(name: str, payload: dict[str, Any]) -> str:
    root = new_root()  # a fresh (lost) state
    event = Event(name=f"{ApplyState.get_full_name()}.{name}", payload=payload)
    update = run_in_own_loop(lambda: LostWizardState().preprocess(None, root, event))  # type: ignore[arg-type]
    assert update is not None, "a wizard event on a lost state must reload the tab"
    return json.dumps([e.payload for e in update.events])


@pytest.mark.parametrize(
    ("name", "payload", "field"),
    [
        ("set_field", {"name": "phone", "value": "+1 415 555 0132"}, "phone"),
        ("leave_field", {"name": "city"}, "city"),
        ("toggle_race", {"code": "x", "checked": True}, "race_ethnicity"),
    ],
)
def test_a_keystroke_into_a_lost_state_reloads_and_names_its_field(
    name: str, payload: dict[str, Any], field: str
) -> None:
    script = _preprocess(name, payload)
    assert f"set('redo', '{field}')" in script
    assert "+1 415" not in script  # the value itself never goes into the URL


def test_other_events_reload_plainly_and_odd_names_never_reach_the_script() -> None:
    assert "window.location.reload()" in _preprocess("next_step", {})
    assert reload_script("x'); alert(1); ('") == "window.location.reload()"


def test_the_reloaded_wizard_names_the_field_to_check_and_only_known_fields(app_db: Engine) -> None:
    slug = _posting()
    state = _wizard(f"/jobs/{slug}/apply?redo=phone")
    _send(state, "load")
    assert state.status == "ready" and state.redo_labels == ["Primary phone"]
    state = _wizard(f"/jobs/{slug}/apply?redo=resume")
    _send(state, "load")
    assert state.redo_labels == ["Resume/profile"]
    for odd in ("<b>x</b>", "_posting_id", ""):
        state = _wizard(f"/jobs/{slug}/apply?redo={odd}")
        _send(state, "load")
        assert state.redo_labels == []


def test_next_judges_what_the_form_shows_not_an_older_value_still_on_its_way(app_db: Engine) -> None:
    """The Next race (issue 19): the phone corrected and Next clicked at once. The server's
    copy still held "12" (the debounced value was on its way); the click carries the form."""
    state = _wizard(f"/jobs/{_posting()}/apply")
    _send(state, "load")
    for name, value in (("first_name", "Ada"), ("last_name", "Lovelace"), ("email", "ada@example.com")):
        _send(state, "set_field", name=name, value=value)
    _send(state, "set_field", name="phone", value="12")
    _send(state, "next_step", form_data={})
    assert state.step == 1 and state.errors["phone"]
    form = {
        "first_name": "Ada",
        "last_name": "Lovelace",
        "email": "ada@example.com",
        "phone": "+44 20 7946 0958",
    }
    _send(state, "next_step", form_data=form)
    assert state.step == 2 and state.values["phone"] == "+44 20 7946 0958"
    _send(state, "next_step", form_data={"phone": "12", "city": "<x>"})  # other steps' fields count not
    assert state.values["phone"] == "+44 20 7946 0958"


def test_what_the_inputs_showed_comes_back_after_the_reload_and_is_saved(app_db: Engine) -> None:
    slug = _posting()
    state = _wizard(f"/jobs/{slug}/apply")
    _send(state, "load")
    _send(state, "set_field", name="first_name", value="Ada")
    _send(state, "leave_field", name="first_name")
    token = state.draft_token
    # The state was lost; the reloaded tab (same localStorage token) asks for what it kept.
    again = _wizard(f"/jobs/{slug}/apply?redo=phone")
    again.draft_token = token
    result = _send(again, "load")
    assert "careers_wizard_unsaved" in str(result) and again.values["first_name"] == "Ada"
    kept = json.dumps({"first_name": "Ada", "last_name": "Lovelace", "phone": "+44 20 7946 0958", "x": "y"})
    _send(again, "take_unsaved", kept=kept)
    assert again.values["last_name"] == "Lovelace" and again.values["phone"] == "+44 20 7946 0958"
    assert again.redo_labels == ["Last name", "Primary phone"]  # what to check, and only that
    assert "x" not in again.values
    with db.session_scope() as session:  # saved, so a further loss loses nothing
        draft = session.exec(select(ApplicationDraft)).one()
        assert draft.data["last_name"] == "Lovelace" and draft.data["phone"] == "+44 20 7946 0958"
    for odd in ("not json", "[1, 2]", json.dumps({"phone": 5}), "x" * 30_000):
        _send(again, "take_unsaved", kept=odd)
    assert again.values["phone"] == "+44 20 7946 0958"


def test_what_was_kept_is_dropped_when_the_posting_is_gone_on_reload(app_db: Engine) -> None:
    """Review: values kept in sessionStorage for a reload stayed there for the tab's life
    when the posting had closed in between; the wizard drops them then."""
    state = _wizard("/jobs/no-such-posting/apply?redo=phone")
    result = _send(state, "load")
    assert state.status == "missing" and "removeItem('careers_wizard_unsaved')" in str(result)


def test_a_tab_whose_submit_answer_was_lost_is_told_its_application_was_received(
    app_db: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Submit committed, and the answer never reached the tab (the worker died after the
    COMMIT). The same browser comes back, by a reload or a stale tab's second click: it is
    told the application was received, not shown an empty wizard or a blank-form refusal."""
    use_settings(monkeypatch, replace(get_settings(), upload_dir=tmp_path))
    ref, (token,) = prepare_drafts(app_db, tmp_path, ["came.back@example.org"])
    path = f"/jobs/{ref.slug}/apply"
    submitting, stale = _wizard(path), _wizard(path)
    for tab in (submitting, stale):
        tab.draft_token = token
        _send(tab, "load")
        assert tab.status == "ready" and tab.step == 5
        _send(tab, "set_consent", name="consent_processing", checked=True)
    _send(submitting, "submit")
    assert submitting.status == "done"

    _send(stale, "submit")  # the tab that never heard the answer clicks Submit again
    assert stale.status == "done" and not stale.submit_failed

    reloaded = _wizard(path)
    reloaded.draft_token = token
    _send(reloaded, "load")
    assert reloaded.status == "done" and reloaded.title == ref.title

    other = _wizard(path)  # another browser (another token) still gets the wizard
    _send(other, "load")
    assert other.status == "ready" and other.step == 1
    with app_db.connect() as conn:
        assert conn.execute(sa.text("select count(*) from application")).scalar() == 1
        assert conn.execute(sa.text("select count(*) from outbox")).scalar() == 1

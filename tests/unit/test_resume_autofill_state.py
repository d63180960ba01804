"""Resume autofill in the wizard's state, through the guard and the real unit of work: suggestions
fill empty fields only, are validated at once, never reach the draft until confirmed, and hold
Next and submit back until accepted, edited or cleared."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import select

from careers_app import routes
from careers_app.models import ApplicationDraft, DraftDocument
from careers_app.services.applying import applications as apps
from careers_app.services.candidates import documents as docs
from careers_app.services.platform import db
from careers_app.states.apply import PENDING_SUGGESTION, SUGGESTED_FORM_KEY, ApplyState
from careers_app.states.apply_autofill import ResumeAutofillState
from tests.handler_calls import Tab
from tests.resumes.corpus import CORPUS, build, text_of
from tests.unit.test_handlers import app_db
from tests.unit.test_race_2024_state import _posting

__all__ = ["app_db"]

RESUME = next(r for r in CORPUS if r.key == "de-particle")  # Ludwig van Beethoven, Bonn, Germany


def _tab_with_resume(tmp_path: Path, **typed: str) -> tuple[Tab, str]:
    slug = _posting()
    token = apps.new_token()
    pdf = build(RESUME)
    digest = hashlib.sha256(pdf).hexdigest()
    checked = docs.CheckedPdf(size_bytes=len(pdf), sha256=digest, page_count=1, text=text_of(pdf))
    with db.session_scope() as session:
        posting = apps.open_posting_ref(slug, session=session)
        assert posting is not None
        apps.save_draft(token, posting.id, dict(typed), 1, session=session)
        key = docs.store(pdf, digest, tmp_path)
        apps.attach_document(token, posting.id, "resume", "cv.pdf", checked, key, tmp_path, session=session)
    tab = Tab("", routes.apply_url(slug))
    tab.state(ApplyState).draft_token = token
    tab.send(ApplyState, "load")
    return tab, token


def _draft(token: str) -> dict[str, str]:
    with db.session_scope() as session:
        row = session.exec(
            select(ApplicationDraft).where(ApplicationDraft.token_hash == apps.token_hash(token))
        ).one()
        return dict(row.data)


def test_empty_fields_get_suggestions_that_the_draft_never_holds_until_confirmed(
    app_db: Engine, tmp_path: Path
) -> None:
    tab, token = _tab_with_resume(tmp_path, first_name="Louis")
    tab.send(ResumeAutofillState, "suggest")
    state = tab.state(ApplyState)
    assert state.values["first_name"] == "Louis"  # the person's own value stays
    assert state.values["last_name"] == "van Beethoven"
    assert state.values["email"] == "ludwig@beethoven.example.de"
    assert state.values["phone"] == "+49 228 9817525"
    assert (state.values["city"], state.values["country"]) == ("Bonn", "Germany")
    assert state.suggested == ["last_name", "email", "phone", "city", "country"]
    assert "Last name" in tab.state(ResumeAutofillState).autofill_note
    assert "Beethoven" not in tab.state(ResumeAutofillState).autofill_note  # no values in the note

    tab.send(ApplyState, "leave_field", name="first_name")  # a save: suggestions stay out
    assert _draft(token).get("last_name", "") == "" and _draft(token).get("city", "") == ""

    result = tab.send(ApplyState, "next_step", form_data=dict(state.values))  # Next waits for them
    assert state.step == 1
    assert state.errors["last_name"] == PENDING_SUGGESTION and state.errors["phone"] == PENDING_SUGGESTION
    assert result is not None

    tab.send(ResumeAutofillState, "accept", name="last_name")
    tab.send(ApplyState, "set_field", name="email", value="ludwig@example.org")  # edited: confirmed
    tab.send(ResumeAutofillState, "clear", name="phone")  # a wrong guess, one click
    assert state.suggested == ["city", "country"]
    assert state.values["phone"] == "" and state.errors["phone"] == ""
    assert state.errors["last_name"] == ""
    tab.send(ApplyState, "set_field", name="phone", value="+49 30 901820")
    tab.send(ApplyState, "next_step", form_data={})
    assert state.step == 2
    saved = _draft(token)
    assert (saved["last_name"], saved["email"], saved["phone"]) == (
        "van Beethoven",
        "ludwig@example.org",
        "+49 30 901820",
    )
    assert saved.get("city", "") == "" and saved.get("country", "") == ""


def test_prefilled_values_get_the_live_validation_messages(app_db: Engine, tmp_path: Path) -> None:
    """A suggested country re-checks the postal code the person typed, at once, as typing it would."""
    tab, _ = _tab_with_resume(tmp_path, zip_code="SW1A 1AA")
    tab.send(ApplyState, "leave_field", name="zip_code")
    state = tab.state(ApplyState)
    assert state.errors["zip_code"] == ""  # no country yet: any postal code
    tab.send(ResumeAutofillState, "suggest")
    assert state.values["country"] == "Germany" and "country" in state.suggested
    assert state.errors["zip_code"] == "Enter a valid postal code for Germany, like 10115."
    tab.send(ResumeAutofillState, "clear", name="country")
    assert state.errors["zip_code"] == ""
    tab.send(ResumeAutofillState, "clear", name="email")
    tab.send(ApplyState, "set_field", name="email", value="not an address")
    tab.send(ApplyState, "leave_field", name="email")
    assert state.errors["email"].startswith("Enter a valid email address")


def test_submit_refuses_while_a_suggestion_is_unconfirmed_and_removing_the_resume_drops_them(
    app_db: Engine, tmp_path: Path
) -> None:
    tab, _ = _tab_with_resume(tmp_path)
    tab.send(ResumeAutofillState, "suggest")
    state = tab.state(ApplyState)
    state.step = 5
    tab.send(ApplyState, "submit", form_data={})
    assert state.status == "ready" and state.submit_failed
    assert {f["label"] for f in state.fixes} >= {"First name", "City"}
    assert all(f["message"] == PENDING_SUGGESTION for f in state.fixes)
    tab.send(ApplyState, "remove_document", kind="resume")
    assert state.suggested == [] and state.values["first_name"] == "" and state.values["city"] == ""


def test_a_tab_reloaded_after_its_state_was_lost_does_not_take_suggestions_as_typed(
    app_db: Engine, tmp_path: Path
) -> None:
    """What the inputs showed comes back after a lost state (resilience.reload_script), but the
    form's hidden list of unconfirmed suggestions keeps those out (they were never the person's)."""
    tab, token = _tab_with_resume(tmp_path)
    kept = {
        "first_name": "Ludwig",
        "last_name": "van Beethoven",
        "city": "Wien",
        SUGGESTED_FORM_KEY: "first_name,last_name",
    }
    tab.send(ApplyState, "take_unsaved", kept=json.dumps(kept))
    state = tab.state(ApplyState)
    assert state.values["first_name"] == "" and state.values["city"] == "Wien"
    saved = _draft(token)
    assert saved.get("first_name", "") == "" and saved.get("last_name", "") == "" and saved["city"] == "Wien"


def test_a_resume_uploaded_after_every_field_was_typed_changes_and_says_nothing(
    app_db: Engine, tmp_path: Path
) -> None:
    typed = {
        "first_name": "Louis",
        "last_name": "B",
        "email": "lb@example.org",
        "phone": "+1 415 555 0132",
        "city": "Wien",
        "country": "Austria",
    }
    tab, _ = _tab_with_resume(tmp_path, **typed)
    tab.send(ResumeAutofillState, "suggest")
    state = tab.state(ApplyState)
    assert state.suggested == [] and {k: state.values[k] for k in typed} == typed
    assert tab.state(ResumeAutofillState).autofill_note == ""


def test_odd_names_change_nothing(app_db: Engine, tmp_path: Path) -> None:
    tab, _ = _tab_with_resume(tmp_path)
    tab.send(ResumeAutofillState, "suggest")
    state = tab.state(ApplyState)
    before = (dict(state.values), list(state.suggested))
    for odd in ("", "address", "_posting_id", "consent_processing", 5):
        tab.send(ResumeAutofillState, "accept", name=odd)
        tab.send(ResumeAutofillState, "clear", name=odd)
    assert (dict(state.values), list(state.suggested)) == before


def test_a_resume_without_text_says_so_and_fills_nothing(app_db: Engine, tmp_path: Path) -> None:
    tab, _ = _tab_with_resume(tmp_path)
    with db.session_scope() as session:
        for row in session.exec(select(DraftDocument)).all():
            row.text = ""
            session.add(row)
    tab.send(ResumeAutofillState, "suggest")
    assert tab.state(ApplyState).suggested == []
    assert "could not read any text" in tab.state(ResumeAutofillState).autofill_note


def test_a_spanish_wizard_gets_its_note_in_spanish(app_db: Engine, tmp_path: Path) -> None:
    """The note names the suggested fields in the wizard's language (it was English on a
    Spanish wizard): the tab on ?lang=es, the labels from the catalog."""
    tab, _ = _tab_with_resume(tmp_path, first_name="Louis")
    tab.go(tab.path + "?lang=es")
    tab.send(ResumeAutofillState, "suggest")
    note = tab.state(ResumeAutofillState).autofill_note
    assert note.startswith("A partir de tu currículum te sugerimos: Apellido")
    assert "Last name" not in note and "Beethoven" not in note

"""The status page's and the interview page's last English on a Spanish tab, through the
guarded handlers as Reflex calls them: the server's messages are catalog messages the page
shows in the tab's language (``tr()``, or translated in the handler for a toast), a
service's refusal reaches a candidate's page in Spanish (the guard), the interview times are
written as Babel writes Spanish dates, and a country typed in Spanish is stored in English."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from reflex.istate.data import RouterData
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from careers_app import i18n, routes
from careers_app.models import Candidate, Outbox
from careers_app.pages import interview_pick
from careers_app.services.interviews import calendar_invite
from careers_app.states.candidate_status import SAME_ANSWER, SAVED, CandidateStatusState
from careers_app.states.interviews import CHOOSE_A_TIME, InterviewPanelState, InterviewPickState
from careers_app.states.language import LanguageState
from tests.handler_calls import new_root, send, substate
from tests.handler_calls import token_for as _token
from tests.unit.test_candidate_status_handlers import _apply, _link
from tests.unit.test_interview_handlers import GOOD, _form, _setup, announced  # noqa: F401 (fixture)
from tests.unit.test_interview_handlers import _send as _panel_send
from tests.unit.test_interview_handlers import _state as _panel_state


def _root(path: str, accept: str = "") -> Any:
    root = new_root()
    root.router = RouterData.from_router_data(
        {
            "headers": {"cookie": "", "accept-language": accept},
            "ip": "203.0.113.9",
            "pathname": path.split("?")[0],
            "asPath": path,
        }
    )
    return root


def _spanish(root: Any) -> dict[str, str]:
    """The catalog the tab's page looks server messages up in (``tr()``)."""
    language = substate(root, LanguageState)
    send(language, LanguageState, "detect")
    assert language.lang == "es"
    return dict(language.texts)


def _toast_text(result: Any) -> str:
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), str(result))


def test_the_status_pages_messages_and_toasts_speak_spanish(
    app_db: Engine,
    tmp_path: Path,
    announced: list,  # noqa: F811
) -> None:
    app_id, _posting = _apply(tmp_path, title="Data Engineer")
    root = _root(f"/status?token={_link(app_id)}&lang=es")
    texts = _spanish(root)
    page = substate(root, CandidateStatusState)
    send(page, CandidateStatusState, "load")
    assert page.status == "ready" and page.items[0].stage == "Recibida"
    # A country typed as Spanish names it is the list's English value, stored as such.
    send(page, CandidateStatusState, "set_contact", name="country", value="Alemania")
    send(page, CandidateStatusState, "set_contact", name="phone", value="+49 30 901820")
    send(page, CandidateStatusState, "set_contact", name="state", value="")
    send(page, CandidateStatusState, "set_contact", name="zip_code", value="10115")
    assert page.contact["country"] == "Germany"
    send(page, CandidateStatusState, "save_contact")
    assert page.contact_saved == SAVED, dict(page.contact_errors)
    assert texts[page.contact_saved] == "Tus datos se han actualizado en todas tus solicitudes."
    with Session(app_db) as session:
        assert session.exec(select(Candidate.country)).one() == "Germany"
    # An error the service wrote is in the catalog too.
    send(page, CandidateStatusState, "set_contact", name="first_name", value="")
    send(page, CandidateStatusState, "leave_contact", name="first_name")
    assert texts[page.contact_errors["first_name"]] == "Este campo es obligatorio."
    # Toasts are written in the handler, in the tab's language.
    refused = send(page, CandidateStatusState, "ask_withdraw", application_id=app_id + 999)
    assert "Esa solicitud no se puede retirar." in _toast_text(refused)
    send(page, CandidateStatusState, "ask_withdraw", application_id=app_id)
    done = send(page, CandidateStatusState, "confirm_withdraw")
    assert "Has retirado tu solicitud para Data Engineer." in _toast_text(done)
    # Asking for a new link: the one answer, in Spanish.
    ask = _root("/status?lang=es")
    ask_texts = _spanish(ask)
    request = substate(ask, CandidateStatusState)
    send(request, CandidateStatusState, "request_link", form_data={"email": "nobody@example.org"})
    assert request.request_message == SAME_ANSWER
    assert ask_texts[SAME_ANSWER].startswith("Si tenemos solicitudes con esa dirección")
    send(request, CandidateStatusState, "request_link", form_data={"email": ""})
    assert ask_texts[request.request_error] == "Este campo es obligatorio."  # the field's error
    # The link's email, for an address that applied, speaks the page's language too.
    with Session(app_db) as session:
        address = session.exec(select(Candidate.email)).one()
    send(request, CandidateStatusState, "request_link", form_data={"email": address})
    with Session(app_db) as session:
        sent = session.exec(
            select(Outbox).where(Outbox.to_email == address).order_by(col(Outbox.id).desc())
        ).first()
    assert sent is not None and sent.subject == "Tu enlace a tus solicitudes"
    assert "Alguien (esperamos que tú) pidió un enlace" in sent.body and "/status?token=" in sent.body
    assert "Someone" not in sent.body


def test_the_interview_page_speaks_spanish(app_db: Engine, tmp_path: Path, announced: list) -> None:  # noqa: F811
    slug, app_id = _setup(tmp_path)
    panel = _panel_state(InterviewPanelState, _token("recruiter"), routes.pipeline_url(slug))
    _panel_send(panel, InterviewPanelState, "load_interview", application_id=app_id)
    _panel_send(panel, InterviewPanelState, "propose", form_data=_form(**{"slot-1": GOOD}))
    with Session(app_db) as session:
        [invite] = session.exec(select(Outbox).where(Outbox.kind == "interview_invitation")).all()
    token = invite.body.split("/interview/")[1].split()[0]
    root = _root(routes.interview_pick_url(token), accept="es-ES,es;q=0.9")
    texts = _spanish(root)
    page = substate(root, InterviewPickState)
    send(page, InterviewPickState, "load")
    assert page.status == "ready" and len(page.slots) == 1
    # Babel's Spanish date: "jueves, 7 de enero de 2027, 09:00-09:30 IST (Asia/Kolkata)"
    assert re.fullmatch(r"\w+, \d+ de \w+ de \d{4}, 09:00-09:30 IST \(Asia/Kolkata\)", page.slots[0].when)
    send(page, InterviewPickState, "pick", form_data={"slot": "x"})
    assert page.error == CHOOSE_A_TIME and texts[page.error] == "Elige uno de los horarios."
    send(page, InterviewPickState, "pick", form_data={"slot": "999999"})
    assert (
        texts[page.error] == "Ese horario ya no está disponible. Elige uno de los horarios que se muestran."
    )
    booked = send(page, InterviewPickState, "pick", form_data={"slot": str(page.slots[0].id)})
    assert page.iv_status == "scheduled" and " de " in page.when
    assert "Reservada. La invitación de calendario va de camino a tu bandeja de entrada." in _toast_text(
        booked
    )
    # A refusal from the service, mapped by the guard: the candidate's page gets it in Spanish.
    gone = _root("/interview/" + "A" * 43 + "?lang=es")
    stranger = substate(gone, InterviewPickState)
    refused = send(stranger, InterviewPickState, "pick", form_data={"slot": "1"})
    assert "Este enlace de entrevista no es válido." in _toast_text(refused)


def test_english_interview_times_are_written_as_before() -> None:
    from datetime import UTC, datetime

    at = datetime(2026, 1, 13, 14, 0, tzinfo=UTC)
    assert calendar_invite.describe(at, 60, "America/New_York") == (
        "Tuesday, January 13, 2026, 09:00-10:00 EST (America/New_York)"
    )
    assert calendar_invite.describe(at, 60, "America/New_York", "es") == (
        "martes, 13 de enero de 2026, 09:00-10:00 EST (America/New_York)"
    )


def test_the_interview_page_is_compiled_in_spanish() -> None:
    page = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), str(interview_pick._body()))
    for spanish in ("Tu entrevista", "Horarios propuestos", "Reservar este horario", "Hola, ", "Cuándo:"):
        assert spanish in page
    assert i18n.translate("es", "Your interview | {company} Careers") == "Tu entrevista | Empleo en {company}"

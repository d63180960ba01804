"""Candidate emails speak the language the application was made in (application.language),
and the status page shows labels, dates and titles in the tab's language."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session, select

from careers_app.models import Application, Candidate, EmailTemplate, Outbox
from careers_app.services.applying import candidate_status
from careers_app.services.mail import email_templates
from tests.factories import make_office, make_posting, make_team


def _application(session: Session, language: str, **posting: object) -> Application:
    team, office = make_team(session), make_office(session)
    job = make_posting(session, team, office, title="ML Engineer", **posting)
    candidate = Candidate(
        first_name="Ana",
        last_name="Ruiz",
        email=f"ana-{language}@example.com",
        phone_e164="+34600000000",
        country="Spain",
    )
    session.add(candidate)
    session.flush()
    application = Application(
        candidate_id=candidate.id or 0,
        posting_id=job.id or 0,
        first_name="Ana",
        last_name="Ruiz",
        country="Spain",
        language=language,
        submitted_at=datetime(2026, 11, 29, 10, tzinfo=UTC),
    )
    session.add(application)
    session.flush()
    return application


VALUES = {
    "candidate_first_name": "Ana",
    "candidate_name": "Ana Ruiz",
    "posting_title": "ML Engineer",
    "next_steps": "1. Llamada",
}


def test_an_application_made_in_spanish_gets_spanish_mail_with_the_spanish_title(session: Session) -> None:
    application = _application(session, "es", title_es="Ingeniero/a de ML")
    row = email_templates.queue(
        "application_received", "ana-es@example.com", VALUES, application_id=application.id, session=session
    )
    assert row.subject == "Hemos recibido tu solicitud: Ingeniero/a de ML"
    assert row.body.startswith("Hola, Ana:\n\nGracias por tu solicitud para el puesto Ingeniero/a de ML en ")
    assert "Consulta en qué punto están tus solicitudes" in row.body and "/status?token=" in row.body
    assert "<strong>Ingeniero/a de ML</strong>" in row.html_body and "Thanks" not in row.html_body


def test_english_applications_keep_the_english_template_and_an_admins_edit(session: Session) -> None:
    application = _application(session, "en", title_es="Ingeniero/a de ML")
    session.add(
        EmailTemplate(
            key="not_selected",
            subject="Re: {posting_title}",
            text_body="Sorry {candidate_first_name}.",
            html_body="<p>Sorry</p>",
        )
    )
    session.flush()
    row = email_templates.queue(
        "not_selected", "a@example.com", VALUES, application_id=application.id, session=session
    )
    assert (row.subject, row.body) == ("Re: ML Engineer", "Sorry Ana.")
    spanish = _application(session, "es")
    row = email_templates.queue(
        "not_selected", "b@example.com", VALUES, application_id=spanish.id, session=session
    )
    assert row.subject == "Tu solicitud para ML Engineer"  # no Spanish version: the title as it is
    assert "hemos decidido no seguir adelante con tu solicitud" in row.body


def test_every_candidate_template_has_a_complete_spanish_default() -> None:
    english, spanish = email_templates.TEMPLATES, email_templates.templates_in("es")
    for key, spec in english.items():
        translated = spanish[key]
        for part in ("subject", "text", "html"):
            if key == "interview_team_notice":  # to the hiring team: English
                assert getattr(translated, part) == getattr(spec, part)
                continue
            assert getattr(translated, part) != getattr(spec, part), (key, part)
            assert email_templates.check_source(getattr(translated, part), spec.placeholders) == "", (
                key,
                part,
            )


def test_the_status_page_in_spanish(session: Session) -> None:
    application = _application(session, "es", title_es="Ingeniero/a de ML")
    [item] = candidate_status.applications_for(application.candidate_id, session=session, lang="es")
    assert (item.title, item.applied, item.stage) == (
        "Ingeniero/a de ML",
        "29 de noviembre de 2026",
        "Recibida",
    )
    [item] = candidate_status.applications_for(application.candidate_id, session=session)
    assert (item.title, item.applied, item.stage) == ("ML Engineer", "November 29, 2026", "Received")
    assert session.exec(select(Outbox)).all() == []

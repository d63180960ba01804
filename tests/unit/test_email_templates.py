"""Email templates: placeholder checks, escaping, admin overrides, render-at-queue-time."""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage

import pytest
from sqlmodel import Session, col, select

from careers_app.models import EmailTemplate, Outbox
from careers_app.services.mail import email_templates as et
from careers_app.services.mail import mail


@pytest.mark.parametrize(
    ("source", "fragment"),
    [
        ("Hi {candidate_first_name.__class__}", "is not allowed"),
        ("Hi {candidate_first_name[0]}", "is not allowed"),
        ("Hi {candidate_first_name!r}", "is not allowed"),
        ("Hi {candidate_first_name:>40}", "is not allowed"),
        ("Hi {salary}", "Unknown placeholder {salary}"),
        ("Hi {}", "empty {}"),
        ("Hi {0}", "is not allowed"),
        ("Hi {candidate_first_name", "not closed"),
        ("Hi candidate_first_name}", "not closed"),
    ],
)
def test_bad_placeholders_are_refused_with_a_reason(source: str, fragment: str) -> None:
    problem = et.check_source(source, et.spec("not_selected").placeholders)
    assert fragment in problem


def test_unknown_placeholder_lists_the_allowed_ones() -> None:
    problem = et.check_source("{interview_time}", et.spec("not_selected").placeholders)
    assert "{candidate_first_name}" in problem and "{posting_title}" in problem


def test_every_default_template_passes_its_own_check() -> None:
    for spec in et.TEMPLATES.values():
        for source in (spec.subject, spec.text, spec.html):
            assert et.check_source(source, spec.placeholders) == "", (spec.key, source)
        assert set(spec.placeholders) <= set(et.PLACEHOLDERS)


def test_fill_escapes_values_in_html_only_and_keeps_literal_braces() -> None:
    values = {"candidate_first_name": "<b>Eve</b> & {posting_title}"}
    source = "Hi {candidate_first_name} {{literal}}"
    assert et.fill(source, values) == "Hi <b>Eve</b> & {posting_title} {literal}"
    assert (
        et.fill(source, values, as_html=True) == "Hi &lt;b&gt;Eve&lt;/b&gt; &amp; {posting_title} {literal}"
    )


def test_preview_uses_sample_data_and_reports_errors_per_field() -> None:
    spec = et.spec("interview_confirmed")
    rendered, errors = et.preview(spec.key, spec.subject, spec.text, spec.html)
    assert errors == {} and rendered is not None
    assert "Ada" in rendered.text and "America/New_York" in rendered.subject
    rendered, errors = et.preview(spec.key, "Hello {who}", spec.text, "<p>{a.b}</p>")
    assert rendered is None
    assert "Unknown placeholder {who}" in errors["subject"] and "is not allowed" in errors["html"]
    assert "text" not in errors


def test_admin_version_is_used_then_reset_to_default(session: Session) -> None:
    assert et.load("not_selected", session=session).customised is False
    et.save(
        "not_selected",
        "Update on {posting_title}",
        "Dear {candidate_first_name}, no.",
        "<p>Dear {candidate_first_name}, no.</p>",
        user_id=None,
        session=session,
    )
    current = et.load("not_selected", session=session)
    assert current.customised and current.subject == "Update on {posting_title}"
    rendered = et.render(
        "not_selected", {"candidate_first_name": "Bo", "posting_title": "Chef"}, session=session
    )
    assert rendered.subject == "Update on Chef" and rendered.text == "Dear Bo, no."
    et.reset("not_selected", session=session)
    assert et.load("not_selected", session=session).customised is False
    assert session.get(EmailTemplate, "not_selected") is None


def test_saving_a_bad_template_writes_nothing(session: Session) -> None:
    with pytest.raises(et.TemplateInvalid) as caught:
        et.save("not_selected", "Hi {x}", "", "<p>ok</p>", user_id=None, session=session)
    assert set(caught.value.errors) == {"subject", "text"}
    assert "cannot be empty" in caught.value.errors["text"]
    assert session.get(EmailTemplate, "not_selected") is None
    with pytest.raises(et.TemplateInvalid):
        et.save("not_selected", "Two\nlines", "a", "b", user_id=None, session=session)


def test_unknown_template_key_is_not_found(session: Session) -> None:
    from careers_app.services.platform.errors import NotFound

    with pytest.raises(NotFound):
        et.save("nope", "a", "b", "c", user_id=None, session=session)


def test_queued_mail_keeps_what_was_rendered_when_a_template_changes(session: Session) -> None:
    values = {"candidate_first_name": "Ana <script>", "posting_title": "Baker", "company_name": "Acme"}
    row = et.queue("not_selected", "ana@example.com", values, session=session)
    et.save("not_selected", "Changed", "Changed body", "<p>Changed</p>", user_id=None, session=session)
    session.refresh(row)
    assert row.subject == "Your application for Baker" and row.kind == "not_selected"
    assert "Ana <script>" in row.body and "Acme" in row.body
    assert "Ana &lt;script&gt;" in row.html_body and "<script>" not in row.html_body
    later = et.queue("not_selected", "ana@example.com", values, session=session)
    assert later.subject == "Changed"
    kinds = session.exec(select(Outbox.kind).where(col(Outbox.to_email) == "ana@example.com")).all()
    assert list(kinds) == ["not_selected", "not_selected"]


def test_message_carries_the_stored_html_and_a_calendar_attachment() -> None:
    outgoing = mail.Outgoing(
        id=1,
        to_email="a@example.com",
        subject="S",
        body="plain words",
        message_id="<x@example.com>",
        html="<p>stored html</p>",
        ics="BEGIN:VCALENDAR\r\nMETHOD:CANCEL\r\nEND:VCALENDAR\r\n",
    )
    built = mail.build_message(outgoing, sender="careers@example.com")
    parsed = email.message_from_bytes(built.as_bytes(), _class=EmailMessage, policy=email.policy.default)
    parts = {p.get_content_type(): p for p in parsed.walk()}
    assert parts["text/plain"].get_content().strip() == "plain words"
    assert parts["text/html"].get_content().strip() == "<p>stored html</p>"
    calendar = parts["text/calendar"]
    assert calendar.get_param("method") == "CANCEL"
    assert "METHOD:CANCEL" in calendar.get_content()


def test_the_recruiters_notice_cannot_carry_the_candidates_status_link() -> None:
    problem = et.check_source("{status_link}", et.spec("interview_team_notice").placeholders)
    assert "Unknown placeholder {status_link}" in problem

"""Email templates: defaults in code, admins' versions in the database, rendered at queue time.

A template has a subject, a plain-text body and an HTML body with ``{placeholders}``.
Placeholders are read with ``string.Formatter().parse`` and filled by hand: only the
template's own plain names are accepted (``{a.b}``, ``{a[0]}``, ``{a!r}``, ``{a:>10}`` and
unknown names are refused when an admin saves), and nothing is ever evaluated or looked
up on an object. In the HTML body every value is escaped. A message is rendered when it
is queued and the outbox row keeps subject, text and HTML, so editing a template later
never changes mail already waiting to go.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from string import Formatter

from sqlmodel import Session

from careers_app.models import Application, EmailTemplate, Outbox
from careers_app.models.types import utcnow
from careers_app.services import candidate_access
from careers_app.services.errors import Invalid, NotFound
from careers_app.settings import get_settings

SUBJECT_MAX = 200
BODY_MAX = 20_000

# Every placeholder any template may use: what it means, and the preview's sample value.
PLACEHOLDERS: dict[str, tuple[str, str]] = {
    "candidate_first_name": ("The candidate's first name", "Ada"),
    "candidate_name": ("The candidate's full name", "Ada Lovelace"),
    "posting_title": ("The job's title", "Senior Software Engineer"),
    "company_name": ("Your company's name (CAREERS_COMPANY_NAME)", "Example Corp"),
    "status_link": (
        "The candidate's own status page link",
        "https://careers.example.com/status?token=abc123",
    ),
    "next_steps": ("The posting's hiring steps, numbered", "1. Application review\n2. Phone interview"),
    "submitted_on": ("The date the application was received", "January 12, 2026"),
    "interview_stage": ("The interview's stage", "Phone interview"),
    "interview_slots": (
        "The proposed times, one a line",
        "- Tuesday, January 13, 2026, 09:00-10:00 EST (America/New_York)\n"
        "- Wednesday, January 14, 2026, 14:00-14:45 EST (America/New_York)",
    ),
    "pick_link": (
        "The link where the candidate picks a time",
        "https://careers.example.com/interview/xyz789",
    ),
    "interview_time": (
        "The interview's time, with its time zone",
        "Tuesday, January 13, 2026, 09:00-10:00 EST (America/New_York)",
    ),
    "interview_location": ("Where: an address or a video link", "https://meet.example.com/ada"),
    "interview_change": ("What happened to the interview (for the hiring team)", "was scheduled"),
}

_SIGNATURE_TEXT = "\n\nThe {company_name} recruiting team"
_SIGNATURE_HTML = "<p>The {company_name} recruiting team</p>"
# The candidate status link (services/candidate_access.py), in every email that carries one.
_LINK_TEXT = (
    "\n\nSee where your applications stand, withdraw one or correct your contact details "
    "(no account needed; keep this link to yourself):\n{status_link}"
)
_LINK_HTML = (
    '<p><a href="{status_link}">See where your applications stand</a>, withdraw one or correct '
    "your contact details (no account needed; keep this link to yourself).</p>"
)


def _html(*paragraphs: str) -> str:
    body = "\n".join(paragraphs)
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head>\n'
        f'<body style="font-family: sans-serif; line-height: 1.5">\n{body}\n</body></html>\n'
    )


@dataclass(frozen=True)
class TemplateSpec:
    key: str
    label: str
    when: str  # when it is sent, for the editor
    placeholders: tuple[str, ...]
    subject: str
    text: str
    html: str


_BASE = ("candidate_first_name", "candidate_name", "posting_title", "company_name", "status_link")
_INTERVIEW = (*_BASE, "interview_stage", "interview_time", "interview_location", "pick_link")

TEMPLATES: dict[str, TemplateSpec] = {
    t.key: t
    for t in (
        TemplateSpec(
            key="application_received",
            label="Application received",
            when="Right after someone applies.",
            placeholders=(*_BASE, "next_steps"),
            subject="We received your application: {posting_title}",
            text="Hi {candidate_first_name},\n\nThanks for applying for {posting_title} at {company_name}. "
            "Here is what happens next:\n\n{next_steps}" + _LINK_TEXT + _SIGNATURE_TEXT,
            html=_html(
                "<p>Hi {candidate_first_name},</p>",
                "<p>Thanks for applying for <strong>{posting_title}</strong> at {company_name}. "
                "Here is what happens next:</p>",
                "<p>{next_steps}</p>",
                _LINK_HTML,
                _SIGNATURE_HTML,
            ),
        ),
        TemplateSpec(
            key="already_received",
            label="Already received",
            when="When the same address applies again for the same job (at most once a day).",
            placeholders=("posting_title", "company_name", "submitted_on", "status_link"),
            subject="We already have your application: {posting_title}",
            text="Hello,\n\nSomeone just applied again for {posting_title} at {company_name} with this "
            "email address. We already have your application for {posting_title}, received on "
            "{submitted_on}; there is no need to apply again. Nothing about your application was "
            "changed."
            + _LINK_TEXT
            + "\n\nIf this was not you, you can ignore this message."
            + _SIGNATURE_TEXT,
            html=_html(
                "<p>Hello,</p>",
                "<p>Someone just applied again for <strong>{posting_title}</strong> at {company_name} "
                "with this email address. We already have your application for {posting_title}, "
                "received on {submitted_on}; there is no need to apply again. Nothing about your "
                "application was changed.</p>",
                _LINK_HTML,
                "<p>If this was not you, you can ignore this message.</p>",
                _SIGNATURE_HTML,
            ),
        ),
        TemplateSpec(
            key="not_selected",
            label="Not selected",
            when="When a recruiter rejects with “Send rejection email” ticked, after the delay.",
            placeholders=_BASE,
            subject="Your application for {posting_title}",
            text="Hi {candidate_first_name},\n\nThank you for your interest in {posting_title} at "
            "{company_name} and for the time you gave us. After careful review we have decided not "
            "to move forward with your application.\n\nWe wish you every success in your search."
            + _SIGNATURE_TEXT,
            html=_html(
                "<p>Hi {candidate_first_name},</p>",
                "<p>Thank you for your interest in <strong>{posting_title}</strong> at {company_name} "
                "and for the time you gave us. After careful review we have decided not to move "
                "forward with your application.</p>",
                "<p>We wish you every success in your search.</p>",
                _SIGNATURE_HTML,
            ),
        ),
        TemplateSpec(
            key="interview_invitation",
            label="Interview invitation",
            when="When a recruiter proposes interview times.",
            placeholders=(*_BASE, "interview_stage", "interview_slots", "pick_link"),
            subject="Interview for {posting_title}: please pick a time",
            text="Hi {candidate_first_name},\n\nWe would like to invite you to a {interview_stage} for "
            "{posting_title} at {company_name}. These times are open:\n\n{interview_slots}\n\n"
            "Pick the one that suits you here:\n{pick_link}" + _SIGNATURE_TEXT,
            html=_html(
                "<p>Hi {candidate_first_name},</p>",
                "<p>We would like to invite you to a {interview_stage} for <strong>{posting_title}"
                "</strong> at {company_name}. These times are open:</p>",
                "<p>{interview_slots}</p>",
                '<p><a href="{pick_link}">Pick the time that suits you</a></p>',
                _SIGNATURE_HTML,
            ),
        ),
        TemplateSpec(
            key="interview_confirmed",
            label="Interview confirmed",
            when="When the candidate picks a time (with a calendar invitation).",
            placeholders=_INTERVIEW,
            subject="Interview confirmed: {posting_title}, {interview_time}",
            text="Hi {candidate_first_name},\n\nYour {interview_stage} for {posting_title} is booked:\n\n"
            "When: {interview_time}\nWhere: {interview_location}\n\nThe calendar invitation is "
            "attached." + _SIGNATURE_TEXT,
            html=_html(
                "<p>Hi {candidate_first_name},</p>",
                "<p>Your {interview_stage} for <strong>{posting_title}</strong> is booked:</p>",
                "<p>When: {interview_time}<br>Where: {interview_location}</p>",
                "<p>The calendar invitation is attached.</p>",
                _SIGNATURE_HTML,
            ),
        ),
        TemplateSpec(
            key="interview_updated",
            label="Interview updated",
            when="When a recruiter changes the time of a booked interview (with a calendar update).",
            placeholders=_INTERVIEW,
            subject="Interview moved: {posting_title}, {interview_time}",
            text="Hi {candidate_first_name},\n\nYour {interview_stage} for {posting_title} has a new "
            "time:\n\nWhen: {interview_time}\nWhere: {interview_location}\n\nThe updated calendar "
            "invitation is attached." + _SIGNATURE_TEXT,
            html=_html(
                "<p>Hi {candidate_first_name},</p>",
                "<p>Your {interview_stage} for <strong>{posting_title}</strong> has a new time:</p>",
                "<p>When: {interview_time}<br>Where: {interview_location}</p>",
                "<p>The updated calendar invitation is attached.</p>",
                _SIGNATURE_HTML,
            ),
        ),
        TemplateSpec(
            key="interview_cancelled",
            label="Interview cancelled",
            when="When a recruiter cancels an interview (with a calendar cancellation).",
            placeholders=_INTERVIEW,
            subject="Interview cancelled: {posting_title}",
            text="Hi {candidate_first_name},\n\nYour {interview_stage} for {posting_title} planned for "
            "{interview_time} is cancelled. We will be in touch." + _SIGNATURE_TEXT,
            html=_html(
                "<p>Hi {candidate_first_name},</p>",
                "<p>Your {interview_stage} for <strong>{posting_title}</strong> planned for "
                "{interview_time} is cancelled. We will be in touch.</p>",
                _SIGNATURE_HTML,
            ),
        ),
        TemplateSpec(
            key="interview_team_notice",
            label="Interview notice to the recruiter",
            when="To the recruiter who proposed the times, whenever the interview is booked, moved "
            "or cancelled (with the calendar invitation). While blind screening hides the candidate, "
            "their name placeholders say “Candidate #<id>” here and the invitation carries no "
            "address of theirs (services/identity.py).",
            # Not {status_link}: that is the candidate's own private link.
            placeholders=(*(p for p in _INTERVIEW if p != "status_link"), "interview_change"),
            subject="Interview {interview_change}: {candidate_name}, {posting_title}",
            text="The {interview_stage} with {candidate_name} for {posting_title} {interview_change}."
            "\n\nWhen: {interview_time}\nWhere: {interview_location}",
            html=_html(
                "<p>The {interview_stage} with {candidate_name} for <strong>{posting_title}</strong> "
                "{interview_change}.</p>",
                "<p>When: {interview_time}<br>Where: {interview_location}</p>",
            ),
        ),
        TemplateSpec(
            key="withdrawal_confirmed",
            label="Withdrawal confirmed",
            when="When a candidate withdraws an application from the status page.",
            placeholders=_BASE,
            subject="You withdrew your application: {posting_title}",
            text="Hi {candidate_first_name},\n\nWe have withdrawn your application for {posting_title} "
            "at {company_name}, as you asked. Thank you for your interest." + _LINK_TEXT + _SIGNATURE_TEXT,
            html=_html(
                "<p>Hi {candidate_first_name},</p>",
                "<p>We have withdrawn your application for <strong>{posting_title}</strong> at "
                "{company_name}, as you asked. Thank you for your interest.</p>",
                _LINK_HTML,
                _SIGNATURE_HTML,
            ),
        ),
    )
}


class TemplateInvalid(Invalid):
    """What an admin typed cannot be saved; ``errors`` maps a field to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(errors, next(iter(errors.values())))


@dataclass(frozen=True)
class TemplateText:
    key: str
    subject: str
    text: str
    html: str
    customised: bool = False  # an admin's version is in use


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def spec(key: str) -> TemplateSpec:
    found = TEMPLATES.get(key) if isinstance(key, str) else None
    if found is None:
        raise NotFound("There is no such email template.")
    return found


def check_source(source: str, allowed: tuple[str, ...]) -> str:
    """Why ``source`` cannot be used with these placeholders, or "" when it can."""
    try:
        parts = list(Formatter().parse(source))
    except ValueError:
        return "A “{” or “}” is not closed. Write {{ or }} for a literal brace."
    for _literal, name, spec_, conversion in parts:
        if name is None:
            continue
        if name == "":
            return "An empty {} is not a placeholder. Write {{}} for literal braces."
        if not name.isidentifier() or conversion or spec_:
            return f"“{{{name}}}” is not allowed: use a placeholder name alone, such as {{{allowed[0]}}}."
        if name not in allowed:
            return f"Unknown placeholder {{{name}}}. This template can use: " + ", ".join(
                "{" + p + "}" for p in allowed
            )
    return ""


def fill(source: str, values: Mapping[str, str], *, as_html: bool = False) -> str:
    """Put the values in (escaped for HTML); a source must have passed ``check_source``."""
    out: list[str] = []
    for literal, name, _spec, _conversion in Formatter().parse(source):
        out.append(literal)
        if name:
            value = str(values.get(name, ""))
            out.append(html.escape(value).replace("\n", "<br>\n") if as_html else value)
    return "".join(out)


def _validate(key: str, subject: str, text: str, html_body: str) -> dict[str, str]:
    allowed = spec(key).placeholders
    errors: dict[str, str] = {}
    for field, value, limit in (
        ("subject", subject, SUBJECT_MAX),
        ("text", text, BODY_MAX),
        ("html", html_body, BODY_MAX),
    ):
        if not isinstance(value, str):
            errors[field] = "That was not understood."
        elif not value.strip():
            errors[field] = "This cannot be empty."
        elif len(value) > limit:
            errors[field] = f"Keep this under {limit:,} characters."
        elif field == "subject" and ("\n" in value or "\r" in value):
            errors[field] = "A subject is one line."
        elif problem := check_source(value, allowed):
            errors[field] = problem
    return errors


def load(key: str, *, session: Session) -> TemplateText:
    """The template in use: the admin's version if there is one, else the default."""
    base = spec(key)
    row = session.get(EmailTemplate, key)
    if row is None:
        return TemplateText(key=key, subject=base.subject, text=base.text, html=base.html)
    return TemplateText(key=key, subject=row.subject, text=row.text_body, html=row.html_body, customised=True)


def list_all(*, session: Session) -> list[TemplateText]:
    return [load(key, session=session) for key in TEMPLATES]


def save(key: str, subject: str, text: str, html_body: str, *, user_id: int | None, session: Session) -> None:
    errors = _validate(key, subject, text, html_body)
    if errors:
        raise TemplateInvalid(errors)
    row = session.get(EmailTemplate, key) or EmailTemplate(key=key, subject="", text_body="", html_body="")
    row.subject, row.text_body, row.html_body = subject.strip(), text, html_body
    row.updated_by, row.updated_at = user_id, utcnow()
    session.add(row)
    session.flush()


def reset(key: str, *, session: Session) -> None:
    """Back to the default in code."""
    spec(key)
    row = session.get(EmailTemplate, key)
    if row is not None:
        session.delete(row)
        session.flush()


def sample_values(key: str) -> dict[str, str]:
    return {name: PLACEHOLDERS[name][1] for name in spec(key).placeholders}


def preview(
    key: str, subject: str, text: str, html_body: str, *, company: str = ""
) -> tuple[Rendered | None, dict[str, str]]:
    """The message with sample data (and the real company name), or the errors that keep it
    from being saved."""
    errors = _validate(key, subject, text, html_body)
    if errors:
        return None, errors
    values = sample_values(key)
    if company and "company_name" in values:
        values["company_name"] = company
    return Rendered(fill(subject, values), fill(text, values), fill(html_body, values, as_html=True)), {}


def render(key: str, values: Mapping[str, str], *, session: Session) -> Rendered:
    """The message for these values with the template in use now.

    A stored version that no longer checks (a placeholder removed from code) falls back to
    the default rather than sending something broken.
    """
    current = load(key, session=session)
    if current.customised and _validate(key, current.subject, current.text, current.html):
        base = spec(key)
        current = TemplateText(key=key, subject=base.subject, text=base.text, html=base.html)
    subject = " ".join(fill(current.subject, values).split())[:SUBJECT_MAX]
    return Rendered(subject, fill(current.text, values), fill(current.html, values, as_html=True))


def _uses(key: str, name: str, *, session: Session) -> bool:
    """Whether the template in use has this placeholder (in any of its three parts)."""
    current = load(key, session=session)
    return any(
        field == name
        for source in (current.subject, current.text, current.html)
        for _literal, field, _spec, _conv in Formatter().parse(source)
    )


def _status_link(application_id: int, *, session: Session) -> str:
    """A fresh status page link for the application's candidate (made only when used)."""

    application = session.get(Application, application_id)
    if application is None:
        return ""
    return candidate_access.new_status_link(application.candidate_id, session=session)


def queue(
    key: str,
    to_email: str,
    values: Mapping[str, str],
    *,
    session: Session,
    application_id: int | None = None,
    delay: timedelta | None = None,
    ics: str = "",
    now: datetime | None = None,
) -> Outbox:
    """Render a template now and add it to the outbox (due after ``delay``), in the caller's
    transaction. ``company_name`` defaults to the configured one."""
    if "company_name" not in values:
        values = {**values, "company_name": get_settings().company_name}
    if (
        "status_link" not in values
        and application_id is not None
        and _uses(key, "status_link", session=session)
    ):
        values = {**values, "status_link": _status_link(application_id, session=session)}
    message = render(key, values, session=session)
    now = now or utcnow()
    row = Outbox(
        to_email=to_email,
        subject=message.subject,
        body=message.text,
        html_body=message.html,
        ics=ics,
        kind=key,
        application_id=application_id,
        created_at=now,
        next_attempt_at=now + (delay or timedelta(0)),
    )
    session.add(row)
    session.flush()
    return row

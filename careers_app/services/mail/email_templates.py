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
from functools import cache
from string import Formatter

from sqlmodel import Session

from careers_app import i18n
from careers_app.i18n import Translator
from careers_app.models import Application, EmailTemplate, Outbox, Posting
from careers_app.models.types import utcnow
from careers_app.services.candidates import candidate_access
from careers_app.services.platform.errors import Invalid, NotFound
from careers_app.services.postings import postings as posting_rules
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


def _signature_text(t: Translator) -> str:
    return "\n\n" + t.gettext("The {company_name} recruiting team")


def _signature_html(t: Translator) -> str:
    return "<p>" + t.gettext("The {company_name} recruiting team") + "</p>"


# The candidate status link (services/candidates/candidate_access.py), in every email that carries one.
def _link_text(t: Translator) -> str:
    return (
        "\n\n"
        + t.gettext(
            "See where your applications stand, withdraw one or correct your contact details "
            "(no account needed; keep this link to yourself):"
        )
        + "\n{status_link}"
    )


def _link_html(t: Translator) -> str:
    return t.gettext(
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


def _templates(t: Translator) -> dict[str, TemplateSpec]:
    """The default templates, the candidate's words in ``t``'s language (the editor's labels
    and the hiring team's own notice stay English)."""
    hi_text = t.gettext("Hi {candidate_first_name},") + "\n\n"
    hi_html = "<p>" + t.gettext("Hi {candidate_first_name},") + "</p>"
    when_where_text = t.gettext("When: {interview_time}\nWhere: {interview_location}")
    when_where_html = "<p>" + t.gettext("When: {interview_time}<br>Where: {interview_location}") + "</p>"
    return {
        spec.key: spec
        for spec in (
            TemplateSpec(
                key="application_received",
                label="Application received",
                when="Right after someone applies.",
                placeholders=(*_BASE, "next_steps"),
                subject=t.gettext("We received your application: {posting_title}"),
                text=hi_text
                + t.gettext(
                    "Thanks for applying for {posting_title} at {company_name}. Here is what happens next:"
                )
                + "\n\n{next_steps}"
                + _link_text(t)
                + _signature_text(t),
                html=_html(
                    hi_html,
                    t.gettext(
                        "<p>Thanks for applying for <strong>{posting_title}</strong> at {company_name}. "
                        "Here is what happens next:</p>"
                    ),
                    "<p>{next_steps}</p>",
                    _link_html(t),
                    _signature_html(t),
                ),
            ),
            TemplateSpec(
                key="already_received",
                label="Already received",
                when="When the same address applies again for the same job (at most once a day).",
                placeholders=("posting_title", "company_name", "submitted_on", "status_link"),
                subject=t.gettext("We already have your application: {posting_title}"),
                text=t.gettext("Hello,")
                + "\n\n"
                + t.gettext(
                    "Someone just applied again for {posting_title} at {company_name} with this "
                    "email address. We already have your application for {posting_title}, received on "
                    "{submitted_on}; there is no need to apply again. Nothing about your application was "
                    "changed."
                )
                + _link_text(t)
                + "\n\n"
                + t.gettext("If this was not you, you can ignore this message.")
                + _signature_text(t),
                html=_html(
                    "<p>" + t.gettext("Hello,") + "</p>",
                    t.gettext(
                        "<p>Someone just applied again for <strong>{posting_title}</strong> at "
                        "{company_name} with this email address. We already have your application for "
                        "{posting_title}, received on {submitted_on}; there is no need to apply again. "
                        "Nothing about your application was changed.</p>"
                    ),
                    _link_html(t),
                    "<p>" + t.gettext("If this was not you, you can ignore this message.") + "</p>",
                    _signature_html(t),
                ),
            ),
            TemplateSpec(
                key="not_selected",
                label="Not selected",
                when="When a recruiter rejects with “Send rejection email” ticked, after the delay.",
                placeholders=_BASE,
                subject=t.gettext("Your application for {posting_title}"),
                text=hi_text
                + t.gettext(
                    "Thank you for your interest in {posting_title} at {company_name} and for the time "
                    "you gave us. After careful review we have decided not to move forward with your "
                    "application."
                )
                + "\n\n"
                + t.gettext("We wish you every success in your search.")
                + _signature_text(t),
                html=_html(
                    hi_html,
                    t.gettext(
                        "<p>Thank you for your interest in <strong>{posting_title}</strong> at "
                        "{company_name} and for the time you gave us. After careful review we have "
                        "decided not to move forward with your application.</p>"
                    ),
                    "<p>" + t.gettext("We wish you every success in your search.") + "</p>",
                    _signature_html(t),
                ),
            ),
            TemplateSpec(
                key="interview_invitation",
                label="Interview invitation",
                when="When a recruiter proposes interview times.",
                placeholders=(*_BASE, "interview_stage", "interview_slots", "pick_link"),
                subject=t.gettext("Interview for {posting_title}: please pick a time"),
                text=hi_text
                + t.gettext(
                    "We would like to invite you to a {interview_stage} for {posting_title} at "
                    "{company_name}. These times are open:"
                )
                + "\n\n{interview_slots}\n\n"
                + t.gettext("Pick the one that suits you here:")
                + "\n{pick_link}"
                + _signature_text(t),
                html=_html(
                    hi_html,
                    t.gettext(
                        "<p>We would like to invite you to a {interview_stage} for <strong>{posting_title}"
                        "</strong> at {company_name}. These times are open:</p>"
                    ),
                    "<p>{interview_slots}</p>",
                    t.gettext('<p><a href="{pick_link}">Pick the time that suits you</a></p>'),
                    _signature_html(t),
                ),
            ),
            TemplateSpec(
                key="interview_confirmed",
                label="Interview confirmed",
                when="When the candidate picks a time (with a calendar invitation).",
                placeholders=_INTERVIEW,
                subject=t.gettext("Interview confirmed: {posting_title}, {interview_time}"),
                text=hi_text
                + t.gettext("Your {interview_stage} for {posting_title} is booked:")
                + "\n\n"
                + when_where_text
                + "\n\n"
                + t.gettext("The calendar invitation is attached.")
                + _signature_text(t),
                html=_html(
                    hi_html,
                    t.gettext(
                        "<p>Your {interview_stage} for <strong>{posting_title}</strong> is booked:</p>"
                    ),
                    when_where_html,
                    "<p>" + t.gettext("The calendar invitation is attached.") + "</p>",
                    _signature_html(t),
                ),
            ),
            TemplateSpec(
                key="interview_updated",
                label="Interview updated",
                when="When a recruiter changes the time of a booked interview (with a calendar update).",
                placeholders=_INTERVIEW,
                subject=t.gettext("Interview moved: {posting_title}, {interview_time}"),
                text=hi_text
                + t.gettext("Your {interview_stage} for {posting_title} has a new time:")
                + "\n\n"
                + when_where_text
                + "\n\n"
                + t.gettext("The updated calendar invitation is attached.")
                + _signature_text(t),
                html=_html(
                    hi_html,
                    t.gettext(
                        "<p>Your {interview_stage} for <strong>{posting_title}</strong> has a new time:</p>"
                    ),
                    when_where_html,
                    "<p>" + t.gettext("The updated calendar invitation is attached.") + "</p>",
                    _signature_html(t),
                ),
            ),
            TemplateSpec(
                key="interview_cancelled",
                label="Interview cancelled",
                when="When a recruiter cancels an interview (with a calendar cancellation).",
                placeholders=_INTERVIEW,
                subject=t.gettext("Interview cancelled: {posting_title}"),
                text=hi_text
                + t.gettext(
                    "Your {interview_stage} for {posting_title} planned for {interview_time} is cancelled. "
                    "We will be in touch."
                )
                + _signature_text(t),
                html=_html(
                    hi_html,
                    t.gettext(
                        "<p>Your {interview_stage} for <strong>{posting_title}</strong> planned for "
                        "{interview_time} is cancelled. We will be in touch.</p>"
                    ),
                    _signature_html(t),
                ),
            ),
            TemplateSpec(
                key="interview_team_notice",
                label="Interview notice to the recruiter",
                when="To the recruiter who proposed the times, whenever the interview is booked, moved "
                "or cancelled (with the calendar invitation). While blind screening hides the candidate, "
                "their name placeholders say “Candidate #<id>” here and the invitation carries no "
                "address of theirs (services/visibility/identity.py).",
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
                subject=t.gettext("You withdrew your application: {posting_title}"),
                text=hi_text
                + t.gettext(
                    "We have withdrawn your application for {posting_title} at {company_name}, as you "
                    "asked. Thank you for your interest."
                )
                + _link_text(t)
                + _signature_text(t),
                html=_html(
                    hi_html,
                    t.gettext(
                        "<p>We have withdrawn your application for <strong>{posting_title}</strong> at "
                        "{company_name}, as you asked. Thank you for your interest.</p>"
                    ),
                    _link_html(t),
                    _signature_html(t),
                ),
            ),
        )
    }


TEMPLATES: dict[str, TemplateSpec] = _templates(Translator(i18n.DEFAULT))


@cache
def templates_in(lang: str) -> dict[str, TemplateSpec]:
    """The default templates in ``lang`` (i18n.py); English is ``TEMPLATES`` itself."""
    lang = i18n.supported(lang) or i18n.DEFAULT
    return TEMPLATES if lang == i18n.DEFAULT else _templates(Translator(lang))


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


def render(key: str, values: Mapping[str, str], *, session: Session, lang: str = i18n.DEFAULT) -> Rendered:
    """The message for these values with the template in use now.

    A stored version that no longer checks (a placeholder removed from code) falls back to
    the default rather than sending something broken. In another language than English the
    message is the catalog's translation of the default (the editor edits the English one).
    """
    if (i18n.supported(lang) or i18n.DEFAULT) != i18n.DEFAULT:
        spanish = templates_in(lang)[spec(key).key]
        subject = " ".join(fill(spanish.subject, values).split())[:SUBJECT_MAX]
        return Rendered(subject, fill(spanish.text, values), fill(spanish.html, values, as_html=True))
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


def application_language(application_id: int, *, session: Session) -> tuple[str, str]:
    """The language an application was made in, and its posting's title in that language
    ("" when English, or the posting has no version in it)."""
    application = session.get(Application, application_id)
    lang = i18n.supported(application.language) if application is not None else ""
    if not lang or lang == i18n.DEFAULT or application is None:
        return i18n.DEFAULT, ""
    posting = session.get(Posting, application.posting_id)
    title = posting_rules.localized_title(posting, lang) if posting is not None else ""
    return lang, (title if posting is not None and title != posting.title else "")


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
    transaction. ``company_name`` defaults to the configured one. Mail about an application
    speaks the language it was made in (application.language), with the posting's title in
    that language when the posting has one."""
    if "company_name" not in values:
        values = {**values, "company_name": get_settings().company_name}
    lang = i18n.DEFAULT
    if application_id is not None and key != "interview_team_notice":
        lang, title = application_language(application_id, session=session)
        if title and "posting_title" in values:
            values = {**values, "posting_title": title}
    if (
        "status_link" not in values
        and application_id is not None
        and _uses(key, "status_link", session=session)
    ):
        values = {**values, "status_link": _status_link(application_id, session=session)}
    message = render(key, values, session=session, lang=lang)
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

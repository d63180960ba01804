"""The job board API's read side, in the shapes of Greenhouse's public Job Board API.

Integrations built for Greenhouse (aggregators, custom careers pages, application
forms) read ``/v1/boards/{board_token}/...`` and expect its field names and types:
numeric ids, ``location.name``, ``absolute_url``, HTML in ``content`` escaped as
entities, ``questions[].fields[]`` to build a form from. Matched against Greenhouse's
own documentation (grnhse/greenhouse-api-docs, source/includes/job-board/_jobs.md,
_departments.md, _offices.md, _boards.md, _applications.md).

Ids are the table ids (postings, teams as departments, offices), stable for as long as
the row exists. Only open postings are listed or retrievable. Teams and offices have
no hierarchy here, so every ``parent_id`` is null and every ``child_ids`` empty.

Besides the documented fields, jobs carry what live boards send and clients read:
``company_name``, ``first_published`` (``updated_at`` moves on every edit),
``application_deadline`` (the closing date, or null) and ``data_compliance``. A fully
remote posting is written as Greenhouse boards write one, in the location's name
("Remote - United Kingdom"); its office stays the office it belongs to.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from careers_app.models import Office, Posting, Team
from careers_app.services.platform.reference import (
    COUNTRIES,
    COUNTRY_NAMES,
    EEO_EXPLANATION,
    EEO_QUESTIONS,
    EEO_TITLE,
    UPLOAD_HINT,
    US_STATES,
)
from careers_app.services.postings import postings as posting_rules

Json = dict[str, Any]

# Our address step, as Greenhouse-style custom questions with fixed ids (question_<id>).
# (id, draft field, label, required, field type, options)
ADDRESS_QUESTIONS: tuple[tuple[int, str, str, bool, str, tuple[str, ...]], ...] = (
    (1001, "address", "Address", False, "textarea", ()),
    (1002, "city", "City", False, "input_text", ()),
    (1003, "state", "State (United States only)", False, "multi_value_single_select", US_STATES),
    (1004, "country", "Country", True, "multi_value_single_select", COUNTRY_NAMES),
    (1005, "zip_code", "ZIP or postal code", False, "input_text", ()),
)
# Our EEO questions under the names Greenhouse's compliance block uses where it has one.
EEO_API_NAMES: dict[str, str] = {"race_ethnicity": "race"}
LANGUAGE = "en"  # postings are written in English; Greenhouse sends each post's language code
# ?lang=es: a posting with a Spanish version is sent in Spanish, its ``language`` "es".
_COUNTRY_NAME: dict[str, str] = {code: name for name, code in COUNTRIES}


@dataclass(frozen=True)
class BoardContext:
    """What every response needs besides the database: where the site lives, whose it is."""

    base_url: str
    company: str
    lang: str = LANGUAGE  # the language asked for (``?lang=``); postings without it stay English


def _iso(at: datetime | None) -> str | None:
    return at.isoformat(timespec="seconds") if at else None


def _open(posting: Posting) -> bool:
    rule = getattr(posting_rules, "is_open", None)  # closing dates, where postings know them
    return bool(rule(posting)) if rule else posting.status == "open"


def _open_rows(*, session: Session) -> list[tuple[Posting, Team, Office]]:
    rows = session.exec(
        select(Posting, Team, Office)
        .join(Team, col(Team.id) == col(Posting.team_id))
        .join(Office, col(Office.id) == col(Posting.office_id))
        .where(Posting.status == "open")
        .order_by(col(Posting.published_at).desc(), col(Posting.id))
    ).all()
    return [(p, t, o) for p, t, o in rows if _open(p)]


def _content(posting: Posting, lang: str = LANGUAGE) -> str:
    """The description as HTML, escaped once more as Greenhouse sends it (clients unescape)."""
    parts: list[str] = []
    for section in posting_rules.localized_sections(posting, lang):
        if not (section.paragraphs or section.bullets):
            continue
        if section.heading:
            parts.append(f"<h3>{html.escape(section.heading)}</h3>")
        parts.extend(f"<p>{html.escape(p)}</p>" for p in section.paragraphs)
        if section.bullets:
            parts.append("<ul>" + "".join(f"<li>{html.escape(b)}</li>" for b in section.bullets) + "</ul>")
    return html.escape("".join(parts), quote=False)


def location_name(posting: Posting, office: Office) -> str:
    """Where the job is, as a Greenhouse board names it: the office, or "Remote - <country>"
    for a fully remote posting (remote within the office's country)."""
    if not posting.remote:
        return office.name
    return f"Remote - {_COUNTRY_NAME.get(office.country_code, office.country_code)}"


def _data_compliance() -> list[Json]:
    return [
        {
            "type": "gdpr",
            "requires_consent": False,
            "requires_processing_consent": False,
            "requires_retention_consent": False,
            "retention_period": None,
        }
    ]


def _job(posting: Posting, office: Office, ctx: BoardContext) -> Json:
    """A job as every list sends it (jobs, and the jobs under departments and offices)."""
    language = posting_rules.content_language(posting, ctx.lang)
    return {
        "id": posting.id,
        "internal_job_id": posting.id,
        "title": posting_rules.localized_title(posting, ctx.lang),
        "updated_at": _iso(posting.published_at or posting.created_at),
        "requisition_id": posting.slug,
        "location": {"name": location_name(posting, office)},
        "absolute_url": f"{ctx.base_url}/jobs/{posting.slug}"
        + ("" if language == LANGUAGE else f"?lang={language}"),
        "language": language,
        "metadata": None,
        "data_compliance": _data_compliance(),
        "company_name": ctx.company,
        "first_published": _iso(posting.published_at),
        "application_deadline": _iso(posting.closes_at),
    }


def _department(team: Team) -> Json:
    return {"id": team.id, "name": team.name, "parent_id": None, "child_ids": []}


def _office(office: Office) -> Json:
    return {
        "id": office.id,
        "name": office.name,
        "location": office.name,
        "parent_id": None,
        "child_ids": [],
    }


def board(ctx: BoardContext) -> Json:
    return {
        "name": ctx.company,
        "content": f"<p>Open jobs at {html.escape(ctx.company)}.</p>",
    }


def _with_content(posting: Posting, team: Team, office: Office, lang: str = LANGUAGE) -> Json:
    return {
        "content": _content(posting, lang),
        "departments": [_department(team)],
        "offices": [_office(office)],
    }


def jobs(ctx: BoardContext, *, content: bool, session: Session, pay: bool = False) -> Json:
    """Every open posting; ``content`` adds the description, department and office,
    ``pay`` (Greenhouse's ``pay_transparency=true``) each one's ``pay_input_ranges``."""
    listed: list[Json] = []
    for posting, team, office in _open_rows(session=session):
        job = _job(posting, office, ctx)
        if content:
            job |= _with_content(posting, team, office, ctx.lang)
        if pay:
            job["pay_input_ranges"] = pay_input_ranges(posting)
        listed.append(job)
    return {"jobs": listed, "meta": {"total": len(listed)}}


def pay_input_ranges(posting: Posting) -> list[Json]:
    """The posting's pay range as Greenhouse's ``pay_input_ranges`` (empty when it has none)."""
    low, high = getattr(posting, "pay_min_cents", None), getattr(posting, "pay_max_cents", None)
    currency, unit = getattr(posting, "pay_currency", ""), getattr(posting, "pay_unit", "")
    if low is None or high is None or not currency:
        return []
    per = f" per {unit.lower()}" if unit else ""
    return [
        {
            "min_cents": int(low),
            "max_cents": int(high),
            "currency_type": currency,
            "title": f"Pay range{per}",
            "blurb": f"The pay range for this job{per}, before any benefits.",
        }
    ]


def job(
    posting_id: int, ctx: BoardContext, *, questions: bool, session: Session, pay: bool = False
) -> Json | None:
    """One open posting, or None (unknown, draft, closed: all the same to the caller)."""
    row = next((r for r in _open_rows(session=session) if r[0].id == posting_id), None)
    if row is None:
        return None
    posting, team, office = row
    data = _job(posting, office, ctx) | _with_content(posting, team, office, ctx.lang)
    if pay:
        data["pay_input_ranges"] = pay_input_ranges(posting)
    if questions:
        data |= {
            "questions": application_questions(),
            "location_questions": location_questions(),
            "compliance": compliance_questions(ctx.company),
        }
    return data


def _values(options: tuple[str, ...]) -> list[Json]:
    """Select options as Greenhouse sends them: a numeric value (1-based, in our list's
    order, which is kept) and the label; either is accepted back."""
    return [{"value": i, "label": label} for i, label in enumerate(options, 1)]


def _question(label: str, required: bool, *fields: tuple[str, str, tuple[str, ...]]) -> Json:
    out_fields: list[Json] = []
    for name, kind, options in fields:
        field: Json = {"name": name, "type": kind}
        if kind.startswith("multi_value"):
            field["values"] = _values(options)
        out_fields.append(field)
    return {"required": required, "label": label, "description": None, "fields": out_fields}


def application_questions() -> list[Json]:
    """The person and the documents. Resumes and cover letters are PDFs only (no
    ``resume_text``: an application's documents are files recruiters open)."""
    hint = f"<p>{html.escape(UPLOAD_HINT)}</p>"
    resume = _question("Resume/CV", True, ("resume", "input_file", ()))
    cover = _question("Cover Letter", False, ("cover_letter", "input_file", ()))
    resume["description"] = cover["description"] = hint
    return [
        _question("First Name", True, ("first_name", "input_text", ())),
        _question("Last Name", True, ("last_name", "input_text", ())),
        _question("Email", True, ("email", "input_text", ())),
        _question("Phone", True, ("phone", "input_text", ())),
        resume,
        cover,
    ]


def location_questions() -> list[Json]:
    """The applicant's address, as the wizard's address step asks it."""
    out: list[Json] = []
    for qid, _name, label, required, kind, options in ADDRESS_QUESTIONS:
        field: Json = {"name": f"question_{qid}", "type": kind, "values": _values(options)}
        out.append({"label": label, "fields": [field], "required": required})
    return out


def compliance_questions(company: str) -> list[Json]:
    """The voluntary EEO questions with the answers the wizard offers (never required)."""
    intro = [EEO_TITLE, *(text.format(company=company) for text in EEO_EXPLANATION)]
    return [
        {
            "type": "eeoc",
            "description": "".join(f"<p>{html.escape(p)}</p>" for p in intro),
            "questions": [
                _question(label, False, (EEO_API_NAMES.get(name, name), "multi_value_single_select", options))
                for name, label, options in EEO_QUESTIONS
            ],
        }
    ]


def _team_jobs(rows: list[tuple[Posting, Team, Office]], team: Team, ctx: BoardContext) -> list[Json]:
    return [_job(p, o, ctx) for p, t, o in rows if t.id == team.id]


def _teams(session: Session) -> list[Team]:
    return list(session.exec(select(Team).order_by(Team.name)).all())


def _tail(tree: bool) -> Json:
    return {"children": []} if tree else {"parent_id": None, "child_ids": []}


def _department_entry(
    team: Team, rows: list[tuple[Posting, Team, Office]], ctx: BoardContext, *, tree: bool
) -> Json:
    return {"id": team.id, "name": team.name, "jobs": _team_jobs(rows, team, ctx)} | _tail(tree)


def departments(ctx: BoardContext, *, tree: bool, session: Session) -> Json:
    """Every team (as Greenhouse lists every department), each with its open postings."""
    rows = _open_rows(session=session)
    return {"departments": [_department_entry(t, rows, ctx, tree=tree) for t in _teams(session)]}


def department(team_id: int, ctx: BoardContext, *, tree: bool, session: Session) -> Json | None:
    team = session.get(Team, team_id)
    if team is None:
        return None
    return _department_entry(team, _open_rows(session=session), ctx, tree=tree)


def _office_entry(
    office: Office,
    rows: list[tuple[Posting, Team, Office]],
    teams: list[Team],
    ctx: BoardContext,
    *,
    tree: bool,
) -> Json:
    here = [r for r in rows if r[2].id == office.id]
    depts = [_department_entry(team, here, ctx, tree=tree) for team in teams]
    return {"id": office.id, "name": office.name, "location": office.name, "departments": depts} | _tail(tree)


def offices(ctx: BoardContext, *, tree: bool, session: Session) -> Json:
    """Every office with every department and that office's open postings in it."""
    rows, teams = _open_rows(session=session), _teams(session)
    listed = session.exec(select(Office).order_by(Office.name)).all()
    return {"offices": [_office_entry(o, rows, teams, ctx, tree=tree) for o in listed]}


def office(office_id: int, ctx: BoardContext, *, tree: bool, session: Session) -> Json | None:
    row = session.get(Office, office_id)
    if row is None:
        return None
    return _office_entry(row, _open_rows(session=session), _teams(session), ctx, tree=tree)

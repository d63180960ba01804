"""The XML job feed job aggregators read (/feeds/jobs.xml, Indeed's field names).

Every open posting (closing dates included), newest first, with everything the posting
knows: the reference and requisition id (the slug, as the Job Board API's
``requisition_id``), dates in ISO 8601 UTC (``date`` is the publication date the page
shows; ``expirationdate`` the closing date), the office's street, city, state and postal
code, ``category`` (the team), ``jobtype`` in Indeed's words and ``remotetype``. A value the
posting does not have is left out rather than sent empty. A fully remote posting (within
the office's country, as the page says "Remote (US)") carries its country and
``remotetype`` "Fully remote", not the office's address: the job is not there.

Text goes in CDATA sections, so HTML descriptions need no entity escaping; a "]]>" in the
text is split across two sections, and characters XML 1.0 forbids are dropped, so the
file always parses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlmodel import Session, col, select

from careers_app import routes
from careers_app.models import Office, Posting, Team
from careers_app.models.types import utcnow
from careers_app.services.postings.postings import open_clause, posting_pay, posting_sections, sections_html

FEED_PATH = "/feeds/jobs.xml"
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Indeed's <jobtype> words for Google's employmentType values.
JOB_TYPES = {
    "FULL_TIME": "fulltime",
    "PART_TIME": "parttime",
    "CONTRACTOR": "contract",
    "TEMPORARY": "temporary",
    "INTERN": "internship",
}
FULLY_REMOTE = "Fully remote"  # Indeed's <remotetype> for a job done entirely from home


@dataclass(frozen=True)
class FeedJob:
    title: str
    date: str  # ISO 8601, UTC: when it was published
    reference: str
    requisition_id: str
    path: str
    city: str
    state: str
    country: str
    street_address: str
    postal_code: str
    description_html: str
    salary: str
    job_type: str
    category: str
    expiration_date: str = ""  # ISO 8601, UTC: when applications close, "" if never
    remote_type: str = ""  # "Fully remote", or "" for a job at the office


def iso(moment: datetime) -> str:
    """2026-11-01T09:00:00Z, the form Indeed's documentation shows."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def feed_jobs(*, session: Session) -> list[FeedJob]:
    rows = session.exec(
        select(Posting, Office, Team)
        .join(Office, col(Office.id) == col(Posting.office_id))
        .join(Team, col(Team.id) == col(Posting.team_id))
        .where(open_clause())
        .order_by(col(Posting.published_at).desc(), col(Posting.slug))
    ).all()
    jobs = []
    for posting, office, team in rows:
        pay = posting_pay(posting)
        on_site = not posting.remote
        jobs.append(
            FeedJob(
                title=posting.title,
                date=iso(posting.published_at or posting.created_at),
                reference=posting.slug,
                requisition_id=posting.slug,
                path=routes.posting_url(posting.slug),
                city=office.city if on_site else "",
                state=office.region if on_site else "",
                country=office.country_code,
                street_address=office.street_address if on_site else "",
                postal_code=office.postal_code if on_site else "",
                description_html=sections_html(posting_sections(posting)),
                salary=pay.text() if pay else "",
                job_type=JOB_TYPES.get(posting.employment_type, ""),
                category=team.name,
                expiration_date=iso(posting.closes_at) if posting.closes_at else "",
                remote_type="" if on_site else FULLY_REMOTE,
            )
        )
    return jobs


def cdata(text: str) -> str:
    clean = _NOT_XML.sub("", text)
    return "<![CDATA[" + clean.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def feed_xml(jobs: list[FeedJob], *, company: str, base_url: str) -> str:
    base = base_url.rstrip("/")
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        "<source>",
        f"<publisher>{cdata(company)}</publisher>",
        f"<publisherurl>{cdata(base)}</publisherurl>",
        f"<lastBuildDate>{cdata(iso(utcnow()))}</lastBuildDate>",
    ]
    for job in jobs:
        fields = (
            ("title", job.title),
            ("date", job.date),
            ("referencenumber", job.reference),
            ("requisitionid", job.requisition_id),
            ("url", base + job.path),
            ("company", company),
            ("city", job.city),
            ("state", job.state),
            ("country", job.country),
            ("streetaddress", job.street_address),
            ("postalcode", job.postal_code),
            ("description", job.description_html),
            ("salary", job.salary),
            ("jobtype", job.job_type),
            ("category", job.category),
            ("expirationdate", job.expiration_date),
            ("remotetype", job.remote_type),
        )
        lines.append(
            "<job>"
            + "".join(f"<{name}>{cdata(value)}</{name}>" for name, value in fields if value)
            + "</job>"
        )
    lines.append("</source>")
    return "\n".join(lines) + "\n"

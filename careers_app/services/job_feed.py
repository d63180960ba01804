"""The XML job feed job aggregators read (/feeds/jobs.xml, Indeed's field names).

Every open posting (closing dates included), newest first. Text goes in CDATA sections, so
HTML descriptions need no entity escaping; a "]]>" in the text is split across two
sections, and characters XML 1.0 forbids are dropped, so the file always parses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.utils import format_datetime

from sqlmodel import Session, col, select

from careers_app import routes
from careers_app.models import Office, Posting
from careers_app.models.types import utcnow
from careers_app.services.job_schema import EMPLOYMENT_TYPES
from careers_app.services.postings import open_clause, posting_pay, posting_sections, sections_html

FEED_PATH = "/feeds/jobs.xml"
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class FeedJob:
    title: str
    date: str  # RFC 2822, as Indeed's examples
    reference: str
    path: str
    city: str
    state: str
    country: str
    postal_code: str
    description_html: str
    salary: str
    job_type: str


def feed_jobs(*, session: Session) -> list[FeedJob]:
    rows = session.exec(
        select(Posting, Office)
        .join(Office, col(Office.id) == col(Posting.office_id))
        .where(open_clause())
        .order_by(col(Posting.published_at).desc(), col(Posting.slug))
    ).all()
    jobs = []
    for posting, office in rows:
        pay = posting_pay(posting)
        jobs.append(
            FeedJob(
                title=posting.title,
                date=format_datetime(posting.published_at or posting.created_at, usegmt=True),
                reference=posting.slug,
                path=routes.posting_url(posting.slug),
                city="" if posting.remote else office.city,
                state="" if posting.remote else office.region,
                country=office.country_code,
                postal_code="",  # offices keep no postal code yet
                description_html=sections_html(posting_sections(posting)),
                salary=pay.text() if pay else "",
                job_type=dict(EMPLOYMENT_TYPES).get(posting.employment_type, posting.employment_type).lower(),
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
        f"<lastBuildDate>{cdata(format_datetime(utcnow(), usegmt=True))}</lastBuildDate>",
    ]
    for job in jobs:
        fields = (
            ("title", job.title),
            ("date", job.date),
            ("referencenumber", job.reference),
            ("url", base + job.path),
            ("company", company),
            ("city", job.city),
            ("state", job.state),
            ("country", job.country),
            ("postalcode", job.postal_code),
            ("description", job.description_html),
            ("salary", job.salary),
            ("jobtype", job.job_type),
        )
        lines.append(
            "<job>" + "".join(f"<{name}>{cdata(value)}</{name}>" for name, value in fields) + "</job>"
        )
    lines.append("</source>")
    return "\n".join(lines) + "\n"

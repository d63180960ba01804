"""Aggregate equal-opportunity figures for compliance staff: how many applicants answered.

Only counts leave this module: never a name, an application id or one person's answers.
How many answered comes from the one disclosure rule (``services/compliance/eeo_disclosure.py``), like
every other equal-opportunity number: hidden when it, or the number who did not answer, is
1 to 4, or when another report would give it back.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from careers_app.models import Office, Posting
from careers_app.services.compliance.eeo_disclosure import Disclosures


@dataclass(frozen=True)
class PostingResponseRate:
    title: str
    office: str
    status: str
    applications: int  # public: the boards show every application
    answered: str  # applications with at least one voluntary answer, or "<5" / "—" when hidden
    percent: str  # answered / applications, rounded ("87 %"), empty when the count is hidden


def response_rates(shown: Disclosures, *, session: Session) -> list[PostingResponseRate]:
    """Per posting with applications: how many applicants answered any voluntary question."""
    rows = session.exec(
        select(Posting.id, Posting.title, Office.name, Posting.status)
        .join(Office, col(Office.id) == col(Posting.office_id))
        .order_by(col(Posting.title), col(Office.name))
    ).all()
    result = []
    for posting_id, title, office, status in rows:
        applications, answered = shown.answered(posting_id or 0)
        if not applications:
            continue
        percent = f"{round(100 * int(answered) / applications)} %" if answered.isdigit() else ""
        result.append(PostingResponseRate(title, office, status, applications, answered, percent))
    return result

"""Aggregate equal-opportunity figures for compliance staff.

Only counts leave this module: never a name, an application id or one person's answers.
The full reports (per stage, suppression, adverse impact) build on this.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from careers_app.models import Application, EeoAnswer, Office, Posting


@dataclass(frozen=True)
class PostingResponseRate:
    title: str
    office: str
    status: str
    applications: int
    answered: int  # applications with at least one voluntary answer
    percent: int  # answered / applications, rounded (a field: it is shown in the browser)


def response_rates(*, session: Session) -> list[PostingResponseRate]:
    """Per posting with applications: how many applicants answered any voluntary question."""
    answered = (
        select(func.count())
        .select_from(EeoAnswer)
        .where(col(EeoAnswer.posting_id) == col(Posting.id))
        .scalar_subquery()
    )
    total = (
        select(func.count())
        .select_from(Application)
        .where(col(Application.posting_id) == col(Posting.id))
        .scalar_subquery()
    )
    rows = session.exec(
        sa.select(col(Posting.title), col(Office.name), col(Posting.status), total, answered)  # type: ignore[call-overload]
        .join(Office, col(Office.id) == col(Posting.office_id))
        .order_by(col(Posting.title), col(Office.name))
    ).all()
    return [
        PostingResponseRate(
            title=t, office=o, status=s, applications=int(n), answered=int(a), percent=round(100 * a / n)
        )
        for t, o, s, n, a in rows
        if n
    ]

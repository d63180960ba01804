"""Email templates admins edited, and interviews with their proposed slots.

Kept apart from tables.py (which others edit). The default templates live in code
(services/mail/email_templates.py); a row here is an admin's override of one of them.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Column, Field, SQLModel

from careers_app.models.types import UTCDateTime, utcnow


def _ts(*, nullable: bool = False) -> Column:
    return Column(UTCDateTime(), nullable=nullable)


class EmailTemplate(SQLModel, table=True):
    """An admin's version of one template (``key`` names a template defined in code)."""

    __tablename__ = "email_template"

    key: str = Field(primary_key=True, max_length=40)
    subject: str = Field(max_length=200)
    text_body: str = Field(sa_column=Column(sa.Text, nullable=False))
    html_body: str = Field(sa_column=Column(sa.Text, nullable=False))
    updated_by: int | None = Field(default=None, foreign_key="app_user.id")
    updated_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class Interview(SQLModel, table=True):
    """One interview for an application: proposed slots, then the one the candidate picked.

    ``uid`` is the iCalendar UID, the same for every update and the cancellation;
    ``sequence`` counts the changes sent. The candidate's link carries a random token,
    of which only the SHA-256 is stored. Times are stored in UTC with the zone's name.
    """

    __tablename__ = "interview"

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="application.id", index=True)
    stage: str = Field(max_length=40)
    uid: str = Field(max_length=120, unique=True)
    token_hash: str = Field(max_length=64, unique=True)
    status: str = Field(default="proposed", max_length=12)  # proposed | scheduled | cancelled
    sequence: int = Field(default=0)
    starts_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    duration_minutes: int = Field(default=0)
    time_zone: str = Field(default="", max_length=64)
    location: str = Field(default="", max_length=300)
    proposed_by: int | None = Field(default=None, foreign_key="app_user.id")
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class InterviewSlot(SQLModel, table=True):
    """A time a recruiter offered; the candidate picks one of the interview's open slots."""

    __tablename__ = "interview_slot"

    id: int | None = Field(default=None, primary_key=True)
    interview_id: int = Field(foreign_key="interview.id", index=True)
    starts_at: datetime = Field(sa_column=_ts())
    duration_minutes: int
    time_zone: str = Field(max_length=64)
    location: str = Field(default="", max_length=300)
    open: bool = Field(default=True)  # False once a newer proposal or a pick replaced it

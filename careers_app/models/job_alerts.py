"""Job alerts: a person's email subscription to new postings of a team, a location and/or a
keyword (services/jobboard/job_alerts.py), the links mailed for it, and the requests counted for the
rate limits. Kept apart from tables.py (which others edit).

A subscription is personal data (the address): its consent is recorded (the words shown,
when, from which page), it is listed in services/privacy/personal_data.py, erasure and export find
it by address, and an unconfirmed one is deleted after a week. Links carry a random token of
which only the SHA-256 is stored; requests are counted as keyed hashes only.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Column, Field, SQLModel

from careers_app.models.types import UTCDateTime, utcnow


def _ts(*, nullable: bool = False, index: bool = False) -> Column:
    return Column(UTCDateTime(), nullable=nullable, index=index)


class JobAlert(SQLModel, table=True):
    """One address's alert for one set of criteria ("" is any team, location or keyword)."""

    __tablename__ = "job_alert"
    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, index=True)  # normalised (lower case) as the wizard does
    team: str = Field(default="", max_length=80)  # a team's slug
    office: str = Field(default="", max_length=80)  # a location's slug
    keyword: str = Field(default="", max_length=100)
    consent_text: str = Field(sa_column=Column(sa.Text, nullable=False))  # the words shown
    consent_page: str = Field(max_length=300)  # the board URL (with its filters) it was asked on
    # The board's language when it was asked for (i18n.py): its emails and their links speak it.
    language: str = Field(default="en", sa_column=Column(sa.String(5), nullable=False, server_default="en"))
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    confirmed_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True, index=True))
    # Postings published after this went out in no digest yet (set at confirmation).
    covered_until: datetime | None = Field(default=None, sa_column=_ts(nullable=True))


class JobAlertToken(SQLModel, table=True):
    """A link mailed for an alert: confirm it, or unsubscribe from it (one per digest)."""

    __tablename__ = "job_alert_token"

    id: int | None = Field(default=None, primary_key=True)
    alert_id: int = Field(foreign_key="job_alert.id", index=True)
    purpose: str = Field(max_length=12)  # confirm | unsubscribe
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    expires_at: datetime = Field(sa_column=_ts(index=True))


class JobAlertRequest(SQLModel, table=True):
    """One subscribe request, for the limits per address and per client network."""

    __tablename__ = "job_alert_request"
    __table_args__ = (
        sa.Index("ix_job_alert_request_email_at", "email_key", "at"),
        sa.Index("ix_job_alert_request_client_at", "client_key", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    email_key: str = Field(max_length=64)  # keyed hash of the normalised address
    client_key: str = Field(max_length=64)  # keyed hash of the client's network
    at: datetime = Field(default_factory=utcnow, sa_column=_ts())

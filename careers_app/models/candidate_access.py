"""The candidate status page's links and their requests (kept apart from tables.py).

A status link is a long random token mailed to a person; only its SHA-256 is stored, so
a copy of this table opens nobody's status page. Requests for a new link are counted per
address and per client, both stored only as keyed hashes.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Column, Field, SQLModel

from careers_app.models.types import UTCDateTime, utcnow


def _ts(*, index: bool = False) -> Column:
    return Column(UTCDateTime(), nullable=False, index=index)


class StatusLink(SQLModel, table=True):
    """A link to one person's status page (a candidate: everyone applying with one email)."""

    __tablename__ = "status_link"

    id: int | None = Field(default=None, primary_key=True)
    candidate_id: int = Field(foreign_key="candidate.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    expires_at: datetime = Field(sa_column=_ts(index=True))


class StatusLinkRequest(SQLModel, table=True):
    """One "email me a new link" request, for the limits per address and per client."""

    __tablename__ = "status_link_request"
    __table_args__ = (
        sa.Index("ix_status_link_request_email_at", "email_key", "at"),
        sa.Index("ix_status_link_request_client_at", "client_key", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    email_key: str = Field(max_length=64)  # keyed hash of the normalised address
    client_key: str = Field(max_length=64)  # keyed hash of the client's network
    at: datetime = Field(default_factory=utcnow, sa_column=_ts())

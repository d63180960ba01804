"""Job board API keys and their calls (kept apart from tables.py, which others edit)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Column, Field, SQLModel

from careers_app.models.types import UTCDateTime, utcnow


def _ts(*, nullable: bool = False) -> Column:
    return Column(UTCDateTime(), nullable=nullable)


class ApiKey(SQLModel, table=True):
    """A key an admin made for posting applications through the job board API.

    Only the key's SHA-256 is stored: the admin sees the key once, when it is made, and a
    copy of this table cannot be used to post anything.
    """

    __tablename__ = "api_key"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120)
    key_hash: str = Field(max_length=64, unique=True)
    prefix: str = Field(max_length=12)  # the key's first characters, to tell keys apart
    created_by: int | None = Field(default=None, foreign_key="app_user.id")
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    last_used_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    revoked_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))


class ApiCall(SQLModel, table=True):
    """One application POST with a key, for the per-key rate limit (all workers see it)."""

    __tablename__ = "api_call"
    __table_args__ = (sa.Index("ix_api_call_key_at", "api_key_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    api_key_id: int = Field(foreign_key="api_key.id")
    at: datetime = Field(default_factory=utcnow, sa_column=_ts())

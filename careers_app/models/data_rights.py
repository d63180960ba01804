"""The audit log and the claim of scheduled jobs (kept apart from tables.py, which others edit)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Column, Field, SQLModel

from careers_app.models.types import UTCDateTime, utcnow


class AuditEntry(SQLModel, table=True):
    """Who looked at, exported or erased a person's data, and when.

    It names the person only by ids (which stay meaningless once they are erased) and
    never copies their name, email or file names, so the log can outlive the person.
    """

    __tablename__ = "audit_entry"
    __table_args__ = (sa.Index("ix_audit_entry_action_at", "action", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False, index=True))
    action: str = Field(max_length=30)  # document_viewed | export | erasure | purge
    actor_kind: str = Field(max_length=20)  # user | candidate | system
    actor_user_id: int | None = Field(default=None, foreign_key="app_user.id")
    actor_label: str = Field(default="", max_length=254)  # the staff account's email, or a description
    candidate_id: int | None = Field(default=None, index=True)  # no foreign key: the log outlives rows
    application_id: int | None = Field(default=None)
    client_address: str = Field(default="", max_length=64)
    detail: str = Field(default="", max_length=300)  # e.g. "resume (document 12)"; never personal data


class ScheduledRun(SQLModel, table=True):
    """One row per daily job: the UTC day it last ran, claimed with a conditional UPDATE so
    that however many workers and restarts there are, the job starts once a day."""

    __tablename__ = "scheduled_run"

    job: str = Field(primary_key=True, max_length=60)
    last_run_on: str = Field(default="", max_length=10)  # YYYY-MM-DD (UTC); "" never
    started_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    finished_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    result: str = Field(default="", max_length=300)

"""A posting's own pipeline stages and the last bulk action per user (engineer F's tables)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Column, Field, SQLModel

from careers_app.models.types import UTCDateTime, utcnow


class PostingStage(SQLModel, table=True):
    """One stage of one posting's pipeline.

    ``key`` is what applications and stage events store; renaming changes only the label,
    so old history reads with the current name. A removed stage keeps its row (with
    ``removed_at``) so history that passed through it still has a label.
    """

    __tablename__ = "posting_stage"
    __table_args__ = (
        sa.UniqueConstraint("posting_id", "key", name="uq_posting_stage_key"),
        sa.Index("ix_posting_stage_posting_position", "posting_id", "position"),
    )

    id: int | None = Field(default=None, primary_key=True)
    posting_id: int = Field(foreign_key="posting.id")
    key: str = Field(max_length=30)
    label: str = Field(max_length=60)
    position: int = Field(default=0)
    kind: str = Field(default="step", max_length=10)  # start | step | hired | rejected | withdrawn
    removed_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))


class BulkAction(SQLModel, table=True):
    """The last bulk actions, kept so their author can undo one for a short while."""

    __tablename__ = "bulk_action"
    __table_args__ = (sa.Index("ix_bulk_action_user_at", "user_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="app_user.id")
    posting_id: int = Field(foreign_key="posting.id", index=True)
    kind: str = Field(max_length=10)  # move | note
    # move: [{"id", "from", "reason", "version"}] (version after the move); note: [{"note"}]
    items: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(sa.JSON, nullable=False))
    at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    undone_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))

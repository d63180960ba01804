"""A recruiter's saved board views: a name and the board's filter as a URL query."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Column, Field, SQLModel

from careers_app.models.types import UTCDateTime, utcnow


class BoardView(SQLModel, table=True):
    """One saved view of one posting's board, seen only by the recruiter who saved it."""

    __tablename__ = "board_view"
    __table_args__ = (sa.UniqueConstraint("user_id", "posting_id", "name", name="uq_board_view_name"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    posting_id: int = Field(foreign_key="posting.id")
    name: str = Field(max_length=80)
    query: str = Field(max_length=1000)  # the filter's canonical URL query, e.g. "days=7&cover=1"
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))

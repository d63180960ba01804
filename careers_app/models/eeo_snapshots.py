"""Closed quarters' equal-opportunity counts, frozen once (services/compliance/eeo_snapshots.py).

Only what the disclosure rule needs, aggregated: per quarter, posting, furthest stage
reached by the quarter's end and set of answers, how many applications. No application,
candidate or person id: nothing here can be traced back to a row, so erasure does not
touch it (like any published statistic, it keeps anonymous counts).
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Column, Field, SQLModel

from careers_app.models.types import UTCDateTime, utcnow


class EeoQuarter(SQLModel, table=True):
    """A closed calendar quarter (UTC) whose counts are frozen. Its unique first day is what
    stops two concurrent first requests from writing a quarter twice: the second insert
    fails, and that request reads the winner's counts instead."""

    __tablename__ = "eeo_quarter"
    __table_args__ = (sa.UniqueConstraint("quarter_start", name="uq_eeo_quarter_start"),)

    id: int | None = Field(default=None, primary_key=True)
    quarter_start: date  # the quarter's first day (UTC)
    frozen_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


class EeoQuarterCount(SQLModel, table=True):
    """How many applications submitted in the quarter, to one posting, reached ``furthest``
    (an index in eeo_disclosure.FLOW) by the quarter's end, with exactly these answers
    ("" when not answered)."""

    __tablename__ = "eeo_quarter_count"

    id: int | None = Field(default=None, primary_key=True)
    quarter_id: int = Field(foreign_key="eeo_quarter.id", index=True)
    posting_id: int = Field(foreign_key="posting.id")
    furthest: int
    gender: str = Field(default="", max_length=80)
    race_ethnicity: str = Field(default="", max_length=80)
    veteran_status: str = Field(default="", max_length=80)
    gender_identity: str = Field(default="", max_length=80)
    sexual_orientation: str = Field(default="", max_length=80)
    veteran_branch: str = Field(default="", max_length=80)
    applications: int

"""Interview plans, scorecards and blind screening (engineer C's tables, apart from tables.py)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Column, Field, SQLModel

from careers_app.models.types import UTCDateTime, utcnow


def _ts(*, nullable: bool = False) -> Column:
    return Column(UTCDateTime(), nullable=nullable)


class InterviewPlan(SQLModel, table=True):
    """A posting has a plan once this row exists (made with the default interviews, once)."""

    __tablename__ = "interview_plan"

    posting_id: int = Field(foreign_key="posting.id", primary_key=True)
    updated_by: int | None = Field(default=None, foreign_key="app_user.id")
    updated_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class PlanInterview(SQLModel, table=True):
    """One interview of a posting's plan, at one stage, with the attributes it assesses.

    Editing the plan keeps rows that scorecards point at (their name and attributes may
    change; a removed one is marked ``removed_at``), so a scorecard always has its interview.
    """

    __tablename__ = "plan_interview"
    __table_args__ = (sa.Index("ix_plan_interview_posting_stage", "posting_id", "stage", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    posting_id: int = Field(foreign_key="posting.id")
    stage: str = Field(max_length=30)
    position: int = Field(default=0)
    name: str = Field(max_length=80)
    attributes: list[str] = Field(default_factory=list, sa_column=Column(sa.JSON, nullable=False))
    removed_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))


class Scorecard(SQLModel, table=True):
    """One interviewer's submitted assessment of one application for one interview.

    Submitted scorecards are final (no edits): what others read after submitting their
    own cannot change underneath them.
    """

    __table_args__ = (
        sa.UniqueConstraint(
            "application_id", "interview_id", "interviewer_id", name="uq_scorecard_application_interview_user"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="application.id", index=True)
    interview_id: int = Field(foreign_key="plan_interview.id")
    interviewer_id: int = Field(foreign_key="app_user.id", index=True)
    ratings: dict[str, int] = Field(default_factory=dict, sa_column=Column(sa.JSON, nullable=False))
    recommendation: str = Field(max_length=12)  # strong_no | no | yes | strong_yes
    notes: str = Field(default="", sa_column=Column(sa.Text, nullable=False))
    submitted_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class BlindScreening(SQLModel, table=True):
    """A row means the posting screens blind (no row: names shown as usual)."""

    __tablename__ = "blind_screening"

    posting_id: int = Field(foreign_key="posting.id", primary_key=True)
    enabled_by: int | None = Field(default=None, foreign_key="app_user.id")
    enabled_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class IdentityReveal(SQLModel, table=True):
    """Someone revealed a blind application's identity early: who and when (the log)."""

    __tablename__ = "identity_reveal"

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="application.id", unique=True)
    user_id: int = Field(foreign_key="app_user.id")
    actor: str = Field(max_length=120)
    at: datetime = Field(default_factory=utcnow, sa_column=_ts())

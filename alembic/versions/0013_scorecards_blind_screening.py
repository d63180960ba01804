"""Interview plans, scorecards, blind screening and identity reveals.

Postings get their default plan the first time it is needed (services/interviews/interview_plans.py),
so nothing is copied here; no posting screens blind until an admin turns it on.

Revision ID: 0013
Revises: 0012
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from careers_app.models.types import UTCDateTime

revision: str = "0013"
down_revision: str | Sequence[str] | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "interview_plan",
        sa.Column("posting_id", sa.Integer(), sa.ForeignKey("posting.id"), primary_key=True),
        sa.Column("updated_by", sa.Integer(), sa.ForeignKey("app_user.id"), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "plan_interview",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("posting_id", sa.Integer(), sa.ForeignKey("posting.id"), nullable=False),
        sa.Column("stage", sa.String(length=30), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("attributes", sa.JSON(), nullable=False),
        sa.Column("removed_at", UTCDateTime(), nullable=True),
    )
    op.create_index("ix_plan_interview_posting_stage", "plan_interview", ["posting_id", "stage", "position"])
    op.create_table(
        "scorecard",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("application_id", sa.Integer(), sa.ForeignKey("application.id"), nullable=False),
        sa.Column("interview_id", sa.Integer(), sa.ForeignKey("plan_interview.id"), nullable=False),
        sa.Column("interviewer_id", sa.Integer(), sa.ForeignKey("app_user.id"), nullable=False),
        sa.Column("ratings", sa.JSON(), nullable=False),
        sa.Column("recommendation", sa.String(length=12), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("submitted_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint(
            "application_id", "interview_id", "interviewer_id", name="uq_scorecard_application_interview_user"
        ),
    )
    op.create_index("ix_scorecard_application_id", "scorecard", ["application_id"])
    op.create_index("ix_scorecard_interviewer_id", "scorecard", ["interviewer_id"])
    op.create_table(
        "blind_screening",
        sa.Column("posting_id", sa.Integer(), sa.ForeignKey("posting.id"), primary_key=True),
        sa.Column("enabled_by", sa.Integer(), sa.ForeignKey("app_user.id"), nullable=True),
        sa.Column("enabled_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "identity_reveal",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("application_id", sa.Integer(), sa.ForeignKey("application.id"), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("app_user.id"), nullable=False),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("application_id", name="uq_identity_reveal_application_id"),
    )


def downgrade() -> None:
    op.drop_table("identity_reveal")
    op.drop_table("blind_screening")
    op.drop_index("ix_scorecard_interviewer_id", table_name="scorecard")
    op.drop_index("ix_scorecard_application_id", table_name="scorecard")
    op.drop_table("scorecard")
    op.drop_index("ix_plan_interview_posting_stage", table_name="plan_interview")
    op.drop_table("plan_interview")
    op.drop_table("interview_plan")

"""Each posting's own pipeline stages (filled with today's seven for every posting), and
the last bulk actions per user for undo.

Revision ID: 0016
Revises: 0015
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from careers_app.models.types import UTCDateTime

revision: str = "0016"
down_revision: str | Sequence[str] | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The stages every posting had when this revision was written (key, label, kind); frozen
# here so the migration means the same thing whatever the code's default becomes later.
DEFAULT_STAGES = (
    ("applied", "Applied", "start"),
    ("recruiter_screen", "Recruiter screen", "step"),
    ("phone_interview", "Phone interview", "step"),
    ("onsite", "Onsite", "step"),
    ("offer", "Offer", "step"),
    ("hired", "Hired", "hired"),
    ("rejected", "Rejected", "rejected"),
)


def upgrade() -> None:
    op.create_table(
        "posting_stage",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("posting_id", sa.Integer(), sa.ForeignKey("posting.id"), nullable=False),
        sa.Column("key", sa.String(length=30), nullable=False),
        sa.Column("label", sa.String(length=60), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("removed_at", UTCDateTime(), nullable=True),
        sa.UniqueConstraint("posting_id", "key", name="uq_posting_stage_key"),
    )
    op.create_index("ix_posting_stage_posting_position", "posting_stage", ["posting_id", "position"])
    op.create_table(
        "bulk_action",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("app_user.id"), nullable=False),
        sa.Column("posting_id", sa.Integer(), sa.ForeignKey("posting.id"), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("items", sa.JSON(), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("undone_at", UTCDateTime(), nullable=True),
    )
    op.create_index("ix_bulk_action_user_at", "bulk_action", ["user_id", "at"])
    op.create_index("ix_bulk_action_posting_id", "bulk_action", ["posting_id"])
    stage = sa.table(
        "posting_stage",
        sa.column("posting_id", sa.Integer()),
        sa.column("key", sa.String()),
        sa.column("label", sa.String()),
        sa.column("position", sa.Integer()),
        sa.column("kind", sa.String()),
    )
    posting = sa.table("posting", sa.column("id", sa.Integer()))
    for position, (key, label, kind) in enumerate(DEFAULT_STAGES):
        op.execute(
            stage.insert().from_select(
                ["posting_id", "key", "label", "position", "kind"],
                sa.select(
                    posting.c.id,
                    sa.literal(key),
                    sa.literal(label),
                    sa.literal(position),
                    sa.literal(kind),
                ),
            )
        )


def downgrade() -> None:
    op.drop_index("ix_bulk_action_posting_id", table_name="bulk_action")
    op.drop_index("ix_bulk_action_user_at", table_name="bulk_action")
    op.drop_table("bulk_action")
    op.drop_index("ix_posting_stage_posting_position", table_name="posting_stage")
    op.drop_table("posting_stage")

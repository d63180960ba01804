"""Saved board views per recruiter, and an index for the board's longest-waiting order.

Revision ID: 0014
Revises: 0013
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op
from careers_app.models.types import UTCDateTime

revision: str = "0014"
down_revision: str | Sequence[str] | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "board_view",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("app_user.id"), nullable=False),
        sa.Column("posting_id", sa.Integer(), sa.ForeignKey("posting.id"), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("query", sa.String(length=1000), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("user_id", "posting_id", "name", name="uq_board_view_name"),
    )
    op.create_index("ix_board_view_user_id", "board_view", ["user_id"])
    # Each board column is read in longest-waiting order, one keyset page at a time.
    op.create_index(
        "ix_application_posting_stage_changed",
        "application",
        ["posting_id", "stage", "stage_changed_at", "id"],
    )


def downgrade() -> None:
    op.drop_index("ix_application_posting_stage_changed", table_name="application")
    op.drop_index("ix_board_view_user_id", table_name="board_view")
    op.drop_table("board_view")

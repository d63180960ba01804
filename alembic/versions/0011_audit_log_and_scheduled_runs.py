"""Audit log of document views, exports, erasures and purges; the claim of daily jobs.

Revision ID: 0011
Revises: 0010
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from careers_app.models.types import UTCDateTime

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("action", sa.String(length=30), nullable=False),
        sa.Column("actor_kind", sa.String(length=20), nullable=False),
        sa.Column("actor_user_id", sa.Integer(), sa.ForeignKey("app_user.id"), nullable=True),
        sa.Column("actor_label", sa.String(length=254), nullable=False, server_default=""),
        sa.Column("candidate_id", sa.Integer(), nullable=True),
        sa.Column("application_id", sa.Integer(), nullable=True),
        sa.Column("client_address", sa.String(length=64), nullable=False, server_default=""),
        sa.Column("detail", sa.String(length=300), nullable=False, server_default=""),
    )
    op.create_index("ix_audit_entry_at", "audit_entry", ["at"])
    op.create_index("ix_audit_entry_action_at", "audit_entry", ["action", "at"])
    op.create_index("ix_audit_entry_candidate_id", "audit_entry", ["candidate_id"])
    op.create_table(
        "scheduled_run",
        sa.Column("job", sa.String(length=60), primary_key=True),
        sa.Column("last_run_on", sa.String(length=10), nullable=False, server_default=""),
        sa.Column("started_at", UTCDateTime(), nullable=True),
        sa.Column("finished_at", UTCDateTime(), nullable=True),
        sa.Column("result", sa.String(length=300), nullable=False, server_default=""),
    )


def downgrade() -> None:
    op.drop_table("scheduled_run")
    op.drop_index("ix_audit_entry_candidate_id", table_name="audit_entry")
    op.drop_index("ix_audit_entry_action_at", table_name="audit_entry")
    op.drop_index("ix_audit_entry_at", table_name="audit_entry")
    op.drop_table("audit_entry")

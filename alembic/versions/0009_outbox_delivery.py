"""Outbox delivery: status, attempts, next attempt, a claim lease, a stable Message-ID.

Rows written before this revision were never sent (nothing sent mail), so they start as
pending and due now; rows that somehow have sent_at stay sent.

Revision ID: 0009
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from careers_app.models.types import UTCDateTime

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("status", sa.String(length=10), nullable=False, server_default="pending"))
        batch.add_column(sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("next_attempt_at", UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("claimed_until", UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("message_id", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("last_error", sa.String(length=500), nullable=False, server_default=""))
    outbox = sa.table(
        "outbox",
        sa.column("created_at", UTCDateTime()),
        sa.column("next_attempt_at", UTCDateTime()),
        sa.column("sent_at", UTCDateTime()),
        sa.column("status", sa.String()),
    )
    op.execute(outbox.update().values(next_attempt_at=outbox.c.created_at))
    op.execute(outbox.update().where(outbox.c.sent_at.is_not(None)).values(status="sent"))
    with op.batch_alter_table("outbox") as batch:
        batch.alter_column("next_attempt_at", existing_type=UTCDateTime(), nullable=False)
        batch.create_index("ix_outbox_status_next_attempt", ["status", "next_attempt_at"])


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_index("ix_outbox_status_next_attempt")
        batch.drop_column("last_error")
        batch.drop_column("message_id")
        batch.drop_column("claimed_until")
        batch.drop_column("next_attempt_at")
        batch.drop_column("attempts")
        batch.drop_column("status")

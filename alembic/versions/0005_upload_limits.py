"""Upload events, for rate limits per client address and per draft token.

Only a keyed hash of the client address and the token's SHA-256 are kept; the app
prunes rows older than a day.

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import careers_app.models.types

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "upload_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_key", sa.String(length=64), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("at", careers_app.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("upload_event") as batch:
        batch.create_index("ix_upload_event_at", ["at"])
        batch.create_index("ix_upload_event_client_at", ["client_key", "at"])
        batch.create_index("ix_upload_event_token_at", ["token_hash", "at"])


def downgrade() -> None:
    with op.batch_alter_table("upload_event") as batch:
        batch.drop_index("ix_upload_event_token_at")
        batch.drop_index("ix_upload_event_client_at")
        batch.drop_index("ix_upload_event_at")
    op.drop_table("upload_event")

"""Sign-in attempts remember a keyed hash of the client address (throttling per client).

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("sign_in_attempt") as batch:
        batch.add_column(sa.Column("client_key", sa.String(length=64), nullable=False, server_default=""))
        batch.create_index("ix_sign_in_attempt_client_at", ["client_key", "at"])


def downgrade() -> None:
    with op.batch_alter_table("sign_in_attempt") as batch:
        batch.drop_index("ix_sign_in_attempt_client_at")
        batch.drop_column("client_key")

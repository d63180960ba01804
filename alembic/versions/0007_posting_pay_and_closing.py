"""Postings gain a pay range, a closing date and a fully-remote flag (JSON-LD, pay laws).

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from careers_app.models.types import UTCDateTime

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("posting") as batch:
        batch.add_column(sa.Column("pay_min_cents", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("pay_max_cents", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("pay_currency", sa.String(length=3), nullable=False, server_default=""))
        batch.add_column(sa.Column("pay_unit", sa.String(length=5), nullable=False, server_default=""))
        batch.add_column(sa.Column("closes_at", UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("remote", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("posting") as batch:
        batch.drop_column("remote")
        batch.drop_column("closes_at")
        batch.drop_column("pay_unit")
        batch.drop_column("pay_currency")
        batch.drop_column("pay_max_cents")
        batch.drop_column("pay_min_cents")

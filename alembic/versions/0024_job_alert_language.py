"""A job alert remembers the language it was asked for in (the job board's,
docs/i18n.md): its confirmation, "already on" and digest emails speak it, and their links
open the alert's pages in it (services/jobboard/job_alerts.py). Alerts made before this are English.

Revision ID: 0024
Revises: 0023
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0024"
down_revision: str | Sequence[str] | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("job_alert", sa.Column("language", sa.String(5), nullable=False, server_default="en"))


def downgrade() -> None:
    with op.batch_alter_table("job_alert") as batch:
        batch.drop_column("language")

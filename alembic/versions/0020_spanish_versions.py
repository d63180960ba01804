"""A second language (issue 22): a posting's Spanish version (title and body), and the
language each application was made in, which its emails and status page speak.

Existing postings have no Spanish version (""); existing applications were made in English.

Revision ID: 0020
Revises: 0019
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0020"
down_revision: str | Sequence[str] | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("posting", sa.Column("title_es", sa.String(200), nullable=False, server_default=""))
    op.add_column("posting", sa.Column("body_es", sa.Text(), nullable=False, server_default=""))
    op.add_column("application", sa.Column("language", sa.String(5), nullable=False, server_default="en"))


def downgrade() -> None:
    with op.batch_alter_table("application") as batch:
        batch.drop_column("language")
    with op.batch_alter_table("posting") as batch:
        batch.drop_column("body_es")
        batch.drop_column("title_es")

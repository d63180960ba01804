"""An application remembers the hash of the wizard draft it was submitted from, so a submit
whose answer never reached the tab (the connection or the worker died after the COMMIT) is
recognised when the same browser comes back: the tab is told its application was received,
and a second click on Submit saves nothing twice and sends no second email
(services/applying/applications.py, submit_draft and submitted_from). Applications made before this,
and through the job board API, have none (NULL).

Revision ID: 0022
Revises: 0021
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0022"
down_revision: str | Sequence[str] | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("application") as batch:
        batch.add_column(sa.Column("draft_token_hash", sa.String(length=64), nullable=True))
        batch.create_index("ix_application_draft_token_hash", ["draft_token_hash"])


def downgrade() -> None:
    with op.batch_alter_table("application") as batch:
        batch.drop_index("ix_application_draft_token_hash")
        batch.drop_column("draft_token_hash")

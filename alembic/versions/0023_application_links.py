"""Optional links on an application (LinkedIn, GitHub, a website), given on the wizard's
documents step or suggested from the resume and confirmed (services/candidates/validation.py
validate_link keeps them to http and https). They identify the person: blind screening hides
them with the name, erasure blanks them, the export carries them (services/privacy/personal_data.py).

Revision ID: 0023
Revises: 0022
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0023"
down_revision: str | Sequence[str] | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LINKS = ("linkedin", "github", "website")


def upgrade() -> None:
    with op.batch_alter_table("application") as batch:
        for name in LINKS:
            batch.add_column(sa.Column(name, sa.String(length=200), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("application") as batch:
        for name in reversed(LINKS):
            batch.drop_column(name)

"""Offices get a street address and a postal code, for the JobPosting JSON-LD's
PostalAddress and the job feed's <streetaddress> and <postalcode>.

Existing offices get "" (not known): an address is never guessed. Nothing else changes.

Revision ID: 0017
Revises: 0016
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | Sequence[str] | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("office", sa.Column("street_address", sa.String(200), nullable=False, server_default=""))
    op.add_column("office", sa.Column("postal_code", sa.String(20), nullable=False, server_default=""))


def downgrade() -> None:
    # Plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+): a batch would copy and drop the office
    # table, which postings reference, and SQLite refuses that with foreign keys on.
    op.drop_column("office", "postal_code")
    op.drop_column("office", "street_address")

"""Each application keeps the contact details its submitter entered.

Anyone can type anyone's email address, so a new application must never change what an
earlier one shows. Existing applications get the details their candidate row holds now
(the best record there is of what was entered).

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CONTACT = (
    ("first_name", 100),
    ("last_name", 100),
    ("phone_e164", 20),
    ("address", 200),
    ("city", 100),
    ("state", 100),
    ("country", 100),
    ("zip_code", 20),
)


def upgrade() -> None:
    # Adding columns needs no table copy on SQLite (batch mode uses ALTER TABLE ADD COLUMN);
    # NOT NULL columns need a default there, and it also covers rows written meanwhile.
    with op.batch_alter_table("application") as batch:
        for name, length in CONTACT:
            batch.add_column(sa.Column(name, sa.String(length=length), nullable=False, server_default=""))

    names = [name for name, _ in CONTACT]
    application = sa.table("application", sa.column("candidate_id"), *(sa.column(n) for n in names))
    candidate = sa.table("candidate", sa.column("id"), *(sa.column(n) for n in names))
    op.execute(
        application.update().values(
            {
                n: sa.select(candidate.c[n])
                .where(candidate.c.id == application.c.candidate_id)
                .scalar_subquery()
                for n in names
            }
        )
    )


def downgrade() -> None:
    # Plain ALTER TABLE ... DROP COLUMN (SQLite >= 3.35): a batch table copy would have to
    # drop `application`, which the other tables' foreign keys point to.
    for name, _ in reversed(CONTACT):
        op.drop_column("application", name)

"""Documents keep their text as blind screening shows it (issue 18, finding D): redacted
once, by the resume's own name block as well as the form's fields (services/visibility/redaction.py),
so the hiring team reads and searches a hidden application's resume only by that text,
never by the raw one.

Existing resumes get it filled here, from their text, the names and address their
application's submitter typed and the candidate's email (the redaction new applications
use). Other documents keep "" (not shown while hidden).

Revision ID: 0019
Revises: 0018
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op
from careers_app.services.visibility.redaction import Identity, redact

revision: str = "0019"
down_revision: str | Sequence[str] | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 500


def upgrade() -> None:
    op.add_column("document", sa.Column("redacted_text", sa.Text(), nullable=False, server_default=""))
    backfill(op.get_bind())


def backfill(connection: sa.Connection) -> int:
    """Redact every resume's text into the new column, in batches by id."""
    done, last = 0, 0
    select = sa.text(
        "select d.id, a.first_name, a.last_name, a.phone_e164, a.address, a.city, a.state, a.country, "
        "a.zip_code, c.email, d.text from document d "
        "join application a on a.id = d.application_id "
        "join candidate c on c.id = a.candidate_id "
        "where d.kind = 'resume' and d.id > :last order by d.id limit :batch"
    )
    update = sa.text("update document set redacted_text = :text where id = :id")
    while True:
        rows = connection.execute(select, {"last": last, "batch": BATCH}).all()
        if not rows:
            return done
        for row in rows:
            identity = Identity(
                first_name=row.first_name,
                last_name=row.last_name,
                email=row.email,
                phone=row.phone_e164,
                address=row.address,
                city=row.city,
                state=row.state,
                country=row.country,
                zip_code=row.zip_code,
            )
            connection.execute(update, {"id": row.id, "text": redact(row.text or "", identity)})
        done += len(rows)
        last = rows[-1].id


def downgrade() -> None:
    op.drop_column("document", "redacted_text")

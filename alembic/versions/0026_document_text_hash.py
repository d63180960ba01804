"""Resumes with the same words are the same person to blind screening (issue 18, the attack
run's finding): the same PDF plus one byte, or re-saved or re-exported, under another email
had another ``sha256`` and named on an open posting the person a blind posting hides.
``document.text_sha256`` is the SHA-256 of the extracted text casefolded with whitespace
collapsed (services/candidates/documents.py ``text_sha256``, what every new document is
given), NULL for a document with no text (never linked); services/visibility/identity.py
links resumes by it as well as by their bytes.

Existing documents get it here, from their text, in batches by id.

Revision ID: 0026
Revises: 0025
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op
from careers_app.services.candidates.documents import text_sha256

revision: str = "0026"
down_revision: str | Sequence[str] | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 500


def upgrade() -> None:
    op.add_column("document", sa.Column("text_sha256", sa.String(length=64), nullable=True))
    op.create_index("ix_document_text_sha256", "document", ["text_sha256"])
    backfill(op.get_bind())


def backfill(connection: sa.Connection) -> int:
    """Hash every document's text into the new column, in batches by id; the number hashed
    (documents with no text keep NULL)."""
    done, last = 0, 0
    select = sa.text("select id, text from document where id > :last order by id limit :batch")
    update = sa.text("update document set text_sha256 = :digest where id = :id")
    while True:
        rows = connection.execute(select, {"last": last, "batch": BATCH}).all()
        if not rows:
            return done
        for row in rows:
            digest = text_sha256(row.text or "")
            if digest is not None:
                connection.execute(update, {"id": row.id, "digest": digest})
                done += 1
        last = rows[-1].id


def downgrade() -> None:
    op.drop_index("ix_document_text_sha256", table_name="document")
    op.drop_column("document", "text_sha256")

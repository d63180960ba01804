"""Candidate status links (token hashes with expiry), link requests for rate limits, and
consent on applications (text id, exact text, answers, time).

Applications from before this revision were submitted without a consent question: their
consent columns stay empty (text id "", no time), which the status page and exports read
as "not asked".

Revision ID: 0010
Revises: 0009
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op
from careers_app.models.types import UTCDateTime

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "status_link",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("candidate_id", sa.Integer(), sa.ForeignKey("candidate.id"), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_index("ix_status_link_candidate_id", "status_link", ["candidate_id"])
    op.create_index("ix_status_link_expires_at", "status_link", ["expires_at"])
    op.create_table(
        "status_link_request",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("email_key", sa.String(length=64), nullable=False),
        sa.Column("client_key", sa.String(length=64), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_status_link_request_email_at", "status_link_request", ["email_key", "at"])
    op.create_index("ix_status_link_request_client_at", "status_link_request", ["client_key", "at"])
    with op.batch_alter_table("application") as batch:
        batch.add_column(
            sa.Column("consent_text_id", sa.String(length=40), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("consent_text", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("consent_processing", sa.Boolean(), nullable=False, server_default="0"))
        batch.add_column(
            sa.Column("consent_future_openings", sa.Boolean(), nullable=False, server_default="0")
        )
        batch.add_column(sa.Column("consent_at", UTCDateTime(), nullable=True))


def downgrade() -> None:
    # Plain ALTER TABLE ... DROP COLUMN (SQLite >= 3.35), as 0004: a batch table copy would
    # have to drop `application`, which the other tables' foreign keys point to.
    for name in (
        "consent_at",
        "consent_future_openings",
        "consent_processing",
        "consent_text",
        "consent_text_id",
    ):
        op.drop_column("application", name)
    op.drop_index("ix_status_link_request_client_at", table_name="status_link_request")
    op.drop_index("ix_status_link_request_email_at", table_name="status_link_request")
    op.drop_table("status_link_request")
    op.drop_index("ix_status_link_expires_at", table_name="status_link")
    op.drop_index("ix_status_link_candidate_id", table_name="status_link")
    op.drop_table("status_link")

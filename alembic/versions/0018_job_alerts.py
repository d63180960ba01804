"""Job alerts: subscriptions by email (double opt-in), their links (hashes only) and the
requests counted for the rate limits (keyed hashes only); and the outbox keeps a digest's
one-click unsubscribe URL for its List-Unsubscribe header.

Revision ID: 0018
Revises: 0017
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op
from careers_app.models.types import UTCDateTime

revision: str = "0018"
down_revision: str | Sequence[str] | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "job_alert",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("team", sa.String(length=80), nullable=False),
        sa.Column("office", sa.String(length=80), nullable=False),
        sa.Column("keyword", sa.String(length=100), nullable=False),
        sa.Column("consent_text", sa.Text(), nullable=False),
        sa.Column("consent_page", sa.String(length=300), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("confirmed_at", UTCDateTime(), nullable=True),
        sa.Column("covered_until", UTCDateTime(), nullable=True),
    )
    op.create_index("ix_job_alert_email", "job_alert", ["email"])
    op.create_index("ix_job_alert_confirmed_at", "job_alert", ["confirmed_at"])
    op.create_table(
        "job_alert_token",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("alert_id", sa.Integer(), sa.ForeignKey("job_alert.id"), nullable=False),
        sa.Column("purpose", sa.String(length=12), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_index("ix_job_alert_token_alert_id", "job_alert_token", ["alert_id"])
    op.create_index("ix_job_alert_token_expires_at", "job_alert_token", ["expires_at"])
    op.create_table(
        "job_alert_request",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("email_key", sa.String(length=64), nullable=False),
        sa.Column("client_key", sa.String(length=64), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_job_alert_request_email_at", "job_alert_request", ["email_key", "at"])
    op.create_index("ix_job_alert_request_client_at", "job_alert_request", ["client_key", "at"])
    op.add_column("outbox", sa.Column("list_unsubscribe", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    op.drop_column("outbox", "list_unsubscribe")
    op.drop_table("job_alert_request")
    op.drop_table("job_alert_token")
    op.drop_table("job_alert")

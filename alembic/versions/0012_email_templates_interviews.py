"""Email templates admins edit, mail rendered at queue time (HTML, calendar, kind), interviews.

Outbox rows get the HTML alternative and an iCalendar attachment as rendered when queued,
and the template's key (``kind``), so a rejection email can be found and cancelled. Rows
queued before this revision get their kind from their subject where it is known.

Revision ID: 0012
Revises: 0011
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op
from careers_app.models.types import UTCDateTime

revision: str = "0012"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("html_body", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("ics", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("kind", sa.String(length=40), nullable=False, server_default=""))
        batch.create_index("ix_outbox_kind", ["kind"])
    outbox = sa.table("outbox", sa.column("subject", sa.String()), sa.column("kind", sa.String()))
    for prefix, kind in (
        ("We already have your application", "already_received"),
        ("We received your application", "application_received"),
    ):
        op.execute(outbox.update().where(outbox.c.subject.like(prefix + "%")).values(kind=kind))

    op.create_table(
        "email_template",
        sa.Column("key", sa.String(length=40), primary_key=True),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("text_body", sa.Text(), nullable=False),
        sa.Column("html_body", sa.Text(), nullable=False),
        sa.Column("updated_by", sa.Integer(), sa.ForeignKey("app_user.id"), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "interview",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("application_id", sa.Integer(), sa.ForeignKey("application.id"), nullable=False),
        sa.Column("stage", sa.String(length=40), nullable=False),
        sa.Column("uid", sa.String(length=120), nullable=False, unique=True),
        sa.Column("token_hash", sa.String(length=64), nullable=False, unique=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("starts_at", UTCDateTime(), nullable=True),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("time_zone", sa.String(length=64), nullable=False),
        sa.Column("location", sa.String(length=300), nullable=False),
        sa.Column("proposed_by", sa.Integer(), sa.ForeignKey("app_user.id"), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_interview_application_id", "interview", ["application_id"])
    op.create_table(
        "interview_slot",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("interview_id", sa.Integer(), sa.ForeignKey("interview.id"), nullable=False),
        sa.Column("starts_at", UTCDateTime(), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("time_zone", sa.String(length=64), nullable=False),
        sa.Column("location", sa.String(length=300), nullable=False),
        sa.Column("open", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_interview_slot_interview_id", "interview_slot", ["interview_id"])


def downgrade() -> None:
    op.drop_index("ix_interview_slot_interview_id", table_name="interview_slot")
    op.drop_table("interview_slot")
    op.drop_index("ix_interview_application_id", table_name="interview")
    op.drop_table("interview")
    op.drop_table("email_template")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_index("ix_outbox_kind")
        batch.drop_column("kind")
        batch.drop_column("ics")
        batch.drop_column("html_body")

"""Equal-opportunity reports count closed quarters only, each frozen the first time a report
is asked for after it ends (services/compliance/eeo_snapshots.py): the quarter (its first day, unique,
so two concurrent first requests cannot both write it) and its anonymous counts per posting,
furthest stage reached by the quarter's end and answers. No application or candidate id.

Revision ID: 0025
Revises: 0024
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op
from careers_app.models.types import UTCDateTime

revision: str = "0025"
down_revision: str | Sequence[str] | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ANSWERS = (
    "gender",
    "race_ethnicity",
    "veteran_status",
    "gender_identity",
    "sexual_orientation",
    "veteran_branch",
)


def upgrade() -> None:
    op.create_table(
        "eeo_quarter",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("quarter_start", sa.Date(), nullable=False),
        sa.Column("frozen_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("quarter_start", name="uq_eeo_quarter_start"),
    )
    op.create_table(
        "eeo_quarter_count",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("quarter_id", sa.Integer(), sa.ForeignKey("eeo_quarter.id"), nullable=False),
        sa.Column("posting_id", sa.Integer(), sa.ForeignKey("posting.id"), nullable=False),
        sa.Column("furthest", sa.Integer(), nullable=False),
        *[sa.Column(name, sa.String(length=80), nullable=False) for name in ANSWERS],
        sa.Column("applications", sa.Integer(), nullable=False),
    )
    op.create_index("ix_eeo_quarter_count_quarter_id", "eeo_quarter_count", ["quarter_id"])


def downgrade() -> None:
    op.drop_table("eeo_quarter_count")
    op.drop_table("eeo_quarter")

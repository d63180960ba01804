"""The outbox knows which job alert an email is for, so deleting the alert (unsubscribing,
the week's expiry of an unconfirmed one, erasure) deletes its emails, sent or not
(services/jobboard/job_alerts.py). Mail queued before this has none (NULL).

Revision ID: 0021
Revises: 0020
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0021"
down_revision: str | Sequence[str] | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("job_alert_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_outbox_job_alert_id_job_alert", "job_alert", ["job_alert_id"], ["id"])
        batch.create_index("ix_outbox_job_alert_id", ["job_alert_id"])


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_index("ix_outbox_job_alert_id")
        batch.drop_constraint("fk_outbox_job_alert_id_job_alert", type_="foreignkey")
        batch.drop_column("job_alert_id")

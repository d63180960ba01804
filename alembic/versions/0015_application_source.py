"""Application source: "job board", "api", a tracked link's slug, or "unknown".

Before this revision the column held "careers_site" (the wizard), "api" (the job board
API) or whatever a loader wrote ("demo"). Wizard rows become "job board", API rows stay
"api", everything else becomes "unknown": nobody recorded where those came from. Going
down, "job board" and tracked links become "careers_site" again (both came through the
wizard) and "unknown" is left as it is.

Revision ID: 0015
Revises: 0014
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | Sequence[str] | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_application = sa.table("application", sa.column("source", sa.String()))


def upgrade() -> None:
    source = _application.c.source
    op.execute(_application.update().where(source == "careers_site").values(source="job board"))
    op.execute(_application.update().where(source.not_in(["job board", "api"])).values(source="unknown"))


def downgrade() -> None:
    source = _application.c.source
    op.execute(_application.update().where(source.not_in(["api", "unknown"])).values(source="careers_site"))

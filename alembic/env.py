"""Alembic environment: the app's settings and tables (also used by `reflex db`)."""

from alembic import context
from sqlmodel import SQLModel

import careers_app.models  # noqa: F401
from careers_app.services.platform.db import get_engine

target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    with get_engine().connect() as connection:
        context.configure(
            connection=connection, target_metadata=target_metadata, render_as_batch=True
        )
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()

"""Fixtures of the unit tests (the database ones shared by every folder are in tests/conftest.py)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from sqlalchemy.engine import Engine
from sqlmodel import Session

from careers_app.services.applying import applications as apps
from careers_app.services.platform.db import make_engine
from tests.conftest import PG_URL
from tests.factories import make_office, make_posting, make_team
from tests.mail_server import Inbox, free_port
from tests.migrations import SCHEMA


@pytest.fixture(params=["sqlite", "postgresql"])
def bare_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'migration.db'}")
    else:
        admin = sa.create_engine(PG_URL)
        try:
            with admin.begin() as conn:
                conn.execute(sa.text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
                conn.execute(sa.text(f"CREATE SCHEMA {SCHEMA}"))
        except sa.exc.OperationalError:
            if os.environ.get("CAREERS_SKIP_POSTGRES") == "1":
                pytest.skip("PostgreSQL unavailable and CAREERS_SKIP_POSTGRES=1")
            raise
        finally:
            admin.dispose()
        engine = sa.create_engine(PG_URL, connect_args={"options": f"-csearch_path={SCHEMA}"})
    yield engine
    engine.dispose()


@pytest.fixture
def posting(session: Session) -> apps.PostingRef:
    """An open posting (in the rolled-back ``session``), as the wizard finds it by its slug."""
    p = make_posting(session, make_team(session), make_office(session), hiring_steps=["Call", "Interviews"])
    ref = apps.open_posting_ref(p.slug, session=session)
    assert ref is not None
    return ref


@pytest.fixture
def smtp_server() -> Iterator[tuple[Inbox, str]]:
    """An SMTP server on loopback that keeps what it accepts (tests/mail_server.py), and its URL."""
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, f"smtp://127.0.0.1:{port}"
    finally:
        controller.stop()

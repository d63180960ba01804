"""A database error the guard logs names no one (review): SQLAlchemy puts a failed
statement's values in the error's text, and an insert's values are a person's details."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from careers_app.models import Candidate
from careers_app.services.platform.db import make_engine, migrate


def test_a_failed_insert_s_error_carries_no_personal_values(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    migrate(engine)
    person: dict[str, Any] = dict(first_name="Ada", last_name="Lovelace", email="ada@example.com", phone_e164="+14155550100")
    with Session(engine) as session:
        session.add(Candidate(**person, country="United States"))
        session.commit()
    with Session(engine) as session:
        session.add(Candidate(**person, country="United States"))  # the same email: refused
        with pytest.raises(sa.exc.IntegrityError) as failed:
            session.commit()
    text = str(failed.value)
    assert "UNIQUE" in text.upper() and "hidden" in text
    assert "ada@example.com" not in text and "Lovelace" not in text and "+1415" not in text
    engine.dispose()

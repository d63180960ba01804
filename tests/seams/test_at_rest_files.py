"""Leak 5 (issue 18): secrets and personal data at rest.

The data dir, the SQLite files and Reflex's state store are private to the app's user from
the first start, whatever the umask the app was started with; and a new API key is never
kept in a tab's Reflex state (which Reflex writes to disk or Redis), only shown once in a
plain HTTP response.
"""

from __future__ import annotations

import inspect
import json
import os
import re
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from starlette.testclient import TestClient

from careers_app import routes
from careers_app.models import ApiKey
from careers_app.services.platform import api_keys
from careers_app.settings import PROJECT_ROOT, get_settings
from careers_app.states.api_keys import ApiKeysState
from careers_app.states.guard import SESSION_COOKIE
from tests.handler_calls import call, own_handlers
from tests.handler_calls import token_for as _token

FULL_KEY = re.compile(rb"cak_[A-Za-z0-9_-]{30,}")

# A worker's start, as `reflex run` does it: rxconfig first, then the app module; then the
# database is migrated and used, and Reflex's default (disk) state manager keeps a wizard tab.
_START = textwrap.dedent(
    """
    import asyncio, json, os, sys
    os.umask(0o022)
    import rxconfig  # noqa: F401
    import careers_app.careers_app  # noqa: F401
    import sqlalchemy as sa
    from reflex.istate.manager.disk import StateManagerDisk
    from reflex.istate.manager.token import BaseStateToken
    from careers_app.services.platform.db import make_engine, migrate
    from careers_app.settings import get_settings
    from careers_app.states.apply import ApplyState

    settings = get_settings()
    engine = make_engine(settings.database_url)
    migrate(engine)
    keep = engine.connect()  # holds the -wal and -shm files open
    keep.execute(sa.text("SELECT count(*) FROM candidate"))

    async def tab() -> str:
        manager = StateManagerDisk()
        token = BaseStateToken(ident="0b5c9a62-0000-4000-8000-000000000001", cls=ApplyState)
        async with manager.modify_state(token) as root:
            wizard = await root.get_state(ApplyState)
            wizard.values = {**wizard.values, "email": "wizard.person@example.org"}
        await manager.close()
        return str(manager.states_directory)

    states = asyncio.run(tab())
    modes = {}
    for base in (settings.data_dir, states):
        for folder, dirs, files in os.walk(base):
            for name in [".", *files]:
                path = os.path.join(folder, name)
                modes[os.path.normpath(path)] = os.stat(path).st_mode & 0o777
    print(json.dumps({"states": states, "modes": modes}))
    """
)


def test_the_data_dir_database_and_state_store_are_private_from_the_first_start(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    os.chmod(data, 0o755)
    old = data / "careers.db"  # left by an older version with the default umask
    old.touch()
    os.chmod(old, 0o644)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CAREERS_", "REFLEX_", "DATABASE_URL"))}
    env.update(CAREERS_DATA_DIR=str(data), PYTHONPATH=str(PROJECT_ROOT))
    done = subprocess.run(
        [sys.executable, "-c", _START], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=240
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    states = Path(report["states"])
    assert states.is_relative_to(data), f"Reflex keeps tab state outside the data dir: {states}"
    modes: dict[str, int] = report["modes"]
    for name in ("careers.db", "careers.db-wal", "careers.db-shm"):
        assert str(data / name) in modes, name
    pickles = [p for p in modes if p.endswith(".pkl")]
    assert pickles, "the wizard tab's state was not written"
    loose = {p: oct(m) for p, m in modes.items() if m & 0o077}
    assert loose == {}, "readable by other local users"
    assert stat.S_IMODE(os.stat(data).st_mode) == 0o700


def test_a_new_api_key_is_never_kept_in_the_pages_reflex_state(app_db: Engine) -> None:
    """Every handler of the API keys page, called as an admin: no state holds a whole key."""
    admin = _token("admin")
    with Session(app_db) as session:
        api_keys.create_key("Existing", created_by=None, session=session)
        session.commit()
    for name, handler in own_handlers(ApiKeysState).items():
        params = [p for p in inspect.signature(handler.fn).parameters if p != "self"]
        payload: dict[str, object] = {p: "1" for p in params}
        payload.update({p: {"name": "Aggregator"} for p in params if p == "form_data"})
        state, _ = call(ApiKeysState, name, token=admin, path=routes.API_KEYS, **payload)
        kept = state._serialize()
        assert FULL_KEY.search(kept) is None, f"ApiKeysState.{name} kept a whole key in the tab's state"


def test_a_new_key_is_shown_once_in_a_plain_http_response(app_db: Engine) -> None:
    base = get_settings().base_url
    from careers_app.http import api_keys_routes

    client = TestClient(api_keys_routes.http_routes(), base_url=base, headers={"origin": base})
    client.cookies.set(SESSION_COOKIE, _token("admin"))
    answer = client.post(routes.API_KEY_NEW, data={"name": "Aggregator"}, follow_redirects=False)
    assert answer.status_code == 200 and answer.headers["cache-control"] == "no-store"
    found = FULL_KEY.search(answer.content)
    assert found is not None
    key = found.group().decode()
    with Session(app_db) as session:
        row = session.exec(select(ApiKey)).one()
        assert row.key_hash == api_keys.key_hash(key) and row.name == "Aggregator"
        assert all(key not in str(v) for v in row.model_dump().values())
        assert api_keys.authenticate(key, session=session) is not None
    # Only an admin, only from the app's own pages.
    for who, headers in (("recruiter", {}), ("admin", {"origin": "https://evil.example"})):
        client.cookies.set(SESSION_COOKIE, _token(who))
        refused = client.post(routes.API_KEY_NEW, data={"name": "Sneaky"}, headers=headers)
        assert refused.status_code == 403 and FULL_KEY.search(refused.content) is None
    with Session(app_db) as session:
        assert [r.name for r in session.exec(select(ApiKey)).all()] == ["Aggregator"]


def test_the_state_folder_follows_the_data_dir_unless_the_operator_chose_one(tmp_path: Path) -> None:
    from careers_app.settings import DERIVED_STATES_MARKER, load_settings

    assert load_settings({"CAREERS_DATA_DIR": str(tmp_path)}).state_dir == tmp_path / "states"
    chosen = {"CAREERS_DATA_DIR": str(tmp_path), "REFLEX_STATES_WORKDIR": "/srv/states"}
    assert load_settings(chosen).state_dir == Path("/srv/states")
    # Set by a parent process's start from its own data dir: a child (a test's app) derives its own.
    inherited = {**chosen, DERIVED_STATES_MARKER: "1"}
    assert load_settings(inherited).state_dir == tmp_path / "states"


def test_an_older_installs_loose_files_are_made_private_and_links_are_not_followed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from careers_app import at_rest
    from careers_app.settings import load_settings

    data, outside = tmp_path / "data", tmp_path / "elsewhere.txt"
    (data / "uploads" / "ab").mkdir(parents=True)
    (data / "outbox").mkdir()
    loose = [data / "uploads" / "ab" / "cd.pdf", data / "outbox" / "7.eml", data / "careers.db-wal"]
    for path in [*loose, outside]:
        path.write_text("x")
        os.chmod(path, 0o644)
    for folder in (data, data / "uploads", data / "uploads" / "ab", data / "outbox"):
        os.chmod(folder, 0o755)
    (data / "outbox" / "link.eml").symlink_to(outside)
    monkeypatch.setenv(at_rest.STATES_WORKDIR, "")  # restored after the test
    monkeypatch.setenv("CAREERS_STATES_DIR_DERIVED", "")
    old_umask = os.umask(0o022)
    try:
        at_rest.secure(load_settings({"CAREERS_DATA_DIR": str(data)}))
    finally:
        os.umask(old_umask)
    assert {p.name: oct(stat.S_IMODE(p.stat().st_mode)) for p in loose} == dict.fromkeys(
        (p.name for p in loose), oct(0o600)
    )
    for folder in (data, data / "uploads", data / "uploads" / "ab", data / "outbox", data / "states"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert stat.S_IMODE(outside.stat().st_mode) == 0o644  # a link out of the folder is left alone

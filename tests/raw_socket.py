"""Talking to the running app over a raw Socket.IO connection, as an attacker's script would:
every handler of every state enumerated from the classes, valid and hostile arguments, what
the database held before and after, and a closing event after which nothing more can come."""

from __future__ import annotations

import inspect
import json
import uuid
from typing import Any

import httpx
import socketio
import sqlalchemy as sa
from reflex.state import BaseState, State

from careers_app.devtools.appserver import TEST_DEMO_PASSWORD, RunningApp
from careers_app.services.board.pipeline import REJECTION_REASONS
from careers_app.states.guard import Access, access_of
from tests.waiting import wait_until

CORTEX = "machine-learning-engineer-data-science-cortex"


# A card as the board sends it (an id and a name), not an empty typed default (id null or 0).
CARD = r'"id":\s*[1-9][0-9]*,\s*"name":\s*"[^"]'


def state_classes() -> list[type[BaseState]]:
    """Every state class of the app's own code, found by walking Reflex's state tree."""
    import careers_app.careers_app  # noqa: F401  (imports every page and state)

    found: list[type[BaseState]] = []
    todo: list[type[BaseState]] = list(State.get_substates())
    while todo:
        cls = todo.pop()
        todo.extend(cls.get_substates())
        if cls.__module__.startswith("careers_app.states"):
            found.append(cls)
    return found


def snapshot(app: RunningApp) -> dict[str, Any]:
    with sa.create_engine(app.database_url).connect() as conn:
        return {
            "applications": conn.execute(
                sa.text("select id, stage, version, rejection_reason from application order by id")
            ).all(),
            "events": conn.execute(sa.text("select count(*) from stageevent")).scalar(),
            "notes": conn.execute(sa.text("select count(*) from note")).scalar(),
            "live_sessions": conn.execute(
                sa.text("select count(*) from user_session where revoked_at is null")
            ).scalar(),
            "users": conn.execute(sa.text("select id, email, role, active from app_user order by id")).all(),
            # the sender leaves failed email alone; only an admin's retry changes it
            "failed_mail": conn.execute(
                sa.text("select id, attempts from outbox where status = 'failed' order by id")
            ).all(),
        }


def failed_mail_id(app: RunningApp) -> int:
    """A failed email for the admin's retry handler to be tried on (one is added if none is)."""
    with sa.create_engine(app.database_url).begin() as conn:
        found = conn.execute(sa.text("select min(id) from outbox where status = 'failed'")).scalar()
        if found is None:
            found = conn.execute(
                sa.text(
                    "insert into outbox (to_email, subject, body, created_at, status, attempts,"
                    " next_attempt_at, last_error) values ('matrix@example.org', 'Matrix', 'Hi',"
                    " CURRENT_TIMESTAMP, 'failed', 6, CURRENT_TIMESTAMP, '550 refused') returning id"
                )
            ).scalar_one()
    return int(found)


def secrets(app: RunningApp) -> list[str]:
    """Values that must never reach an anonymous client: candidates' contact data."""
    with sa.create_engine(app.database_url).connect() as conn:
        rows = conn.execute(
            sa.text(
                "select c.email, c.phone_e164 from candidate c join application a on a.candidate_id = c.id "
                "join posting p on p.id = a.posting_id where p.slug = :s limit 40"
            ),
            {"s": CORTEX},
        ).all()
    return [value for row in rows for value in row]


def argument_sets(app: RunningApp, params: list[str], var_names: list[str]) -> list[dict[str, Any]]:
    with sa.create_engine(app.database_url).connect() as conn:
        app_id, version = conn.execute(
            sa.text("select id, version from application order by id limit 1")
        ).one()
    valid: dict[str, Any] = {
        "request": {"id": app_id, "to": "hired", "version": version},
        "form_data": {
            "reason": REJECTION_REASONS[0],
            "stage": "hired",
            "note": "note from nowhere",
            "q": "a",
            "email": "recruiter@example.com",
            "password": "wrong-password-here",
        },
        "application_id": app_id,
        "message_id": failed_mail_id(app) if "message_id" in params else 0,
    }
    hostile: list[Any] = [
        None,
        "",
        "1; drop table application",
        {"id": "x"},
        [1, 2],
        10**20,
        -1,
        "x" * 5000,
        {"__class__": 1},
    ]
    sets: list[dict[str, Any]] = [{}]
    if params:
        sets.append({p: valid.get(p, "x") for p in params})
        sets.extend({p: bad for p in params} for bad in hostile)
    if "var_name" in params:  # setvar: try every var of the state
        sets.extend({"var_name": name, "value": "x"} for name in var_names)
    return sets


def session_cookie(app: RunningApp, email: str) -> str:
    """Sign in through the real HTTP route, as a browser does, and return the cookie header."""
    answer = httpx.post(
        f"{app.base_url}/recruiting/session",
        data={"email": email, "password": TEST_DEMO_PASSWORD},
        headers={"Origin": app.base_url},
        timeout=15,
    )
    token = answer.cookies.get("careers_session")
    assert token, f"could not sign in {email}: {answer.status_code} {answer.headers.get('location')}"
    return f"careers_session={token}"


def connect(app: RunningApp, cookie: str = "", token: str = "") -> tuple[socketio.Client, list[str]]:
    frames: list[str] = []
    client = socketio.Client(reconnection=False)
    client.on("event", lambda data: frames.append(json.dumps(data)), namespace="/_event")
    client.reflex_token = token or str(uuid.uuid4())
    client.connect(
        f"{app.base_url}?token={client.reflex_token}",
        socketio_path="/_event",
        namespaces=["/_event"],
        transports=["websocket"],
        headers={"Cookie": cookie} if cookie else {},
        wait_timeout=10,
    )
    return client, frames


def send_everything(app: RunningApp, client: socketio.Client, allowed: set[Access]) -> int:
    """Every handler of every state the caller may NOT use, with valid and hostile arguments."""
    sent = 0
    for cls in state_classes():
        for name, handler in cls.event_handlers.items():
            access = access_of(handler.fn)
            if access in allowed or (access is None and name != "setvar"):
                continue
            params = [p for p in inspect.signature(handler.fn).parameters if p != "self"]
            for payload in argument_sets(app, params, sorted(cls.vars)):
                client.emit(
                    "event",
                    {
                        "name": f"{cls.get_full_name()}.{name}",
                        "payload": payload,
                        "router_data": {
                            "pathname": f"/recruiting/{CORTEX}",
                            "query": {},
                            "asPath": f"/recruiting/{CORTEX}",
                        },
                    },
                    namespace="/_event",
                )
                sent += 1
    return sent


def eeo_values(app: RunningApp) -> list[str]:
    """Distinctive voluntary answers stored for Cortex applicants (one is added if none is)."""
    with sa.create_engine(app.database_url).begin() as conn:
        if not conn.execute(sa.text("select count(*) from eeo_answer")).scalar():
            app_id, posting_id = conn.execute(
                sa.text(
                    "select a.id, a.posting_id from application a join posting p on p.id = a.posting_id "
                    "where p.slug = :s order by a.id limit 1"
                ),
                {"s": CORTEX},
            ).one()
            conn.execute(
                sa.text(
                    "insert into eeo_answer (application_id, posting_id, gender, race_ethnicity, "
                    "veteran_status, gender_identity, sexual_orientation, veteran_branch, created_at) "
                    "values (:a, :p, '', 'Native Hawaiian or Other Pacific Islander', '', '', '', '', "
                    "CURRENT_TIMESTAMP)"
                ),
                {"a": app_id, "p": posting_id},
            )
        rows = conn.execute(sa.text("select gender, race_ethnicity from eeo_answer")).all()
    values = sorted({v for row in rows for v in row if v and len(v) > 12})
    assert values, "no equal-opportunity answer to look for"
    return values


HYDRATE = "reflex___state____state.hydrate"


def answered_all(
    client: socketio.Client, frames: list[str], path: str = "/", within: float = 120.0, *, keep: bool = False
) -> str:
    """Return once the server has answered every event this client sent before: Reflex runs
    one tab's events in order, so a hydrate sent now is answered after all of them, and its
    answer is the whole state (every state of the app named in one frame). An assertion that
    something did not reach the client comes after this, never after a pause.

    The answer (returned) is taken out of ``frames`` unless ``keep``: the whole state names
    every option list and field of the app, which the events themselves never sent."""
    names = [f'"{cls.get_full_name()}"' for cls in state_classes()]
    mark = len(frames)
    emit(client, HYDRATE, {}, path)

    def answer() -> str:
        return next((f for f in frames[mark:] if all(n in f for n in names)), "")

    found = wait_until(answer, timeout=within, message="the answer to a closing hydrate")
    if not keep:
        frames.remove(found)
    return found


def var_values(frames: list[str], state: str, var: str) -> list[Any]:
    """Every value ``var`` of ``state`` took in the frames, in order."""
    found = []
    for frame in frames:
        delta = (json.loads(frame).get("delta") or {}).get(state) or {}
        if f"{var}_rx_state_" in delta:
            found.append(delta[f"{var}_rx_state_"])
    return found


def emit(client: socketio.Client, name: str, payload: dict[str, Any], path: str) -> None:
    client.emit(
        "event",
        {"name": name, "payload": payload, "router_data": {"pathname": path, "query": {}, "asPath": path}},
        namespace="/_event",
    )


def state_name(cls_name: str) -> str:
    return next(c for c in state_classes() if c.__name__ == cls_name).get_full_name()

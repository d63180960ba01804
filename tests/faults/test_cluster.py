"""The scaled-out deployment: two instances behind nginx, no sticky sessions, and losing one."""

from __future__ import annotations

import json
import signal

import httpx
import sqlalchemy as sa

from careers_app.devtools.cluster import Cluster
from careers_app.devtools.pdfs import make_resume
from careers_app.devtools.rawclient import ProtocolError, RawSession, http_client, source_address
from careers_app.devtools.simulate import Timings, fill_wizard, person_values
from tests.cluster_run import SLUG, run


def _applications(db: sa.Engine, email: str) -> int:
    with db.connect() as conn:
        return int(
            conn.execute(
                sa.text(
                    "select count(*) from application a join candidate c on c.id = a.candidate_id "
                    "where lower(c.email) = :e"
                ),
                {"e": email},
            ).scalar_one()
        )


def _json_lines(cluster: Cluster) -> list[dict[str, object]]:
    lines = []
    for instance in cluster.instances:
        for line in instance.log.read_text(errors="replace").splitlines():
            if line.startswith("{"):
                lines.append({**json.loads(line), "instance": instance.name})
    return lines


def test_health_pages_and_an_application_through_nginx_on_both_instances(
    cluster: Cluster, db: sa.Engine
) -> None:
    health = httpx.get(f"{cluster.base_url}/healthz", timeout=10)
    assert (health.status_code, health.json()) == (200, {"database": "ok", "redis": "ok"})
    for _ in range(6):  # round robin, no stickiness: both instances serve the page
        page = httpx.get(f"{cluster.base_url}/jobs/{SLUG}", timeout=10)
        assert page.status_code == 200 and "Machine Learning Engineer" in page.text
        assert len(page.headers["x-request-id"]) == 32  # nginx's $request_id, logged by the app
    served = {line["instance"] for line in _json_lines(cluster) if line.get("path") == f"/jobs/{SLUG}"}
    assert served == {"app1", "app2"}
    too_big = httpx.post(
        f"{cluster.base_url}/_upload", content=b"x" * 1_200_000, headers={"Content-Type": "application/pdf"}
    )
    assert too_big.status_code == 413  # refused by nginx at the app's own cap

    async def apply(n: int) -> str:
        session = RawSession(cluster.base_url, source=source_address(n))
        await session.connect()
        async with http_client(source_address(n)) as http:
            status = await fill_wizard(
                session, http, SLUG, n, make_resume("Jo Lee", "Engineer", ["Spark"]), Timings()
            )
        await session.close()
        return status

    assert run(apply(101)) == "done"
    assert run(apply(102)) == "done"
    assert _applications(db, person_values(101)["email"]) == 1
    with db.connect() as conn:  # each person's address reached the app through nginx (trusted hop)
        clients = conn.execute(sa.text("select count(distinct client_key) from upload_event")).scalar_one()
    assert clients >= 2
    events = [line for line in _json_lines(cluster) if line.get("event") == "ApplyState.submit"]
    assert events and all(line["outcome"] == "ok" and isinstance(line["ms"], float) for line in events)


def test_killing_one_instance_mid_wizard_loses_nothing(cluster: Cluster, db: sa.Engine) -> None:
    victim = cluster.instances[0]
    n = 103
    pdf = make_resume("Jo Lee", "Engineer", ["Spark"])

    async def start_then_finish() -> tuple[str, int]:
        session = RawSession(cluster.base_url, source=source_address(n))
        await session.connect()
        path = f"/jobs/{SLUG}/apply"
        from careers_app.devtools.simulate import APPLY

        await session.send("reflex___state____state.hydrate", {}, path)
        await session.send(f"{APPLY}.load", {}, path)
        await session.wait_for(lambda s: s.get(APPLY, {}).get("status_rx_state_") == "ready")
        for name in ("first_name", "last_name"):
            await session.send(f"{APPLY}.set_field", {"name": name, "value": person_values(n)[name]}, path)
            await session.send(f"{APPLY}.leave_field", {"name": name}, path)
        await session.wait_for(lambda s: "last_name" in (s.get(APPLY, {}).get("touched_rx_state_") or []))

        victim.stop(signal.SIGKILL)  # the whole instance: Granian's main process and its worker
        page = httpx.get(f"{cluster.base_url}/careers", timeout=10)  # the very next request
        assert page.status_code == 200
        reconnects = 0
        # As the browser does: reconnect (same client token) and carry on. A socket on the killed
        # instance that has not yet seen its end fails its next event and is reconnected here too.
        while True:
            try:
                if session.closed:
                    reconnects += 1
                    session = RawSession(cluster.base_url, source=source_address(n), token=session.token)
                    await session.connect()
                async with http_client(source_address(n)) as http:
                    return await fill_wizard(session, http, SLUG, n, pdf, Timings()), reconnects
            except ProtocolError:
                if reconnects > 3:
                    raise
                await session.close()

    status, _reconnects = run(start_then_finish())
    assert status == "done"
    assert _applications(db, person_values(n)["email"]) == 1
    with db.connect() as conn:  # the two fields typed before the kill made it into the draft
        names = conn.execute(
            sa.text("select c.first_name, c.last_name from candidate c where lower(c.email) = :e"),
            {"e": person_values(n)["email"]},
        ).one()
    assert tuple(names) == ("Load", person_values(n)["last_name"])

    assert cluster.check_health() or not cluster.health[victim.name]  # supervisor takes it out
    assert cluster.health[victim.name] is False
    for _ in range(4):
        assert httpx.get(f"{cluster.base_url}/healthz", timeout=10).status_code == 200
    victim.start()  # restore what the test killed
    cluster.check_health()
    assert cluster.health == {"app1": True, "app2": True}

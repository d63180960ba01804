"""Graceful shutdown: SIGTERM to an instance lets the HTTP requests and the events in flight
finish, and leaves nothing half-written.

Granian stops accepting and lets running requests answer; Reflex 0.10.1 would cancel the
background events still running (here the PDF checks the uploads started) at once, so the
app sets its event processor's grace period (careers_app/resilience.py
``drain_events_on_shutdown``): they finish, then the worker stops. Open websockets keep a
worker until Granian's kill timeout (``--kill-timeout``, 20 s).
"""

from __future__ import annotations

import asyncio
import signal
import time
from pathlib import Path

import sqlalchemy as sa

from careers_app.devtools.cluster import Cluster
from careers_app.devtools.pdfs import make_resume
from careers_app.devtools.rawclient import RawSession, http_client, source_address
from careers_app.devtools.simulate import APPLY, open_wizard
from careers_app.services.applying.applications import token_hash
from tests.cluster_run import SLUG, run


def test_sigterm_lets_uploads_in_flight_finish_and_leaves_nothing_half_written(
    cluster: Cluster, db: sa.Engine
) -> None:
    instance = cluster.instances[1]
    people = [601, 602, 603, 604]
    pdf = make_resume("Shut Down", "Engineer", ["Go", "Rust"] * 20)

    async def scenario() -> list[str]:
        sessions = []
        for n in people:  # straight to this instance, so the work is surely in flight there
            session = RawSession(instance.url, source=source_address(n), origin=cluster.base_url)
            await session.connect()
            await open_wizard(session, SLUG)
            sessions.append(session)
        async with http_client() as http:
            uploads = [
                asyncio.create_task(s.upload(http, f"{APPLY}.upload_resume", "resume.pdf", pdf))
                for s in sessions
            ]
            await asyncio.sleep(0.05)  # the test is about a moment: the uploads are on their way
            assert instance.proc is not None
            instance.proc.send_signal(signal.SIGTERM)  # the Granian main process: a normal stop
            answers = await asyncio.gather(*uploads, return_exceptions=True)
        assert all(not isinstance(a, BaseException) and a.status_code < 300 for a in answers), answers
        seen.append(f"upload answers: {[(a.status_code, a.text[:80]) for a in answers if not isinstance(a, BaseException)]}")
        tokens = [str(s.var(APPLY, "draft_token")) for s in sessions]
        for s in sessions:  # what each tab was last told (a failure names what it saw)
            seen.append(f"errors={s.var(APPLY, 'errors')} uploading={s.var(APPLY, 'uploading')}")
            await s.close()
        return tokens

    seen: list[str] = []
    started = time.monotonic()
    try:
        tokens = run(scenario())
        assert instance.proc is not None
        instance.proc.wait(timeout=40)
        assert time.monotonic() - started < 35  # stopped within the kill timeout
        upload_dir = Path(cluster.env["CAREERS_UPLOAD_DIR"])
        with db.connect() as conn:  # every upload in flight was checked and attached, with its file
            for token in tokens:
                keys = (
                    conn.execute(
                        sa.text(
                            "select d.storage_key from draft_document d join application_draft a on a.id = d.draft_id "
                            "where a.token_hash = :t and d.kind = 'resume'"
                        ),
                        {"t": token_hash(token)},
                    )
                    .scalars()
                    .all()
                )
                log_tail = instance.log.read_text(errors="replace")[-4000:]
                assert len(keys) == 1 and (upload_dir / keys[0]).is_file(), (
                    tokens.index(token),
                    seen,
                    log_tail,
                )
        assert not [p for p in upload_dir.rglob(".incoming-*")]  # no half-written file
    finally:
        instance.stop()
        instance.start()
        cluster.check_health()
    assert cluster.health[instance.name]

"""Upload rate limits per client address and per browser, and the storage quota, on both databases."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select

from careers_app.models import ApplicationDraft, DraftDocument, UploadEvent
from careers_app.services.applying.applications import new_token, token_hash
from careers_app.services.candidates import upload_limits as limits
from careers_app.services.candidates.documents import MAX_BYTES, DocumentRejected
from careers_app.services.candidates.upload_limits import UploadRefused
from tests.factories import make_office, make_posting, make_team

SECRET = "test-secret-for-client-keys-0123456789"
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def _client(address: str = "203.0.113.7") -> str:
    return limits.client_key(address, SECRET)


def _owner() -> str:
    return token_hash(new_token())


def _events(session: Session) -> int:
    return session.exec(select(func.count()).select_from(UploadEvent)).one()


def _record(session: Session, client: str, owner: str, at: datetime, n: int = 1) -> None:
    for _ in range(n):
        session.add(UploadEvent(client_key=client, token_hash=owner, size_bytes=1000, at=at))
    session.flush()


# ----- client keys -----------------------------------------------------------------------------


def test_client_key_is_a_keyed_hash_of_the_network_never_the_address() -> None:
    key = _client("203.0.113.7")
    assert len(key) == 64 and "203" not in key
    assert key != _client("203.0.113.8")
    assert key != limits.client_key("203.0.113.7", SECRET + "-other")  # keyed: not a plain SHA-256
    assert _client("::ffff:203.0.113.7") == key  # an IPv4 address seen through IPv6
    # One IPv6 /64 is one household or machine: changing the low bits does not escape.
    assert _client("2001:db8:1:2::1") == _client("2001:db8:1:2:ffff:ffff:ffff:ffff")
    assert _client("2001:db8:1:2::1") != _client("2001:db8:1:3::1")
    assert _client("") == _client("not an address")


# ----- rate limits -----------------------------------------------------------------------------


def test_client_may_upload_200_in_10_minutes_then_is_told_when_to_come_back(session: Session) -> None:
    client = _client()
    first = NOW - timedelta(minutes=7)
    _record(session, client, _owner(), first)
    _record(session, client, _owner(), NOW - timedelta(minutes=1), n=limits.CLIENT_MAX_UPLOADS - 2)
    limits.admit(client, _owner(), 1, "resume", 1000, session=session, now=NOW)  # the 200th: fine
    with pytest.raises(UploadRefused) as refused:
        limits.check_rate(client, _owner(), session=session, now=NOW)
    assert isinstance(refused.value, DocumentRejected)  # shown like any refused file
    assert refused.value.code == "rate_client"
    assert refused.value.retry_after == timedelta(minutes=3)  # when the oldest leaves the window
    assert str(refused.value) == (
        "Too many files were uploaded from your network in the last few minutes. "
        "Please try again in 3 minutes."
    )
    # Refusals are not recorded, so waiting is enough.
    assert _events(session) == limits.CLIENT_MAX_UPLOADS
    limits.check_rate(
        client, _owner(), session=session, now=first + limits.CLIENT_WINDOW + timedelta(seconds=1)
    )
    limits.check_rate(_client("198.51.100.1"), _owner(), session=session, now=NOW)  # others unaffected


def test_client_may_upload_1000_a_day(session: Session) -> None:
    client = _client()
    for i in range(limits.CLIENT_MAX_UPLOADS_PER_DAY):  # spread out: never 200 in 10 minutes
        _record(session, client, _owner(), NOW - timedelta(hours=23) + timedelta(seconds=80 * i))
    with pytest.raises(UploadRefused) as refused:
        limits.check_rate(client, _owner(), session=session, now=NOW)
    assert refused.value.code == "rate_client_day"
    assert str(refused.value) == (
        "Too many files were uploaded from your network today. Please try again in 60 minutes."
    )


def test_client_may_upload_256_mb_a_day_whatever_the_browsers(session: Session) -> None:
    client, limit = _client(), limits.CLIENT_MAX_BYTES_PER_DAY
    assert limit == 256 * MAX_BYTES
    for i in range(256):  # one full-size file every 5 minutes, from a new browser each time
        at = NOW - timedelta(hours=22) + timedelta(minutes=5 * i)
        session.add(UploadEvent(client_key=client, token_hash=_owner(), size_bytes=MAX_BYTES, at=at))
    session.flush()
    with pytest.raises(UploadRefused) as refused:  # before the body is read: at the limit
        limits.check_rate(client, _owner(), session=session, now=NOW)
    assert refused.value.code == "rate_client_bytes"
    assert refused.value.retry_after == timedelta(hours=2)  # when the oldest file leaves the day
    assert str(refused.value) == (
        "Too much was uploaded from your network today. Please try again in 120 minutes."
    )
    # Once the oldest has left the day, a file of at most its size fits again, a bigger one not yet.
    later = NOW + timedelta(hours=2, seconds=1)
    limits.admit(client, _owner(), 1, "resume", MAX_BYTES, session=session, now=later)
    with pytest.raises(UploadRefused) as refused:
        limits.admit(client, _owner(), 1, "resume", 10, session=session, now=later)
    assert refused.value.retry_after == timedelta(minutes=5) - timedelta(seconds=1)
    limits.check_rate(_client("198.51.100.1"), _owner(), session=session, now=NOW)  # others unaffected


def test_browser_may_upload_10_an_hour_from_any_address(session: Session) -> None:
    owner = _owner()
    for i in range(limits.TOKEN_MAX_UPLOADS):
        _record(session, _client(f"198.51.100.{i}"), owner, NOW - timedelta(minutes=50 - i))
    with pytest.raises(UploadRefused) as refused:
        limits.admit(_client("192.0.2.1"), owner, 1, "resume", 1000, session=session, now=NOW)
    assert refused.value.code == "rate_token"
    assert (
        str(refused.value) == "You have uploaded 10 files in the last hour. Please try again in 10 minutes."
    )
    assert _events(session) == limits.TOKEN_MAX_UPLOADS
    limits.check_rate(_client("192.0.2.1"), _owner(), session=session, now=NOW)  # another browser: fine


def test_admit_records_who_and_how_much_but_not_the_address_or_token(session: Session) -> None:
    token = new_token()
    event_id = limits.admit(
        _client("203.0.113.7"), token_hash(token), 1, "resume", 4321, session=session, now=NOW
    )
    row = session.get(UploadEvent, event_id)
    assert row is not None and row.size_bytes == 4321 and row.at == NOW
    assert row.token_hash == token_hash(token) and token not in row.token_hash
    assert "203.0.113.7" not in row.client_key
    limits.forget(event_id, session=session)
    assert _events(session) == 0


def test_old_events_are_pruned(session: Session) -> None:
    client, owner = _client(), _owner()
    _record(session, client, owner, NOW - limits.EVENT_RETENTION - timedelta(minutes=1), n=3)
    _record(session, client, owner, NOW - timedelta(hours=1), n=2)
    assert limits.prune_events(session=session, now=NOW) == 3
    assert _events(session) == 2


# ----- quota -----------------------------------------------------------------------------------


def _draft_with(session: Session, owner: str, posting_id: int, sizes: dict[str, int]) -> None:
    draft = ApplicationDraft(token_hash=owner, posting_id=posting_id, data={})
    session.add(draft)
    session.flush()
    for kind, size in sizes.items():
        digest = f"{posting_id:02d}{kind[:1]}".encode().hex().ljust(64, "0")[:64]
        session.add(
            DraftDocument(
                draft_id=draft.id or 0,
                kind=kind,
                original_name=f"{kind}.pdf",
                size_bytes=size,
                sha256=digest,
                page_count=1,
                storage_key=f"{digest[:2]}/{digest}.pdf",
            )
        )
    session.flush()


def test_one_browsers_drafts_hold_at_most_4_mb_across_postings(session: Session) -> None:
    team, office = make_team(session), make_office(session)
    a, b, c = (make_posting(session, team, office).id or 0 for _ in range(3))
    owner = _owner()
    _draft_with(session, owner, a, {"resume": MAX_BYTES, "cover_letter": MAX_BYTES})
    _draft_with(session, owner, b, {"resume": MAX_BYTES, "cover_letter": MAX_BYTES // 2})
    _draft_with(session, _owner(), c, {"resume": MAX_BYTES, "cover_letter": MAX_BYTES})  # someone else's
    assert limits.stored_bytes(owner, session=session) == 3.5 * MAX_BYTES

    limits.check_quota(owner, c, "resume", MAX_BYTES // 2, session=session)  # exactly 4 MB: fine
    with pytest.raises(UploadRefused) as refused:
        limits.admit(_client(), owner, c, "resume", MAX_BYTES // 2 + 1, session=session, now=NOW)
    assert refused.value.code == "quota" and refused.value.retry_after is None
    assert str(refused.value) == (
        "Your unfinished applications already hold 3.5 MB of documents, and together they can hold "
        "at most 4 MB. Submit or discard one of them, or remove a document, and try again."
    )
    assert _events(session) == 0
    # Replacing a document counts the new file instead of the old one, not on top of it.
    limits.check_quota(owner, b, "cover_letter", MAX_BYTES, session=session)
    with pytest.raises(UploadRefused):
        limits.check_quota(owner, b, "cover_letter", MAX_BYTES + 1, session=session)


# ----- several workers at once -----------------------------------------------------------------


def test_simultaneous_uploads_from_one_browser_never_pass_the_limit(committed_engine: Engine) -> None:
    """Check-then-record is atomic across connections (SQLite's write lock, PostgreSQL's advisory lock)."""
    from careers_app.services.platform.db import session_scope

    client, owner = _client(), _owner()
    admitted: list[int] = []
    refused: list[str] = []
    start = threading.Barrier(8)

    def upload() -> None:
        start.wait()
        for _ in range(4):
            try:
                with session_scope(committed_engine) as session:
                    admitted.append(limits.admit(client, owner, 1, "resume", 10, session=session))
            except UploadRefused as exc:
                refused.append(exc.code)

    threads = [threading.Thread(target=upload) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(admitted) == limits.TOKEN_MAX_UPLOADS
    assert refused == ["rate_token"] * (32 - limits.TOKEN_MAX_UPLOADS)

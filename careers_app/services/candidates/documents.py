"""Candidate documents: size limit, PDF checks in an isolated process, storage by hash."""

from __future__ import annotations

import atexit
import errno
import hashlib
import json
import logging
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import SessionTransaction
from sqlmodel import Session, select

from careers_app.models import Document, DraftDocument
from careers_app.services.candidates import pdf_worker
from careers_app.services.candidates.check_slots import WIZARD, CheckSlots, NoSlotFree, check_slot, slots_for
from careers_app.settings import PROJECT_ROOT, get_settings

logger = logging.getLogger(__name__)

# "1 MB" means 1 MiB here: 1,048,576 bytes, what most people's computers call 1 MB.
MAX_BYTES = 1024 * 1024
PARSE_TIMEOUT_SECONDS = 5  # wall clock; the worker itself stops at 2 CPU-seconds
SERVER_START_SECONDS = 20  # the check server's start (interpreter + pypdf), on a busy machine
KINDS = ("resume", "cover_letter")

MESSAGES = {
    "empty": "This file is empty. Choose the PDF again, or export it once more.",
    "not_pdf": "This file is not a PDF. Save or export it as PDF and upload that.",
    "damaged": "This PDF is damaged or incomplete and cannot be read. Export it again and retry.",
    "encrypted": "This PDF is password-protected. Upload a copy without a password.",
    "no_pages": "This PDF has no pages.",
    "too_complex": "This PDF could not be read safely (it is too complex). Export it again and retry.",
    "timeout": "This PDF took too long to read. Export it again and retry.",
    "busy": "We are checking many files right now. Please try again in a minute.",
    "storage_full": "We cannot store files right now (our storage is full). Your answers are saved; "
    "please try the upload again later.",
}


class DocumentRejected(ValueError):
    def __init__(self, code: str, message: str | None = None) -> None:
        super().__init__(message or MESSAGES[code])
        self.code = code


@dataclass(frozen=True)
class CheckedPdf:
    size_bytes: int
    sha256: str
    page_count: int
    text: str


def text_sha256(text: str) -> str | None:
    """The hash that links resumes with the same words (blind screening's "same person",
    services/visibility/identity.py): SHA-256 of the extracted text casefolded, with every run
    of whitespace one space and none at the ends. The same resume re-saved, re-exported or
    changed by a byte has it; a rewritten one does not. None for a document with no text, so
    documents without text (scans) never link to each other. Every ``Document`` row is given
    it here (and migration 0026 backfilled the older rows with it)."""
    normal = " ".join(text.casefold().split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest() if normal else None


def format_size(size: int) -> str:
    """Sizes as people read them: 512 KB, 1.0 MB, 3.4 MB (1 MB = 1,048,576 bytes)."""
    if size < 1024:
        return f"{size} bytes"
    if size < MAX_BYTES:
        return f"{max(1, round(size / 1024))} KB"
    mb = size / MAX_BYTES
    text = f"{mb:.1f}"
    if text == "1.0" and size > MAX_BYTES:
        text = f"{mb:.2f}"
    return f"{text} MB"


def too_large_message(size: int | None = None) -> str:
    if size is None:
        return "File is larger than 1 MB."
    return f"File is larger than 1 MB (it is {format_size(size)})."


def check_size(size: int) -> None:
    if size > MAX_BYTES:
        raise DocumentRejected("too_large", too_large_message(size))


class CheckServer:
    """This process's PDF check server (pdf_worker.serve): started on first use, restarted
    if it died. It has imported pypdf once and forks one limited child per file, so a check
    costs a fork instead of an interpreter start and an import."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self._folder: str | None = None

    @property
    def pid(self) -> int | None:
        process = self._process
        return process.pid if process is not None and process.poll() is None else None

    def socket_path(self, *, dead: str | None = None) -> str:
        """The listening socket's path; with ``dead`` (a path that refused a connection),
        a new server replaces that one."""
        with self._lock:
            path = self._path()
            if self._process is None or self._process.poll() is not None or path == dead:
                self._stop()
                self._start()
            return self._path()

    def _path(self) -> str:
        return os.path.join(self._folder or "", "check.sock")

    def _start(self) -> None:
        self._folder = _socket_folder()
        path = self._path()
        self._process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "careers_app.services.candidates.pdf_worker",
                "--serve",
                path,
                str(os.getpid()),
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=PROJECT_ROOT,
            env={"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(PROJECT_ROOT)},
        )
        deadline = time.monotonic() + SERVER_START_SECONDS
        while not os.path.exists(path):
            if self._process.poll() is not None or time.monotonic() > deadline:
                raise DocumentRejected("busy")
            time.sleep(0.005)

    def _stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        self._process = None
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None

    def stop(self) -> None:
        with self._lock:
            self._stop()


def _socket_folder() -> str:
    """A new private (0700) folder for the server's socket: in the app's data folder (which
    must be writable anyway: the check slots live there), or the system's temporary folder
    when that path would be too long for a Unix socket (about 107 bytes)."""
    data_dir = get_settings().data_dir
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        if len(str(data_dir)) <= 60:
            return tempfile.mkdtemp(prefix="pdf-check-", dir=data_dir)
    except OSError:
        pass
    return tempfile.mkdtemp(prefix="careers-pdf-")


_server = CheckServer()
atexit.register(_server.stop)


def warm_up() -> None:
    """Start the check server if it is not running (the app does this as each worker starts)."""
    _server.socket_path()


def checker_pid() -> int | None:
    """The check server's process id, if it runs (benchmarks read its children's CPU)."""
    return _server.pid


def _ask_server(data: bytes) -> dict[str, object]:
    """Send the file to a forked checker and read its verdict.

    The child's first byte says it runs under its limits; a reply that ends after it without
    a verdict means a limit stopped it (the file's doing: "too complex"). Anything that goes
    wrong before it (no server, no process to spare) is the server's doing: "busy".
    """
    dead: str | None = None
    for _attempt in range(2):
        try:
            path = _server.socket_path(dead=dead)
        except OSError as exc:  # no folder or process for a server right now
            raise DocumentRejected("busy") from exc
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            try:
                conn.settimeout(PARSE_TIMEOUT_SECONDS)
                conn.connect(path)
            except (FileNotFoundError, ConnectionRefusedError):
                dead = path  # the server is gone: start another and try once more
                continue
            except OSError as exc:  # e.g. its backlog is full
                raise DocumentRejected("busy") from exc
            deadline = time.monotonic() + PARSE_TIMEOUT_SECONDS
            reply = bytearray()
            try:
                conn.sendall(data)
                conn.shutdown(socket.SHUT_WR)
                while True:
                    conn.settimeout(max(0.001, deadline - time.monotonic()))
                    chunk = conn.recv(65536)
                    if not chunk:
                        break
                    reply += chunk
            except TimeoutError as exc:
                raise DocumentRejected("timeout") from exc
            except OSError:  # reset or broken pipe: the child ended; the reply says why
                pass
        finally:
            conn.close()
        return _verdict(bytes(reply))
    raise DocumentRejected("busy")


def _verdict(reply: bytes) -> dict[str, object]:
    if not reply.startswith(pdf_worker.STARTED):
        raise DocumentRejected("busy")  # the child never ran
    try:
        verdict = json.loads(reply[len(pdf_worker.STARTED) :])
    except ValueError as exc:  # no verdict: killed by its CPU or memory limit
        raise DocumentRejected("too_complex") from exc
    if not isinstance(verdict, dict):
        raise DocumentRejected("too_complex")
    return verdict


def check_pdf(data: bytes, *, slots: CheckSlots | None = None, pool: str = WIZARD) -> CheckedPdf:
    """Accept only a readable, unencrypted PDF of at most 1 MB with at least one page.

    The check waits for one of the host's check slots (one per core, see check_slots),
    so however many uploads arrive at once, checking never takes every core. ``pool``
    says whose slots: the wizard's (all) or the job board API's (all but the last).
    """
    check_size(len(data))
    if not data:
        raise DocumentRejected("empty")
    try:
        _server.socket_path()  # a (re)start happens before a slot is held, not while
    except OSError as exc:
        raise DocumentRejected("busy") from exc
    try:
        with check_slot(slots or slots_for(get_settings().data_dir, pool=pool)):
            verdict = _ask_server(data)
    except NoSlotFree as exc:
        raise DocumentRejected("busy") from exc
    if not verdict.get("ok"):
        code = str(verdict.get("code", "damaged"))
        raise DocumentRejected(code if code in MESSAGES else "damaged")
    pages = verdict.get("pages")
    if not isinstance(pages, int) or isinstance(pages, bool) or pages < 1:
        raise DocumentRejected("damaged")
    return CheckedPdf(
        size_bytes=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        page_count=pages,
        text=str(verdict.get("text", "")),
    )


def safe_display_name(name: object) -> str:
    """The uploaded name, kept only as data: no paths, no control characters, bounded."""
    text = name if isinstance(name, str) else ""
    text = text.replace("\\", "/").rsplit("/", 1)[-1]
    text = "".join(ch for ch in unicodedata.normalize("NFC", text) if unicodedata.category(ch)[0] != "C")
    text = re.sub(r"\s+", " ", text).strip(" .")
    if not text:
        text = "document.pdf"
    if len(text) > 120:
        stem, dot, ext = text.rpartition(".")
        text = (stem[:110] + "…" + dot + ext) if dot and len(ext) <= 5 else text[:120]
    return text


def storage_key(sha256: str) -> str:
    if not re.fullmatch(r"[0-9a-f]{64}", sha256):
        raise ValueError("not a sha256 hex digest")
    return f"{sha256[:2]}/{sha256}.pdf"


def store(data: bytes, sha256: str, upload_dir: Path) -> str:
    """Write the file under its content hash (atomically, private mode); same content, same key."""
    key = storage_key(sha256)
    path = upload_dir / key
    if path.exists():
        # Fresh again: the orphan sweeper leaves files younger than an hour alone, and
        # this one is about to be referenced by a new row.
        os.utime(path)
        return key
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
    except OSError as exc:
        raise _storage_error(exc) from exc
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _storage_error(exc) from exc
        raise
    return key


def _storage_error(exc: OSError) -> Exception:
    """A full disk (or quota) is the server's problem, said plainly; nothing was kept."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return DocumentRejected("storage_full")
    return exc


def path_for(key: str, upload_dir: Path) -> Path:
    storage_key(key.rsplit("/", 1)[-1].removesuffix(".pdf"))  # validates the shape
    return upload_dir / key


def is_referenced(key: str, *, session: Session) -> bool:

    if session.exec(select(Document.id).where(Document.storage_key == key).limit(1)).first():
        return True
    return (
        session.exec(select(DraftDocument.id).where(DraftDocument.storage_key == key).limit(1)).first()
        is not None
    )


# ----- removal after the commit ----------------------------------------------------------------
#
# A unit of work that stops pointing to a file (a removed, replaced or discarded document)
# must not unlink it itself: if its COMMIT then fails, the rows come back and would point
# to nothing. It only notes the file on its session; when that session's transaction has
# committed, a fresh unit of work looks again at what is committed (another draft may have
# committed a row with the same content meanwhile) and only then unlinks. A rollback
# unlinks nothing (the orphan sweep is there for crashes in between).

_FORGOTTEN = "careers_app.documents.forgotten"  # session.info: files to remove on commit
_COMMITTED = "careers_app.documents.committed"  # ... moved here once the commit went through


@dataclass(frozen=True)
class _Forgotten:
    # The file's mtime when this unit of work let go of it: ``store`` touches a file it is
    # handing to another upload, so a file touched since is about to be used again and stays.
    mtime_ns: int | None
    also_on_rollback: bool


def delete_if_unreferenced(
    key: str, upload_dir: Path, *, session: Session, also_on_rollback: bool = False
) -> bool:
    """Remove a stored file nobody points to any more (no application, no draft), once the
    session's transaction has committed; True if nothing points to it now (so it will go).

    ``also_on_rollback``: the file was stored for this unit of work and never recorded (a
    refused upload), so it goes when the transaction ends either way.
    """
    path = path_for(key, upload_dir)
    if is_referenced(key, session=session):
        return False
    forgotten = session.info.setdefault(_FORGOTTEN, {})
    forgotten.setdefault((key, upload_dir), _Forgotten(_mtime_ns(path), also_on_rollback))
    return True


def _mtime_ns(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except FileNotFoundError:
        return None


@sa.event.listens_for(OrmSession, "after_commit")
def _on_commit(session: OrmSession) -> None:
    if session.in_nested_transaction():
        return  # a savepoint: the outer transaction may still roll back
    forgotten = session.info.pop(_FORGOTTEN, None)
    if forgotten:
        session.info[_COMMITTED] = forgotten


@sa.event.listens_for(OrmSession, "after_transaction_end")
def _on_transaction_end(session: OrmSession, transaction: SessionTransaction) -> None:
    # The outermost transaction has ended and its connection is back in the pool (after
    # "after_commit", which cannot run SQL any more).
    if transaction.parent is not None:
        return
    committed: dict[tuple[str, Path], _Forgotten] = session.info.pop(_COMMITTED, {})
    forgotten: dict[tuple[str, Path], _Forgotten] = session.info.pop(_FORGOTTEN, {})
    due = {where: f for where, f in forgotten.items() if f.also_on_rollback} | committed
    if due:
        _remove_unreferenced(due, session)


def _remove_unreferenced(due: dict[tuple[str, Path], _Forgotten], ended: OrmSession) -> None:
    """Unlink what no committed row points to, in a fresh transaction (its own snapshot,
    taken now; on SQLite it holds the write lock, so no writer commits in between). Never
    raises: the commit it follows went through, and the orphan sweep takes what stays."""
    try:
        bind = ended.get_bind()
        # On a connection already in a transaction (the tests' rolled-back session), a savepoint.
        with Session(bind, join_transaction_mode="create_savepoint") as fresh:
            for (key, upload_dir), seen in due.items():
                path = path_for(key, upload_dir)
                if is_referenced(key, session=fresh) or _mtime_ns(path) != seen.mtime_ns:
                    continue
                path.unlink(missing_ok=True)
            fresh.commit()
    except Exception:
        logger.exception("could not remove %d unreferenced stored files; the orphan sweep will", len(due))

"""The PDF check server: one per app process, one forked child per file under the same
limits as a fresh process, restarted when it dies, and much cheaper than starting a
checker process for each file."""

from __future__ import annotations

import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest

from careers_app.devtools import pdfs
from careers_app.devtools.pdfs import make_resume, pdf_of_size
from careers_app.services.candidates import documents, pdf_worker
from careers_app.services.candidates.check_slots import CheckSlots, slots_for
from careers_app.settings import PROJECT_ROOT


def _limits(pid: int) -> dict[str, str]:
    lines = Path(f"/proc/{pid}/limits").read_text().splitlines()[1:]
    return {line[:26].strip(): line[26:].split()[0] for line in lines}


def _server(slots: CheckSlots) -> psutil.Process:
    documents.check_pdf(make_resume("Server", "Start", ["x"]), slots=slots)
    pid = documents.checker_pid()
    assert pid is not None
    return psutil.Process(pid)


def _limits_once_set(pid: int) -> dict[str, str]:
    """A new child shows up before it has set its limits: wait until it has."""
    deadline = time.monotonic() + 10
    while True:
        limits = _limits(pid)
        if limits["Max cpu time"] != "unlimited" or time.monotonic() > deadline:
            return limits
        time.sleep(0.01)


def test_each_file_is_checked_in_its_own_child_under_the_limits(tmp_path: Path) -> None:
    """A child that has not got its whole file yet waits: its limits can be read, and it is
    a child of the server, not the server itself."""
    server = _server(slots_for(tmp_path))
    path = server.cmdline()[-2]
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    conn.connect(path)
    try:
        conn.sendall(make_resume("Limits", "Engineer", ["Kafka"]))  # no end of input yet
        deadline = time.monotonic() + 10
        while not server.children():
            assert time.monotonic() < deadline
            time.sleep(0.01)
        (child,) = server.children()
        limits = _limits_once_set(child.pid)
        assert limits["Max cpu time"] == "2" and limits["Max address space"] == str(768 * 1024 * 1024)
        assert limits["Max core file size"] == "0"  # SIGXCPU would otherwise dump core
        assert _limits(server.pid)["Max cpu time"] == "unlimited"  # the server itself reads no file
        conn.shutdown(socket.SHUT_WR)
        reply = b""
        while chunk := conn.recv(65536):
            reply += chunk
    finally:
        conn.close()
    assert reply.startswith(pdf_worker.STARTED)
    verdict = json.loads(reply[1:])
    assert verdict["ok"] and verdict["pages"] == 1 and "Kafka" in verdict["text"]
    gone, _alive = psutil.wait_procs([child], timeout=10)
    assert gone  # the child checked that one file and ended


def test_a_child_that_never_gets_its_whole_file_ends_itself(tmp_path: Path) -> None:
    """The wall-clock alarm: a connection that sends part of a file and then nothing."""
    server = _server(slots_for(tmp_path))
    deadline = time.monotonic() + 10
    while server.children():  # nothing of the server's start is still running
        assert time.monotonic() < deadline
        time.sleep(0.01)
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    conn.connect(server.cmdline()[-2])
    try:
        conn.sendall(b"%PDF-1.4\n")
        children: list[psutil.Process] = []
        while not children:  # one read: a child seen once may not be listed a moment later
            assert time.monotonic() < deadline + 10
            children = server.children()
            time.sleep(0.01)
        (child,) = children
        started = time.monotonic()
        gone, _alive = psutil.wait_procs([child], timeout=pdf_worker.WALL_SECONDS + 5)
        assert gone, "the child waited past its wall-clock limit"
        assert time.monotonic() - started <= pdf_worker.WALL_SECONDS + 1
    finally:
        conn.close()


def test_a_server_whose_socket_is_gone_is_replaced(tmp_path: Path) -> None:
    slots = slots_for(tmp_path)
    first = _server(slots)
    os.unlink(first.cmdline()[-2])  # alive, but nobody can reach it
    checked = documents.check_pdf(make_resume("New", "Socket", ["Go"]), slots=slots)
    assert "Go" in checked.text
    assert documents.checker_pid() not in (None, first.pid)
    assert psutil.wait_procs([first], timeout=10)[0]  # the unreachable one was stopped


def test_a_killed_server_is_replaced_and_checks_go_on(tmp_path: Path) -> None:
    slots = slots_for(tmp_path)
    first = _server(slots)
    first.send_signal(signal.SIGKILL)
    first.wait(10)
    checked = documents.check_pdf(make_resume("After", "Restart", ["Spark"]), slots=slots)
    assert checked.page_count == 1 and "Spark" in checked.text
    assert documents.checker_pid() not in (None, first.pid)


def test_the_server_ends_when_the_process_that_started_it_ends(tmp_path: Path) -> None:
    code = (
        "from pathlib import Path\n"
        "from careers_app.services.candidates import documents\n"
        "from careers_app.services.candidates.check_slots import slots_for\n"
        "from careers_app.devtools.pdfs import make_resume\n"
        f"documents.check_pdf(make_resume('A', 'B', ['C']), slots=slots_for(Path({str(tmp_path)!r})))\n"
        "print(documents.checker_pid(), flush=True)\n"
        "import time; time.sleep(60)\n"
    )
    app = subprocess.Popen(
        [sys.executable, "-c", code], cwd=PROJECT_ROOT, stdout=subprocess.PIPE, text=True
    )
    assert app.stdout is not None
    server = psutil.Process(int(app.stdout.readline()))
    app.send_signal(signal.SIGKILL)  # no atexit: the server must notice by itself
    app.wait(10)
    server.wait(10)  # raises TimeoutExpired if it stayed


def test_a_hostile_file_cannot_reach_the_next_one(tmp_path: Path) -> None:
    """A file that runs into the CPU limit and a resume at once: each in its own child; the
    resume is read, the hostile one refused, and the server that forked both goes on."""
    slots = CheckSlots(tmp_path / "slots", count=2, wait_seconds=30)
    server = _server(slots)
    results: dict[str, object] = {}
    done_at: dict[str, float] = {}

    def check(name: str, data: bytes) -> None:
        try:
            results[name] = documents.check_pdf(data, slots=slots)
        except documents.DocumentRejected as error:
            results[name] = error.code
        done_at[name] = time.monotonic()

    threads = [
        threading.Thread(target=check, args=("hostile", pdfs.make_form_heavy_pdf())),
        threading.Thread(target=check, args=("resume", make_resume("Kept", "Apart", ["Rust"]))),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results["hostile"] == "too_complex"
    resume = results["resume"]
    assert isinstance(resume, documents.CheckedPdf) and "Rust" in resume.text and "Apart" in resume.text
    # Read while the hostile one was still burning its CPU-seconds: not queued behind it.
    assert done_at["resume"] < done_at["hostile"] - 1.0, done_at
    # The CPU limit ended the hostile child, not the server that forked both.
    assert documents.checker_pid() == server.pid


def test_served_checks_are_much_faster_than_a_new_process_per_file(tmp_path: Path) -> None:
    """A ratio, not a time: a fork against an interpreter start and pypdf's import."""
    runs = 5
    slots = slots_for(tmp_path)
    pdf = pdf_of_size(1_040_000)
    _server(slots)
    served, cold = [], []
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(PROJECT_ROOT)}
    for _ in range(runs):
        started = time.perf_counter()
        documents.check_pdf(pdf, slots=slots)
        served.append(time.perf_counter() - started)
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "careers_app.services.candidates.pdf_worker"],
            input=pdf,
            capture_output=True,
            check=True,
            cwd=PROJECT_ROOT,
            env=env,
        )
        cold.append(time.perf_counter() - started)
    assert statistics.median(served) * 3 < statistics.median(cold), (served, cold)


def test_who_is_to_blame_when_no_verdict_comes() -> None:
    """No start mark: the child never ran (the server's doing, "busy", not counted against the
    person); a start mark and no verdict: a limit stopped it (the file's doing)."""
    for reply, code in ((b"", "busy"), (pdf_worker.STARTED, "too_complex"), (b"+[1]", "too_complex")):
        with pytest.raises(documents.DocumentRejected) as refused:
            documents._verdict(reply)
        assert refused.value.code == code, reply
    assert documents._verdict(b'+{"ok": true, "pages": 1}') == {"ok": True, "pages": 1}

"""Reads one PDF from stdin and prints a JSON verdict. Runs in its own process.

pypdf has had advisories for infinite loops and memory exhaustion on crafted files, so
this process limits its own CPU time and address space before parsing; the parent
adds a wall-clock timeout and kills it if needed.

Text extraction costs roughly 3 microseconds per byte of page content in the worst
case (short text operators), whatever the file size: ten pages of a few megabytes of
``() Tj`` compress to 200 KB and used to take 8 CPU-seconds. So text is extracted
only while the pages' decompressed content fits a budget; past it the file is still
accepted and its text is simply shorter. The CPU limit stays as the backstop for work
the budget does not see (fonts, form objects).

The app runs it as a check server (``--serve PATH``, see serve and documents.CheckServer):
one file per forked child. Without arguments it checks one file from stdin and exits.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import resource
import signal
import socket
import sys
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pypdf import PdfReader

# A one-page resume takes a few CPU-milliseconds in a forked child (a fresh process adds
# ~0.1 s of interpreter start and import), a 36-page LaTeX manual ~0.5 s and the budgeted
# worst case ~0.5 s: 2 s leaves room for a slower machine and still caps the cost of any file.
CPU_SECONDS = 2
MEMORY_BYTES = 768 * 1024 * 1024
MAX_TEXT = 100_000
MAX_TEXT_PAGES = 50
# Decompressed page content read for text: a dense resume page is 5-50 KB, so this is
# a few pages of ordinary text and at most ~0.5 CPU-second of hostile operators. (It was
# 256 KiB, ~1 s alone; with the machine's other cores busy that page took 1.6-1.8 s, near
# enough the 2 s limit for a file that fills the budget to be refused as too complex.)
TEXT_CONTENT_BUDGET = 128 * 1024
STREAM_LIMIT = 8 * 1024 * 1024  # decompressed bytes per stream
WALL_SECONDS = 5  # a forked check ends itself after this long, whatever it waits for
MAX_INPUT = 1024 * 1024  # documents.MAX_BYTES: the caller never sends more
STARTED = b"+"  # a forked child's first byte: it runs, under its limits


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS + 1))
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    # SIGXCPU (the CPU limit) dumps core by default: never a core file per hostile upload.
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def inspect(data: bytes) -> dict[str, object]:
    if not data:
        return {"ok": False, "code": "empty"}
    if b"%PDF-" not in data[:1024]:
        return {"ok": False, "code": "not_pdf"}
    if b"%%EOF" not in data[-2048:]:
        return {"ok": False, "code": "damaged"}

    from pypdf import PdfReader
    from pypdf._configuration import overwrite_configuration
    from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError

    overwrite_configuration(
        zlib_maximum_output_length=STREAM_LIMIT,
        lzw_maximum_output_length=STREAM_LIMIT,
        run_length_maximum_output_length=STREAM_LIMIT,
        array_based_stream_maximum_output_length=STREAM_LIMIT,
        maximum_declared_stream_length=STREAM_LIMIT,
    )
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    return {"ok": False, "code": "encrypted"}
            except (DependencyError, FileNotDecryptedError, NotImplementedError):
                return {"ok": False, "code": "encrypted"}
        pages = len(reader.pages)
        if pages == 0:
            return {"ok": False, "code": "no_pages"}
        text = _extract_text(reader)
        return {"ok": True, "pages": pages, "text": text}
    except LimitReachedError:
        return {"ok": False, "code": "too_complex"}
    except (FileNotDecryptedError, DependencyError):
        return {"ok": False, "code": "encrypted"}
    except MemoryError:
        return {"ok": False, "code": "too_complex"}
    except Exception:
        return {"ok": False, "code": "damaged"}


def _extract_text(reader: PdfReader) -> str:
    """Text of the first pages whose content fits the budget, at most MAX_TEXT characters.

    Each page's content is measured (decompressed, which is cheap and capped per stream)
    before the costly extraction; the first page that would overspend ends the text.
    """
    parts: list[str] = []
    chars = 0
    content = 0
    for page in reader.pages[:MAX_TEXT_PAGES]:
        stream = page.get_contents()
        content += len(stream.get_data()) if stream is not None else 0
        if content > TEXT_CONTENT_BUDGET:
            break
        text = page.extract_text() or ""
        parts.append(text)
        chars += len(text)
        if chars >= MAX_TEXT:
            break
    text = "\n".join(parts)[:MAX_TEXT].replace("\x00", "")
    # A font's ToUnicode map can yield lone surrogates, which no database accepts as text.
    return text.encode("utf-8", "replace").decode("utf-8")


def _check_connection(conn: socket.socket) -> None:
    """In a forked child: one file from the connection, its verdict back, under the limits.

    The child starts with no CPU time used (the import was the parent's), so the CPU
    limit counts this file's work alone; an alarm ends it if it ever waits too long."""
    signal.signal(signal.SIGALRM, signal.SIG_DFL)
    signal.alarm(WALL_SECONDS)
    _limit()
    conn.sendall(STARTED)  # from here on, a reply that ends without a verdict means a limit hit
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = conn.recv(65536)
        if not chunk:
            break
        size += len(chunk)
        if size > MAX_INPUT:
            conn.sendall(json.dumps({"ok": False, "code": "too_large"}).encode())
            return
        chunks.append(chunk)
    conn.sendall(json.dumps(inspect(b"".join(chunks))).encode())


def _reap(_signum: int = 0, _frame: object = None) -> None:
    """Wait for finished children, so their CPU time is counted in this process's
    children times (what the benchmarks and tests read) and no zombie stays."""
    while True:
        try:
            pid, _status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def serve(path: str, parent: int) -> None:
    """The check server: imports pypdf once, then forks one child per file.

    Each file is still parsed in a process of its own under the CPU, memory and wall-clock
    limits, but the fork (a few milliseconds) replaces an interpreter start and pypdf's
    import (~100 CPU-milliseconds, most of what a check used to cost). The server itself
    never reads a file, so no child sees another file's bytes. It ends when ``parent``
    (the app worker that started it, passed in: it may be gone before this runs) is gone.
    The socket appears under ``path`` only once it listens (bound under another name, then
    renamed), so a client never finds a path that refuses connections at startup.
    """
    inspect(_WARM_UP_PDF)  # pypdf imports some modules on first use: do it once, here
    signal.signal(signal.SIGCHLD, _reap)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path + ".new")
    listener.listen(64)
    os.rename(path + ".new", path)
    listener.settimeout(1.0)
    try:
        while os.getppid() == parent:
            try:
                conn, _addr = listener.accept()
            except TimeoutError:
                _reap()
                continue
            except OSError:  # e.g. out of file descriptors for a moment: never die of it
                time.sleep(0.05)
                continue
            try:
                pid = os.fork()
            except OSError:  # no process to spare: the client hears "busy" (no start mark)
                conn.close()
                continue
            if pid == 0:  # the child: one file, then exit without running the server's cleanup
                code = 0
                try:
                    listener.close()
                    conn.settimeout(None)
                    _check_connection(conn)
                except BaseException:
                    code = 1
                finally:
                    os._exit(code)
            conn.close()
    finally:
        listener.close()
        with contextlib.suppress(OSError):
            os.unlink(path)
            os.rmdir(os.path.dirname(path))




def assemble_pdf(objects: list[bytes]) -> bytes:
    """A PDF of these numbered objects (1 = the catalog), with its cross-reference table.

    The check server's warm-up file is built with it, and so are the test files
    (devtools/pdfs.py): services never import test tools.
    """
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


_WARM_CONTENT = b"BT /F1 12 Tf 72 720 Td (Warm) Tj ET"
_WARM_UP_PDF = assemble_pdf(
    [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R "
        b"/Resources << /Font << /F1 3 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(_WARM_CONTENT), _WARM_CONTENT),
    ]
)


def main() -> None:
    if sys.argv[1:2] == ["--serve"]:
        serve(sys.argv[2], int(sys.argv[3]))
        return
    _limit()
    data = sys.stdin.buffer.read()
    sys.stdout.write(json.dumps(inspect(data)))


if __name__ == "__main__":
    main()

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
"""

from __future__ import annotations

import io
import json
import resource
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pypdf import PdfReader

# A one-page resume takes ~0.12 CPU-seconds (mostly interpreter start and import), a
# 36-page LaTeX manual ~0.6 s and the budgeted worst case ~1 s: 2 s leaves room for a
# slower machine and still caps the cost of any file.
CPU_SECONDS = 2
MEMORY_BYTES = 768 * 1024 * 1024
MAX_TEXT = 100_000
MAX_TEXT_PAGES = 50
# Decompressed page content read for text: a dense resume page is 5-50 KB, so this is
# several pages of ordinary text and at most ~1 CPU-second of hostile operators.
TEXT_CONTENT_BUDGET = 256 * 1024
STREAM_LIMIT = 8 * 1024 * 1024  # decompressed bytes per stream


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS + 1))
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))


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
    return "\n".join(parts)[:MAX_TEXT].replace("\x00", "")


def main() -> None:
    if "--warm" in sys.argv[1:]:
        # A spare started ahead of need (documents.check_pdf): the interpreter start and
        # pypdf's import, most of a check's cost, happen before the file arrives. The
        # limits are the same and count the import too; one process checks one file.
        import pypdf  # noqa: F401
    _limit()
    data = sys.stdin.buffer.read()
    sys.stdout.write(json.dumps(inspect(data)))


if __name__ == "__main__":
    main()

"""Reads one PDF from stdin and prints a JSON verdict. Runs in its own process.

pypdf has had advisories for infinite loops and memory exhaustion on crafted files, so
this process limits its own CPU time and address space before parsing; the parent
adds a wall-clock timeout and kills it if needed.
"""

from __future__ import annotations

import io
import json
import resource
import sys

CPU_SECONDS = 8
MEMORY_BYTES = 768 * 1024 * 1024
MAX_TEXT = 100_000
MAX_TEXT_PAGES = 50
STREAM_LIMIT = 20 * 1024 * 1024  # decompressed bytes per stream


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
        parts: list[str] = []
        size = 0
        for page in reader.pages[:MAX_TEXT_PAGES]:
            text = page.extract_text() or ""
            parts.append(text)
            size += len(text)
            if size >= MAX_TEXT:
                break
        text = "\n".join(parts)[:MAX_TEXT].replace("\x00", "")
        return {"ok": True, "pages": pages, "text": text}
    except LimitReachedError:
        return {"ok": False, "code": "too_complex"}
    except (FileNotDecryptedError, DependencyError):
        return {"ok": False, "code": "encrypted"}
    except MemoryError:
        return {"ok": False, "code": "too_complex"}
    except Exception:
        return {"ok": False, "code": "damaged"}


def main() -> None:
    _limit()
    data = sys.stdin.buffer.read()
    sys.stdout.write(json.dumps(inspect(data)))


if __name__ == "__main__":
    main()

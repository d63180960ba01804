"""PDF checks on files the tests make themselves, and storage by content hash."""

from __future__ import annotations

import hashlib
import stat
import time
from pathlib import Path

import pytest

from careers_app.devtools.pdfs import (
    PNG_BYTES,
    docx_like_bytes,
    make_encrypted_pdf,
    make_pdf,
    make_zero_page_pdf,
    pdf_of_size,
)
from careers_app.services.candidates.documents import (
    MAX_BYTES,
    DocumentRejected,
    check_pdf,
    format_size,
    safe_display_name,
    store,
    too_large_message,
)


def test_one_page_pdf_is_accepted_with_text_and_hash() -> None:
    data = make_pdf([["Ada Lovelace", "Analytical engines and Spark"]])
    checked = check_pdf(data)
    assert checked.page_count == 1
    assert "Analytical engines and Spark" in checked.text
    assert checked.sha256 == hashlib.sha256(data).hexdigest()
    assert checked.size_bytes == len(data)


def test_multi_page_pdf_counts_pages() -> None:
    checked = check_pdf(make_pdf([["one"], ["two"], ["three"], ["four"]]))
    assert checked.page_count == 4
    assert "three" in checked.text


def test_one_megabyte_is_1048576_bytes_both_sides_of_the_boundary() -> None:
    assert MAX_BYTES == 1_048_576
    assert check_pdf(pdf_of_size(MAX_BYTES)).size_bytes == MAX_BYTES
    with pytest.raises(DocumentRejected) as rejected:
        check_pdf(pdf_of_size(MAX_BYTES + 1))
    assert rejected.value.code == "too_large"
    assert str(rejected.value) == "File is larger than 1 MB (it is 1.00 MB)."


def test_size_message_reads_like_the_spec() -> None:
    assert too_large_message(int(3.4 * MAX_BYTES)) == "File is larger than 1 MB (it is 3.4 MB)."
    assert format_size(500) == "500 bytes" and format_size(300 * 1024) == "300 KB"


@pytest.mark.parametrize(
    ("data", "code", "words"),
    [
        (b"", "empty", "empty"),
        (PNG_BYTES, "not_pdf", "not a PDF"),
        (docx_like_bytes(), "not_pdf", "not a PDF"),
        (make_pdf([["line"] * 40])[:400], "damaged", "damaged or incomplete"),
        (make_encrypted_pdf(), "encrypted", "password-protected"),
        (make_zero_page_pdf(), "no_pages", "no pages"),
        (b"%PDF-1.4\n garbage garbage\n%%EOF\n", "damaged", "damaged"),
    ],
)
def test_bad_files_are_refused_each_with_its_own_message(data: bytes, code: str, words: str) -> None:
    with pytest.raises(DocumentRejected) as rejected:
        check_pdf(data)
    assert rejected.value.code == code
    assert words in str(rejected.value)


def test_compression_bomb_is_refused_quickly_and_safely() -> None:
    bomb = make_pdf([["boom"]], bomb_bytes=300 * 1024 * 1024)  # 300 MB of content in ~300 KB
    assert len(bomb) < MAX_BYTES
    started = time.monotonic()
    with pytest.raises(DocumentRejected) as rejected:
        check_pdf(bomb)
    assert rejected.value.code == "too_complex"
    assert time.monotonic() - started < 10


def test_display_names_are_sanitised() -> None:
    assert safe_display_name("../../etc/passwd") == "passwd"
    assert safe_display_name("C:\\Users\\me\\CV final.pdf") == "CV final.pdf"
    assert safe_display_name("cv\x00\u202e.pdf") == "cv.pdf"
    assert safe_display_name("") == "document.pdf"
    assert len(safe_display_name("a" * 500 + ".pdf")) <= 120


def test_files_are_stored_by_hash_privately_and_once(tmp_path: Path) -> None:
    data = make_pdf([["stored"]])
    digest = hashlib.sha256(data).hexdigest()
    key = store(data, digest, tmp_path)
    assert key == f"{digest[:2]}/{digest}.pdf"
    path = tmp_path / key
    assert path.read_bytes() == data
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert store(data, digest, tmp_path) == key
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == [f"{digest}.pdf"]
    with pytest.raises(ValueError, match="not a sha256 hex digest"):
        store(data, "../../evil", tmp_path)

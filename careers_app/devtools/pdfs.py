"""Builds PDFs from scratch (no downloads): real ones with text, and hostile ones for tests."""

from __future__ import annotations

import io
import zlib

from careers_app.services.candidates.pdf_worker import assemble_pdf


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


_assemble = assemble_pdf  # the app's own writer (services/candidates/pdf_worker.py), one for both


def _stream(content: bytes, *, compress: bool = False) -> bytes:
    if compress:
        data = zlib.compress(content, 9)
        return f"<< /Length {len(data)} /Filter /FlateDecode >>\nstream\n".encode() + data + b"\nendstream"
    return f"<< /Length {len(content)} >>\nstream\n".encode() + content + b"\nendstream"


def make_pdf(pages: list[list[str]] | None = None, *, padding: int = 0, bomb_bytes: int = 0) -> bytes:
    """A PDF whose pages show the given lines in Helvetica.

    padding adds an unreferenced stream of that many bytes (to reach a file size);
    bomb_bytes makes the first page's content a Flate stream that expands to that size.
    """
    pages = pages or [["Hello"]]
    objects: list[bytes] = []
    n = len(pages)
    # 1 catalog, 2 pages, 3 font, then per page: page object, content stream.
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(n))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    for i, lines in enumerate(pages):
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {5 + 2 * i} 0 R "
            "/Resources << /Font << /F1 3 0 R >> >> >>".encode()
        )
        ops = ["BT", "/F1 12 Tf", "14 TL", "72 720 Td"]
        for line in lines:
            ops.append(f"({_escape(line)}) Tj T*")
        ops.append("ET")
        content = "\n".join(ops).encode("cp1252", "replace")
        if i == 0 and bomb_bytes:
            objects.append(_stream(content + b"\n" + b" " * bomb_bytes, compress=True))
        else:
            objects.append(_stream(content))
    if padding:
        objects.append(_stream(b"%" * padding))
    return _assemble(objects)


def make_text_heavy_pdf(pages: int = 10, content_bytes: int = 8_000_000) -> bytes:
    """The costly-to-read file: small on disk, megabytes of text operators per page.

    Each page's content stream repeats an empty text object (``BT ... () Tj ET``) to
    ``content_bytes`` and is Flate-compressed about 400:1, so ten pages make a ~200 KB
    upload that used to keep the checker busy until its CPU limit. Every stream stays
    under the per-stream decompression cap: only the amount of text work is hostile.
    """
    unit = b"BT /F1 12 Tf 72 720 Td () Tj ET\n"
    content = unit * max(1, content_bytes // len(unit))
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(pages))
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    stream = _stream(content, compress=True)
    for i in range(pages):
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {5 + 2 * i} 0 R "
            "/Resources << /Font << /F1 3 0 R >> >> >>".encode()
        )
        objects.append(stream)
    return _assemble(objects)


def make_form_heavy_pdf() -> bytes:
    """A tiny page that draws a big form object thousands of times: work the text budget
    cannot see, which only the checker's CPU limit stops."""
    form = zlib.compress(b"()'\n" * 50_000, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R "
        b"/Resources << /Font << /F1 3 0 R >> /XObject << /X1 6 0 R >> >> >>",
        _stream(b"/X1 Do\n" * 2000, compress=True),
        f"<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> "
        f"/Length {len(form)} /Filter /FlateDecode >>\nstream\n".encode()
        + form
        + b"\nendstream",
    ]
    return _assemble(objects)


def make_resume(name: str, headline: str, lines: list[str]) -> bytes:
    """A one-page resume with real, extractable text."""
    return make_pdf([[name, headline, "", *lines]])


def make_zero_page_pdf() -> bytes:
    return _assemble([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])


def make_encrypted_pdf(password: str = "secret") -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf([["Secret page"]]))))
    writer.encrypt(user_password=password, owner_password=password + "-owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_of_size(size: int) -> bytes:
    """A valid one-page PDF of exactly ``size`` bytes (size must be > ~700)."""
    base = make_pdf([["Sized"]], padding=1)
    pad = size - len(base) + 1
    for _ in range(5):  # the digits of offsets change the length slightly; converge
        data = make_pdf([["Sized"]], padding=pad)
        if len(data) == size:
            return data
        pad += size - len(data)
    raise ValueError(f"could not build a PDF of {size} bytes")


PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)


def docx_like_bytes() -> bytes:
    """A zip archive such as a .docx is, renamed to .pdf by mistake."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document>Hello</w:document>")
    return out.getvalue()

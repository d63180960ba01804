"""The page CSP (hashes of the build's own inline scripts, no 'unsafe-inline' for scripts), the
document headers, and ids that no table can hold."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest

from careers_app.http.headers import content_disposition, inline_script_hashes, page_policy
from careers_app.routes import MAX_ROW_ID, row_id

PAGE = """<!DOCTYPE html><html><head>
<script>window.__ctx = {"a": 1};</script>
<script type="module" async="">import "/assets/manifest.js";</script>
<script src="/assets/app.js"></script>
<script type="application/ld+json">{"@type": "JobPosting"}</script>
</head><body><script id="_R_">requestAnimationFrame(function(){})</script></body></html>"""


def _sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_hashes_cover_exactly_the_inline_scripts_that_run() -> None:
    assert inline_script_hashes([PAGE, PAGE]) == sorted(
        {
            _sha('window.__ctx = {"a": 1};'),
            _sha('import "/assets/manifest.js";'),
            _sha("requestAnimationFrame(function(){})"),
        }
    )


def test_page_policy_is_tight() -> None:
    policy = page_policy([_sha("x")], ["https://jobs.example.com"])
    directives = {d.split()[0]: d.split()[1:] for d in policy.split("; ")}
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'", _sha("x"), "'unsafe-eval'"]
    assert directives["connect-src"] == ["'self'", "https://jobs.example.com", "wss://jobs.example.com"]
    assert directives["img-src"] == ["'self'", "data:", "blob:"]
    assert directives["object-src"] == ["'none'"]
    for name in ("base-uri", "frame-ancestors", "form-action"):
        assert directives[name] == ["'self'"]
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "*" not in policy
    local = page_policy([], ["http://localhost:3000", "http://127.0.0.1:3000"])
    assert "ws://localhost:3000" in local and "ws://127.0.0.1:3000" in local


@pytest.mark.parametrize(
    ("name", "ascii_name", "encoded"),
    [
        ("Zoë_Ní Bhriain_resume.pdf", "Zoe_Ni Bhriain_resume.pdf", "Zo%C3%AB_N%C3%AD%20Bhriain_resume.pdf"),
        ("简历.pdf", "document.pdf", "%E7%AE%80%E5%8E%86.pdf"),
        ("cv", "cv.pdf", "cv.pdf"),
        ("", "document.pdf", "document.pdf"),
        ("../../etc/passwd.pdf", "etc_passwd.pdf", ".._.._etc_passwd.pdf"),
    ],
)
def test_content_disposition_keeps_the_name_readable(name: str, ascii_name: str, encoded: str) -> None:
    assert content_disposition(name) == f"inline; filename=\"{ascii_name}\"; filename*=UTF-8''{encoded}"


@pytest.mark.parametrize(
    "name",
    [
        'evil".pdf',
        'cv.pdf"; filename="x.exe',
        "cv.pdf\r\nSet-Cookie: careers_session=stolen",
        "cv\n.pdf",
        'a\\b".pdf',
        "cv.pdf; filename*=UTF-8''x.exe",
        "\u202ecod.pdf",  # right-to-left override
    ],
)
def test_content_disposition_cannot_be_broken_out_of(name: str) -> None:
    header = content_disposition(name)
    assert header.isascii() and "\r" not in header and "\n" not in header
    match = re.fullmatch(
        r"inline; filename=\"([A-Za-z0-9._ ()-]+)\"; filename\*=UTF-8''([A-Za-z0-9%._~-]+)", header
    )
    assert match, header
    assert match.group(1).endswith(".pdf") and match.group(2).endswith(".pdf")


@pytest.mark.parametrize(
    ("name", "extension", "header"),
    [
        (
            "eeo-report.csv",
            ".csv",
            "attachment; filename=\"eeo-report.csv\"; filename*=UTF-8''eeo-report.csv",
        ),
        (
            "person-12-2026-12-07.zip",
            ".zip",
            "attachment; filename=\"person-12-2026-12-07.zip\"; filename*=UTF-8''person-12-2026-12-07.zip",
        ),
        ("cv.pdf", ".zip", "attachment; filename=\"cv.pdf.zip\"; filename*=UTF-8''cv.pdf.zip"),
    ],
)
def test_every_download_keeps_its_own_extension(name: str, extension: str, header: str) -> None:
    """Issue 18: the reports came as eeo-report.csv.pdf and the exports as person-….zip.pdf."""
    assert content_disposition(name, disposition="attachment", extension=extension) == header


@pytest.mark.parametrize(
    ("disposition", "extension"), [("inline", "csv"), ("inline", '.c"sv'), ("x", ".csv")]
)
def test_content_disposition_refuses_a_made_up_extension_or_disposition(
    disposition: str, extension: str
) -> None:
    with pytest.raises(ValueError, match="bad disposition"):
        content_disposition("report.csv", disposition=disposition, extension=extension)


@pytest.mark.parametrize("text", ["1", "42", str(MAX_ROW_ID)])
def test_row_ids_in_range(text: str) -> None:
    assert row_id(text) == int(text)


@pytest.mark.parametrize(
    "text",
    ["0", "-1", "", "01e3", "99999999999999999999999", str(MAX_ROW_ID + 1), "٣", "²", " 1", "1 ", None, 5],
)
def test_row_ids_out_of_range_or_malformed(text: object) -> None:
    assert row_id(text) is None

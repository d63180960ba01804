"""What every demo applicant is made of: the stages they pass, where they came from, and their
resume (generated text, a real PDF stored by hash, its extracted and blind-screening text).
Shared by demo/applicants.py and demo/impact.py."""

from __future__ import annotations

import hashlib
import io
import random
from pathlib import Path

from pypdf import PdfReader

from careers_app.demo.content import people
from careers_app.models import Application, Document
from careers_app.services.candidates.documents import store, text_sha256
from careers_app.services.visibility import blind_screening

FLOW = ("applied", "recruiter_screen", "phone_interview", "onsite", "offer", "hired")
# Where demo applications came from (services/applying/sources.py), with weights.
SOURCES = (("job board", 55), ("linkedin", 18), ("api", 12), ("indeed", 10), ("referral", 5))


def resume_text(rng: random.Random, name: str, title: str) -> tuple[str, list[str]]:
    content = people()
    skills = rng.sample(content.skills, 4)
    employer = rng.choice(content.employers)
    years = rng.randint(2, 14)
    lines = [
        f"{years} years of experience; most recently at {employer}.",
        f"Skills: {', '.join(skills)}.",
        f"Built data pipelines and models with {skills[0]} and {skills[1]}.",
        f"Led a team of {rng.randint(2, 9)} on a {skills[2]} migration.",
        "Education: BS in Computer Science.",
    ]
    return f"{name} - {title}", lines


def document(
    application: Application, email: str, kind: str, name: str, pdf: bytes, upload_dir: Path
) -> Document:
    """Store a generated PDF by hash and describe it with its real extracted text (and that
    text as blind screening shows it, as an application made through the form has it)."""
    digest = hashlib.sha256(pdf).hexdigest()
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return Document(
        application_id=application.id or 0,
        kind=kind,
        original_name=name,
        size_bytes=len(pdf),
        sha256=digest,
        page_count=len(reader.pages),
        text=text,
        text_sha256=text_sha256(text),
        redacted_text=blind_screening.redacted_text(application, email, kind, text),
        storage_key=store(pdf, digest, upload_dir),
    )

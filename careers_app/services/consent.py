"""Consent asked in the wizard's review step, and what is stored about it.

The words a person saw are stored with their answers and the time, so the record says
what was agreed to even after the text changes: change the text, change its id too.

Applications through the job board API (Greenhouse's format has no consent field) are
recorded with ``API_TEXT``: the integrating site is responsible for asking, and the
record says so rather than claiming the person ticked a box here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from careers_app.models.types import utcnow

TEXT_ID = "wizard-2026-11"
PROCESSING_FIELD = "consent_processing"
FUTURE_FIELD = "consent_future_openings"
PROCESSING_REQUIRED = (
    "Please agree to the processing of your data; we cannot consider an application without it."
)
API_TEXT_ID = "api-integrator-2026-11"
API_TEXT = (
    "Submitted through the job board API. The integrating site is responsible for telling the "
    "candidate how their data is used and for obtaining consent to processing; no consent was "
    "asked on this site."
)


def processing_text(company: str) -> str:
    return (
        f"I agree that {company} may store and use the information in this application (contact "
        "details, documents and answers) to consider me for this job, as described in the privacy "
        "notice. I can withdraw my application and ask for my data to be erased at any time."
    )


def future_text(company: str) -> str:
    return (
        f"Keep my details for future openings: {company} may keep my application after this job is "
        "filled and contact me about other jobs."
    )


def shown_text(company: str) -> str:
    """Both statements exactly as the review step shows them (stored with the answers)."""
    return f"[required] {processing_text(company)}\n[optional] {future_text(company)}"


@dataclass(frozen=True)
class Consent:
    """What is stored on an application: the text's id and words, the answers, the time."""

    text_id: str
    text: str
    processing: bool
    future_openings: bool
    at: datetime


def from_wizard(
    processing: object, future_openings: object, company: str, now: datetime | None = None
) -> Consent:
    """The answers as the wizard sent them (anything but True is "no")."""
    return Consent(
        text_id=TEXT_ID,
        text=shown_text(company),
        processing=processing is True,
        future_openings=future_openings is True,
        at=now or utcnow(),
    )


def from_api(now: datetime | None = None) -> Consent:
    return Consent(
        text_id=API_TEXT_ID, text=API_TEXT, processing=True, future_openings=False, at=now or utcnow()
    )

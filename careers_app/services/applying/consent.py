"""Consent asked in the wizard's review step, and what is stored about it.

The words a person saw are stored with their answers and the time, so the record says
what was agreed to even after the text changes: change the text, change its id too.

Applications through the job board API (Greenhouse's format has no consent field) are
recorded with ``API_TEXT``: the integrating site is responsible for asking, and the
record says so rather than claiming the person ticked a box here.

A Spanish wizard shows the catalog's Spanish of the same statements (docs/i18n.md) and
stores those words, under their own id (``text_id("es")``): the record is what the person read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from careers_app import i18n
from careers_app.i18n import N_
from careers_app.models.types import utcnow

TEXT_ID = "wizard-2026-11"  # the English words; another language's are TEXT_ID-<lang>
PROCESSING_FIELD = "consent_processing"
FUTURE_FIELD = "consent_future_openings"
PROCESSING_REQUIRED = N_(
    "Please agree to the processing of your data; we cannot consider an application without it."
)
API_TEXT_ID = "api-integrator-2026-11"
API_TEXT = (
    "Submitted through the job board API. The integrating site is responsible for telling the "
    "candidate how their data is used and for obtaining consent to processing; no consent was "
    "asked on this site."
)


# The statements as the review step shows them ({company}: the company's name), translated
# by the catalog; the page shows them with _() and the application stores them (shown_text).
PROCESSING_TEXT = N_(
    "I agree that {company} may store and use the information in this application (contact "
    "details, documents and answers) to consider me for this job, as described in the privacy "
    "notice. I can withdraw my application and ask for my data to be erased at any time."
)
FUTURE_TEXT = N_(
    "Keep my details for future openings: {company} may keep my application after this job is "
    "filled and contact me about other jobs."
)


def text_id(lang: str = i18n.DEFAULT) -> str:
    """The id of the words shown in ``lang`` ("wizard-2026-11", "wizard-2026-11-es")."""
    lang = i18n.supported(lang) or i18n.DEFAULT
    return TEXT_ID if lang == i18n.DEFAULT else f"{TEXT_ID}-{lang}"


def processing_text(company: str, lang: str = i18n.DEFAULT) -> str:
    return i18n.translate(lang, PROCESSING_TEXT).replace(i18n.COMPANY, company)


def future_text(company: str, lang: str = i18n.DEFAULT) -> str:
    return i18n.translate(lang, FUTURE_TEXT).replace(i18n.COMPANY, company)


def shown_text(company: str, lang: str = i18n.DEFAULT) -> str:
    """Both statements exactly as the review step shows them in ``lang`` (stored with the
    answers; the bracketed tags say which box each was, in every language)."""
    return f"[required] {processing_text(company, lang)}\n[optional] {future_text(company, lang)}"


@dataclass(frozen=True)
class Consent:
    """What is stored on an application: the text's id and words, the answers, the time."""

    text_id: str
    text: str
    processing: bool
    future_openings: bool
    at: datetime


def from_wizard(
    processing: object,
    future_openings: object,
    company: str,
    now: datetime | None = None,
    *,
    lang: str = i18n.DEFAULT,
) -> Consent:
    """The answers as the wizard sent them (anything but True is "no"), with the words the
    wizard showed in its language ``lang``."""
    return Consent(
        text_id=text_id(lang),
        text=shown_text(company, lang),
        processing=processing is True,
        future_openings=future_openings is True,
        at=now or utcnow(),
    )


def from_api(now: datetime | None = None) -> Consent:
    return Consent(
        text_id=API_TEXT_ID, text=API_TEXT, processing=True, future_openings=False, at=now or utcnow()
    )

"""A posting's hiring steps as candidates read them (posting page, first response, the
wizard's done screen), in the reader's language.

The steps are what a recruiter typed in the posting editor. Those that are one of the
standard names below (the pipeline's stages, and the seed's standard steps every demo
posting carries) are translated by the catalog; any other text stays exactly as typed,
even if it happens to match some other message of the catalog.
"""

from __future__ import annotations

from collections.abc import Iterable

from careers_app import i18n
from careers_app.i18n import N_

PROCESS_NAME = N_("Hiring process")  # the editor's default name for the steps
KNOWN: frozenset[str] = frozenset(
    {
        PROCESS_NAME,
        # The stages' names (services/platform/reference.py STAGES), as a recruiter may list them
        # ("Applied" is not a step to come; the catalog's "Applied" is the status page's date).
        N_("Recruiter screen"),
        N_("Phone interview"),
        N_("Onsite"),
        N_("Offer"),
        N_("Hired"),
        # The seed's standard steps (demo/json/postings.json "hiring_steps").
        N_(
            "Once your application is received, a recruiter will reach out pending your qualifications "
            "are a match for the role."
        ),
        N_(
            "If your background is a match, you may have 1-2 technical phone interviews or be given the "
            "chance to provide a work sample depending on the role."
        ),
        N_(
            "If the phone interviews go well or your work sample is strong, the final step includes "
            "interviews with 5-6 people held onsite in our office."
        ),
        N_(
            "If your background is a match, you will have one or two video conversations with the "
            "hiring manager and a future teammate."
        ),
        N_(
            "The final step is a half-day of conversations with 4-5 people, in our office or by video, "
            "including a short exercise drawn from the work you would do."
        ),
    }
)


def shown(text: str, lang: str) -> str:
    """One step (or the process's name) in ``lang`` if it is a standard one, else as typed."""
    return i18n.translate(lang, text) if text in KNOWN else text


def steps_in(steps: Iterable[str], lang: str) -> list[str]:
    return [shown(step, lang) for step in steps]

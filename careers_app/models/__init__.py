"""Every table is imported here so migrations and metadata see all of them."""

from careers_app.models.tables import (
    Application,
    ApplicationDraft,
    Candidate,
    Document,
    DraftDocument,
    EeoAnswer,
    Office,
    Outbox,
    Posting,
    StageEvent,
    Team,
)

__all__ = [
    "Application",
    "ApplicationDraft",
    "Candidate",
    "Document",
    "DraftDocument",
    "EeoAnswer",
    "Office",
    "Outbox",
    "Posting",
    "StageEvent",
    "Team",
]

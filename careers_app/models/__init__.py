"""Every table is imported here so migrations and metadata see all of them."""

from careers_app.models.tables import (
    Application,
    Candidate,
    Document,
    EeoAnswer,
    Office,
    Outbox,
    Posting,
    StageEvent,
    Team,
)

__all__ = [
    "Application",
    "Candidate",
    "Document",
    "EeoAnswer",
    "Office",
    "Outbox",
    "Posting",
    "StageEvent",
    "Team",
]

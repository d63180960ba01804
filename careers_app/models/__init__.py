"""Every table is imported here so migrations and metadata see all of them."""

from careers_app.models.api_keys import ApiCall, ApiKey
from careers_app.models.data_rights import AuditEntry, ScheduledRun
from careers_app.models.tables import (
    Application,
    ApplicationDraft,
    Candidate,
    Document,
    DraftDocument,
    EeoAnswer,
    Note,
    Office,
    Outbox,
    Posting,
    SignInAttempt,
    StageEvent,
    Team,
    UploadEvent,
    User,
    UserSession,
)

__all__ = [
    "ApiCall",
    "ApiKey",
    "Application",
    "AuditEntry",
    "ApplicationDraft",
    "Candidate",
    "Document",
    "DraftDocument",
    "EeoAnswer",
    "Note",
    "Office",
    "Outbox",
    "Posting",
    "ScheduledRun",
    "SignInAttempt",
    "StageEvent",
    "Team",
    "UploadEvent",
    "User",
    "UserSession",
]

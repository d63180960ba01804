"""Every table is imported here so migrations and metadata see all of them."""

from careers_app.models.api_keys import ApiCall, ApiKey
from careers_app.models.board_views import BoardView
from careers_app.models.candidate_access import StatusLink, StatusLinkRequest
from careers_app.models.data_rights import AuditEntry, ScheduledRun
from careers_app.models.eeo_snapshots import EeoQuarter, EeoQuarterCount
from careers_app.models.email import EmailTemplate, Interview, InterviewSlot
from careers_app.models.job_alerts import JobAlert, JobAlertRequest, JobAlertToken
from careers_app.models.scorecards import (
    BlindScreening,
    IdentityReveal,
    InterviewPlan,
    PlanInterview,
    Scorecard,
)
from careers_app.models.stages import BulkAction, PostingStage
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
    "ApplicationDraft",
    "AuditEntry",
    "BlindScreening",
    "BoardView",
    "BulkAction",
    "Candidate",
    "Document",
    "DraftDocument",
    "EeoAnswer",
    "EeoQuarter",
    "EeoQuarterCount",
    "EmailTemplate",
    "IdentityReveal",
    "Interview",
    "InterviewPlan",
    "InterviewSlot",
    "JobAlert",
    "JobAlertRequest",
    "JobAlertToken",
    "Note",
    "Office",
    "Outbox",
    "PlanInterview",
    "Posting",
    "PostingStage",
    "ScheduledRun",
    "Scorecard",
    "SignInAttempt",
    "StageEvent",
    "StatusLink",
    "StatusLinkRequest",
    "Team",
    "UploadEvent",
    "User",
    "UserSession",
]

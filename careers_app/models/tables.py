"""The database tables. Input shapes and public views live in services/, not here."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Column, Field, SQLModel

from careers_app.models.types import UTCDateTime, utcnow


def _ts(*, nullable: bool = False, index: bool = False) -> Column:
    return Column(UTCDateTime(), nullable=nullable, index=index)


class Team(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=80, unique=True)
    name: str = Field(max_length=120)


class Office(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=80, unique=True)
    name: str = Field(max_length=120)  # "San Francisco, CA"
    city: str = Field(max_length=120)
    region: str = Field(default="", max_length=120)
    country_code: str = Field(max_length=2)  # ISO 3166-1 alpha-2, for JSON-LD
    # For the JSON-LD PostalAddress and the job feed; "" when not known (never guessed).
    street_address: str = Field(
        default="", sa_column=Column(sa.String(200), nullable=False, server_default="")
    )
    postal_code: str = Field(default="", sa_column=Column(sa.String(20), nullable=False, server_default=""))


class Posting(SQLModel, table=True):
    __table_args__ = (sa.Index("ix_posting_status_published", "status", "published_at"),)

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=160, unique=True)
    title: str = Field(max_length=200)
    team_id: int = Field(foreign_key="team.id", index=True)
    office_id: int = Field(foreign_key="office.id", index=True)
    employment_type: str = Field(default="FULL_TIME", max_length=20)
    status: str = Field(default="draft", max_length=10)  # draft | open | closed
    published_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    who_we_are: str = Field(default="", sa_column=Column(sa.Text, nullable=False))
    what_youll_do: str = Field(default="", sa_column=Column(sa.Text, nullable=False))
    who_you_are: str = Field(default="", sa_column=Column(sa.Text, nullable=False))
    requirements: str = Field(default="", sa_column=Column(sa.Text, nullable=False))
    desired: str = Field(default="", sa_column=Column(sa.Text, nullable=False))
    process_name: str = Field(default="Hiring process", max_length=120)
    hiring_steps: list[str] = Field(default_factory=list, sa_column=Column(sa.JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    # Pay range in minor units (cents), shown on the page and in JSON-LD; both or neither.
    pay_min_cents: int | None = Field(default=None)
    pay_max_cents: int | None = Field(default=None)
    pay_currency: str = Field(default="", max_length=3)  # ISO 4217, e.g. USD
    pay_unit: str = Field(default="", max_length=5)  # HOUR | DAY | WEEK | MONTH | YEAR
    # After this instant the posting is closed everywhere, whatever its status says.
    closes_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    remote: bool = Field(default=False)  # fully remote, within the office's country
    # The posting's Spanish version (careers_app/i18n.py), shown to Spanish readers when
    # there is a title: body in the editor's Markdown, "## " lines starting its sections.
    title_es: str = Field(default="", sa_column=Column(sa.String(200), nullable=False, server_default=""))
    body_es: str = Field(default="", sa_column=Column(sa.Text, nullable=False, server_default=""))


class Candidate(SQLModel, table=True):
    """A person. One candidate may apply to many postings."""

    id: int | None = Field(default=None, primary_key=True)
    first_name: str = Field(max_length=100)
    last_name: str = Field(max_length=100)
    email: str = Field(max_length=254, unique=True)  # normalised (lower-cased domain)
    phone_e164: str = Field(max_length=20)
    address: str = Field(default="", max_length=200)
    city: str = Field(default="", max_length=100)
    state: str = Field(default="", max_length=100)
    country: str = Field(max_length=100)
    zip_code: str = Field(default="", max_length=20)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class Application(SQLModel, table=True):
    __table_args__ = (
        sa.UniqueConstraint("candidate_id", "posting_id", name="uq_application_candidate_posting"),
        sa.Index("ix_application_posting_stage", "posting_id", "stage", "submitted_at"),
        # The board's longest-waiting order, one keyset page per column (migration 0014).
        sa.Index("ix_application_posting_stage_changed", "posting_id", "stage", "stage_changed_at", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    candidate_id: int = Field(foreign_key="candidate.id", index=True)
    posting_id: int = Field(foreign_key="posting.id")
    stage: str = Field(default="applied", max_length=30)
    rejection_reason: str = Field(default="", max_length=60)
    source: str = Field(default="unknown", max_length=60)  # services/applying/sources.py
    # The language the person applied in: their emails and status page speak it (i18n.py).
    language: str = Field(default="en", sa_column=Column(sa.String(5), nullable=False, server_default="en"))
    submitted_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    stage_changed_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    version: int = Field(default=1)  # bumped on every change: optimistic concurrency
    # What the submitter entered, kept per application: anyone can type anyone's email,
    # so these never come from (or change) the shared candidate row.
    first_name: str = Field(default="", max_length=100)
    last_name: str = Field(default="", max_length=100)
    phone_e164: str = Field(default="", max_length=20)
    address: str = Field(default="", max_length=200)
    city: str = Field(default="", max_length=100)
    state: str = Field(default="", max_length=100)
    country: str = Field(default="", max_length=100)
    zip_code: str = Field(default="", max_length=20)
    # Consent as asked in the wizard's review step (services/applying/consent.py): which text was
    # shown (id and the exact words), the answers, and when. API applications record the
    # integrating site's consent text instead.
    consent_text_id: str = Field(default="", max_length=40)
    consent_text: str = Field(default="", sa_column=Column(sa.Text, nullable=False, server_default=""))
    consent_processing: bool = Field(default=False)
    consent_future_openings: bool = Field(default=False)
    consent_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    # Optional links given on the documents step (validation.validate_link: http(s) only), or
    # found in the resume and confirmed (migration 0023). Identity: hidden like the name.
    linkedin: str = Field(default="", sa_column=Column(sa.String(200), nullable=False, server_default=""))
    github: str = Field(default="", sa_column=Column(sa.String(200), nullable=False, server_default=""))
    website: str = Field(default="", sa_column=Column(sa.String(200), nullable=False, server_default=""))
    # The hash of the wizard draft this was submitted from (migration 0022): a browser whose
    # submit answer was lost after the COMMIT is told it applied, and nothing is sent twice.
    draft_token_hash: str | None = Field(default=None, max_length=64, index=True)


class Document(SQLModel, table=True):
    __table_args__ = (sa.UniqueConstraint("application_id", "kind", name="uq_document_kind"),)

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="application.id", index=True)
    kind: str = Field(max_length=20)  # resume | cover_letter
    original_name: str = Field(max_length=255)
    size_bytes: int
    sha256: str = Field(max_length=64, index=True)
    page_count: int
    text: str = Field(default="", sa_column=Column(sa.Text, nullable=False))
    # SHA-256 of the text normalised (services/candidates/documents.py ``text_sha256``, migration
    # 0026): resumes with the same words are the same person to blind screening, whatever their
    # bytes. NULL when the text is empty (never linked).
    text_sha256: str | None = Field(default=None, max_length=64, index=True)
    # A resume's text as blind screening shows it (services/visibility/redaction.py), computed once when
    # the application is made: what the hiring team reads and searches while it is hidden.
    # "" for other documents (not shown while hidden).
    redacted_text: str = Field(default="", sa_column=Column(sa.Text, nullable=False, server_default=""))
    storage_key: str = Field(max_length=200, index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class StageEvent(SQLModel, table=True):
    __table_args__ = (sa.Index("ix_stage_event_application_at", "application_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="application.id")
    from_stage: str | None = Field(default=None, max_length=30)
    to_stage: str = Field(max_length=30)
    actor: str = Field(default="system", max_length=120)
    reason: str = Field(default="", max_length=60)
    at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class EeoAnswer(SQLModel, table=True):
    """Voluntary self-identification. Never joined by any recruiter-facing query.

    It keeps the posting (for aggregate reports) and the application (so the answers go
    when the application is erased), nothing about the person.
    """

    __tablename__ = "eeo_answer"

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="application.id", unique=True)
    posting_id: int = Field(foreign_key="posting.id", index=True)
    gender: str = Field(default="", max_length=80)
    race_ethnicity: str = Field(default="", max_length=80)
    veteran_status: str = Field(default="", max_length=80)
    gender_identity: str = Field(default="", max_length=80)
    sexual_orientation: str = Field(default="", max_length=80)
    veteran_branch: str = Field(default="", max_length=80)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class Outbox(SQLModel, table=True):
    """Emails to send, written in the same transaction as what they tell about.

    The app's sender (services/mail/outbox.py) claims due rows with a lease, so each is sent
    by one worker at a time, and keeps its Message-ID across retries.
    """

    __table_args__ = (sa.Index("ix_outbox_status_next_attempt", "status", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    to_email: str = Field(max_length=254)
    subject: str = Field(max_length=200)
    body: str = Field(sa_column=Column(sa.Text, nullable=False))
    application_id: int | None = Field(default=None, foreign_key="application.id", index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    sent_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    status: str = Field(default="pending", max_length=10)  # pending | sending | sent | failed
    attempts: int = Field(default=0)
    next_attempt_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    claimed_until: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    message_id: str | None = Field(default=None, max_length=200)
    last_error: str = Field(default="", max_length=500)
    # Rendered when queued (services/mail/email_templates.py), so a later template edit does
    # not change queued mail; "" html: the sender derives it from the text.
    html_body: str = Field(default="", sa_column=Column(sa.Text, nullable=False, server_default=""))
    ics: str = Field(default="", sa_column=Column(sa.Text, nullable=False, server_default=""))
    kind: str = Field(default="", max_length=40, index=True)  # the template's key
    # A job alert digest's one-click unsubscribe URL (RFC 8058 headers); "" for other mail.
    list_unsubscribe: str = Field(default="", sa_column=Column(sa.Text, nullable=False, server_default=""))
    # The job alert this email is for (services/jobboard/job_alerts.py: deleting the alert deletes it).
    job_alert_id: int | None = Field(default=None, foreign_key="job_alert.id", index=True)


class ApplicationDraft(SQLModel, table=True):
    """An application in progress, kept until submitted or discarded.

    The browser holds a random token; only its SHA-256 is stored, so a copy of this table
    cannot be used to open anyone's draft.
    """

    __tablename__ = "application_draft"
    __table_args__ = (sa.UniqueConstraint("token_hash", "posting_id", name="uq_draft_token_posting"),)

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64)
    posting_id: int = Field(foreign_key="posting.id", index=True)
    data: dict[str, str] = Field(default_factory=dict, sa_column=Column(sa.JSON, nullable=False))
    step: int = Field(default=1)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=_ts(index=True))


class DraftDocument(SQLModel, table=True):
    __tablename__ = "draft_document"
    __table_args__ = (sa.UniqueConstraint("draft_id", "kind", name="uq_draft_document_kind"),)

    id: int | None = Field(default=None, primary_key=True)
    draft_id: int = Field(foreign_key="application_draft.id", index=True)
    kind: str = Field(max_length=20)
    original_name: str = Field(max_length=255)
    size_bytes: int
    sha256: str = Field(max_length=64)
    page_count: int
    text: str = Field(default="", sa_column=Column(sa.Text, nullable=False))
    storage_key: str = Field(max_length=200, index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class User(SQLModel, table=True):
    """A member of the hiring team. Roles: recruiter, admin, compliance."""

    __tablename__ = "app_user"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True)
    name: str = Field(max_length=120)
    password_hash: str = Field(max_length=255)
    role: str = Field(default="recruiter", max_length=20)
    active: bool = Field(default=True)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class UserSession(SQLModel, table=True):
    """A signed-in browser. Only the token's SHA-256 is stored; revoking works at once."""

    __tablename__ = "user_session"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    expires_at: datetime = Field(sa_column=_ts(index=True))
    revoked_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))


class SignInAttempt(SQLModel, table=True):
    """Failed and successful sign-ins, for throttling per account and per client (all workers)."""

    __tablename__ = "sign_in_attempt"
    __table_args__ = (
        sa.Index("ix_sign_in_attempt_email_at", "email", "at"),
        sa.Index("ix_sign_in_attempt_client_at", "client_key", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254)
    client_key: str = Field(default="", max_length=64)  # keyed hash of the client address
    succeeded: bool = Field(default=False)
    at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class Note(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="application.id", index=True)
    author_id: int = Field(foreign_key="app_user.id")
    body: str = Field(sa_column=Column(sa.Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class UploadEvent(SQLModel, table=True):
    """One accepted-for-checking upload, for rate limits per client and per draft token.

    Neither the client address nor the token is stored: only a keyed hash of the address
    and the token's SHA-256 (as on the draft). Rows older than a day are pruned.
    """

    __tablename__ = "upload_event"
    __table_args__ = (
        sa.Index("ix_upload_event_client_at", "client_key", "at"),
        sa.Index("ix_upload_event_token_at", "token_hash", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    client_key: str = Field(max_length=64)
    token_hash: str = Field(max_length=64)
    size_bytes: int = Field(default=0)
    at: datetime = Field(default_factory=utcnow, sa_column=_ts(index=True))

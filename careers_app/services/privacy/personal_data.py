"""Where personal data lives: one list that erasure, export and retention walk.

Every table of the schema is listed here, with the columns that can hold something about
a person and what erasing that person does to it; so are the places outside the database:
the upload folder, the outbox folder (.eml files when no SMTP server is set), Reflex's
state store (files on disk in the single-process setup, keys in Redis with several
workers), the logs and the audit log. A test (tests/seams/test_at_rest_inventory.py)
fails when a table or a personal-looking column is added without being listed.

- ``services/privacy/erasure.py`` blanks the ``BLANK`` tables' listed columns, deletes the rows of
  every ``DELETE`` table that point at the person's candidate row or applications (found
  through the schema's foreign keys, children first), and after the commit removes their
  files, their outbox files and every state-store entry that names them or holds one of
  their links' or drafts' tokens (``remove_outbox_files``, ``scrub_state_store``). Their
  drafts are the ones ``drafts_of_person`` finds (address, phone, or names typed; or a
  document naming their address or phone).
  What the hiring team types (each table's ``typed`` columns: notes, interview and slot
  locations, scorecard notes, email templates) is scrubbed on every row, not only the
  person's: each mention of them (``mentions``: address, phone in any spacing, both names
  with accents and case aside) becomes "[erased]" (``scrub_typed_text``); a saved board
  view naming them (one name is enough there) is deleted.
- ``services/privacy/data_export.py`` includes every ``DELETE``/``BLANK`` table reached from the
  person (secret columns left out).
- ``services/privacy/retention.py`` erases through erasure, and sweeps outbox files whose message
  is gone.
- ``services/platform/link_tokens.py`` takes the secret out of every credential link (status,
  interview booking, job alert, download ticket) in what is kept or handed on: both exports'
  ``person.json``, and a message's stored copy once delivered (``services/mail/outbox.py``). The
  database keeps only the SHA-256s of those secrets; the outbox folder (no SMTP server set)
  is the transport itself and keeps each email whole until the person is erased.

Pure Python: no reflex here. Reflex's state store is read as files and Redis keys, the way
Reflex writes them (``<token>_<state name>``, pickled), so a tab that holds a person's data
is found by its content: the person's address, phone (in any spacing) or both names, or a
token whose SHA-256 the database held for them (a status link, an interview link, a draft):
the interview page keeps only a first name, a job and a time, tied to them by its token.
"""

from __future__ import annotations

import email
import email.message
import email.policy
import hashlib
import logging
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import phonenumbers
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, col, or_, select

from careers_app.models import Application, ApplicationDraft, Candidate, DraftDocument
from careers_app.services.candidates.validation import validate_field
from careers_app.services.platform.reference import EEO_FIELDS
from careers_app.services.visibility.redaction import fold
from careers_app.settings import get_settings

if TYPE_CHECKING:
    from careers_app.settings import Settings

logger = logging.getLogger(__name__)


class Reach(StrEnum):
    """How rows of a table are found from a person."""

    CANDIDATE = "candidate"  # the candidate row itself, or a foreign key to it
    APPLICATION = "application"  # a foreign key to one of their applications
    EMAIL = "email"  # by what was typed (drafts: address, phone, names), not by key
    CHILD = "child"  # hangs off a row of another listed table (a slot of an interview)
    STAFF = "staff"  # the hiring team's own accounts and work: not a candidate's data
    HASHED = "hashed"  # keyed hashes only, pruned by age
    NONE = "none"  # nothing about anyone


class Erase(StrEnum):
    """What erasing a person does to their rows of a table."""

    BLANK = "blank"  # the row stays as an anonymous shell; the listed columns are blanked
    DELETE = "delete"  # the rows are deleted
    KEEP = "keep"  # kept: ids and stages only, nothing that names the person
    PRUNED = "pruned"  # not per person: removed by age (hashes of addresses, rate limits)
    NOT_PERSONAL = "not_personal"  # staff data or reference data


@dataclass(frozen=True)
class Table:
    name: str
    reach: Reach
    erase: Erase
    columns: tuple[str, ...] = ()  # columns that can hold something about a person
    why: str = ""
    plain: tuple[str, ...] = ()  # personal-looking names that hold nothing about anyone
    by_address: str = ""  # Reach.EMAIL: the column holding the person's address (erasure, export)
    # What the hiring team types, on ANY row (another candidate's note may name the person):
    # erasure replaces each mention of the person with "[erased]" (``scrub``).
    typed: tuple[str, ...] = ()


TABLES: tuple[Table, ...] = (
    Table(
        "candidate",
        Reach.CANDIDATE,
        Erase.BLANK,
        ("first_name", "last_name", "email", "phone_e164", "address", "city", "state", "country", "zip_code"),
        "the person; the row stays with email erased-<id>@erased.invalid",
    ),
    Table(
        "application",
        Reach.CANDIDATE,
        Erase.BLANK,
        (
            *("first_name", "last_name", "phone_e164", "address", "city", "state", "country", "zip_code"),
            *("linkedin", "github", "website"),
        ),
        "the contact snapshot is blanked; posting, stage, source and dates stay for the funnel",
        plain=("consent_text", "rejection_reason"),  # the words shown to everyone; a reason code
    ),
    Table(
        "document",
        Reach.APPLICATION,
        Erase.DELETE,
        # redacted_text: as blind screening shows it; text_sha256: a hash of the text (it links
        # their resumes to each other, services/visibility/identity.py), deleted with the row
        ("original_name", "text", "redacted_text", "text_sha256"),
        "their files' rows and text",
    ),
    Table(
        "note",
        Reach.APPLICATION,
        Erase.DELETE,
        ("body",),
        "recruiters' notes on their applications go; a note on anyone's application that names them "
        "(a referral) has each mention replaced (typed)",
        typed=("body",),
    ),
    Table(
        "eeo_answer",
        Reach.APPLICATION,
        Erase.DELETE,
        EEO_FIELDS,
        "voluntary self-identification",
    ),
    Table(
        "outbox",
        Reach.APPLICATION,
        Erase.DELETE,
        ("to_email", "subject", "body", "html_body", "ics"),
        "email to them (also found by address); the .eml files go too; an email to anyone else that "
        "copied what the hiring team typed about them (a room booked by them) has each mention "
        "replaced (typed), in its row and its .eml file",
        typed=("subject", "body", "html_body", "ics"),
    ),
    Table(
        "interview",
        Reach.APPLICATION,
        Erase.DELETE,
        ("location",),
        "their interviews go; a location typed on anyone's interview that names them (who booked the "
        "room) has each mention replaced (typed)",
        typed=("location",),
    ),
    Table(
        "interview_slot",
        Reach.CHILD,
        Erase.DELETE,
        ("location",),
        "times offered to them go; a location typed on anyone's slot that names them has each mention "
        "replaced (typed)",
        typed=("location",),
    ),
    Table(
        "scorecard",
        Reach.APPLICATION,
        Erase.DELETE,
        ("ratings", "notes"),
        "assessments of them go; an interviewer's notes on anyone's scorecard that name them have each "
        "mention replaced (typed; ratings are numbers keyed by the plan's attributes)",
        typed=("notes",),
    ),
    Table("identity_reveal", Reach.APPLICATION, Erase.DELETE, ("actor",), "who revealed a blind card"),
    Table("status_link", Reach.CANDIDATE, Erase.DELETE, (), "their status-page links (hashes)"),
    Table(
        "application_draft",
        Reach.EMAIL,
        Erase.DELETE,
        ("data",),
        "what they typed before submitting: by address, phone or names, or a document naming them"
        " (drafts_of_person)",
    ),
    Table("draft_document", Reach.CHILD, Erase.DELETE, ("original_name", "text"), "files of their drafts"),
    Table(
        "job_alert",
        Reach.EMAIL,
        Erase.DELETE,
        ("email", "keyword"),
        "job alerts by email (services/jobboard/job_alerts.py): found by address; unconfirmed ones go "
        "after 7 days",
        plain=("consent_text",),  # the words shown to everyone
        by_address="email",
    ),
    Table(
        "job_alert_token",
        Reach.CHILD,
        Erase.DELETE,
        (),
        "a job alert's confirm and unsubscribe links (hashes)",
    ),
    Table(
        "job_alert_request",
        Reach.HASHED,
        Erase.PRUNED,
        ("email_key", "client_key"),
        "keyed hashes of an address and a network (job alert rate limits), kept one day",
    ),
    Table(
        "stageevent",
        Reach.APPLICATION,
        Erase.KEEP,
        (),
        "stage history for the funnel: the actor is a staff member, 'candidate' or 'erasure'",
        plain=("actor", "reason"),
    ),
    Table(
        "audit_entry",
        Reach.NONE,
        Erase.KEEP,
        ("actor_label", "client_address", "detail"),
        "person by number only; the actor is staff; a keyed hash of the client address; the detail "
        "is written by the code (counts, ids), never typed",
        plain=("actor_kind",),
    ),
    Table(
        "status_link_request",
        Reach.HASHED,
        Erase.PRUNED,
        ("email_key", "client_key"),
        "keyed hashes of an address and a network, kept one day",
    ),
    Table(
        "upload_event",
        Reach.HASHED,
        Erase.PRUNED,
        ("client_key", "token_hash"),
        "keyed hash of the client address, kept one day",
    ),
    Table("sign_in_attempt", Reach.STAFF, Erase.PRUNED, ("email", "client_key"), "hiring-team sign-ins"),
    Table("app_user", Reach.STAFF, Erase.NOT_PERSONAL, ("email", "name"), "hiring-team accounts"),
    Table("user_session", Reach.STAFF, Erase.NOT_PERSONAL, (), "hiring-team sessions (hashes)"),
    Table("api_key", Reach.STAFF, Erase.NOT_PERSONAL, ("name",), "integrations' keys (hashes)"),
    Table("api_call", Reach.STAFF, Erase.NOT_PERSONAL, (), "per-key rate limit"),
    Table(
        "board_view",
        Reach.STAFF,
        Erase.DELETE,
        ("name", "query"),
        "a recruiter's saved filters: a view whose name or search names the person (``mentions`` "
        "with single name words) is deleted (erasure._forget_views)",
    ),
    Table(
        "bulk_action",
        Reach.STAFF,
        Erase.NOT_PERSONAL,
        ("items",),
        "application and note ids only (a bulk note's text is in note.body)",
    ),
    Table(
        "email_template",
        Reach.NONE,
        Erase.NOT_PERSONAL,
        ("subject", "text_body", "html_body"),
        "templates with placeholders; what an admin typed there that names the person has each "
        "mention replaced (typed)",
        typed=("subject", "text_body", "html_body"),
    ),
    Table("posting", Reach.NONE, Erase.NOT_PERSONAL, plain=("process_name", "body_es")),  # a job ad
    Table("posting_stage", Reach.NONE, Erase.NOT_PERSONAL),
    Table("team", Reach.NONE, Erase.NOT_PERSONAL, plain=("name",)),
    Table("office", Reach.NONE, Erase.NOT_PERSONAL, plain=("name", "city", "street_address")),  # a business
    Table("interview_plan", Reach.NONE, Erase.NOT_PERSONAL),
    Table("plan_interview", Reach.NONE, Erase.NOT_PERSONAL, plain=("name",)),
    Table("blind_screening", Reach.NONE, Erase.NOT_PERSONAL),
    Table("scheduled_run", Reach.NONE, Erase.NOT_PERSONAL),
    Table("eeo_quarter", Reach.NONE, Erase.NOT_PERSONAL),  # which closed quarters are frozen
    Table(
        "eeo_quarter_count",
        Reach.NONE,
        Erase.KEEP,
        EEO_FIELDS,
        "a closed quarter's anonymous counts per posting, stage and answers (no application or "
        "candidate id: services/compliance/eeo_snapshots.py); like a published statistic, erasure "
        "leaves them",
    ),
    Table("alembic_version", Reach.NONE, Erase.NOT_PERSONAL),
)
_BY_NAME = {t.name: t for t in TABLES}
# Column names that look personal; every such column must be listed above (see the test).
PERSONAL_COLUMN = re.compile(
    r"(email|name|phone|address|city|zip|ip|client|body|text|note|data|location|actor|detail|query|gender|"
    r"race|veteran|sexual|ratings|items|ics|subject|reason)",
    re.IGNORECASE,
)


def table(name: str) -> Table | None:
    return _BY_NAME.get(name)


def blank_columns(name: str) -> tuple[str, ...]:
    """The columns erasure blanks in a table whose rows stay as shells."""
    entry = _BY_NAME[name]
    assert entry.erase is Erase.BLANK, name
    return entry.columns


def erased_by_deletion(name: str) -> bool:
    """Whether erasing a person deletes their rows of this table. A table nobody listed yet is
    deleted too: forgetting a new table must never keep a person's rows."""
    entry = _BY_NAME.get(name)
    return entry is None or entry.erase is Erase.DELETE


def about_the_person(name: str) -> bool:
    """Whether an export carries this table's rows found from the person."""
    entry = _BY_NAME.get(name)
    return entry is None or entry.reach in (Reach.CANDIDATE, Reach.APPLICATION, Reach.EMAIL, Reach.CHILD)


def found_by_address() -> tuple[tuple[str, str], ...]:
    """(table, column) of every table whose rows are a person's by the address they typed,
    not by a key (job alerts): erasure deletes them and export carries them."""
    return tuple((t.name, t.by_address) for t in TABLES if t.by_address)


def unlisted(metadata: type[SQLModel] = SQLModel) -> list[str]:
    """Tables of the schema this inventory does not list (a test keeps this empty)."""
    return sorted(name for name in metadata.metadata.tables if name not in _BY_NAME)


def personal_looking_columns_unlisted(metadata: type[SQLModel] = SQLModel) -> list[str]:
    """``table.column`` of every personal-looking column not listed with its table."""
    found = []
    for name, sa_table in metadata.metadata.tables.items():
        entry = _BY_NAME.get(name)
        listed = (*entry.columns, *entry.plain) if entry else ()
        for column in sa_table.columns:
            if PERSONAL_COLUMN.search(column.name) and column.name not in listed:
                if column.name.endswith(("_id", "_hash")) or column.name in ("id",):
                    continue
                found.append(f"{name}.{column.name}")
    return sorted(found)


# ----- outside the database ------------------------------------------------------------


@dataclass(frozen=True)
class Folder:
    name: str
    holds: str
    erased: str


FOLDERS: tuple[Folder, ...] = (
    Folder("uploads", "candidates' PDFs by SHA-256 (mode 0600)", "unlinked after the erasure commits"),
    Folder("outbox", "<id>.eml of each email when no SMTP server is set", "the person's files unlinked"),
    Folder(
        "states", "Reflex's per-tab state (single process): what a tab showed or typed", "entries naming them"
    ),
)
# Also outside the database: Redis keys ``<client token>_<state name>`` (several workers),
# expiring an hour after the tab's last event, scrubbed like the state folder; the logs
# (stdout: ids, outcomes and durations; no addresses, names or query strings); the audit
# log (a table above: ids and a keyed hash of the client address).
REDIS_STATE_PATTERN = "*_reflex___state____state*"


@dataclass(frozen=True)
class Stores:
    """Where the stores outside the database are, for one configuration."""

    data_dir: Path
    upload_dir: Path
    outbox_dir: Path
    state_dir: Path
    redis_url: str = ""

    @classmethod
    def from_settings(cls, settings: Settings) -> Stores:
        return cls(
            data_dir=settings.data_dir,
            upload_dir=settings.upload_dir,
            outbox_dir=settings.mail_drop_dir,
            state_dir=settings.state_dir,
            redis_url=settings.redis_url,
        )

    @classmethod
    def configured(cls) -> Stores:

        return cls.from_settings(get_settings())


def needles(email: str, phone: str, first_name: str, last_name: str) -> tuple[tuple[bytes, ...], ...]:
    """What names a person in a store: the address, the phone, or both names together.

    Each inner tuple must appear whole (all its parts) in an entry, compared in lower case.
    """
    found: list[tuple[bytes, ...]] = []
    for single in (email, phone):
        if len(single.strip()) >= 6:
            found.append((single.strip().lower().encode(),))
    if len(first_name.strip()) >= 2 and len(last_name.strip()) >= 2:
        found.append((first_name.strip().lower().encode(), last_name.strip().lower().encode()))
    return tuple(found)


def names_person(content: bytes, wanted: Iterable[tuple[bytes, ...]]) -> bool:
    lowered = content.lower()
    return any(all(part in lowered for part in parts) for parts in wanted)


# ----- drafts: what someone typed before submitting, found by what they typed ---------------


def _fold(text: object) -> str:
    return " ".join(text.split()).casefold() if isinstance(text, str) else ""


def _words(name: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\w+", fold(name)))


def _typed(data: Mapping[str, object], name: str) -> str:
    return _fold(data.get(name))


@dataclass(frozen=True)
class Person:
    """What the database knows about one person, to recognise the drafts they left."""

    emails: frozenset[str]  # lower case
    phones: frozenset[str]  # E.164
    names: frozenset[tuple[str, str]]  # (first, last), casefolded, single spaces
    posting_ids: frozenset[int]  # where they applied
    # (first, last) as words, accents and case folded (``redaction.fold``): what ``mentions`` looks for
    spelled: frozenset[tuple[tuple[str, ...], tuple[str, ...]]] = frozenset()

    @classmethod
    def of(cls, email: str, contacts: Iterable[tuple[str, str, str]], posting_ids: Iterable[int]) -> Person:
        """``contacts``: (phone E.164, first name, last name) of the candidate row and of each
        application's own snapshot (anyone may have typed different ones)."""
        rows = list(contacts)
        return cls(
            emails=frozenset({email.strip().lower()} - {""}),
            phones=frozenset(p.strip() for p, _, _ in rows if p.strip()),
            names=frozenset((_fold(f), _fold(last)) for _, f, last in rows if _fold(f) and _fold(last)),
            posting_ids=frozenset(posting_ids),
            spelled=frozenset((_words(f), _words(last)) for _, f, last in rows if _words(f) and _words(last)),
        )

    @classmethod
    def of_rows(cls, candidate: Candidate, applications: Iterable[Application]) -> Person:
        """The person as the candidate row and each of their applications' snapshots know them."""
        apps = list(applications)
        contacts = [(candidate.phone_e164, candidate.first_name, candidate.last_name)]
        contacts += [(a.phone_e164, a.first_name, a.last_name) for a in apps]
        return cls.of(candidate.email, contacts, (a.posting_id for a in apps))


def draft_is_theirs(data: Mapping[str, object], posting_id: int, person: Person) -> bool:
    """Whether a draft is this person's: their address typed; or no address typed and either
    their phone (read with the draft's country, as the wizard reads it) or both their names
    on a job they applied to. A draft with another address typed is someone else's (a shared
    phone, a namesake); names alone count only on their jobs (namesakes are common)."""
    typed = data.get("email")
    email = typed.strip().lower() if isinstance(typed, str) else ""
    if email:
        return email in person.emails
    if _typed(data, "phone"):
        phone, error = validate_field("phone", data)
        if not error and phone in person.phones:
            return True
    first, last = _typed(data, "first_name"), _typed(data, "last_name")
    return bool(first and last) and (first, last) in person.names and posting_id in person.posting_ids


def drafts_of_person(person: Person, *, session: Session) -> list[ApplicationDraft]:
    """The drafts that are this person's: ``draft_is_theirs`` on what was typed, or their
    documents naming them (``drafts_naming``) with no other address typed. A draft started
    from a resume keeps the resume's text before anything is typed (the suggestions are saved
    only once accepted). Drafts live at most 30 days: few rows, read in full."""
    named = drafts_naming(person, session=session)
    found = []
    for d in session.exec(select(ApplicationDraft).order_by(col(ApplicationDraft.id))).all():
        if not isinstance(d.data, dict):
            continue
        if draft_is_theirs(d.data, d.posting_id, person) or (
            d.id in named and _typed(d.data, "email") in {"", *person.emails}
        ):
            found.append(d)
    return found


# What a phone is typed with between its digits in a document's text (the text keeps lines).
_PHONE_SEPARATORS = (" ", "-", ".", "(", ")", "+", "/", "\n", "\r", "\t", "\u00a0")


def _like(needle: str) -> str:
    escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def drafts_naming(person: Person, *, session: Session) -> set[int]:
    """Ids of the drafts whose documents' extracted text holds the person's address (any
    case) or phone (its E.164 digits, in any spacing; 9 digits at least), found in SQL."""
    conditions = [
        sa.func.lower(col(DraftDocument.text)).like(_like(e), escape="\\") for e in person.emails if e
    ]
    digits = {p.lstrip("+") for p in person.phones}
    digits = {d for d in digits if d.isdigit() and len(d) >= 9}
    if digits:
        bare = sa.func.replace(col(DraftDocument.text), _PHONE_SEPARATORS[0], "")
        for separator in _PHONE_SEPARATORS[1:]:
            bare = sa.func.replace(bare, separator, "")
        conditions += [bare.like(f"%{d}%") for d in digits]
    if not conditions:
        return set()
    return set(session.exec(select(DraftDocument.draft_id).where(or_(*conditions))).all())


def draft_names_nobody_else(data: Mapping[str, object], person: Person) -> bool:
    """No address typed, and no phone or pair of names but the person's (a draft from the
    browser they left a draft in is theirs too then; on a shared computer, someone else's
    draft names that someone)."""
    if _typed(data, "email"):
        return False
    if _typed(data, "phone"):
        phone, error = validate_field("phone", data)
        if error or phone not in person.phones:
            return False
    first, last = _typed(data, "first_name"), _typed(data, "last_name")
    return not (first and last) or (first, last) in person.names


# ----- mentions of a person in what the hiring team typed ------------------------------------

ERASED = "[erased]"
# A run of digits as people type a phone: "+46 8 555 01 52", "(415) 555-0199", "08-555 01 52".
_DIGIT_RUN = re.compile(r"\+?\(?\d[\d\s().\-/\u00a0]*\d|\d")
_NAME_GAP = r"[\W_]{1,4}"  # between a first and a last name: "Åsa Öberg", "Öberg, Åsa", "Asa-Oberg"


def _phone_spans(text: str, phones: Iterable[str]) -> list[tuple[int, int]]:
    """Where one of these phones (E.164) is typed, in any spacing: its digits with or without
    the country code (a national prefix 0 or 1 in front counts), whole digit groups only
    (the number inside a longer one is another number)."""
    wanted: set[str] = set()
    for phone in phones:
        forms = phone_digits(phone)
        wanted.update(forms)
        if len(forms) == 2:  # "+46 (0)8 555 01 52": the national prefix kept after the country code
            full, national = forms
            wanted.add(f"{full[: len(full) - len(national)]}0{national}")
    if not wanted:
        return []
    spans = []
    for run in _DIGIT_RUN.finditer(text):
        places = [run.start() + i for i, ch in enumerate(run.group()) if ch.isdigit()]
        digits = "".join(text[i] for i in places)
        for d in wanted:
            for found in re.finditer(re.escape(d), digits):
                start, end = found.start(), found.end()
                prefixed = start == 1 and digits[0] in "01"
                starts_group = start == 0 or prefixed or not text[places[start] - 1].isdigit()
                ends_group = end == len(digits) or not text[places[end - 1] + 1].isdigit()
                if starts_group and ends_group:
                    first = run.start() if start <= 1 else places[start]
                    spans.append((first, places[end - 1] + 1))
    return spans


def _mention_pattern(person: Person, *, single_words: bool) -> re.Pattern[str] | None:
    """Their address, and both names together in either order (accents and case folded); with
    ``single_words``, any one of their names of three letters or more as a word."""
    parts = [re.escape(fold(e)) for e in person.emails if e]
    for first, last in person.spelled:
        forward = _NAME_GAP.join(re.escape(w) for w in (*first, *last))
        backward = _NAME_GAP.join(re.escape(w) for w in (*last, *first))
        parts += [rf"(?<!\w){forward}(?!\w)", rf"(?<!\w){backward}(?!\w)"]
    if single_words:
        words = {w for first, last in person.spelled for w in (*first, *last) if len(w) >= 3}
        parts += [rf"(?<!\w){re.escape(w)}(?!\w)" for w in sorted(words, key=len, reverse=True)]
    return re.compile("|".join(parts)) if parts else None


def _mention_spans(text: str, person: Person, *, single_words: bool = False) -> list[tuple[int, int]]:
    if not text:
        return []
    spans = _phone_spans(text, person.phones)
    pattern = _mention_pattern(person, single_words=single_words)
    if pattern is not None:  # fold keeps one character per character: places match the text's
        spans += [m.span() for m in pattern.finditer(fold(text)) if m.end() > m.start()]
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def mentions(text: str, person: Person, *, single_words: bool = False) -> bool:
    """Whether what someone typed names the person: their address; a phone of theirs in any
    spacing (its digits, 7 at least, with or without the country code); or their first and
    last names together, accents and case aside ("Asa Oberg" is "Åsa Öberg"). With
    ``single_words`` (a saved board view: one surname there means them) any one of their
    names of three letters or more counts too."""
    return bool(_mention_spans(text, person, single_words=single_words))


def scrub(text: str, person: Person) -> str:
    """The text with each mention of the person (``mentions``, names together) replaced by
    "[erased]"; the rest (another person with the same surname) stays."""
    out, last = [], 0
    for start, end in _mention_spans(text, person):
        out += [text[last:start], ERASED]
        last = end
    return "".join([*out, text[last:]])


def typed_columns() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(table, columns) of what the hiring team types, on every row (the inventory's ``typed``)."""
    return tuple((t.name, t.typed) for t in TABLES if t.typed)


SCRUB_BATCH = 1000


def scrub_typed_text(person: Person, *, session: Session) -> int:
    """Replace each mention of the person in every column the hiring team types (``typed``), on
    every row: a referral in another candidate's note, a room booked by them on another
    interview. Every row is read (in batches) and matched in Python: SQL cannot fold accents
    the same way on SQLite and PostgreSQL ("Asa Oberg" for "Åsa Öberg"), nor read a phone in
    any spacing, and these tables hold what people typed by hand (erasure is rare). Only the
    rows that change are written. Returns how many rows changed."""
    changed = 0
    for name, columns in typed_columns():
        sa_table = SQLModel.metadata.tables[name]
        keys = list(sa_table.primary_key.columns)
        wanted = [sa_table.c[c] for c in columns]
        updates: list[tuple[tuple[object, ...], dict[str, str]]] = []
        rows = session.execute(sa.select(*keys, *wanted), execution_options={"yield_per": SCRUB_BATCH})
        for row in rows:
            key, texts = tuple(row[: len(keys)]), row[len(keys) :]
            values = {
                c: scrub(text, person)
                for c, text in zip(columns, texts, strict=True)
                if isinstance(text, str) and mentions(text, person)
            }
            if values:
                updates.append((key, values))
        for key, values in updates:
            where = [k == v for k, v in zip(keys, key, strict=True)]
            session.execute(sa.update(sa_table).where(*where).values(**values))
        changed += len(updates)
    return changed


# ----- tokens and phones in the state store ---------------------------------------------------

# Links' and drafts' tokens are ``secrets.token_urlsafe(32)``: 43 URL-safe characters. A tab
# keeps its token as a string of its own, in its URL (/interview/<token>, ?token=) or in a
# backend var; only the token's SHA-256 is in the database.
TOKEN_LENGTH = 43
_TOKEN_RUN = re.compile(rb"[A-Za-z0-9_-]{%d,}" % TOKEN_LENGTH)
_LONGEST_RUN_SEARCHED = 512  # a longer run (encoded data) is looked at only at its two ends
_PHONE_RUN = re.compile(rb"\+?[0-9][0-9 ().\-]{5,24}[0-9]")


def holds_token(content: bytes, token_hashes: frozenset[str]) -> bool:
    """Whether the content holds a token whose SHA-256 is one of these, or that SHA-256 itself
    (a tab keeps its link's hash, never the link's token: the state store holds no credential)."""
    if not token_hashes:
        return False
    if any(h.encode() in content for h in token_hashes):
        return True
    for match in _TOKEN_RUN.finditer(content):
        run = match.group()
        starts: Iterable[int] = range(len(run) - TOKEN_LENGTH + 1)
        if len(run) > _LONGEST_RUN_SEARCHED:
            starts = (0, len(run) - TOKEN_LENGTH)
        for start in starts:
            if hashlib.sha256(run[start : start + TOKEN_LENGTH]).hexdigest() in token_hashes:
                return True
    return False


def phone_digits(e164: str) -> tuple[str, ...]:
    """The digits a phone is typed with in any spacing: with its country code, and without
    it (the national number, as the wizard's form takes it)."""
    text = e164.strip()
    if len(text) < 8 or not text.startswith("+"):
        return ()
    try:
        number = phonenumbers.parse(text)
    except phonenumbers.NumberParseException:
        return ()
    national = phonenumbers.national_significant_number(number)
    full = f"{number.country_code}{national}"
    return tuple(d for d in dict.fromkeys((full, national)) if len(d) >= 7)


def holds_phone(content: bytes, digits: Iterable[str]) -> bool:
    """Whether the content holds one of these numbers, typed with any spaces, dots, dashes or
    brackets (a national prefix 0 or 1 typed in front counts too)."""
    wanted = set(digits)
    if not wanted:
        return False
    for match in _PHONE_RUN.finditer(content):
        found = re.sub(rb"[^0-9]", b"", match.group()).decode()
        if any(found == d or (found.endswith(d) and len(found) - len(d) <= 1) for d in wanted):
            return True
    return False


@dataclass(frozen=True)
class Traces:
    """What ties a state-store entry to a person (never printed: it names them)."""

    needles: tuple[tuple[bytes, ...], ...] = ()  # see ``needles``
    phone_digits: tuple[str, ...] = ()  # see ``phone_digits``
    token_hashes: frozenset[str] = frozenset()  # SHA-256 of their links' and drafts' tokens

    def __repr__(self) -> str:
        return f"Traces({len(self.needles)} needles, {len(self.token_hashes)} tokens)"

    def __bool__(self) -> bool:
        return bool(self.needles or self.phone_digits or self.token_hashes)

    def found_in(self, content: bytes) -> bool:
        return (
            names_person(content, self.needles)
            or holds_phone(content, self.phone_digits)
            or holds_token(content, self.token_hashes)
        )


def remove_outbox_files(outbox_dir: Path, message_ids: Iterable[int]) -> int:
    """Unlink ``<id>.eml`` of these messages (after the commit that deleted their rows)."""
    removed = 0
    for message_id in message_ids:
        try:
            (outbox_dir / f"{int(message_id)}.eml").unlink()
            removed += 1
        except FileNotFoundError:
            pass
    return removed


def scrub_outbox_files(outbox_dir: Path, person: Person) -> int:
    """Replace each mention of the person (``scrub``) in every ``<id>.eml`` left in the outbox
    folder: an email to someone else can carry what the hiring team typed about them (an
    interview's location, "room booked by ..."). Run after the commit that scrubbed the rows
    (and unlinked the person's own files); each text part is decoded, scrubbed and written
    back (UTF-8, atomically, mode 0600); a file that does not name them is not rewritten.
    Returns how many files changed. Never raises: a file that cannot be read is logged."""
    if not outbox_dir.is_dir():
        return 0
    changed = 0
    for path in outbox_dir.glob("*.eml"):
        try:
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.SMTP)
            if not _scrub_message(message, person):
                continue
            tmp = path.with_name(f".{path.stem}.{os.getpid()}.scrub.tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(message.as_bytes())
            os.replace(tmp, path)
            changed += 1
        except (OSError, ValueError, LookupError):
            logger.warning("outbox: could not scrub %s", path.name, exc_info=True)
    return changed


def _scrub_message(message: email.message.Message, person: Person) -> bool:
    changed = False
    subject = str(message.get("Subject", ""))
    if mentions(subject, person):
        message.replace_header("Subject", scrub(subject, person))
        changed = True
    for part in message.walk():
        if part.is_multipart() or part.get_content_maintype() != "text":
            continue
        raw = part.get_payload(decode=True)
        if not isinstance(raw, bytes):
            continue
        text = raw.decode(part.get_content_charset() or "utf-8", errors="replace")
        if not mentions(text, person):
            continue
        del part["Content-Transfer-Encoding"]
        part.set_payload(scrub(text, person), "utf-8")
        changed = True
    return changed


def flush_database_files(engine: Engine) -> None:
    """SQLite: move the write-ahead log into the database file and truncate it, so the page
    images it kept from before an erasure are gone (the database zeroes deleted content:
    ``secure_delete``, services/platform/db.py). Run with no transaction open (a writer blocks it).
    Never raises: a busy reader only delays this to the next erasure or checkpoint.
    PostgreSQL keeps dead row versions until (auto)vacuum, and its WAL and backups are the
    operator's (docs/data-protection.md)."""
    if engine.dialect.name != "sqlite":
        return
    try:
        raw = engine.raw_connection()
        try:
            cursor = raw.cursor()
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            cursor.close()
        finally:
            raw.close()
    except Exception:
        logger.warning("could not checkpoint the SQLite write-ahead log after an erasure", exc_info=True)


def scrub_state_store(stores: Stores, wanted: Traces | tuple[tuple[bytes, ...], ...]) -> int:
    """Delete every Reflex state entry (file or Redis key) that names the person, or holds one
    of their tokens (``Traces``; a bare tuple is ``needles`` alone).

    A deleted entry is a tab that starts afresh at its next event, as after a Redis
    restart (the wizard reloads its draft, a board reloads). Never raises: the erasure has
    committed already; a store that cannot be read is logged and left to expire.
    """
    traces = wanted if isinstance(wanted, Traces) else Traces(needles=wanted)
    if not traces:
        return 0
    removed = 0
    if stores.state_dir.is_dir():
        for path in stores.state_dir.glob("*.pkl"):
            try:
                if traces.found_in(path.read_bytes()):
                    path.unlink()
                    removed += 1
            except OSError:
                logger.warning("state store: could not scrub %s", path.name, exc_info=True)
    if stores.redis_url:
        removed += _scrub_redis(stores.redis_url, traces)
    return removed


def _scrub_redis(url: str, traces: Traces) -> int:
    import redis

    removed = 0
    try:
        client = redis.Redis.from_url(url, socket_timeout=5)
        try:
            for key in client.scan_iter(match=REDIS_STATE_PATTERN, count=500):
                value = client.get(key)
                if isinstance(value, bytes) and traces.found_in(value):
                    client.delete(key)
                    removed += 1
        finally:
            client.close()
    except (redis.RedisError, OSError):
        logger.warning("state store: Redis could not be scrubbed; its entries expire within the hour")
    return removed

"""Erasing a person: what the law asks, while aggregate funnel counts stay right.

In one transaction: their documents' rows (files are unlinked after the commit), notes on
their applications (notes may name them), equal-opportunity answers, each mention of them
in what the hiring team typed on anyone's rows (the inventory's ``typed`` columns: notes,
interview and slot locations, scorecard notes, email templates; ``personal_data.scrub``:
their address, a phone in any spacing, both names in either order with accents and case
aside) replaced with "[erased]", every saved board view naming them (one of their names is
enough there), the drafts they left
(typed with their address, or with no address and their phone or both their names on a
job they applied to, or from the same browser as one of those: ``_drafts_of``) and those
drafts' files, email to them, status-link tokens, and any row
another feature keeps about one of their applications (found through the schema's
foreign keys). What stays is an anonymous shell: the candidate row with every personal
field blanked (its email becomes ``erased-<id>@erased.invalid``), each application with
its posting, stage, source and dates but no contact snapshot (the board shows "Erased
applicant"), and its stage events. An application still open is withdrawn, with a stage
event by "erasure", since an erased person cannot be hired. So funnel counts per posting
and stage stay right. The EEO reports count closed quarters frozen as anonymous counts
(``services/compliance/eeo_snapshots.py``: no application or candidate id, so nothing here finds or
touches them); a quarter already frozen keeps counting the person as it did, like any
published statistic, so an erasure cannot change a report; one frozen later counts their
application as not answered (their answers are gone).

What to blank, delete or keep comes from the inventory of personal data
(services/privacy/personal_data.py). After the commit, ``remove_files`` unlinks their documents,
their emails' .eml files (written when no SMTP server is set) and every entry of Reflex's
state store (files, or Redis keys) that names them or holds one of their tokens (status
links, interview links, drafts: their hashes are collected before the rows go), so the
interview page, which shows only a first name, goes too. A crash between the commit and that
leaves files no row refers to: the orphan sweep (services/privacy/maintenance.py) removes
documents, the daily retention run removes .eml files whose message is gone, and state
entries expire with their tab.
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, col, delete, select

from careers_app.models import (
    Application,
    ApplicationDraft,
    BoardView,
    Candidate,
    Document,
    DraftDocument,
    EeoAnswer,
    Interview,
    Note,
    StatusLink,
)
from careers_app.models.types import utcnow
from careers_app.services.board import transitions
from careers_app.services.candidates import documents as docs
from careers_app.services.platform import audit, db
from careers_app.services.platform.db import rows_changed, session_scope
from careers_app.services.platform.errors import Conflict, NotFound
from careers_app.services.platform.reference import EXIT_STAGES
from careers_app.services.privacy.data_export import (
    ERASED_DOMAIN,
    is_erased,
    mail_to_person,
    person_applications,
    related_tables,
)
from careers_app.services.privacy.personal_data import (
    Person,
    Stores,
    Traces,
    blank_columns,
    draft_names_nobody_else,
    drafts_of_person,
    erased_by_deletion,
    flush_database_files,
    found_by_address,
    mentions,
    needles,
    phone_digits,
    remove_outbox_files,
    scrub_outbox_files,
    scrub_state_store,
    scrub_typed_text,
)

ENDED = EXIT_STAGES
ERASURE_ACTOR = "erasure"
SHELL_FIRST_NAME, SHELL_LAST_NAME = "Erased", "applicant"  # what the board shows for a shell
# What goes and what stays is the inventory's (services/privacy/personal_data.py): the contact
# snapshot of each application is blanked, tables kept as anonymous history are left,
# and every other table pointing at an application or a candidate loses its rows.
_CONTACT = blank_columns("application")
_PERSON = tuple(name for name in blank_columns("candidate") if name != "email")  # the address: below


@dataclass(frozen=True)
class Erased:
    candidate_id: int
    applications: int
    documents: int
    notes: int
    drafts: int
    storage_keys: tuple[str, ...]  # files to unlink once the transaction has committed
    outbox_ids: tuple[int, ...] = ()  # their emails' .eml files, unlinked after the commit
    # What ties a state-store entry to them (scrubbed after the commit); never printed.
    traces: Traces = field(default=Traces(), repr=False)
    # posting id -> their applications there: the boards to tell after the commit.
    boards: dict[int, tuple[int, ...]] = field(default_factory=dict)
    scrubbed: int = 0  # rows of others whose typed text named them, each mention replaced
    # Who they were, to scrub the outbox folder's files after the commit; never printed.
    person: Person | None = field(default=None, repr=False)

    @property
    def summary(self) -> str:
        """ "2 applications, 1 document, 0 notes, 1 draft" (the audit detail and the admin's message)."""
        counts = ((self.applications, "application"), (self.documents, "document"), (self.notes, "note"))
        return ", ".join(audit.counted(n, noun) for n, noun in (*counts, (self.drafts, "draft")))


def erased_email(candidate_id: int) -> str:
    return f"erased-{candidate_id}@{ERASED_DOMAIN}"


def _delete_related(parent: str, ids: list[Any], *, session: Session, depth: int = 0) -> None:
    """Delete rows of other tables that point at these rows (children first), except _KEEP."""
    if not ids or depth > 4:
        return
    for table, column in related_tables(parent):
        if not erased_by_deletion(table.name):
            continue
        if "id" in table.c:
            child_ids = list(session.execute(sa.select(table.c.id).where(column.in_(ids))).scalars())
            _delete_related(table.name, child_ids, session=session, depth=depth + 1)
        session.execute(sa.delete(table).where(column.in_(ids)))


def _delete_by_address(email: str, *, session: Session) -> int:
    """Rows that are the person's by the address they typed, not by a key (the inventory's
    ``found_by_address``: job alerts), with the rows hanging off them; how many were found."""
    found = 0
    for name, column in found_by_address():
        table = SQLModel.metadata.tables[name]
        ids = list(
            session.execute(
                sa.select(table.c.id).where(sa.func.lower(table.c[column]) == email.strip().lower())
            ).scalars()
        )
        if ids:
            _delete_related(name, ids, session=session)
            session.execute(sa.delete(table).where(table.c.id.in_(ids)))
            found += len(ids)
    return found


def kept_by_address(email: str, *, session: Session) -> int:
    """How many rows ``erase_address`` would delete (the People page's search by an address)."""
    return sum(
        int(
            session.execute(
                sa.select(sa.func.count())
                .select_from(SQLModel.metadata.tables[name])
                .where(sa.func.lower(SQLModel.metadata.tables[name].c[column]) == email.strip().lower())
            ).scalar_one()
        )
        for name, column in found_by_address()
    )


def erase_address(email: str, actor: audit.Actor, *, session: Session) -> int:
    """Erase what is kept of an address that is no candidate's (a job alert asked for from the
    board, which may never send a digest): the inventory's ``found_by_address`` rows, with
    their links and mail. The audit entry counts them and does not keep the address. Returns
    how many rows went (0: nothing was kept, and nothing is recorded)."""
    found = _delete_by_address(email, session=session)
    if found:
        detail = f"{audit.counted(found, 'job alert')} of an address with no applications"
        audit.record(audit.ERASURE, actor, detail=detail, session=session)
    return found


def erase_person(
    candidate_id: int, actor: audit.Actor, *, session: Session, action: str = audit.ERASURE
) -> Erased:
    """Erase everything personal about one person in the caller's unit of work (see module doc)."""
    candidate = session.get(Candidate, candidate_id)
    if candidate is None or is_erased(candidate):
        raise NotFound("No such person.")
    applications = person_applications(candidate_id, session=session)
    ids = [a.id for a in applications if a.id is not None]
    versions = {a.id or 0: a.version for a in applications}
    # An open application is withdrawn (the person cannot be hired once erased) by the same
    # change as any other (services/board/transitions.py): a stage event by "erasure", so the
    # board and the funnel see a withdrawal rather than a blank card, and its interview
    # cancelled. The person is not emailed (a message would keep the address being erased);
    # the hiring team's calendars lose each booked interview, without the person's name.
    closing = [transitions.Seen.of(a) for a in applications if a.stage not in ENDED]
    now = utcnow()
    withdrawn = transitions.erase(closing, ids, actor=ERASURE_ACTOR, session=session, now=now)
    if withdrawn.lost:
        raise Conflict("Someone changed one of this person's applications just now. Try again.")
    versions.update({m.application_id: m.version for m in withdrawn.moved})
    keys: set[str] = set()
    documents = notes = 0
    if ids:
        docs_rows = session.exec(select(Document).where(col(Document.application_id).in_(ids))).all()
        keys.update(d.storage_key for d in docs_rows)
        documents = len(docs_rows)
        notes = len(session.exec(select(Note.id).where(col(Note.application_id).in_(ids))).all())
    mail = mail_to_person(candidate, ids, session=session)
    for message in mail:
        session.delete(message)
    drafts = _drafts_of(candidate, applications, session=session)
    wanted = _traces(candidate, applications, drafts, session=session)  # before the rows go
    person = Person.of_rows(candidate, applications)  # before the snapshots are blanked
    _forget_views(person, session=session)
    draft_ids = [d.id for d in drafts if d.id is not None]
    if draft_ids:
        keys.update(
            session.exec(
                select(DraftDocument.storage_key).where(col(DraftDocument.draft_id).in_(draft_ids))
            ).all()
        )
        session.execute(delete(DraftDocument).where(col(DraftDocument.draft_id).in_(draft_ids)))
        for draft in drafts:
            session.delete(draft)
    session.flush()
    _delete_by_address(candidate.email, session=session)  # job alerts: by the address typed
    # Documents, notes, EEO answers and every other feature's rows about the applications
    # (and the candidate: status links ...), children first.
    _delete_related("application", ids, session=session)
    _delete_related("candidate", [candidate_id], session=session)
    if ids:
        session.execute(delete(EeoAnswer).where(col(EeoAnswer.application_id).in_(ids)))
    # What the hiring team typed on anyone's rows (a referral in another candidate's note, a
    # room booked by them): each mention replaced with "[erased]".
    scrubbed = scrub_typed_text(person, session=session)
    for app_id, version in versions.items():
        values: dict[str, Any] = {name: "" for name in _CONTACT}
        values.update(first_name=SHELL_FIRST_NAME, last_name=SHELL_LAST_NAME, version=Application.version + 1)
        result = session.execute(
            sa.update(Application)
            .where(col(Application.id) == app_id, col(Application.version) == version)
            .values(**values)
        )
        if rows_changed(result) != 1:
            raise Conflict("Someone changed one of this person's applications just now. Try again.")
    for name in _PERSON:
        setattr(candidate, name, "")
    candidate.email = erased_email(candidate_id)
    session.add(candidate)
    done = Erased(
        candidate_id=candidate_id,
        applications=len(ids),
        documents=documents,
        notes=notes,
        drafts=len(drafts),
        storage_keys=tuple(sorted(keys)),
        outbox_ids=tuple(m.id for m in mail if m.id is not None),
        traces=wanted,
        boards=_boards(applications),
        scrubbed=scrubbed,
        person=person,
    )
    audit.record(action, actor, candidate_id=candidate_id, detail=done.summary, session=session)
    return done


def _forget_views(person: Person, *, session: Session) -> int:
    """Delete every recruiter's saved board view whose name or search names the person: a
    recruiter types what they like there ("Oisin Feldspar - call back", ``q=oisin.feldspar@
    example.com``, ``q=Asa Oberg``), so a view naming them is about them. "Names" here is
    ``personal_data.mentions`` with single words: their address, a phone in any spacing, both
    names together, or any one of their names of three letters or more as a word, accents and
    case aside, since one surname in a view's name is enough to mean them (a view of someone
    else with the same surname goes too; erasure wins)."""
    gone = 0
    for view in session.exec(select(BoardView)).all():
        search = urllib.parse.unquote_plus(view.query)
        if mentions(view.name, person, single_words=True) or mentions(search, person, single_words=True):
            session.delete(view)
            gone += 1
    return gone


def _boards(applications: list[Application]) -> dict[int, tuple[int, ...]]:
    found: dict[int, list[int]] = {}
    for a in applications:
        if a.id is not None:
            found.setdefault(a.posting_id, []).append(a.id)
    return {posting_id: tuple(ids) for posting_id, ids in found.items()}


def _drafts_of(
    candidate: Candidate, applications: list[Application], *, session: Session
) -> list[ApplicationDraft]:
    """The drafts this person left (``personal_data.drafts_of_person``), and any other draft of
    the same browser (the same token) that names nobody else. Drafts live at most 30 days:
    few rows, read in full."""
    person = Person.of_rows(candidate, applications)
    theirs = drafts_of_person(person, session=session)
    every = list(session.exec(select(ApplicationDraft).order_by(col(ApplicationDraft.id))).all())
    taken, browsers = {d.id for d in theirs}, {d.token_hash for d in theirs}
    same_browser = [
        d
        for d in every
        if d.id not in taken
        and d.token_hash in browsers
        and isinstance(d.data, dict)
        and draft_names_nobody_else(d.data, person)
    ]
    return theirs + same_browser


def _traces(
    candidate: Candidate, applications: list[Application], drafts: list[ApplicationDraft], *, session: Session
) -> Traces:
    """What ties a state-store entry to the person: the candidate row's details and each
    application's own snapshot (anyone may have typed different ones), their phones in any
    spacing, and the hashes of every token they were given or kept a draft under."""
    found = list(needles(candidate.email, candidate.phone_e164, candidate.first_name, candidate.last_name))
    phones = list(phone_digits(candidate.phone_e164))
    for a in applications:
        found.extend(needles("", a.phone_e164, a.first_name, a.last_name))
        phones.extend(phone_digits(a.phone_e164))
    ids = [a.id for a in applications if a.id is not None]
    hashes = set(
        session.exec(select(StatusLink.token_hash).where(StatusLink.candidate_id == candidate.id)).all()
    )
    if ids:
        hashes.update(
            session.exec(select(Interview.token_hash).where(col(Interview.application_id).in_(ids))).all()
        )
    hashes.update(d.token_hash for d in drafts)
    return Traces(
        needles=tuple(dict.fromkeys(found)),
        phone_digits=tuple(dict.fromkeys(phones)),
        token_hashes=frozenset(h for h in hashes if h),
    )


def remove_files(erased: Erased, upload_dir: Path, *, session: Session, stores: Stores | None = None) -> int:
    """After the commit: unlink the erased files no other row still uses (same content, another
    applicant), the person's outbox files, and every Reflex state entry (disk or Redis) that
    names them. Run in a fresh unit of work; a crash before this is covered by the orphan
    sweep (documents) and the retention run's outbox sweep."""
    where = stores or Stores.configured()
    removed = 0
    for key in erased.storage_keys:
        if docs.delete_if_unreferenced(key, upload_dir, session=session):
            removed += 1
    removed += remove_outbox_files(where.outbox_dir, erased.outbox_ids)
    if erased.person is not None:
        scrub_outbox_files(where.outbox_dir, erased.person)
    scrub_state_store(where, erased.traces)
    return removed


def after_erasure(erased: Erased, upload_dir: Path, *, engine: Engine | None = None) -> int:
    """Everything that follows an erasure's commit: ``remove_files`` in a fresh unit of work,
    then, with no transaction open, the SQLite write-ahead log folded into the (zeroed) file."""
    with session_scope(engine) as session:
        removed = remove_files(erased, upload_dir, session=session)
    flush_database_files(engine or db.get_engine())
    return removed

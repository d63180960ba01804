"""Blind screening: while an application of a blind posting is in screening (Applied,
Recruiter screen and any stage the posting has before it), nobody on the hiring team sees
who it is until the candidate moves on or someone reveals it (one logged click).

Cards and the panel show "Candidate #<id>"; the resume text is shown redacted: the person's
name as the form gives it and as the resume itself spells it (its name block at the top),
their address, and every email address, phone number and link (services/visibility/redaction.py). The
redacted text is computed once when the application is made and stored
(``document.redacted_text``); the panel shows it and board search matches a hidden
application only by it, so search never finds anyone by what the panel hides. The PDF is
refused by the documents route.
Whether the hiring team may see who it is, is decided in one place for every channel
(services/visibility/identity.py); ``hidden_clause`` and ``is_hidden`` here are that rule. It hides the
person: while one of their applications is hidden, so are the others (an open posting's
card too), and a reveal of any of them reveals the person. A reveal is
an explicit act written to the stage history and the audit log: the Reveal button
(``reveal``), or an admin turning blind screening off for the posting (``set_enabled``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from careers_app.models import Application, BlindScreening, Document, IdentityReveal, User
from careers_app.models.types import utcnow
from careers_app.services.platform import audit
from careers_app.services.platform.auth import CurrentUser
from careers_app.services.platform.errors import NotFound, Refused
from careers_app.services.visibility import identity
from careers_app.services.visibility.redaction import Identity, redact

REVEAL_TEXT = "Identity revealed by {actor}"
alias = identity.alias


# ----- which applications are hidden (the hiring team's side of the identity rule) ------------


def hidden_clause() -> sa.ColumnElement[bool]:
    """True for an application row (correlated on ``application``) whose identity is hidden."""
    return identity.masked_clause()


def hidden_ids(application_ids: list[int], *, session: Session) -> set[int]:
    wanted = set(application_ids)
    return wanted - identity.visible_ids(identity.Viewer.HIRING_TEAM, application_ids, session=session)


def is_hidden(application_id: int, *, session: Session) -> bool:
    return not identity.may_see_identity(identity.Viewer.HIRING_TEAM, application_id, session=session)


def document_hidden(document_id: int, *, session: Session) -> bool:
    """The documents route refuses a PDF while its application is hidden."""
    found = session.exec(
        select(Document.id)
        .join(Application, col(Application.id) == col(Document.application_id))
        .where(Document.id == document_id, hidden_clause())
    ).first()
    return found is not None


# ----- search that cannot find people by what is hidden -------------------------------------

_UNSAFE_WORD = re.compile(r"[@/.:]|[0-9]{4,}")


def search_word_clause(
    word: str, in_name: sa.ColumnElement[bool], in_resume: sa.ColumnElement[bool]
) -> sa.ColumnElement[bool]:
    """One search word: visible applications match by name or resume (``in_resume``, the
    resume's own text); hidden ones only by their redacted resume text (the one text the
    hiring team is shown, ``document.redacted_text``, where the name, email, phone, address
    and links are already placeholders), never by anything shaped like an email, link or
    phone number.

    Whether a hidden card matches depends on nothing but that shown text: a searcher learns
    nothing they could not read in the panel. (It used to leave out a hidden card whose own
    name, email or address held the word, meant to stop a name search: which turned search
    into an oracle. A word the searcher could see in the redacted text that made the card
    drop out was in the person's identity, and 2- and 3-letter pieces of the shared resume
    words named 24 of 36 hidden demo candidates: the attack run of issue 18.)"""
    hidden = hidden_clause()
    visible_match = sa.and_(sa.not_(hidden), sa.or_(in_name, in_resume))
    if _UNSAFE_WORD.search(word):
        return visible_match
    in_redacted = (
        select(Document.id)
        .where(
            col(Document.application_id) == col(Application.id),
            Document.kind == "resume",
            func.lower(Document.redacted_text).contains(word, autoescape=True),
        )
        .exists()
    )
    return sa.or_(visible_match, sa.and_(hidden, in_redacted))


# ----- redacting the resume text (services/visibility/redaction.py), once per application ------------------


def identity_of(application: Application, email: str) -> Identity:
    return Identity(
        first_name=application.first_name,
        last_name=application.last_name,
        email=email,
        phone=application.phone_e164,
        address=application.address,
        city=application.city,
        zip_code=application.zip_code,
        state=application.state,
        country=application.country,
        links=tuple(link for link in (application.linkedin, application.github, application.website) if link),
    )


def redacted_text(application: Application, email: str, kind: str, text: str) -> str:
    """What a hidden application's resume is shown and searched by: stored once in
    ``document.redacted_text`` when the application is made (migration 0019 filled the rows
    made before), so the panel and search read one text and nothing else. Other documents
    (cover letters) are not shown while hidden: "" for them."""
    return redact(text, identity_of(application, email)) if kind == "resume" else ""


# ----- the switch and the reveal ---------------------------------------------------------------


def is_enabled(posting_id: int, *, session: Session) -> bool:
    return session.get(BlindScreening, posting_id) is not None


def set_enabled(
    posting_id: int, enabled: bool, *, user_id: int | None, session: Session, client_address: str = ""
) -> None:
    """Turn blind screening on or off. Turning it off shows everyone it still hides, so it is
    a reveal of each of them: written to their stage history and the audit log, and they stay
    shown if it is turned on again. (Their applications elsewhere follow, unless another
    blind posting still hides the person; an application of this posting hidden only by
    such another one stays hidden and is not revealed here.)"""
    row = session.get(BlindScreening, posting_id)
    if enabled and row is None:
        session.add(BlindScreening(posting_id=posting_id, enabled_by=user_id))
    elif not enabled and row is not None:
        _reveal_everyone(posting_id, user_id, client_address, session=session)
        session.delete(row)
    session.flush()


def _reveal_everyone(posting_id: int, user_id: int | None, client_address: str, *, session: Session) -> None:
    hidden = session.exec(  # those its blind screening hides (identity.own_masked_clause)
        select(Application).where(col(Application.posting_id) == posting_id, identity.own_masked_clause())
    ).all()
    user = session.get(User, user_id) if user_id is not None else None
    actor = (
        audit.Actor.user(user.id or 0, user.email, client_address)
        if user is not None
        else audit.Actor(audit.SYSTEM, None, "system", client_address)
    )
    for application in hidden:
        if user is not None:
            session.add(
                IdentityReveal(
                    application_id=application.id or 0, user_id=user.id or 0, actor=user.name, at=utcnow()
                )
            )
        audit.record(
            audit.IDENTITY_REVEALED,
            actor,
            candidate_id=application.candidate_id,
            application_id=application.id,
            detail="blind screening turned off for the posting: identity revealed",
            session=session,
        )


@dataclass(frozen=True)
class Reveal:
    at: datetime
    actor: str


def reveals(application_id: int, *, session: Session) -> list[Reveal]:
    rows = session.exec(select(IdentityReveal).where(IdentityReveal.application_id == application_id)).all()
    return [Reveal(at=r.at, actor=r.actor) for r in rows]


def hidden_of_person(candidate_id: int, *, session: Session) -> list[int]:
    """The person's applications whose identity is hidden from the hiring team now, by id."""
    found = session.exec(
        select(Application.id)
        .where(col(Application.candidate_id) == candidate_id, hidden_clause())
        .order_by(col(Application.id))
    ).all()
    return [i for i in found if i is not None]


PERSON_REVEAL_DETAIL = "blind screening: identity revealed to open the person's data (People page)"


def reveal_person(
    candidate_id: int, user: CurrentUser, *, session: Session, client_address: str = ""
) -> list[int]:
    """An admin opening everything held about a person (the People page's zip) sees who made
    each of their applications: each one still hidden is revealed as the Reveal button does
    (a reveal row and an audit entry naming the admin, for each application that blinds the
    person), in the caller's unit of work. Returns the applications revealed."""
    revealed: list[int] = []
    for application_id in hidden_of_person(candidate_id, session=session):
        if not is_hidden(application_id, session=session):  # shown by the reveal of another
            continue
        application = session.get(Application, application_id)
        assert application is not None
        revealed += reveal(
            application_id,
            application.posting_id,
            user,
            session=session,
            client_address=client_address,
            detail=PERSON_REVEAL_DETAIL,
        )
    return revealed


def reveal(
    application_id: int,
    posting_id: int,
    user: CurrentUser,
    *,
    session: Session,
    client_address: str = "",
    detail: str = "blind screening: identity revealed",
) -> list[int]:
    """Show a hidden application's identity to the hiring team, logged with who did it.

    Blind screening hides the person (services/visibility/identity.py): a card is masked while any
    application of the same person is in blind screening. So the reveal is of the person:
    every application whose own rule masks this one (it, if its posting screens blind, and
    each of the same person's still in blind screening) gets a reveal row and an audit entry
    naming this user, and from then on every application of the person shows them. Returns
    the applications revealed (by id)."""
    application = session.exec(
        select(Application).where(Application.id == application_id, Application.posting_id == posting_id)
    ).first()
    if application is None:
        raise NotFound("This application is not on this board.")
    if not is_hidden(application_id, session=session):
        raise Refused("This candidate's identity is already shown.")
    blinding = identity.blinding_ids(application_id, session=session)
    try:
        with session.begin_nested():
            for blind_id in blinding:
                session.add(
                    IdentityReveal(application_id=blind_id, user_id=user.id, actor=user.name, at=utcnow())
                )
            session.flush()
    except sa.exc.IntegrityError as exc:
        raise Refused("Someone revealed this candidate's identity a moment ago.") from exc
    for blind_id in blinding:
        revealed = application if blind_id == application_id else session.get(Application, blind_id)
        assert revealed is not None
        why = detail if blind_id == application_id else f"{detail} (the person's #{application_id})"
        _audit(revealed, user, client_address, why, session=session)
    return blinding


def _audit(
    application: Application, user: CurrentUser, client_address: str, detail: str, *, session: Session
) -> None:
    """The audit log's row for it (ids only, nothing personal), in the same commit."""
    audit.record(
        audit.IDENTITY_REVEALED,
        audit.Actor.user(user.id, user.email, client_address),
        candidate_id=application.candidate_id,
        application_id=application.id,
        detail=detail,
        session=session,
    )

"""Errors the domain raises on purpose, with the message a person should read.

Handlers never catch these one by one: the shared handler pattern (states/guard.py and
the HTTP routes) turns them into the person's message. ``keep_changes`` says whether
what the unit of work wrote before the error must still be committed: a failed sign-in
must be recorded even though the sign-in is refused.
"""

from __future__ import annotations


class DomainError(Exception):
    """A request the domain refuses; ``str(error)`` is safe to show to the person."""

    keep_changes: bool = False


class NotFound(DomainError):
    """The thing asked for does not exist, or this person may not know that it does."""


class Refused(DomainError):
    """The request is understood but not allowed now (a closed posting, a bad move)."""


class Conflict(DomainError):
    """Someone else changed the thing first."""


class Invalid(DomainError):
    """Input that does not pass validation; ``errors`` maps field names to messages."""

    def __init__(self, errors: dict[str, str], message: str = "Some fields need attention.") -> None:
        super().__init__(message)
        self.errors = errors

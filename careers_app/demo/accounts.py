"""Demo hiring-team accounts, with passwords nobody else knows.

Passwords are generated when an account is created (or set from CAREERS_DEMO_PASSWORD
for tests and benchmarks, which production refuses), shown once by the CLI and kept in
``<data dir>/demo-accounts.txt`` (mode 0600). Passwords that older versions printed in
the README are replaced wherever they are still in use, so no install keeps one.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, select

from careers_app.demo.content import people
from careers_app.models import User
from careers_app.services.platform.auth import create_user, revoke_all_sessions

ACCOUNTS_FILE = "demo-accounts.txt"
# Printed in the README of earlier versions: public knowledge, never valid again.
PUBLISHED_PASSWORDS = ("demo-recruiter-2026", "demo-admin-2026!", "demo-compliance-2026")

_hasher = PasswordHasher()


@dataclass(frozen=True)
class DemoAccount:
    email: str
    name: str
    role: str
    password: str
    created: bool  # False: an existing account got a new password


def new_password() -> str:
    """20 URL-safe characters (120 bits): typed rarely, copied from the console or the file."""
    return secrets.token_urlsafe(15)


def _matches(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def ensure_demo_users(*, session: Session, password: str = "") -> list[DemoAccount]:
    """Create the missing demo accounts; return every account whose password was set now.

    With ``password`` every demo account gets that password; without, each new account
    gets its own random one, and an existing account still on a published password gets
    a new one (and loses its sessions).
    """
    changed: list[DemoAccount] = []
    for spec in people().accounts:
        user = session.exec(select(User).where(User.email == spec.email)).first()
        if user is None:
            secret = password or new_password()
            create_user(spec.email, spec.name, secret, spec.role, session=session)
        elif password and not _matches(user.password_hash, password):
            secret = password
        elif not password and any(_matches(user.password_hash, p) for p in PUBLISHED_PASSWORDS):
            secret = new_password()
        else:
            continue
        if user is not None:
            assert user.id is not None
            user.password_hash = _hasher.hash(secret)
            session.add(user)
            session.flush()
            revoke_all_sessions(user.id, session=session)
        changed.append(DemoAccount(spec.email, spec.name, spec.role, secret, created=user is None))
    return changed


def read_accounts_file(path: Path) -> dict[str, tuple[str, str]]:
    """email -> (role, password) from a file written by ``write_accounts_file``."""
    found: dict[str, tuple[str, str]] = {}
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if len(parts) == 3 and not line.startswith("#"):
                found[parts[0]] = (parts[1], parts[2])
    return found


def write_accounts_file(path: Path, accounts: Iterable[DemoAccount]) -> None:
    """Record new passwords beside the ones already there, readable by the owner only."""
    entries = read_accounts_file(path)
    entries.update({a.email: (a.role, a.password) for a in accounts})
    lines = ["# Demo accounts of this install (sign in at /recruiting). email role password"]
    lines += [f"{email} {role} {secret}" for email, (role, secret) in entries.items()]
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        os.fchmod(out.fileno(), 0o600)  # an older file may have had wider permissions
        out.write("\n".join(lines) + "\n")

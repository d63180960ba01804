"""Command line for operators.

python -m careers_app.cli migrate                 bring the database to the newest schema
python -m careers_app.cli demo                    demo postings, applications and users (empty db only);
                                                  new demo passwords are printed once and kept in
                                                  <data dir>/demo-accounts.txt (mode 0600)
python -m careers_app.cli setup                   migrate, then demo
python -m careers_app.cli create-admin EMAIL NAME first admin (password from CAREERS_ADMIN_PASSWORD or prompt)
python -m careers_app.cli demo-applications SLUG N   add N generated applications to one posting
python -m careers_app.cli purge-drafts            delete drafts untouched for 30 days, and their files
python -m careers_app.cli api-key create NAME --admin EMAIL
                                                  a job board API key owned by that active admin; the
                                                  key alone goes to stdout, shown only now
python -m careers_app.cli api-key list            every key (id, name, prefix, dates; never a key)
python -m careers_app.cli api-key revoke ID       refused from the next request on
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from sqlmodel import Session

from careers_app import at_rest
from careers_app.demo import accounts, applicants
from careers_app.demo import scorecards as demo_scorecards
from careers_app.demo.postings import load_demo_data
from careers_app.services.applying import applications
from careers_app.services.board.pipeline import posting_id_for_slug
from careers_app.services.platform import api_keys, auth
from careers_app.services.platform.auth import create_user
from careers_app.services.platform.db import get_engine, migrate, session_scope
from careers_app.services.platform.errors import Invalid, NotFound
from careers_app.settings import get_settings


def _report_demo_accounts(changed: list[accounts.DemoAccount], path: Path) -> None:
    """Show new demo passwords once, and keep them where only this user can read them."""
    if not changed:
        return
    print("demo accounts (sign in at /recruiting); these passwords are shown only now:")
    for account in changed:
        print(f"  {account.email:<26} {account.role:<11} {account.password}")
    accounts.write_accounts_file(path, changed)
    print(f"also written to {path} (readable only by you)")


def _admin_id(email: str, *, session: Session) -> int | None:
    """The id of the active admin with this email (a key answers to its admin's account)."""
    wanted = email.strip().lower()
    for account in auth.list_accounts(session=session):
        if account.email.lower() == wanted and account.active and account.role in auth.ADMIN_ROLES:
            return account.id
    return None


def api_key_command(args: argparse.Namespace) -> int:
    """make, list or revoke job board API keys: automation's way to what /team/api-keys does."""
    if args.action == "create":
        with session_scope() as session:
            admin_id = _admin_id(args.admin, session=session)
            if admin_id is None:
                print(f"no active admin account with email {args.admin!r}", file=sys.stderr)
                return 2
            try:
                made = api_keys.create_key(args.name, created_by=admin_id, session=session)
            except Invalid as invalid:
                print("; ".join(invalid.errors.values()), file=sys.stderr)
                return 2
        print(made.key)
        print(
            f"key {made.info.id} {made.info.name!r} made for {args.admin}; it is shown only now",
            file=sys.stderr,
        )
    elif args.action == "list":
        with session_scope() as session:
            keys = api_keys.list_keys(session=session)
        for key in keys:
            state = f"revoked {key.revoked_at}" if not key.active else "active"
            used = f"last used {key.last_used_at}" if key.last_used_at else "never used"
            print(f"{key.id}\t{key.name}\t{key.prefix}...\tmade {key.created_at}\t{used}\t{state}")
    else:
        try:
            with session_scope() as session:
                info = api_keys.revoke_key(args.id, session=session)
        except NotFound as missing:
            print(str(missing), file=sys.stderr)
            return 2
        print(f"key {info.id} {info.name!r} revoked ({info.revoked_at})")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="careers_app.cli")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("migrate", "demo", "setup", "purge-drafts"):
        sub.add_parser(name)
    admin = sub.add_parser("create-admin")
    admin.add_argument("email")
    admin.add_argument("name")
    bulk = sub.add_parser("demo-applications")
    bulk.add_argument("slug")
    bulk.add_argument("count", type=int)
    key = sub.add_parser("api-key").add_subparsers(dest="action", required=True)
    create = key.add_parser("create")
    create.add_argument("name")
    create.add_argument("--admin", required=True, help="email of the active admin the key belongs to")
    key.add_parser("list")
    key.add_parser("revoke").add_argument("id", type=int)
    args = parser.parse_args(argv)
    settings = get_settings()
    at_rest.secure(settings)  # the database this may create is private from the start

    if args.command in ("migrate", "setup"):
        migrate()
        print(f"database at head: {get_engine().url.render_as_string(hide_password=True)}")
    if args.command == "setup" and not settings.configured_secret_key:
        _ = settings.secret_key  # made now (see settings.stored_secret), before any worker starts
    if args.command in ("demo", "setup") and settings.is_production:
        print("demo data: skipped (CAREERS_ENV=production)")
    elif args.command in ("demo", "setup"):
        with session_scope() as session:
            added = load_demo_data(session=session)
            apps_added = applicants.load_demo_applications(settings.upload_dir, session=session)
            changed = accounts.ensure_demo_users(session=session, password=settings.demo_password)
            demo_scorecards.load_demo_scorecards(session=session)  # needs the accounts
        users = sum(1 for a in changed if a.created)
        print(f"demo data: {added} postings, {apps_added} applications, {users} users added")
        _report_demo_accounts(changed, settings.data_dir / accounts.ACCOUNTS_FILE)
    if args.command == "create-admin":
        password = os.environ.get("CAREERS_ADMIN_PASSWORD") or getpass.getpass("Password (12+ characters): ")
        with session_scope() as session:
            user = create_user(args.email, args.name, password, "admin", session=session)
        print(f"admin created: {user.email}")
    if args.command == "demo-applications":
        with session_scope() as session:
            found = posting_id_for_slug(args.slug, session=session)
            if found is None:
                print(f"no posting with slug {args.slug!r}", file=sys.stderr)
                return 2
            added = applicants.add_demo_applications(
                found[0], args.count, settings.upload_dir, session=session, seed=args.count
            )
        print(f"{added} applications added to {found[1]}")
    if args.command == "api-key":
        return api_key_command(args)
    if args.command == "purge-drafts":
        with session_scope() as session:
            removed = applications.purge_stale_drafts(settings.upload_dir, session=session)
        print(f"{removed} stale drafts removed")
    return 0


if __name__ == "__main__":
    sys.exit(main())

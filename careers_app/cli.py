"""Command line for operators.

python -m careers_app.cli migrate                 bring the database to the newest schema
python -m careers_app.cli demo                    demo postings, applications and users (empty db only);
                                                  new demo passwords are printed once and kept in
                                                  <data dir>/demo-accounts.txt (mode 0600)
python -m careers_app.cli setup                   migrate, then demo
python -m careers_app.cli create-admin EMAIL NAME first admin (password from CAREERS_ADMIN_PASSWORD or prompt)
python -m careers_app.cli demo-applications SLUG N   add N generated applications to one posting
python -m careers_app.cli purge-drafts            delete drafts untouched for 30 days, and their files
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from careers_app import at_rest
from careers_app.demo import accounts, applicants
from careers_app.demo import scorecards as demo_scorecards
from careers_app.demo.postings import load_demo_data
from careers_app.services import applications
from careers_app.services.auth import create_user
from careers_app.services.db import get_engine, migrate, session_scope
from careers_app.services.pipeline import posting_id_for_slug
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
    if args.command == "purge-drafts":
        with session_scope() as session:
            removed = applications.purge_stale_drafts(settings.upload_dir, session=session)
        print(f"{removed} stale drafts removed")
    return 0


if __name__ == "__main__":
    sys.exit(main())

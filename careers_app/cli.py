"""Command line: `python -m careers_app.cli migrate | demo | setup`."""

from __future__ import annotations

import argparse
import sys

from careers_app.services.db import get_engine, migrate, session_scope
from careers_app.services.demo_data import load_demo_data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="careers_app.cli")
    parser.add_argument("command", choices=["migrate", "demo", "setup"])
    args = parser.parse_args(argv)
    if args.command in ("migrate", "setup"):
        migrate()
        print(f"database at head: {get_engine().url.render_as_string(hide_password=True)}")
    if args.command in ("demo", "setup"):
        with session_scope() as session:
            added = load_demo_data(session=session)
        print(f"demo data: {added} postings added" if added else "demo data: already present")
    return 0


if __name__ == "__main__":
    sys.exit(main())

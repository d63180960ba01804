"""Serve the floor app (bench/floor) with the careers app's Granian settings, backend only.

The very ``serve`` of ``careers_app/devtools/instance.py`` (same Granian ``Server``
arguments: ASGI, ``--workers`` processes, respawn, kill timeout, backlog), run from this
folder, so Reflex loads ``bench/floor/rxconfig.py``. No frontend is mounted: the load generator
speaks the protocol itself, and the mount only adds a static route that no event uses.

    python bench/floor/serve.py --port 8001 --workers 1
"""

from __future__ import annotations

import os
from pathlib import Path

from careers_app.devtools.instance import arguments, serve

FLOOR = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> None:
    args = arguments(__doc__.split("\n\n")[0], argv)
    os.chdir(FLOOR)
    serve(args, mount_frontend=False)


if __name__ == "__main__":
    main()

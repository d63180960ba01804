"""Serve the floor app (bench/floor) with the careers app's Granian settings, backend only.

A mirror of ``careers_app/devtools/instance.py`` (same Granian ``Server`` arguments:
ASGI, ``--workers`` processes, respawn, kill timeout, backlog) run from this folder, so
Reflex loads ``bench/floor/rxconfig.py``. No frontend is mounted: the load generator
speaks the protocol itself, and the mount only adds a static route that no event uses.

    python bench/floor/serve.py --port 8001 --workers 1
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

FLOOR = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("GRANIAN_WORKERS", "2")))
    parser.add_argument("--kill-timeout", type=int, default=20)
    args = parser.parse_args(argv)
    os.chdir(FLOOR)

    from granian.constants import Interfaces
    from granian.log import LogLevels
    from granian.server import Server
    from reflex.utils import exec as reflex_exec
    from reflex_base.environment import environment

    os.environ[environment.REFLEX_ENV_MODE.name] = "prod"
    os.environ[environment.REFLEX_SKIP_COMPILE.name] = "true"
    os.environ[environment.REFLEX_MOUNT_FRONTEND_COMPILED_APP.name] = "false"

    Server(
        target=reflex_exec.get_app_instance_from_file(),
        factory=True,
        address=args.host,
        port=args.port,
        interface=Interfaces.ASGI,
        workers=args.workers,
        log_level=LogLevels(os.environ.get("GRANIAN_LOG_LEVEL", "warning")),
        respawn_failed_workers=True,
        respawn_interval=0.5,
        workers_kill_timeout=args.kill_timeout,
        backlog=2048,
    ).serve()


if __name__ == "__main__":
    main()

"""Serve one app instance (its own Granian workers) from an already built frontend.

``reflex run --env prod`` builds the frontend into the checkout's ``.web/`` at every start,
so two instances from one checkout would build over each other. An instance of the
cluster (``scripts/cluster``) serves a snapshot of one build instead: ``REFLEX_WEB_WORKDIR``
points at the snapshot, nothing is compiled, and the built pages are mounted exactly as
``reflex run --env prod`` mounts them (frontend and backend on one port).

    python -m careers_app.devtools.instance --port 8001 --workers 2

Differences from ``reflex run``: a worker that dies (killed, out of memory) is started
again by Granian (``respawn_failed_workers``), and on SIGTERM Granian stops accepting,
lets running requests and events finish for up to ``--kill-timeout`` seconds, then
stops the workers.
"""

from __future__ import annotations

import argparse
import os
import sys

from careers_app.settings import PROJECT_ROOT


def arguments(description: str, argv: list[str] | None = None) -> argparse.Namespace:
    """The command line of a served instance (this one, and bench/floor/serve.py's)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("GRANIAN_WORKERS", "2")))
    parser.add_argument("--kill-timeout", type=int, default=20, help="seconds in-flight work gets at SIGTERM")
    return parser.parse_args(argv)


def serve(args: argparse.Namespace, *, mount_frontend: bool) -> None:
    """Granian serving the Reflex app of the current folder's rxconfig.py, in production
    mode and without compiling; ``mount_frontend``: the built pages on the same port."""
    from granian.constants import Interfaces
    from granian.log import LogLevels
    from granian.server import Server
    from reflex.utils import exec as reflex_exec
    from reflex_base.environment import environment

    # Inherited by the workers: production mode, no compile, the built pages mounted or not.
    os.environ[environment.REFLEX_ENV_MODE.name] = "prod"
    os.environ[environment.REFLEX_SKIP_COMPILE.name] = "true"
    os.environ[environment.REFLEX_MOUNT_FRONTEND_COMPILED_APP.name] = "true" if mount_frontend else "false"

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


def main(argv: list[str] | None = None) -> None:
    args = arguments(__doc__.split("\n\n")[0], argv)
    if "REFLEX_WEB_WORKDIR" not in os.environ:
        sys.exit("REFLEX_WEB_WORKDIR must point at a built snapshot (see careers_app/devtools/cluster.py)")
    os.chdir(PROJECT_ROOT)
    serve(args, mount_frontend=True)


if __name__ == "__main__":
    main()

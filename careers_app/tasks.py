"""Work the running app does on its own, beside serving requests.

Registered in careers_app.py as a Reflex lifespan task, so it starts and stops with
every worker process. Several workers (and instances) run it at once; the maintenance
steps take care of that themselves (see services/maintenance.py).
"""

from __future__ import annotations

import asyncio
import logging
import random

from careers_app.services import maintenance
from careers_app.settings import get_settings

logger = logging.getLogger(__name__)

MAINTENANCE_EVERY_SECONDS = 15 * 60
FIRST_RUN_AFTER_SECONDS = (30.0, 90.0)  # not during start-up, and not all workers at once


async def maintenance_loop() -> None:
    """Purge stale drafts, sweep orphaned files and prune upload events, every 15 minutes.

    The work runs in a thread (it touches the disk and the database). A failure is
    logged and tried again next round: housekeeping must never take the app down.
    Cancelled (at shutdown) only while sleeping or awaiting the thread.
    """
    await asyncio.sleep(random.uniform(*FIRST_RUN_AFTER_SECONDS))  # noqa: S311
    while True:
        try:
            report = await asyncio.to_thread(maintenance.run_maintenance, get_settings().upload_dir)
            if report.did_anything:
                logger.info("maintenance: %s", report)
        except Exception:
            logger.exception("maintenance failed; trying again in %d s", MAINTENANCE_EVERY_SECONDS)
        await asyncio.sleep(MAINTENANCE_EVERY_SECONDS * random.uniform(0.9, 1.1))  # noqa: S311

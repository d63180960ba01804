"""Work the running app does on its own, beside serving requests.

Registered in careers_app.py as a Reflex lifespan task, so it starts and stops with
every worker process. Several workers (and instances) run it at once; the maintenance
steps take care of that themselves (see services/privacy/maintenance.py).
"""

from __future__ import annotations

import asyncio
import gc
import logging
import random

from careers_app.services.candidates import documents
from careers_app.services.jobboard import job_alerts
from careers_app.services.mail import mail, outbox
from careers_app.services.privacy import maintenance, retention
from careers_app.settings import get_settings

logger = logging.getLogger(__name__)

MAINTENANCE_EVERY_SECONDS = 15 * 60
FIRST_RUN_AFTER_SECONDS = (30.0, 90.0)  # not during start-up, and not all workers at once
SEND_EVERY_SECONDS = 5.0  # how soon a confirmation email leaves after the application


async def freeze_startup_objects() -> None:
    """Leave the app's own objects (modules, compiled pages, components: ~200,000 of them)
    out of every later garbage collection.

    A full collection walks every tracked object; with the app loaded it took ~100 ms, on
    the worker's event loop, so every event queued behind it would wait. ``gc.freeze``
    moves what exists now to a permanent generation the collector skips; objects made later
    are collected as usual. (bench/load.py showed no difference beyond its run-to-run spread:
    full collections are rare; this bounds the one that does come.) Runs as a lifespan task,
    once the worker has loaded the app.
    """
    gc.collect()
    gc.freeze()


async def start_pdf_checker() -> None:
    """Start this worker's PDF check server (documents.CheckServer) now, not at the first
    upload, so no candidate waits for its interpreter start and pypdf's import. A failure
    is only logged: the first upload tries again."""

    try:
        await asyncio.to_thread(documents.warm_up)
    except Exception:
        logger.warning("the PDF check server did not start; the first upload will try again", exc_info=True)


async def maintenance_loop() -> None:
    """Purge stale drafts, sweep orphaned files and prune upload events, every 15 minutes;
    and once a UTC day (claimed in the database: one worker of all) the retention purge and
    the job alert digests.

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
        try:
            purged = await asyncio.to_thread(retention_purge_once)
            if purged is not None:
                logger.info("retention purge: %s", purged)
        except Exception:
            logger.exception("retention purge failed; the next day's run takes whoever is still due")
        try:
            digests = await asyncio.to_thread(job_alert_digests_once)
            if digests is not None:
                logger.info("job alerts: %s", digests)
        except Exception:
            logger.exception("job alert digests failed; each alert's next digest covers what this one missed")
        await asyncio.sleep(MAINTENANCE_EVERY_SECONDS * random.uniform(0.9, 1.1))  # noqa: S311


def retention_purge_once() -> retention.PurgeReport | None:
    """The daily retention purge, if no worker has run it yet today (services/privacy/retention.py)."""
    settings = get_settings()
    return retention.purge_if_due(retention.RetentionPolicy.from_settings(settings), settings.upload_dir)


def job_alert_digests_once() -> job_alerts.DigestReport | None:
    """The daily job alert digests, if no worker has sent them yet today (services/jobboard/job_alerts.py)."""
    settings = get_settings()
    return job_alerts.digest_if_due(
        job_alerts.Mailing(base_url=settings.base_url, company=settings.company_name)
    )


def send_outbox_once() -> outbox.SendReport:
    """One round of the sender with the configured transport (SMTP, or .eml files)."""
    settings = get_settings()
    transport = mail.transport_from(
        settings.smtp_url, sender=settings.sender, reply_to=settings.reply_to, drop_dir=settings.mail_drop_dir
    )
    return outbox.send_due(transport, domain=settings.mail_domain)


async def outbox_loop() -> None:
    """Deliver the outbox every few seconds, in a thread (smtplib blocks).

    Every worker runs this; claims in the database keep any message from going out
    twice (services/mail/outbox.py). A failure of a round (database away) is logged and the
    next round tries again: mail must never take the app down.
    """
    await asyncio.sleep(SEND_EVERY_SECONDS * random.uniform(0.2, 1.0))  # noqa: S311 (workers spread out)
    while True:
        try:
            report = await asyncio.to_thread(send_outbox_once)
            if report.did_anything:
                logger.info("outbox: %s", report)
        except Exception:
            logger.exception("outbox round failed; trying again in %.0f s", SEND_EVERY_SECONDS)
        await asyncio.sleep(SEND_EVERY_SECONDS * random.uniform(0.8, 1.2))  # noqa: S311

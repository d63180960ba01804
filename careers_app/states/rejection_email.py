"""The reject dialog's "Send rejection email" choice (called from PipelineState.confirm_reject)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import reflex as rx

from careers_app.services import rejection_email
from careers_app.settings import get_settings
from careers_app.states.guard import uow


def rejection_notice(application_id: int, posting_id: int) -> Any:
    """Queue the "not selected" email after the undo window, inside the rejecting event's unit
    of work, and say when it goes."""
    minutes = get_settings().rejection_email_delay_minutes
    rejection_email.queue(application_id, posting_id, delay=timedelta(minutes=minutes), session=uow().session)
    if minutes == 0:
        return rx.toast.success("Rejected. The rejection email is on its way.")
    return rx.toast.success(
        f"Rejected. The rejection email goes {rejection_email.delay_words(minutes)}; "
        "move the card out of Rejected before then and it will not be sent."
    )

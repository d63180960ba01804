"""The reject dialog's "Send rejection email" choice (used by PipelineState.confirm_reject): the
email itself is queued with the move (services/board/transitions.py)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import reflex as rx

from careers_app.services.mail import rejection_email
from careers_app.settings import get_settings


def rejection_delay() -> timedelta:
    """When the "not selected" email goes after a rejection: the undo window."""
    return timedelta(minutes=get_settings().rejection_email_delay_minutes)


def rejection_notice() -> Any:
    """Say when the rejection email queued with the move goes."""
    minutes = get_settings().rejection_email_delay_minutes
    if minutes == 0:
        return rx.toast.success("Rejected. The rejection email is on its way.")
    return rx.toast.success(
        f"Rejected. The rejection email goes {rejection_email.delay_words(minutes)}; "
        "move the card out of Rejected before then and it will not be sent."
    )

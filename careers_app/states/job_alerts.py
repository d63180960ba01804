"""Job alerts on the job board: a thin handler over services/jobboard/job_alerts.py.

The typed address is not kept in the state (the form's input holds it); what the handler
sets is the one answer every address gets, or a field's error (English messages the page
shows in the tab's language, ``tr()``).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import reflex as rx

from careers_app.services.candidates import upload_limits as limits
from careers_app.services.jobboard import job_alerts
from careers_app.settings import get_settings
from careers_app.states.guard import Access, handler, uow
from careers_app.states.language import tab_language

FIELDS = ("email", "team", "office", "keyword")


def _no_errors() -> dict[str, str]:
    return dict.fromkeys(FIELDS, "")


class JobAlertState(rx.State):
    errors: dict[str, str] = _no_errors()
    answer: str = ""

    @rx.event
    @handler(Access.PUBLIC)
    def subscribe(self, form_data: dict[str, Any]) -> None:
        data = form_data if isinstance(form_data, dict) else {}
        email = data.get("email", "")
        criteria, errors = job_alerts.Criteria.read(
            data.get("team", ""), data.get("office", ""), data.get("keyword", "")
        )
        if errors:
            self.errors, self.answer = {**_no_errors(), **errors}, ""
            return
        settings = get_settings()
        params = {str(k): str(v) for k, v in dict(self.router.url.query_parameters or {}).items()}
        page = self.router.url.path + (f"?{urlencode(params)}" if params else "")
        result = job_alerts.subscribe(
            email[:320] if isinstance(email, str) else "",
            criteria,
            client_key=limits.client_key(self.router.session.client_ip, settings.secret_key),
            page=page,
            secret=settings.secret_key,
            mailing=job_alerts.Mailing(base_url=settings.base_url, company=settings.company_name),
            session=uow().session,
            lang=tab_language(self),  # the consent words the form showed; the alert's emails speak it
        )
        self.errors = {**_no_errors(), **(result.errors or {})}
        self.answer = result.answer

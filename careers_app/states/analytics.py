"""Funnel analytics for recruiters and admins (Access.BOARD): no equal-opportunity data.

The posting and dates live in the URL (``?posting=<slug>&from=&to=``), as on the
compliance page, so a view can be shared; choosing them redirects and ``load`` reads them.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from careers_app import routes
from careers_app.services.compliance import analytics
from careers_app.states.guard import Access, handler, uow
from careers_app.states.team import HiringTeamState


class AnalyticsState(HiringTeamState):
    postings: list[analytics.PostingOption] = []
    posting: str = ""  # slug; empty: all postings
    date_from: str = ""
    date_to: str = ""
    notice: str = ""
    form_key: str = ""  # remounts the filter form when the URL changes its defaults
    applications: int = 0
    weekly: list[analytics.WeekCount] = []
    conversion: list[analytics.Conversion] = []
    time_in_stage: list[analytics.StageTime] = []
    hires: int = 0
    hire_median: str = ""
    hire_p90: str = ""
    sources: list[analytics.SourceCount] = []

    @rx.event
    @handler(Access.BOARD)
    def load(self) -> None:
        self._show_user()
        self._leave_board()
        session = uow().session
        params = self.router.url.query_parameters
        posting, date_from, date_to = (str(params.get(k, ""))[:200] for k in ("posting", "from", "to"))
        filter_, self.notice = analytics.parse_filter(posting, date_from, date_to, session=session)
        self.postings = analytics.posting_options(session=session)
        self.posting = next((p.slug for p in self.postings if p.id == filter_.posting_id), "")
        self.date_from = filter_.submitted_from.isoformat() if filter_.submitted_from else ""
        self.date_to = filter_.submitted_to.isoformat() if filter_.submitted_to else ""
        self.form_key = f"{self.posting}|{self.date_from}|{self.date_to}"
        report = analytics.funnel(filter_, session=session)
        self.applications = report.applications
        self.weekly = list(report.weekly)
        self.conversion = list(report.conversion)
        self.time_in_stage = list(report.time_in_stage)
        self.hires = report.hires
        days = (report.hire_median_days, report.hire_p90_days)
        self.hire_median, self.hire_p90 = (f"{d:.1f} days" if d is not None else "–" for d in days)
        self.sources = list(report.sources)

    @rx.event
    @handler(Access.BOARD)
    def choose(self, form_data: dict[str, str]) -> Any:
        """Show the figures for the chosen posting and dates, at a URL that can be shared."""
        data = form_data if isinstance(form_data, dict) else {}
        posting, date_from, date_to = (str(data.get(k, ""))[:200] for k in ("posting", "from", "to"))
        return rx.redirect(routes.analytics_url(posting=posting, date_from=date_from, date_to=date_to))

"""The hiring team's base state, sign-in page, "not allowed" page and compliance home.

Signing in and out are plain HTTP routes (careers_app/http/auth_routes.py) so the session
cookie can be HttpOnly; these states only read it, through the shared handler pattern.
"""

from __future__ import annotations

import functools
from typing import Any

import reflex as rx

from careers_app import routes
from careers_app.services.compliance import compliance, eeo_disclosure, eeo_reports
from careers_app.services.compliance.impact_charts import ImpactChart, impact_charts
from careers_app.services.platform import auth
from careers_app.states.guard import Access, handler, hiring_team_root, leave_feeds, uow

SIGN_IN_MESSAGES = {
    "credentials": "Email or password is not right.",
    "origin": "Sign in from this site's own sign-in page.",
    "expired": "Your session ended. Sign in again.",
}


@hiring_team_root
class HiringTeamState(rx.State):
    """Base of every hiring-team state: who is signed in, for the header."""

    user_name: str = ""
    user_role: str = ""
    _user_id: int = 0  # whose data this tab holds (guard.gate_hydrate gives it to nobody else)

    def _show_user(self) -> None:
        user = uow().user
        self.user_name, self.user_role, self._user_id = user.name, str(user.role), user.id

    def _leave_board(self) -> None:
        """A page that is not a board stops this browser's live board feed (after the commit)."""
        uow().after.append(functools.partial(leave_feeds, self))


class SignInState(HiringTeamState):
    error: str = ""
    next_path: str = ""

    @rx.event
    @handler(Access.PUBLIC)
    def load(self) -> Any:
        """Signed in already: go to your own home. Otherwise show why we are here, if we know."""
        call = uow()
        params = self.router.url.query_parameters
        self.next_path = routes.safe_next(str(params.get("next", "")))
        if call.user_or_none is not None:
            return rx.redirect(self.next_path or auth.home_for(call.user.role))
        self.user_name = self.user_role = ""
        self._leave_board()
        code = str(params.get("error", ""))
        wait = str(params.get("wait", ""))
        if code == "throttled" and wait.isdigit() and len(wait) < 6:
            self.error = (
                f"Too many failed sign-ins. Try again in {auth.wait_words(int(wait))}, "
                "or from a browser where you have signed in before."
            )
        else:
            self.error = SIGN_IN_MESSAGES.get(code, "")
        return rx.set_focus("signin-email") if self.error else None


class NotAllowedState(HiringTeamState):
    home: str = ""

    @rx.event
    @handler(Access.SIGNED_IN)
    def load(self) -> None:
        self._show_user()
        self.home = auth.home_for(uow().user.role)
        self._leave_board()


class ComplianceState(HiringTeamState):
    """Compliance home: aggregate counts only; no names, no per-person answers.

    The report's posting and period (all time or one closed calendar quarter: the quarter
    under way is never reported, services/compliance/eeo_snapshots.py) live in the URL
    (``?posting=<slug>&from=&to=``) so a report can be shared as a link; choosing them
    redirects and ``load`` reads them back. Every number here comes through the one
    disclosure rule (``services/compliance/eeo_disclosure.py``).
    """

    rows: list[compliance.PostingResponseRate] = []
    postings: list[eeo_reports.PostingChoice] = []
    periods: list[eeo_disclosure.PeriodChoice] = []
    posting: str = ""  # slug; empty: all postings
    period: str = ""  # "2026-Q3"; empty: all time
    date_from: str = ""
    date_to: str = ""
    notice: str = ""
    not_yet: str = ""  # the quarter under way: when it will be reported, and why not before
    tables: list[eeo_reports.QuestionTable] = []
    impact: list[eeo_reports.ImpactRow] = []
    charts: dict[str, ImpactChart] = {}  # per question field: impact ratios to draw
    form_key: str = ""  # remounts the filter form when the URL changes its defaults

    @rx.event
    @handler(Access.COMPLIANCE)
    def load(self) -> None:
        self._show_user()
        self._leave_board()
        session = uow().session
        params = self.router.url.query_parameters
        posting, date_from, date_to = (str(params.get(k, ""))[:200] for k in ("posting", "from", "to"))
        report, self.notice = eeo_reports.parse_filter(posting, date_from, date_to, session=session)
        shown = eeo_reports.disclosures(session=session)
        self.not_yet = eeo_reports.not_yet_reported()
        self.rows = compliance.response_rates(shown, session=session)
        self.postings = eeo_reports.posting_choices(session=session)
        self.periods = shown.periods()
        self.posting = next((p.slug for p in self.postings if p.id == report.posting_id), "")
        self.date_from = report.submitted_from.isoformat() if report.submitted_from else ""
        self.date_to = report.submitted_to.isoformat() if report.submitted_to else ""
        chosen = eeo_disclosure.period_choice(report.submitted_from) if report.submitted_from else None
        self.period = chosen.code if chosen else ""
        if chosen and chosen.code not in {p.code for p in self.periods}:
            self.periods = [*self.periods, chosen]  # a quarter without applications, from a link
        tables, impact = eeo_reports.reports(report, session=session, shown=shown)
        self.tables, self.impact = list(tables), list(impact)
        self.charts = {c.field: c for c in impact_charts(impact)}
        self.form_key = f"{self.posting}|{self.period}"

    @rx.var
    def eeo_csv_url(self) -> str:
        return routes.compliance_csv_url(
            "eeo", posting=self.posting, date_from=self.date_from, date_to=self.date_to
        )

    @rx.var
    def impact_csv_url(self) -> str:
        return routes.compliance_csv_url(
            "impact", posting=self.posting, date_from=self.date_from, date_to=self.date_to
        )

    @rx.event
    @handler(Access.COMPLIANCE)
    def choose(self, form_data: dict[str, str]) -> Any:
        """Show the report for the chosen posting and period, at a URL that can be shared."""
        data = form_data if isinstance(form_data, dict) else {}
        posting = str(data.get("posting", ""))[:200]
        period = eeo_disclosure.period_from_code(str(data.get("period", ""))[:20])
        return rx.redirect(
            routes.compliance_url(posting=posting, date_from=period.date_from, date_to=period.date_to)
        )

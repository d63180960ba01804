"""The job board: filters live in the URL, so a filtered list can be shared."""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.event import EventSpec

from careers_app import i18n, routes
from careers_app.services.postings.postings import BoardFilters, Option, PostingSummary, search_board
from careers_app.states.guard import Access, handler, uow
from careers_app.states.language import point_switcher, tab_language


def page_key(path: str, params: Any) -> str:
    items = sorted((str(k), str(v)) for k, v in dict(params or {}).items())
    return (path or "/").rstrip("/") + "?" + "&".join(f"{k}={v}" for k, v in items)


class BoardState(rx.State):
    team: str = ""
    office: str = ""
    q: str = ""
    postings: list[PostingSummary] = []
    teams: list[Option] = []
    offices: list[Option] = []
    total_open: int = 0
    unknown_team: bool = False
    unknown_office: bool = False
    raw_team: str = ""  # what the URL asked for, shown back (React escapes it)
    raw_office: str = ""
    loaded: bool = False
    loaded_for: str = ""  # the path and query the state was loaded for
    lang: str = i18n.DEFAULT  # the counts' language (states/language.py)

    @rx.event
    @handler(Access.PUBLIC)
    def load(self) -> None:
        params = self.router.url.query_parameters
        raw_team = str(params.get("team", ""))[:80]
        raw_office = str(params.get("office", ""))[:80]
        filters = BoardFilters.clean(raw_team, raw_office, params.get("q", ""))
        self.lang = tab_language(self)
        result = search_board(filters, session=uow().session, lang=self.lang)
        self.team, self.office, self.q = filters.team, filters.office, filters.q
        self.raw_team, self.raw_office = raw_team, raw_office
        self.postings = result.postings
        self.teams = result.teams
        self.offices = result.offices
        self.total_open = result.total_open
        self.unknown_team = result.unknown_team or (bool(raw_team) and not filters.team)
        self.unknown_office = result.unknown_office or (bool(raw_office) and not filters.office)
        self.loaded = True
        self.loaded_for = page_key(self.router.url.path, params)

    def _go(self, *, team: str, office: str, q: str) -> EventSpec:
        url = routes.board_url(team=team, office=office, q=q)
        uow().after.append(lambda: point_switcher(self, url))  # the switcher follows at once
        return rx.redirect(url)

    @rx.event
    @handler(Access.PUBLIC)
    def choose_team(self, team: str) -> EventSpec:
        return self._go(team=BoardFilters.clean(team=team).team, office=self.office, q=self.q)

    @rx.event
    @handler(Access.PUBLIC)
    def choose_office(self, office: str) -> EventSpec:
        return self._go(team=self.team, office=BoardFilters.clean(office=office).office, q=self.q)

    @rx.event
    @handler(Access.PUBLIC)
    def search(self, form_data: dict[str, str]) -> EventSpec:
        query = BoardFilters.clean(q=form_data.get("q", "") if isinstance(form_data, dict) else "").q
        return self._go(team=self.team, office=self.office, q=query)

    @rx.event
    @handler(Access.PUBLIC)
    def clear_filters(self) -> EventSpec:
        uow().after.append(lambda: point_switcher(self, routes.BOARD))
        return rx.redirect(routes.BOARD)

    @rx.var(cache=False)
    def shows_this_page(self) -> bool:
        """Loaded for the URL now open: a tab's state outlives a full page load, so after one
        the previous page's list arrives first; the first response stays until this is true."""
        return self.loaded and self.loaded_for == page_key(
            self.router.url.path, self.router.url.query_parameters
        )

    @rx.var
    def result_label(self) -> str:
        return i18n.open_positions(self.lang, len(self.postings))

    @rx.var
    def total_label(self) -> str:
        return i18n.total_open(self.lang, self.total_open)

    @rx.var
    def has_filters(self) -> bool:
        return bool(self.team or self.office or self.q)

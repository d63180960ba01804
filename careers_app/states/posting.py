"""The posting page."""

from __future__ import annotations

from urllib.parse import urlencode

import reflex as rx

from careers_app import i18n, routes
from careers_app.services.applying import sources
from careers_app.services.postings.postings import PostingView, get_open_posting
from careers_app.settings import get_settings
from careers_app.states.guard import Access, handler, uow
from careers_app.states.language import tab_language

_EMPTY = PostingView(slug="", title="", team="", team_slug="", office="", employment_type="", published="")


class PostingState(rx.State):
    view: PostingView = _EMPTY
    status: str = "loading"  # loading | found | missing
    loaded_for: str = ""  # the path the view was loaded for
    apply_query: str = ""  # "?source=<slug>" when the page came by a tracked link, for Apply
    lang: str = i18n.DEFAULT  # the page's language (states/language.py): the title's words

    @rx.event
    @handler(Access.PUBLIC)
    def load(self) -> None:
        slug = routes.path_slug(self.router.url.path, "jobs")
        settings = get_settings()
        self.lang = tab_language(self)
        view = get_open_posting(
            slug if isinstance(slug, str) else "",
            session=uow().session,
            company=settings.company_name,
            base_url=settings.base_url,
            lang=self.lang,
        )
        self.view = view or _EMPTY
        self.status = "found" if view else "missing"
        self.loaded_for = self.router.url.path
        tracked = sources.tracked(self.router.url.query_parameters)
        self.apply_query = f"?{urlencode({'source': tracked})}" if tracked else ""

    @rx.var(cache=False)
    def shows_this_page(self) -> bool:
        """Loaded for the posting now open: a tab's state outlives a full page load, so after
        one the previous posting arrives first; the first response stays until this is true."""
        return self.status != "loading" and self.loaded_for == self.router.url.path

    @rx.var
    def page_title(self) -> str:
        t = i18n.Translator(self.lang)
        careers = t.gettext("{company} Careers").replace(i18n.COMPANY, get_settings().company_name)
        if self.status == "missing":
            return f"{t.gettext('Job not found')} | {careers}"
        return f"{self.view.title} | {careers}" if self.view.title else careers

"""The pipelines list and one posting's board: cards, moves, the candidate panel, notes.

Live moves reach the other recruiters on a board through ``BoardFeed``, a shared state
that carries only "application N changed" (an id and a sequence number). Each browser
then asks for the card through ``refresh_card``, a guarded handler, so a push can carry
nothing the receiver could not fetch itself; a browser whose user signed out, was
deactivated or lost the role is refused there, and the guard wipes its hiring-team state
and unlinks it from the feed (guard.forget_hiring_team_data).

What handlers act on (the posting, the selected application, the card awaiting a
rejection reason) is kept in underscore vars, which the browser can neither read nor
set; the public vars are for display only.
"""

from __future__ import annotations

import dataclasses
import hashlib
import time
from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qsl

import reflex as rx
from reflex.state import BaseState

from careers_app import routes
from careers_app.services.board import board_query, board_view, pipeline
from careers_app.services.board.board_view import CardUpdate, FeedChange, FilterForm, PageUpdate
from careers_app.services.platform.reference import STAGE_KEYS
from careers_app.services.postings.stages import stages_for
from careers_app.settings import get_settings
from careers_app.states.guard import Access, handler, uow
from careers_app.states.rejection_email import rejection_delay, rejection_notice
from careers_app.states.team import HiringTeamState

# Shared board rooms live in Redis beyond one process: tie them to this database.
_DATABASE_TAG = hashlib.sha256(get_settings().database_url.encode()).hexdigest()[:12]


# The reject dialog's reason gets the focus, and keeps it for the next half second against
# the drag library, which gives the focus back to a dropped card once the card is drawn in
# its new column (with a slow render, after the dialog had opened: the reason lost focus).
# Focus the person moves inside the dialog is left alone.
FOCUS_REASON = (
    "(() => { let n = 0; const f = () => { const el = document.getElementById('reject-reason'); "
    "const box = el && el.closest('[role=dialog]'); "
    "if (el && !(box && box.contains(document.activeElement))) el.focus(); "
    "if (++n < 30) requestAnimationFrame(f); }; requestAnimationFrame(f); })()"
)


def board_room(posting_id: int) -> str:
    """The BoardFeed room of one posting's board (also announced to by the status page)."""
    return f"board{int(posting_id)}x{_DATABASE_TAG}"


def as_id(value: object) -> int | None:
    """A database id from an event argument, or None (bools, floats, huge numbers refused)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.isdigit() and len(value) < 11:
        value = int(value)
    if isinstance(value, int) and 0 < value < 2**31:
        return value
    return None


@dataclasses.dataclass(frozen=True)
class PostingRow:
    """One line of the pipelines list, built from the service's PostingCounts."""

    slug: str
    title: str
    office: str
    status: str
    total: int
    board_url: str
    edit_url: str
    stage_counts: list[int]  # in board order (STAGE_KEYS), then the posting's own added stages


class PostingsState(HiringTeamState):
    rows: list[PostingRow] = []

    @rx.event
    @handler(Access.BOARD)
    def load(self) -> None:
        self._show_user()
        self._leave_board()
        found = pipeline.postings_with_counts(session=uow().session)
        self.rows = [
            PostingRow(
                slug=p.slug,
                title=p.title,
                office=p.office,
                status=p.status,
                total=p.total,
                board_url=routes.pipeline_url(p.slug),
                edit_url=routes.editor_url(p.slug),
                # The template's stages, then all of a posting's own added stages together.
                stage_counts=[
                    *(p.counts.get(k, 0) for k in STAGE_KEYS),
                    sum(n for k, n in p.counts.items() if k not in STAGE_KEYS),
                ],
            )
            for p in found
        ]


class BoardFeed(rx.SharedState):
    """ "Application N changed on this board", shared by the recruiters viewing it.

    Linking happens only from PipelineState after the role check; this state has no
    public handlers, so a browser can neither join a board nor write to it. The room keeps
    its last change; a page load notes it (``PipelineState.feed_seen``) so the board does
    not fetch it again as if it were new.
    """

    last_change: FeedChange = FeedChange()


async def announce(state: BaseState, boards: Mapping[int, Sequence[int]]) -> None:
    """The one way a change reaches a board's viewers, after the commit: "these applications
    changed", per board (posting id -> application ids; ``transitions.Transition.boards``).

    A tab viewing that board says it in the room it is in. Any other tab (the candidate's
    status or interview page, an admin erasing someone, a board of another posting) joins
    the room only to say it and leaves at once, so it never receives anything from a board;
    a tab viewing another board goes back to its own room.
    """
    feed = await state.get_state(BoardFeed)
    board = await state.get_state(PipelineState)
    own_room = board._linked
    for posting_id, ids in boards.items():
        if not ids or not posting_id:
            continue
        change = FeedChange.one(ids[0]) if len(ids) == 1 else FeedChange.many(ids)
        room = board_room(posting_id)
        if own_room == room:
            feed.last_change = change
            continue
        linked = await feed._link_to(room)
        linked.last_change = change
        await linked._unlink()
        if own_room:
            await (await state.get_state(BoardFeed))._link_to(own_room)


class PipelineState(HiringTeamState):
    posting_slug: str = ""
    posting_title: str = ""
    columns: list[board_view.Column] = []
    query: str = ""
    # The board's read side (filters in the URL, a sort and keyset pages per column), every
    # card and count as this viewer sees it (services/board/board_view.py):
    column_page: PageUpdate = board_view.NO_PAGE_UPDATE  # one column's next page (or re-sorted first)
    filters: FilterForm = FilterForm()  # the filter form's values, as the URL gave them
    filter_errors: dict[str, str] = {}
    filter_active: bool = False
    source_options: list[board_query.FilterOption] = []
    location_options: list[board_query.FilterOption] = []
    _filter_query: str = ""  # the cleaned filter as a URL query
    _sorts: dict[str, str] = {}  # stage -> sort
    _cursors: dict[str, str] = {}  # stage -> keyset cursor after the last card sent
    selected: pipeline.CandidateDetail = pipeline.NO_CANDIDATE
    panel_open: bool = False
    reject_name: str = ""  # shown in the reject dialog while it is open
    card_update: CardUpdate = board_view.NO_CARD_UPDATE  # one card's current state, for the board
    feed_seen: float = 0.0  # the feed's change as of this page load (the board does not replay it)
    status: str = "loading"  # loading | ready | missing
    _posting_id: int = 0
    _selected_id: int = 0
    _pending_reject: tuple[int, int] = (0, 0)  # application id, version
    _linked: str = ""

    # ----- the live feed --------------------------------------------------------------
    async def _link_feed(self, room: str) -> None:
        feed = await self.get_state(BoardFeed)
        if self._linked != room:
            if self._linked:
                await feed._unlink()
            feed = await feed._link_to(room)
            self._linked = room
        # The room keeps its last change (maybe a bulk action long ago): this page load
        # already read the board after it, so the board component must not fetch it again.
        self.feed_seen = feed.last_change.seq

    async def _unlink_feed(self) -> None:
        if self._linked:
            feed = await self.get_state(BoardFeed)
            await feed._unlink()
            self._linked = ""

    async def _announce(self, app_ids: int | Sequence[int]) -> None:
        """Tell this board's other viewers these cards changed (after the commit)."""
        ids = [app_ids] if isinstance(app_ids, int) else list(app_ids)
        await announce(self, {self._posting_id: ids})

    # ----- loading ----------------------------------------------------------------------
    @rx.event
    @handler(Access.BOARD)
    def load(self) -> None:
        self._show_user()
        slug = routes.path_slug(self.router.url.path, "recruiting")
        found = pipeline.posting_id_for_slug(slug, session=uow().session)
        self.panel_open, self.selected, self.reject_name, self.card_update = (
            False,
            pipeline.NO_CANDIDATE,
            "",
            board_view.NO_CARD_UPDATE,
        )
        self._selected_id, self._pending_reject = 0, (0, 0)
        if found is None:
            self.status, self._posting_id, self.columns = "missing", 0, []
            self._leave_board()
            return
        self._posting_id, self.posting_title = found
        self.posting_slug = slug
        self._read_filter_from_url()
        self._reload()
        room = board_room(self._posting_id)
        uow().after.append(lambda: self._link_feed(room))
        self.status = "ready"

    def _filter(self) -> board_query.BoardFilter:
        return board_query.parse_filter(dict(parse_qsl(self._filter_query)))[0]

    def _show_filter(self, found: board_query.BoardFilter, errors: dict[str, str]) -> None:
        self._filter_query = found.query_string()
        self.query = found.q
        self.filter_errors = errors
        self.filter_active = found.active
        self.filters = FilterForm.of(found)

    def _read_filter_from_url(self) -> None:
        params = self.router.url.query_parameters
        found, errors = board_query.parse_filter({k: params.get(k, "") for k in board_query.FILTER_PARAMS})
        self._show_filter(found, errors)
        self._sorts, self._cursors = {}, {}

    def _stage_keys(self) -> tuple[str, ...]:
        """This posting's own stages (a move's target must be one of them; a tuple, so any
        value a browser sends can be looked up in it)."""
        return tuple(s.key for s in stages_for(self._posting_id, session=uow().session))

    def _stages(self) -> list[tuple[str, str]]:
        return [(s.key, s.label) for s in stages_for(self._posting_id, session=uow().session)]

    def _viewer(self) -> board_view.Viewer:
        """Who is looking, through which filter and sorts: what every card and count here is for."""
        return board_view.Viewer(
            user=uow().user, posting_id=self._posting_id, filter=self._filter(), sorts=dict(self._sorts)
        )

    def _reload(self) -> None:
        session = uow().session
        found = board_view.board(self._viewer(), session=session)
        self.columns, self._cursors = found.columns, found.cursors
        self.column_page = board_view.NO_PAGE_UPDATE
        self.source_options = board_query.source_options(self._posting_id, session=session)
        self.location_options = board_query.location_options(self._posting_id, session=session)

    def _show_card(self, app_id: int, *, force: bool = False) -> board_view.BoardCard | None:
        """Show one card as this viewer sees it now, with its place and the counts under the
        filter (a move, a correction, a refresh: the same card whichever brought it)."""
        found = board_view.changes(self._viewer(), [app_id], session=uow().session)
        if not found.cards:
            return None
        self.card_update = CardUpdate.of(found.cards[0], found.counts, force=force, seq=time.time())
        return found.cards[0].card

    @rx.event
    @handler(Access.BOARD)
    def search(self, form_data: dict[str, Any]) -> Any:
        """The filter form: checked here, then put in the URL (shareable; restored on reload)."""
        if not self._posting_id:
            return None
        form = form_data if isinstance(form_data, dict) else {}
        country, state = board_query.split_location(form.get("location", ""))
        found, errors = board_query.parse_filter(
            {
                "q": form.get("q", ""),
                "days": form.get("days", ""),
                "cover": "1" if form.get("cover") in ("on", "1", True) else "",
                "source": form.get("source", ""),
                "country": country,
                "state": state,
            }
        )
        if errors:
            self.filter_errors = errors
            return rx.set_focus(f"board-filter-{next(iter(errors))}")
        query = found.query_string()
        if query == self._filter_query:
            self._show_filter(found, {})
            self._reload()
            return None
        return rx.redirect(routes.pipeline_url(self.posting_slug) + (f"?{query}" if query else ""))

    @rx.event
    @handler(Access.BOARD)
    def clear_filters(self) -> Any:
        if not self._posting_id:
            return None
        return rx.redirect(routes.pipeline_url(self.posting_slug))

    def _column_keys(self) -> set[str]:
        return {c.key for c in self.columns}

    @rx.event
    @handler(Access.BOARD)
    def load_more(self, stage: str) -> None:
        """The next page of one column, after the last card this browser was sent."""
        if not self._posting_id or not isinstance(stage, str) or stage not in self._column_keys():
            return
        after = self._cursors.get(stage, "")  # none yet: the column was empty when loaded
        page = board_view.page(
            self._viewer(),
            stage,
            session=uow().session,
            sort=self._sorts.get(stage, board_query.DEFAULT_SORT),
            after=after,
        )
        self._cursors[stage] = page.cursor
        self.column_page = PageUpdate.of(page, replace=False, seq=time.time())

    @rx.event
    @handler(Access.BOARD)
    def sort_column(self, request: dict[str, Any]) -> None:
        """Sort one column (longest waiting, newest, name): its first page again, in that order."""
        if not self._posting_id or not isinstance(request, dict):
            return
        stage, sort = request.get("stage"), request.get("sort")
        if (
            not isinstance(stage, str)
            or stage not in self._column_keys()
            or sort not in board_query.SORT_KEYS
        ):
            return
        self._sorts[stage] = str(sort)
        page = board_view.page(self._viewer(), stage, session=uow().session, sort=str(sort))
        self._cursors[stage] = page.cursor
        self.column_page = PageUpdate.of(page, replace=True, seq=time.time())

    @rx.event
    @handler(Access.BOARD)
    def refresh_card(self, application_id: int) -> None:
        """Another recruiter changed a card on this board: fetch it (guarded) and show it."""
        app_id = as_id(application_id)
        if app_id is None or not self._posting_id:
            return
        if self._show_card(app_id) is None:
            return
        if self._selected_id == app_id:
            self._open(app_id)

    # ----- moving -------------------------------------------------------------------------
    def _correct(self, card: pipeline.Card) -> None:
        """Put a card back where it really is (after a lost race or a cancelled reject)."""
        self._show_card(card.id, force=True)

    def _put_back(self, app_id: int, stage: str) -> None:
        """Undo this browser's own drop of a card whose move did not commit (no database: the
        board component keeps the card's other details)."""
        self.card_update = CardUpdate.put_back(app_id, stage, seq=time.time())

    def _apply_move(
        self, app_id: int, to: str, version: int, reason: str, email_delay: timedelta | None = None
    ) -> Any:
        call = uow()
        try:
            moved = pipeline.move(
                app_id,
                self._posting_id,
                to,
                version,
                call.user.name,
                session=call.session,
                reason=reason,
                email_delay=email_delay,
                user_id=call.user.id,
                client_address=call.client_ip,
            )
        except pipeline.MoveConflict as conflict:
            current = conflict.card
            if current is None:
                return rx.toast.error("That application is no longer on this board.")
            self._correct(current)
            where = dict(self._stages()).get(current.stage, current.stage)  # the posting's own names
            return rx.toast.warning(
                f"{current.name} was just moved to {where} by someone else; the board shows it there now."
            )
        except pipeline.MoveRefused as refused:  # e.g. a withdrawn application: put the card back
            found = pipeline.card(app_id, session=call.session, posting_id=self._posting_id)
            if found is not None:
                self._correct(found)
            return rx.toast.error(str(refused))
        self._show_card(moved.application_id)
        call.after.append(lambda: self._announce(app_id))
        if self._selected_id == app_id:
            self._open(app_id)
        return None

    def _ask_reason(self, app_id: int, version: int) -> Any:
        current = pipeline.card(app_id, session=uow().session, posting_id=self._posting_id)
        if current is None:
            return rx.toast.error("That application is not on this board.")
        self._pending_reject = (app_id, version)
        self.reject_name = current.name
        return rx.call_script(FOCUS_REASON)

    @rx.event
    @handler(Access.BOARD)
    def move(self, request: dict[str, Any]) -> Any:
        """A card was dropped on another column (mouse or keyboard)."""
        if not isinstance(request, dict) or not self._posting_id:
            return None
        app_id, version, to = as_id(request.get("id")), as_id(request.get("version")), request.get("to")
        if app_id is None or version is None or to not in self._stage_keys():
            return rx.toast.error("That move was not understood.")
        came_from = request.get("from")
        if isinstance(came_from, str) and came_from in self._column_keys():
            # The browser shows the card in its new column from the drop on; if this event
            # fails (the commit cut, the database gone), it goes back at once.
            uow().on_failure.append(lambda: self._put_back(app_id, came_from))
        if to == "rejected":
            return self._ask_reason(app_id, version)
        return self._apply_move(app_id, str(to), version, "")

    @rx.event
    @handler(Access.BOARD)
    def confirm_reject(self, form_data: dict[str, Any]) -> Any:
        reason = form_data.get("reason", "") if isinstance(form_data, dict) else ""
        app_id, version = self._pending_reject
        if not app_id:
            return None
        if reason not in pipeline.REJECTION_REASONS:
            return rx.toast.error("Choose a reason for rejecting.")
        self._pending_reject, self.reject_name = (0, 0), ""
        send = form_data.get("send_email") if isinstance(form_data, dict) else None
        delay = rejection_delay() if send in ("on", "true", True) else None  # the recruiter asked for it
        result = self._apply_move(app_id, "rejected", version, str(reason), email_delay=delay)
        if result is None and delay is not None:  # moved, and the email is queued with the move
            return rejection_notice()
        return result

    @rx.event
    @handler(Access.BOARD)
    def cancel_reject(self) -> None:
        app_id, _version = self._pending_reject
        self._pending_reject, self.reject_name = (0, 0), ""
        if app_id:
            current = pipeline.card(app_id, session=uow().session, posting_id=self._posting_id)
            if current is not None:
                self._correct(current)

    @rx.event
    @handler(Access.BOARD)
    def move_from_panel(self, form_data: dict[str, Any]) -> Any:
        to = form_data.get("stage") if isinstance(form_data, dict) else None
        if not self._selected_id or to not in self._stage_keys():
            return rx.toast.error("Choose a stage.")
        current = pipeline.card(self._selected_id, session=uow().session, posting_id=self._posting_id)
        if current is None:
            return rx.toast.error("That application is not on this board.")
        if to == "rejected":
            return self._ask_reason(current.id, current.version)
        return self._apply_move(current.id, str(to), current.version, "")

    # ----- candidate panel -------------------------------------------------------------
    def _open(self, app_id: int) -> bool:
        detail = pipeline.candidate_detail(app_id, self._posting_id, session=uow().session)
        if detail is None:
            return False
        self._selected_id = detail.application_id
        self.selected = detail
        return True

    @rx.event
    @handler(Access.BOARD)
    def open_candidate(self, application_id: int) -> Any:
        app_id = as_id(application_id)
        if app_id is None or not self._posting_id or not self._open(app_id):
            return rx.toast.error("That application is not on this board.")
        self.panel_open = True
        return None

    @rx.event
    @handler(Access.BOARD)
    def close_panel(self) -> None:
        self.panel_open = False
        self._selected_id, self.selected = 0, pipeline.NO_CANDIDATE

    @rx.event
    @handler(Access.BOARD)
    def add_note(self, form_data: dict[str, Any]) -> Any:
        body = form_data.get("note", "") if isinstance(form_data, dict) else ""
        if not self._selected_id:
            return None
        call = uow()
        pipeline.add_note(self._selected_id, self._posting_id, call.user.id, str(body), session=call.session)
        self._open(self._selected_id)
        return rx.toast.success("Note added.")

"""Saved board views: a recruiter names the board's current filter and picks it again later.

A view belongs to one recruiter and one posting's board. What is stored is the filter's
canonical URL query (cleaned again by ``board_query.parse_filter`` whenever it is used),
so a saved view is exactly a bookmark of the board's URL.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl

from sqlmodel import Session, col, select

from careers_app import routes
from careers_app.models import BoardView
from careers_app.services.board.board_query import BoardFilter, parse_filter
from careers_app.services.platform.errors import Invalid, NotFound

NAME_MAX = 80
MAX_VIEWS = 50  # per recruiter and board


@dataclass(frozen=True)
class SavedView:
    id: int
    name: str
    url: str  # the board with this view's filter


def _url(slug: str, query: str) -> str:
    return routes.pipeline_url(slug) + (f"?{query}" if query else "")


def clean_name(name: object) -> str:
    if not isinstance(name, str):
        raise Invalid({"view_name": "Name the view."}, "Name the view.")
    text = " ".join(name.split())
    if not text:
        raise Invalid({"view_name": "Name the view."}, "Name the view.")
    if len(text) > NAME_MAX:
        raise Invalid(
            {"view_name": f"A view name can be at most {NAME_MAX} characters."},
            f"A view name can be at most {NAME_MAX} characters.",
        )
    return text


def list_views(user_id: int, posting_id: int, slug: str, *, session: Session) -> list[SavedView]:
    rows = session.exec(
        select(BoardView)
        .where(BoardView.user_id == user_id, BoardView.posting_id == posting_id)
        .order_by(col(BoardView.name), col(BoardView.id))
    ).all()
    return [SavedView(id=v.id or 0, name=v.name, url=_url(slug, v.query)) for v in rows]


def save_view(
    user_id: int, posting_id: int, name: object, filter: BoardFilter, *, session: Session
) -> BoardView:
    """Save (or, under the same name, replace) this recruiter's view of one board."""
    clean = clean_name(name)
    query = filter.query_string()
    existing = session.exec(
        select(BoardView).where(
            BoardView.user_id == user_id, BoardView.posting_id == posting_id, BoardView.name == clean
        )
    ).first()
    if existing is not None:
        existing.query = query
        session.add(existing)
        session.flush()
        return existing
    mine = session.exec(
        select(BoardView.id).where(BoardView.user_id == user_id, BoardView.posting_id == posting_id)
    ).all()
    if len(mine) >= MAX_VIEWS:
        raise Invalid(
            {"view_name": f"You have {MAX_VIEWS} saved views on this board; delete one first."},
            f"You have {MAX_VIEWS} saved views on this board; delete one first.",
        )
    view = BoardView(user_id=user_id, posting_id=posting_id, name=clean, query=query)
    session.add(view)
    session.flush()
    return view


def delete_view(user_id: int, view_id: int, *, session: Session) -> str:
    """Delete one of this recruiter's own views; someone else's is "not found" (never told apart)."""
    view = session.exec(
        select(BoardView).where(BoardView.id == view_id, BoardView.user_id == user_id)
    ).first()
    if view is None:
        raise NotFound("That saved view does not exist.")
    name = view.name
    session.delete(view)
    session.flush()
    return name


def view_filter(query: str) -> BoardFilter:
    return parse_filter(dict(parse_qsl(query)))[0]

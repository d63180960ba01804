import React, { useEffect, useRef, useState } from "react";
import { DragDropContext, Draggable, Droppable } from "@hello-pangea/dnd";

// Applies one move (from this browser, another recruiter, or a server correction) to
// the local copy of the board: one card changes place, nothing else is re-sent.
function applyMove(cols, move, optimisticIndex) {
  if (!move || move.id === undefined || move.id === null) return cols;
  let found = null;
  for (const col of cols) {
    const card = col.cards.find((c) => c.id === move.id);
    if (card) found = { col, card };
  }
  // An older version never wins; the same version only when what the card shows changed
  // (a scorecard summary, a blind screening reveal), which does not bump the version.
  // (an interview booked or moved, too)
  const same = (c) => c.name === move.name && (c.scorecards ?? "") === (move.scorecards ?? "") && Boolean(c.blind) === Boolean(move.blind) && (c.interview ?? "") === (move.interview ?? "");
  if (found && !move.force && !move.optimistic && (found.card.version > move.version || (found.card.version === move.version && same(found.card)))) return cols;
  const card = {
    id: move.id,
    name: move.name ?? found?.card.name,
    stage: move.to,
    version: move.version ?? found?.card.version,
    days_applied: move.days_applied ?? found?.card.days_applied ?? 0,
    days_in_stage: move.days_in_stage ?? found?.card.days_in_stage ?? 0,
    has_cover_letter: move.has_cover_letter ?? found?.card.has_cover_letter ?? false,
    blind: move.blind ?? found?.card.blind ?? false,
    scorecards: move.scorecards ?? found?.card.scorecards ?? "",
    interview: move.interview ?? found?.card.interview ?? "",
  };
  const next = cols.map((col) => {
    let cards = col.cards.filter((c) => c.id !== move.id);
    let count = col.count;
    if (found && found.col.key === col.key && col.key !== move.to) count = Math.max(0, count - 1);
    if (col.key === move.to) {
      // A card that stays in its column keeps its place; one that arrives goes where it
      // was dropped, or back where it came from, or where the server says it stands in
      // the column's sort and filter -- but only inside the part of the column already
      // loaded (beyond it, the card comes with the page that reaches it; -1: the filter
      // leaves it out). Only the count changes then.
      const stays = found && found.col.key === col.key ? found.col.cards.indexOf(found.card) : -1;
      let at = optimisticIndex ?? (stays >= 0 ? stays : null);
      if (at === null) {
        const total = move.counts && move.counts[col.key] !== undefined ? move.counts[col.key] : count + 1;
        const index = move.index ?? cards.length;
        if (index >= 0 && (index < cards.length || total <= cards.length + 1)) at = Math.min(index, cards.length);
      }
      if (at !== null) cards = [...cards.slice(0, at), card, ...cards.slice(at)];
      if (!found || found.col.key !== col.key) count = count + 1;
    }
    if (move.counts && move.counts[col.key] !== undefined) count = move.counts[col.key];
    return { ...col, cards, count };
  });
  return next;
}

function days(n) {
  return n === 1 ? "1 day" : `${n} days`;
}

// Focuses a card once it is in `stage` and nothing else holds focus (the dialog that
// took it has gone). Retried for a few frames: the card moves in a render after the one
// that removes the dialog. Never takes focus from an element the user has moved to.
function focusCardWhenFree(board, frame, id, stage) {
  let tries = 30;
  const step = () => {
    frame.current = null;
    const el = board.current && board.current.querySelector(`[data-testid="card-${id}"]`);
    const active = document.activeElement;
    if (el && active === el) return;
    const free = !active || active === document.body || !active.isConnected;
    if (el && free && el.closest("[data-stage]")?.dataset.stage === stage) {
      el.focus();
      return;
    }
    if (--tries > 0) frame.current = requestAnimationFrame(step);
  };
  if (frame.current) cancelAnimationFrame(frame.current);
  frame.current = requestAnimationFrame(step);
}

// Before a keyboard move is measured: the library (@hello-pangea/dnd) moves a card by
// arrow key only to a column partly in the window and only next to a card wholly in the
// window, and it measures once, at the lift. So the board's top comes into the window
// (from the bottom of a long column the page had scrolled the other columns' cards out of
// view above it), the columns narrow for the move (the "keyboard-move" class: all of them
// fit; under 900 px three do) and the lifted card's column is brought between its
// neighbours if the board, which scrolls sideways, hid one of them.
function keyboardView(boardEl, draggableId) {
  if (!boardEl) return;
  const card = boardEl.querySelector(`[data-testid="${draggableId}"]`);
  const column = card && card.closest(".board-column");
  if (!column) return;
  const { top, bottom } = boardEl.getBoundingClientRect();
  // Up to the board's top, or down just far enough to see its bottom (not past its top).
  const down = top < 0 ? top - 4 : Math.min(top - 4, bottom - window.innerHeight);
  if (down < -1 || down > 1) window.scrollBy({ top: down, behavior: "instant" });
  const frame = boardEl.getBoundingClientRect();
  const prev = column.previousElementSibling;
  const next = column.nextElementSibling;
  const hidden = (el) => el && (el.getBoundingClientRect().left < frame.left - 1 || el.getBoundingClientRect().right > frame.right + 1);
  if (hidden(prev) || hidden(next) || hidden(column)) {
    const box = column.getBoundingClientRect();
    boardEl.scrollBy({ left: box.left + box.width / 2 - (frame.left + frame.width / 2), behavior: "instant" });
  }
}

// After a keyboard move the columns are back to their width: keep the moved card in view.
function cardIntoView(boardEl, draggableId) {
  requestAnimationFrame(() => {
    const card = boardEl && boardEl.querySelector(`[data-testid="${draggableId}"]`);
    if (card) card.scrollIntoView({ block: "nearest", inline: "nearest", behavior: "instant" });
  });
}

const SORTS = [
  ["waiting", "Longest waiting"],
  ["newest", "Newest"],
  ["name", "Name"],
];

// "Show more (N left)" at the end of a column: a button, also pressed when it scrolls into
// the column's view, so scrolling down a column keeps loading (one request per page).
function ShowMore({ stage, left, label, onMore }) {
  const ref = useRef(null);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof IntersectionObserver === "undefined") return undefined;
    const root = el.closest(".board-cards-scroll");
    const seen = new IntersectionObserver(
      (entries) => entries.forEach((e) => e.isIntersecting && onMore(stage)),
      { root, rootMargin: "0px 0px 200px 0px" },
    );
    seen.observe(el);
    return () => seen.disconnect();
  }, [stage, onMore]);
  return (
    <li className="board-more">
      <button type="button" ref={ref} className="link-button" onClick={() => onMore(stage)} aria-label={`Show more ${label} candidates (${left} left)`}>
        Show more ({left} left)
      </button>
    </li>
  );
}

// Bulk actions (engineer F): applies a batch of changed cards (a bulk action here or by
// another recruiter), then the server's counts.
function applyMany(cols, update) {
  if (!update || !update.cards) return cols;
  let next = cols;
  for (const card of update.cards) next = applyMove(next, { ...card, to: card.stage });
  if (update.counts) next = next.map((col) => (update.counts[col.key] !== undefined ? { ...col, count: update.counts[col.key] } : col));
  return next;
}

// The bar that acts on the selected cards: move, reject with one reason, add one note.
function BulkBar({ count, cols, reasons, onSubmit, onClear }) {
  const [to, setTo] = useState("");
  const [reason, setReason] = useState("");
  const [note, setNote] = useState("");
  const [email, setEmail] = useState(false);
  const plural = count === 1 ? "card" : "cards";
  const targets = cols.filter((c) => c.key !== "rejected" && c.key !== "withdrawn");
  const submit = (e, request) => {
    e.preventDefault();
    onSubmit(request);
  };
  return (
    <section className="bulk-bar" aria-label="Bulk actions">
      <div className="bulk-head">
        <p className="bulk-count" role="status">{count} {plural} selected</p>
        <button type="button" className="link-button" onClick={onClear}>Clear selection</button>
      </div>
      <form className="bulk-form" onSubmit={(e) => (to ? submit(e, { action: "move", to }) : e.preventDefault())}>
        <label htmlFor="bulk-stage">Move to</label>
        <div className="bulk-controls">
          <select id="bulk-stage" value={to} onChange={(e) => setTo(e.target.value)}>
            <option value="">Choose a stage</option>
            {targets.map((c) => <option key={c.key} value={c.key}>{c.label}</option>)}
          </select>
          <button type="submit" className="btn" disabled={!to}>Move {count}</button>
        </div>
      </form>
      <form className="bulk-form" onSubmit={(e) => (reason ? submit(e, { action: "reject", reason, send_email: email }) : e.preventDefault())}>
        <label htmlFor="bulk-reason">Rejection reason</label>
        <div className="bulk-controls">
          <select id="bulk-reason" value={reason} onChange={(e) => setReason(e.target.value)}>
            <option value="">Choose a reason</option>
            {(reasons || []).map((r) => <option key={r} value={r}>{r}</option>)}
          </select>
          <label className="bulk-check" htmlFor="bulk-send-email">
            <input id="bulk-send-email" type="checkbox" checked={email} onChange={(e) => setEmail(e.target.checked)} />
            Send rejection emails
          </label>
          <button type="submit" className="btn" disabled={!reason}>Reject {count}</button>
        </div>
      </form>
      <form
        className="bulk-form"
        onSubmit={(e) => {
          if (!note.trim()) return e.preventDefault();
          submit(e, { action: "note", note });
          setNote("");
        }}
      >
        <label htmlFor="bulk-note">Note for all</label>
        <div className="bulk-controls">
          <input id="bulk-note" value={note} maxLength={5000} onChange={(e) => setNote(e.target.value)} />
          <button type="submit" className="btn btn-secondary" disabled={!note.trim()}>Add note</button>
        </div>
      </form>
    </section>
  );
}

// One card. Memoised: a page of 50 more cards, a move or a selection re-renders only the
// cards it changes, not every card on the board (the next page of a column spent up to
// ~450 ms in React on a 2,000-application board). ``actions`` is a ref, stable across renders.
const CardItem = React.memo(function CardItem({ card, index, colKey, colLabel, isSelected, bulk, actions }) {
  return (
    <Draggable draggableId={`card-${card.id}`} index={index}>
      {(drag, dragSnapshot) => (
        <li ref={drag.innerRef} {...drag.draggableProps} className={"board-card-item" + (isSelected ? " selected" : "")}>
          {bulk ? (
            <input
              type="checkbox"
              className="card-select"
              aria-label={`Select ${card.name}`}
              checked={isSelected}
              onChange={() => {}}
              onClick={(e) => actions.current.toggle(colKey, card.id, e.shiftKey)}
            />
          ) : null}
          <div
            {...drag.dragHandleProps}
            className={"board-card" + (dragSnapshot.isDragging ? " dragging" : "")}
            data-testid={`card-${card.id}`}
            aria-label={`${card.name}, ${colLabel}, applied ${days(card.days_applied)} ago`}
            onClick={() => actions.current.open(card.id)}
            onKeyDown={(e) => {
              if (e.key === "Enter") actions.current.open(card.id);
              if (drag.dragHandleProps && drag.dragHandleProps.onKeyDown) drag.dragHandleProps.onKeyDown(e);
            }}
          >
            <span className="card-name" style={card.blind ? { fontSize: "0.85em" } : undefined}>{card.name}</span>
            <span className="card-meta">
              Applied {days(card.days_applied)} ago · {days(card.days_in_stage)} in stage
              {card.has_cover_letter ? <span className="card-cover" title="Cover letter attached"> · ✉ cover letter</span> : null}
            </span>
            {card.blind || card.scorecards ? (
              <span className="card-meta card-scores">
                {card.blind ? "Blind screening" : null}
                {card.blind && card.scorecards ? " · " : null}
                {card.scorecards ? `Scorecards: ${card.scorecards}` : null}
              </span>
            ) : null}
            {card.interview ? <span className="card-meta card-interview">{card.interview}</span> : null}
          </div>
        </li>
      )}
    </Draggable>
  );
});

export function PipelineBoard({ columns, lastChange, feedSeen, cardUpdate, columnPage, onMove, onOpen, onChange, onMore, onSort, bulkUpdate, reasons, onBulk, onChangeMany, report, reportKind, undoAvailable, onUndo, onDismiss, bulkSelect, filtered, onSelectFiltered }) {
  const [cols, setCols] = useState(columns || []);
  // Selected card ids (this browser only); the server checks every id and version it gets.
  const [selected, setSelected] = useState(() => new Set());
  const anchor = useRef(null); // the last card clicked without Shift: {col, id}
  // Versions of selected cards not loaded in a column ("Select all in the filtered result").
  const knownVersions = useRef(new Map());
  const board = useRef(null);
  const focusFrame = useRef(null);
  // Columns waiting for a page: one request at a time per column.
  const loading = useRef(new Set());
  const more = useRef(null);
  more.current = (stage) => {
    if (loading.current.has(stage)) return;
    loading.current.add(stage);
    onMore(stage);
  };
  const askMore = useRef((stage) => more.current(stage)).current;
  // The card this browser last dropped, until the server answers for it: where it came
  // from (so a cancelled reject or a lost race puts it back in its own place, not at the
  // bottom of the column) and whether it was moved by keyboard (so focus goes back to it
  // when the reject dialog closes; otherwise Space lands on <body>).
  const pending = useRef(null);
  const actions = useRef({});
  // A keyboard move (Space, arrows, Space) can only reach cards the library sees whole in
  // the window; see keyboardView.
  const [keyboardMove, setKeyboardMove] = useState(false);
  useEffect(() => {
    loading.current.clear();
    setCols(columns || []);
  }, [columns]);
  // A column's next page (appended) or its first page in a new sort (replaces it).
  useEffect(() => {
    if (!columnPage || !columnPage.stage) return;
    loading.current.delete(columnPage.stage);
    setCols((prev) =>
      prev.map((col) => {
        if (col.key !== columnPage.stage) return col;
        if (columnPage.replace) return { ...col, cards: columnPage.cards, count: columnPage.count, sort: columnPage.sort ?? col.sort };
        const have = new Set(col.cards.map((c) => c.id));
        return { ...col, cards: [...col.cards, ...columnPage.cards.filter((c) => !have.has(c.id))], count: columnPage.count };
      }),
    );
  }, [columnPage]);
  // The shared feed says only which application changed; the card itself comes from a
  // guarded handler, so a push never carries what this browser could not fetch itself.
  // The room keeps its last change; the page load read the board after it (feedSeen), so
  // only a change made since is fetched.
  useEffect(() => {
    if (!lastChange || !lastChange.seq || lastChange.seq === feedSeen) return;
    if (lastChange.id) onChange(lastChange.id);
    else if (lastChange.ids && lastChange.ids.length && onChangeMany) onChangeMany(lastChange.ids);
  }, [lastChange]);
  useEffect(() => {
    if (!bulkUpdate || !bulkUpdate.cards) return;
    setCols((prev) => applyMany(prev, bulkUpdate));
    if (bulkUpdate.clear) setSelected(new Set());
  }, [bulkUpdate]);
  // Undo is offered for the 60 s the server keeps it (the server checks again anyway).
  const [undoShown, setUndoShown] = useState(false);
  useEffect(() => {
    setUndoShown(Boolean(undoAvailable));
    if (!undoAvailable) return undefined;
    const timer = setTimeout(() => setUndoShown(false), 60000);
    return () => clearTimeout(timer);
  }, [undoAvailable, bulkUpdate && bulkUpdate.own ? bulkUpdate.seq : 0]);
  useEffect(() => {
    if (!bulkSelect || !bulkSelect.items) return;
    knownVersions.current = new Map(bulkSelect.items.map((i) => [i.id, i.version]));
    setSelected(new Set(bulkSelect.items.map((i) => i.id)));
  }, [bulkSelect]);
  useEffect(() => {
    const mine = cardUpdate && pending.current && pending.current.id === cardUpdate.id ? pending.current : null;
    const backHome = mine && cardUpdate.force && cardUpdate.to === mine.from ? mine.index : undefined;
    setCols((prev) => applyMove(prev, cardUpdate, backHome));
    if (mine) {
      pending.current = null;
      if (mine.keyboard) focusCardWhenFree(board, focusFrame, mine.id, cardUpdate.to);
    }
  }, [cardUpdate]);
  useEffect(() => () => focusFrame.current && cancelAnimationFrame(focusFrame.current), []);
  // An event that failed before reaching the server's handler (the server could not load
  // this tab's state: Redis away) gets no answer for the card: the server's error handler
  // calls this, and a card this browser dropped goes back where it was.
  useEffect(() => {
    window.__careersBoard = {
      revertPending: () => {
        const mine = pending.current;
        if (!mine) return;
        pending.current = null;
        setCols((prev) => applyMove(prev, { id: mine.id, to: mine.from, force: true }, mine.index));
      },
    };
    return () => {
      delete window.__careersBoard;
    };
  }, []);

  // Called (synchronously, before the library measures anything) when a drag starts.
  function onBeforeCapture({ draggableId, mode }) {
    if (mode !== "SNAP") return;
    setKeyboardMove(true);
    if (board.current) board.current.classList.add("keyboard-move"); // now, to measure with it
    keyboardView(board.current, draggableId);
  }

  function onDragEnd(result) {
    const { draggableId, source, destination } = result;
    if (result.mode === "SNAP") {
      setKeyboardMove(false);
      cardIntoView(board.current, draggableId);
    }
    if (!destination || destination.droppableId === source.droppableId) return;
    const id = Number(draggableId.replace("card-", ""));
    const fromCol = cols.find((c) => c.key === source.droppableId);
    const card = fromCol && fromCol.cards.find((c) => c.id === id);
    if (!card) return;
    pending.current = { id, from: source.droppableId, index: source.index, keyboard: result.mode === "SNAP" };
    setCols((prev) =>
      applyMove(prev, { ...card, to: destination.droppableId, optimistic: true }, destination.index),
    );
    onMove({ id, from: source.droppableId, to: destination.droppableId, version: card.version });
  }

  // Click toggles one card; Shift-click selects the range from the last card clicked
  // without Shift, within the same column.
  function toggle(col, card, shift) {
    setSelected((prev) => {
      const next = new Set(prev);
      const from = anchor.current && anchor.current.col === col.key ? col.cards.findIndex((c) => c.id === anchor.current.id) : -1;
      const to = col.cards.findIndex((c) => c.id === card.id);
      if (shift && from >= 0 && to >= 0) {
        const [a, b] = from < to ? [from, to] : [to, from];
        for (const c of col.cards.slice(a, b + 1)) next.add(c.id);
      } else {
        if (next.has(card.id)) next.delete(card.id);
        else next.add(card.id);
        anchor.current = { col: col.key, id: card.id };
      }
      return next;
    });
  }

  function toggleColumn(col) {
    setSelected((prev) => {
      const next = new Set(prev);
      const all = col.cards.length > 0 && col.cards.every((c) => next.has(c.id));
      for (const c of col.cards) all ? next.delete(c.id) : next.add(c.id);
      return next;
    });
  }

  function submitBulk(request) {
    // Each card's version as this browser saw it: the server leaves a card someone else
    // changed since alone, and names it.
    const items = [];
    for (const id of selected) {
      const version = loaded.get(id) ?? knownVersions.current.get(id);
      if (version !== undefined) items.push({ id, version });
    }
    if (items.length) onBulk({ ...request, items });
  }

  const loaded = new Map();
  for (const col of cols) for (const c of col.cards) loaded.set(c.id, c.version);
  // What a memoised card calls, always the newest functions (see CardItem).
  actions.current = {
    open: (id) => onOpen(id),
    toggle: (colKey, id, shift) => {
      const col = cols.find((c) => c.key === colKey);
      const card = col && col.cards.find((c) => c.id === id);
      if (card) toggle(col, card, shift);
    },
  };
  const selectedCount = [...selected].filter((id) => loaded.has(id) || knownVersions.current.has(id)).length;
  const total = cols.reduce((n, col) => n + (col.key === "withdrawn" ? 0 : col.count), 0);

  return (
    <DragDropContext onBeforeCapture={onBeforeCapture} onDragEnd={onDragEnd}>
      {onBulk && filtered && total > 0 ? (
        <button type="button" className="link-button bulk-select-filtered" onClick={() => onSelectFiltered()}>
          Select all {total} in the filtered result
        </button>
      ) : null}
      {onBulk ? (
        // Stays in view while the columns scroll: the bar, and what the last action did.
        <div className="bulk-sticky">
          {selectedCount > 0 ? (
            <BulkBar count={selectedCount} cols={cols} reasons={reasons} onSubmit={submitBulk} onClear={() => setSelected(new Set())} />
          ) : null}
          <div role="status" aria-live="polite">
            {report ? (
              <div className={"bulk-report " + (reportKind || "")}>
                <p>{report}</p>
                {undoShown ? <button type="button" className="btn btn-secondary" onClick={() => onUndo()}>Undo</button> : null}
                <button type="button" className="link-button" aria-label="Dismiss this message" onClick={() => onDismiss()}>Dismiss</button>
              </div>
            ) : null}
          </div>
        </div>
      ) : null}
      <nav className="board-stage-picker" aria-label="Stages">
        <label htmlFor="board-stage-picker">Go to stage</label>
        <select
          id="board-stage-picker"
          onChange={(e) => {
            const el = board.current && board.current.querySelector(`[data-column="${e.target.value}"]`);
            if (el) el.scrollIntoView({ behavior: "smooth", inline: "start", block: "nearest" });
          }}
        >
          {cols.map((col) => (
            <option key={col.key} value={col.key}>{`${col.label} (${col.count})`}</option>
          ))}
        </select>
      </nav>
      <ul className={"board" + (keyboardMove ? " keyboard-move" : "")} aria-label="Pipeline stages" ref={board}>
        {cols.map((col) => (
          <li className="board-column" key={col.key} data-column={col.key} aria-labelledby={`column-${col.key}`}>
            <div className="board-column-head">
              <h2 className="board-column-title" id={`column-${col.key}`}>
                <span>{col.label}</span>
                <span className="board-count" data-testid={`count-${col.key}`}>{col.count}</span>
              </h2>
              {onBulk && col.cards.length > 0 ? (
                <button type="button" className="link-button board-select-all" onClick={() => toggleColumn(col)}>
                  {col.cards.every((c) => selected.has(c.id)) ? `Clear selection in ${col.label}` : `Select all in ${col.label}`}
                </button>
              ) : null}
              <select
                className="board-sort"
                aria-label={`Sort ${col.label}`}
                value={col.sort || "waiting"}
                onChange={(e) => {
                  const sort = e.target.value;
                  setCols((prev) => prev.map((c) => (c.key === col.key ? { ...c, sort } : c)));
                  onSort({ stage: col.key, sort });
                }}
              >
                {SORTS.map(([value, text]) => (
                  <option key={value} value={value}>{text}</option>
                ))}
              </select>
            </div>
            {/* The column scrolls in a box around the droppable list, not in the list itself:
                a droppable that is its own scroll container is measured by the library with
                whole-pixel scrollWidth/scrollHeight, so in a column of fractional width (nine
                columns at 1440 px) its edge fell 0.03 px inside its cards, no card counted as
                visible, and keyboard moves skipped every column that had cards. */}
            <div className="board-cards-scroll">
              {/* Withdrawn is the candidate's own doing (status page): nothing is dropped there. */}
              <Droppable droppableId={col.key} isDropDisabled={col.key === "withdrawn"}>
                {(provided, snapshot) => (
                  <ul
                    ref={provided.innerRef}
                    {...provided.droppableProps}
                    className={"board-cards" + (snapshot.isDraggingOver ? " over" : "")}
                    data-stage={col.key}
                    aria-label={`${col.label} candidates`}
                  >
                    {col.cards.map((card, index) => (
                      <CardItem
                        key={card.id}
                        card={card}
                        index={index}
                        colKey={col.key}
                        colLabel={col.label}
                        isSelected={selected.has(card.id)}
                        bulk={Boolean(onBulk)}
                        actions={actions}
                      />
                    ))}
                    {provided.placeholder}
                    {col.count > col.cards.length ? (
                      <ShowMore stage={col.key} left={col.count - col.cards.length} label={col.label} onMore={askMore} />
                    ) : null}
                  </ul>
                )}
              </Droppable>
            </div>
          </li>
        ))}
      </ul>
    </DragDropContext>
  );
}

// The board's filters behind a "Filters" button on narrow screens (CSS shows the button
// and hides the rest there); on wider screens the button is hidden and the filters shown.
// Opens by itself when a filter in the link was ignored, so its message is seen.
export function FilterDisclosure({ children, active, hasErrors }) {
  const [open, setOpen] = useState(Boolean(hasErrors));
  useEffect(() => {
    if (hasErrors) setOpen(true);
  }, [hasErrors]);
  return (
    <div className={"filter-disclosure" + (open ? " open" : "")}>
      <button
        type="button"
        className="btn btn-secondary filter-toggle"
        aria-expanded={open}
        aria-controls="board-filter-panel"
        onClick={() => setOpen((was) => !was)}
      >
        {active ? "Filters (on)" : "Filters"}
      </button>
      <div id="board-filter-panel" className="filter-body">
        {children}
      </div>
    </div>
  );
}

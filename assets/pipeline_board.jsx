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
  if (found && !move.force && !move.optimistic && found.card.version >= move.version) return cols;
  const card = {
    id: move.id,
    name: move.name ?? found?.card.name,
    stage: move.to,
    version: move.version ?? found?.card.version,
    days_applied: move.days_applied ?? found?.card.days_applied ?? 0,
    days_in_stage: move.days_in_stage ?? 0,
    has_cover_letter: move.has_cover_letter ?? found?.card.has_cover_letter ?? false,
  };
  const next = cols.map((col) => {
    let cards = col.cards.filter((c) => c.id !== move.id);
    let count = col.count;
    if (found && found.col.key === col.key && col.key !== move.to) count = Math.max(0, count - 1);
    if (col.key === move.to) {
      // A card that stays in its column keeps its place; one that arrives goes where it
      // was dropped, or back where it came from, or last (the longest-waiting order).
      const stays = found && found.col.key === col.key ? found.col.cards.indexOf(found.card) : -1;
      const at = optimisticIndex ?? (stays >= 0 ? stays : cards.length);
      cards = [...cards.slice(0, at), card, ...cards.slice(at)];
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

export function PipelineBoard({ columns, lastChange, cardUpdate, onMove, onOpen, onChange }) {
  const [cols, setCols] = useState(columns || []);
  const board = useRef(null);
  const focusFrame = useRef(null);
  // The card this browser last dropped, until the server answers for it: where it came
  // from (so a cancelled reject or a lost race puts it back in its own place, not at the
  // bottom of the column) and whether it was moved by keyboard (so focus goes back to it
  // when the reject dialog closes; otherwise Space lands on <body>).
  const pending = useRef(null);
  useEffect(() => setCols(columns || []), [columns]);
  // The shared feed says only which application changed; the card itself comes from a
  // guarded handler, so a push never carries what this browser could not fetch itself.
  useEffect(() => {
    if (lastChange && lastChange.id) onChange(lastChange.id);
  }, [lastChange]);
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

  function onDragEnd(result) {
    const { draggableId, source, destination } = result;
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

  return (
    <DragDropContext onDragEnd={onDragEnd}>
      <div className="board" role="list" aria-label="Pipeline stages" ref={board}>
        {cols.map((col) => (
          <section className="board-column" key={col.key} role="listitem" aria-label={`${col.label}, ${col.count}`}>
            <h2 className="board-column-title">
              <span>{col.label}</span>
              <span className="board-count" data-testid={`count-${col.key}`}>{col.count}</span>
            </h2>
            <Droppable droppableId={col.key}>
              {(provided, snapshot) => (
                <ul
                  ref={provided.innerRef}
                  {...provided.droppableProps}
                  className={"board-cards" + (snapshot.isDraggingOver ? " over" : "")}
                  data-stage={col.key}
                  aria-label={`${col.label} candidates`}
                >
                  {col.cards.map((card, index) => (
                    <Draggable draggableId={`card-${card.id}`} index={index} key={card.id}>
                      {(drag, dragSnapshot) => (
                        <li
                          ref={drag.innerRef}
                          {...drag.draggableProps}
                          {...drag.dragHandleProps}
                          className={"board-card" + (dragSnapshot.isDragging ? " dragging" : "")}
                          data-testid={`card-${card.id}`}
                          aria-label={`${card.name}, ${col.label}, applied ${days(card.days_applied)} ago`}
                          onClick={() => onOpen(card.id)}
                          onKeyDown={(e) => {
                            if (e.key === "Enter") onOpen(card.id);
                            if (drag.dragHandleProps && drag.dragHandleProps.onKeyDown) drag.dragHandleProps.onKeyDown(e);
                          }}
                        >
                          <span className="card-name">{card.name}</span>
                          <span className="card-meta">
                            Applied {days(card.days_applied)} ago · {days(card.days_in_stage)} in stage
                            {card.has_cover_letter ? <span className="card-cover" title="Cover letter attached"> · ✉ cover letter</span> : null}
                          </span>
                        </li>
                      )}
                    </Draggable>
                  ))}
                  {provided.placeholder}
                  {col.count > col.cards.length ? (
                    <li className="board-more">{col.count - col.cards.length} more; search to narrow</li>
                  ) : null}
                </ul>
              )}
            </Droppable>
          </section>
        ))}
      </div>
    </DragDropContext>
  );
}

"""The disclosure rule's passes over every report at once (``services/compliance/eeo_disclosure.py`` says
what the rule is and why; this module is how it is decided).

Arrays are (posting..., all postings) x (period) x row x stage, counts of applications that
reached each stage. The periods are the closed quarters, oldest first, then "all time as of
the end of" each of them, oldest first: the last is all time now, the others are the all-time
reports a user may have downloaded in the past (not offered now; they only constrain what is
shown). With n quarters, all time as of quarter k (0-based) is at n + k and is the sum of
quarters 0 to k. ``Layout`` says which rows are which, and how many quarters there are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

SMALL = 5  # counts from 1 to SMALL - 1 are never shown, nor groups that small told apart

_Array = npt.NDArray[np.int64]
_Mask = npt.NDArray[np.bool_]
_Float = npt.NDArray[np.float64]
Sum = tuple[int, int, tuple[int, ...]]  # (axis, parent, children): parent = sum of children


@dataclass(frozen=True)
class Layout:
    total: int  # the row of all applications (public)
    lines: tuple[tuple[int, ...], ...]  # per question, the rows that add up to the total
    answer: tuple[bool, ...]  # per row: an answer (not declined, not answered nothing)
    pairs: tuple[tuple[int, int], ...]  # (2024 race category row, its one-category group row)
    nothing: int  # the row of applications that answered no question (only response rates show it)
    not_answered: tuple[int, ...]  # each question's "Not answered" row: nothing is within each
    quarters: int = 0  # closed quarters on the period axis; then as many all-time reports


def cumulative(quarters: int) -> range:
    """The period axis's all-time reports, as of the end of each quarter, oldest first (the
    last one is all time now); without quarters, the one (empty) all-time slot."""
    return range(quarters, 2 * quarters) if quarters else range(0, 1)


def period_sums(quarters: int) -> list[Sum]:
    """All time as of each quarter's end = the quarters up to it (C_k = C_(k-1) + Q_k)."""
    return [(1, quarters + k, tuple(range(k + 1))) for k in range(quarters)]


def risky(d: _Array, dt: _Array | None = None) -> _Mask:
    """Would showing ``d`` people of a known group of ``dt`` give away a count under five:
    ``d`` itself, or (when the group's size is known) the rest of the group?"""
    bad: _Mask = (d >= 1) & (d < SMALL)
    if dt is not None:
        bad |= (dt - d >= 1) & (dt - d < SMALL)
    return bad


def _add_up(lo: _Float, hi: _Float, axis: int, parent: int | _Float, children: Sequence[int]) -> None:
    """Narrow ``children`` (along ``axis``) and ``parent`` (an index on that axis, or the
    exact sum itself) by parent = sum of children, in place."""
    low, high = np.moveaxis(lo, axis, 0), np.moveaxis(hi, axis, 0)  # views: written through
    idx = np.asarray(children, dtype=np.intp)
    cl, ch = low[idx], high[idx]
    endless = np.isinf(ch)
    finite = np.where(endless, 0.0, ch)
    sum_lo = cl.sum(axis=0)
    if isinstance(parent, int):
        low[parent] = np.maximum(low[parent], sum_lo)
        high[parent] = np.minimum(high[parent], np.where(endless.any(axis=0), np.inf, finite.sum(axis=0)))
        p_lo, p_hi = low[parent], high[parent]
    else:
        p_lo = p_hi = parent
    others_hi = np.where(endless.sum(axis=0) - endless > 0, np.inf, finite.sum(axis=0) - finite)
    low[idx] = np.maximum(cl, p_lo - others_hi)
    high[idx] = np.minimum(ch, p_hi - (sum_lo - cl))


def bounds(values: _Array, hidden: _Mask, sums: Sequence[Sum], layout: Layout) -> tuple[_Float, _Float]:
    """What a reader can work out of each cell from every report at once, as an attacker's
    interval solver would: a shown count is exact, a hidden one is 0 or more (one marker for
    every hidden count, so the marker says nothing), and then, until nothing changes:
    every sum (a question's answers to the column's total, the postings to all postings, the
    quarters to all time); every row (a reached count never grows along the stages); the
    people who stopped at a stage (its public total minus the next one's, each of them in one
    answer of every question: per question, the answers' drops add up to the totals' drop);
    and every subset (a 2024 race group within its category; those who answered nothing
    within every question's "Not answered", which the response rates tell per posting)."""
    v = values.astype(np.float64)
    lo = np.where(hidden, 0.0, v)
    hi = np.where(hidden, np.inf, v)
    gone = v[:, :, layout.total, :-1] - v[:, :, layout.total, 1:]  # public: who stopped where
    subsets = [*((g, r) for r, g in layout.pairs), *((layout.nothing, n) for n in layout.not_answered)]
    while True:  # every change narrows a whole-number range that the public totals bound: it ends
        before_lo, before_hi = lo.copy(), hi.copy()
        for axis, parent, children in sums:
            if children:  # a sum of nothing (no postings, no quarters yet) narrows nothing
                _add_up(lo, hi, axis, parent, children)
        for line in layout.lines:
            idx = np.asarray(line, dtype=np.intp)
            d_lo = np.maximum(0.0, lo[:, :, idx, :-1] - hi[:, :, idx, 1:])
            d_hi = hi[:, :, idx, :-1] - lo[:, :, idx, 1:]
            drop_lo, drop_hi = d_lo.copy(), d_hi.copy()
            _add_up(drop_lo, drop_hi, 2, gone, range(len(line)))
            lo[:, :, idx, :-1] = np.maximum(lo[:, :, idx, :-1], lo[:, :, idx, 1:] + drop_lo)
            hi[:, :, idx, :-1] = np.minimum(hi[:, :, idx, :-1], hi[:, :, idx, 1:] + drop_hi)
            lo[:, :, idx, 1:] = np.maximum(lo[:, :, idx, 1:], lo[:, :, idx, :-1] - drop_hi)
            hi[:, :, idx, 1:] = np.minimum(hi[:, :, idx, 1:], hi[:, :, idx, :-1] - drop_lo)
        for small, large in subsets:
            hi[:, :, small] = np.minimum(hi[:, :, small], hi[:, :, large])
            lo[:, :, large] = np.maximum(lo[:, :, large], lo[:, :, small])
        hi = np.minimum(
            hi, np.concatenate([hi[..., :1], np.minimum.accumulate(hi, axis=3)[..., :-1]], axis=3)
        )
        later = np.flip(np.maximum.accumulate(np.flip(lo, axis=3), axis=3), axis=3)
        lo = np.maximum(lo, later)
        if np.array_equal(lo, before_lo) and np.array_equal(hi, before_hi):
            return lo, hi


def line(
    values: _Array,
    hidden: _Mask,
    axis: int,
    parent: int,
    children: Sequence[int],
    public: bool,
    bounds: tuple[_Float, _Float],
    last: Sequence[bool] = (),
    answers: bool = True,
    fixed: _Mask | None = None,
    free: _Mask | None = None,
) -> _Mask:
    """Complementary suppression on one sum (parent = sum of its children, along ``axis``).

    A reader knows the shown cells, the parent when it is shown, and each hidden cell's
    range (``bounds``, from every report at once). With the parent shown, the hidden cells'
    sum is known; the line is safe when every hidden cell can still take two values or more
    (a hidden zero worked out as 0 is not safe either: it covered something, in this line or
    another; unless ``free`` says five or more holding it are shown to have none). Cells in
    ``fixed`` (empty columns) are shown whatever happens and never chosen. A hidden parent
    must not be the sum of shown children. Otherwise one more cell
    is hidden: a zero before a count (with the zeros before it in its row, which would pin
    it), a non-answer before an answer (``last``: adverse impact compares answers), one that
    adds doubt, the smallest first; an answer only when ``answers`` (a pass in which nothing
    cheaper was hidden anywhere). The stage is the last axis of ``values`` whatever ``axis``
    is. ``bounds`` may be from before cells were hidden in this pass: tighter than the truth,
    so only ever safer. Returns where (the other axes) the line is unsafe and no cell of it
    could be hidden: every one shown is ``fixed`` (with a public parent; otherwise the parent
    is hidden).
    """
    if not children:
        return np.zeros(np.delete(values.shape, axis), dtype=np.bool_)
    lo_all, hi_all = bounds
    v, h = np.moveaxis(values, axis, 0), np.moveaxis(hidden, axis, 0)
    lo_m, hi_m = np.moveaxis(lo_all, axis, 0), np.moveaxis(hi_all, axis, 0)
    idx = np.asarray(children)
    c, hc, p, hp, lo, hi = v[idx], h[idx], v[parent], h[parent], lo_m[idx], hi_m[idx]
    rest = (p - np.where(hc, 0, c).sum(axis=0)).astype(np.float64)  # the hidden cells' sum
    low, high = np.where(hc, lo, 0.0), np.where(hc, hi, 0.0)
    unbounded = np.isinf(high)
    finite = np.where(unbounded, 0.0, high)
    others_high = np.where(unbounded.sum(axis=0) - unbounded > 0, np.inf, finite.sum(axis=0) - finite)
    least = np.maximum(lo, rest - others_high)
    most = np.minimum(hi, rest - (low.sum(axis=0) - low))
    known = np.zeros_like(hc) if free is None else np.moveaxis(free, axis, 0)[idx]  # 0 for all to see
    pinned = (hc & ~(most - least >= 1) & ~(known & (most < 1))).any(axis=0)  # a cover given back
    bad = np.where(hp, ~hc.any(axis=0), pinned)
    fix = np.zeros_like(hc) if fixed is None else np.moveaxis(fixed, axis, 0)[idx]
    seen = (~hc & ~fix).any(axis=0)
    late = np.asarray(last if any(last) else [False] * len(idx)).reshape((-1,) + (1,) * (c.ndim - 1))
    zero, useful = c == 0, hi - lo >= 1
    cost = np.where(
        zero,  # a zero pinned by a shown zero before it in its row is freed by hiding those too
        np.where(late, 2**38, 0) + np.where(useful, 0, 2**39),
        c + np.where(late, 2**40, 0) + 2**41 + np.where(useful, 0, 2**43),
    )
    cost = np.where(hc | fix, 2**60, cost)
    pick = cost.argmin(axis=0)
    chosen = np.arange(len(idx)).reshape((-1,) + (1,) * pick.ndim) == pick
    cheap = answers | ~(chosen & late & ~zero).any(axis=0)  # an answer only when nothing else helps
    hide = chosen & (bad & seen & cheap) & ~fix
    freed = np.flip(np.logical_or.accumulate(np.flip(hide & zero, axis=-1), axis=-1), axis=-1)
    h[idx] = hc | ((hide | (freed & zero)) & ~fix)
    if not public:
        h[parent] = hp | (bad & ~seen)
    return np.asarray(bad & ~seen & (hp | public))


def _answer_rows(values: _Array, layout: Layout) -> _Mask:
    """The stage tables' rows (every answer, declined and not answered), as a mask."""
    rows = np.zeros(values.shape[2], dtype=np.bool_)
    rows[[r for line in layout.lines for r in line]] = True
    rows[[r for r, _ in layout.pairs]] = True
    return rows.reshape((1, 1, -1, 1))


def _free(values: _Array, hidden: _Mask, layout: Layout) -> _Mask:
    """Cells that shown 0s for groups of five or more say are 0: each posting's applications in
    each quarter that the cell counts are in a column showing 0 with five or more people
    (their posting or all postings, their quarter or all time, at the same stage or an
    earlier one, or a later one that the same people all reached; all time is all time now
    or as downloaded at the end of any quarter from theirs on). An earlier all-time report
    is free where each of its quarters' people are."""
    t = layout.total
    total = values[:, :, t : t + 1, :]
    big_zero = ~hidden & (values == 0) & (total >= SMALL) & _answer_rows(values, layout)
    held = np.logical_or.accumulate(big_zero, axis=3)  # (posting, quarter, row, stage)
    np_, n = values.shape[0] - 1, layout.quarters
    column = values[:np_, :n, t, :]  # one posting in one quarter
    same = (column[:, :, None, :] >= column[:, :, :, None]).sum(axis=3) - 1  # last stage, same people
    p, q = np.ogrid[:np_, :n]
    # all time as of quarter k's end, for each k from q on, holds quarter q: any of them
    since = np.flip(np.logical_or.accumulate(np.flip(held[:, n : 2 * n], axis=1), axis=1), axis=1)
    one = np.zeros((np_, n, values.shape[2], values.shape[3]), dtype=np.bool_)
    for s in range(values.shape[3]):
        last = same[:, :, s]
        for pp in (np.broadcast_to(p, last.shape), np.full_like(last, np_)):
            one[:, :, :, s] |= held[pp, np.broadcast_to(q, last.shape), :, last]
            one[:, :, :, s] |= since[pp, np.broadcast_to(q, last.shape), :, last]
    one |= (column == 0)[:, :, None, :]  # nobody there: nothing to hold
    free = np.zeros(values.shape, dtype=np.bool_)
    free[:np_, :n] = one
    free[np_, :n] = one.all(axis=0)
    for k, c in enumerate(cumulative(n)):  # all time as of quarter k: its quarters' people
        free[:np_, c] = one[:, : k + 1].all(axis=1)
        free[np_, c] = one[:, : k + 1].all(axis=(0, 1))
    return free


def small_groups(
    values: _Array, hidden: _Mask, layout: Layout, lo: _Float, hi: _Float, nested: Sequence[Nest]
) -> None:
    """Hide what says of a group of 1 to 4 people that none of them gave an answer (rule 3,
    small groups), in place. The groups a reader can isolate: a column (a report's stage), a
    report minus one it contains (at one stage), and a stage minus a later one (one report).
    A zero is free when a column of 5 or more that holds the group shows the same row as 0
    (the same posting or all postings, the same quarter or all time, the same stage or an
    earlier one): it then says nothing of them that it does not say of five or more.
    Shown zeros in a small column are hidden (a zero costs nothing to hide); a difference
    worked out as 0 hides the larger report's cell, or the later stage's, where shown (with
    both stages hidden, the nearest shown count of the row that bounds them)."""
    total = values[:, :, layout.total : layout.total + 1, :]
    rows = _answer_rows(values, layout)
    free = _free(values, hidden, layout)
    was = hidden.copy()  # what the bounds were worked out from
    hidden |= ~hidden & (values == 0) & (total >= 1) & (total < SMALL) & rows & ~free
    for big, small, _axes in nested:
        known = (hi[big] - lo[small] < 1) & rows & ~free[big]
        few = (total[big] - total[small] >= 1) & (total[big] - total[small] < SMALL)
        leak = known & few
        shown_big = leak & ~was[big]
        hidden[big] |= shown_big.any(axis=_axes, keepdims=True)
        hidden[small] |= leak & was[big] & ~was[small]
    stages = values.shape[3]
    for k in range(stages):
        for j in range(k + 1, stages):
            few = risky(total[..., k] - total[..., j])
            leak = few & (hi[..., k] - lo[..., j] < 1) & rows[..., 0] & ~free[..., k]
            for at in (j, k):  # the later stage hides, or the earlier one
                shown = leak & ~was[..., at]
                hidden[..., at] |= shown
                leak &= ~shown
            for at in (*range(j + 1, stages), *range(k - 1, -1, -1)):  # both were hidden: the
                shown = leak & ~was[..., at] & (total[..., at] > 0)  # nearest count pinning them
                hidden[..., at] |= shown
                leak &= ~shown


Nest = tuple[tuple[slice, slice], tuple[slice, slice], tuple[int, ...]]


def unasked(values: _Array, layout: Layout) -> _Mask:
    """The cells of every question that nobody asked: nobody of all postings' applications
    over all time gave it any answer (nor declined), and they are five or more. Its "Not
    answered" is then each column's public total and every other row 0 in every report, for
    every one of those five or more (the homogeneous case), so the cells tell nothing that
    the totals do not: they are derived, not counted, and shown as they are."""
    t = layout.total
    everyone = values[-1, -1, :, 0]  # all postings, all time now, applied
    rows = np.zeros(values.shape[2], dtype=np.bool_)
    if everyone[t] >= SMALL:
        for line_rows, na in zip(layout.lines, layout.not_answered, strict=True):
            if everyone[na] == everyone[t]:
                rows[list(line_rows)] = True
    return np.broadcast_to(rows[None, None, :, None], values.shape)


def nests(postings: int, quarters: int) -> tuple[Nest, ...]:
    """(larger report, smaller report, axes the larger is one of) over posting and period:
    all postings holds each posting; all time as of a quarter's end holds each quarter up to
    it and each earlier all-time report (so all time now minus all time downloaded before the
    last quarter closed, which is that quarter, is a difference like any other)."""
    p, n = postings, quarters
    out: list[Nest] = [((slice(p, p + 1), slice(None)), (slice(0, p), slice(None)), (0,))]
    for k in range(n):
        c = slice(n + k, n + k + 1)
        for held in (slice(0, k + 1), slice(n, n + k)):  # its quarters; earlier all-time reports
            if held.stop > held.start:
                out.append(((slice(None), c), (slice(None), held), (1,)))
                out.append(((slice(p, p + 1), c), (slice(0, p), held), (0, 1)))
    return tuple(out)


def suppress(
    values: _Array,
    layout: Layout,
    past: _Mask | None = None,
    past_quiet: _Mask | None = None,
) -> _Mask:
    """Decide, once for every report, which cells are hidden (the module docstring of
    ``services/compliance/eeo_disclosure.py``, rule 3). The response rates' cells (per posting, all time,
    those who answered nothing) are decided here too: the reader has them as well.

    ``past`` is what the decision at the previous quarter's end hid (posting x its periods:
    the quarters closed then, then all time as of each of their ends x row x stage;
    ``past_quiet``: its response counts), as this rule decided then. A reader kept what
    every report showed then, and the quarters are frozen, so those cells are not decided
    again: each stays as it was, shown or hidden, and none is chosen as a cover. Only the
    newest quarter's cells and all time now (each posting and all postings, and the response
    rates) are decided. Where the rule would hide a cell decided before (what the new cells
    would show narrows an old hidden one), the new cells hide instead: first all time now's
    cells of that row (they are what ties the new quarter to the old ones), then, if that is
    not enough, every cell of all time now and its response counts, which leaves a reader
    no more about the old cells than the previous decision did."""
    np_, n = values.shape[0] - 1, layout.quarters
    t = layout.total
    total = values[:, :, t : t + 1, :]
    empty = np.broadcast_to(total == 0, values.shape)  # nobody there: every cell 0, the total says so
    old = np.asarray([*range(n - 1), *range(n, 2 * n - 1)] if n > 1 else [], dtype=np.intp)
    keep = np.zeros(values.shape, dtype=np.bool_)  # decided before: as shown then
    was = np.zeros(values.shape, dtype=np.bool_)
    if len(old):
        assert past is not None and past.shape[1] == len(old)
        keep[:, old] = True
        was[:, old] = past
    # a question nobody was asked (``unasked``): its cells are the public totals and zeros,
    # shown as they are, like an empty column, where every earlier decision showed them too;
    # where one hid some (there were fewer than five then, and "nobody of them answered" was
    # theirs to keep), every new cell of it is hidden, so that nothing narrows the old ones
    derived = unasked(values, layout) & ~empty
    hid_before: _Mask = np.asarray((keep & was).any(axis=(0, 1, 3)))  # per row
    hid_before = hid_before[None, None, :, None]
    empty = empty | (derived & ~hid_before)
    derived = derived & hid_before & ~keep
    conflict = np.zeros(values.shape, dtype=np.bool_)  # hides the old cells wanted (not done)
    stuck: list[tuple[_Mask, tuple[int, ...]]] = []  # old lines that no new cell could cover

    # what the passes hide for a moment and then show again (public totals, empty columns;
    # who answered nothing, which ``quiet`` decides) is no conflict
    counted = np.ones(values.shape[2], dtype=np.bool_)
    counted[[t, layout.nothing]] = False
    real = ~empty & counted[None, None, :, None]

    def pin() -> None:
        conflict[...] |= hidden & keep & ~was & real
        np.copyto(hidden, was, where=keep)

    hidden = risky(values) | derived
    pin()
    nested = nests(np_, n)
    sums: list[Sum] = [(2, t, line) for line in layout.lines]
    sums += [(0, np_, tuple(range(np_))), *period_sums(n)]
    cum = np.asarray(cumulative(n), dtype=np.intp)  # the response rates: per posting, all time
    old_quiet = np.zeros((np_, len(cum) - 1), dtype=np.bool_) if past_quiet is None else past_quiet
    quiet = _quiet(values[:np_, cum, layout.nothing, 0], values[:np_, cum, t, 0], None, old_quiet)
    now = cum[-1]
    fixed = empty | keep  # never chosen as a cover
    rows = _answer_rows(values, layout)[0, 0, :, 0]
    before, answers_too, escalated = np.zeros_like(hidden), False, 0
    while True:
        if np.array_equal(hidden, before) and answers_too:
            if not (conflict.any() or stuck) or escalated == 2 or not len(old):
                break
            # the new cells hide what they would otherwise tie to an old hidden one
            escalated += 1
            wanted = _wanted(conflict, stuck, old) if escalated == 1 else None
            _escalate(hidden, quiet, wanted, now, rows[None, :, None] & ~empty[:, now], layout)
            conflict[...] = False
            stuck.clear()
            answers_too = False
        else:
            answers_too = np.array_equal(hidden, before)  # an answer only when nothing cheaper did
            conflict[...] = False
            stuck.clear()
        before = hidden.copy()
        for big, small, axes in nested:  # the larger report hides: one posting, one quarter stay
            d, dt = values[big] - values[small], total[big] - total[small]
            bad = ~hidden[big] & ~hidden[small] & (values[big] > 0) & risky(d, dt)
            hidden[big] |= bad.any(axis=axes, keepdims=True)
            hidden[small] |= bad & keep[big]  # decided before and shown: the smaller hides
            # a zero hidden as a cover in a smaller report is hidden in the larger one, whose 0
            # would say that every smaller report's cell is 0 (the review of 2f9d891)
            hidden[big] |= (values[big] == 0) & hidden[small].any(axis=axes, keepdims=True)
        pin()
        _stages_and_pairs(values, hidden, layout)
        pin()
        hidden[:, :, t] = False  # public: the boards show every application
        hidden[:, :, layout.nothing] = True  # shown only as the response rates, when safe
        hidden[:np_, cum, layout.nothing, 0] = quiet
        hidden &= ~empty  # the solver sees them shown, as the reader does (the 5 pinned zeros)
        lo, hi = bounds(values, hidden, sums, layout)  # only hiding follows: the truth is vaguer
        small_groups(values, hidden, layout, lo, hi, nested)
        pin()
        # a response count that pins a hidden "Not answered" (those who answered nothing are in
        # each) is hidden, not the counts beside it: adverse impact compares those
        na = np.asarray(layout.not_answered, dtype=np.intp)
        h_na = hidden[:np_][:, cum][:, :, na, 0]
        lo_na, hi_na = (a[:np_][:, cum][:, :, na, 0] for a in (lo, hi))
        nothing = values[:np_][:, cum][:, :, layout.nothing, 0][:, :, None]
        quiet |= (h_na & (hi_na - lo_na < 1) & (lo_na <= nothing)).any(axis=2)
        quiet = _quiet(values[:np_, cum, layout.nothing, 0], values[:np_, cum, t, 0], quiet, old_quiet)
        free = _free(values, hidden, layout)
        for line_rows in layout.lines:
            idx = list(line_rows)
            answer = [layout.answer[i] for i in idx]
            left = line(values, hidden, 2, t, idx, True, (lo, hi), answer, answers_too, fixed, free)
            if left[:, old].any():
                stuck.append((left, line_rows))
        for axis, whole, parts in ((0, np_, range(np_)), *period_sums(n)):
            line(
                values,
                hidden,
                axis,
                whole,
                list(parts),
                False,
                (lo, hi),
                answers=answers_too,
                fixed=fixed,
                free=free,
            )
        pin()
        hidden &= ~empty
        hidden[:np_, cum, layout.nothing, 0] = quiet
    _sums_of_shown(hidden, keep, rows, np_, n)
    return hidden


def _sums_of_shown(hidden: _Mask, keep: _Mask, rows: _Mask, postings: int, quarters: int) -> None:
    """Show, in place, each new cell that is the sum of shown cells (all postings of shown
    postings; all time as of a quarter's end of shown quarters): a reader has it exactly
    already, so hiding it covers nothing, and a hidden cell a reader has exactly is a count
    given back. (So it is where a question nobody was asked, shown as the totals until then,
    is answered in the newest quarter: all time now of an old quarter's row and an empty
    column of the new one is that old, shown count.)"""
    answer = rows[None, None, :, None]
    while True:
        before = hidden.copy()
        for axis, whole, parts in ((0, postings, range(postings)), *period_sums(quarters)):
            h, k = np.moveaxis(hidden, axis, 0), np.moveaxis(keep, axis, 0)
            known = ~h[list(parts)].any(axis=0)
            h[whole] &= ~(known & ~k[whole] & np.moveaxis(answer, axis, 0)[0])
        if np.array_equal(hidden, before):
            return


def _wanted(conflict: _Mask, stuck: list[tuple[_Mask, tuple[int, ...]]], old: _Array) -> _Mask:
    """The rows (posting x row) whose all time now hides first when the new cells would tie
    to an old hidden one: those where an old cell was wanted hidden (``conflict``) and the
    lines left unsafe in an old period (``stuck``); a posting's all time is in all postings'."""
    np_ = conflict.shape[0] - 1
    wanted = np.asarray(conflict.any(axis=(1, 3)))  # posting x row
    for where, line_rows in stuck:
        left: _Mask = np.asarray(where[:, old].any(axis=(1, 2)))
        wanted[:, list(line_rows)] |= left[:, None]
    wanted[np_] |= wanted[:np_].any(axis=0)
    return wanted


def _escalate(
    hidden: _Mask, quiet: _Mask, wanted: _Mask | None, now: int, rows: _Mask, layout: Layout
) -> None:
    """Hide all time now's answer cells (``rows``: posting x row x stage, those that may be
    hidden) of the ``wanted`` rows (posting x row), or of every row when None; and the
    response counts now too when every row is hidden or a "Not answered" is wanted."""
    if wanted is None:
        hidden[:, now] |= rows
    else:
        hidden[:, now] |= wanted[:, :, None] & rows
    if wanted is None or wanted[:, list(layout.not_answered)].any():
        quiet[:, -1] = True


def _stages_and_pairs(values: _Array, hidden: _Mask, layout: Layout) -> None:
    """A stage's cell is hidden where it and an earlier stage's, both shown, differ by a
    small count; and a pair's second row where the first minus it is small."""
    ns = values.shape[3]
    t = layout.total
    total = values[:, :, t : t + 1, :]
    for k in range(ns):
        for j in range(k + 1, ns):
            d, dt = values[..., k] - values[..., j], total[..., k] - total[..., j]
            shown = ~hidden[..., k] & ~hidden[..., j] & (values[..., j] > 0)
            hidden[..., j] |= shown & risky(d, dt)
    for r, g in layout.pairs:
        both = ~hidden[:, :, r] & ~hidden[:, :, g]
        hidden[:, :, g] |= both & risky(values[:, :, r] - values[:, :, g])


def _quiet(nothing: _Array, applied: _Array, quiet: _Mask | None, past: _Mask) -> _Mask:
    """Which response counts (per posting, all time as of each quarter's end: who answered
    nothing) are hidden: the earlier ones as they were (``past``); now, those already hidden,
    those where it or the number who answered is 1 to 4, and those that an earlier one shown
    would give away by subtraction (what the quarters between them added)."""
    out = risky(nothing, applied) if quiet is None else quiet | risky(nothing, applied)
    k = past.shape[1]
    out[:, :k] = past
    if out.shape[1] > k:
        for j in range(k):
            shown = ~out[:, j]
            out[:, k] |= shown & risky(nothing[:, k] - nothing[:, j], applied[:, k] - applied[:, j])
    return out

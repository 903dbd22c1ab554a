"""The decoder: place a job order into her free working time, day by day.

Given a priority order of the jobs, the decoder walks the working days in time order. On
each day it first reserves a *pacing* chunk for every job in progress that has had no
block for ``pacing_days`` working days (latest in the day, so it does not take the
morning from more urgent work), then gives the day's free time to the released jobs in
priority order, earliest first, under the block rules:

- a block lasts at least ``min_block`` minutes unless it finishes the job, and never
  leaves a remainder shorter than ``min_block``;
- at most ``max_clients_per_day`` distinct clients a day;
- a meeting is one contiguous block of its whole length;
- small jobs (at most ``small_job`` minutes) placed on the same day sit next to each other:
  the day is re-laid with them grouped when that delays no job past its due time.

This is a *list-scheduling* (priority-rule) decoder in the sense of Pinedo, *Scheduling:
Theory, Algorithms, and Systems* (5th ed., 2016), ch. 14: every job order gives one
feasible plan, and the optimiser searches over orders.
- client attention: a client with open work owed attention (no block for
  ``attention_days`` working days, see :class:`~creneau.planning.problem.Problem`) gets a
  chunk for its most urgent job, like pacing; both kinds of chunk give way, attention
  first, to a job due that day that is short of time.

The objective is lexicographic: number of late hard jobs, then a penalty that prices
the soft rules in weight x minutes of tardiness: total weighted tardiness, plus a cost per
pacing miss (a day a job in progress or a client went without the block owed to it), plus
a cost per previous block changed (stability, see :class:`Previous`); then the number of
blocks. See :data:`Objective`.

**Stability.** When a previous plan is given, each working day first gets back the previous
plan's pieces (same job, same start and end) before anything else is placed, unless the day
or the piece is *released* by the search, the job no longer needs that much work, or the
time is no longer free. The rest of the day is filled as above. Released days are laid out
anew. With ``Release.chain``, a job whose work no longer fits its previous pieces may take
the place of a previous piece of lower priority on a kept day (an ejection chain, see
:class:`_Chain`). This is the "repair" view of rescheduling (Vieira, Herrmann & Lin, *Rescheduling
manufacturing systems: a framework of strategies, policies, and methods*, J. of Scheduling
6, 2003): keep the schedule, change only what the objective needs.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from creneau.planning.problem import Day, Problem

Objective = tuple[int, int, int, int, int, int]
"""(late hard jobs, penalty, weighted tardiness, previous blocks changed, blocks, misses).

The *penalty* prices the soft rules in one unit, weight x minutes of tardiness:
``weighted tardiness + misses x Problem.miss_cost + changed x Problem.change_cost``.
*Misses* count the working days a job in progress went without the block the pacing rule
owed it, plus the days a client went without the attention owed to it; *changed* counts
the previous plan's blocks not kept (stability). The last four entries break ties."""


@dataclass(frozen=True, slots=True)
class Previous:
    """A previous plan's blocks, to keep in place where the objective allows.

    Args:
        by_day: for a day index of :attr:`Problem.days`, its previous pieces
            ``(job index, start, end)`` in minutes from the origin, sorted by start. Only
            blocks of jobs still planned and starting at or after "now" are given.
    """

    by_day: dict[int, tuple[tuple[int, int, int], ...]]
    pieces: frozenset[tuple[int, int, int]] = field(init=False)
    """Every previous piece (derived from ``by_day`` once, not at every decode)."""
    jobs: frozenset[int] = field(init=False)
    """The jobs that had a previous piece."""

    def __post_init__(self) -> None:
        pieces = frozenset(p for day in self.by_day.values() for p in day)
        object.__setattr__(self, "pieces", pieces)
        object.__setattr__(self, "jobs", frozenset(j for j, _s, _e in pieces))


class Release(NamedTuple):
    """What the search lets move in a previous plan.

    Args:
        days: released day indices (laid out anew).
        shift: whether a released day keeps its previous sequence of jobs (right shift,
            see :func:`_shifted`) or is laid out by priority.
        kept: pieces of released days kept in place all the same.
        chain: on the days not released, a job short of time may take the place of a
            previous piece of a job of lower priority, which moves on in turn (an
            ejection chain, see :class:`_Chain`); without it, work that no longer fits
            its previous pieces only flows into free time.
    """

    days: frozenset[int] = frozenset()
    shift: bool = False
    kept: frozenset[tuple[int, int, int]] = frozenset()
    chain: bool = False


NO_RELEASE = Release()


class _Chain:
    """Ejection chains over the previous plan's kept days (``Release.chain``).

    A job is *short* on a kept day when its work left exceeds what its previous pieces
    still ahead hold (its *overflow*: a new job, a job whose effort grew, a job pushed
    out of a released day) and the free stretches of at least ``min_block`` minutes left
    between the previous pieces, from that day to its due time, cannot hold it. It then
    takes the place of previous pieces of that day of the jobs of lowest priority (never
    a meeting's, and if it can, none whose loss costs a pacing or attention miss, see
    :meth:`displaced`); those jobs move on in turn, and take the place of pieces of jobs of
    still lower priority when they are short, or the free time before their due time.
    Each link of the chain changes one or two blocks, where laying out every day in
    between anew would change them all. This is the ejection chain neighbourhood of
    Glover (*Ejection chains, reference structures and alternating path methods for
    traveling salesman problems*, Discrete Applied Mathematics 65, 1996) applied to the
    repair of a schedule.

    Args:
        problem: the planning problem.
        previous: the previous plan's pieces.
        release: the released days and pieces (pieces of released days do not count as
            ahead unless kept all the same).
    """

    def __init__(self, problem: Problem, previous: Previous, release: Release) -> None:
        self.problem = problem
        n = len(problem.jobs)
        self.ahead = [0] * n
        """For a job, minutes of its previous pieces on the kept days after the current one."""
        self.keepable: dict[int, tuple[tuple[int, int, int], ...]] = {}
        for d, pieces in previous.by_day.items():
            mine = tuple(p for p in pieces if d not in release.days or p in release.kept)
            self.keepable[d] = mine
            for j, s, e in mine:
                self.ahead[j] += e - s
        # free stretches of at least min_block minutes left between the kept pieces, by day
        cumulative = [0]
        for d, day in enumerate(problem.days):
            free = [[seg.start, seg.end] for seg in day.segments]
            for _j, s, e in self.keepable.get(d, ()):
                _take_exact(free, s, e)
            usable = sum(e - s for s, e in free if e - s >= problem.min_block)
            cumulative.append(cumulative[-1] + usable)
        self.cumulative = cumulative
        self.job_days: dict[int, list[int]] = {}
        self.client_days: dict[int, list[int]] = {}
        for d in sorted(self.keepable):
            for j, _s, _e in self.keepable[d]:
                for days, key in ((self.job_days, j), (self.client_days, problem.jobs[j].client)):
                    seen = days.setdefault(key, [])
                    if not seen or seen[-1] != d:
                        seen.append(d)
        starts = [day.start for day in problem.days]
        self.due_day = [bisect.bisect_left(starts, job.due) - 1 for job in problem.jobs]
        """For a job, the index of the last day starting before its due time (-1: none)."""

    def enter(self, d: int) -> None:
        """Day ``d`` begins: its pieces are no longer ahead."""
        for j, s, e in self.keepable.get(d, ()):
            self.ahead[j] -= e - s

    def displaced(
        self,
        d: int,
        remaining: Sequence[int],
        active: Sequence[int],
        order: Sequence[int],
        owed: _Today,
    ) -> set[tuple[int, int, int]]:
        """The previous pieces of day ``d`` that jobs short of time take over.

        The pieces of the jobs of lowest priority go first. A piece whose loss would cost
        a pacing or attention miss (its job in progress, or its client, has no other piece
        that day and none ahead before the block owed to it) is taken only on the short
        job's last day before its due time (or later), and after every other piece: before
        that day, the short job waits for a piece it can take without a miss.

        Args:
            d: the day index (its pieces already left ``ahead``, see :meth:`enter`).
            remaining: each job's minutes still to place.
            active: ranks of the jobs that may be placed today, sorted.
            order: the job order (rank to job index).
            owed: what the pacing and attention rules owe, as the decoder stands.
        """
        pieces = self.keepable.get(d, ())
        if not pieces:
            return set()
        jobs = self.problem.jobs
        rank = {order[r]: r for r in active}
        today: dict[int, int] = {}
        for j, s, e in pieces:
            today[j] = today.get(j, 0) + e - s
        out: set[tuple[int, int, int]] = set()

        def costs_a_miss(p: tuple[int, int, int]) -> bool:
            y = p[0]
            c = jobs[y].client
            left = [q for q in pieces if q != p and q not in out]
            if (
                owed.pacing
                and jobs[y].in_progress
                and all(q[0] != y for q in left)
                and owed.last_day[y] + self.problem.pacing_days < self._next(self.job_days, y, d)
            ):
                return True
            due = owed.attention_due.get(c)
            return (
                due is not None
                and c not in owed.attended
                and all(jobs[q[0]].client != c for q in left)
                and due < self._next(self.client_days, c, d)
            )

        for r in active:
            x = order[r]
            over = remaining[x] - self.ahead[x] - today.get(x, 0)
            if over <= 0:
                continue
            last = max(self.due_day[x], d - 1)
            short = over - (self.cumulative[last + 1] - self.cumulative[d])
            if short <= 0:
                continue
            victims = sorted(
                (
                    p
                    for p in pieces
                    if p not in out
                    and p[0] in rank
                    and rank[p[0]] > r
                    and not jobs[p[0]].meeting
                    and (d >= self.due_day[x] or not costs_a_miss(p))
                ),
                key=lambda p: (costs_a_miss(p), -rank[p[0]], p[1]),
            )
            for p in victims:
                if short <= 0:
                    break
                clients = owed.pinned | {
                    jobs[q[0]].client for q in pieces if q != p and q not in out
                }
                if (
                    jobs[x].client not in clients
                    and len(clients) >= self.problem.max_clients_per_day
                ):
                    continue  # the job short of time could not take its place
                out.add(p)
                today[p[0]] -= p[2] - p[1]
                short -= p[2] - p[1]
        return out

    def _next(self, days: dict[int, list[int]], key: int, d: int) -> int:
        """The first day after ``d`` in ``days[key]`` (the number of days when none)."""
        mine = days.get(key, [])
        k = bisect.bisect_right(mine, d)
        return mine[k] if k < len(mine) else len(self.problem.days)


@dataclass(frozen=True, slots=True)
class _Today:
    """A day as the decoder stands when it begins (for :meth:`_Chain.displaced`).

    Args:
        pacing: whether the pacing rule applies.
        last_day: for a job, the last day index it got a block (-1: none).
        attention_due: for a client index, the day index by which it is owed attention.
        attended: the clients given attention that day without a block (pins, events).
        pinned: the clients of the day's pinned blocks (they count toward the
            clients-per-day limit).
    """

    pacing: bool
    last_day: Sequence[int]
    attention_due: dict[int, int]
    attended: frozenset[int]
    pinned: frozenset[int]


@dataclass(frozen=True, slots=True)
class Schedule:
    """A decoded plan.

    Args:
        order: the job order it was decoded from (indices into ``Problem.jobs``).
        pacing: whether the pacing rule was applied.
        pieces: ``(job, start, end)`` in minutes from the origin, sorted by start.
        completion: end of each job's last piece, or None when not all of it was placed.
        unplaced: minutes of each job left unplaced at the end of the horizon.
        objective: see :data:`Objective`.
    """

    order: tuple[int, ...]
    pacing: bool
    pieces: tuple[tuple[int, int, int], ...]
    completion: tuple[int | None, ...]
    unplaced: tuple[int, ...]
    objective: Objective


def _take_earliest(
    free: list[list[int]],
    want: int,
    total: int,
    min_block: int,
    meeting: bool,
    not_before: int = -(2**62),
) -> list[tuple[int, int]]:
    """Take up to ``want`` minutes from ``free`` (sorted, mutable), earliest first.

    ``total`` is the job's whole remaining work: a piece shorter than ``min_block`` is only
    allowed when it finishes the job, and no piece may leave a remainder in (0, min_block).
    Nothing is taken before ``not_before`` (the job's release; in her working time a job is
    released at the start of a day, so this only binds on a single-machine problem).
    """
    taken: list[tuple[int, int]] = []
    if meeting:
        for i, (s, e) in enumerate(free):
            a = max(s, not_before)
            if e - a >= want:
                taken.append((a, a + want))
                _cut(free, i, a, a + want)
                return taken
        return taken
    left = want
    rest = total
    i = 0
    while i < len(free) and left > 0:
        s, e = free[i]
        a = max(s, not_before)
        length = min(left, e - a)
        if length < rest:  # does not finish the job
            if rest - length < min_block:
                length = rest - min_block
            if length < min_block or length <= 0:
                i += 1
                continue
        taken.append((a, a + length))
        left -= length
        rest -= length
        i += _cut(free, i, a, a + length)
    return taken


def _cut(free: list[list[int]], i: int, start: int, end: int) -> int:
    """Remove ``[start, end)`` from the free stretch ``free[i]`` (which holds it); returns
    how many stretches of what is left lie before the next stretch to look at (0, 1 or 2)."""
    stretch = free[i]
    if start == stretch[0]:  # the usual case: taken from the stretch's start
        if end == stretch[1]:
            del free[i]
            return 0
        stretch[0] = end
        return 1
    if end == stretch[1]:
        stretch[1] = start
        return 1
    free.insert(i + 1, [end, stretch[1]])
    stretch[1] = start
    return 2


def _take_latest(free: list[list[int]], want: int) -> tuple[int, int] | None:
    """Take one contiguous piece of ``want`` minutes, as late in the day as possible."""
    for i in range(len(free) - 1, -1, -1):
        s, e = free[i]
        if e - s >= want:
            if e - s == want:
                del free[i]
            else:
                free[i][1] = e - want
            return (e - want, e)
    return None


def _take_exact(free: list[list[int]], start: int, end: int) -> bool:
    """Take ``[start, end)`` from ``free`` if it lies within one free stretch."""
    for i, (s, e) in enumerate(free):
        if s <= start and end <= e:
            if s < start and end < e:
                free[i][1] = start
                free.insert(i + 1, [end, e])
            elif s < start:
                free[i][1] = start
            elif end < e:
                free[i][0] = end
            else:
                del free[i]
            return True
        if s >= end:
            return False
    return False


def _give_back(free: list[list[int]], piece: tuple[int, int]) -> None:
    """Return a piece to the free list, merging with its neighbours."""
    s, e = piece
    i = 0
    while i < len(free) and free[i][0] < s:
        i += 1
    free.insert(i, [s, e])
    if i + 1 < len(free) and free[i + 1][0] == e:
        free[i][1] = free[i + 1][1]
        del free[i + 1]
    if i > 0 and free[i - 1][1] == s:
        free[i - 1][1] = free[i][1]
        del free[i]


def _lay_out(
    problem: Problem, day: Day, sequence: list[list[int]]
) -> list[tuple[int, int, int]] | None:
    """Lay ``[job, minutes]`` items out in the day's free time, earliest first, or None."""
    free = [[seg.start, seg.end] for seg in day.segments]
    pieces: list[tuple[int, int, int]] = []
    for j, minutes in sequence:
        job = problem.jobs[j]
        got = _take_earliest(free, minutes, minutes, problem.min_block, job.meeting, job.release)
        if sum(e - s for s, e in got) != minutes:
            return None
        pieces.extend((j, s, e) for s, e in got)
    return pieces


def _relayout_day(
    problem: Problem,
    day: Day,
    day_pieces: list[tuple[int, int, int]],
    finishes_today: set[int],
) -> list[tuple[int, int, int]]:
    """Re-lay a day: each job in one stretch, small jobs side by side, when nothing gets late.

    Tries, in turn, (1) every job's minutes of the day in one item, in the order the jobs
    first appear, with the small jobs (at most ``small_job`` minutes of work) grouped at the
    first small job's place; (2) the same grouping of small jobs without merging the other
    jobs' pieces. A layout is kept only if it places everything and no job that finishes
    today ends later than both its old end and its due time; else the day stays as it was.
    """
    jobs = problem.jobs
    ordered = sorted(day_pieces, key=lambda p: p[1])
    small = problem.small_job
    runs = [j for k, (j, _s, _e) in enumerate(ordered) if k == 0 or ordered[k - 1][0] != j]
    if len(runs) == len(set(runs)) and not _small_apart(problem, ordered):
        return day_pieces  # every job already in one run, small jobs together: nothing to do

    def grouped(items: list[list[int]]) -> list[list[int]]:
        smalls = [it for it in items if jobs[it[0]].processing <= small]
        if len(smalls) < 2:
            return items
        first = next(k for k, it in enumerate(items) if jobs[it[0]].processing <= small)
        others = [it for it in items if jobs[it[0]].processing > small]
        return others[:first] + smalls + others[first:]

    old_end: dict[int, int] = {}
    for j, _s, e in day_pieces:
        old_end[j] = max(old_end.get(j, e), e)

    merged: dict[int, list[int]] = {}
    for j, s, e in ordered:
        if j in merged:
            merged[j][1] += e - s
        else:
            merged[j] = [j, e - s]
    sequential: list[list[int]] = []
    for j, s, e in ordered:
        if sequential and sequential[-1][0] == j:
            sequential[-1][1] += e - s
        else:
            sequential.append([j, e - s])
    candidates = [grouped(list(merged.values()))]
    if len(sequential) != len(merged):  # some job is split: also try keeping its pieces
        candidates.append(grouped(sequential))
    blocks_before = len(_merge_touching(day_pieces))
    for sequence in candidates:
        laid = _lay_out(problem, day, sequence)
        if laid is None:
            continue
        new_end: dict[int, int] = {}
        for j, _s, e in laid:
            new_end[j] = max(new_end.get(j, e), e)
        if any(new_end[j] > max(old_end[j], jobs[j].due) for j in finishes_today):
            continue
        if len(_merge_touching(laid)) > blocks_before and _small_apart(problem, ordered) is False:
            continue
        return laid
    return day_pieces


def _small_apart(problem: Problem, ordered: list[tuple[int, int, int]]) -> bool:
    """Whether the day's small-job pieces are not all next to each other."""
    marks = [problem.jobs[j].processing <= problem.small_job for j, _s, _e in ordered]
    if marks.count(True) < 2:
        return False
    first = marks.index(True)
    last = len(marks) - 1 - marks[::-1].index(True)
    return not all(marks[first : last + 1])


def _merge_touching(day_pieces: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Merge pieces of the same job that touch (one ends where the next starts)."""
    merged: list[tuple[int, int, int]] = []
    for j, s, e in sorted(day_pieces, key=lambda p: p[1]):
        if merged and merged[-1][0] == j and merged[-1][2] == s:
            merged[-1] = (j, merged[-1][1], e)
        else:
            merged.append((j, s, e))
    return merged


def _shifted(
    day_pieces: Sequence[tuple[int, int, int]], active: list[int], rank: list[int], fresh: set[int]
) -> list[int]:
    """The serving order of a released day that had previous blocks (right shift).

    The jobs of the day's previous blocks keep their previous sequence; a job that had no
    previous block at all (a new job) is merged in by priority: it goes before the first
    previous job of lower priority. So a new urgent job takes the place of the blocks it
    displaces, and those shift later. Other active jobs follow, by priority. Returns ranks.
    """
    before: list[int] = []
    for j, _s, _e in day_pieces:
        if rank[j] not in before:
            before.append(rank[j])
    present = set(active)
    before = [r for r in before if r in present]
    mine = set(before)
    others = [r for r in active if r not in mine and r in fresh]
    after = [r for r in active if r not in mine and r not in fresh]
    merged: list[int] = []
    i = k = 0
    while i < len(before) or k < len(others):
        if k < len(others) and (i >= len(before) or others[k] < before[i]):
            merged.append(others[k])
            k += 1
        else:
            merged.append(before[i])
            i += 1
    return merged + after


def decode(
    problem: Problem,
    order: Sequence[int],
    *,
    pacing: bool = True,
    previous: Previous | None = None,
    release: Release = NO_RELEASE,
) -> Schedule:
    """Place the jobs in ``order`` (highest priority first) into the free working time.

    Args:
        problem: the planning problem.
        order: a permutation of ``range(len(problem.jobs))``.
        pacing: apply the pacing rule for jobs in progress.
        previous: a previous plan's pieces to keep in place (stability), or None.
        release: days of ``previous`` that may move, and how (see :data:`Release`).

    Returns:
        The :class:`Schedule` with its objective.

    Raises:
        ValueError: when ``order`` is not a permutation of the job indices.
    """
    jobs = problem.jobs
    n = len(jobs)
    if sorted(order) != list(range(n)):
        raise ValueError("order: must be a permutation of the job indices")
    min_block = problem.min_block
    max_clients = problem.max_clients_per_day
    pacing_days = problem.pacing_days
    step = problem.granularity
    remaining = [job.processing for job in jobs]
    client_of = [job.client for job in jobs]
    last_day = [-1] * n
    completion: list[int | None] = [None] * n
    pieces: list[tuple[int, int, int]] = []
    rank = [0] * n
    for k, j in enumerate(order):
        rank[j] = k
    in_progress = sorted((job.index for job in jobs if job.in_progress), key=rank.__getitem__)
    by_release = sorted(range(n), key=lambda j: (jobs[j].release, rank[j]))
    released = 0
    active: list[int] = []  # ranks of released, unfinished jobs, sorted
    client_active: dict[int, list[int]] = defaultdict(list)
    held: list[int] = []  # released jobs whose predecessor is not finished yet
    misses = 0  # days a job in progress or a client went without its due block
    for job in jobs:
        if remaining[job.index] == 0:  # all of its work is pinned
            completion[job.index] = job.pinned_end
    attention = problem.attention_days
    attention_due = dict(problem.attention_due)
    pinned_clients = problem.pinned_clients
    fresh_ranks: set[int] = set()
    chain: _Chain | None = None
    if previous is not None:
        fresh_ranks = {rank[j] for j in range(n) if j not in previous.jobs}
        if release.chain:
            chain = _Chain(problem, previous, release)

    is_active = [False] * n  # released, not held behind a predecessor, not finished

    def activate(j: int) -> None:
        is_active[j] = True
        bisect.insort(active, rank[j])
        bisect.insort(client_active[client_of[j]], rank[j])

    for d, day in enumerate(problem.days):
        if chain is not None:
            chain.enter(d)
        while released < n and jobs[by_release[released]].release < day.end:
            j = by_release[released]
            released += 1
            if remaining[j] == 0:
                continue
            if jobs[j].after is not None:
                held.append(j)
            else:
                activate(j)
        for j in list(held):
            before = completion[jobs[j].after]  # type: ignore[index]
            if before is not None and before <= day.start:
                held.remove(j)
                activate(j)
        if not active:
            if released >= n and not held:
                break
            continue
        free = [[seg.start, seg.end] for seg in day.segments]
        free_total = sum(e - s for s, e in free)
        pinned_today = pinned_clients.get(d, frozenset())
        clients: set[int] = set(pinned_today)
        attention_jobs: set[int] = set()
        chunks: dict[int, tuple[int, int]] = {}
        day_pieces: list[tuple[int, int, int]] = []
        kept: set[int] = set()
        if previous is not None and d in previous.by_day:
            held_back = d in release.days
            displaced: set[tuple[int, int, int]] = set()
            if chain is not None and not held_back:
                owed = _Today(
                    pacing,
                    last_day,
                    attention_due if attention else {},
                    pinned_today | problem.client_events.get(d, frozenset()),
                    pinned_today,
                )
                displaced = chain.displaced(d, remaining, active, order, owed)
            for j, s, e in previous.by_day[d]:
                if held_back and (j, s, e) not in release.kept:
                    continue
                if (j, s, e) in displaced:
                    continue
                length = e - s
                left = remaining[j] - length
                if left < 0 or 0 < left < min_block:
                    continue
                if not is_active[j] or jobs[j].release > s:
                    continue
                if client_of[j] not in clients and len(clients) >= max_clients:
                    continue
                if not _take_exact(free, s, e):
                    continue
                day_pieces.append((j, s, e))
                clients.add(client_of[j])
                remaining[j] = left
                free_total -= length
                kept.add(j)
            if chain is not None and not held_back:
                # the jobs whose work no longer fits their previous pieces ahead take the
                # free time first (the pieces they displaced, then the day's gaps)
                for r in list(active):
                    j = order[r]
                    want = remaining[j] - chain.ahead[j]
                    if want <= 0 or jobs[j].release >= day.end:
                        continue
                    if client_of[j] not in clients and len(clients) >= max_clients:
                        continue
                    got = _take_earliest(
                        free, want, remaining[j], min_block, jobs[j].meeting, jobs[j].release
                    )
                    taken = sum(e - s for s, e in got)
                    if taken:
                        day_pieces.extend((j, s, e) for s, e in got)
                        clients.add(client_of[j])
                        remaining[j] -= taken
                        free_total -= taken
                        kept.add(j)
        if pacing:
            for j in in_progress:
                if (
                    not is_active[j]
                    or remaining[j] <= 0
                    or last_day[j] > d - pacing_days
                    or j in kept
                ):
                    continue
                if jobs[j].release >= day.end:
                    continue
                if client_of[j] not in clients and len(clients) >= max_clients:
                    continue
                want = remaining[j] if remaining[j] < 2 * min_block else max(min_block, step)
                piece = _take_latest(free, want)
                if piece is not None:
                    chunks[j] = piece
                    clients.add(client_of[j])
                    remaining[j] -= piece[1] - piece[0]
                    free_total -= piece[1] - piece[0]
            if attention:
                # client attention: a client owed attention today gets a chunk for its
                # most urgent job (by priority), unless it already has time today
                events_today = problem.client_events.get(d, frozenset())
                for c, due_day in attention_due.items():
                    if due_day > d or c in clients or c in events_today:
                        continue
                    if not client_active.get(c):
                        continue
                    if len(clients) >= max_clients:
                        break
                    j = order[client_active[c][0]]
                    if remaining[j] <= 0 or j in chunks:
                        continue
                    want = remaining[j] if remaining[j] < 2 * min_block else max(min_block, step)
                    if jobs[j].meeting:
                        want = remaining[j]
                    piece = _take_latest(free, want)
                    if piece is not None:
                        chunks[j] = piece
                        attention_jobs.add(j)
                        clients.add(c)
                        remaining[j] -= piece[1] - piece[0]
                        free_total -= piece[1] - piece[0]

        def serve(
            j: int,
            free: list[list[int]] = free,
            clients: set[int] = clients,
            chunks: dict[int, tuple[int, int]] = chunks,
            day_pieces: list[tuple[int, int, int]] = day_pieces,
            day_end: int = day.end,
            attention_jobs: set[int] = attention_jobs,
            pinned_today: frozenset[int] = pinned_today,
        ) -> int:
            """Give job j what it can take today; returns the minutes taken."""
            chunk = chunks.pop(j, None)
            if chunk is None and remaining[j] <= 0:
                return 0
            if client_of[j] not in clients and len(clients) >= max_clients:
                return 0
            given_back = 0
            if chunk is not None:
                _give_back(free, chunk)
                given_back = chunk[1] - chunk[0]
                remaining[j] += given_back
            got = _take_earliest(
                free, remaining[j], remaining[j], min_block, jobs[j].meeting, jobs[j].release
            )
            taken = sum(e - s for s, e in got)
            released = 0
            if remaining[j] > taken and jobs[j].due <= day_end and chunks:
                # due today and short of time: the chunks reserved for other jobs give
                # way, client-attention chunks first, then pacing chunks
                for attention_stage in (True, False):
                    giving = [k for k in chunks if (k in attention_jobs) == attention_stage]
                    if not giving:
                        continue
                    for k in giving:
                        piece = chunks.pop(k)
                        _give_back(free, piece)
                        remaining[k] += piece[1] - piece[0]
                        released += piece[1] - piece[0]
                    clients.clear()
                    clients.update(pinned_today)
                    clients.update(client_of[x] for x, _s, _e in day_pieces)
                    clients.update(client_of[x] for x in chunks)
                    clients.update(client_of[j] for _s, _e in got)
                    more = _take_earliest(
                        free,
                        remaining[j] - taken,
                        remaining[j] - taken,
                        min_block,
                        jobs[j].meeting,
                        jobs[j].release,
                    )
                    got = got + more
                    taken += sum(e - s for s, e in more)
                    if taken >= remaining[j]:
                        break
            if got:
                clients.add(client_of[j])
                for s, e in got:
                    day_pieces.append((j, s, e))
                remaining[j] -= taken
            return taken - given_back - released

        sequence: list[int] = active
        if previous is not None and release.shift and d in release.days and d in previous.by_day:
            sequence = _shifted(previous.by_day[d], active, rank, fresh_ranks)
        served: set[int] = set()
        for r in sequence:
            if free_total <= 0:
                break
            free_total -= serve(order[r])
            served.add(r)
            if len(clients) >= max_clients:
                # only the jobs of today's clients can still get time
                rest = sorted(
                    x for c in clients for x in client_active[c] if x not in served and x > r
                )
                for x in rest:
                    if free_total <= 0:
                        break
                    free_total -= serve(order[x])
                break
        for j, (s, e) in chunks.items():
            day_pieces.append((j, s, e))
        touched_today = {j for j, _s, _e in day_pieces}
        for j in in_progress:
            if (
                is_active[j]
                and j not in touched_today
                and remaining[j] > 0
                and last_day[j] <= d - pacing_days
            ):
                misses += 1
        if attention:
            seen = (
                {client_of[j] for j in touched_today}
                | pinned_today
                | problem.client_events.get(d, frozenset())
            )
            for c, due_day in attention_due.items():
                if due_day <= d and c not in seen and client_active.get(c):
                    misses += 1
            for c in pinned_today | problem.client_events.get(d, frozenset()):
                attention_due[c] = d + attention
        if not day_pieces:
            continue
        touched = {j for j, _s, _e in day_pieces}
        finishes = {j for j in touched if remaining[j] == 0}
        if not kept:  # a day keeping previous blocks is not re-laid (they stay in place)
            day_pieces = _relayout_day(problem, day, day_pieces, finishes)
        day_pieces = _merge_touching(day_pieces)
        for j in touched:
            last_day[j] = d
        if attention:
            for c in {client_of[j] for j in touched}:
                attention_due[c] = d + attention
        for j, s, e in day_pieces:
            pieces.append((j, s, e))
            if remaining[j] == 0:
                current = completion[j]
                pinned = jobs[j].pinned_end
                completion[j] = max(e, current or e, pinned or e)
        for j in finishes:
            is_active[j] = False
            active.remove(rank[j])
            client_active[client_of[j]].remove(rank[j])

    pieces.sort(key=lambda p: (p[1], p[0]))
    changed = 0
    if previous is not None:
        now_pieces = set(pieces)
        changed = sum(1 for p in previous.pieces if p not in now_pieces)
    objective = evaluate(problem, completion, remaining, len(pieces), misses, changed)
    return Schedule(
        order=tuple(order),
        pacing=pacing,
        pieces=tuple(pieces),
        completion=tuple(completion),
        unplaced=tuple(remaining),
        objective=objective,
    )


def evaluate(
    problem: Problem,
    completion: Sequence[int | None],
    unplaced: Sequence[int],
    blocks: int,
    misses: int,
    changed: int = 0,
) -> Objective:
    """The lexicographic objective of a schedule.

    A job not fully placed counts as finishing at the horizon's end plus its unplaced
    minutes. Tardiness ``T_j = max(0, C_j - d_j)`` in minutes; weighted tardiness is
    ``sum(w_j * T_j)`` (the 1||ΣwjTj objective, Pinedo 2016, ch. 3).
    """
    late_hard = 0
    weighted = 0
    for job in problem.jobs:
        done = completion[job.index]
        finish = done if done is not None else problem.horizon + unplaced[job.index]
        tardiness = max(0, finish - job.due)
        if tardiness > 0 and (job.hard or job.must_meet):
            late_hard += len(problem.jobs) + 1 if job.must_meet else 1
        weighted += job.weight * tardiness
    penalty = weighted + misses * problem.miss_cost + changed * problem.change_cost
    return (late_hard, penalty, weighted, changed, blocks, misses)

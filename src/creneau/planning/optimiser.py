"""The optimiser: search over job orders, decoded by :mod:`creneau.planning.decoder`.

- Up to :data:`EXHAUSTIVE_MAX_JOBS` jobs, every order is decoded (with and without the
  pacing rule): the result is optimal over the decoder's orders.
- Above:

  1. constructive rules give seed orders: EDD (earliest due date), hard-first EDD, WSPT
     (weighted shortest processing time), minimum slack and ATC (apparent tardiness cost,
     Vepsalainen & Morton, Management Science 33(8), 1987), plus a previous plan's order
     when replanning (warm start);
  2. the sequencing core (:mod:`creneau.planning.sequencing`, iterated dynasearch) optimises
     the order on the *surrogate*: her free working time compressed into one always
     available machine, with releases, dues, weights and a penalty per late hard job;
  3. CP-SAT (:mod:`creneau.planning.cpsat`) may polish the best order on the same
     relaxation (up to 30 jobs);
  4. every candidate is decoded with the real block rules, and an iterated local search
     over insertions of late jobs and adjacent interchanges, judged by the decoder,
     finishes the job (Lourenço, Martin & Stützle, 2003). A candidate is decoded with the
     pacing rule and, when a promise breaks, without it too; once the best start is one
     without it, candidates are decoded that way only (twice as many per decode).

When the relaxation *is* the problem (:attr:`Problem.relaxation_exact
<creneau.planning.problem.Problem.relaxation_exact>`: one always-available machine, every
job in one piece, no block rules, such as the OR-Library benchmark's
:func:`~creneau.planning.problem.single_machine_problem`), step 2 runs whatever the number
of jobs and is the whole search: its order is decoded and returned. It is the same call
(:func:`sequence`) with the same rules (:func:`sequencing_kicks`) as on her working time.

Everything is deterministic: the search is bounded by a number of decodes and kicks, never
by the wall clock (unless a ``time_limit`` is given), and its random perturbations come
from a seeded generator.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from creneau.planning.decoder import NO_RELEASE, Previous, Release, Schedule, decode
from creneau.planning.problem import Problem, WorkingClock

if TYPE_CHECKING:
    from creneau.planning.sequencing import SequencingInstance, SequencingResult

EXHAUSTIVE_MAX_JOBS = 6
"""Up to this many jobs, every order is tried."""

SURROGATE_MIN_JOBS = 30
"""Below this many jobs the decoder-level search is enough (and numba is not loaded)."""

SURROGATE_MAX_JOBS = 300
"""Above this many jobs the surrogate search is skipped (its moves cost O(n·span²))."""

SURROGATE_SPAN = 20
"""Longest insertion move (in positions) of the sequencing search when jobs have release
dates: every move then costs O(length) instead of O(1), so a whole-order span would cost
O(n³) per descent."""

KICK_EFFORT = 100
"""Effort units per kick of the sequencing search (see :func:`sequencing_kicks`)."""

KICK_PATIENCE = 300
"""The sequencing search stops after this many kicks without a new best."""

SCALE_JOBS = 40
"""The search effort is given for this many jobs (see :func:`optimise`)."""

REPAIR_FIRST_DAYS = 4
"""The stability search releases windows starting on one of this many working days before
the due time of the latest late job (nearest first)."""

RESCUE_EFFORT = 60
"""When a replan close to the previous plan breaks a promise, a short search from nothing
of this effort is tried too; its plan wins if the objective says so."""

REPLAN_PART = 6
"""A replan from a previous plan makes at most this fraction (1/6) of a full plan's
decodes (or :data:`REPLAN_MIN_DECODES`, whichever is more), the rescue search apart."""

REPLAN_MIN_DECODES = 60
"""The fewest decodes a replan may make (small workloads: a few windows of days)."""

PATIENCE_MIN = 200
"""The iterated local search stops after this many decodes without a better plan (or a
quarter of its budget, whichever is more)."""

Polisher = Callable[[Problem, Sequence[int]], Sequence[int] | None]
"""Improves an order on a relaxed model (CP-SAT); None when it has nothing to offer."""


@dataclass(frozen=True, slots=True)
class Solution:
    """The optimiser's answer.

    Args:
        schedule: the best decoded schedule.
        status: ``"optimal"`` when every order was tried, else ``"heuristic"``.
        evaluations: number of decodes made.
        kicks: perturbations made by the sequencing search (0 when it did not run).
    """

    schedule: Schedule
    status: str
    evaluations: int
    kicks: int = 0


def seed_orders(problem: Problem) -> list[list[int]]:
    """Constructive priority rules, each giving a job order (indices)."""
    jobs = problem.jobs
    idx = list(range(len(jobs)))
    edd = sorted(idx, key=lambda j: (jobs[j].due, -jobs[j].weight, jobs[j].key))
    hard_edd = sorted(idx, key=lambda j: (not jobs[j].hard, jobs[j].due, jobs[j].key))
    wspt = sorted(
        idx, key=lambda j: (jobs[j].processing / max(jobs[j].weight, 1), jobs[j].due, jobs[j].key)
    )
    slack = sorted(
        idx,
        key=lambda j: (
            problem.free_minutes_between(jobs[j].release, jobs[j].due) - jobs[j].processing,
            jobs[j].key,
        ),
    )
    return [edd, hard_edd, wspt, slack, atc_order(problem)]


def atc_order(problem: Problem, k: float = 2.0) -> list[int]:
    """Apparent tardiness cost dispatching (Vepsalainen & Morton 1987) in working time.

    At each step the job maximising ``w/p * exp(-max(0, d - p - t) / (k * p_mean))`` among
    the released ones is appended; ``t`` advances by its processing time, in working minutes.
    """
    jobs = problem.jobs
    if not jobs:
        return []
    mean_p = sum(j.processing for j in jobs) / len(jobs)
    due_w = [problem.free_minutes_between(problem.now, j.due) if j.due > 0 else 0 for j in jobs]
    rel_w = [problem.free_minutes_between(problem.now, j.release) for j in jobs]
    left = set(range(len(jobs)))
    t = 0
    order: list[int] = []
    while left:
        ready = [j for j in left if rel_w[j] <= t] or [min(left, key=lambda j: rel_w[j])]

        def priority(j: int, t: int = t) -> tuple[float, str]:
            job = jobs[j]
            slack = max(0.0, due_w[j] - job.processing - t)
            ratio = job.weight / max(1, job.processing)
            return (-ratio * math.exp(-slack / (k * max(1.0, mean_p))), job.key)

        best = min(ready, key=priority)
        order.append(best)
        left.remove(best)
        t = max(t, rel_w[best]) + jobs[best].processing
    return order


def surrogate(problem: Problem) -> SequencingInstance:
    """The single-machine relaxation of a problem, in grid units of working time.

    Processing times, releases and dues are counted in free working time only (see
    :class:`~creneau.planning.problem.WorkingClock`); a late hard job costs more than any
    weighted tardiness, so that the number of broken promises is minimised first.
    """
    from creneau.planning.sequencing import SequencingInstance  # compiled on first use

    clock = WorkingClock(problem)
    step = problem.granularity
    jobs = problem.jobs
    processing = [max(1, job.processing // step) for job in jobs]
    release = [clock(job.release) // step for job in jobs]
    due = [clock(job.due) // step if job.due > problem.now else 0 for job in jobs]
    weight = [job.weight for job in jobs]
    penalty = sum(weight) * (sum(processing) + max(release, default=0)) + 1
    return SequencingInstance(
        processing=processing,  # type: ignore[arg-type]
        weight=weight,  # type: ignore[arg-type]
        due=due,  # type: ignore[arg-type]
        release=release,  # type: ignore[arg-type]
        hard=[job.hard for job in jobs],  # type: ignore[arg-type]
        hard_penalty=penalty,
    )


def sequencing_kicks(effort: int) -> tuple[int, int]:
    """``(max_kicks, patience)`` of the sequencing search for a given effort.

    One rule for the product and the benchmark: ``effort // KICK_EFFORT`` kicks at most (at
    least 1), stopping after ``min(max_kicks, KICK_PATIENCE)`` kicks without a new best. The
    product's default effort (2,000) gives 20 kicks; the OR-Library benchmark passes
    2,000,000 (20,000 kicks, stopping after 300 without a new best).
    """
    kicks = max(1, effort // KICK_EFFORT)
    return kicks, min(kicks, KICK_PATIENCE)


class _Search:
    def __init__(self, problem: Problem, budget: int, previous: Previous | None = None) -> None:
        self.problem = problem
        self.budget = budget
        self.evaluations = 0
        self.best: Schedule | None = None
        self.best_release: Release = NO_RELEASE
        self.previous = previous
        self.release: Release = NO_RELEASE
        self.unpaced_only = False
        """Decode candidates without the pacing rule only (see :func:`optimise`)."""
        self.kicks = 0

    def exhausted(self) -> bool:
        return self.evaluations >= self.budget

    def run(
        self, order: Sequence[int], release: Release | None = None, *, unpaced: bool = True
    ) -> Schedule:
        release = self.release if release is None else release
        self.evaluations += 1
        kw = {"previous": self.previous, "release": release}
        if self.unpaced_only:
            unpaced_schedule = decode(self.problem, order, pacing=False, **kw)  # type: ignore[arg-type]
            return self._keep(unpaced_schedule, release)
        schedule = decode(self.problem, order, pacing=True, **kw)  # type: ignore[arg-type]
        if unpaced and schedule.objective[0] > 0 and any(j.in_progress for j in self.problem.jobs):
            self.evaluations += 1
            other = decode(self.problem, order, pacing=False, **kw)  # type: ignore[arg-type]
            if other.objective < schedule.objective:
                schedule = other
        return self._keep(schedule, release)

    def _keep(self, schedule: Schedule, release: Release) -> Schedule:
        if self.best is None or schedule.objective < self.best.objective:
            self.best = schedule
            self.best_release = release
        return schedule

    def repair(self, start: Schedule, also: Sequence[Sequence[int]] = ()) -> Schedule:
        """Free the previous blocks that stand in the way of a better objective (stability).

        ``start`` keeps every previous block it can. First, each order below is decoded
        with ejection chains on the kept days (``Release.chain``): a job short of time takes
        the place of previous blocks of lower priority, which move on in turn, so that only
        the blocks along the chain change. Then a *window* of working days ``[a, b]``
        is released: laid out anew (by priority, or keeping each day's previous sequence
        with new jobs slotted in; by priority with the current order, the orders in
        ``also`` and the late jobs first, by due time), the days before and after keep their
        blocks, and the work pushed out of the window flows into the first free time after
        it. For each first day ``a`` among the :data:`REPAIR_FIRST_DAYS` working days before
        the due time of the latest late job, windows of 1, 2, 4... days are tried; the best
        objective wins (its penalty weighs each block changed against tardiness and pacing
        misses); then days of the winning window are kept back one at a time while that
        helps, and then single blocks of the released days. Returns
        the best schedule found (``start`` when nothing is late or nothing is better).
        """
        problem = self.problem
        late = [
            j
            for j in start.order
            if (start.completion[j] or problem.horizon + 1) > problem.jobs[j].due
            and problem.jobs[j].due > problem.now
        ]
        if not late:
            return start
        due = max(problem.jobs[j].due for j in late)
        days = len(problem.days)
        last = max((d for d in range(days) if problem.days[d].start < due), default=0)
        best, best_release = start, self.release
        urgent = sorted(late, key=lambda j: (problem.jobs[j].due, problem.jobs[j].key))
        orders = [
            tuple(start.order),
            *(tuple(o) for o in also),
            (*urgent, *(j for j in start.order if j not in late)),
        ]
        variants = [(orders[0], True), *((order, False) for order in dict.fromkeys(orders[1:]))]
        # first every previous block kept but those that jobs short of time take over,
        # along ejection chains (a few blocks changed, however far the chain goes)
        for order, _shift in variants:
            if self.exhausted():
                break
            chained = Release(chain=True)
            trial = self.run(order, chained, unpaced=False)
            if trial.objective < best.objective:
                best, best_release = trial, chained
        trials = [
            (a, shift, order)
            for a in range(last, max(-1, last - REPAIR_FIRST_DAYS), -1)
            for order, shift in variants
        ]
        for a, shift, order in trials:
            length = 1
            while not self.exhausted():
                b = min(days - 1, a + length - 1)
                window = Release(frozenset(range(a, b + 1)), shift)
                trial = self.run(order, window, unpaced=False)
                if trial.objective < best.objective:
                    best, best_release = trial, window
                if b == days - 1:
                    break
                length *= 2
        # then keep back, one at a time, the window's days whose blocks need not move
        improved = True
        while improved and not self.exhausted():
            improved = False
            for d in sorted(best_release.days):
                if self.exhausted():
                    break
                fewer = best_release._replace(days=best_release.days - {d})
                trial = self.run(best.order, fewer)
                if trial.objective < best.objective:
                    best, best_release, improved = trial, fewer, True
        # and single blocks of the released days that can stay where they were
        assert self.previous is not None
        for d in sorted(best_release.days):
            for piece in self.previous.by_day.get(d, ()):
                if self.exhausted():
                    break
                more = best_release._replace(kept=best_release.kept | {piece})
                trial = self.run(best.order, more)
                if trial.objective < best.objective:
                    best, best_release = trial, more
        self.release = best_release
        return best

    def local_search(self, start: Schedule) -> Schedule:
        """First-improvement descent over insertions (late jobs earlier) and swaps."""
        current = start
        improved = True
        while improved and not self.exhausted():
            improved = False
            order = list(current.order)
            for candidate in self._neighbours(current, order):
                if self.exhausted():
                    break
                trial = self.run(candidate)
                if trial.objective < current.objective:
                    current = trial
                    improved = True
                    break
        return current

    def _neighbours(self, current: Schedule, order: list[int]) -> Iterator[list[int]]:
        """Insertions of late jobs earlier (1, 2, 4… places, and first), then adjacent swaps.

        Made lazily: with thousands of jobs, a list of every neighbour would not fit.
        """
        jobs = self.problem.jobs
        n = len(order)
        pos = {j: k for k, j in enumerate(order)}

        def finish(j: int) -> int:
            done = current.completion[j]
            return done if done is not None else self.problem.horizon + current.unplaced[j]

        late = sorted(
            (j for j in order if finish(j) > jobs[j].due),
            key=lambda j: -jobs[j].weight * (finish(j) - jobs[j].due),
        )
        for j in late:
            i = pos[j]
            targets: list[int] = []
            step = 1
            while i - step >= 0:
                targets.append(i - step)
                step *= 2
            targets.append(0)
            seen = set()
            for k in targets:
                if k in seen or k == i:
                    continue
                seen.add(k)
                trial = order[:i] + order[i + 1 :]
                trial.insert(k, j)
                yield trial
        for i in range(n - 1):
            trial = order.copy()
            trial[i], trial[i + 1] = trial[i + 1], trial[i]
            yield trial


def _late_hard_before(problem: Problem, previous: Previous) -> int:
    """Hard jobs that were late (or not fully placed) in the previous plan, judged from its
    pieces ahead of "now"; jobs without any previous piece (new ones) do not count."""
    placed: dict[int, int] = {}
    end: dict[int, int] = {}
    for day in previous.by_day.values():
        for j, s, e in day:
            placed[j] = placed.get(j, 0) + e - s
            end[j] = max(end.get(j, e), e)
    return sum(
        1
        for j, minutes in placed.items()
        if problem.jobs[j].hard
        and (minutes < problem.jobs[j].processing or end[j] > problem.jobs[j].due)
    )


def optimise(
    problem: Problem,
    *,
    effort: int = 2000,
    initial_order: Sequence[int] | None = None,
    polisher: Polisher | None = None,
    seed: int = 0,
    previous: Previous | None = None,
    time_limit: float | None = None,
) -> Solution:
    """Find a good job order and its decoded schedule.

    Args:
        problem: the planning problem.
        effort: the deterministic time limit, in two parts: the most decodes the search
            may make, for up to :data:`SCALE_JOBS` jobs (above, it shrinks in proportion
            to the number of jobs, since one decode costs about that much more), and the
            sequencing search's kicks (:func:`sequencing_kicks`: ``effort // 100``). The
            product's default is 2,000; the OR-Library benchmark passes 2,000,000. With
            ``initial_order`` and an effort of 1, that order is decoded as it is (a probe).
        initial_order: a previous plan's order to start from (warm start), if any.
        polisher: an optional improver (CP-SAT) called once on the best seed order.
        seed: seed of the perturbation generator.
        previous: a previous plan's pieces to keep in place (stability term of the
            objective); with it, the search first keeps every previous piece, then frees
            those that stand in the way of a better objective (:meth:`_Search.repair`), and
            also compares with a plan laid out anew.
        time_limit: a wall-clock cap in seconds on the sequencing search (None: the
            search is bounded by ``effort`` only and fully deterministic).

    Returns:
        The best :class:`Solution` found.
    """
    n = len(problem.jobs)
    budget = max(1, effort * SCALE_JOBS // max(SCALE_JOBS, n))
    search = _Search(problem, budget, previous)
    if n <= EXHAUSTIVE_MAX_JOBS and previous is None:
        for order in itertools.permutations(range(n)):
            search.evaluations += 2
            for pacing in (True, False):
                schedule = decode(problem, order, pacing=pacing)
                if search.best is None or schedule.objective < search.best.objective:
                    search.best = schedule
        assert search.best is not None
        return Solution(search.best, "optimal", search.evaluations)

    warm = initial_order is not None and sorted(initial_order) == list(range(n))
    if warm:
        # replanning: the previous order (new jobs slotted in by the caller) and EDD only,
        # then a short local search, so that a replan costs a fraction of a full plan
        assert initial_order is not None
        starts = [list(initial_order)]
        if effort > 1:  # effort 1: decode the given order only
            starts.append(seed_orders(problem)[0])
    else:
        starts = seed_orders(problem)
    if previous is not None:
        kept = search.run(starts[0], NO_RELEASE)
        if kept.objective[0] == kept.objective[2] == kept.objective[3] == 0:
            # every previous block kept and nothing late: nothing worth moving anything for
            return Solution(kept, "heuristic", search.evaluations)
        # the whole replan gets a fraction of a full plan's decodes
        cap = search.evaluations + max(REPLAN_MIN_DECODES, budget // REPLAN_PART)
        short = max(1, budget // 40)
        everything = Release(frozenset(previous.by_day))
        fresh = [search.run(start, everything) for start in starts]  # laid out anew
        # a good order for the new situation: a short local search, everything released
        search.release = everything
        search.budget = min(cap, search.evaluations + short)
        anew = search.local_search(min(fresh, key=lambda f: f.objective))
        search.budget = min(
            cap - (short if warm else 0),
            search.evaluations + max(16 * len(previous.by_day) + 40, budget // 10),
        )
        search.release = NO_RELEASE
        search.repair(kept, also=[anew.order])
        search.release = search.best_release
        if warm:
            search.budget = min(cap, search.evaluations + short)
            assert search.best is not None
            search.local_search(search.best)
        assert search.best is not None
        if search.best.objective[0] > _late_hard_before(problem, previous):
            # a promise kept before is broken: a short search from nothing may keep it (a
            # big new job can need an order that local moves from the old one do not reach)
            rescue = optimise(problem, effort=min(RESCUE_EFFORT, effort), seed=seed)
            search.evaluations += rescue.evaluations
            search.run(rescue.schedule.order, everything)
        best = search.best
        assert best is not None
        return Solution(best, "heuristic", search.evaluations)
    for start in starts:
        search.run(start)
    assert search.best is not None
    exact = problem.relaxation_exact
    if not warm and (exact or SURROGATE_MIN_JOBS <= n <= SURROGATE_MAX_JOBS):
        sequenced = sequence(problem, starts, effort=effort, seed=seed, time_limit=time_limit)
        search.kicks = sequenced.kicks
        search.run(sequenced.order)
        if exact:
            # the relaxation is the problem: its search is the whole search (the decoder's
            # insertions and interchanges are among the dynasearch moves already exhausted)
            return Solution(search.best, "heuristic", search.evaluations, search.kicks)
    if polisher is not None and not warm:
        polished = polisher(problem, search.best.order)
        if polished is not None and sorted(polished) == list(range(n)):
            search.run(polished)
    if warm:
        search.budget = search.evaluations + max(1, budget // 20)
    # when the best start already drops the pacing rule (it keeps more promises without
    # it), the search decodes every candidate that way only: twice the candidates for the
    # same number of decodes
    search.unpaced_only = not search.best.pacing
    current = search.local_search(search.best)
    rng = random.Random(seed)
    patience = max(PATIENCE_MIN, budget // 4)
    improved_at = search.evaluations
    best_objective = search.best.objective
    while n >= 2 and not search.exhausted() and current.objective[1] > 0:
        if search.evaluations - improved_at > patience:
            break  # no better plan for a while: stop (still deterministic: counts only)
        kicked = list(search.best.order if search.best else current.order)
        i, k = sorted(rng.sample(range(n), 2))
        segment = kicked[i : k + 1]
        rng.shuffle(segment)
        kicked[i : k + 1] = segment
        candidate = search.run(kicked)
        current = search.local_search(candidate)
        if search.best.objective < best_objective:
            best_objective, improved_at = search.best.objective, search.evaluations
    best = search.best
    assert best is not None
    return Solution(best, "heuristic", search.evaluations, search.kicks)


def sequence(
    problem: Problem,
    starts: Sequence[Sequence[int]],
    *,
    effort: int,
    seed: int = 0,
    time_limit: float | None = None,
) -> SequencingResult:
    """The sequencing core on the problem's single-machine relaxation (:func:`surrogate`).

    One rule for every problem, the product's and the benchmark's: the starts are the
    given orders plus the textbook rules on the relaxation (EDD, WSPT, MDD, ATC); kicks and
    patience from :func:`sequencing_kicks`; perturbations anywhere in the order; insertion
    moves over the whole order, or over :data:`SURROGATE_SPAN` positions when some job has
    a release date after the start (moves then cost O(length) each).

    Args:
        problem: the problem.
        starts: candidate orders (permutations of the job indices).
        effort: the search effort (see :func:`sequencing_kicks`).
        seed: seed of the perturbations.
        time_limit: a wall-clock cap in seconds (None: deterministic).

    Returns:
        The sequencing search's result (order, cost on the relaxation, kicks).
    """
    from creneau.planning.sequencing import (  # compiled on first use
        iterated_local_search,
        priority_orders,
    )

    instance = surrogate(problem)
    n = len(problem.jobs)
    kicks, patience = sequencing_kicks(effort)
    return iterated_local_search(
        instance,
        [*starts, *priority_orders(instance)],
        max_kicks=kicks,
        patience=patience,
        span=SURROGATE_SPAN if bool(instance.release.any()) else n,
        seed=seed,
        time_limit=time_limit,
    )

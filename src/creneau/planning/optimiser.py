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
     finishes the job (Lourenço, Martin & Stützle, 2003).

Everything is deterministic: the search is bounded by a number of decodes, never by the
wall clock, and its random perturbations come from a seeded generator.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from creneau.planning.decoder import Schedule, decode
from creneau.planning.problem import Problem, WorkingClock

if TYPE_CHECKING:
    from creneau.planning.sequencing import SequencingInstance

EXHAUSTIVE_MAX_JOBS = 6
"""Up to this many jobs, every order is tried."""

SURROGATE_MIN_JOBS = 30
"""Below this many jobs the decoder-level search is enough (and numba is not loaded)."""

SURROGATE_MAX_JOBS = 300
"""Above this many jobs the surrogate search is skipped (its moves cost O(n·span²))."""

SURROGATE_SPAN = 40
"""Longest move (in positions) of the surrogate search's dynasearch."""

SURROGATE_WINDOW = 20
"""Farthest apart two jobs swapped by one surrogate perturbation are."""

SCALE_JOBS = 50
"""The search effort is given for this many jobs (see :func:`optimise`)."""

Polisher = Callable[[Problem, Sequence[int]], Sequence[int] | None]
"""Improves an order on a relaxed model (CP-SAT); None when it has nothing to offer."""


@dataclass(frozen=True, slots=True)
class Solution:
    """The optimiser's answer.

    Args:
        schedule: the best decoded schedule.
        status: ``"optimal"`` when every order was tried, else ``"heuristic"``.
        evaluations: number of decodes made.
    """

    schedule: Schedule
    status: str
    evaluations: int


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
            return (-(job.weight / job.processing) * math.exp(-slack / (k * mean_p)), job.key)

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


class _Search:
    def __init__(self, problem: Problem, budget: int) -> None:
        self.problem = problem
        self.budget = budget
        self.evaluations = 0
        self.best: Schedule | None = None

    def exhausted(self) -> bool:
        return self.evaluations >= self.budget

    def run(self, order: Sequence[int]) -> Schedule:
        self.evaluations += 1
        schedule = decode(self.problem, order, pacing=True)
        if schedule.objective[0] > 0 and any(j.in_progress for j in self.problem.jobs):
            self.evaluations += 1
            unpaced = decode(self.problem, order, pacing=False)
            if unpaced.objective < schedule.objective:
                schedule = unpaced
        if self.best is None or schedule.objective < self.best.objective:
            self.best = schedule
        return schedule

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


def optimise(
    problem: Problem,
    *,
    effort: int = 2000,
    initial_order: Sequence[int] | None = None,
    polisher: Polisher | None = None,
    seed: int = 0,
) -> Solution:
    """Find a good job order and its decoded schedule.

    Args:
        problem: the planning problem.
        effort: the most decodes the search may make (the deterministic time limit), for
            up to :data:`SCALE_JOBS` jobs; above, it shrinks in proportion to the number of
            jobs, since one decode costs about that much more.
        initial_order: a previous plan's order to start from (warm start), if any.
        polisher: an optional improver (CP-SAT) called once on the best seed order.
        seed: seed of the perturbation generator.

    Returns:
        The best :class:`Solution` found.
    """
    n = len(problem.jobs)
    budget = max(1, effort * SCALE_JOBS // max(SCALE_JOBS, n))
    search = _Search(problem, budget)
    if n <= EXHAUSTIVE_MAX_JOBS:
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
        # replanning: the previous order (new jobs appended by the caller) and EDD only,
        # then a short local search, so that a replan costs a fraction of a full plan
        assert initial_order is not None
        starts = [list(initial_order), seed_orders(problem)[0]]
    else:
        starts = seed_orders(problem)
    for start in starts:
        search.run(start)
    assert search.best is not None
    if not warm and SURROGATE_MIN_JOBS <= n <= SURROGATE_MAX_JOBS:
        from creneau.planning.sequencing import iterated_local_search  # compiled on first use

        kicks = max(1, effort // 100)
        sequenced = iterated_local_search(
            surrogate(problem),
            starts,
            max_kicks=kicks,
            patience=max(5, kicks // 2),
            span=SURROGATE_SPAN,
            window=SURROGATE_WINDOW,
            seed=seed,
        )
        search.run(sequenced.order)
    if polisher is not None and not warm:
        polished = polisher(problem, search.best.order)
        if polished is not None and sorted(polished) == list(range(n)):
            search.run(polished)
    if warm:
        search.budget = search.evaluations + max(1, budget // 20)
    current = search.local_search(search.best)
    rng = random.Random(seed)
    while n >= 2 and not search.exhausted() and current.objective[2] > 0:
        kicked = list(search.best.order if search.best else current.order)
        i, k = sorted(rng.sample(range(n), 2))
        segment = kicked[i : k + 1]
        rng.shuffle(segment)
        kicked[i : k + 1] = segment
        candidate = search.run(kicked)
        current = search.local_search(candidate)
    best = search.best
    assert best is not None
    return Solution(best, "heuristic", search.evaluations)

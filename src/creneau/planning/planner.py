"""The planner's front door: build → optimise (→ polish with CP-SAT) → result."""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from functools import partial

from creneau.domain.models import (
    Block,
    BlockKind,
    BusyInterval,
    Client,
    Job,
    PinnedBlock,
    Plan,
    PlanningRules,
    WorkingTime,
)
from creneau.domain.places import Visit
from creneau.planning.decoder import Previous
from creneau.planning.optimiser import Polisher, optimise
from creneau.planning.problem import Problem, build_problem
from creneau.planning.result import build_plan


def _cpsat_polisher(seconds: float) -> Polisher | None:
    if seconds <= 0:
        return None
    try:
        from creneau.planning.cpsat.sequencing import polish_with_cpsat
    except ImportError:  # pragma: no cover - OR-Tools is a dependency; the heuristic stands alone
        return None
    return partial(polish_with_cpsat, deterministic_seconds=seconds)


def make_plan(
    now: datetime,
    jobs: Sequence[Job],
    clients: Sequence[Client],
    working_time: WorkingTime,
    busy: Sequence[BusyInterval],
    rules: PlanningRules,
    *,
    previous_order: Sequence[str] | None = None,
    previous_blocks: Sequence[Block] | None = None,
    pins: Sequence[PinnedBlock] = (),
    last_attention: Mapping[str, datetime] | None = None,
    must_meet: str | None = None,
    client_events: Mapping[str, Sequence[datetime]] | None = None,
    visits: Mapping[str, Visit] | None = None,
) -> Plan:
    """Plan the open jobs into her free working time.

    Args:
        now: aware datetime; nothing is planned before it.
        jobs: every job (only open ones with work left are planned).
        clients: every client.
        working_time: weekly hours and days off covering the horizon.
        busy: busy intervals (aware) covering the horizon.
        rules: block rules, weights and search effort.
        previous_order: job ids in a previous plan's priority order (warm start, see
            :func:`plan_order`); new jobs are slotted in at their due-date place and the
            search is much shorter than a full plan's.
        previous_blocks: the previous plan's blocks (stability): blocks of jobs still open
            that start at or after ``now`` are kept in place unless moving them improves
            the objective (late hard jobs, pacing, weighted tardiness come first).
        pins: blocks she pinned (kept as they are; the rest is planned around them).
        last_attention: for a client id, when it last got attention (see
            :func:`~creneau.planning.problem.build_problem`).
        must_meet: id of a job whose due time outranks every other (what-if questions).
        client_events: for a client id, the starts of her calendar's events with that
            client ahead (attention without a block).
        visits: for a meeting job id, in person (with its one-way drive) or a call (see
            :func:`~creneau.planning.problem.build_problem`).

    Returns:
        The :class:`Plan`; with ``previous_blocks``, ``Plan.stability`` counts the kept
        blocks.

    Raises:
        ValueError: on naive datetimes or jobs of unknown clients.
    """
    problem = build_problem(
        now,
        jobs,
        clients,
        working_time,
        busy,
        rules,
        pins=pins,
        last_attention=last_attention,
        must_meet=must_meet,
        client_events=client_events,
        visits=visits,
    )
    initial = None
    if previous_order is not None:
        index = {job.key: job.index for job in problem.jobs}
        initial = [index[k] for k in previous_order if k in index]
        placed = set(initial)
        for job in sorted(problem.jobs, key=lambda j: (j.due, j.key)):
            if job.index in placed:
                continue
            # a new job goes before the first job due after it (its EDD place)
            at = next(
                (k for k, other in enumerate(initial) if problem.jobs[other].due > job.due),
                len(initial),
            )
            initial.insert(at, job.index)
            placed.add(job.index)
    previous = previous_pieces(problem, previous_blocks) if previous_blocks is not None else None
    solution = optimise(
        problem,
        effort=rules.search_effort,
        initial_order=initial,
        polisher=_cpsat_polisher(rules.cpsat_seconds),
        previous=previous,
    )
    plan = build_plan(
        problem,
        solution.schedule,
        client_keys=[c.id for c in clients],
        busy=busy,
        status=solution.status,
        pins=pins,
    )
    if previous_blocks is not None:
        plan = replace(plan, stability=stability(plan, previous_blocks))
    return plan


def stability(plan: Plan, previous_blocks: Sequence[Block]) -> tuple[int, int]:
    """``(kept, counted)``: of the previous blocks of jobs still planned that start at or
    after the plan's "now" (``counted``), how many are unchanged in ``plan``: same identity
    (job, local date, rank of the job's block within the day, i.e. the same
    :attr:`Block.id`), same start and same end."""
    planned = {o.job_id for o in plan.outcomes}
    new = {(b.id, b.start, b.end) for b in plan.blocks}
    counted = [
        b for b in previous_blocks if b.job_id in planned and b.start >= plan.now and not b.pinned
    ]
    kept = sum(1 for b in counted if (b.id, b.start, b.end) in new)
    return kept, len(counted)


def previous_pieces(problem: Problem, blocks: Sequence[Block]) -> Previous:
    """A previous plan's blocks on this problem's grid, by day.

    Only work and meeting blocks (an in-person meeting with its drives) of jobs still
    planned, starting at or after the problem's "now", inside one free segment and on the
    grid are kept; the others cannot be kept anyway and do not count.
    """
    index = {job.key: job.index for job in problem.jobs}
    starts = [day.start for day in problem.days]
    by_day: dict[int, list[tuple[int, int, int]]] = {}
    for block in blocks:
        j = index.get(block.job_id or "")
        if j is None or block.pinned or block.kind is BlockKind.TRAVEL:
            continue
        # an in-person meeting's piece holds its drives there and back
        t = problem.jobs[j].travel if block.kind is BlockKind.MEETING else 0
        s = int((block.start - problem.origin).total_seconds() // 60) - t
        e = int((block.end - problem.origin).total_seconds() // 60) + t
        if s < problem.now or s % problem.granularity or e % problem.granularity:
            continue
        d = bisect.bisect_right(starts, s) - 1
        if d < 0 or not any(seg.start <= s and e <= seg.end for seg in problem.days[d].segments):
            continue
        by_day.setdefault(d, []).append((j, s, e))
    return Previous({d: tuple(sorted(p, key=lambda x: x[1])) for d, p in by_day.items()})


def plan_order(plan: Plan) -> list[str]:
    """A plan's priority order (job ids), to warm-start the next plan from
    (``make_plan(previous_order=...)``)."""
    return list(plan.order)

"""The planner's front door: build → optimise (→ polish with CP-SAT) → result."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import partial

from creneau.domain.models import BusyInterval, Client, Job, Plan, PlanningRules, WorkingTime
from creneau.planning.optimiser import Polisher, optimise
from creneau.planning.problem import build_problem
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

    Returns:
        The :class:`Plan`.

    Raises:
        ValueError: on naive datetimes or jobs of unknown clients.
    """
    problem = build_problem(now, jobs, clients, working_time, busy, rules)
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
    solution = optimise(
        problem,
        effort=rules.search_effort,
        initial_order=initial,
        polisher=_cpsat_polisher(rules.cpsat_seconds),
    )
    return build_plan(
        problem,
        solution.schedule,
        client_keys=[c.id for c in clients],
        busy=busy,
        status=solution.status,
    )


def plan_order(plan: Plan) -> list[str]:
    """A plan's priority order (job ids), to warm-start the next plan from
    (``make_plan(previous_order=...)``)."""
    return list(plan.order)

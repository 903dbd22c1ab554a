"""Planner invariants under random small instances (hypothesis).

Every check below recomputes what it needs from the instance itself (working periods,
busy time, releases), not from the planner's internal structures.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from datetime import datetime, time

from hypothesis import given, settings

import creneau.planning.optimiser as optimiser_module
from creneau.domain.models import JobKind, Plan
from creneau.planning.decoder import decode
from creneau.planning.optimiser import optimise
from creneau.planning.problem import Problem, build_problem
from creneau.planning.result import build_plan
from tests.conftest import PARIS
from tests.planning.strategies import Instance, instances


def solve(inst: Instance) -> tuple[Problem, Plan]:
    problem = build_problem(
        inst.now, inst.jobs, inst.clients, inst.working_time, inst.busy, inst.rules,
        horizon_end=inst.horizon_end,
    )  # fmt: skip
    solution = optimise(problem, effort=inst.rules.search_effort)
    plan = build_plan(problem, solution.schedule, client_keys=[c.id for c in inst.clients])
    return problem, plan


def in_working_time(inst: Instance, start: datetime, end: datetime) -> bool:
    local_start, local_end = start.astimezone(PARIS), end.astimezone(PARIS)
    day = local_start.date()
    if day in inst.working_time.days_off or local_end.date() != day:
        return False
    return any(
        p.start <= local_start.time() and local_end.time() <= p.end
        for p in inst.working_time.weekly[day.weekday()]
    )


def rounded(minutes: int) -> int:
    return -(-minutes // 15) * 15


@given(instances())
def test_plan_invariants(inst: Instance) -> None:
    _problem, plan = solve(inst)
    blocks = sorted(plan.blocks, key=lambda b: b.start)
    jobs = {j.id: j for j in inst.jobs}
    # no two blocks overlap
    for a, b in itertools.pairwise(blocks):
        assert a.end <= b.start
    per_day_clients: dict[object, set[str | None]] = defaultdict(set)
    placed: dict[str, int] = defaultdict(int)
    for block in blocks:
        job = jobs[block.job_id or ""]
        # in working time, outside busy time, not before now or the release date
        assert in_working_time(inst, block.start, block.end), block
        assert not any(b.start < block.end and block.start < b.end for b in inst.busy), block
        assert block.start >= inst.now
        assert block.start >= datetime.combine(job.received, time(0), PARIS)
        # on the 15-minute grid
        assert block.start.astimezone(PARIS).minute % 15 == 0
        assert block.end.astimezone(PARIS).minute % 15 == 0
        # long enough, unless the job's whole remainder is shorter
        assert block.minutes >= min(inst.rules.min_block_minutes, rounded(job.effort_minutes))
        per_day_clients[block.start.astimezone(PARIS).date()].add(block.client_id)
        placed[job.id] += block.minutes
    assert all(len(c) <= inst.rules.max_clients_per_day for c in per_day_clients.values())
    outcomes = {o.job_id: o for o in plan.outcomes}
    for job in inst.jobs:
        outcome = outcomes[job.id]
        # each job gets exactly its remaining effort, or reports what is unplaced
        assert placed[job.id] == outcome.planned_minutes
        if placed[job.id] != rounded(job.effort_minutes):
            assert outcome.late and outcome.reason_code is not None
        if job.kind is JobKind.MEETING:
            assert sum(1 for b in blocks if b.job_id == job.id) <= 1


def independent_objective(
    problem: Problem, pieces: tuple[tuple[int, int, int], ...], pacing: bool
) -> tuple[int, int, int, int]:
    """(late hard jobs, pacing dropped, weighted tardiness, blocks) from the pieces alone."""
    last_end: dict[int, int] = {}
    placed: dict[int, int] = defaultdict(int)
    for j, s, e in pieces:
        last_end[j] = max(last_end.get(j, e), e)
        placed[j] += e - s
    late_hard = weighted = 0
    for job in problem.jobs:
        missing = job.processing - placed[job.index]
        finish = last_end[job.index] if missing == 0 else problem.horizon + missing
        tardiness = max(0, finish - job.due)
        late_hard += job.hard and tardiness > 0
        weighted += job.weight * tardiness
    return (late_hard, 0 if pacing else 1, weighted, len(pieces))


@given(instances(max_jobs=6))
def test_small_instances_are_optimal_over_every_order(inst: Instance) -> None:
    problem = build_problem(
        inst.now, inst.jobs, inst.clients, inst.working_time, inst.busy, inst.rules,
        horizon_end=inst.horizon_end,
    )  # fmt: skip
    n = len(problem.jobs)
    best = min(
        independent_objective(problem, decode(problem, order, pacing=pacing).pieces, pacing)
        for order in itertools.permutations(range(n))
        for pacing in (True, False)
    )
    solution = optimise(problem, effort=10)
    got = independent_objective(problem, solution.schedule.pieces, solution.schedule.pacing)
    assert got == best
    assert solution.status == "optimal"


@settings(max_examples=30)
@given(instances(max_jobs=6))
def test_the_heuristic_path_also_finds_the_best_order_on_small_instances(
    inst: Instance,
) -> None:
    """With exhaustive search turned off, seeds + local search still reach the optimum."""
    problem = build_problem(
        inst.now, inst.jobs, inst.clients, inst.working_time, inst.busy, inst.rules,
        horizon_end=inst.horizon_end,
    )  # fmt: skip
    n = len(problem.jobs)
    best = min(
        independent_objective(problem, decode(problem, order, pacing=pacing).pieces, pacing)[:3]
        for order in itertools.permutations(range(n))
        for pacing in (True, False)
    )
    previous = optimiser_module.EXHAUSTIVE_MAX_JOBS
    optimiser_module.EXHAUSTIVE_MAX_JOBS = 0  # force seeds + local search
    try:
        solution = optimise(problem, effort=300)
    finally:
        optimiser_module.EXHAUSTIVE_MAX_JOBS = previous
    assert solution.status == "heuristic"
    got = independent_objective(problem, solution.schedule.pieces, solution.schedule.pacing)
    assert got[:3] == best

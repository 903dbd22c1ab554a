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


def independent_misses(problem: Problem, pieces: tuple[tuple[int, int, int], ...]) -> int:
    """Days a job in progress or a client went without the block owed to it, from the
    pieces alone (the rules of the decoder's docstring, recomputed)."""
    jobs = problem.jobs
    day_of = {}
    for d, day in enumerate(problem.days):
        for seg in day.segments:
            day_of[seg.start] = d
    worked: dict[int, set[int]] = defaultdict(set)  # job -> day indices
    placed_by_day: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for j, s, e in pieces:
        d = next(k for k, day in enumerate(problem.days) if day.start <= s < day.end)
        worked[j].add(d)
        placed_by_day[j][d] += e - s

    def left_after(j: int, d: int) -> int:
        return jobs[j].processing - sum(m for k, m in placed_by_day[j].items() if k <= d)

    def finished_before(j: int, d: int) -> bool:
        return left_after(j, d - 1) <= 0 if d > 0 else jobs[j].processing <= 0

    misses = 0
    last_day = {j.index: -1 for j in jobs}
    attention_due = dict(problem.attention_due)
    for d, day in enumerate(problem.days):
        active = [
            j.index
            for j in jobs
            if j.release < day.end and j.processing > 0 and not finished_before(j.index, d)
        ]
        if not active:
            if all(j.release < day.end for j in jobs):
                break
            continue
        touched = {j for j in active if d in worked[j]}
        for j in active:
            if (
                jobs[j].in_progress
                and j not in touched
                and left_after(j, d) > 0
                and last_day[j] <= d - problem.pacing_days
            ):
                misses += 1
        if problem.attention_days:
            seen = {jobs[j].client for j in touched}
            for c, due_day in attention_due.items():
                if due_day <= d and c not in seen and any(jobs[j].client == c for j in active):
                    misses += 1
            for c in seen:
                attention_due[c] = d + problem.attention_days
        for j in touched:
            last_day[j] = d
    return misses


def independent_objective(
    problem: Problem, pieces: tuple[tuple[int, int, int], ...]
) -> tuple[int, int, int]:
    """(late hard jobs, penalty, blocks) from the pieces alone, where the penalty is the
    weighted tardiness plus ``miss_cost`` per pacing or attention miss."""
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
    penalty = weighted + independent_misses(problem, pieces) * problem.miss_cost
    return (late_hard, penalty, len(pieces))


@given(instances(max_jobs=6))
def test_the_misses_are_counted_as_the_rules_say(inst: Instance) -> None:
    problem = build_problem(
        inst.now, inst.jobs, inst.clients, inst.working_time, inst.busy, inst.rules,
        horizon_end=inst.horizon_end,
    )  # fmt: skip
    order = list(range(len(problem.jobs)))
    for pacing in (True, False):
        schedule = decode(problem, order, pacing=pacing)
        assert schedule.objective[5] == independent_misses(problem, schedule.pieces)


@given(instances(max_jobs=6))
def test_small_instances_are_optimal_over_every_order(inst: Instance) -> None:
    problem = build_problem(
        inst.now, inst.jobs, inst.clients, inst.working_time, inst.busy, inst.rules,
        horizon_end=inst.horizon_end,
    )  # fmt: skip
    n = len(problem.jobs)
    best = min(
        independent_objective(problem, decode(problem, order, pacing=pacing).pieces)
        for order in itertools.permutations(range(n))
        for pacing in (True, False)
    )
    solution = optimise(problem, effort=10)
    got = independent_objective(problem, solution.schedule.pieces)
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
        independent_objective(problem, decode(problem, order, pacing=pacing).pieces)[:2]
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
    got = independent_objective(problem, solution.schedule.pieces)
    assert got[:2] == best

"""CP-SAT sequencing on her working time, used to polish the heuristic's job order.

Model (after PyJobShop's build → solve → result split):

- *Time*: working time only. Every instant maps to the free working minutes before it, in
  grid units (``granularity`` minutes), so that nights, weekends, holidays and busy events
  vanish and the jobs sit on one machine that is always available.
- *Variables*: one interval variable per job, of its processing time, starting no earlier
  than its release; a tardiness variable ``T_j >= end_j - due_j``; for hard jobs a Boolean
  ``late_j`` implied by ``T_j > 0``.
- *Constraints*: the intervals do not overlap (``AddNoOverlap``, one machine: 1|r_j|ΣwjTj).
- *Objective*: ``M * Σ late_j + Σ w_j T_j`` with ``M`` larger than any weighted tardiness,
  so that meeting a hard deadline always comes first.

The block rules (minimum length, clients per day, pacing) are left to the decoder: the
model only proposes an order, which the decoder then places and the optimiser judges. The
solver is made deterministic with one worker, a fixed seed and a *deterministic* time limit.
"""

from __future__ import annotations

from collections.abc import Sequence

from ortools.sat.python import cp_model

from creneau.planning.problem import Problem, WorkingClock


def polish_with_cpsat(
    problem: Problem,
    hint_order: Sequence[int],
    *,
    deterministic_seconds: float = 1.0,
    max_jobs: int = 30,
) -> list[int] | None:
    """Improve a job order with CP-SAT on the working-time relaxation.

    Args:
        problem: the planning problem.
        hint_order: the order to start from (given to the solver as a hint).
        deterministic_seconds: CP-SAT's deterministic time limit (not wall clock).
        max_jobs: above this many jobs the model is not built (returns None).

    Returns:
        The jobs sorted by their start in the solver's best solution, or None when the
        solver found nothing or the instance is too large.
    """
    n = len(problem.jobs)
    if n < 2 or n > max_jobs or deterministic_seconds <= 0:
        return None
    step = problem.granularity
    clock = WorkingClock(problem)
    horizon_units = clock.total // step + sum(j.processing for j in problem.jobs) // step + 1
    model = cp_model.CpModel()
    starts = []
    ends = []
    intervals = []
    tardiness = []
    lates = []
    due_units = []
    for job in problem.jobs:
        size = job.processing // step
        release = clock(job.release) // step
        due = clock(job.due) // step if job.due > 0 else 0
        due_units.append(due)
        start = model.new_int_var(release, horizon_units, f"start_{job.index}")
        end = model.new_int_var(release + size, horizon_units + size, f"end_{job.index}")
        intervals.append(model.new_interval_var(start, size, end, f"job_{job.index}"))
        late_by = model.new_int_var(0, horizon_units + size, f"tardiness_{job.index}")
        model.add(late_by >= end - due)
        starts.append(start)
        ends.append(end)
        tardiness.append(late_by)
        if job.hard:
            late = model.new_bool_var(f"late_{job.index}")
            model.add(late_by == 0).only_enforce_if(late.Not())
            lates.append(late)
    model.add_no_overlap(intervals)
    weighted = sum(job.weight * t for job, t in zip(problem.jobs, tardiness, strict=True))
    big = 1 + sum(job.weight for job in problem.jobs) * (horizon_units * 2 + 1)
    model.minimize(big * sum(lates) + weighted if lates else weighted)

    clock_t = 0
    for j in hint_order:
        job = problem.jobs[j]
        size = job.processing // step
        release = clock(job.release) // step
        begin = max(clock_t, release)
        model.add_hint(starts[j], begin)
        clock_t = begin + size

    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 0
    solver.parameters.max_deterministic_time = deterministic_seconds
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return sorted(range(n), key=lambda j: (solver.value(starts[j]), j))

"""Scale benchmark: synthetic freelancer workloads from 50 to 5,000 jobs.

Usage: ``python bench/scale.py [--json bench/results/scale.json] [--sizes 50:6,200:6,...]``
(sizes are ``jobs:weeks``; default ``50:6,200:6,1000:26,5000:52``).

Workloads come from :func:`workloads.generate` (documented there: a busy freelancer at 95 %
load, French holidays, three busy events a week). Each size runs in its own process so that
its peak memory (``ru_maxrss``, the whole process: interpreter and libraries included) is
its own. For each it reports:

- ``plan_seconds``: a full plan (``make_plan``), median of 3 runs (1 for 5,000 jobs), after
  a warm-up plan of a small workload has compiled or loaded the numba kernels;
- ``edd_decode_seconds``: the baseline, one decode of the EDD order (median of 5), and
  ``plan_to_decode_ratio``, the plan time in such decodes (steadier than seconds on a
  shared machine);
- ``weighted_tardiness`` of the plan, and of the earliest-due-date order decoded by the same
  decoder, and their ratio (below 1: the optimiser beats EDD);
- ``late_hard``: hard deadlines missed (plan and EDD);
- for 200 jobs, replanning (:func:`replanning`): the plan after one change computed from
  the previous plan as the product does (its order as warm start, its blocks kept in place
  where the objective allows), against a full plan of the same input, on three workloads
  (seeds) and two kinds of change (a new job, an effort change): each case's times
  (medians of 3), ratio, objectives and blocks kept, then ``replan_ratio_median`` and
  ``replan_ratio_max`` over the six cases, and over the three new-job cases alone;
- ``checks``: each of the issue's targets met or not (plan under 2 s for 200 jobs over 6
  weeks and under 10 s for 1,000 over 26; peak memory under 1 GiB; EDD ratio below 1;
  replanning after a new job under 20 % of a full plan, in every case).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from creneau.domain.models import Deadline, Job, Plan, PlanningRules
from creneau.planning.decoder import decode
from creneau.planning.optimiser import seed_orders
from creneau.planning.planner import make_plan, plan_order
from creneau.planning.problem import build_problem
from workloads import Workload, default_rules, generate, median_time


def one(n: int, weeks: int) -> dict[str, Any]:
    rules = default_rules()
    warm = generate(40, weeks=6)
    make_plan(warm.now, warm.jobs, warm.clients, warm.working_time, warm.busy, rules)
    work = generate(n, weeks=weeks)
    repeat = 3 if n <= 1000 else 1
    seconds, plan = median_time(
        lambda: make_plan(work.now, work.jobs, work.clients, work.working_time, work.busy, rules),
        repeat,
    )
    problem = build_problem(work.now, work.jobs, work.clients, work.working_time, work.busy, rules)
    edd_order = seed_orders(problem)[0]
    decode_seconds, edd = median_time(lambda: decode(problem, edd_order), 5)
    hard = {j.key for j in problem.jobs if j.hard}
    row: dict[str, Any] = {
        "workload": work.name,
        "jobs_asked": n,
        "jobs": len(problem.jobs),
        "weeks": weeks,
        "working_days": len(problem.days),
        "plan_seconds": round(seconds, 3),
        "edd_decode_seconds": round(decode_seconds, 4),
        "plan_to_decode_ratio": round(seconds / decode_seconds, 1),
        "weighted_tardiness": plan.objective[1],
        "edd_weighted_tardiness": edd.objective[2],
        "ratio_to_edd": round(plan.objective[1] / edd.objective[2], 4)
        if edd.objective[2]
        else None,
        "late_hard": sum(1 for o in plan.outcomes if o.late and o.job_id in hard),
        "edd_late_hard": edd.objective[0],
        "blocks": len(plan.blocks),
    }
    if n == 200:
        row.update(replanning(work, weeks, rules, plan, repeat))
    row["peak_memory_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return row


REPLAN_SEEDS = (1, 2, 3)
"""Workload seeds of the replanning measure (the first is the workload reported above)."""


def replanning(
    work: Workload, weeks: int, rules: PlanningRules, plan: Plan, repeat: int
) -> dict[str, Any]:
    """Replanning after one change, against a full plan of the same input, over
    :data:`REPLAN_SEEDS` workloads and two kinds of change: one new job (1 h, hard, due in
    three days) and one effort change (the open job with the most work left gets 50 %
    more). Each case: medians of ``repeat`` runs of each."""
    cases = []
    for seed in REPLAN_SEEDS:
        if seed != REPLAN_SEEDS[0]:
            work = generate(len(work.jobs), weeks=weeks, seed=seed)
            plan = make_plan(work.now, work.jobs, work.clients, work.working_time, work.busy, rules)
        extra = Job(
            id="j-new",
            client_id=work.clients[0].id,
            title="New small job",
            effort_minutes=60,
            received=work.now.date(),
            due=work.now.date() + timedelta(days=3),
            deadline=Deadline.HARD,
        )
        biggest = max(work.jobs, key=lambda j: j.remaining_effort_minutes)
        grown = replace(biggest, effort_minutes=biggest.effort_minutes * 3 // 2)
        changes = {
            "new job": [*work.jobs, extra],
            "effort change": [grown if j.id == biggest.id else j for j in work.jobs],
        }
        for kind, jobs in changes.items():

            def full(jobs: list[Job] = jobs, work: Workload = work) -> Plan:
                return make_plan(work.now, jobs, work.clients, work.working_time, work.busy, rules)

            def warm(jobs: list[Job] = jobs, plan: Plan = plan, work: Workload = work) -> Plan:
                return make_plan(
                    work.now, jobs, work.clients, work.working_time, work.busy, rules,
                    previous_order=plan_order(plan), previous_blocks=plan.blocks,
                )  # fmt: skip

            full_seconds, full_plan = median_time(full, repeat)
            warm_seconds, warm_plan = median_time(warm, repeat)
            cases.append(
                {
                    "seed": seed,
                    "change": kind,
                    "replan_seconds": round(warm_seconds, 3),
                    "full_seconds": round(full_seconds, 3),
                    "ratio": round(warm_seconds / full_seconds, 3),
                    "replan_objective": list(warm_plan.objective),
                    "full_objective": list(full_plan.objective),
                    "blocks_kept": list(warm_plan.stability or ()),
                }
            )
    ratios = [c["ratio"] for c in cases]
    new_job = [c["ratio"] for c in cases if c["change"] == "new job"]
    return {
        "replan_cases": cases,
        "replan_ratio_median": round(statistics.median(ratios), 3),
        "replan_ratio_max": max(ratios),
        "replan_new_job_ratio_median": round(statistics.median(new_job), 3),
        "replan_new_job_ratio_max": max(new_job),
    }


PLAN_SECONDS_TARGET = {(200, 6): 2.0, (1000, 26): 10.0}
"""The issue's targets for a full plan, by (jobs, weeks)."""

MEMORY_TARGET_MIB = 1024
REPLAN_RATIO_TARGET = 0.2


def checks(row: dict[str, Any]) -> dict[str, bool]:
    """Each target of the issue met or not, for one result row."""
    found = {
        "peak_memory_under_1_gib": row["peak_memory_mib"] < MEMORY_TARGET_MIB,
        "edd_ratio_below_1": row["ratio_to_edd"] is None or row["ratio_to_edd"] < 1,
    }
    target = PLAN_SECONDS_TARGET.get((row["jobs_asked"], row["weeks"]))
    if target is not None:
        found[f"plan_under_{target:g}_s"] = row["plan_seconds"] < target
    if "replan_cases" in row:
        found["new_job_replan_under_20_percent"] = (
            row["replan_new_job_ratio_max"] < REPLAN_RATIO_TARGET
        )
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50:6,200:6,1000:26,5000:52")
    parser.add_argument("--json", default="bench/results/scale.json")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        n, weeks = (int(x) for x in args.one.split(":"))
        print(json.dumps(one(n, weeks)))
        return
    rows = []
    for size in args.sizes.split(","):
        out = subprocess.run(
            [sys.executable, __file__, "--one", size], capture_output=True, text=True, check=True
        )
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
        rows[-1]["checks"] = checks(rows[-1])
        print(json.dumps(rows[-1]), flush=True)
    path = Path(args.json)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"results": rows}, indent=2))
    print(f"written {path}")


if __name__ == "__main__":
    main()

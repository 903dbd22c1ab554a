"""Benchmark: plan the scenario and synthetic workloads of 50, 200 and 1,000 jobs (6 weeks).

Usage: ``python bench/plan_bench.py [--repeat 3] [--json bench/results/plan_bench.json]``

For each workload it reports the median wall time of a full plan (``make_plan``: build,
seeds, CP-SAT polish, local search, result) and, as a same-run baseline, the median time
of one EDD decode of the same problem; their ratio is machine-independent enough to
compare runs. The scenario is also timed through the service layer (database, calendar
expansion, holidays), as ``creneau plan`` runs it.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from creneau.bootstrap import open_services
from creneau.planning.decoder import decode
from creneau.planning.optimiser import seed_orders
from creneau.planning.planner import make_plan
from creneau.planning.problem import build_problem
from creneau.services.demo import SCENARIO_NOW, load_demo
from creneau.services.planning import compute_plan
from workloads import Workload, default_rules, generate, median_time


def bench_workload(work: Workload, repeat: int) -> dict[str, Any]:
    rules = default_rules()
    seconds, plan = median_time(
        lambda: make_plan(work.now, work.jobs, work.clients, work.working_time, work.busy, rules),
        repeat,
    )
    problem = build_problem(work.now, work.jobs, work.clients, work.working_time, work.busy, rules)
    edd = seed_orders(problem)[0]
    baseline, schedule = median_time(lambda: decode(problem, edd), max(repeat, 5))
    late_hard = sum(
        1 for o in plan.outcomes if o.late and o.job_id in {j.key for j in problem.jobs if j.hard}
    )
    return {
        "workload": work.name,
        "jobs": len(problem.jobs),
        "plan_seconds_median": round(seconds, 4),
        "edd_decode_seconds_median": round(baseline, 5),
        "ratio_to_edd_decode": round(seconds / baseline, 1) if baseline else None,
        "objective": list(plan.objective),
        "edd_objective": [schedule.objective[0], schedule.objective[2], schedule.objective[4]],
        "late_hard_jobs": late_hard,
        "blocks": len(plan.blocks),
    }


def bench_scenario_service(repeat: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        ctx = open_services(Path(tmp))
        load_demo(ctx)
        seconds, report = median_time(lambda: compute_plan(ctx, SCENARIO_NOW), repeat)
    return {
        "workload": "scenario atelier (service: database + calendar + planner)",
        "jobs": len(report.plan.outcomes),
        "plan_seconds_median": round(seconds, 4),
        "late_jobs": sum(1 for o in report.plan.outcomes if o.late),
        "blocks": len(report.plan.blocks),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sizes", default="50,200,1000")
    parser.add_argument("--json", default="bench/results/plan_bench.json")
    args = parser.parse_args()
    results = [bench_scenario_service(args.repeat)]
    for n in (int(s) for s in args.sizes.split(",") if s):
        results.append(bench_workload(generate(n, weeks=6), args.repeat if n <= 200 else 1))
        print(json.dumps(results[-1]), flush=True)
    print(json.dumps(results[0]))
    out = Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"results": results}, indent=2))
    print(f"written {out}")


if __name__ == "__main__":
    main()

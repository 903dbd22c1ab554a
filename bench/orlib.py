"""Solve OR-Library single-machine weighted tardiness instances (1||ΣwjTj).

Usage::

    python bench/orlib.py ../shared/bench/orlib-wt/wt40.txt \\
        --ref ../shared/bench/orlib-wt/wtopt40.txt --json bench/results/orlib-wt40.json \\
        [--instance K] [--time-limit S] [--n N]

Each instance (n processing times, then n weights, then n due dates; n taken from the file
name, e.g. ``wt40`` → 40, or ``--n``) is turned into a planning problem on one
always-available machine without preemption
(:func:`creneau.planning.problem.single_machine_problem`) and solved by the planner's own
optimiser, :func:`creneau.planning.optimiser.optimise`: the function every ``creneau plan``
calls, with the same effort rule (``--effort``, default 2,000,000: at most 20,000 kicks of
iterated dynasearch, stopping after 300 kicks without a new best; deterministic).
``--time-limit`` adds a wall-clock cap per instance. The returned order is decoded by the
planner's decoder and re-evaluated independently (plain Python) before it is reported.

Writes ``{"instances": [{"instance": K, "order": [1-based job indices], "objective": int,
"seconds": float}], "summary": {...}}`` (with ``--ref``, each row also has its
``"reference"`` value); with ``--ref`` the summary gives hits, mean gap
(instances whose reference is 0 are left out of the gap) and median/max seconds.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from creneau.planning.optimiser import optimise
from creneau.planning.problem import single_machine_problem
from creneau.planning.sequencing import SequencingInstance, sequence_cost

DEFAULT_EFFORT = 2_000_000


def read_instances(path: Path, n: int) -> list[SequencingInstance]:
    """The instances of an OR-Library ``wt`` file (3n integers each)."""
    numbers = [int(x) for x in path.read_text().split()]
    if len(numbers) % (3 * n):
        raise SystemExit(f"{path}: {len(numbers)} numbers is not a multiple of 3 x {n}")
    instances = []
    for start in range(0, len(numbers), 3 * n):
        chunk = numbers[start : start + 3 * n]
        instances.append(
            SequencingInstance(
                processing=np.array(chunk[:n]),
                weight=np.array(chunk[n : 2 * n]),
                due=np.array(chunk[2 * n :]),
            )
        )
    return instances


def weighted_tardiness(p: list[int], w: list[int], d: list[int], order: list[int]) -> int:
    """Σ w_j max(0, C_j - d_j) of a 0-based order, evaluated independently (plain Python)."""
    t = total = 0
    for j in order:
        t += p[j]
        total += w[j] * max(0, t - d[j])
    return total


def solve(
    instance: SequencingInstance, time_limit: float | None, effort: int = DEFAULT_EFFORT
) -> dict[str, Any]:
    """Solve one instance with the planner's optimiser; checks its objective independently."""
    p, w, d = instance.processing.tolist(), instance.weight.tolist(), instance.due.tolist()
    start = time.perf_counter()
    solution = optimise(single_machine_problem(p, w, d), effort=effort, time_limit=time_limit)
    seconds = time.perf_counter() - start
    order = list(solution.schedule.order)
    objective = weighted_tardiness(p, w, d, order)
    if not objective == solution.schedule.objective[2] == sequence_cost(instance, order):
        raise RuntimeError("the independent evaluation disagrees with the optimiser's")
    return {"order": [j + 1 for j in order], "objective": objective, "seconds": round(seconds, 4)}


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--n", type=int, help="jobs per instance (default: from the file name)")
    parser.add_argument("--instance", type=int, action="append", help="only this one (1-based)")
    parser.add_argument("--time-limit", type=float, help="wall-clock cap per instance (s)")
    parser.add_argument(
        "--effort", type=int, default=DEFAULT_EFFORT, help="search effort (see optimise)"
    )
    parser.add_argument("--ref", type=Path, help="reference values, one per line")
    parser.add_argument("--json", type=Path, help="write the results there")
    args = parser.parse_args(argv)
    n = args.n
    if n is None:
        match = re.search(r"wt(\d+)", args.file.name) or re.search(r"(\d+)", args.file.name)
        if not match:
            raise SystemExit("give --n: the file name has no job count")
        n = int(match.group(1))
    named = re.search(r"wt(\d+)", args.file.name)
    if n < 1:
        raise SystemExit(f"--n {n}: an instance has at least one job")
    if args.n is not None and named and int(named.group(1)) != n:
        raise SystemExit(f"--n {n}: the file name says {named.group(1)} jobs per instance")
    instances = read_instances(args.file, n)
    refs = [int(x) for x in args.ref.read_text().split()] if args.ref else None
    if refs is not None and len(refs) < len(instances):
        raise SystemExit(f"{args.ref}: {len(refs)} values for {len(instances)} instances")
    wanted = args.instance or list(range(1, len(instances) + 1))
    for k in wanted:
        if not 1 <= k <= len(instances):
            raise SystemExit(f"--instance {k}: the file has instances 1 to {len(instances)}")
    solve(
        instances[0], None, args.effort
    )  # compile the kernels (or load them from the cache) first
    rows = []
    for k in wanted:
        row = {"instance": k, **solve(instances[k - 1], args.time_limit, args.effort)}
        if refs is not None:
            row["reference"] = refs[k - 1]
        rows.append(row)
        print(json.dumps({key: v for key, v in row.items() if key != "order"}), flush=True)
    times = [r["seconds"] for r in rows]
    summary: dict[str, Any] = {
        "file": args.file.name,
        "instances": len(rows),
        "median_seconds": round(statistics.median(times), 4),
        "max_seconds": round(max(times), 4),
    }
    if refs is not None:
        hits = sum(1 for r in rows if r["objective"] == r["reference"])
        gaps = [
            100 * (r["objective"] - r["reference"]) / r["reference"] for r in rows if r["reference"]
        ]
        summary.update(
            hits=hits,
            misses=[r["instance"] for r in rows if r["objective"] != r["reference"]],
            better_than_reference=[r["instance"] for r in rows if r["objective"] < r["reference"]],
            mean_gap_percent=round(statistics.fmean(gaps), 5) if gaps else 0.0,
        )
    print(json.dumps(summary), flush=True)
    result = {"instances": rows, "summary": summary}
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=1))
    return result


if __name__ == "__main__":
    main(sys.argv[1:])

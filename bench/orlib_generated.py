"""Does the sequencing core hold on instances it was not tuned on? 150- and 200-job sets.

Usage: ``python bench/orlib_generated.py [--sizes 150,200] [--json bench/results/generated.json]``

Instances are generated as OR-Library's (Potts & Van Wassenhove 1985; Crauwels, Potts &
Van Wassenhove 1998): processing times uniform in [1, 100], weights uniform in [1, 10], due
dates uniform in [P(1 - TF - RDD/2), P(1 - TF + RDD/2)] with P the total processing time,
negative due dates set to 0 (as in the published files, where e.g. wt40 instance 121 has 24
zero due dates), for the 25 pairs of TF, RDD in {0.2, 0.4, 0.6, 0.8, 1.0}: one instance a
pair (seeded by n, TF and RDD, so the set is reproducible).

Each instance is solved twice:

- the default run, exactly as ``bench/orlib.py`` does: the planner's optimiser
  (:func:`creneau.planning.optimiser.optimise`) on the single-machine problem;
- a long-run reference by a *different* search: the sequencing kernels' first-improvement
  interchange and insertion descent (``method=0``, no dynasearch), moves over the whole
  order, restarts from the best after 100 kicks without a new best, ``--long`` times the
  patience, from a random order (seeded) and from the textbook rules, best of ``--seeds``
  seeds. It is not merged with the default run: a default run better than the reference
  shows as a negative gap. (A CP-SAT proof is out of reach at these sizes.)

It reports per size the number of instances where the default run equals the reference,
is better, and is within 0.5 % of it, the mean and maximum gap in % (instances whose
reference is 0 left out), and the median and maximum seconds of the default run.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path
from typing import Any

import numpy as np

from creneau.planning.optimiser import KICK_PATIENCE, optimise
from creneau.planning.problem import single_machine_problem
from creneau.planning.sequencing import (
    SequencingInstance,
    iterated_local_search,
    priority_orders,
    sequence_cost,
)

DEFAULT_EFFORT = 2_000_000

FACTORS = (0.2, 0.4, 0.6, 0.8, 1.0)


def generate(n: int, tf: float, rdd: float) -> SequencingInstance:
    """One instance of the OR-Library kind."""
    rng = np.random.default_rng([n, int(tf * 10), int(rdd * 10)])
    p = rng.integers(1, 101, n)
    w = rng.integers(1, 11, n)
    total = int(p.sum())
    low = round(total * (1 - tf - rdd / 2))
    high = round(total * (1 - tf + rdd / 2))
    d = np.maximum(rng.integers(low, high + 1, n), 0)
    return SequencingInstance(processing=p, weight=w, due=d)


def run_size(n: int, seeds: int, long_factor: int) -> dict[str, Any]:
    rows = []
    for tf in FACTORS:
        for rdd in FACTORS:
            inst = generate(n, tf, rdd)
            starts = priority_orders(inst)
            problem = single_machine_problem(
                inst.processing.tolist(), inst.weight.tolist(), inst.due.tolist()
            )
            begin = time.perf_counter()
            solution = optimise(problem, effort=DEFAULT_EFFORT)
            seconds = time.perf_counter() - begin
            cost = sequence_cost(inst, solution.schedule.order)
            assert cost == solution.schedule.objective[2]
            rng = np.random.default_rng([n, int(tf * 10), int(rdd * 10), 7])
            reference = min(
                iterated_local_search(
                    inst,
                    [rng.permutation(n).tolist(), *starts],
                    patience=KICK_PATIENCE * long_factor,
                    max_kicks=10**9,
                    method=0,
                    restart=100,
                    swap_span=n,
                    seed=s,
                ).cost
                for s in range(1, seeds + 1)
            )
            gap = 100 * (cost - reference) / reference if reference else 0.0
            rows.append(
                {"tf": tf, "rdd": rdd, "default": cost, "reference": reference,
                 "gap_percent": round(gap, 4), "seconds": round(seconds, 3)}
            )  # fmt: skip
            print(json.dumps({"n": n, **rows[-1]}), flush=True)
    gaps = [r["gap_percent"] for r in rows if r["reference"]]
    return {
        "n": n,
        "instances": len(rows),
        "equal_to_reference": sum(1 for r in rows if r["default"] == r["reference"]),
        "better_than_reference": sum(1 for r in rows if r["default"] < r["reference"]),
        "within_half_percent": sum(1 for r in rows if r["default"] <= r["reference"] * 1.005),
        "mean_gap_percent": round(statistics.fmean(gaps), 4) if gaps else 0.0,
        "max_gap_percent": max(gaps, default=0.0),
        "median_seconds": round(statistics.median(r["seconds"] for r in rows), 3),
        "max_seconds": max(r["seconds"] for r in rows),
        "rows": rows,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="150,200")
    parser.add_argument("--seeds", type=int, default=3, help="seeds of the long reference runs")
    parser.add_argument("--long", type=int, default=20, help="reference patience factor")
    parser.add_argument("--json", default="bench/results/generated.json")
    args = parser.parse_args()
    iterated_local_search(generate(20, 0.6, 0.6), [list(range(20))])  # compile first
    results = [run_size(int(n), args.seeds, args.long) for n in args.sizes.split(",")]
    for r in results:
        print(json.dumps({k: v for k, v in r.items() if k != "rows"}))
    path = Path(args.json)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"results": results}, indent=1))


if __name__ == "__main__":
    main()

"""Benchmark: propose meeting slots on the scenario (target: under 1 second).

Usage: ``python bench/meet_bench.py [--repeat 7] [--json bench/results/meet_bench.json]``

The scenario is loaded and planned once (the stored plan the proposals are costed
against). Then, for the winery (a call, 55.8 km away) and the private clients in
Beaucouzé (in person, with travel), it times ``propose_meeting`` as ``creneau meet``
runs it (database, calendar expansion with the travel around located events, places,
the slot scan) and reports the median. The same-run baseline is the median time of
reading the plan's inputs and expanding her calendar (``prepare``), which every command
around the plan pays; the ratio proposal / baseline is what the proposal itself adds, and
compares across machines.
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
from creneau.services.demo import SCENARIO_NOW, load_demo
from creneau.services.meetings import propose_meeting
from creneau.services.planning import compute_plan, load_inputs, prepare
from workloads import median_time

TARGET_SECONDS = 1.0


def run(repeat: int) -> dict[str, Any]:
    """Time the proposals and the baseline on a fresh copy of the scenario."""
    with tempfile.TemporaryDirectory() as tmp:
        ctx = open_services(Path(tmp))
        load_demo(ctx)
        compute_plan(ctx, SCENARIO_NOW)
        propose_meeting(ctx, SCENARIO_NOW, "roche", 60)  # warm: modules and caches
        results = []
        for client in ("coteaux", "roche"):
            seconds, proposal = median_time(
                lambda c=client: propose_meeting(ctx, SCENARIO_NOW, c, 60, within_days=14),
                repeat,
            )
            results.append(
                {
                    "client": proposal.client.name,
                    "mode": proposal.mode.value,
                    "slots": len(proposal.slots),
                    "propose_seconds_median": round(seconds, 4),
                    "under_target": seconds < TARGET_SECONDS,
                }
            )
        # measured after the proposals, on the same warm process and database
        baseline, _setup = median_time(lambda: prepare(ctx, load_inputs(ctx), SCENARIO_NOW), repeat)
        for result in results:
            seconds = result["propose_seconds_median"]
            result["ratio_to_baseline"] = round(seconds / baseline, 2) if baseline else None
    return {
        "benchmark": "meet proposals on the scenario atelier",
        "repeat": repeat,
        "target_seconds": TARGET_SECONDS,
        "baseline": "prepare (plan inputs + calendar expansion + travel)",
        "baseline_seconds_median": round(baseline, 4),
        "results": results,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--json", default="bench/results/meet_bench.json")
    args = parser.parse_args()
    report = run(args.repeat)
    print(json.dumps(report, indent=2))
    out = Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2))
    print(f"written {out}")


if __name__ == "__main__":
    main()

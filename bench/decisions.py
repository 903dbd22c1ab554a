"""Benchmark: her daily questions on the scenario, through the services as the CLI runs them.

Usage: ``python bench/decisions.py [--repeat 5] [--json bench/results/decisions.json]``

On the bundled scenario at its "now" (plan computed and saved first), it times, as medians
of ``--repeat`` runs:

- ``whatif_yes``: a 1-hour job due tomorrow for the physiotherapy practice;
- ``whatif_no``: a 20-hour job due Friday for the accounting firm;
- ``promise``: 10 hours of work for M. et Mme Roche;
- ``risks``: the at-risk jobs with their options;
- ``replan``: the stored plan recomputed after adding a 1-hour job (stable replanning);
- ``brief``: the morning brief;
- and, as the same-run baseline, ``plan_stable``: ``compute_plan`` with nothing changed.

Each answer's ``ratio_to_baseline`` is its median over the baseline's median (the machine
is shared and noisy: compare ratios between runs). The issue's target is under 1 s each.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from creneau.bootstrap import open_services
from creneau.domain.models import Deadline
from creneau.services.brief import morning_brief
from creneau.services.catalog import add_job
from creneau.services.demo import SCENARIO_NOW, load_demo
from creneau.services.planning import compute_plan
from creneau.services.promise import promise
from creneau.services.risks import risks
from creneau.services.whatif import what_if
from workloads import median_time

NOW = SCENARIO_NOW


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", default="bench/results/decisions.json")
    args = parser.parse_args()
    repeat = args.repeat
    rows: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        ctx = open_services(Path(tmp))
        load_demo(ctx)
        compute_plan(ctx, NOW)
        baseline, _ = median_time(lambda: compute_plan(ctx, NOW, save=False), repeat)
        rows["plan_stable"] = {"seconds_median": round(baseline, 4), "ratio_to_baseline": 1.0}
        questions = {
            "whatif_yes": lambda: what_if(ctx, NOW, "kinésithérapie", 60, date(2026, 12, 1)),
            "whatif_no": lambda: what_if(ctx, NOW, "Loire Conseil", 1200, date(2026, 12, 4)),
            "promise": lambda: promise(ctx, NOW, "Roche", 600),
            "risks": lambda: risks(ctx, NOW),
            "brief": lambda: morning_brief(ctx, NOW),
        }
        answers: dict[str, Any] = {}
        for name, ask in questions.items():
            seconds, answers[name] = median_time(ask, repeat)
            rows[name] = {
                "seconds_median": round(seconds, 4),
                "ratio_to_baseline": round(seconds / baseline, 2),
                "under_1s": seconds < 1.0,
            }
        rows["whatif_yes"]["answer"] = answers["whatif_yes"].sentence
        rows["whatif_no"]["answer"] = answers["whatif_no"].sentence
        rows["promise"]["answer"] = answers["promise"].sentence
        rows["risks"]["count"] = len(answers["risks"])
    # replanning after one small job, on a fresh copy each time
    times: list[float] = []
    kept: list[float] = []

    def replan_once() -> Any:
        with tempfile.TemporaryDirectory() as tmp:
            ctx = open_services(Path(tmp))
            load_demo(ctx)
            compute_plan(ctx, NOW)
            add_job(
                ctx, "kinésithérapie", title="Petit courrier", effort_minutes=60,
                received=date(2026, 11, 30), due=date(2026, 12, 1), deadline=Deadline.HARD,
            )  # fmt: skip
            seconds, report = median_time(lambda: compute_plan(ctx, NOW, save=False), 1)
            times.append(seconds)
            if report.plan.kept_share is not None:
                kept.append(report.plan.kept_share)
            return report

    for _ in range(max(1, repeat // 2)):
        replan_once()
    times.sort()
    median = times[len(times) // 2]
    rows["replan"] = {
        "seconds_median": round(median, 4),
        "ratio_to_baseline": round(median / baseline, 2),
        "under_1s": median < 1.0,
        "kept_share": round(sorted(kept)[len(kept) // 2], 3) if kept else None,
    }
    out = Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(rows, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for name, row in rows.items():
        print(f"{name:12} {row['seconds_median']:7.3f} s  x{row['ratio_to_baseline']}")


if __name__ == "__main__":
    main()

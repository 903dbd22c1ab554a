"""Benchmark: the money reports on the scenario after logging, through the services and
through the real command line.

Usage: ``python bench/money.py [--repeat 7] [--json bench/results/money.json]``

On the bundled scenario at its "now" (plan computed and saved first, as ``creneau demo``
leaves it), two histories are logged through the unit of work:

- ``issue``: the six entries of the tests (``tests/services/money_data.py``);
- ``year``: a year of work besides, 1 December 2025 to 30 November 2026: four entries of
  1 h 30 on every weekday, spread over the scenario's hourly jobs (1,044 entries), and
  twelve invoices each paid twice.

It times, as medians of ``--repeat`` runs:

- ``report_service``: ``income_report`` for November 2026 (what ``report --month
  2026-11`` computes);
- ``receipts_service`` and ``billable_service``: the fourth quarter's receipts and a
  month's billable time;
- ``report_cli``: ``creneau --data-dir D --now … report --month 2026-11`` as a
  subprocess, start of the interpreter included: what she waits for;
- ``csv_cli``: the same with ``--csv FILE --excel-fr``;
- and, as the same-run baseline, ``cli_baseline``: ``creneau … client list`` (start-up,
  opening the database and one query).

Command-line runs also give their median CPU time (user + system, and its ratio to the
baseline's), steadier than wall time when the machine is busy. The subprocesses may write
their bytecode (an installed program has it), whatever ``PYTHONDONTWRITEBYTECODE`` says.

The issue's target: ``report --month 2026-11`` under 1 s. The report itself is the
service time; a command-line run is mostly start-up, as the baseline shows: the
interpreter, SQLAlchemy's import (about half of it), Typer and Rich, the command's own
modules, and the exit. ``creneau.interfaces.cli.launch`` loads them with the garbage
collector off and freezes them, so that no collection goes over them, neither during
the command nor at exit (that was a third of the run); Typer stays below 0.29, whose
pydantic coercion of every parameter cost about 0.15 s; and ``report`` loads neither
geopy's package nor the other commands' services (``tests/e2e/test_cli_startup.py``).
Rendering the tables with Rich and Babel's locale data take about 0.05 s. In a test
environment Babel also finds pytz (brought by Radicale, a test dependency), and its
look-up of the local zone opens every zone file: about 0.03 s that an install without
the test extras does not pay.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from creneau.bootstrap import open_services
from creneau.domain.models import Invoice, Payment, TimeEntry
from creneau.domain.periods import parse_month, parse_quarter
from creneau.services.billable import billable
from creneau.services.context import ServiceContext
from creneau.services.demo import SCENARIO_NOW, load_demo
from creneau.services.income import income_report
from creneau.services.invoicing import receipts
from creneau.services.planning import compute_plan
from tests.services.money_data import log_all
from workloads import median_time

NOW = SCENARIO_NOW
PARIS = NOW.tzinfo


def log_year(ctx: ServiceContext) -> int:
    """A year of hourly work (four 1 h 30 entries each weekday) and twelve invoices."""
    with ctx.uow() as uow:
        clients = {c.id: c for c in uow.clients.list()}
        hourly = [j for j in uow.jobs.list() if j.price is None]
        day = date(2025, 12, 1)
        count = 0
        spent: dict[str, int] = {}
        while day <= date(2026, 11, 27):
            if day.weekday() < 5:
                for slot, start in enumerate((time(9), time(10, 45), time(13, 30), time(15, 15))):
                    job = hourly[(count + slot) % len(hourly)]
                    begin = datetime.combine(day, start, tzinfo=PARIS)
                    entry = TimeEntry(
                        f"y{count}-{slot}", job.id, begin, begin + timedelta(minutes=90)
                    )
                    uow.time_entries.add(entry)
                    spent[job.id] = spent.get(job.id, 0) + 90
                count += 1
            day += timedelta(days=1)
        for job in hourly:
            uow.jobs.update(replace(job, spent_minutes=job.spent_minutes + spent.get(job.id, 0)))
        client_ids = sorted(clients)
        for month in range(12):
            issued = date(2025 + (month + 11) // 12, (month + 11) % 12 + 1, 5)
            invoice = Invoice(f"i{month}", client_ids[month % len(client_ids)], f"B-{month:03d}",
                              issued, Decimal("450.00"))  # fmt: skip
            uow.invoices.add(invoice)
            uow.payments.add(Payment(f"p{month}a", invoice.id, issued + timedelta(days=10),
                                     Decimal("200.00")))  # fmt: skip
            uow.payments.add(Payment(f"p{month}b", invoice.id, issued + timedelta(days=40),
                                     Decimal("250.00")))  # fmt: skip
    return count * 4


def cli(folder: Path, *args: str) -> None:
    # an installed program has its bytecode compiled: let the first run write it
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("CRENEAU_") and k != "PYTHONDONTWRITEBYTECODE"
    }
    command = [sys.executable, "-m", "creneau", "--data-dir", str(folder), "--now",
               NOW.isoformat(), *args]  # fmt: skip
    subprocess.run(command, check=True, capture_output=True, env=env)


def measure(folder: Path, repeat: int) -> dict[str, Any]:
    ctx = open_services(folder)
    november = parse_month("2026-11")
    rows: dict[str, Any] = {}
    cpu: dict[str, list[float]] = {}

    def with_cpu(name: str, run: Callable[[], None]) -> Callable[[], None]:
        """``run``, its child's CPU time (user + system) noted per call."""

        def timed() -> None:
            before = _children_cpu()
            run()
            cpu.setdefault(name, []).append(_children_cpu() - before)

        return timed

    baseline, _ = median_time(
        with_cpu("cli_baseline", lambda: cli(folder, "client", "list")), repeat
    )
    baseline_cpu = statistics.median(cpu["cli_baseline"])
    rows["cli_baseline"] = {
        "seconds_median": round(baseline, 4),
        "ratio_to_baseline": 1.0,
        "cpu_seconds_median": round(baseline_cpu, 4),
    }
    timed = {
        "report_service": lambda: income_report(ctx, november, NOW),
        "receipts_service": lambda: receipts(ctx, parse_quarter("2026-Q4")),
        "billable_service": lambda: billable(ctx, november, NOW),
        "report_cli": lambda: cli(folder, "report", "--month", "2026-11"),
        "csv_cli": lambda: cli(
            folder,
            "report",
            "--month",
            "2026-11",
            "--csv",
            str(folder / "report.csv"),
            "--excel-fr",
        ),
    }
    for name, run in timed.items():
        seconds, _ = median_time(with_cpu(name, run) if name.endswith("_cli") else run, repeat)
        rows[name] = {
            "seconds_median": round(seconds, 4),
            "ratio_to_baseline": round(seconds / baseline, 2),
            "under_1s": seconds < 1.0,
        }
        if name.endswith("_cli"):  # CPU time is steadier than wall time on a busy machine
            median_cpu = statistics.median(cpu[name])
            rows[name]["cpu_seconds_median"] = round(median_cpu, 4)
            rows[name]["cpu_ratio_to_baseline"] = round(median_cpu / baseline_cpu, 2)
    return rows


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--json", default="bench/results/money.json")
    args = parser.parse_args()
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "data"
        ctx = open_services(folder)
        load_demo(ctx)
        compute_plan(ctx, NOW)
        log_all(ctx)
        results["issue"] = {"entries": 6, **measure(folder, args.repeat)}
        entries = log_year(ctx)
        results["year"] = {"entries": 6 + entries, **measure(folder, args.repeat)}
    out = Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for history, rows in results.items():
        print(f"{history} ({rows['entries']} entries)")
        for name, row in rows.items():
            if isinstance(row, dict):
                cpu = (
                    f"  cpu {row['cpu_seconds_median']:.3f} s"
                    if "cpu_seconds_median" in row
                    else ""
                )
                print(
                    f"  {name:17} {row['seconds_median']:7.3f} s  x{row['ratio_to_baseline']}{cpu}"
                )


if __name__ == "__main__":
    main()

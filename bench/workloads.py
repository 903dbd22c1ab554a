"""Synthetic freelancer workloads for benchmarks.

The generator (seeded, deterministic) draws a working week of Monday–Friday 09:00–12:30
and 13:30–17:30 with Wednesday afternoons off, French public holidays as days off, and:

- ``clients = max(5, n // 4)`` clients with importance uniform in 1..5;
- ``n`` jobs: 40 % small (15–60 min), 40 % medium (2–6 h), 20 % large (8–30 h), then
  scaled so that their total effort is ``load`` (default 0.95) times her working time
  over the horizon (holidays excluded, busy events not: a busy freelancer, a little
  overloaded once her appointments are counted), rounded up to 15 minutes; 5 % are meetings
  of 1 h; 10 % are in progress;
- each job is received between 2 weeks before "now" and 2/3 of the horizon, and due
  after a lead time of 2 to 15 working days (counted as 7/5 calendar days each) plus 1.5
  days per hour of effort, capped at the
  horizon's end; 40 % of dues are hard;
- three busy events a week at random working hours (30 min to 2 h).

"Now" is Monday 2026-11-30 08:30, Europe/Paris.
"""

from __future__ import annotations

import random
import statistics
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from time import perf_counter
from typing import Any
from zoneinfo import ZoneInfo

import holidays

from creneau.domain.models import (
    BusyInterval,
    Client,
    Deadline,
    Job,
    JobKind,
    JobStatus,
    PlanningRules,
    TimePeriod,
    WorkingTime,
)

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 11, 30, 8, 30, tzinfo=PARIS)


@dataclass
class Workload:
    name: str
    now: datetime
    clients: list[Client]
    jobs: list[Job]
    working_time: WorkingTime
    busy: list[BusyInterval]


def working_time(weeks: int) -> WorkingTime:
    day = (TimePeriod(time(9), time(12, 30)), TimePeriod(time(13, 30), time(17, 30)))
    wednesday = (TimePeriod(time(9), time(12, 30)),)
    years = range(NOW.year, NOW.year + 3 + weeks // 52)
    days_off = frozenset(holidays.France(years=list(years)).keys())
    return WorkingTime(weekly=(day, day, wednesday, day, day, (), ()), days_off=days_off)


def capacity_minutes(work_time: WorkingTime, weeks: int) -> int:
    """Working minutes from NOW over ``weeks`` weeks (before busy events)."""
    total = 0
    for d in range(weeks * 7):
        day = NOW.date() + timedelta(days=d)
        for p in work_time.periods_on(day):
            total += (p.end.hour * 60 + p.end.minute) - (p.start.hour * 60 + p.start.minute)
    return total


def generate(n: int, weeks: int = 6, seed: int = 1, load: float = 0.95) -> Workload:
    """A workload of ``n`` jobs whose dues fall within ``weeks`` weeks of NOW."""
    rng = random.Random(seed * 1_000_003 + n * 31 + weeks)
    work_time = working_time(weeks)
    n_clients = max(5, n // 4)
    clients = [
        Client(id=f"c{i:04d}", name=f"Client {i:04d}", importance=rng.randint(1, 5))
        for i in range(n_clients)
    ]
    horizon_days = weeks * 7
    raw: list[int] = []
    for _ in range(n):
        draw = rng.random()
        if draw < 0.4:
            raw.append(rng.randint(1, 4) * 15)
        elif draw < 0.8:
            raw.append(rng.randint(8, 24) * 15)
        else:
            raw.append(rng.randint(32, 120) * 15)
    scale = load * capacity_minutes(work_time, weeks) / sum(raw)
    jobs: list[Job] = []
    for k in range(n):
        minutes = max(15, -(-int(raw[k] * scale) // 15) * 15)
        meeting = rng.random() < 0.05
        if meeting:
            minutes = 60
        received = NOW.date() + timedelta(days=rng.randint(-14, max(0, horizon_days * 2 // 3)))
        lead = rng.randint(2, 15) * 7 // 5 + int(1.5 * minutes / 60)
        due: date = min(received + timedelta(days=lead), NOW.date() + timedelta(days=horizon_days))
        due = max(due, received)
        status = JobStatus.IN_PROGRESS if rng.random() < 0.1 else JobStatus.TODO
        jobs.append(
            Job(
                id=f"j{k:05d}",
                client_id=clients[rng.randrange(n_clients)].id,
                title=f"Job {k}",
                effort_minutes=minutes,
                received=received,
                due=due,
                kind=JobKind.MEETING if meeting else JobKind.WORK,
                deadline=Deadline.HARD if rng.random() < 0.4 else Deadline.SOFT,
                status=status,
            )
        )
    busy = []
    for week in range(weeks):
        for _ in range(3):
            day = NOW.date() + timedelta(days=7 * week + rng.randint(0, 4))
            start = datetime.combine(day, time(rng.randint(9, 16), rng.choice([0, 30])), PARIS)
            busy.append(
                BusyInterval(
                    start, start + timedelta(minutes=rng.choice([30, 60, 90, 120])), "busy"
                )
            )
    return Workload(f"synthetic-{n}-{weeks}w", NOW, clients, jobs, work_time, busy)


def median_time(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Median wall time of ``repeat`` calls of ``fn`` (seconds), and the last result."""
    times = []
    result = None
    for _ in range(repeat):
        start = perf_counter()
        result = fn()
        times.append(perf_counter() - start)
    return statistics.median(times), result


def default_rules(**changes: object) -> PlanningRules:
    """The product's default planning rules (optionally changed)."""
    return PlanningRules(**changes)  # type: ignore[arg-type]

"""Hypothesis strategies: small random planning instances (domain values)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

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
from tests.conftest import PARIS

UTC = ZoneInfo("UTC")

# Thursday before the spring-forward change of 2026-03-29, so instances cross it.
START = datetime(2026, 3, 26, 8, 0, tzinfo=PARIS)


@dataclass
class Instance:
    now: datetime
    horizon_end: datetime
    clients: list[Client]
    jobs: list[Job]
    working_time: WorkingTime
    busy: list[BusyInterval]
    rules: PlanningRules


@st.composite
def periods(draw: st.DrawFn) -> tuple[TimePeriod, ...]:
    kind = draw(st.integers(0, 3))
    if kind == 0:
        return ()
    morning = TimePeriod(
        time(draw(st.sampled_from([8, 9])), 0), time(12, draw(st.sampled_from([0, 30])))
    )
    if kind == 1:
        return (morning,)
    afternoon = TimePeriod(time(13, 30), time(draw(st.sampled_from([16, 17, 18])), 0))
    return (morning, afternoon)


@st.composite
def instances(draw: st.DrawFn, max_jobs: int = 6) -> Instance:
    weekly = (*tuple(draw(periods()) for _ in range(5)), (), ())
    if not any(weekly):
        weekly = ((TimePeriod(time(9), time(12)),), *weekly[1:])
    days_off = frozenset(
        START.date() + timedelta(days=d) for d in draw(st.sets(st.integers(0, 13), max_size=2))
    )
    n_clients = draw(st.integers(1, 4))
    clients = [
        Client(id=f"c{i}", name=f"Client {i}", importance=draw(st.integers(1, 5)))
        for i in range(n_clients)
    ]
    n_jobs = draw(st.integers(1, max_jobs))
    jobs = []
    for k in range(n_jobs):
        received = START.date() + timedelta(days=draw(st.integers(-3, 6)))
        due_day = max(received, START.date()) + timedelta(days=draw(st.integers(0, 9)))
        due: date | datetime = due_day
        if draw(st.booleans()):
            due = datetime.combine(due_day, time(draw(st.integers(10, 18)), 0), PARIS)
        meeting = draw(st.integers(0, 5)) == 0
        jobs.append(
            Job(
                id=f"j{k}",
                client_id=f"c{draw(st.integers(0, n_clients - 1))}",
                title=f"Job {k}",
                effort_minutes=draw(st.integers(1, 24)) * 15
                if not meeting
                else draw(st.sampled_from([30, 60, 90])),
                spent_minutes=0,
                received=received,
                due=due,
                kind=JobKind.MEETING if meeting else JobKind.WORK,
                deadline=draw(st.sampled_from([Deadline.HARD, Deadline.SOFT])),
                status=draw(
                    st.sampled_from([JobStatus.TODO, JobStatus.TODO, JobStatus.IN_PROGRESS])
                ),
            )
        )
    busy = []
    for _ in range(draw(st.integers(0, 4))):
        day = START.date() + timedelta(days=draw(st.integers(0, 13)))
        start = datetime.combine(
            day, time(draw(st.integers(8, 17)), draw(st.sampled_from([0, 20, 30, 45]))), PARIS
        )
        busy.append(
            BusyInterval(start, start + timedelta(minutes=draw(st.integers(10, 180))), "busy")
        )
    rules = PlanningRules(
        max_clients_per_day=draw(st.integers(1, 3)),
        min_block_minutes=draw(st.sampled_from([0, 30, 60])),
        small_job_minutes=60,
        pacing_working_days=2,
        search_effort=300,
        cpsat_seconds=0,
    )
    return Instance(
        now=START,
        horizon_end=START + timedelta(days=16),
        clients=clients,
        jobs=jobs,
        working_time=WorkingTime(weekly=weekly, days_off=days_off),
        busy=busy,
        rules=rules,
    )

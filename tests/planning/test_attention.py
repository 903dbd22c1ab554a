"""Client attention in the planner: a client with open work gets a block at least every N
working days when that breaks no promise (``PlanningRules.attention_working_days``).

Two clients on the week of Monday 2026-12-07 (Paris), 09:00-12:00 and 13:00-17:00 on
weekdays (35 hours a week): "Big" has a job that could fill every day, "Far" a 2-hour job
due in January. Both last got attention on Friday 4 December at 17:00. Expected days are
counted by hand: the N-th working day after that Friday is Monday 7 + N - 1.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from creneau.domain.models import (
    Client,
    Deadline,
    Job,
    Plan,
    PlanningRules,
    TimePeriod,
    WorkingTime,
)
from creneau.planning.planner import make_plan
from tests.conftest import PARIS

MONDAY = date(2026, 12, 7)
NOW = datetime(2026, 12, 7, 8, 0, tzinfo=PARIS)
LAST_FRIDAY = datetime(2026, 12, 4, 17, 0, tzinfo=PARIS)
FRIDAY = date(2026, 12, 11)
DAY = (TimePeriod(time(9), time(12)), TimePeriod(time(13), time(17)))
WEEK = WorkingTime(weekly=(DAY, DAY, DAY, DAY, DAY, (), ()))
CLIENTS = [Client(id="big", name="Big"), Client(id="far", name="Far")]


def nth_working_day(n: int) -> date:
    """The n-th working day after Friday 4 December (weekdays; no holiday in between)."""
    day, found = date(2026, 12, 4), 0
    while found < n:
        day += timedelta(days=1)
        found += day.weekday() < 5
    return day


def plan(big_minutes: int, big_deadline: Deadline, attention: int) -> Plan:
    jobs = [
        Job(
            id="big",
            client_id="big",
            title="big",
            effort_minutes=big_minutes,
            received=MONDAY,
            due=FRIDAY,
            deadline=big_deadline,
        ),
        Job(
            id="far",
            client_id="far",
            title="far",
            effort_minutes=120,
            received=MONDAY,
            due=date(2027, 1, 8),
            deadline=Deadline.SOFT,
        ),
    ]
    rules = PlanningRules(attention_working_days=attention, search_effort=300, cpsat_seconds=0)
    return make_plan(
        NOW, jobs, CLIENTS, WEEK, [], rules, last_attention={"big": LAST_FRIDAY, "far": LAST_FRIDAY}
    )


def blocks_of(result: Plan, job: str) -> list[tuple[datetime, datetime]]:
    return sorted((b.start, b.end) for b in result.blocks if b.job_id == job)


def outcome(result: Plan, job: str) -> tuple[datetime | None, bool]:
    found = next(o for o in result.outcomes if o.job_id == job)
    return found.planned_finish, found.late


def test_attention_days_are_counted_by_hand() -> None:
    assert [nth_working_day(n) for n in (1, 2, 3, 5)] == [
        date(2026, 12, 7),
        date(2026, 12, 8),
        date(2026, 12, 9),
        date(2026, 12, 11),
    ]


@pytest.mark.parametrize("days", [1, 2, 3])
def test_a_neglected_client_gets_a_block_in_time(days: int) -> None:
    # 40 h of soft work due Friday: 5 h late whatever happens, so every hour given to
    # "Far" before it is done only adds lateness; attention is worth it anyway
    result = plan(40 * 60, Deadline.SOFT, days)
    far = blocks_of(result, "far")
    assert far, "the second client gets no block at all"
    first_day = far[0][0].astimezone(PARIS).date()
    assert first_day <= nth_working_day(days), far
    assert sum((e - s).total_seconds() for s, e in far) == 120 * 60


def test_without_attention_the_far_job_waits_for_the_big_one() -> None:
    result = plan(40 * 60, Deadline.SOFT, 0)
    far, big = blocks_of(result, "far"), blocks_of(result, "big")
    first_day = far[0][0].astimezone(PARIS).date()
    assert first_day > nth_working_day(2), far
    # nothing pushes it earlier: it starts once the (late) big job is done
    assert far[0][0] >= big[-1][1]


def test_attention_with_a_hard_job_that_leaves_some_room() -> None:
    # 30 h of hard work due Friday leave 5 free hours in the week
    with_attention = plan(30 * 60, Deadline.HARD, 2)
    far = blocks_of(with_attention, "far")
    assert far[0][0].astimezone(PARIS).date() <= nth_working_day(2), far
    assert not outcome(with_attention, "big")[1]
    without = plan(30 * 60, Deadline.HARD, 0)
    assert blocks_of(without, "far")[0][0].astimezone(PARIS).date() > nth_working_day(2)


def test_attention_never_breaks_a_promise() -> None:
    # 35 h of hard work due Friday fill the whole week: no room for "Far" before Monday 14
    result = plan(35 * 60, Deadline.HARD, 2)
    finish, late = outcome(result, "big")
    assert not late and finish == datetime(2026, 12, 11, 17, 0, tzinfo=PARIS)
    assert blocks_of(result, "far")[0][0] >= finish
    assert not result.pacing_kept and result.pacing_misses > 0  # the miss is reported

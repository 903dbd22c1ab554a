"""Late and unplaced jobs get a reason code and a sentence, worked out by hand.

The week of Monday 2026-12-07 (Paris), 09:00–12:00 and 13:00–17:00 every weekday: 7 h a day.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from creneau.domain.models import (
    Client,
    Deadline,
    Job,
    JobKind,
    PlanningRules,
    TimePeriod,
    WorkingTime,
)
from creneau.planning.planner import make_plan
from creneau.services.messages import reason_text
from tests.conftest import PARIS

MONDAY = date(2026, 12, 7)
DAY = (TimePeriod(time(9), time(12)), TimePeriod(time(13), time(17)))
WEEK = WorkingTime(weekly=(DAY, DAY, DAY, DAY, DAY, (), ()))
NOW = datetime(2026, 12, 7, 8, 0, tzinfo=PARIS)
CLIENTS = [Client(id="c0", name="Alpha"), Client(id="c1", name="Beta")]
RULES = PlanningRules(cpsat_seconds=0, search_effort=200)


def job(key: str, minutes: int, due: date | datetime, **kw: object) -> Job:
    fields: dict[str, object] = {
        "id": key, "client_id": "c0", "title": key.title(), "effort_minutes": minutes,
        "received": MONDAY - timedelta(days=3), "due": due, "deadline": Deadline.HARD,
    }  # fmt: skip
    fields.update(kw)
    return Job(**fields)  # type: ignore[arg-type]


def outcomes(jobs: list[Job], now: datetime = NOW) -> dict[str, object]:
    plan = make_plan(now, jobs, CLIENTS, WEEK, [], RULES)
    return {o.job_id: o for o in plan.outcomes}


def test_not_enough_time_says_how_much_work_and_time() -> None:
    # 10 h due Tuesday 12:00: Monday 7 h + Tuesday morning 3 h = 10 h exactly... so ask 11 h
    result = outcomes([job("report", 11 * 60, datetime(2026, 12, 8, 12, 0, tzinfo=PARIS))])
    outcome = result["report"]
    assert outcome.late  # type: ignore[attr-defined]
    assert outcome.reason_code == "not_enough_time"  # type: ignore[attr-defined]
    args = dict(outcome.reason_args)  # type: ignore[attr-defined]
    assert args["work_minutes"] == "660"
    assert args["available_minutes"] == "600"
    assert reason_text("not_enough_time", args, "en", {}) == (
        "11h of work left, 10h available before Tuesday 8 December 12:00"
    )
    assert reason_text("not_enough_time", args, "fr", {}) == (
        "11h de travail restant, 10h disponibles avant mardi 8 décembre 12:00"
    )


def test_capacity_taken_names_the_other_job() -> None:
    # Both due Monday 17:00 with 7 h of time: the hard one (Report) takes it all.
    jobs = [
        job("report", 7 * 60, datetime(2026, 12, 7, 17, 0, tzinfo=PARIS)),
        job("letters", 2 * 60, datetime(2026, 12, 7, 17, 0, tzinfo=PARIS), deadline=Deadline.SOFT),
    ]
    result = outcomes(jobs)
    assert not result["report"].late  # type: ignore[attr-defined]
    letters = result["letters"]
    assert letters.reason_code == "capacity_taken"  # type: ignore[attr-defined]
    args = dict(letters.reason_args)  # type: ignore[attr-defined]
    assert args["taken_minutes"] == "420"
    assert args["others"] == "report"
    text = reason_text("capacity_taken", args, "en", {"report": "Report"})
    assert text == (
        "2h of work left; of the 7h available before Monday 7 December 17:00, "
        "7h go to other jobs (Report)"
    )


def test_due_passed() -> None:
    result = outcomes([job("old", 60, date(2026, 12, 4))])
    assert result["old"].reason_code == "due_passed"  # type: ignore[attr-defined]
    assert result["old"].lateness_minutes > 0  # type: ignore[attr-defined]


def test_meeting_longer_than_any_free_stretch() -> None:
    # the longest free stretch is an afternoon, 13:00–17:00: a 5-hour meeting never fits
    meeting = job("visit", 5 * 60, date(2026, 12, 11), kind=JobKind.MEETING)
    result = outcomes([meeting])
    outcome = result["visit"]
    assert outcome.reason_code == "meeting_no_slot"  # type: ignore[attr-defined]
    assert outcome.planned_finish is None  # type: ignore[attr-defined]
    assert outcome.planned_minutes == 0  # type: ignore[attr-defined]


def test_on_time_jobs_have_slack_in_working_hours() -> None:
    # 2 h from Monday 09:00: done 11:00; due Monday 17:00 → 1 h (11–12) + 4 h = 5 h slack.
    result = outcomes([job("short", 120, datetime(2026, 12, 7, 17, 0, tzinfo=PARIS))])
    outcome = result["short"]
    assert outcome.reason_code is None  # type: ignore[attr-defined]
    assert outcome.planned_finish == datetime(2026, 12, 7, 11, 0, tzinfo=PARIS)  # type: ignore[attr-defined]
    assert outcome.slack_minutes == 5 * 60  # type: ignore[attr-defined]

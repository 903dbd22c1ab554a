"""Each block rule with a case that keeps it and one that shows what breaking it looks like.

Instances are built by hand on the week of Monday 2026-12-07 (Paris), 09:00–12:00 and
13:00–17:00 every weekday unless said otherwise; expected times are worked out by hand.
"""

from __future__ import annotations

import itertools
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

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
from creneau.planning.cpsat.sequencing import polish_with_cpsat
from creneau.planning.decoder import Previous, Release, Schedule, decode
from creneau.planning.optimiser import optimise
from creneau.planning.planner import make_plan
from creneau.planning.problem import MAX_HORIZON_DAYS, Problem, build_problem, resolve_due
from tests.conftest import PARIS

MONDAY = date(2026, 12, 7)
NOW = datetime(2026, 12, 7, 8, 0, tzinfo=PARIS)
DAY = (TimePeriod(time(9), time(12)), TimePeriod(time(13), time(17)))
WEEK = WorkingTime(weekly=(DAY, DAY, DAY, DAY, DAY, (), ()))


def at(day_offset: int, clock: str) -> datetime:
    return datetime.combine(MONDAY + timedelta(days=day_offset), time.fromisoformat(clock), PARIS)


def job(key: str, client: str, minutes: int, due: date | datetime, **kw: object) -> Job:
    fields: dict[str, object] = {
        "id": key, "client_id": client, "title": key, "effort_minutes": minutes,
        "received": MONDAY - timedelta(days=7), "due": due, "deadline": Deadline.HARD,
    }  # fmt: skip
    fields.update(kw)
    return Job(**fields)  # type: ignore[arg-type]


CLIENTS = [Client(id=f"c{i}", name=f"Client {i}") for i in range(5)]


def problem(jobs: list[Job], busy: list[BusyInterval] | None = None, **rules: object) -> Problem:
    base: dict[str, object] = {"search_effort": 200, "cpsat_seconds": 0}
    base.update(rules)
    return build_problem(
        NOW,
        jobs,
        CLIENTS,
        WEEK,
        busy or [],
        PlanningRules(**base),  # type: ignore[arg-type]
        horizon_end=NOW + timedelta(days=14),
    )


def spans(
    p: Problem, order: list[str] | None = None, pacing: bool = True
) -> dict[str, list[tuple[datetime, datetime]]]:
    """Decode the jobs in the order of their keys (default: the order they were given)."""
    index = {job.key: job.index for job in p.jobs}
    sequence = [index[k] for k in order] if order is not None else list(range(len(p.jobs)))
    schedule = decode(p, sequence, pacing=pacing)
    out: dict[str, list[tuple[datetime, datetime]]] = {}
    for j, s, e in schedule.pieces:
        out.setdefault(p.jobs[j].key, []).append((p.to_datetime(s), p.to_datetime(e)))
    return out


class TestDueResolution:
    def test_saturday_due_is_friday_evening(self) -> None:
        assert resolve_due(date(2026, 12, 12), WEEK, PARIS) == at(4, "17:00")

    def test_wednesday_with_afternoon_off_is_noon(self) -> None:
        wed_morning = WorkingTime(weekly=(DAY, DAY, (DAY[0],), DAY, DAY, (), ()))
        assert resolve_due(date(2026, 12, 9), wed_morning, PARIS) == at(2, "12:00")

    def test_holiday_friday_moves_to_thursday(self) -> None:
        holiday = WorkingTime(weekly=WEEK.weekly, days_off=frozenset({date(2026, 12, 11)}))
        assert resolve_due(date(2026, 12, 11), holiday, PARIS) == at(3, "17:00")

    def test_datetime_due_is_kept(self) -> None:
        assert resolve_due(at(1, "10:15"), WEEK, PARIS) == at(1, "10:15")


class TestClientsPerDay:
    jobs = [job("a", "c0", 60, at(4, "17:00")), job("b", "c1", 60, at(4, "17:00"))]

    def test_one_client_a_day_pushes_the_second_to_tomorrow(self) -> None:
        got = spans(problem(self.jobs, max_clients_per_day=1), ["a", "b"])
        assert got["a"] == [(at(0, "09:00"), at(0, "10:00"))]
        assert got["b"] == [(at(1, "09:00"), at(1, "10:00"))]

    def test_two_clients_a_day_share_monday(self) -> None:
        got = spans(problem(self.jobs, max_clients_per_day=2), ["a", "b"])
        assert got["b"] == [(at(0, "10:00"), at(0, "11:00"))]


class TestMinimumBlock:
    busy = [BusyInterval(at(0, "09:45"), at(0, "12:00"), "dentist")]

    def test_no_block_in_a_gap_shorter_than_the_minimum(self) -> None:
        got = spans(problem([job("a", "c0", 120, at(4, "17:00"))], self.busy))
        assert got["a"] == [(at(0, "13:00"), at(0, "15:00"))]

    def test_a_small_remainder_may_use_the_gap(self) -> None:
        got = spans(problem([job("a", "c0", 45, at(4, "17:00"))], self.busy))
        assert got["a"] == [(at(0, "09:00"), at(0, "09:45"))]

    def test_no_remainder_shorter_than_the_minimum_is_left(self) -> None:
        # 90 min with 75 min before the dentist: 75 + 15 would leave a 15-min tail.
        busy = [BusyInterval(at(0, "10:15"), at(0, "12:00"), "dentist")]
        got = spans(problem([job("a", "c0", 90, at(4, "17:00"))], busy))
        assert got["a"] == [(at(0, "13:00"), at(0, "14:30"))]


class TestMeetings:
    def test_a_meeting_takes_one_contiguous_stretch(self) -> None:
        busy = [BusyInterval(at(0, "10:00"), at(0, "10:30"), "call")]
        meeting = job("m", "c0", 90, at(4, "17:00"), kind=JobKind.MEETING)
        got = spans(problem([meeting], busy))
        assert got["m"] == [(at(0, "10:30"), at(0, "12:00"))]


class TestPacing:
    jobs = [
        job("urgent", "c0", 16 * 60, at(4, "17:00")),
        job(
            "big",
            "c1",
            6 * 60,
            at(11, "17:00"),
            status=JobStatus.IN_PROGRESS,
            deadline=Deadline.SOFT,
        ),
    ]

    def worked_days(self, pacing: bool) -> set[date]:
        got = spans(problem(self.jobs), ["urgent", "big"], pacing=pacing)
        return {s.date() for s, _e in got["big"]}

    def test_a_job_in_progress_gets_a_block_every_two_working_days(self) -> None:
        days = self.worked_days(pacing=True)
        for k in range(3):  # Mon..Thu while "urgent" runs: never two days in a row without
            assert MONDAY + timedelta(days=k) in days or MONDAY + timedelta(days=k + 1) in days

    def test_without_pacing_it_waits_for_the_urgent_job(self) -> None:
        days = self.worked_days(pacing=False)
        assert min(days) >= MONDAY + timedelta(days=2)


class TestSmallJobsSitTogether:
    def jobs(self, big_due: datetime) -> list[Job]:
        return [
            job("small_a", "c0", 30, at(4, "17:00")),
            job("big", "c1", 240, big_due),
            job("small_c", "c2", 30, at(4, "17:00")),
        ]

    def test_small_jobs_of_a_day_are_grouped(self) -> None:
        got = spans(problem(self.jobs(at(4, "17:00"))), ["small_a", "big", "small_c"])
        assert got["small_a"] == [(at(0, "09:00"), at(0, "09:30"))]
        assert got["small_c"] == [(at(0, "09:30"), at(0, "10:00"))]
        assert got["big"] == [(at(0, "10:00"), at(0, "12:00")), (at(0, "13:00"), at(0, "15:00"))]

    def test_not_when_grouping_would_make_a_job_late(self) -> None:
        got = spans(problem(self.jobs(at(0, "14:30"))), ["small_a", "big", "small_c"])
        assert got["big"][-1][1] == at(0, "14:30")
        assert got["small_c"] == [(at(0, "14:30"), at(0, "15:00"))]


class TestObjective:
    def test_hard_deadline_first_then_weighted_tardiness(self) -> None:
        # 6 h of capacity on Monday morning+afternoon before 15:00; two 4-h jobs due Monday
        # 15:00: only one can be on time; the hard one must be it.
        jobs = [
            job("soft", "c0", 240, at(0, "15:00"), deadline=Deadline.SOFT),
            job("hard", "c1", 240, at(0, "15:00")),
        ]
        p = problem(jobs)
        best = optimise(p, effort=50).schedule
        finish = {p.jobs[j].key: best.completion[j] for j in range(2)}
        assert finish["hard"] is not None and p.to_datetime(finish["hard"]) <= at(0, "15:00")
        assert best.objective[0] == 0


def test_cpsat_finds_the_best_single_machine_order() -> None:
    """On a one-machine relaxation, CP-SAT's order is optimal (checked by brute force)."""
    jobs = [
        job("a", "c0", 180, at(0, "12:00"), deadline=Deadline.SOFT),
        job("b", "c1", 60, at(0, "10:00"), deadline=Deadline.SOFT),
        job("c", "c2", 120, at(0, "15:00"), deadline=Deadline.SOFT),
        job("d", "c3", 60, at(1, "10:00"), deadline=Deadline.SOFT),
    ]
    weights = {"a": 1, "b": 3, "c": 2, "d": 1}
    clients = [Client(id=f"c{i}", name=f"C{i}", importance=weights["abcd"[i]]) for i in range(4)]
    p = build_problem(
        NOW, jobs, clients, WorkingTime(weekly=((TimePeriod(time(9), time(17)),),) * 7),
        [], PlanningRules(min_block_minutes=0, cpsat_seconds=1, max_clients_per_day=4),
        horizon_end=NOW + timedelta(days=7),
    )  # fmt: skip
    # working minutes from Monday 09:00, dues in working minutes, all released at 0
    proc = {j.key: j.processing for j in p.jobs}
    due = {"a": 180, "b": 60, "c": 360, "d": 480 + 60}

    def cost(order: tuple[str, ...]) -> int:
        t = total = 0
        for k in order:
            t += proc[k]
            total += weights[k] * max(0, t - due[k])
        return total

    best = min(cost(o) for o in itertools.permutations("abcd"))
    order = polish_with_cpsat(p, list(range(4)), deterministic_seconds=5)
    assert order is not None
    assert cost(tuple(p.jobs[j].key for j in order)) == best


@pytest.mark.parametrize("n", [7, 9])
def test_search_is_deterministic(n: int) -> None:
    jobs = [job(f"j{k}", f"c{k % 5}", 60 + 30 * (k % 4), at(k % 5, "17:00")) for k in range(n)]
    p = problem(jobs, cpsat_seconds=0.2)
    first = optimise(p, effort=300)
    second = optimise(p, effort=300)
    assert first.schedule.pieces == second.schedule.pieces


class TestRegressions:
    """Named after what broke (found in review)."""

    def test_a_meeting_in_progress_is_still_one_block(self) -> None:
        meeting = job(
            "m", "c0", 180, at(4, "17:00"), kind=JobKind.MEETING, status=JobStatus.IN_PROGRESS
        )
        urgent = job("u", "c1", 6 * 60, at(0, "17:00"))
        p = problem([meeting, urgent])
        best = optimise(p, effort=50).schedule
        pieces = [(s, e) for j, s, e in best.pieces if p.jobs[j].key == "m"]
        assert len(pieces) == 1
        assert pieces[0][1] - pieces[0][0] == 180

    def test_zero_minimum_block_stays_on_the_grid(self) -> None:
        jobs = [
            job("a", "c0", 90, at(4, "17:00"), status=JobStatus.IN_PROGRESS),
            job("b", "c1", 7 * 60, at(0, "17:00")),
        ]
        p = problem(jobs, min_block_minutes=0)
        for order in (["a", "b"], ["b", "a"]):
            for spans_ in spans(p, order).values():
                for s, e in spans_:
                    assert s.minute % 15 == 0
                    assert e.minute % 15 == 0

    def test_busy_time_in_utc_across_the_spring_change(self) -> None:
        # Monday 2026-03-30 (Paris is UTC+2 since Sunday): 08:00Z-09:00Z is 10:00-11:00 Paris.
        utc = ZoneInfo("UTC")
        now = datetime(2026, 3, 30, 8, 0, tzinfo=PARIS)
        busy = [
            BusyInterval(datetime(2026, 3, 30, 8, tzinfo=utc), datetime(2026, 3, 30, 9, tzinfo=utc))
        ]
        work = job("a", "c0", 120, date(2026, 4, 3), received=date(2026, 3, 1))
        p = build_problem(
            now, [work], CLIENTS, WEEK, busy, PlanningRules(cpsat_seconds=0),
            horizon_end=now + timedelta(days=7),
        )  # fmt: skip
        schedule = decode(p, [0])
        got = [(p.to_datetime(s), p.to_datetime(e)) for _j, s, e in schedule.pieces]
        paris = ZoneInfo("Europe/Paris")
        assert got == [
            (datetime(2026, 3, 30, 9, tzinfo=paris), datetime(2026, 3, 30, 10, tzinfo=paris)),
            (datetime(2026, 3, 30, 11, tzinfo=paris), datetime(2026, 3, 30, 12, tzinfo=paris)),
        ]

    def test_pacing_gives_way_to_a_job_due_the_same_day(self) -> None:
        # Tuesday: "big" (in progress) needs its pacing block, but "urgent" needs all 7 h of
        # Tuesday by 17:00. The pacing block must give way, and pacing stays on otherwise.
        jobs = [
            job(
                "big",
                "c0",
                10 * 60,
                at(11, "17:00"),
                status=JobStatus.IN_PROGRESS,
                deadline=Deadline.SOFT,
            ),
            job("monday", "c1", 7 * 60, at(0, "17:00")),
            job("urgent", "c2", 7 * 60, at(1, "17:00")),
        ]
        p = problem(jobs)
        schedule = decode(p, [j.index for j in sorted(p.jobs, key=lambda j: j.due)])
        assert schedule.objective[0] == 0  # no hard deadline missed
        finish = {p.jobs[j].key: schedule.completion[j] for j in range(3)}
        assert p.to_datetime(finish["urgent"]) == at(1, "17:00")


class TestWarmStart:
    jobs = [
        job(f"j{k}", f"c{k % 5}", 60 + 45 * (k % 5), at(k % 5, "17:00"), deadline=Deadline.SOFT)
        for k in range(12)
    ]
    rules = PlanningRules(search_effort=400, cpsat_seconds=0)

    def test_replanning_the_same_input_from_its_own_order_is_no_worse(self) -> None:
        first = make_plan(NOW, self.jobs, CLIENTS, WEEK, [], self.rules)
        again = make_plan(NOW, self.jobs, CLIENTS, WEEK, [], self.rules, previous_order=first.order)
        assert sorted(first.order) == sorted(j.id for j in self.jobs)
        assert again.objective <= first.objective

    def test_a_new_job_is_slotted_in_and_planned(self) -> None:
        first = make_plan(NOW, self.jobs, CLIENTS, WEEK, [], self.rules)
        new = job("new", "c0", 60, at(0, "17:00"))
        again = make_plan(
            NOW, [*self.jobs, new], CLIENTS, WEEK, [], self.rules, previous_order=first.order
        )
        assert "new" in again.order
        outcome = next(o for o in again.outcomes if o.job_id == "new")
        assert outcome.planned_minutes == 60
        assert not outcome.late  # a 1-hour hard job due tonight fits on Monday


def test_a_due_date_centuries_ahead_does_not_stretch_the_horizon() -> None:
    """Regression: a job due in 2926 made the horizon 900 years long (the CLI hung)."""
    far = job("far", "c0", 120, date(2926, 12, 31), deadline=Deadline.SOFT)
    p = build_problem(NOW, [far], CLIENTS, WEEK, [], PlanningRules(cpsat_seconds=0))
    assert p.horizon <= (MAX_HORIZON_DAYS + 8) * 24 * 60
    schedule = decode(p, [0])
    assert p.to_datetime(schedule.pieces[0][1]) == at(0, "09:00")


class TestEjectionChain:
    """Stability: a job short of time takes the place of a block of lower priority, which
    moves on in turn (``Release.chain``), instead of every day in between being re-laid.

    The previous plan fills Monday to Thursday (09:00-12:00, 13:00-17:00) and Friday
    morning; Friday afternoon is free. A new 1-hour job due Monday evening has no room: it
    takes the first hour of the Monday afternoon block of ``b`` (due Thursday); ``b``'s
    hour left takes the first hour of Tuesday afternoon's block of ``d`` (due Friday
    evening), whose hour left waits for Friday afternoon, free time before its due time.
    Two previous blocks change; Wednesday and Thursday are not touched.
    """

    base = [
        job("a", "c0", 180, at(0, "12:00")),
        job("b", "c1", 240, at(3, "17:00")),
        job("c", "c2", 180, at(1, "12:00")),
        job("e", "c0", 420, at(2, "17:00")),
        job("f", "c1", 420, at(3, "17:00")),
        job("g", "c2", 180, at(4, "12:00")),
        job("d", "c3", 240, at(4, "17:00")),
        job("n", "c4", 60, at(0, "17:00")),
    ]
    previous = {
        "a": [(0, "09:00", "12:00")],
        "b": [(0, "13:00", "17:00")],
        "c": [(1, "09:00", "12:00")],
        "d": [(1, "13:00", "17:00")],
        "e": [(2, "09:00", "12:00"), (2, "13:00", "17:00")],
        "f": [(3, "09:00", "12:00"), (3, "13:00", "17:00")],
        "g": [(4, "09:00", "12:00")],
    }

    def decoded(
        self, jobs: list[Job], previous: dict[str, list[tuple[int, str, str]]], chain: bool
    ) -> tuple[Problem, Schedule]:
        p = problem(jobs, attention_working_days=0, small_job_minutes=0)
        index = {j.key: j.index for j in p.jobs}

        def minute(day: int, clock: str) -> int:
            return int((at(day, clock) - p.origin).total_seconds() // 60)

        by_day: dict[int, list[tuple[int, int, int]]] = {}
        for key, pieces in previous.items():
            for day, start, end in pieces:
                by_day.setdefault(day, []).append(
                    (index[key], minute(day, start), minute(day, end))
                )
        before = Previous({d: tuple(sorted(v, key=lambda x: x[1])) for d, v in by_day.items()})
        # by due time: a, n, c, e, b, f, g, d (h, in progress, last)
        order = sorted(range(len(p.jobs)), key=lambda j: (p.jobs[j].in_progress, p.jobs[j].due))
        return p, decode(p, order, previous=before, release=Release(chain=chain))

    def blocks(self, p: Problem, schedule: Schedule) -> dict[str, list[tuple[datetime, datetime]]]:
        out: dict[str, list[tuple[datetime, datetime]]] = {}
        for j, s, e in schedule.pieces:
            out.setdefault(p.jobs[j].key, []).append((p.to_datetime(s), p.to_datetime(e)))
        return out

    def test_the_new_job_displaces_along_a_chain_and_two_blocks_change(self) -> None:
        p, schedule = self.decoded(self.base, self.previous, chain=True)
        got = self.blocks(p, schedule)
        assert got["n"] == [(at(0, "13:00"), at(0, "14:00"))]
        assert got["b"] == [(at(0, "14:00"), at(0, "17:00")), (at(1, "13:00"), at(1, "14:00"))]
        assert got["d"] == [(at(1, "14:00"), at(1, "17:00")), (at(4, "13:00"), at(4, "14:00"))]
        for key in ("a", "c", "e", "f", "g"):  # untouched
            assert got[key] == [(at(d, s), at(d, e)) for d, s, e in self.previous[key]]
        late_hard, _penalty, tardiness, changed, _blocks, misses = schedule.objective
        assert (late_hard, tardiness, changed, misses) == (0, 0, 2, 0)

    def test_without_the_chain_the_new_job_waits_for_free_time_and_is_late(self) -> None:
        p, schedule = self.decoded(self.base, self.previous, chain=False)
        assert self.blocks(p, schedule)["n"] == [(at(4, "13:00"), at(4, "14:00"))]
        assert schedule.objective[0] == 1  # its promise is broken

    def test_a_block_whose_loss_costs_a_pacing_miss_is_passed_over(self) -> None:
        """``h`` (in progress, lowest priority) has Tuesday morning instead of ``c``;
        taking it from ``h`` would leave it without the block the pacing rule owes it on
        Tuesday: ``d`` gives way instead."""
        h = job("h", "c2", 180, at(4, "17:00"), status=JobStatus.IN_PROGRESS)
        jobs = [j for j in self.base if j.id != "c"] + [h]
        previous = {k: v for k, v in self.previous.items() if k != "c"}
        previous["h"] = [(1, "09:00", "12:00")]
        p, schedule = self.decoded(jobs, previous, chain=True)
        got = self.blocks(p, schedule)
        assert got["h"] == [(at(1, "09:00"), at(1, "12:00"))]
        assert got["b"][1] == (at(1, "13:00"), at(1, "14:00"))
        assert got["d"][0] == (at(1, "14:00"), at(1, "17:00"))
        assert schedule.objective[3] == 2

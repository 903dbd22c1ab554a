"""Time entries through the services: the timer, logs, edits and deletions, and what they
do to a job's time spent, work left and plan.

Every figure is worked out by hand from the times given (Paris time, default working hours
09:00-12:30 and 13:30-17:30 on weekdays), never read back from the program.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path

import pytest

from creneau.bootstrap import open_services
from creneau.domain.errors import EstimateUsed, InputError, NotFoundError, TimerNeedsConfirmation
from creneau.domain.models import Deadline, Job, JobStatus
from creneau.services.catalog import add_client, add_job, edit_job, set_job_status, set_setting
from creneau.services.context import ServiceContext
from creneau.services.planning import after_change, compute_plan
from creneau.services.timesheet import (
    delete_entry,
    edit_entry,
    list_entries,
    log_time,
    start_timer,
    stop_timer,
)
from tests.conftest import PARIS

MONDAY = date(2026, 11, 30)
TUESDAY = date(2026, 12, 1)
WEDNESDAY = date(2026, 12, 2)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=PARIS)


@pytest.fixture
def ctx(tmp_path: Path) -> ServiceContext:
    """One client with four jobs: "Saisie" (6 h, 30 min already spent), "Relances" (2 h),
    "Archives" (10 h, re-estimated at 3 h left) and "Inventaire" (40 h, due in January)."""
    services = open_services(tmp_path / "data")
    add_client(services, name="Atelier Test")
    common = {"received": MONDAY, "due": date(2026, 12, 18), "deadline": Deadline.HARD}
    add_job(services, "Atelier", title="Saisie", effort_minutes=360, spent_minutes=30, **common)
    add_job(services, "Atelier", title="Relances", effort_minutes=120, **common)
    add_job(
        services,
        "Atelier",
        title="Archives",
        effort_minutes=600,
        spent_minutes=420,
        remaining_minutes=180,
        status=JobStatus.IN_PROGRESS,
        **common,
    )
    add_job(
        services,
        "Atelier",
        title="Inventaire",
        effort_minutes=40 * 60,
        received=MONDAY,
        due=date(2027, 1, 29),
    )
    return services


def job(ctx: ServiceContext, title: str) -> Job:
    with ctx.uow() as uow:
        return next(j for j in uow.jobs.list() if j.title == title)


def stored_state(ctx: ServiceContext) -> tuple[object, ...]:
    with ctx.uow() as uow:
        return (tuple(uow.time_entries.list()), tuple(uow.jobs.list()))


# --- the timer ------------------------------------------------------------------------


def test_start_stop_and_switch_record_the_time_spent(ctx: ServiceContext) -> None:
    first = start_timer(ctx, "saisie", at(TUESDAY, 9))
    assert first.entry.running and first.stopped is None
    assert job(ctx, "Saisie").spent_minutes == 30  # a running timer counts once stopped
    assert job(ctx, "Saisie").status is JobStatus.IN_PROGRESS  # she started it

    stopped = stop_timer(ctx, at(TUESDAY, 10, 30))
    assert stopped.entry.minutes == 90 and stopped.minutes == 90
    assert job(ctx, "Saisie").spent_minutes == 30 + 90

    start_timer(ctx, "saisie", at(TUESDAY, 11))
    switched = start_timer(ctx, "relances", at(TUESDAY, 11, 45))
    assert switched.stopped is not None
    assert switched.stopped.entry.job_id == job(ctx, "Saisie").id
    assert switched.stopped.minutes == 45  # 11:00-11:45, recorded by the switch
    assert job(ctx, "Saisie").spent_minutes == 30 + 90 + 45
    assert switched.entry.running and switched.entry.job_id == job(ctx, "Relances").id

    again = start_timer(ctx, "relances", at(TUESDAY, 12))
    assert again.already and again.entry.id == switched.entry.id

    stop_timer(ctx, at(TUESDAY, 12, 15))
    assert job(ctx, "Relances").spent_minutes == 30
    lines = list_entries(ctx, at(TUESDAY, 13))
    assert [(line.job.title, line.minutes, line.entry.source) for line in lines] == [
        ("Saisie", 90, "timer"),
        ("Saisie", 45, "timer"),
        ("Relances", 30, "timer"),
    ]
    assert len({line.entry.id for line in lines}) == 3


def test_stop_without_a_timer_is_refused(ctx: ServiceContext) -> None:
    with pytest.raises(InputError, match="no timer"):
        stop_timer(ctx, at(TUESDAY, 9))


def test_a_running_timer_counts_up_to_now_in_the_list(ctx: ServiceContext) -> None:
    start_timer(ctx, "saisie", at(TUESDAY, 9))
    (line,) = list_entries(ctx, at(TUESDAY, 9, 40), "saisie")
    assert line.entry.running and line.minutes == 40


def test_a_timer_over_midnight_is_not_counted_without_her_word(ctx: ServiceContext) -> None:
    start_timer(ctx, "saisie", at(TUESDAY, 17))
    before = stored_state(ctx)
    with pytest.raises(TimerNeedsConfirmation) as caught:
        stop_timer(ctx, at(WEDNESDAY, 8))
    assert caught.value.reason == "midnight"
    assert caught.value.minutes == 15 * 60  # 17:00 to 08:00
    assert caught.value.field == "--yes"
    assert "--end" in str(caught.value) and "--duration" in str(caught.value)
    assert stored_state(ctx) == before  # still running, nothing counted

    # the real end, as a time of day: its first occurrence after the start (Tuesday 18:00)
    stopped = stop_timer(ctx, at(WEDNESDAY, 8), end=time(18, 0))
    assert stopped.entry.end == at(TUESDAY, 18)
    assert job(ctx, "Saisie").spent_minutes == 30 + 60


def test_a_confirmed_or_corrected_timer_counts(ctx: ServiceContext) -> None:
    start_timer(ctx, "saisie", at(TUESDAY, 17))
    # 15 h on a 6 h job: an overrun too, so the work left comes with it
    assert stop_timer(ctx, at(WEDNESDAY, 8), confirm=True, remaining=240).minutes == 15 * 60
    start_timer(ctx, "saisie", at(WEDNESDAY, 17))
    assert stop_timer(ctx, at(date(2026, 12, 3), 8), minutes=150).minutes == 150
    after = job(ctx, "Saisie")
    assert after.spent_minutes == 30 + 900 + 150
    assert after.remaining_minutes == 240 - 150


def test_a_timer_past_ten_hours_needs_confirmation(ctx: ServiceContext) -> None:
    start_timer(ctx, "inventaire", at(TUESDAY, 7))
    with pytest.raises(TimerNeedsConfirmation) as caught:
        stop_timer(ctx, at(TUESDAY, 17, 1))  # 10 h 01
    assert caught.value.reason == "long" and caught.value.minutes == 601
    # exactly ten hours is plausible: counted without a question
    assert stop_timer(ctx, at(TUESDAY, 17)).minutes == 600
    assert job(ctx, "Inventaire").spent_minutes == 600


def test_a_corrected_end_must_be_after_the_start_and_not_after_now(ctx: ServiceContext) -> None:
    start_timer(ctx, "saisie", at(TUESDAY, 9))
    with pytest.raises(InputError) as late:
        stop_timer(ctx, at(TUESDAY, 10), end=at(TUESDAY, 11))
    assert late.value.field == "--end"
    with pytest.raises(InputError) as long:
        stop_timer(ctx, at(TUESDAY, 10), minutes=90)
    assert long.value.field == "--duration"
    with pytest.raises(InputError) as both:
        stop_timer(ctx, at(TUESDAY, 10), end=time(9, 30), minutes=30)
    assert both.value.field == "--end"
    assert list_entries(ctx, at(TUESDAY, 10))[0].entry.running


# --- logs -----------------------------------------------------------------------------


def test_a_log_starts_with_her_first_working_period(ctx: ServiceContext) -> None:
    set_setting(ctx, "hours.tue", "08:15-12:00,13:00-17:00")
    tuesday = log_time(ctx, "saisie", 90, at(WEDNESDAY, 10), on=TUESDAY)
    assert (tuesday.entry.start, tuesday.entry.end) == (at(TUESDAY, 8, 15), at(TUESDAY, 9, 45))
    assert tuesday.entry.source == "log"
    saturday = log_time(ctx, "saisie", 60, at(WEDNESDAY, 10), on=date(2026, 11, 28))
    assert saturday.entry.start == at(date(2026, 11, 28), 9)  # no working period: 09:00
    given = log_time(ctx, "saisie", 45, at(WEDNESDAY, 10), on=TUESDAY, at=time(14, 0))
    assert (given.entry.start, given.entry.end) == (at(TUESDAY, 14), at(TUESDAY, 14, 45))
    # today at 10:00, with 08:15-09:45 taken: from 08:15 on only 09:45-10:00 is free, so
    # the 2 h go at the end of the latest free stretch long enough: 06:15-08:15
    today = log_time(ctx, "saisie", 120, at(TUESDAY, 10))
    assert (today.entry.start, today.entry.end) == (at(TUESDAY, 6, 15), at(TUESDAY, 8, 15))
    assert job(ctx, "Saisie").spent_minutes == 30 + 90 + 60 + 45 + 120


@pytest.mark.parametrize(
    ("minutes", "options", "field"),
    [
        (0, {}, "DURATION"),
        (24 * 60 + 1, {}, "DURATION"),
        (60, {"on": WEDNESDAY}, "--on"),  # tomorrow
        (60, {"at": time(9, 30)}, "--at"),  # 09:30-10:30 ends after now (10:00)
    ],
)
def test_a_bad_log_is_refused_and_nothing_is_stored(
    ctx: ServiceContext, minutes: int, options: dict[str, object], field: str
) -> None:
    before = stored_state(ctx)
    with pytest.raises(InputError) as caught:
        log_time(ctx, "saisie", minutes, at(TUESDAY, 10), **options)  # type: ignore[arg-type]
    assert caught.value.field == field
    assert stored_state(ctx) == before


def test_an_unknown_job_is_refused(ctx: ServiceContext) -> None:
    with pytest.raises(NotFoundError):
        log_time(ctx, "nothing like it", 60, at(TUESDAY, 10))
    assert list_entries(ctx, at(TUESDAY, 10)) == []


# --- the time-spent rule --------------------------------------------------------------


def test_every_entry_change_moves_the_time_spent(ctx: ServiceContext) -> None:
    now = at(WEDNESDAY, 18)
    logged = log_time(ctx, "saisie", 60, now, on=TUESDAY, at=time(9, 0))
    assert job(ctx, "Saisie").spent_minutes == 30 + 60
    longer = edit_entry(ctx, logged.entry.id, now, minutes=100)
    assert longer.minutes == 40 and longer.entry.end == at(TUESDAY, 10, 40)
    assert job(ctx, "Saisie").spent_minutes == 30 + 100
    later = edit_entry(ctx, logged.entry.id, now, start=time(10, 0))  # the end stays
    assert later.minutes == -60 and later.entry.start == at(TUESDAY, 10)
    assert job(ctx, "Saisie").spent_minutes == 30 + 40
    to_end = edit_entry(ctx, logged.entry.id, now, end=time(12, 0))
    assert to_end.entry.minutes == 120 and job(ctx, "Saisie").spent_minutes == 30 + 120
    gone = delete_entry(ctx, logged.entry.id)
    assert gone.minutes == -120
    assert job(ctx, "Saisie").spent_minutes == 30  # back to the time spent before Créneau
    assert list_entries(ctx, now) == []


def test_the_time_spent_never_goes_below_zero(ctx: ServiceContext) -> None:
    logged = log_time(ctx, "relances", 60, at(TUESDAY, 18), on=TUESDAY)
    relances = job(ctx, "Relances")
    with ctx.uow() as uow:  # an odd stored state: less time spent than the entry
        uow.jobs.update(dataclasses.replace(relances, spent_minutes=10))
    delete_entry(ctx, logged.entry.id)
    assert job(ctx, "Relances").spent_minutes == 0


def test_a_bad_entry_edit_stores_nothing(ctx: ServiceContext) -> None:
    now = at(WEDNESDAY, 18)
    logged = log_time(ctx, "saisie", 60, now, on=TUESDAY, at=time(9, 0))
    before = stored_state(ctx)
    for options, field in (
        ({"end": time(8, 0), "minutes": 30}, "--end"),
        ({"start": at(date(2026, 12, 3), 9)}, "--start"),  # after now
        ({"end": at(TUESDAY, 8)}, "--end"),  # before the start
        ({"minutes": 60 * 40}, "--duration"),  # ends after now
    ):
        with pytest.raises(InputError) as caught:
            edit_entry(ctx, logged.entry.id, now, **options)  # type: ignore[arg-type]
        assert caught.value.field == field, options
    with pytest.raises(NotFoundError):
        edit_entry(ctx, "t-none", now, minutes=30)
    with pytest.raises(InputError):
        edit_entry(ctx, logged.entry.id, now)  # nothing to change
    assert stored_state(ctx) == before


def test_edit_spent_sets_the_total_never_below_the_entries(ctx: ServiceContext) -> None:
    log_time(ctx, "saisie", 90, at(TUESDAY, 18), on=TUESDAY)
    with pytest.raises(InputError) as caught:
        edit_job(ctx, "saisie", {"spent_minutes": 60})
    assert caught.value.field == "spent"
    edit_job(ctx, "saisie", {"spent_minutes": 150})
    assert job(ctx, "Saisie").spent_minutes == 150  # 60 outside Créneau + 90 logged


# --- work left, overruns --------------------------------------------------------------


def test_logged_time_reduces_a_re_estimate_and_a_deletion_gives_it_back(
    ctx: ServiceContext,
) -> None:
    now = at(WEDNESDAY, 18)
    logged = log_time(ctx, "archives", 60, now, on=TUESDAY)
    after = job(ctx, "Archives")
    assert (after.spent_minutes, after.remaining_minutes) == (420 + 60, 180 - 60)
    edit_entry(ctx, logged.entry.id, now, minutes=90)
    assert job(ctx, "Archives").remaining_minutes == 180 - 90
    delete_entry(ctx, logged.entry.id)
    back = job(ctx, "Archives")
    assert (back.spent_minutes, back.remaining_minutes) == (420, 180)


def test_an_overrun_needs_the_work_left_and_stores_nothing_without_it(
    ctx: ServiceContext,
) -> None:
    # Saisie: 6 h estimated, 30 min spent; 5 h 30 logged reach the estimate
    before = stored_state(ctx)
    with pytest.raises(EstimateUsed) as caught:
        log_time(ctx, "saisie", 330, at(TUESDAY, 18), on=TUESDAY)
    assert caught.value.field == "--remaining"
    assert (caught.value.spent_minutes, caught.value.effort_minutes) == (360, 360)
    assert not caught.value.re_estimate_used
    assert stored_state(ctx) == before
    log_time(ctx, "saisie", 330, at(TUESDAY, 18), on=TUESDAY, remaining=120)
    after = job(ctx, "Saisie")
    assert (after.spent_minutes, after.remaining_effort_minutes) == (360, 120)


def test_using_up_a_re_estimate_is_an_overrun_too(ctx: ServiceContext) -> None:
    start_timer(ctx, "archives", at(TUESDAY, 9))
    with pytest.raises(EstimateUsed) as caught:
        stop_timer(ctx, at(TUESDAY, 12))  # the 3 h left she gave, used up
    assert caught.value.re_estimate_used
    assert list_entries(ctx, at(TUESDAY, 12))[0].entry.running  # nothing stored
    stop_timer(ctx, at(TUESDAY, 12), remaining=60)
    assert job(ctx, "Archives").remaining_effort_minutes == 60


def test_a_finished_job_takes_late_time_without_a_question(ctx: ServiceContext) -> None:
    set_job_status(ctx, "relances", JobStatus.DONE, today=TUESDAY)
    log_time(ctx, "relances", 180, at(TUESDAY, 18), on=TUESDAY)  # over its 2 h: no overrun
    assert job(ctx, "Relances").spent_minutes == 180


def test_logged_time_shrinks_the_jobs_blocks_in_the_next_plan(ctx: ServiceContext) -> None:
    now = at(MONDAY, 8, 30)
    relances = job(ctx, "Relances").id

    def planned() -> int:
        report = compute_plan(ctx, now)
        return sum(b.minutes for b in report.plan.blocks if b.job_id == relances)

    assert planned() == 120  # 2 h estimated, nothing spent
    _recorded, report = after_change(
        ctx, now, lambda: log_time(ctx, "relances", 45, now, on=date(2026, 11, 27))
    )
    assert sum(b.minutes for b in report.plan.blocks if b.job_id == relances) == 120 - 45
    assert planned() == 75


# --- delivery date --------------------------------------------------------------------


def test_job_done_records_the_delivery_day_and_reopening_clears_it(
    ctx: ServiceContext,
) -> None:
    done = set_job_status(ctx, "relances", JobStatus.DONE, today=TUESDAY)
    assert done.done_on == TUESDAY
    report = compute_plan(ctx, at(TUESDAY, 9))
    assert done.id not in {b.job_id for b in report.plan.blocks}  # its blocks are freed
    reopened = edit_job(ctx, "relances", {"status": JobStatus.IN_PROGRESS}, today=WEDNESDAY)
    assert reopened.done_on is None
    again = set_job_status(ctx, "relances", JobStatus.DONE, today=WEDNESDAY)
    assert again.done_on == WEDNESDAY
    # editing something else keeps the delivery day
    assert edit_job(ctx, "relances", {"notes": "livré"}).done_on == WEDNESDAY


def test_time_entries_are_in_real_minutes_across_a_clock_change(ctx: ServiceContext) -> None:
    # Sunday 25 October 2026, Paris: 03:00 summer time becomes 02:00 winter time
    sunday = date(2026, 10, 25)
    logged = log_time(ctx, "saisie", 180, at(sunday, 18), on=sunday, at=time(1, 0))
    assert logged.entry.minutes == 180
    assert logged.entry.end is not None
    assert logged.entry.end.astimezone(PARIS).time() == time(3, 0)  # 01:00 + 3 h real time
    assert job(ctx, "Saisie").spent_minutes == 30 + 180  # not the 2 h the wall clock shows


def test_a_log_in_the_repeated_hour_when_the_clocks_go_back(ctx: ServiceContext) -> None:
    # 25 October 2026: 03:00 CEST becomes 02:00 CET; 02:30 is its first occurrence
    # (CEST, 00:30 UTC) and one hour later the wall clock reads 02:30 again (CET)
    logged = log_time(ctx, "saisie", 60, at(WEDNESDAY, 10), on=date(2026, 10, 25), at=time(2, 30))
    assert logged.entry.minutes == 60
    assert logged.entry.start.astimezone(UTC) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert logged.entry.end is not None
    assert logged.entry.end.astimezone(UTC) == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)


# --- one thing at a time ----------------------------------------------------------------


def test_logs_of_one_day_follow_each_other(ctx: ServiceContext) -> None:
    # default hours start at 09:00: 1 h 30 takes 09:00-10:30, then 45 min 10:30-11:15
    first = log_time(ctx, "saisie", 90, at(WEDNESDAY, 18), on=TUESDAY)
    second = log_time(ctx, "relances", 45, at(WEDNESDAY, 18), on=TUESDAY)
    assert (first.entry.start, first.entry.end) == (at(TUESDAY, 9), at(TUESDAY, 10, 30))
    assert (second.entry.start, second.entry.end) == (at(TUESDAY, 10, 30), at(TUESDAY, 11, 15))


def test_an_entry_that_overlaps_another_is_refused_and_nothing_stored(
    ctx: ServiceContext,
) -> None:
    kept = log_time(ctx, "saisie", 120, at(WEDNESDAY, 18), on=TUESDAY, at=time(14, 0))
    before = stored_state(ctx)
    with pytest.raises(InputError) as logged:  # 15:30-16:30 is inside 14:00-16:00
        log_time(ctx, "relances", 60, at(WEDNESDAY, 18), on=TUESDAY, at=time(15, 30))
    assert logged.value.field == "--at"
    assert kept.entry.id in str(logged.value)
    other = log_time(ctx, "relances", 60, at(WEDNESDAY, 18), on=TUESDAY, at=time(16, 0))
    assert other.entry.start == at(TUESDAY, 16)  # touching is not overlapping
    after_other = stored_state(ctx)
    with pytest.raises(InputError) as edited:  # moving its start to 15:00 overlaps 14:00-16:00
        edit_entry(ctx, other.entry.id, at(WEDNESDAY, 18), start=time(15, 0))
    assert edited.value.field == "--start"
    assert stored_state(ctx) == after_other
    assert before != after_other


def test_a_log_over_the_running_timer_is_refused(ctx: ServiceContext) -> None:
    start_timer(ctx, "saisie", at(TUESDAY, 9))
    with pytest.raises(InputError) as logged:  # the timer has run since 09:00
        log_time(ctx, "relances", 30, at(TUESDAY, 11), at=time(10, 0))
    assert logged.value.field == "--at"
    # without --at nothing is free between 09:00 and now, so 30 min before 09:00
    early = log_time(ctx, "relances", 30, at(TUESDAY, 11))
    assert (early.entry.start, early.entry.end) == (at(TUESDAY, 8, 30), at(TUESDAY, 9))


def test_an_edit_to_more_than_a_day_is_refused(ctx: ServiceContext) -> None:
    entry = log_time(ctx, "saisie", 60, at(WEDNESDAY, 18), on=MONDAY).entry
    with pytest.raises(InputError) as edited:  # 25 h
        edit_entry(ctx, entry.id, at(WEDNESDAY, 18), minutes=25 * 60)
    assert edited.value.field == "--duration"
    assert "24h" in str(edited.value)


def test_a_day_without_a_free_stretch_long_enough_asks_for_the_start(
    ctx: ServiceContext,
) -> None:
    # 00:00-23:00 taken on Monday: only 23:00-24:00 is free, so 2 h do not fit
    log_time(ctx, "inventaire", 23 * 60, at(WEDNESDAY, 18), on=MONDAY, at=time(0, 0))
    before = stored_state(ctx)
    with pytest.raises(InputError) as full:
        log_time(ctx, "relances", 120, at(WEDNESDAY, 18), on=MONDAY)
    assert full.value.field == "DURATION"
    assert "--at" in str(full.value)
    assert stored_state(ctx) == before
    last = log_time(ctx, "relances", 60, at(WEDNESDAY, 18), on=MONDAY)
    assert (last.entry.start, last.entry.end) == (at(MONDAY, 23), at(TUESDAY, 0))


# --- what would leave the plan or lose time -------------------------------------------


def test_a_work_left_of_zero_on_a_job_not_done_is_refused(ctx: ServiceContext) -> None:
    before = stored_state(ctx)
    with pytest.raises(InputError, match="mark it done") as logged:
        log_time(ctx, "relances", 60, at(WEDNESDAY, 18), on=TUESDAY, remaining=0)
    assert logged.value.field == "--remaining"
    with pytest.raises(InputError, match="mark it done") as edited:
        edit_job(ctx, "Relances", {"remaining_minutes": 0})
    assert edited.value.field == "remaining"
    assert stored_state(ctx) == before


def test_a_job_is_not_closed_under_its_running_timer(ctx: ServiceContext) -> None:
    start_timer(ctx, "saisie", at(TUESDAY, 9))
    for status in (JobStatus.DONE, JobStatus.CANCELLED):
        with pytest.raises(InputError, match="stop it first") as caught:
            set_job_status(ctx, "saisie", status, today=TUESDAY)
        assert caught.value.field == "status"
    assert job(ctx, "Saisie").status is JobStatus.IN_PROGRESS
    stop_timer(ctx, at(TUESDAY, 10))
    assert set_job_status(ctx, "saisie", JobStatus.DONE, today=TUESDAY).spent_minutes == 90


def test_no_timer_on_a_closed_job(ctx: ServiceContext) -> None:
    set_job_status(ctx, "relances", JobStatus.CANCELLED)
    with pytest.raises(InputError, match="cancelled") as caught:
        start_timer(ctx, "relances", at(TUESDAY, 9))
    assert caught.value.field == "JOB"
    assert list_entries(ctx, at(TUESDAY, 9)) == []


def test_a_job_has_a_price_or_an_hourly_rate_not_both(ctx: ServiceContext) -> None:
    edit_job(ctx, "Relances", {"price": Decimal("80")})
    with pytest.raises(InputError, match="not both") as caught:
        edit_job(ctx, "Relances", {"hourly_rate": Decimal("30")})
    assert caught.value.field == "hourly_rate"
    with pytest.raises(InputError, match="not both") as added:
        add_job(
            ctx,
            "Atelier",
            title="Devis",
            effort_minutes=60,
            received=MONDAY,
            due=WEDNESDAY,
            price=Decimal("50"),
            hourly_rate=Decimal("30"),
        )
    assert added.value.field == "hourly_rate"  # both given: the rate is named
    assert job(ctx, "Relances").hourly_rate is None
    # switching from one to the other clears the first
    switched = edit_job(ctx, "Relances", {"price": None, "hourly_rate": Decimal("30")})
    assert (switched.price, switched.hourly_rate) == (None, Decimal("30"))

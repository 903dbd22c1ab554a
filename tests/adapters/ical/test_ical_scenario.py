"""The scenario's agenda.ics, end to end through the codec.

Every expected time is worked out by hand from the file and RFC 5545, never copied
from the output. Europe/Paris is UTC+1 (CET) from 25 October 2026 to 28 March 2027,
so the whole window below is in CET.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from creneau.adapters.ical import ICalendarCodec
from creneau.domain.models import BusyInterval

PARIS = ZoneInfo("Europe/Paris")

SCHOOL = "school-pickup-0001@agenda.example"
CALL = "weekly-call-0002@agenda.example"
TRELAZE = "meeting-trelaze-0003@agenda.example"
DENTIST = "dentist-0004@agenda.example"
HOLIDAYS = "holidays-0005@agenda.example"
BIRTHDAY = "birthday-0006@agenda.example"
TRAINING = "training-0007@agenda.example"
CANCELLED = "cancelled-0008@agenda.example"

# "Now" in the scenario is Monday 2026-11-30; the window runs five weeks.
START = datetime(2026, 11, 30, tzinfo=PARIS)
END = datetime(2027, 1, 4, tzinfo=PARIS)


def paris(month: int, day: int, hour: int = 0, minute: int = 0, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=PARIS)


def spans(busy: list[BusyInterval], uid: str) -> list[tuple[datetime, datetime]]:
    return [(b.start, b.end) for b in busy if b.uid == uid]


@pytest.fixture
def busy(codec: ICalendarCodec, agenda: bytes) -> list[BusyInterval]:
    parsed = codec.parse(agenda, "agenda.ics", PARIS)
    assert parsed.warnings == []
    return codec.busy_between(parsed.records, START, END, PARIS)


def test_the_scenario_file_is_found(ics) -> None:
    assert ics.scenario_path.is_file(), ics.scenario_path


# School pickup: weekly MO,TU,TH,FR 16:30-17:15 Paris, EXDATE 2026-12-04 16:30 (§3.8.5.1).
@pytest.mark.parametrize("day", [30, 1, 3], ids=["mon-11-30", "tue-12-01", "thu-12-03"])
def test_school_pickup_blocks_1630_to_1715(busy: list[BusyInterval], day: int) -> None:
    month = 11 if day == 30 else 12
    assert (paris(month, day, 16, 30), paris(month, day, 17, 15)) in spans(busy, SCHOOL)


def test_school_pickup_is_not_on_the_exdate_friday(busy: list[BusyInterval]) -> None:
    assert [s for s in spans(busy, SCHOOL) if s[0].date() == paris(12, 4).date()] == []


def test_school_pickup_is_never_on_wednesday_nor_the_weekend(busy: list[BusyInterval]) -> None:
    assert {start.weekday() for start, _ in spans(busy, SCHOOL)} == {0, 1, 3, 4}


def test_school_pickup_count_over_five_weeks(busy: list[BusyInterval]) -> None:
    # Four days a week for five weeks (30 Nov to 1 Jan), minus the EXDATE of 4 Dec.
    assert len(spans(busy, SCHOOL)) == 4 * 5 - 1


def test_weekly_call_moved_on_7_december(busy: list[BusyInterval]) -> None:
    calls = spans(busy, CALL)
    assert (paris(12, 7, 14), paris(12, 7, 14, 30)) in calls
    assert (paris(12, 7, 9), paris(12, 7, 9, 30)) not in calls


def test_weekly_call_until_is_inclusive(busy: list[BusyInterval]) -> None:
    # UNTIL=20261221T080000Z is 09:00 CET: the 21 December occurrence is the last one
    # (§3.3.10: UNTIL bounds the recurrence inclusively); none on 28 December.
    assert spans(busy, CALL) == [
        (paris(11, 30, 9), paris(11, 30, 9, 30)),
        (paris(12, 7, 14), paris(12, 7, 14, 30)),
        (paris(12, 14, 9), paris(12, 14, 9, 30)),
        (paris(12, 21, 9), paris(12, 21, 9, 30)),
    ]


def test_weekly_call_takes_its_length_from_duration(busy: list[BusyInterval]) -> None:
    # DURATION:PT30M on the master (§3.8.2.5); the override has its own DTEND.
    assert all(end - start == timedelta(minutes=30) for start, end in spans(busy, CALL))


def test_training_given_in_utc_is_1400_to_1700_paris(busy: list[BusyInterval]) -> None:
    [(start, end)] = spans(busy, TRAINING)
    assert (start, end) == (paris(12, 10, 14), paris(12, 10, 17))
    assert start.astimezone(UTC) == datetime(2026, 12, 10, 13, tzinfo=UTC)


def test_holidays_block_24_december_to_3_january(busy: list[BusyInterval]) -> None:
    # DTSTART;VALUE=DATE:20261224, DTEND;VALUE=DATE:20270103 (exclusive, §3.6.1).
    assert spans(busy, HOLIDAYS) == [(paris(12, 24), paris(1, 3, year=2027))]


def test_transparent_birthday_is_not_busy(busy: list[BusyInterval]) -> None:
    assert spans(busy, BIRTHDAY) == []


def test_cancelled_meeting_is_not_busy(busy: list[BusyInterval]) -> None:
    assert spans(busy, CANCELLED) == []


def test_dentist_0830_to_0930_on_2_december(busy: list[BusyInterval]) -> None:
    assert spans(busy, DENTIST) == [(paris(12, 2, 8, 30), paris(12, 2, 9, 30))]


def test_meeting_at_trelaze(busy: list[BusyInterval]) -> None:
    assert spans(busy, TRELAZE) == [(paris(12, 3, 10), paris(12, 3, 11))]


def test_busy_is_sorted_aware_and_labelled(busy: list[BusyInterval]) -> None:
    assert busy == sorted(busy, key=lambda b: (b.start, b.end, b.uid))
    assert all(b.start.tzinfo == PARIS and b.end.tzinfo == PARIS for b in busy)
    assert {b.source for b in busy} == {"agenda.ics"}
    assert ("Sortie d'école", SCHOOL) in {(b.summary, b.uid) for b in busy}


def test_reversed_events_give_the_same_busy_time(
    codec: ICalendarCodec, ics, agenda_original: bytes
) -> None:
    def busy_of(data: bytes) -> list[BusyInterval]:
        return codec.busy_between(codec.parse(data, "agenda.ics", PARIS).records, START, END, PARIS)

    reversed_data = ics.reverse_events(agenda_original)
    assert reversed_data != agenda_original
    assert busy_of(reversed_data) == busy_of(agenda_original)


def test_records_one_per_uid(codec: ICalendarCodec, agenda: bytes) -> None:
    records = {r.uid: r for r in codec.parse(agenda, "agenda.ics", PARIS).records}
    assert set(records) == {
        SCHOOL,
        CALL,
        TRELAZE,
        DENTIST,
        HOLIDAYS,
        BIRTHDAY,
        TRAINING,
        CANCELLED,
    }
    call = records[CALL].payload
    assert call.count("BEGIN:VEVENT") == 2
    assert call.index("RRULE:") < call.index("RECURRENCE-ID")  # master first
    assert all(r.source == "agenda.ics" for r in records.values())


def test_records_carry_the_timezones_they_need(codec: ICalendarCodec, agenda: bytes) -> None:
    records = {r.uid: r for r in codec.parse(agenda, "agenda.ics", PARIS).records}
    assert "TZID:Europe/Paris" in records[SCHOOL].timezones
    assert records[SCHOOL].timezones.count("BEGIN:VTIMEZONE") == 1
    assert records[TRAINING].timezones == ""  # UTC only
    assert records[HOLIDAYS].timezones == ""  # dates only


def test_records_remember_x_wr_timezone(codec: ICalendarCodec, agenda: bytes) -> None:
    for record in codec.parse(agenda, "agenda.ics", PARIS).records:
        assert record.payload.count("X-CRENEAU-FLOATING-TZ:Europe/Paris") == record.payload.count(
            "BEGIN:VEVENT"
        )


def test_window_is_half_open(codec: ICalendarCodec, agenda_original: bytes) -> None:
    records = codec.parse(agenda_original, "agenda.ics", PARIS).records

    def uids(start: datetime, end: datetime) -> set[str]:
        return {b.uid for b in codec.busy_between(records, start, end, PARIS)}

    assert DENTIST not in uids(paris(12, 2, 7), paris(12, 2, 8, 30))  # ends as it starts
    assert DENTIST not in uids(paris(12, 2, 9, 30), paris(12, 2, 12))  # starts as it ends
    assert DENTIST in uids(paris(12, 2, 9, 29), paris(12, 2, 12))


def test_an_interval_overlapping_the_window_is_returned_whole(
    codec: ICalendarCodec, agenda_original: bytes
) -> None:
    records = codec.parse(agenda_original, "agenda.ics", PARIS).records
    busy = codec.busy_between(records, paris(12, 28), paris(12, 29), PARIS)
    assert spans(busy, HOLIDAYS) == [(paris(12, 24), paris(1, 3, year=2027))]


def test_times_are_given_in_the_default_zone(codec: ICalendarCodec, agenda_original: bytes) -> None:
    new_york = ZoneInfo("America/New_York")  # UTC-5 in December
    records = codec.parse(agenda_original, "agenda.ics", new_york).records
    busy = codec.busy_between(records, START, END, new_york)
    assert spans(busy, TRAINING) == [
        (datetime(2026, 12, 10, 8, tzinfo=new_york), datetime(2026, 12, 10, 11, tzinfo=new_york))
    ]
    # All-day events are days of the user's own calendar: midnight in the default zone.
    assert spans(busy, HOLIDAYS) == [
        (datetime(2026, 12, 24, tzinfo=new_york), datetime(2027, 1, 3, tzinfo=new_york))
    ]
    assert all(b.start.tzinfo == new_york for b in busy)

"""The bounds of a stored event's occurrences (``CalendarRecord.earliest``/``latest``),
and the expansion that skips events whose bounds keep them off the window.

Expected bounds are worked out by hand: the instant in UTC (Paris is UTC+1 in December),
two days to spare on each side; dates and floating times are read as UTC before the spare.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from creneau.adapters.ical import ICalendarCodec
from creneau.domain.models import CalendarRecord

PARIS = ZoneInfo("Europe/Paris")
DAYS2 = timedelta(days=2)


def utc(month: int, day: int, hour: int = 0, minute: int = 0, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def calendar(*events: str) -> bytes:
    body = "".join(f"BEGIN:VEVENT\r\nDTSTAMP:20261101T000000Z\r\n{e}END:VEVENT\r\n" for e in events)
    return (
        f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n{body}END:VCALENDAR\r\n".encode()
    )


def record(*lines: str, uid: str = "e@test.example") -> CalendarRecord:
    event = "".join(f"{line}\r\n" for line in (f"UID:{uid}", *lines))
    parsed = ICalendarCodec().parse(calendar(event), "t.ics", PARIS)
    assert len(parsed.records) == 1, parsed.warnings
    return parsed.records[0]


@pytest.mark.parametrize(
    ("lines", "earliest", "latest"),
    [
        # 10:00-11:30 Paris = 09:00-10:30 UTC
        (
            [
                "DTSTART;TZID=Europe/Paris:20261203T100000",
                "DTEND;TZID=Europe/Paris:20261203T113000",
            ],
            utc(12, 3, 9),
            utc(12, 3, 10, 30),
        ),
        # DURATION of 2 h from 08:00 UTC
        (["DTSTART:20261203T080000Z", "DURATION:PT2H"], utc(12, 3, 8), utc(12, 3, 10)),
        # an all-day event without DTEND lasts a day
        (["DTSTART;VALUE=DATE:20261225"], utc(12, 25), utc(12, 26)),
        # floating 14:00, no end: read as 14:00 UTC, zero length
        (["DTSTART:20261203T140000"], utc(12, 3, 14), utc(12, 3, 14)),
        # weekly until 17 December 09:00 UTC: the last one ends an hour later
        (
            [
                "DTSTART:20261203T090000Z",
                "DTEND:20261203T100000Z",
                "RRULE:FREQ=WEEKLY;UNTIL=20261217T090000Z",
            ],
            utc(12, 3, 9),
            utc(12, 17, 10),
        ),
    ],
    ids=["tzid", "duration", "all-day", "floating", "until"],
)
def test_bounds_of_an_event(lines: list[str], earliest: datetime, latest: datetime) -> None:
    stored = record(*lines)
    assert stored.earliest == earliest - DAYS2
    assert stored.latest == latest + DAYS2


@pytest.mark.parametrize(
    "rule",
    ["RRULE:FREQ=DAILY", "RRULE:FREQ=DAILY;COUNT=3", "RDATE:20270105T090000Z"],
    ids=["no-end", "count", "rdate"],
)
def test_a_series_without_until_has_no_latest(rule: str) -> None:
    stored = record("DTSTART:20261203T090000Z", "DTEND:20261203T100000Z", rule)
    assert stored.earliest == utc(12, 3, 9) - DAYS2
    assert stored.latest is None


def test_an_override_widens_the_bounds_of_its_series() -> None:
    master = (
        "UID:s@test.example\r\nDTSTART:20261203T090000Z\r\nDTEND:20261203T100000Z\r\n"
        "RRULE:FREQ=WEEKLY;UNTIL=20261210T090000Z\r\n"
    )
    moved = (
        "UID:s@test.example\r\nRECURRENCE-ID:20261210T090000Z\r\n"
        "DTSTART:20270104T150000Z\r\nDTEND:20270104T160000Z\r\n"
    )
    stored = ICalendarCodec().parse(calendar(master, moved), "t.ics", PARIS).records[0]
    assert stored.earliest == utc(12, 3, 9) - DAYS2
    assert stored.latest == utc(1, 4, 16, year=2027) + DAYS2


def test_an_override_with_a_range_leaves_the_series_unbounded() -> None:
    master = (
        "UID:s@test.example\r\nDTSTART:20261203T090000Z\r\nDTEND:20261203T100000Z\r\n"
        "RRULE:FREQ=WEEKLY;UNTIL=20261217T090000Z\r\n"
    )
    moved = (
        "UID:s@test.example\r\nRECURRENCE-ID;RANGE=THISANDFUTURE:20261210T090000Z\r\n"
        "DTSTART:20261210T150000Z\r\nDTEND:20261210T160000Z\r\n"
    )
    stored = ICalendarCodec().parse(calendar(master, moved), "t.ics", PARIS).records[0]
    assert (stored.earliest, stored.latest) == (None, None)


def test_may_overlap_compares_the_window_with_the_bounds() -> None:
    bounded = CalendarRecord("t", "u", "", "", utc(12, 1), utc(12, 5))
    assert bounded.may_overlap(utc(12, 4), utc(12, 10))
    assert bounded.may_overlap(utc(11, 20), utc(12, 1))  # touching counts
    assert not bounded.may_overlap(utc(12, 5, 0, 1), utc(12, 10))
    assert not bounded.may_overlap(utc(11, 1), utc(11, 30))
    open_ended = replace(bounded, latest=None)
    assert open_ended.may_overlap(utc(6, 1, year=2030), utc(6, 2, year=2030))
    unknown = CalendarRecord("t", "u", "")
    assert unknown.may_overlap(utc(1, 1, year=1990), utc(1, 2, year=1990))


def test_bounds_must_be_aware_and_in_order() -> None:
    with pytest.raises(ValueError, match="earliest"):
        CalendarRecord("t", "u", "", "", datetime(2026, 12, 1), None)  # noqa: DTZ001
    with pytest.raises(ValueError, match="latest before earliest"):
        CalendarRecord("t", "u", "", "", utc(12, 5), utc(12, 1))


def test_the_expansion_skips_a_record_its_bounds_keep_off_the_window() -> None:
    codec = ICalendarCodec()
    stored = record("DTSTART:20261203T090000Z", "DTEND:20261203T100000Z")
    window = (utc(12, 3), utc(12, 4))
    assert [b.uid for b in codec.busy_between([stored], *window, PARIS)] == ["e@test.example"]
    # the same text with bounds said to be in January is not expanded at all
    elsewhere = replace(stored, earliest=utc(1, 1, year=2027), latest=utc(1, 2, year=2027))
    assert codec.busy_between([elsewhere], *window, PARIS) == []
    # a record without bounds (stored before they existed) is expanded as before
    unknown = replace(stored, earliest=None, latest=None)
    assert [b.uid for b in codec.busy_between([unknown], *window, PARIS)] == ["e@test.example"]


@pytest.mark.parametrize(
    ("zone", "hour"),
    [
        ("Pacific/Kiritimati", 0),
        ("Pacific/Kiritimati", 23),
        ("Pacific/Pago_Pago", 0),
        ("Pacific/Pago_Pago", 23),
    ],
)
def test_floating_and_all_day_events_at_the_edges_of_the_zones_are_still_found(
    zone: str, hour: int
) -> None:
    """Kiritimati is UTC+14 and Pago Pago UTC-11, the farthest from UTC: an event at the
    very start or end of a local day is found by a window of that one local hour, through
    the wrapper that skips records by their bounds (bootstrap's, as the services use it)."""
    from creneau.bootstrap import _CalendarOnFirstUse

    tz = ZoneInfo(zone)
    floating = record(f"DTSTART:20261203T{hour:02d}0000", f"DTEND:20261203T{hour:02d}5900")
    all_day = record("DTSTART;VALUE=DATE:20261203", "DTEND;VALUE=DATE:20261204", uid="day@test")
    start = datetime(2026, 12, 3, hour, 10, tzinfo=tz)
    found = _CalendarOnFirstUse().busy_between(
        [floating, all_day], start, start + timedelta(minutes=30), tz
    )
    assert sorted(b.uid for b in found) == ["day@test", "e@test.example"]


def test_the_wrapper_refuses_a_naive_window_with_a_value_error() -> None:
    from creneau.bootstrap import _CalendarOnFirstUse

    with pytest.raises(ValueError, match="start must be a timezone-aware"):
        _CalendarOnFirstUse().busy_between(
            [record("DTSTART:20261203T100000Z")],
            datetime(2026, 12, 3),  # noqa: DTZ001
            utc(12, 4),
            PARIS,
        )

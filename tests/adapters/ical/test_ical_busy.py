"""Busy time rules on small files: floating, all-day, DURATION, STATUS, time zones.

Expected times are worked out by hand. Europe/Paris is UTC+1 in winter (CET) and UTC+2
from 28 March 2027 (CEST); America/New_York is UTC-5 in winter (EST).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from creneau.adapters.ical import ICalendarCodec
from creneau.domain.models import BusyInterval, CalendarRecord

PARIS = ZoneInfo("Europe/Paris")
NEW_YORK = ZoneInfo("America/New_York")


def at(tz: ZoneInfo, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    year = 2026 if month >= 11 else 2027
    return datetime(year, month, day, hour, minute, tzinfo=tz)


def spans(busy: list[BusyInterval], uid: str) -> list[tuple[datetime, datetime]]:
    return [(b.start, b.end) for b in busy if b.uid == uid]


# Floating times (§3.3.5 form #1) -----------------------------------------------------


def test_floating_time_is_read_in_x_wr_timezone(ics) -> None:
    busy = ics.busy("vevent_floating_x-wr-timezone")
    # 10:00 New York (EST) is 15:00 UTC, 16:00 Paris.
    assert spans(busy, "floating-ny@test.example") == [(at(PARIS, 12, 1, 16), at(PARIS, 12, 1, 17))]


def test_utc_time_is_not_moved_by_x_wr_timezone(ics) -> None:
    busy = ics.busy("vevent_floating_x-wr-timezone")
    assert spans(busy, "utc-ny@test.example") == [(at(PARIS, 12, 1, 13), at(PARIS, 12, 1, 14))]


@pytest.mark.parametrize("tz", [PARIS, NEW_YORK], ids=["paris", "new-york"])
def test_floating_time_without_x_wr_timezone_is_in_default_tz(ics, tz: ZoneInfo) -> None:
    busy = ics.busy("vevent_floating_no-x-wr-timezone", tz)
    assert spans(busy, "floating@test.example") == [(at(tz, 12, 1, 10), at(tz, 12, 1, 11))]


def test_floating_recurrence_keeps_its_wall_clock_across_dst(ics) -> None:
    busy = ics.busy("vevent_floating_no-x-wr-timezone")
    starts = [start for start, _ in spans(busy, "floating-weekly@test.example")]
    assert starts == [at(PARIS, 3, 22, 9), at(PARIS, 3, 29, 9)]
    assert [s.utcoffset() for s in starts] == [timedelta(hours=1), timedelta(hours=2)]


# Time zones (§3.3.5 form #3, §3.6.5) and recurrence (§3.3.10) ------------------------


def test_weekly_rule_keeps_local_time_across_dst(ics) -> None:
    busy = ics.busy("vevent_rrule_dst")
    assert [start.astimezone(UTC).hour for start, _ in busy_spans(busy)] == [8, 7]
    assert spans(busy, "weekly-dst@test.example") == [
        (at(PARIS, 3, 22, 9), at(PARIS, 3, 22, 10)),
        (at(PARIS, 3, 29, 9), at(PARIS, 3, 29, 10)),
    ]


def busy_spans(busy: list[BusyInterval]) -> list[tuple[datetime, datetime]]:
    return [(b.start, b.end) for b in busy]


def test_custom_vtimezone_is_honoured(ics) -> None:
    busy = ics.busy("vtimezone_custom_tzid")
    assert spans(busy, "custom-winter@test.example") == [
        (at(PARIS, 12, 1, 10), at(PARIS, 12, 1, 11))
    ]
    assert spans(busy, "custom-summer@test.example") == [(at(PARIS, 6, 1, 10), at(PARIS, 6, 1, 11))]
    [(summer, _)] = spans(busy, "custom-summer@test.example")
    assert summer.utcoffset() == timedelta(hours=2)


def test_unknown_tzid_is_read_as_floating(ics) -> None:
    busy = ics.busy("vtimezone_custom_tzid", NEW_YORK)
    assert spans(busy, "unknown-zone@test.example") == [
        (at(NEW_YORK, 12, 2, 10), at(NEW_YORK, 12, 2, 11))
    ]


# All-day events (§3.3.4, §3.6.1) -----------------------------------------------------


def test_all_day_with_dtend_equal_to_dtstart_lasts_one_day(ics) -> None:
    busy = ics.busy("vevent_allday_short-dtend")
    assert spans(busy, "allday-same@test.example") == [(at(PARIS, 12, 15), at(PARIS, 12, 16))]


def test_all_day_without_dtend_lasts_one_day(ics) -> None:
    busy = ics.busy("vevent_allday_short-dtend")
    assert spans(busy, "allday-none@test.example") == [(at(PARIS, 12, 17), at(PARIS, 12, 18))]


def test_all_day_is_midnight_of_the_default_zone(ics) -> None:
    busy = ics.busy("vevent_allday_short-dtend", NEW_YORK)
    assert spans(busy, "allday-none@test.example") == [(at(NEW_YORK, 12, 17), at(NEW_YORK, 12, 18))]


# DURATION (§3.8.2.5) -----------------------------------------------------------------


def test_duration_instead_of_dtend(ics) -> None:
    busy = ics.busy("vevent_duration_mixed")
    assert spans(busy, "duration-timed@test.example") == [
        (at(PARIS, 12, 1, 10), at(PARIS, 12, 1, 11, 30))
    ]
    assert spans(busy, "duration-days@test.example") == [(at(PARIS, 12, 2), at(PARIS, 12, 4))]
    assert spans(busy, "duration-daily@test.example") == [
        (at(PARIS, 12, 7, 8), at(PARIS, 12, 7, 8, 45)),
        (at(PARIS, 12, 8, 8), at(PARIS, 12, 8, 8, 45)),
    ]


def test_negative_duration_is_zero_length_at_the_start(ics) -> None:
    busy = ics.busy("vevent_duration_mixed")
    assert spans(busy, "duration-negative@test.example") == [
        (at(PARIS, 12, 3, 10), at(PARIS, 12, 3, 10))
    ]


@pytest.mark.parametrize(
    ("start", "end", "included"),
    [
        ((12, 3, 10), (12, 3, 11), True),  # the instant is the window's start
        ((12, 3, 9), (12, 3, 10), False),  # the window ends at the instant
        ((12, 3, 10, 1), (12, 3, 11), False),
    ],
)
def test_zero_length_interval_counts_inside_a_half_open_window(
    ics, start: tuple[int, ...], end: tuple[int, ...], included: bool
) -> None:
    busy = ics.busy("vevent_duration_mixed", PARIS, at(PARIS, *start), at(PARIS, *end))
    assert bool(spans(busy, "duration-negative@test.example")) is included


def test_dtend_before_dtstart_is_zero_length(codec: ICalendarCodec) -> None:
    data = (
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:backwards@test.example\r\n"
        b"DTSTART:20261201T100000Z\r\nDTEND:20261201T090000Z\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    records = codec.parse(data, "b.ics", PARIS).records
    busy = codec.busy_between(records, at(PARIS, 12, 1), at(PARIS, 12, 2), PARIS)
    assert busy_spans(busy) == [(at(PARIS, 12, 1, 11), at(PARIS, 12, 1, 11))]


# What is not busy (§3.8.2.7, §3.8.1.11, §3.6.2, §3.6.3) ------------------------------


def test_one_cancelled_occurrence_is_not_busy(ics) -> None:
    busy = ics.busy("vevent_status_cancelled-occurrence")
    assert spans(busy, "daily@test.example") == [
        (at(PARIS, 12, 1, 10), at(PARIS, 12, 1, 11)),
        (at(PARIS, 12, 3, 10), at(PARIS, 12, 3, 11)),
    ]


def test_todo_and_journal_are_never_busy(codec: ICalendarCodec, ics) -> None:
    records = [
        CalendarRecord("todo.ics", "todo@test.example", _component(ics, "VTODO")),
        CalendarRecord("todo.ics", "journal@test.example", _component(ics, "VJOURNAL")),
    ]
    assert codec.busy_between(records, at(PARIS, 11, 1), at(PARIS, 12, 31), PARIS) == []
    assert ics.busy("vtodo_busy_never") == []


def _component(ics, name: str) -> str:
    text = ics.read("vtodo_busy_never").decode()
    start = text.index(f"BEGIN:{name}")
    end = text.index(f"END:{name}") + len(f"END:{name}\r\n")
    return text[start:end]


# The window and the records ----------------------------------------------------------


def test_naive_window_is_refused(codec: ICalendarCodec) -> None:
    with pytest.raises(ValueError, match="start"):
        codec.busy_between([], datetime(2026, 12, 1), at(PARIS, 12, 2), PARIS)  # noqa: DTZ001


def test_empty_window_gives_nothing(ics) -> None:
    moment = at(PARIS, 12, 1, 10, 30)
    assert ics.busy("vevent_duration_mixed", PARIS, moment, moment) == []


def test_same_uid_in_two_sources_stays_two_events(codec: ICalendarCodec, ics) -> None:
    data = ics.read("vevent_rrule_dst")
    records = [
        *codec.parse(data, "home.ics", PARIS).records,
        *codec.parse(data, "work.ics", PARIS).records,
    ]
    busy = codec.busy_between(records, at(PARIS, 3, 22), at(PARIS, 3, 23), PARIS)
    assert [(b.source, b.start) for b in busy] == [
        ("home.ics", at(PARIS, 3, 22, 9)),
        ("work.ics", at(PARIS, 3, 22, 9)),
    ]


def test_records_rebuilt_from_plain_text_expand_alike(codec: ICalendarCodec, ics) -> None:
    # What the store gives back: the same strings, in new objects, in another order.
    parsed = ics.parse("vtimezone_custom_tzid")
    copies = [
        CalendarRecord(r.source, r.uid, str(r.payload), str(r.timezones)) for r in parsed.records
    ]
    window = (at(PARIS, 11, 1), at(PARIS, 7, 1))
    assert codec.busy_between(copies[::-1], *window, PARIS) == codec.busy_between(
        parsed.records, *window, PARIS
    )


def test_unreadable_stored_event_is_dropped_naming_its_source_and_uid(
    codec: ICalendarCodec, caplog: pytest.LogCaptureFixture
) -> None:
    good = CalendarRecord(
        "x.ics",
        "good@test.example",
        "BEGIN:VEVENT\r\nUID:good@test.example\r\nDTSTART:20261201T100000Z\r\nEND:VEVENT\r\n",
    )
    bad = CalendarRecord(
        "x.ics",
        "bad@test.example",
        "BEGIN:VEVENT\r\nUID:bad@test.example\r\nDTSTART:20261201T100000Z\r\n"
        "RRULE:FREQ=SOMETIMES\r\nEND:VEVENT\r\n",
    )
    busy = codec.busy_between([good, bad], at(PARIS, 11, 1), at(PARIS, 12, 31), PARIS)
    assert [b.uid for b in busy] == ["good@test.example"]
    assert "x.ics" in caplog.text and "bad@test.example" in caplog.text

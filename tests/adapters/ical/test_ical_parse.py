"""Reading files into records: warnings, broken events, encodings, UIDs.

Line numbers are physical lines of the files in tests/data/ics, counted by hand.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from creneau.adapters.ical import ICalendarCodec
from creneau.domain.errors import InputError

PARIS = ZoneInfo("Europe/Paris")


def paris(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=PARIS)


# A broken event between two good ones -------------------------------------------------


def test_broken_event_is_skipped_with_its_line_and_uid(ics) -> None:
    parsed = ics.parse("vevent_broken_bad-date")
    [warning] = parsed.warnings
    assert warning.file == "vevent_broken_bad-date.ics"
    # Line 13, not 12: the first event's DESCRIPTION is folded over two physical lines.
    assert warning.line == 13
    assert "broken-date@test.example" in warning.message
    assert warning.field == "DTSTART"


def test_broken_event_does_not_cost_its_neighbours(ics) -> None:
    busy = ics.busy("vevent_broken_bad-date")
    # 09:00Z-10:00Z and 13:00Z-14:00Z are 10:00-11:00 and 14:00-15:00 in Paris (CET).
    assert [(b.uid, b.start, b.end) for b in busy] == [
        ("good-before@test.example", paris(1, 10), paris(1, 11)),
        ("good-after@test.example", paris(1, 14), paris(1, 15)),
    ]


@pytest.mark.parametrize(
    ("uid", "line"),
    [
        ("no-end@test.example", 4),  # END:VEVENT missing: closed at the next BEGIN:VEVENT
        ("no-dtstart@test.example", 9),  # §3.6.1: DTSTART is required
        ("end-and-duration@test.example", 14),  # §3.6.1: DTEND and DURATION exclude each other
        ("bad-alarm@test.example", 21),  # VALARM with TRIGGER:soon
        ("no-colon@test.example", 31),  # a content line without a colon
        ("bad-rrule@test.example", 37),  # RRULE:FREQ=SOMETIMES
    ],
)
def test_each_broken_event_is_named_by_line_and_uid(ics, uid: str, line: int) -> None:
    warnings = ics.parse("vevent_broken_assorted").warnings
    matching = [w for w in warnings if uid in w.message]
    assert [(w.file, w.line) for w in matching] == [("vevent_broken_assorted.ics", line)]


def test_only_the_good_event_of_the_assorted_file_survives(ics) -> None:
    parsed = ics.parse("vevent_broken_assorted")
    assert [r.uid for r in parsed.records] == ["survivor@test.example"]
    assert len(parsed.warnings) == 6
    assert [(b.start, b.end) for b in ics.busy("vevent_broken_assorted")] == [
        (paris(1, 16), paris(1, 17))
    ]


# Encodings ---------------------------------------------------------------------------


def test_latin_1_file_is_decoded_with_a_warning(ics) -> None:
    parsed = ics.parse("vcalendar_encoding_latin-1")
    [warning] = parsed.warnings
    assert warning.file == "vcalendar_encoding_latin-1.ics"
    assert warning.line == 9  # SUMMARY:Réunion à Angers, its é is byte E9
    assert "UTF-8" in warning.message
    assert "SUMMARY:Réunion à Angers" in parsed.records[0].payload
    [busy] = ics.busy("vcalendar_encoding_latin-1")
    assert busy.summary == "Réunion à Angers"


def test_utf_8_with_bom_is_read_silently(ics) -> None:
    parsed = ics.parse("vcalendar_encoding_utf-8-bom")
    assert parsed.warnings == []
    [busy] = ics.busy("vcalendar_encoding_utf-8-bom")
    assert busy.summary == "Café à Trélazé"


# Not iCalendar -----------------------------------------------------------------------


def test_a_csv_file_is_not_icalendar(ics) -> None:
    with pytest.raises(InputError, match="not an iCalendar file") as caught:
        ics.parse("vcalendar_invalid_csv")
    assert caught.value.file == "vcalendar_invalid_csv.ics"
    assert caught.value.line == 1


@pytest.mark.parametrize(
    "data",
    [b"", b"\r\n  \r\n", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"BEGIN:VCARD\r\nEND:VCARD\r\n"],
    ids=["empty", "blank", "png", "vcard"],
)
def test_other_files_are_not_icalendar(codec: ICalendarCodec, data: bytes) -> None:
    with pytest.raises(InputError) as caught:
        codec.parse(data, "photo.ics", PARIS)
    assert caught.value.file == "photo.ics"
    assert "photo.ics" in str(caught.value)


# UIDs --------------------------------------------------------------------------------


def test_duplicate_uid_keeps_the_highest_sequence(ics) -> None:
    parsed = ics.parse("vevent_uid_duplicate-sequence")
    assert [r.uid for r in parsed.records] == [
        "dup-first-wins@test.example",
        "dup-last-wins@test.example",
    ]
    assert all(r.payload.count("BEGIN:VEVENT") == 1 for r in parsed.records)
    busy = ics.busy("vevent_uid_duplicate-sequence")
    # SEQUENCE 2 (first in the file) beats 1; SEQUENCE 3 (last) beats none (0).
    assert [(b.summary, b.start) for b in busy] == [
        ("Revision 2", paris(1, 11)),
        ("Revision 3", paris(2, 15)),
    ]


def test_duplicate_uid_warns_at_the_dropped_copy(ics) -> None:
    warnings = ics.parse("vevent_uid_duplicate-sequence").warnings
    assert [(w.line, w.field) for w in warnings] == [(12, "SEQUENCE"), (20, "SEQUENCE")]
    assert "dup-first-wins@test.example" in warnings[0].message
    assert "dup-last-wins@test.example" in warnings[1].message


def test_events_without_uid_get_a_stable_synthetic_one(ics) -> None:
    parsed = ics.parse("vevent_uid_missing")
    uids = [r.uid for r in parsed.records]
    assert len(set(uids)) == 2
    assert all(uid.startswith("creneau-") for uid in uids)
    assert [(w.line, w.field) for w in parsed.warnings] == [(4, "UID"), (10, "UID")]
    assert all(f"UID:{r.uid}" in r.payload for r in parsed.records)
    assert [r.uid for r in ics.parse("vevent_uid_missing").records] == uids


def test_synthetic_uid_ignores_dtstamp_but_not_content(codec: ICalendarCodec, ics) -> None:
    data = ics.read("vevent_uid_missing")
    uids = [r.uid for r in codec.parse(data, "a.ics", PARIS).records]
    restamped = data.replace(b"DTSTAMP:20261101T000000Z", b"DTSTAMP:20261130T120000Z")
    assert [r.uid for r in codec.parse(restamped, "a.ics", PARIS).records] == uids
    renamed = data.replace(b"No UID, first", b"No UID, renamed")
    first, _ = codec.parse(renamed, "a.ics", PARIS).records
    assert first.uid != uids[0]


# Records -----------------------------------------------------------------------------


def test_override_and_master_share_one_record(ics) -> None:
    [record] = ics.parse("vevent_status_cancelled-occurrence").records
    assert record.uid == "daily@test.example"
    assert record.source == "vevent_status_cancelled-occurrence.ics"
    assert record.payload.startswith("BEGIN:VEVENT\r\n")
    assert record.payload.count("BEGIN:VEVENT") == 2
    assert record.payload.index("RRULE:") < record.payload.index("RECURRENCE-ID")


def test_x_wr_timezone_is_stored_in_each_event(ics) -> None:
    for record in ics.parse("vevent_floating_x-wr-timezone").records:
        assert "X-CRENEAU-FLOATING-TZ:America/New_York" in record.payload
    for record in ics.parse("vevent_floating_no-x-wr-timezone").records:
        assert "X-CRENEAU-FLOATING-TZ" not in record.payload


def test_unknown_x_wr_timezone_is_ignored_with_a_warning(codec: ICalendarCodec, ics) -> None:
    data = ics.read("vevent_floating_x-wr-timezone").replace(b"America/New_York", b"Mars/Olympus")
    parsed = codec.parse(data, "mars.ics", PARIS)
    [warning] = parsed.warnings
    assert (warning.line, warning.field, warning.value) == (4, "X-WR-TIMEZONE", "Mars/Olympus")
    assert all("X-CRENEAU-FLOATING-TZ" not in r.payload for r in parsed.records)


def test_custom_vtimezone_travels_with_its_events(ics) -> None:
    records = {r.uid: r for r in ics.parse("vtimezone_custom_tzid").records}
    assert "TZID:Custom Paris" in records["custom-winter@test.example"].timezones
    assert records["unknown-zone@test.example"].timezones == ""


def test_unknown_tzid_warns_and_floats(ics) -> None:
    [warning] = ics.parse("vtimezone_custom_tzid").warnings
    assert (warning.line, warning.field) == (18, "DTSTART")
    assert "unknown-zone@test.example" in warning.message
    assert "Nowhere/Land" in warning.message


def test_todo_and_journal_give_no_record(ics) -> None:
    parsed = ics.parse("vtodo_busy_never")
    assert parsed.records == []
    assert parsed.warnings == []


def test_missing_end_vcalendar_is_a_warning(codec: ICalendarCodec) -> None:
    data = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:cut@test.example\r\n"
        b"DTSTART:20261201T090000Z\r\nEND:VEVENT\r\n"
    )
    parsed = codec.parse(data, "cut.ics", PARIS)
    assert [r.uid for r in parsed.records] == ["cut@test.example"]
    [warning] = parsed.warnings
    assert (warning.line, "END:VCALENDAR" in warning.message) == (1, True)


def test_warnings_are_sorted_by_line(ics) -> None:
    lines = [w.line or 0 for w in ics.parse("vevent_broken_assorted").warnings]
    assert lines == sorted(lines)

"""Events that end before they start (RFC 5545 §3.8.2.2, §3.8.2.5): warned, zero length."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from creneau.adapters.ical.codec import ICalendarCodec

PARIS = ZoneInfo("Europe/Paris")
TEXT = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
    "BEGIN:VEVENT\r\nUID:neg@x\r\nDTSTAMP:20261101T080000Z\r\n"
    "DTSTART:20261202T100000Z\r\nDURATION:-PT1H\r\nSUMMARY:neg\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:back@x\r\nDTSTAMP:20261101T080000Z\r\n"
    "DTSTART:20261202T100000Z\r\nDTEND:20261202T090000Z\r\nSUMMARY:back\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n"
)


def test_backwards_events_are_warned_about_and_block_nothing() -> None:
    codec = ICalendarCodec()
    parsed = codec.parse(TEXT.encode(), "odd.ics", PARIS)
    assert sorted((w.line, w.field) for w in parsed.warnings) == [(4, "DURATION"), (11, "DTEND")]
    busy = codec.busy_between(
        parsed.records,
        datetime(2026, 12, 1, tzinfo=PARIS),
        datetime(2026, 12, 3, tzinfo=PARIS),
        PARIS,
    )
    eleven = datetime(2026, 12, 2, 11, tzinfo=PARIS)  # 10:00Z
    assert all(b.end == b.start for b in busy)
    assert all(b.start == eleven for b in busy)

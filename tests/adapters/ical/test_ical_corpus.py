"""The .ics corpus: every file of ``tests/data/ics`` with the busy time it must give.

Each expected interval was worked out by hand from RFC 5545 and the time-zone rules,
written in UTC (``"20261201T0900"`` is 09:00Z): Europe/Paris is UTC+1 (CET) until
28 March 2027 02:00 and from 31 October 2027 03:00, UTC+2 (CEST) in between;
America/New_York is UTC-5 in winter, UTC-4 from 14 March 2027; America/Los_Angeles is
UTC-8 in winter. All-day events run from midnight to midnight in the user's zone (Paris).

Every file is also read with its components in reverse order: RFC 5545 imposes no
order on components, so the busy time must be the same (the metamorphic check of
python-recurring-ical-events).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from creneau.adapters.ical import ICalendarCodec
from creneau.adapters.ical.repairs import DENSE_CAP
from creneau.domain.models import CalendarRecord
from tests.adapters.ical.conftest import ICS_DIR

PARIS = ZoneInfo("Europe/Paris")
_COMPONENT = re.compile(rb"BEGIN:(VEVENT|VTODO|VJOURNAL|VTIMEZONE)\r\n.*?END:\1\r\n", re.S)


def z(text: str) -> datetime:
    """``YYYYMMDDTHHMM[SS]`` in UTC."""
    fmt = "%Y%m%dT%H%M%S" if len(text) == 15 else "%Y%m%dT%H%M"
    return datetime.strptime(text, fmt).replace(tzinfo=UTC)


@dataclass(frozen=True)
class Case:
    """One corpus file: its expected busy intervals and warnings.

    Args:
        busy: ``(uid, start, end)`` in UTC; uid None for a synthetic UID.
        warnings: the lines warned about (sorted), or None to check only that there are
            some (``True``) or none (``False``) in ``any_warning``.
        window: the query window in UTC (default 2026-01-01 to 2028-01-01).
    """

    busy: tuple[tuple[str | None, str, str], ...]
    warnings: tuple[int, ...] | None = ()
    any_warning: bool = False
    window: tuple[str, str] = ("20260101T0000", "20280101T0000")


CORPUS: dict[str, Case] = {
    # encodings and line ends (§3.1, §3.1.4)
    "vcalendar_encoding_latin-1": Case(
        (("latin-1@test.example", "20261201T0900", "20261201T1000"),), None, True
    ),
    "vcalendar_encoding_utf-8-bom": Case((("bom@test.example", "20261201T0900", "20261201T1000"),)),
    "vcalendar_encoding_windows-1252": Case(
        (("cp1252@test.example", "20261202T1300", "20261202T1400"),), (9,)
    ),
    # a UTF-8 byte order mark before Windows-1252 bytes: the mark dropped, warned at line 9
    "vcalendar_encoding_bom-then-windows-1252": Case(
        (("bom-cp1252@test.example", "20261202T1300", "20261202T1400"),), (9,)
    ),
    "vcalendar_lines_lf-tab-fold": Case(
        (("lf-tab@test.example", "20261202T1300", "20261202T1345"),)
    ),
    "vcalendar_lines_cr-only": Case((("cr-only@test.example", "20261201T1300", "20261201T1400"),)),
    # all-day (§3.3.4, §3.6.1)
    "vevent_allday_short-dtend": Case(
        (
            ("allday-same@test.example", "20261214T2300", "20261215T2300"),
            ("allday-none@test.example", "20261216T2300", "20261217T2300"),
        ),
        None,
    ),
    "vevent_allday_multi-day": Case(
        (
            ("allday-three@test.example", "20261220T2300", "20261223T2300"),
            ("allday-weekly@test.example", "20270103T2300", "20270104T2300"),
            ("allday-weekly@test.example", "20270110T2300", "20270111T2300"),
        )
    ),
    # broken events cost only themselves
    "vevent_broken_assorted": Case(
        (("survivor@test.example", "20261201T1500", "20261201T1600"),), None, True
    ),
    "vevent_broken_bad-date": Case(
        (
            ("good-before@test.example", "20261201T0900", "20261201T1000"),
            ("good-after@test.example", "20261201T1300", "20261201T1400"),
        ),
        (13,),
    ),
    # years the planner never needs, where date arithmetic overflows: skipped alone
    "vevent_broken_extreme-year": Case(
        (
            ("good-first@test.example", "20261201T0900", "20261201T1000"),
            ("good-last@test.example", "20261201T1300", "20261201T1400"),
        ),
        (11, 18, 24),
    ),
    # DURATION (§3.8.2.5, §3.3.6)
    "vevent_duration_mixed": Case(
        (
            ("duration-timed@test.example", "20261201T0900", "20261201T1030"),
            ("duration-days@test.example", "20261201T2300", "20261203T2300"),
            ("duration-negative@test.example", "20261203T0900", "20261203T0900"),
            ("duration-daily@test.example", "20261207T0700", "20261207T0745"),
            ("duration-daily@test.example", "20261208T0700", "20261208T0745"),
        ),
        None,
        True,
    ),
    "vevent_duration_exact-and-nominal": Case(
        (
            # 01:00 CET is 00:00Z; three hours of real time, across the change
            ("exact-hours@test.example", "20270328T0000", "20270328T0300"),
            # 12:00 CET to 12:00 CEST the next day: a calendar day of 23 hours
            ("nominal-day@test.example", "20270327T1100", "20270328T1000"),
        )
    ),
    # daylight-saving gap and fold (§3.3.5): before-the-gap offset; first of two
    "vevent_dst_gap-and-fold": Case(
        (
            ("in-gap@test.example", "20270328T0130", "20270328T0230"),
            ("weekly-gap@test.example", "20270321T0100", "20270321T0200"),
            ("weekly-gap@test.example", "20270328T0100", "20270328T0200"),
            ("in-fold@test.example", "20271031T0030", "20271031T0130"),
        ),
        (4, 11),
    ),
    # EXDATE (§3.8.5.1)
    "vevent_exdate_list": Case(
        (
            ("exdate-list@test.example", "20261207T0700", "20261207T0730"),
            ("exdate-list@test.example", "20261209T0700", "20261209T0730"),
            ("exdate-list@test.example", "20261211T0700", "20261211T0730"),
            ("exdate-date@test.example", "20261214T1300", "20261214T1400"),
            ("exdate-date@test.example", "20261216T1300", "20261216T1400"),
        )
    ),
    # floating times (§3.3.5 form #1)
    "vevent_floating_no-x-wr-timezone": Case(
        (
            ("floating@test.example", "20261201T0900", "20261201T1000"),
            ("floating-weekly@test.example", "20270322T0800", "20270322T0900"),
            ("floating-weekly@test.example", "20270329T0700", "20270329T0800"),
        )
    ),
    "vevent_floating_x-wr-timezone": Case(
        (
            ("floating-ny@test.example", "20261201T1500", "20261201T1600"),
            ("utc-ny@test.example", "20261201T1200", "20261201T1300"),
        )
    ),
    # RECURRENCE-ID (§3.8.4.4)
    "vevent_recurrence-id_override": Case(
        (
            ("weekly-moved@test.example", "20261202T1400", "20261202T1500"),
            ("weekly-moved@test.example", "20261210T1600", "20261210T1700"),
            ("weekly-moved@test.example", "20261216T1400", "20261216T1500"),
        )
    ),
    "vevent_recurrence-id_orphan": Case(
        (
            ("orphan@test.example", "20261203T1030", "20261203T1130"),
            ("plain@test.example", "20261203T1500", "20261203T1600"),
        ),
        (4,),
    ),
    # RRULE (§3.3.10)
    "vevent_rrule_dst": Case(
        (
            ("weekly-dst@test.example", "20270322T0800", "20270322T0900"),
            ("weekly-dst@test.example", "20270329T0700", "20270329T0800"),
        )
    ),
    "vevent_rrule_count-until": Case(
        (
            ("count@test.example", "20261207T1300", "20261207T1400"),
            ("count@test.example", "20261214T1300", "20261214T1400"),
            ("count@test.example", "20261221T1300", "20261221T1400"),
            ("until-utc@test.example", "20261207T0800", "20261207T0830"),
            ("until-utc@test.example", "20261208T0800", "20261208T0830"),
            # UNTIL is inclusive: 09:00 Paris on the 9th is 08:00Z, the bound itself
            ("until-utc@test.example", "20261209T0800", "20261209T0830"),
        )
    ),
    "vevent_rrule_until-mixed": Case(
        (
            ("date-start-utc-until@test.example", "20261213T2300", "20261214T2300"),
            ("date-start-utc-until@test.example", "20261214T2300", "20261215T2300"),
            ("timed-start-date-until@test.example", "20261214T0900", "20261214T1000"),
            ("timed-start-date-until@test.example", "20261215T0900", "20261215T1000"),
            ("timed-start-date-until@test.example", "20261216T0900", "20261216T1000"),
            ("date-start-date-until@test.example", "20261227T2300", "20261228T2300"),
            ("date-start-date-until@test.example", "20261228T2300", "20261229T2300"),
        ),
        (11,),
    ),
    # COUNT and INTERVAL positive, BY* values in range (§3.3.10): else the event is skipped
    "vevent_rrule_out-of-range": Case(
        (
            ("good-first@test.example", "20261201T0900", "20261201T1000"),
            # DAILY;COUNT=2 from 13:00Z on the 1st: the 1st and the 2nd
            ("good-daily@test.example", "20261201T1300", "20261201T1400"),
            ("good-daily@test.example", "20261202T1300", "20261202T1400"),
        ),
        (11, 18, 25, 32),
    ),
    # dense series that began long before the window: moved ahead, same occurrences
    "vevent_rrule_dense-long-ago": Case(
        (
            # every 5 min since 2025-12-01 10:00Z: 365 days are 105,120 steps, 10:00Z is one
            ("minutely-year-ago@test.example", "20261201T1000", "20261201T1002"),
            ("minutely-year-ago@test.example", "20261201T1005", "20261201T1007"),
            ("minutely-year-ago@test.example", "20261201T1010", "20261201T1012"),
            # every 240 s since the epoch: 10:00:00Z is 36,000 s into a day of 86,400
            ("secondly-1970@test.example", "20261201T100000", "20261201T100010"),
            ("secondly-1970@test.example", "20261201T100400", "20261201T100410"),
            ("secondly-1970@test.example", "20261201T100800", "20261201T100810"),
            # each minute whose minute is 3: 10:03Z
            ("byminute-year-ago@test.example", "20261201T1003", "20261201T1004"),
        ),
        (4, 11, 18),
        window=("20261201T1000", "20261201T1012"),
    ),
    "vevent_rrule_byday-ordinal": Case(
        (
            ("last-friday@test.example", "20261225T1300", "20261225T1400"),
            ("last-friday@test.example", "20270129T1300", "20270129T1400"),
            ("last-friday@test.example", "20270226T1300", "20270226T1400"),
            ("second-tuesday@test.example", "20261208T0800", "20261208T0900"),
            ("second-tuesday@test.example", "20270112T0800", "20270112T0900"),
        )
    ),
    "vevent_rrule_unbounded": Case(
        (
            ("unbounded@test.example", "20261203T1700", "20261203T1800"),
            ("unbounded@test.example", "20261207T1700", "20261207T1800"),
            ("unbounded@test.example", "20261210T1700", "20261210T1800"),
            ("unbounded@test.example", "20261214T1700", "20261214T1800"),
        ),
        window=("20261130T2300", "20261214T2300"),
    ),
    "vevent_rrule_sub-minute": Case(
        (
            ("secondly@test.example", "20261201T100000", "20261201T100010"),
            ("secondly@test.example", "20261201T100030", "20261201T100040"),
            ("secondly@test.example", "20261201T100100", "20261201T100110"),
        ),
        (4, 12),
        window=("20261201T1000", "20261201T100110"),
    ),
    # what is not busy (§3.8.2.7, §3.8.1.11, Outlook's busy status, §3.6.2)
    "vevent_status_cancelled-occurrence": Case(
        (
            ("daily@test.example", "20261201T0900", "20261201T1000"),
            ("daily@test.example", "20261203T0900", "20261203T1000"),
        )
    ),
    "vevent_transp_busystatus-free": Case(
        (
            ("outlook-busy@test.example", "20261204T1200", "20261204T1300"),
            ("outlook-tentative@test.example", "20261204T1400", "20261204T1500"),
        )
    ),
    "vtodo_busy_never": Case(()),
    # time zones (§3.2.19, §3.6.5)
    "vevent_tzid_windows-no-vtimezone": Case(
        (
            ("win-paris@test.example", "20261201T0900", "20261201T1000"),
            ("win-pacific@test.example", "20261201T1600", "20261201T1630"),
        ),
        (4, 11),
    ),
    "vtimezone_windows_with-vtimezone": Case(
        (("win-vtz@test.example", "20270615T0700", "20270615T0900"),)
    ),
    "vevent_tzid_libical-prefix": Case(
        (
            ("libical-paris@test.example", "20270601T0800", "20270601T0900"),
            ("citadel-ny@test.example", "20270601T1400", "20270601T1500"),
        ),
        (4, 11),
    ),
    "vtimezone_truncated_trust-tzdata": Case(
        (
            ("empty-vtz@test.example", "20270601T0800", "20270601T0900"),
            ("truncated-vtz@test.example", "20270601T1400", "20270601T1500"),
        ),
        (4,),
    ),
    "vtimezone_custom_tzid": Case(
        (
            ("custom-winter@test.example", "20261201T0900", "20261201T1000"),
            ("custom-summer@test.example", "20270601T0800", "20270601T0900"),
            ("unknown-zone@test.example", "20261202T0900", "20261202T1000"),
        ),
        None,
        True,
    ),
    # UIDs (§3.8.4.7, §3.8.7.4)
    "vevent_uid_duplicate-sequence": Case(
        (
            ("dup-first-wins@test.example", "20261201T1000", "20261201T1100"),
            ("dup-last-wins@test.example", "20261202T1400", "20261202T1500"),
        ),
        None,
        True,
    ),
    "vevent_uid_missing": Case(
        ((None, "20261201T1000", "20261201T1100"), (None, "20261201T1400", "20261201T1500")),
        None,
        True,
    ),
}


def _busy(codec: ICalendarCodec, data: bytes, name: str, case: Case) -> list[tuple]:
    parsed = codec.parse(data, f"{name}.ics", PARIS)
    start, end = (z(t) for t in case.window)
    busy = codec.busy_between(parsed.records, start, end, PARIS)
    # compared in UTC: PEP 495 makes a time of the repeated hour unequal to any other zone's
    return sorted(
        (
            b.uid if not b.uid.startswith("creneau-") else None,
            b.start.astimezone(UTC),
            b.end.astimezone(UTC),
        )
        for b in busy
    )


def _expected(case: Case) -> list[tuple]:
    return sorted((uid, z(a), z(b)) for uid, a, b in case.busy)


def reverse_components(data: bytes) -> bytes:
    """The same file with its components in reverse order (line ends made CRLF)."""
    text = re.sub(rb"\r\n|\r|\n", b"\r\n", data)
    parts = _COMPONENT.findall(text)
    blocks = [m.group(0) for m in _COMPONENT.finditer(text)]
    assert len(parts) == len(blocks)
    first = _COMPONENT.search(text)
    if first is None:
        return text
    rest = _COMPONENT.sub(b"", text)
    return rest[: first.start()] + b"".join(reversed(blocks)) + rest[first.start() :]


def test_the_corpus_covers_every_file() -> None:
    # not corpus files: a CSV refused as a calendar; the places of the meet command tests
    others = {"vcalendar_invalid_csv", "vevent_location_chained-visits"}
    names = {p.stem for p in ICS_DIR.glob("*.ics")} - others
    assert names == set(CORPUS)
    assert len(names) >= 25


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_busy_time_as_worked_out_by_hand(codec: ICalendarCodec, name: str) -> None:
    case = CORPUS[name]
    data = (ICS_DIR / f"{name}.ics").read_bytes()
    assert _busy(codec, data, name, case) == _expected(case)


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_warnings_name_their_lines(codec: ICalendarCodec, name: str) -> None:
    case = CORPUS[name]
    warnings = codec.parse((ICS_DIR / f"{name}.ics").read_bytes(), f"{name}.ics", PARIS).warnings
    assert all(w.file == f"{name}.ics" and w.line is not None for w in warnings)
    if case.warnings is None:
        assert bool(warnings) is case.any_warning
    else:
        assert sorted({w.line for w in warnings}) == list(case.warnings)


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_components_in_reverse_order_import_the_same(codec: ICalendarCodec, name: str) -> None:
    case = CORPUS[name]
    data = (ICS_DIR / f"{name}.ics").read_bytes()
    flipped = reverse_components(data)
    assert _busy(codec, flipped, name, case) == _expected(case)
    count = len(codec.parse(data, "a.ics", PARIS).warnings)
    assert len(codec.parse(flipped, "a.ics", PARIS).warnings) == count


def test_sub_minute_series_are_capped(codec: ICalendarCodec) -> None:
    data = (ICS_DIR / "vevent_rrule_sub-minute.ics").read_bytes()
    records = codec.parse(data, "s.ics", PARIS).records
    busy = codec.busy_between(records, z("20261201T0000"), z("20270201T0000"), PARIS)
    secondly = [b for b in busy if b.uid == "secondly@test.example"]
    # every 30 s for 10 s: never touching, so one interval per occurrence, DENSE_CAP of
    # them; the last starts 1,999 x 30 s = 16 h 39 min 30 s after 10:00Z
    assert len(secondly) == DENSE_CAP == 2000
    assert secondly[-1].start == z("20261202T023930")
    # every 15 min for 15 min: touching, merged; 2,000 x 15 min = 500 h after 08:00Z
    minutely = [(b.start, b.end) for b in busy if b.uid == "minutely@test.example"]
    assert minutely == [(z("20270104T0800"), z("20270125T0400"))]


@pytest.mark.parametrize(
    "rule", ["FREQ=DAILY;COUNT=-5", "FREQ=HOURLY;BYHOUR=25", "FREQ=DAILY;INTERVAL=0"]
)
def test_a_bad_stored_rule_costs_only_its_event(
    codec: ICalendarCodec, rule: str, caplog: pytest.LogCaptureFixture
) -> None:
    # stored by an import before the rules were checked: the source's other events count
    bad = CalendarRecord(
        "old.ics",
        "bad@test.example",
        "BEGIN:VEVENT\r\nUID:bad@test.example\r\nDTSTAMP:20261101T000000Z\r\n"
        f"DTSTART:20261201T110000Z\r\nDTEND:20261201T120000Z\r\nRRULE:{rule}\r\n"
        "END:VEVENT\r\n",
    )
    good = CalendarRecord(
        "old.ics",
        "good@test.example",
        "BEGIN:VEVENT\r\nUID:good@test.example\r\nDTSTAMP:20261101T000000Z\r\n"
        "DTSTART:20261201T090000Z\r\nDTEND:20261201T100000Z\r\nEND:VEVENT\r\n",
    )
    busy = codec.busy_between([bad, good], z("20261201T0000"), z("20261208T0000"), PARIS)
    assert [(b.uid, b.start, b.end) for b in busy] == [
        ("good@test.example", z("20261201T0900"), z("20261201T1000"))
    ]
    assert "old.ics" in caplog.text and "bad@test.example" in caplog.text


def test_dense_series_begun_long_ago_is_capped_from_the_window(codec: ICalendarCodec) -> None:
    data = (ICS_DIR / "vevent_rrule_dense-long-ago.ics").read_bytes()
    records = [r for r in codec.parse(data, "d.ics", PARIS).records if r.uid.startswith("minutely")]
    busy = codec.busy_between(records, z("20261201T0000"), z("20261208T0000"), PARIS)
    # expanded from the window start less the 2-day margin (29 Nov 00:00Z), not from 2025:
    # DENSE_CAP occurrences every 5 min reach 29 Nov + 1,999 x 5 min = 5 Dec 22:35Z; those
    # from 1 Dec 00:00Z on are 7,115 min / 5 + 1 = 1,424 intervals of 2 min, none touching
    assert len(busy) == 1424
    assert busy[0].start == z("20261201T0000")
    assert busy[-1].start == z("20261205T2235")

"""Benchmark: importing a 5,000-event calendar with recurrences, through the services.

Usage: ``python bench/ical_import.py [--events 5000] [--repeat 3]
[--json bench/results/ical_import.json]``

The calendar (generated, deterministic) looks like a busy freelancer's two years of
Outlook and Google exports: ``--events`` VEVENTs in Europe/Paris with its VTIMEZONE, of
which one in five recurs (weekly with COUNT, daily with UNTIL, monthly by ordinal weekday,
unbounded weekly), every tenth of those with an EXDATE and a RECURRENCE-ID override;
plus all-day events, UTC and floating times, and events in Windows zone names.

Timed, as medians of ``--repeat`` runs:

- ``import``: :func:`creneau.services.importing.import_calendar` into a fresh data
  folder (decode, per-event parse and checks, storage of every record in one transaction);
- ``busy_horizon``: the busy time of the 42-day planning horizon expanded from the stored
  records (what every plan does);
- and, as the same-run baseline, ``icalendar_parse``: ``icalendar.Calendar.from_ical`` of
  the whole file at once (the library alone, nothing checked or stored).

Each row's ``ratio_to_baseline`` is its median over the baseline's median (the machine is
shared and noisy: compare ratios between runs). The issue's target: import under 5 s.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar

sys.path.insert(0, str(Path(__file__).resolve().parent))

from creneau.bootstrap import open_services
from creneau.services.importing import import_calendar
from workloads import median_time

PARIS = ZoneInfo("Europe/Paris")
START = datetime(2026, 1, 5, 8, 0, tzinfo=PARIS)  # written as local wall-clock times
NOW = datetime(2026, 11, 30, 8, 30, tzinfo=PARIS)

VTIMEZONE = (
    "BEGIN:VTIMEZONE\r\nTZID:Europe/Paris\r\n"
    "BEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\n"
    "DTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\n"
    "BEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\n"
    "DTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\n"
    "END:VTIMEZONE\r\n"
)
RULES = (
    "RRULE:FREQ=WEEKLY;COUNT=10",
    "RRULE:FREQ=DAILY;UNTIL=20261231T230000Z",
    "RRULE:FREQ=MONTHLY;BYDAY=2TU",
    "RRULE:FREQ=WEEKLY;BYDAY=MO,TH",
)


def calendar_text(events: int) -> bytes:
    """A deterministic calendar of ``events`` VEVENTs (see the module docstring)."""
    parts = ["BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Creneau bench//EN\r\n", VTIMEZONE]
    for k in range(events):
        start = START + timedelta(days=(k * 7) % 700, hours=k % 9)
        stamp = "DTSTAMP:20261101T000000Z\r\n"
        local = f"{start:%Y%m%dT%H%M%S}"
        end = f"{start + timedelta(minutes=30 + 15 * (k % 6)):%Y%m%dT%H%M%S}"
        kind = k % 10
        lines = [f"UID:bench-{k}@example.org", stamp.rstrip("\r\n"), f"SUMMARY:Event {k}"]
        if kind == 0:
            lines += [
                f"DTSTART;VALUE=DATE:{start:%Y%m%d}",
                f"DTEND;VALUE=DATE:{start + timedelta(days=1):%Y%m%d}",
            ]
        elif kind == 1:
            lines += [f"DTSTART:{local}Z", f"DTEND:{end}Z"]
        elif kind == 2:
            lines += [f"DTSTART:{local}", "DURATION:PT45M"]
        elif kind == 3:
            lines += [
                f"DTSTART;TZID=Romance Standard Time:{local}",
                f"DTEND;TZID=Romance Standard Time:{end}",
            ]
        else:
            lines += [f"DTSTART;TZID=Europe/Paris:{local}", f"DTEND;TZID=Europe/Paris:{end}"]
        if kind in (4, 9):
            lines.append(RULES[(k // 10) % len(RULES)])
            if k % 100 in (4, 9):
                skipped = start + timedelta(days=7)
                lines.append(f"EXDATE;TZID=Europe/Paris:{skipped:%Y%m%dT%H%M%S}")
        parts.append(
            "BEGIN:VEVENT\r\n" + "".join(f"{line}\r\n" for line in lines) + "END:VEVENT\r\n"
        )
        if kind in (4, 9) and k % 100 in (4, 9) and "COUNT" in RULES[(k // 10) % len(RULES)]:
            moved = start + timedelta(days=14)
            parts.append(
                "BEGIN:VEVENT\r\n"
                f"UID:bench-{k}@example.org\r\n{stamp}"
                f"RECURRENCE-ID;TZID=Europe/Paris:{moved:%Y%m%dT%H%M%S}\r\n"
                f"DTSTART;TZID=Europe/Paris:{moved + timedelta(hours=2):%Y%m%dT%H%M%S}\r\n"
                f"DURATION:PT1H\r\nSUMMARY:Event {k} moved\r\nEND:VEVENT\r\n"
            )
    parts.append("END:VCALENDAR\r\n")
    return "".join(parts).encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", default="bench/results/ical_import.json")
    args = parser.parse_args()
    data = calendar_text(args.events)
    rows: dict[str, Any] = {"events": args.events, "bytes": len(data)}
    baseline, _ = median_time(lambda: icalendar.Calendar.from_ical(data), args.repeat)
    rows["icalendar_parse"] = {"seconds_median": round(baseline, 4), "ratio_to_baseline": 1.0}
    with tempfile.TemporaryDirectory() as tmp:
        runs = iter(range(args.repeat))

        def import_once() -> Any:
            ctx = open_services(Path(tmp) / f"run{next(runs)}")
            return ctx, import_calendar(ctx, data, "bench.ics")

        seconds, (ctx, report) = median_time(import_once, args.repeat)
        rows["import"] = {
            "seconds_median": round(seconds, 4),
            "ratio_to_baseline": round(seconds / baseline, 2),
            "under_5s": seconds < 5.0,
            "records": report.created,
            "warnings": len(report.warnings),
        }
        with ctx.uow() as uow:
            records = uow.calendar.list()
        horizon = (NOW, NOW + timedelta(days=42))
        seconds, busy = median_time(
            lambda: ctx.calendar.busy_between(records, *horizon, PARIS), args.repeat
        )
        rows["busy_horizon"] = {
            "seconds_median": round(seconds, 4),
            "ratio_to_baseline": round(seconds / baseline, 2),
            "intervals": len(busy),
        }
    out = Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(rows, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for name, row in rows.items():
        if isinstance(row, dict):
            print(f"{name:16} {row['seconds_median']:7.3f} s  x{row['ratio_to_baseline']}")


if __name__ == "__main__":
    main()

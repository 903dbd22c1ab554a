"""End-to-end tests of ``export`` and ``busy`` through the real CLI.

The exported file is read back with the ``icalendar`` library (as a calendar app
would), never with Créneau's own reader. Expected wall-clock times are worked out by
hand: the working day starts at 09:00 (default hours ``09:00-12:30,13:30-17:30``);
Europe/Paris is UTC+2 from 28 March 2027 and UTC+1 again from 31 October 2027;
Monday 1 November 2027 is a public holiday (Toussaint); Monday 29 March 2027 is Easter
Monday, a French holiday too, so the spring folder plans with the United States' holidays
(none that week) to have a block on the Monday after the change.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from tests.conftest import run_cli, run_json

pytestmark = pytest.mark.e2e
PARIS = ZoneInfo("Europe/Paris")


def _events(path: Path) -> dict[str, tuple[datetime, datetime, int]]:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    found: dict[str, tuple[datetime, datetime, int]] = {}
    for event in calendar.walk("VEVENT"):
        uid = str(event["UID"])
        assert uid not in found, f"duplicate UID {uid}"
        found[uid] = (event.DTSTART, event.DTEND, int(event.get("SEQUENCE", 0)))
    return found


def _one_job(folder: Path, now: str, title: str, effort: str, due: str, *more: str) -> None:
    run_cli(
        "--now",
        now,
        "job",
        "add",
        "roux",
        title,
        "--effort",
        effort,
        "--due",
        due,
        *more,
        data_dir=folder,
    )


@pytest.fixture(scope="module")
def dst_export(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, dict]]:
    """Two data folders, one planned just before each daylight-saving change of 2027,
    each with one 14-hour job: 7.5 working hours on the Friday, the rest on the next
    working day (Monday 29 March; Tuesday 2 November after the Toussaint)."""
    result = {}
    for label, now, due in (
        ("spring", "2027-03-26T08:30+01:00", "2027-04-09"),
        ("autumn", "2027-10-29T08:30+02:00", "2027-11-12"),
    ):
        folder = tmp_path_factory.mktemp(label)
        run_cli("--now", now, "client", "add", "Cabinet Roux", data_dir=folder)
        if label == "spring":
            run_cli("settings", "set", "holidays.country", "US", data_dir=folder)
        _one_job(folder, now, "Saisie comptable", "14h", due)
        target = folder / "plan.ics"
        run_cli("--now", now, "export", str(target), data_dir=folder)
        plan = run_json("--now", now, "plan", "--json", data_dir=folder)
        result[label] = (target, plan)
    return result


@pytest.mark.parametrize("label", ["spring", "autumn"])
def test_round_trip_gives_every_block_with_its_start_end_and_uid(dst_export, label) -> None:
    target, plan = dst_export[label]
    events = _events(target)
    expected = {
        f"{b['id']}@creneau": (datetime.fromisoformat(b["start"]), datetime.fromisoformat(b["end"]))
        for b in plan["blocks"]
        if b["job_id"] is not None
    }
    assert expected
    got = {
        uid: (start.astimezone(UTC), end.astimezone(UTC)) for uid, (start, end, _) in events.items()
    }
    assert got == {uid: (s.astimezone(UTC), e.astimezone(UTC)) for uid, (s, e) in expected.items()}


@pytest.mark.parametrize(
    ("label", "day", "offset_hours"),
    [("spring", date(2027, 3, 29), 2), ("autumn", date(2027, 11, 2), 1)],
)
def test_blocks_after_a_dst_change_keep_their_wall_clock(
    dst_export, label, day, offset_hours
) -> None:
    target, _ = dst_export[label]
    starts = sorted(s for s, _, _ in _events(target).values() if s.date() == day)
    assert starts, f"no block on {day}"
    first = starts[0]
    # written with the zone's TZID, read back at 09:00 local on the new clock
    assert (first.hour, first.minute) == (9, 0)
    assert first.utcoffset().total_seconds() == offset_hours * 3600
    assert first.astimezone(UTC).hour == 9 - offset_hours


@pytest.mark.parametrize("label", ["spring", "autumn"])
def test_the_vtimezone_itself_gives_the_right_offsets(dst_export, label) -> None:
    target, _ = dst_export[label]
    calendar = icalendar.Calendar.from_ical(target.read_bytes())
    [vtimezone] = calendar.walk("VTIMEZONE")
    zone = vtimezone.to_tz()
    # CET before the last Sunday of March 02:00, CEST until the last Sunday of October 03:00
    assert datetime(2027, 3, 26, 9, tzinfo=zone).utcoffset().total_seconds() == 3600
    assert datetime(2027, 3, 29, 9, tzinfo=zone).utcoffset().total_seconds() == 7200
    assert datetime(2027, 10, 29, 9, tzinfo=zone).utcoffset().total_seconds() == 7200
    assert datetime(2027, 11, 2, 9, tzinfo=zone).utcoffset().total_seconds() == 3600


def test_vtodo_per_open_job_with_due_percent_and_priority(dst_export) -> None:
    target, _ = dst_export["spring"]
    calendar = icalendar.Calendar.from_ical(target.read_bytes())
    [todo] = calendar.walk("VTODO")
    assert str(todo["SUMMARY"]) == "Cabinet Roux — Saisie comptable"
    # a date-only due is the end of the last working period of that day: Friday 9 April 17:30
    assert datetime(2027, 4, 9, 17, 30, tzinfo=PARIS) == todo.DUE
    assert int(todo["PERCENT-COMPLETE"]) == 0  # nothing spent yet
    assert int(todo["PRIORITY"]) == 5  # importance 3 (default): the middle of 1..9
    assert isinstance(todo.DTSTAMP, datetime)


def test_replan_keeps_uids_and_raises_the_sequence_of_moved_blocks(tmp_path: Path) -> None:
    first_now, second_now = "2026-12-07T08:30+01:00", "2026-12-07T08:45+01:00"
    run_cli("--now", first_now, "client", "add", "Cabinet Roux", data_dir=tmp_path)
    _one_job(tmp_path, first_now, "Bilan", "6h", "2026-12-18")
    before = tmp_path / "before.ics"
    after = tmp_path / "after.ics"
    run_cli("--now", first_now, "export", str(before), data_dir=tmp_path)
    # a hard 2-hour job due at noon takes the morning: the soft job's first block of
    # Monday (same job, day and rank: same UID) starts later
    _one_job(tmp_path, second_now, "Urgent", "2h", "2026-12-07T12:00", "--deadline", "hard")
    run_cli("--now", second_now, "export", str(after), data_dir=tmp_path)
    old, new = _events(before), _events(after)
    kept = set(old) & set(new)
    assert kept, "the same block identities keep their UIDs"
    moved = [uid for uid in kept if old[uid][:2] != new[uid][:2]]
    assert moved
    for uid in moved:
        assert new[uid][2] > old[uid][2]


def test_export_to_stdout_is_the_same_document(tmp_path: Path) -> None:
    now = "2026-12-07T08:30+01:00"
    run_cli("--now", now, "client", "add", "Cabinet Roux", data_dir=tmp_path)
    _one_job(tmp_path, now, "Bilan", "3h", "2026-12-18")
    printed = run_cli("--now", now, "export", "--stdout", data_dir=tmp_path).stdout
    target = tmp_path / "plan.ics"
    run_cli("--now", now, "export", str(target), data_dir=tmp_path)
    assert printed.encode() == target.read_bytes().replace(b"\r\n", b"\n")
    assert printed.startswith("BEGIN:VCALENDAR")


def test_export_needs_a_file_or_stdout(tmp_path: Path) -> None:
    result = run_cli("export", data_dir=tmp_path, check=False)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_busy_json_lists_the_stored_events_for_any_window(tmp_path: Path, scenario_dir) -> None:
    run_cli("import", str(scenario_dir / "agenda.ics"), data_dir=tmp_path)
    busy = run_json(
        "busy", "--from", "2026-12-02", "--to", "2026-12-02", "--json", data_dir=tmp_path
    )
    assert {"start", "end", "summary", "source"} == set(busy[0])
    # the dentist, 08:30-09:30 on Wednesday 2 December (the scenario's agenda.ics)
    assert {
        "start": "2026-12-02T08:30:00+01:00",
        "end": "2026-12-02T09:30:00+01:00",
        "summary": "Dentiste",
        "source": "agenda.ics",
    } in busy
    # the past is there too: a window before any plan was made
    past = run_json(
        "busy", "--from", "2026-11-02", "--to", "2026-11-06", "--json", data_dir=tmp_path
    )
    assert isinstance(past, list)


def test_busy_to_before_from_is_refused(tmp_path: Path) -> None:
    result = run_cli(
        "busy", "--from", "2026-12-05", "--to", "2026-12-01", data_dir=tmp_path, check=False
    )
    assert result.returncode == 2
    assert "--to" in result.stderr


def test_the_export_follows_rfc_5545(dst_export) -> None:
    target, _ = dst_export["autumn"]
    data = target.read_bytes()
    # §3.1: CRLF line ends, lines of at most 75 octets; §3.4: one VCALENDAR
    lines = data.split(b"\r\n")
    assert lines[-1] == b""
    assert all(b"\n" not in line and len(line) <= 75 for line in lines)
    calendar = icalendar.Calendar.from_ical(data)
    assert str(calendar["VERSION"]) == "2.0"
    assert "PRODID" in calendar
    for component in [*calendar.walk("VEVENT"), *calendar.walk("VTODO")]:
        assert not component.errors
        # §3.6.1, §3.6.2: UID and DTSTAMP required; DTSTAMP in UTC (§3.8.7.2)
        assert "UID" in component
        assert component.DTSTAMP.utcoffset().total_seconds() == 0
    tzids = {
        str(p.params["TZID"])
        for event in calendar.walk("VEVENT")
        for p in (event["DTSTART"], event["DTEND"])
    }
    # §3.6.5: every TZID used has its VTIMEZONE
    assert tzids == {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")} == {"Europe/Paris"}

"""``creneau sync`` against a real CalDAV server (Radicale on 127.0.0.1).

The server is started once for the module, with no authentication and its storage in a
temporary folder. What the server holds is read with the ``caldav`` library, never with
Créneau's code, and compared with ``plan --json`` of the same folder.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from caldav.davclient import DAVClient

from tests.conftest import run_cli, run_json

pytestmark = pytest.mark.e2e
NOW = "2026-11-30T08:30:00+01:00"
LATER = "2026-11-30T08:45:00+01:00"
USER = "marie"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Radicale server for this module; yields its URL."""
    storage = tmp_path_factory.mktemp("radicale")
    port = _free_port()
    log = (storage / "radicale.log").open("wb")  # a pipe nobody reads would fill and block it
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "radicale",
            "--server-hosts",
            f"127.0.0.1:{port}",
            "--auth-type",
            "none",
            "--rights-type",
            "owner_only",
            "--storage-filesystem-folder",
            str(storage),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("radicale did not start: see " + str(storage / "radicale.log"))
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def _principal(url: str) -> Any:
    return DAVClient(url=url, username=USER, password="unused").principal()


def _calendar(url: str, name: str) -> Any:
    for calendar in _principal(url).calendars():
        if calendar.get_display_name() == name:
            return calendar
    raise AssertionError(f"no calendar {name!r}")


def _server_events(url: str, name: str = "Créneau") -> list[tuple[str, datetime, datetime]]:
    found = []
    for resource in _calendar(url, name).events():
        component = resource.icalendar_component
        found.append(
            (
                str(component["UID"]),
                component.DTSTART.astimezone(UTC),
                component.DTEND.astimezone(UTC),
            )
        )
    return sorted(found)


def _planned(folder: Path, now: str) -> list[tuple[str, datetime, datetime]]:
    plan = run_json("--now", now, "plan", "--json", data_dir=folder)
    return sorted(
        (
            f"{b['id']}@creneau",
            datetime.fromisoformat(b["start"]).astimezone(UTC),
            datetime.fromisoformat(b["end"]).astimezone(UTC),
        )
        for b in plan["blocks"]
        if b["job_id"] is not None
    )


@pytest.fixture(scope="module")
def synced(radicale: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The scenario (``demo``) synced once, then again after a change, with a foreign event
    in the plan calendar and a busy event on a calendar of hers in between."""
    folder = tmp_path_factory.mktemp("sync") / "data"
    run_cli("--now", NOW, "demo", "--json", data_dir=folder)
    run_cli("settings", "set", "caldav.url", radicale, data_dir=folder)
    run_cli("settings", "set", "caldav.user", USER, data_dir=folder)
    run_cli("settings", "set", "caldav.password", "s3cret-token", data_dir=folder)
    first = run_cli("--now", NOW, "sync", data_dir=folder)
    state: dict[str, Any] = {"folder": folder, "first_out": first.stdout + first.stderr}
    state["first_server"] = _server_events(radicale)
    state["first_plan"] = _planned(folder, NOW)
    # someone else's event in the plan calendar: sync must leave it alone
    _calendar(radicale, "Créneau").add_event(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
        "UID:foreign@example.org\r\nDTSTAMP:20261129T000000Z\r\n"
        "DTSTART:20261201T070000Z\r\nDTEND:20261201T080000Z\r\nSUMMARY:Not Créneau's\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    # her own calendar: Tuesday 1 December, 09:00-12:30 Paris (08:00Z-11:30Z) is taken
    perso = _principal(radicale).make_calendar(name="Perso")
    perso.add_event(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
        "UID:notaire@example.org\r\nDTSTAMP:20261129T000000Z\r\n"
        "DTSTART;TZID=Europe/Paris:20261201T090000\r\nDTEND;TZID=Europe/Paris:20261201T123000\r\n"
        "SUMMARY:Notaire\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    run_cli("settings", "set", "caldav.busy_calendars", "Perso", data_dir=folder)
    second = run_cli("--now", LATER, "sync", data_dir=folder)
    state["second_out"] = second.stdout + second.stderr
    state["second_server"] = _server_events(radicale)
    state["second_plan"] = _planned(folder, LATER)
    state["busy"] = run_json(
        "busy", "--from", "2026-12-01", "--to", "2026-12-01", "--json", data_dir=folder
    )
    return state


def test_first_sync_writes_the_scenario_plan(synced) -> None:
    assert synced["first_plan"]
    assert synced["first_server"] == synced["first_plan"]


def test_second_sync_matches_the_new_plan_without_duplicates(synced) -> None:
    ours = [e for e in synced["second_server"] if e[0].endswith("@creneau")]
    assert ours == synced["second_plan"]
    uids = [uid for uid, _, _ in synced["second_server"]]
    assert len(uids) == len(set(uids))


def test_second_sync_moved_or_removed_blocks(synced) -> None:
    before = {uid: (s, e) for uid, s, e in synced["first_server"]}
    after = {uid: (s, e) for uid, s, e in synced["second_server"]}
    gone = set(before) - set(after)
    moved = {uid for uid in set(before) & set(after) if before[uid] != after[uid]}
    assert gone or moved  # the morning of 1 December was taken: blocks had to change


def test_foreign_events_are_left_alone(synced) -> None:
    assert [e for e in synced["second_server"] if not e[0].endswith("@creneau")] == [
        (
            "foreign@example.org",
            datetime(2026, 12, 1, 7, tzinfo=UTC),
            datetime(2026, 12, 1, 8, tzinfo=UTC),
        )
    ]


def test_busy_events_on_the_server_are_respected_by_the_next_plan(synced) -> None:
    taken = (datetime(2026, 12, 1, 8, tzinfo=UTC), datetime(2026, 12, 1, 11, 30, tzinfo=UTC))
    for uid, start, end in synced["second_plan"]:
        assert end <= taken[0] or start >= taken[1], f"{uid} overlaps the notary"
    assert {
        "start": "2026-12-01T09:00:00+01:00",
        "end": "2026-12-01T12:30:00+01:00",
        "summary": "Notaire",
        "source": "caldav:Perso",
    } in synced["busy"]


def test_the_password_is_never_printed(synced) -> None:
    assert "s3cret-token" not in synced["first_out"] + synced["second_out"]
    shown = run_cli("settings", data_dir=synced["folder"]).stdout
    assert "s3cret-token" not in shown


def test_an_unreachable_server_is_a_clear_error(tmp_path: Path) -> None:
    run_cli("settings", "set", "caldav.url", f"http://127.0.0.1:{_free_port()}/", data_dir=tmp_path)
    result = run_cli("sync", data_dir=tmp_path, check=False)
    assert result.returncode == 2, result.stderr
    assert "caldav.url" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unknown_busy_calendar_is_named(radicale: str, tmp_path: Path) -> None:
    run_cli("settings", "set", "caldav.url", radicale, data_dir=tmp_path)
    run_cli("settings", "set", "caldav.user", "paul", data_dir=tmp_path)
    run_cli("settings", "set", "caldav.password", "x", data_dir=tmp_path)
    run_cli("settings", "set", "caldav.busy_calendars", "Nowhere", data_dir=tmp_path)
    result = run_cli("sync", data_dir=tmp_path, check=False)
    assert result.returncode == 2
    assert "Nowhere" in result.stderr

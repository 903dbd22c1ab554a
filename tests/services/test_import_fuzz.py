"""Fuzzing the imports: the scenario's own files, mutated (truncated, bytes flipped, huge
values, deeply nested components, a 10^6 COUNT, binary noise...), fed to ``import_file``.

Whatever the bytes, the import either stores the file or refuses it with a
:class:`~creneau.domain.errors.CreneauError` (never another exception, which would be a
traceback for her); a refused file leaves every table as it was; a stored calendar can
then be expanded over the planning horizon. Each example runs under a time limit that
fails the test (a hang is a finding too).

CI runs a bounded number of examples (``CRENEAU_FUZZ_EXAMPLES``, default 25 per target,
derandomized so that CI is repeatable); ``docs/fuzzing.md`` gives the longer run.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from creneau.bootstrap import open_services
from creneau.domain.errors import CreneauError
from creneau.services.importing import import_file
from tests.conftest import SCENARIO, SCENARIO_NOW
from tests.services.atelier import load

EXAMPLES = int(os.environ.get("CRENEAU_FUZZ_EXAMPLES", "25"))
LONG = EXAMPLES > 100
LIMIT_SECONDS = 20
"""Per example: an import of the scenario's files takes well under a second."""

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,  # the time limit below is ours, with a clear message
    derandomize=not LONG,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)

FILES = {name: (SCENARIO / name).read_bytes() for name in ("clients.csv", "jobs.csv", "agenda.ics")}


class Hang(AssertionError):
    """An example ran over :data:`LIMIT_SECONDS`."""


@contextmanager
def time_limit(seconds: int, what: str) -> Iterator[None]:
    def expired(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"{what} ran over {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("fuzz") / "data"
    load(folder)
    database = folder / "creneau.sqlite3"
    with sqlite3.connect(database) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return database


def snapshot(database: Path) -> dict[str, list[tuple[Any, ...]]]:
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        names = [
            n
            for (n,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            n: sorted(connection.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr)
            for n in names
        }


# Mutations of a valid file -------------------------------------------------------------


@st.composite
def mutated(draw: st.DrawFn, original: bytes) -> bytes:
    """``original`` changed by one to three mutations."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(
            st.sampled_from(
                ["truncate", "flip", "insert", "delete_line", "duplicate_line", "huge", "noise"]
            )
        )
        if kind == "truncate":
            data = data[: draw(st.integers(0, len(data)))]
        elif kind == "flip" and data:
            for _ in range(draw(st.integers(1, 20))):
                at = draw(st.integers(0, len(data) - 1))
                data[at] = draw(st.integers(0, 255))
        elif kind == "insert":
            at = draw(st.integers(0, len(data)))
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif kind in ("delete_line", "duplicate_line"):
            lines = bytes(data).split(b"\n")
            at = draw(st.integers(0, len(lines) - 1))
            if kind == "delete_line":
                del lines[at]
            else:
                lines[at:at] = [lines[at]] * draw(st.integers(1, 50))
            data = bytearray(b"\n".join(lines))
        elif kind == "huge":
            at = draw(st.integers(0, len(data)))
            value = draw(
                st.sampled_from(
                    [
                        b"9" * 5000,
                        b"1e308",
                        b"-1",
                        b"99999-99-99",
                        b"0000-00-00",
                        b"\x00" * 100,
                        b"NaN",
                        b"inf",
                        "é".encode() * 3000,
                        b"," * 2000,
                        b'"' * 3,
                    ]
                )
            )
            data[at:at] = value
        elif kind == "noise":
            data = bytearray(draw(st.binary(max_size=2000)))
    return bytes(data)


@st.composite
def hostile_calendar(draw: st.DrawFn) -> bytes:
    """Valid-looking calendars built to cost: deep nesting, a 10^6 COUNT, huge years,
    very long lines, thousands of overrides."""
    head = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//fuzz//EN\r\n"
    tail = b"END:VCALENDAR\r\n"
    kind = draw(st.sampled_from(["deep", "count", "years", "long_line", "overrides", "dense"]))
    event = (
        b"BEGIN:VEVENT\r\nUID:x@fuzz\r\nDTSTAMP:20261101T000000Z\r\n"
        b"DTSTART:20261201T090000Z\r\nDTEND:20261201T100000Z\r\n%b END:VEVENT\r\n"
    )
    if kind == "deep":
        depth = draw(st.integers(100, 5000))
        name = draw(st.sampled_from([b"VEVENT", b"VALARM", b"X-NEST"]))
        body = b"BEGIN:%b\r\n" % name * depth + b"END:%b\r\n" % name * depth
        return head + body + tail
    if kind == "count":
        freq = draw(st.sampled_from([b"SECONDLY", b"MINUTELY", b"HOURLY", b"DAILY"]))
        rule = b"RRULE:FREQ=%b;COUNT=1000000\r\n" % freq
        return head + event.replace(b"%b ", rule) + tail
    if kind == "years":
        year = draw(st.sampled_from([b"0001", b"1899", b"2199", b"9999"]))
        return head + event.replace(b"20261201", year + b"1201").replace(b"%b ", b"") + tail
    if kind == "long_line":
        summary = b"SUMMARY:" + b"A" * draw(st.integers(10_000, 200_000)) + b"\r\n"
        return head + event.replace(b"%b ", summary) + tail
    if kind == "overrides":
        n = draw(st.integers(100, 3000))
        master = event.replace(b"%b ", b"RRULE:FREQ=DAILY;COUNT=5000\r\n")
        moved = b"".join(
            event.replace(b"%b ", b"RECURRENCE-ID:20261201T090000Z\r\n") for _ in range(n)
        )
        return head + master + moved + tail
    interval = draw(st.integers(0, 3))
    rule = b"RRULE:FREQ=SECONDLY;INTERVAL=%d;BYMINUTE=0,1,2,3;BYSECOND=1,2,3\r\n" % interval
    return head + event.replace(b"%b ", rule) + tail


def check_import(base: Path, work: Path, data: bytes, name: str) -> None:
    """Import ``data`` into a fresh copy of ``base``: stored, or refused with nothing
    changed; never another exception, never over the time limit."""
    folder = work / "data"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    database = folder / base.name
    shutil.copy(base, database)
    ctx = open_services(folder)
    before = snapshot(database)
    with time_limit(LIMIT_SECONDS, f"importing {len(data)} bytes as {name}"):
        try:
            import_file(ctx, data, name)
        except CreneauError:
            assert snapshot(database) == before, "a refused file changed the database"
            return
        # stored: sound, and a calendar can be expanded over the planning horizon
        snapshot(database)
        if name.endswith(".ics"):
            with ctx.uow() as uow:
                records = uow.calendar.list()
            ctx.calendar.busy_between(
                records,
                SCENARIO_NOW,
                SCENARIO_NOW + timedelta(days=42),
                SCENARIO_NOW.tzinfo,  # type: ignore[arg-type]
            )


@pytest.mark.parametrize("name", ["clients.csv", "jobs.csv", "agenda.ics"])
def test_a_mutated_file_is_stored_or_refused_cleanly(base: Path, tmp_path: Path, name: str) -> None:
    @FUZZ
    @given(data=mutated(FILES[name]))
    def run(data: bytes) -> None:
        check_import(base, tmp_path, data, name)

    run()


@FUZZ
@given(data=hostile_calendar())
def test_a_hostile_calendar_is_stored_or_refused_in_time(
    base: Path, tmp_path: Path, data: bytes
) -> None:
    check_import(base, tmp_path, data, "agenda.ics")

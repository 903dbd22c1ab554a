"""Fixtures of the iCalendar adapter tests: the codec and the sample files.

Sample files live in ``tests/data/ics`` and are reached through one object,
:class:`SampleFiles`; the scenario's ``agenda.ics`` is read from the shared scenario
folder. The scenario fixture runs every test twice, on the file as it is and with its
VEVENTs in reverse order: RFC 5545 imposes no order on components, so the busy time
must not depend on it (the metamorphic idea of python-recurring-ical-events).
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from creneau.adapters.ical import ICalendarCodec
from creneau.domain.models import BusyInterval
from creneau.services.ports import ParsedCalendar

REPO = Path(__file__).resolve().parents[3]
ICS_DIR = REPO / "tests" / "data" / "ics"
SCENARIO = REPO / ".." / "shared" / "scenarios" / "atelier" / "agenda.ics"
PARIS = ZoneInfo("Europe/Paris")
WIDE_START = datetime(2026, 1, 1, tzinfo=PARIS)
WIDE_END = datetime(2028, 1, 1, tzinfo=PARIS)

_VEVENT = re.compile(rb"BEGIN:VEVENT\r?\n.*?END:VEVENT\r?\n", re.DOTALL)


class SampleFiles:
    """The ``.ics`` files of ``tests/data/ics``, by name without the extension.

    Also the path of the scenario's ``agenda.ics`` and the reversing helper.
    """

    scenario_path = SCENARIO

    def __init__(self, codec: ICalendarCodec) -> None:
        self.codec = codec

    @staticmethod
    def reverse_events(data: bytes) -> bytes:
        """The same calendar with its VEVENTs in reverse order (all else in place)."""
        events = _VEVENT.findall(data)
        first = _VEVENT.search(data)
        assert first is not None
        assert len(events) > 1
        without = _VEVENT.sub(b"", data)
        return without[: first.start()] + b"".join(reversed(events)) + without[first.start() :]

    def path(self, name: str) -> Path:
        """The file's path."""
        return ICS_DIR / f"{name}.ics"

    def read(self, name: str) -> bytes:
        """The file's bytes."""
        return self.path(name).read_bytes()

    def parse(self, name: str, tz: ZoneInfo = PARIS) -> ParsedCalendar:
        """The file parsed, its source named ``<name>.ics``."""
        return self.codec.parse(self.read(name), f"{name}.ics", tz)

    def busy(
        self,
        name: str,
        tz: ZoneInfo = PARIS,
        start: datetime = WIDE_START,
        end: datetime = WIDE_END,
    ) -> list[BusyInterval]:
        """The file's busy intervals in ``[start, end)``, times in ``tz``."""
        return self.codec.busy_between(self.parse(name, tz).records, start, end, tz)


@pytest.fixture
def codec() -> ICalendarCodec:
    """A fresh codec."""
    return ICalendarCodec()


@pytest.fixture
def ics(codec: ICalendarCodec) -> SampleFiles:
    """The sample files."""
    return SampleFiles(codec)


@pytest.fixture(scope="session")
def agenda_original() -> bytes:
    """The scenario's ``agenda.ics`` as shipped."""
    return SCENARIO.read_bytes()


@pytest.fixture(params=["as-is", "reversed"])
def agenda(request: pytest.FixtureRequest, agenda_original: bytes) -> bytes:
    """The scenario's ``agenda.ics``, as it is and with its VEVENTs reversed."""
    if request.param == "reversed":
        return SampleFiles.reverse_events(agenda_original)
    return agenda_original

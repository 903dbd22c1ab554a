"""The calendar import benchmark's generated calendar is what its docstring says."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from creneau.adapters.ical import ICalendarCodec
from tests.conftest import load_bench_module


def test_generated_calendar_imports_one_record_per_event() -> None:
    bench = load_bench_module("ical_import")
    data = bench.calendar_text(200)
    parsed = ICalendarCodec().parse(data, "bench.ics", ZoneInfo("Europe/Paris"))
    # 200 UIDs; overrides share their series' record
    assert len(parsed.records) == 200
    # one event in ten uses the Windows name of Paris: one warning each, nothing skipped
    assert len(parsed.warnings) == 20
    assert all("Romance Standard Time" in w.message for w in parsed.warnings)

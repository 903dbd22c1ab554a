"""Domain values refuse what cannot be, naming the field."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from creneau.domain.models import Client, Invoice, Job, JobStatus, Payment, TimeEntry
from creneau.domain.text import normalize, stable_id


def job(**kw: object) -> Job:
    fields: dict[str, object] = {
        "id": "j1", "client_id": "c1", "title": "T", "effort_minutes": 60,
        "received": date(2026, 12, 1), "due": date(2026, 12, 4),
    }  # fmt: skip
    fields.update(kw)
    return Job(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"effort_minutes": -30}, "effort"),
        ({"effort_minutes": 0}, "effort"),
        ({"due": date(2026, 11, 30)}, "due"),
        ({"due": datetime(2026, 12, 4, 12)}, "due"),  # noqa: DTZ001 - a naive due is refused
        ({"spent_minutes": -1}, "spent"),
        ({"hourly_rate": Decimal("-0.01")}, "hourly_rate"),
    ],
)
def test_invalid_jobs(changes: dict[str, object], field: str) -> None:
    with pytest.raises(ValueError, match=rf"^{field}"):
        job(**changes)


def test_remaining_effort() -> None:
    assert job(effort_minutes=120, spent_minutes=45).remaining_effort_minutes == 75
    assert job(effort_minutes=60, spent_minutes=90).remaining_effort_minutes == 0
    assert job(remaining_minutes=30, spent_minutes=90).remaining_effort_minutes == 30
    assert job(status=JobStatus.DONE).remaining_effort_minutes == 0


def test_client_importance_range() -> None:
    with pytest.raises(ValueError, match=r"^importance"):
        Client(id="c1", name="X", importance=6)


def test_matching_ignores_case_and_accents() -> None:
    assert normalize("SARL Bâti-Ouest") == normalize("sarl bati-OUEST")


def test_stable_ids_are_reproducible_and_unique() -> None:
    first = stable_id("c", "Éditions du Marais")
    assert first == stable_id("c", "editions du marais")
    assert stable_id("c", "Éditions du Marais", {first}) != first


def test_job_rate_and_delivery_date_are_optional() -> None:
    assert job().hourly_rate is None
    assert job().done_on is None
    done = job(hourly_rate=Decimal(0), done_on=date(2026, 12, 3), status=JobStatus.DONE)
    assert done.hourly_rate == 0
    assert done.done_on == date(2026, 12, 3)


PLUS_ONE = timezone(timedelta(hours=1))
NINE = datetime(2026, 12, 1, 9, 0, tzinfo=PLUS_ONE)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"end": NINE - timedelta(minutes=1)}, "end"),
        ({"end": NINE}, "end"),  # an empty entry: end must be after start
        ({"start": datetime(2026, 12, 1, 9)}, "start"),  # noqa: DTZ001 - naive start refused
        ({"end": datetime(2026, 12, 1, 10)}, "end"),  # noqa: DTZ001 - naive end refused
        ({"source": "manual"}, "source"),
        ({"id": ""}, "id"),
        ({"job_id": ""}, "job_id"),
    ],
)
def test_invalid_time_entries(changes: dict[str, object], field: str) -> None:
    fields: dict[str, object] = {"id": "t1", "job_id": "j1", "start": NINE}
    fields.update(changes)
    with pytest.raises(ValueError, match=rf"^{field}"):
        TimeEntry(**fields)  # type: ignore[arg-type]


def test_time_entry_minutes_round_down_and_a_running_one_counts_until_now() -> None:
    done = TimeEntry("t1", "j1", NINE, NINE + timedelta(minutes=90, seconds=59), source="log")
    assert done.minutes == 90
    assert done.minutes_until(NINE + timedelta(minutes=30)) == 30
    assert done.minutes_until(NINE + timedelta(days=1)) == 90
    running = TimeEntry("t2", "j1", NINE)
    assert running.running
    assert running.minutes == 0
    assert running.minutes_until(datetime(2026, 12, 1, 8, 44, 59, tzinfo=UTC)) == 44
    assert running.minutes_until(NINE - timedelta(hours=1)) == 0
    with pytest.raises(ValueError, match=r"^now"):
        running.minutes_until(datetime(2026, 12, 1, 10))  # noqa: DTZ001 - naive now refused


def test_time_entry_minutes_are_real_time_across_a_clock_change() -> None:
    # regression: two datetimes sharing one ZoneInfo subtract as wall-clock times, so a
    # night of 25 October 2026 in Paris (03:00 summer time is 02:00 winter time) lost an hour
    paris = ZoneInfo("Europe/Paris")
    start = datetime(2026, 10, 25, 1, 0, tzinfo=paris)  # 23:00 UTC the day before
    end = datetime(2026, 10, 25, 4, 0, tzinfo=paris)  # 03:00 UTC
    entry = TimeEntry("t1", "j1", start, end, source="log")
    assert entry.minutes == 4 * 60
    # 02:30 happens twice: first in summer time (00:30 UTC), then in winter time (01:30 UTC)
    assert entry.minutes_until(datetime(2026, 10, 25, 2, 30, tzinfo=paris)) == 90
    assert entry.minutes_until(datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=paris)) == 150


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"amount": Decimal("-1")}, "amount"),
        ({"amount": Decimal("NaN")}, "amount"),
        ({"number": "  "}, "number"),
        ({"id": ""}, "id"),
        ({"job_ids": ("j1", "j2", "j1")}, "job_ids"),
    ],
)
def test_invalid_invoices(changes: dict[str, object], field: str) -> None:
    fields: dict[str, object] = {
        "id": "i1", "client_id": "c1", "number": "2026-001",
        "issued_on": date(2026, 12, 1), "amount": Decimal("120.00"),
    }  # fmt: skip
    fields.update(changes)
    with pytest.raises(ValueError, match=rf"^{field}"):
        Invoice(**fields)  # type: ignore[arg-type]


def test_a_free_invoice_is_allowed() -> None:
    assert Invoice("i1", "c1", "2026-001", date(2026, 12, 1), Decimal(0)).amount == 0


@pytest.mark.parametrize("amount", [Decimal(0), Decimal("-5"), Decimal("Infinity")])
def test_a_payment_must_be_positive(amount: Decimal) -> None:
    with pytest.raises(ValueError, match=r"^amount"):
        Payment(id="p1", invoice_id="i1", paid_on=date(2026, 12, 1), amount=amount)

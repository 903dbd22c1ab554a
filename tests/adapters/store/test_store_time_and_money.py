"""Time entries, invoices and payments: round trips, the running timer, overlap, cascades."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from creneau.adapters.store.uow import SqlUnitOfWorkFactory
from creneau.domain.errors import InputError, NotFoundError
from creneau.domain.models import Client, Invoice, Job, Payment, TimeEntry

PARIS = ZoneInfo("Europe/Paris")
PLUS_ONE = timezone(timedelta(hours=1))
PLUS_THIRTEEN = timezone(timedelta(hours=13))

MakeClient = Callable[..., Client]
MakeJob = Callable[..., Job]


@pytest.fixture
def stored_jobs(
    uow_factory: SqlUnitOfWorkFactory, make_client: MakeClient, make_job: MakeJob
) -> None:
    """Clients c1 and c2; jobs j1 and j2 of c1, j3 of c2."""
    with uow_factory() as uow:
        uow.clients.add(make_client("Atelier Bois", id="c1"))
        uow.clients.add(make_client("Cabinet Roche", id="c2"))
        uow.jobs.add(make_job("c1", "Logo", id="j1"))
        uow.jobs.add(make_job("c1", "Flyer", id="j2"))
        uow.jobs.add(make_job("c2", "Bilan", id="j3"))


def _local(day: int, hour: int, minute: int = 0, tz: timezone = PLUS_ONE) -> datetime:
    return datetime(2026, 11, 30, hour, minute, tzinfo=tz) + timedelta(days=day)


# Time entries


@pytest.mark.usefixtures("stored_jobs")
def test_time_entry_round_trips_aware_and_equal(uow_factory: SqlUnitOfWorkFactory) -> None:
    entry = TimeEntry(
        id="t1",
        job_id="j1",
        start=datetime(2026, 7, 1, 9, 0, 12, 345678, tzinfo=PARIS),
        end=datetime(2026, 7, 1, 7, 45, tzinfo=UTC),
        note="mise en page\nsecond line",
        source="log",
    )
    with uow_factory() as uow:
        uow.time_entries.add(entry)
    with uow_factory() as uow:
        stored = uow.time_entries.get("t1")
    assert stored == entry
    assert stored is not None
    assert stored.start.utcoffset() == timedelta(hours=2)
    assert stored.start.replace(tzinfo=None) == entry.start.replace(tzinfo=None)
    assert stored.end is not None
    assert stored.end.utcoffset() == timedelta(0)
    assert stored.minutes == 44


@pytest.mark.usefixtures("stored_jobs")
def test_running_finds_the_open_entry_until_it_stops(uow_factory: SqlUnitOfWorkFactory) -> None:
    done = TimeEntry(id="t1", job_id="j1", start=_local(0, 9), end=_local(0, 10))
    timer = TimeEntry(id="t2", job_id="j2", start=_local(0, 10, 15))
    with uow_factory() as uow:
        assert uow.time_entries.running() is None
        uow.time_entries.add(done)
        assert uow.time_entries.running() is None
        uow.time_entries.add(timer)
    with uow_factory() as uow:
        running = uow.time_entries.running()
        assert running == timer
        assert running is not None
        assert running.end is None
        assert running.minutes_until(_local(0, 11)) == 45
        uow.time_entries.update(
            TimeEntry(id="t2", job_id="j2", start=timer.start, end=_local(0, 11))
        )
    with uow_factory() as uow:
        assert uow.time_entries.running() is None
        assert [entry.minutes for entry in uow.time_entries.list()] == [60, 45]


@pytest.mark.usefixtures("stored_jobs")
def test_a_second_running_timer_is_refused(uow_factory: SqlUnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        uow.time_entries.add(TimeEntry(id="t1", job_id="j1", start=_local(0, 9)))
    with uow_factory() as uow, pytest.raises(InputError, match="t1") as caught:
        uow.time_entries.add(TimeEntry(id="t2", job_id="j2", start=_local(0, 10)))
    assert caught.value.field == "end"
    with uow_factory() as uow:  # the running entry itself may be updated and stay running
        uow.time_entries.update(TimeEntry(id="t1", job_id="j1", start=_local(0, 9), note="x"))
        assert uow.time_entries.list() == [
            TimeEntry(id="t1", job_id="j1", start=_local(0, 9), note="x")
        ]


@pytest.mark.usefixtures("stored_jobs")
def test_time_entry_conflicts_name_the_field(uow_factory: SqlUnitOfWorkFactory) -> None:
    entry = TimeEntry(id="t1", job_id="j1", start=_local(0, 9), end=_local(0, 10))
    with uow_factory() as uow:
        uow.time_entries.add(entry)
    with uow_factory() as uow, pytest.raises(InputError) as taken:
        uow.time_entries.add(entry)
    assert taken.value.field == "id"
    ghost = TimeEntry(id="t2", job_id="j-ghost", start=_local(0, 9), end=_local(0, 10))
    with uow_factory() as uow, pytest.raises(InputError, match="no job") as unknown:
        uow.time_entries.add(ghost)
    assert unknown.value.field == "job_id"
    with uow_factory() as uow, pytest.raises(NotFoundError):
        uow.time_entries.update(TimeEntry(id="t9", job_id="j1", start=_local(0, 9)))


@pytest.fixture
def entries(uow_factory: SqlUnitOfWorkFactory, stored_jobs: None) -> dict[str, TimeEntry]:
    """A hand-made set: mixed UTC offsets (text order is not time order), a running one."""
    made = {
        "e1": TimeEntry(id="e1", job_id="j1", start=_local(0, 9), end=_local(0, 10)),
        "e2": TimeEntry(id="e2", job_id="j1", start=_local(0, 10), end=_local(0, 11, 30)),
        # 09:30 UTC is 10:30 in Paris: after e2 in time, before it as text
        "e3": TimeEntry(
            id="e3", job_id="j1", start=_local(0, 9, 30, UTC), end=_local(0, 10, 45, UTC)
        ),
        # 17:30 at +13:00 is 05:30 at +01:00: its text is twelve hours "later"
        "e7": TimeEntry(
            id="e7",
            job_id="j1",
            start=_local(1, 17, 30, PLUS_THIRTEEN),
            end=_local(1, 18, 0, PLUS_THIRTEEN),
        ),
        "e4": TimeEntry(id="e4", job_id="j2", start=_local(1, 8), end=_local(1, 9)),
        "e5": TimeEntry(id="e5", job_id="j1", start=_local(1, 14)),  # running
    }
    with uow_factory() as uow:
        for entry in made.values():
            uow.time_entries.add(entry)
    return made


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["e1", "e2", "e3", "e7", "e4", "e5"]),
        ({"job_id": "j2"}, ["e4"]),
        ({"job_id": "j3"}, []),
        # e1 ends and e3 starts exactly at a bound: touching is not overlapping
        ({"since": _local(0, 10), "until": _local(0, 10, 30)}, ["e2"]),
        ({"since": _local(0, 10), "until": _local(0, 11)}, ["e2", "e3"]),
        ({"until": _local(0, 10)}, ["e1"]),
        ({"since": _local(0, 11, 30)}, ["e3", "e7", "e4", "e5"]),
        # the +13:00 entry is found from a +01:00 window, and by UTC bounds
        ({"since": _local(1, 5, 45), "until": _local(1, 8)}, ["e7"]),
        ({"since": _local(1, 4, 45, UTC), "until": _local(1, 4, 50, UTC)}, ["e7"]),
        # a running entry overlaps every period after its start, none before
        ({"since": _local(30, 0)}, ["e5"]),
        ({"since": _local(1, 13), "until": _local(1, 14)}, []),
        ({"job_id": "j1", "since": _local(1, 0)}, ["e7", "e5"]),
        # bounds at the ends of time
        ({"since": datetime.min.replace(tzinfo=UTC), "until": datetime.max.replace(tzinfo=UTC)},
         ["e1", "e2", "e3", "e7", "e4", "e5"]),
    ],
)  # fmt: skip
def test_list_filters_by_job_and_overlap_in_time_order(
    uow_factory: SqlUnitOfWorkFactory,
    entries: dict[str, TimeEntry],
    query: dict[str, object],
    expected: list[str],
) -> None:
    with uow_factory() as uow:
        found = uow.time_entries.list(**query)  # type: ignore[arg-type]
    assert [entry.id for entry in found] == expected
    assert found == [entries[key] for key in expected]


def test_list_refuses_naive_bounds(uow_factory: SqlUnitOfWorkFactory) -> None:
    naive = datetime(2026, 11, 30, 9)  # noqa: DTZ001 - a naive bound is refused
    with uow_factory() as uow:
        with pytest.raises(ValueError, match=r"^since"):
            uow.time_entries.list(since=naive)
        with pytest.raises(ValueError, match=r"^until"):
            uow.time_entries.list(until=naive)


@pytest.mark.usefixtures("entries")
def test_deleting_a_job_or_client_deletes_its_time_entries(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    with uow_factory() as uow:
        uow.jobs.delete("j2")
    with uow_factory() as uow:
        assert [entry.job_id for entry in uow.time_entries.list()] == ["j1"] * 5
        uow.time_entries.delete("e1")
        uow.time_entries.delete("absent")
    with uow_factory() as uow:
        assert len(uow.time_entries.list()) == 4
        uow.clients.delete("c1")
    with uow_factory() as uow:
        assert uow.time_entries.list() == []
        assert uow.time_entries.running() is None


# Invoices and payments


def _invoice(**changes: object) -> Invoice:
    fields: dict[str, object] = {
        "id": "i1",
        "client_id": "c1",
        "number": "2026-041",
        "issued_on": date(2026, 11, 30),
        "amount": Decimal("1234.50"),
        "job_ids": ("j2", "j1"),
        "notes": "TVA non applicable, art. 293 B du CGI",
    }
    fields.update(changes)
    return Invoice(**fields)  # type: ignore[arg-type]


@pytest.mark.usefixtures("stored_jobs")
def test_invoice_round_trips_with_exact_amount_and_job_order(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    invoice = _invoice()
    with uow_factory() as uow:
        uow.invoices.add(invoice)
        uow.invoices.add(_invoice(id="i0", number="2026-040", job_ids=(), amount=Decimal(0)))
    with uow_factory() as uow:
        stored = uow.invoices.get("i1")
        assert stored == invoice
        assert stored is not None
        assert str(stored.amount) == "1234.50"
        assert stored.job_ids == ("j2", "j1")
        assert uow.invoices.get_by_number("2026-041") == invoice
        assert uow.invoices.get_by_number("2026-999") is None
        assert uow.invoices.get("absent") is None
        empty = uow.invoices.get("i0")
        assert empty is not None
        assert empty.job_ids == ()


@pytest.mark.usefixtures("stored_jobs")
def test_invoices_are_listed_by_issue_date_then_number(uow_factory: SqlUnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        uow.invoices.add(_invoice(id="i3", number="2026-043", issued_on=date(2026, 12, 2)))
        uow.invoices.add(_invoice(id="i2", number="2026-042", job_ids=("j3",), client_id="c2"))
        uow.invoices.add(_invoice(id="i1", number="2026-041"))
    with uow_factory() as uow:
        assert [i.number for i in uow.invoices.list()] == ["2026-041", "2026-042", "2026-043"]
        assert [i.id for i in uow.invoices.list("c1")] == ["i1", "i3"]
        assert uow.invoices.list("c-none") == []


@pytest.mark.usefixtures("stored_jobs")
def test_invoice_conflicts_name_the_field(uow_factory: SqlUnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        uow.invoices.add(_invoice())
    cases = [
        (_invoice(), "id"),
        (_invoice(id="i2"), "number"),
        (_invoice(id="i2", number="2026-042", client_id="c-ghost"), "client_id"),
        (_invoice(id="i2", number="2026-042", job_ids=("j1", "j-ghost")), "job_ids"),
    ]
    for invoice, field in cases:
        with uow_factory() as uow, pytest.raises(InputError) as caught:
            uow.invoices.add(invoice)
        assert caught.value.field == field
    with uow_factory() as uow, pytest.raises(NotFoundError):
        uow.invoices.update(_invoice(id="i9", number="2026-049"))


@pytest.mark.usefixtures("stored_jobs")
def test_update_replaces_an_invoice_and_its_jobs(uow_factory: SqlUnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        uow.invoices.add(_invoice())
    changed = _invoice(number="2026-041-A", amount=Decimal("99.90"), job_ids=("j1",), notes="")
    with uow_factory() as uow:
        uow.invoices.update(changed)
    with uow_factory() as uow:
        assert uow.invoices.list() == [changed]
        assert uow.invoices.get_by_number("2026-041") is None


@pytest.mark.usefixtures("stored_jobs")
def test_payment_round_trips_and_lists_by_date(uow_factory: SqlUnitOfWorkFactory) -> None:
    first = Payment(id="p1", invoice_id="i1", paid_on=date(2026, 12, 15), amount=Decimal("0.01"))
    second = Payment(id="p2", invoice_id="i1", paid_on=date(2026, 12, 10), amount=Decimal("1000"))
    other = Payment(id="p3", invoice_id="i2", paid_on=date(2026, 12, 1), amount=Decimal("50.5"))
    with uow_factory() as uow:
        uow.invoices.add(_invoice())
        uow.invoices.add(_invoice(id="i2", number="2026-042", job_ids=()))
        for payment in (first, second, other):
            uow.payments.add(payment)
    with uow_factory() as uow:
        assert uow.payments.list("i1") == [second, first]
        assert uow.payments.list() == [other, second, first]
        assert [str(p.amount) for p in uow.payments.list()] == ["50.5", "1000", "0.01"]
        uow.payments.delete("p2")
        uow.payments.delete("absent")
    with uow_factory() as uow:
        assert uow.payments.list() == [other, first]


@pytest.mark.usefixtures("stored_jobs")
def test_payment_conflicts_name_the_field(uow_factory: SqlUnitOfWorkFactory) -> None:
    payment = Payment(id="p1", invoice_id="i1", paid_on=date(2026, 12, 1), amount=Decimal(10))
    with uow_factory() as uow:
        uow.invoices.add(_invoice())
        uow.payments.add(payment)
    with uow_factory() as uow, pytest.raises(InputError) as taken:
        uow.payments.add(payment)
    assert taken.value.field == "id"
    with uow_factory() as uow, pytest.raises(InputError, match="no invoice") as unknown:
        uow.payments.add(
            Payment(id="p2", invoice_id="i9", paid_on=date(2026, 12, 1), amount=Decimal(1))
        )
    assert unknown.value.field == "invoice_id"


@pytest.mark.usefixtures("stored_jobs")
def test_deleting_invoices_jobs_and_clients_cascades(uow_factory: SqlUnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        uow.invoices.add(_invoice())
        uow.invoices.add(_invoice(id="i2", number="2026-042", client_id="c2", job_ids=("j3",)))
        uow.payments.add(
            Payment(id="p1", invoice_id="i1", paid_on=date(2026, 12, 1), amount=Decimal(5))
        )
        uow.payments.add(
            Payment(id="p2", invoice_id="i2", paid_on=date(2026, 12, 1), amount=Decimal(7))
        )
    with uow_factory() as uow:
        uow.jobs.delete("j2")  # the invoice stays, without its link to the deleted job
    with uow_factory() as uow:
        invoice = uow.invoices.get("i1")
        assert invoice is not None
        assert invoice.job_ids == ("j1",)
        uow.invoices.delete("i1")
        uow.invoices.delete("absent")
    with uow_factory() as uow:
        assert [p.id for p in uow.payments.list()] == ["p2"]
        uow.clients.delete("c2")
    with uow_factory() as uow:
        assert uow.invoices.list() == []
        assert uow.payments.list() == []

"""Every schema revision's data survives the upgrade to the head, and a round trip down
and up again: one hand-written fixture per revision in ``tests/data/migrations/`` (its
README says how the test works and how to add the next revision's fixture)."""

from __future__ import annotations

import json
import pathlib
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command

from creneau.adapters.store.engine import create_sqlite_engine, migrate
from creneau.adapters.store.uow import SqlUnitOfWork
from creneau.domain.models import (
    Block,
    BlockKind,
    CalendarRecord,
    Client,
    ClientKind,
    ClientUpdate,
    Deadline,
    Invoice,
    Job,
    JobKind,
    JobStatus,
    Payment,
    PinnedBlock,
    SavedPlan,
    TimeEntry,
)
from creneau.domain.places import Leg, Place, PlaceSource
from tests.adapters.store.alembic_steps import alembic, current, revisions

FIXTURES = pathlib.Path(__file__).resolve().parents[2] / "data" / "migrations"
REVISIONS = revisions()
HEAD = REVISIONS[-1]

Row = dict[str, Any]
Tables = dict[str, list[Row]]


# --------------------------------------------------------------------------- the database


def _tables(engine: sa.Engine) -> Tables:
    """Every row of every table but Alembic's, as stored (SQLite's own values), each
    table's rows sorted by primary key."""
    found: Tables = {}
    with engine.connect() as connection:
        inspector = sa.inspect(connection)
        for table in inspector.get_table_names():
            if table == "alembic_version":
                continue
            key = inspector.get_pk_constraint(table)["constrained_columns"]
            order = ", ".join(f'"{column}"' for column in key)
            rows = connection.exec_driver_sql(f'SELECT * FROM "{table}" ORDER BY {order}')
            found[table] = [dict(row._mapping) for row in rows]
    return found


def _load(engine: sa.Engine, revision: str) -> None:
    """Run the revision's fixture file, foreign keys on."""
    script = (FIXTURES / f"{revision}.sql").read_text(encoding="utf-8")
    with engine.connect() as connection:
        driver = connection.connection.driver_connection
        assert driver is not None
        driver.executescript(script)


def _projected(rows: list[Row], columns: set[str]) -> list[Row]:
    return [{k: v for k, v in row.items() if k in columns} for row in rows]


FILLED_IN: dict[str, list[tuple[Row, Row]]] = {
    # 0005 bounds the events stored before it by the calendar reader's rule, two days to
    # spare around every occurrence: the dentist on 3 December 14:00-15:00 Paris
    # (13:00-14:00 UTC); the weekly call from Monday 30 November 09:00 UTC, no end
    "calendar_events": [
        (
            {"source": "agenda.ics", "uid": "dentiste-20261203@example.org"},
            {"earliest": "2026-12-01T13:00:00+00:00", "latest": "2026-12-05T14:00:00+00:00"},
        ),
        (
            {"source": "agenda.ics", "uid": "point-loire@example.org"},
            {"earliest": "2026-11-28T09:00:00+00:00", "latest": None},
        ),
    ],
}
"""Values that a later migration computes for rows stored before it, worked out by hand:
table -> (the row's key columns, the new columns' stored values). A column added later
and not listed here is not checked in the raw rows and reads as its default."""


def _filled(tables: Tables) -> Tables:
    """The fixture's rows with the values of :data:`FILLED_IN` for the columns they lack."""
    filled: Tables = {}
    for table, rows in tables.items():
        filled[table] = []
        for row in rows:
            new = dict(row)
            for match, values in FILLED_IN.get(table, []):
                if all(row.get(k) == v for k, v in match.items()):
                    new.update({k: v for k, v in values.items() if k not in row})
            filled[table].append(new)
    return filled


# --------------------------------------------------------------------------- readers
# Each reader makes, from the rows of the fixture (a revision's columns only: a column
# added later is missing and read as its default), what a repository must return. They
# read the stored text with the standard library, independently of the store's types.


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def _moment(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def _client(r: Row) -> Client:
    return Client(
        id=r["id"],
        name=r["name"],
        kind=ClientKind(r["kind"]),
        address=r["address"],
        postcode=r["postcode"],
        town=r["town"],
        latitude=r["latitude"],
        longitude=r["longitude"],
        email=r["email"],
        phone=r["phone"],
        hourly_rate=_decimal(r["hourly_rate"]),
        importance=r["importance"],
        language=r["language"],
        first_contact=_day(r["first_contact"]),
        notes=r["notes"],
    )


def _job(r: Row) -> Job:
    text = r["due"]
    due: date | datetime = datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text)
    return Job(
        id=r["id"],
        client_id=r["client_id"],
        title=r["title"],
        kind=JobKind(r["kind"]),
        tags=tuple(json.loads(r["tags"])),
        effort_minutes=r["effort_minutes"],
        spent_minutes=r["spent_minutes"],
        received=date.fromisoformat(r["received"]),
        due=due,
        deadline=Deadline(r["deadline"]),
        status=JobStatus(r["status"]),
        price=_decimal(r["price"]),
        notes=r["notes"],
        remaining_minutes=r["remaining_minutes"],
        after_id=r.get("after_id"),
        hourly_rate=_decimal(r.get("hourly_rate")),
        done_on=_day(r.get("done_on")),
    )


def _check_clients(uow: SqlUnitOfWork, rows: Tables) -> None:
    expected = sorted((_client(r) for r in rows["clients"]), key=lambda c: c.id)
    assert sorted(uow.clients.list(), key=lambda c: c.id) == expected


def _check_jobs(uow: SqlUnitOfWork, rows: Tables) -> None:
    expected = sorted((_job(r) for r in rows["jobs"]), key=lambda j: j.id)
    assert sorted(uow.jobs.list(), key=lambda j: j.id) == expected


def _check_calendar(uow: SqlUnitOfWork, rows: Tables) -> None:
    expected = [
        CalendarRecord(
            source=r["source"],
            uid=r["uid"],
            payload=r["payload"],
            timezones=r["timezones"],
            earliest=_moment(r.get("earliest")),
            latest=_moment(r.get("latest")),
        )
        for r in rows["calendar_events"]
    ]

    def key(event: CalendarRecord) -> tuple[str, str]:
        return (event.source, event.uid)

    assert sorted(uow.calendar.list(), key=key) == sorted(expected, key=key)


def _check_settings(uow: SqlUnitOfWork, rows: Tables) -> None:
    assert uow.settings.all() == {r["name"]: r["value"] for r in rows["settings"]}


def _check_plan(uow: SqlUnitOfWork, rows: Tables) -> None:
    states = rows.get("plan_state", [])
    if not states:
        assert uow.plans.latest() is None
        return
    (state,) = states
    blocks = [
        Block(
            id=r["id"],
            start=datetime.fromisoformat(r["start"]),
            end=datetime.fromisoformat(r["end"]),
            kind=BlockKind(r["kind"]),
            job_id=r["job_id"],
            client_id=r["client_id"],
        )
        for r in rows["plan_blocks"]
    ]
    assert uow.plans.latest() == SavedPlan(
        computed_at=datetime.fromisoformat(state["computed_at"]),
        order=tuple(json.loads(state["job_order"])),
        blocks=tuple(sorted(blocks, key=lambda b: (b.start, b.id))),
    )


def _check_pins(uow: SqlUnitOfWork, rows: Tables) -> None:
    expected = [
        PinnedBlock(
            r["job_id"], datetime.fromisoformat(r["start"]), datetime.fromisoformat(r["end"])
        )
        for r in rows.get("pinned_blocks", [])
    ]
    assert uow.pins.list() == sorted(expected, key=lambda p: (p.start, p.job_id))


def _check_updates(uow: SqlUnitOfWork, rows: Tables) -> None:
    expected = [
        ClientUpdate(r["client_id"], datetime.fromisoformat(r["sent_at"]), r["text"])
        for r in rows.get("client_updates", [])
    ]
    assert uow.updates.list() == sorted(expected, key=lambda u: (u.sent_at, u.client_id))


def _check_time_entries(uow: SqlUnitOfWork, rows: Tables) -> None:
    expected = [
        TimeEntry(
            id=r["id"],
            job_id=r["job_id"],
            start=datetime.fromisoformat(r["start"]),
            end=_moment(r["end"]),
            note=r["note"],
            source=r["source"],
        )
        for r in rows.get("time_entries", [])
    ]
    assert sorted(uow.time_entries.list(), key=lambda e: e.id) == expected


def _check_invoices(uow: SqlUnitOfWork, rows: Tables) -> None:
    lines = sorted(rows.get("invoice_jobs", []), key=lambda r: (r["invoice_id"], r["position"]))
    expected = [
        Invoice(
            id=r["id"],
            client_id=r["client_id"],
            number=r["number"],
            issued_on=date.fromisoformat(r["issued_on"]),
            amount=Decimal(r["amount"]),
            job_ids=tuple(line["job_id"] for line in lines if line["invoice_id"] == r["id"]),
            notes=r["notes"],
        )
        for r in rows.get("invoices", [])
    ]
    assert sorted(uow.invoices.list(), key=lambda i: i.id) == expected


def _check_payments(uow: SqlUnitOfWork, rows: Tables) -> None:
    expected = [
        Payment(r["id"], r["invoice_id"], date.fromisoformat(r["paid_on"]), Decimal(r["amount"]))
        for r in rows.get("payments", [])
    ]
    assert sorted(uow.payments.list(), key=lambda p: p.id) == expected


def _check_places(uow: SqlUnitOfWork, rows: Tables) -> None:
    assert uow.places.all() == {
        r["key"]: Place(r["latitude"], r["longitude"], PlaceSource(r["source"]), r["label"])
        for r in rows.get("places", [])
    }


def _check_geocodes(uow: SqlUnitOfWork, rows: Tables) -> None:
    for r in rows.get("geocode_cache", []):
        found = None
        if r["latitude"] is not None:
            found = Place(r["latitude"], r["longitude"], PlaceSource(r["source"]), r["label"])
        assert uow.geocodes.get(r["query"]) == (True, found)


def _check_travel(uow: SqlUnitOfWork, rows: Tables) -> None:
    for r in rows.get("travel_cache", []):
        assert uow.travel.get(r["key"]) == Leg(r["km"], r["minutes"], r["source"])


def _check_revision(uow: SqlUnitOfWork, rows: Tables) -> None:
    # from 0006 every row of her data stored moves the revision by one (the fixture's
    # INSERTs, after the migration made it 0); rows stored before 0006 had no trigger: an
    # older fixture upgraded starts at 0. 0006.sql stores 3 settings, 3 clients, 4 jobs,
    # 2 calendar events, 1 pin, 2 updates, 3 time entries, 2 invoices, 3 invoice lines,
    # 2 payments and 2 places: 27 (its plan and caches do not count)
    if "data_revision" in rows:
        assert rows["data_revision"] == [{"id": 1, "revision": 27}]
        assert uow.revision.current() == 27
    else:
        assert uow.revision.current() == 0


READERS: dict[str, Callable[[SqlUnitOfWork, Tables], None]] = {
    "clients": _check_clients,
    "jobs": _check_jobs,
    "calendar_events": _check_calendar,
    "settings": _check_settings,
    "plan_state": _check_plan,
    "plan_blocks": _check_plan,
    "pinned_blocks": _check_pins,
    "client_updates": _check_updates,
    "time_entries": _check_time_entries,
    "invoices": _check_invoices,
    "invoice_jobs": _check_invoices,
    "payments": _check_payments,
    "places": _check_places,
    "geocode_cache": _check_geocodes,
    "travel_cache": _check_travel,
    "data_revision": _check_revision,
}
"""For every table of the head schema, the check that reads it back through its
repository (a table that two repositories' values come from appears twice)."""


# --------------------------------------------------------------------------- tests


def test_every_revision_has_its_fixture_and_every_fixture_a_revision() -> None:
    missing = [r for r in REVISIONS if not (FIXTURES / f"{r}.sql").is_file()]
    assert not missing, (
        f"no fixture for revision(s) {missing}: write tests/data/migrations/<revision>.sql "
        "by hand (see the README there)"
    )
    assert sorted(p.stem for p in FIXTURES.glob("*.sql")) == REVISIONS


def test_every_table_of_the_head_is_read_back_through_a_repository(db_path: pathlib.Path) -> None:
    engine = create_sqlite_engine(db_path)
    try:
        migrate(engine)
        tables = set(_tables(engine))
    finally:
        engine.dispose()
    unread = sorted(tables - set(READERS))
    assert not unread, f"add a reader for {unread} to READERS (tests/data/migrations/README.md)"


@pytest.mark.parametrize("revision", REVISIONS)
def test_every_row_of_a_revision_survives_the_upgrade_and_a_round_trip(
    revision: str, db_path: pathlib.Path
) -> None:
    engine = create_sqlite_engine(db_path)
    try:
        alembic(engine, command.upgrade, revision)
        _load(engine, revision)
        before = _tables(engine)
        for table, rows in before.items():
            assert rows, f"{revision}.sql leaves the table {table} empty"
            for column in rows[0]:
                assert any(r[column] not in (None, "") for r in rows), (
                    f"{revision}.sql gives {table}.{column} no value in any row"
                )

        migrate(engine)
        assert current(engine) == HEAD
        after = _tables(engine)
        expected = _filled(before)
        for table, rows in expected.items():
            columns = set().union(*rows)
            assert _projected(after[table], columns) == rows, f"{table} changed"
        with SqlUnitOfWork(engine) as uow:
            for check in dict.fromkeys(READERS.values()):
                check(uow, expected)

        alembic(engine, command.downgrade, revision)
        assert current(engine) == revision
        assert _tables(engine) == before
        migrate(engine)
        assert _tables(engine) == after
    finally:
        engine.dispose()

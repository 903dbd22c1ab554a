"""Migrations between revisions keep the stored data."""

from __future__ import annotations

import pathlib
from datetime import UTC, date, datetime

import sqlalchemy as sa
from alembic import command

from creneau.adapters.store.engine import create_sqlite_engine, migrate
from creneau.adapters.store.uow import SqlUnitOfWork
from tests.adapters.store.alembic_steps import alembic, current


def _store_at_0002(engine: sa.Engine) -> None:
    """A client, a job and a pin as revision 0002 stores them."""
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO clients (id, name, kind, address, postcode, town, email, phone,"
            " hourly_rate, importance, language, notes)"
            " VALUES ('c1', 'Atelier Bois', 'business', '', '', '', '', '', '45.50', 3,"
            " 'fr', '')"
        )
        connection.exec_driver_sql(
            "INSERT INTO jobs (id, client_id, title, kind, tags, effort_minutes,"
            " spent_minutes, received, due, deadline, status, price, notes,"
            " remaining_minutes, after_id)"
            " VALUES ('j1', 'c1', 'Logo', 'work', '[\"print\"]', 120, 30, '2026-11-02',"
            " '2026-12-04T17:00:00+01:00', 'hard', 'in_progress', '300.00', 'n', NULL, NULL)"
        )
        connection.exec_driver_sql(
            'INSERT INTO pinned_blocks (job_id, start, "end")'
            " VALUES ('j1', '2026-12-01T14:00:00+01:00', '2026-12-01T15:00:00+01:00')"
        )


def test_upgrade_from_0002_keeps_jobs_and_adds_empty_time_and_money(
    db_path: pathlib.Path,
) -> None:
    engine = create_sqlite_engine(db_path)
    try:
        alembic(engine, command.upgrade, "0002")
        assert current(engine) == "0002"
        _store_at_0002(engine)
        migrate(engine)
        assert current(engine) == "0006"
        with SqlUnitOfWork(engine) as uow:
            job = uow.jobs.get("j1")
            assert job is not None
            assert job.title == "Logo"
            assert job.tags == ("print",)
            assert job.received == date(2026, 11, 2)
            assert str(job.price) == "300.00"
            assert job.hourly_rate is None
            assert job.done_on is None
            assert len(uow.pins.list()) == 1
            assert uow.time_entries.list() == []
            assert uow.invoices.list() == []
            assert uow.payments.list() == []
    finally:
        engine.dispose()


def test_downgrade_to_0002_and_back_keeps_the_job(db_path: pathlib.Path) -> None:
    engine = create_sqlite_engine(db_path)
    try:
        alembic(engine, command.upgrade, "0002")
        _store_at_0002(engine)
        migrate(engine)
        alembic(engine, command.downgrade, "0002")
        assert current(engine) == "0002"
        with engine.connect() as connection:
            tables = set(sa.inspect(connection).get_table_names())
            job_columns = {c["name"] for c in sa.inspect(connection).get_columns("jobs")}
            pins = connection.exec_driver_sql("SELECT job_id FROM pinned_blocks").all()
        assert not tables & {"time_entries", "invoices", "invoice_jobs", "payments"}
        assert not job_columns & {"hourly_rate", "done_on"}
        assert [tuple(pin) for pin in pins] == [("j1",)]  # rebuilding jobs cascaded nothing
        migrate(engine)
        with SqlUnitOfWork(engine) as uow:
            assert [job.id for job in uow.jobs.list()] == ["j1"]
    finally:
        engine.dispose()


def test_upgrade_from_0004_keeps_calendar_events_without_bounds(db_path: pathlib.Path) -> None:
    engine = create_sqlite_engine(db_path)
    try:
        alembic(engine, command.upgrade, "0004")
        with engine.begin() as connection:
            connection.exec_driver_sql(
                "INSERT INTO calendar_events (source, uid, payload, timezones)"
                " VALUES ('perso.ics', 'u1', 'BEGIN:VEVENT', '')"
            )
        migrate(engine)
        assert current(engine) == "0006"
        with SqlUnitOfWork(engine) as uow:
            (event,) = uow.calendar.list()
        # unknown bounds: expanded for any window, as before the revision
        assert (event.payload, event.earliest, event.latest) == ("BEGIN:VEVENT", None, None)
        alembic(engine, command.downgrade, "0004")
        with engine.connect() as connection:
            columns = {c["name"] for c in sa.inspect(connection).get_columns("calendar_events")}
            rows = connection.exec_driver_sql("SELECT uid FROM calendar_events").all()
        assert columns == {"source", "uid", "payload", "timezones"}
        assert [tuple(r) for r in rows] == [("u1",)]
    finally:
        engine.dispose()


def test_upgrade_from_0004_gives_stored_events_their_bounds(db_path: pathlib.Path) -> None:
    """An event stored before 0005 (10:00-11:00 Paris on 3 December = 09:00-10:00 UTC)
    gets the bounds an import gives it now: two days to spare on each side."""
    engine = create_sqlite_engine(db_path)
    try:
        alembic(engine, command.upgrade, "0004")
        payload = (
            "BEGIN:VEVENT\r\nUID:u2\r\nDTSTAMP:20261101T000000Z\r\n"
            "DTSTART;TZID=Europe/Paris:20261203T100000\r\n"
            "DTEND;TZID=Europe/Paris:20261203T110000\r\nEND:VEVENT\r\n"
        )
        with engine.begin() as connection:
            connection.exec_driver_sql(
                "INSERT INTO calendar_events (source, uid, payload, timezones)"
                " VALUES ('perso.ics', 'u2', ?, '')",
                (payload,),
            )
        migrate(engine)
        with SqlUnitOfWork(engine) as uow:
            (event,) = uow.calendar.list()
        assert event.earliest == datetime(2026, 12, 1, 9, tzinfo=UTC)
        assert event.latest == datetime(2026, 12, 5, 10, tzinfo=UTC)
    finally:
        engine.dispose()

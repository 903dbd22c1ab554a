"""The engine factory and the migrations."""

from __future__ import annotations

import pathlib

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from creneau.adapters.store.engine import create_sqlite_engine, migrate
from creneau.adapters.store.tables import metadata


def _pragma(connection: sa.Connection, name: str) -> object:
    return connection.exec_driver_sql(f"PRAGMA {name}").scalar_one()


def test_engine_creates_the_parent_folder(db_path: pathlib.Path) -> None:
    assert not db_path.parent.exists()
    engine = create_sqlite_engine(db_path)
    with engine.connect() as connection:
        connection.exec_driver_sql("SELECT 1")
    engine.dispose()
    assert db_path.is_file()


def test_every_connection_has_wal_foreign_keys_and_busy_timeout(db_path: pathlib.Path) -> None:
    engine = create_sqlite_engine(db_path)
    migrate(engine)  # migrate switches foreign keys off for a while: they must come back
    try:
        for _ in range(2):  # a new connection, then one from the pool
            with engine.connect() as connection:
                assert _pragma(connection, "journal_mode") == "wal"
                assert _pragma(connection, "foreign_keys") == 1
                assert _pragma(connection, "busy_timeout") == 30000
    finally:
        engine.dispose()


def test_migrate_creates_the_tables_at_head(engine: sa.Engine) -> None:
    with engine.connect() as connection:
        tables = set(sa.inspect(connection).get_table_names())
        revision = MigrationContext.configure(connection).get_current_revision()
    assert tables == {
        "alembic_version",
        "data_revision",
        "clients",
        "jobs",
        "calendar_events",
        "settings",
        "plan_state",
        "plan_blocks",
        "pinned_blocks",
        "client_updates",
        "time_entries",
        "invoices",
        "invoice_jobs",
        "payments",
        "places",
        "geocode_cache",
        "travel_cache",
    }
    assert revision == "0006"


def test_migrate_twice_keeps_the_schema_and_the_data(engine: sa.Engine) -> None:
    with engine.begin() as connection:
        connection.exec_driver_sql("INSERT INTO settings (name, value) VALUES ('a', 'b')")
    migrate(engine)
    migrate(engine)
    with engine.connect() as connection:
        rows = connection.exec_driver_sql("SELECT name, value FROM settings").all()
        revision = MigrationContext.configure(connection).get_current_revision()
    assert [tuple(row) for row in rows] == [("a", "b")]
    assert revision == "0006"


def test_migrations_match_the_tables_module(engine: sa.Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, metadata)
    assert differences == []


def test_transactions_cover_ddl(engine: sa.Engine) -> None:
    # SQLAlchemy emits BEGIN itself, so even CREATE TABLE is rolled back.
    with engine.connect() as connection:
        connection.exec_driver_sql("CREATE TABLE scratch (x INTEGER)")
        connection.rollback()
        assert "scratch" not in sa.inspect(connection).get_table_names()

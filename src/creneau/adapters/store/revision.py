"""The data revision of the SQLite store: one counter (table ``data_revision``, one row)
that SQLite triggers move on every change to her data.

Whoever writes (the web app, a command in another process, an import, a restore) moves it,
so that a program keeping her data in memory (the web app's pages) reads it again exactly
when it changed. The plan (``plan_state``, ``plan_blocks``) and the caches of places and
drives (``geocode_cache``, ``travel_cache``) are derived from her data: writing them does
not move it, so a new plan does not make the pages read every job again.

Triggers: https://sqlite.org/lang_createtrigger.html (row triggers; one ``UPDATE`` of
one row per changed row, a few microseconds).
"""

from __future__ import annotations

import sqlalchemy as sa

DATA_TABLES = (
    "clients",
    "jobs",
    "calendar_events",
    "settings",
    "pinned_blocks",
    "client_updates",
    "time_entries",
    "invoices",
    "invoice_jobs",
    "payments",
    "places",
)
"""The tables of her data, whose every change moves the revision."""

DERIVED_TABLES = ("plan_state", "plan_blocks", "geocode_cache", "travel_cache", "data_revision")
"""The tables that do not move it: what is computed from her data, and the counter."""

_EVENTS = ("insert", "update", "delete")


def trigger_names(table: str) -> list[str]:
    """The names of the triggers that move the revision on changes to ``table``."""
    return [f"data_revision_after_{event}_{table}" for event in _EVENTS]


def create_triggers(connection: sa.Connection) -> None:
    """Create (again) the triggers of every table of :data:`DATA_TABLES` that exists.

    Args:
        connection: a connection to the store (inside a migration: ``op.get_bind()``).
    """
    existing = set(sa.inspect(connection).get_table_names())
    for table in DATA_TABLES:
        if table not in existing:
            continue
        for event, name in zip(_EVENTS, trigger_names(table), strict=True):
            connection.execute(sa.text(f'DROP TRIGGER IF EXISTS "{name}"'))
            connection.execute(
                sa.text(
                    f'CREATE TRIGGER "{name}" AFTER {event.upper()} ON "{table}" '
                    "BEGIN UPDATE data_revision SET revision = revision + 1 WHERE id = 1; END"
                )
            )


def drop_triggers(connection: sa.Connection) -> None:
    """Drop the triggers :func:`create_triggers` makes.

    Args:
        connection: a connection to the store.
    """
    for table in DATA_TABLES:
        for name in trigger_names(table):
            connection.execute(sa.text(f'DROP TRIGGER IF EXISTS "{name}"'))

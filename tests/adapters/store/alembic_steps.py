"""Alembic commands on a test database, run the way ``migrate`` runs them."""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from creneau.adapters.store.engine import MIGRATIONS_DIR


def config() -> Config:
    """An Alembic configuration of the migrations shipped in the package."""
    made = Config()
    made.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    return made


def revisions() -> list[str]:
    """Every revision of the migration scripts, oldest first."""
    script = ScriptDirectory.from_config(config())
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def alembic(engine: sa.Engine, step: Callable[[Config, str], None], revision: str) -> None:
    """Run one Alembic command (``command.upgrade``, ``command.downgrade``) to
    ``revision``, as ``migrate`` does: in one transaction, foreign keys off."""
    made = config()
    with engine.connect() as connection:
        driver_connection = connection.connection.driver_connection
        assert driver_connection is not None
        driver_connection.execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                made.attributes["connection"] = connection
                step(made, revision)
        finally:
            driver_connection.execute("PRAGMA foreign_keys=ON")


def current(engine: sa.Engine) -> str | None:
    """The database's revision."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()

"""The one SQLite engine factory and the schema migration entry point.

Every connection gets write-ahead logging, enforced foreign keys and a busy timeout, and
SQLAlchemy (not the ``sqlite3`` module) emits ``BEGIN``, so that a transaction covers
reads as well as writes and DDL is transactional (see SQLAlchemy's SQLite dialect notes,
"Enabling Non-Legacy SQLite Transactional Modes"). :func:`migrate` runs the Alembic
migrations shipped inside the package, so it needs no ``alembic.ini``.
"""

from __future__ import annotations

import pathlib
import re
import sqlite3
from typing import Any

import sqlalchemy as sa

from creneau.domain.errors import CreneauError

#: The Alembic script folder, inside the installed package.
MIGRATIONS_DIR = pathlib.Path(__file__).parent / "migrations"

#: How long a connection waits for another one's write lock, in milliseconds (an import of
#: a few thousand rows holds it for seconds on a slow machine).
BUSY_TIMEOUT_MS = 30000

#: The connection execution option of a read-only unit of work (deferred ``BEGIN``).
READ_ONLY_OPTION = "creneau_read_only"


def create_sqlite_engine(path: pathlib.Path) -> sa.Engine:
    """Make the engine of the SQLite database file at ``path``.

    Each new connection runs ``PRAGMA journal_mode=WAL``, ``PRAGMA foreign_keys=ON`` and
    ``PRAGMA busy_timeout=30000`` (milliseconds); a transaction begins with ``BEGIN
    IMMEDIATE`` (the write lock, waited for) unless its connection has the execution
    option :data:`READ_ONLY_OPTION` (then ``BEGIN``). The schema is not created here: call
    :func:`migrate`.

    Args:
        path: the database file; its parent folders are created if missing.

    Returns:
        A SQLAlchemy engine; dispose of it when done.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    url = sa.URL.create("sqlite+pysqlite", database=str(path))
    engine = sa.create_engine(url)
    sa.event.listen(engine, "connect", _on_connect)
    sa.event.listen(engine, "begin", _on_begin)
    return engine


def _on_connect(dbapi_connection: sqlite3.Connection, connection_record: Any) -> None:
    # Leave BEGIN to SQLAlchemy (_on_begin): the sqlite3 module would skip it before
    # SELECT and DDL. PRAGMAs are run outside any transaction, where they take effect.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.fetchall()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    finally:
        cursor.close()


def _on_begin(connection: sa.Connection) -> None:
    # A writer takes the write lock at once (BEGIN IMMEDIATE): waiting for it is then
    # covered by the busy timeout. A deferred transaction that reads, then writes after
    # another connection wrote, fails at once with SQLITE_BUSY ("database is locked"),
    # timeout or not (https://www.sqlite.org/wal.html#sometimes_queries_return_sqlite_busy_in_wal_mode,
    # https://www.sqlite.org/lang_transaction.html). Readers (READ_ONLY_OPTION) need no lock.
    if connection.get_execution_options().get(READ_ONLY_OPTION):
        connection.exec_driver_sql("BEGIN")
    else:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def migrate(
    engine: sa.Engine, revision: str = "head", backup_folder: pathlib.Path | None = None
) -> None:
    """Bring the database schema to the latest revision (Alembic ``upgrade head``), or to
    ``revision``.

    Idempotent: when the database is already at the latest revision it only reads the
    revision table. The upgrade runs in one transaction with foreign keys off, as SQLite
    requires for table rebuilds (https://www.sqlite.org/lang_altertable.html §7): else
    rebuilding ``clients`` in a batch migration would cascade-delete every job. Foreign
    keys are checked before the commit.

    Args:
        engine: an engine made by :func:`create_sqlite_engine`.
        revision: the revision to upgrade to (``head``: the latest).
        backup_folder: when given, a database that already has a schema is first copied
            there (:func:`creneau.adapters.store.backups.backup_file`, reason
            ``before-<revision>``), so that an upgrade never risks her only copy.

    Raises:
        RuntimeError: when the migrated data break a foreign key (nothing is committed).
    """
    try:
        probe = engine.connect()
        probe.exec_driver_sql("PRAGMA schema_version").fetchall()
    except sa.exc.DBAPIError as exc:
        raise CreneauError(
            f"cannot open the database {engine.url.database}: {exc.orig} "
            "(is it a Créneau database? restore a backup or use another --data-dir)"
        ) from exc
    probe.close()
    if revision == "head" and _at_head(engine):
        return  # the usual case: no need to load Alembic (a third of the start-up time)
    from alembic import command
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    config = Config()
    # Config options go through configparser interpolation: escape "%".
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    script = ScriptDirectory.from_config(config)
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_heads()
        connection.rollback()
        target = set(script.get_heads()) if revision == "head" else {revision}
        if set(current) == target:
            return
        if current and backup_folder is not None and engine.url.database:
            from creneau.adapters.store.backups import backup_file

            label = "-".join(sorted(target))
            backup_file(pathlib.Path(engine.url.database), backup_folder, f"before-{label}")
        driver_connection = connection.connection.driver_connection
        if driver_connection is None:  # pragma: no cover - only for a closed connection
            raise RuntimeError("the database connection is closed")
        driver_connection.execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                command.upgrade(config, revision)
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"migration broke foreign keys: {broken[:5]}")
        finally:
            driver_connection.execute("PRAGMA foreign_keys=ON")


_REVISION = re.compile(r'^revision: str = "([^"]+)"$', re.MULTILINE)
_DOWN = re.compile(r'^down_revision: str \| None = (?:None|"([^"]+)")$', re.MULTILINE)


def script_heads() -> frozenset[str] | None:
    """The head revisions of the migration scripts, read from their text without loading
    Alembic; None when a script does not declare its revisions in the usual two lines
    (``revision: str = "0003"``, ``down_revision: str | None = "0002"``)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in (MIGRATIONS_DIR / "versions").glob("*.py"):
        text = script.read_text(encoding="utf-8")
        revision, down = _REVISION.search(text), _DOWN.search(text)
        if revision is None or down is None:
            return None
        revisions.add(revision.group(1))
        if down.group(1):
            parents.add(down.group(1))
    heads = frozenset(revisions - parents)
    return heads or None


def script_revisions() -> list[str]:
    """Every revision of the migration scripts, oldest first (read from their text, as
    :func:`script_heads`); empty when a script does not declare its revisions that way."""
    parent_of: dict[str, str | None] = {}
    for script in (MIGRATIONS_DIR / "versions").glob("*.py"):
        text = script.read_text(encoding="utf-8")
        revision, down = _REVISION.search(text), _DOWN.search(text)
        if revision is None or down is None:
            return []
        parent_of[revision.group(1)] = down.group(1)
    order: list[str] = []
    children = {parent: child for child, parent in parent_of.items()}
    current = children.get(None)
    while current is not None:
        order.append(current)
        current = children.get(current)
    return order


def _at_head(engine: sa.Engine) -> bool:
    """Whether the database is known to be at the scripts' head revision (a cheap check:
    False when unsure, and the full Alembic path decides)."""
    heads = script_heads()
    if heads is None:
        return False
    with engine.connect().execution_options(**{READ_ONLY_OPTION: True}) as connection:
        try:
            rows = connection.exec_driver_sql("SELECT version_num FROM alembic_version")
            current = {str(row[0]) for row in rows}
        except sa.exc.DBAPIError:  # a new database: no revision table yet
            return False
        finally:
            connection.rollback()
    return current == heads

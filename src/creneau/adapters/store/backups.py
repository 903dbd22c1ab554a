"""Backups, restores and whole-database exports of the SQLite store.

A backup is a complete SQLite database made with SQLite's online backup API
(https://www.sqlite.org/backup.html, Python's :meth:`sqlite3.Connection.backup`): a
consistent copy even while another connection writes. It is written under a temporary
name, flushed to disk and renamed (``os.replace``), so a crash leaves no half backup,
and switched to ``journal_mode=DELETE`` so that it is one self-contained file.

Backup files are named ``creneau-<UTC time>-<reason>.sqlite3`` in the data folder's
``backups`` folder; the name carries when and why, so listing needs no database.

A restore copies the checked file into a temporary database, upgrades that copy's schema
to this version's, and only then copies it over the live database with the backup API:
one write transaction, all or nothing. An export (:meth:`SqliteSafety.dump`) is every
table's rows as JSON values with the schema revision; loading one builds a temporary
database at that revision, inserts the rows, upgrades it and copies it in the same way.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from creneau.adapters.files import write_atomically
from creneau.adapters.store.engine import (
    BUSY_TIMEOUT_MS,
    create_sqlite_engine,
    migrate,
    script_revisions,
)
from creneau.domain.errors import InputError
from creneau.services.safety_ports import BackupFile

#: The backups' folder, inside the data folder.
BACKUP_FOLDER = "backups"

#: The ``format`` field of an export.
EXPORT_FORMAT = "creneau-data"

_HEADER = b"SQLite format 3\x00"
_NAME = re.compile(r"^creneau-(\d{8}T\d{6}\d{6}Z)-([a-z0-9][a-z0-9-]*)\.sqlite3$")
_STAMP = "%Y%m%dT%H%M%S%fZ"
_REASON = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_INTERNAL_TABLES = ("alembic_version", "data_revision")


def backup_file(database: Path, folder: Path, reason: str, at: datetime | None = None) -> Path:
    """Copy the database file ``database`` to a new backup in ``folder``.

    Args:
        database: the live SQLite database file.
        folder: the backups' folder (created if missing).
        reason: lowercase letters, digits and ``-`` (``daily``, ``before-0005``).
        at: aware datetime of the copy (its name); now when None.

    Returns:
        The backup file's path.

    Raises:
        ValueError: a bad reason or a naive ``at``.
        OSError: the folder cannot be written.
    """
    if not _REASON.match(reason):
        raise ValueError(f"reason: {reason!r} is not lowercase words joined by '-'")
    moment = datetime.now(UTC) if at is None else at
    if moment.utcoffset() is None:
        raise ValueError(f"at: must be a timezone-aware datetime, got {moment!r}")
    folder.mkdir(parents=True, exist_ok=True)
    stamp = moment.astimezone(UTC).strftime(_STAMP)
    target = folder / f"creneau-{stamp}-{reason}.sqlite3"
    _copy_database(database, target)
    return target


def _copy_database(source: Path, target: Path) -> None:
    """Copy with the backup API into ``target`` (temporary name, fsync, rename)."""
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        with _connect(source) as src, contextlib.closing(sqlite3.connect(partial)) as dst:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE").fetchall()
        os.chmod(partial, 0o600)  # her clients' personal data: hers alone to read
        with open(partial, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


@contextlib.contextmanager
def _connect(path: Path) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        yield connection
    finally:
        connection.close()


class SqliteSafety:
    """Backups, restores and exports of one data folder's database (implements
    ``DatabaseSafety``).

    Args:
        engine: the live database's engine (its pool is emptied after a restore).
        database: the live database file.
        folder: the backups' folder.
    """

    def __init__(self, engine: sa.Engine, database: Path, folder: Path) -> None:
        self._engine = engine
        self._database = database
        self.folder = folder

    def create(self, reason: str, at: datetime) -> BackupFile:
        """See :meth:`creneau.services.safety_ports.DatabaseSafety.create`."""
        path = backup_file(self._database, self.folder, reason, at)
        found = _backup(path)
        assert found is not None
        return found

    def list(self) -> list[BackupFile]:
        """See :meth:`creneau.services.safety_ports.DatabaseSafety.list`."""
        if not self.folder.is_dir():
            return []
        found = [_backup(path) for path in self.folder.iterdir()]
        return sorted((b for b in found if b is not None), key=lambda b: (b.taken_at, b.path))

    def delete(self, backup: BackupFile) -> None:
        """See :meth:`creneau.services.safety_ports.DatabaseSafety.delete`."""
        backup.path.unlink(missing_ok=True)

    def check(self, path: Path) -> str:
        """See :meth:`creneau.services.safety_ports.DatabaseSafety.check`."""
        with self._workspace() as work:
            return _checked_copy(path, work)[1]

    def restore(self, path: Path) -> None:
        """See :meth:`creneau.services.safety_ports.DatabaseSafety.restore`."""
        with self._workspace() as work:
            copy, _revision = _checked_copy(path, work)
            self._replace_with(copy)

    def dump(self) -> dict[str, Any]:
        """See :meth:`creneau.services.safety_ports.DatabaseSafety.dump`."""
        with _connect(self._database) as connection:
            connection.execute("BEGIN")  # one snapshot of every table
            revision = _revision(connection)
            tables: dict[str, list[dict[str, Any]]] = {}
            for table in _tables(connection):
                cursor = connection.execute(f'SELECT * FROM "{table}" ORDER BY rowid')
                names = [d[0] for d in cursor.description]
                rows = [dict(zip(names, row, strict=True)) for row in cursor]
                for row in rows:
                    for name, value in row.items():
                        if isinstance(value, bytes):  # pragma: no cover - no BLOB column
                            raise RuntimeError(f"{table}.{name}: binary values are not exported")
                tables[table] = rows
            connection.rollback()
        return {"format": EXPORT_FORMAT, "version": 1, "revision": revision, "tables": tables}

    def write_export(self, path: str, option: str) -> dict[str, int]:
        """See :meth:`creneau.services.safety_ports.DatabaseSafety.write_export`."""
        data = self.dump()
        text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        write_atomically(path, text.encode("utf-8"), option, private=True)
        return {table: len(rows) for table, rows in data["tables"].items()}

    def load(self, data: dict[str, Any]) -> dict[str, int]:
        """See :meth:`creneau.services.safety_ports.DatabaseSafety.load`."""
        revision, tables = _export_parts(data)
        with self._workspace() as work:
            copy = work / "import.sqlite3"
            engine = create_sqlite_engine(copy)
            try:
                migrate(engine, revision)
            finally:
                engine.dispose()
            counts: dict[str, int] = {}
            with _connect(copy) as connection:
                connection.execute("PRAGMA foreign_keys=OFF")
                known = set(_tables(connection))
                connection.execute("BEGIN")
                for table, rows in tables.items():
                    if table not in known:
                        raise InputError(
                            f"unknown table {table!r} for schema revision {revision}",
                            field="tables",
                        )
                    columns = {r[1] for r in connection.execute(f'PRAGMA table_info("{table}")')}
                    for number, row in enumerate(rows, start=1):
                        _insert(connection, table, columns, number, row)
                    counts[table] = len(rows)
                broken = connection.execute("PRAGMA foreign_key_check").fetchall()
                if broken:
                    table, rowid, parent, _fk = broken[0]
                    raise InputError(
                        f"{table} row {rowid} refers to a missing {parent} row "
                        f"({len(broken)} such rows)",
                        field=f"tables.{table}",
                    )
                connection.commit()
            self._replace_with(copy)
        return counts

    @contextlib.contextmanager
    def _workspace(self) -> Iterator[Path]:
        """A temporary folder next to the database (same disk, removed afterwards)."""
        self._database.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=".work-", dir=self._database.parent) as work:
            yield Path(work)

    def _replace_with(self, copy: Path) -> None:
        """Upgrade the checked copy to this version's schema, then copy it over the live
        database in one write transaction (backup API), and drop pooled connections."""
        engine = create_sqlite_engine(copy)
        try:
            migrate(engine)
        finally:
            engine.dispose()
        self._engine.dispose()
        with _connect(copy) as src, _connect(self._database) as dst:
            # past the live revision, so that a program showing the data reads it again
            # (the copy's own count may equal the live one)
            src.execute(
                "UPDATE data_revision SET revision = ? WHERE id = 1", (_data_revision(dst) + 1,)
            )
            src.commit()
            src.backup(dst)
        self._engine.dispose()


def _insert(
    connection: sqlite3.Connection, table: str, columns: set[str], number: int, row: Any
) -> None:
    """Insert one exported row, or raise an InputError naming the table and row."""
    where = f"tables.{table}[{number}]"
    if not isinstance(row, dict) or not row:
        raise InputError(f"{table} row {number} is not an object of column values", field=where)
    unknown = sorted(set(row) - columns)
    if unknown:
        raise InputError(f"{table} row {number}: unknown column {unknown[0]!r}", field=where)
    for name, value in row.items():
        if not (value is None or isinstance(value, str | int | float)) or isinstance(value, bool):
            raise InputError(
                f"{table} row {number}: {name} must be text, a number or null", field=where
            )
    names = ", ".join(f'"{name}"' for name in row)
    marks = ", ".join("?" for _ in row)
    try:
        connection.execute(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', list(row.values()))
    except sqlite3.Error as exc:
        raise InputError(f"{table} row {number}: {exc}", field=where) from exc


def _export_parts(data: Any) -> tuple[str, dict[str, list[Any]]]:
    """The revision and tables of an export, checked; InputError otherwise."""
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise InputError(f'not a Créneau export (no "format": "{EXPORT_FORMAT}")')
    revision = data.get("revision")
    known = script_revisions()
    if not isinstance(revision, str) or revision not in known:
        raise InputError(
            f"the export has schema revision {revision!r}, unknown to this version of "
            f"Créneau (it knows {known[0]} to {known[-1]}): upgrade Créneau first",
            field="revision",
        )
    tables = data.get("tables")
    if not isinstance(tables, dict) or not all(isinstance(rows, list) for rows in tables.values()):
        raise InputError('"tables" must map each table name to a list of rows', field="tables")
    return revision, tables


def _backup(path: Path) -> BackupFile | None:
    match = _NAME.match(path.name)
    if match is None or not path.is_file():
        return None
    taken = datetime.strptime(match.group(1), _STAMP).replace(tzinfo=UTC)
    return BackupFile(path, taken, match.group(2), path.stat().st_size)


def _tables(connection: sqlite3.Connection) -> list[str]:
    rows = connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    )
    return [name for (name,) in rows if name not in _INTERNAL_TABLES]


def _data_revision(connection: sqlite3.Connection) -> int:
    """The data revision of a database (0 before revision 0006 or when unreadable)."""
    try:
        row = connection.execute("SELECT revision FROM data_revision WHERE id = 1").fetchone()
    except sqlite3.DatabaseError:
        return 0
    return 0 if row is None else int(row[0])


def _revision(connection: sqlite3.Connection) -> str | None:
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        return None
    return None if row is None else str(row[0])


def _checked_copy(path: Path, work: Path) -> tuple[Path, str]:
    """Copy a database she named into ``work`` (with its ``-wal`` file, if any, so that
    her file is never written) and check it; returns the copy and its revision."""
    name = str(path)
    try:
        with open(path, "rb") as handle:
            header = handle.read(len(_HEADER))
    except IsADirectoryError as exc:
        raise InputError("this is a folder, not a backup file", file=name) from exc
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror or exc}", file=name) from exc
    if header != _HEADER:
        hint = " (an export --all file goes back with import --all)" if header[:1] == b"{" else ""
        raise InputError(
            f"not a Créneau backup: the file is not a SQLite database{hint}", file=name
        )
    copy = work / "restore.sqlite3"
    shutil.copyfile(path, copy)
    wal = path.with_name(path.name + "-wal")
    if wal.is_file():
        shutil.copyfile(wal, copy.with_name(copy.name + "-wal"))
    try:
        with _connect(copy) as connection:
            verdict = connection.execute("PRAGMA integrity_check").fetchall()
            if verdict != [("ok",)]:
                raise InputError(
                    f"the database is damaged ({verdict[0][0]}): choose another backup",
                    file=name,
                )
            revision = _revision(connection)
            tables = set(_tables(connection))
    except sqlite3.DatabaseError as exc:
        raise InputError(f"the database is damaged or unreadable: {exc}", file=name) from exc
    if revision is None or "clients" not in tables:
        raise InputError("not a Créneau database (no Créneau tables in it)", file=name)
    known = script_revisions()
    if revision not in known:
        raise InputError(
            f"this database comes from a newer version of Créneau (schema revision "
            f"{revision}; this version knows up to {known[-1]}): upgrade Créneau first",
            file=name,
        )
    return copy, revision

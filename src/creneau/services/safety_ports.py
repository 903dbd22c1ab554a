"""Ports for keeping her data safe: backups of the database, restores, and the export of
everything to move to another machine (Protocols; the SQLite store implements them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol


@dataclass(frozen=True, slots=True)
class BackupFile:
    """One backup of the database.

    Args:
        path: the backup file (a complete SQLite database).
        taken_at: when it was made, aware (UTC), read from its name.
        reason: why: ``manual``, ``daily``, ``before-restore``, ``before-import``,
            ``before-0005`` (before a schema migration to that revision)...
        size_bytes: the file's size.
    """

    path: Path
    taken_at: datetime
    reason: str
    size_bytes: int


class DatabaseSafety(Protocol):
    """Backups, restores and whole-database exports of one data folder."""

    def create(self, reason: str, at: datetime) -> BackupFile:
        """Copy the live database to a new backup file (SQLite online backup API), written
        to a temporary name and renamed, so a crash never leaves half a backup.

        Args:
            reason: a short lowercase word or words joined by ``-``.
            at: aware datetime, its name's time stamp.
        """
        ...

    def list(self) -> list[BackupFile]:
        """The backups of the folder, oldest first."""
        ...

    def delete(self, backup: BackupFile) -> None:
        """Delete one backup file."""
        ...

    def check(self, path: Path) -> str:
        """The schema revision of a database file she wants to restore.

        Raises:
            InputError: the file cannot be read, is not a SQLite database, is damaged
                (``PRAGMA integrity_check``), is not a Créneau database, or comes from a
                newer version of Créneau (a revision this version does not know).
        """
        ...

    def restore(self, path: Path) -> None:
        """Replace the live database's content with the file's (checked by :meth:`check`),
        in one step, then bring its schema to this version's."""
        ...

    def dump(self) -> dict[str, Any]:
        """Every table's rows, as JSON-ready values, with the schema revision."""
        ...

    def write_export(self, path: str, option: str) -> dict[str, int]:
        """Write :meth:`dump` as UTF-8 JSON to ``path`` at once (temporary file, rename),
        readable by her alone (mode 0600); returns the rows written per table.

        Raises:
            InputError: the file cannot be written (``field=option``).
        """
        ...

    def load(self, data: dict[str, Any]) -> dict[str, int]:
        """Replace the live database's content with a :meth:`dump` (of this or an older
        schema revision), all or nothing; returns the rows loaded per table.

        Raises:
            InputError: the data is not such a dump, is from a newer version, or its rows
                do not fit the schema (naming the table and row).
        """
        ...


class SecretStore(Protocol):
    """Where her passwords and keys live (``smtp.password``, ``caldav.password``,
    ``routing.key``): the system keyring when one is available, else a file readable by
    her alone."""

    def get(self, name: str) -> str | None:
        """The secret called ``name`` (a setting name), or None when none is stored."""
        ...

    def set(self, name: str, value: str) -> None:
        """Store (or replace) a secret.

        Raises:
            InputError: the keyring refused it and the file cannot be written.
        """
        ...

    def delete(self, name: str) -> None:
        """Forget a secret (nothing happens when there is none)."""
        ...

    def where(self) -> str:
        """Where secrets are kept, in words (``keyring SecretService``, or the file)."""
        ...

"""The database file and private files, for forgetting and exporting a client (implements
``PrivacyAdapters`` of :mod:`creneau.services.privacy_ports`).

SQLite does not erase what a transaction deletes: the text stays in free pages of the
file, and in write-ahead-log mode older versions of the pages stay in the ``-wal`` file
until a checkpoint and the log's next reuse (https://www.sqlite.org/fileformat2.html §1.5,
https://www.sqlite.org/wal.html). ``VACUUM`` rebuilds the file from its live content
(https://www.sqlite.org/lang_vacuum.html); ``PRAGMA wal_checkpoint(TRUNCATE)`` then copies
the log into the file and truncates the log to zero bytes
(https://www.sqlite.org/pragma.html#pragma_wal_checkpoint). This also erases the text of
earlier edits (an address she corrected long ago), which ``PRAGMA secure_delete`` would
not: it only zeroes what is deleted while it is on.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlalchemy as sa

from creneau.adapters.files import write_atomically
from creneau.domain.errors import InputError


class SqlitePrivacy:
    """Rewrites the database file of ``engine`` and writes private files.

    Args:
        engine: an engine from :func:`creneau.adapters.store.engine.create_sqlite_engine`.
    """

    def __init__(self, engine: sa.Engine) -> None:
        self._engine = engine

    def erase_freed_space(self) -> bool:
        """``VACUUM``, then ``PRAGMA wal_checkpoint(TRUNCATE)``, on a connection outside any
        transaction.

        Returns:
            True when the file was rebuilt and the whole log copied and emptied; False when
            another connection kept it from doing so (a write, or a read for the
            checkpoint), after waiting for the busy timeout.
        """
        with self._engine.connect() as connection:
            driver = connection.connection.driver_connection
            if driver is None:  # pragma: no cover - only for a closed connection
                raise RuntimeError("the database connection is closed")
            # the driver's own cursor: SQLAlchemy would begin a transaction, and VACUUM
            # cannot run inside one
            try:
                driver.execute("VACUUM")
                busy, _log, _copied = driver.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            except sqlite3.OperationalError:  # locked by another connection
                return False
        return int(busy) == 0

    def write_private(self, path: str, data: bytes, option: str, *, replace: bool) -> None:
        """Write ``data`` to ``path`` at once, mode 0600 (see ``PrivacyAdapters``).

        Raises:
            InputError: with ``field=option``: the file exists and ``replace`` is False,
                its folder does not exist, or it cannot be written.
        """
        target = Path(path)
        if not replace and target.exists() and not target.is_dir():
            raise InputError(
                "the file exists already: give --force to replace it", file=path, field=option
            )
        write_atomically(path, data, option, private=True)

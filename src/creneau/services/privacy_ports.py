"""Ports of her clients' personal data (RGPD): what exporting and forgetting a client need
beyond the unit of work (Protocols implemented in ``creneau.adapters``)."""

from __future__ import annotations

from typing import Protocol


class PrivacyAdapters(Protocol):
    """The database file and private files."""

    def erase_freed_space(self) -> bool:
        """Rewrite the database file so that no deleted or replaced text stays in it.

        SQLite keeps deleted text in free pages and, in write-ahead-log mode, old page
        versions in the ``-wal`` file: this rebuilds the file (``VACUUM``) and then copies
        the log into it and empties it (``PRAGMA wal_checkpoint(TRUNCATE)``). Run it
        outside any transaction, after the commit of what it must erase.

        Returns:
            True when the file was rebuilt and its log emptied; False when another
            program kept the database busy (the log is emptied when the last program
            closes it; the next rewrite rebuilds the file).
        """
        ...

    def write_private(self, path: str, data: bytes, option: str, *, replace: bool) -> None:
        """Write ``data`` to ``path`` at once (temporary file, rename: never half a file),
        readable and writable by her alone (mode 0600).

        Args:
            path: the file to write.
            data: its whole content.
            option: the command-line option that named the file, for errors.
            replace: replace a file already there; when False such a file is refused.

        Raises:
            InputError: with ``field=option``: the file exists and ``replace`` is False,
                its folder does not exist, or it cannot be written.
        """
        ...

"""Backups of her database: made by hand, once a day when Créneau runs, before every
schema migration, before a restore or a whole import; kept by number and by age.

Policy (settings):

- ``backup.keep``: at most this many backups are kept, the newest (default 10);
- ``backup.retention_days``: backups older than this are deleted (default 90), so that
  the data of a client she asked to forget does not outlive that period in a backup.

Times here are the real clock's (file names), not the ``--now`` of a replay: a backup
is a fact of the file system. The backup files themselves are made by the store adapter
(``DatabaseSafety``), with SQLite's online backup API.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from creneau.domain.errors import CreneauError, InputError
from creneau.services.context import ServiceContext
from creneau.services.safety_ports import BackupFile, DatabaseSafety

#: A daily backup is made when the newest backup is older than this.
DAILY = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class Pruned:
    """What a backup run did: the new backup (or None), the backups deleted, and why the
    day's automatic backup could not be made (``problem``; her work goes on)."""

    made: BackupFile | None
    deleted: tuple[BackupFile, ...]
    problem: str | None = None


def _safety(ctx: ServiceContext) -> DatabaseSafety:
    if ctx.safety is None:
        raise InputError("backups are not available here")
    return ctx.safety


def backup_now(ctx: ServiceContext, at: datetime, reason: str = "manual") -> Pruned:
    """Make a backup now, then delete the ones the policy no longer keeps.

    Args:
        ctx: the service context.
        at: aware datetime (the real clock).
        reason: ``manual``, ``daily``, ``before-restore``, ``before-import``...

    Raises:
        InputError: backups are not available, or the folder cannot be written.
    """
    safety = _safety(ctx)
    try:
        made = safety.create(reason, at)
    except OSError as exc:
        raise InputError(f"cannot write the backup: {exc.strerror or exc}") from exc
    return Pruned(made, prune(ctx, at, keep_also=made))


def ensure_daily(ctx: ServiceContext, at: datetime) -> Pruned:
    """The backup of the day: made when the newest backup is more than 24 hours old and
    her database holds at least one client (an empty folder needs none).

    Never raises for a backup that cannot be written (a full disk, a read-only folder):
    the command she ran must still work; ``problem`` says why, for a warning.

    Args:
        ctx: the service context.
        at: aware datetime (the real clock).
    """
    if ctx.safety is None:
        return Pruned(None, ())
    try:
        backups = ctx.safety.list()
        if backups and at - backups[-1].taken_at < DAILY:
            return Pruned(None, ())
        with ctx.uow(read_only=True) as uow:
            if not uow.clients.list():
                return Pruned(None, ())
        return backup_now(ctx, at, "daily")
    except (CreneauError, OSError) as exc:
        return Pruned(None, (), problem=str(exc))


def prune(
    ctx: ServiceContext, at: datetime, keep_also: BackupFile | None = None
) -> tuple[BackupFile, ...]:
    """Delete the backups older than ``backup.retention_days`` and all but the newest
    ``backup.keep``; ``keep_also`` (the one just made) is never deleted.

    Returns:
        The deleted backups, oldest first.
    """
    safety = _safety(ctx)
    values = ctx.settings().values
    keep, days = int(values["backup.keep"]), int(values["backup.retention_days"])
    backups = safety.list()
    old = at - timedelta(days=days)
    kept_by_number = {b.path for b in backups[-keep:]}
    doomed = [
        b
        for b in backups
        if (b.taken_at < old or b.path not in kept_by_number)
        and (keep_also is None or b.path != keep_also.path)
    ]
    for backup in doomed:
        safety.delete(backup)
    return tuple(doomed)


def list_backups(ctx: ServiceContext) -> list[BackupFile]:
    """The backups of her data folder, oldest first."""
    return _safety(ctx).list()


def check(ctx: ServiceContext, path: Path) -> str:
    """The schema revision of a database file she wants to restore (nothing changed).

    Raises:
        InputError: naming the file, when it cannot be restored (see
            :meth:`~creneau.services.safety_ports.DatabaseSafety.check`).
    """
    return _safety(ctx).check(path)


def restore(ctx: ServiceContext, path: Path, at: datetime) -> tuple[str, BackupFile]:
    """Replace her data with a backup's, after backing up the current data.

    Args:
        ctx: the service context.
        path: the backup file (or any Créneau database file).
        at: aware datetime (the real clock), for the safety backup's name.

    Returns:
        The restored file's schema revision and the backup made of the data it replaced.

    Raises:
        InputError: the file is not a readable, sound Créneau database of this or an older
            version (nothing is changed then).
    """
    safety = _safety(ctx)
    revision = safety.check(path)
    before = backup_now(ctx, at, "before-restore").made
    assert before is not None
    safety.restore(path)
    return revision, before


def export_all(ctx: ServiceContext, path: str, option: str = "FILE") -> dict[str, int]:
    """Write everything she has to ``path``, to move to another machine: every table's
    rows and the schema revision, as JSON (shape in the README, ``export --all``).

    Returns:
        Rows written per table.

    Raises:
        InputError: the file cannot be written (``field=option``).
    """
    return _safety(ctx).write_export(path, option)


def import_all(ctx: ServiceContext, data: bytes, source: str, at: datetime) -> dict[str, int]:
    """Replace her data with an ``export --all`` file, after backing up the current data.

    Args:
        ctx: the service context.
        data: the file's bytes (UTF-8 JSON).
        source: its name, for messages.
        at: aware datetime (the real clock).

    Returns:
        Rows loaded per table.

    Raises:
        InputError: naming the file: not JSON, not an export, from a newer version, or a
            row that does not fit (nothing is changed then).
    """
    safety = _safety(ctx)
    try:
        parsed = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise InputError("the file is not UTF-8 text", file=source) from exc
    except json.JSONDecodeError as exc:
        raise InputError(f"not JSON: {exc.msg}", file=source, line=exc.lineno) from exc
    backup_now(ctx, at, "before-import")
    try:
        return safety.load(parsed)
    except InputError as exc:
        raise InputError(exc.message, file=source, field=exc.field) from exc

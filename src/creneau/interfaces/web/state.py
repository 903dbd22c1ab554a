"""What every request of the web app shares: the services, the clock and the plan cache.

Computing a plan takes seconds; a page must render in a few milliseconds. The app keeps the
last plan it computed (with the attention report of the same moment) and reuses it until
something changes: a write through the web app (which replans at once), a change of the
database by another program (the CLI: its file's modification time moves), or the clock
moving past the plan's grid step. Each replan also makes the day's backup when it is
due (:func:`creneau.services.backups.ensure_daily`), so a server left running for days
still keeps one a day.
"""

from __future__ import annotations

import dataclasses
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from creneau.services.attention_report import AttentionReport, attention_from
from creneau.services.backups import ensure_daily
from creneau.services.context import ServiceContext
from creneau.services.planning import PlanReport, compute_plan, load_inputs
from creneau.settings import Settings


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The plan and the clients owed attention, computed at one moment.

    Args:
        report: the plan (computed with the stored settings' language).
        attention: the clients owed attention at ``report.now``.
    """

    report: PlanReport
    attention: AttentionReport


@dataclass
class WebState:
    """The app's shared state (``app.state.web``).

    Args:
        services: the service context, with the stored settings.
        clock: "now" (aware); fixed by ``--now``.
        database: the SQLite file, to notice changes made by another program, or None.
        fixed_language: the ``--lang`` option, which wins over the stored setting and the
            page's switch, or None.
    """

    services: ServiceContext
    clock: Callable[[], datetime]
    database: Path | None = None
    fixed_language: str | None = None
    _snapshot: Snapshot | None = field(default=None, repr=False)
    _stamp: tuple[int, ...] | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def now(self) -> datetime:
        """The current moment (aware)."""
        return self.clock()

    def settings(self) -> Settings:
        """The stored settings (with ``--lang`` applied)."""
        return self.services.settings()

    def in_language(self, language: str) -> ServiceContext:
        """The service context whose messages are in ``language``."""
        overrides = {**(self.services.setting_overrides or {}), "language": language}
        return dataclasses.replace(self.services, setting_overrides=overrides)

    def _file_stamp(self) -> tuple[int, ...]:
        if self.database is None:
            return ()
        stamp: list[int] = []
        for path in (self.database, self.database.with_name(self.database.name + "-wal")):
            try:
                info = os.stat(path)
            except OSError:
                stamp += [0, 0]
            else:
                stamp += [info.st_mtime_ns, info.st_size]
        return tuple(stamp)

    def snapshot(self, now: datetime | None = None) -> Snapshot:
        """The plan at ``now`` (default: the clock), reused while nothing changed.

        Raises:
            InputError: invalid stored settings.
        """
        now = now or self.now()
        with self._lock:
            current = self._snapshot
            if current is not None and self._stamp == self._file_stamp():
                step = timedelta(minutes=current.report.settings.rules().granularity_minutes)
                if current.report.now <= now < current.report.now + step:
                    return current
            return self._replan(now)

    def replan(self) -> Snapshot:
        """Recompute and store the plan now (after a change); see :func:`compute_plan`."""
        with self._lock:
            return self._replan(self.now())

    def forget(self) -> None:
        """Drop the cached plan (the next page replans)."""
        with self._lock:
            self._snapshot = None

    def _replan(self, now: datetime) -> Snapshot:
        # a server left running for days still makes the backup of each day (real clock)
        ensure_daily(self.services, datetime.now(UTC))
        report = compute_plan(self.services, now)
        attention = attention_from(self.services, load_inputs(self.services), now)
        self._snapshot = Snapshot(report, attention)
        self._stamp = self._file_stamp()
        return self._snapshot

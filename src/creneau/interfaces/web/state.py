"""What every request of the web app shares: the services, the clock and the plan cache.

Computing a plan takes from a fraction of a second (her usual fifty jobs) to many seconds
(thousands); a page must render in a few milliseconds. The app keeps the last plan it
computed (with the attention report of the same moment) and reuses it until something
changes: a write through the web app, a change of the database by another program (the
CLI: its file's modification time moves), or the clock moving past the plan's grid step.

New plans are computed by one worker thread, in the background: a change asks for one
and waits for it up to ``web.replan_wait`` seconds (so that with a quick plan the page
after the change shows it); past that wait, and for every page read while a new plan is
on its way, the pages show the last plan with a "plan being updated" note. Changes made
while a plan is computed are gathered into one more plan, never one each. Only the very
first page waits for its plan whatever the time. Each plan also makes the day's backup
when it is due (:func:`creneau.services.backups.ensure_daily`), so that a server left
running for days still keeps one a day.
"""

from __future__ import annotations

import dataclasses
import os
import threading
import time
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
        wall: the Unix time in seconds (the sessions' ages; the real one, even when
            ``--now`` fixes the plan's clock).
        replan_wait: how long a change waits for its new plan, in seconds; None: the
            setting ``web.replan_wait``.
    """

    services: ServiceContext
    clock: Callable[[], datetime]
    database: Path | None = None
    fixed_language: str | None = None
    wall: Callable[[], float] = time.time
    replan_wait: float | None = None
    _snapshot: Snapshot | None = field(default=None, repr=False)
    _stamp: tuple[int, ...] | None = field(default=None, repr=False)
    _done: threading.Condition = field(default_factory=threading.Condition, repr=False)
    _asked: int = field(default=0, repr=False)
    _finished: int = field(default=0, repr=False)
    _asked_now: datetime | None = field(default=None, repr=False)
    _worker: threading.Thread | None = field(default=None, repr=False)
    _failure: Exception | None = field(default=None, repr=False)

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

    def _fresh(self, current: Snapshot, now: datetime) -> bool:
        step = timedelta(minutes=current.report.settings.rules().granularity_minutes)
        return self._stamp == self._file_stamp() and (
            current.report.now <= now < current.report.now + step
        )

    def snapshot(self, now: datetime | None = None) -> Snapshot:
        """The plan at ``now`` (default: the clock), reused while nothing changed.

        When the plan is out of date, a new one is asked of the worker; the last one is
        returned at once while a new one is already on its way (see :meth:`updating`),
        else after waiting up to ``web.replan_wait`` seconds for the new one.

        Raises:
            InputError: invalid stored settings (the plan cannot be made).
        """
        now = now or self.now()
        with self._done:
            current = self._snapshot
            if current is not None and self._fresh(current, now):
                return current
            if current is not None and self._asked > self._finished:
                return current  # a new plan is on its way: show the last one meanwhile
        target = self._ask(now)
        return self._wait(target, None if current is None else self._replan_wait())

    def replan(self) -> None:
        """Ask for a new plan (after a change) and wait for it up to ``web.replan_wait``
        seconds; see :func:`compute_plan`.

        Raises:
            InputError: invalid stored settings (when the plan came within the wait).
        """
        target = self._ask(None)
        self._wait(target, self._replan_wait())

    def updating(self) -> bool:
        """Whether a new plan is being computed (the pages show the last one meanwhile)."""
        with self._done:
            return self._asked > self._finished

    def forget(self) -> None:
        """Drop the cached plan (the next page waits for a new one)."""
        with self._done:
            self._snapshot = None

    def _replan_wait(self) -> float:
        if self.replan_wait is not None:
            return self.replan_wait
        return float(self.settings().values["web.replan_wait"])

    def _ask(self, now: datetime | None) -> int:
        """Ask the worker for a plan at ``now`` (None: the clock when it starts); returns
        the number of the ask, to wait for."""
        with self._done:
            self._asked += 1
            self._asked_now = now
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(
                    target=self._work, name="creneau-replan", daemon=True
                )
                self._worker.start()
            return self._asked

    def _wait(self, target: int, timeout: float | None) -> Snapshot:
        """The plan once ask ``target`` is served (or the last one after ``timeout``
        seconds, when there is one).

        Raises:
            InputError: the plan asked for failed (invalid stored settings).
        """
        with self._done:
            self._done.wait_for(lambda: self._finished >= target, timeout)
            if self._failure is not None and self._finished >= target:
                raise self._failure
            if self._snapshot is None:
                self._done.wait_for(lambda: self._snapshot is not None or self._failure is not None)
                if self._snapshot is None:
                    assert self._failure is not None
                    raise self._failure
            return self._snapshot

    def _work(self) -> None:
        """The worker: one plan for all the asks made since the last one, until none is
        left."""
        while True:
            with self._done:
                if self._finished >= self._asked:
                    self._worker = None
                    return
                target, now = self._asked, self._asked_now
            stamp = self._file_stamp()  # before reading: a later change makes it stale
            try:
                snapshot = self._compute(now or self.now())
            except Exception as exc:  # kept for the waiting pages (InputError: a 400)
                with self._done:
                    self._failure, self._finished = exc, target
                    self._done.notify_all()
                continue
            with self._done:
                self._snapshot, self._stamp, self._failure = snapshot, stamp, None
                self._finished = target
                self._done.notify_all()

    def _compute(self, now: datetime) -> Snapshot:
        # a server left running for days still makes the backup of each day (real clock)
        ensure_daily(self.services, datetime.now(UTC))
        report = compute_plan(self.services, now)
        attention = attention_from(self.services, load_inputs(self.services), now)
        return Snapshot(report, attention)

"""What every request of the web app shares: the services, the clock and the plan cache.

Computing a plan takes from a fraction of a second (her usual fifty jobs) to many seconds
(thousands); a page must render in a few milliseconds. The app keeps the last plan it
computed (with the attention report of the same moment) and reuses it until something
changes: her data (the store's data revision moves on every change, whoever makes it: the
web app or a command; a new plan does not move it), or the clock moving past the plan's
grid step. The lists the pages read (settings, clients, jobs...) are kept the same way,
until the data revision moves. The revision is read from the database only when its file
changed since the last read (two ``stat`` calls otherwise).

New plans are computed by one worker thread, in the background (itself handing the work
to a child process when the app is given a ``planner``, as ``creneau serve`` does: the
search then never slows the pages down, see :mod:`creneau.interfaces.web.planner`): a
change asks for one
and waits for it up to ``web.replan_wait`` seconds (so that with a quick plan the page
after the change shows it); past that wait, and for every page read while a new plan is
on its way, the pages show the last plan with a "plan being updated" note. Changes made
while a plan is computed are gathered into one more plan, never one each. Only the very
first page waits for its plan whatever the time. Each plan also makes the day's backup
when it is due (:func:`creneau.services.backups.ensure_daily`), so that a server left
running for days still keeps one a day.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from creneau.services.attention_report import AttentionReport, attention_from
from creneau.services.backups import ensure_daily
from creneau.services.context import ServiceContext
from creneau.services.planning import PlanReport, compute_plan, load_inputs
from creneau.settings import Settings

Planner = Callable[[datetime], "Snapshot"]
"""Computes the plan and attention at a moment (aware) and saves the plan: by default
:func:`compute_snapshot` in the worker thread; ``creneau serve`` gives one that works in
a child process."""

Reader = Callable[..., Any]
"""Runs ``function(services, *arguments)`` (a long read of the pages, see
:meth:`WebState.read_far`) elsewhere and returns its result: ``creneau serve`` gives one
that works in a child process; by default the reads are made in this process."""

_T = TypeVar("_T")
_S = TypeVar("_S")


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The plan and the clients owed attention, computed at one moment.

    Args:
        report: the plan (computed with the stored settings' language).
        attention: the clients owed attention at ``report.now``.
    """

    report: PlanReport
    attention: AttentionReport
    _derived: dict[str, tuple[object, Any]] = field(default_factory=dict, compare=False, repr=False)

    def derived(self, name: str, compute: Callable[[], _T], source: object = None) -> _T:
        """``compute()`` (something the pages draw from this plan, e.g. the timer's job
        list), made once per plan and kept with it; made again when ``source`` (what it
        is also drawn from, e.g. a list kept by :meth:`WebState.read`) is another object.

        Args:
            name: its key.
            compute: makes it, without arguments; what it returns is shared by the
                requests and must not be changed by them.
            source: compared by identity with the one it was made from; None: the plan
                alone.
        """
        return _made_from(self._derived, name, source, compute)


def _made_from(
    kept: dict[str, tuple[object, Any]], name: str, source: object, make: Callable[[], _T]
) -> _T:
    """What ``kept`` holds under ``name`` if it was made from ``source`` (the same object),
    else ``make()``, kept with ``source``."""
    found = kept.get(name)
    if found is not None and found[0] is source:
        return found[1]  # type: ignore[no-any-return]
    value = make()
    kept[name] = (source, value)
    return value


def compute_snapshot(services: ServiceContext, now: datetime) -> Snapshot:
    """Make the day's backup when it is due, compute and save the plan at ``now`` (aware),
    and the clients owed attention at that moment.

    Raises:
        InputError: invalid stored settings.
    """
    # a server left running for days still makes the backup of each day (real clock)
    ensure_daily(services, datetime.now(UTC))
    report = compute_plan(services, now)
    attention = attention_from(services, load_inputs(services), now)
    return Snapshot(report, attention)


READ_PATIENCE = 0.3
"""Seconds a page waits for a long read (made in a child process) of a list that changed
before showing the one kept (see :meth:`WebState.read`)."""

LISTS_WAIT = 10.0
"""Seconds a write through the app waits, at least, for the lists to be read again (a
fraction of a second with her data; seconds with thousands of jobs on a busy computer):
the page after the write then shows it."""

KEEP_REFRESHING = 600.0
"""Seconds after its last use by a page that a write still reads a list again."""


@dataclass
class _Kept:
    """A read kept by :meth:`WebState.read`: the data revision it was made at, its value,
    how to make it again, and when a page last used it (``time.monotonic()``)."""

    revision: int
    value: object
    compute: Callable[[], object]
    used: float = field(default_factory=time.monotonic)


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
        planner: computes and saves a plan (see :data:`Planner`); None: in this process.
        reader: makes the long reads (see :data:`Reader`); None: in this process.
    """

    services: ServiceContext
    clock: Callable[[], datetime]
    database: Path | None = None
    fixed_language: str | None = None
    wall: Callable[[], float] = time.time
    replan_wait: float | None = None
    planner: Planner | None = None
    reader: Reader | None = None
    _snapshot: Snapshot | None = field(default=None, repr=False)
    _plan_revision: int | None = field(default=None, repr=False)
    _done: threading.Condition = field(default_factory=threading.Condition, repr=False)
    _asked: int = field(default=0, repr=False)
    _finished: int = field(default=0, repr=False)
    _asked_now: datetime | None = field(default=None, repr=False)
    _worker: threading.Thread | None = field(default=None, repr=False)
    _failure: Exception | None = field(default=None, repr=False)
    _reads: dict[str, _Kept] = field(default_factory=dict, repr=False)
    _computing: set[str] = field(default_factory=set, repr=False)
    _reads_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _read_done: threading.Condition = field(init=False, repr=False)
    _refreshing: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _writes: int = field(default=0, repr=False)
    _refreshed: threading.Condition = field(default_factory=threading.Condition, repr=False)
    _refresh_asked: int = field(default=0, repr=False)
    _refresh_done: int = field(default=-1, repr=False)
    _refresher: threading.Thread | None = field(default=None, repr=False)
    _seen: tuple[tuple[int, ...], int] | None = field(default=None, repr=False)
    _last_plan_seconds: float | None = field(default=None, repr=False)
    _derived: dict[str, tuple[object, Any]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._read_done = threading.Condition(self._reads_lock)

    def now(self) -> datetime:
        """The current moment (aware)."""
        return self.clock()

    def settings(self) -> Settings:
        """The stored settings (with ``--lang`` applied), read again when the database
        changed (see :meth:`read`)."""
        return self.read("settings", self.services.settings)

    def read(self, name: str, compute: Callable[[], _T], patience: float | None = None) -> _T:
        """``compute()`` (a read of the database, e.g. every job), reused until her data
        changes (the data revision moves: a write of the app or of a command; not a new
        plan): a page of a long list then costs the page, not the list.

        While one request reads it again, or while a write through the app is under way
        (it reads them again itself before its answer, :meth:`refresh`, so that the page
        after a write shows it), the others get the value kept: a page never waits
        behind a read of another, except for the very first read of a list. After a
        change made elsewhere (a command), the first page reads it again itself, waiting
        for it at most ``patience`` seconds when given (the value kept meanwhile; the
        read goes on in the background and is kept when done).

        Args:
            name: the read's key (one value kept per name).
            compute: the read, without arguments; what it returns is shared by the
                requests and must not be changed by them.
            patience: how long a page waits for a read it makes again, in seconds; None:
                until it is done.
        """
        revision = self.revision()
        with self._reads_lock:
            while True:
                kept = self._reads.get(name)
                if kept is not None:
                    kept.used = time.monotonic()
                    if (
                        kept.revision == revision  # != : a replaced database may go back
                        or name in self._computing
                        or self._writes  # the write reads it again before its answer
                        or self._refreshing.locked()
                    ):
                        return kept.value  # type: ignore[return-value]
                if name not in self._computing:
                    break
                self._read_done.wait()  # the first read of it, by another page: wait for it
            self._computing.add(name)
        if kept is None or patience is None:
            return self._read_kept(name, compute, revision)
        done: list[_T] = []
        worker = threading.Thread(
            target=lambda: done.append(self._read_kept(name, compute, revision)),
            name=f"creneau-read-{name}",
            daemon=True,
        )
        worker.start()
        worker.join(patience)
        return done[0] if done else kept.value  # type: ignore[return-value]

    def _read_kept(self, name: str, compute: Callable[[], _T], revision: int) -> _T:
        """Run ``compute`` (``name`` is marked as being read), keep its value labelled
        with ``revision`` (read before it: a later change makes it stale, never the
        reverse) and return it."""
        try:
            value = compute()
            with self._reads_lock:  # labelled with a revision read before: never newer
                self._reads[name] = _Kept(revision, value, compute)
        finally:
            with self._reads_lock:
                self._computing.discard(name)
                self._read_done.notify_all()
        return value

    def derive(self, name: str, source: _S, make: Callable[[_S], _T]) -> _T:
        """``make(source)`` (e.g. the client menu drawn from the list of clients), kept
        while ``source`` is the same object (a list kept by :meth:`read`).

        Args:
            name: its key.
            source: what it is made from (compared by identity).
            make: makes it from ``source``.
        """
        return _made_from(self._derived, name, source, lambda: make(source))

    def forget_reads(self, prefix: str, keep: str) -> None:
        """Drop the reads kept whose names start with ``prefix``, except ``keep`` (e.g.
        the figures of the days before today)."""
        with self._reads_lock:
            for name in [n for n in self._reads if n.startswith(prefix) and n != keep]:
                if name not in self._computing:
                    del self._reads[name]

    def read_far(self, name: str, function: Callable[..., _T], *arguments: Any) -> _T:
        """:meth:`read` of ``function(services, *arguments)``, made by the :data:`Reader`
        when there is one (a child process: the read then never holds up the pages), else
        here.

        Args:
            name: the read's key.
            function: a module-level function (sent to the child by name) taking the
                service context first; its arguments and result must be picklable.
            arguments: its other arguments.
        """
        reader = self.reader
        if reader is None:
            return self.read(name, lambda: function(self.services, *arguments))
        return self.read(name, lambda: reader(function, *arguments), READ_PATIENCE)  # type: ignore[no-any-return]

    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        """The block of a request that may change her data (see :meth:`read`)."""
        with self._reads_lock:
            self._writes += 1
        try:
            yield
        finally:
            with self._reads_lock:
                self._writes -= 1

    def refresh(self) -> int:
        """Read again every read kept (see :meth:`read`) that her data changed since and
        that a page used in the last :data:`KEEP_REFRESHING` seconds (the others, e.g.
        yesterday's figures, are read again only if a page asks for them). Called by a write of the
        app, so that the pages read after it find them ready; one refresh at a time
        (writes made meanwhile share the next), and pages asking for a read being
        refreshed get the value kept meanwhile. Returns the data revision read at its
        start (every list is at least that fresh)."""
        with self._refreshing:
            revision = self.revision()
            with self._reads_lock:
                recent = time.monotonic() - KEEP_REFRESHING
                stale = [
                    n for n, k in self._reads.items() if k.revision != revision and k.used > recent
                ]
            for name in stale:
                with self._reads_lock:
                    kept = self._reads.get(name)
                    # read meanwhile (e.g. by another read that uses it), or by a page now
                    if kept is None or kept.revision == revision or name in self._computing:
                        continue
                    self._computing.add(name)
                try:
                    value = kept.compute()
                    with self._reads_lock:  # labelled with a revision read before
                        self._reads[name] = _Kept(revision, value, kept.compute, kept.used)
                finally:
                    with self._reads_lock:
                        self._computing.discard(name)
                        self._read_done.notify_all()
        return revision

    def revision(self) -> int:
        """The store's data revision (see :class:`creneau.services.ports.DataRevision`),
        read again when the database file changed since the last read, and at least once
        a second (a file's modification time has a coarse grain); without a database
        file, every time."""
        stamp = (*self._file_stamp(), int(time.monotonic()))
        seen = self._seen
        if self.database is not None and seen is not None and seen[0] == stamp:
            return seen[1]
        with self.services.uow(read_only=True) as uow:
            revision = uow.revision.current()
        self._seen = (stamp, revision)  # a stamp taken before the read: never newer
        return revision

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
        return self._plan_revision == self.revision() and (
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
        started = time.monotonic()
        # the lists (every job...), so that the page after the write shows it, meanwhile
        # (the plan is computed by the worker)
        self._refresh_lists(max(self._wait_setting(), LISTS_WAIT))
        self._wait(target, max(0.0, self._replan_wait() - (time.monotonic() - started)))

    def _refresh_lists(self, timeout: float) -> None:
        """Have the lists read again (:meth:`refresh`, by one background thread whose each
        round serves every write made before it began) and wait for them up to
        ``timeout`` seconds (the pages show the lists kept until they are read)."""
        revision = self.revision()
        with self._refreshed:
            self._refresh_asked = max(self._refresh_asked, revision)
            if self._refresher is None or not self._refresher.is_alive():
                self._refresher = threading.Thread(
                    target=self._refresh_rounds, name="creneau-refresh", daemon=True
                )
                self._refresher.start()
            self._refreshed.wait_for(lambda: self._refresh_done >= revision, timeout)

    def _refresh_rounds(self) -> None:
        while True:
            with self._refreshed:
                if self._refresh_done >= self._refresh_asked:
                    self._refresher = None
                    return
            try:
                done = self.refresh()
            except Exception:  # a read that failed: the pages will read it themselves
                with self._refreshed:
                    done = self._refresh_asked
            with self._refreshed:
                self._refresh_done = max(self._refresh_done, done)
                self._refreshed.notify_all()

    def updating(self) -> bool:
        """Whether a new plan is being computed (the pages show the last one meanwhile)."""
        with self._done:
            return self._asked > self._finished

    def forget(self) -> None:
        """Drop the cached plan (the next page waits for a new one)."""
        with self._done:
            self._snapshot = None

    def _replan_wait(self) -> float:
        """How long a change waits for its new plan: ``web.replan_wait`` seconds, or not
        at all when the last plan took longer than that (thousands of jobs: the wait
        would end before the plan, and the page would show the last one anyway)."""
        wait = self._wait_setting()
        last = self._last_plan_seconds
        return 0.0 if last is not None and last > wait else wait

    def _wait_setting(self) -> float:
        """``web.replan_wait`` (or the app's own wait), in seconds."""
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
            self._seen = None  # the revision read from the database, not the stat shortcut
            revision = self.revision()  # before reading: a later change makes it stale
            started = time.monotonic()
            try:
                snapshot = (self.planner or self._compute)(now or self.now())
            except Exception as exc:  # kept for the waiting pages (InputError: a 400)
                with self._done:
                    self._failure, self._finished = exc, target
                    self._done.notify_all()
                continue
            with self._done:
                self._snapshot, self._plan_revision, self._failure = snapshot, revision, None
                self._finished = target
                self._last_plan_seconds = time.monotonic() - started
                self._done.notify_all()

    def _compute(self, now: datetime) -> Snapshot:
        return compute_snapshot(self.services, now)

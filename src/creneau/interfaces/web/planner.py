"""Plans, and the long reads of the pages, computed in child processes, so that they never
slow the pages down.

A plan of thousands of jobs keeps a processor busy for seconds, and reading every job with
its client's figures again after each change takes a good part of a second. In the web
app's own process that work would hold Python's global interpreter lock against the
threads answering pages (each page then waits its turn behind it). ``creneau serve``
hands it to two child processes instead (:class:`ServiceChild`): one computes and saves
the plans (:func:`child_planner`), one makes the long reads (:func:`child_reader`). Each
opens the same data folder and sends its results back pickled; the pages keep showing
what they have meanwhile (see :mod:`creneau.interfaces.web.state`). The children run at a
lower scheduling priority (``nice``), so that on a busy computer the pages come first.

Each child is started with ``spawn`` (a fresh interpreter, not a copy of the threaded
server; Python's documentation advises against ``fork`` in a process with threads), once,
when the server starts; one found dead is replaced by the next task.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import multiprocessing
import multiprocessing.connection
import os
import pickle
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any, TypeVar

from creneau.bootstrap import open_services
from creneau.interfaces.web.state import Planner, Reader, compute_snapshot

NICENESS = 10
"""How much lower the children's scheduling priority is (``os.nice``; 0: the same)."""

_T = TypeVar("_T")


def _child(
    channel: Connection, folder: str, overrides: dict[str, str] | None, niceness: int
) -> None:
    """The child: lower its priority, open the data folder, then answer each task sent,
    ``(function, arguments)``, with ``("ok", function(services, *arguments))`` or
    ``("error", exception)``, until the channel closes."""
    if niceness:
        with contextlib.suppress(OSError):  # a system that refuses: the same priority
            os.nice(niceness)
    parent = multiprocessing.parent_process()
    if parent is not None:  # the server gone (stopped, killed): stop at once, even mid-task
        threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()
    services = open_services(Path(folder))
    if overrides:
        services = dataclasses.replace(services, setting_overrides=dict(overrides))
    while True:
        try:
            function, arguments = channel.recv()
        except (EOFError, OSError):
            return
        try:
            answer: tuple[str, object] = ("ok", function(services, *arguments))
        except Exception as exc:  # sent back, raised again in the server
            answer = ("error", _sendable(exc))
        try:
            channel.send(answer)
        except OSError:  # the server is gone
            return


def _exit_with(parent: BaseProcess) -> None:
    """Wait for ``parent`` to end, then end this process (a write under way is rolled
    back by SQLite: a transaction is whole or not at all)."""
    multiprocessing.connection.wait([parent.sentinel])
    os._exit(0)


def _sendable(error: Exception) -> Exception:
    """``error`` if it survives pickling (it is raised again in the server), else a
    ``RuntimeError`` with its words (an error whose constructor needs other arguments)."""
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:
        return RuntimeError(f"{type(error).__name__}: {error}")
    return error


class ServiceChild:
    """One child process with its own service context on a data folder, running tasks.

    Args:
        folder: the data folder (the child opens its database).
        overrides: the settings given on the command line (``--lang``), or None.
        niceness: how much lower the child's priority is (see :data:`NICENESS`).
        name: the process's name (Python's, in its errors and logs).

    :meth:`run` sends a task, ``function(services, *arguments)``, where ``function`` is a
    module-level function (pickled by name) and the arguments and result can be pickled;
    one task at a time (callers wait for each other).
    """

    def __init__(
        self,
        folder: Path,
        overrides: dict[str, str] | None = None,
        niceness: int = NICENESS,
        name: str = "creneau-child",
    ) -> None:
        self._folder = str(folder)
        self._overrides = dict(overrides) if overrides else None
        self._niceness = niceness
        self._name = name
        self._process: BaseProcess | None = None
        self._channel: Connection | None = None
        self._lock = threading.Lock()

    def start(self) -> None:
        """Start the child now (its interpreter and libraries load meanwhile), so that the
        first task does not wait for them."""
        with self._lock:
            self._started()

    def run(self, function: Callable[..., _T], *arguments: Any) -> _T:
        """``function(services, *arguments)`` run in the child, its result sent back.

        Raises:
            Exception: what the function raised (e.g. ``InputError``), raised again here.
            RuntimeError: the child died during the task (the next task starts another).
        """
        with self._lock:
            channel = self._started()
            try:
                channel.send((function, arguments))
                status, value = channel.recv()
            except (EOFError, OSError) as exc:
                self._stop()
                raise RuntimeError(
                    f"the {self._name} process stopped; the next task starts it again"
                ) from exc
        if status == "error":
            assert isinstance(value, BaseException)
            raise value
        return value  # type: ignore[no-any-return]

    def close(self) -> None:
        """Stop the child at once (a task under way is dropped)."""
        if self._process is not None:
            self._process.terminate()  # a task under way would hold the lock
        with self._lock:
            self._stop()

    def _started(self) -> Connection:
        if self._process is None or not self._process.is_alive() or self._channel is None:
            self._stop()
            ours, theirs = multiprocessing.Pipe()
            process = multiprocessing.get_context("spawn").Process(
                target=_child,
                args=(theirs, self._folder, self._overrides, self._niceness),
                name=self._name,
                daemon=True,
            )
            process.start()
            theirs.close()
            self._process, self._channel = process, ours
        return self._channel

    def _stop(self) -> None:
        process, channel = self._process, self._channel
        self._process = self._channel = None
        if channel is not None:
            channel.close()
        if process is not None:
            process.terminate()
            process.join(timeout=10)


def child_planner(child: ServiceChild) -> Planner:
    """A :data:`~creneau.interfaces.web.state.Planner` computing (and saving) the plans in
    ``child``: called with an aware ``now``, it returns the :class:`Snapshot` made there."""
    return functools.partial(child.run, compute_snapshot)


def child_reader(child: ServiceChild) -> Reader:
    """A :data:`~creneau.interfaces.web.state.Reader` making the pages' long reads in
    ``child``."""
    return child.run

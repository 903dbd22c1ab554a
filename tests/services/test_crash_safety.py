"""Crash safety: a process killed (SIGKILL) at random points of a large import or of a
plan save leaves a sound database holding all of that write or none of it.

Each run starts from a copy of the same database (the scenario, checkpointed), forks a
worker (cheaper than a new interpreter: the suite must stay in its CI budget) that opens
its own connection, tells the parent through a pipe that the write begins, and writes;
the parent kills it after a random delay drawn over the write's measured length, then
checks ``PRAGMA integrity_check`` and that the rows are those of before or of after.
The delays come from a seeded generator: a failure can be replayed.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from creneau.bootstrap import open_services
from creneau.domain.models import Block, BlockKind, SavedPlan
from creneau.services.importing import import_file
from tests.conftest import SCENARIO_NOW
from tests.services.atelier import load

JOBS = 200
"""Rows of the jobs spreadsheet imported (long enough a write to be cut in its middle)."""

BLOCKS = 2000
"""Blocks of each of the two plans saved in turn."""

IMPORT_KILLS = 100
PLAN_KILLS = 100


def _checkpointed(folder: Path) -> Path:
    database = folder / "creneau.sqlite3"
    with sqlite3.connect(database) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return database


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The scenario's database, every change in the main file (no -wal)."""
    folder = tmp_path_factory.mktemp("crash") / "data"
    ctx = load(folder)
    with ctx.uow() as uow:
        clients = [c.name for c in uow.clients.list()]
    assert clients
    return _checkpointed(folder)


def _jobs_csv(clients: list[str]) -> bytes:
    lines = ["client,title,kind,estimate_hours,received,due,deadline,status,spent_hours"]
    for n in range(JOBS):
        client = clients[n % len(clients)].replace('"', '""')
        lines.append(f'"{client}",Saisie lot {n:04d},work,2,2026-11-20,2027-02-15,soft,todo,0')
    return ("\n".join(lines) + "\n").encode("utf-8")


def _plan(job_ids: list[str], client_of: dict[str, str], shift_minutes: int) -> SavedPlan:
    start = SCENARIO_NOW + timedelta(minutes=shift_minutes)
    blocks = []
    for n in range(BLOCKS):
        job = job_ids[n % len(job_ids)]
        begin = start + timedelta(hours=n)
        blocks.append(
            Block(
                f"{job}/{n}",
                begin,
                begin + timedelta(minutes=45),
                BlockKind.WORK,
                job,
                client_of[job],
            )
        )
    return SavedPlan(computed_at=start, order=tuple(job_ids), blocks=tuple(blocks))


def _rows(database: Path, query: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        return connection.execute(query).fetchall()


def _killed_runs(
    base: Path,
    work: Path,
    kills: int,
    write: Callable[[Path], None],
    check: Callable[[Path], str],
    seed: int,
) -> dict[str, int]:
    """Run ``write(folder)`` in forked workers, each on a fresh copy of ``base``, killing
    each at a random point, until ``kills`` workers died by the kill (at most three times
    as many runs); ``check(database)`` says which outcome a run left (and fails on a
    broken one). Returns how many runs left each outcome, and ``killed``."""
    chance = random.Random(seed)
    probe = work / "probe"
    probe.mkdir(parents=True)
    shutil.copy(base, probe / base.name)
    began = time.perf_counter()
    write(probe)  # unkilled: how long a write takes, to spread the kills over it
    length = time.perf_counter() - began
    outcomes: dict[str, int] = {"killed": 0}
    for run in range(3 * kills):
        if outcomes["killed"] >= kills:
            break
        folder = work / f"run{run}"
        folder.mkdir()
        shutil.copy(base, folder / base.name)
        ready, go = os.pipe()
        pid = os.fork()
        if pid == 0:  # the worker: never returns into pytest
            code = 0
            try:
                os.close(ready)
                os.write(go, b"1")
                write(folder)
            except BaseException:  # pragma: no cover - the parent sees the exit code
                code = 1
            finally:
                os._exit(code)
        os.close(go)
        assert os.read(ready, 1) == b"1"
        os.close(ready)
        time.sleep(chance.uniform(0, length))
        os.kill(pid, signal.SIGKILL)
        _pid, status = os.waitpid(pid, 0)
        if os.WIFSIGNALED(status):
            outcomes["killed"] += 1
        else:
            assert os.WEXITSTATUS(status) == 0, f"run {run}: the worker failed on its own"
        outcome = check(folder / base.name)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
        shutil.rmtree(folder)
    return outcomes


def test_an_import_killed_anywhere_is_all_or_nothing(base: Path, tmp_path: Path) -> None:
    (jobs_before,) = _rows(base, "SELECT COUNT(*) FROM jobs")
    clients = [name for (name,) in _rows(base, "SELECT name FROM clients ORDER BY name")]
    data = _jobs_csv(clients)

    def write(folder: Path) -> None:
        import_file(open_services(folder), data, "lots.csv")

    def check(database: Path) -> str:
        (new,) = _rows(database, "SELECT COUNT(*) FROM jobs WHERE title LIKE 'Saisie lot %'")
        (total,) = _rows(database, "SELECT COUNT(*) FROM jobs")
        assert new[0] in (0, JOBS), f"{new[0]} of the {JOBS} rows stored"
        assert total[0] == jobs_before[0] + new[0]
        return "all" if new[0] else "none"

    outcomes = _killed_runs(base, tmp_path, IMPORT_KILLS, write, check, seed=9)
    assert outcomes["killed"] >= IMPORT_KILLS
    assert outcomes.get("none", 0) > 0  # kills did cut imports short


def test_a_plan_save_killed_anywhere_keeps_one_whole_plan(base: Path, tmp_path: Path) -> None:
    rows = _rows(base, "SELECT id, client_id FROM jobs ORDER BY id")
    job_ids = [str(job) for job, _client in rows]
    client_of = {str(job): str(client) for job, client in rows}
    first, second = _plan(job_ids, client_of, 0), _plan(job_ids, client_of, 30)
    with_plan = tmp_path / "with-plan"
    with_plan.mkdir()
    shutil.copy(base, with_plan / base.name)
    ctx = open_services(with_plan)
    with ctx.uow() as uow:
        uow.plans.save(first)
    saved = _checkpointed(with_plan)
    stamps = {first.computed_at.isoformat(): "old", second.computed_at.isoformat(): "new"}
    starts = {
        "old": sorted(b.start.isoformat() for b in first.blocks),
        "new": sorted(b.start.isoformat() for b in second.blocks),
    }

    def write(folder: Path) -> None:
        with open_services(folder).uow() as uow:
            uow.plans.save(second)

    def check(database: Path) -> str:
        (state,) = _rows(database, "SELECT computed_at FROM plan_state")
        which = stamps[str(state[0])]
        stored = sorted(str(s) for (s,) in _rows(database, "SELECT start FROM plan_blocks"))
        assert stored == starts[which], "the blocks are not those of one whole plan"
        return which

    outcomes = _killed_runs(saved, tmp_path / "runs", PLAN_KILLS, write, check, seed=10)
    assert outcomes["killed"] >= PLAN_KILLS
    assert outcomes.get("old", 0) > 0

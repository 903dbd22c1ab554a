"""What the web app keeps in memory: reads kept until her data changes (whoever changes
it), not when a plan is saved; one read at a time; a write reads them again itself; a plan
kept until her data changes; plans computed in a child process."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from creneau.bootstrap import open_services
from creneau.domain.errors import InputError, NotFoundError
from creneau.domain.models import Client
from creneau.interfaces.web import state as state_module
from creneau.interfaces.web.app import create_app
from creneau.interfaces.web.pages_catalog import client_options
from creneau.interfaces.web.planner import ServiceChild, _sendable, child_planner, child_reader
from creneau.interfaces.web.state import Snapshot, WebState
from creneau.paths import database_path
from creneau.services import catalog
from creneau.services.catalog import set_setting
from creneau.services.planning import compute_plan
from tests.web.conftest import TEST_HOSTS, Clock


def _state(folder: Path) -> WebState:
    return WebState(services=open_services(folder), clock=Clock(), database=database_path(folder))


class Counted:
    """A read that counts its calls (the number of clients stored)."""

    def __init__(self, state: WebState) -> None:
        self.state = state
        self.calls = 0

    def __call__(self) -> int:
        self.calls += 1
        return len(catalog.list_clients(self.state.services))


def test_a_read_is_kept_until_her_data_changes_whoever_changes_it(data_folder: Path) -> None:
    state = _state(data_folder)
    read = Counted(state)
    first = state.read("clients", read)
    assert state.read("clients", read) == first
    assert read.calls == 1
    # another program (a command) adds a client to the same database
    other = open_services(data_folder)
    with other.uow() as uow:
        uow.clients.add(Client(id="c-new", name="Nouvelle cliente"))
    assert state.read("clients", read) == first + 1
    assert read.calls == 2


def test_a_new_plan_does_not_make_the_pages_read_again(data_folder: Path) -> None:
    state = _state(data_folder)
    read = Counted(state)
    state.read("clients", read)
    compute_plan(open_services(data_folder), Clock.now)  # saves a plan: no data changed
    state.read("clients", read)
    assert read.calls == 1


def test_pages_reading_the_same_list_at_once_read_it_once(data_folder: Path) -> None:
    state = _state(data_folder)
    started, release = threading.Event(), threading.Event()
    calls = []

    def slow() -> str:
        calls.append(1)
        started.set()
        release.wait(30)
        return "every job"

    answers: list[str] = []
    first = threading.Thread(target=lambda: answers.append(state.read("jobs", slow)))
    first.start()
    assert started.wait(30)
    second = threading.Thread(target=lambda: answers.append(state.read("jobs", slow)))
    second.start()
    second.join(0.3)
    assert second.is_alive()  # waits for the first read instead of reading too
    release.set()
    first.join(30)
    second.join(30)
    assert answers == ["every job", "every job"]
    assert len(calls) == 1


def test_while_a_list_is_read_again_other_pages_get_the_one_kept(data_folder: Path) -> None:
    state = _state(data_folder)
    version = ["old"]
    started, release = threading.Event(), threading.Event()

    def read() -> str:
        if version[0] == "new":
            started.set()
            release.wait(30)
        return version[0]

    assert state.read("list", read) == "old"
    with open_services(data_folder).uow() as uow:  # her data changes
        uow.clients.add(Client(id="c-new", name="Nouvelle cliente"))
    version[0] = "new"
    answers: list[str] = []
    first = threading.Thread(target=lambda: answers.append(state.read("list", read)))
    first.start()
    assert started.wait(30)
    assert state.read("list", read) == "old"  # at once, not after the read under way
    release.set()
    first.join(30)
    assert answers == ["new"]
    assert state.read("list", read) == "new"


def test_a_write_through_the_app_reads_the_lists_again_before_its_answer(
    data_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = create_app(open_services(data_folder), clock=Clock(), hosts=TEST_HOSTS, replan_wait=600)
    calls = []
    real = catalog.list_jobs

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(threading.current_thread().name)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(catalog, "list_jobs", counted)
    with TestClient(app) as client:
        assert "Saisie" in client.get("/jobs").text
        page = client.get("/jobs/new").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert token
        read_before_write = len(calls)
        answer = client.post(
            "/jobs",
            data={
                "csrf_token": token.group(1),
                "client": "Fournil",
                "title": "Relevé de TVA",
                "effort": "2h",
                "due": "2026-12-18",
            },
            follow_redirects=False,
        )
        assert answer.status_code == 303
        assert len(calls) == read_before_write + 1  # the write read the job list again
        assert "Relevé de TVA" in client.get("/jobs").text
        assert len(calls) == read_before_write + 1  # the page after it found it ready


def test_a_plan_is_kept_until_her_data_changes(
    data_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plans = []
    real = state_module.compute_plan

    def counted(services: object, now: datetime) -> object:
        plans.append(now)
        return real(services, now)  # type: ignore[arg-type]

    monkeypatch.setattr(state_module, "compute_plan", counted)
    clock = Clock()
    app = create_app(
        open_services(data_folder),
        clock=clock,
        database=database_path(data_folder),
        hosts=TEST_HOSTS,
        replan_wait=600,
    )
    with TestClient(app) as client:
        for page in ("/", "/week", "/api/plan", "/"):
            assert client.get(page).status_code == 200
        assert len(plans) == 1  # its own saved plan does not make it stale
        set_setting(open_services(data_folder), "hours.fri", "09:00-12:00")  # a command
        client.get("/")
        assert len(plans) == 2
        clock.now += timedelta(hours=1)  # past the plan's grid step
        client.get("/")
        assert len(plans) == 3


def test_a_change_does_not_wait_for_a_plan_slower_than_the_wait(data_folder: Path) -> None:
    state = _state(data_folder)
    state.replan_wait = 2.0
    assert state._replan_wait() == 2.0
    state._last_plan_seconds = 0.5
    assert state._replan_wait() == 2.0
    state._last_plan_seconds = 6.0  # thousands of jobs: the page shows the last plan
    assert state._replan_wait() == 0.0


def test_a_child_process_computes_and_saves_the_plan(data_folder: Path) -> None:
    child = ServiceChild(data_folder, {"language": "en"}, niceness=0)
    planner = child_planner(child)
    try:
        snapshot = planner(Clock.now)
        assert isinstance(snapshot, Snapshot)
        assert snapshot.report.now == Clock.now
        assert snapshot.report.language == "en"  # the command line's --lang went along
        # the 12 clients of the scenario's clients.csv; the plan saved by the child
        assert len(snapshot.report.clients) == 12
        with open_services(data_folder).uow(read_only=True) as uow:
            saved = uow.plans.latest()
        assert saved is not None
        assert saved.computed_at == Clock.now
        assert len(saved.blocks) == len(snapshot.report.plan.blocks) > 0

        # an error of the computation comes back as itself
        with open_services(data_folder).uow() as uow:
            uow.settings.set("timezone", "Mars/Olympus")  # stored behind the checks
        with pytest.raises(InputError, match="Mars/Olympus"):
            planner(Clock.now)
        with open_services(data_folder).uow() as uow:
            uow.settings.set("timezone", "Europe/Paris")

        # a child that died is replaced by the next task
        process = child._process
        assert process is not None and process.pid is not None
        os.kill(process.pid, 9)
        process.join(30)
        later = Clock.now + timedelta(minutes=30)
        assert planner(later).report.now == later
        assert child._process is not None and child._process.pid != process.pid
    finally:
        child.close()
    assert child._process is None


def test_the_long_reads_are_made_by_a_child_process(data_folder: Path) -> None:
    child = ServiceChild(data_folder, niceness=0)
    try:
        state = WebState(
            services=open_services(data_folder),
            clock=Clock(),
            database=database_path(data_folder),
            reader=child_reader(child),
        )
        # the scenario's 12 clients, read in the child (its pid differs from ours)
        assert len(state.read_far("clients", catalog.list_clients)) == 12
        assert state.read_far("pid", _pid) != os.getpid()
        with open_services(data_folder).uow() as uow:
            uow.clients.add(Client(id="c-new", name="Nouvelle cliente"))
        deadline = time.monotonic() + 60  # a page waits 0.3 s, then shows the list kept
        while len(state.read_far("clients", catalog.list_clients)) != 13:
            assert time.monotonic() < deadline, "the new client never came"
            time.sleep(0.1)
    finally:
        child.close()


def _pid(services: object) -> int:
    return os.getpid()


def test_the_client_menu_follows_her_clients(data_folder: Path) -> None:
    state = _state(data_folder)
    assert "Nouvelle cliente" not in client_options(state, None)
    with open_services(data_folder).uow() as uow:  # a command adds a client
        uow.clients.add(Client(id="c-new", name="Nouvelle cliente"))
    assert '<option value="c-new">Nouvelle cliente</option>' in client_options(state, None)
    with open_services(data_folder).uow() as uow:  # another, then a write of the app
        uow.clients.add(Client(id="c-other", name="Autre cliente"))
    state.refresh()
    menu = client_options(state, "c-new")
    assert '<option value="c-other">Autre cliente</option>' in menu
    assert '<option value="c-new" selected>Nouvelle cliente</option>' in menu


def test_an_error_that_cannot_cross_to_the_server_keeps_its_words() -> None:
    found = _sendable(NotFoundError("client", "Durand"))  # needs two arguments: no pickle
    assert isinstance(found, RuntimeError)
    assert str(found) == "NotFoundError: no client matches 'Durand'"
    error = InputError("not a number", field="effort")
    assert _sendable(error) is error  # survives pickling: raised again as itself


def _gone(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            return any(line.startswith("State:\tZ") for line in status)  # a zombie
    except FileNotFoundError:
        return True


def test_a_busy_child_ends_when_the_server_is_killed(data_folder: Path, tmp_path: Path) -> None:
    server = tmp_path / "server.py"
    server.write_text(
        textwrap.dedent(
            f"""
            import threading
            import time
            from pathlib import Path
            from creneau.interfaces.web.planner import ServiceChild

            def task(services, seconds):  # a long plan, say
                time.sleep(seconds)

            if __name__ == "__main__":
                child = ServiceChild(Path({str(data_folder)!r}), niceness=0)
                child.start()
                threading.Thread(target=child.run, args=(task, 600), daemon=True).start()
                print(child._process.pid, flush=True)
                time.sleep(600)
            """
        )
    )
    process = subprocess.Popen([sys.executable, str(server)], stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        pid = int(process.stdout.readline())
        assert not _gone(pid)
        time.sleep(3)  # the child is up and busy with its task
    finally:
        process.kill()
        process.wait(30)
    deadline = time.monotonic() + 30
    while not _gone(pid):
        assert time.monotonic() < deadline, "the child outlived the server"
        time.sleep(0.1)

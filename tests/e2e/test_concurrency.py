"""The commands and the web app write the same database at the same time: no write lost.

The real ``creneau serve`` runs on a data folder while four web clients post new jobs
(each with its own session and CSRF token, several requests at once) and two loops of the
real CLI add jobs and log time in it. SQLite lets one writer at a time: a writer takes the
write lock when its transaction begins (``BEGIN IMMEDIATE``) and waits for it up to the
busy timeout (30 s), so that no one fails with ``database is locked``. At the end every
job and every time entry is in the database, no request had a server error and no command
failed.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest

from creneau.bootstrap import open_services
from creneau.services.catalog import add_client, add_job, list_jobs, set_setting
from creneau.services.timesheet import list_entries
from tests.conftest import run_cli
from tests.serving import serving

pytestmark = pytest.mark.e2e

NOW = "2026-11-30T08:30+01:00"
WEB_CLIENTS = 4
POSTS_EACH = 3
CLI_LOOPS = 2
ROUNDS = 2


def _web_client(url: str, number: int, problems: list[str]) -> list[str]:
    """One browser: read the form's CSRF token, post jobs, read pages in between."""
    titles: list[str] = []
    with httpx.Client(base_url=url, timeout=120) as http:
        page = http.get("/jobs/new")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert token, page.text[:500]
        for i in range(POSTS_EACH):
            title = f"web {number}-{i}"
            answer = http.post(
                "/jobs",
                data={
                    "csrf_token": token.group(1),
                    "client": "Loire",
                    "title": title,
                    "effort": "1h",
                    "due": "2026-12-18",
                },
            )
            if answer.status_code != 303:
                problems.append(f"POST /jobs {title}: {answer.status_code} {answer.text[:300]}")
            titles.append(title)
            for path in ("/", "/week"):
                read = http.get(path)
                if read.status_code != 200:
                    problems.append(f"GET {path}: {read.status_code}")
    return titles


def _cli_loop(folder: Path, number: int, problems: list[str]) -> list[str]:
    """A terminal: add a job and log half an hour on it, a few times over."""
    titles: list[str] = []
    for i in range(ROUNDS):
        title = f"cli {number}-{i}"
        added = run_cli(
            "--now", NOW, "job", "add", "Loire", title, "--effort", "2h", "--due", "2026-12-18",
            data_dir=folder, check=False,
        )  # fmt: skip
        hour = 8 + number * ROUNDS + i  # one free half hour per entry, none overlapping
        log = run_cli(
            "--now", NOW, "log", title, "30m", "--on", "2026-11-27", "--at", f"{hour:02d}:00",
            data_dir=folder, check=False,
        )  # fmt: skip
        for result in (added, log):
            if result.returncode != 0 or "locked" in result.stderr:
                problems.append(f"{' '.join(result.args[3:])}: {result.stderr[-500:]}")
        titles.append(title)
    return titles


def test_the_cli_and_the_web_app_write_at_once_and_lose_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    ctx = open_services(folder)
    set_setting(ctx, "timezone", "Europe/Paris")
    client = add_client(ctx, name="Loire Conseil")
    add_job(ctx, client.id, title="Bilan", effort_minutes=300, received=date(2026, 11, 23),
            due=date(2026, 12, 11))  # fmt: skip
    with serving(folder, NOW) as url, ThreadPoolExecutor(WEB_CLIENTS + CLI_LOOPS) as pool:
        web_problems: list[list[str]] = [[] for _ in range(WEB_CLIENTS)]
        cli_problems: list[list[str]] = [[] for _ in range(CLI_LOOPS)]
        clis = [pool.submit(_cli_loop, folder, n, cli_problems[n]) for n in range(CLI_LOOPS)]
        webs = [pool.submit(_web_client, url, n, web_problems[n]) for n in range(WEB_CLIENTS)]
        web_titles = [t for f in webs for t in f.result()]
        cli_results = [f.result() for f in clis]
    assert [p for found in (*web_problems, *cli_problems) for p in found] == []
    stored = {job.title for job, _client in list_jobs(ctx, include_closed=True)}
    cli_titles = [t for titles in cli_results for t in titles]
    assert len(web_titles) == WEB_CLIENTS * POSTS_EACH == 12
    assert len(cli_titles) == CLI_LOOPS * ROUNDS == 4
    assert sorted((set(web_titles) | set(cli_titles)) - stored) == []  # 0 lost
    assert len(stored) == 1 + 12 + 4
    now = datetime(2026, 11, 30, 8, 30, tzinfo=ZoneInfo("Europe/Paris"))
    entries = list_entries(ctx, now)
    assert sorted(line.job.title for line in entries) == sorted(cli_titles)
    assert sum(line.minutes for line in entries) == 4 * 30

"""End to end: her whole journey through the web app in headless Chromium (Debian's, driven
by Playwright: no browser download), on a fresh data folder and the real ``creneau serve``.

Import the scenario files, see the week planned, add a job after reading the live answer,
start and stop the work timer, change a working-hours setting and see the plan move,
switch to English. Each page is saved as a screenshot at 1280×800 and 375×812 under
``test-artifacts/screenshots/`` (CI keeps that folder as an artefact).
"""

from __future__ import annotations

import json
import re
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO, SCENARIO
from tests.serving import serving
from tests.web.conftest import load_scenario

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
SIZES = {"laptop": (1280, 800), "phone": (375, 812)}

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="Debian's chromium is not installed (scripts/test.sh)"
    ),
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Debian's Chromium instead of a downloaded browser (../shared/docs/SETUP-NOTES.md)."""
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


NOW = "2026-11-30T08:30+01:00"
"""The scenario's "now", the servers' ``--now``."""


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """``creneau serve`` on a fresh data folder at the scenario's "now"; its address."""
    with serving(tmp_path / "data", NOW) as url:
        yield url


@pytest.fixture(scope="module")
def scenario_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``creneau serve`` on the scenario already imported (as the web tests have it),
    shared by the module's read-only page checks."""
    folder = load_scenario(tmp_path_factory.mktemp("e2e-scenario") / "data")
    with serving(folder, NOW) as url:
        urllib.request.urlopen(f"{url}/", timeout=120).close()  # the first plan, computed once
        yield url


def shoot(page: Any, name: str) -> None:
    """Save the page at the laptop and the phone sizes."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{size}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})


def test_her_whole_journey(page: Any, server: str) -> None:
    from playwright.sync_api import expect

    page.set_default_timeout(60_000)
    # import the scenario files (on a fresh folder: nothing planned yet)
    page.goto(f"{server}/import")
    page.get_by_label("Fichiers : clients.csv, jobs.csv, agenda.ics").set_input_files(
        [str(SCENARIO / name) for name in ("clients.csv", "jobs.csv", "agenda.ics")]
    )
    page.get_by_role("button", name="Importer").click()
    expect(page.get_by_role("heading", name="Importé")).to_be_visible()
    shoot(page, "import")

    # the week is planned: work blocks and the calendar's busy events
    page.goto(f"{server}/week?start=2026-11-30")
    expect(page.locator(".item.work").first).to_be_visible()
    expect(page.locator(".item.busy").first).to_be_visible()
    shoot(page, "week")

    # add a job: the live answer comes before saving
    page.goto(f"{server}/jobs/new")
    page.get_by_label("Client").select_option(label="M. Paul Guérin")
    page.get_by_label("Intitulé").fill("Tri des relevés bancaires")
    page.get_by_label("Échéance (vide : demander pour quand)").fill("2026-12-11")
    page.get_by_label("Charge (par ex. 6h, 1h30)").fill("2h")
    answer = page.locator("#job-answer p")
    expect(answer).to_have_class(re.compile(r"\byes\b"))
    assert answer.inner_text().strip()
    shoot(page, "job-new")
    page.get_by_role("button", name="Enregistrer le travail").click()
    expect(page.get_by_role("heading", name="M. Paul Guérin")).to_be_visible()
    expect(page.get_by_role("rowheader", name="Tri des relevés bancaires")).to_be_visible()
    shoot(page, "client")

    # start and stop the work timer (the server's clock runs from --now)
    page.goto(server)
    page.get_by_label("Travail").select_option(label="M. Paul Guérin · Tri des relevés bancaires")
    page.get_by_role("button", name="Démarrer").click()
    expect(page.get_by_text("En cours sur « Tri des relevés bancaires »")).to_be_visible()
    shoot(page, "today-timer")
    page.wait_for_timeout(1500)
    page.get_by_role("button", name="Arrêter").click()
    expect(page.get_by_role("button", name="Démarrer")).to_be_visible()

    # Mondays off: the plan moves away from Monday 7 December
    page.goto(f"{server}/week?start=2026-12-07")
    monday = page.locator("section.day").first
    expect(monday.locator(".item.work").first).to_be_visible()
    page.goto(f"{server}/settings")
    page.get_by_label("Lundi").fill("")
    page.get_by_role("button", name="Enregistrer les réglages").click()
    expect(page.get_by_text("Réglages enregistrés")).to_be_visible()
    shoot(page, "settings")
    page.goto(f"{server}/week?start=2026-12-07")
    expect(page.locator("section.day").first.locator(".item.work")).to_have_count(0)

    # the other pages, then English
    for path, name in (("/clients", "clients"), ("/jobs", "jobs"), ("/reports", "reports")):
        page.goto(f"{server}{path}")
        shoot(page, name)
    page.goto(server)
    shoot(page, "today")
    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", name=re.compile("^Today"))).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    shoot(page, "today-en")


PHONE_PAGES = [
    "/",
    "/week?start=2026-11-30",
    "/clients",
    "/jobs",
    "/jobs?status=all",
    "/jobs/new",
    "/jobs/new?check=1&effort=2h&due=2026-12-11",
    "/settings",
    "/import",
    "/reports",
    "/reports?month=2026-11",
]


def test_no_page_scrolls_sideways_on_a_phone(page: Any, scenario_server: str) -> None:
    with urllib.request.urlopen(f"{scenario_server}/api/clients", timeout=60) as response:
        clients = [c["id"] for c in json.load(response)]
    assert len(clients) == 12
    page.set_default_timeout(60_000)
    page.set_viewport_size({"width": 375, "height": 812})
    wide = {}
    for path in [*PHONE_PAGES, *(f"/clients/{cid}" for cid in clients)]:
        page.goto(f"{scenario_server}{path}")
        width = page.evaluate("document.scrollingElement.scrollWidth")
        if width > 375:
            wide[path] = width
    assert wide == {}


def test_every_block_of_the_week_is_readable_and_its_pin_visible_when_focused(
    page: Any, scenario_server: str
) -> None:
    page.set_default_timeout(60_000)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{scenario_server}/week?start=2026-11-30")
    items = page.locator(".column .item")
    count = items.count()
    assert count >= 15  # the scenario's first week: work blocks and her calendar's events
    for i in range(count):
        item = items.nth(i)
        box, when = item.bounding_box(), item.locator(".when").bounding_box()
        # its time fits inside its box, and the box says all it holds when pointed at
        assert when["y"] + when["height"] <= box["y"] + box["height"] + 0.5, i
        title = item.get_attribute("title")
        assert title and item.locator(".label").inner_text().strip() in title
    buttons = page.locator(".column .item .pin button")
    assert buttons.count() >= 10
    for i in range(buttons.count()):
        button = buttons.nth(i)
        button.focus()
        shown = button.evaluate(
            """b => {
                const item = b.closest('.item');
                const r = b.getBoundingClientRect(), box = item.getBoundingClientRect();
                b.scrollIntoView({block: 'center'});
                const s = b.getBoundingClientRect();
                const top = document.elementFromPoint(s.left + s.width / 2, s.top + s.height / 2);
                return {
                    inside: r.top >= box.top - 0.5 && r.bottom <= box.bottom + 0.5,
                    clipped: item.scrollHeight > item.clientHeight + 1,
                    onTop: b.contains(top),
                    outline: getComputedStyle(b).outlineStyle,
                };
            }"""
        )
        assert shown == {"inside": True, "clipped": False, "onTop": True, "outline": "solid"}, i

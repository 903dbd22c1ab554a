"""Every page renders on the shared scenario, in French by default, without JavaScript;
names are shown as text (escaped); the JSON API answers with its documented schema."""

from __future__ import annotations

import csv
import re

import pytest

from creneau.services.catalog import add_client, add_job
from tests.conftest import SCENARIO
from tests.web.conftest import Web

PAGES = [
    "/",
    "/week",
    "/week?start=2026-12-07",
    "/clients",
    "/jobs",
    "/jobs?status=all",
    "/jobs/new",
    "/settings",
    "/import",
    "/reports",
    "/reports?month=2026-12",
    "/login",
]


def scenario_clients() -> list[str]:
    with (SCENARIO / "clients.csv").open(encoding="utf-8") as handle:
        return [row["name"] for row in csv.DictReader(handle)]


def text_of(html: str) -> str:
    """The page's text, tags dropped and entities of quotes read back."""
    plain = re.sub(r"<[^>]+>", " ", html).replace("&#39;", "'").replace("&amp;", "&")
    return re.sub(r"\s+", " ", plain)


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders(shared_web: Web, path: str) -> None:
    response = shared_web.client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert '<html lang="fr">' in response.text


def test_every_form_field_has_a_label(shared_web: Web) -> None:
    for path in PAGES:
        html = shared_web.client.get(path).text
        ids = set(re.findall(r'<label for="([^"]+)"', html))
        for tag in re.findall(r"<(?:input|select|textarea)\b[^>]*>", html):
            if 'type="hidden"' in tag or 'type="radio"' in tag or 'type="checkbox"' in tag:
                continue  # radios and checkboxes sit inside their label
            found = re.search(r'id="([^"]+)"', tag)
            assert found and found.group(1) in ids, f"{path}: no label for {tag}"


def test_today_shows_the_date_and_every_client_is_listed(shared_web: Web) -> None:
    today = text_of(shared_web.client.get("/").text)
    assert "lundi 30 novembre 2026, 08:30" in today  # the scenario's now, a Monday
    clients = text_of(shared_web.client.get("/clients").text)
    for name in scenario_clients():
        assert name in clients


def test_the_week_shows_the_busy_events_apart_from_the_planned_blocks(shared_web: Web) -> None:
    html = shared_web.client.get("/week?start=2026-11-30").text
    assert 'class="item busy' in html
    assert 'class="item work' in html
    assert "Semaine du 30 novembre 2026" in text_of(html)
    assert 'href="/week?start=2026-11-23"' in html and 'href="/week?start=2026-12-07"' in html


def test_a_client_page_shows_its_jobs(shared_web: Web) -> None:
    clients = shared_web.client.get("/api/clients").json()
    bati = next(c for c in clients if c["name"] == "SARL Bâti-Ouest")
    page = text_of(shared_web.client.get(f"/clients/{bati['id']}").text)
    assert "Archivage et numérisation des factures 2015-2025" in page
    assert shared_web.client.get("/clients/nobody-at-all").status_code == 404


def test_a_bad_query_is_a_user_error_not_a_server_error(shared_web: Web) -> None:
    assert shared_web.client.get("/week?start=2026-13-01").status_code == 400
    assert shared_web.client.get("/reports?month=2026-13").status_code == 400
    assert shared_web.client.get("/api/what-if?client=zzz-nobody&effort=2h").status_code == 404
    assert shared_web.client.get("/api/what-if?client=Bâti&effort=lots").status_code == 400


def test_the_api_plan_has_the_blocks_and_jobs(shared_web: Web) -> None:
    plan = shared_web.client.get("/api/plan").json()
    assert plan["now"] == "2026-11-30T08:30:00+01:00"
    assert {b["kind"] for b in plan["blocks"]} >= {"work", "busy"}
    titles = {j["job"] for j in plan["jobs"]}
    assert "Saisie comptable de novembre" in titles
    schema = shared_web.client.get("/openapi.json").json()
    assert {"/api/plan", "/api/today", "/api/jobs", "/api/clients", "/api/what-if"} <= set(
        schema["paths"]
    )


def test_html_in_names_is_shown_as_text_everywhere(web: Web) -> None:
    evil = "<script>alert(1)</script>"
    client = add_client(web.services, name=evil, town="<b>Angers</b>")
    add_job(
        web.services,
        client.id,
        title=f"Job {evil}",
        effort_minutes=120,
        received=web.clock.now.date(),
        due=web.clock.now.date().replace(day=4).replace(month=12),
    )
    web.client.app.state.web.forget()  # type: ignore[attr-defined]
    pages = ["/", "/clients", f"/clients/{client.id}", "/jobs", "/week?start=2026-11-30"]
    pages += ["/jobs/new", "/reports"]
    for path in pages:
        html = web.client.get(path).text
        assert evil not in html, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, path

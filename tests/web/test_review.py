"""The web app's answers to a strict review: every POST route checks the CSRF token, the
app answers only to its own names, a proxy without a password is refused, nothing loads
from outside, out-of-range dates are user errors, the pages' own texts are translated."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute

from creneau.interfaces.web.server import urls
from creneau.services import web_access
from creneau.services.catalog import set_setting
from tests.web.conftest import Web, make_web
from tests.web.test_pages import PAGES, text_of

PARAMETERS = {"job_id": "nobody-job", "client_id": "nobody", "code": "en", "token": "x" * 30}


def routes_of(routes: list[Any], prefix: str = "") -> Iterator[tuple[str, set[str]]]:
    """``(path, methods)`` of every route, routers included (FastAPI lists an included
    router as its own node from 0.120 or so: walked through its ``original_router``)."""
    for route in routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:
            context = getattr(route, "include_context", None)
            yield from routes_of(inner.routes, prefix + getattr(context, "prefix", ""))
        elif isinstance(route, APIRoute):
            yield prefix + route.path, set(route.methods)


def post_routes(web: Web) -> list[str]:
    """Every POST route of the app, its path parameters filled in."""
    app_routes = web.client.app.routes  # type: ignore[attr-defined]
    return [
        re.sub(r"\{(\w+)\}", lambda m: PARAMETERS[m.group(1)], path)
        for path, methods in routes_of(app_routes)
        if "POST" in methods
    ]


def test_every_post_route_refuses_a_form_without_the_csrf_token(web: Web) -> None:
    web.client.get("/")  # a session (and its token) exists
    paths = post_routes(web)
    # the routes known when this test was written, so that the enumeration cannot be empty
    for known in ("/timer/start", "/timer/stop", "/pins", "/jobs", "/settings", "/import"):
        assert known in paths
    assert len(paths) >= 13
    before = web.client.get("/api/plan").json()
    for path in paths:
        missing = web.client.post(path, data={"job": "x"}, follow_redirects=False)
        assert missing.status_code == 403, path
        forged = web.client.post(path, data={"csrf_token": "forged"}, follow_redirects=False)
        assert forged.status_code == 403, path
    assert web.client.get("/api/plan").json() == before  # nothing moved


@pytest.fixture
def local_web(data_folder: Path) -> Iterator[Web]:
    """The app as `creneau serve` makes it on 127.0.0.1 (no test host name allowed)."""
    from fastapi.testclient import TestClient

    from creneau.bootstrap import open_services
    from creneau.interfaces.web.app import create_app
    from tests.web.conftest import Clock

    services = open_services(data_folder)
    clock = Clock()
    app = create_app(services, clock=clock, hosts=["127.0.0.1"])
    with TestClient(app, base_url="http://127.0.0.1:8765") as client:
        yield Web(client, services, clock)


def test_another_host_name_is_refused(local_web: Web) -> None:
    # DNS rebinding: a page of evil.example whose name now points at 127.0.0.1
    evil = local_web.client.get("/api/plan", headers={"host": "evil.example:8765"})
    assert evil.status_code == 400
    for host in ("127.0.0.1:8765", "localhost:8765", "[::1]:8765"):
        assert local_web.client.get("/api/today", headers={"host": host}).status_code == 200


def test_a_name_in_the_allowed_hosts_setting_is_answered(data_folder: Path) -> None:
    from creneau.bootstrap import open_services

    set_setting(open_services(data_folder), "web.allowed_hosts", "creneau.home.example")
    for web in make_web(data_folder):
        ok = web.client.get("/api/today", headers={"host": "creneau.home.example"})
        assert ok.status_code == 200
        assert web.client.get("/", headers={"host": "other.example"}).status_code == 400


def test_a_request_through_a_proxy_without_a_password_is_refused(web: Web) -> None:
    through = {"x-forwarded-for": "192.168.1.30"}
    page = web.client.get("/week", headers=through)
    assert page.status_code == 403
    assert "creneau serve --set-password" in page.text
    assert "proxy" in page.text
    assert web.client.get("/api/plan", headers={"forwarded": "for=192.168.1.30"}).status_code == 403
    web_access.set_password(web.services, "correct horse")
    # with the password, the proxy's requests go to the login like any other
    asked = web.client.get("/week", headers=through, follow_redirects=False)
    assert asked.status_code == 303 and asked.headers["location"].startswith("/login")


def test_the_login_comes_back_to_the_page_with_its_query(web: Web) -> None:
    web_access.set_password(web.services, "correct horse")
    asked = web.client.get("/week?start=2026-12-07", follow_redirects=False)
    assert asked.status_code == 303
    assert asked.headers["location"] == "/login?next=/week%3Fstart%3D2026-12-07"
    login = web.client.get(asked.headers["location"]).text
    assert 'name="next" value="/week?start=2026-12-07"' in login
    done = web.log_in("correct horse", "/week?start=2026-12-07")
    assert done.headers["location"] == "/week?start=2026-12-07"


def test_nothing_is_loaded_from_another_site(shared_web: Web) -> None:
    assert shared_web.client.get("/docs").status_code == 404
    assert shared_web.client.get("/redoc").status_code == 404
    assert shared_web.client.get("/openapi.json").json()["paths"]["/api/plan"]
    for path in PAGES:
        html = shared_web.client.get(path).text
        loaded = re.findall(r'<(?:script|link|img|iframe)\b[^>]*(?:src|href)="([^"]+)"', html)
        assert loaded, path
        assert all(url.startswith("/") and not url.startswith("//") for url in loaded), path


@pytest.mark.parametrize(
    "path",
    [
        "/week?start=0001-01-01",
        "/week?start=9999-12-31",
        "/week?start=1969-12-31",
        "/week?start=2201-01-01",
        "/reports?month=0001-01",
        "/reports?month=9999-12",
        "/jobs/new?check=1&client=Bâti&effort=2h&due=9999-12-31",
        "/jobs/new?check=1&client=Bâti&effort=2h&due=0001-01-01",
    ],
)
def test_a_date_out_of_range_is_a_clear_user_error(shared_web: Web, path: str) -> None:
    response = shared_web.client.get(path)
    assert response.status_code == 400
    assert '<p class="error" role="alert">' in response.text


def test_the_edges_of_the_range_still_show(shared_web: Web) -> None:
    # 1970-01-01 is a Thursday: its week starts on Monday 29 December 1969, and the
    # previous week's link must still be drawable
    assert shared_web.client.get("/week?start=1970-01-01").status_code == 200
    assert shared_web.client.get("/week?start=2200-12-31").status_code == 200
    assert shared_web.client.get("/reports?month=1970-01").status_code == 200
    assert shared_web.client.get("/reports?month=2200-12").status_code == 200


def test_the_add_job_page_has_the_apis_limits(shared_web: Web) -> None:
    # 3 × 366 = 1098 days from Monday 30 November 2026 (365 + 366 + 365 to 30 November
    # 2029, then 2 more) is Sunday 2 December 2029: the last due date she may ask about
    ask = "/jobs/new?check=1&client=Bâti&effort=2h&due="
    assert shared_web.client.get(ask + "2029-12-03").status_code == 400
    assert shared_web.client.get(ask + "2029-12-02").status_code == 200
    huge = shared_web.client.get("/jobs/new?check=1&client=Bâti&effort=1001h")
    assert huge.status_code == 400
    assert "entre 1 minute et 1000 h" in text_of(huge.text)


def test_the_pages_own_messages_are_in_french(shared_web: Web) -> None:
    token = shared_web.csrf()
    missing = shared_web.client.post(
        "/jobs", data={"csrf_token": token, "client": "Bâti", "title": "x", "effort": "2h"}
    )
    assert missing.status_code == 400
    assert "champ « due »: donnez l’échéance" in text_of(missing.text)
    no_effort = shared_web.client.post(
        "/jobs", data={"csrf_token": token, "client": "Bâti", "title": "x", "due": "2026-12-11"}
    )
    assert "donnez la charge, par ex. 6h ou 1h30" in text_of(no_effort.text)
    no_title = shared_web.client.post(
        "/jobs", data={"csrf_token": token, "client": "Bâti", "effort": "2h", "due": "2026-12-11"}
    )
    assert "ce champ est obligatoire" in text_of(no_title.text)
    bad_day = shared_web.client.get("/week?start=2026-13-01")
    assert "champ « start »: pas une date (AAAA-MM-JJ)" in text_of(bad_day.text)
    no_file = shared_web.client.post("/import", data={"csrf_token": token})
    assert "choisissez un ou plusieurs fichiers" in text_of(no_file.text)
    nowhere = shared_web.client.get("/no-such-page")
    assert nowhere.status_code == 404
    assert "Cette page n’existe pas." in nowhere.text and "Not Found" not in nowhere.text
    wrong_method = shared_web.client.put("/week")
    assert wrong_method.status_code == 405
    assert "Method Not Allowed" not in wrong_method.text
    assert "Cette adresse n’accepte pas ce type de demande." in wrong_method.text


def test_the_reports_name_the_months_in_the_pages_language(shared_web: Web) -> None:
    french = text_of(shared_web.client.get("/reports?month=2026-11").text)
    assert "Par client en novembre 2026" in french
    assert "juin 2026" in french and "octobre 2026" in french and "décembre 2026" in french
    assert "nov. 2026" in french  # the charts' axis
    assert re.search(r">\s*2026-1[01]\s*<", shared_web.client.get("/reports").text) is None


def test_under_lang_the_language_link_is_hidden(data_folder: Path) -> None:
    for web in make_web(data_folder, language="en"):
        html = web.client.get("/").text
        assert '<html lang="en">' in html
        assert 'href="/lang/' not in html
    for web in make_web(data_folder):
        assert 'href="/lang/en?next=' in web.client.get("/").text


def test_serving_on_every_address_shows_the_addresses_for_the_phone() -> None:
    assert urls("0.0.0.0", 8765, ["192.168.1.20", "fd00::2"]) == [
        "http://127.0.0.1:8765/",
        "http://192.168.1.20:8765/",
        "http://[fd00::2]:8765/",
    ]
    assert urls("127.0.0.1", 8000, ["127.0.0.1"]) == ["http://127.0.0.1:8000/"]
    assert urls("192.168.1.20", 8000, ["192.168.1.20"]) == ["http://192.168.1.20:8000/"]

"""The web app's hardening: security headers, no inline script or style, sessions that
expire, a session key kept for her alone, upload limits and no path to the file system."""

from __future__ import annotations

import asyncio
import math
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from creneau.bootstrap import open_services
from creneau.interfaces.web.app import create_app
from creneau.services import web_access
from creneau.services.catalog import set_setting
from tests.web.conftest import TEST_HOSTS, Clock, Web, make_web

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
PAGES = ["/", "/week", "/clients", "/jobs", "/jobs/new", "/settings", "/import", "/reports"]


@pytest.mark.parametrize(
    "path",
    [*PAGES, "/login", "/static/style.css", "/static/app.js", "/grid.css", "/colours.css",
     "/api/plan", "/openapi.json", "/feed/abcdefghijklmnopqrstuvwxyz.ics", "/no/such/page"],
)  # fmt: skip
def test_every_answer_carries_the_security_headers(shared_web: Web, path: str) -> None:
    response = shared_web.client.get(path)
    assert response.headers["content-security-policy"] == CSP
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "same-origin"
    assert response.headers["x-content-type-options"] == "nosniff"


class _InlineFinder(HTMLParser):
    """Collects what a CSP without 'unsafe-inline' would block."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "style":
            self.found.append("<style>")
        if tag == "script" and not names.get("src"):
            self.found.append("inline <script>")
        for name, value in attrs:
            if name == "style" or name.startswith("on"):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src", "action") and (value or "").startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value!r}>")


def test_no_page_has_an_inline_script_or_style(shared_web: Web) -> None:
    client_page = re.search(r'href="(/clients/[^"]+)"', shared_web.client.get("/clients").text)
    assert client_page
    for path in [*PAGES, "/login", client_page.group(1)]:
        response = shared_web.client.get(path)
        assert response.status_code == 200, path
        finder = _InlineFinder()
        finder.feed(response.text)
        assert finder.found == [], path


def _minutes(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def test_the_week_grid_places_its_items_with_classes_of_five_minute_steps(
    shared_web: Web,
) -> None:
    html = shared_web.client.get("/week").text
    items = re.findall(
        r'<li class="item \w+ at-(\d+) len-(\d+)[^"]*"[^>]*>\s*<span class="when">'
        r"(\d\d:\d\d)–(\d\d:\d\d)</span>",
        html,
    )
    assert len(items) >= 5
    first_hours = set()
    for at, length, start, end in items:
        a, b = _minutes(start), _minutes(end)
        b = b if b > a else b + 24 * 60  # an item clipped at midnight
        first = a - a % 5 - 5 * int(at)  # the top is rounded down to 5 minutes
        first_hours.add(first)
        assert int(length) == max(1, math.ceil((b - first) / 5) - int(at))  # bottom: up
    assert len(first_hours) == 1  # every column starts at the same hour
    assert first_hours.pop() % 60 == 0
    css = shared_web.client.get("/grid.css")
    assert css.headers["content-type"].startswith("text/css")
    assert ".at-12 { top: calc(12 * var(--step)); }" in css.text
    assert ".len-18 { --h: calc(18 * var(--step)); height: var(--h); }" in css.text
    assert ".week { --step: calc(var(--hour) / 12); }" in css.text


def test_the_client_colours_are_classes_of_the_stylesheet() -> None:
    css = (Path(__file__).parents[2] / "src/creneau/interfaces/web/static/style.css").read_text()
    expected = {
        0: "#cfe3ff", 1: "#ffd9b3", 2: "#d4f0c4", 3: "#f3cdea", 4: "#fff2a8",
        5: "#c9eef0", 6: "#e3d5ff", 7: "#ffd0d0", 8: "#dfe8b0", 9: "#d9d9d9",
    }  # fmt: skip
    for n, colour in expected.items():
        assert f".client-{n}, .item.client-{n} {{ background: {colour}; }}" in css


def test_the_api_docs_page_that_needs_a_cdn_is_off(shared_web: Web) -> None:
    assert shared_web.client.get("/docs").status_code == 404
    assert shared_web.client.get("/openapi.json").status_code == 200


@dataclass
class Wall:
    """A Unix clock the test moves (seconds)."""

    now: float = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def guarded(data_folder: Path) -> Iterator[tuple[TestClient, Wall, Any]]:
    """The app with a password, a movable wall clock, and a login helper."""
    services = open_services(data_folder)
    web_access.set_password(services, "correct horse")
    wall = Wall()
    client = TestClient(create_app(services, clock=Clock(), hosts=TEST_HOSTS, wall=wall))

    def login() -> None:
        page = client.get("/login").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert token
        answer = client.post(
            "/login",
            data={"password": "correct horse", "csrf_token": token.group(1)},
            follow_redirects=False,
        )
        assert answer.status_code == 303

    with client:
        yield client, wall, login


def _needs_login(client: TestClient) -> bool:
    answer = client.get("/week", follow_redirects=False)
    return answer.status_code == 303 and answer.headers["location"].startswith("/login")


def test_a_login_ends_after_two_idle_hours(guarded: tuple[TestClient, Wall, Any]) -> None:
    client, wall, login = guarded
    login()
    wall.now += 119 * 60  # default web.idle_minutes = 120
    assert not _needs_login(client)  # and this request counts as activity
    wall.now += 119 * 60
    assert not _needs_login(client)
    wall.now += 121 * 60
    assert _needs_login(client)
    assert client.get("/api/plan").status_code == 401


def test_a_login_ends_after_twelve_hours_however_busy(
    guarded: tuple[TestClient, Wall, Any],
) -> None:
    client, wall, login = guarded
    login()
    for _ in range(12):  # a request every hour for 12 hours (default web.session_hours)
        wall.now += 3600
        assert not _needs_login(client)
    wall.now += 60
    assert _needs_login(client)


def test_the_session_cookie_is_httponly_lax_and_secure_behind_https(data_folder: Path) -> None:
    services = open_services(data_folder)
    plain = TestClient(create_app(services, clock=Clock(), hosts=TEST_HOSTS)).get("/login")
    cookie = plain.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    assert "max-age=43200" in cookie  # 12 h
    assert "secure" not in cookie
    set_setting(services, "web.https", "true")
    set_setting(services, "web.session_hours", "2")
    secure = TestClient(
        create_app(services, clock=Clock(), hosts=TEST_HOSTS), base_url="https://testserver"
    )
    cookie = secure.get("/login").headers["set-cookie"].lower()
    assert "; secure" in cookie and "max-age=7200" in cookie


def test_a_restart_keeps_her_logged_in_and_the_key_is_hers_alone(data_folder: Path) -> None:
    services = open_services(data_folder)
    web_access.set_password(services, "correct horse")
    first = TestClient(create_app(services, clock=Clock(), hosts=TEST_HOSTS))
    token = re.search(r'name="csrf_token" value="([^"]+)"', first.get("/login").text)
    assert token
    first.post("/login", data={"password": "correct horse", "csrf_token": token.group(1)})
    cookie = first.cookies["creneau_session"]
    restarted = TestClient(create_app(open_services(data_folder), clock=Clock(), hosts=TEST_HOSTS))
    restarted.cookies.set("creneau_session", cookie)
    assert restarted.get("/week", follow_redirects=False).status_code == 200
    key_file = data_folder / "secrets.json"  # no keyring in the tests (CRENEAU_NO_KEYRING)
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert '"web.session_key"' in key_file.read_text()


def _import_with(web: Web, size: int) -> Any:
    body = b"name,email\n" + b"x" * size
    return web.client.post(
        "/import",
        data={"csrf_token": web.csrf("/import")},
        files={"files": ("clients.csv", body, "text/csv")},
    )


def test_an_upload_above_the_limit_is_refused_with_a_clear_413(data_folder: Path) -> None:
    set_setting(open_services(data_folder), "web.upload_mb", "1")  # read when it starts
    web = next(make_web(data_folder))
    answer = _import_with(web, 1024 * 1024 + 1)
    assert answer.status_code == 413
    assert "trop volumineux : 1 Mo au plus" in answer.text
    assert "Traceback" not in answer.text
    small = _import_with(web, 10)  # the same form under the limit is read (a bad CSV: 400)
    assert small.status_code == 400


def _raw_post(app: FastAPI, headers: list[tuple[bytes, bytes]], chunk: int) -> tuple[int, int]:
    """POST an endless body to /import in ``chunk``-byte pieces straight through ASGI.

    Returns:
        The answer's status and how many bytes the app read.
    """
    read = 0
    status = 0

    async def receive() -> dict[str, Any]:
        nonlocal read
        body = b"x" * chunk
        if read == 0:  # a file field that never ends
            head = b'--b\r\nContent-Disposition: form-data; name="files"; filename="a.csv"\r\n\r\n'
            body = head + body[len(head) :]
        read += chunk
        return {"type": "http.request", "body": body, "more_body": True}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/import",
        "raw_path": b"/import",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver"), *headers],
        "client": ("127.0.0.1", 1),
        "server": ("testserver", 80),
    }
    asyncio.run(app(scope, receive, send))  # type: ignore[arg-type]
    return status, read


def test_the_limit_is_checked_while_the_body_is_read(data_folder: Path) -> None:
    services = open_services(data_folder)
    set_setting(services, "web.upload_mb", "1")
    app = create_app(services, clock=Clock(), hosts=TEST_HOSTS)
    form = [(b"content-type", b"multipart/form-data; boundary=b")]
    status, read = _raw_post(app, form, 64 * 1024)  # chunked: no length said
    assert status == 413
    assert read == 1024 * 1024 + 64 * 1024  # the first chunk past 1 MiB, and no more
    declared = [*form, (b"content-length", b"5000000")]
    assert _raw_post(app, declared, 64 * 1024) == (413, 0)  # refused before reading


@pytest.mark.parametrize(
    "path",
    [
        "/static/%2e%2e/app.py",
        "/static/..%2fapp.py",
        "/static/%2e%2e/%2e%2e/%2e%2e/settings.py",
        "/static/%2fetc%2fpasswd",
        "/static//etc/passwd",
        "/static/..%5capp.py",
        "/static/templates/base.html",
        "/feed/..%2f..%2fsettings.ics",
    ],
)
def test_no_request_path_reaches_a_file_outside_the_static_folder(
    shared_web: Web, path: str
) -> None:
    answer = shared_web.client.get(path)
    assert answer.status_code == 404
    assert "def create_app" not in answer.text and "root:" not in answer.text
    assert "{%" not in answer.text


def test_the_feed_token_is_compared_in_constant_time(
    web: Web, monkeypatch: pytest.MonkeyPatch
) -> None:
    web.post("/settings/feed", {"action": "new"})
    token = str(web.services.settings().values["web.feed_token"])
    compared: list[tuple[bytes, bytes]] = []
    real = web_access.hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        compared.append((a, b))
        return real(a, b)

    monkeypatch.setattr(web_access.hmac, "compare_digest", spy)
    assert web.client.get(f"/feed/{token[:-1]}X.ics").status_code == 404
    assert (token.encode(), f"{token[:-1]}X".encode()) in compared

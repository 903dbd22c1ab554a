"""Login, CSRF and the address the server may listen on."""

from __future__ import annotations

from pathlib import Path

import pytest

from creneau.domain.errors import InputError
from creneau.services import web_access
from creneau.services.web_access import check_bind, hash_password, is_loopback, verify_password
from tests.conftest import run_cli
from tests.web.conftest import Web


def test_a_form_post_without_the_csrf_token_is_refused(web: Web) -> None:
    web.client.get("/")  # a session exists
    response = web.client.post("/timer/start", data={"job": "x"}, follow_redirects=False)
    assert response.status_code == 403
    wrong = web.client.post(
        "/timer/start", data={"job": "x", "csrf_token": "forged"}, follow_redirects=False
    )
    assert wrong.status_code == 403
    assert web.client.get("/api/today").json()["timer"] is None  # nothing was started


def test_a_token_of_another_session_is_refused(web: Web) -> None:
    token = web.csrf()
    web.client.cookies.clear()
    response = web.client.post("/settings/feed", data={"csrf_token": token, "action": "new"})
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("::1", True),
        ("localhost", True),
        ("127.0.0.2", True),
        ("0.0.0.0", False),
        ("192.168.1.20", False),
        ("::", False),
        ("box.example", False),
    ],
)
def test_loopback_addresses(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_another_address_needs_a_password(web: Web) -> None:
    with pytest.raises(InputError, match="set-password"):
        check_bind(web.services.settings(), "0.0.0.0")
    check_bind(web.services.settings(), "127.0.0.1")
    web_access.set_password(web.services, "correct horse")
    check_bind(web.services.settings(), "0.0.0.0")


def test_serve_on_the_network_without_a_password_refuses_to_start(tmp_path: Path) -> None:
    result = run_cli(
        "serve", "--host", "0.0.0.0", "--no-browser", data_dir=tmp_path / "d", check=False
    )
    assert result.returncode == 2
    assert "set a password first with 'creneau serve --set-password'" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_password_is_stored_hashed_and_checked() -> None:
    stored = hash_password("correct horse", salt=bytes(16))
    assert "correct horse" not in stored
    assert stored.startswith("scrypt$16384$8$1$" + "00" * 16 + "$")
    assert verify_password("correct horse", stored)
    assert not verify_password("correct hors", stored)
    assert not verify_password("correct horse", "")
    assert not verify_password("x", "scrypt$bad")


def test_a_short_password_is_refused(web: Web) -> None:
    with pytest.raises(InputError, match="at least 8"):
        web_access.set_password(web.services, "short")


def test_with_a_password_the_pages_need_the_login(web: Web) -> None:
    web_access.set_password(web.services, "correct horse")
    page = web.client.get("/week", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == "/login?next=/week"
    assert web.client.get("/api/plan").status_code == 401
    token = web.csrf("/login")
    bad = web.client.post(
        "/login", data={"password": "wrong horse", "csrf_token": token, "next": "/week"}
    )
    assert bad.status_code == 401
    good = web.client.post(
        "/login",
        data={"password": "correct horse", "csrf_token": token, "next": "/week"},
        follow_redirects=False,
    )
    assert good.status_code == 303 and good.headers["location"] == "/week"
    assert web.client.get("/week").status_code == 200
    assert web.client.get("/api/today").status_code == 200
    web.post("/logout", {})
    assert web.client.get("/", follow_redirects=False).status_code == 303


def test_the_login_never_sends_her_to_another_site(web: Web) -> None:
    web_access.set_password(web.services, "correct horse")
    response = web.log_in("correct horse", "//evil.example/x")
    assert response.headers["location"] == "/"


def test_the_feed_needs_its_token_and_a_new_one_revokes_the_old(web: Web) -> None:
    assert web.client.get("/feed/abcdefghijklmnopqrstuvwxyz.ics").status_code == 404
    web.post("/settings/feed", {"action": "new"})
    token = web.services.settings().values["web.feed_token"]
    feed = web.client.get(f"/feed/{token}.ics")
    assert feed.status_code == 200
    assert feed.headers["content-type"].startswith("text/calendar")
    assert feed.text.startswith("BEGIN:VCALENDAR")
    assert "BEGIN:VEVENT" in feed.text
    web.post("/settings/feed", {"action": "new"})
    assert web.client.get(f"/feed/{token}.ics").status_code == 404
    web.post("/settings/feed", {"action": "revoke"})
    assert web.services.settings().values["web.feed_token"] == ""


def test_set_password_on_the_command_line_stores_a_hash_never_shown(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    folder = tmp_path / "d"
    env = {k: v for k, v in os.environ.items() if k != "CRENEAU_HOME"}
    result = subprocess.run(
        [sys.executable, "-m", "creneau", "--data-dir", str(folder), "serve", "--set-password"],
        input="correct horse\ncorrect horse\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    from creneau.bootstrap import open_services

    stored = open_services(folder).settings().values["web.password_hash"]
    assert verify_password("correct horse", stored)
    shown = run_cli("settings", data_dir=folder).stdout
    assert stored not in shown and "correct horse" not in shown
    assert "web.password_hash" in shown

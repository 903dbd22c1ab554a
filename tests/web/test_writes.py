"""Writes through the pages: each calls its service, replans and redirects (POST, then
GET); bad input is shown on the page (4xx) and nothing is stored."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from creneau.services.timesheet import list_entries
from tests.conftest import PARIS, SCENARIO
from tests.web.conftest import Web


def plan(web: Web) -> dict[str, Any]:
    result: dict[str, Any] = web.client.get("/api/plan").json()
    return result


def client_id(web: Web, name: str) -> str:
    return next(c["id"] for c in web.client.get("/api/clients").json() if c["name"] == name)


def test_a_job_added_appears_in_the_plan(web: Web) -> None:
    guerin = client_id(web, "M. Paul Guérin")
    response = web.post(
        "/jobs",
        {
            "client": guerin,
            "title": "Tri des relevés",
            "effort": "2h",
            "due": "2026-12-11",
            "deadline": "hard",
            "kind": "work",
        },
    )
    assert response.status_code == 303  # type: ignore[attr-defined]
    assert response.headers["location"] == f"/clients/{guerin}"  # type: ignore[attr-defined]
    after = plan(web)
    job = next(j for j in after["jobs"] if j["job"] == "Tri des relevés")
    assert job["remaining_hours"] == 2
    blocks = [b for b in after["blocks"] if b["job_id"] == job["id"]]
    planned = sum(
        (datetime.fromisoformat(b["end"]) - datetime.fromisoformat(b["start"])).seconds
        for b in blocks
    )
    assert planned == 2 * 3600
    assert datetime.fromisoformat(job["planned_finish"]) <= datetime(
        2026, 12, 11, 17, 30, tzinfo=PARIS
    )


def test_the_add_job_form_answers_without_javascript(web: Web) -> None:
    guerin = client_id(web, "M. Paul Guérin")
    page = web.client.get(
        "/jobs/new",
        params={
            "client": guerin,
            "title": "Tri",
            "effort": "1h",
            "due": "2026-12-18",
            "check": "1",
        },
    )
    assert page.status_code == 200
    answer = web.client.get(
        "/api/what-if", params={"client": guerin, "effort": "1h", "due": "2026-12-18"}
    ).json()
    assert answer["question"] == "whatif" and answer["possible"] is True
    assert answer["sentence"] in page.text.replace("&#39;", "'")
    by_when = web.client.get("/api/what-if", params={"client": guerin, "effort": "1h"}).json()
    assert by_when["question"] == "promise" and by_when["day"] >= "2026-11-30"
    assert "Tri" not in {j["title"] for j in web.client.get("/api/jobs").json()}  # not saved


def test_a_setting_change_moves_the_plan(web: Web) -> None:
    def monday_work(data: dict[str, Any]) -> list[dict[str, Any]]:
        return [
            b for b in data["blocks"] if b["kind"] == "work" and b["start"].startswith("2026-12-07")
        ]

    assert monday_work(plan(web))
    settings = web.services.settings().raw
    form = {name: settings[name] for name in ("hours.tue", "language")}
    response = web.post("/settings", {**form, "hours.mon": ""})
    assert response.status_code == 303  # type: ignore[attr-defined]
    assert web.services.settings().raw["hours.mon"] == ""
    assert monday_work(plan(web)) == []


def test_a_bad_setting_is_named_and_nothing_is_stored(web: Web) -> None:
    response = web.post("/settings", {"hours.mon": "08:00-07:00", "hours.tue": "09:00-12:00"})
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "hours.mon" in response.text  # type: ignore[attr-defined]
    raw = web.services.settings().raw
    assert raw["hours.mon"] == "09:00-12:30,13:30-17:30"
    assert raw["hours.tue"] == "09:00-12:30,13:30-17:30"  # checked before any was stored


def test_settings_are_stored_all_or_nothing(web: Web) -> None:
    # a 70-minute shortest block is no multiple of the 15-minute planning step: the whole
    # set fails on the last field, after two good ones
    response = web.post(
        "/settings",
        {"hours.mon": "10:00-12:00", "days_off": "2026-12-24", "plan.min_block": "1h10"},
    )
    assert response.status_code == 400  # type: ignore[attr-defined]
    raw = web.services.settings().raw
    assert raw["hours.mon"] == "09:00-12:30,13:30-17:30"
    assert raw["days_off"] == ""
    assert raw["plan.min_block"] == "1h"


def test_the_timer_starts_and_stops(web: Web) -> None:
    job = next(j for j in web.client.get("/api/jobs").json() if j["status"] == "todo")
    assert web.post("/timer/start", {"job": job["id"]}).status_code == 303  # type: ignore[attr-defined]
    today = web.client.get("/api/today").json()
    assert today["timer"]["job_id"] == job["id"]
    assert today["timer"]["since"] == "2026-11-30T08:30:00+01:00"
    web.clock.now += timedelta(minutes=45)
    assert web.post("/timer/stop", {}).status_code == 303  # type: ignore[attr-defined]
    assert web.client.get("/api/today").json()["timer"] is None
    entries = list_entries(web.services, web.clock.now)
    assert [e.minutes for e in entries if e.job.id == job["id"]] == [45]


def test_waiting_pin_and_unpin(web: Web) -> None:
    data = plan(web)
    block = next(b for b in data["blocks"] if b["kind"] == "work" and b["start"] > data["now"])
    form = {"job": block["job_id"], "start": block["start"], "end": block["end"]}
    assert web.post("/pins", form).status_code == 303  # type: ignore[attr-defined]
    pinned = [b for b in plan(web)["blocks"] if b["pinned"]]
    assert [(b["start"], b["end"], b["job_id"]) for b in pinned] == [
        (block["start"], block["end"], block["job_id"])
    ]
    assert web.post("/pins/remove", form).status_code == 303  # type: ignore[attr-defined]
    assert not [b for b in plan(web)["blocks"] if b["pinned"]]
    web.post(f"/jobs/{block['job_id']}/waiting", {"waiting": "1"})
    assert block["job_id"] not in {b["job_id"] for b in plan(web)["blocks"]}
    web.post(f"/jobs/{block['job_id']}/waiting", {"waiting": "0"})
    assert block["job_id"] in {b["job_id"] for b in plan(web)["blocks"]}


def test_an_overrun_asks_how_much_is_left(web: Web) -> None:
    job = next(
        j
        for j in web.client.get("/api/jobs").json()
        if j["status"] == "todo" and j["effort_hours"] <= 1
    )
    web.post("/timer/start", {"job": job["id"]})
    web.clock.now += timedelta(minutes=int(job["effort_hours"] * 60) + 15)
    asked = web.post("/timer/stop", {})
    assert asked.status_code == 200  # type: ignore[attr-defined]
    assert 'name="remaining"' in asked.text  # type: ignore[attr-defined]
    assert web.client.get("/api/today").json()["timer"] is not None  # nothing stored yet
    done = web.post("/timer/stop", {"remaining": "30m"})
    assert done.status_code == 303  # type: ignore[attr-defined]
    after = next(j for j in web.client.get("/api/jobs").json() if j["id"] == job["id"])
    assert after["remaining_hours"] == 0.5


def test_import_errors_name_the_file_and_line_and_nothing_is_stored(web: Web) -> None:
    before = web.client.get("/api/jobs?closed=true").json()
    bad = (
        "client,title,estimate_hours,received,due\n"
        "SARL Bâti-Ouest,Nouveau travail,3,2026-11-30,2026-12-20\n"
        "SARL Bâti-Ouest,Autre travail,beaucoup,2026-11-30,2026-12-20\n"
    )
    token = web.csrf("/import")
    response = web.client.post(
        "/import",
        data={"csrf_token": token},
        files=[("files", ("jobs.csv", bad.encode(), "text/csv"))],
    )
    assert response.status_code == 400
    assert "jobs.csv, line 3, field &#39;estimate_hours&#39;" in response.text
    assert web.client.get("/api/jobs?closed=true").json() == before


def test_import_of_the_scenario_files_plans_them(data_folder: Any, tmp_path: Any) -> None:
    from tests.web.conftest import make_web

    gen = make_web(tmp_path / "fresh")
    web = next(gen)
    token = web.csrf("/import")
    files = [
        ("files", (name, (SCENARIO / name).read_bytes(), "application/octet-stream"))
        for name in ("agenda.ics", "jobs.csv", "clients.csv")  # any order: clients go first
    ]
    response = web.client.post("/import", data={"csrf_token": token}, files=files)
    assert response.status_code == 200
    assert len(web.client.get("/api/clients").json()) == 12
    assert any(b["kind"] == "work" for b in plan(web)["blocks"])
    gen.close()


def test_the_language_switch(web: Web) -> None:
    assert "<h1>Aujourd'hui" in web.client.get("/").text
    english = web.client.get("/lang/en?next=/week", follow_redirects=True)
    assert '<html lang="en">' in english.text
    assert "Week of 30 November 2026" in english.text
    today = web.client.get("/").text
    assert "Monday, 30 November 2026, 08:30" in today
    assert web.client.get("/lang/fr", follow_redirects=True).text.count("lundi 30 novembre") == 1

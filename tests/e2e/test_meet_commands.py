"""End to end: meetings in person or by call, travel in the plan, places and their
lookups, through the real CLI. Times and distances are worked out by hand from the
scenario's coordinates and the documented default travel settings (detour 1.3; 10 km at
30 km/h, to 30 km at 60 km/h, beyond at 80 km/h; radius 30 minutes; 15-minute grid)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import run_cli, run_json
from tests.e2e.test_demo_scenario import at, overlaps, parse
from tests.mail_server import free_port
from tests.replay_server import replay_server

NOW = "2026-11-30T08:30+01:00"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("meet") / "data"
    data = run_json("demo", "--json", data_dir=folder)
    data["_folder"] = folder
    return data


def work(blocks: list[dict[str, Any]]) -> list[tuple[datetime, datetime]]:
    return [parse(b) for b in blocks if b["kind"] in ("work", "meeting")]


def test_trelaze_meeting_has_travel_before_and_after(demo: dict[str, Any]) -> None:
    """4 allée des Artisans, Trélazé: 7.20 km straight, 9.36 km of road at 30 km/h =
    18.7 minutes, 30 minutes on the grid: 09:30-10:00 and 11:00-11:30 on 3 December."""
    plan = run_json("--now", NOW, "plan", "--json", data_dir=demo["_folder"])
    travel = [parse(b) for b in plan["blocks"] if b["kind"] == "travel"]
    before = (at("2026-12-03", "09:30"), at("2026-12-03", "10:00"))
    after = (at("2026-12-03", "11:00"), at("2026-12-03", "11:30"))
    assert before in travel and after in travel
    for span in (before, after):
        assert not any(overlaps(span, w) for w in work(plan["blocks"]))


def test_demo_meetings_call_and_in_person(demo: dict[str, Any]) -> None:
    meetings = {b["job"]: b for b in demo["blocks"] if b["kind"] == "meeting"}
    assert meetings["Rendez-vous de découverte"]["mode"] == "call"
    roche = meetings["Premier rendez-vous succession"]
    assert roche["mode"] == "in_person"
    start, end = parse(roche)
    drives = [
        parse(b) for b in demo["blocks"] if b["kind"] == "travel" and b["job_id"] == roche["job_id"]
    ]
    # Beaucouzé: 6.12 km straight, 7.95 km of road at 30 km/h = 15.9 min -> 30 minutes
    assert drives == [(start - timedelta(minutes=30), start), (end, end + timedelta(minutes=30))]
    for span in drives:
        assert not any(overlaps(span, w) for w in work(demo["blocks"]))


def test_meet_proposes_a_call_for_the_winery(demo: dict[str, Any]) -> None:
    answer = run_json(
        "--now", NOW, "meet", "coteaux", "--duration", "1h", "--json", data_dir=demo["_folder"]
    )
    assert answer["mode"] == "call"
    assert answer["reason_code"] == "beyond_radius"
    # 42.95 km straight x 1.3 = 55.8 km; 20 + 20 + 25.8 / 80 x 60 = 59.4 -> 60 minutes
    assert answer["distance_km"] == 55.8
    assert answer["drive_minutes"] == 60
    assert len(answer["slots"]) == 3
    text = run_cli(
        "--now", NOW, "meet", "coteaux", "--duration", "1h", data_dir=demo["_folder"]
    ).stdout
    assert "Un appel plutôt qu'une visite" in text and "55,8 km" in text and "1h" in text


def test_meet_proposes_visits_to_beaucouze(demo: dict[str, Any]) -> None:
    answer = run_json(
        "--now",
        NOW,
        "--lang",
        "en",
        "meet",
        "roche",
        "--duration",
        "1h",
        "--within",
        "2w",
        "--json",
        data_dir=demo["_folder"],
    )
    assert answer["mode"] == "in_person"
    assert answer["distance_km"] == 8.0
    assert answer["travel_minutes"] == 30
    for slot in answer["slots"]:
        start = datetime.fromisoformat(slot["start"])
        assert datetime.fromisoformat(slot["travel_before"]["start"]) == start - timedelta(
            minutes=30
        )


def test_lookups_offline_unreachable_and_routing_server(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    run_cli("demo", "--json", data_dir=folder)
    places = {p["who"]: p for p in run_json("place", "list", "--json", data_dir=folder)}
    assert places["Mme Hélène Baudry"]["source"] == "town"
    # an unreachable geocoder: a clear message, exit 1, nothing changed
    dead = f"http://127.0.0.1:{free_port()}/geocodage"
    run_cli("settings", "set", "geocode.ban", dead, data_dir=folder)
    run_cli("settings", "set", "geocode.timeout", "2", data_dir=folder)
    failed = run_cli("place", "lookup", "baudry", data_dir=folder, check=False)
    assert failed.returncode == 1
    assert "BAN" in failed.stderr and dead in failed.stderr
    assert "Traceback" not in failed.stderr
    again = {p["who"]: p for p in run_json("place", "list", "--json", data_dir=folder)}
    assert again == places
    # a routing server (a recorded OSRM answer replayed on localhost), then its cache
    ask = ("--now", NOW, "meet", "coteaux", "--duration", "1h", "--json")
    with replay_server({"/route/v1/driving/": "osrm_route_angers_saumur.json"}) as server:
        run_cli("settings", "set", "routing.engine", "osrm", data_dir=folder)
        run_cli("settings", "set", "routing.url", server.url, data_dir=folder)
        answers = [run_json(*ask, data_dir=folder)]
    answers.append(run_json(*ask, data_dir=folder))  # the server is gone: from the cache
    for answer in answers:
        leg = (answer["distance_km"], answer["drive_minutes"], answer["travel_source"])
        assert leg == (66.2, 51, "osrm")


CHAINED = (
    Path(__file__).resolve().parents[1] / "data" / "ics" / "vevent_location_chained-visits.ics"
)


def test_two_visits_close_in_time_are_chained(tmp_path: Path) -> None:
    """Tuesday 8 December: Trélazé 10:00-11:00, then Les Ponts-de-Cé 11:30-12:30. Going
    home between them takes 19 + 16 = 35 minutes of the 30 (Trélazé 9.36 km of road,
    Les Ponts-de-Cé 7.57 km, at 30 km/h); straight from Trélazé to Les Ponts-de-Cé is
    5.06 km x 1.3 = 6.57 km, 13.1 -> 14 minutes, 15 on the grid: one drive 11:00-11:15
    replaces the drive home and the drive back out."""
    folder = tmp_path / "data"
    run_cli("demo", "--json", data_dir=folder)
    run_cli("import", str(CHAINED), data_dir=folder)
    plan = run_json("--now", NOW, "plan", "--json", data_dir=folder)
    day = [
        parse(b)
        for b in plan["blocks"]
        if b["kind"] == "travel" and b["start"][:10] == "2026-12-08"
    ]
    assert sorted(day) == [
        (at("2026-12-08", "09:30"), at("2026-12-08", "10:00")),
        (at("2026-12-08", "11:00"), at("2026-12-08", "11:15")),
        (at("2026-12-08", "12:30"), at("2026-12-08", "13:00")),
    ]
    for span in day:
        assert not any(overlaps(span, w) for w in work(plan["blocks"]))
    # the mileage of December counts the tour: 9.4 + 6.6 + 7.6 = 23.6 km that day
    report = run_json("--now", NOW, "report", "--month", "2026-12", "--json", data_dir=folder)
    tuesday = next(d for d in report["mileage"]["days"] if d["date"] == "2026-12-08")
    assert tuesday == {"date": "2026-12-08", "visits": 2, "km": 23.6}

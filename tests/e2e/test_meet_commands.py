"""End to end: meetings in person or by call, travel in the plan, places and their
lookups, through the real CLI. Times and distances are worked out by hand from the
scenario's coordinates and the documented default travel settings (detour 1.3; 10 km at
30 km/h, to 30 km at 60 km/h, beyond at 80 km/h; radius 30 minutes; 15-minute grid)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from creneau.domain.places import Place
from tests.adapters.places.test_places_adapters import HOME, law_of_cosines_km
from tests.conftest import run_cli, run_cli_on_terminal, run_json
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


@pytest.fixture
def booking_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    run_cli("demo", "--json", data_dir=folder)
    run_cli("settings", "set", "meet.email", "claire@assistante.example", data_dir=folder)
    return folder


def test_book_and_at_together_is_an_error_in_french(booking_folder: Path, tmp_path: Path) -> None:
    both = run_cli(
        "--now", NOW, "meet", "roche", "--duration", "1h", "--book", "1",
        "--at", "2026-12-02T11:00", data_dir=booking_folder, check=False, cwd=tmp_path,
    )  # fmt: skip
    assert both.returncode == 2
    assert "--book" in both.stderr and "pas les deux" in both.stderr
    assert "Traceback" not in both.stderr
    assert list(tmp_path.glob("*.ics")) == []  # nothing written
    pins = run_json("pin", "list", "--json", data_dir=booking_folder)
    assert pins == {"pins": []}  # nothing booked


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--within", "3x"), "n'est pas une durée comme 2w"),
        (("--at", "2026-12-02T11:07"), "n'est pas sur la grille de 15 minutes"),
        (("--at", "2026-11-27T11:00"), "est passé"),
        (("--at", "demain"), "ce n'est pas une date et heure"),
        (("--book", "1", "--job", "Mise en forme"), "n'est pas un rendez-vous ouvert"),
    ],
)
def test_meet_errors_speak_french(
    booking_folder: Path, tmp_path: Path, args: tuple[str, ...], words: str
) -> None:
    failed = run_cli(
        "--now", NOW, "meet", "roche", "--duration", "1h", *args,
        data_dir=booking_folder, check=False, cwd=tmp_path,
    )  # fmt: skip
    assert failed.returncode == 2, failed.stderr
    assert words in failed.stderr
    assert "Traceback" not in failed.stderr


def test_durations_under_an_hour_read_min(demo: dict[str, Any]) -> None:
    """Beaucouzé: 7.95 km at 30 km/h = 15.9 minutes, 16 min; the radius is 30 minutes."""
    text = run_cli("--now", NOW, "meet", "roche", "--duration", "1h", data_dir=demo["_folder"])
    assert "16 min de route" in text.stdout and "(votre rayon : 30 min)" in text.stdout
    assert "30m" not in text.stdout and "16m" not in text.stdout


def test_booking_reuses_the_meeting_job_names_the_file_and_never_overwrites_it(
    booking_folder: Path, tmp_path: Path
) -> None:
    """Proposal 1 for the clients in Beaucouzé is their planned meeting, Thursday
    3 December 14:00 (it moves nothing): booked, it is "Premier rendez-vous succession"
    itself, and the invitation is rendez-vous-m-et-mme-roche-20261203-1400.ics."""
    ask = ("--now", NOW, "meet", "roche", "--duration", "1h", "--book", "1", "--json")
    booked = json.loads(run_cli(*ask, data_dir=booking_folder, cwd=tmp_path).stdout)
    name = "rendez-vous-m-et-mme-roche-20261203-1400.ics"
    assert booked["booked"]["title"] == "Premier rendez-vous succession"
    assert booked["booked"]["reused"] is True
    assert booked["booked"]["ics"] == name
    assert (tmp_path / name).is_file()
    jobs = run_json("job", "list", "--json", data_dir=booking_folder)
    meetings = [j for j in jobs if j["client"] == "M. et Mme Roche" and j["kind"] == "meeting"]
    assert [j["title"] for j in meetings] == ["Premier rendez-vous succession"]
    # an existing file is never written over unasked: refused, nothing booked
    mine = tmp_path / "mine.ics"
    mine.write_text("her own file", encoding="utf-8")
    other = ("--now", NOW, "meet", "coteaux", "--duration", "1h", "--book", "1")
    refused = run_cli(
        *other, "--ics", str(mine), data_dir=booking_folder, check=False, cwd=tmp_path
    )
    assert refused.returncode == 2
    assert str(mine) in refused.stderr and "--yes" in refused.stderr
    assert mine.read_text(encoding="utf-8") == "her own file"
    assert len(run_json("pin", "list", "--json", data_dir=booking_folder)["pins"]) == 1
    # on a terminal she is asked; "n" leaves everything as it was
    said_no = run_cli_on_terminal(
        *other, "--ics", str(mine), data_dir=booking_folder, answers="n\n"
    )
    assert said_no.returncode == 1
    assert "Rien n'est réservé" in said_no.stderr
    assert mine.read_text(encoding="utf-8") == "her own file"
    # --yes replaces it
    run_cli(*other, "--ics", str(mine), "--yes", data_dir=booking_folder, cwd=tmp_path)
    assert "METHOD:REQUEST" in mine.read_text(encoding="utf-8")


def test_a_town_centre_is_said_to_be_one(demo: dict[str, Any]) -> None:
    """Mme Baudry has no coordinates: her place is the centre of Avrillé."""
    text = run_cli("--now", NOW, "meet", "baudry", "--duration", "1h", data_dir=demo["_folder"])
    assert "Position : centre de la commune (Avrillé" in text.stdout
    assert 'creneau place set "Mme Hélène Baudry" LAT LON' in text.stdout


def demo_with_client(tmp_path: Path, name: str, address: str, postcode: str, town: str) -> Path:
    """A demo folder with one more client, without coordinates."""
    folder = tmp_path / "data"
    run_cli("demo", "--json", data_dir=folder)
    run_cli(
        "client", "add", name, "--address", address, "--postcode", postcode, "--town", town,
        data_dir=folder,
    )  # fmt: skip
    return folder


def test_a_town_missing_from_the_offline_data_says_what_to_do(tmp_path: Path) -> None:
    """Loire-Authion (a commune since 2016, 49800) is not in the offline town data."""
    folder = demo_with_client(
        tmp_path, "Gîte des Bords de Loire", "3 rue du Port", "49800", "Loire-Authion"
    )
    text = run_cli("--now", NOW, "meet", "gite", "--duration", "1h", data_dir=folder).stdout
    assert "Un appel" in text and "ne peut pas être située hors ligne" in text
    assert 'creneau place set "Gîte des Bords de Loire" LAT LON' in text
    answer = run_json("--now", NOW, "meet", "gite", "--duration", "1h", "--json", data_dir=folder)
    assert (answer["mode"], answer["reason_code"]) == ("call", "unknown_place")
    listed = run_cli("place", "list", data_dir=folder).stdout
    assert "Gîte des Bords de Loire : inconnu" in listed
    assert 'creneau place set "Gîte des Bords de Loire" LAT LON' in listed


def test_every_travel_block_has_the_same_fields(tmp_path: Path) -> None:
    """Drives of a planned meeting, of a booked one and of a located event of her
    calendar: one set of keys, with the one-way km and a location."""
    folder = tmp_path / "data"
    run_cli("demo", "--json", data_dir=folder)
    run_cli("settings", "set", "meet.email", "claire@assistante.example", data_dir=folder)
    run_cli(
        "--now", NOW, "meet", "baudry", "--duration", "1h", "--at", "2026-12-07T10:00",
        "--ics", str(tmp_path / "baudry.ics"), data_dir=folder,
    )  # fmt: skip
    plan = run_json("--now", NOW, "plan", "--json", data_dir=folder)
    travel = [b for b in plan["blocks"] if b["kind"] == "travel"]
    origins = {
        "planned": [b for b in travel if b["id"].endswith(("-to", "-back"))],
        "booked": [b for b in travel if b["id"].startswith("travel-pin-")],
        "event": [b for b in travel if b["client"] is None],
    }
    assert all(origins.values()), origins
    keys = {frozenset(b) for b in travel}
    assert len(keys) == 1, keys
    assert {"km", "location", "client", "job", "job_id", "mode", "summary"} <= next(iter(keys))
    for b in travel:
        assert b["km"] > 0 and b["location"] and b["mode"] == "in_person"
    # Avrillé's centre: 5.6 km x 1.3 one way; Trélazé 9.4 km; Beaucouzé 8.0 km
    assert {b["km"] for b in origins["booked"]} == {
        round(law_of_cosines_km(HOME, Place(47.50663, -0.58955)) * 1.3, 1)
    }


def test_a_lookup_outside_france_asks_nominatim(tmp_path: Path) -> None:
    """A Swiss address (4-digit postcode) goes to Nominatim: a local server replays the
    answer; the place is kept with its source."""
    folder = demo_with_client(tmp_path, "Fondation Alpes", "Bundesplatz 3", "3011", "Bern")
    with replay_server({"/osm/search": "nominatim_search_bern.json"}) as server:
        run_cli("settings", "set", "geocode.nominatim", f"{server.url}/osm", data_dir=folder)
        told = run_cli("place", "lookup", "alpes", data_dir=folder).stdout
    assert "OpenStreetMap" in told
    assert server.asked[0].startswith("/osm/search?q=Bundesplatz+3%2C+3011+Bern")
    places = {p["who"]: p for p in run_json("place", "list", "--json", data_dir=folder)}
    alpes = places["Fondation Alpes"]
    assert (alpes["latitude"], alpes["longitude"], alpes["source"]) == (
        46.9466295,
        7.4442707,
        "nominatim",
    )

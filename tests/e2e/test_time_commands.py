"""End to end: the time she spends (``start``, ``stop``, ``log``, ``entries``, ``entry``),
what it does to the plan, and ``estimates``, on the real CLI.

Each test works on its own copy of a folder loaded by ``creneau demo`` (the bundled copy of
the shared scenario) and moves "now" with ``--now``. Expected values come from the scenario
files (``jobs.csv``: estimates and time spent) and the times typed, worked out by hand.
"""

from __future__ import annotations

import math
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SCENARIO, SCENARIO_NOW, run_cli, run_cli_on_terminal, run_json
from tests.services import her_time as her

pytestmark = pytest.mark.e2e

TRANSCRIPTION = "Transcription d'entretiens (6 heures d'audio)"  # 18 h, nothing spent
COURRIER = "Courrier aux mutuelles"  # 1 h, nothing spent
ARCHIVAGE = "Archivage et numérisation des factures 2015-2025"  # 36 h, 14 h spent
RESILIATION = "Résiliation de deux contrats"  # 30 min
FRAPPE = "Frappe de 12 comptes rendus"  # 4 h, for the physiotherapists


def at(day: int, clock: str) -> str:
    """``--now`` on a day of late November / December 2026 (Paris winter time)."""
    month = 11 if day >= 27 else 12
    return f"2026-{month:02d}-{day:02d}T{clock}:00+01:00"


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo") / "data"
    run_cli("--now", SCENARIO_NOW.isoformat(), "demo", "--json", data_dir=folder)
    return folder


@pytest.fixture
def data(demo_dir: Path, tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(demo_dir, target)
    return target


def cli(folder: Path, now: str, *args: str, check: bool = True) -> Any:
    return run_cli("--now", now, *args, data_dir=folder, check=check)


def cli_json(folder: Path, now: str, *args: str) -> Any:
    return run_json("--now", now, *args, data_dir=folder)


def refused(result: Any) -> str:
    """A clean refusal: exit 2 (bad input), a message on stderr, no traceback."""
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stderr.strip()
    return " ".join(result.stderr.split())


def job_of(folder: Path, title: str) -> dict[str, Any]:
    jobs = cli_json(folder, SCENARIO_NOW.isoformat(), "job", "list", "--all", "--json")
    return next(j for j in jobs if j["title"] == title)


def entries_of(folder: Path, now: str) -> list[dict[str, Any]]:
    return cli_json(folder, now, "entries", "--json")["entries"]  # type: ignore[no-any-return]


def planned_minutes(plan: dict[str, Any], title: str) -> int:
    return sum(
        (datetime.fromisoformat(b["end"]) - datetime.fromisoformat(b["start"])).seconds // 60
        for b in plan["blocks"]
        if b["job"] == title and b["kind"] in ("work", "meeting")
    )


def left_in_csv(title: str) -> int:
    """Estimate minus time spent, from jobs.csv, in minutes."""
    return next(w.remaining_minutes for w in her.open_work() if w.title == title)


# --- the timer ------------------------------------------------------------------------


def test_timer_start_stop_and_switch_as_time_moves(data: Path) -> None:
    started = cli(data, at(30, "09:00"), "start", "Transcription").stdout
    assert "Chronomètre lancé" in started and "09:00" in started
    assert "Plan mis à jour" in started  # every time change replans at once
    switched = cli(data, at(30, "10:30"), "start", "Courrier").stdout
    assert "Arrêté" in switched and "1h30" in switched  # 09:00-10:30 recorded by the switch
    stopped = cli(data, at(30, "11:00"), "--lang", "en", "stop").stdout
    assert "Stopped" in stopped and "30m counted" in stopped

    entries = entries_of(data, at(30, "11:00"))
    assert [(e["job"], e["minutes"], e["source"], e["running"]) for e in entries] == [
        (TRANSCRIPTION, 90, "timer", False),
        (COURRIER, 30, "timer", False),
    ]
    assert entries[0]["start"] == "2026-11-30T09:00:00+01:00"
    assert entries[0]["end"] == entries[1]["start"] == "2026-11-30T10:30:00+01:00"
    transcription, courrier = job_of(data, TRANSCRIPTION), job_of(data, COURRIER)
    assert transcription["spent_hours"] == 1.5  # 0 in jobs.csv + 1 h 30
    assert transcription["remaining_hours"] == 18 - 1.5
    assert transcription["status"] == "in_progress"
    assert (courrier["spent_hours"], courrier["remaining_hours"]) == (0.5, 0.5)


def test_a_timer_over_midnight_or_ten_hours_asks_for_confirmation(data: Path) -> None:
    cli(data, at(30, "17:00"), "start", "Transcription")
    message = refused(cli(data, at(1, "08:00"), "stop", check=False))
    assert "au-delà de minuit" in message and "15h" in message  # 17:00 to 08:00
    assert "--yes" in message and "--end" in message and "--duration" in message
    (running,) = entries_of(data, at(1, "08:00"))
    assert running["running"] and job_of(data, TRANSCRIPTION)["spent_hours"] == 0
    # on a terminal it asks: not all of it; the real end was 17:45
    asked = run_cli_on_terminal(
        "--now", at(1, "08:00"), "stop", data_dir=data, answers="n\n17:45\n"
    )
    assert asked.returncode == 0, asked.stderr
    assert "Tout compter ?" in asked.stdout and "45m comptées" in asked.stdout

    cli(data, at(1, "07:00"), "start", "Archivage")
    message = refused(cli(data, at(1, "17:30"), "--lang", "en", "stop", check=False))
    assert "over 10 hours" in message and "10h30" in message and "--yes" in message
    cli(data, at(1, "17:30"), "stop", "--yes")
    entries = entries_of(data, at(1, "17:30"))
    assert [(e["job"], e["minutes"]) for e in entries] == [(TRANSCRIPTION, 45), (ARCHIVAGE, 630)]
    assert job_of(data, ARCHIVAGE)["spent_hours"] == 14 + 10.5


# --- logs and the plan ----------------------------------------------------------------


@pytest.mark.parametrize("duration", ["1h75", "-2h"])
def test_a_log_with_a_bad_duration_is_refused_and_nothing_is_stored(
    data: Path, duration: str
) -> None:
    message = refused(cli(data, at(30, "12:00"), "log", "Transcription", duration, check=False))
    assert "DURATION" in message and duration in message
    assert ("below 60" if duration == "1h75" else "negative") in message
    assert entries_of(data, at(30, "12:00")) == []
    assert job_of(data, TRANSCRIPTION)["spent_hours"] == 0


def test_logged_time_shrinks_the_jobs_blocks_in_the_next_plan(data: Path) -> None:
    now = at(30, "12:00")
    before = cli_json(data, now, "plan", "--json")
    assert planned_minutes(before, TRANSCRIPTION) == left_in_csv(TRANSCRIPTION) == 18 * 60
    logged = cli(data, now, "log", "Transcription", "2h", "--on", "2026-11-27").stdout
    assert "Noté : 2h" in logged and "Plan mis à jour" in logged
    (entry,) = entries_of(data, now)
    # no --at: her first working period of Friday 27 November, 09:00
    assert (entry["start"], entry["end"]) == (
        "2026-11-27T09:00:00+01:00",
        "2026-11-27T11:00:00+01:00",
    )
    assert entry["source"] == "log"
    after = cli_json(data, now, "plan", "--json")
    assert planned_minutes(after, TRANSCRIPTION) == 18 * 60 - 120
    job = next(j for j in after["jobs"] if j["job"] == TRANSCRIPTION)
    assert job["remaining_hours"] == 16 and not job["late"]


def test_an_overrun_asks_for_the_work_left_and_the_next_plan_uses_it(data: Path) -> None:
    now = at(30, "12:00")
    # 1 h logged on a 1-hour job that is not done: without a terminal, refused
    message = refused(cli(data, now, "log", "Courrier", "1h", check=False))
    assert "--remaining" in message and "Courrier aux mutuelles" in message
    assert entries_of(data, now) == []
    # on a terminal it asks, and the answer is stored
    asked = run_cli_on_terminal(
        "--now", now, "log", "Courrier", "1h", data_dir=data, answers="1h30\n"
    )
    assert asked.returncode == 0, asked.stderr
    assert "Travail restant" in asked.stdout and "Plan mis à jour" in asked.stdout
    courrier = job_of(data, COURRIER)
    assert (courrier["spent_hours"], courrier["remaining_hours"]) == (1.0, 1.5)
    plan = cli_json(data, now, "plan", "--json")
    assert planned_minutes(plan, COURRIER) == 90

    # a timer that uses up the estimate, stopped with the work left given up front
    cli(data, at(30, "14:00"), "start", "Résiliation")
    cli(data, at(30, "14:45"), "stop", "--remaining", "15m")
    assert job_of(data, RESILIATION)["remaining_hours"] == 0.25
    plan = cli_json(data, at(30, "14:45"), "plan", "--json")
    assert planned_minutes(plan, RESILIATION) == 15


def test_entries_can_be_edited_and_deleted(data: Path) -> None:
    now = at(30, "18:00")
    cli(data, now, "log", "Transcription", "1h", "--on", "2026-11-27", "--at", "14:00")
    (entry,) = entries_of(data, now)
    edited = cli(data, now, "entry", "edit", entry["id"], "--duration", "1h30").stdout
    assert "modifiée" in edited and "1h30" in edited
    assert job_of(data, TRANSCRIPTION)["spent_hours"] == 1.5
    cli(data, now, "entry", "edit", entry["id"], "--end", "14:45")
    assert job_of(data, TRANSCRIPTION)["spent_hours"] == 0.75
    deleted = cli(data, now, "--lang", "en", "entry", "delete", entry["id"]).stdout
    assert f"Entry {entry['id']} deleted: 45m taken off" in deleted
    assert job_of(data, TRANSCRIPTION)["spent_hours"] == 0
    assert entries_of(data, now) == []
    gone = cli(data, now, "entry", "delete", entry["id"], check=False)
    assert gone.returncode == 3 and "no time entry matches" in gone.stderr  # not found


def test_reimporting_jobs_keeps_the_logged_time(data: Path) -> None:
    now = at(30, "18:00")
    cli(data, now, "log", "Archivage", "2h", "--at", "09:00")
    cli(data, now, "import", str(SCENARIO / "jobs.csv"))
    assert job_of(data, ARCHIVAGE)["spent_hours"] == 14 + 2  # jobs.csv's 14 h + the log
    assert len(entries_of(data, now)) == 1


def test_job_done_records_the_delivery_date_and_frees_its_blocks(data: Path) -> None:
    now = at(1, "10:00")
    cli(data, now, "job", "done", "Courrier")
    assert job_of(data, COURRIER)["done_on"] == "2026-12-01"
    assert planned_minutes(cli_json(data, now, "plan", "--json"), COURRIER) == 0
    cli(data, now, "job", "edit", "Courrier", "--status", "todo")
    assert job_of(data, COURRIER)["done_on"] is None


# --- estimates ------------------------------------------------------------------------

# jobs.csv's two delivered jobs: the physiotherapists' 3 h -> 3.5 h, the bakery's 5 h -> 4.5 h
KINE_LOG, BAKERY_LOG = math.log(3.5 / 3), math.log(4.5 / 5)
OVERALL = 2 / (2 + 5) * (KINE_LOG + BAKERY_LOG) / 2
KINE = 1 / (1 + 5) * KINE_LOG + 5 / (1 + 5) * OVERALL  # one job each: credibility 1/6
BAKERY = 1 / (1 + 5) * BAKERY_LOG + 5 / (1 + 5) * OVERALL


def test_estimates_overall_per_client_and_per_tag(data: Path) -> None:
    now = SCENARIO_NOW.isoformat()
    cli(data, now, "job", "edit", "Comptes rendus de novembre", "--tags", "Frappe")
    cli(data, now, "job", "edit", "Saisie comptable d'octobre", "--tags", "saisie")
    found = cli_json(data, now, "estimates", "--json")
    assert found["calibrated_efforts"] is False and found["prior_jobs"] == 5
    assert found["overall"]["jobs"] == 2
    assert found["overall"]["mean_ratio"] == pytest.approx(math.sqrt(3.5 / 3 * 0.9), abs=1e-4)
    assert found["overall"]["factor"] == pytest.approx(math.exp(OVERALL), abs=1e-4)  # 1.007
    clients = {c["name"]: c for c in found["clients"]}
    kine = clients["Cabinet de kinésithérapie des Lices"]
    assert (kine["jobs"], kine["credibility"]) == (1, round(1 / 6, 4))
    assert kine["mean_ratio"] == pytest.approx(3.5 / 3, abs=1e-4)
    assert kine["factor"] == pytest.approx(math.exp(KINE), abs=1e-4)  # 1.032
    bakery = clients["Boulangerie Fournil du Lac"]
    assert bakery["factor"] == 1.0  # 0.995 by the rule: never planned shorter
    assert math.exp(BAKERY) < 1
    tags = {t["tag"]: t for t in found["tags"]}
    assert set(tags) == {"Frappe", "saisie"}
    assert tags["Frappe"]["factor"] == pytest.approx(math.exp(KINE), abs=1e-4)
    text = cli(data, now, "estimates").stdout
    assert "Par client" in text and "Par étiquette" in text and "1,032" in text
    english = cli(data, now, "--lang", "en", "estimates").stdout
    assert "Per tag" in english and "1.032" in english


def test_calibrated_efforts_plan_the_margin_once(data: Path) -> None:
    now = SCENARIO_NOW.isoformat()
    cli(data, now, "settings", "set", "plan.calibrated_efforts", "true")
    plan = cli_json(data, now, "plan", "--json")
    # 4 h for the physiotherapists, times their factor: 247.7 -> 248 min, 255 on the grid
    left = math.ceil(240 * math.exp(KINE))
    assert left == 248
    job = next(j for j in plan["jobs"] if j["job"] == FRAPPE)
    assert job["remaining_hours"] == round(left / 60, 2)
    assert planned_minutes(plan, FRAPPE) == 255
    # the promise still applies the margin once: 600 * 1.032 = 619.2 -> 10 h 30 (twice
    # would be 600 * 1.032 ** 2 = 639 -> 10 h 45)
    answer = cli_json(data, now, "promise", "kiné", "10h", "--json")
    assert answer["planned_hours"] == math.ceil(600 * math.exp(KINE) / 15) * 15 / 60 == 10.5


def test_a_timer_on_a_finished_job_stops_with_done(data: Path) -> None:
    """The 30-minute job used up by a 30-minute timer: 'stop' asks for the work left; off
    a terminal it names --done; '--done' stops and delivers it that day; on a terminal,
    0 answers "finished"."""
    cli(data, at(30, "14:00"), "start", "Résiliation")
    message = refused(cli(data, at(30, "14:30"), "stop", check=False))
    assert "--done" in message and "Résiliation de deux contrats" in message
    done = cli(data, at(30, "14:30"), "stop", "--done")
    assert "Plan mis à jour" in done.stdout
    job = job_of(data, RESILIATION)
    assert (job["status"], job["spent_hours"], job["done_on"]) == ("done", 0.5, "2026-11-30")
    assert [e["minutes"] for e in entries_of(data, at(30, "14:30"))] == [30]
    # the same on a terminal, answering 0
    cli(data, at(30, "15:00"), "start", "Courrier")
    asked = run_cli_on_terminal("--now", at(30, "16:00"), "stop", data_dir=data, answers="0\n")
    assert asked.returncode == 0, asked.stderr
    assert "0 s'il est terminé" in asked.stdout
    assert job_of(data, COURRIER)["status"] == "done"
    refused_both = refused(
        cli(data, at(30, "16:00"), "stop", "--done", "--remaining", "1h", check=False)
    )
    assert "--done" in refused_both


def test_the_report_after_logging_with_the_commands(data: Path) -> None:
    """Time logged with 'log' and a fixed price delivered with 'job done --on', then the
    November report, worked out by hand from clients.csv and jobs.csv:

    - physiotherapists (30 €/h): 1h30 logged on 27 November on the 12 reports: 1.5 h,
      45.00 €;
    - the sports club: 2 h logged on 26 November on the newsletter (fixed price 90 €),
      delivered on 27 November: 2 h, 90.00 €, effective rate 45.00 €/h;
    - the winery's meeting (an hourly job, 34 €/h) logged 1 h on 2 December: not in
      November.
    """
    now = at(30, "08:30")
    before = cli_json(data, now, "report", "--month", "2026-11", "--json")
    cli(data, now, "log", "Frappe", "1h30", "--on", "2026-11-27", "--at", "09:00")
    cli(data, now, "log", "Lettre d'information", "2h", "--on", "2026-11-26", "--at", "14:00")
    cli(data, now, "job", "done", "Lettre d'information", "--on", "2026-11-27")
    later = at(2, "18:00")
    cli(
        data, later, "log", "Rendez-vous de découverte", "1h", "--on", "2026-12-02", "--at", "10:00"
    )
    after = cli_json(data, later, "report", "--month", "2026-11", "--json")
    by_name = {c["name"]: c for c in after["clients"]}
    kine = by_name["Cabinet de kinésithérapie des Lices"]
    assert (kine["hours"], kine["income_eur"]) == (1.5, 45.0)
    club = by_name["Association Sport et Loisirs Ponts-de-Cé"]
    assert (club["hours"], club["income_eur"], club["effective_rate_eur"]) == (2.0, 90.0, 45.0)
    assert (
        "Domaine viticole des Coteaux" not in by_name
        or by_name["Domaine viticole des Coteaux"]["hours"] == 0.0
    )
    assert after["total"]["hours"] == before["total"]["hours"] + 3.5
    assert after["total"]["income_eur"] == before["total"]["income_eur"] + 135.0
    # a delivery day after today, or before the job was received, is refused
    assert "after today" in refused(
        cli(data, now, "job", "done", "Frappe", "--on", "2026-12-01", check=False)
    )
    assert "before the job was received" in refused(
        cli(data, now, "job", "done", "Frappe", "--on", "2026-11-01", check=False)
    )

"""End to end: ``whatif``, ``promise``, ``risks``, ``pin``, ``job wait/resume`` and
``job edit --after`` on the real CLI.

Each test that changes data works on its own copy of a folder loaded by ``creneau demo``
(the bundled copy of the shared scenario) at the scenario's now. Expected values come
from the scenario files and her working rules (:mod:`tests.services.her_time`) or from
another command (``plan --json``), never from the tested output.
"""

from __future__ import annotations

import math
import shutil
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PARIS, SCENARIO_NOW, run_cli, run_json
from tests.services import her_time as her

pytestmark = pytest.mark.e2e

NOW = SCENARIO_NOW.isoformat()
KINE = "Cabinet de kinésithérapie des Lices"
LOIRE = "Cabinet d'expertise comptable Loire Conseil"
TUESDAY_EVENING = datetime.fromisoformat("2026-12-01T17:30:00+01:00")
FRIDAY_EVENING = datetime.fromisoformat("2026-12-04T17:30:00+01:00")
FR_DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
EN_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
FR_MONTHS = [
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
    "octobre", "novembre", "décembre",
]  # fmt: skip
EN_MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip
SETUP = "Mise en place du classement des commandes"
DISCOVERY = "Rendez-vous de découverte"
TRANSCRIPTION = "Transcription d'entretiens (6 heures d'audio)"


def french(day: date) -> str:
    return f"{FR_DAYS[day.weekday()]} {day.day} {FR_MONTHS[day.month - 1]} {day.year}"


def english(day: date) -> str:
    return f"{EN_DAYS[day.weekday()]} {day.day} {EN_MONTHS[day.month - 1]} {day.year}"


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Read only: used by commands that store nothing."""
    folder = tmp_path_factory.mktemp("demo") / "data"
    run_cli("--now", NOW, "demo", "--json", data_dir=folder)
    return folder


def copy_of(demo_dir: Path, target: Path) -> Path:
    shutil.copytree(demo_dir, target)
    return target


@pytest.fixture
def data(demo_dir: Path, tmp_path: Path) -> Path:
    """A fresh copy of the demo's data folder."""
    return copy_of(demo_dir, tmp_path / "data")


def cli(folder: Path, *args: str, check: bool = True) -> Any:
    return run_cli("--now", NOW, *args, data_dir=folder, check=check)


def cli_json(folder: Path, *args: str) -> Any:
    return run_json("--now", NOW, *args, data_dir=folder)


def moment(text: str | None) -> datetime:
    assert text is not None
    return datetime.fromisoformat(text)


def late_hard(plan: dict[str, Any]) -> list[str]:
    return [j["job"] for j in plan["jobs"] if j["deadline"] == "hard" and j["late"]]


def job_blocks(plan: dict[str, Any], title: str) -> list[tuple[datetime, datetime]]:
    return sorted(
        (moment(b["start"]), moment(b["end"]))
        for b in plan["blocks"]
        if b["job"] == title and b["kind"] in ("work", "meeting")
    )


# --- whatif -----------------------------------------------------------------------------


def test_whatif_yes_in_json_and_french(demo_dir: Path) -> None:
    answer = cli_json(demo_dir, "whatif", "kiné", "1h", "--due", "2026-12-01", "--json")
    assert set(answer) == {
        "possible", "sentence", "client", "effort_hours", "planned_hours", "wanted_due",
        "finish", "earliest_safe_finish", "would_break", "moves",
    }  # fmt: skip
    assert answer["possible"] is True
    assert answer["client"] == KINE
    assert answer["effort_hours"] == 1.0
    assert answer["planned_hours"] == 1.0  # plan.calibrated_efforts is off: no margin
    assert moment(answer["wanted_due"]) == TUESDAY_EVENING
    finish = moment(answer["finish"])
    assert SCENARIO_NOW < finish <= TUESDAY_EVENING
    assert answer["would_break"] == []
    assert answer["sentence"].startswith(f"Oui : terminé {french_day(finish)} {finish:%H:%M}")
    titles = {w.title for w in her.open_work()}
    for move in answer["moves"]:
        assert set(move) == {
            "job_id", "job", "client", "before", "after", "moved_hours", "late_before",
            "late_after", "hard",
        }  # fmt: skip
        assert move["job"] in titles
        assert move["before"] != move["after"] or move["late_before"] != move["late_after"]
        assert not (move["hard"] and move["late_after"]), move  # no promise broken


def test_whatif_yes_in_english(demo_dir: Path) -> None:
    answer = cli_json(demo_dir, "whatif", "kiné", "1h", "--due", "2026-12-01", "--json")
    finish = moment(answer["finish"]).astimezone(PARIS)
    out = cli(demo_dir, "--lang", "en", "whatif", "kiné", "1h", "--due", "2026-12-01").stdout
    day = f"{ENGLISH_DAYS[finish.weekday()]} {finish.day} {ENGLISH_MONTHS[finish.month]}"
    assert out.lstrip().startswith(f"Yes: done {day} {finish:%H:%M}")


ENGLISH_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ENGLISH_MONTHS = {11: "November", 12: "December"}
FRENCH_DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
FRENCH_MONTHS = {11: "novembre", 12: "décembre"}


def french_day(moment_: datetime) -> str:
    """``mardi 1 décembre``, written independently of Babel."""
    local = moment_.astimezone(PARIS)
    return f"{FRENCH_DAYS[local.weekday()]} {local.day} {FRENCH_MONTHS[local.month]}"


def test_whatif_no_in_json(demo_dir: Path) -> None:
    answer = cli_json(demo_dir, "whatif", "loire conseil", "20h", "--due", "2026-12-04", "--json")
    assert answer["possible"] is False
    assert answer["client"] == LOIRE
    assert moment(answer["wanted_due"]) == FRIDAY_EVENING
    assert moment(answer["earliest_safe_finish"]) > FRIDAY_EVENING
    hard = {w.title: w.client for w in her.open_work() if w.hard}
    assert answer["would_break"]
    for broken in answer["would_break"]:
        assert hard[broken["job"]] == broken["client"]
    assert answer["sentence"].startswith("Non : au plus tôt")


# --- promise ----------------------------------------------------------------------------


def test_promise_both_sides_end_to_end(demo_dir: Path, tmp_path: Path) -> None:
    side_a = copy_of(demo_dir, tmp_path / "a")
    side_b = copy_of(demo_dir, tmp_path / "b")
    answer = cli_json(side_a, "promise", "kiné", "10h", "--json")
    assert set(answer) == {
        "sentence", "client", "effort_hours", "planned_hours", "due", "planned_finish",
        "planned_hours_90", "due_90", "calibration", "job_id",
    }  # fmt: skip
    # the margin by hand: geometric mean of 3.5/3 and 4.5/5, shrunk by 2 / (2 + 5); the
    # physiotherapists' own job (3 h -> 3.5 h) shrunk toward it by 1 / (1 + 5)
    mean_log = (math.log(3.5 / 3) + math.log(4.5 / 5)) / 2
    overall = 2 / 7 * mean_log
    kine = 1 / 6 * math.log(3.5 / 3) + 5 / 6 * overall
    margin = max(1.0, math.exp(kine))
    planned = math.ceil(600 * margin / 15) * 15
    assert answer["calibration"]["finished_jobs"] == 2
    assert answer["calibration"]["client_jobs"] == 1
    assert answer["calibration"]["margin"] == pytest.approx(margin, abs=1e-4)
    assert answer["calibration"]["mean_ratio"] == pytest.approx(math.exp(mean_log), abs=1e-4)
    assert answer["effort_hours"] == 10.0
    assert answer["planned_hours"] == planned / 60 == 10.5
    due = date.fromisoformat(answer["due"])
    assert her.is_working_day(due)
    assert french(due) in answer["sentence"]
    assert answer["sentence"].startswith("Vous pouvez promettre")
    before = her.previous_working_day(due)
    effort = f"{planned // 60}h{planned % 60:02d}"
    for folder, day in ((side_a, due), (side_b, before)):
        added = cli(
            folder, "job", "add", "kiné", "Nouveau travail", "--effort", effort,
            "--due", day.isoformat(), "--deadline", "hard",
        ).stdout  # fmt: skip
        if folder is side_a:
            assert added.split()[0] == answer["job_id"]
    keeps = cli_json(side_a, "plan", "--json")
    breaks = cli_json(side_b, "plan", "--json")
    assert late_hard(keeps) == [], f"due {due}: {late_hard(keeps)}"
    new = next(j for j in keeps["jobs"] if j["job"] == "Nouveau travail")
    assert new["remaining_hours"] == 10.5
    assert moment(new["planned_finish"]) <= her.end_of_day(due)
    assert late_hard(breaks), f"due {before} (the working day before {due}) breaks nothing"


def test_promise_in_english(demo_dir: Path) -> None:
    answer = cli_json(demo_dir, "--lang", "en", "promise", "kiné", "10h", "--json")
    due = date.fromisoformat(answer["due"])
    # 10 h with the physiotherapists' margin (worked out in the test above): 10 h 30
    assert answer["sentence"].startswith(f"You can promise {english(due)} (10h30 of work")


# --- risks ------------------------------------------------------------------------------


def test_risks_json(demo_dir: Path) -> None:
    found = cli_json(demo_dir, "risks", "--json")["risks"]
    assert found  # the scenario has tight jobs (less than 4 h of slack)
    due = {w.title: w for w in her.open_work()}
    for risk in found:
        assert risk["late"] or risk["slack_hours"] < 4
        assert risk["reason"]
        assert moment(risk["due"]) == due[risk["job"]].due
        if not risk["late"]:
            slack = her.free_minutes(moment(risk["planned_finish"]), moment(risk["due"]))
            assert risk["slack_hours"] * 60 == slack
        for option in risk["options"]:
            assert option["kind"] in ("extend", "move", "extra_hours")
            assert option["text"]
    keys = [(not r["late"], r["deadline"] != "hard", moment(r["due"])) for r in found]
    assert keys == sorted(keys)


def test_plan_prints_the_risks_last(data: Path) -> None:
    found = cli_json(data, "risks", "--json")["risks"]
    out = cli(data, "plan").stdout
    assert "Promesses en danger" in out
    section = out[out.rindex("Promesses en danger") :]
    for risk in found:
        assert risk["job"] in section


# --- pins -------------------------------------------------------------------------------


def test_a_pinned_block_stays_where_she_put_it(data: Path) -> None:
    start = datetime.fromisoformat("2026-12-02T10:00:00+01:00")
    end = datetime.fromisoformat("2026-12-02T12:00:00+01:00")
    before = cli_json(data, "plan", "--json")
    assert (start, end) not in job_blocks(before, TRANSCRIPTION)  # not there on its own
    cli(data, "pin", "add", "Transcription", "2026-12-02T10:00", "12:00")
    assert TRANSCRIPTION in cli(data, "pin", "list").stdout
    plan = cli_json(data, "plan", "--json")
    pinned = [b for b in plan["blocks"] if b.get("pinned")]
    assert [(b["job"], moment(b["start"]), moment(b["end"])) for b in pinned] == [
        (TRANSCRIPTION, start, end)
    ]
    for block in plan["blocks"]:
        if block is not pinned[0] and block["kind"] != "busy":
            assert moment(block["end"]) <= start or end <= moment(block["start"]), block
    job = next(j for j in plan["jobs"] if j["job"] == TRANSCRIPTION)
    hours = sum((e - s).total_seconds() / 3600 for s, e in job_blocks(plan, TRANSCRIPTION))
    assert hours == job["remaining_hours"] == 18
    # a second pin over it is refused, plainly
    over = cli(data, "pin", "add", "Résiliation", "2026-12-02T11:00", "12:30", check=False)
    assert over.returncode == 2 and "Traceback" not in over.stderr
    # unpinned, the block is free to go
    cli(data, "pin", "remove", "Transcription", "2026-12-02T10:00", "12:00")
    assert TRANSCRIPTION not in cli(data, "pin", "list").stdout
    after = cli_json(data, "plan", "--json")
    assert not any(b.get("pinned") for b in after["blocks"])
    hours = sum((e - s).total_seconds() / 3600 for s, e in job_blocks(after, TRANSCRIPTION))
    assert hours == 18


# --- waiting, after ---------------------------------------------------------------------


def test_a_waiting_job_is_not_planned_until_resumed(data: Path) -> None:
    title = "Classement des papiers 2025"
    cli(data, "job", "wait", "Classement des papiers")
    plan = cli_json(data, "plan", "--json")
    assert title not in {j["job"] for j in plan["jobs"]}
    assert job_blocks(plan, title) == []
    cli(data, "job", "resume", "Classement des papiers")
    plan = cli_json(data, "plan", "--json")
    assert next(j for j in plan["jobs"] if j["job"] == title)["remaining_hours"] == 3
    assert sum((e - s).total_seconds() for s, e in job_blocks(plan, title)) == 3 * 3600


def test_the_setup_comes_after_the_discovery_meeting(data: Path) -> None:
    # the meeting cannot happen before 16 December (due 18 December): without the
    # precedence, the setup (due in January) would start before it
    cli(data, "job", "edit", DISCOVERY, "--received", "2026-12-16", "--due", "2026-12-18")
    plan = cli_json(data, "plan", "--json")
    meeting, setup = job_blocks(plan, DISCOVERY), job_blocks(plan, SETUP)
    assert setup[0][0] < meeting[-1][1], "control: the setup already follows the meeting"
    edited = cli(data, "job", "edit", "classement des commandes", "--after", DISCOVERY, check=False)
    assert edited.returncode == 0, edited.stderr[-2000:]
    plan = cli_json(data, "plan", "--json")
    meeting, setup = job_blocks(plan, DISCOVERY), job_blocks(plan, SETUP)
    assert meeting and setup
    assert setup[0][0] >= meeting[-1][1], (meeting, setup)


def test_a_precedence_cycle_is_refused(data: Path) -> None:
    cli(data, "job", "edit", "classement des commandes", "--after", DISCOVERY)
    cycle = cli(data, "job", "edit", DISCOVERY, "--after", "classement des commandes", check=False)
    assert cycle.returncode in (1, 2)
    assert "Traceback" not in cycle.stderr
    assert SETUP in cycle.stderr or "cycle" in cycle.stderr.lower(), cycle.stderr[-2000:]
    # nothing was stored: the plan still works and keeps the setup after the meeting
    plan = cli_json(data, "plan", "--json")
    meeting, setup = job_blocks(plan, DISCOVERY), job_blocks(plan, SETUP)
    assert meeting and setup and setup[0][0] >= meeting[-1][1]

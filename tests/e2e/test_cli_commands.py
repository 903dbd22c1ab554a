"""Black-box end-to-end tests of the ``creneau`` command line.

Every test runs the real program as a subprocess (``python -m creneau``) on its own data
folder, and checks exit codes, standard output (JSON where the command offers it) and
standard error. Expected values are worked out from the scenario files themselves, never
copied from the program's output.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

pytestmark = pytest.mark.e2e

SCENARIO = Path(__file__).resolve().parents[2] / ".." / "shared" / "scenarios" / "atelier"
SCENARIO_FILES = ("clients.csv", "jobs.csv", "agenda.ics")
NOW = "2026-11-30T08:30:00+01:00"
DATABASE = "creneau.sqlite3"
JOB_HEADER = (
    "client,title,kind,estimate_hours,received,due,deadline,status,spent_hours,price_eur,notes"
)


# --------------------------------------------------------------------------- helpers


def _env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a run: no CRENEAU_* variable of the caller leaks in."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CRENEAU_")}
    env["PYTHONIOENCODING"] = "utf-8"
    env["NO_COLOR"] = "1"
    if extra:
        env.update(extra)
    return env


def run(
    *args: str | Path,
    data_dir: Path | None = None,
    now: str | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m creneau [--data-dir D] [--now N] ARGS`` and capture its output."""
    command: list[str] = [sys.executable, "-m", "creneau"]
    if data_dir is not None:
        command += ["--data-dir", str(data_dir)]
    if now is not None:
        command += ["--now", now]
    command += [str(a) for a in args]
    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=_env(env),
        timeout=180,
        check=False,
    )


def ok(result: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    """Assert that a run succeeded (showing its output when it did not)."""
    assert result.returncode == 0, (
        f"exit {result.returncode}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    )
    return result


def refused(result: subprocess.CompletedProcess[str]) -> str:
    """Assert a clean refusal (non-zero exit, no traceback); return stderr on one line."""
    assert result.returncode != 0, f"accepted:\nstdout:\n{result.stdout}\nstderr:{result.stderr}"
    assert "Traceback" not in result.stderr, result.stderr
    assert "Traceback" not in result.stdout, result.stdout
    assert result.stderr.strip(), "a refusal must say why on stderr"
    return flat(result.stderr)


def run_json(*args: str | Path, data_dir: Path, now: str | None = NOW) -> Any:
    """Run a ``--json`` command and parse its standard output."""
    return json.loads(ok(run(*args, "--json", data_dir=data_dir, now=now)).stdout)


def flat(text: str) -> str:
    """Text with runs of blanks (and the terminal's line wraps) as single spaces."""
    return " ".join(text.split())


def copy_of(folder: Path, tmp_path: Path, name: str = "data") -> Path:
    """A writable copy of a prepared data folder."""
    target = tmp_path / name
    shutil.copytree(folder, target)
    return target


def clients_of(data_dir: Path) -> list[dict[str, Any]]:
    return run_json("client", "list", data_dir=data_dir)


def all_jobs_of(data_dir: Path) -> list[dict[str, Any]]:
    return run_json("job", "list", "--all", data_dir=data_dir)


def busy_blocks(plan: dict[str, Any]) -> list[dict[str, Any]]:
    return [b for b in plan["blocks"] if b["kind"] == "busy"]


def work_blocks(plan: dict[str, Any]) -> list[dict[str, Any]]:
    return [b for b in plan["blocks"] if b["kind"] != "busy"]


def moment(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    assert value.tzinfo is not None, f"{text} has no offset"
    return value


def read_csv(name: str) -> list[dict[str, str]]:
    with (SCENARIO / name).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


SCENARIO_CLIENTS = read_csv("clients.csv")
SCENARIO_JOBS = read_csv("jobs.csv")
OPEN_SCENARIO_JOBS = [j for j in SCENARIO_JOBS if j["status"] not in ("done", "cancelled")]


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def imported_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder holding the imported scenario (read only: copy it to write)."""
    folder = tmp_path_factory.mktemp("scenario") / "data"
    ok(run("import", *(SCENARIO / f for f in SCENARIO_FILES), data_dir=folder))
    return folder


@pytest.fixture(scope="session")
def scenario_plan(imported_dir: Path) -> dict[str, Any]:
    """``plan --json`` of the imported scenario at the scenario's "now"."""
    return run_json("plan", data_dir=imported_dir)


@pytest.fixture(scope="session")
def scenario_clients(imported_dir: Path) -> dict[str, dict[str, Any]]:
    """The scenario's clients (``client list --json``), by name."""
    return {c["name"]: c for c in clients_of(imported_dir)}


@pytest.fixture(scope="session")
def one_client_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder with one client, "Atelier Test", and no job (read only)."""
    folder = tmp_path_factory.mktemp("one-client") / "data"
    ok(run("client", "add", "Atelier Test", data_dir=folder))
    return folder


# --------------------------------------------------------------------------- 1. init


def test_init_creates_the_database_in_the_data_dir(tmp_path: Path) -> None:
    folder = tmp_path / "new" / "nested"

    ok(run("init", data_dir=folder))

    database = folder / DATABASE
    assert database.is_file()
    assert database.read_bytes()[:16] == b"SQLite format 3\x00"
    with closing(sqlite3.connect(database)) as connection:
        tables = {row[0] for row in connection.execute("select name from sqlite_master")}
    assert tables, "the database has no table"
    ok(run("init", data_dir=folder))  # safe to run again
    assert database.is_file()


def test_creneau_home_is_used_when_no_data_dir_is_given(tmp_path: Path) -> None:
    home = tmp_path / "home-from-env"
    env = {"CRENEAU_HOME": str(home), "HOME": str(tmp_path / "user-home")}

    ok(run("init", env=env))

    assert (home / DATABASE).is_file()
    ok(run("client", "add", "Client Via Env", env=env))
    assert [c["name"] for c in clients_of(home)] == ["Client Via Env"]
    assert not list((tmp_path / "user-home").rglob(DATABASE))


def test_data_dir_wins_over_creneau_home(tmp_path: Path) -> None:
    home, explicit = tmp_path / "env-home", tmp_path / "explicit"

    ok(run("init", data_dir=explicit, env={"CRENEAU_HOME": str(home)}))

    assert (explicit / DATABASE).is_file()
    assert not (home / DATABASE).exists()


# --------------------------------------------------------------------------- 2. clients


def test_client_add_with_options_then_list_json(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    added = ok(
        run(
            "client", "add", "Studio Lumière",
            "--kind", "individual", "--address", "5 rue Voltaire", "--postcode", "49100",
            "--town", "Angers", "--latitude", "47.47", "--longitude", "-0.55",
            "--email", "studio@lumiere.example", "--phone", "06 11 22 33 44",
            "--rate", "42,50", "--importance", "4", "--language", "en",
            "--first-contact", "2026-10-01", "--notes", "Photos de mariage",
            data_dir=folder,
        )
    )  # fmt: skip
    ok(run("client", "add", "Garage Martin", "--kind", "business", data_dir=folder))
    refused(run("client", "add", "GARAGE martin", data_dir=folder))  # the name is taken

    clients = {c["name"]: c for c in clients_of(folder)}

    assert len(clients) == 2
    assert set(clients) == {"Studio Lumière", "Garage Martin"}
    studio = clients["Studio Lumière"]
    expected_keys = {
        "id", "name", "kind", "address", "postcode", "town", "latitude", "longitude",
        "email", "phone", "hourly_rate_eur", "importance", "language", "first_contact", "notes",
    }  # fmt: skip
    assert expected_keys <= set(studio)
    assert studio["kind"] == "individual"
    assert studio["address"] == "5 rue Voltaire"
    assert studio["postcode"] == "49100"
    assert studio["town"] == "Angers"
    assert studio["latitude"] == pytest.approx(47.47)
    assert studio["longitude"] == pytest.approx(-0.55)
    assert studio["email"] == "studio@lumiere.example"
    assert studio["phone"] == "06 11 22 33 44"
    assert studio["hourly_rate_eur"] == pytest.approx(42.5)
    assert studio["importance"] == 4
    assert studio["language"] == "en"
    assert studio["first_contact"] == "2026-10-01"
    assert studio["notes"] == "Photos de mariage"
    assert clients["Garage Martin"]["kind"] == "business"
    ids = [c["id"] for c in clients.values()]
    assert all(isinstance(i, str) and i for i in ids)
    assert len(set(ids)) == 2
    assert studio["id"] in added.stdout


def test_client_show_by_id(imported_dir: Path, scenario_clients: dict[str, dict[str, Any]]) -> None:
    wanted = scenario_clients["SARL Bâti-Ouest"]

    shown = run_json("client", "show", wanted["id"], data_dir=imported_dir)

    assert shown["id"] == wanted["id"]
    assert shown["name"] == "SARL Bâti-Ouest"
    assert shown["town"] == "Trélazé"
    titles = sorted(j["title"] for j in shown["jobs"])
    assert titles == sorted(j["title"] for j in SCENARIO_JOBS if j["client"] == "SARL Bâti-Ouest")


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("batI-oUEST", "SARL Bâti-Ouest"),
        ("HELENE", "Mme Hélène Baudry"),
        ("editions DU", "Éditions du Marais"),
        ("kinesitherapie", "Cabinet de kinésithérapie des Lices"),
    ],
)
def test_client_show_by_part_of_the_name_ignoring_case_and_accents(
    imported_dir: Path, query: str, name: str
) -> None:
    shown = run_json("client", "show", query, data_dir=imported_dir)

    assert shown["name"] == name


def test_client_show_ambiguous_name_lists_the_candidates(
    imported_dir: Path, scenario_clients: dict[str, dict[str, Any]]
) -> None:
    candidates = [c for name, c in scenario_clients.items() if "Cabinet" in name]
    assert len(candidates) == 2  # the scenario has two "Cabinet ..." clients

    result = run("client", "show", "Cabinet", data_dir=imported_dir)

    message = refused(result)
    for client in candidates:
        assert client["name"] in message
        assert client["id"] in message
    assert result.stdout.strip() == ""


def test_client_show_unknown_name_is_refused_clearly(imported_dir: Path) -> None:
    result = run("client", "show", "Zorglub", data_dir=imported_dir)

    message = refused(result)
    assert "Zorglub" in message
    assert "client" in message.lower()
    assert result.stdout.strip() == ""


def test_client_edit_changes_the_fields_and_keeps_the_id(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    added = ok(run("client", "add", "Garage Martin", "--town", "Angers", data_dir=folder))

    ok(
        run(
            "client", "edit", "garage", "--name", "Garage Martin & Fils", "--town", "Saumur",
            "--rate", "45", "--importance", "5", "--notes", "Nouveau gérant",
            data_dir=folder,
        )
    )  # fmt: skip

    (after,) = clients_of(folder)
    assert after["id"] in added.stdout.split()
    assert after["name"] == "Garage Martin & Fils"
    assert after["town"] == "Saumur"
    assert after["hourly_rate_eur"] == pytest.approx(45)
    assert after["importance"] == 5
    assert after["notes"] == "Nouveau gérant"
    refused(run("client", "edit", "garage", data_dir=folder))  # nothing to change


def test_client_delete_yes_removes_the_client_and_its_jobs(
    imported_dir: Path, tmp_path: Path
) -> None:
    folder = copy_of(imported_dir, tmp_path)
    name = "M. et Mme Roche"
    own_jobs = [j for j in SCENARIO_JOBS if j["client"] == name]
    assert own_jobs  # the scenario gives this client jobs

    ok(run("client", "delete", "Roche", "--yes", data_dir=folder))

    clients = clients_of(folder)
    assert len(clients) == len(SCENARIO_CLIENTS) - 1
    assert name not in {c["name"] for c in clients}
    jobs = all_jobs_of(folder)
    assert len(jobs) == len(SCENARIO_JOBS) - len(own_jobs)
    assert name not in {j["client"] for j in jobs}
    assert not {j["title"] for j in own_jobs} & {j["title"] for j in jobs}


# --------------------------------------------------------------------------- 3. jobs


def test_job_add_with_effort_due_and_deadline(one_client_dir: Path, tmp_path: Path) -> None:
    folder = copy_of(one_client_dir, tmp_path)

    ok(
        run(
            "job", "add", "atelier", "Saisie des factures", "--effort", "1h30",
            "--due", "2026-12-04", "--deadline", "hard",
            data_dir=folder, now=NOW,
        )
    )  # fmt: skip

    (job,) = run_json("job", "list", data_dir=folder)
    assert job["title"] == "Saisie des factures"
    assert job["client"] == "Atelier Test"
    assert job["estimate_hours"] == 1.5
    assert job["remaining_hours"] == 1.5
    assert job["due"].startswith("2026-12-04")
    assert job["deadline"] == "hard"
    assert job["status"] == "todo"
    assert job["received"] == "2026-11-30"  # today, by --now
    assert job["id"]


def test_job_effort_formats_all_mean_one_hour_and_a_half(
    one_client_dir: Path, tmp_path: Path
) -> None:
    folder = copy_of(one_client_dir, tmp_path)
    efforts = ("90m", "1.5", "1,5", "1h30")

    for effort in efforts:
        ok(
            run(
                "job", "add", "Atelier Test", f"Relances {effort}", "--effort", effort,
                "--due", "2026-12-04",
                data_dir=folder, now=NOW,
            )
        )  # fmt: skip

    hours = {j["title"].removeprefix("Relances "): j["estimate_hours"] for j in all_jobs_of(folder)}
    assert hours == dict.fromkeys(efforts, 1.5)


def test_job_bad_effort_is_refused_and_nothing_is_stored(
    one_client_dir: Path, tmp_path: Path
) -> None:
    folder = copy_of(one_client_dir, tmp_path)

    for effort in ("1h75", "-2h"):
        message = refused(
            run(
                "job", "add", "Atelier Test", "Relances", "--effort", effort,
                "--due", "2026-12-04",
                data_dir=folder, now=NOW,
            )
        )  # fmt: skip
        assert "--effort" in message, effort

    assert all_jobs_of(folder) == []


def test_job_edit_changes_the_job(one_client_dir: Path, tmp_path: Path) -> None:
    folder = copy_of(one_client_dir, tmp_path)
    added = ok(
        run(
            "job", "add", "Atelier Test", "Relances", "--effort", "1h", "--due", "2026-12-04",
            data_dir=folder, now=NOW,
        )
    )  # fmt: skip

    ok(
        run(
            "job", "edit", "relances", "--title", "Relances clients", "--effort", "2h45",
            "--due", "2026-12-10T12:00", "--deadline", "hard", "--spent", "30m",
            data_dir=folder, now=NOW,
        )
    )  # fmt: skip
    refused(run("job", "edit", "Relances clients", "--effort", "2h61", data_dir=folder, now=NOW))

    (after,) = run_json("job", "list", data_dir=folder)
    assert after["id"] in added.stdout.split()
    assert after["title"] == "Relances clients"
    assert after["estimate_hours"] == 2.75
    assert after["spent_hours"] == 0.5
    assert after["remaining_hours"] == 2.25
    assert after["due"].startswith("2026-12-10T12:00")
    assert after["deadline"] == "hard"


def test_job_done_leaves_the_plan(
    imported_dir: Path, scenario_plan: dict[str, Any], tmp_path: Path
) -> None:
    title = "Courrier aux mutuelles"
    (planned,) = [j for j in scenario_plan["jobs"] if j["job"] == title]
    folder = copy_of(imported_dir, tmp_path)

    ok(run("job", "done", title, data_dir=folder, now=NOW))

    plan = run_json("plan", data_dir=folder)
    assert title not in {j["job"] for j in plan["jobs"]}
    assert planned["id"] not in {j["id"] for j in plan["jobs"]}
    assert planned["id"] not in {b["job_id"] for b in plan["blocks"]}
    assert len(plan["jobs"]) == len(scenario_plan["jobs"]) - 1
    (stored,) = [j for j in all_jobs_of(folder) if j["title"] == title]
    assert stored["status"] == "done"


def test_job_cancel(imported_dir: Path, scenario_plan: dict[str, Any], tmp_path: Path) -> None:
    title = "Résiliation de deux contrats"
    assert title in {j["job"] for j in scenario_plan["jobs"]}
    folder = copy_of(imported_dir, tmp_path)

    ok(run("job", "cancel", "resiliation", data_dir=folder, now=NOW))

    open_titles = {j["title"] for j in run_json("job", "list", data_dir=folder)}
    assert title not in open_titles
    assert len(open_titles) == len(OPEN_SCENARIO_JOBS) - 1
    (stored,) = [j for j in all_jobs_of(folder) if j["title"] == title]
    assert stored["status"] == "cancelled"


# --------------------------------------------------------------------------- 4. import


def test_import_of_the_scenario(
    imported_dir: Path, scenario_clients: dict[str, dict[str, Any]]
) -> None:
    assert len(SCENARIO_CLIENTS) == 12
    assert len(SCENARIO_JOBS) == 22
    assert set(scenario_clients) == {c["name"] for c in SCENARIO_CLIENTS}

    jobs = all_jobs_of(imported_dir)

    assert len(jobs) == 22
    assert sorted((j["client"], j["title"]) for j in jobs) == sorted(
        (j["client"], j["title"]) for j in SCENARIO_JOBS
    )
    by_title = {j["title"]: j for j in jobs}
    assert by_title["Saisie comptable d'octobre"]["status"] == "done"
    assert by_title["Relance de trois factures impayées"]["estimate_hours"] == 0.75
    assert by_title["Mise en forme du dossier de permis de construire"]["spent_hours"] == 2
    open_jobs = run_json("job", "list", data_dir=imported_dir)
    assert len(open_jobs) == len(OPEN_SCENARIO_JOBS)


def test_reimport_does_not_duplicate(
    imported_dir: Path, scenario_plan: dict[str, Any], tmp_path: Path
) -> None:
    folder = copy_of(imported_dir, tmp_path)
    before = busy_blocks(scenario_plan)
    assert before  # the scenario's agenda blocks time

    ok(run("import", *(SCENARIO / f for f in SCENARIO_FILES), data_dir=folder))

    assert len(clients_of(folder)) == 12
    assert len(all_jobs_of(folder)) == 22
    after = busy_blocks(run_json("plan", data_dir=folder))
    assert len(after) == len(before)
    assert sorted((b["start"], b["end"]) for b in after) == sorted(
        (b["start"], b["end"]) for b in before
    )


def test_plan_respects_the_scenario_calendar(scenario_plan: dict[str, Any]) -> None:
    busy = busy_blocks(scenario_plan)
    spans = {(b["start"], b["end"]) for b in busy}
    # the moved call on Monday 7 December
    assert ("2026-12-07T14:00:00+01:00", "2026-12-07T14:30:00+01:00") in spans
    assert not any(b["start"] == "2026-12-07T09:00:00+01:00" for b in busy)
    # the training given in UTC
    assert ("2026-12-10T14:00:00+01:00", "2026-12-10T17:00:00+01:00") in spans
    # no school pickup on Friday 4 December; the cancelled meeting does not block
    assert not any(b["start"].startswith("2026-12-04T16:30") for b in busy)
    assert not any(b["start"].startswith("2026-12-01T14:00") for b in busy)
    # the transparent birthday does not block
    assert not any(b["start"].startswith("2026-12-09T00:00") for b in busy)
    # only open jobs are planned, no work overlaps a busy block nor the year-end holidays
    assert len(scenario_plan["jobs"]) == len(OPEN_SCENARIO_JOBS)
    busy_spans = [(moment(b["start"]), moment(b["end"])) for b in busy]
    for block in work_blocks(scenario_plan):
        start, end = moment(block["start"]), moment(block["end"])
        assert not any(s < end and start < e for s, e in busy_spans), block
        assert not date(2026, 12, 24) <= start.date() <= date(2027, 1, 2), block


# --------------------------------------------------------------------------- 5. bad input

GOOD_ROW_A = "Boulangerie Fournil du Lac,Bilan de test A,work,2,2026-11-30,2026-12-10,soft,todo,0,,"
GOOD_ROW_B = "M. Paul Guérin,Bilan de test B,work,1,2026-11-30,2026-12-11,hard,todo,0,,"
BAD_ROWS = {
    "empty client": (",Bilan de test C,work,2,2026-11-30,2026-12-10,soft,todo,0,,", "client"),
    "unknown client": (
        "Inconnu SA,Bilan de test C,work,2,2026-11-30,2026-12-10,soft,todo,0,,",
        "client",
    ),
    "effort not a number": (
        "SARL Bâti-Ouest,Bilan de test C,work,deux,2026-11-30,2026-12-10,soft,todo,0,,",
        "estimate_hours",
    ),
    "due before received": (
        "SARL Bâti-Ouest,Bilan de test C,work,2,2026-12-10,2026-12-01,soft,todo,0,,",
        "due",
    ),
    "unknown status": (
        "SARL Bâti-Ouest,Bilan de test C,work,2,2026-11-30,2026-12-10,soft,finished,0,,",
        "status",
    ),
}


def _write_jobs(path: Path, *rows: str) -> Path:
    path.write_text("\n".join([JOB_HEADER, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("case", list(BAD_ROWS))
def test_bad_jobs_file_is_refused_whole_naming_file_line_and_field(
    imported_dir: Path, tmp_path: Path, case: str
) -> None:
    folder = copy_of(imported_dir, tmp_path)
    bad_row, field = BAD_ROWS[case]
    bad_file = _write_jobs(tmp_path / "jobs_bad.csv", GOOD_ROW_A, bad_row, GOOD_ROW_B)

    result = run("import", bad_file, data_dir=folder)

    message = refused(result)
    assert "jobs_bad.csv" in message
    assert re.search(r"\bline 3\b", message), message  # the header is line 1
    assert field in message
    titles = {j["title"] for j in all_jobs_of(folder)}
    assert len(titles) == 22
    assert not {"Bilan de test A", "Bilan de test B", "Bilan de test C"} & titles


def test_the_good_rows_of_the_bad_files_import_on_their_own(
    imported_dir: Path, tmp_path: Path
) -> None:
    folder = copy_of(imported_dir, tmp_path)
    good_file = _write_jobs(tmp_path / "jobs_good.csv", GOOD_ROW_A, GOOD_ROW_B)

    ok(run("import", good_file, data_dir=folder))

    titles = {j["title"] for j in all_jobs_of(folder)}
    assert len(titles) == 24
    assert {"Bilan de test A", "Bilan de test B"} <= titles


def test_broken_calendar_event_is_reported_and_the_good_ones_kept(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Tests//Broken agenda//EN",
        "BEGIN:VEVENT",
        "UID:good-1@tests.example",
        "DTSTAMP:20261101T080000Z",
        "DTSTART:20261201T090000Z",
        "DTEND:20261201T100000Z",
        "SUMMARY:Bon rendez-vous 1",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:broken-2@tests.example",
        "DTSTAMP:20261101T080000Z",
        "DTSTART:notadate",
        "DTEND:20261201T120000Z",
        "SUMMARY:Evenement casse",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:good-3@tests.example",
        "DTSTAMP:20261101T080000Z",
        "DTSTART:20261202T140000Z",
        "DTEND:20261202T150000Z",
        "SUMMARY:Bon rendez-vous 2",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    agenda = tmp_path / "broken.ics"
    agenda.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    first = lines.index("UID:broken-2@tests.example")  # 0-based index = line of BEGIN
    last = lines.index("END:VEVENT", first) + 1

    result = run("import", agenda, data_dir=folder, now=NOW)

    assert "Traceback" not in result.stderr
    message = flat(result.stderr)
    assert "broken-2@tests.example" in message
    reported = [int(n) for n in re.findall(r"\bline (\d+)", message)]
    assert any(first <= n <= last for n in reported), message
    busy = busy_blocks(run_json("plan", data_dir=folder))
    assert sorted((b["start"], b["end"]) for b in busy) == [
        ("2026-12-01T10:00:00+01:00", "2026-12-01T11:00:00+01:00"),
        ("2026-12-02T15:00:00+01:00", "2026-12-02T16:00:00+01:00"),
    ]


# --------------------------------------------------------------------------- 6. settings


def test_settings_lists_the_settings(tmp_path: Path) -> None:
    result = ok(run("settings", data_dir=tmp_path / "data"))

    for name in ("language", "timezone", "hours.mon", "hours.wed", "plan.max_clients_per_day"):
        assert name in result.stdout
    assert "Europe/Paris" in result.stdout


def test_wednesday_morning_only_leaves_wednesday_afternoons_free(
    imported_dir: Path, scenario_plan: dict[str, Any], tmp_path: Path
) -> None:
    def wednesday_afternoon(plan: dict[str, Any]) -> list[dict[str, Any]]:
        return [
            b
            for b in work_blocks(plan)
            if moment(b["start"]).weekday() == 2 and moment(b["end"]).time() > time(12, 30)
        ]

    # with the default hours (full Wednesdays) the busy scenario does use them
    assert wednesday_afternoon(scenario_plan)
    folder = copy_of(imported_dir, tmp_path)

    ok(run("settings", "set", "hours.wed", "09:00-12:30", data_dir=folder))

    plan = run_json("plan", data_dir=folder)
    assert wednesday_afternoon(plan) == []
    assert any(moment(b["start"]).weekday() == 2 for b in work_blocks(plan))


def test_a_setting_the_plan_depends_on_replans_at_once(imported_dir: Path, tmp_path: Path) -> None:
    folder = copy_of(imported_dir, tmp_path)
    ok(run("plan", data_dir=folder, now=NOW))
    later = "2026-11-30T09:00:00+01:00"

    ok(run("settings", "set", "language", "en", data_dir=folder, now=later))
    assert stored_plan_time(folder) == moment(NOW)  # the language does not change the plan

    ok(run("settings", "set", "hours.wed", "09:00-12:30", data_dir=folder, now=later))
    assert stored_plan_time(folder) == moment(later)  # the stored plan was recomputed at once
    with closing(sqlite3.connect(folder / DATABASE)) as db:
        starts_ends = db.execute("SELECT start, end FROM plan_blocks").fetchall()
    paris = ZoneInfo("Europe/Paris")
    wednesdays = [
        moment(end).astimezone(paris)
        for start, end in starts_ends
        if moment(start).astimezone(paris).weekday() == 2
    ]
    assert wednesdays and all(end.time() <= time(12, 30) for end in wednesdays)


def stored_plan_time(folder: Path) -> datetime:
    """When the stored plan was computed (its "now"), as ISO text with the offset."""
    with closing(sqlite3.connect(folder / DATABASE)) as db:
        (computed_at,) = db.execute("SELECT computed_at FROM plan_state").fetchone()
    return moment(computed_at)


def test_settings_set_zero_clients_a_day_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "data"

    message = refused(run("settings", "set", "plan.max_clients_per_day", "0", data_dir=folder))

    assert "plan.max_clients_per_day" in message
    shown = ok(run("settings", data_dir=folder)).stdout
    assert re.search(r"plan\.max_clients_per_day\W+3\b", shown), shown  # default kept


def test_settings_show_values_as_typed_and_never_the_password(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    ok(run("settings", "set", "vat.mention", "[b]Exonéré[/b] art. 293 B", data_dir=folder))
    said = ok(run("settings", "set", "smtp.password", "s3cret-Pa55", data_dir=folder)).stdout
    shown = ok(run("settings", data_dir=folder, env={"COLUMNS": "250"})).stdout
    assert "[b]Exonéré[/b] art. 293 B" in shown  # brackets are text, not Rich markup
    assert "s3cret-Pa55" not in shown + said
    assert "********" in shown


def test_negative_coordinates_are_values_not_options(imported_dir: Path, tmp_path: Path) -> None:
    folder = copy_of(imported_dir, tmp_path)  # every place of hers is west of Greenwich
    ok(run("settings", "set", "home.longitude", "-0.5517", data_dir=folder, now=NOW))
    ok(run("place", "set", "baudry", "47.5066", "-0.5896", data_dir=folder, now=NOW))
    shown = ok(run("settings", data_dir=folder, env={"COLUMNS": "250"})).stdout
    assert re.search(r"home\.longitude\W+-0\.5517\b", shown), shown
    places = json.loads(ok(run("place", "list", "--json", data_dir=folder, now=NOW)).stdout)
    assert "-0.5896" in json.dumps(places)


def test_settings_never_show_the_password_inside_a_url(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    url = "http://anne:s3cret-Pa55@cloud.example/dav/"
    said = ok(run("settings", "set", "caldav.url", url, data_dir=folder)).stdout
    shown = ok(run("settings", data_dir=folder, env={"COLUMNS": "250"})).stdout
    assert "s3cret-Pa55" not in shown + said
    assert "caldav.url = http://anne:********@cloud.example/dav/" in said
    assert "http://anne:********@cloud.example/dav/" in shown


def test_settings_set_unknown_setting_is_refused(tmp_path: Path) -> None:
    message = refused(run("settings", "set", "nosuch", "1", data_dir=tmp_path / "data"))

    assert "nosuch" in message


# --------------------------------------------------------------------------- 7. now


def test_now_without_an_offset_is_refused(tmp_path: Path) -> None:
    result = run("client", "list", data_dir=tmp_path / "data", now="2026-11-30T08:30:00")

    message = refused(result)
    assert "--now" in message
    assert "offset" in message.lower()


def test_now_json_gives_the_current_block_and_until_when(imported_dir: Path) -> None:
    at = "2026-11-30T10:00:00+01:00"

    answer = run_json("now", data_dir=imported_dir, now=at)

    ten = moment(at)
    assert moment(answer["now"]) == ten
    current = answer["current"]
    assert current is not None
    assert current["kind"] in ("work", "meeting")
    assert moment(current["start"]) <= ten < moment(current["end"])
    assert answer["until"] is not None
    assert moment(answer["until"]) > ten
    assert moment(answer["until"]) >= moment(current["end"])
    for block in answer["next"]:
        assert moment(block["start"]) >= moment(answer["until"])


def test_now_json_between_grid_steps_still_gives_the_current_block(imported_dir: Path) -> None:
    # Monday 10:05: working hours (09:00-12:30), no event of agenda.ics (the weekly call is
    # 09:00-09:30), and many open jobs due this week: she is working on something now.
    at = "2026-11-30T10:05:00+01:00"

    answer = run_json("now", data_dir=imported_dir, now=at)

    current = answer["current"]
    assert current is not None, answer
    assert current["kind"] in ("work", "meeting")
    assert moment(current["end"]) > moment(at)
    assert moment(answer["until"]) >= moment(current["end"])


# --------------------------------------------------------------------------- 8. demo


def test_demo_refuses_a_non_empty_data_dir(tmp_path: Path) -> None:
    folder = tmp_path / "busy"
    folder.mkdir()
    (folder / "keep.txt").write_text("mine", encoding="utf-8")

    message = refused(run("demo", "--json", data_dir=folder))

    assert "--data-dir" in message or str(folder) in message
    assert sorted(p.name for p in folder.iterdir()) == ["keep.txt"]


@pytest.mark.parametrize("existing", [False, True], ids=["new-dir", "empty-dir"])
def test_demo_keeps_its_data_in_a_new_or_empty_dir(tmp_path: Path, existing: bool) -> None:
    folder = tmp_path / "demo"
    if existing:
        folder.mkdir()

    plan = json.loads(ok(run("demo", "--json", data_dir=folder)).stdout)

    assert len(plan["jobs"]) == len(OPEN_SCENARIO_JOBS)
    assert moment(plan["now"]) == moment(NOW)
    assert (folder / DATABASE).is_file()
    clients = clients_of(folder)
    assert len(clients) == 12
    assert {c["name"] for c in clients} == {c["name"] for c in SCENARIO_CLIENTS}


@pytest.mark.parametrize("command", [("init",), ("demo", "--json")], ids=["init", "demo"])
def test_a_data_dir_that_is_a_file_is_refused_cleanly(tmp_path: Path, command: tuple[str]) -> None:
    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("mine", encoding="utf-8")

    message = refused(run(*command, data_dir=not_a_folder))

    assert "notes.txt" in message
    assert not_a_folder.read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize(
    "args",
    [
        ["plan", "--jsn"],
        ["frobnicate"],
        ["plan", "--days", "abc"],
        ["plan", "--now", "2026-11-30T08:30:00+01:00"],
    ],
)
def test_usage_errors_are_messages_not_tracebacks(args: list[str], tmp_path: Path) -> None:
    result = run(*args, data_dir=tmp_path / "data")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "Usage" in result.stderr


def test_a_corrupt_database_is_refused_cleanly(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "creneau.sqlite3").write_bytes(b"this is not a database at all" * 10)
    result = run("plan", data_dir=folder)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "cannot open the database" in flat(result.stderr)


@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00+00:00", "9999-12-31T23:59:00+00:00"])
def test_now_out_of_range_is_refused_cleanly(moment: str, tmp_path: Path) -> None:
    result = run("now", data_dir=tmp_path / "data", now=moment)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "--now" in result.stderr

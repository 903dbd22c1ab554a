"""End to end: ``update``, ``client list --attention`` and ``brief`` on the real CLI.

Each test works on its own copy of a data folder loaded by ``creneau demo`` (the bundled
copy of the shared scenario) at the scenario's now; expected values come from the
scenario files or from another command (``plan --json``), never from the tested output.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from babel.dates import format_datetime

from tests.conftest import SCENARIO_NOW, run_cli, run_json
from tests.mail_server import Inbox, local_smtp
from tests.services import atelier as facts

pytestmark = pytest.mark.e2e

NOW = SCENARIO_NOW.isoformat()
KINE = "Cabinet de kinésithérapie des Lices"
MARAIS = "Éditions du Marais"


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo") / "data"
    run_cli("--now", NOW, "demo", "--json", data_dir=folder)
    return folder


@pytest.fixture
def data(demo_dir: Path, tmp_path: Path) -> Path:
    """A fresh copy of the demo's data folder."""
    copy = tmp_path / "data"
    shutil.copytree(demo_dir, copy)
    return copy


@pytest.fixture
def inbox() -> Iterator[Inbox]:
    with local_smtp() as server:
        yield server


def test_update_lists_the_clients_open_jobs_in_french(data: Path) -> None:
    update = run_json("--now", NOW, "update", "kiné", "--json", data_dir=data)
    assert update["client"] == KINE
    assert update["language"] == "fr"
    assert update["sent"] is False
    assert {j["title"] for j in update["open_jobs"]} == facts.open_titles(KINE)
    plan = run_json("--now", NOW, "plan", "--json", data_dir=data)
    finish = {j["id"]: j["planned_finish"] for j in plan["jobs"]}
    for job in update["open_jobs"]:
        assert job["planned_finish"] == finish[job["id"]]
        day = format_datetime(
            date.fromisoformat(job["planned_finish"][:10]), "EEEE d MMMM", locale="fr"
        )
        assert f"{job['title']} : livraison prévue le {day}." in update["text"]
    text = run_cli("--now", NOW, "update", "kiné", data_dir=data).stdout
    assert text.startswith("Objet : Point sur vos dossiers – lundi 30 novembre\n")
    assert "Bonjour,\n" in text
    assert text.rstrip().endswith("Bien cordialement,")


def test_update_in_english_on_request_or_for_an_english_client(data: Path) -> None:
    forced = run_json("--now", NOW, "update", "kiné", "--lang", "en", "--json", data_dir=data)
    run_cli("client", "edit", "kiné", "--language", "en", data_dir=data)
    own = run_json("--now", NOW, "update", "kiné", "--json", data_dir=data)
    for update in (forced, own):
        assert update["language"] == "en"
        assert update["text"].startswith("Hello,\n")
        assert "Kind regards," in update["text"]
        for job in update["open_jobs"]:
            day = format_datetime(
                date.fromisoformat(job["planned_finish"][:10]), "EEEE d MMMM", locale="en"
            )
            assert f"{job['title']}: expected delivery on {day}." in update["text"]
    bad = run_cli("--now", NOW, "update", "kiné", "--lang", "de", data_dir=data, check=False)
    assert bad.returncode == 2
    assert "--lang" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_sent_drops_the_client_from_the_attention_list(data: Path) -> None:
    listed = run_json("--now", NOW, "client", "list", "--attention", "--json", data_dir=data)
    assert MARAIS in {c["name"] for c in listed}
    marais = next(c for c in listed if c["name"] == MARAIS)
    received = min(j.received for j in facts.jobs() if j.client == MARAIS and j.status == "todo")
    assert marais["counted_from"] == received.isoformat()
    assert marais["working_days"] == facts.working_days_after(received, SCENARIO_NOW.date())
    assert marais["last_attention"] is None

    sent = run_json("--now", NOW, "update", "marais", "--sent", "--json", data_dir=data)
    assert sent["sent"] is True
    listed = run_json("--now", NOW, "client", "list", "--attention", "--json", data_dir=data)
    assert MARAIS not in {c["name"] for c in listed}
    later = "2026-12-02T10:00:00+01:00"
    following = run_json("--now", later, "update", "marais", "--json", data_dir=data)
    assert following["since"] == NOW
    assert following["sent"] is False
    # that plain update stored nothing: the next one still counts from the sent one
    again = run_json(
        "--now", "2026-12-03T10:00:00+01:00", "update", "marais", "--json", data_dir=data
    )
    assert again["since"] == NOW


def test_attention_list_at_the_scenario_now(data: Path) -> None:
    listed = run_json("--now", NOW, "client", "list", "--attention", "--json", data_dir=data)
    oldest: dict[str, date] = {}
    for job in facts.jobs():
        if job.status in facts.OPEN:
            oldest[job.client] = min(oldest.get(job.client, job.received), job.received)
    # agenda.ics: a weekly call with Loire Conseil, last on Monday 23 November
    oldest["Cabinet d'expertise comptable Loire Conseil"] = date(2026, 11, 23)
    today = SCENARIO_NOW.date()
    expected = {c for c, d in oldest.items() if facts.working_days_after(d, today) > 5}
    assert {c["name"] for c in listed} == expected
    table = run_cli("--now", NOW, "client", "list", "--attention", data_dir=data).stdout
    for name in expected:
        assert name.split()[-1] in table


def test_brief_lists_the_blocks_of_monday_30_november(data: Path) -> None:
    brief = run_json("--now", NOW, "brief", "--json", data_dir=data)
    plan = run_json("--now", NOW, "plan", "--json", data_dir=data)
    monday = [b for b in plan["blocks"] if b["start"].startswith("2026-11-30")]
    assert monday
    assert brief["blocks"] == monday
    assert brief["date"] == "2026-11-30"
    listed = run_json("--now", NOW, "client", "list", "--attention", "--json", data_dir=data)
    assert [c["name"] for c in brief["owed_news"]] == [
        c["name"] for c in listed if c["status"] == "neglected"
    ]
    at_risk = {
        j["id"]
        for j in plan["jobs"]
        if j["late"] or (j["slack_hours"] is not None and j["slack_hours"] < 4)
    }
    assert {r["id"] for r in brief["at_risk"]} == at_risk
    text = run_cli("--now", NOW, "brief", data_dir=data).stdout
    assert text.startswith("Aujourd'hui, lundi 30 novembre 2026\n")
    for block in monday:
        assert f"{block['start'][11:16]}–{block['end'][11:16]}" in text


def test_brief_send_delivers_one_message(data: Path, inbox: Inbox) -> None:
    for name, value in (
        ("smtp.host", inbox.host),
        ("smtp.port", str(inbox.port)),
        ("smtp.starttls", "false"),
        ("smtp.from", "assistante@example.org"),
        ("smtp.to", "assistante@example.org"),
    ):
        run_cli("settings", "set", name, value, data_dir=data)
    result = run_json("--now", NOW, "brief", "--send", "--json", data_dir=data)
    assert result["sent_to"] == ["assistante@example.org"]
    assert len(inbox.messages) == 1
    message = inbox.messages[0]
    assert message["Subject"] == "Créneau : votre journée du lundi 30 novembre"
    body = message.get_content().replace("\r\n", "\n")
    assert body.startswith("Aujourd'hui, lundi 30 novembre 2026\n")
    for block in result["blocks"]:
        assert f"{block['start'][11:16]}–{block['end'][11:16]}" in body


def test_brief_send_without_smtp_settings_names_the_missing_one(data: Path) -> None:
    result = run_cli("--now", NOW, "brief", "--send", data_dir=data, check=False)
    assert result.returncode == 2
    assert "smtp.host" in result.stderr
    assert "Traceback" not in result.stderr

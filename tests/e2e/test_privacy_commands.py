"""End to end: ``client export`` and ``client forget`` (her clients' personal data) on the
real CLI.

The data folder is the imported shared scenario at its "now"; for the money, the time
entries, job rate and delivery of :mod:`tests.services.money_data` are stored through the
services as the money tests do, and every figure is worked out by hand in that module.
"""

from __future__ import annotations

import json
import shutil
import stat
from pathlib import Path
from typing import Any

import pytest

from creneau.bootstrap import open_services
from creneau.services.catalog import edit_job
from tests.conftest import SCENARIO, SCENARIO_NOW, run_cli, run_cli_on_terminal, run_json
from tests.services.money_data import (
    ARCHIVES,
    ARCHIVES_RATE,
    DELIVERED,
    TRANSCRIPTION,
    deliver,
    log_all,
)

pytestmark = pytest.mark.e2e

NOW = SCENARIO_NOW.isoformat()
DATABASE = "creneau.sqlite3"
BAUDRY = "Mme Hélène Baudry"  # clients.csv; her one job is in jobs.csv
BAUDRY_JOB = "Dossier de demande d'aide au logement"


def cli(folder: Path, *args: str, check: bool = True) -> Any:
    return run_cli("--now", NOW, *args, data_dir=folder, check=check)


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The imported scenario, with the money data (read only: copy it to write)."""
    folder = tmp_path_factory.mktemp("privacy") / "data"
    files = [str(SCENARIO / name) for name in ("clients.csv", "jobs.csv", "agenda.ics")]
    cli(folder, "import", *files)
    ctx = open_services(folder)
    log_all(ctx)
    edit_job(ctx, ARCHIVES, {"hourly_rate": ARCHIVES_RATE})
    deliver(ctx, TRANSCRIPTION, DELIVERED)
    return folder


@pytest.fixture
def data(imported: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(imported, tmp_path / "data"))


def test_export_to_standard_output_then_to_a_file_readable_by_her_alone(
    data: Path, tmp_path: Path
) -> None:
    doc = json.loads(cli(data, "client", "export", "baudry").stdout)
    assert (doc["format"], doc["version"]) == ("creneau-client-export", 1)
    client = doc["client"]
    assert (client["name"], client["kind"], client["email"]) == (
        BAUDRY,
        "individual",
        "h.baudry@mail.example",
    )
    assert (client["address"], client["postcode"], client["town"]) == (
        "3 impasse des Tilleuls",
        "49240",
        "Avrillé",
    )
    (job,) = doc["jobs"]
    assert (job["title"], job["effort_minutes"], job["due"]) == (BAUDRY_JOB, 120, "2026-12-05")
    # the import planned her 2 h: they are her blocks in the stored plan
    planned = {b["job_id"] for b in doc["planned_blocks"]}
    assert planned == {job["id"]}

    target = tmp_path / "baudry.json"
    said = cli(data, "client", "export", "baudry", "--output", str(target))
    assert str(target) in flat(said.stdout)
    assert json.loads(target.read_text(encoding="utf-8")) == doc
    assert stat.S_IMODE(target.stat().st_mode) == 0o600

    target.write_text("kept", encoding="utf-8")
    refused = cli(data, "client", "export", "baudry", "--output", str(target), check=False)
    assert refused.returncode == 2
    assert "--force" in flat(refused.stderr) and "Traceback" not in refused.stderr
    assert target.read_text(encoding="utf-8") == "kept"
    cli(data, "client", "export", "baudry", "--output", str(target), "--force")
    assert json.loads(target.read_text(encoding="utf-8")) == doc


@pytest.mark.parametrize("command", ["export", "forget"])
def test_an_unknown_client_is_refused_clearly(imported: Path, command: str) -> None:
    options = ["--yes"] if command == "forget" else []
    result = cli(imported, "client", command, "Zorglub", *options, check=False)
    assert result.returncode == 3
    assert "no client matches 'Zorglub'" in flat(result.stderr)
    assert "Traceback" not in result.stderr


def test_forget_asks_first_and_a_no_changes_nothing(data: Path) -> None:
    no_terminal = cli(data, "client", "forget", "baudry", check=False)
    assert no_terminal.returncode == 2
    assert "--yes" in flat(no_terminal.stderr)
    said_no = run_cli_on_terminal(
        "--now", NOW, "client", "forget", "baudry", data_dir=data, answers="non\n"
    )
    assert said_no.returncode == 1
    assert "Rien n'a été supprimé." in said_no.stderr
    names = [c["name"] for c in run_json("client", "list", "--json", data_dir=data)]
    assert BAUDRY in names
    said_yes = run_cli_on_terminal(
        "--now", NOW, "client", "forget", "baudry", data_dir=data, answers="o\n"
    )
    assert said_yes.returncode == 0, said_yes.stderr
    names = [c["name"] for c in run_json("client", "list", "--json", data_dir=data)]
    assert BAUDRY not in names and "Client anonyme 1" in names


def _totals(folder: Path, month: str) -> tuple[int, float]:
    report = json.loads(cli(folder, "report", "--month", month, "--json").stdout)
    return report["total"]["minutes"], report["total"]["income_eur"]


def test_forget_keeps_the_report_and_leaves_no_trace_in_the_file(data: Path) -> None:
    # by hand in tests/services/money_data.py: November 525 min, 273.00 €; December
    # 350 min, 870.50 €, of which the Marais's 200 min and its 720 € delivered price
    assert _totals(data, "2026-11") == (525, 273.0)
    assert _totals(data, "2026-12") == (350, 870.5)
    secrets = ["marais", "turenne", "manuscrits@editions-marais.example", "transcription"]
    before = (data / DATABASE).read_bytes().lower()
    assert [s for s in secrets if s.encode() in before] == secrets

    said = flat(cli(data, "client", "forget", "marais", "--yes").stdout)
    assert "Éditions du Marais est maintenant « Client anonyme 1 »" in said
    # backup.retention_days: 90 by default
    assert (
        "Les sauvegardes faites avant gardent ces données jusqu'à leur suppression, "
        "90 jours après leur création (backup.retention_days)."
    ) in said

    assert _totals(data, "2026-11") == (525, 273.0)
    assert _totals(data, "2026-12") == (350, 870.5)
    december = json.loads(cli(data, "report", "--month", "2026-12", "--json").stdout)
    (line,) = [c for c in december["clients"] if c["name"] == "Client anonyme 1"]
    assert (line["minutes"], line["income_eur"]) == (200, 720.0)
    files = [p for p in data.iterdir() if p.name.startswith(DATABASE)]
    after = b"".join(p.read_bytes() for p in files).lower()
    assert [s for s in secrets if s.encode() in after] == []
    export = cli(data, "client", "export", "anonyme 1").stdout.lower()
    assert [s for s in secrets if s in export] == []


def test_forget_in_english(data: Path) -> None:
    said = flat(cli(data, "--lang", "en", "client", "forget", "guérin", "--yes").stdout)
    assert "M. Paul Guérin is now “Anonymous client 1”" in said
    assert (
        "Backups made before keep these data until they are deleted, 90 days after they "
        "were made (backup.retention_days)."
    ) in said
    jobs = run_json("job", "list", "--client", "anonymous", "--all", "--json", data_dir=data)
    # jobs.csv: the cancellation is due on 2 December, the filing on 15 December
    assert [j["title"] for j in jobs] == ["Job 1", "Job 2"]

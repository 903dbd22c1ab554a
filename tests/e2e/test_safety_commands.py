"""End to end: ``backup``, ``restore``, ``export --all`` and ``import --all`` on the real
CLI, on the demo data."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SCENARIO_NOW, run_cli, run_cli_on_terminal, run_json

pytestmark = pytest.mark.e2e

NOW = SCENARIO_NOW.isoformat()


def cli(folder: Path, *args: str, check: bool = True) -> Any:
    return run_cli("--now", NOW, *args, data_dir=folder, check=check)


def rows(folder: Path, query: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(folder / "creneau.sqlite3") as connection:
        return connection.execute(query).fetchall()


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    cli(folder, "demo", "--json")
    return folder


def test_backup_then_restore_undoes_a_deletion(demo: Path) -> None:
    clients = rows(demo, "SELECT * FROM clients ORDER BY id")
    jobs = rows(demo, "SELECT * FROM jobs ORDER BY id")
    made = run_json("--now", NOW, "backup", "--json", data_dir=demo)["made"]
    assert made["reason"] == "manual" and Path(made["path"]).is_file()
    first = clients[0][0]
    cli(demo, "client", "delete", first, "--yes")
    assert len(rows(demo, "SELECT id FROM clients")) == len(clients) - 1
    # off a terminal, a restore needs --yes, and nothing changes without it
    refused = cli(demo, "restore", made["path"], check=False)
    assert refused.returncode == 2 and "--yes" in refused.stderr
    assert len(rows(demo, "SELECT id FROM clients")) == len(clients) - 1
    # on a terminal, "non" keeps everything as it is
    answered = run_cli_on_terminal(
        "--now", NOW, "restore", made["path"], data_dir=demo, answers="non\n"
    )
    assert answered.returncode == 1 and "Rien n'a été modifié." in answered.stderr
    done = cli(demo, "restore", made["path"], "--yes")
    assert "Données restaurées" in done.stdout
    assert rows(demo, "SELECT * FROM clients ORDER BY id") == clients
    assert rows(demo, "SELECT * FROM jobs ORDER BY id") == jobs
    listed = run_json("backup", "--list", "--json", data_dir=demo)
    assert [b["reason"] for b in listed][-2:] == ["manual", "before-restore"]


def test_restoring_a_random_file_is_refused_clearly(demo: Path, tmp_path: Path) -> None:
    junk = tmp_path / "photo.jpg"
    junk.write_bytes(b"\xff\xd8\xff\xe0" + bytes(2000))
    result = cli(demo, "restore", str(junk), "--yes", check=False)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert f"{junk}: not a Créneau backup: the file is not a SQLite database" in result.stderr


def test_export_all_then_import_all_on_another_machine(demo: Path, tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    said = cli(demo, "export", "--all", str(path))
    assert "données personnelles" in said.stdout
    assert path.stat().st_mode & 0o777 == 0o600
    other = tmp_path / "other"
    cli(other, "init")
    result = cli(other, "import", "--all", str(path), "--yes")
    assert "importées depuis" in result.stdout
    for table in ("clients", "jobs", "calendar_events", "settings"):
        query = f"SELECT * FROM {table} ORDER BY 1, 2"
        assert rows(other, query) == rows(demo, query), table
    plan = run_json("--now", NOW, "plan", "--json", data_dir=other)
    assert plan["blocks"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "creneau-data", "revision": "0001", "tables": []}))
    refused = cli(other, "import", "--all", str(bad), "--yes", check=False)
    assert refused.returncode == 2
    assert f"{bad}, field 'tables': \"tables\" must map each table name" in refused.stderr
    assert rows(other, "SELECT COUNT(*) FROM clients") == rows(demo, "SELECT COUNT(*) FROM clients")

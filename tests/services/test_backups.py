"""Backups, restores and whole exports on the scenario: a restore gives back exactly the
data (compared table by table), a file that is not a sound Créneau database of this or an
older version is refused with a clear message and nothing changes, and the policy keeps
the backups it says (by number and by age)."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from creneau.adapters.store import create_sqlite_engine
from creneau.adapters.store.engine import migrate, script_revisions
from creneau.bootstrap import open_services
from creneau.domain.errors import InputError
from creneau.domain.models import Client
from creneau.services import backups
from creneau.services.catalog import delete_client, reset_setting, secrets_held, set_setting
from creneau.services.context import ServiceContext
from creneau.services.sync import caldav_account
from tests.services.money_data import log_all

NOON = datetime(2026, 11, 30, 12, tzinfo=UTC)


def tables(ctx: ServiceContext) -> dict[str, Any]:
    assert ctx.safety is not None
    return ctx.safety.dump()["tables"]


def test_a_restore_gives_back_exactly_the_data(atelier: ServiceContext) -> None:
    log_all(atelier)
    before = tables(atelier)
    filled = {"clients", "jobs", "calendar_events", "time_entries", "settings"}
    assert all(before[name] for name in filled)  # the scenario, really there
    saved = backups.backup_now(atelier, NOON).made
    assert saved is not None
    # change a lot: a client deleted (cascading its jobs and entries), a setting, a client
    with atelier.uow() as uow:
        victim = uow.clients.list()[0]
    delete_client(atelier, victim.id)
    set_setting(atelier, "plan.max_clients_per_day", "2")
    with atelier.uow() as uow:
        uow.clients.add(Client(id="c-new", name="Nouvelle cliente"))
    assert tables(atelier) != before
    revision, replaced = backups.restore(atelier, saved.path, NOON + timedelta(minutes=1))
    assert revision == script_revisions()[-1]
    assert tables(atelier) == before  # table by table, row by row
    # the data it replaced is in the safety backup, and can come back too
    backups.restore(atelier, replaced.path, NOON + timedelta(minutes=2))
    with atelier.uow() as uow:
        assert "Nouvelle cliente" in {c.name for c in uow.clients.list()}


def _written(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _other_sqlite(path: Path) -> Path:
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE notes (text TEXT)")
    return path


def _newer(atelier: ServiceContext, path: Path) -> Path:
    saved = backups.backup_now(atelier, NOON).made
    assert saved is not None
    with sqlite3.connect(saved.path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    saved.path.rename(path)
    return path


def _damaged(atelier: ServiceContext, path: Path) -> Path:
    saved = backups.backup_now(atelier, NOON).made
    assert saved is not None
    data = bytearray(saved.path.read_bytes())
    page = 4096
    data[page * 2 : page * 6] = bytes(page * 4)  # zero four pages of tables
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda ctx, p: _written(p, b"\x00\x01 random bytes " * 100), "not a SQLite"),
        (lambda ctx, p: _written(p, b'{"format": "creneau-data"}'), "import --all"),
        (lambda ctx, p: p, "cannot read the file"),
        (lambda ctx, p: _other_sqlite(p), "not a Créneau database"),
        (_newer, r"newer version of Créneau \(schema revision 9999"),
        (_damaged, "damaged"),
    ],
    ids=["random", "export", "missing", "other-sqlite", "newer", "damaged"],
)
def test_a_file_that_cannot_be_restored_is_refused_and_nothing_changes(
    atelier: ServiceContext, tmp_path: Path, make: Any, message: str
) -> None:
    path = make(atelier, tmp_path / "candidate.sqlite3")
    before = tables(atelier)
    made = len(backups.list_backups(atelier))
    with pytest.raises(InputError, match=message) as caught:
        backups.restore(atelier, path, NOON)
    assert caught.value.file == str(path)
    assert tables(atelier) == before
    assert len(backups.list_backups(atelier)) == made  # no safety backup for nothing


def test_an_older_backup_is_upgraded_when_restored(tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite3"
    engine = create_sqlite_engine(old)
    migrate(engine, "0004")
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO clients (id, name, kind, address, postcode, town, email, phone,"
            " hourly_rate, importance, language, notes, latitude, longitude, first_contact)"
            " VALUES ('c1', 'Atelier Bois', 'business', '', '', '', '', '', '45.50', 3,"
            " 'fr', '', NULL, NULL, NULL)"
        )
        connection.exec_driver_sql(
            "INSERT INTO calendar_events (source, uid, payload, timezones)"
            " VALUES ('perso.ics', 'u1', 'BEGIN:VEVENT', '')"
        )
    engine.dispose()
    ctx = open_services(tmp_path / "data")
    backups.restore(ctx, old, NOON)
    with ctx.uow() as uow:
        assert [c.name for c in uow.clients.list()] == ["Atelier Bois"]
        (event,) = uow.calendar.list()
    assert (event.uid, event.earliest, event.latest) == ("u1", None, None)


def test_a_migration_backs_up_the_database_first(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    engine = create_sqlite_engine(folder / "creneau.sqlite3")
    migrate(engine, "0004")
    with engine.begin() as connection:
        connection.exec_driver_sql("INSERT INTO settings (name, value) VALUES ('a', 'b')")
    engine.dispose()
    ctx = open_services(folder)
    (made,) = backups.list_backups(ctx)
    assert made.reason == f"before-{script_revisions()[-1]}"
    with sqlite3.connect(made.path) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == ("0004",)
        assert connection.execute("SELECT name, value FROM settings").fetchall() == [("a", "b")]
    assert made.path.stat().st_mode & 0o777 == 0o600
    open_services(folder)  # at head now: no second backup
    assert len(backups.list_backups(ctx)) == 1


def test_the_daily_backup_is_made_once_a_day_and_only_with_data(
    atelier: ServiceContext, tmp_path: Path
) -> None:
    empty = open_services(tmp_path / "empty")
    assert backups.ensure_daily(empty, NOON).made is None  # nothing to keep yet
    first = backups.ensure_daily(atelier, NOON).made
    assert first is not None and first.reason == "daily"
    assert backups.ensure_daily(atelier, NOON + timedelta(hours=23, minutes=59)).made is None
    again = backups.ensure_daily(atelier, NOON + timedelta(hours=24)).made
    assert again is not None
    assert [b.path for b in backups.list_backups(atelier)] == [first.path, again.path]


def test_the_policy_keeps_the_newest_and_drops_the_expired(atelier: ServiceContext) -> None:
    set_setting(atelier, "backup.keep", "3")
    set_setting(atelier, "backup.retention_days", "10")
    days = [0, 1, 2, 3, 4]  # five backups, a day apart, from 30 November
    for day in days:
        backups.backup_now(atelier, NOON + timedelta(days=day))
    # keep 3: the 2nd, 3rd and 4th of December
    kept = [b.taken_at for b in backups.list_backups(atelier)]
    assert kept == [NOON + timedelta(days=d) for d in (2, 3, 4)]
    # twelve days after the 4th of December, they are all older than 10 days, but the
    # one just made stays
    later = NOON + timedelta(days=16)
    result = backups.backup_now(atelier, later)
    assert [b.taken_at for b in result.deleted] == kept
    assert [b.taken_at for b in backups.list_backups(atelier)] == [later]


def test_export_all_and_import_all_move_everything(atelier: ServiceContext, tmp_path: Path) -> None:
    log_all(atelier)
    path = tmp_path / "data.json"
    counts = backups.export_all(atelier, str(path))
    assert path.stat().st_mode & 0o777 == 0o600
    exported = json.loads(path.read_text(encoding="utf-8"))
    assert exported["format"] == "creneau-data"
    assert exported["revision"] == script_revisions()[-1]
    assert counts == {table: len(rows) for table, rows in exported["tables"].items()}
    other = open_services(tmp_path / "other")
    with other.uow() as uow:
        uow.clients.add(Client(id="c-gone", name="Will be replaced"))
    loaded = backups.import_all(other, path.read_bytes(), str(path), NOON)
    assert loaded == counts
    assert tables(other) == tables(atelier)
    (safety,) = backups.list_backups(other)
    assert safety.reason == "before-import"


@pytest.mark.parametrize(
    ("change", "message", "field"),
    [
        (lambda d: "{not json", "not JSON", None),
        (lambda d: {**d, "format": "other"}, "not a Créneau export", None),
        (lambda d: {**d, "revision": "9999"}, "unknown to this version", "revision"),
        (
            lambda d: {**d, "tables": {**d["tables"], "clients": [{"id": "x", "nom": "y"}]}},
            "clients row 1: unknown column 'nom'",
            "tables.clients[1]",
        ),
        (
            lambda d: {
                **d,
                "tables": {
                    **d["tables"],
                    "jobs": [{**d["tables"]["jobs"][0], "client_id": "ghost"}],
                },
            },
            "refers to a missing clients row",
            "tables.jobs",
        ),
        (
            lambda d: {**d, "tables": {**d["tables"], "clients": [{"id": "x", "name": None}]}},
            "clients row 1: NOT NULL constraint failed",
            "tables.clients[1]",
        ),
    ],
    ids=["json", "format", "newer", "column", "foreign-key", "not-null"],
)
def test_a_bad_export_is_refused_naming_what_and_nothing_changes(
    atelier: ServiceContext, tmp_path: Path, change: Any, message: str, field: str | None
) -> None:
    path = tmp_path / "data.json"
    backups.export_all(atelier, str(path))
    changed = change(json.loads(path.read_text(encoding="utf-8")))
    text = changed if isinstance(changed, str) else json.dumps(changed)
    before = tables(atelier)
    with pytest.raises(InputError, match=message) as caught:
        backups.import_all(atelier, text.encode(), "data.json", NOON)
    assert caught.value.file == "data.json"
    assert caught.value.field == field
    assert tables(atelier) == before


def test_secret_settings_never_reach_the_database(
    atelier: ServiceContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CRENEAU_NO_KEYRING", "1")  # the private file, whatever the machine
    monkeypatch.delenv("CRENEAU_CALDAV_PASSWORD", raising=False)
    set_setting(atelier, "caldav.url", "https://dav.example.org/")
    set_setting(atelier, "caldav.user", "marie")
    set_setting(atelier, "caldav.password", "pa55-word")
    assert caldav_account(atelier).password == "pa55-word"
    with atelier.uow() as uow:
        assert "caldav.password" not in uow.settings.all()
    assert b"pa55-word" not in json.dumps(atelier.safety.dump() if atelier.safety else {}).encode()
    assert secrets_held(atelier) == {"caldav.password": str(atelier.secrets.where())}  # type: ignore[union-attr]
    # the environment wins over the store
    monkeypatch.setenv("CRENEAU_CALDAV_PASSWORD", "from-env")
    assert caldav_account(atelier).password == "from-env"
    monkeypatch.delenv("CRENEAU_CALDAV_PASSWORD")
    reset_setting(atelier, "caldav.password")
    with pytest.raises(InputError, match=r"caldav\.user is set but not its password"):
        caldav_account(atelier)


def test_a_daily_backup_that_cannot_be_written_does_not_stop_her_work(
    atelier: ServiceContext, tmp_path: Path
) -> None:
    assert atelier.safety is not None
    folder = atelier.safety.folder  # type: ignore[attr-defined]
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("a file where the backups folder should be")
    result = backups.ensure_daily(atelier, NOON)
    assert result.made is None
    assert result.problem is not None and "cannot write the backup" in result.problem

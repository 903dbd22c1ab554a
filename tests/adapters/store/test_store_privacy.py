"""The database file rewritten after a client is forgotten, and private files."""

from __future__ import annotations

import pathlib
import sqlite3
import stat
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from creneau.adapters.store import engine as store_engine
from creneau.adapters.store.engine import create_sqlite_engine, migrate
from creneau.adapters.store.privacy import SqlitePrivacy
from creneau.adapters.store.uow import SqlUnitOfWork
from creneau.domain.errors import InputError
from creneau.domain.models import Client

NAME = "Mme Hélène Baudry"


@pytest.fixture
def insecure(db_path: pathlib.Path) -> Iterator[sa.Engine]:
    """A migrated engine whose connections leave deleted text in the file, as SQLite does
    by default (``PRAGMA secure_delete=OFF``; some builds turn it on)."""
    made = create_sqlite_engine(db_path)
    sa.event.listen(made, "connect", lambda c, _r: c.execute("PRAGMA secure_delete=OFF"))
    migrate(made)
    yield made
    made.dispose()


def _files(db_path: pathlib.Path) -> bytes:
    wal = pathlib.Path(f"{db_path}-wal")
    return db_path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def test_deleted_text_leaves_the_file_and_its_log(
    insecure: sa.Engine, db_path: pathlib.Path
) -> None:
    with SqlUnitOfWork(insecure) as uow:
        uow.clients.add(Client(id="c1", name=NAME, email="h.baudry@mail.example"))
    with SqlUnitOfWork(insecure) as uow:
        uow.clients.delete("c1")
    assert b"h.baudry@mail.example" in _files(db_path)  # deleted, not erased
    assert SqlitePrivacy(insecure).erase_freed_space()
    assert b"h.baudry@mail.example" not in _files(db_path)
    assert NAME.encode() not in _files(db_path)
    assert pathlib.Path(f"{db_path}-wal").stat().st_size == 0


def test_a_reader_in_another_connection_keeps_the_log_and_says_so(
    db_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_engine, "BUSY_TIMEOUT_MS", 50)  # not 5 s of waiting
    made = create_sqlite_engine(db_path)
    try:
        migrate(made)
        with SqlUnitOfWork(made) as uow:
            uow.clients.add(Client(id="c1", name=NAME))
        reader = sqlite3.connect(db_path, isolation_level=None)
        try:
            reader.execute("BEGIN")
            reader.execute("SELECT count(*) FROM clients").fetchone()  # holds a snapshot
            assert not SqlitePrivacy(made).erase_freed_space()
        finally:
            reader.close()
        assert SqlitePrivacy(made).erase_freed_space()  # once it is gone
    finally:
        made.dispose()


def test_a_private_file_is_hers_alone_and_replaced_only_when_asked(
    engine: sa.Engine, tmp_path: pathlib.Path
) -> None:
    privacy = SqlitePrivacy(engine)
    target = tmp_path / "export.json"
    privacy.write_private(str(target), b"{}", "--output", replace=False)
    assert target.read_bytes() == b"{}"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    with pytest.raises(InputError, match="--force") as refused:
        privacy.write_private(str(target), b"[1]", "--output", replace=False)
    assert (refused.value.field, refused.value.file) == ("--output", str(target))
    assert target.read_bytes() == b"{}"
    privacy.write_private(str(target), b"[1]", "--output", replace=True)
    assert target.read_bytes() == b"[1]"
    with pytest.raises(InputError, match="no folder"):
        privacy.write_private(str(tmp_path / "nowhere" / "x.json"), b"", "--output", replace=True)

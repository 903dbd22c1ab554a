"""The secret store: the system keyring when one is usable, else a private file.

The keyring case uses keyring's own extension point (a backend class registered with
``keyring.set_keyring``), an in-memory backend written here, not a mock object."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.errors import PasswordDeleteError

from creneau.adapters.secrets import SECRETS_FILE, SERVICE, KeyringOrFileSecrets


class MemoryKeyring(KeyringBackend):
    """A keyring that keeps its entries in a dict (priority 1: usable)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.entries:
            raise PasswordDeleteError("no such entry")
        del self.entries[(service, username)]


@pytest.fixture
def no_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    monkeypatch.delenv("CRENEAU_NO_KEYRING", raising=False)
    yield
    keyring.set_keyring(previous)


@pytest.fixture
def memory(monkeypatch: pytest.MonkeyPatch) -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    monkeypatch.delenv("CRENEAU_NO_KEYRING", raising=False)
    yield backend
    keyring.set_keyring(previous)


def test_without_a_keyring_secrets_go_to_a_file_only_she_can_read(
    no_keyring: None, tmp_path: Path
) -> None:
    store = KeyringOrFileSecrets(tmp_path / "data")
    assert store.get("caldav.password") is None
    store.set("caldav.password", "s3cr3t é")
    store.set("smtp.password", "mail")
    path = tmp_path / "data" / SECRETS_FILE
    assert path.stat().st_mode & 0o777 == 0o600
    assert store.where() == str(path)
    assert KeyringOrFileSecrets(tmp_path / "data").get("caldav.password") == "s3cr3t é"
    assert KeyringOrFileSecrets(tmp_path / "other").get("caldav.password") is None
    store.delete("caldav.password")
    store.delete("caldav.password")  # twice: nothing to do
    assert store.get("caldav.password") is None
    assert store.get("smtp.password") == "mail"


def test_with_a_keyring_secrets_go_there_per_data_folder(
    memory: MemoryKeyring, tmp_path: Path
) -> None:
    one, two = KeyringOrFileSecrets(tmp_path / "one"), KeyringOrFileSecrets(tmp_path / "two")
    one.set("caldav.password", "first")
    two.set("caldav.password", "second")
    assert (one.get("caldav.password"), two.get("caldav.password")) == ("first", "second")
    user = f"{(tmp_path / 'one').resolve()}|caldav.password"
    assert memory.entries[(SERVICE, user)] == "first"
    assert not (tmp_path / "one" / SECRETS_FILE).exists()  # nothing on disk
    assert one.where() == "keyring MemoryKeyring"
    one.delete("caldav.password")
    assert one.get("caldav.password") is None
    assert two.get("caldav.password") == "second"


def test_a_secret_left_in_the_file_moves_to_the_keyring_when_set_again(
    memory: MemoryKeyring, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CRENEAU_NO_KEYRING", "1")
    KeyringOrFileSecrets(tmp_path).set("routing.key", "old")  # written while no keyring
    monkeypatch.delenv("CRENEAU_NO_KEYRING")
    store = KeyringOrFileSecrets(tmp_path)
    assert store.get("routing.key") == "old"  # still found in the file
    store.set("routing.key", "new")
    assert store.get("routing.key") == "new"
    assert "routing.key" not in (tmp_path / SECRETS_FILE).read_text(encoding="utf-8")

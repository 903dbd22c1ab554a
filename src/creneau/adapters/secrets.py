"""Her passwords and keys: the system keyring (the ``keyring`` library: Secret Service on
Linux desktops, macOS Keychain, Windows Credential Locker) when one is available, else a
JSON file in her data folder readable and writable by her alone (mode 0600).

Entries are named by service ``creneau`` and user ``<data folder>|<setting name>``, so
that two data folders (the demo and her real one) never share a secret. ``keyring`` is
imported on first use only: most commands need no secret.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from pathlib import Path
from typing import Any

from creneau.adapters.files import write_atomically
from creneau.domain.errors import InputError

#: The keyring service name of every entry.
SERVICE = "creneau"

#: The fallback file, inside the data folder.
SECRETS_FILE = "secrets.json"

_LOG = logging.getLogger(__name__)


def _usable_keyring() -> Any | None:
    """The keyring backend, or None when there is none worth using (no desktop session:
    keyring's ``fail`` or ``null`` backends, priority below 1), or keyring is missing."""
    if os.environ.get("CRENEAU_NO_KEYRING"):
        return None
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:  # pragma: no cover - keyring is a dependency
        return None
    try:
        backend = keyring.get_keyring()
        priority = float(getattr(backend, "priority", 0))
    except Exception:  # a broken keyring configuration: the file will do
        return None
    if isinstance(backend, fail.Keyring) or priority < 1:
        return None
    return backend


class KeyringOrFileSecrets:
    """Secrets of one data folder (implements ``SecretStore``).

    Args:
        folder: the data folder (names the entries; holds the fallback file).
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._backend: Any | None = None
        self._looked = False

    def _keyring(self) -> Any | None:
        if not self._looked:
            self._backend = _usable_keyring()
            self._looked = True
        return self._backend

    def _user(self, name: str) -> str:
        return f"{self.folder.resolve()}|{name}"

    @property
    def _file(self) -> Path:
        return self.folder / SECRETS_FILE

    def _read_file(self) -> dict[str, str]:
        try:
            data = json.loads(self._file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            raise InputError(f"cannot read the secrets file: {exc}", file=str(self._file)) from exc
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}

    def _write_file(self, data: dict[str, str]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        write_atomically(str(self._file), text.encode("utf-8"), "settings", private=True)

    def get(self, name: str) -> str | None:
        """See :meth:`creneau.services.safety_ports.SecretStore.get`."""
        backend = self._keyring()
        if backend is not None:
            try:
                value = backend.get_password(SERVICE, self._user(name))
            except Exception as exc:  # a locked or broken keyring: the file is the fallback
                _LOG.warning("keyring unavailable (%s): reading the secrets file", exc)
            else:
                if value is not None:
                    return str(value)
        return self._read_file().get(name)

    def set(self, name: str, value: str) -> None:
        """See :meth:`creneau.services.safety_ports.SecretStore.set`."""
        backend = self._keyring()
        if backend is not None:
            try:
                backend.set_password(SERVICE, self._user(name), value)
            except Exception as exc:
                _LOG.warning("keyring refused the secret (%s): using the secrets file", exc)
            else:
                self._drop_from_file(name)
                return
        data = self._read_file()
        data[name] = value
        self._write_file(data)

    def delete(self, name: str) -> None:
        """See :meth:`creneau.services.safety_ports.SecretStore.delete`."""
        backend = self._keyring()
        if backend is not None:
            # none stored there (PasswordDeleteError), or a broken keyring: nothing to do
            with contextlib.suppress(Exception):
                backend.delete_password(SERVICE, self._user(name))
        self._drop_from_file(name)

    def _drop_from_file(self, name: str) -> None:
        data = self._read_file()
        if name in data:
            del data[name]
            self._write_file(data)

    def where(self) -> str:
        """See :meth:`creneau.services.safety_ports.SecretStore.where`."""
        backend = self._keyring()
        if backend is not None:
            return f"keyring {type(backend).__name__}"
        return str(self._file)

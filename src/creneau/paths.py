"""Where Créneau keeps its data: platformdirs, overridden by CRENEAU_HOME or --data-dir."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

DATABASE_NAME = "creneau.sqlite3"


def data_dir(override: str | Path | None = None) -> Path:
    """The data folder: ``override`` (``--data-dir``), else ``$CRENEAU_HOME``, else the
    platform's user data folder (e.g. ``~/.local/share/creneau`` on Linux)."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get("CRENEAU_HOME")
    if env:
        return Path(env).expanduser()
    return user_data_path("creneau", appauthor=False)


def database_path(folder: Path) -> Path:
    """The SQLite database file inside a data folder."""
    return folder / DATABASE_NAME

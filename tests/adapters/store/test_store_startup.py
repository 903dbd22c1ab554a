"""Opening a database already at the latest schema does not load Alembic (start-up time);
upgrades from older schemas go through Alembic as before (``test_store_migrations``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory

from creneau.adapters.store.engine import MIGRATIONS_DIR, script_heads
from creneau.bootstrap import open_services


def test_the_cheap_head_check_agrees_with_alembic() -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    assert script_heads() == frozenset(ScriptDirectory.from_config(config).get_heads())


def test_a_database_at_head_opens_without_alembic(tmp_path: Path) -> None:
    open_services(tmp_path)  # creates and migrates: Alembic runs
    probe = (
        "import sys; from creneau.bootstrap import open_services; "
        f"open_services({str(tmp_path)!r}); print('alembic' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"

"""The command index of the lazy command line: each command is found in the module that
defines it, and a run loads only that module."""

from __future__ import annotations

import gc
import importlib
import subprocess
import sys

import pytest
import typer

from creneau.interfaces.cli.app import COMMAND_MODULES, MODULES, build_app, command_name
from creneau.interfaces.cli.launch import start_up


def _names(app: typer.Typer) -> list[str]:
    return [info.name for info in app.registered_commands if info.name] + [
        info.name for info in app.registered_groups if info.name
    ]


def test_the_index_names_every_command_of_every_module_and_its_module() -> None:
    found: dict[str, str] = {}
    for module in MODULES:
        app = typer.Typer()
        importlib.import_module(f"creneau.interfaces.cli.{module}").register(app)
        for name in _names(app):
            assert name not in found, f"{name} registered twice"
            found[name] = module
    assert found == COMMAND_MODULES


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (["report", "--month", "2026-11"], "report"),
        (["--data-dir", "/tmp/x", "--now", "2026-11-30T08:30+01:00", "log", "j1", "1h"], "log"),
        (["--lang", "en", "invoice", "list"], "invoice"),
        (["--data-dir=/tmp/x", "plan"], "plan"),
        (["--help"], None),
        ([], None),
    ],
)
def test_the_command_is_the_first_word_after_the_global_options(
    args: list[str], name: str | None
) -> None:
    assert command_name(args) == name


def test_a_known_command_loads_its_module_only_and_anything_else_loads_all() -> None:
    assert _names(build_app(["--lang", "en", "report"])) == ["report"]
    assert _names(build_app(["invoice", "list"])) == ["invoice"]
    assert sorted(_names(build_app(["repport"]))) == sorted(COMMAND_MODULES)
    assert sorted(_names(build_app(["--help"]))) == sorted(COMMAND_MODULES)


def test_a_run_of_report_imports_no_other_command_module() -> None:
    code = (
        "import sys; from creneau.interfaces.cli.app import build_app; "
        "build_app(['report']); "
        "print(sorted(m for m in sys.modules if m.startswith('creneau.interfaces.cli.')))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert "money_commands" in loaded
    for other in (
        "catalog_commands",
        "plan_commands",
        "decision_commands",
        "time_commands",
        "invoice_commands",
    ):
        assert other not in loaded


@pytest.mark.parametrize(
    ("args", "database_layer"),
    [(["client", "list"], True), (["report", "--help"], False), (["--help"], False)],
)
def test_a_command_loads_the_database_layer_at_start_up_but_not_its_help(
    args: list[str], database_layer: bool
) -> None:
    code = (
        "import sys; from creneau.interfaces.cli.app import load; "
        f"load({args!r}); print('sqlalchemy' in sys.modules, 'creneau.bootstrap' in sys.modules)"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert loaded == [str(database_layer)] * 2


def test_the_start_up_runs_without_the_collector_then_freezes_what_it_loaded() -> None:
    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    try:
        with start_up():
            assert not gc.isenabled()
            kept = [[index] for index in range(1000)]  # objects a module would keep
        assert gc.isenabled()
        assert gc.get_freeze_count() >= frozen + len(kept)
        with pytest.raises(RuntimeError), start_up():  # a failed import: collector on again
            raise RuntimeError("no such module")
        assert gc.isenabled()
    finally:
        gc.unfreeze()

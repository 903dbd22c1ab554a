"""The ``creneau`` command: global options, command groups, and errors → exit codes.

Exit codes: 0 success; 1 other user errors; 2 bad input (file, line, field named);
3 no such client or job (or ambiguous name). A user mistake never shows a traceback.

Commands are loaded lazily: a run imports only the module of the command it names (see
:data:`COMMAND_MODULES`), so that ``creneau report`` does not pay for the planner's or the
importers' modules; ``--help``, no command or an unknown one load them all. The console
script is :func:`creneau.interfaces.cli.launch.main`: :func:`load`, then :func:`run`.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer

from creneau.domain.errors import CreneauError, ImportFailed
from creneau.interfaces.cli.formatters import err_console
from creneau.interfaces.cli.state import CliState, parse_now

#: The command modules of ``creneau.interfaces.cli``, in the order of ``--help``; each has a
#: ``register(app)`` that adds its commands and groups.
MODULES: tuple[str, ...] = (
    "catalog_commands",
    "plan_commands",
    "decision_commands",
    "news_commands",
    "time_commands",
    "money_commands",
    "invoice_commands",
    "calendar_commands",
    "meet_commands",
    "safety_commands",
    "serve_commands",
)

#: Top-level command or group name → the module that registers it (a test checks that this
#: index and the modules agree).
COMMAND_MODULES: dict[str, str] = {
    "init": "catalog_commands",
    "import": "catalog_commands",
    "client": "catalog_commands",
    "job": "catalog_commands",
    "settings": "catalog_commands",
    "plan": "plan_commands",
    "now": "plan_commands",
    "demo": "plan_commands",
    "whatif": "decision_commands",
    "promise": "decision_commands",
    "risks": "decision_commands",
    "pin": "decision_commands",
    "update": "news_commands",
    "brief": "news_commands",
    "start": "time_commands",
    "stop": "time_commands",
    "log": "time_commands",
    "entries": "time_commands",
    "estimates": "time_commands",
    "entry": "time_commands",
    "report": "money_commands",
    "invoice": "invoice_commands",
    "export": "calendar_commands",
    "busy": "calendar_commands",
    "sync": "calendar_commands",
    "meet": "meet_commands",
    "place": "meet_commands",
    "backup": "safety_commands",
    "restore": "safety_commands",
    "serve": "serve_commands",
}

#: Global options that take a value (before the command name).
_VALUED_OPTIONS = ("--data-dir", "--now", "--lang")


def command_name(args: Sequence[str]) -> str | None:
    """The command named by the command-line arguments ``args`` (without the program name),
    global options skipped; ``None`` when there is none."""
    skip = False
    for arg in args:
        if skip:
            skip = False
            continue
        if arg in _VALUED_OPTIONS:
            skip = True
            continue
        if arg.startswith("-"):
            continue
        return arg
    return None


def build_app(args: Sequence[str] | None = None) -> typer.Typer:
    """The ``creneau`` Typer app with the commands that ``args`` needs.

    Args:
        args: the command-line arguments (without the program name); ``None`` for the full
            app. When they name a known command, only its module is loaded; otherwise
            (``--help``, no command, a typo) every module is, so that help and Click's "No
            such command" see them all.
    """
    app = typer.Typer(
        name="creneau",
        help="Créneau: plan your weeks into blocks per client, and keep every promise.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )
    app.callback()(main_options)
    name = command_name(args) if args is not None else None
    modules = (COMMAND_MODULES[name],) if name in COMMAND_MODULES else MODULES
    for module in modules:
        importlib.import_module(f"creneau.interfaces.cli.{module}").register(app)
    return app


def main_options(
    ctx: typer.Context,
    data_dir: Annotated[
        Path | None,
        typer.Option(
            "--data-dir",
            help="Data folder (default: $CRENEAU_HOME, else the user data folder).",
        ),
    ] = None,
    now: Annotated[
        str | None,
        typer.Option("--now", help="Set 'now' (ISO 8601 with offset), for replays and tests."),
    ] = None,
    lang: Annotated[
        str | None, typer.Option("--lang", help="Interface language for this command: fr or en.")
    ] = None,
) -> None:
    """Global options come before the command."""
    if now is not None:
        parse_now(now)
    if lang is not None and lang not in ("fr", "en"):
        raise typer.BadParameter("must be fr or en", param_hint="--lang")
    ctx.obj = CliState(data_dir=data_dir, now_text=now, language=lang)


def load(args: Sequence[str]) -> typer.Typer:
    """The app for the command-line arguments ``args`` (:func:`build_app`), with the
    database layer (``creneau.bootstrap``: SQLAlchemy, the store) loaded too when they name
    a command, unless they ask for its ``--help``: every command opens the database.

    Args:
        args: the command-line arguments, without the program name.
    """
    app = build_app(args)
    if command_name(args) in COMMAND_MODULES and "--help" not in args:
        importlib.import_module("creneau.bootstrap")
    return app


def run(app: typer.Typer) -> None:
    """Run ``app`` on ``sys.argv``, turning user errors into messages.

    Click (inside Typer) reports usage errors itself (exit 2); errors raised by the
    services are :class:`CreneauError` and are printed here without a traceback.
    """
    try:
        app()
    except CreneauError as exc:
        if isinstance(exc, ImportFailed):
            err_console.print(f"[bold red]error:[/] {exc.message}", markup=True)
            for error in exc.errors:
                err_console.print(f"  {error}", markup=False)
        else:
            err_console.print("[bold red]error:[/] ", end="", markup=True)
            err_console.print(str(exc), markup=False)
        sys.exit(exc.exit_code)

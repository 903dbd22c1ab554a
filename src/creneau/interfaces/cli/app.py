"""The ``creneau`` command: global options, command groups, and errors → exit codes.

Exit codes: 0 success; 1 other user errors; 2 bad input (file, line, field named);
3 no such client or job (or ambiguous name). A user mistake never shows a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from creneau.domain.errors import CreneauError, ImportFailed
from creneau.interfaces.cli import (
    calendar_commands,
    catalog_commands,
    decision_commands,
    money_commands,
    news_commands,
    plan_commands,
    time_commands,
)
from creneau.interfaces.cli.formatters import err_console
from creneau.interfaces.cli.state import CliState, parse_now

app = typer.Typer(
    name="creneau",
    help="Créneau: plan your weeks into blocks per client, and keep every promise.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(catalog_commands.client_app, name="client")
app.add_typer(catalog_commands.job_app, name="job")
app.add_typer(catalog_commands.settings_app, name="settings")
catalog_commands.register(app)
plan_commands.register(app)
decision_commands.register(app)
news_commands.register(app)
time_commands.register(app)
money_commands.register(app)
calendar_commands.register(app)


@app.callback()
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


def main() -> None:
    """Console-script entry point: run the app, turning user errors into messages.

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

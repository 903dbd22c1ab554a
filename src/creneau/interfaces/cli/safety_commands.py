"""``backup`` and ``restore``: copies of her database, and going back to one."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from creneau.interfaces.cli import formatters as out
from creneau.interfaces.cli.prompts import ask_yes_no, refuse_change
from creneau.interfaces.cli.replanning import changed, show_replanned
from creneau.interfaces.cli.state import state
from creneau.services import backups
from creneau.services.safety_messages import safety_text, size_text
from creneau.services.safety_ports import BackupFile


def _show_made(made: backups.Pruned, lang: str) -> None:
    if made.made is not None:
        size = size_text(made.made.size_bytes, lang)
        out.console.print(safety_text("backup_made", lang, path=str(made.made.path), size=size))
    if made.deleted:
        out.console.print(safety_text("backups_pruned", lang, count=len(made.deleted)))


def _backup_json(backup: BackupFile) -> dict[str, object]:
    return {
        "path": str(backup.path),
        "taken_at": backup.taken_at.isoformat(),
        "reason": backup.reason,
        "size_bytes": backup.size_bytes,
    }


def register(app: typer.Typer) -> None:
    """Add the commands ``backup`` and ``restore`` to ``app``."""

    @app.command("backup")
    def backup(
        ctx: typer.Context,
        listing: Annotated[
            bool, typer.Option("--list", help="List the backups instead of making one.")
        ] = False,
        as_json: Annotated[
            bool, typer.Option("--json", help="Print JSON (a stable schema).")
        ] = False,
    ) -> None:
        """Back up the database now (one is also made each day, and before every upgrade)."""
        services = state(ctx).services()
        lang = services.settings().language
        if not listing:
            made = backups.backup_now(services, datetime.now(UTC))
            if as_json:
                assert made.made is not None
                data = {
                    "made": _backup_json(made.made),
                    "deleted": [_backup_json(b) for b in made.deleted],
                }
                out.console.print_json(json.dumps(data))
            else:
                _show_made(made, lang)
            return
        found = backups.list_backups(services)
        if as_json:
            out.console.print_json(json.dumps([_backup_json(b) for b in found]))
            return
        if not found:
            out.console.print(safety_text("backups_none", lang))
            return
        tz = services.settings().tz
        table = Table(
            *(safety_text(k, lang) for k in ("when", "reason", "size", "file")),
            caption=str(found[-1].path.parent),
        )
        for item in found:
            table.add_row(
                item.taken_at.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
                item.reason,
                size_text(item.size_bytes, lang),
                item.path.name,
            )
        out.console.print(table)

    @app.command("restore")
    def restore(
        ctx: typer.Context,
        file: Annotated[Path, typer.Argument(help="The backup file (creneau backup --list).")],
        yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask.")] = False,
    ) -> None:
        """Replace all your data with a backup's (your current data is backed up first)."""
        st = state(ctx)
        services = st.services()
        lang = services.settings().language
        revision = backups.check(services, file)
        question = safety_text("restore_confirm", lang, path=str(file), revision=revision)
        if not yes and not ask_yes_no(question, lang):
            raise refuse_change(lang)
        (_revision, before), report = changed(
            st, lambda: backups.restore(services, file, datetime.now(UTC))
        )
        out.console.print(safety_text("restored", lang, path=str(file), backup=str(before.path)))
        show_replanned(report)

"""Commands between Créneau and her calendar app: ``export``, ``busy`` and ``sync``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from creneau.domain.errors import InputError
from creneau.interfaces.cli import formatters as out
from creneau.interfaces.cli.parsing import parse_date
from creneau.interfaces.cli.state import state
from creneau.services import backups
from creneau.services.busy_time import busy_on_days, busy_to_json
from creneau.services.publish_messages import publish_text
from creneau.services.publishing import export_plan, render_feed
from creneau.services.safety_messages import safety_text
from creneau.services.sync import sync


def register(app: typer.Typer) -> None:
    """Add ``export``, ``busy`` and ``sync`` to ``app``."""

    @app.command("export")
    def export(
        ctx: typer.Context,
        file: Annotated[
            Path | None, typer.Argument(help="The .ics file to write (e.g. plan.ics).")
        ] = None,
        stdout: Annotated[
            bool, typer.Option("--stdout", help="Write the .ics document on standard output.")
        ] = False,
        everything: Annotated[
            bool,
            typer.Option(
                "--all", help="Write all your data as JSON instead, for import --all elsewhere."
            ),
        ] = False,
    ) -> None:
        """Write the plan as an iCalendar file: one event per block, one to-do per open job;
        with --all, all your data as JSON (to move to another machine)."""
        st = state(ctx)
        if everything:
            if file is None or stdout:
                raise InputError("--all writes a file: give its name (data.json)", field="FILE")
            services = st.services()
            counts = backups.export_all(services, str(file))
            lang = services.settings().language
            rows, tables = sum(counts.values()), len(counts)
            out.console.print(
                safety_text("exported_all", lang, path=str(file), rows=rows, tables=tables)
            )
            return
        if (file is None) == (not stdout):
            raise InputError("give a file (plan.ics) or --stdout, not both", field="FILE")
        services = st.services()
        now = st.now(services.settings().tz)
        if stdout:
            sys.stdout.buffer.write(render_feed(services, now))
            sys.stdout.buffer.flush()
            return
        assert file is not None
        calendar = export_plan(services, now, file)
        out.console.print(
            publish_text(
                "exported",
                services.settings().language,
                path=str(file),
                events=len(calendar.events),
                todos=len(calendar.todos),
            )
        )

    @app.command("busy")
    def busy(
        ctx: typer.Context,
        first: Annotated[str, typer.Option("--from", help="First day, e.g. 2026-12-01.")],
        last: Annotated[str, typer.Option("--to", help="Last day (included), e.g. 2026-12-07.")],
        as_json: Annotated[
            bool, typer.Option("--json", help="Print JSON (a stable schema).")
        ] = False,
    ) -> None:
        """List the busy time of your calendar between two days, recurrences expanded."""
        services = state(ctx).services()
        intervals = busy_on_days(services, parse_date(first, "--from"), parse_date(last, "--to"))
        if as_json:
            out.print_json(busy_to_json(intervals))
            return
        language = services.settings().language
        if not intervals:
            out.console.print(publish_text("busy_none", language))
            return
        table = Table()
        for column in ("start", "end", "summary", "source"):
            table.add_column(column)
        for b in intervals:
            table.add_row(
                b.start.strftime("%Y-%m-%d %H:%M"),
                b.end.strftime("%Y-%m-%d %H:%M"),
                b.summary,
                b.source,
            )
        out.console.print(table)

    @app.command("sync")
    def sync_(ctx: typer.Context) -> None:
        """Read busy time from your CalDAV calendars, replan, and write the plan back.

        Settings: caldav.url, caldav.user, caldav.password (better in
        CRENEAU_CALDAV_PASSWORD), caldav.busy_calendars, caldav.plan_calendar.
        """
        st = state(ctx)
        services = st.services()
        report = sync(services, st.now(services.settings().tz))
        for imported in report.busy:
            for warning in imported.warnings:
                out.err_console.print(f"  [yellow]warning:[/] {warning}")
        written = report.written
        out.console.print(
            publish_text(
                "synced",
                services.settings().language,
                created=written.created,
                updated=written.updated,
                deleted=written.deleted,
                kept=written.kept,
                busy=sum(r.created + r.updated for r in report.busy),
                calendars=len(report.busy),
            )
        )

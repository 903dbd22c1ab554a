"""``client export`` and ``client forget``: her clients' personal data (RGPD).

They belong to the ``client`` group: the privacy service is imported when one of them
runs, not by every ``client`` command."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from creneau.domain.errors import InputError
from creneau.interfaces.cli import formatters as out
from creneau.interfaces.cli.prompts import ask_yes_no, refuse_deletion
from creneau.interfaces.cli.replanning import changed, show_replanned
from creneau.interfaces.cli.state import state
from creneau.services.privacy_messages import privacy_text

_EXAMPLES = 3
"""At most this many calendar events are named when some still name a forgotten client."""


def client_export(
    ctx: typer.Context,
    client: Annotated[str, typer.Argument(help="Id or unique part of the name.")],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="The JSON file to write (default: standard output)."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace the --output file if it exists.")
    ] = False,
) -> None:
    """Write everything Créneau holds about a client as JSON (RGPD right of access)."""
    if force and output is None:
        raise InputError("--force replaces an --output file: give one", field="--force")
    st = state(ctx)
    services = st.services()
    settings = services.settings()
    from creneau.services import privacy  # loaded by these two commands only

    document = privacy.export_client(services, client, st.now(settings.tz))
    if output is None:
        sys.stdout.buffer.write(privacy.export_bytes(document))
        sys.stdout.buffer.flush()
        return
    privacy.write_export(services, document, str(output), force=force)
    line = privacy_text(
        "exported",
        settings.language,
        path=str(output),
        client=document["client"]["name"],
        jobs=len(document["jobs"]),
        entries=len(document["time_entries"]),
        invoices=len(document["invoices"]),
    )
    out.console.print(line, markup=False)


def client_forget(
    ctx: typer.Context,
    client: Annotated[str, typer.Argument(help="Id or unique part of the name.")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask.")] = False,
) -> None:
    """Erase a client's personal data; keep its hours and amounts, anonymous (RGPD)."""
    st = state(ctx)
    services = st.services()
    settings = services.settings()
    lang = settings.language
    from creneau.services import privacy  # loaded by these two commands only

    found, jobs = privacy.client_to_forget(services, client)
    question = privacy_text("forget_confirm", lang, client=found.name, jobs=jobs)
    if not yes and not ask_yes_no(question, lang):
        raise refuse_deletion(lang)
    now = st.now(settings.tz)
    done, report = changed(st, lambda: privacy.forget_client(services, found.id, now))
    said = privacy_text(
        "forgotten",
        lang,
        client=done.former_name,
        label=done.client.name,
        id=done.client.id,
        jobs=done.jobs,
        entries=done.entries,
        invoices=done.invoices,
    )
    out.console.print(said, markup=False)
    if done.events:
        quoted = (privacy_text("quoted", lang, text=e.summary) for e in done.events)
        examples = ", ".join(list(quoted)[:_EXAMPLES])
        line = privacy_text("calendar_mentions", lang, count=len(done.events), examples=examples)
        out.console.print(line, markup=False)
    if not done.file_rewritten:
        out.console.print(privacy_text("file_busy", lang), markup=False)
    days = settings.values["backup.retention_days"]
    out.console.print(privacy_text("backups_keep", lang, days=days), markup=False)
    show_replanned(report)


def add_to(client_app: typer.Typer) -> None:
    """Add ``export`` and ``forget`` to the ``client`` command group."""
    client_app.command("export")(client_export)
    client_app.command("forget")(client_forget)

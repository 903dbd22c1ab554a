"""Commands about keeping clients and herself informed: ``update``, ``brief``, and the
``client list --attention`` view."""

from __future__ import annotations

from datetime import datetime, time
from typing import Annotated

import typer
from rich.table import Table

from creneau.interfaces.cli import formatters as out
from creneau.interfaces.cli.state import state
from creneau.services.attention_report import (
    NEGLECTED,
    AttentionReport,
    attention_to_json,
    clients_owed_attention,
)
from creneau.services.brief import brief_text, brief_to_json, morning_brief, send_brief
from creneau.services.client_update import compose_update, mark_sent, update_to_json
from creneau.services.update_messages import format_date, text

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON (a stable schema).")]


def show_attention(report: AttentionReport, language: str, as_json: bool) -> None:
    """Print the clients owed attention (a table, or JSON)."""
    if as_json:
        out.print_json(attention_to_json(report))
        return
    if report.attention_days <= 0:
        out.console.print(text("attention_off", language))
        return
    if not report.clients:
        out.console.print(text("attention_none", language, days=str(report.attention_days)))
        return
    table = Table()
    for col in ("id", "name", "status", "last attention", "working days", "open jobs"):
        table.add_column(col)
    for item in report.clients:
        status = text(NEGLECTED if item.status == NEGLECTED else "waiting_status", language)
        if item.last is not None:
            last = format_date(item.last, language, today=report.now)
        else:
            since = datetime.combine(item.counted_from, time(12), tzinfo=report.now.tzinfo)
            last = text("never_from", language, day=format_date(since, language))
        table.add_row(
            item.client.id,
            item.client.name,
            status,
            last,
            str(item.working_days),
            str(len(item.open_jobs)),
        )
    out.console.print(table)


def attention(ctx: typer.Context, as_json: bool) -> None:
    """``client list --attention``: clients with open work neglected beyond the setting."""
    st = state(ctx)
    services = st.services()
    settings = services.settings()
    report = clients_owed_attention(services, st.now(settings.tz))
    show_attention(report, settings.language, as_json)


def register(app: typer.Typer) -> None:
    """Add ``update`` and ``brief`` to ``app``."""

    @app.command("update")
    def update(
        ctx: typer.Context,
        client: Annotated[str, typer.Argument(help="Client id or unique part of the name.")],
        lang: Annotated[
            str | None,
            typer.Option("--lang", help="fr or en (default: the client's language)."),
        ] = None,
        sent: Annotated[
            bool,
            typer.Option("--sent", help="Record it as sent (counts as news for the client)."),
        ] = False,
        as_json: JsonFlag = False,
    ) -> None:
        """Write a status update for a client, ready to paste into an e-mail."""
        st = state(ctx)
        services = st.services()
        moment = st.now(services.settings().tz)
        news = compose_update(
            services, client, moment, language=lang.strip().lower() if lang else None
        )
        if sent:
            mark_sent(services, news)
        if as_json:
            out.print_json(update_to_json(news, sent=sent))
            return
        subject = "Objet" if news.language == "fr" else "Subject"
        colon = " : " if news.language == "fr" else ": "
        out.console.print(f"{subject}{colon}{news.subject}\n", markup=False)
        out.console.print(news.text, markup=False, end="")
        if sent:
            out.err_console.print(
                f"Recorded as sent to {news.client.name} at {news.now:%Y-%m-%d %H:%M}.",
                markup=False,
            )

    @app.command("brief")
    def brief(
        ctx: typer.Context,
        as_json: JsonFlag = False,
        send: Annotated[
            bool, typer.Option("--send", help="Also e-mail it through the smtp.* settings.")
        ] = False,
    ) -> None:
        """The morning brief: today's blocks, what is at risk, who is owed news."""
        st = state(ctx)
        services = st.services()
        moment = st.now(services.settings().tz)
        result = morning_brief(services, moment)
        recipients: list[str] = []
        if send:
            recipients = list(send_brief(services, result).recipients)
        if as_json:
            data = brief_to_json(result)
            data["sent_to"] = recipients
            out.print_json(data)
            return
        out.console.print(brief_text(result), markup=False, end="")
        if send:
            out.err_console.print(f"Sent to {', '.join(recipients)}.", markup=False)

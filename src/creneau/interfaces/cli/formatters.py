"""Output: Rich tables and day views for people, stable JSON for programs."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from creneau.domain.durations import format_minutes
from creneau.domain.models import Client, Job
from creneau.services.messages import format_day, format_moment, label
from creneau.settings import SPECS, Settings

if TYPE_CHECKING:  # the planner's and importers' modules load with the commands using them
    from creneau.services.importing import ImportReport
    from creneau.services.planning import NowAnswer, PlanReport

console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)

PALETTE = (
    "bright_blue",
    "green",
    "magenta",
    "dark_orange",
    "cyan",
    "bright_red",
    "gold3",
    "medium_purple",
    "spring_green3",
    "deep_pink3",
    "steel_blue1",
    "chartreuse3",
)


def print_json(data: Any) -> None:
    """Print JSON (UTF-8, indented, keys in schema order) on standard output."""
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def client_to_json(client: Client) -> dict[str, Any]:
    """A client as JSON (the ``client list --json`` schema)."""
    return {
        "id": client.id,
        "name": client.name,
        "kind": client.kind.value,
        "address": client.address,
        "postcode": client.postcode,
        "town": client.town,
        "latitude": client.latitude,
        "longitude": client.longitude,
        "email": client.email,
        "phone": client.phone,
        "hourly_rate_eur": float(client.hourly_rate) if client.hourly_rate is not None else None,
        "importance": client.importance,
        "language": client.language,
        "first_contact": client.first_contact.isoformat() if client.first_contact else None,
        "notes": client.notes,
    }


def job_to_json(job: Job, client: Client) -> dict[str, Any]:
    """A job as JSON (the ``job list --json`` schema); hours are decimal hours."""
    return {
        "id": job.id,
        "client_id": client.id,
        "client": client.name,
        "title": job.title,
        "kind": job.kind.value,
        "tags": list(job.tags),
        "estimate_hours": round(job.effort_minutes / 60, 2),
        "spent_hours": round(job.spent_minutes / 60, 2),
        "remaining_hours": round(job.remaining_effort_minutes / 60, 2),
        "received": job.received.isoformat(),
        "due": job.due.isoformat(),
        "deadline": job.deadline.value,
        "status": job.status.value,
        "price_eur": float(job.price) if job.price is not None else None,
        "hourly_rate_eur": float(job.hourly_rate) if job.hourly_rate is not None else None,
        "notes": job.notes,
        "after_id": job.after_id,
        "done_on": job.done_on.isoformat() if job.done_on else None,
    }


def _money(value: Decimal | None) -> str:
    return "" if value is None else f"{value} €"


def show_clients(clients: Sequence[Client]) -> None:
    """A table of clients."""
    table = Table(show_lines=False)
    for col in ("id", "name", "kind", "town", "rate", "imp."):
        table.add_column(col)
    for c in clients:
        table.add_row(c.id, c.name, c.kind.value, c.town, _money(c.hourly_rate), str(c.importance))
    console.print(table)


def show_client(client: Client, jobs: Sequence[Job]) -> None:
    """One client with its jobs."""
    console.print(f"[bold]{client.name}[/] ({client.id}, {client.kind.value})")
    for key, value in client_to_json(client).items():
        if key not in ("id", "name", "kind") and value not in (None, ""):
            console.print(f"  {key}: {value}")
    if jobs:
        show_jobs([(j, client) for j in jobs])


def show_jobs(rows: Sequence[tuple[Job, Client]]) -> None:
    """A table of jobs."""
    table = Table()
    for col in ("id", "client", "title", "left", "due", "deadline", "status"):
        table.add_column(col)
    for job, client in rows:
        table.add_row(
            job.id,
            client.name,
            job.title,
            format_minutes(job.remaining_effort_minutes),
            job.due.isoformat(),
            job.deadline.value,
            job.status.value,
        )
    console.print(table)


def show_job(job: Job, client: Client) -> None:
    """One job in detail."""
    console.print(f"[bold]{job.title}[/] ({job.id}) — {client.name}")
    for key, value in job_to_json(job, client).items():
        if key not in ("id", "title", "client") and value not in (None, "", []):
            console.print(f"  {key}: {value}")


def client_colours(report: PlanReport) -> dict[str, str]:
    """A stable colour per client (by name order)."""
    names = sorted(report.clients.values(), key=lambda c: c.name)
    return {c.id: PALETTE[i % len(PALETTE)] for i, c in enumerate(names)}


def show_plan(report: PlanReport, days: int, at_risk: bool = True) -> None:
    """The plan day by day, with coloured blocks per client, then the jobs at risk."""
    lang = report.language
    tz = report.settings.tz
    colours = client_colours(report)
    plan = report.plan
    limit = report.now + timedelta(days=days) if days > 0 else None
    entries: list[tuple[datetime, datetime, Text]] = []
    for block in plan.blocks:
        if limit is not None and block.start >= limit:
            continue
        job = report.jobs[block.job_id] if block.job_id else None
        client = report.clients[block.client_id] if block.client_id else None
        colour = colours.get(block.client_id or "", "white")
        text = Text("■ ", style=colour)
        text.append(client.name if client else "", style=f"bold {colour}")
        if job:
            text.append(f" — {job.title}")
        if block.kind.value == "meeting":
            text.append(f" ({label('meeting', lang)})", style="italic")
        entries.append((block.start, block.end, text))
    for busy in plan.busy:
        if limit is not None and busy.start >= limit:
            continue
        entries.append(
            (busy.start, busy.end, Text(f"· {label('busy', lang)}: {busy.summary}", style="dim"))
        )
    entries.sort(key=lambda e: (e[0], e[1]))
    current_day = None
    for start, end, text in entries:
        local = start.astimezone(tz)
        if local.date() != current_day:
            current_day = local.date()
            console.print()
            heading = format_day(local, lang)
            console.print(Text(heading[:1].upper() + heading[1:], style="bold underline"))
        span = f"  {local:%H:%M}–{end.astimezone(tz):%H:%M}  "
        if end.astimezone(tz).date() != local.date():
            span = f"  {local:%H:%M}–{format_moment(end.astimezone(tz), lang)}  "
        console.print(Text(span).append_text(text))
    if not plan.blocks:
        console.print(label("nothing_planned", lang))
    hidden = sum(1 for b in plan.blocks if limit is not None and b.start >= limit)
    if hidden:
        more = (
            f"… {hidden} blocs de plus après ces {days} jours (--days 0 pour tout voir)"
            if lang == "fr"
            else f"… {hidden} more blocks after these {days} days (--days 0 shows all)"
        )
        console.print(Text(more, style="dim"))
    console.print()
    if not plan.pacing_kept:
        console.print(Text(label("pacing_dropped", lang), style="yellow"))
    if at_risk:
        show_risks(report)


def show_risks(report: PlanReport) -> None:
    """The late or unplaced jobs, hard deadlines first, each with its reason."""
    lang = report.language
    risks = report.at_risk()
    if not risks:
        console.print(Text(label("all_kept", lang), style="bold green"))
        return
    console.print(Text(label("at_risk", lang), style="bold red"))
    for outcome in risks:
        job = report.jobs[outcome.job_id]
        client = report.clients[job.client_id]
        kind = label(job.deadline.value, lang)
        finish = (
            format_moment(outcome.planned_finish, lang)
            if outcome.planned_finish
            else label("unplaced", lang)
        )
        line = Text("  ✗ ", style="red")
        line.append(f"{client.name} — {job.title}", style="bold")
        line.append(
            f" ({kind}; {label('due', lang)} {format_moment(outcome.due, lang)}; "
            f"{label('finish', lang)} {finish})"
        )
        console.print(line)
        reason = report.reason(outcome)
        if reason:
            console.print(Text(f"      {reason}", style="italic"))


def show_now(report: PlanReport, answer: NowAnswer) -> None:
    """What to work on now and until when, then what comes next."""
    lang = report.language

    def describe(block_job: str | None, client_id: str | None) -> str:
        job = report.jobs[block_job].title if block_job else ""
        client = report.clients[client_id].name if client_id else ""
        return f"{client} — {job}"

    if answer.current is not None and answer.until is not None:
        console.print(
            f"[bold]{label('now', lang)}:[/] "
            f"{describe(answer.current.job_id, answer.current.client_id)} "
            f"{label('until', lang)} {format_moment(answer.until, lang, with_date=False)}"
        )
    else:
        console.print(label("nothing_now", lang))
    if answer.upcoming:
        console.print(f"[bold]{label('next', lang)}:[/]")
        for block in answer.upcoming:
            console.print(
                f"  {format_moment(block.start, lang)}–{block.end:%H:%M}  "
                f"{describe(block.job_id, block.client_id)}"
            )


def now_to_json(report: PlanReport, answer: NowAnswer) -> dict[str, Any]:
    """The ``now --json`` answer: the current block (or null), until when, the next blocks."""
    from creneau.services.planning import plan_to_json

    blocks = {b["id"]: b for b in plan_to_json(report)["blocks"]}
    return {
        "now": report.now.isoformat(),
        "current": blocks[answer.current.id] if answer.current else None,
        "until": answer.until.isoformat() if answer.until else None,
        "next": [blocks[b.id] for b in answer.upcoming],
    }


def show_import(report: ImportReport) -> None:
    """What an import did, with its warnings."""
    console.print(
        f"{report.file}: {report.kind}: {report.created} new, {report.updated} updated"
        + (f", {report.removed} removed" if report.removed else "")
        + (
            f", {report.kept} stored events missing from this damaged file kept"
            if report.kept
            else ""
        )
    )
    for warning in report.warnings:
        err_console.print(f"  [yellow]warning:[/] {warning}")


_URL_PASSWORD = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*://[^/@:]*):[^/@]*@")
"""The password of a URL's userinfo (``scheme://user:password@host``, RFC 3986 §3.2.1)."""


def shown_setting(name: str, value: str) -> str:
    """A setting's value as printed: a password never, nor the password inside a URL.

    ``********`` for a ``*password``, ``*password_hash`` or ``*token`` setting;
    ``http://user:secret@host/`` shown as ``http://user:********@host/``; anything else
    as typed.
    """
    if name.strip().endswith(("password", "password_hash", "token")) and value:
        return "********"
    return _URL_PASSWORD.sub(r"\1:********@", value)


def show_settings(settings: Settings, held: Mapping[str, str] | None = None) -> None:
    """Every setting with its value and help, secrets masked (:func:`shown_setting`);
    ``held`` maps the secrets kept outside the database to where they are."""
    table = Table()
    table.add_column("setting", no_wrap=True)
    table.add_column("value")
    table.add_column("help")
    for spec in SPECS:
        value = shown_setting(spec.name, settings.raw[spec.name])  # a secret is never printed
        if held and spec.name in held and not settings.raw[spec.name]:
            value = f"******** ({held[spec.name]})"
        table.add_row(Text(spec.name), Text(value), Text(spec.help))  # as typed, no markup
    console.print(table)

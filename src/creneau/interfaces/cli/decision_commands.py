"""Her daily decisions: ``whatif``, ``promise``, ``risks``; her overrides: ``pin``,
``job wait``, ``job edit --after`` (the replan that follows every change is in
:mod:`creneau.interfaces.cli.replanning`)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import typer
from rich.text import Text

from creneau.domain.errors import InputError
from creneau.domain.models import Deadline, JobKind
from creneau.interfaces.cli import formatters as out
from creneau.interfaces.cli.parsing import parse_due, parse_effort
from creneau.interfaces.cli.replanning import changed, show_replanned
from creneau.interfaces.cli.state import CliState, state
from creneau.services import overrides
from creneau.services.decision_messages import say
from creneau.services.messages import format_moment
from creneau.services.planning import PlanReport
from creneau.services.promise import PromiseAnswer, promise, promise_to_json
from creneau.services.risks import Risk, risks, risks_to_json
from creneau.services.whatif import WhatIfAnswer, what_if, what_if_to_json

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON (a stable schema).")]
pin_app = typer.Typer(help="Blocks you place yourself: the plan works around them.")


def _whatif_show(answer: WhatIfAnswer, lang: str) -> None:
    out.console.print(Text(answer.sentence, style="bold green" if answer.possible else "bold red"))
    if answer.moves:
        out.console.print(say("moves_title" if answer.possible else "moves_title_safe", lang))
        for move in answer.moves:
            before = format_moment(move.before, lang) if move.before else "—"
            after = format_moment(move.after, lang) if move.after else "—"
            flag = " ✗" if move.late_after and not move.late_before else ""
            out.console.print(f"  {move.client} — {move.title}: {before} → {after}{flag}")


def _risks_show(found: list[Risk], lang: str) -> None:
    if not found:
        out.console.print(Text(say("no_risk", lang), style="bold green"))
        return
    out.console.print(Text(say("risks_title", lang), style="bold red"))
    for risk in found:
        mark = "✗" if risk.late else "!"
        due = format_moment(risk.due, lang)
        finish = format_moment(risk.finish, lang) if risk.finish else "—"
        line = Text(f"  {mark} ", style="red" if risk.late else "yellow")
        line.append(f"{risk.client} — {risk.title}", style="bold")
        line.append(f" ({say(risk.deadline.value, lang)}; {due} → {finish})")
        out.console.print(line)
        out.console.print(Text(f"      {risk.reason}", style="italic"))
        for option in risk.options:
            out.console.print(f"      → {option.text}")


def show_plan_risks(st: CliState, report: PlanReport) -> None:
    """The at-risk section printed last by ``creneau plan``."""
    services = st.services()
    found = risks(services, report.now, report)
    _risks_show(found, report.language)


def _due_option(text: str, st: CliState) -> Any:
    return parse_due(text, st.services().settings().tz)


def register(app: typer.Typer) -> None:
    """Add ``whatif``, ``promise``, ``risks`` and ``pin`` to ``app``."""

    @app.command("whatif")
    def whatif_command(
        ctx: typer.Context,
        client: Annotated[str, typer.Argument(help="Client id or unique part of the name.")],
        effort: Annotated[str, typer.Argument(help="Effort: 2h, 1h30, 90m, 1.5.")],
        due: Annotated[str, typer.Option("--due", help="Wanted date (2026-12-04) or date-time.")],
        soft: Annotated[bool, typer.Option("--soft", help="A target, not a promise.")] = False,
        meeting: Annotated[bool, typer.Option("--meeting", help="A meeting.")] = False,
        title: Annotated[str | None, typer.Option("--title")] = None,
        as_json: JsonFlag = False,
    ) -> None:
        """Can I take this job by that date? Nothing is stored."""
        st = state(ctx)
        services = st.services()
        settings = services.settings()
        answer = what_if(
            services,
            st.now(settings.tz),
            client,
            parse_effort(effort, "EFFORT"),
            _due_option(due, st),
            title=title,
            kind=JobKind.MEETING if meeting else JobKind.WORK,
            deadline=Deadline.SOFT if soft else Deadline.HARD,
        )
        if as_json:
            out.print_json(what_if_to_json(answer))
        else:
            _whatif_show(answer, settings.language)

    @app.command("promise")
    def promise_command(
        ctx: typer.Context,
        client: Annotated[str, typer.Argument(help="Client id or unique part of the name.")],
        effort: Annotated[str, typer.Argument(help="Your estimate: 10h, 1h30, 1.5.")],
        meeting: Annotated[bool, typer.Option("--meeting", help="A meeting.")] = False,
        title: Annotated[str | None, typer.Option("--title")] = None,
        as_json: JsonFlag = False,
    ) -> None:
        """What delivery date can I safely promise? Nothing is stored."""
        st = state(ctx)
        services = st.services()
        settings = services.settings()
        answer: PromiseAnswer = promise(
            services,
            st.now(settings.tz),
            client,
            parse_effort(effort, "EFFORT"),
            title=title,
            kind=JobKind.MEETING if meeting else JobKind.WORK,
        )
        if as_json:
            out.print_json(promise_to_json(answer))
        else:
            out.console.print(Text(answer.sentence, style="bold"))

    @app.command("risks")
    def risks_command(ctx: typer.Context, as_json: JsonFlag = False) -> None:
        """Which promises are at risk, why, and what can be done."""
        st = state(ctx)
        services = st.services()
        settings = services.settings()
        found = risks(services, st.now(settings.tz))
        if as_json:
            out.print_json(risks_to_json(found))
        else:
            _risks_show(found, settings.language)

    @pin_app.command("add")
    def pin_add(
        ctx: typer.Context,
        job: Annotated[str, typer.Argument(help="Job id or unique part of the title.")],
        start: Annotated[str, typer.Argument(help="Start: 2026-12-01T09:00 (local time).")],
        end: Annotated[str, typer.Argument(help="End: 2026-12-01T11:00, or 11:00.")],
    ) -> None:
        """Pin a block: it stays where you put it, the rest plans around it."""
        st = state(ctx)
        services, begin, finish = _span(st, start, end)
        now = st.now(services.settings().tz)
        pin, report = changed(st, lambda: overrides.pin_block(services, job, begin, finish, now))
        lang = services.settings().language
        out.console.print(
            f"{pin.job_id}  {pin.start:%Y-%m-%d %H:%M}–{pin.end:%H:%M}: {say('pinned', lang)}"
        )
        show_replanned(report)

    @pin_app.command("remove")
    def pin_remove(
        ctx: typer.Context,
        job: Annotated[str, typer.Argument(help="Job id or unique part of the title.")],
        start: Annotated[str, typer.Argument(help="Start of the pinned block.")],
        end: Annotated[str, typer.Argument(help="End of the pinned block.")],
    ) -> None:
        """Unpin a block."""
        st = state(ctx)
        services, begin, finish = _span(st, start, end)
        _none, report = changed(st, lambda: overrides.unpin_block(services, job, begin, finish))
        out.console.print(say("unpinned", services.settings().language))
        show_replanned(report)

    @pin_app.command("list")
    def pin_list(ctx: typer.Context, as_json: JsonFlag = False) -> None:
        """Every pinned block."""
        services = state(ctx).services()
        tz = services.settings().tz
        pins = overrides.list_pins(services)
        if as_json:
            out.print_json(
                {
                    "pins": [
                        {
                            "job_id": pin.job_id,
                            "job": title,
                            "start": pin.start.astimezone(tz).isoformat(),
                            "end": pin.end.astimezone(tz).isoformat(),
                        }
                        for pin, title in pins
                    ]
                }
            )
            return
        for pin, title in pins:
            out.console.print(
                f"{pin.job_id}  {pin.start.astimezone(tz):%Y-%m-%d %H:%M}–"
                f"{pin.end.astimezone(tz):%H:%M}  {title}"
            )

    app.add_typer(pin_app, name="pin")


def _span(st: CliState, start: str, end: str) -> tuple[Any, datetime, datetime]:
    """The services and a pinned block's start and end, from the command's arguments."""
    services = st.services()
    tz = services.settings().tz
    begin = _moment(start, tz, None, "START")
    return services, begin, _moment(end, tz, begin, "END")


def _moment(text: str, tz: Any, day_of: datetime | None, option: str) -> datetime:
    """A local date-time; ``HH:MM`` alone means that time on ``day_of``'s date."""
    raw = text.strip()
    if day_of is not None and len(raw) <= 5 and ":" in raw:
        raw = f"{day_of.astimezone(tz):%Y-%m-%d}T{raw}"
    value = parse_due(raw, tz, option)
    if not isinstance(value, datetime):
        raise InputError(f"give a date and a time: '{text}' (e.g. 2026-12-01T09:00)", field=option)
    return value

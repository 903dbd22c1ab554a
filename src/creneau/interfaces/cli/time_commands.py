"""The time she spends: ``start``, ``stop``, ``log``, ``entries``, ``entry edit/delete``
and ``estimates``. Every change of time spent replans at once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, time
from typing import Annotated, TypeVar
from zoneinfo import ZoneInfo

import typer
from rich.table import Table
from rich.text import Text

from creneau.domain.durations import format_minutes, parse_duration_minutes
from creneau.domain.errors import EstimateUsed, InputError, TimerNeedsConfirmation
from creneau.domain.models import Job, TimeEntry
from creneau.interfaces.cli import formatters as out
from creneau.interfaces.cli.parsing import parse_date, parse_due
from creneau.interfaces.cli.prompts import (
    ask_timer,
    ask_work_left,
    on_terminal,
    parse_clock,
)
from creneau.interfaces.cli.replanning import changed, show_replanned
from creneau.interfaces.cli.state import state
from creneau.services import timesheet
from creneau.services.estimates import EstimatesReport, estimates, estimates_to_json
from creneau.services.messages import format_moment, label
from creneau.services.time_messages import column, number, tell

_T = TypeVar("_T")
JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON (a stable schema).")]
RemainingOpt = Annotated[
    str | None,
    typer.Option("--remaining", help="The work left on the job after this (e.g. 2h)."),
]
NoteOpt = Annotated[str | None, typer.Option("--note", help="Free text.")]
entry_app = typer.Typer(help="Time entries: edit, delete.", no_args_is_help=True)


@dataclass(frozen=True, slots=True)
class _Answers:
    """What she said about a suspicious timer or an overrun (options or prompts)."""

    confirm: bool = False
    end: datetime | time | None = None
    minutes: int | None = None
    remaining: int | None = None
    done: bool = False


def _answering(
    call: Callable[[_Answers], _T],
    answers: _Answers,
    language: str,
    tz: ZoneInfo,
    *,
    from_start: bool = False,
    stopping: bool = False,
) -> _T:
    """Run a time change; when it needs her word, ask on a terminal and run it again, or
    refuse naming the options (nothing is stored until it succeeds)."""
    while True:
        try:
            return call(answers)
        except TimerNeedsConfirmation as exc:
            if not on_terminal():
                values = {
                    "job": exc.title,
                    "start": exc.start.astimezone(tz),
                    "why": tell(f"why_{exc.reason}", language),
                    "minutes": exc.minutes,
                }
                key = "refuse_timer_start" if from_start else "refuse_timer"
                raise InputError(tell(key, language, **values), field="--yes") from exc
            confirm, end, minutes = ask_timer(exc, language, tz)
            answers = replace(answers, confirm=confirm, end=end, minutes=minutes)
        except EstimateUsed as exc:
            overrun = tell(
                "overrun_re_estimate" if exc.re_estimate_used else "overrun",
                language,
                job=exc.title,
                spent=exc.spent_minutes,
                effort=exc.effort_minutes,
            )
            if not on_terminal():
                key = "refuse_overrun_start" if from_start else "refuse_overrun"
                key = "refuse_overrun_stop" if stopping else key
                raise InputError(tell(key, language, overrun=overrun), field="--remaining") from exc
            left = ask_work_left(f"{overrun}.", language, allow_done=stopping)
            # "0": finished (an answer only when stopping a timer)
            answers = replace(answers, done=True) if left == 0 else replace(answers, remaining=left)


def _duration(text: str | None, option: str, *, allow_zero: bool = False) -> int | None:
    if text is None:
        return None
    return parse_duration_minutes(text, field=option, allow_zero=allow_zero)


def _moment(text: str | None, tz: ZoneInfo, option: str) -> datetime | time | None:
    """``HH:MM`` (or ``14h30``) as a local time, or a date-time (``2026-12-01T18:00``)."""
    if text is None:
        return None
    if "T" not in text and " " not in text.strip() and "-" not in text:
        return parse_clock(text, option)
    value = parse_due(text, tz, option)
    if not isinstance(value, datetime):
        raise InputError(
            f"give a time (18:00) or a date and time (2026-12-01T18:00): '{text}'", field=option
        )
    return value


def _span(entry: TimeEntry, tz: ZoneInfo, language: str) -> str:
    start = entry.start.astimezone(tz)
    if entry.end is None:
        return format_moment(start, language)
    end = entry.end.astimezone(tz)
    same_day = end.date() == start.date()
    return (
        f"{format_moment(start, language)}–{format_moment(end, language, with_date=not same_day)}"
    )


def _progress(job: Job, language: str) -> str:
    if job.status.is_open:
        return tell(
            "progress",
            language,
            spent=job.spent_minutes,
            effort=job.effort_minutes,
            left=job.remaining_effort_minutes,
        )
    return tell(
        "progress_closed",
        language,
        spent=job.spent_minutes,
        effort=job.effort_minutes,
        status=label(f"status_{job.status.value}", language),
    )


def _show_recorded(key: str, recorded: timesheet.Recorded, tz: ZoneInfo, language: str) -> None:
    entry = recorded.entry
    line = tell(
        key,
        language,
        id=entry.id,
        job=recorded.job.title,
        minutes=abs(recorded.minutes) if key == "deleted" else entry.minutes,
        span=_span(entry, tz, language),
        since=format_moment(entry.start.astimezone(tz), language),
    )
    out.console.print(line, markup=False)
    out.console.print(_progress(recorded.job, language), markup=False)


def show_entries(lines: list[timesheet.EntryLine], tz: ZoneInfo, language: str) -> None:
    """A table of time entries with their ids, then the total."""
    if not lines:
        out.console.print(tell("no_entries", language))
        return
    table = Table()
    for key in ("id", "day", "time", "duration", "job", "client", "source", "note"):
        table.add_column(column(key, language))
    for line in lines:
        start = line.entry.start.astimezone(tz)
        if line.entry.end is None:
            hours = f"{start:%H:%M}–… ({tell('running', language)})"
        else:
            end = line.entry.end.astimezone(tz)
            hours = f"{start:%H:%M}–{end:%H:%M}" + ("" if end.date() == start.date() else " +1")
        table.add_row(
            line.entry.id,
            start.date().isoformat(),
            hours,
            format_minutes(line.minutes),
            Text(line.job.title),  # her words, never read as Rich markup
            Text(line.client.name),
            column(line.entry.source, language),
            Text(line.entry.note),
        )
    out.console.print(table)
    out.console.print(
        tell("total", language, minutes=sum(line.minutes for line in lines)), markup=False
    )


def show_estimates(report: EstimatesReport) -> None:
    """The calibration: overall, per client, per tag."""
    lang = report.language
    cal = report.calibration
    out.console.print(tell("estimates_title", lang), style="bold")
    if cal.jobs == 0:
        out.console.print(tell("estimates_none", lang))
    else:
        out.console.print(
            tell(
                "overall",
                lang,
                jobs=cal.jobs,
                ratio=cal.mean_ratio,
                factor=cal.margin,
                factor_90=cal.margin_90,
            )
        )
    for title, rows in (
        ("per_client", [(name, group) for name, group in report.clients()]),
        ("per_tag", [(group.label, group) for group in report.tags()]),
    ):
        if not rows:
            continue
        table = Table(title=tell(title, lang), title_justify="left")
        first = "name" if title == "per_client" else "tag"
        for key in (first, "jobs", "ratio", "credibility", "factor"):
            table.add_column(column(key, lang))
        for name, group in rows:
            table.add_row(
                Text(name),
                str(group.jobs),
                number(group.mean_ratio, lang),
                number(group.credibility, lang),
                number(group.factor, lang),
            )
        out.console.print(table)
    out.console.print(
        tell("calibrated_on" if report.calibrated_efforts else "calibrated_off", lang),
        style="dim",
    )


def register(app: typer.Typer) -> None:
    """Add ``start``, ``stop``, ``log``, ``entries``, ``entry`` and ``estimates`` to ``app``."""

    @app.command("start")
    def start(
        ctx: typer.Context,
        job: Annotated[str, typer.Argument(help="Job id or unique part of the title.")],
        note: NoteOpt = None,
    ) -> None:
        """Start the timer on a job (a timer running on another job is stopped first)."""
        st = state(ctx)
        services = st.services()
        settings = services.settings()
        tz, lang = settings.tz, settings.language
        now = st.now(tz)

        def call(a: _Answers) -> timesheet.Started:
            return timesheet.start_timer(
                services, job, now, note=note or "", confirm=a.confirm, end=a.end,
                minutes=a.minutes, remaining=a.remaining,
            )  # fmt: skip

        started, report = changed(
            st, lambda: _answering(call, _Answers(), lang, tz, from_start=True)
        )
        if started.stopped is not None:
            _show_recorded("stopped", started.stopped, tz, lang)
        client = report.clients[started.job.client_id].name
        if started.already:
            since = format_moment(started.entry.start.astimezone(tz), lang)
            out.console.print(
                tell("already", lang, job=started.job.title, since=since), markup=False
            )
        else:
            at = format_moment(now, lang)
            out.console.print(
                tell("started", lang, job=started.job.title, client=client, at=at), markup=False
            )
        show_replanned(report)

    @app.command("stop")
    def stop(
        ctx: typer.Context,
        yes: Annotated[
            bool,
            typer.Option("--yes", "-y", help="Count a timer left over midnight or 10 hours."),
        ] = False,
        end: Annotated[
            str | None,
            typer.Option("--end", help="The real end: 18:00 (after the start) or a date-time."),
        ] = None,
        duration: Annotated[
            str | None,
            typer.Option("--duration", "--minutes", help="The real time worked (e.g. 1h30)."),
        ] = None,
        remaining: RemainingOpt = None,
        done: Annotated[
            bool,
            typer.Option("--done", help="The job is finished: mark it done as the timer stops."),
        ] = False,
    ) -> None:
        """Stop the timer: its time is added to the job's time spent (--done: and the job
        is finished)."""
        st = state(ctx)
        services = st.services()
        settings = services.settings()
        tz, lang = settings.tz, settings.language
        now = st.now(tz)
        answers = _Answers(
            confirm=yes,
            end=_moment(end, tz, "--end"),
            minutes=_duration(duration, "--duration"),
            remaining=_duration(remaining, "--remaining", allow_zero=True),
        )

        def call(a: _Answers) -> timesheet.Recorded:
            return timesheet.stop_timer(
                services, now, confirm=a.confirm, end=a.end, minutes=a.minutes,
                remaining=a.remaining, done=done or a.done,
            )  # fmt: skip

        recorded, report = changed(st, lambda: _answering(call, answers, lang, tz, stopping=True))
        _show_recorded("stopped", recorded, tz, lang)
        show_replanned(report)

    @app.command("log", context_settings={"ignore_unknown_options": True})
    def log(
        ctx: typer.Context,
        job: Annotated[str, typer.Argument(help="Job id or unique part of the title.")],
        duration: Annotated[str, typer.Argument(help="Time worked: 1h30, 90m, 1.5.")],
        on: Annotated[
            str | None, typer.Option("--on", help="The day worked (default today).")
        ] = None,
        at: Annotated[
            str | None,
            typer.Option("--at", help="When it started (default: your first working period)."),
        ] = None,
        note: NoteOpt = None,
        remaining: RemainingOpt = None,
    ) -> None:
        """Log time worked on a job afterwards."""
        st = state(ctx)
        services = st.services()
        settings = services.settings()
        tz, lang = settings.tz, settings.language
        now = st.now(tz)
        minutes = parse_duration_minutes(duration, field="DURATION", allow_zero=False)
        day = parse_date(on, "--on") if on is not None else None
        clock = parse_clock(at, "--at") if at is not None else None
        answers = _Answers(remaining=_duration(remaining, "--remaining", allow_zero=True))

        def call(a: _Answers) -> timesheet.Recorded:
            return timesheet.log_time(
                services, job, minutes, now, on=day, at=clock, note=note or "",
                remaining=a.remaining,
            )  # fmt: skip

        recorded, report = changed(st, lambda: _answering(call, answers, lang, tz))
        _show_recorded("logged", recorded, tz, lang)
        show_replanned(report)

    @app.command("entries")
    def entries(
        ctx: typer.Context,
        job: Annotated[
            str | None, typer.Argument(help="Only this job's entries (id or part of the title).")
        ] = None,
        as_json: JsonFlag = False,
    ) -> None:
        """List time entries (ids first: use them with 'entry edit' and 'entry delete')."""
        st = state(ctx)
        services = st.services()
        settings = services.settings()
        lines = timesheet.list_entries(services, st.now(settings.tz), job)
        if as_json:
            out.print_json(timesheet.entries_to_json(lines, settings.tz))
        else:
            show_entries(lines, settings.tz, settings.language)

    @entry_app.command("edit")
    def entry_edit(
        ctx: typer.Context,
        entry: Annotated[str, typer.Argument(help="The entry's id (see 'creneau entries').")],
        start: Annotated[
            str | None, typer.Option("--start", help="New start: 09:00 (same day) or date-time.")
        ] = None,
        end: Annotated[
            str | None, typer.Option("--end", help="New end: 18:00 (after the start) or date-time.")
        ] = None,
        duration: Annotated[
            str | None, typer.Option("--duration", help="New duration from the start (1h30).")
        ] = None,
        note: NoteOpt = None,
        remaining: RemainingOpt = None,
    ) -> None:
        """Change a time entry (the job's time spent changes by the difference)."""
        st = state(ctx)
        services = st.services()
        settings = services.settings()
        tz, lang = settings.tz, settings.language
        now = st.now(tz)
        new_start = _moment(start, tz, "--start")
        new_end = _moment(end, tz, "--end")
        minutes = _duration(duration, "--duration")
        answers = _Answers(remaining=_duration(remaining, "--remaining", allow_zero=True))

        def call(a: _Answers) -> timesheet.Recorded:
            return timesheet.edit_entry(
                services, entry, now, start=new_start, end=new_end, minutes=minutes, note=note,
                remaining=a.remaining,
            )  # fmt: skip

        recorded, report = changed(st, lambda: _answering(call, answers, lang, tz))
        key = "edited_running" if recorded.entry.running else "edited"
        _show_recorded(key, recorded, tz, lang)
        show_replanned(report)

    @entry_app.command("delete")
    def entry_delete(
        ctx: typer.Context,
        entry: Annotated[str, typer.Argument(help="The entry's id (see 'creneau entries').")],
    ) -> None:
        """Delete a time entry (its time is taken off the job's time spent)."""
        st = state(ctx)
        services = st.services()
        settings = services.settings()
        recorded, report = changed(st, lambda: timesheet.delete_entry(services, entry))
        _show_recorded("deleted", recorded, settings.tz, settings.language)
        show_replanned(report)

    @app.command("estimates")
    def estimates_command(ctx: typer.Context, as_json: JsonFlag = False) -> None:
        """How your estimates drift: actual / estimate overall, per client and per tag."""
        report = estimates(state(ctx).services())
        if as_json:
            out.print_json(estimates_to_json(report))
        else:
            show_estimates(report)

    app.add_typer(entry_app, name="entry")

"""Questions asked on a terminal when a change needs her word: the work left on a job
over its estimate, a timer left running. Without a terminal the commands refuse instead,
naming the options that give the answer."""

from __future__ import annotations

import re
import sys
from datetime import datetime, time
from zoneinfo import ZoneInfo

import typer

from creneau.domain.durations import parse_duration_minutes
from creneau.domain.errors import InputError, TimerNeedsConfirmation
from creneau.interfaces.cli import formatters as out
from creneau.services.time_messages import tell

ATTEMPTS = 3
"""A question is asked again after an answer it cannot read, this many times in all."""

_CLOCK = re.compile(r"^\s*(\d{1,2})\s*(?::|h|H)\s*(\d{2})?\s*$")


def on_terminal() -> bool:
    """Whether someone can answer a question (standard input is a terminal)."""
    return sys.stdin.isatty()


def parse_clock(text: str, option: str) -> time:
    """A local time: ``14:30``, ``9:05``, or the French ``14h30`` / ``9h``.

    Raises:
        InputError: naming ``option``.
    """
    match = _CLOCK.match(text)
    if match:
        hours, minutes = int(match.group(1)), int(match.group(2) or 0)
        if hours < 24 and minutes < 60:
            return time(hours, minutes)
    raise InputError(f"not a time of day: '{text}' (write 14:30)", field=option)


_YES = frozenset({"y", "yes", "o", "oui"})
_NO = frozenset({"n", "no", "non", ""})


def ask_yes_no(question: str, language: str) -> bool:
    """Ask a yes-or-no question; no is the default (an empty answer).

    Reads ``y``/``yes`` and the French ``o``/``oui`` as yes, ``n``/``no``/``non`` as no
    (any case); asks again after anything else, :data:`ATTEMPTS` times in all, then takes
    it as no.

    Raises:
        InputError: no terminal to ask on (field ``--yes``: the option that answers yes).
    """
    if not on_terminal():
        raise InputError(tell("confirm_with_yes", language, question=question), field="--yes")
    for _attempt in range(ATTEMPTS):
        answer = typer.prompt(
            f"{question} {tell('yes_no_hint', language)}", default="", show_default=False
        )
        word = answer.strip().lower()
        if word in _YES:
            return True
        if word in _NO:
            return False
        out.err_console.print(tell("yes_no_again", language), markup=False)
    return False


def refuse_deletion(language: str) -> typer.Exit:
    """Say that nothing was deleted; the exit (code 1) to raise after a "no"."""
    out.err_console.print(tell("nothing_deleted", language), markup=False)
    return typer.Exit(1)


def refuse_change(language: str) -> typer.Exit:
    """Say that nothing was changed; the exit (code 1) to raise after a "no"."""
    out.err_console.print(tell("nothing_changed", language), markup=False)
    return typer.Exit(1)


def ask_work_left(question: str, language: str, *, allow_done: bool = False) -> int:
    """Ask for the work left on a job (minutes > 0: a finished job is marked done, not
    given 0 left), after saying why; with ``allow_done``, 0 is an answer: the job is
    finished (the caller marks it done).

    Raises:
        InputError: no readable answer after :data:`ATTEMPTS` tries (field ``--remaining``).
    """
    out.console.print(question, markup=False)
    for attempt in range(ATTEMPTS):
        answer = typer.prompt(tell("ask_left_or_done" if allow_done else "ask_left", language))
        try:
            minutes = parse_duration_minutes(answer, field="--remaining")
            if minutes == 0 and allow_done:
                return 0
            if minutes == 0:
                raise InputError(tell("left_zero", language), field="--remaining")
            return minutes
        except InputError as exc:
            if attempt == ATTEMPTS - 1:
                raise
            out.err_console.print(str(exc), markup=False)
    raise AssertionError("unreachable")  # pragma: no cover


def ask_timer(
    exc: TimerNeedsConfirmation, language: str, tz: ZoneInfo
) -> tuple[bool, time | datetime | None, int | None]:
    """Ask whether a suspicious timer counts as it is, else for its real end or duration.

    Returns:
        ``(confirm, end, minutes)``: ``(True, None, None)`` to count it all; else the end
        (a local time, its first occurrence after the start) or the minutes worked.

    Raises:
        InputError: no readable answer after :data:`ATTEMPTS` tries (field ``--end``).
    """
    question = tell(
        "timer_question",
        language,
        job=exc.title,
        start=exc.start.astimezone(tz),
        why=tell(f"why_{exc.reason}", language),
        minutes=exc.minutes,
    )
    if ask_yes_no(question, language):
        return True, None, None
    for attempt in range(ATTEMPTS):
        answer = typer.prompt(tell("ask_end", language))
        try:
            if ":" in answer:
                return False, parse_clock(answer, "--end"), None
            return False, None, parse_duration_minutes(answer, field="--duration")
        except InputError as error:
            if attempt == ATTEMPTS - 1:
                raise
            out.err_console.print(str(error), markup=False)
    raise AssertionError("unreachable")  # pragma: no cover

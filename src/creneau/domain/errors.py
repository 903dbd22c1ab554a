"""Error types shared by every layer.

One root, :class:`CreneauError`; subclasses carry structured fields so that the CLI can
map them to exit codes and the web app to HTTP statuses, each in one place.
"""

from __future__ import annotations

from datetime import datetime


class CreneauError(Exception):
    """Root of every error that is the user's to fix (never a bug).

    Args:
        message: a sentence in plain words, in English (interfaces may translate it).
    """

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputError(CreneauError):
    """Bad input in a file, a command-line argument or a form field.

    Args:
        message: what is wrong, in plain words.
        file: the file name, when the input came from a file.
        line: the 1-based line number in that file, when known.
        field: the column, property or argument name, when known.
        value: the offending value as text, when useful.
    """

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        field: str | None = None,
        value: str | None = None,
    ) -> None:
        super().__init__(message)
        self.file = file
        self.line = line
        self.field = field
        self.value = value

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(self.file)
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.field:
            where.append(f"field '{self.field}'")
        prefix = ", ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message


class EstimateUsed(InputError):
    """An open job has used up its estimate: the work left must be given (``--remaining``).

    Args:
        message: what happened, in plain words.
        job_id: the job.
        spent_minutes, effort_minutes: time spent and the estimate, in minutes.
        title: the job's title (for messages).
        re_estimate_used: the work left she had given (a re-estimate) is used up, rather
            than the estimate itself.
    """

    def __init__(
        self,
        message: str,
        *,
        job_id: str,
        spent_minutes: int,
        effort_minutes: int,
        title: str = "",
        re_estimate_used: bool = False,
    ) -> None:
        super().__init__(message, field="--remaining")
        self.job_id = job_id
        self.spent_minutes = spent_minutes
        self.effort_minutes = effort_minutes
        self.title = title
        self.re_estimate_used = re_estimate_used


class TimerNeedsConfirmation(InputError):
    """A timer ran over local midnight or longer than the longest plausible stretch: it is
    not counted without her word (``--yes``, or the real end or duration).

    Args:
        message: what happened, in plain words.
        entry_id: the running entry.
        job_id, title: its job.
        start, end: the timer's start and the end it would get (aware datetimes).
        minutes: the minutes it would count.
        reason: ``"midnight"`` (it ran over local midnight) or ``"long"`` (too long).
    """

    def __init__(
        self,
        message: str,
        *,
        entry_id: str,
        job_id: str,
        title: str,
        start: datetime,
        end: datetime,
        minutes: int,
        reason: str,
    ) -> None:
        super().__init__(message, field="--yes")
        self.entry_id = entry_id
        self.job_id = job_id
        self.title = title
        self.start = start
        self.end = end
        self.minutes = minutes
        self.reason = reason


class ImportFailed(CreneauError):
    """An import was refused as a whole; nothing was stored.

    Args:
        file: the file name.
        errors: every problem found, each an :class:`InputError` with its line and field.
    """

    exit_code = 2

    def __init__(self, file: str, errors: list[InputError]) -> None:
        count = len(errors)
        super().__init__(f"{file}: {count} error{'s' if count != 1 else ''}, nothing was imported")
        self.file = file
        self.errors = errors

    def __str__(self) -> str:
        lines = [self.message, *(f"  {e}" for e in self.errors)]
        return "\n".join(lines)


class NotFoundError(CreneauError):
    """No client or job (or other stored value) matches what the user typed.

    Args:
        what: what was looked for: "client", "job", "time entry", "invoice"...
        query: what the user typed.
    """

    exit_code = 3

    def __init__(self, what: str, query: str) -> None:
        super().__init__(f"no {what} matches '{query}'")
        self.what = what
        self.query = query


class AmbiguousError(CreneauError):
    """Several clients or jobs match what the user typed.

    Args:
        what: "client" or "job".
        query: what the user typed.
        candidates: ``(id, name)`` pairs of every match.
    """

    exit_code = 3

    def __init__(self, what: str, query: str, candidates: list[tuple[str, str]]) -> None:
        listed = "; ".join(f"{cid} {name}" for cid, name in candidates)
        super().__init__(f"'{query}' matches several {what}s: {listed}")
        self.what = what
        self.query = query
        self.candidates = candidates


class ServiceUnavailable(CreneauError):
    """An online service (address lookup, routing server) could not be reached or refused.

    Nothing was stored or changed because of it; the message says what to do instead.

    Args:
        message: what failed, in plain words.
        service: the service's name (``BAN``, ``Nominatim``, ``OSRM``...).
        detail: the underlying reason (time-out, connection refused, HTTP status), as text.
        answered: True when the service answered, with an error (no route for this trip,
            say), False when it could not be reached at all.
    """

    exit_code = 1

    def __init__(
        self, message: str, *, service: str, detail: str = "", answered: bool = False
    ) -> None:
        super().__init__(message)
        self.service = service
        self.detail = detail
        self.answered = answered

"""Parsing of CLI option values into domain values, with errors naming the option."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from creneau.domain.durations import parse_duration_minutes
from creneau.domain.errors import InputError
from creneau.domain.models import ClientKind, Deadline, JobKind, JobStatus

CLIENT_KINDS = {
    "business": ClientKind.BUSINESS,
    "professionnel": ClientKind.BUSINESS,
    "pro": ClientKind.BUSINESS,
    "individual": ClientKind.INDIVIDUAL,
    "particulier": ClientKind.INDIVIDUAL,
}


def parse_date(text: str, option: str) -> date:
    """An ISO date (``2026-12-04``), years 1970 to 2200.

    Raises:
        InputError: naming ``option``: not a date, or out of that range.
    """
    try:
        day = date.fromisoformat(text.strip())
    except ValueError as exc:
        raise InputError(f"not a date: '{text}' (write 2026-12-04)", field=option) from exc
    if not 1970 <= day.year <= 2200:
        raise InputError(f"'{text}' is out of range (years 1970 to 2200)", field=option)
    return day


def parse_due(text: str, tz: ZoneInfo, option: str = "--due") -> date | datetime:
    """A due date (``2026-12-04``) or local date-time (``2026-12-04T12:00``, offset optional)."""
    raw = text.strip()
    if "T" not in raw and " " not in raw:
        return parse_date(raw, option)
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError as exc:
        raise InputError(
            f"not a date or date-time: '{text}' (write 2026-12-04 or 2026-12-04T12:00)",
            field=option,
        ) from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=tz)


AMOUNT = re.compile(r"[0-9]+(\.[0-9]*)?|\.[0-9]+")
"""An amount as typed: digits, at most one decimal point."""


def parse_money(text: str, option: str) -> Decimal:
    """A non-negative amount in euros (``65``, ``65.50``, ``65,50``): digits with at most
    one decimal separator; ``nan``, ``inf``, exponents and underscores are refused."""
    cleaned = text.strip().replace("€", "").strip().replace(",", ".")
    if cleaned.startswith("-") and AMOUNT.fullmatch(cleaned[1:]):
        raise InputError(f"must not be negative: '{text}'", field=option)
    if not AMOUNT.fullmatch(cleaned):
        raise InputError(f"not an amount: '{text}' (write 65, 65.50 or 65,50)", field=option)
    try:
        return Decimal(cleaned)
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits decimals only
        raise InputError(f"not an amount: '{text}'", field=option) from exc


def parse_effort(text: str, option: str = "--effort") -> int:
    """A positive duration (``2h``, ``1h30``, ``90m``, ``1.5``, ``1,5``) in minutes."""
    return parse_duration_minutes(text, field=option, allow_zero=False)


def parse_choice(text: str, option: str, choices: dict[str, object]) -> object:
    """One of ``choices`` (keys, case-insensitive)."""
    value = choices.get(text.strip().lower())
    if value is None:
        raise InputError(f"'{text}' is not one of {', '.join(sorted(choices))}", field=option)
    return value


DEADLINES: dict[str, object] = {
    "hard": Deadline.HARD,
    "soft": Deadline.SOFT,
    "ferme": Deadline.HARD,
    "souple": Deadline.SOFT,
}
JOB_KINDS: dict[str, object] = {"work": JobKind.WORK, "meeting": JobKind.MEETING}
STATUSES: dict[str, object] = {s.value: s for s in JobStatus}

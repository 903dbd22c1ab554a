"""The one parser of durations typed by people: ``1h30``, ``90m``, ``1.5``, ``1,5``.

A bare number is hours (decimal point or French decimal comma). ``h``/``m``/``min`` units may
be combined (``2h``, ``2h15``, ``2h15m``, ``45min``). Minutes after ``h`` must be below 60.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from creneau.domain.errors import InputError

_HOURS_MINUTES = re.compile(
    r"^(?:(?P<h>\d+(?:[.,]\d+)?)\s*h(?:\s*(?P<hm>\d{1,2})\s*(?:m|min)?)?|(?P<m>\d+)\s*(?:m|min|mn))$",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)?$")


def parse_duration_minutes(text: str, *, field: str = "duration", allow_zero: bool = True) -> int:
    """Parse a duration typed by a person into whole minutes.

    Args:
        text: ``"1h30"``, ``"90m"``, ``"45min"``, ``"1.5"`` or ``"1,5"`` (bare numbers are hours).
        field: the field name used in the error message.
        allow_zero: whether ``0`` is accepted.

    Returns:
        The duration in minutes, rounded to the nearest minute.

    Raises:
        InputError: when the text is empty, negative, malformed (``"1h75"``) or zero when
            ``allow_zero`` is false.
    """
    raw = text.strip()
    if raw.startswith("-"):
        raise InputError(f"a duration cannot be negative: '{text}'", field=field, value=text)
    minutes: Decimal
    if _NUMBER.match(raw):
        try:
            minutes = Decimal(raw.replace(",", ".")) * 60
        except InvalidOperation as exc:  # pragma: no cover - regex guarantees a number
            raise InputError(f"not a duration: '{text}'", field=field, value=text) from exc
    else:
        match = _HOURS_MINUTES.match(raw.replace(" ", ""))
        if not match:
            raise InputError(
                f"not a duration: '{text}' (write 1h30, 90m, 1.5 or 1,5)", field=field, value=text
            )
        if match.group("m") is not None:
            minutes = Decimal(match.group("m"))
        else:
            minutes = Decimal(match.group("h").replace(",", ".")) * 60
            extra = match.group("hm")
            if extra is not None:
                if int(extra) >= 60:
                    raise InputError(
                        f"not a duration: '{text}' (minutes after 'h' must be below 60)",
                        field=field,
                        value=text,
                    )
                minutes += int(extra)
    result = int(minutes.to_integral_value())
    if result == 0 and not allow_zero:
        raise InputError(f"a duration must be positive: '{text}'", field=field, value=text)
    return result


def parse_hours_minutes(text: str, *, field: str) -> int:
    """Parse a duration from a file cell: decimal hours (``"1.5"``, ``"0,75"``) or any form
    :func:`parse_duration_minutes` reads (``"1h30"``, ``"90m"``); empty means 0.

    Args:
        text: the cell's text.
        field: the column name used in the error message.

    Returns:
        Minutes, rounded to the nearest minute.

    Raises:
        InputError: when the text is negative or not a duration.
    """
    if not text.strip():
        return 0
    return parse_duration_minutes(text, field=field)


def format_minutes(minutes: int) -> str:
    """Format minutes as ``"2h30"``, ``"45m"`` or ``"3h"`` (the parser reads it back)."""
    sign = "-" if minutes < 0 else ""
    minutes = abs(minutes)
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return f"{sign}{hours}h{rest:02d}"
    if hours:
        return f"{sign}{hours}h"
    return f"{sign}{rest}m"

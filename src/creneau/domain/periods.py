"""Calendar periods of money reports: a month (``2026-11``), a quarter (``2026-Q4``) or a
span of days, each a closed range of local dates.

Pure standard library. A period is a :class:`Period` (first and last day, both included);
the parsers turn what the user typed into one, or raise an
:class:`~creneau.domain.errors.InputError` naming the option.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from creneau.domain.errors import InputError

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})-?[QqTt](\d)$")
YEARS = (1970, 2200)
"""Years a report period may fall in (as for ``--now``): anything else is a typo."""


@dataclass(frozen=True, slots=True)
class Period:
    """A range of local dates, both ends included.

    Args:
        first: the first day.
        last: the last day (``first <= last``).
        label: how the period is named: ``2026-11``, ``2026-Q4`` or ``2026-11-03..2026-11-20``.

    Raises:
        ValueError: when ``last`` is before ``first``.
    """

    first: date
    last: date
    label: str

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ValueError(f"period: {self.last} is before {self.first}")

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.first <= day <= self.last

    def months(self) -> Iterator[Period]:
        """The calendar months the period touches, each clipped to the period, in order."""
        start = self.first
        while start <= self.last:
            end = min(month_of(start).last, self.last)
            yield Period(start, end, f"{start.year:04d}-{start.month:02d}")
            start = end + timedelta(days=1)


def month_of(day: date) -> Period:
    """The calendar month holding ``day``.

    >>> month_of(date(2026, 2, 14))
    Period(first=datetime.date(2026, 2, 1), last=datetime.date(2026, 2, 28), label='2026-02')
    """
    first = day.replace(day=1)
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return Period(first, following - timedelta(days=1), f"{first.year:04d}-{first.month:02d}")


def quarter_of(day: date) -> Period:
    """The calendar quarter holding ``day`` (Q1 is January to March).

    >>> quarter_of(date(2026, 11, 30)).label
    '2026-Q4'
    """
    number = (day.month - 1) // 3 + 1
    first = date(day.year, 3 * number - 2, 1)
    last = month_of(date(day.year, 3 * number, 1)).last
    return Period(first, last, f"{day.year:04d}-Q{number}")


def _check_year(year: int, text: str, field: str) -> None:
    if not YEARS[0] <= year <= YEARS[1]:
        raise InputError(
            f"'{text}' is out of range (years {YEARS[0]} to {YEARS[1]})", field=field, value=text
        )


def parse_month(text: str, field: str = "--month") -> Period:
    """A month typed as ``YYYY-MM`` (``2026-12``).

    Raises:
        InputError: naming ``field``, when the text is not a month (``2026-13``).
    """
    match = _MONTH.fullmatch(text.strip())
    if match is None or not 1 <= int(match.group(2)) <= 12:
        raise InputError(
            f"not a month: '{text}' (write the year and month, e.g. 2026-12)",
            field=field,
            value=text,
        )
    _check_year(int(match.group(1)), text, field)
    return month_of(date(int(match.group(1)), int(match.group(2)), 1))


def parse_quarter(text: str, field: str = "--quarter") -> Period:
    """A quarter typed as ``YYYY-Qn`` (``2026-Q4``; ``2026-T4``, French *trimestre*, too).

    Raises:
        InputError: naming ``field``, when the text is not a quarter (``2026-Q5``).
    """
    match = _QUARTER.fullmatch(text.strip())
    if match is None or not 1 <= int(match.group(2)) <= 4:
        raise InputError(
            f"not a quarter: '{text}' (write the year and quarter 1 to 4, e.g. 2026-Q4)",
            field=field,
            value=text,
        )
    _check_year(int(match.group(1)), text, field)
    return quarter_of(date(int(match.group(1)), 3 * int(match.group(2)), 1))


def span(
    first: date, last: date, *, first_field: str = "--from", last_field: str = "--to"
) -> Period:
    """The days from ``first`` to ``last``, both included.

    Raises:
        InputError: naming ``last_field``, when ``last`` is before ``first``, or the field
            of a day outside the years of :data:`YEARS`.
    """
    for day, name in ((first, first_field), (last, last_field)):
        if not YEARS[0] <= day.year <= YEARS[1]:
            raise InputError(
                f"{day.isoformat()} is out of range (years {YEARS[0]} to {YEARS[1]})",
                field=name,
                value=day.isoformat(),
            )
    if last < first:
        raise InputError(
            f"{last.isoformat()} is before {first_field} {first.isoformat()}",
            field=last_field,
            value=last.isoformat(),
        )
    return Period(first, last, f"{first.isoformat()}..{last.isoformat()}")

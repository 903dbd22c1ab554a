"""Public holidays adapter: the :class:`~creneau.services.ports.HolidayProvider` port.

Backed by the ``holidays`` package (its rules per country and subdivision); the only
module that imports it. Names come in French when the package has a French translation
for the country, else in the country's own language.
"""

from __future__ import annotations

from datetime import date

import holidays

from creneau.domain.errors import InputError

_LANGUAGE = "fr"


class PublicHolidays:
    """Public holidays of one country (and optionally one of its subdivisions).

    >>> PublicHolidays("FR").holidays_between(date(2026, 12, 24), date(2026, 12, 26))
    {datetime.date(2026, 12, 25): 'Noël'}

    Args:
        country: ISO 3166-1 alpha-2 code, e.g. ``"FR"`` (case-insensitive).
        subdivision: a subdivision code known to ``holidays``, e.g. ``"57"`` (Moselle,
            which adds 26 December and Good Friday), or None for the whole country.

    Raises:
        InputError: with ``field`` ``"country"`` or ``"subdivision"`` when the
            ``holidays`` package does not know it.
    """

    def __init__(self, country: str = "FR", subdivision: str | None = None) -> None:
        code = country.strip().upper()
        supported: dict[str, list[str]] = holidays.list_supported_countries()
        if code not in supported:
            raise InputError(
                f"unknown country code {country!r} for public holidays",
                field="country",
                value=country,
            )
        if subdivision is not None and subdivision not in supported[code]:
            known = ", ".join(supported[code]) or "none"
            raise InputError(
                f"unknown subdivision {subdivision!r} of {code} (known: {known})",
                field="subdivision",
                value=subdivision,
            )
        localized: dict[str, list[str]] = holidays.list_localized_countries()
        self.country = code
        self.subdivision = subdivision
        self.language: str | None = _LANGUAGE if _LANGUAGE in localized.get(code, []) else None

    def holidays_between(self, start: date, end: date) -> dict[date, str]:
        """Public holidays from ``start`` to ``end`` inclusive, with their names.

        Args:
            start, end: the first and last days (dates, no time zone: holidays are
                civil dates of the country).

        Returns:
            Holiday dates in order, each with its name (several holidays on one day are
            joined by ``"; "``); empty when ``end`` is before ``start``.
        """
        if end < start:
            return {}
        calendar = holidays.country_holidays(
            self.country,
            subdiv=self.subdivision,
            years=range(start.year, end.year + 1),
            language=self.language,
        )
        return {day: str(name) for day, name in sorted(calendar.items()) if start <= day <= end}

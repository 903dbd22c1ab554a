"""French and English for the web app: gettext catalogues (Babel) and per-locale formats.

Every text of the pages goes through the catalogues in ``locales/<lang>/LC_MESSAGES/``
(``messages.po``, compiled to ``messages.mo`` beside it and shipped in the wheel); the
message ids are the English texts. Dates, times, numbers and amounts are formatted by
Babel for the page's locale (CLDR). French is the default language.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time
from babel.numbers import format_currency, format_decimal
from babel.support import NullTranslations, Translations

LANGUAGES = ("fr", "en")
"""The interface languages, the default first."""
DEFAULT_LANGUAGE = "fr"
LOCALES_DIR = Path(__file__).parent / "locales"
_BABEL_LOCALE = {"fr": "fr_FR", "en": "en_GB"}


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue without translating it (translated where shown)."""
    return message


STATUS_NAMES = {
    "todo": N_("to do"),
    "in_progress": N_("in progress"),
    "waiting": N_("waiting"),
    "done": N_("done"),
    "cancelled": N_("cancelled"),
}
"""A job status's name (message id) by its value."""

FILTER_NAMES = {
    "open": N_("open (to do, in progress)"),
    "waiting": N_("waiting for the client"),
    "late": N_("at risk (late or not planned)"),
    "done": N_("done"),
    "cancelled": N_("cancelled"),
    "all": N_("all"),
}
"""The job list's status filters (message ids) by value."""


@cache
def translations(language: str) -> NullTranslations:
    """The compiled catalogue of ``language`` (``"fr"`` or ``"en"``).

    Raises:
        ValueError: an unknown language.
    """
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    return Translations.load(str(LOCALES_DIR), [language], domain="messages")


def gettext(language: str, message: str) -> str:
    """``message`` (an English message id) in ``language``."""
    return translations(language).gettext(message)


class Formats:
    """Babel formatting for one locale and her time zone (the filters of the templates).

    Args:
        language: ``"fr"`` or ``"en"``.
        tz: her zone; aware datetimes are shown in it.
    """

    def __init__(self, language: str, tz: ZoneInfo) -> None:
        self.language = language
        self.locale = _BABEL_LOCALE[language]
        self.tz = tz

    def day(self, value: date | datetime, form: str = "full") -> str:
        """A date: ``lundi 30 novembre 2026`` (``full``), ``30 nov. 2026`` (``medium``),
        ``30/11/2026`` (``short``), or a CLDR skeleton-like pattern such as ``EEE d MMM``."""
        if isinstance(value, datetime):
            value = value.astimezone(self.tz).date()
        return str(format_date(value, format=form, locale=self.locale))

    def month(self, value: date, form: str = "MMMM y") -> str:
        """The month of ``value``: ``novembre 2026`` / ``November 2026`` (``MMM y``:
        ``nov. 2026`` / ``Nov 2026``)."""
        return str(format_date(value, format=form, locale=self.locale))

    def time(self, value: datetime) -> str:
        """A time of day in her zone: ``08:30`` (24-hour clock in both locales)."""
        return str(format_time(value.astimezone(self.tz), format="HH:mm", locale=self.locale))

    def moment(self, value: datetime) -> str:
        """A date and time in her zone: ``lun. 30 nov. 2026, 08:30``."""
        local = value.astimezone(self.tz)
        return f"{self.day(local, 'EEE d MMM y')} {self.time(local)}"

    def number(self, value: float | Decimal, digits: int = 1) -> str:
        """A decimal number with the locale's separators (``1 234,5`` / ``1,234.5``)."""
        pattern = "#,##0" + ("." + "#" * digits if digits else "")
        return str(format_decimal(value, format=pattern, locale=self.locale))

    def money(self, value: Decimal | float | None) -> str:
        """An amount in euros (``1 234,50 €`` / ``€1,234.50``); empty for None."""
        if value is None:
            return ""
        return str(format_currency(value, "EUR", locale=self.locale))

    def hours(self, minutes: int | None) -> str:
        """Minutes as decimal hours with the unit: ``7,5 h`` / ``7.5 h``."""
        if minutes is None:
            return ""
        return f"{self.number(minutes / 60, 2)} h"

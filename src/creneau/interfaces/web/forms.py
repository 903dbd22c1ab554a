"""Reading page forms: text, durations, dates, moments and flags, each bad value an
:class:`~creneau.domain.errors.InputError` naming its field (shown on the page, 4xx)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Request
from starlette.datastructures import FormData, UploadFile

from creneau.domain.durations import parse_duration_minutes
from creneau.domain.errors import InputError
from creneau.interfaces.web.i18n import N_

NOT_AN_AMOUNT = N_("not an amount in euros, e.g. 250 or 99,90")
"""The message of a bad amount (in the catalogues)."""


class Form:
    """A submitted form's fields, read with their checks.

    Args:
        data: the form data (Starlette's).
    """

    def __init__(self, data: FormData) -> None:
        self.data = data

    def get(self, name: str) -> str:
        """The field's text, stripped; empty when missing (or a file)."""
        value = self.data.get(name)
        return value.strip() if isinstance(value, str) else ""

    def text(self, name: str, label: str | None = None) -> str:
        """A required text field.

        Raises:
            InputError: empty or missing (named ``label`` or ``name``).
        """
        value = self.get(name)
        if not value:
            raise InputError(N_("this field is required"), field=label or name)
        return value

    def duration(self, name: str) -> int | None:
        """A duration (``1h30``, ``90m``, ``1,5``) in minutes, or None when empty.

        Raises:
            InputError: not a duration.
        """
        value = self.get(name)
        return parse_duration_minutes(value, field=name) if value else None

    def day(self, name: str) -> date | None:
        """A date ``YYYY-MM-DD`` (what ``<input type=date>`` sends), or None when empty.

        Raises:
            InputError: not such a date.
        """
        value = self.get(name)
        if not value:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError as exc:
            raise InputError(N_("not a date (YYYY-MM-DD)"), field=name, value=value) from exc

    def moment(self, name: str) -> datetime:
        """An aware ISO 8601 date-time (hidden fields of the pages).

        Raises:
            InputError: missing, not ISO 8601 or without offset.
        """
        value = self.text(name)
        try:
            moment = datetime.fromisoformat(value)
        except ValueError as exc:
            raise InputError(N_("not a date and time"), field=name, value=value) from exc
        if moment.tzinfo is None:
            raise InputError(N_("a date and time without its UTC offset"), field=name, value=value)
        return moment

    def money(self, name: str) -> Decimal | None:
        """An amount in euros (decimal point or comma), or None when empty.

        Raises:
            InputError: not a non-negative amount.
        """
        value = self.get(name).replace(",", ".").replace(" ", "").removesuffix("€")
        if not value:
            return None
        try:
            amount = Decimal(value)
        except InvalidOperation as exc:
            raise InputError(NOT_AN_AMOUNT, field=name, value=self.get(name)) from exc
        if not amount.is_finite() or amount < 0:
            raise InputError(NOT_AN_AMOUNT, field=name, value=self.get(name))
        return amount

    def flag(self, name: str) -> bool:
        """A checkbox or a ``1``/``0`` field."""
        return self.get(name).lower() in ("1", "on", "true", "yes")

    def files(self, name: str) -> list[UploadFile]:
        """The uploaded files of a file field (empty ones left out)."""
        return [f for f in self.data.getlist(name) if isinstance(f, UploadFile) and f.filename]


async def form_of(request: Request) -> Form:
    """The request's form (parsed once: the CSRF check read it already)."""
    return Form(await request.form())


PostedForm = Annotated[Form, Depends(form_of)]
"""A handler's posted form: read before the handler, which then runs in the thread pool
(a write replans for seconds without holding up the server's event loop)."""


def local_back(target: str, default: str) -> str:
    """A local path to go back to after a post (never another site)."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return default
    parts = urlsplit(target)
    return default if parts.scheme or parts.netloc else target

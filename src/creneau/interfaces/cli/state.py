"""Global CLI state: the data folder, "now" and the interface language (global options)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import typer

from creneau.domain.errors import InputError
from creneau.services.context import ServiceContext


@dataclass
class CliState:
    """What the global options set, and the services opened on first use."""

    data_dir: Path | None = None
    now_text: str | None = None
    language: str | None = None
    _ctx: ServiceContext | None = field(default=None, repr=False)

    def services(self) -> ServiceContext:
        """The service context (opening the database on first use)."""
        if self._ctx is None:
            from creneau.bootstrap import open_services  # imported late: keeps --help fast

            ctx = open_services(self.data_dir)
            from creneau.services.backups import ensure_daily

            daily = ensure_daily(ctx, datetime.now(UTC))  # the backup of the day, real clock
            if daily.problem:
                from creneau.interfaces.cli.formatters import err_console

                err_console.print(f"warning: no backup today: {daily.problem}", markup=False)
            if self.language:
                ctx = dataclasses.replace(ctx, setting_overrides={"language": self.language})
            self._ctx = ctx
        return self._ctx

    def now(self, tz: ZoneInfo | None = None) -> datetime:
        """``--now`` if given, else the current time; aware, in ``tz`` when given."""
        moment = parse_now(self.now_text) if self.now_text else datetime.now(tz or ZoneInfo("UTC"))
        return moment.astimezone(tz) if tz else moment

    def today(self) -> date:
        """Today's date in the user's zone."""
        tz = self.services().settings().tz
        return self.now(tz).date()


def parse_now(text: str) -> datetime:
    """Parse ``--now``: ISO 8601 with a UTC offset (``2026-11-30T08:30:00+01:00``).

    Raises:
        InputError: when the text is not ISO 8601 or has no offset.
    """
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError as exc:
        raise InputError(
            f"not an ISO 8601 date-time: '{text}' (e.g. 2026-11-30T08:30+01:00)", field="--now"
        ) from exc
    if moment.tzinfo is None:
        raise InputError(f"'{text}' has no UTC offset (e.g. 2026-11-30T08:30+01:00)", field="--now")
    if not 1970 <= moment.year <= 2200:
        raise InputError(f"'{text}' is out of range (years 1970 to 2200)", field="--now")
    return moment


def state(ctx: typer.Context) -> CliState:
    """The :class:`CliState` of the running command."""
    root = ctx.find_root()
    if not isinstance(root.obj, CliState):
        root.obj = CliState()
    return root.obj

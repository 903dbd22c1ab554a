"""Reads clients and jobs from spreadsheet CSV files (the :class:`SpreadsheetReader` port).

Adapter layer: turns the bytes of a CSV file into :class:`~creneau.services.ports.ClientRow`
and :class:`~creneau.services.ports.JobRow` values, with the standard library's :mod:`csv`
(RFC 4180 quoting). It stores nothing; the import service looks clients up and saves.

The format, as a spreadsheet saves it:

- UTF-8, with or without a byte-order mark (Excel's "CSV UTF-8"); anything else is refused.
- One header row. Column names are matched case- and accent-insensitively (``Due`` and
  ``due`` are the same; spaces count as ``_``). Unknown columns are ignored; a missing
  required column is an error.
- The delimiter is ``,`` or ``;`` (French Excel), whichever the header line holds more of.
- Numbers take a decimal point or a decimal comma (``0.75`` or ``0,75``).
- Dates are ISO 8601 (``2026-12-04``); a job's ``due`` may be a date-time
  (``2026-12-04T12:00``, read in the user's zone, or with an explicit offset).
- A job's ``tags`` cell holds tags separated by ``;`` or ``,`` (whichever is not the file's
  delimiter needs no quoting).

Every bad row is reported, not only the first: the readers raise
:class:`~creneau.domain.errors.ImportFailed` listing one
:class:`~creneau.domain.errors.InputError` per problem, each with the file, the physical line
(the header is line 1) and the column.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Final, TypeVar
from zoneinfo import ZoneInfo

from creneau.domain.durations import parse_hours_minutes
from creneau.domain.errors import ImportFailed, InputError
from creneau.domain.models import Client, ClientKind, Deadline, JobKind, JobStatus
from creneau.domain.text import normalize, stable_id
from creneau.services.ports import ClientRow, JobRow

__all__ = ["CLIENT_COLUMNS", "JOB_COLUMNS", "CsvSpreadsheetReader"]

_E = TypeVar("_E")

# fmt: off
CLIENT_COLUMNS: Final = (
    "name", "kind", "address", "postcode", "town", "latitude", "longitude", "email", "phone",
    "hourly_rate_eur", "importance", "first_contact", "notes", "language",
)
"""Columns read from a clients file, in the scenario's order (``language`` is optional)."""

JOB_COLUMNS: Final = (
    "client", "title", "kind", "estimate_hours", "received", "due", "deadline", "status",
    "spent_hours", "price_eur", "notes", "tags", "hourly_rate_eur",
)
"""Columns read from a jobs file, in the scenario's order (``tags`` and ``hourly_rate_eur``,
the job's own hourly rate, are optional)."""
# fmt: on

_CLIENT_REQUIRED: Final = ("name",)
_JOB_REQUIRED: Final = ("client", "title", "estimate_hours", "received", "due")

# Accepted spellings of each value, ``|``-separated, matched by case, accents, ``_`` and
# spaces alike; errors show the first two.
_CLIENT_KINDS: Final[Mapping[ClientKind, str]] = {
    ClientKind.BUSINESS: "business|professionnel",
    ClientKind.INDIVIDUAL: "individual|particulier",
}
_JOB_KINDS: Final[Mapping[JobKind, str]] = {
    JobKind.WORK: "work|travail",
    JobKind.MEETING: "meeting|rendez-vous|rendez vous|réunion",
}
_DEADLINES: Final[Mapping[Deadline, str]] = {
    Deadline.HARD: "hard|ferme",
    Deadline.SOFT: "soft|souple",
}
_STATUSES: Final[Mapping[JobStatus, str]] = {
    JobStatus.TODO: "todo|à faire|to do",
    JobStatus.IN_PROGRESS: "in_progress|en cours|in-progress",
    JobStatus.WAITING: "waiting|en attente",
    JobStatus.DONE: "done|terminé|fait|livré",
    JobStatus.CANCELLED: "cancelled|annulé|canceled",
}
_LANGUAGES: Final[Mapping[str, str]] = {"fr": "fr|français", "en": "en|english"}

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)
_DATETIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?$", re.ASCII
)
_UNSIGNED = re.compile(r"^\d+(?:[.,]\d+)?$", re.ASCII)
_SIGNED = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$", re.ASCII)
_BLANKS = re.compile(r"[\s\u00a0\u202f]+")


@dataclass(slots=True)
class _Table:
    """The decoded rows of a file: ``(line, cells by column)``, plus row-shape errors."""

    columns: tuple[str, ...]
    header_line: int = 1
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)


class CsvSpreadsheetReader:
    """Reads clients and jobs spreadsheets saved as CSV (see the module docstring).

    Implements :class:`creneau.services.ports.SpreadsheetReader`. Stateless; one instance
    may read any number of files.
    """

    def kind_of(self, data: bytes, filename: str) -> str:
        """Tell a clients file from a jobs file by its header row.

        Args:
            data: the file's bytes.
            filename: the file name, for messages.

        Returns:
            ``"clients"`` if the header has ``name`` and no ``title``; ``"jobs"`` if it has
            ``client`` and ``title``.

        Raises:
            InputError: if the file is not UTF-8, is empty, or its header fits neither kind.
        """
        table = _read_table(data, filename)
        columns = set(table.columns)
        if "name" in columns and "title" not in columns:
            return "clients"
        if {"client", "title"} <= columns:
            return "jobs"
        found = ", ".join(sorted(c for c in table.columns if c)) or "none"
        raise InputError(
            "cannot tell a clients file from a jobs file by its header: a clients file needs "
            "a 'name' column, a jobs file 'client' and 'title' columns "
            f"(columns found: {found})",
            file=filename,
            line=table.header_line,
        )

    def read_clients(self, data: bytes, filename: str) -> list[ClientRow]:
        """Read every client of a clients file.

        Args:
            data: the file's bytes (columns: :data:`CLIENT_COLUMNS`, ``name`` required).
            filename: the file name, for messages.

        Returns:
            One row per non-blank line, in file order; each client's id is
            ``stable_id("c", name)`` (lengthened only if two names of the file collide).

        Raises:
            ImportFailed: listing every problem (undecodable file, missing column, bad cell,
                wrong number of cells, duplicated name), each with its line and column.
        """
        table = _load(data, filename, _CLIENT_REQUIRED)
        errors = table.errors
        result: list[ClientRow] = []
        seen: dict[str, int] = {}
        taken: set[str] = set()
        for line, values in table.rows:
            cells = _Cells(filename, line, values, errors)
            name = cells.required("name")
            if name:
                key = normalize(name)
                if key in seen:
                    cells.fail("name", f"'{name}' already appears on line {seen[key]}")
                else:
                    seen[key] = line
            kind = cells.choice("kind", _CLIENT_KINDS, ClientKind.BUSINESS)
            latitude = cells.coordinate("latitude", 90)
            longitude = cells.coordinate("longitude", 180)
            if cells.ok("latitude", "longitude") and (latitude is None) != (longitude is None):
                missing = "longitude" if longitude is None else "latitude"
                cells.fail(missing, "give both latitude and longitude, or neither")
            hourly_rate = cells.amount("hourly_rate_eur")
            importance = cells.integer("importance", low=1, high=5, default=3)
            language = cells.choice("language", _LANGUAGES, "fr")
            first_contact = cells.day("first_contact")
            if cells.failed:
                continue
            client_id = stable_id("c", name, taken)
            try:
                client = Client(
                    id=client_id,
                    name=name,
                    kind=kind,
                    address=cells.text("address"),
                    postcode=cells.text("postcode"),
                    town=cells.text("town"),
                    latitude=latitude,
                    longitude=longitude,
                    email=cells.text("email"),
                    phone=cells.text("phone"),
                    hourly_rate=hourly_rate,
                    importance=importance,
                    language=language,
                    first_contact=first_contact,
                    notes=cells.text("notes"),
                )
            except ValueError as exc:  # a domain rule this reader does not check itself
                cells.domain_error(exc, {"hourly_rate": "hourly_rate_eur"})
                continue
            taken.add(client_id)
            result.append(ClientRow(line=line, client=client))
        if errors:
            raise ImportFailed(filename, _by_line(errors))
        return result

    def read_jobs(
        self,
        data: bytes,
        filename: str,
        tz: ZoneInfo,
        known_client: Callable[[str], bool] | None = None,
    ) -> list[JobRow]:
        """Read every job of a jobs file.

        Args:
            data: the file's bytes (columns: :data:`JOB_COLUMNS`; ``client``, ``title``,
                ``estimate_hours``, ``received`` and ``due`` required).
            filename: the file name, for messages.
            tz: the user's zone, for ``due`` date-times written without an offset.
            known_client: tells whether a client name exists; an unknown one is reported
                with the row's other errors (field ``client``).

        Returns:
            One row per non-blank line, in file order. Efforts are in minutes; ``due`` is a
            :class:`~datetime.date` or an aware :class:`~datetime.datetime`.

        Raises:
            ImportFailed: listing every problem (undecodable file, missing column, bad cell,
                wrong number of cells, due before received, duplicated client and title),
                each with its line and column.
        """
        table = _load(data, filename, _JOB_REQUIRED)
        errors = table.errors
        result: list[JobRow] = []
        seen: dict[tuple[str, str], int] = {}
        for line, values in table.rows:
            cells = _Cells(filename, line, values, errors)
            client_name = cells.required("client")
            title = cells.required("title")
            if client_name and known_client is not None and not known_client(client_name):
                cells.fail("client", f"no client named '{client_name}' (import the clients first)")
            if client_name and title:
                key = (normalize(client_name), normalize(title))
                if key in seen:
                    cells.fail(
                        "title",
                        f"job '{title}' for client '{client_name}' already appears on line "
                        f"{seen[key]}",
                    )
                else:
                    seen[key] = line
            kind = cells.choice("kind", _JOB_KINDS, JobKind.WORK)
            effort = cells.minutes("estimate_hours", required=True)
            spent = cells.minutes("spent_hours", required=False)
            received = cells.day("received", required=True)
            due = cells.due("due", tz)
            if received is not None and due is not None and cells.ok("received", "due"):
                due_day = due.date() if isinstance(due, datetime) else due
                if due_day < received:
                    cells.fail(
                        "due",
                        f"'{cells.text('due')}' is before the received date {received.isoformat()}",
                    )
            deadline = cells.choice("deadline", _DEADLINES, Deadline.SOFT)
            status = cells.choice("status", _STATUSES, JobStatus.TODO)
            price = cells.amount("price_eur")
            hourly_rate = cells.amount("hourly_rate_eur")
            if cells.failed or received is None or due is None:
                continue
            row = JobRow(
                line=line,
                client_name=client_name,
                title=title,
                kind=kind,
                tags=_split_tags(cells.text("tags")),
                effort_minutes=effort,
                spent_minutes=spent,
                received=received,
                due=due,
                deadline=deadline,
                status=status,
                price=price,
                notes=cells.text("notes"),
                hourly_rate=hourly_rate,
            )
            try:
                row.to_job("j", "c")  # the domain's own checks, as a safety net
            except ValueError as exc:
                cells.domain_error(
                    exc,
                    {
                        "effort": "estimate_hours",
                        "spent": "spent_hours",
                        "price": "price_eur",
                        "hourly_rate": "hourly_rate_eur",
                    },
                )
                continue
            result.append(row)
        if errors:
            raise ImportFailed(filename, _by_line(errors))
        return result


class _Cells:
    """The cells of one row, parsed column by column; problems go to a shared list.

    On a bad cell a parser records an :class:`InputError` and returns a placeholder;
    :attr:`failed` then tells the caller to drop the row.
    """

    def __init__(
        self, filename: str, line: int, values: dict[str, str], errors: list[InputError]
    ) -> None:
        self._filename = filename
        self._line = line
        self._values = values
        self._errors = errors
        self._failed: set[str] = set()

    @property
    def failed(self) -> bool:
        """Whether any cell of this row was bad."""
        return bool(self._failed)

    def ok(self, *columns: str) -> bool:
        """Whether none of ``columns`` was bad."""
        return not self._failed.intersection(columns)

    def text(self, column: str) -> str:
        """The cell, stripped; ``""`` when empty or when the column is absent."""
        return self._values.get(column, "").strip()

    def fail(self, column: str, message: str) -> None:
        """Record a problem with ``column`` on this row."""
        self._failed.add(column)
        self._errors.append(
            InputError(
                message,
                file=self._filename,
                line=self._line,
                field=column,
                value=self._values.get(column, ""),
            )
        )

    def domain_error(self, exc: ValueError, columns: Mapping[str, str]) -> None:
        """Record a domain :class:`ValueError` (``"field: message"``) under its column."""
        name, _, message = str(exc).partition(": ")
        if not message:
            name, message = "", str(exc)
        column = columns.get(name, name.split("/")[0])
        self.fail(column, message)

    def required(self, column: str) -> str:
        """The cell; a problem if it is empty."""
        value = self.text(column)
        if not value:
            self.fail(column, "required, but empty")
        return value

    def choice(self, column: str, spellings: Mapping[_E, str], default: _E) -> _E:
        """The value one of whose ``|``-separated ``spellings`` the cell matches.

        Case, accents, ``_`` and spaces do not count; an empty cell gives ``default``.
        """
        value = self.text(column)
        if not value:
            return default
        key = _folded(value)
        for choice, spelled in spellings.items():
            if key in {_folded(word) for word in spelled.split("|")}:
                return choice
        accepted = ", ".join("/".join(spelled.split("|")[:2]) for spelled in spellings.values())
        self.fail(column, f"unknown value '{value}' (expected {accepted})")
        return default

    def minutes(self, column: str, *, required: bool) -> int:
        """Decimal hours as minutes: required and > 0, or optional and >= 0 (empty is 0)."""
        value = self.text(column)
        if required and not value:
            self.fail(column, "required, but empty")
            return 0
        try:
            minutes = parse_hours_minutes(value, field=column)
        except InputError as exc:
            self.fail(column, exc.message)
            return 0
        if required and minutes <= 0:
            self.fail(column, f"must be more than zero: '{value}'")
        return minutes

    def amount(self, column: str) -> Decimal | None:
        """A non-negative amount (``€`` and blanks allowed), or None when empty."""
        value = _BLANKS.sub("", self.text(column)).removesuffix("€")
        if not value:
            return None
        if value.startswith("-"):
            self.fail(column, f"must not be negative: '{self.text(column)}'")
            return None
        if not _UNSIGNED.match(value):
            self.fail(column, f"not an amount in euros: '{self.text(column)}'")
            return None
        return Decimal(value.replace(",", "."))

    def coordinate(self, column: str, limit: int) -> float | None:
        """Decimal degrees from ``-limit`` to ``limit``, or None when empty."""
        value = self.text(column)
        if not value:
            return None
        if not _SIGNED.match(value):
            self.fail(column, f"not a number of degrees: '{value}'")
            return None
        degrees = float(value.replace(",", "."))
        if not -limit <= degrees <= limit:
            self.fail(column, f"must be from -{limit} to {limit}: '{value}'")
            return None
        return degrees

    def integer(self, column: str, *, low: int, high: int, default: int) -> int:
        """A whole number from ``low`` to ``high``; ``default`` if empty."""
        value = self.text(column)
        if not value:
            return default
        if not (value.isascii() and value.isdecimal()) or not low <= int(value) <= high:
            self.fail(column, f"must be a whole number from {low} to {high}: '{value}'")
            return default
        return int(value)

    def day(self, column: str, *, required: bool = False) -> date | None:
        """An ISO date (``YYYY-MM-DD``), or None when empty (a problem if required)."""
        value = self.text(column)
        if not value:
            if required:
                self.fail(column, "required, but empty")
            return None
        if not _DATE.match(value):
            self.fail(column, f"not a date: '{value}' (write YYYY-MM-DD, e.g. 2026-12-04)")
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.fail(column, f"no such date: '{value}'")
            return None

    def due(self, column: str, tz: ZoneInfo) -> date | datetime | None:
        """A required ISO date, or ISO date-time made aware in ``tz`` unless it has an offset."""
        value = self.text(column)
        if not value or _DATE.match(value):
            return self.day(column, required=True)
        if not _DATETIME.match(value):
            self.fail(
                column,
                f"not a date or date-time: '{value}' (write 2026-12-04 or 2026-12-04T12:00)",
            )
            return None
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            self.fail(column, f"no such date or time: '{value}'")
            return None
        if moment.tzinfo is not None:
            return moment
        local = moment.replace(tzinfo=tz)
        if local.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != moment:
            self.fail(column, f"{value} does not exist in {tz.key} (the clocks change)")
            return None
        return local


def _load(data: bytes, filename: str, required: tuple[str, ...]) -> _Table:
    """Decode ``data`` and check that every ``required`` column is there.

    Raises:
        ImportFailed: if the file cannot be read or a required column is missing.
    """
    try:
        table = _read_table(data, filename)
    except InputError as exc:
        raise ImportFailed(filename, [exc]) from exc
    missing = [
        InputError(
            f"required column '{name}' is missing",
            file=filename,
            line=table.header_line,
            field=name,
        )
        for name in required
        if name not in table.columns
    ]
    if missing:
        raise ImportFailed(filename, missing)
    return table


def _read_table(data: bytes, filename: str) -> _Table:
    """Split a CSV file into its header and ``(line, cells)`` rows.

    Args:
        data: UTF-8 bytes, with or without a byte-order mark.
        filename: the file name, for messages.

    Returns:
        The normalized column names and every non-blank row; rows with more or fewer cells
        than the header are left out and reported in :attr:`_Table.errors`.

    Raises:
        InputError: if the file is not UTF-8, is empty, or is not readable as CSV.
    """
    text = _decode(data, filename)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, None)
        while header is not None and not any(cell.strip() for cell in header):
            header = next(reader, None)
        if header is None:
            raise InputError("the file is empty (expected a header row)", file=filename)
        header_at = reader.line_num
        columns = tuple(normalize(cell).replace(" ", "_") for cell in header)
        table = _Table(columns=columns, header_line=header_at)
        for name in sorted({c for c in columns if c and columns.count(c) > 1}):
            table.errors.append(
                InputError(
                    f"column '{name}' appears more than once",
                    file=filename,
                    line=header_at,
                    field=name,
                )
            )
        previous = reader.line_num
        for cells in reader:
            line, previous = previous + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            extra = cells[len(columns) :]
            if len(cells) < len(columns) or any(cell.strip() for cell in extra):
                table.errors.append(
                    InputError(
                        f"this row has {len(cells)} cells but the header has {len(columns)} "
                        f"columns (check the '{delimiter}' separators and quotes)",
                        file=filename,
                        line=line,
                    )
                )
                continue
            table.rows.append((line, {c: v for c, v in zip(columns, cells, strict=False) if c}))
    except csv.Error as exc:
        raise InputError(
            f"not readable as CSV: {exc}", file=filename, line=reader.line_num
        ) from exc
    return table


def _decode(data: bytes, filename: str) -> str:
    """The text of a UTF-8 file, without its byte-order mark.

    Raises:
        InputError: naming the line of the first byte that is not UTF-8.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(
            "the file is UTF-16, not UTF-8: save it again as 'CSV UTF-8'", file=filename
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"the file's encoding is not UTF-8 (byte 0x{data[exc.start]:02x}; perhaps "
            "Windows-1252): save it again as 'CSV UTF-8'",
            file=filename,
            line=line,
        ) from exc


def _folded(text: str) -> str:
    """``text`` without case, accents or surrounding blanks, ``_`` read as a space."""
    return normalize(text.replace("_", " "))


def _by_line(errors: list[InputError]) -> list[InputError]:
    """The errors in file order (within a line, in column order: the sort is stable)."""
    return sorted(errors, key=lambda error: error.line or 0)


def _split_tags(cell: str) -> tuple[str, ...]:
    """Tags separated by ``;`` or ``,``, stripped, without empties or repeats."""
    tags = (tag.strip() for tag in re.split(r"[;,]", cell))
    return tuple(dict.fromkeys(tag for tag in tags if tag))

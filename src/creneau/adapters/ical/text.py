"""Text layer of the iCalendar adapter: charset, unfolding and component boundaries.

Before icalendar sees anything, the file is decoded (RFC 5545 §3.1.4), unfolded into
content lines that remember the physical line they start on (§3.1), and cut into
components along their ``BEGIN``/``END`` lines (§3.4, §3.6). Each component is then
parsed on its own, so a broken event costs only itself and every warning can name the
line of its ``BEGIN``. Standard library only.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from creneau.adapters.ical.fields import NEVER_NESTED
from creneau.domain.errors import InputError

_LINE_BREAK = re.compile(r"\r\n|\n|\r")
_LINE_BREAK_BYTES = re.compile(rb"\r\n|\n|\r")


@dataclass(frozen=True, slots=True)
class ContentLine:
    """One unfolded content line (RFC 5545 §3.1).

    Args:
        number: the 1-based physical line of the file where it starts.
        text: the line, unfolded, without its line break.
    """

    number: int
    text: str

    @property
    def name(self) -> str:
        """The property name, upper case (``"BEGIN"``, ``"DTSTART"``...)."""
        return _split_line(self.text)[0]

    @property
    def value(self) -> str:
        """The raw value after the first colon outside quoted parameters."""
        return _split_line(self.text)[1]


@dataclass(frozen=True, slots=True)
class ComponentText:
    """The content lines of one component found directly inside a VCALENDAR.

    Args:
        name: the component name, upper case (``"VEVENT"``, ``"VTIMEZONE"``...).
        line: the physical line of its ``BEGIN``.
        lines: every content line from ``BEGIN`` to ``END`` (or to where it broke off).
        problem: why its structure is broken (a missing ``END``...), else None.
    """

    name: str
    line: int
    lines: tuple[ContentLine, ...]
    problem: str | None = None

    def to_ical(self) -> str:
        """The component as iCalendar text with CRLF line ends (lines stay unfolded)."""
        return "".join(line.text + "\r\n" for line in self.lines)

    def property_value(self, name: str) -> str:
        """The raw value of the component's own first property ``name``, or ``""``.

        Used to name an event (its UID) when icalendar could not parse it.
        """
        depth = 0
        for line in self.lines:
            if line.name == "BEGIN":
                depth += 1
            elif line.name == "END":
                depth -= 1
            elif depth == 1 and line.name == name:
                return line.value.strip()
        return ""


@dataclass(slots=True)
class CalendarText:
    """One VCALENDAR of the file, cut into its parts.

    Args:
        line: the physical line of its ``BEGIN:VCALENDAR``.
        properties: its own properties (``VERSION``, ``X-WR-TIMEZONE``...).
        components: its components, in file order.
    """

    line: int
    properties: list[ContentLine] = field(default_factory=list)
    components: list[ComponentText] = field(default_factory=list)


def decode(data: bytes, source: str) -> tuple[str, list[InputError]]:
    """Decode an iCalendar file, never replacing a character silently.

    RFC 5545 §3.1.4 makes UTF-8 the charset; a byte order mark is dropped. A file that
    is not UTF-8 was most likely written by an old Windows program: it is read as
    Windows-1252 (or ISO-8859-1 when a byte is undefined in Windows-1252), with a
    warning; a UTF-8 byte order mark before such bytes is dropped too.
    A UTF-16 file with a byte order mark is read as such.

    Args:
        data: the file's bytes.
        source: the file name, for warnings.

    Returns:
        The text, and a warning naming the line of the first non-UTF-8 byte, if any.

    Raises:
        InputError: when a UTF-16 file is cut in the middle of a character.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError as exc:
            raise InputError("not an iCalendar file: broken UTF-16 text", file=source) from exc
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = len(_LINE_BREAK_BYTES.findall(data, 0, exc.start)) + 1
        bad = data[exc.start : exc.end]
    data = data.removeprefix(codecs.BOM_UTF8)  # a UTF-8 mark on Windows-1252 bytes
    try:
        text, label = data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        text, label = data.decode("latin-1"), "ISO-8859-1 (Latin-1)"
    warning = InputError(
        f"the file is not UTF-8 as RFC 5545 requires; it was read as {label}, "
        "check its accented letters",
        file=source,
        line=line,
        value=bad.hex(" "),
    )
    return text, [warning]


def content_lines(text: str) -> list[ContentLine]:
    """Unfold ``text`` into content lines (RFC 5545 §3.1).

    A physical line starting with a space or a tab continues the previous one; that
    first character is dropped. CRLF, LF and CR all end a physical line.

    Args:
        text: the decoded file.

    Returns:
        The unfolded lines, blank ones included, each with its first physical line.
    """
    result: list[ContentLine] = []
    parts: list[str] = []
    start = 1
    for number, physical in enumerate(_LINE_BREAK.split(text), start=1):
        if parts and physical[:1] in (" ", "\t"):
            parts.append(physical[1:])
            continue
        if parts:
            result.append(ContentLine(start, "".join(parts)))
        parts, start = [physical], number
    if parts:
        result.append(ContentLine(start, "".join(parts)))
    return result


def split_calendars(
    lines: list[ContentLine], source: str
) -> tuple[list[CalendarText], list[InputError]]:
    """Cut content lines into VCALENDARs and their components (RFC 5545 §3.4, §3.6).

    Structure errors are contained: a component whose ``END`` is missing is closed
    where the next top-level component begins and returned with its ``problem`` set;
    stray lines outside any VCALENDAR are skipped with a warning.

    Args:
        lines: the file's content lines (see :func:`content_lines`).
        source: the file name, for errors and warnings.

    Returns:
        The calendars in file order, and warnings about skipped lines.

    Raises:
        InputError: naming the file when it does not begin with ``BEGIN:VCALENDAR``,
            i.e. it is not iCalendar at all.
    """
    splitter = _Splitter(source)
    first = next((line for line in lines if line.text.strip()), None)
    if first is None:
        raise InputError("not an iCalendar file: it is empty", file=source)
    if not _is_begin(first, "VCALENDAR"):
        raise InputError(
            "not an iCalendar file: it does not begin with BEGIN:VCALENDAR (RFC 5545 §3.4)",
            file=source,
            line=first.number,
            value=first.text[:40],
        )
    for line in lines:
        if line.text.strip():
            splitter.feed(line)
    splitter.finish()
    return splitter.calendars, splitter.warnings


class _Splitter:
    """State machine behind :func:`split_calendars`."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.calendars: list[CalendarText] = []
        self.warnings: list[InputError] = []
        self._calendar: CalendarText | None = None
        self._lines: list[ContentLine] = []
        self._open: list[str] = []  # names of the open (sub)components of the current one
        self._problem: str | None = None

    def feed(self, line: ContentLine) -> None:
        """Take the next non-blank content line."""
        if self._calendar is None:
            if _is_begin(line, "VCALENDAR"):
                self._calendar = CalendarText(line.number)
            else:
                self._warn("line outside any VCALENDAR, ignored", line)
        elif self._open:
            self._feed_inside(line)
        else:
            self._feed_calendar(line)

    def finish(self) -> None:
        """Close whatever the file left open."""
        if self._open:
            self._close(f"END:{self._open[0]} is missing (the file ends first)")
        if self._calendar is not None:
            self.warnings.append(
                InputError(
                    "END:VCALENDAR is missing (the file may be cut short)",
                    file=self.source,
                    line=self._calendar.line,
                )
            )
            self.calendars.append(self._calendar)
            self._calendar = None

    def _feed_calendar(self, line: ContentLine) -> None:
        assert self._calendar is not None
        name, value = line.name, line.value.strip().upper()
        if name == "BEGIN" and value == "VCALENDAR":
            self._warn("END:VCALENDAR is missing before this new VCALENDAR", line)
            self.calendars.append(self._calendar)
            self._calendar = CalendarText(line.number)
        elif name == "BEGIN":
            self._lines, self._open, self._problem = [line], [value], None
        elif name == "END" and value == "VCALENDAR":
            self.calendars.append(self._calendar)
            self._calendar = None
        elif name == "END":
            self._warn(f"END:{value} without its BEGIN, ignored", line)
        else:
            self._calendar.properties.append(line)

    def _feed_inside(self, line: ContentLine) -> None:
        name, value = line.name, line.value.strip().upper()
        if name == "BEGIN" and value in NEVER_NESTED:
            self._close(f"END:{self._open[-1]} is missing before line {line.number}")
            self._feed_calendar(line)
            return
        if name == "END" and value == "VCALENDAR":
            self._close(f"END:{self._open[-1]} is missing before line {line.number}")
            self._feed_calendar(line)
            return
        self._lines.append(line)
        if name == "BEGIN":
            self._open.append(value)
        elif name == "END":
            if value not in self._open:
                self._problem = self._problem or f"END:{value} without its BEGIN"
                return
            while self._open[-1] != value:
                missing = self._open.pop()
                self._problem = self._problem or f"END:{missing} is missing"
            self._open.pop()
            if not self._open:
                self._close(self._problem)

    def _close(self, problem: str | None) -> None:
        assert self._calendar is not None
        first = self._lines[0]
        name = first.value.strip().upper()
        component = ComponentText(name, first.number, tuple(self._lines), problem)
        self._calendar.components.append(component)
        self._lines, self._open, self._problem = [], [], None

    def _warn(self, message: str, line: ContentLine) -> None:
        self.warnings.append(InputError(message, file=self.source, line=line.number))


def _is_begin(line: ContentLine, component: str) -> bool:
    return line.name == "BEGIN" and line.value.strip().upper() == component


def _split_line(text: str) -> tuple[str, str]:
    """Split a content line into its upper-case name and its raw value (§3.1)."""
    name_end: int | None = None
    quoted = False
    for index, char in enumerate(text):
        if char == '"' and name_end is not None:
            quoted = not quoted
        elif not quoted and char in ";:":
            if name_end is None:
                name_end = index
            if char == ":":
                return text[:name_end].strip().upper(), text[index + 1 :]
    return text.strip().upper(), ""

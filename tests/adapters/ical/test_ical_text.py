"""The text layer: charset (RFC 5545 §3.1.4), unfolding (§3.1), component boundaries."""

from __future__ import annotations

import pytest

from creneau.adapters.ical.text import ContentLine, content_lines, decode, split_calendars
from creneau.domain.errors import InputError

# Charset ------------------------------------------------------------------------------


def test_utf_8_bom_is_dropped() -> None:
    assert decode(b"\xef\xbb\xbfBEGIN:VCALENDAR", "a.ics") == ("BEGIN:VCALENDAR", [])


def test_windows_1252_is_tried_first() -> None:
    # 0x9C is "œ" in Windows-1252 and a control character in Latin-1.
    text, [warning] = decode(b"A\r\nB\r\nSUMMARY:C\x9cur\r\n", "a.ics")
    assert text.endswith("SUMMARY:Cœur\r\n")
    assert (warning.file, warning.line, warning.value) == ("a.ics", 3, "9c")
    assert "Windows-1252" in warning.message


def test_latin_1_when_windows_1252_cannot() -> None:
    # 0x81 is undefined in Windows-1252; 0xE9 is "é" in both.
    text, [warning] = decode(b"SUMMARY:\xe9t\xe9\x81", "a.ics")
    assert text == "SUMMARY:été\x81"
    assert "Latin-1" in warning.message


def test_utf_16_with_bom() -> None:
    data = "BEGIN:VCALENDAR\r\nSUMMARY:été\r\n".encode("utf-16")
    assert decode(data, "a.ics") == ("BEGIN:VCALENDAR\r\nSUMMARY:été\r\n", [])


# Unfolding ----------------------------------------------------------------------------


def test_unfolding_keeps_the_first_physical_line() -> None:
    text = "A:1\r\nB:long\r\n  value\r\n\tend\r\nC:3"
    assert content_lines(text) == [
        ContentLine(1, "A:1"),
        ContentLine(2, "B:long valueend"),  # one space or tab dropped per fold (§3.1)
        ContentLine(5, "C:3"),
    ]


@pytest.mark.parametrize("newline", ["\n", "\r"], ids=["lf", "cr"])
def test_bare_lf_and_cr_also_end_lines(newline: str) -> None:
    text = newline.join(["A:1", "B:2", " 3", "C:4"])
    assert [(line.number, line.text) for line in content_lines(text)] == [
        (1, "A:1"),
        (2, "B:23"),
        (4, "C:4"),
    ]


def test_name_and_value_skip_quoted_colons() -> None:
    line = ContentLine(1, 'ATTENDEE;CN="Dupont: Jean":mailto:jean@example.org')
    assert (line.name, line.value) == ("ATTENDEE", "mailto:jean@example.org")


# Components ---------------------------------------------------------------------------


def lines(*texts: str) -> list[ContentLine]:
    return [ContentLine(number, text) for number, text in enumerate(texts, start=1)]


def test_components_and_calendar_properties_are_separated() -> None:
    [calendar], warnings = split_calendars(
        lines(
            "BEGIN:VCALENDAR",
            "X-WR-TIMEZONE:Europe/Paris",
            "BEGIN:VEVENT",
            "BEGIN:VALARM",
            "END:VALARM",
            "END:VEVENT",
            "END:VCALENDAR",
        ),
        "a.ics",
    )
    assert warnings == []
    assert [line.name for line in calendar.properties] == ["X-WR-TIMEZONE"]
    [event] = calendar.components
    assert (event.name, event.line, len(event.lines), event.problem) == ("VEVENT", 3, 4, None)


def test_missing_inner_end_marks_the_component() -> None:
    [calendar], _ = split_calendars(
        lines("BEGIN:VCALENDAR", "BEGIN:VEVENT", "BEGIN:VALARM", "END:VEVENT", "END:VCALENDAR"),
        "a.ics",
    )
    [event] = calendar.components
    assert event.problem == "END:VALARM is missing"


def test_stray_lines_and_several_calendars() -> None:
    calendars, warnings = split_calendars(
        lines(
            "BEGIN:VCALENDAR",
            "END:VCALENDAR",
            "garbage",
            "BEGIN:VCALENDAR",
            "BEGIN:VTODO",
            "END:VTODO",
            "END:VCALENDAR",
        ),
        "a.ics",
    )
    assert [c.line for c in calendars] == [1, 4]
    assert [(w.line, w.file) for w in warnings] == [(3, "a.ics")]


def test_a_file_that_does_not_begin_with_vcalendar_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        split_calendars(lines("", "BEGIN:VEVENT", "END:VEVENT"), "a.ics")
    assert (caught.value.file, caught.value.line) == ("a.ics", 2)

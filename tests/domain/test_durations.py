"""The one duration parser: what people type, in minutes (worked out by hand)."""

from __future__ import annotations

import pytest

from creneau.domain.durations import format_minutes, parse_duration_minutes, parse_hours_minutes
from creneau.domain.errors import InputError


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("1h30", 90),
        ("90m", 90),
        ("90min", 90),
        ("1.5", 90),
        ("1,5", 90),
        ("2h", 120),
        ("2H15", 135),
        ("2h15m", 135),
        ("0.25", 15),
        ("45 min", 45),
        ("1.5h", 90),
        ("0", 0),
    ],
)
def test_accepted_forms(text: str, minutes: int) -> None:
    assert parse_duration_minutes(text) == minutes


@pytest.mark.parametrize("text", ["1h75", "-2h", "", "abc", "1h30h", "h", "-1.5", "1..5"])
def test_refused_forms_name_the_field(text: str) -> None:
    with pytest.raises(InputError) as info:
        parse_duration_minutes(text, field="--effort")
    assert info.value.field == "--effort"
    assert "--effort" in str(info.value)


def test_zero_refused_when_a_positive_duration_is_needed() -> None:
    with pytest.raises(InputError):
        parse_duration_minutes("0h", allow_zero=False)


def test_decimal_hours_from_files() -> None:
    assert parse_hours_minutes("0,75", field="estimate_hours") == 45
    assert parse_hours_minutes("", field="spent_hours") == 0
    with pytest.raises(InputError):
        parse_hours_minutes("-1", field="estimate_hours")


@pytest.mark.parametrize("minutes", [0, 15, 45, 60, 90, 135, 600])
def test_format_reads_back(minutes: int) -> None:
    assert parse_duration_minutes(format_minutes(minutes)) == minutes

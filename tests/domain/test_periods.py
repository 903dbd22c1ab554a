"""Months, quarters and spans of days typed by the user."""

from __future__ import annotations

from datetime import date

import pytest

from creneau.domain.errors import InputError
from creneau.domain.periods import Period, month_of, parse_month, parse_quarter, quarter_of, span


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2026-12", date(2026, 12, 1), date(2026, 12, 31)),
        ("2026-02", date(2026, 2, 1), date(2026, 2, 28)),
        ("2028-02", date(2028, 2, 1), date(2028, 2, 29)),  # leap year
        (" 2026-4 ", date(2026, 4, 1), date(2026, 4, 30)),
    ],
)
def test_months(text: str, first: date, last: date) -> None:
    month = parse_month(text)
    assert (month.first, month.last) == (first, last)
    assert month.label == f"{first.year}-{first.month:02d}"


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "2026/12", "12-2026", "2026", "", "déc"])
def test_bad_months_name_the_option(text: str) -> None:
    with pytest.raises(InputError, match="not a month") as caught:
        parse_month(text)
    assert caught.value.field == "--month"


def test_months_out_of_range() -> None:
    with pytest.raises(InputError, match="out of range"):
        parse_month("1066-10")


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2026-Q4", date(2026, 10, 1), date(2026, 12, 31)),
        ("2026-q1", date(2026, 1, 1), date(2026, 3, 31)),
        ("2026Q2", date(2026, 4, 1), date(2026, 6, 30)),
        ("2026-T3", date(2026, 7, 1), date(2026, 9, 30)),  # French "trimestre"
    ],
)
def test_quarters(text: str, first: date, last: date) -> None:
    quarter = parse_quarter(text)
    assert (quarter.first, quarter.last) == (first, last)


@pytest.mark.parametrize("text", ["2026-Q5", "2026-Q0", "2026-4", "Q4-2026", "2026-Q45"])
def test_bad_quarters_name_the_option(text: str) -> None:
    with pytest.raises(InputError, match="not a quarter") as caught:
        parse_quarter(text)
    assert caught.value.field == "--quarter"


def test_a_quarter_is_three_months() -> None:
    labels = [(m.label, m.first, m.last) for m in quarter_of(date(2026, 11, 30)).months()]
    assert labels == [
        ("2026-10", date(2026, 10, 1), date(2026, 10, 31)),
        ("2026-11", date(2026, 11, 1), date(2026, 11, 30)),
        ("2026-12", date(2026, 12, 1), date(2026, 12, 31)),
    ]


def test_a_span_is_clipped_into_months() -> None:
    days = span(date(2026, 11, 25), date(2027, 1, 3))
    assert [(m.first, m.last) for m in days.months()] == [
        (date(2026, 11, 25), date(2026, 11, 30)),
        (date(2026, 12, 1), date(2026, 12, 31)),
        (date(2027, 1, 1), date(2027, 1, 3)),
    ]
    assert date(2026, 11, 25) in days and date(2027, 1, 3) in days
    assert date(2026, 11, 24) not in days


def test_a_span_ending_before_it_starts_names_to() -> None:
    with pytest.raises(InputError, match="is before --from 2026-12-05") as caught:
        span(date(2026, 12, 5), date(2026, 12, 1))
    assert caught.value.field == "--to"


def test_month_of_december() -> None:
    assert month_of(date(2026, 12, 31)) == Period(date(2026, 12, 1), date(2026, 12, 31), "2026-12")

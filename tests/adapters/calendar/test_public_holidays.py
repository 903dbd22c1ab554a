"""French public holidays (Code du travail, art. L3133-1), through the holidays package."""

from __future__ import annotations

from datetime import date

import pytest

from creneau.adapters.calendar.holidays import PublicHolidays
from creneau.domain.errors import InputError


@pytest.fixture(scope="module")
def winter() -> dict[date, str]:
    return PublicHolidays("FR").holidays_between(date(2026, 11, 1), date(2027, 1, 31))


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2026, 11, 1), "Toussaint"),
        (date(2026, 11, 11), "Armistice"),
        (date(2026, 12, 25), "Noël"),
        (date(2027, 1, 1), "Jour de l'an"),
    ],
)
def test_french_holidays_with_french_names(winter: dict[date, str], day: date, name: str) -> None:
    assert winter[day] == name


def test_exactly_four_holidays_from_november_to_january(winter: dict[date, str]) -> None:
    assert list(winter) == [
        date(2026, 11, 1),
        date(2026, 11, 11),
        date(2026, 12, 25),
        date(2027, 1, 1),
    ]


@pytest.mark.parametrize("day", [date(2026, 12, 24), date(2026, 12, 26), date(2026, 12, 31)])
def test_christmas_eve_and_the_days_around_are_worked(winter: dict[date, str], day: date) -> None:
    assert day not in winter


def test_bounds_are_inclusive() -> None:
    provider = PublicHolidays("FR")
    assert list(provider.holidays_between(date(2026, 12, 25), date(2026, 12, 25))) == [
        date(2026, 12, 25)
    ]
    assert provider.holidays_between(date(2026, 12, 26), date(2026, 12, 31)) == {}


def test_end_before_start_is_empty() -> None:
    assert PublicHolidays().holidays_between(date(2027, 1, 1), date(2026, 12, 1)) == {}


def test_alsace_moselle_adds_26_december() -> None:
    # Moselle (57) keeps the local law: Saint-Étienne on 26 December and Good Friday.
    days = PublicHolidays("FR", "57").holidays_between(date(2026, 1, 1), date(2026, 12, 31))
    assert date(2026, 12, 26) in days
    assert date(2026, 4, 3) in days  # Good Friday: Easter 2026 is 5 April


def test_country_code_is_case_insensitive() -> None:
    assert date(2026, 12, 25) in PublicHolidays("fr").holidays_between(
        date(2026, 12, 1), date(2026, 12, 31)
    )


def test_unknown_country_is_an_input_error() -> None:
    with pytest.raises(InputError) as caught:
        PublicHolidays("XX")
    assert (caught.value.field, caught.value.value) == ("country", "XX")


def test_unknown_subdivision_is_an_input_error() -> None:
    with pytest.raises(InputError) as caught:
        PublicHolidays("FR", "99")
    assert (caught.value.field, caught.value.value) == ("subdivision", "99")

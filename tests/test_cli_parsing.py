"""What is typed on the command line: amounts, dates and yes-or-no answers get a clear error
for anything they cannot be."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from creneau.domain.errors import InputError
from creneau.interfaces.cli import prompts
from creneau.interfaces.cli.parsing import parse_date, parse_money


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("65", "65"),
        ("65.50", "65.50"),
        ("65,50", "65.50"),
        ("1 375,00 €".replace(" ", ""), "1375.00"),
        (".5", "0.5"),
    ],
)
def test_amounts(text: str, value: str) -> None:
    assert parse_money(text, "AMOUNT") == Decimal(value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("nan", "not an amount"),
        ("inf", "not an amount"),
        ("-Infinity", "not an amount"),
        ("1e3", "not an amount"),
        ("1_000", "not an amount"),
        ("12,5,0", "not an amount"),
        ("", "not an amount"),
        ("-5", "must not be negative"),
    ],
)
def test_what_is_not_an_amount_is_refused_by_name(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as caught:
        parse_money(text, "AMOUNT")
    assert caught.value.field == "AMOUNT"


@pytest.mark.parametrize("text", ["0001-01-01", "1969-12-31", "2201-01-01"])
def test_dates_out_of_range_are_refused_by_name(text: str) -> None:
    with pytest.raises(InputError, match="out of range") as caught:
        parse_date(text, "--on")
    assert caught.value.field == "--on"


def test_dates_in_range_are_read() -> None:
    assert parse_date(" 2026-12-04 ", "--on") == date(2026, 12, 4)


def test_a_question_without_a_terminal_names_the_option_that_answers_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(prompts, "on_terminal", lambda: False)
    with pytest.raises(InputError, match="--yes") as caught:
        prompts.ask_yes_no("Supprimer la facture F-1 ?", "fr")
    assert caught.value.field == "--yes"
    assert "pas de terminal" in str(caught.value)

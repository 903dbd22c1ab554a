"""Amounts typed on the command line: a clear error for anything that is not one."""

from __future__ import annotations

from decimal import Decimal

import pytest

from creneau.domain.errors import InputError
from creneau.interfaces.cli.parsing import parse_money


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

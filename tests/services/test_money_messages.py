"""Numbers, amounts and periods of the money reports in French and English (Babel, CLDR)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from creneau.domain.periods import parse_month, parse_quarter, span
from creneau.services import money_messages
from creneau.services.money_messages import hours_text, money, period_text, rate, say

NNBSP = "\u202f"  # narrow no-break space: French thousands separator (CLDR)
NBSP = "\xa0"  # no-break space before the euro sign


def test_amounts() -> None:
    assert money(Decimal("1234.5"), "fr") == f"1{NNBSP}234,50{NBSP}€"
    assert money(Decimal("1234.5"), "en") == "€1,234.50"
    assert money(Decimal("0"), "fr") == f"0,00{NBSP}€"
    assert rate(Decimal("31.2"), "fr") == f"31,20{NBSP}€/h"
    assert rate(Decimal("31.2"), "en") == "€31.20/h"
    assert rate(None, "en") == "—"


def test_decimal_hours() -> None:
    assert hours_text(525, "fr") == "8,75 h"
    assert hours_text(525, "en") == "8.75 h"
    assert hours_text(350, "fr") == "5,83 h"  # 5.833…
    assert hours_text(1440, "en") == "24 h"
    assert hours_text(1234 * 60 + 30, "fr") == f"1{NNBSP}234,5 h"
    assert hours_text(1234 * 60 + 30, "en") == "1,234.5 h"


def test_periods() -> None:
    assert period_text(parse_month("2026-11"), "fr") == "novembre 2026"
    assert period_text(parse_month("2026-11"), "en") == "November 2026"
    assert period_text(parse_quarter("2026-Q4"), "fr") == "4e trimestre 2026"
    assert period_text(parse_quarter("2026-Q4"), "en") == "4th quarter 2026"
    days = span(date(2026, 11, 25), date(2026, 12, 5))
    assert period_text(days, "en") == "25 November 2026 – 5 December 2026"


def test_every_text_has_both_languages() -> None:
    for key, texts in money_messages._TEXTS.items():
        assert set(texts) == {"fr", "en"}, key
    assert say("total", "fr") == "Total"
    assert say("written", "de", path="x") == "Written: x"  # English when unknown

"""The catalogues are complete and compiled; formats follow the locale; client colours
meet WCAG AA contrast; the chart's geometry."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

from creneau.interfaces.web.charts import bar_chart, nice_step
from creneau.interfaces.web.colours import PALETTE, TEXT, client_colours, contrast_ratio
from creneau.interfaces.web.i18n import LOCALES_DIR, Formats

PARIS = ZoneInfo("Europe/Paris")


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_message_is_translated_and_the_mo_is_current(language: str) -> None:
    folder = LOCALES_DIR / language / "LC_MESSAGES"
    with (folder / "messages.po").open("rb") as f:
        catalog = read_po(f, locale=language)
    untranslated = [
        m.id
        for m in catalog
        if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)))
    ]
    assert untranslated == []
    compiled = BytesIO()
    write_mo(compiled, catalog)
    with (folder / "messages.mo").open("rb") as f:
        shipped = read_mo(f)
    fresh = read_mo(BytesIO(compiled.getvalue()))

    def table(catalog: object) -> dict[object, object]:
        return {
            str(m.id): tuple(m.string) if isinstance(m.string, list | tuple) else m.string
            for m in catalog  # type: ignore[attr-defined]
            if m.id
        }

    assert table(shipped) == table(fresh)


def test_french_and_english_formats() -> None:
    moment = datetime(2026, 11, 30, 7, 30, tzinfo=ZoneInfo("UTC"))  # 08:30 in Paris
    fr, en = Formats("fr", PARIS), Formats("en", PARIS)
    assert fr.day(moment) == "lundi 30 novembre 2026"
    assert en.day(moment) == "Monday, 30 November 2026"
    assert fr.time(moment) == en.time(moment) == "08:30"
    assert fr.money(Decimal("1234.5")) == "1\u202f234,50\xa0€"
    assert en.money(Decimal("1234.5")) == "€1,234.50"
    assert fr.hours(90) == "1,5 h" and en.hours(90) == "1.5 h"


@pytest.mark.parametrize("colour", PALETTE)
def test_client_colours_meet_wcag_aa_with_the_text(colour: str) -> None:
    assert contrast_ratio(colour, TEXT) >= 4.5


def test_contrast_ratio_of_black_on_white_is_21() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_each_client_gets_its_own_colour_while_the_palette_lasts() -> None:
    ids = [f"c{i}" for i in range(len(PALETTE))]
    colours = client_colours(reversed(ids))
    assert len(set(colours.values())) == len(PALETTE)
    assert colours["c0"] == PALETTE[0]


def test_gridlines_are_round() -> None:
    assert nice_step(7) == 2
    assert nice_step(1234) == 500
    assert nice_step(0) == 1


def test_bars_scale_to_the_largest_value() -> None:
    chart = bar_chart(["2026-10", "2026-11"], [[10.0, 5.0], [0.0, 2.5]])
    first, second = (b for b in chart.bars if b.series == 0)
    assert first.height == pytest.approx(2 * second.height, abs=0.2)
    assert first.y + first.height == pytest.approx(chart.base, abs=0.2)
    assert [label for _x, label in chart.groups] == ["2026-10", "2026-11"]
    assert [v for _y, v in chart.ticks] == [0, 5, 10]

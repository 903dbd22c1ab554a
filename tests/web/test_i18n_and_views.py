"""The catalogues are complete and compiled; formats follow the locale; client colours
meet WCAG AA contrast; the chart's geometry."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

from creneau.interfaces.web.charts import bar_chart, nice_step
from creneau.interfaces.web.colours import PALETTE, STYLE, TEXT, client_colours, contrast_ratio
from creneau.interfaces.web.i18n import LOCALES_DIR, Formats
from tests.web.conftest import Web

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


def css_rule(selector: str) -> str:
    """The declarations of the style sheet's rule for ``selector`` (read here, apart from
    the app's own reading)."""
    match = re.search(rf"(?m)^{re.escape(selector)} \{{([^}}]*)\}}", STYLE.read_text("utf-8"))
    assert match, f"no rule {selector}"
    return match.group(1)


def css_value(selector: str, prop: str) -> str:
    match = re.search(rf"(?:^|[;\s]){re.escape(prop)}:\s*([^;]+);", css_rule(selector))
    assert match, f"no {prop} in {selector}"
    return match.group(1).strip()


def test_the_text_colour_of_the_client_colours_is_the_style_sheets() -> None:
    assert css_value(".item", "color") == "var(--ink)"
    assert TEXT == css_value(":root", "--ink") == "#1b1b1b"


def test_the_scenarios_twelve_clients_get_twelve_colours_readable_under_the_text(
    shared_web: Web,
) -> None:
    html = shared_web.client.get("/clients").text
    classes = re.findall(r'class="swatch (client-\d+)"', html)
    assert len(classes) == 12  # the scenario's clients, one row each
    assert "style=" not in html  # no inline style (the CSP)
    sheets = STYLE.read_text("utf-8") + shared_web.client.get("/colours.css").text
    background = dict(
        re.findall(r"\.(client-\d+), \.item\.\1 \{ background: (#[0-9a-f]{6}); \}", sheets)
    )
    swatches = [background[c] for c in classes]  # each class has its colour in a sheet
    assert len(set(swatches)) == 12
    ink, ring = css_value(":root", "--ink"), css_value(":root", "--focus")
    for colour in swatches:
        assert contrast_ratio(colour, ink) >= 4.5, colour
        assert contrast_ratio(colour, ring) >= 3, colour  # a Pin button's focus ring on it


def test_many_clients_still_get_colours_of_their_own() -> None:
    colours = client_colours(f"c{i:03d}" for i in range(60))
    assert len(set(colours.values())) == 60
    assert all(contrast_ratio(c, TEXT) >= 4.5 for c in colours.values())
    ring = css_value(":root", "--focus")
    assert all(contrast_ratio(c, ring) >= 3 for c in colours.values())


def test_the_focus_ring_stands_out_from_what_it_is_drawn_on() -> None:
    # WCAG 2.1 §1.4.11: a focus indicator needs 3:1 against the colours next to it
    ring = css_value(":root", "--focus")
    backgrounds = [css_value(":root", "--bg"), css_value(":root", "--card"), *PALETTE]
    for background in backgrounds:
        assert contrast_ratio(ring, background) >= 3, (ring, background)
    header_ring = css_value("header.top", "--focus")
    assert contrast_ratio(header_ring, css_value("header.top", "background")) >= 3
    focus_rule = next(
        line for line in STYLE.read_text("utf-8").splitlines() if ":focus-visible" in line
    )
    assert "var(--focus)" in focus_rule


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

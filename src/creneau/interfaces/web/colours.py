"""One colour per client, with text that meets WCAG 2.x AA contrast (4.5:1) on it.

The palette is light tints under dark text; past its ten colours, more tints are made
(hues a golden angle apart, each far enough from the others and still 4.5:1 with the
text). :func:`contrast_ratio` is WCAG 2.1's formula (relative luminance, §1.4.3 and its
definition of "contrast ratio").
"""

from __future__ import annotations

import colorsys
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

STYLE = Path(__file__).parent / "static" / "style.css"
"""The pages' style sheet: the one source of the page colours (its ``:root`` variables)."""


def css_colour(variable: str) -> str:
    """The ``#rrggbb`` value of a custom property of the style sheet's first rule
    (``:root``), e.g. ``css_colour("--ink")``.

    Raises:
        LookupError: the style sheet has no such property.
    """
    match = re.search(rf"{re.escape(variable)}:\s*(#[0-9a-fA-F]{{6}})\b", STYLE.read_text("utf-8"))
    if match is None:
        raise LookupError(f"{STYLE.name} has no colour {variable}")
    return match.group(1).lower()


TEXT = css_colour("--ink")
"""The text colour on every client colour (the style sheet's ``--ink``)."""
FOCUS = css_colour("--focus")
"""The keyboard focus ring's colour, drawn over client colours in the week grid."""
AA_TEXT = 4.5
"""WCAG 2.x AA's least contrast ratio for text (§1.4.3)."""
AA_FOCUS = 3.0
"""WCAG 2.1's least contrast ratio for a focus indicator (§1.4.11)."""

PALETTE: tuple[str, ...] = (
    "#cfe3ff",
    "#ffd9b3",
    "#d4f0c4",
    "#f3cdea",
    "#fff2a8",
    "#c9eef0",
    "#e3d5ff",
    "#ffd0d0",
    "#dfe8b0",
    "#d9d9d9",
)
"""Client colours, in the order clients get them (sorted by id)."""


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """WCAG relative luminance of ``#rrggbb`` (0 black to 1 white)."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(a: str, b: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _distance(a: str, b: str) -> float:
    """Euclidean distance of two ``#rrggbb`` colours in RGB (0 to 441.7)."""
    pa, pb = ([int(c[i : i + 2], 16) for i in (1, 3, 5)] for c in (a, b))
    return float(sum((x - y) ** 2 for x, y in zip(pa, pb, strict=True)) ** 0.5)


def _hex(red: float, green: float, blue: float) -> str:
    return "#" + "".join(f"{round(v * 255):02x}" for v in (red, green, blue))


@cache
def palette(count: int) -> tuple[str, ...]:
    """``count`` distinct client colours, each at least 4.5:1 with :data:`TEXT` and 3:1
    with the focus ring (:data:`FOCUS`): the :data:`PALETTE` first, then generated
    tints (hues a golden angle apart; a tint too close to one already chosen is skipped,
    the least distance shrinking when colours run short)."""
    colours = list(PALETTE[:count])
    least, step, misses = 40.0, 0, 0
    while len(colours) < count:
        hue = (0.05 + step * 0.618034) % 1
        lightness = (0.88, 0.8, 0.84, 0.76)[step % 4]
        step += 1
        tint = _hex(*colorsys.hls_to_rgb(hue, lightness, 0.75))
        far = all(_distance(tint, c) >= least for c in colours)
        readable = contrast_ratio(tint, TEXT) >= AA_TEXT
        if far and readable and contrast_ratio(tint, FOCUS) >= AA_FOCUS and tint not in colours:
            colours.append(tint)
            misses = 0
        else:
            misses += 1
            if misses > 50:
                least, misses = least / 2, 0
    return tuple(colours)


GENERATED = 100
"""How many client colours have a class (``client-N``): the :data:`PALETTE`'s in
``style.css``, the generated tints' in :func:`colours_css`; past it, colours repeat."""


@cache
def _classes() -> dict[str, str]:
    return {colour: f"client-{n}" for n, colour in enumerate(palette(GENERATED))}


def colour_class(colour: str) -> str:
    """The CSS class of a client colour (``client-N``, N its place in
    ``palette(GENERATED)``: the pages have no inline style), or empty for another colour
    (white swatch)."""
    return _classes().get(colour, "")


def colours_css() -> str:
    """The stylesheet of the generated client colours: ``.client-N`` for N from the
    :data:`PALETTE`'s length to :data:`GENERATED` - 1 (the palette's own are in
    ``style.css``)."""
    tints = palette(GENERATED)[len(PALETTE) :]
    return "".join(
        f".client-{n}, .item.client-{n} {{ background: {colour}; }}\n"
        for n, colour in enumerate(tints, start=len(PALETTE))
    )


def client_colours(client_ids: Iterable[str]) -> dict[str, str]:
    """Client id → background colour, one of its own per client, stable for a given set
    of clients (sorted ids, :func:`palette` in turn; past :data:`GENERATED` clients, the
    colours repeat)."""
    ids = sorted(set(client_ids))
    colours = palette(min(len(ids), GENERATED))
    return {cid: colours[n % len(colours)] for n, cid in enumerate(ids)}

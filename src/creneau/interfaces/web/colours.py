"""One colour per client, with text that meets WCAG 2.x AA contrast (4.5:1) on it.

The palette is light tints under dark text; :func:`contrast_ratio` is WCAG 2.1's
formula (relative luminance, §1.4.3 and its definition of "contrast ratio").
"""

from __future__ import annotations

from collections.abc import Iterable

TEXT = "#1b1b1b"
"""The text colour on every client colour."""

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


def client_colours(client_ids: Iterable[str]) -> dict[str, str]:
    """Client id → background colour, stable for a given set of clients (sorted ids,
    palette in turn)."""
    return {cid: PALETTE[i % len(PALETTE)] for i, cid in enumerate(sorted(set(client_ids)))}

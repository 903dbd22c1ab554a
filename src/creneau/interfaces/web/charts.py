"""Server-rendered SVG bar charts (pure geometry; the template draws it, escaped).

A grouped bar chart: one group per label (a month), one bar per series (income,
receipts...), heights scaled to the largest value, with a few round gridlines.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

WIDTH = 640
HEIGHT = 240
LEFT = 56
BOTTOM = 28
TOP = 12


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar: its box (SVG user units), its series and value."""

    x: float
    y: float
    width: float
    height: float
    series: int
    value: float
    label: str


@dataclass(frozen=True, slots=True)
class Chart:
    """A grouped bar chart ready to draw.

    Args:
        bars: every bar.
        ticks: ``(y, value)`` of the gridlines.
        groups: ``(x centre, label)`` of the groups.
        width, height: the SVG's size.
    """

    bars: tuple[Bar, ...]
    ticks: tuple[tuple[float, float], ...]
    groups: tuple[tuple[float, str], ...]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    base: int = HEIGHT - BOTTOM


def nice_step(top: float, count: int = 4) -> float:
    """A round gridline step (1, 2 or 5 times a power of ten) for values up to ``top``."""
    if top <= 0:
        return 1.0
    raw = top / count
    power = 10.0 ** math.floor(math.log10(raw))
    return float(next(m * power for m in (1, 2, 5, 10) if m * power >= raw))


def bar_chart(labels: list[str], series: list[list[float]]) -> Chart:
    """Lay out a grouped bar chart.

    Args:
        labels: one label per group (e.g. ``2026-11``).
        series: one list of values per series, each as long as ``labels`` (>= 0).
    """
    plot_h = HEIGHT - BOTTOM - TOP
    top = max((v for values in series for v in values), default=0.0)
    step = nice_step(top)
    scale_top = max(step * math.ceil(top / step), step)
    group_w = (WIDTH - LEFT - 8) / max(len(labels), 1)
    bar_w = group_w * 0.8 / max(len(series), 1)
    bars: list[Bar] = []
    groups: list[tuple[float, str]] = []
    for g, label in enumerate(labels):
        x0 = LEFT + g * group_w + group_w * 0.1
        groups.append((round(x0 + group_w * 0.4, 1), label))
        for s, values in enumerate(series):
            value = max(values[g], 0.0)
            h = plot_h * value / scale_top
            bars.append(
                Bar(
                    round(x0 + s * bar_w, 1),
                    round(TOP + plot_h - h, 1),
                    round(bar_w * 0.9, 1),
                    round(h, 1),
                    s,
                    value,
                    label,
                )
            )
    ticks = []
    value = 0.0
    while value <= scale_top + 1e-9:
        ticks.append((round(TOP + plot_h - plot_h * value / scale_top, 1), value))
        value += step
    return Chart(tuple(bars), tuple(ticks), tuple(groups))

"""Small inline SVG line charts: a figure over the years, drawn in Python.

The report must work offline and run no script, so charts are plain SVG
elements in the page: axes, one polyline, one circle per year with a
``<title>`` tooltip. Ranks are drawn with 1 at the top. A gap between two
years with figures is drawn dashed, so a missing year is not mistaken for a
straight-line trend. Every label is escaped.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH, HEIGHT = 420, 210
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 26, 30


@dataclass(frozen=True, slots=True)
class Point:
    year: int
    value: float
    label: str  # tooltip: the figure as printed, its source count …


def _ticks(low: float, high: float, count: int = 4, *, integer: bool = False) -> list[float]:
    if high == low:
        return [low]
    if integer:
        step = max(1, math.ceil((high - low) / count))
        return [float(v) for v in range(math.ceil(low), math.floor(high) + 1, step)]
    step = (high - low) / count
    return [low + step * i for i in range(count + 1)]


def _fmt(value: float) -> str:
    """A tick label the Vietnamese way (decimal comma)."""
    if abs(value - round(value)) < 1e-9 or abs(value) >= 100:
        return f"{value:.0f}"
    return f"{value:.1f}".replace(".", ",")


def line_chart(
    points: Sequence[Point],
    *,
    title: str,
    kind: str,
    invert: bool = False,
    y_range: tuple[float, float] | None = None,
    integer: bool = False,
) -> Markup:
    """An SVG chart of ``points`` (sorted by year here). ``kind`` names the CSS class
    (``chart-score``, ``chart-rank``); ``invert`` puts the smallest value on top
    (ranks); ``y_range`` fixes the axis (e.g. 1 … 10); ``integer`` puts ticks on whole
    numbers only."""
    pts = sorted(points, key=lambda p: p.year)
    if not pts:
        return Markup("")
    years = [p.year for p in pts]
    values = [p.value for p in pts]
    x0, x1 = min(years), max(years)
    if y_range is not None:
        y0, y1 = y_range
    else:
        y0, y1 = min(values), max(values)
        pad = (y1 - y0) * 0.15 or max(abs(y1) * 0.05, 1.0)
        y0, y1 = y0 - pad, y1 + pad
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def sx(year: float) -> float:
        return LEFT + (plot_w / 2 if x1 == x0 else (year - x0) / (x1 - x0) * plot_w)

    def sy(value: float) -> float:
        share = 0.5 if y1 == y0 else (value - y0) / (y1 - y0)
        return TOP + (share if invert else 1 - share) * plot_h

    parts = [
        f'<svg class="chart {escape(kind)}" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" '
        f'aria-label="{escape(title)}">',
        f'<text class="chart-title" x="{LEFT}" y="16">{escape(title)}</text>',
        f'<line class="axis" x1="{LEFT}" y1="{TOP + plot_h}" x2="{LEFT + plot_w}" y2="{TOP + plot_h}"/>',
        f'<line class="axis" x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}"/>',
    ]
    for tick in _ticks(y0, y1, integer=integer):
        y = sy(tick)
        parts.append(f'<line class="grid" x1="{LEFT}" y1="{y:.1f}" x2="{LEFT + plot_w}" y2="{y:.1f}"/>')
        parts.append(
            f'<text class="tick" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{_fmt(tick)}</text>'
        )
    for year in range(x0, x1 + 1):
        parts.append(
            f'<text class="tick" x="{sx(year):.1f}" y="{TOP + plot_h + 18}" '
            f'text-anchor="middle">{year}</text>'
        )
    for a, b in zip(pts, pts[1:], strict=False):
        dashed = ' stroke-dasharray="4 4"' if b.year - a.year > 1 else ""
        parts.append(
            f'<line class="series" x1="{sx(a.year):.1f}" y1="{sy(a.value):.1f}" '
            f'x2="{sx(b.year):.1f}" y2="{sy(b.value):.1f}"{dashed}/>'
        )
    for p in pts:
        parts.append(
            f'<circle class="point" cx="{sx(p.year):.1f}" cy="{sy(p.value):.1f}" r="4">'
            f"<title>{escape(p.label)}</title></circle>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))

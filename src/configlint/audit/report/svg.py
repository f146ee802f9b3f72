"""Inline SVG charts for the HTML report: drawn when the page is written, so they show without JavaScript.

Horizontal bars for counts per category, stacked columns for counts over time. Colours come from
CSS classes (the page's style sheet), every label and tooltip is escaped like any other input text,
and the geometry is rounded to 0.1 px so a report regenerated from the same database is
byte-identical.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from configlint.audit.report.sections import Bar, Chart

WIDTH = 460
LABEL = 120
VALUE = 56
ROW = 22
BAR = 14
LEGEND = 22
COLUMN_HEIGHT = 180
AXIS = 34
X_LABELS = 10


def _n(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _legend(chart: Chart, top: float, escape: Callable[[object], str]) -> list[str]:
    parts, x = [], 8.0
    for css, meaning in chart.legend:
        parts.append(f'<rect class="{css}" x="{_n(x)}" y="{_n(top + 4)}" width="10" height="10"/>')
        parts.append(f'<text class="legend" x="{_n(x + 14)}" y="{_n(top + 13)}">{escape(meaning)}</text>')
        x += 26 + 6.2 * len(meaning)
    return parts


def _svg(chart: Chart, height: float, body: list[str], escape: Callable[[object], str]) -> str:
    title = escape(chart.title)
    return "\n".join([
        (
            f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {_n(height)}" '
            f'width="{WIDTH}" height="{_n(height)}" role="img" aria-label="{title}">'
        ),
        *body, "</svg>",
    ])  # fmt: skip


def _rects(bar: Bar, place: Callable[[float, float], str]) -> list[str]:
    """One rectangle per non-zero value, stacked: ``place(start, length)`` gives its geometry."""
    parts, start = [], 0.0
    for value, css in zip(bar.values, bar.classes):
        if value:
            parts.append(f'<rect class="{css}" {place(start, value)}/>')
        start += value
    return parts


def _across(y: float, scale: float, start: float, length: float) -> str:
    """A horizontal bar's geometry (at least 1 px wide, so a small count stays visible)."""
    return f'x="{_n(LABEL + start * scale)}" y="{_n(y)}" width="{_n(max(length * scale, 1.0))}" height="{BAR}"'


def _upward(x: float, width: float, base: float, scale: float, start: float, length: float) -> str:
    """A column's geometry, growing up from ``base``."""
    return f'x="{_n(x)}" y="{_n(base - (start + length) * scale)}" width="{_n(width)}" height="{_n(max(length * scale, 1.0))}"'


def bar_chart(chart: Chart, escape: Callable[[object], str]) -> str:
    """Horizontal (stacked) bars, one row per category, the total at the end of each bar."""
    largest = max((sum(bar.values) for bar in chart.bars), default=0) or 1
    scale = (WIDTH - LABEL - VALUE) / largest
    body = []
    for index, bar in enumerate(chart.bars):
        y = 6 + index * ROW
        middle = y + BAR / 2 + 4
        body.append(f"<g><title>{escape(bar.tooltip)}</title>")
        body.append(f'<text class="label" x="{LABEL - 8}" y="{_n(middle)}">{escape(bar.label)}</text>')
        body += _rects(bar, partial(_across, y, scale))
        total = sum(bar.values)
        body.append(f'<text class="value" x="{_n(LABEL + total * scale + 6)}" y="{_n(middle)}">{total:,}</text></g>')
    height = 12 + len(chart.bars) * ROW
    if chart.legend:
        body += _legend(chart, height - 6, escape)
        height += LEGEND
    return _svg(chart, height, body, escape)


def column_chart(chart: Chart, escape: Callable[[object], str]) -> str:
    """Stacked columns left to right in time, the first series at the bottom; a few dates under them."""
    largest = max((sum(bar.values) for bar in chart.bars), default=0) or 1
    plot = WIDTH - AXIS - 8
    slot = plot / max(len(chart.bars), 1)
    width = min(28.0, slot * 0.7)
    scale = COLUMN_HEIGHT / largest
    base = 10 + COLUMN_HEIGHT
    body = [
        f'<line class="axis" x1="{AXIS}" y1="{base}" x2="{WIDTH - 4}" y2="{base}"/>',
        f'<text class="tick" x="{AXIS - 6}" y="{base}">0</text>',
        f'<text class="tick" x="{AXIS - 6}" y="14">{largest:,}</text>',
    ]
    every = max(1, -(-len(chart.bars) // X_LABELS))
    for index, bar in enumerate(chart.bars):
        x = AXIS + index * slot + (slot - width) / 2
        body.append(f"<g><title>{escape(bar.tooltip)}</title>")
        body += _rects(bar, partial(_upward, x, width, base, scale))
        body.append("</g>")
        if index % every == 0:
            body.append(f'<text class="date" x="{_n(x + width / 2)}" y="{base + 16}">{escape(bar.label)}</text>')
    height = base + 24
    if chart.legend:
        body += _legend(chart, height - 4, escape)
        height += LEGEND
    return _svg(chart, height, body, escape)


def render_chart(chart: Chart, escape: Callable[[object], str]) -> str:
    return (column_chart if chart.columns else bar_chart)(chart, escape)

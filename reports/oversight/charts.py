"""Server-rendered SVG charts for the oversight dashboard: no JavaScript, no chart library.

Every chart is an `<svg role="img">` with a `<title>` and a `<desc>` (what a screen reader announces) and scales
with its container (`viewBox`, width 100%), so it reads on a phone; the page shows every figure in a table as well.
Text is escaped here: labels are unit names and period labels, never markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import count

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_ids = count(1)

# Colours from Wagtail's admin palette (readable on white, 4.5:1 or better for text).
BAR_COLOUR = "#007d7e"
BAR_LOW_COLOUR = "#cd4444"
LINE_COLOUR = "#2e1f5e"
GRID_COLOUR = "#c8c8c8"
TEXT_COLOUR = "#262626"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float  # 0–100 (percent)


def _number(value: float) -> str:
    """“87,5”: one decimal, Vietnamese decimal comma, no “,0”."""
    text = f"{value:.1f}".replace(".", ",")
    return text[:-2] if text.endswith(",0") else text


def percent_text(value: float | None) -> str:
    return "—" if value is None else f"{_number(value)}%"


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _open(width: float, height: float, title: str, desc: str, css_class: str) -> tuple[str, list[str]]:
    ident = next(_ids)
    title_id, desc_id = f"chart-title-{ident}", f"chart-desc-{ident}"
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="oversight-chart {css_class}" role="img" '
        f'viewBox="0 0 {_fmt(width)} {_fmt(height)}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'aria-labelledby="{title_id} {desc_id}" font-family="inherit">'
    )
    return head, [f'<title id="{title_id}">{escape(title)}</title>', f'<desc id="{desc_id}">{escape(desc)}</desc>']


def bar_chart(bars: Sequence[Bar], *, title: str, desc: str, low: float = 50.0) -> SafeString:
    """Horizontal bars, one per unit (the label left, the bar, the percent right): long Vietnamese names stay
    readable on a phone, which vertical bars would not. Bars under `low` percent are red."""
    row, label_width, bar_width, value_width, top = 30, 210, 190, 56, 24
    width = label_width + bar_width + value_width
    height = top + row * max(len(bars), 1) + 8
    head, parts = _open(width, height, title, desc, "oversight-chart--bars")
    for tick in (0, 25, 50, 75, 100):
        x = label_width + bar_width * tick / 100
        parts.append(
            f'<line x1="{_fmt(x)}" y1="{top - 4}" x2="{_fmt(x)}" y2="{_fmt(height - 8)}" stroke="{GRID_COLOUR}" '
            f'stroke-width="1" aria-hidden="true"/>'
        )
        parts.append(
            f'<text x="{_fmt(x)}" y="{top - 8}" font-size="11" text-anchor="middle" fill="{TEXT_COLOUR}" '
            f'aria-hidden="true">{tick}%</text>'
        )
    for index, bar in enumerate(bars):
        y = top + index * row
        value = max(0.0, min(100.0, bar.value))
        name = bar.label if len(bar.label) <= 25 else bar.label[:24] + "…"
        colour = BAR_LOW_COLOUR if value < low else BAR_COLOUR
        rect = (
            f'<rect class="oversight-chart__bar" x="{label_width}" y="{y + 5}" width="{_fmt(bar_width * value / 100)}" '
            f'height="{row - 10}" fill="{colour}"><title>{escape(bar.label)}: {percent_text(bar.value)}</title></rect>'
        )
        parts.append(
            f'<text x="{label_width - 8}" y="{y + row / 2 + 5}" font-size="14" text-anchor="end" '
            f'fill="{TEXT_COLOUR}">{escape(name)}</text>'
        )
        parts.append(rect)  # no link: a role="img" holds nothing focusable; the table's rows link to the units
        parts.append(
            f'<text x="{_fmt(label_width + bar_width * value / 100 + 6)}" y="{y + row / 2 + 5}" font-size="14" '
            f'fill="{TEXT_COLOUR}">{percent_text(bar.value)}</text>'
        )
    return mark_safe(head + "".join(parts) + "</svg>")


def line_chart(labels: Sequence[str], values: Sequence[float | None], *, title: str, desc: str) -> SafeString:
    """A line over periods (0–100 %), a dot per period with a value; a gap where a value is None."""
    width, height, left, right, top, bottom = 560, 220, 40, 24, 14, 40
    plot_width, plot_height = width - left - right, height - top - bottom
    head, parts = _open(width, height, title, desc, "oversight-chart--line")
    for tick in (0, 25, 50, 75, 100):
        y = top + plot_height * (1 - tick / 100)
        parts.append(
            f'<line x1="{left}" y1="{_fmt(y)}" x2="{width - right}" y2="{_fmt(y)}" stroke="{GRID_COLOUR}" '
            f'stroke-width="1" aria-hidden="true"/>'
        )
        parts.append(
            f'<text x="{left - 6}" y="{_fmt(y + 4)}" font-size="11" text-anchor="end" fill="{TEXT_COLOUR}" '
            f'aria-hidden="true">{tick}%</text>'
        )
    step = plot_width / max(len(labels) - 1, 1)
    points = []
    for index, value in enumerate(values):
        x = left + step * index if len(labels) > 1 else left + plot_width / 2
        points.append(None if value is None else (x, top + plot_height * (1 - max(0.0, min(100.0, value)) / 100)))
    segment: list[str] = []
    for point in [*points, None]:
        if point is None:
            if len(segment) > 1:
                parts.append(
                    f'<polyline points="{" ".join(segment)}" fill="none" stroke="{LINE_COLOUR}" stroke-width="2.5" '
                    f'aria-hidden="true"/>'
                )
            segment = []
        else:
            segment.append(f"{_fmt(point[0])},{_fmt(point[1])}")
    for label, value, point in zip(labels, values, points, strict=True):
        if point is not None:
            parts.append(
                f'<circle class="oversight-chart__point" cx="{_fmt(point[0])}" cy="{_fmt(point[1])}" r="4" '
                f'fill="{LINE_COLOUR}"><title>{escape(label)}: {percent_text(value)}</title></circle>'
            )
    every = 1 if len(labels) <= 6 else 2  # every other label on a year of months: readable on a phone
    for index, label in enumerate(labels):
        if (len(labels) - 1 - index) % every:
            continue  # counted from the last (the running month), which is always labelled
        x = left + step * index if len(labels) > 1 else left + plot_width / 2
        anchor = "end" if index == len(labels) - 1 and len(labels) > 1 else "middle"
        parts.append(
            f'<text x="{_fmt(x)}" y="{height - bottom + 18}" font-size="11" text-anchor="{anchor}" '
            f'fill="{TEXT_COLOUR}" aria-hidden="true">{escape(label)}</text>'
        )
    return mark_safe(head + "".join(parts) + "</svg>")


def sparkline(values: Sequence[float | None], *, label: str) -> SafeString:
    """A small trend line for a table cell; the cell's text (or `label`) says the same in words."""
    width, height, pad = 96, 24, 2
    head, parts = _open(width, height, label, label, "oversight-chart--spark")
    step = (width - 2 * pad) / max(len(values) - 1, 1)
    points = [
        f"{_fmt(pad + step * index)},{_fmt(pad + (height - 2 * pad) * (1 - max(0.0, min(100.0, value)) / 100))}"
        for index, value in enumerate(values)
        if value is not None
    ]
    if len(points) > 1:
        parts.append(
            f'<polyline class="oversight-chart__spark" points="{" ".join(points)}" fill="none" '
            f'stroke="{LINE_COLOUR}" stroke-width="1.5"/>'
        )
    elif points:
        x, y = points[0].split(",")
        parts.append(f'<circle class="oversight-chart__spark" cx="{x}" cy="{y}" r="2" fill="{LINE_COLOUR}"/>')
    return mark_safe(head + "".join(parts) + "</svg>")

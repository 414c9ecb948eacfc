"""Charts drawn on the server as inline SVG: no scripts, no fonts, nothing fetched.

Every chart names itself for assistive technology (role="img", aria-label, <title>, <desc>);
the page that shows one also shows the same figures as a table. All text is escaped here, so
the markup can be placed in a page as it is.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
MAX_LABELS = 12  # more bars than this: only every n-th label, so they never overlap


@dataclass(frozen=True)
class Bar:
    label: str  # under a column, or left of a row
    value: float
    text: str = ""  # the value as it is shown; the plain number when empty
    detail: str = ""  # a second line under a column's label, e.g. the year

    @property
    def shown(self) -> str:
        return self.text or _number(self.value)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}"


def _open(title: str, description: str, width: int, height: int) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img"'
        f' aria-label="{escape(title)}" viewBox="0 0 {width} {height}"'
        f' preserveAspectRatio="xMidYMid meet" font-family="{escape(FONT)}" font-size="11">',
        f"<title>{escape(title)}</title>",
        f"<desc>{escape(description)}</desc>",
    ]


def _tooltip(bar: Bar) -> str:
    name = f"{bar.label} {bar.detail}".strip()
    return f"<title>{escape(name)}: {escape(bar.shown)}</title>"


def column_chart(
    bars: Sequence[Bar], *, title: str, description: str, width: int = 360, height: int = 180
) -> str:
    """Vertical bars, one per entry in order (e.g. one per month), each with its value on top."""
    top, bottom, side = 16, 34, 2
    plot_height = height - top - bottom
    slot = (width - 2 * side) / max(len(bars), 1)
    highest = max((bar.value for bar in bars), default=0) or 1
    every = math.ceil(len(bars) / MAX_LABELS) if bars else 1
    parts = _open(title, description, width, height)
    baseline = top + plot_height
    for index, bar in enumerate(bars):
        x = side + index * slot
        bar_height = plot_height * max(bar.value, 0) / highest
        centre = x + slot / 2
        parts.append(
            f'<rect class="bar" x="{x + slot * 0.15:.1f}" y="{baseline - bar_height:.1f}"'
            f' width="{slot * 0.7:.1f}" height="{bar_height:.1f}" fill="#7a2e12">'
            f"{_tooltip(bar)}</rect>"
        )
        if bar.value and every == 1:
            parts.append(
                f'<text class="value" x="{centre:.1f}" y="{baseline - bar_height - 4:.1f}"'
                f' text-anchor="middle">{escape(bar.shown)}</text>'
            )
        if index % every == 0:
            parts.append(_column_label(bar, centre, baseline))
    parts.append(
        f'<line class="axis" x1="{side}" x2="{width - side}" y1="{baseline}" y2="{baseline}"'
        ' stroke="#555" stroke-width="1"/>'
    )
    parts.append("</svg>")
    return "".join(parts)


def _column_label(bar: Bar, centre: float, baseline: float) -> str:
    label = (
        f'<text class="label" x="{centre:.1f}" y="{baseline + 14}" text-anchor="middle">'
        f"{escape(bar.label)}</text>"
    )
    if bar.detail:
        label += (
            f'<text class="label detail" x="{centre:.1f}" y="{baseline + 28}"'
            f' text-anchor="middle">{escape(bar.detail)}</text>'
        )
    return label


def row_chart(
    bars: Sequence[Bar],
    *,
    title: str,
    description: str,
    maximum: float | None = None,
    width: int = 360,
) -> str:
    """Horizontal bars, one row per entry: label on the left, bar, value on the right."""
    row, label_width, value_width = 24, width * 0.3, width * 0.28
    height = row * max(len(bars), 1) + 8
    scale = maximum or max((bar.value for bar in bars), default=0) or 1
    track = width - label_width - value_width
    parts = _open(title, description, width, height)
    for index, bar in enumerate(bars):
        y = 4 + index * row
        length = track * min(max(bar.value, 0) / scale, 1)
        parts.append(
            f'<text class="label" x="{label_width - 6:.1f}" y="{y + 16}" text-anchor="end">'
            f"{escape(bar.label)}</text>"
            f'<rect class="bar" x="{label_width:.1f}" y="{y + 4}" width="{length:.1f}"'
            f' height="{row - 8}" fill="#7a2e12">{_tooltip(bar)}</rect>'
            f'<text class="value" x="{label_width + length + 4:.1f}" y="{y + 16}">'
            f"{escape(bar.shown)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)

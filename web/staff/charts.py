"""Server-rendered horizontal bar charts (SVG geometry for ``pages/staff/_bar_chart.html``) with a data table.

Every chart is drawn from the same rows that fill its table, so the picture and the accessible table agree.
Colours have at least 3:1 contrast against white (WCAG 1.4.11, graphical objects).
"""

from dataclasses import dataclass, field

PALETTE = ["#0b4f9c", "#b35900", "#0a6b2e", "#6b2fa3", "#a4001d", "#4d4d4d"]
# Used and free capacity: the free part is background, its number is in the caption and the table.
USED_AND_FREE = ["#0b4f9c", "#dde3ea"]
# Each row is a label line above its bar, so a phone-width chart keeps readable text without a label column.
WIDTH = 400
VALUE_WIDTH = 215  # room for a caption such as "12 / 30 · 12 auf der Warteliste" at the chart's font size
ROW_HEIGHT = 44
BAR_OFFSET = 19
BAR_HEIGHT = 16
TOP = 4


@dataclass
class Segment:
    x: float
    width: float
    color: str
    series: str
    value: int


@dataclass
class BarRow:
    label: str
    short_label: str
    y: float
    text_y: float
    bar_y: float
    bar_text_y: float
    segments: list[Segment]
    caption: str


@dataclass
class Chart:
    id: str
    title: str
    height: int
    rows: list[BarRow]
    legend: list[tuple[str, str]]
    headers: list[str]
    table: list[list[object]]
    empty_text: str
    width: int = WIDTH
    bar_height: int = BAR_HEIGHT
    value_x: int = field(default=WIDTH - VALUE_WIDTH + 6)


def _short(label: str, limit: int = 48) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def bar_chart(
    *,
    chart_id: str,
    title: str,
    label_header: str,
    series: list[str],
    rows: list[tuple[str, list[int], str]],
    empty_text: str,
    palette: list[str] | None = None,
) -> Chart:
    """A chart with one bar per row, stacked by series; each row is ``(label, values per series, caption)``."""
    palette = palette or PALETTE
    colors = {name: palette[index % len(palette)] for index, name in enumerate(series)}
    largest = max((sum(values) for _label, values, _caption in rows), default=0) or 1
    span = WIDTH - VALUE_WIDTH
    bar_rows = []
    for index, (label, values, caption) in enumerate(rows):
        y = TOP + index * ROW_HEIGHT
        x = 0.0
        segments = []
        for name, value in zip(series, values, strict=True):
            width = span * value / largest
            if value:
                segment = Segment(x=round(x, 1), width=round(width, 1), color=colors[name], series=name, value=value)
                segments.append(segment)
            x += width
        bar_rows.append(
            BarRow(
                label=label,
                short_label=_short(label),
                y=y,
                text_y=y + 14,
                bar_y=y + BAR_OFFSET,
                bar_text_y=y + BAR_OFFSET + 13,
                segments=segments,
                caption=caption,
            )
        )
    return Chart(
        id=chart_id,
        title=title,
        height=TOP * 2 + max(len(rows), 1) * ROW_HEIGHT,
        rows=bar_rows,
        legend=[(name, colors[name]) for name in series] if len(series) > 1 else [],
        headers=[label_header, *series],
        table=[[label, *values] for label, values, _caption in rows],
        empty_text=empty_text,
    )

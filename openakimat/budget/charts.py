"""Charts of the budget pages, drawn on the server as inline SVG.

Each chart is an image with a title and a description for screen readers (`role="img"` named by its
`<title>` and `<desc>`); the page prints the same numbers in a table next to it, so the picture is
never the only way to read them. The SVG is built with ElementTree, which escapes every label and
always yields well-formed markup. Colours come from the stylesheet through class names, so the
low-vision mode can change them.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from xml.etree import ElementTree as ET

from django.utils.safestring import SafeString, mark_safe

SVG_NS = "http://www.w3.org/2000/svg"
Number = Decimal | int | float


@dataclass(frozen=True)
class Bar:
    """One bar: what it stands for, its value, and the value as the page writes it."""

    label: str
    value: Number
    text: str


def _svg(chart_id: str, width: int, height: int, title: str, description: str, css_class: str) -> ET.Element:
    svg = ET.Element(
        "svg",
        {
            "xmlns": SVG_NS,
            "id": chart_id,
            "class": f"chart {css_class}",
            "viewBox": f"0 0 {width} {height}",
            "role": "img",
            "aria-labelledby": f"{chart_id}-title {chart_id}-desc",
            "preserveAspectRatio": "xMinYMin meet",
        },
    )
    ET.SubElement(svg, "title", {"id": f"{chart_id}-title"}).text = title
    ET.SubElement(svg, "desc", {"id": f"{chart_id}-desc"}).text = description
    return svg


def _text(parent: ET.Element, x: float, y: float, value: str, **attrs: str) -> ET.Element:
    node = ET.SubElement(parent, "text", {"x": _n(x), "y": _n(y), **attrs})
    node.text = value
    return node


def _n(value: float) -> str:
    """A coordinate with at most one decimal: enough for a picture, short in the page."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _render(svg: ET.Element) -> SafeString:
    return mark_safe(ET.tostring(svg, encoding="unicode", short_empty_elements=True))  # noqa: S308 — built here, escaped by ElementTree


def _scale(values: Sequence[Number]) -> float:
    top = max((float(v) for v in values), default=0.0)
    return top if top > 0 else 1.0


BAR_WIDTH = 640
BAR_ROW = 46
BAR_THICKNESS = 16
BAR_ROOM_FOR_VALUE = 150  # the value is written after the bar's end


def bar_chart(bars: Sequence[Bar], *, chart_id: str, title: str, description: str) -> SafeString:
    """Horizontal bars, longest for the largest value, each with its label above it and its value
    after it. Lengths are proportional to the values (zero is no bar)."""
    height = max(len(bars), 1) * BAR_ROW + 8
    svg = _svg(chart_id, BAR_WIDTH, height, title, description, "chart-bars")
    top = _scale([b.value for b in bars])
    room = BAR_WIDTH - BAR_ROOM_FOR_VALUE
    for i, bar in enumerate(bars):
        y = i * BAR_ROW
        row = ET.SubElement(svg, "g", {"class": "chart-row"})
        _text(row, 0, y + 16, bar.label, **{"class": "chart-label"})
        length = max(float(bar.value), 0.0) / top * room
        ET.SubElement(
            row,
            "rect",
            {"class": "chart-bar", "x": "0", "y": _n(y + 22), "width": _n(length), "height": str(BAR_THICKNESS)},
        )
        _text(row, length + 6, y + 22 + BAR_THICKNESS - 3, bar.text, **{"class": "chart-value"})
    return _render(svg)


COL_WIDTH = 640
COL_HEIGHT = 220
COL_TOP = 24  # room for the label of the largest value
COL_BOTTOM = 26  # room for the labels of the columns


def column_chart(columns: Sequence[Bar], *, chart_id: str, title: str, description: str) -> SafeString:
    """Vertical columns in order (months of a year), heights proportional to the values; the largest
    value is written over a guide line at its height."""
    svg = _svg(chart_id, COL_WIDTH, COL_HEIGHT, title, description, "chart-columns")
    top = _scale([c.value for c in columns])
    plot = COL_HEIGHT - COL_TOP - COL_BOTTOM
    base = COL_HEIGHT - COL_BOTTOM
    step = COL_WIDTH / max(len(columns), 1)
    peak = max(columns, key=lambda c: float(c.value), default=None)
    if peak is not None and float(peak.value) > 0:
        ET.SubElement(
            svg,
            "line",
            {"class": "chart-guide", "x1": "0", "x2": str(COL_WIDTH), "y1": str(COL_TOP), "y2": str(COL_TOP)},
        )
        _text(svg, 0, COL_TOP - 6, peak.text, **{"class": "chart-value"})
    for i, column in enumerate(columns):
        h = max(float(column.value), 0.0) / top * plot
        x = i * step
        ET.SubElement(
            svg,
            "rect",
            {
                "class": "chart-bar",
                "x": _n(x + step * 0.15),
                "y": _n(base - h),
                "width": _n(step * 0.7),
                "height": _n(h),
            },
        )
        _text(svg, x + step / 2, COL_HEIGHT - 8, column.label, **{"class": "chart-label", "text-anchor": "middle"})
    ET.SubElement(
        svg, "line", {"class": "chart-axis", "x1": "0", "x2": str(COL_WIDTH), "y1": str(base), "y2": str(base)}
    )
    return _render(svg)


STEP_WIDTH = 640
STEP_HEIGHT = 200
STEP_LEFT = 48
STEP_RIGHT = 16
STEP_TOP = 12
STEP_BOTTOM = 28


def step_chart(
    points: Sequence[tuple[date, int]],
    *,
    chart_id: str,
    title: str,
    description: str,
    date_labels: tuple[str, str],
) -> SafeString:
    """Progress (0–100 %) as a step line over dates: it holds each reported value until the next
    report. `date_labels` are the first and last dates as the page writes them."""
    svg = _svg(chart_id, STEP_WIDTH, STEP_HEIGHT, title, description, "chart-steps")
    plot_w = STEP_WIDTH - STEP_LEFT - STEP_RIGHT
    plot_h = STEP_HEIGHT - STEP_TOP - STEP_BOTTOM
    base = STEP_TOP + plot_h
    for percent in (0, 50, 100):
        y = base - percent / 100 * plot_h
        ET.SubElement(
            svg,
            "line",
            {
                "class": "chart-guide",
                "x1": str(STEP_LEFT),
                "x2": str(STEP_WIDTH - STEP_RIGHT),
                "y1": _n(y),
                "y2": _n(y),
            },
        )
        _text(svg, STEP_LEFT - 6, y + 5, f"{percent} %", **{"class": "chart-label", "text-anchor": "end"})
    if not points:
        return _render(svg)
    first, last = points[0][0], points[-1][0]
    span = max((last - first).days, 1)

    def x_of(day: date) -> float:
        return STEP_LEFT + (day - first).days / span * plot_w

    def y_of(value: int) -> float:
        return base - max(0, min(value, 100)) / 100 * plot_h

    coords: list[str] = []
    for i, (day, value) in enumerate(points):
        if i:
            coords.append(f"{_n(x_of(day))},{_n(y_of(points[i - 1][1]))}")
        coords.append(f"{_n(x_of(day))},{_n(y_of(value))}")
    if len(points) == 1:
        coords.append(f"{_n(STEP_WIDTH - STEP_RIGHT)},{_n(y_of(points[0][1]))}")
    ET.SubElement(svg, "polyline", {"class": "chart-line", "points": " ".join(coords), "fill": "none"})
    for day, value in points:
        ET.SubElement(svg, "circle", {"class": "chart-point", "cx": _n(x_of(day)), "cy": _n(y_of(value)), "r": "4"})
    _text(svg, STEP_LEFT, STEP_HEIGHT - 6, date_labels[0], **{"class": "chart-label"})
    _text(
        svg, STEP_WIDTH - STEP_RIGHT, STEP_HEIGHT - 6, date_labels[1], **{"class": "chart-label", "text-anchor": "end"}
    )
    return _render(svg)

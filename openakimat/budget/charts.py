"""Charts of the budget pages, drawn on the server.

Amounts by group and by month are a *bar list* (`bar_list`): HTML rows whose labels and values are
text in the page's flow, so on a phone they wrap and keep the reading size (and grow with the chosen
text size) instead of shrinking with a picture; only each bar's length is a small SVG (an attribute,
which the content security policy allows where an inline style would not be).

A project's progress is inline SVG: an image with a title and a description for screen readers
(`role="img"` named by its `<title>` and `<desc>`); the page prints the same numbers in a table next
to it, so the picture is never the only way to read them. The SVG is built with ElementTree, which
escapes every label and always yields well-formed markup. Colours come from the stylesheet through class names, so the
low-vision mode can change them.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from xml.etree import ElementTree as ET

from django.utils.html import format_html, format_html_join
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


BAR_LIST_SCALE = 1000  # the bar's box is this many units wide, stretched to the row's width


def bar_list(bars: Sequence[Bar], *, chart_id: str, title: str) -> SafeString:
    """A figure titled `title` with one row per bar: its label, then a bar whose length is
    proportional to the value (the largest fills the row; zero and below draw none) and the value as
    the page writes it. Screen readers read the label and the value; the bar is hidden from them."""
    top = _scale([b.value for b in bars])
    rows = format_html_join(
        "\n",
        '<li><span class="bar-list-label">{}</span><span class="bar-list-row">'
        '<svg class="bar-list-bar" viewBox="0 0 {} 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">'
        '<rect class="chart-bar" width="{}" height="10"/></svg>'
        '<span class="bar-list-value">{}</span></span></li>',
        ((bar.label, BAR_LIST_SCALE, _n(max(float(bar.value), 0.0) / top * BAR_LIST_SCALE), bar.text) for bar in bars),
    )
    return format_html(
        '<figure class="bar-list" id="{}" aria-labelledby="{}-title"><figcaption id="{}-title">{}</figcaption>'
        "<ol>{}</ol></figure>",
        chart_id,
        chart_id,
        chart_id,
        title,
        rows,
    )


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

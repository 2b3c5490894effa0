"""The server-drawn SVG charts: well-formed, named for screen readers, bars proportional to values."""

from datetime import date
from decimal import Decimal
from xml.etree import ElementTree as ET

from openakimat.budget.charts import Bar, bar_chart, column_chart, step_chart

NS = {"svg": "http://www.w3.org/2000/svg"}


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 — our own output


def test_bar_chart_is_a_named_image_with_proportional_bars():
    bars = [
        Bar("04 Education", Decimal("900000"), "900 000"),
        Bar("12 Transport <roads>", Decimal("300000"), "300 000"),
        Bar("13 Other", Decimal(0), "0"),
    ]
    root = parse(bar_chart(bars, chart_id="g", title="Paid by group", description="Bars & numbers"))
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "g-title g-desc"
    assert root.find("svg:title", NS).text == "Paid by group"
    assert root.find("svg:desc", NS).text == "Bars & numbers"
    widths = [float(r.get("width")) for r in root.iter("{http://www.w3.org/2000/svg}rect")]
    assert widths[0] > 0 and abs(widths[0] / widths[1] - 3) < 0.01  # one decimal of rounding
    assert widths[2] == 0
    labels = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "12 Transport <roads>" in labels and "900 000" in labels


def test_bar_chart_escapes_labels_in_markup():
    svg = bar_chart([Bar("<script>x</script>", 1, "1")], chart_id="x", title="t", description="d")
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_column_chart_heights_are_proportional_and_months_labelled():
    columns = [Bar(f"m{m}", Decimal(m * 10), str(m * 10)) for m in range(1, 13)]
    root = parse(column_chart(columns, chart_id="m", title="Monthly", description="d"))
    rects = list(root.iter("{http://www.w3.org/2000/svg}rect"))
    assert len(rects) == 12
    heights = [float(r.get("height")) for r in rects]
    assert abs(heights[11] / heights[0] - 12) < 0.1
    # Each column stands on the same base line.
    bases = {round(float(r.get("y")) + float(r.get("height")), 1) for r in rects}
    assert len(bases) == 1
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "m1" in texts and "m12" in texts and "120" in texts  # the largest value over its guide


def test_column_chart_of_nothing_paid_draws_flat_columns():
    root = parse(column_chart([Bar("m", 0, "0")] * 12, chart_id="z", title="t", description="d"))
    assert {r.get("height") for r in root.iter("{http://www.w3.org/2000/svg}rect")} == {"0"}


def test_step_chart_holds_each_value_until_the_next_report():
    points = [(date(2026, 4, 1), 0), (date(2026, 5, 1), 40), (date(2026, 6, 1), 100)]
    root = parse(step_chart(points, chart_id="p", title="Progress", description="d", date_labels=("1.4", "1.6")))
    line = root.find("svg:polyline", NS).get("points").split()
    # Five vertices: each report, and a step before each change.
    assert len(line) == 5
    ys = [float(p.split(",")[1]) for p in line]
    assert ys[0] == ys[1] > ys[2] == ys[3] > ys[4]  # 0 %, held, 40 %, held, 100 % (y grows downwards)
    assert len(list(root.iter("{http://www.w3.org/2000/svg}circle"))) == 3
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert {"0 %", "50 %", "100 %", "1.4", "1.6"} <= set(texts)

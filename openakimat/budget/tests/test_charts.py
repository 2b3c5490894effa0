"""The server-drawn SVG charts: well-formed, named for screen readers, bars proportional to values."""

from datetime import date
from decimal import Decimal
from xml.etree import ElementTree as ET

from openakimat.budget.charts import Bar, bar_list, step_chart

NS = {"svg": "http://www.w3.org/2000/svg"}


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 — our own output


def test_bar_list_writes_labels_and_values_as_text_with_proportional_bars():
    bars = [
        Bar("04 Education", Decimal("900000"), "900 000"),
        Bar("12 Transport <roads>", Decimal("300000"), "300 000"),
        Bar("13 Other", Decimal(0), "0"),
        Bar("14 Correction", Decimal(-5), "-5"),
    ]
    root = parse(bar_list(bars, chart_id="g", title="Paid by group"))
    assert root.tag == "figure" and root.get("aria-labelledby") == "g-title"
    assert root.find("figcaption").text == "Paid by group"
    rows = root.findall("ol/li")
    assert [r.find("span[@class='bar-list-label']").text for r in rows] == [
        "04 Education",
        "12 Transport <roads>",
        "13 Other",
        "14 Correction",
    ]
    assert [r.find(".//span[@class='bar-list-value']").text for r in rows] == ["900 000", "300 000", "0", "-5"]
    widths = [float(r.find(".//rect").get("width")) for r in rows]
    assert widths == [1000, 333.3, 0, 0]  # the largest fills the row; nothing below zero is drawn
    # The bars are pictures of the text beside them: hidden from screen readers.
    assert {r.find(".//svg").get("aria-hidden") for r in rows} == {"true"}


def test_bar_list_escapes_labels_and_title():
    html = bar_list([Bar("<script>x</script>", 1, "1")], chart_id="x", title="<b>t</b>")
    assert "<script>" not in html and "&lt;script&gt;" in html and "&lt;b&gt;" in html


def test_bar_list_of_nothing_paid_draws_empty_bars():
    root = parse(bar_list([Bar("m", 0, "0")] * 12, chart_id="z", title="t"))
    assert {r.get("width") for r in root.iter("rect")} == {"0"}


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

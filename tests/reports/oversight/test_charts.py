"""The SVG charts parse as XML, carry a title and description for screen readers, and draw what they are given."""

from __future__ import annotations

from xml.etree import ElementTree

from reports.oversight.charts import Bar, bar_chart, line_chart, percent_text, sparkline

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg) -> ElementTree.Element:
    return ElementTree.fromstring(str(svg))


def test_bar_chart_has_one_bar_per_unit_sized_by_percent():
    svg = parse(
        bar_chart(
            [Bar("Phường Ninh Sơn", 80), Bar("Phường Hiệp Ninh", 40), Bar("Xã <b>", 120)],
            title="Điểm các đơn vị",
            desc="Tỷ lệ điểm",
        )
    )
    assert svg.get("role") == "img"
    assert svg.find(f"{SVG}title").text == "Điểm các đơn vị" and svg.find(f"{SVG}desc").text == "Tỷ lệ điểm"
    bars = svg.findall(f".//{SVG}rect[@class='oversight-chart__bar']")
    assert [float(bar.get("width")) for bar in bars] == [152.0, 76.0, 190.0]  # capped at 100 %
    assert bars[1].get("fill") != bars[0].get("fill")  # under 50 % stands out
    assert svg.find(f".//{SVG}a") is None  # nothing focusable inside role="img" (axe: nested-interactive)
    assert "Xã <b>" in [text.text for text in svg.iter(f"{SVG}text")]  # escaped, then parsed back as text


def test_line_chart_has_a_point_per_value_and_breaks_at_gaps():
    svg = parse(line_chart(["1/26", "2/26", "3/26", "4/26"], [50, None, 70, 90.5], title="Xu hướng", desc="Theo tháng"))
    assert len(svg.findall(f".//{SVG}circle")) == 3
    lines = svg.findall(f".//{SVG}polyline")
    assert len(lines) == 1 and len(lines[0].get("points").split()) == 2  # 3/26–4/26; 1/26 stands alone
    labels = [title.text for title in svg.iter(f"{SVG}title")]
    assert "4/26: 90,5%" in labels


def test_ids_are_unique_per_chart():
    first, second = parse(sparkline([1, 2], label="a")), parse(sparkline([3, 4], label="b"))
    assert first.get("aria-labelledby") != second.get("aria-labelledby")


def test_sparkline_of_a_new_unit_and_percent_text():
    assert len(parse(sparkline([None, None, 60], label="Xu hướng")).findall(f".//{SVG}circle")) == 1
    assert parse(sparkline([None, None], label="Xu hướng")).find(f".//{SVG}polyline") is None
    assert percent_text(87.0) == "87%" and percent_text(87.46) == "87,5%" and percent_text(None) == "—"

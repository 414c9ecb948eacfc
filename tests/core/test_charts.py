"""Server-side SVG charts: valid markup, named for screen readers, one bar per entry, escaped."""

import xml.etree.ElementTree as ET

import pytest

from tafelrunde.core.charts import MAX_LABELS, Bar, column_chart, row_chart

SVG = "{http://www.w3.org/2000/svg}"
MONTHS = [Bar("Jan", 3, detail="2025"), Bar("Feb", 0), Bar("Mar", 5), Bar("Apr", 1)]


def parsed(markup: str) -> ET.Element:
    return ET.fromstring(markup)


def bars_of(svg: ET.Element) -> list[ET.Element]:
    return [rect for rect in svg.iter(f"{SVG}rect") if rect.get("class") == "bar"]


def texts(svg: ET.Element, css_class: str) -> list[str]:
    return [t.text for t in svg.iter(f"{SVG}text") if css_class in t.get("class", "").split()]


@pytest.mark.parametrize("draw", [column_chart, row_chart])
def test_a_chart_is_valid_svg_with_a_title_a_description_and_an_image_role(draw):
    svg = parsed(draw(MONTHS, title="Dinners per month", description="One bar per month."))
    assert svg.tag == f"{SVG}svg"
    assert svg.get("role") == "img"
    assert svg.get("aria-label") == "Dinners per month"
    assert svg.find(f"{SVG}title").text == "Dinners per month"
    assert svg.find(f"{SVG}desc").text == "One bar per month."


def test_a_column_chart_has_one_bar_per_month_each_as_high_as_its_value():
    svg = parsed(column_chart(MONTHS, title="Dinners", description="per month"))
    heights = [float(bar.get("height")) for bar in bars_of(svg)]
    assert len(heights) == 4
    assert heights[1] == 0
    assert heights[2] == max(heights)
    assert heights[0] == pytest.approx(heights[2] * 3 / 5)
    assert texts(svg, "label") == ["Jan", "2025", "Feb", "Mar", "Apr"]
    assert texts(svg, "value") == ["3", "5", "1"]  # an empty month shows no number


def test_each_bar_names_its_month_and_value_for_a_tooltip():
    svg = parsed(
        column_chart([Bar("Mar", 120.5, "120.50 EUR", "2025")], title="t", description="d")
    )
    assert bars_of(svg)[0].find(f"{SVG}title").text == "Mar 2025: 120.50 EUR"


def test_many_months_show_only_some_labels_so_they_never_overlap():
    months = [Bar(f"M{n}", n) for n in range(36)]
    svg = parsed(column_chart(months, title="Three years", description="d"))
    assert len(bars_of(svg)) == 36
    assert len(texts(svg, "label")) <= MAX_LABELS


def test_labels_and_titles_are_escaped():
    evil = '<script>alert("x")</script> & co'
    markup = column_chart([Bar(evil, 1, evil, evil)], title=evil, description=evil)
    assert "<script>" not in markup
    svg = parsed(markup)
    assert svg.get("aria-label") == evil
    assert svg.find(f"{SVG}title").text == evil
    assert evil in texts(svg, "label")
    assert "<script>" not in row_chart([Bar(evil, 1)], title=evil, description=evil)


def test_a_row_chart_scales_to_its_maximum():
    svg = parsed(
        row_chart(
            [Bar("customer", 50, "50 %"), Bar("friend", 100), Bar("none", 0)],
            title="Acceptance",
            description="d",
            maximum=100,
        )
    )
    widths = [float(bar.get("width")) for bar in bars_of(svg)]
    assert widths[0] == pytest.approx(widths[1] / 2)
    assert widths[2] == 0
    assert texts(svg, "label") == ["customer", "friend", "none"]
    assert texts(svg, "value") == ["50 %", "100", "0"]


@pytest.mark.parametrize("draw", [column_chart, row_chart])
def test_an_empty_or_all_zero_chart_is_still_valid(draw):
    assert bars_of(parsed(draw([], title="Nothing yet", description="d"))) == []
    assert len(bars_of(parsed(draw([Bar("a", 0), Bar("b", 0)], title="t", description="d")))) == 2

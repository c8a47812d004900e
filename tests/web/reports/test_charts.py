"""Server-side SVG bar charts."""

from __future__ import annotations

from decimal import Decimal

from casework.web.charts import bar_chart

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def test_a_bar_per_month_with_data_each_with_its_value_as_tooltip():
    values = [0, 3, 0, 0, 7, 0, 0, 0, 0, 0, 1, 0]
    svg = bar_chart(list(zip(MONTHS, values, strict=True)), title="Claims", unit="cases")
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert svg.count('<rect class="cw-bar"') == 3
    assert "<title>Feb: 3 cases</title>" in svg
    assert "<title>May: 7 cases</title>" in svg
    assert all(f">{m}</text>" in svg for m in MONTHS)  # every month on the axis


def test_the_axis_ends_at_a_round_number_above_the_peak():
    svg = bar_chart(
        [("Jan", Decimal("1234.50")), ("Feb", Decimal("10.00"))], title="Paid", unit="¥"
    )
    assert ">1500</text>" in svg and ">2000</text>" not in svg
    assert "<title>Jan: 1234.50 ¥</title>" in svg
    counts = bar_chart([("Jan", 1)], title="n", unit="")
    assert ">0.25</text>" not in counts  # counts step by whole numbers


def test_an_empty_year_draws_axes_and_no_bars():
    svg = bar_chart([(m, 0) for m in MONTHS], title="Nothing", unit="cases")
    assert 'class="cw-axis"' in svg
    assert "cw-bar" not in svg.replace("cw-bar-chart", "")


def test_text_is_escaped():
    svg = bar_chart([("<b>", 1)], title='A & "B" <script>', unit="<i>")
    assert "<script>" not in svg and "<b>" not in svg and "<i>" not in svg
    assert "A &amp; &quot;B&quot; &lt;script&gt;" in svg

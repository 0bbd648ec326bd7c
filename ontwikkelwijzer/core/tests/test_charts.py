"""The charts say every number they draw, in words and next to each bar, on a scale that fits."""

import math
import re

from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from ontwikkelwijzer.core.charts import NICE_STEPS, Group, column_chart, hours_chart, nice_maximum

values = st.one_of(st.none(), st.integers(0, 500))


@given(st.floats(0.01, 1e6))
def test_the_scale_ends_at_a_round_number_not_below_the_largest_value(largest):
    top = nice_maximum(largest)
    assert largest <= top < largest * 1.51  # no more than half the scale empty
    power = 10 ** math.floor(math.log10(top))
    assert any(math.isclose(top, step * power) for step in NICE_STEPS)


@given(st.lists(st.lists(values, min_size=3, max_size=3), min_size=1, max_size=6))
def test_a_column_chart_draws_and_names_every_value(rows):
    with translation.override("nl"):
        svg = str(
            column_chart(
                [Group(f"{2020 + i}-{2021 + i}", row) for i, row in enumerate(rows)],
                ["Beroepsbekwaamheid", "Beroepsidentiteit", "Werkveld"],
                title="Activiteiten per aspect",
                chart_id="c",
            )
        )
    titles = re.findall(r"<g><title>([^<]*)</title>", svg)
    assert len(titles) == 3 * len(rows)
    for i, row in enumerate(rows):
        for name, value in zip(["Beroepsbekwaamheid", "Beroepsidentiteit", "Werkveld"], row, strict=True):
            written = "geen" if value is None else str(value)
            assert f"{2020 + i}-{2021 + i}, {name}: {written}" in titles
    heights = [float(h) for h in re.findall(r'<rect x="[^"]+" y="[^"]+" width="26" height="([^"]+)"', svg)]
    assert all(0 <= h <= 180 for h in heights)  # inside the plot, whatever the numbers


def test_hours_are_written_in_hours_with_a_decimal_comma():
    with translation.override("nl"):
        svg = str(
            hours_chart([("Budget", 47.2), ("Gepland", 52), ("Besteed", None)], title="Uren", chart_id="h")
        )
    assert "47,2 uur" in svg and "52,0 uur" in svg and "geen" in svg
    assert "Budget: 47,2 uur; Gepland: 52,0 uur; Besteed: geen" in svg  # the description says them all

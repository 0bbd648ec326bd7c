"""Server-rendered SVG charts with a text equivalent, for pages and PDFs alike.

Each chart names itself (``<title>``) and says every value in words (``<desc>``, and each bar's own
``<title>``); the page shows the same numbers in a table or text next to it. Colours are written into the
SVG itself (a PDF has no stylesheet of the site's), each at least 3:1 against white, and never the only
carrier of meaning: every bar has its value written beside it, and a chart with several series has a
legend and keeps their order in every group.
"""

import math
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

NICE_STEPS = (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10)
SERIES_COLOURS = ("#0b5394", "#b35900", "#4a5360")  # blue, orange, grey: each >= 4.5:1 on white
MIN_WIDTH = 360  # a column chart's drawing is at least this wide (it fits a phone without shrinking)
SURFACE, BORDER, TEXT = "#f4f6f8", "#c9d1d9", "#1b1f24"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None


def _shown(value: float | None) -> str:
    return _("no answer") if value is None else number_format(value, 1)


def nice_maximum(value: float) -> float:
    """The scale's end for a largest value: a round number (``NICE_STEPS`` times a power of ten), at least
    the value."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in NICE_STEPS if step * power >= value)


def _ticks(maximum: float) -> list[float]:
    """About five round ticks from 0 to the maximum."""
    step = nice_maximum(maximum / 5)
    return [i * step for i in range(int(round(maximum / step)) + 1)]


def _number(value: float) -> str:
    return number_format(value, 0 if float(value).is_integer() else 1)


def bar_chart(
    bars: list[Bar], *, title: str, maximum: float = 5, chart_id: str = "chart", value_format=None
) -> SafeString:
    """Horizontal bars on a 0..maximum scale. Screen readers get the title and every value in <desc>. A chart
    is drawn at its own size and shrinks only on a narrower screen (``width`` in pixels, CSS max-width)."""
    shown = value_format or _shown
    # Each bar under its label, so that the drawing is narrow enough for a phone at its own size.
    row, bar_width, bar_height, pad = 50, 220, 20, 4
    height = row * len(bars) + 24
    width = bar_width + 90  # room for the value after the bar ("259,6 uur")
    described = "; ".join(f"{bar.label}: {shown(bar.value)}" for bar in bars)
    rows = []
    for i, bar in enumerate(bars):
        y = i * row + pad
        length = 0 if bar.value is None else round(bar.value / maximum * bar_width, 1)
        rows.append(
            format_html(
                '<text x="0" y="{}" class="chart-label" fill="{}">{}</text>'
                '<rect x="0" y="{}" width="{}" height="{}" rx="3" class="chart-track" fill="{}" stroke="{}">'
                "</rect>"
                '<rect x="0" y="{}" width="{}" height="{}" rx="3" class="chart-bar" fill="{}"></rect>'
                '<text x="{}" y="{}" class="chart-value" fill="{}">{}</text>',
                y + 14,
                TEXT,
                bar.label,
                y + 20,
                bar_width,
                bar_height,
                SURFACE,
                BORDER,
                y + 20,
                length,
                bar_height,
                SERIES_COLOURS[0],
                bar_width + 8,
                y + 35,
                TEXT,
                shown(bar.value),
            )
        )
    ticks = format_html_join(
        "",
        '<text x="{}" y="{}" class="chart-tick" fill="#4a5360">{}</text>',
        ((round(t / maximum * bar_width), height - 4, _number(t)) for t in _ticks(maximum)),
    )
    return _svg(width, height, chart_id, title, described, SafeString("".join(rows)), ticks)


@dataclass(frozen=True)
class Group:
    label: str  # under the group: a school year, say
    values: list[float | None]  # one per series, in the series' order


def column_chart(groups: list[Group], series: list[str], *, title: str, chart_id: str) -> SafeString:
    """Vertical bars in groups (a school year, say), one bar per series (an aspect, say) in each, with the
    value above every bar, a legend of the series and a scale from 0."""
    bar, gap, group_gap, left, plot = 26, 4, 28, 40, 180
    top = 22 * len(series) + 24  # the legend, one series a line, above the plot
    largest = max((v for g in groups for v in g.values if v is not None), default=0)
    maximum = nice_maximum(largest)
    group_width = len(series) * (bar + gap) - gap
    width = max(MIN_WIDTH, left + len(groups) * (group_width + group_gap) + 10)
    height = top + plot + 40
    legend = format_html_join(
        "",
        '<rect x="{}" y="{}" width="14" height="14" fill="{}"></rect>'
        '<text x="{}" y="{}" class="chart-label" fill="{}">{}</text>',
        (
            (left, 6 + i * 22, SERIES_COLOURS[i % len(SERIES_COLOURS)], left + 20, 18 + i * 22, TEXT, name)
            for i, name in enumerate(series)
        ),
    )
    axis = format_html_join(
        "",
        '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}"></line>'
        '<text x="{}" y="{}" text-anchor="end" class="chart-tick" fill="#4a5360">{}</text>',
        (
            (left, width - 10, y, y, BORDER, left - 6, y + 4, _number(t))
            for t in _ticks(maximum)
            for y in [round(top + plot - t / maximum * plot, 1)]
        ),
    )
    bars = []
    for g, group in enumerate(groups):
        x0 = left + group_gap / 2 + g * (group_width + group_gap)
        for i, value in enumerate(group.values):
            x = x0 + i * (bar + gap)
            length = 0 if value is None else round(value / maximum * plot, 1)
            written = _("none") if value is None else _number(value)
            bars.append(
                format_html(
                    '<g><title>{}, {}: {}</title><rect x="{}" y="{}" width="{}" height="{}" fill="{}"></rect>'
                    '<text x="{}" y="{}" text-anchor="middle" class="chart-value" fill="{}">{}</text></g>',
                    group.label,
                    series[i],
                    written,
                    x,
                    top + plot - length,
                    bar,
                    length,
                    SERIES_COLOURS[i % len(SERIES_COLOURS)],
                    x + bar / 2,
                    top + plot - length - 4,
                    TEXT,
                    written,
                )
            )
        bars.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" class="chart-label" fill="{}">{}</text>',
                x0 + group_width / 2,
                top + plot + 20,
                TEXT,
                group.label,
            )
        )
    described = "; ".join(
        f"{group.label}: "
        + ", ".join(
            f"{name} {_('none') if v is None else _number(v)}"
            for name, v in zip(series, group.values, strict=True)
        )
        for group in groups
    )
    return _svg(width, height, chart_id, title, described, legend, axis, SafeString("".join(bars)))


def hours_chart(hours: list[tuple[str, float | None]], *, title: str, chart_id: str) -> SafeString:
    """Hours side by side (a budget, what is planned, what is spent) on one scale from 0, each written in
    hours beside its bar."""
    largest = max((float(h) for _label, h in hours if h is not None), default=0)

    def written(value: float | None) -> str:
        return _("none") if value is None else _("%(hours)s hours") % {"hours": number_format(value, 1)}

    return bar_chart(
        [Bar(label, None if h is None else float(h)) for label, h in hours],
        title=title,
        maximum=nice_maximum(largest),
        chart_id=chart_id,
        value_format=written,
    )


def _svg(
    width: float, height: float, chart_id: str, title: str, described: str, *parts: SafeString
) -> SafeString:
    """The chart's drawing at its own size, named by its title and described in words for screen readers."""
    return format_html(
        '<svg class="chart" role="img" viewBox="0 0 {} {}" width="{}" aria-labelledby="{}-title {}-desc" '
        'xmlns="http://www.w3.org/2000/svg"><title id="{}-title">{}</title><desc id="{}-desc">{}</desc>'
        "{}</svg>",
        width,
        height,
        width,
        chart_id,
        chart_id,
        chart_id,
        title,
        chart_id,
        described,
        SafeString("".join(parts)),
    )

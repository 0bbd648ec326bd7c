"""Server-rendered SVG charts with a text equivalent, for pages and PDFs alike."""

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None


def _shown(value: float | None) -> str:
    return _("no answer") if value is None else number_format(value, 1)


def bar_chart(bars: list[Bar], *, title: str, maximum: float = 5, chart_id: str = "chart") -> SafeString:
    """Horizontal bars on a 0..maximum scale. Screen readers get the title and every value in <desc>."""
    row, label_width, bar_width, pad = 34, 190, 300, 8
    height = row * len(bars) + 28
    width = label_width + bar_width + 60
    described = "; ".join(f"{bar.label}: {_shown(bar.value)}" for bar in bars)
    rows = []
    for i, bar in enumerate(bars):
        y = i * row + pad
        length = 0 if bar.value is None else round(bar.value / maximum * bar_width, 1)
        rows.append(
            format_html(
                '<text x="0" y="{}" class="chart-label">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" rx="3" class="chart-track"></rect>'
                '<rect x="{}" y="{}" width="{}" height="{}" rx="3" class="chart-bar"></rect>'
                '<text x="{}" y="{}" class="chart-value">{}</text>',
                y + 17,
                bar.label,
                label_width,
                y,
                bar_width,
                22,
                label_width,
                y,
                length,
                22,
                label_width + bar_width + 8,
                y + 17,
                _shown(bar.value),
            )
        )
    ticks = format_html_join(
        "",
        '<text x="{}" y="{}" class="chart-tick">{}</text>',
        ((label_width + round(t / maximum * bar_width) - 3, height - 4, t) for t in range(int(maximum) + 1)),
    )
    return format_html(
        '<svg class="chart" role="img" viewBox="0 0 {} {}" width="100%" aria-labelledby="{}-title {}-desc" '
        'xmlns="http://www.w3.org/2000/svg"><title id="{}-title">{}</title><desc id="{}-desc">{}</desc>'
        "{}{}</svg>",
        width,
        height,
        chart_id,
        chart_id,
        chart_id,
        title,
        chart_id,
        described,
        SafeString("".join(rows)),
        ticks,
    )

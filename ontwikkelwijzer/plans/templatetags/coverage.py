"""``{{ rows|coverage_legend }}``: the shades of a coverage table and the counts each stands for."""

from django import template

from ontwikkelwijzer.plans.coverage import CoverageRow, HeatBand
from ontwikkelwijzer.plans.coverage import coverage_legend as legend

register = template.Library()


@register.filter
def coverage_legend(rows: list[CoverageRow]) -> list[HeatBand]:
    return legend(rows)

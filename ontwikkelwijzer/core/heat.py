"""Shades for tables of counts (a heat map): four shades above white, each a quarter of the table's
highest count, so that small and large counts differ whatever the numbers are; and the legend that says
which counts each shade stands for. The counts are always written in the cells too: the shade is not the
only carrier of meaning."""

from typing import TypedDict

HEAT_LEVELS = 4  # shades above white, each a quarter of the table's highest count


class HeatCell(TypedDict):
    n: int
    level: int  # 0 (none) .. HEAT_LEVELS


class HeatBand(TypedDict):
    level: int
    low: int
    high: int


def heat_level(n: int, highest: int) -> int:
    """The shade of a count in a table whose highest count is ``highest``: 0 for none, else the quarter of
    1..highest it falls in (so 8 and 86 of 86 get different shades, and a table of small numbers uses every
    shade too)."""
    if n <= 0 or highest <= 0:
        return 0
    return min(HEAT_LEVELS, -(-n * HEAT_LEVELS // highest))


def heat_legend(highest: int) -> list[HeatBand]:
    """The counts each shade stands for, for the legend: only the shades a count can have."""
    bands = []
    for level in range(1, HEAT_LEVELS + 1):
        low = (level - 1) * highest // HEAT_LEVELS + 1
        high = level * highest // HEAT_LEVELS
        if low <= high:
            bands.append(HeatBand(level=level, low=low, high=high))
    return bands

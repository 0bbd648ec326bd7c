"""The heat map's shades: low and high counts differ, and the legend says which counts each shade is."""

from hypothesis import given
from hypothesis import strategies as st

from ontwikkelwijzer.core.heat import HEAT_LEVELS, heat_legend, heat_level


@given(highest=st.integers(1, 10_000), data=st.data())
def test_every_count_is_in_the_legends_band_of_its_shade(highest, data):
    n = data.draw(st.integers(0, highest))
    level = heat_level(n, highest)
    assert (level == 0) == (n == 0)
    if n:
        band = next(b for b in heat_legend(highest) if b["level"] == level)
        assert band["low"] <= n <= band["high"]
    assert heat_level(highest, highest) == HEAT_LEVELS


@given(highest=st.integers(1, 10_000))
def test_the_bands_cover_one_to_the_highest_without_overlap_and_rise(highest):
    bands = heat_legend(highest)
    covered = [n for b in bands for n in range(b["low"], b["high"] + 1)]
    assert covered == list(range(1, highest + 1))
    levels = [heat_level(n, highest) for n in range(1, min(highest, 500) + 1)]
    assert levels == sorted(levels)


def test_eight_and_eighty_six_are_different_shades():
    assert heat_level(8, 86) < heat_level(86, 86)

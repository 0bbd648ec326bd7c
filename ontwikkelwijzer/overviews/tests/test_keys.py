"""The names of the counters and of their groups read back as what they were built from."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ontwikkelwijzer.overviews import keys
from ontwikkelwijzer.overviews.keys import Counter, GroupKey, Name

part = st.text(st.characters(categories=["L", "N"], include_characters="-_"), min_size=1, max_size=12)


@given(
    organisation=st.integers(1, 10**9),
    team=st.none() | st.integers(1, 10**9),
    school_year=st.sampled_from(["", "2025-2026", "2026-2027"]),
)
def test_a_group_key_reads_back_as_itself(organisation, team, school_year):
    key = GroupKey(organisation, team, school_year)
    assert GroupKey.parse(str(key)) == key


@given(name=st.sampled_from(list(Name)), parts=st.lists(part, min_size=1, max_size=4))
def test_a_counter_name_reads_back_as_its_kind_and_parts(name, parts):
    assert Counter.parse(name.of(*parts)) == Counter(name, tuple(parts))


def test_counters_of_one_kind_are_found_and_no_other():
    counts = {
        "plans": 2,
        Name.ACTIVITY.of("plg"): 3,
        Name.ACTIVITY_PEOPLE.of("plg"): 1,
        Name.PARTNER.of(7): 4,
    }

    assert list(keys.of_kind(counts, Name.ACTIVITY)) == [(("plg",), 3)]
    assert list(keys.of_kind(counts, Name.PARTNER)) == [(("7",), 4)]


def test_the_scan_counters_are_told_apart_from_the_rest():
    assert keys.is_scan("scan") and keys.is_scan(Name.SCAN_SUM.of("identity"))
    assert not keys.is_scan("plans") and not keys.is_scan(Name.STATUS.of("done"))


def test_an_unknown_kind_of_counter_is_refused():
    with pytest.raises(ValueError):
        Counter.parse("nonsense:1")

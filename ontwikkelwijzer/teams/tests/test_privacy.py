import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ontwikkelwijzer.teams.constants import MIN_GROUP_FLOOR
from ontwikkelwijzer.teams.privacy import shows_total, suppress, threshold

organisations = st.dictionaries(
    st.text(alphabet="abcdefghij", min_size=1, max_size=4), st.integers(0, 30), max_size=12
)


class SuppressionPropertyTests:
    @settings(max_examples=400, deadline=None)
    @given(groups=organisations, k=st.integers(3, 8), outside=st.integers(0, 6))
    @example(groups={"a": 10, "b": 10, "c": 2}, k=5, outside=0)
    @example(groups={"a": 5, "b": 2}, k=5, outside=0)
    @example(groups={"a": 4, "b": 4}, k=5, outside=0)
    @example(groups={}, k=3, outside=2)
    def test_no_shown_number_singles_out_a_group_smaller_than_k(self, groups, k, outside):
        """outside: people in the total who are in no group (always hidden)."""
        total = sum(groups.values()) + outside
        total_is_shown = shows_total(total, k)

        hidden = suppress(groups, total_is_shown, k, total=total)

        shown = {g: n for g, n in groups.items() if g not in hidden}
        assert hidden <= set(groups)
        assert all(n >= k for n in shown.values())  # every shown group has k or more
        if total < k:
            assert not total_is_shown
        if total_is_shown:
            rest = total - sum(shown.values())  # what total minus the shown groups is about
            assert rest == 0 or rest >= k
        else:
            assert hidden == {g for g, n in groups.items() if n < k}  # nothing hidden beyond need

    @settings(max_examples=200, deadline=None)
    @given(groups=organisations, k=st.integers(3, 8))
    def test_it_hides_no_more_than_the_smallest_groups_it_needs(self, groups, k):
        total = sum(groups.values())
        if not shows_total(total, k):
            return
        hidden = suppress(groups, True, k)

        extra = {g for g in hidden if groups[g] >= k}
        small_rest = sum(groups[g] for g in hidden - extra)
        if extra:
            assert 0 < small_rest < k  # hiding more was needed
            shown = [n for g, n in groups.items() if g not in hidden]
            assert all(n >= max(groups[g] for g in extra) for n in shown)  # and the smallest were taken


class SuppressionExampleTests:
    def test_the_one_hidden_team_takes_the_next_smallest_with_it(self):
        assert suppress({"zorg": 12, "techniek": 6, "ict": 7, "klein": 2}, True, 5) == {"klein", "techniek"}

    def test_without_the_total_only_small_groups_are_hidden(self):
        assert suppress({"zorg": 12, "techniek": 6, "klein": 2}, False, 5) == {"klein"}

    def test_hidden_groups_that_reach_k_together_are_enough(self):
        assert suppress({"zorg": 12, "a": 3, "b": 2}, True, 5) == {"a", "b"}

    def test_empty_groups_do_not_need_cover(self):
        assert suppress({"zorg": 12, "techniek": 6, "leeg": 0}, True, 5) == {"leeg"}

    def test_people_without_a_group_count_as_hidden(self):
        assert suppress({"zorg": 12, "techniek": 6}, True, 5, total=19) == {"techniek"}
        assert suppress({"zorg": 12, "techniek": 6}, True, 5, total=23) == set()

    def test_k_never_goes_below_the_floor(self):
        assert threshold(1) == MIN_GROUP_FLOOR and threshold(7) == 7
        assert suppress({"a": 2, "b": 3}, False, 1) == {"a"}
        assert not shows_total(2, 0)

    def test_a_shown_total_below_k_is_refused(self):
        with pytest.raises(ValueError):
            suppress({"a": 2, "b": 1}, True, 5)

from datetime import date

import pytest
from django.http import Http404
from django.test import RequestFactory
from hypothesis import given
from hypothesis import strategies as st

from ontwikkelwijzer.core import schoolyear
from ontwikkelwijzer.core.schoolyear import SchoolYear


class SchoolYearValueTests:
    def test_it_is_shown_and_stored_as_its_two_years(self):
        year = SchoolYear(2026)
        assert str(year) == year.label == "2026-2027"

    def test_a_day_falls_in_the_school_year_that_began_on_the_last_first_of_august(self):
        assert SchoolYear.of(date(2026, 7, 31)) == SchoolYear(2025)
        assert SchoolYear.of(date(2026, 8, 1)) == SchoolYear(2026)
        assert SchoolYear.current() == SchoolYear.of(date.today())

    def test_it_knows_its_neighbours_days_and_months(self):
        year = SchoolYear(2026)
        assert (str(year.previous), str(year.next)) == ("2025-2026", "2027-2028")
        assert year.previous < year < year.next
        assert year.bounds == (date(2026, 8, 1), date(2027, 7, 31))
        assert year.months[0] == date(2026, 8, 1) and year.months[-1] == date(2027, 7, 1)
        assert len(year.months) == 12

    @pytest.mark.parametrize("text", ["2000-2001", "2026-2027", "2099-2100"])
    def test_it_parses_what_it_shows(self, text):
        assert str(SchoolYear.parse(text)) == text

    @pytest.mark.parametrize(
        "text",
        [None, "", "1999-2000", "2100-2101", "2026-2028", "2026-2027\n", " 2026-2027", "2026", "2026/2027"]
        + ["\u0662\u0660\u0662\u0666-\u0662\u0660\u0662\u0667"],  # not ASCII
    )
    def test_it_parses_nothing_else(self, text):
        with pytest.raises(ValueError):
            SchoolYear.parse(text)
        assert not schoolyear.is_school_year(text)


class SchoolYearChoicesTests:
    today = date(2026, 9, 15)  # in 2026-2027

    def test_it_offers_the_current_school_year_alone_by_default(self):
        assert SchoolYear.choices(today=self.today) == ["2026-2027"]
        assert SchoolYear.choices() == [str(SchoolYear.current())]

    def test_it_offers_the_years_with_data_and_the_one_shown_newest_first_each_once(self):
        saved = ["2024-2025", "2026-2027", "2024-2025"]
        assert SchoolYear.choices(saved=saved, chosen="2030-2031", today=self.today) == [
            "2030-2031",
            "2026-2027",
            "2024-2025",
        ]
        assert SchoolYear.choices(saved=iter(saved), chosen="2024-2025", today=self.today) == [
            "2026-2027",
            "2024-2025",
        ]

    def test_it_offers_years_around_the_current_one(self):
        assert SchoolYear.choices(before=1, after=1, today=self.today) == [
            "2027-2028",
            "2026-2027",
            "2025-2026",
        ]
        last_year = ["2025-2026", "2024-2025", "2023-2024"]
        assert SchoolYear.choices(before=2, today=date(2026, 7, 31)) == last_year
        with pytest.raises(ValueError):
            SchoolYear.choices(before=-1)

    def test_it_takes_values_as_well_as_stored_strings(self):
        assert SchoolYear.choices(saved=[SchoolYear(2020)], chosen=SchoolYear(2021), today=self.today) == [
            "2026-2027",
            "2021-2022",
            "2020-2021",
        ]

    @given(
        saved=st.lists(st.integers(2000, 2099).map(lambda first: str(SchoolYear(first)))),
        chosen=st.none() | st.integers(2000, 2099).map(lambda first: str(SchoolYear(first))),
        before=st.integers(0, 5),
        after=st.integers(0, 5),
        today=st.dates(date(2001, 1, 1), date(2098, 12, 31)),
    )
    def test_it_is_the_set_of_all_of_them_sorted_newest_first(self, saved, chosen, before, after, today):
        current = SchoolYear.of(today)
        around = {str(SchoolYear(current.first + offset)) for offset in range(-before, after + 1)}
        expected = sorted(around | set(saved) | ({chosen} if chosen else set()), reverse=True)
        found = SchoolYear.choices(saved=saved, chosen=chosen, before=before, after=after, today=today)
        assert found == expected


class SchoolYearFunctionsTests:
    def test_the_string_functions_agree_with_the_value(self):
        assert schoolyear.next_school_year("2026-2027") == "2027-2028"
        assert schoolyear.previous_school_year("2026-2027") == "2025-2026"
        assert schoolyear.bounds("2026-2027") == SchoolYear(2026).bounds
        assert schoolyear.months("2026-2027") == SchoolYear(2026).months

    def test_a_school_year_in_a_url_is_checked(self):
        assert schoolyear.or_404("2026-2027") == "2026-2027"
        with pytest.raises(Http404):
            schoolyear.or_404("2026-2028")

    def test_the_school_year_asked_for_or_the_current_one_with_a_notice(self):
        current = str(SchoolYear.current())
        factory = RequestFactory()
        assert schoolyear.requested(factory.get("/", {"jaar": " 2030-2031 "})) == ("2030-2031", "")
        assert schoolyear.requested(factory.get("/")) == (current, "")
        year, notice = schoolyear.requested(factory.get("/", {"jaar": "2030-2032"}))
        assert year == current and notice

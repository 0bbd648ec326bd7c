"""Numbers typed the Dutch way or the English way mean the same, and come back as the page's language
writes them; a wrong number is refused with a message that says how to write it."""

from decimal import Decimal

import pytest
from django import forms
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from ontwikkelwijzer.accounts.forms import ProfileForm
from ontwikkelwijzer.core.numbers import NumberField, parse_number

amounts = st.decimals(min_value=0, max_value=999, places=1)


class HoursForm(forms.Form):
    hours = NumberField(label="Uren", min_value=0, max_value=999, max_digits=4, decimal_places=1)


def cleaned(value: str, language: str = "nl") -> forms.Form:
    with translation.override(language):
        form = HoursForm({"hours": value})
        form.is_valid()
        return form


@settings(max_examples=200, deadline=None)
@given(amount=amounts, separator=st.sampled_from([",", "."]), language=st.sampled_from(["nl", "en"]))
def test_either_separator_gives_the_same_number_in_either_language(amount, separator, language):
    typed = f"{amount:f}".replace(".", separator)
    form = cleaned(f" {typed} ", language)
    assert form.errors == {}
    assert form.cleaned_data["hours"] == amount


@settings(max_examples=100, deadline=None)
@given(amount=amounts)
def test_what_the_page_writes_reads_back_as_the_same_number(amount):
    with translation.override("nl"):
        written = HoursForm(initial={"hours": amount})["hours"].value()
        shown = HoursForm.base_fields["hours"].widget.format_value(written)
    assert "." not in shown
    assert cleaned(shown).cleaned_data["hours"] == amount


@pytest.mark.parametrize("typed", ["08", "0,8,1", "1.000,5", "acht", ",", "1e3", "NaN", "--1", "0,8 uur"])
def test_what_is_not_one_number_is_refused_in_dutch(typed):
    form = cleaned(typed)
    if typed == "08":  # eight hours, typed with a leading zero: a number
        assert form.cleaned_data["hours"] == Decimal(8)
        return
    assert form.errors["hours"] == ["Vul een getal in, met een komma of een punt: bijvoorbeeld 0,8."]


@pytest.mark.django_db
def test_limits_are_named_as_the_page_writes_numbers():
    with translation.override("nl"):
        form = ProfileForm({"first_name": "A", "last_name": "B", "fte": "1,5"})
        assert not form.is_valid()
        assert form.errors["fte"] == ["Vul een getal in van hoogstens 1."]
        form = ProfileForm({"first_name": "A", "last_name": "B", "fte": "0,01"})
        assert not form.is_valid()
        assert form.errors["fte"] == ["Vul een getal in van minstens 0,05."]
        assert ProfileForm({"first_name": "A", "last_name": "B", "fte": "0,8"}).is_valid()
        assert cleaned("12,34").errors["hours"] == ["Vul hoogstens 1 cijfer na de komma in."]


def test_the_input_is_a_text_field_with_a_decimal_keyboard():
    html = str(HoursForm()["hours"])
    assert 'type="text"' in html and 'inputmode="decimal"' in html
    assert "step=" not in html and "max=" not in html


def test_parse_number_reads_one_number_only():
    assert parse_number("0,8") == parse_number("0.8") == Decimal("0.8")
    assert parse_number(",5") == Decimal("0.5")
    assert parse_number("3") == Decimal(3)
    assert parse_number("") is None and parse_number("1 000") is None


@pytest.mark.django_db
def test_a_model_fields_default_is_the_forms_initial_value_written_the_dutch_way():
    from ontwikkelwijzer.accounts.forms import SignupForm

    with translation.override("nl"):
        assert 'value="1,00"' in str(SignupForm()["fte"])

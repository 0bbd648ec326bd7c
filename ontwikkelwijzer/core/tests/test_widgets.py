"""The Python-rendered choice widgets give exactly the HTML of Django's own templates."""

from django import forms
from hypothesis import given, settings
from hypothesis import strategies as st

from ontwikkelwijzer.core import widgets

text = st.text(alphabet=st.sampled_from("ab <>&\"'é1"), max_size=6)
choice_values = st.lists(text, min_size=1, max_size=5, unique=True)
attrs = st.dictionaries(
    st.sampled_from(["id", "class", "required", "disabled", "data-x", "aria-describedby"]),
    st.one_of(text, st.booleans(), st.integers(0, 3)),
    max_size=4,
)


def choices_from(values: list[str], grouped: bool) -> list:
    flat = [(v, f"label {v}") for v in values]
    return [("group <1>", flat[:2]), *flat[2:]] if grouped else flat


PAIRS = [
    (forms.RadioSelect, widgets.RadioSelect),
    (forms.CheckboxSelectMultiple, widgets.CheckboxSelectMultiple),
]


@settings(max_examples=150, deadline=None)
@given(
    values=choice_values,
    grouped=st.booleans(),
    attributes=attrs,
    chosen=st.lists(text, max_size=3),
    pair=st.sampled_from(PAIRS),
)
def test_the_whole_widget_is_as_djangos(values, grouped, attributes, chosen, pair):
    django_widget, ours = pair
    choices = choices_from(values, grouped)
    value = chosen if django_widget is forms.CheckboxSelectMultiple else (chosen[0] if chosen else None)
    expected = django_widget(attrs=attributes, choices=choices).render("answer", value)
    assert ours(attrs=attributes, choices=choices).render("answer", value) == expected


@settings(max_examples=60, deadline=None)
@given(values=choice_values, chosen=text, required=st.booleans(), pair=st.sampled_from(PAIRS))
def test_each_option_is_as_djangos(values, chosen, required, pair):
    """``{% for radio in field %}{{ radio.tag }}{{ radio }}``, as the scan's template uses them."""
    django_widget, ours = pair

    def field(widget):
        form = forms.Form(data={"answer": chosen})
        form.fields["answer"] = forms.ChoiceField(
            choices=choices_from(values, False), widget=widget, required=required
        )
        return form["answer"]

    expected = [(str(w.tag()), str(w)) for w in field(django_widget)]
    assert [(str(w.tag()), str(w)) for w in field(ours)] == expected

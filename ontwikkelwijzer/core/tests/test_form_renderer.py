"""The Python form renderer gives exactly the HTML of Django's own templates."""

import datetime

from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.renderers import DjangoTemplates
from hypothesis import given, settings
from hypothesis import strategies as st

from ontwikkelwijzer.core.form_renderer import PythonFormRenderer

text = st.text(alphabet=st.sampled_from("ab <>&\"'é1\n"), max_size=6)
attrs = st.dictionaries(
    st.sampled_from(["class", "required", "disabled", "data-x", "aria-describedby", "maxlength", "rows"]),
    st.one_of(text, st.booleans(), st.integers(0, 3)),
    max_size=3,
)


def _choices(values: list[str], grouped: bool) -> list:
    flat = [(v, f"label {v}") for v in values]
    return [("group <1>", flat[:2]), *flat[2:]] if grouped else flat


KINDS = {
    "char": lambda a, c: forms.CharField(widget=forms.TextInput(attrs=a)),
    "textarea": lambda a, c: forms.CharField(widget=forms.Textarea(attrs=a)),
    "email": lambda a, c: forms.EmailField(widget=forms.EmailInput(attrs=a)),
    "integer": lambda a, c: forms.IntegerField(min_value=0, widget=forms.NumberInput(attrs=a)),
    "date": lambda a, c: forms.DateField(widget=forms.DateInput(attrs=a, format="%Y-%m-%d")),
    "choice": lambda a, c: forms.ChoiceField(choices=c, widget=forms.Select(attrs=a)),
    "multiple": lambda a, c: forms.MultipleChoiceField(choices=c),
    "boolean": lambda a, c: forms.BooleanField(widget=forms.CheckboxInput(attrs=a)),
    "file": lambda a, c: forms.FileField(),
    "hidden": lambda a, c: forms.CharField(widget=forms.HiddenInput(attrs=a)),
    "password": lambda a, c: forms.CharField(widget=forms.PasswordInput(attrs=a, render_value=True)),
}
NAMES = ["f0", "f1", "f2", "f3"]


@st.composite
def fields(draw):
    """A form field of a kind the site uses, with random label, help text, attributes and choices."""
    values = draw(st.lists(text, min_size=1, max_size=4, unique=True))
    field = KINDS[draw(st.sampled_from(sorted(KINDS)))](draw(attrs), _choices(values, draw(st.booleans())))
    field.required = draw(st.booleans())
    field.label = draw(st.one_of(st.none(), text))
    field.help_text = draw(st.one_of(st.just(""), text))
    return field


@settings(max_examples=250, deadline=None)
@given(
    field_list=st.lists(fields(), min_size=1, max_size=4),
    data=st.one_of(st.none(), st.dictionaries(st.sampled_from(NAMES), text, max_size=4)),
    initial=st.dictionaries(
        st.sampled_from(NAMES), st.one_of(text, st.just(datetime.date(2026, 9, 1))), max_size=2
    ),
    auto_id=st.sampled_from(["id_%s", "", "x-%s"]),
    label_suffix=st.sampled_from([None, "", ":"]),
)
def test_every_field_group_is_as_djangos(field_list, data, initial, auto_id, label_suffix):
    def render(renderer) -> list[str]:
        form = forms.Form(
            data=data,
            files={"f0": SimpleUploadedFile("a.txt", b"x")} if data is not None else None,
            initial=initial,
            auto_id=auto_id,
            label_suffix=label_suffix,
            renderer=renderer,
        )
        for index, field in enumerate(field_list):
            form.fields[f"f{index}"] = field
        if data is not None:
            form.is_valid()
        return (
            [str(form[name].as_field_group()) for name in form.fields]
            + [str(form[name]) for name in form.fields]
            + [str(form.non_field_errors()), str(form)]
        )

    assert render(PythonFormRenderer()) == render(DjangoTemplates())

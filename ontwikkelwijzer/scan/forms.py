from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from ontwikkelwijzer.core import widgets
from ontwikkelwijzer.framework.models import Activity, ScanStatement
from ontwikkelwijzer.scan.constants import NOT_APPLICABLE, LearningPreference

SCALE_CHOICES = [
    ("1", _("1 – not at all true")),
    ("2", _("2 – hardly true")),
    ("3", _("3 – partly true")),
    ("4", _("4 – largely true")),
    ("5", _("5 – completely true")),
    (NOT_APPLICABLE, _("not applicable")),
]
SCALE_VALUES = frozenset(value for value, _label in SCALE_CHOICES)
MAX_HOURS = 500
# The meaning of the scale, shown once above each aspect's statements (each button also carries it for
# screen readers, see templates/scan/form.html).
SCALE_KEY = [label for value, label in SCALE_CHOICES if value != NOT_APPLICABLE]


class ScaleSelect(widgets.RadioSelect):
    """One statement's answers as one row of buttons: the number shows (the label is for screen readers),
    "n/a" for not applicable. Rendered in Python, as ``core.widgets`` does: 12 statements of 6 buttons
    were most of the scan page's time as template loops."""

    def render(self, name, value, attrs=None, renderer=None):
        context = self.get_context(name, value, attrs)
        options = [
            option for _group, group_options, _i in context["widget"]["optgroups"] for option in group_options
        ]
        return format_html(
            '<div class="scale-options">{}</div>',
            format_html_join("", "{}", ((self._button(o),) for o in options)),
        )

    def _button(self, option: dict) -> SafeString:
        tag = self._render(self.option_template_name, {"widget": {**option, "wrap_label": False}})
        label_for = option["attrs"].get("id")
        if option["value"] == NOT_APPLICABLE:
            return format_html(
                '<label class="scale-option scale-na" for="{}">{}<span>{}</span>'
                '<span class="visually-hidden"> ({})</span></label>',
                label_for,
                tag,
                _("n/a"),
                option["label"],
            )
        return format_html(
            '<label class="scale-option" for="{}">{}<span aria-hidden="true">{}</span>'
            '<span class="visually-hidden">{}</span></label>',
            label_for,
            tag,
            option["value"],
            option["label"],
        )


def statement_field_name(statement: ScanStatement) -> str:
    return f"s_{statement.code}"


class ScanForm(forms.Form):
    """The self-scan: one radio group per statement (1 to 5, or not applicable), then the preferences.

    The template lays each statement out as one compact row of buttons, grouped per aspect; the field
    names (``s_<statement code>``, ``learning``, ``hours_available``, ``done``) are what the API and the
    tests post.
    """

    learning = forms.ChoiceField(
        label=_("How do you prefer to learn?"),
        choices=LearningPreference.choices,
        initial=LearningPreference.ANY,
        widget=widgets.RadioSelect,
    )
    hours_available = forms.IntegerField(
        label=_("Hours available for development this school year"),
        required=False,
        min_value=0,
        max_value=MAX_HOURS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "input-hours"}),
        error_messages={
            "invalid": _("Fill in a whole number of hours, or leave it empty."),
            "min_value": _("Fill in 0 hours or more, or leave it empty."),
            "max_value": _("Fill in at most %(limit_value)s hours, or leave it empty."),
        },
        help_text=_(
            "Leave empty if you don't know. A full-time teacher has 59 hours a year "
            "(mbo collective agreement)."
        ),
    )
    done = forms.MultipleChoiceField(
        label=_("Activities you already did recently"),
        required=False,
        widget=widgets.CheckboxSelectMultiple,
        help_text=_("These are left out of your recommendations."),
    )

    def __init__(self, *args, statements: list[ScanStatement], activities: list[Activity], **kwargs):
        super().__init__(*args, **kwargs)
        self.statements = statements
        scale = {
            statement_field_name(s): forms.ChoiceField(
                label=s.text,
                choices=SCALE_CHOICES,
                widget=ScaleSelect,
                error_messages={"required": _("Choose an answer, or “not applicable”.")},
            )
            for s in statements
        }
        preferences = dict(self.fields)
        self.fields = {**scale, **preferences}
        groups: dict[str, list[tuple[str, str]]] = {}
        for activity in activities:
            groups.setdefault(activity.category.short_name, []).append((activity.code, activity.name))
        self.fields["done"].choices = list(groups.items())

    def statement_fields(self, aspect_code: str) -> list[forms.BoundField]:
        return [self[statement_field_name(s)] for s in self.statements if s.aspect.code == aspect_code]

    def unanswered_fields(self) -> list[forms.BoundField]:
        """The statements the posted form did not answer (the only error a statement can have, short of a
        made-up value), for the error summary; each also says so next to its statement."""
        return [
            self[statement_field_name(s)] for s in self.statements if self[statement_field_name(s)].errors
        ]

    def preference_errors(self) -> list[tuple[forms.BoundField, str]]:
        """The errors of the fields after the statements, each with its field, for the error summary."""
        return [
            (self[name], error)
            for name in ("learning", "hours_available", "done")
            for error in self[name].errors
        ]

    def answered_count(self) -> int:
        """How many statements the posted form answered (0 for a fresh form): the progress shown."""
        if not self.is_bound:
            return 0
        given = (self[statement_field_name(s)].value() for s in self.statements)
        return sum(value in SCALE_VALUES for value in given)

    def answers(self) -> dict[str, int | None]:
        return {
            s.code: None
            if self.cleaned_data[statement_field_name(s)] == NOT_APPLICABLE
            else int(self.cleaned_data[statement_field_name(s)])
            for s in self.statements
        }

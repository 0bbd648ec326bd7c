from django import forms
from django.utils.translation import gettext_lazy as _

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
MAX_HOURS = 500


def statement_field_name(statement: ScanStatement) -> str:
    return f"s_{statement.code}"


class ScanForm(forms.Form):
    """The self-scan: one radio group per statement, then the preferences."""

    learning = forms.ChoiceField(
        label=_("How do you prefer to learn?"),
        choices=LearningPreference.choices,
        initial=LearningPreference.ANY,
        widget=forms.RadioSelect,
    )
    hours_available = forms.IntegerField(
        label=_("Hours available for development this school year"),
        required=False,
        min_value=0,
        max_value=MAX_HOURS,
        help_text=_(
            "Leave empty if you don't know. A full-time teacher has 59 hours a year "
            "(mbo collective agreement)."
        ),
    )
    done = forms.MultipleChoiceField(
        label=_("Activities you already did recently"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("These are left out of your recommendations."),
    )

    def __init__(self, *args, statements: list[ScanStatement], activities: list[Activity], **kwargs):
        super().__init__(*args, **kwargs)
        self.statements = statements
        scale = {
            statement_field_name(s): forms.ChoiceField(
                label=s.text,
                choices=SCALE_CHOICES,
                widget=forms.RadioSelect,
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

    def answers(self) -> dict[str, int | None]:
        return {
            s.code: None
            if self.cleaned_data[statement_field_name(s)] == NOT_APPLICABLE
            else int(self.cleaned_data[statement_field_name(s)])
            for s in self.statements
        }

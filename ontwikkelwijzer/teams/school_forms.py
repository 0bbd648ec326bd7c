"""The forms of a school's settings (``views.school.school_settings``) and of the hours rule for one person
(``views.hours.person``)."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from ontwikkelwijzer.core.numbers import number_formfield, written
from ontwikkelwijzer.teams.models import Appointment, Organisation


class SchoolSettingsForm(forms.ModelForm):
    """The school's e-mail domains, development hours (for teaching staff and for others) and smallest group.

    ``loaded`` holds when the settings were last saved as the page was opened. When someone else saved
    them in between (another administrator, a second tab), the save is refused once, with what is saved
    now named next to what was typed; saving again then overwrites knowingly. (A post without it, not from
    the page, is not checked.)
    """

    loaded = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Organisation
        fields = ["email_domains", "development_hours", "other_development_hours", "min_group_size"]
        formfield_callback = number_formfield
        widgets = {"email_domains": forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"})}
        labels = {
            "development_hours": _("Development hours for a full-time job in the primary process"),
            "other_development_hours": _("Development hours for a full-time job outside the primary process"),
        }
        help_texts = {
            "development_hours": _(
                "For teaching staff (carrièrepatroon 7): the cao mbo, artikel 8.2, gives 59 hours a year at "
                "a full normbetrekking; a school may give more. Each person gets them pro rata to their FTE."
            ),
            "other_development_hours": _(
                "For staff outside the primary process the cao mbo (artikel 8.2) names no number: the school "
                "chooses it. Empty or 0: none. HR sets who counts as teaching staff on the page with the "
                "hours per person."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # no maxlength in the page: a browser would cut a long list off mid-domain without a word
        self.fields["email_domains"].widget.attrs.pop("maxlength", None)
        self.fields["other_development_hours"].required = False  # empty: no hours
        saved = self.instance
        self.saved_at = saved.updated_at.isoformat() if saved.updated_at else ""
        self.saved = {
            "domains": saved.email_domains or "-",
            "hours": written(saved.development_hours),
            "other": written(saved.other_development_hours),
            "k": saved.min_group_size,
        }
        self.initial["loaded"] = self.saved_at

    def clean_other_development_hours(self):
        hours = self.cleaned_data.get("other_development_hours")
        return Decimal(0) if hours is None else hours

    def clean(self):
        cleaned = super().clean()
        loaded = cleaned.get("loaded")
        if self.is_bound and loaded and loaded != self.saved_at:
            self.data = self.data.copy()
            self.data["loaded"] = self.saved_at  # the next save overwrites knowingly
            raise forms.ValidationError(
                _(
                    "Someone else saved the settings after you opened this page: e-mail domains %(domains)s, "
                    "%(hours)s development hours for teaching staff and %(other)s for others, smallest group "
                    "%(k)s. What you typed is still below; save again to replace theirs."
                )
                % self.saved
            )
        return cleaned


class AppointmentForm(forms.ModelForm):
    """How the school's hours rule applies to one person: teaching staff or not, and their FTE here."""

    class Meta:
        model = Appointment
        fields = ["teaching", "fte"]
        formfield_callback = number_formfield
        labels = {
            "teaching": _("Teaching staff (primary process)"),
            "fte": _("FTE at the school"),
        }
        help_texts = {
            "teaching": _(
                "Teaching staff get the school's hours for the primary process (cao mbo, artikel 8.2); "
                "others get the hours the school sets for staff outside the primary process."
            ),
            "fte": _(
                "For example 0.8. Leave it empty to use the FTE the person gives on their account page; "
                "once set here, they see it there as set by the school."
            ),
        }

"""The form of a school's settings (``views.organisation.school_settings``)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ontwikkelwijzer.teams.models import Organisation


class SchoolSettingsForm(forms.ModelForm):
    """The school's e-mail domains, development hours and smallest group.

    ``loaded`` holds when the settings were last saved as the page was opened. When someone else saved
    them in between (another administrator, a second tab), the save is refused once, with what is saved
    now named next to what was typed; saving again then overwrites knowingly. (A post without it, not from
    the page, is not checked.)
    """

    loaded = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Organisation
        fields = ["email_domains", "development_hours", "min_group_size"]
        widgets = {"email_domains": forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # no maxlength in the page: a browser would cut a long list off mid-domain without a word
        self.fields["email_domains"].widget.attrs.pop("maxlength", None)
        saved = self.instance
        self.saved_at = saved.updated_at.isoformat() if saved.updated_at else ""
        self.saved = {
            "domains": saved.email_domains or "-",
            "hours": saved.development_hours,
            "k": saved.min_group_size,
        }
        self.initial["loaded"] = self.saved_at

    def clean(self):
        cleaned = super().clean()
        loaded = cleaned.get("loaded")
        if self.is_bound and loaded and loaded != self.saved_at:
            self.data = self.data.copy()
            self.data["loaded"] = self.saved_at  # the next save overwrites knowingly
            raise forms.ValidationError(
                _(
                    "Someone else saved the settings after you opened this page: e-mail domains %(domains)s, "
                    "%(hours)s development hours, smallest group %(k)s. What you typed is still below; save "
                    "again to replace theirs."
                )
                % self.saved
            )
        return cleaned

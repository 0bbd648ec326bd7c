"""Forms of one's own memberships (``views.people``): what a teacher shares, and leaving a group."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ontwikkelwijzer.teams.models import Sharing


class SharingForm(forms.ModelForm):
    """What a teacher shares with their team leader, on top of their plan."""

    class Meta:
        model = Sharing
        fields = ["share_reflections", "share_scans"]


class LeaveForm(forms.Form):
    """Leaving is done only with this box ticked: a POST without it changes nothing."""

    confirm = forms.BooleanField(label=_("Yes, I want to leave"), required=True)

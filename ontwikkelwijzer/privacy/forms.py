from django import forms
from django.utils.translation import gettext_lazy as _


class ConfirmDeleteForm(forms.Form):
    """Deleting an account without a password of its own (made through single sign-on): the signed-in
    session and the ticked box confirm it; ``accounts.forms.DeleteAccountForm`` asks for the password."""

    confirm = forms.BooleanField(label=_("Yes, delete my account and everything in it for good"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

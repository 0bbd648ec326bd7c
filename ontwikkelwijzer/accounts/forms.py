from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import (
    AuthenticationForm,
    BaseUserCreationForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.utils.translation import gettext_lazy as _

from ontwikkelwijzer.accounts import throttle, verification
from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.core.numbers import number_formfield

# The account whose password was just proven at the login page, though its address is not confirmed yet:
# the only account the "send a new link" button of that page can send a link for.
UNCONFIRMED_SESSION_KEY = "accounts_unconfirmed"


class SignupForm(BaseUserCreationForm):
    """The sign-up form; it never says whether the address has an account (``verification.signup_submit``)."""

    class Meta:
        model = User
        fields = ["email", "first_name", "last_name", "fte"]
        formfield_callback = number_formfield
        labels = {"first_name": _("First name"), "last_name": _("Last name")}

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def validate_unique(self) -> None:
        """No "this address already has an account": sign-up answers the same for every address."""

    def signup_data(self) -> verification.SignupData:
        data = self.cleaned_data
        return verification.SignupData(
            email=data["email"],
            password=data["password1"],
            first_name=data.get("first_name", ""),
            last_name=data.get("last_name", ""),
            fte=data["fte"],
        )


class LoginForm(AuthenticationForm):
    """Password sign-in; an account whose address is not confirmed yet cannot sign in with its password."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "unconfirmed": _(
            "Your e-mail address is not confirmed yet. We sent you a link to confirm it: open it to log in. "
            "No mail? Send a new link below."
        ),
    }

    def confirm_login_allowed(self, user) -> None:
        super().confirm_login_allowed(user)
        if user.email_verified_at is None:
            # Only the person who just gave this account's password learns that it exists, unconfirmed.
            if self.request is not None:
                self.request.session[UNCONFIRMED_SESSION_KEY] = user.pk
            raise forms.ValidationError(self.error_messages["unconfirmed"], code="unconfirmed")


class ConfirmEmailForm(forms.Form):
    """The button on the confirmation page; with the password chosen at sign-up when opened elsewhere."""

    password = forms.CharField(
        label=_("The password you chose"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("You opened the link in another browser than the one you signed up in."),
    )

    def __init__(self, *args, request, user: User, ask_password: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.user = user
        if not ask_password:
            del self.fields["password"]

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        # Through authenticate(), so django-axes counts wrong guesses like at the login page.
        if authenticate(self.request, username=self.user.email, password=password) != self.user:
            raise forms.ValidationError(_("This password is not correct."))
        return password


class ThrottledPasswordResetForm(PasswordResetForm):
    """Django's reset form, throttled per address and client address, and for accounts without a password.

    Accounts made by an import, an invitation or single sign-on have no usable password; the mailed link is
    how their owner sets one (Django leaves them out by default)."""

    def get_users(self, email):
        users = User._default_manager.filter(email__iexact=email, is_active=True)
        return (user for user in users if verification.same_address(email, user.email))

    def save(self, *args, request=None, **kwargs) -> None:
        ip_address = throttle.client_address(request) if request is not None else ""
        if throttle.mail_allowed(email=self.cleaned_data["email"], ip_address=ip_address):
            super().save(*args, request=request, **kwargs)


class ResetPasswordForm(SetPasswordForm):
    """Choosing a password through a mailed link: it proves the address too (and voids any other password)."""

    def save(self, commit: bool = True):
        user = super().save(commit=commit)
        if commit:
            verification.email_mark_verified(user=user)
        return user


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "fte", "reminders_enabled"]
        formfield_callback = number_formfield
        labels = {"first_name": _("First name"), "last_name": _("Last name")}


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To make sure it is you."),
    )
    confirm = forms.BooleanField(label=_("Yes, delete my account and everything in it for good"))

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This password is not correct."))
        return password

"""Forms for managing a team's members: an invitation link, and a CSV file with people to add."""

import os

from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.utils.translation import gettext_lazy as _

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.teams import invitations, member_import
from ontwikkelwijzer.teams.constants import TEAM_ROLES, Role
from ontwikkelwijzer.teams.models import Team

CSV_EXTENSIONS = {".csv", ".txt"}


class InvitationForm(forms.Form):
    """An open link for teachers, or a personal invitation mailed to one address (any team role).

    A team leader sees the plans of the team's teachers, so that role goes to one person by name: an open
    link that anyone who gets hold of it could use is for teachers only (who share only their own data).
    """

    role = forms.ChoiceField(
        label=_("Role"),
        choices=[(role.value, role.label) for role in TEAM_ROLES],
        initial=Role.TEACHER,
    )
    email = forms.EmailField(
        label=_("E-mail address (for a personal invitation)"),
        required=False,
        max_length=254,  # Invitation.email
        help_text=_(
            "Fill it in to mail one person a personal invitation; leave it empty for a link to share with "
            "teachers. A team leader is always invited personally."
        ),
    )

    def __init__(self, *args, team: Team, inviter: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.team = team
        self.inviter = inviter

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        role, email = cleaned.get("role"), cleaned.get("email")
        if role is None or "email" in self.errors:
            return cleaned
        if role == Role.TEAM_LEADER and not email:
            self.add_error(
                "email",
                _(
                    "A team leader sees the plans of the team's teachers, so this role goes to one person: "
                    "fill in their e-mail address."
                ),
            )
        elif email:
            problem = invitations.address_problem(
                organisation=self.team.organisation, role=role, email=email, inviter=self.inviter
            )
            if problem:
                self.add_error("email", problem)
        return cleaned


class InvitationAccountForm(SetPasswordForm):
    """An account for the address a personal invitation was mailed to: a name and a password (checked by
    the site's password validators against the address and the name typed)."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    field_order = ["first_name", "last_name", "new_password1", "new_password2"]

    def __init__(self, *args, invitation, **kwargs):
        user = User(email=invitation.email, first_name=invitation.first_name, last_name=invitation.last_name)
        kwargs.setdefault("initial", {"first_name": invitation.first_name, "last_name": invitation.last_name})
        super().__init__(user, *args, **kwargs)

    def clean(self):
        self.user.first_name = self.cleaned_data.get("first_name", "")  # the password may not resemble it
        self.user.last_name = self.cleaned_data.get("last_name", "")
        return super().clean()


class MemberImportForm(forms.Form):
    """The uploaded member list; when valid, `text` holds the file and `parsed` the checked rows."""

    file = forms.FileField(
        label=_("CSV file"),
        max_length=200,
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
        help_text=_(
            "The first line names the columns: email, first_name, last_name, role (docent or teamleider; "
            "empty is docent) and optionally fte (like 0,8). Separated by commas or semicolons, saved as "
            "UTF-8, at most 1 MB and 2000 rows."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > member_import.MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than 1 MB. Split it into smaller files."))
        if os.path.splitext(upload.name)[1].lower() not in CSV_EXTENSIONS:
            raise forms.ValidationError(_("Choose a CSV file (ending in .csv)."), code="type")
        upload.seek(0)
        raw = upload.read(member_import.MAX_IMPORT_BYTES + 1)
        if len(raw) > member_import.MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than 1 MB. Split it into smaller files."))
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                _("This file is not in UTF-8. In your spreadsheet, save it as “CSV UTF-8” and try again."),
                code="encoding",
            ) from None
        if "\x00" in text:
            raise forms.ValidationError(_("This is not a text file. Save the list as CSV."), code="binary")
        try:
            self.parsed = member_import.parse_member_csv(text)
        except member_import.CsvError as error:
            raise forms.ValidationError(str(error), code="csv") from None
        self.text = text
        return upload


class ImportConfirmForm(forms.Form):
    """Confirms the dry run just shown; the digest says which file, so a newer upload is not applied."""

    digest = forms.CharField(widget=forms.HiddenInput, min_length=64, max_length=64)

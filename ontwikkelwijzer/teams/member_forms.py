"""Forms for managing a team's members: an invitation link, and a CSV file with people to add."""

import os

from django import forms
from django.utils.translation import gettext_lazy as _

from ontwikkelwijzer.teams import members
from ontwikkelwijzer.teams.constants import TEAM_ROLES, Role

CSV_EXTENSIONS = {".csv", ".txt"}


class InvitationForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Role of whoever joins with the link"),
        choices=[(role.value, role.label) for role in TEAM_ROLES],
        initial=Role.TEACHER,
    )


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
        if upload.size > members.MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than 1 MB. Split it into smaller files."))
        if os.path.splitext(upload.name)[1].lower() not in CSV_EXTENSIONS:
            raise forms.ValidationError(_("Choose a CSV file (ending in .csv)."), code="type")
        upload.seek(0)
        raw = upload.read(members.MAX_IMPORT_BYTES + 1)
        if len(raw) > members.MAX_IMPORT_BYTES:
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
            self.parsed = members.parse_member_csv(text)
        except members.CsvError as error:
            raise forms.ValidationError(str(error), code="csv") from None
        self.text = text
        return upload


class ImportConfirmForm(forms.Form):
    """Confirms the dry run just shown; the digest says which file, so a newer upload is not applied."""

    confirm = forms.CharField(widget=forms.HiddenInput, initial="1")
    digest = forms.CharField(widget=forms.HiddenInput, min_length=64, max_length=64)

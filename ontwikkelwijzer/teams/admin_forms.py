"""Forms of the school administration (``views.admin``): names of the school and its teams, inviting a
person to a role, moving a teacher to another team."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.teams import invitations
from ontwikkelwijzer.teams.constants import TEAM_ROLES, Role
from ontwikkelwijzer.teams.models import Membership, Organisation, Team

ADMIN_ROLES = (Role.TEACHER, Role.TEAM_LEADER, Role.HR, Role.CURRICULUM, Role.ADMIN)  # partners: workfield


class SchoolNameForm(forms.Form):
    name = forms.CharField(label=_("Name of the school"), max_length=200)

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Fill in the name of the school."))
        return name


class TeamNameForm(forms.Form):
    """A team's name, unique within the school (a team being renamed may keep its own)."""

    name = forms.CharField(label=_("Name of the team"), max_length=200)

    def __init__(self, *args, organisation: Organisation, team: Team | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.team = team
        if team is not None:
            self.initial.setdefault("name", team.name)

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Fill in the name of the team."))
        others = Team.objects.filter(organisation=self.organisation, name__iexact=name)
        if self.team is not None:
            others = others.exclude(pk=self.team.pk)
        if others.exists():
            raise forms.ValidationError(
                _("The school already has a team called “%(name)s”.") % {"name": name}
            )
        return name


class AdminInvitationForm(forms.Form):
    """A personal invitation to one role at the school: a team role in a team, a school role without one.
    The same address rules as everywhere (``invitations.address_problem``)."""

    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=[(r.value, r.label) for r in ADMIN_ROLES])
    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=Team.objects.none(),
        required=False,
        empty_label=_("(no team: for HR, curriculum developer or administrator)"),
        help_text=_(
            "A teacher and a team leader belong to a team; the other roles are for the whole school."
        ),
    )

    def __init__(self, *args, organisation: Organisation, inviter: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.inviter = inviter
        self.fields["team"].queryset = Team.objects.filter(organisation=organisation)

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        role, team, email = cleaned.get("role"), cleaned.get("team"), cleaned.get("email")
        if role is None or "team" in self.errors:
            return cleaned
        if role in TEAM_ROLES and team is None:
            self.add_error(
                "team", _("Choose the team: a %(role)s belongs to a team.") % {"role": Role(role).label}
            )
        elif role not in TEAM_ROLES and team is not None:
            self.add_error(
                "team",
                _("A %(role)s is for the whole school: leave the team empty.") % {"role": Role(role).label},
            )
        if not email or self.errors:
            return cleaned
        problem = invitations.address_problem(
            organisation=self.organisation, role=role, email=email, inviter=self.inviter
        )
        if problem:
            self.add_error("email", problem)
        elif Membership.objects.filter(
            organisation=self.organisation, team=team, role=role, user__email__iexact=email
        ).exists():
            self.add_error("email", _("This person already has this role here."))
        return cleaned


class MoveForm(forms.Form):
    """The team a teacher moves to (another team of the same school)."""

    team = forms.ModelChoiceField(label=_("New team"), queryset=Team.objects.none())

    def __init__(self, *args, membership: Membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.filter(organisation=membership.organisation).exclude(
            pk=membership.team_id
        )
        self.fields["team"].empty_label = _("Choose a team")
        self.membership = membership

    def clean_team(self):
        team = self.cleaned_data["team"]
        if Membership.objects.filter(
            user=self.membership.user, team=team, role=self.membership.role
        ).exists():
            raise forms.ValidationError(
                _("%(person)s is already in %(team)s.") % {"person": self.membership.user, "team": team}
            )
        return team

"""The gates to teams, organisations and other people's plans. Anyone not allowed gets a 404.

Who may do what:
- a team leader sees their team's overview and members, and each member's plan items and progress;
  reflections, log and self-scans only of members who share them;
- an HR/policy advisor or an administrator sees the organisation and all its teams, in aggregate only;
- an administrator also manages members of every team of the organisation.
Every look at another person's data is written to the audit log (services.audit_record).
"""

from django.db.models import Q
from django.http import Http404

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.teams.constants import Role
from ontwikkelwijzer.teams.models import Membership, Organisation, Team


def teams_led_by(user: User) -> list[Team]:
    """Teams the user leads, and every team of organisations they administer.

    Two index-driven filters instead of one OR over joined memberships: that join multiplied each
    team's memberships by all of its organisation's (100 million rows in a school of 10,000).
    """
    return list(_led_teams(user)) if user.is_authenticated else []


def _led_teams(user: User):
    mine = Membership.objects.filter(user=user)
    led = mine.filter(role=Role.TEAM_LEADER, team__isnull=False).values("team")
    administered = mine.filter(role=Role.ADMIN).values("organisation")
    return Team.objects.filter(Q(pk__in=led) | Q(organisation__in=administered)).select_related(
        "organisation"
    )


def _overseen(user: User):
    overseen = Membership.objects.filter(user=user, role__in=[Role.HR, Role.ADMIN]).values("organisation")
    return Organisation.objects.filter(pk__in=overseen)


def organisations_overseen_by(user: User) -> list[Organisation]:
    if not user.is_authenticated:
        return []
    return list(
        Organisation.objects.filter(
            memberships__user=user, memberships__role__in=[Role.HR, Role.ADMIN]
        ).distinct()
    )


def get_team_for_leader(user: User, pk: int) -> Team:
    team = _led_teams(user).filter(pk=pk).first() if user.is_authenticated else None
    if team is None:
        raise Http404("No such team.")
    return team


def get_organisation_for_overseer(user: User, pk: int) -> Organisation:
    organisation = _overseen(user).filter(pk=pk).first() if user.is_authenticated else None
    if organisation is None:
        raise Http404("No such organisation.")
    return organisation


def get_member_for_leader(user: User, team_pk: int, member_pk: int) -> tuple[Team, User]:
    """A teacher of a team the user leads."""
    team = get_team_for_leader(user, team_pk)
    member = User.objects.filter(pk=member_pk, memberships__team=team, memberships__role=Role.TEACHER).first()
    if member is None:
        raise Http404("No such member.")
    return team, member


ACTIVITY_EDITORS = (Role.HR, Role.CURRICULUM, Role.ADMIN)


def get_organisation_for_activity_editor(user: User, pk: int) -> Organisation:
    """The organisation whose own activities the person may add and change (HR, curriculum developer or
    administrator there); everyone else a 404."""
    editable = Membership.objects.filter(user=user, role__in=ACTIVITY_EDITORS).values("organisation")
    organisation = (
        Organisation.objects.filter(pk=pk, pk__in=editable).first() if user.is_authenticated else None
    )
    if organisation is None:
        raise Http404("No such organisation.")
    return organisation


def organisations_editing_activities(user: User) -> list[Organisation]:
    if not user.is_authenticated:
        return []
    editable = Membership.objects.filter(user=user, role__in=ACTIVITY_EDITORS).values("organisation")
    return list(Organisation.objects.filter(pk__in=editable))

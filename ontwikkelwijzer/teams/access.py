"""The gates to teams, organisations and other people's plans. Anyone not allowed gets a 404.

Who may do what:
- a team leader sees their team's overview and members, and each member's plan items and progress;
  reflections, log and self-scans only of members who share them;
- an HR/policy advisor or an administrator sees the organisation and all its teams, in aggregate only;
- an administrator also manages members of every team of the organisation, but sees no one's plan: only
  the team's own leader does (``get_member_for_leader``).
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


def leads(user: User, team: Team) -> bool:
    """Whether the user is the team's own leader (not only an administrator of its organisation)."""
    return Membership.objects.filter(user=user, team=team, role=Role.TEAM_LEADER).exists()


def get_member_for_leader(user: User, team_pk: int, member_pk: int) -> tuple[Team, User]:
    """A teacher of a team the user leads themselves; an administrator of the school gets a 404 too."""
    team = get_team_for_leader(user, team_pk)
    if not leads(user, team):
        raise Http404("No such member.")
    member = User.objects.filter(pk=member_pk, memberships__team=team, memberships__role=Role.TEACHER).first()
    if member is None:
        raise Http404("No such member.")
    return team, member


CURRICULUM_ROLES = (Role.HR, Role.CURRICULUM, Role.ADMIN)


def _curriculum_schools(user: User):
    ids = Membership.objects.filter(user=user, role__in=CURRICULUM_ROLES).values("organisation")
    return Organisation.objects.filter(pk__in=ids)


def get_organisation_for_curriculum(user: User, pk: int) -> Organisation:
    """The school whose own activities and curriculum view the person may open (HR, curriculum developer
    or administrator there); everyone else a 404."""
    organisation = _curriculum_schools(user).filter(pk=pk).first() if user.is_authenticated else None
    if organisation is None:
        raise Http404("No such organisation.")
    return organisation


def organisations_for_curriculum(user: User) -> list[Organisation]:
    return list(_curriculum_schools(user)) if user.is_authenticated else []

"""The gates to teams, organisations and other people's plans. Anyone not allowed gets a 404.

Who may do what:
- a team leader sees their team's overview and members, and each member's plan items and progress;
  reflections, log (with hours spent) and self-scans only of members who share them;
- an HR/policy advisor or an administrator sees the organisation and all its teams, in aggregate only;
- an administrator also manages members of every team of the organisation, but sees no one's plan: only
  the team's own leader does.
A membership exists only when the person accepted an invitation (``teams.invitations``), so nobody gets
into a team, and in view of a leader, without saying yes.

Another person's data is reached through one gate only: ``person_access`` says what this viewer may see
of this person; ``plans.person_data`` reads within that and writes the audit entry the person reads.
What a leader sees is bound to their own team: a teacher in two teams or two schools has one plan a year,
but each team's leader sees only the plans since the teacher joined that team and only the notes of the
yearly conversation written by the teacher or by a leader of that team (see ``PersonAccess``).
"""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.http import Http404

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.core.schoolyear import SchoolYear, school_year_at
from ontwikkelwijzer.teams.constants import Role
from ontwikkelwijzer.teams.models import Membership, Organisation, Sharing, Team


def teams_led_by(user: User) -> list[Team]:
    """Teams the user leads, and every team of organisations they administer.

    Two index-driven filters instead of one OR over joined memberships: that join multiplied each
    team's memberships by all of its organisation's (100 million rows in a school of 10,000).
    """
    return list(_led_teams(user)) if user.is_authenticated else []


def _led_teams(user: User) -> QuerySet[Team]:
    mine = Membership.objects.filter(user=user)
    led = mine.filter(role=Role.TEAM_LEADER, team__isnull=False).values("team")
    administered = mine.filter(role=Role.ADMIN).values("organisation")
    return Team.objects.filter(Q(pk__in=led) | Q(organisation__in=administered)).select_related(
        "organisation"
    )


def schools_with_role(user: User | AnonymousUser, *roles: str) -> QuerySet[Organisation]:
    """The schools where the person has one of the roles (any role when none is named); none for a visitor.
    The one way to ask which organisations someone belongs to."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    held = Membership.objects.filter(user=user)
    if roles:
        held = held.filter(role__in=roles)
    return Organisation.objects.filter(pk__in=held.values("organisation"))


def _the_school(schools: QuerySet[Organisation], user: User, pk: int) -> Organisation:
    organisation: Organisation | None = schools.filter(pk=pk).first() if user.is_authenticated else None
    if organisation is None:
        raise Http404("No such organisation.")
    return organisation


def organisations_overseen_by(user: User) -> list[Organisation]:
    return list(schools_with_role(user, Role.HR, Role.ADMIN)) if user.is_authenticated else []


def get_team_for_leader(user: User, pk: int) -> Team:
    team = _led_teams(user).filter(pk=pk).first() if user.is_authenticated else None
    if team is None:
        raise Http404("No such team.")
    return team


def get_organisation_for_overseer(user: User, pk: int) -> tuple[Organisation, frozenset[str]]:
    """The school whose overview the person may open (HR or administrator there), with every role they hold
    there (whether they lead a team there too, administer it): one query. Everyone else a 404."""
    held = (
        list(Membership.objects.filter(user=user, organisation=pk).select_related("organisation"))
        if user.is_authenticated
        else []
    )
    roles = frozenset(membership.role for membership in held)
    if not roles & {Role.HR, Role.ADMIN}:
        raise Http404("No such organisation.")
    return held[0].organisation, roles


def get_organisation_for_admin(user: User, pk: int) -> Organisation:
    """The school whose settings the person may change (an administrator there); everyone else a 404."""
    return _the_school(schools_with_role(user, Role.ADMIN), user, pk)


def organisations_administered_by(user: User) -> list[Organisation]:
    return list(schools_with_role(user, Role.ADMIN)) if user.is_authenticated else []


def leads(user: User, team: Team) -> bool:
    """Whether the user is the team's own leader (not only an administrator of its organisation), with an
    address the school vouches for now (``Organisation.vouches_for``): a leader whose address left the
    school's domains sees no plan any more."""
    return (
        team.organisation.vouches_for(user.email)
        and Membership.objects.filter(user=user, team=team, role=Role.TEAM_LEADER).exists()
    )


@dataclass(frozen=True)
class PersonAccess:
    """What ``viewer`` may see of ``person``, a teacher of ``team``; made by ``person_access`` only.

    Always: the items of the plan with their aspects, period and status, the hours planned, and the notes
    of the yearly conversation (both write them). ``log_and_reflections``: the log (entries, their count
    and the hours spent) and the reflections. ``scans``: the self-scans. Both are the person's own choice.

    Bound to this team, because a person may teach in more than one team or school and has one plan a
    year for all of them:
    - plans (and a shared self-scan): only those of ``first_year`` on, the school year in which the person
      joined this team (the teacher membership's ``created_at``, in the school's time zone). An earlier
      year is read as a year without a plan: the same page, and nothing to add a note to. Someone who
      left the team and was invited again joined anew: their earlier years are no longer seen through it.
    - notes of the yearly conversation: only those written by the person or by someone who leads this
      team now (``note_authors``). Notes written with the leader of another team or school are not loaded
      at all. Nor are those of a leader who has left this team, or of a deleted account: a membership ends
      by being deleted, so "a former leader of this team" cannot be told apart from a leader elsewhere,
      and the safe side is not to show them. The person keeps seeing every note on their own pages.
    """

    viewer: User
    person: User
    team: Team
    log_and_reflections: bool
    scans: bool
    first_year: str

    def note_authors(self) -> Q:
        """The notes (``ConversationNote``) this viewer may read: see the class docstring."""
        leaders = Membership.objects.filter(team=self.team, role=Role.TEAM_LEADER).values("user")
        return Q(author=self.person) | Q(author__in=leaders)

    def sees_year(self, school_year: str) -> bool:
        return SchoolYear.stored(school_year) >= SchoolYear.stored(self.first_year)


def person_access(viewer: User, team_pk: int, member_pk: int) -> PersonAccess:
    """A teacher of a team the viewer leads themselves, with the person's sharing choices and what of
    their plans belongs to this team; anyone else (an administrator of the school included) gets a 404."""
    team = get_team_for_leader(viewer, team_pk)
    if not leads(viewer, team):
        raise Http404("No such member.")
    membership = (
        Membership.objects.filter(user_id=member_pk, team=team, role=Role.TEACHER)
        .select_related("user")
        .first()
    )
    if membership is None or membership.user_id == viewer.pk:
        raise Http404("No such member.")
    member = membership.user
    sharing = Sharing.objects.filter(user=member).first()
    return PersonAccess(
        viewer=viewer,
        person=member,
        team=team,
        log_and_reflections=bool(sharing and sharing.share_reflections),
        scans=bool(sharing and sharing.share_scans),
        first_year=school_year_at(membership.created_at),
    )


@dataclass(frozen=True)
class GroupView:
    """One of a person's memberships, with who can see what of the person through it."""

    membership: Membership
    leaders: list[str]  # team leaders who see the plan (a teacher's membership); names
    sees: str  # "plan": the leaders see the plan within the sharing choices; "figures": only in aggregate


def groups_of(user: User) -> list[GroupView]:
    """Every group the person is in, and who can see them through it (for the privacy page)."""
    memberships = list(
        Membership.objects.filter(user=user)
        .select_related("organisation", "team")
        .order_by("organisation__name", "team__name", "role")
    )
    teams = [m.team_id for m in memberships if m.role == Role.TEACHER and m.team_id]
    leaders: dict[int | None, list[str]] = {}
    for leader in (
        Membership.objects.filter(team__in=teams, role=Role.TEAM_LEADER)
        .exclude(user=user)
        .select_related("user")
        .order_by("user__last_name", "user__first_name")
    ):
        leaders.setdefault(leader.team_id, []).append(str(leader.user))
    return [
        GroupView(
            membership=m,
            leaders=leaders.get(m.team_id, []) if m.role == Role.TEACHER else [],
            sees="plan" if m.role == Role.TEACHER and m.team_id else "figures",
        )
        for m in memberships
    ]


CURRICULUM_ROLES = (Role.HR, Role.CURRICULUM, Role.ADMIN)


def get_organisation_for_curriculum(user: User, pk: int) -> Organisation:
    """The school whose own activities and curriculum view the person may open (HR, curriculum developer
    or administrator there); everyone else a 404."""
    return _the_school(schools_with_role(user, *CURRICULUM_ROLES), user, pk)


def organisations_for_curriculum(user: User) -> list[Organisation]:
    return list(schools_with_role(user, *CURRICULUM_ROLES)) if user.is_authenticated else []


def get_organisation_for_hours(user: User, pk: int) -> Organisation:
    """The school whose hours rule per person the person may read and set (HR or an administrator there);
    everyone else a 404."""
    return _the_school(schools_with_role(user, Role.HR, Role.ADMIN), user, pk)


def staff_of(organisation: Organisation) -> QuerySet[User]:
    """The school's people the hours rule is about: anyone with a membership there other than only as a
    work-field partner's contact."""
    held = Membership.objects.filter(organisation=organisation).exclude(role=Role.PARTNER)
    return User.objects.filter(pk__in=held.values("user"))


def get_person_for_hours(user: User, pk: int, person_pk: int) -> tuple[Organisation, User]:
    """A person of the school (``staff_of``) whose hours rule the viewer may set (HR or an administrator
    there); a 404 for a viewer without that role there and for anyone who is not one of the school's
    people."""
    organisation = get_organisation_for_hours(user, pk)
    person = staff_of(organisation).filter(pk=person_pk).first()
    if person is None:
        raise Http404("No such person.")
    return organisation, person

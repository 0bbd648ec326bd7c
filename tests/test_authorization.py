"""The authorisation matrix: every role against every page and API endpoint, allowed or refused as specified.

Refused means a 404 for someone logged in (nobody learns that an object exists by guessing its id) and
a redirect to the login page for a visitor. Public pages are open to all. A refused write changes nothing
in the database; an allowed one changes what it is for, and a write to one's own data (profile, own plan)
changes nobody else's.

Every named URL of the app (the admin site under beheer/ aside) is classified below: public, an anonymous
flow, a page (GET, with the roles that may open it) or a write (POST, with the roles that may make it).
A new URL that is not classified here fails ``test_every_url_is_in_the_matrix``.

The people (``world``): a visitor; in school A ("ROC Oost") the owner (teacher in team Zorg, owns the plan,
the item, the log entry, the scan and a conversation note), a colleague (teacher in Zorg), the team leader
of Zorg, the team leader of Techniek, HR, a curriculum developer and an administrator (no team), and a
work-field partner (the account of a contact of the school's partner "Zorggroep"); and an outsider (team
leader in school B, "ROC West"). In the work field, the owner has an accepted and the colleague a pending
request for an offer of Zorggroep; school B has a partner with two offers, the outsider asked for one.
"""

import copy
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.core import schoolyear
from ontwikkelwijzer.framework.models import Activity, Contribution, Framework
from ontwikkelwijzer.framework.selectors import framework_current
from ontwikkelwijzer.framework.services import framework_load
from ontwikkelwijzer.notifications.models import CalendarFeed
from ontwikkelwijzer.overviews import stats
from ontwikkelwijzer.plans import services, trash
from ontwikkelwijzer.plans.constants import ItemStatus
from ontwikkelwijzer.plans.models import (
    CarryOver,
    ConversationNote,
    DevelopmentPlan,
    LogEntry,
    PlanItem,
    Reflection,
    TeamActivity,
    TeamGoal,
    TeamPlan,
    TrashEntry,
)
from ontwikkelwijzer.scan.models import Scan
from ontwikkelwijzer.scan.services import ScanInput, scan_create
from ontwikkelwijzer.teams import services as team_services
from ontwikkelwijzer.teams.constants import Role
from ontwikkelwijzer.teams.models import (
    Appointment,
    AuditEvent,
    Invitation,
    Membership,
    Organisation,
    Sharing,
    Team,
)
from ontwikkelwijzer.workfield.models import Contact, Offer, OfferRequest, Partner

pytestmark = pytest.mark.django_db
YEAR = schoolyear.school_year_for(date.today())
NEXT_YEAR = schoolyear.next_school_year(YEAR)
LAST_YEAR = schoolyear.previous_school_year(YEAR)
PASSWORD = "x"
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # as the root conftest sets for each test

ROLES = [
    "visitor",
    "owner",
    "colleague",
    "team_leader",
    "other_team_leader",
    "hr",
    "curriculum",
    "admin",
    "partner",
    "outsider",
]
LOGGED_IN = frozenset(ROLES) - {"visitor"}
SCHOOL_A = LOGGED_IN - {"outsider"}
OWNER = frozenset({"owner"})
LEADERS = frozenset({"team_leader", "admin"})  # the team leader of Zorg, and the school's administrator
ZORG_LEADER = frozenset({"team_leader"})
TECHNIEK_LEADERS = frozenset({"other_team_leader", "admin"})
OUTSIDER = frozenset({"outsider"})
SCHOOL_A_TEACHERS = frozenset({"owner", "colleague", "team_leader", "other_team_leader"})  # teacher, leader
PARTNER = frozenset({"partner"})
OVERSEERS = frozenset({"hr", "admin"})
ADMIN = frozenset({"admin"})
ACTIVITY_EDITORS = frozenset({"hr", "curriculum", "admin"})
NOBODY = frozenset()

# What of the owner's must never show on anyone else's own pages.
OWNER_EMAIL = "owner@school.nl"
OWNER_MARKERS = (
    "Olga",
    "Vandermeulen",
    OWNER_EMAIL,
    "Doel-van-Olga",
    "Logboek-van-Olga",
    "Afspraak-van-Olga",
    "Prullenbak-van-Olga",
)

# --- The world ------------------------------------------------------------------------------------------


@dataclass
class World:
    users: dict[str, User]
    framework: Framework
    school: Organisation
    other_school: Organisation
    zorg: Team
    techniek: Team
    elsewhere: Team
    plan: DevelopmentPlan
    item: PlanItem
    entry: LogEntry
    scan: Scan
    team_activity: TeamActivity
    other_team_activity: TeamActivity
    other_team_goal: TeamGoal
    own_activity: Activity
    foreign_activity: Activity
    partner: Partner
    foreign_partner: Partner
    offer: Offer  # open, nobody asked for it yet
    busy_offer: Offer  # the owner's request accepted, the colleague's pending
    foreign_offer: Offer  # open, nobody asked for it yet
    owner_request: OfferRequest
    colleague_request: OfferRequest
    foreign_request: OfferRequest
    owner_invitation: Invitation  # a personal invitation for the owner to join Techniek, not answered
    last_year_item: PlanItem  # in the owner's plan of last school year, open: can be taken over
    carry_over: CarryOver  # another item of last year, taken over into this year's plan (undoable)
    trash_entry: TrashEntry  # an own activity of the owner's, deleted to the trash (restorable)

    @property
    def owner(self) -> User:
        return self.users["owner"]


def _own_activity(framework: Framework, organisation: Organisation, code: str, name: str) -> Activity:
    activity = Activity.everything.create(
        framework=framework,
        organisation=organisation,
        code=code,
        name=name,
        category=framework.categories.order_by("pk").first(),
        position=1000 + organisation.pk,
        informal=True,
    )
    Contribution.objects.create(activity=activity, aspect=framework.aspects.get(code="competence"), text="x")
    return activity


@pytest.fixture(scope="module")
def _request_handler():
    return Client().handler


@pytest.fixture
def client(_request_handler) -> Client:
    """A fresh test client (no cookies, no session) on one request handler for the module: building the
    middleware again for each case (WhiteNoise scans the static files) would cost more than the case."""
    fresh = Client()
    fresh.handler = _request_handler
    return fresh


@pytest.fixture(scope="module")
def _world_rows(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world's rows, made once for this module inside a transaction that is rolled back after its last
    test; each test runs in a savepoint of its own inside it, as with Django's ``TestCase.setUpTestData``.
    Making them again for each of the thousand cases here would take most of a minute."""
    overrides = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"), PASSWORD_HASHERS=FAST_HASHERS)
    overrides.enable()
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            framework = framework_current() or framework_load(path=django_settings.FRAMEWORK_FILE).framework
            with stats.deferred():  # refresh the group counters once, not after every row
                built = _build_world(framework)
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            overrides.disable()
            raise
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
    overrides.disable()


@pytest.fixture
def world(db, _world_rows) -> World:
    """A fresh world for each test: its own copy of the objects, and whatever the test writes is rolled
    back when it ends."""
    return copy.deepcopy(_world_rows)


def _build_world(framework: Framework) -> World:
    school = Organisation.objects.create(name="ROC Oost")
    other_school = Organisation.objects.create(name="ROC West")
    zorg = Team.objects.create(organisation=school, name="Zorg")
    techniek = Team.objects.create(organisation=school, name="Techniek")
    elsewhere = Team.objects.create(organisation=other_school, name="Zorg")

    def person(name, org, team, role, **names):
        user = User.objects.create_user(email=f"{name}@school.nl", password=PASSWORD, **names)
        Membership.objects.create(user=user, organisation=org, team=team, role=role)
        return user

    users = {
        "owner": person("owner", school, zorg, Role.TEACHER, first_name="Olga", last_name="Vandermeulen"),
        "colleague": person("colleague", school, zorg, Role.TEACHER),
        "team_leader": person("leader", school, zorg, Role.TEAM_LEADER),
        "other_team_leader": person("leader2", school, techniek, Role.TEAM_LEADER),
        "hr": person("hr", school, None, Role.HR),
        "curriculum": person("curriculum", school, None, Role.CURRICULUM),
        "admin": person("admin", school, None, Role.ADMIN),
        "partner": person("partner", school, None, Role.PARTNER),
        "outsider": person("outsider", other_school, elsewhere, Role.TEAM_LEADER),
    }
    # a second administrator of school A (no role of the matrix): the first may leave or delete the account
    person("admin2", school, None, Role.ADMIN)
    owner, leader = users["owner"], users["team_leader"]
    plan = services.plan_get_or_create(user=owner, school_year=YEAR)
    activity = framework.activities.get(code="docentstage")
    aspect = framework.aspects.get(code="competence")
    item = services.plan_item_from_activity(plan=plan, activity=activity, aspects=[aspect])
    PlanItem.objects.filter(pk=item.pk).update(goal="Doel-van-Olga")
    item.refresh_from_db()
    entry = services.log_entry_create(
        item=item,
        day=date.today(),
        description="Logboek-van-Olga",
        hours_spent=Decimal(1),
        evidence_file=SimpleUploadedFile("bewijs.pdf", b"%PDF-1.4 x"),
    )
    item.refresh_from_db()  # the first log entry set it in progress
    ConversationNote.objects.create(
        plan=plan, author=leader, author_name=str(leader), date=date.today(), text="Afspraak-van-Olga"
    )
    team_services.audit_record(actor=leader, subject=owner, action="bekeek het plan van Olga")
    last_year = services.plan_get_or_create(user=owner, school_year=LAST_YEAR)
    last_year_item = _own_item(last_year, aspect, "Open cursus")
    carry_over = services.plan_carry_over(plan=last_year, items=[_own_item(last_year, aspect, "Cursus").pk])
    trash_entry = trash.item_trash(item=_own_item(plan, aspect, "Prullenbak-van-Olga"))
    scan = scan_create(user=owner, framework=framework, data=ScanInput(answers={}))
    team_plan = TeamPlan.objects.create(team=zorg, school_year=YEAR)
    other_team_plan = TeamPlan.objects.create(team=techniek, school_year=YEAR)
    partner = Partner.objects.create(organisation=school, name="Zorggroep")
    Contact.objects.create(partner=partner, name="Piet", email="partner@school.nl", user=users["partner"])
    foreign_partner = Partner.objects.create(organisation=other_school, name="Bedrijf West")
    busy_offer = _offer(partner, "Stage in de wijkzorg")
    foreign_offer = _offer(foreign_partner, "Stage in het westen")
    foreign_busy_offer = _offer(foreign_partner, "Werkbezoek in het westen")
    return World(
        users=users,
        framework=framework,
        school=school,
        other_school=other_school,
        zorg=zorg,
        techniek=techniek,
        elsewhere=elsewhere,
        plan=plan,
        item=item,
        entry=entry,
        scan=scan,
        team_activity=TeamActivity.objects.create(team_plan=team_plan, title="PLG Zorg"),
        other_team_activity=TeamActivity.objects.create(team_plan=other_team_plan, title="PLG Techniek"),
        other_team_goal=TeamGoal.objects.create(
            team_plan=other_team_plan, aspect=aspect, text="Doel Techniek"
        ),
        own_activity=_own_activity(framework, school, "eigen-oost-cursus", "Cursus van Oost"),
        foreign_activity=_own_activity(framework, other_school, "eigen-west-cursus", "Cursus van West"),
        partner=partner,
        foreign_partner=foreign_partner,
        offer=_offer(partner, "Stage op de spoedeisende hulp"),
        busy_offer=busy_offer,
        foreign_offer=foreign_offer,
        owner_request=OfferRequest.objects.create(
            offer=busy_offer, teacher=owner, message="Olga wil graag", status=OfferRequest.Status.ACCEPTED
        ),
        colleague_request=OfferRequest.objects.create(
            offer=busy_offer, teacher=users["colleague"], message="Ik ook"
        ),
        foreign_request=OfferRequest.objects.create(
            offer=foreign_busy_offer, teacher=users["outsider"], message="Graag"
        ),
        owner_invitation=Invitation.objects.create(
            organisation=school,
            team=techniek,
            role=Role.TEACHER,
            email=owner.email,
            max_uses=1,
            created_by=users["other_team_leader"],
            expires_at=timezone.now() + timedelta(days=14),
        ),
        last_year_item=last_year_item,
        carry_over=carry_over,
        trash_entry=trash_entry,
    )


def _own_item(plan: DevelopmentPlan, aspect, title: str) -> PlanItem:
    start, end = schoolyear.bounds(plan.school_year)
    data = services.ItemData(
        goal="x", title=title, aspects=[aspect], start_date=start, end_date=end, estimated_hours=Decimal(2)
    )
    return services.plan_item_create(plan=plan, data=data)


def _offer(partner: Partner, title: str) -> Offer:
    return Offer.objects.create(
        partner=partner,
        kind=Offer.Kind.INTERNSHIP,
        title=title,
        description="Twee weken meelopen",
        activity_code="docentstage",
        start_date=date.today(),
        end_date=date.today() + timedelta(days=30),
        places=3,
    )


def login(client, world: World, role: str) -> None:
    if role != "visitor":
        client.force_login(world.users[role])


def assert_sent_to_login(response) -> None:
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def state(without: User | None = None) -> dict[str, list]:
    """Everything a request could change that matters here, as sorted lists of plain values.

    ``without``: leave out that person's own rows (to see that a write to one's own data changed nobody
    else's)."""

    def rows(queryset, mine: str, *fields) -> list:
        if without is not None and mine:
            queryset = queryset.exclude(**{mine: without.pk})
        return sorted(queryset.values_list(*fields), key=repr)

    return {
        "users": rows(User.objects, "pk", "pk", "email", "first_name", "last_name", "fte", "password"),
        "memberships": rows(Membership.objects, "user", "user", "organisation", "team", "role"),
        "plans": rows(DevelopmentPlan.objects, "user", "user", "school_year"),
        "items": rows(
            PlanItem.objects,
            "plan__user",
            "pk",
            "plan",
            "activity",
            "title",
            "goal",
            "status",
            "version",
            "start_date",
            "end_date",
            "estimated_hours",
            "follow_up",
        ),
        "log": rows(LogEntry.objects, "item__plan__user", "pk", "item", "description", "hours_spent"),
        "reflections": rows(Reflection.objects, "item__plan__user", "item", "aspect", "rating", "text"),
        "notes": rows(ConversationNote.objects, "plan__user", "plan", "author_name", "text"),
        "trash": rows(TrashEntry.objects, "owner", "owner", "kind", "label", "restored_at"),
        "carry_overs": rows(CarryOver.objects, "plan__user", "plan", "from_year", "undone_at"),
        "scans": rows(Scan.objects, "user", "pk", "user"),
        "sharing": rows(Sharing.objects, "user", "user", "share_reflections", "share_scans"),
        "audit": rows(AuditEvent.objects, "subject", "subject", "actor_name", "action"),
        "invitations": rows(
            Invitation.objects, "", "team", "role", "email", "uses", "declined_at", "revoked_at", "expires_at"
        ),
        "schools": rows(
            Organisation.objects,
            "",
            "pk",
            "name",
            "email_domains",
            "development_hours",
            "other_development_hours",
            "min_group_size",
        ),
        "teams": rows(Team.objects, "", "pk", "organisation", "name"),
        "appointments": rows(Appointment.objects, "user", "organisation", "user", "teaching", "fte"),
        "team_plans": rows(TeamPlan.objects, "", "team", "school_year", "notes"),
        "team_goals": rows(TeamGoal.objects, "", "team_plan", "aspect", "text"),
        "team_activities": rows(TeamActivity.objects, "", "pk", "team_plan", "title", "phase"),
        "own_activities": rows(
            Activity.everything.filter(organisation__isnull=False),
            "",
            "organisation",
            "code",
            "name",
            "estimated_hours",
        ),
        "partners": rows(Partner.objects, "", "organisation", "name"),
        "contacts": rows(Contact.objects, "", "partner", "name", "email"),
        "offers": rows(Offer.objects, "", "pk", "partner", "title", "places", "withdrawn", "end_date"),
        "requests": rows(
            OfferRequest.objects, "teacher", "pk", "offer", "teacher", "status", "answer", "plan_item"
        ),
        "calendar_feeds": rows(CalendarFeed.objects, "user", "user", "token"),
    }


def changed(before: dict, after: dict) -> set[str]:
    return {key for key in before if before[key] != after[key]}


# --- Classification of every URL ------------------------------------------------------------------------

# Open to everyone, visitors included (GET); with their arguments. Everyone gets the same answer: 200, but
# a 404 for the API's root (its docs are switched off).
PUBLIC = {
    "home": [],
    "framework:catalogue": [],
    "framework:activity": ["docentstage"],
    "framework:about": [],
    "framework:audiences": [],
    "framework:learning": [],
    "framework:justification": [],
    "scan:form": [],
    "api:framework": [],
    "api:activities": [],
    "api:openapi-json": [],
    "api:api-root": [],
}
PUBLIC_STATUS = {"api:api-root": 404}
# ... but "/" is a teacher's own start page; a partner contact goes to their partner's page, and whoever
# leads or oversees without a plan of their own to what they lead and oversee (redirects).
PUBLIC_ROLE_STATUS = {
    ("home", role): 302
    for role in ("partner", "team_leader", "other_team_leader", "hr", "curriculum", "admin", "outsider")
}

# Flows for people who are not (yet) logged in: never sent to the login page. Arguments and the status
# of a visitor's GET.
ANONYMOUS = {
    "health": ([], 200),
    "set_language": ([], 302),
    "accounts:login": ([], 200),
    "accounts:logout": ([], 405),  # POST only
    "accounts:signup": ([], 200),
    "accounts:signup_sent": ([], 200),  # "check your mail", the same for everyone
    "accounts:confirm": (["MQ", "bestaat-niet"], 404),  # says the link is not valid
    "accounts:confirmation_resend": ([], 405),  # POST only, for the account proven at the login page
    "accounts:sso_start": ([], 404),  # single sign-on is off in the tests
    "accounts:sso_callback": ([], 404),
    "accounts:password_reset": ([], 200),
    "accounts:password_reset_done": ([], 200),
    "accounts:password_reset_confirm": (["MQ", "bestaat-niet"], 200),  # says the link is not valid
    "accounts:password_reset_complete": ([], 200),
    "teams:accept": (["bestaat-niet"], 404),
    "teams:accept_new_account": (["bestaat-niet"], 405),  # POST only; a bad token: 404
    "scan:visitor_result": ([], 302),  # nothing in the session: back to the scan
    "notifications:feed": (["bestaat-niet"], 404),  # a calendar program reads it by its secret address
}


@dataclass(frozen=True)
class Page:
    """A page behind the login: the roles that open it (with status ``ok``); all others get a 404."""

    name: str
    args: Callable[[World], list]
    allowed: frozenset[str]
    ok: int = 200
    own: bool = False  # shows the person their own data: open to everyone logged in


def _no_args(w: World) -> list:
    return []


PAGES = {
    # One's own pages: everyone logged in opens their own (and sees nobody else's, tested below).
    "current": Page("plans:current", _no_args, LOGGED_IN, ok=302, own=True),
    "plan": Page("plans:detail", lambda w: [YEAR], LOGGED_IN, own=True),
    "account": Page("accounts:profile", _no_args, LOGGED_IN, own=True),
    "account_export": Page("privacy:export", _no_args, LOGGED_IN, own=True),
    "account_delete": Page("privacy:delete", _no_args, LOGGED_IN, own=True),
    "password_change": Page("accounts:password_change", _no_args, LOGGED_IN, own=True),
    "agenda": Page("notifications:agenda", _no_args, LOGGED_IN, own=True),
    # Asking to renew or turn off a feed that is not on goes back to the calendar page.
    "agenda_renew": Page("notifications:agenda_renew", _no_args, LOGGED_IN, ok=302, own=True),
    "agenda_off": Page("notifications:agenda_off", _no_args, LOGGED_IN, ok=302, own=True),
    "password_change_done": Page("accounts:password_change_done", _no_args, LOGGED_IN, own=True),
    "organisation_home": Page("overviews:home", _no_args, LOGGED_IN, own=True),
    "privacy": Page("teams:privacy", _no_args, LOGGED_IN, own=True),
    "leave_page": Page("teams:leave", lambda w: [_owner_membership(w)], OWNER),
    # The owner's plan, items, log, evidence, downloads and scan: by year (only who has a plan of that
    # year) or by id.
    "item_create": Page("plans:item_create", lambda w: [YEAR], OWNER),
    "item": Page("plans:item", lambda w: [w.item.pk], OWNER),
    "item_edit": Page("plans:item_edit", lambda w: [w.item.pk], OWNER),
    # Deleting and taking over ask first (core.confirm); the trash is everyone's own.
    "item_delete": Page("plans:item_delete", lambda w: [w.item.pk], OWNER),
    "log_delete": Page("plans:log_delete", lambda w: [w.entry.pk], OWNER),
    "carry_over": Page("plans:carry_over", lambda w: [YEAR], OWNER),
    "carry_over_undo": Page("plans:carry_over_undo", lambda w: [w.carry_over.pk], OWNER),
    "trash": Page("plans:trash", _no_args, LOGGED_IN, own=True),
    "evidence": Page("plans:evidence", lambda w: [w.entry.pk], OWNER),
    "export_pdf": Page("plans:export_pdf", lambda w: [YEAR], OWNER),
    "export_xlsx": Page("plans:export_xlsx", lambda w: [YEAR], OWNER),
    "export_csv": Page("plans:export_csv", lambda w: [YEAR], OWNER),
    "scan": Page("scan:detail", lambda w: [w.scan.pk], OWNER),
    # Team Zorg: its leader and the school's administrator.
    "team": Page("overviews:team", lambda w: [w.zorg.pk], LEADERS),
    "team_plan": Page("plans:team_plan", lambda w: [w.zorg.pk], LEADERS),
    "team_plan_delete_activity": Page(  # asks first
        "plans:team_plan_delete_activity", lambda w: [w.zorg.pk, w.team_activity.pk], LEADERS
    ),
    "team_plan_delete_activity_of_other_team": Page(
        "plans:team_plan_delete_activity", lambda w: [w.zorg.pk, w.other_team_activity.pk], NOBODY
    ),
    "members": Page("teams:members", lambda w: [w.zorg.pk], LEADERS),
    "import": Page("teams:import", lambda w: [w.zorg.pk], LEADERS),
    # Removing a teacher of Zorg and revoking a Techniek invitation ask first (core.confirm); no leader is
    # removed there (oneself, or another leader), nor anyone through another team.
    "member_remove": Page("teams:member_remove", lambda w: [w.zorg.pk, _colleague_membership(w)], LEADERS),
    "member_remove_via_other_team": Page(
        "teams:member_remove", lambda w: [w.techniek.pk, _colleague_membership(w)], NOBODY
    ),
    "member_remove_of_the_leader": Page(
        "teams:member_remove", lambda w: [w.zorg.pk, _leader_membership(w)], NOBODY
    ),
    "invitation_revoke": Page(
        "teams:invitation_revoke", lambda w: [w.techniek.pk, w.owner_invitation.pk], TECHNIEK_LEADERS
    ),
    "invitation_revoke_via_other_team": Page(
        "teams:invitation_revoke", lambda w: [w.zorg.pk, w.owner_invitation.pk], NOBODY
    ),
    "member_plan": Page("plans:member_plan", lambda w: [w.zorg.pk, w.owner.pk, YEAR], ZORG_LEADER),
    # Another team of the school, a team of another school, and people reached through the wrong team.
    "other_team": Page("overviews:team", lambda w: [w.techniek.pk], TECHNIEK_LEADERS),
    "other_team_plan": Page("plans:team_plan", lambda w: [w.techniek.pk], TECHNIEK_LEADERS),
    "other_team_members": Page("teams:members", lambda w: [w.techniek.pk], TECHNIEK_LEADERS),
    "other_school_team": Page("overviews:team", lambda w: [w.elsewhere.pk], OUTSIDER),
    "other_school_members": Page("teams:members", lambda w: [w.elsewhere.pk], OUTSIDER),
    "member_plan_via_other_team": Page(
        "plans:member_plan", lambda w: [w.techniek.pk, w.owner.pk, YEAR], NOBODY
    ),
    "member_plan_of_other_school": Page(
        "plans:member_plan", lambda w: [w.zorg.pk, w.users["outsider"].pk, YEAR], NOBODY
    ),
    "member_plan_of_the_leader": Page(
        "plans:member_plan", lambda w: [w.zorg.pk, w.users["team_leader"].pk, YEAR], NOBODY
    ),
    # The school: HR and the administrator; its own activities: also the curriculum developer.
    "organisation": Page("overviews:organisation", lambda w: [w.school.pk], OVERSEERS),
    "organisation_xlsx": Page("overviews:organisation_xlsx", lambda w: [w.school.pk], OVERSEERS),
    "organisation_csv": Page("overviews:organisation_csv", lambda w: [w.school.pk], OVERSEERS),
    "organisation_research": Page("overviews:organisation_research", lambda w: [w.school.pk], OVERSEERS),
    "school_settings": Page("teams:school_settings", lambda w: [w.school.pk], ADMIN),
    # The school administration: its administrators only (the operator, is_staff, creates schools).
    "admin_home": Page("teams:admin_home", _no_args, ADMIN, ok=302),  # one school: straight to it
    "school_admin": Page("teams:school_admin", lambda w: [w.school.pk], ADMIN),
    "other_school_admin": Page("teams:school_admin", lambda w: [w.other_school.pk], NOBODY),
    "team_edit": Page("teams:team_edit", lambda w: [w.school.pk, w.zorg.pk], ADMIN),
    "team_edit_of_other_school": Page("teams:team_edit", lambda w: [w.school.pk, w.elsewhere.pk], NOBODY),
    "people": Page("teams:people", lambda w: [w.school.pk], ADMIN),
    "other_school_people": Page("teams:people", lambda w: [w.other_school.pk], NOBODY),
    "person": Page("teams:person", lambda w: [w.school.pk, w.users["colleague"].pk], ADMIN),
    "person_of_other_school": Page("teams:person", lambda w: [w.school.pk, w.users["outsider"].pk], NOBODY),
    "person_leave": Page("teams:person_leave", lambda w: [w.school.pk, w.users["colleague"].pk], ADMIN),
    "role_take": Page("teams:role_take", lambda w: [w.school.pk, _colleague_membership(w)], ADMIN),
    "role_take_of_other_school": Page(
        "teams:role_take", lambda w: [w.school.pk, _outsider_membership(w)], NOBODY
    ),
    "admin_invitation_revoke": Page(
        "teams:admin_invitation_revoke", lambda w: [w.school.pk, w.owner_invitation.pk], ADMIN
    ),
    "school_audit": Page("teams:school_audit", lambda w: [w.school.pk], ADMIN),
    "school_import": Page("teams:school_import", lambda w: [w.school.pk], ADMIN),
    "other_school_settings": Page("teams:school_settings", lambda w: [w.other_school.pk], NOBODY),
    # The hours rule per person: the school's HR and administrators, for the school's own people only (not a
    # work-field partner's contact, nobody of another school).
    "hours": Page("teams:hours", lambda w: [w.school.pk], OVERSEERS),
    "other_school_hours": Page("teams:hours", lambda w: [w.other_school.pk], NOBODY),
    "hours_person": Page("teams:hours_person", lambda w: [w.school.pk, w.owner.pk], OVERSEERS),
    "hours_of_a_partner_contact": Page(
        "teams:hours_person", lambda w: [w.school.pk, w.users["partner"].pk], NOBODY
    ),
    "hours_of_other_school_person": Page(
        "teams:hours_person", lambda w: [w.school.pk, w.users["outsider"].pk], NOBODY
    ),
    "other_organisation": Page("overviews:organisation", lambda w: [w.other_school.pk], NOBODY),
    "other_organisation_research": Page(
        "overviews:organisation_research", lambda w: [w.other_school.pk], NOBODY
    ),
    "own_activities": Page("framework:own_activities", lambda w: [w.school.pk], ACTIVITY_EDITORS),
    "own_activity_edit": Page(
        "framework:own_activity_edit", lambda w: [w.school.pk, w.own_activity.code], ACTIVITY_EDITORS
    ),
    "other_own_activities": Page("framework:own_activities", lambda w: [w.other_school.pk], NOBODY),
    "foreign_own_activity_edit": Page(
        "framework:own_activity_edit", lambda w: [w.school.pk, w.foreign_activity.code], NOBODY
    ),
    # The work field. Teachers and team leaders: the offers of their school's partners, their own requests.
    "offers": Page("workfield:offers", _no_args, LOGGED_IN, own=True),
    "my_requests": Page("workfield:my_requests", _no_args, LOGGED_IN, own=True),
    "offer": Page("workfield:offer", lambda w: [w.offer.pk], SCHOOL_A_TEACHERS),
    "foreign_offer": Page("workfield:offer", lambda w: [w.foreign_offer.pk], OUTSIDER),
    # The partner's account: its own offers and the requests for them; no other partner's.
    "partner_home": Page("workfield:partner_home", _no_args, PARTNER),
    "offer_create": Page("workfield:offer_create", _no_args, PARTNER),
    "offer_edit": Page("workfield:offer_edit", lambda w: [w.offer.pk], PARTNER),
    "offer_withdraw": Page("workfield:offer_withdraw", lambda w: [w.busy_offer.pk], PARTNER),  # asks first
    "foreign_offer_withdraw": Page("workfield:offer_withdraw", lambda w: [w.foreign_offer.pk], NOBODY),
    "foreign_offer_edit": Page("workfield:offer_edit", lambda w: [w.foreign_offer.pk], NOBODY),
    "request_answer": Page("workfield:request_answer", lambda w: [w.colleague_request.pk], PARTNER),
    "foreign_request_answer": Page("workfield:request_answer", lambda w: [w.foreign_request.pk], NOBODY),
    # The school's partners (HR and the administrator) and its curriculum view (also curriculum developers).
    "school_partners": Page("workfield:partners", lambda w: [w.school.pk], OVERSEERS),
    "school_partner": Page("workfield:partner", lambda w: [w.school.pk, w.partner.pk], OVERSEERS),
    "other_school_partners": Page("workfield:partners", lambda w: [w.other_school.pk], NOBODY),
    "school_partner_edit": Page("workfield:partner_edit", lambda w: [w.school.pk, w.partner.pk], OVERSEERS),
    "foreign_school_partner_edit": Page(
        "workfield:partner_edit", lambda w: [w.school.pk, w.foreign_partner.pk], NOBODY
    ),
    "school_partner_end": Page(  # asks first
        "workfield:partner_end", lambda w: [w.school.pk, w.partner.pk], OVERSEERS
    ),
    "foreign_school_partner_end": Page(
        "workfield:partner_end", lambda w: [w.school.pk, w.foreign_partner.pk], NOBODY
    ),
    "school_contact_edit": Page("workfield:contact_edit", lambda w: [w.school.pk, _contact(w)], OVERSEERS),
    "other_school_contact_edit": Page(
        "workfield:contact_edit", lambda w: [w.other_school.pk, _contact(w)], NOBODY
    ),
    "school_contact_deactivate": Page(  # asks first
        "workfield:contact_deactivate", lambda w: [w.school.pk, _contact(w)], OVERSEERS
    ),
    "other_school_contact_deactivate": Page(
        "workfield:contact_deactivate", lambda w: [w.other_school.pk, _contact(w)], NOBODY
    ),
    "foreign_school_partner": Page(
        "workfield:partner", lambda w: [w.school.pk, w.foreign_partner.pk], NOBODY
    ),
    "curriculum": Page("overviews:curriculum", lambda w: [w.school.pk], ACTIVITY_EDITORS),
    "other_school_curriculum": Page("overviews:curriculum", lambda w: [w.other_school.pk], NOBODY),
}


@dataclass(frozen=True)
class Write:
    """A POST: the roles that may make it, and what an allowed one changes (``must``: at least that).

    Everyone else gets a 404 (a visitor: the login page) and nothing changes (of the actor's own rows at
    most ``refused_may``). ``own``: it writes the actor's own data, so an allowed one changes nobody
    else's rows either."""

    name: str
    args: Callable[[World], list]
    data: Callable[[World], dict]
    allowed: frozenset[str]
    must: str | None
    may: frozenset[str] = frozenset()
    own: bool = False
    send: Callable | None = None  # how to make the request, when it is more than one POST of ``data``
    refused_may: frozenset[str] = frozenset()  # what a refused one may still change, of the actor's own
    # Of other people's rows, what an allowed ``own`` write may still change (deleting an account: the
    # entries the person left in others' audit logs and plans lose the name; invitations to the address go).
    others_may: frozenset[str] = frozenset()

    def make(self, client: Client, url: str, world: World):
        if self.send is not None:
            return self.send(client, url, world)
        return client.post(url, self.data(world))


def _owner_membership(w: World) -> int:
    return Membership.objects.get(user=w.owner, team=w.zorg).pk


def _colleague_membership(w: World) -> int:
    return Membership.objects.get(user=w.users["colleague"], team=w.zorg).pk


def _contact(w: World) -> int:
    """The partner's contact with an account (the "partner" role)."""
    return Contact.objects.get(partner=w.partner, user=w.users["partner"]).pk


def _leader_membership(w: World) -> int:
    return Membership.objects.get(user=w.users["team_leader"], team=w.zorg).pk


def _outsider_membership(w: World) -> int:
    return Membership.objects.filter(user=w.users["outsider"]).first().pk


def _nothing(w: World) -> dict:
    return {}


def _confirm(w: World) -> dict:
    """What the confirmation page (``core.confirm``) posts."""
    return {"confirm": "yes"}


def _item_data(w: World, **changes) -> dict:
    start, end = schoolyear.bounds(YEAR)
    data = {
        "activity": "",
        "title": "Eigen cursus",
        "goal": "Nieuw doel",
        "aspects": [w.framework.aspects.get(code="competence").pk],
        "start_date": start.isoformat(),
        "end_date": end.isoformat(),
        "estimated_hours": "4",
        "status": ItemStatus.PLANNED,
        "follow_up": "",
        "team_goal": "",
        "version": w.item.version,
    }
    return {**data, **changes}


def _own_activity_data(w: World) -> dict:
    return {
        "name": "Nieuwe eigen cursus",
        "description": "Bij ons",
        "category": w.framework.categories.order_by("pk").first().code,
        "learning": ["formal"],
        "estimated_hours": "12",
        "contribution_competence": "Leert lesgeven",
    }


def _offer_data(w: World) -> dict:
    return {
        "kind": Offer.Kind.VISIT,
        "title": "Een dag meelopen",
        "description": "Op de afdeling",
        "start_date": date.today().isoformat(),
        "end_date": (date.today() + timedelta(days=10)).isoformat(),
        "places": "4",
    }


def _contact_data(w: World) -> dict:
    return {"name": "Nieuw Contact", "email": "contact@bedrijf.nl", "account": "on"}


def _scan_data(w: World) -> dict:
    codes = w.framework.scan_statements.values_list("code", flat=True)
    return {**{f"s_{code}": "3" for code in codes}, "learning": "any", "hours_available": ""}


def _note(w: World) -> dict:
    return {"date": date.today().isoformat(), "text": "Nieuwe afspraak"}


def _import(client, url: str, w: World, csv: str = "email,first_name\nnieuw@school.nl,Nieuw\n"):
    """Upload a member list to the import page (a dry run, which changes nothing), then confirm it at
    ``url`` (the import's confirmation, ``…_confirm``) when it would change something."""
    match = resolve(url)
    upload = reverse(match.view_name.removesuffix("_confirm"), kwargs=match.kwargs)
    response = client.post(upload, {"file": SimpleUploadedFile("leden.csv", csv.encode(), "text/csv")})
    stored = client.session.get("member_import") if response.status_code == 200 else None
    if not stored:
        return response
    return client.post(url, {"digest": stored["digest"]})


def _json(client, url: str, w: World):
    return client.post(url, {"scores": {"competence": 2, "identity": 4}}, content_type="application/json")


EVERYTHING = frozenset(
    [
        "users",
        "memberships",
        "plans",
        "items",
        "log",
        "reflections",
        "notes",
        "trash",
        "carry_overs",
        "scans",
        "sharing",
        "audit",
        "invitations",
        "team_plans",
        "team_goals",
        "team_activities",
        "own_activities",
        "partners",
        "contacts",
        "offers",
        "requests",
        "calendar_feeds",
    ]
)

# plans:add_activity starts the actor's own (empty) plan of the year before it looks up the activity, so
# a refused one may leave that behind; nobody else's data changes.
STARTS_OWN_PLAN = frozenset({"plans"})


def _add_activity(code: Callable[[World], str], allowed: frozenset[str]) -> Write:
    """One click from a recommendation or an activity page: only activities the person may use."""
    return Write(
        "plans:add_activity",
        lambda w: [YEAR],
        lambda w: {"activity": code(w), **_confirm(w)},  # a second one (the owner has docentstage): meant
        allowed,
        "items",
        frozenset({"plans"}),
        own=True,
        refused_may=STARTS_OWN_PLAN,
    )


WRITES = {
    # One's own plan (by school year): starting one, or one click from the catalogue, is anyone's; the
    # rest needs a plan of that year, which only the owner has.
    "start": Write("plans:start", lambda w: [NEXT_YEAR], _nothing, LOGGED_IN, "plans", own=True),
    # Taking over from last school year into this year's plan, and undoing that.
    "carry_over": Write(
        "plans:carry_over",
        lambda w: [YEAR],
        lambda w: {"items": w.last_year_item.pk, **_confirm(w)},
        OWNER,
        "items",
        frozenset({"carry_overs"}),
        own=True,
    ),
    "carry_over_undo": Write(
        "plans:carry_over_undo",
        lambda w: [w.carry_over.pk],
        _confirm,
        OWNER,
        "items",
        frozenset({"carry_overs"}),
        own=True,
    ),
    "item_create": Write("plans:item_create", lambda w: [YEAR], _item_data, OWNER, "items", own=True),
    "add_activity": _add_activity(lambda w: "docentstage", LOGGED_IN),
    # A school's own activity goes only into the plans of that school's people.
    "add_own_activity": _add_activity(lambda w: w.own_activity.code, SCHOOL_A),
    "add_foreign_activity": _add_activity(lambda w: w.foreign_activity.code, OUTSIDER),
    "conversation": Write("plans:conversation", lambda w: [YEAR], _note, OWNER, "notes", own=True),
    # The owner's item and log entry, by id.
    "item_edit": Write(
        "plans:item_edit",
        lambda w: [w.item.pk],
        lambda w: _item_data(w, activity="docentstage", title=""),
        OWNER,
        "items",
        own=True,
    ),
    "log_add": Write(
        "plans:log_add",
        lambda w: [w.item.pk],
        lambda w: {"date": date.today().isoformat(), "description": "Gedaan", "hours_spent": "2"},
        OWNER,
        "log",
        own=True,
    ),
    "reflect": Write(
        "plans:reflect",
        lambda w: [w.item.pk],
        lambda w: {"aspect": "competence", "r-competence-rating": "4", "r-competence-text": "Veel"},
        OWNER,
        "reflections",
        own=True,
    ),
    # Deleting moves to the owner's trash; restoring puts it back.
    "log_delete": Write(
        "plans:log_delete", lambda w: [w.entry.pk], _confirm, OWNER, "log", frozenset({"trash"}), own=True
    ),
    "item_delete": Write(
        "plans:item_delete",
        lambda w: [w.item.pk],
        _confirm,
        OWNER,
        "items",
        frozenset({"log", "reflections", "trash"}),
        own=True,
    ),
    "trash_restore": Write(
        "plans:trash_restore",
        lambda w: [w.trash_entry.pk],
        _nothing,
        OWNER,
        "items",
        frozenset({"trash"}),
        own=True,
    ),
    # Team Zorg's plan: each of its actions, at an address of its own.
    "team_plan_save": Write(
        "plans:team_plan_save",
        lambda w: [w.zorg.pk],
        lambda w: {"plan-notes": "Notities", "plan-goal_competence": "Teamdoel"},
        LEADERS,
        "team_plans",
        frozenset({"team_goals"}),
    ),
    "team_plan_add_activity": Write(
        "plans:team_plan_add_activity",
        lambda w: [w.zorg.pk],
        lambda w: {"activity-title": "Intervisie", "activity-phase": "plan"},
        LEADERS,
        "team_activities",
    ),
    "team_plan_set_phase": Write(
        "plans:team_plan_set_phase",
        lambda w: [w.zorg.pk],
        lambda w: {"team_activity": w.team_activity.pk, "phase": "act"},
        LEADERS,
        "team_activities",
    ),
    "team_plan_delete_activity": Write(
        "plans:team_plan_delete_activity",
        lambda w: [w.zorg.pk, w.team_activity.pk],
        _confirm,
        LEADERS,
        "team_activities",
    ),
    # Another team's activity through Zorg's page: nobody (its id is guessed).
    "team_plan_set_phase_of_other_team": Write(
        "plans:team_plan_set_phase",
        lambda w: [w.zorg.pk],
        lambda w: {"team_activity": w.other_team_activity.pk, "phase": "act"},
        NOBODY,
        None,
    ),
    "team_plan_delete_activity_of_other_team": Write(
        "plans:team_plan_delete_activity",
        lambda w: [w.zorg.pk, w.other_team_activity.pk],
        _confirm,
        NOBODY,
        None,
    ),
    "other_team_plan_save": Write(
        "plans:team_plan_save",
        lambda w: [w.techniek.pk],
        lambda w: {"plan-notes": "Notities"},
        TECHNIEK_LEADERS,
        "team_plans",
        frozenset({"team_goals"}),  # its one goal, left empty, goes
    ),
    # Team Zorg's members.
    "invite": Write(
        "teams:invite", lambda w: [w.zorg.pk], lambda w: {"role": Role.TEACHER}, LEADERS, "invitations"
    ),
    # The import's dry run (a POST to the import page, "import" in PAGES) changes nothing; its confirmation
    # makes the invitations.
    "import": Write(
        "teams:import_confirm",
        lambda w: [w.zorg.pk],
        _nothing,
        LEADERS,
        "invitations",  # a personal invitation; nobody becomes a member without accepting it
        send=_import,
    ),
    "other_school_invite": Write(
        "teams:invite",
        lambda w: [w.elsewhere.pk],
        lambda w: {"role": Role.TEACHER},
        OUTSIDER,
        "invitations",
    ),
    "member_conversation": Write(
        "plans:member_conversation",
        lambda w: [w.zorg.pk, w.owner.pk, YEAR],
        _note,
        ZORG_LEADER,
        "notes",
        frozenset({"audit"}),
    ),
    # The school's own activities.
    "own_activity_create": Write(
        "framework:own_activities",
        lambda w: [w.school.pk],
        _own_activity_data,
        ACTIVITY_EDITORS,
        "own_activities",
    ),
    "own_activity_edit": Write(
        "framework:own_activity_edit",
        lambda w: [w.school.pk, w.own_activity.code],
        _own_activity_data,
        ACTIVITY_EDITORS,
        "own_activities",
    ),
    "other_school_own_activity_create": Write(
        "framework:own_activities", lambda w: [w.other_school.pk], _own_activity_data, NOBODY, None
    ),
    "foreign_own_activity_edit": Write(
        "framework:own_activity_edit",
        lambda w: [w.school.pk, w.foreign_activity.code],
        _own_activity_data,
        NOBODY,
        None,
    ),
    # The work field: a teacher asks for a place, cancels, puts an accepted one in their plan.
    "offer_request": Write(
        "workfield:offer",
        lambda w: [w.offer.pk],
        lambda w: {"message": "Graag een plek"},
        SCHOOL_A_TEACHERS,
        "requests",
        own=True,
    ),
    "foreign_offer_request": Write(
        "workfield:offer",
        lambda w: [w.foreign_offer.pk],
        lambda w: {"message": "Graag een plek"},
        OUTSIDER,
        "requests",
        own=True,
    ),
    "request_cancel": Write(
        "workfield:cancel", lambda w: [w.owner_request.pk], _nothing, OWNER, "requests", own=True
    ),
    # The owner's plan has the offer's activity (docentstage) already: the request leads to that item.
    "request_to_plan": Write(
        "workfield:to_plan", lambda w: [w.owner_request.pk], _nothing, OWNER, "requests", own=True
    ),
    # The partner posts, changes and withdraws its offers and answers requests; no other partner's.
    "offer_create": Write("workfield:offer_create", _no_args, _offer_data, PARTNER, "offers"),
    "offer_edit": Write("workfield:offer_edit", lambda w: [w.offer.pk], _offer_data, PARTNER, "offers"),
    "offer_withdraw": Write(
        "workfield:offer_withdraw",
        lambda w: [w.busy_offer.pk],
        _confirm,
        PARTNER,
        "offers",
        frozenset({"requests"}),  # the pending request is declined
    ),
    "request_answer": Write(
        "workfield:request_answer",
        lambda w: [w.colleague_request.pk],
        lambda w: {"decision": "accept", "answer": "Welkom"},
        PARTNER,
        "requests",
    ),
    "foreign_offer_edit": Write(
        "workfield:offer_edit", lambda w: [w.foreign_offer.pk], _offer_data, NOBODY, None
    ),
    "foreign_offer_withdraw": Write(
        "workfield:offer_withdraw", lambda w: [w.foreign_offer.pk], _confirm, NOBODY, None
    ),
    "foreign_request_answer": Write(
        "workfield:request_answer",
        lambda w: [w.foreign_request.pk],
        lambda w: {"decision": "accept", "answer": "Welkom"},
        NOBODY,
        None,
    ),
    # The school's partners and their contacts (a contact with an account signs in for the partner).
    "school_partner_create": Write(
        "workfield:partners",
        lambda w: [w.school.pk],
        lambda w: {"name": "Nieuw Bedrijf", "kind": Partner.Kind.COMPANY},
        OVERSEERS,
        "partners",
    ),
    "school_contact_add": Write(
        "workfield:partner",
        lambda w: [w.school.pk, w.partner.pk],
        _contact_data,
        OVERSEERS,
        "contacts",
        frozenset({"invitations"}),  # the contact is invited to sign in for the partner
    ),
    "school_partner_edit": Write(
        "workfield:partner_edit",
        lambda w: [w.school.pk, w.partner.pk],
        lambda w: {"name": "Zorggroep Nieuw", "kind": Partner.Kind.INSTITUTION},
        OVERSEERS,
        "partners",
    ),
    "school_contact_edit": Write(
        "workfield:contact_edit",
        lambda w: [w.school.pk, _contact(w)],
        lambda w: {"name": "Piet Nieuw", "email": "partner@school.nl"},
        OVERSEERS,
        "contacts",
    ),
    # Deactivating the partner's contact: the account loses the partner role at once.
    "school_contact_deactivate": Write(
        "workfield:contact_deactivate",
        lambda w: [w.school.pk, _contact(w)],
        _confirm,
        OVERSEERS,
        "memberships",
    ),
    # Ending the partnership: offers withdrawn, the waiting request declined, the contact's role gone.
    "school_partner_end": Write(
        "workfield:partner_end",
        lambda w: [w.school.pk, w.partner.pk],
        _confirm,
        OVERSEERS,
        "offers",
        frozenset({"requests", "memberships"}),
    ),
    "foreign_school_partner_edit": Write(
        "workfield:partner_edit",
        lambda w: [w.school.pk, w.foreign_partner.pk],
        lambda w: {"name": "Overgenomen", "kind": Partner.Kind.COMPANY},
        NOBODY,
        None,
    ),
    "foreign_school_partner_end": Write(
        "workfield:partner_end", lambda w: [w.school.pk, w.foreign_partner.pk], _confirm, NOBODY, None
    ),
    "other_school_contact_edit": Write(
        "workfield:contact_edit",
        lambda w: [w.other_school.pk, _contact(w)],
        lambda w: {"name": "Piet Nieuw", "email": "partner@school.nl"},
        NOBODY,
        None,
    ),
    "other_school_contact_deactivate": Write(
        "workfield:contact_deactivate", lambda w: [w.other_school.pk, _contact(w)], _confirm, NOBODY, None
    ),
    "other_school_partner_create": Write(
        "workfield:partners",
        lambda w: [w.other_school.pk],
        lambda w: {"name": "Nieuw Bedrijf", "kind": Partner.Kind.COMPANY},
        NOBODY,
        None,
    ),
    "foreign_partner_contact_add": Write(
        "workfield:partner", lambda w: [w.school.pk, w.foreign_partner.pk], _contact_data, NOBODY, None
    ),
    "other_school_partner_contact_add": Write(
        "workfield:partner",
        lambda w: [w.other_school.pk, w.foreign_partner.pk],
        _contact_data,
        NOBODY,
        None,
    ),
    # One's own account and choices.
    "agenda_on": Write("notifications:agenda_on", _no_args, _nothing, LOGGED_IN, "calendar_feeds", own=True),
    "agenda_renew": Write("notifications:agenda_renew", _no_args, _confirm, LOGGED_IN, None, own=True),
    "agenda_off": Write("notifications:agenda_off", _no_args, _confirm, LOGGED_IN, None, own=True),
    "profile": Write(
        "accounts:profile",
        _no_args,
        lambda w: {"first_name": "Nieuwe", "last_name": "Naam", "fte": "0.8"},
        LOGGED_IN,
        "users",
        own=True,
    ),
    "password_change": Write(
        "accounts:password_change",
        _no_args,
        lambda w: {
            "old_password": PASSWORD,
            "new_password1": "Zeer-geheim-2026!",
            "new_password2": "Zeer-geheim-2026!",
        },
        LOGGED_IN,
        "users",
        own=True,
    ),
    "privacy": Write(
        "teams:privacy",
        _no_args,
        lambda w: {"share_reflections": "on", "share_scans": "on"},
        LOGGED_IN,
        "sharing",
        own=True,
    ),
    # A school's settings: its administrators only (who counts, who may become team leader).
    "school_settings": Write(
        "teams:school_settings",
        lambda w: [w.school.pk],
        lambda w: {"email_domains": "ander.nl", "development_hours": "60", "min_group_size": "6"},
        ADMIN,
        "schools",
    ),
    "member_remove": Write(
        "teams:member_remove",
        lambda w: [w.zorg.pk, _colleague_membership(w)],
        _confirm,
        LEADERS,
        "memberships",
    ),
    "member_remove_via_other_team": Write(
        "teams:member_remove", lambda w: [w.techniek.pk, _colleague_membership(w)], _confirm, NOBODY, None
    ),
    "member_remove_of_the_leader": Write(
        "teams:member_remove", lambda w: [w.zorg.pk, _leader_membership(w)], _confirm, NOBODY, None
    ),
    "invitation_revoke": Write(
        "teams:invitation_revoke",
        lambda w: [w.techniek.pk, w.owner_invitation.pk],
        _confirm,
        TECHNIEK_LEADERS,
        "invitations",
    ),
    "invitation_revoke_via_other_team": Write(
        "teams:invitation_revoke", lambda w: [w.zorg.pk, w.owner_invitation.pk], _confirm, NOBODY, None
    ),
    # The school administration (the asking GET pages are in PAGES).
    "school_create": Write("teams:admin_home", _no_args, lambda w: {"name": "ROC Nieuw"}, NOBODY, "schools"),
    "school_rename": Write(
        "teams:school_rename",
        lambda w: [w.school.pk],
        lambda w: {"name": "ROC Oost-Nederland"},
        ADMIN,
        "schools",
    ),
    "team_create": Write(
        "teams:team_create", lambda w: [w.school.pk], lambda w: {"team-name": "Handel"}, ADMIN, "teams"
    ),
    "team_rename": Write(
        "teams:team_edit",
        lambda w: [w.school.pk, w.zorg.pk],
        lambda w: {"name": "Zorg en Welzijn"},
        ADMIN,
        "teams",
    ),
    "admin_invite": Write(
        "teams:admin_invite",
        lambda w: [w.school.pk],
        lambda w: {"email": "nieuw@school.nl", "role": Role.TEACHER, "team": w.zorg.pk},
        ADMIN,
        "invitations",
    ),
    "role_take": Write(
        "teams:role_take",
        lambda w: [w.school.pk, _colleague_membership(w)],
        lambda w: {"confirm": "yes"},
        ADMIN,
        "memberships",
    ),
    "move": Write(
        "teams:move",
        lambda w: [w.school.pk, _colleague_membership(w)],
        lambda w: {f"move{_colleague_membership(w)}-team": w.techniek.pk},
        ADMIN,
        "invitations",
    ),
    "person_leave": Write(
        "teams:person_leave",
        lambda w: [w.school.pk, w.users["colleague"].pk],
        lambda w: {"confirm": "yes"},
        ADMIN,
        "memberships",
        frozenset({"invitations"}),
    ),
    "school_import": Write(
        "teams:school_import_confirm",
        lambda w: [w.school.pk],
        _nothing,
        ADMIN,
        "invitations",
        send=lambda c, url, w: _import(
            c, url, w, "email,first_name,role,team\nnieuw@school.nl,Nieuw,docent,Zorg\n"
        ),
    ),
    "admin_invitation_resend": Write(
        "teams:admin_invitation_resend",
        lambda w: [w.school.pk, w.owner_invitation.pk],
        _nothing,
        ADMIN,
        "invitations",
    ),
    "admin_invitation_revoke": Write(
        "teams:admin_invitation_revoke",
        lambda w: [w.school.pk, w.owner_invitation.pk],
        lambda w: {"confirm": "yes"},
        ADMIN,
        "invitations",
    ),
    "hours_person": Write(
        "teams:hours_person",
        lambda w: [w.school.pk, w.owner.pk],
        lambda w: {"fte": "0.5"},
        OVERSEERS,
        "appointments",
    ),
    "hours_of_other_school_person": Write(
        "teams:hours_person",
        lambda w: [w.school.pk, w.users["outsider"].pk],
        lambda w: {"teaching": "on", "fte": "0.5"},
        NOBODY,
        None,
    ),
    # Joining and leaving: only the invited person answers their invitation, only a member leaves.
    "decline": Write("teams:decline", lambda w: [w.owner_invitation.token], _nothing, OWNER, "invitations"),
    "accept_personal": Write(
        "teams:accept",
        lambda w: [w.owner_invitation.token],
        _nothing,
        OWNER,
        "memberships",
        frozenset({"invitations"}),
    ),
    "leave": Write(
        "teams:leave", lambda w: [_owner_membership(w)], lambda w: {"confirm": "on"}, OWNER, "memberships"
    ),
    "delete": Write(
        "privacy:delete",
        _no_args,
        lambda w: {"password": PASSWORD, "confirm": "on"},
        LOGGED_IN,
        "users",
        EVERYTHING,
        own=True,
        others_may=frozenset({"audit", "notes", "invitations"}),  # privacy/tests/test_delete.py: how
    ),
    # Public: a visitor's scan stays in the session; a logged-in person's is saved as theirs.
    "scan_form": Write("scan:form", _no_args, _scan_data, frozenset(ROLES), "scans", own=True),
    "api_recommendations": Write(
        "api:recommendations", _no_args, _nothing, frozenset(ROLES), None, send=_json
    ),
}

# Views that only take a POST (a GET: the login page for a visitor, 405 for everyone logged in), and
# views that only take a GET (a POST: 405 and no change).
POST_ONLY = [
    "school_rename",
    "team_create",
    "admin_invite",
    "move",
    "admin_invitation_resend",
    "start",
    "add_activity",
    "conversation",
    "log_add",
    "reflect",
    "trash_restore",
    "team_plan_save",
    "team_plan_add_activity",
    "team_plan_set_phase",
    "invite",
    "import",
    "school_import",
    "member_conversation",
    "decline",
    "request_cancel",
    "request_to_plan",
]
GET_ONLY = ["hours", "members", "evidence", "team_plan", "trash"]


# --- The tests ------------------------------------------------------------------------------------------


def _named_urls() -> tuple[set[str], list[str]]:
    """The names of all URL patterns outside the admin site, and the routes of any without a name."""
    names, unnamed = set(), []

    def walk(patterns, namespace: str, prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                if route.startswith("beheer/"):
                    continue
                inner = ":".join(filter(None, [namespace, pattern.namespace or ""]))
                walk(pattern.url_patterns, inner, route)
            elif isinstance(pattern, URLPattern):
                if pattern.name:
                    names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
                else:
                    unnamed.append(route)

    walk(get_resolver().url_patterns, "", "")
    return names, unnamed


def test_every_url_is_in_the_matrix():
    names, unnamed = _named_urls()
    classified = (
        set(PUBLIC)
        | set(ANONYMOUS)
        | {page.name for page in PAGES.values()}
        | {write.name for write in WRITES.values()}
    )
    assert not unnamed, f"URL patterns without a name: {unnamed}"
    assert not names - classified, f"not in the authorisation matrix: {sorted(names - classified)}"
    assert not classified - names, f"in the matrix but no longer a URL: {sorted(classified - names)}"
    assert not set(PUBLIC) & set(ANONYMOUS)


@pytest.mark.parametrize(
    ("page_key", "role"),
    [(page, role) for page in sorted(PAGES) for role in ROLES],
)
def test_the_matrix(client, world, page_key, role):
    spec = PAGES[page_key]
    login(client, world, role)
    response = client.get(reverse(spec.name, args=spec.args(world)))
    if role == "visitor":
        assert_sent_to_login(response)
    elif role in spec.allowed:
        assert response.status_code == spec.ok, f"{role} should open {page_key}"
    else:
        assert response.status_code == 404, f"{role} should not open {page_key}"


@pytest.mark.parametrize(
    ("write", "role"),
    [(key, role) for key in sorted(WRITES) for role in ROLES],
)
def test_the_write_matrix(client, world, write, role):
    spec = WRITES[write]
    login(client, world, role)
    url = reverse(spec.name, args=spec.args(world))
    actor = world.users.get(role)
    before, others_before = state(), state(without=actor) if actor else None
    response = spec.make(client, url, world)
    after = state()
    if role not in spec.allowed:
        if role == "visitor":
            assert_sent_to_login(response)
        else:
            assert response.status_code == 404, f"{role} should not {write}"
        may = spec.refused_may if actor is not None else frozenset()
        assert changed(before, after) <= may, f"a refused {write} by {role} changed the database"
        if actor is not None:
            assert state(without=actor) == others_before, f"a refused {write} by {role} changed others' data"
        return
    assert response.status_code in (200, 302), f"{role} should {write}: {response.status_code}"
    if role == "visitor":
        assert changed(before, after) == set(), "a visitor changed the database"
        return
    if spec.must:
        assert spec.must in changed(before, after), f"{write} by {role} did not happen"
    assert changed(before, after) <= {spec.must, *spec.may}
    if spec.own:
        others_after = state(without=actor)
        for key in spec.others_may:
            assert len(others_after[key]) <= len(others_before[key]), f"{write} by {role} added to {key}"
            del others_after[key], others_before[key]
        assert others_after == others_before, f"{write} by {role} changed someone else's data"


@pytest.mark.parametrize("write", POST_ONLY)
def test_post_only_endpoints_refuse_a_get(client, world, write):
    spec = WRITES[write]
    url = reverse(spec.name, args=spec.args(world))
    before = state()
    assert_sent_to_login(client.get(url))
    for role in sorted(LOGGED_IN):
        client.force_login(world.users[role])
        assert client.get(url).status_code == 405, role
    assert state() == before


@pytest.mark.parametrize("page_key", GET_ONLY)
def test_read_only_pages_refuse_a_post(client, world, page_key):
    spec = PAGES[page_key]
    url = reverse(spec.name, args=spec.args(world))
    before = state()
    assert_sent_to_login(client.post(url, {"role": Role.TEACHER}))
    for role in sorted(LOGGED_IN):
        client.force_login(world.users[role])
        assert client.post(url, {"role": Role.TEACHER}).status_code == 405, role
    assert state() == before


@pytest.mark.parametrize("role", sorted(LOGGED_IN - OWNER))
@pytest.mark.parametrize(
    "page_key", sorted(key for key, page in PAGES.items() if page.own and page.ok == 200)
)
def test_own_pages_never_show_someone_elses_data(client, world, role, page_key):
    spec = PAGES[page_key]
    client.force_login(world.users[role])
    response = client.get(reverse(spec.name, args=spec.args(world)))
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response["Content-Type"] == "application/zip":  # the own-data download: every file in it
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            content = b"\n".join(archive.read(name) for name in archive.namelist())
    html = content.decode(errors="replace")
    for marker in OWNER_MARKERS:
        assert marker not in html, f"{marker} on the {page_key} page of {role}"
    assert reverse("scan:detail", args=[world.scan.pk]) not in html
    assert reverse("plans:item", args=[world.item.pk]) not in html


@pytest.mark.parametrize("role", sorted(LOGGED_IN - OWNER))
def test_the_scan_page_lists_only_ones_own_scans(client, world, role):
    client.force_login(world.users[role])
    html = client.get(reverse("scan:form")).content.decode()
    assert reverse("scan:detail", args=[world.scan.pk]) not in html


@pytest.mark.parametrize("role", ROLES)
def test_no_school_shows_its_own_activities_in_public(client, world, role):
    """A school's own activities are for its people: not on the public pages or in the API, to anyone."""
    login(client, world, role)
    for activity in (world.own_activity, world.foreign_activity):
        assert client.get(reverse("framework:activity", args=[activity.code])).status_code == 404
    public = [reverse("framework:catalogue"), reverse("api:activities"), reverse("api:framework")]
    for url in public:
        html = client.get(url).content.decode()
        assert "Cursus van Oost" not in html and "Cursus van West" not in html, url
    recommended = _json(client, reverse("api:recommendations"), world).json()["items"]
    assert not [r for r in recommended if r["activity"].startswith("eigen-")]


# Writes by someone allowed to make them that point at what is not theirs to point at: the form says no
# (200, with the error) and nothing changes. The same writes without that reference succeed (the matrix).
CROSS_REFERENCES = {
    "item_with_another_schools_activity": (
        "owner",
        "plans:item_create",
        lambda w: [YEAR],
        lambda w: _item_data(w, activity=w.foreign_activity.code, title=""),
    ),
    "item_changed_to_another_schools_activity": (
        "owner",
        "plans:item_edit",
        lambda w: [w.item.pk],
        lambda w: _item_data(w, activity=w.foreign_activity.code, title=""),
    ),
    "item_with_another_teams_goal": (
        "owner",
        "plans:item_create",
        lambda w: [YEAR],
        lambda w: _item_data(w, team_goal=w.other_team_goal.pk),
    ),
    "item_changed_to_another_teams_goal": (
        "owner",
        "plans:item_edit",
        lambda w: [w.item.pk],
        lambda w: _item_data(w, activity="docentstage", title="", team_goal=w.other_team_goal.pk),
    ),
    "team_activity_with_another_teams_goal": (
        "team_leader",
        "plans:team_plan_add_activity",
        lambda w: [w.zorg.pk],
        lambda w: {
            "activity-title": "Intervisie",
            "activity-phase": "plan",
            "activity-goal": w.other_team_goal.pk,
        },
    ),
    "team_activity_with_another_schools_activity": (
        "team_leader",
        "plans:team_plan_add_activity",
        lambda w: [w.zorg.pk],
        lambda w: {
            "activity-activity": w.foreign_activity.code,
            "activity-phase": "plan",
        },
    ),
}


@pytest.mark.parametrize("case", sorted(CROSS_REFERENCES))
def test_nothing_can_point_at_another_teams_or_schools_things(client, world, case):
    role, name, args, data = CROSS_REFERENCES[case]
    client.force_login(world.users[role])
    before = state()
    response = client.post(reverse(name, args=args(world)), data(world))
    assert response.status_code == 200  # the form again, with the error
    assert state() == before


@pytest.mark.parametrize("role", sorted(LEADERS))
@pytest.mark.parametrize("granted", [Role.HR, Role.CURRICULUM, Role.PARTNER, Role.ADMIN])
def test_a_team_leader_grants_no_more_than_a_team_role(client, world, role, granted):
    """Neither an invitation link nor a member list makes anyone more than a teacher or team leader."""
    client.force_login(world.users[role])
    before = state()
    invite = client.post(reverse("teams:invite", args=[world.zorg.pk]), {"role": granted})
    assert invite.status_code == 400
    response = _import(
        client,
        reverse("teams:import_confirm", args=[world.zorg.pk]),
        world,
        csv=f"email,role\nnieuw@school.nl,{granted}\n",
    )
    assert response.status_code == 200  # the dry run, with the row refused
    assert "team_import" not in client.session  # nothing waits for confirmation
    assert state() == before


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("plans:item", lambda w: [10**9]),
        ("plans:item_edit", lambda w: [10**9]),
        ("plans:item_delete", lambda w: [10**9]),
        ("plans:log_delete", lambda w: [10**9]),
        ("plans:carry_over_undo", lambda w: [10**9]),
        ("plans:evidence", lambda w: [10**9]),
        ("scan:detail", lambda w: [10**9]),
        ("overviews:team", lambda w: [10**9]),
        ("plans:team_plan", lambda w: [10**9]),
        ("teams:members", lambda w: [10**9]),
        ("teams:import", lambda w: [10**9]),
        ("teams:member_remove", lambda w: [w.zorg.pk, 10**9]),
        ("teams:invitation_revoke", lambda w: [w.zorg.pk, 10**9]),
        ("teams:person", lambda w: [w.school.pk, 10**9]),
        ("teams:role_take", lambda w: [w.school.pk, 10**9]),
        ("teams:admin_invitation_revoke", lambda w: [w.school.pk, 10**9]),
        ("teams:team_edit", lambda w: [w.school.pk, 10**9]),
        ("teams:hours_person", lambda w: [w.school.pk, 10**9]),
        ("plans:member_plan", lambda w: [w.zorg.pk, 10**9, YEAR]),
        ("overviews:organisation", lambda w: [10**9]),
        ("framework:own_activities", lambda w: [10**9]),
        ("framework:own_activity_edit", lambda w: [w.school.pk, "bestaat-niet"]),
        ("plans:detail", lambda w: ["geen-jaar"]),
        ("workfield:offer", lambda w: [10**9]),
        ("workfield:offer_edit", lambda w: [10**9]),
        ("workfield:request_answer", lambda w: [10**9]),
        ("workfield:partner", lambda w: [w.school.pk, 10**9]),
        ("overviews:curriculum", lambda w: [10**9]),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_made_up_ids_are_not_found(client, world, name, args):
    url = reverse(name, args=args(world))
    for role in sorted(LOGGED_IN):
        client.force_login(world.users[role])
        assert client.get(url).status_code == 404, role


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_public_pages_are_open_to_everyone(client, world, name):
    url = reverse(name, args=PUBLIC[name])
    for role in ROLES:
        client.logout()
        login(client, world, role)
        response = client.get(url)
        expected = PUBLIC_ROLE_STATUS.get((name, role), PUBLIC_STATUS.get(name, 200))
        assert response.status_code == expected, role
        if role not in ("visitor", "owner") and response.status_code == 200:  # nobody sees the owner's data
            html = response.content.decode(errors="replace")
            assert not [marker for marker in OWNER_MARKERS if marker in html], (name, role)
            assert reverse("scan:detail", args=[world.scan.pk]) not in html, (name, role)
            assert reverse("plans:item", args=[world.item.pk]) not in html, (name, role)


@pytest.mark.parametrize("name", sorted(ANONYMOUS))
def test_anonymous_flows_are_open_to_visitors(client, world, settings, name):
    settings.OIDC_ENABLED = False
    args, status = ANONYMOUS[name]
    response = client.get(reverse(name, args=args))
    assert response.status_code == status
    if status == 302:
        assert not response["Location"].startswith(reverse("accounts:login"))

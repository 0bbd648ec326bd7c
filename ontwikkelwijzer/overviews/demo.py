"""A demo school to show every role's pages with something real on them: ``manage.py demo_school``.

"ROC Demo" (e-mail domain demo.example) with the teams Zorg en Welzijn, Techniek and Economie, a
work-field partner with a contact account, seven accounts to sign in with (``ACCOUNTS``, all with the one
password given) and four colleagues without a usable password, so that the team is big enough for its
self-scan figures (``Organisation.min_group_size``) and the overviews have more than one person in them.
The content is written with the apps' own services (scans, plans, log, reflections, carrying over,
conversation notes, the team plan, sharing, offers and requests, the school's own activity), in this and
the previous school year, relative to today: done items lie in the past, planned ones ahead.

An operator's tool, like ``overviews.generate``: most memberships are made directly, not by accepting
invitations (the rule "nobody is in a group without accepting" is for people; these are made-up ones),
and they are dated before the previous school year, so the team leader sees both years. What the school's
audit shows is done through the school administration's own services, so the audit page has real
entries: the administrator creates the school and its teams, sets its e-mail domains and hours, records
the hours rule of each teacher and HR, invites the curriculum developer (who accepts) and a new teacher
of Techniek (``WAITING``, who has not answered yet: no mail goes out, the address is made up), the team
leader makes an invitation link, and a teacher of Economie (``LEAVER``) is marked as having left a month
ago (their account is closed, and kept until ``purge_expired``).

Idempotent by starting over: each run first deletes the demo accounts (``DEMO_EMAILS``, with everything
that is theirs) and every organisation named "ROC Demo" (its teams, partners, offers, own activities,
anyone else's memberships of it), then makes it all anew and rebuilds the school's overview counters. So two
runs end in the same state, the password is the new one, and nothing is doubled; what was done with the
demo accounts in between is gone. Never for a production database: the command refuses unless DEBUG.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.core import schoolyear, signals
from ontwikkelwijzer.framework import own_activities
from ontwikkelwijzer.framework.models import Activity, Aspect, Framework
from ontwikkelwijzer.framework.selectors import framework_current
from ontwikkelwijzer.notifications.services import feed_turn_on
from ontwikkelwijzer.overviews import stats
from ontwikkelwijzer.plans import services as plans
from ontwikkelwijzer.plans import teamplan
from ontwikkelwijzer.plans.constants import ItemStatus
from ontwikkelwijzer.plans.models import DevelopmentPlan, PlanItem, TeamActivity, TeamPlan
from ontwikkelwijzer.scan.models import Scan
from ontwikkelwijzer.scan.services import ScanInput, scan_create
from ontwikkelwijzer.teams import hours, invitations, school_admin
from ontwikkelwijzer.teams import services as team_services
from ontwikkelwijzer.teams.constants import Role
from ontwikkelwijzer.teams.models import (
    Departure,
    Membership,
    Organisation,
    SchoolEvent,
    Sharing,
    Team,
)
from ontwikkelwijzer.workfield import services as workfield
from ontwikkelwijzer.workfield.models import Contact, Offer, Partner

SCHOOL_NAME = "ROC Demo"
DOMAIN = "demo.example"
TEAMS = ("Zorg en Welzijn", "Techniek", "Economie en Ondernemen")
CARE, TECH = TEAMS[0], TEAMS[1]
PARTNER_NAME = "Zorggroep Rivierenland"  # the partner that partner@ signs in for


@dataclass(frozen=True)
class Account:
    email: str
    first_name: str
    last_name: str
    role: str
    team: str | None = None
    fte: Decimal = Decimal("1.00")


ACCOUNTS = (
    Account("docent@demo.example", "Fatima", "El Amrani", Role.TEACHER, CARE, Decimal("0.80")),
    Account("docent2@demo.example", "Daan", "Visser", Role.TEACHER, CARE),
    Account("teamleider@demo.example", "Lotte", "de Boer", Role.TEAM_LEADER, CARE),
    Account("hr@demo.example", "Ingrid", "Smit", Role.HR, fte=Decimal("0.90")),
    Account("curriculum@demo.example", "Sanne", "Dekker", Role.CURRICULUM),
    Account("partner@demo.example", "Marieke", "Jansen", Role.PARTNER),
    Account("beheer@demo.example", "Bas", "Hendriks", Role.ADMIN),
)
# Colleagues in the teams, without a usable password: they fill the figures, nobody signs in as them.
COLLEAGUES = (
    Account("collega1@demo.example", "Yara", "Mulder", Role.TEACHER, CARE),
    Account("collega2@demo.example", "Gijs", "Bakker", Role.TEACHER, CARE, Decimal("0.60")),
    Account("collega3@demo.example", "Esra", "Kaya", Role.TEACHER, CARE),
    Account("collega4@demo.example", "Pieter", "Brouwer", Role.TEACHER, TECH, Decimal("0.80")),
)
# Marked as having left the school a month ago (through the school administration, so in its audit).
LEAVER = Account("collega5@demo.example", "Noor", "Vermeulen", Role.TEACHER, TEAMS[2])
# Invited to Techniek by the administrator, not answered yet (no account: the invitation makes one).
WAITING = Account("nieuw@demo.example", "Noah", "de Wit", Role.TEACHER, TECH)
JOINS_BY_INVITATION = "curriculum@demo.example"  # invited by the administrator, and accepted
DEMO_EMAILS = tuple(a.email for a in (*ACCOUNTS, *COLLEAGUES, LEAVER))
EVIDENCE = "https://portfolio.demo.example/"  # links as evidence (the domain is reserved: nothing there)


class DemoRefused(Exception):
    """The demo school cannot be made; ``str()`` says why and what to do."""


@dataclass
class Demo:
    organisation: Organisation
    users: dict[str, User]
    counts: dict[str, int]


class _Days:
    """Dates in this school year relative to today, kept inside the year; and fixed dates last year."""

    def __init__(self, today: date):
        self.today = today
        self.this_year = schoolyear.school_year_for(today)
        self.last_year = schoolyear.previous_school_year(self.this_year)
        self.first, self.last = schoolyear.bounds(self.this_year)
        self.last_first = schoolyear.bounds(self.last_year)[0]

    def now(self, offset: int) -> date:
        return min(max(self.today + timedelta(offset), self.first), self.last)

    def past(self, offset: int, item: PlanItem) -> date:
        """A day of the item's period, ``offset`` days from today, not after today."""
        return min(
            max(self.today + timedelta(offset), item.start_date),
            item.end_date,
            max(self.today, item.start_date),
        )

    def before(self, month: int, day: int) -> date:
        """A day of last school year (months 8-12 in its first calendar year)."""
        return date(self.last_first.year + (month < 8), month, day)


def make(*, password: str, today: date | None = None) -> Demo:
    """Delete the demo school and accounts, and make them again (see the module's docstring)."""
    framework = framework_current()
    if framework is None:
        raise DemoRefused("No framework is loaded: run `python manage.py load_framework` first.")
    days = _Days(today or timezone.localdate())
    with transaction.atomic():
        _delete()
        with stats.deferred():
            demo = _build(framework, days, password)
        stats.rebuild(demo.organisation)
    demo.counts = counts(demo.organisation)
    return demo


def _delete() -> None:
    User.objects.filter(email__in=DEMO_EMAILS).delete()
    schools = Organisation.objects.filter(name=SCHOOL_NAME)
    TeamPlan.objects.filter(team__organisation__in=schools).delete()  # they may name the own activity
    try:
        schools.delete()
    except ProtectedError as error:
        raise DemoRefused(
            f"{SCHOOL_NAME} cannot be deleted and made again: people outside the demo put its own "
            f"activities in their plans ({len(error.protected_objects)} items). Delete those first."
        ) from None


def counts(organisation: Organisation) -> dict[str, int]:
    """What the demo school holds, for the command's summary and the tests."""
    people = User.objects.filter(email__in=DEMO_EMAILS)
    items = PlanItem.objects.filter(plan__user__in=people)
    return {
        "accounts": people.count(),
        "memberships": Membership.objects.filter(organisation=organisation).count(),
        "plans": DevelopmentPlan.objects.filter(user__in=people).count(),
        "items": items.count(),
        "log entries": sum(i.log_entries.count() for i in items),
        "scans": Scan.objects.filter(user__in=people).count(),
        "offers": Offer.objects.filter(partner__organisation=organisation).count(),
        "team activities": TeamActivity.objects.filter(team_plan__team__organisation=organisation).count(),
        "audit entries": SchoolEvent.objects.filter(organisation=organisation).count(),
        "waiting invitations": invitations.waiting_for_address(
            organisation=organisation, email=WAITING.email
        ).count(),
        "leavers": Departure.objects.filter(organisation=organisation).count(),
    }


# --- Building ----------------------------------------------------------------------------------------


def _build(framework: Framework, days: _Days, password: str) -> Demo:
    joined = timezone.make_aware(datetime(days.last_first.year, 6, 1, 9, 0))
    admin = _account(next(a for a in ACCOUNTS if a.role == Role.ADMIN), password)
    school = _school(admin)
    teams = {name: school_admin.team_create(organisation=school, name=name, by=admin) for name in TEAMS}
    users = {admin.email: admin}
    for account, secret in [(a, password) for a in ACCOUNTS] + [(a, None) for a in (*COLLEAGUES, LEAVER)]:
        if account.email in users:
            continue
        users[account.email] = user = _account(account, secret)
        if account.email == JOINS_BY_INVITATION:
            _joins_by_invitation(school, admin, user, account)
        else:
            team = teams[account.team] if account.team else None
            Membership.objects.create(user=user, organisation=school, team=team, role=account.role)
    for account in (*ACCOUNTS, *COLLEAGUES):
        if account.role in (Role.TEACHER, Role.HR):
            hours.appointment_save(
                organisation=school,
                person=users[account.email],
                teaching=account.role == Role.TEACHER,
                fte=account.fte,
                by=admin,
            )
    # Dated before last school year: the team leader sees both years, the figures count both; the
    # school's set-up in its audit too.
    Membership.objects.filter(organisation=school).update(created_at=joined)
    SchoolEvent.objects.filter(organisation=school).update(created_at=joined)
    signals.changed(*(u.pk for u in users.values()))
    _recent_changes(school, admin, users, teams, days)

    aspects = {a.code: a for a in Aspect.objects.filter(framework=framework)}
    care = teams[CARE]
    own = _own_activity(school, framework, aspects)
    goals = _team_plan(care, days, framework, aspects)
    offers = _partners(school, users["partner@demo.example"], days)
    fatima = users["docent@demo.example"]
    daan = users["docent2@demo.example"]
    leader = users["teamleider@demo.example"]
    _fatima(fatima, leader, framework, aspects, days, goals, offers)
    _daan(daan, framework, aspects, days, own, offers)
    for n, account in enumerate(COLLEAGUES):
        _colleague(users[account.email], framework, aspects, days, n)
    Sharing.objects.create(user=fatima, share_reflections=True, share_scans=True)
    Sharing.objects.create(user=daan, share_reflections=False, share_scans=False)
    Sharing.objects.create(user=users["collega1@demo.example"], share_reflections=True, share_scans=False)
    feed_turn_on(user=fatima)  # her plan's dates in her calendar (notifications)
    return Demo(organisation=school, users=users, counts={})


def _school(admin: User) -> Organisation:
    """The school, made by its administrator, with its e-mail domains and hours set in its settings."""
    school = school_admin.school_create(name=SCHOOL_NAME, by=admin)
    school.email_domains = DOMAIN
    school.min_group_size = 3
    school.other_development_hours = Decimal("40")
    team_services.school_settings_save(organisation=school, by=admin)
    return school


def _no_link(path: str) -> str:
    return path  # the demo mails no invitation, so no link needs to be whole


def _joins_by_invitation(school: Organisation, admin: User, user: User, account: Account) -> None:
    invitation, _mailed = school_admin.invite(
        organisation=school,
        team=None,
        role=account.role,
        email=account.email,
        first_name=account.first_name,
        last_name=account.last_name,
        by=admin,
        absolute_uri=_no_link,
        mail=False,
    )
    invitations.invitation_accept(invitation=invitation, user=user)


def _recent_changes(
    school: Organisation, admin: User, users: dict[str, User], teams: dict[str, Team], days: _Days
) -> None:
    """This school year's changes: a teacher left a month ago, the team leader made an invitation link,
    and a new teacher is invited and has not answered yet."""
    left_on = days.now(-30)
    leaver = users[LEAVER.email]
    school_admin.person_leave(organisation=school, user=leaver, by=admin, left_on=left_on)
    moment = timezone.make_aware(datetime.combine(left_on, datetime.min.time()) + timedelta(hours=10))
    SchoolEvent.objects.filter(organisation=school, action="left").update(created_at=moment)
    school_admin.link_create(team=teams[CARE], by=users["teamleider@demo.example"])
    school_admin.invite(
        organisation=school,
        team=teams[WAITING.team] if WAITING.team else None,
        role=WAITING.role,
        email=WAITING.email,
        first_name=WAITING.first_name,
        last_name=WAITING.last_name,
        by=admin,
        absolute_uri=_no_link,
        mail=False,
    )


def _account(account: Account, password: str | None) -> User:
    return User.objects.create_user(
        email=account.email,
        password=password,
        first_name=account.first_name,
        last_name=account.last_name,
        fte=account.fte,
        email_verified_at=timezone.now(),
    )


def _own_activity(school: Organisation, framework: Framework, aspects: dict[str, Aspect]) -> Activity:
    """The school's own activity, as curriculum@ would add it on the school's activities page."""
    return own_activities.save(
        organisation=school,
        framework=framework,
        data=own_activities.OwnActivityData(
            name="Werkplaats examinering nieuwe kwalificatiedossiers",
            description=(
                "Vier middagen waarin docenten met praktijkopleiders de examenopdrachten en beoordelings"
                "formulieren voor de herziene kwalificatiedossiers maken en uitproberen. Organisatie: "
                "het examenbureau van ROC Demo."
            ),
            category=framework.categories.get(code="expertise"),
            learning=["formal"],
            involves_workfield=True,
            touches_curriculum=True,
            estimated_hours=12,
            contributions={
                aspects["competence"]: "Docent beoordeelt volgens de nieuwe dossiers en weet waarom.",
                aspects["workfield"]: "Praktijkopleiders denken mee over wat een examen moet laten zien.",
            },
        ),
    )


def _team_plan(team: Team, days: _Days, framework: Framework, aspects: dict[str, Aspect]) -> dict:
    activity = {
        a.code: a for a in framework.activities.filter(code__in=["plg", "werkveldcommissie", "co-design"])
    }
    teamplan.team_plan_save(
        team=team,
        school_year=days.last_year,
        notes="Eerste jaar met een teamplan: we beginnen klein, met één doel voor het werkveld.",
        goals={
            aspects["workfield"]: "Elke docent bezoekt dit jaar minstens één zorgorganisatie uit de regio."
        },
    )
    teamplan.team_activity_add(
        team=team,
        school_year=days.last_year,
        activity=activity["werkveldcommissie"],
        title="Werkveldcommissie Zorg en Welzijn",
        description="Drie keer per jaar met praktijkopleiders van de zorgorganisaties uit de regio.",
        goal=None,
        phase=TeamActivity.Phase.ACT,
    )
    plan = teamplan.team_plan_save(
        team=team,
        school_year=days.this_year,
        notes=(
            "Besproken in de teamvergadering van september. We kijken in februari samen naar het "
            "teamoverzicht en stellen de doelen zo nodig bij."
        ),
        goals={
            aspects["competence"]: (
                "Elke docent brengt dit jaar een actuele praktijkervaring in de lessen van leerjaar 2."
            ),
            aspects["identity"]: "We bespreken maandelijks een casus over beroepshouding in de zorg.",
            aspects["workfield"]: (
                "Elke docent werkt dit jaar minstens één keer samen met een zorgorganisatie uit de regio."
            ),
        },
    )
    goals = {g.aspect.code: g for g in plan.goals.select_related("aspect")}
    for code, title, description, goal, phase in (
        (
            "plg",
            "PLG beroepshouding",
            "Elke maand een uur: een casus uit de BPV, feedback op elkaars aanpak.",
            "identity",
            TeamActivity.Phase.DO,
        ),
        (
            "werkveldcommissie",
            "Werkveldcommissie Zorg en Welzijn",
            "Met Zorggroep Rivierenland en twee thuiszorgorganisaties; agenda: het nieuwe keuzedeel.",
            "workfield",
            TeamActivity.Phase.PLAN,
        ),
        (
            "co-design",
            "Praktijkopdracht wijkzorg ontwerpen",
            "Samen met de wijkverpleging een opdracht voor leerjaar 2 ontwerpen en uitproberen.",
            "competence",
            TeamActivity.Phase.CHECK,
        ),
    ):
        teamplan.team_activity_add(
            team=team,
            school_year=days.this_year,
            activity=activity[code],
            title=title,
            description=description,
            goal=goals[goal],
            phase=phase,
        )
    return goals


def _partners(school: Organisation, account: User, days: _Days) -> dict[str, Offer]:
    care = Partner.objects.create(
        organisation=school,
        name=PARTNER_NAME,
        kind=Partner.Kind.INSTITUTION,
        sector="Ouderenzorg en wijkverpleging",
        city="Tiel",
        website="https://www.example.org/zorggroep-rivierenland",
    )
    Contact.objects.create(
        partner=care,
        name=str(account),
        email=account.email,
        phone="0344 123 456",
        position="Praktijkopleider",
        user=account,
    )
    tech = Partner.objects.create(
        organisation=school,
        name="Installatiebedrijf Van Dijk",
        kind=Partner.Kind.COMPANY,
        sector="Installatietechniek",
        city="Culemborg",
    )
    Contact.objects.create(
        partner=tech, name="Erik van Dijk", email="erik@vandijk.example", position="Eigenaar"
    )
    made = {}
    for key, partner, kind, title, description, start, end, places in (
        (
            "visit",
            care,
            Offer.Kind.VISIT,
            "Een dag meelopen op de afdeling revalidatie",
            "Je loopt een dagdienst mee met een verpleegkundige en spreekt de praktijkopleider over de BPV.",
            days.now(7),
            days.now(150),
            6,
        ),
        (
            "guest",
            care,
            Offer.Kind.GUEST_LESSON,
            "Gastles over werken in de wijkverpleging",
            "Een wijkverpleegkundige geeft samen met jou een les over zorg thuis: indiceren, samenwerken "
            "met de huisarts, eigen regie van de cliënt.",
            days.now(14),
            days.now(120),
            2,
        ),
        (
            "internship",
            care,
            Offer.Kind.INTERNSHIP,
            "Docentstage van twee weken in het verpleeghuis",
            "Twee weken meewerken op een psychogeriatrische afdeling, met een begeleider en een "
            "eindgesprek over wat je meeneemt naar je lessen.",
            days.now(30),
            days.now(200),
            2,
        ),
        (
            "heatpump",
            tech,
            Offer.Kind.INTERNSHIP,
            "Meewerken aan de installatie van warmtepompen",
            "Een week mee met een monteur: van warmteverliesberekening tot oplevering bij de klant.",
            days.now(20),
            days.now(180),
            1,
        ),
    ):
        made[key] = workfield.offer_save(
            partner=partner,
            data=workfield.OfferData(
                kind=kind, title=title, description=description, start_date=start, end_date=end, places=places
            ),
        )
    return made


def _scan(user: User, framework: Framework, levels: dict[str, int], moment: datetime | None = None) -> Scan:
    """A scan answering each statement about its aspect's level, the later statements one lower."""
    answers = {}
    for n, (code, aspect) in enumerate(
        framework.scan_statements.order_by("position").values_list("code", "aspect__code")
    ):
        answers[code] = max(1, min(5, levels[aspect] - (n % 3 == 2)))
    made = scan_create(
        user=user, framework=framework, data=ScanInput(answers=answers, learning="any", hours_available=40)
    )
    if moment is not None:
        Scan.objects.filter(pk=made.pk).update(created_at=moment, updated_at=moment)
        signals.changed(user.pk)
    return made


def _item(
    plan: DevelopmentPlan,
    code: str | None,
    goal: str,
    start: date,
    end: date,
    status: str = ItemStatus.PLANNED,
    *,
    title: str = "",
    aspects: list[Aspect] | None = None,
    hours: int | None = None,
    follow_up: str = "",
    team_goal=None,
    activity: Activity | None = None,
) -> PlanItem:
    if code is not None:
        activity = Activity.objects.get(framework=plan.framework, code=code)
    if aspects is None:
        assert activity is not None
        aspects = [c.aspect for c in activity.contributions.select_related("aspect")]
    return plans.plan_item_create(
        plan=plan,
        data=plans.ItemData(
            activity=activity,
            title=title,
            goal=goal,
            aspects=aspects,
            start_date=start,
            end_date=max(start, end),
            estimated_hours=Decimal(hours if hours is not None else activity.estimated_hours),
            status=status,
            follow_up=follow_up,
            team_goal=team_goal,
        ),
    )


def _log(item: PlanItem, day: date, text: str, hours: str, link: str = "") -> None:
    plans.log_entry_create(
        item=item,
        day=day,
        description=text,
        hours_spent=Decimal(hours),
        evidence_url=EVIDENCE + link if link else "",
    )


def _reflect(item: PlanItem, aspects: dict[str, Aspect], texts: dict[str, tuple[int, str]]) -> None:
    plans.reflections_save(
        item=item, changes=[(aspects[code], rating, text) for code, (rating, text) in texts.items()]
    )


def _fatima(user, leader, framework, aspects, days: _Days, goals: dict, offers: dict[str, Offer]) -> None:
    """docent@: two years of plans through the whole cycle, two scans, notes, an accepted request."""
    _scan(
        user,
        framework,
        {"competence": 3, "identity": 3, "workfield": 2},
        timezone.make_aware(datetime.combine(days.before(9, 20), datetime.min.time())),
    )
    _scan(user, framework, {"competence": 4, "identity": 4, "workfield": 3})

    last = plans.plan_get_or_create(user=user, school_year=days.last_year)
    stage = _item(
        last,
        "docentstage",
        "Mijn lessen over ouderenzorg actualiseren door twee weken mee te werken in een verpleeghuis.",
        days.before(10, 1),
        days.before(11, 15),
        ItemStatus.DONE,
        hours=40,
        follow_up="De casus uit de stage verwerken in de lessenreeks zorgplan; volgend jaar "
        "co-assessment met de praktijkopleider.",
    )
    _log(
        stage,
        days.before(10, 11),
        "Eerste week meegewerkt op de psychogeriatrische afdeling; aantekeningen gemaakt over de nieuwe "
        "werkwijze bij medicatie.",
        "20",
        "docentstage-week-1",
    )
    _log(
        stage,
        days.before(10, 18),
        "Tweede week: overdrachten bijgewoond en een cliëntbespreking meegemaakt.",
        "18",
        "docentstage-week-2",
    )
    _log(
        stage,
        days.before(11, 12),
        "Eindgesprek met de praktijkopleider; afspraken over gastlessen en BPV-plaatsen.",
        "2",
    )
    _reflect(
        stage,
        aspects,
        {
            "competence": (
                5,
                "Ik weet weer hoe het er nu op de werkvloer aan toe gaat; mijn casussen in leerjaar 2 "
                "zijn er veel echter door geworden.",
            ),
            "workfield": (
                4,
                "Het contact met de praktijkopleider is warm gebleven: ze komt in het voorjaar een "
                "gastles geven.",
            ),
        },
    )
    reading = _item(
        last,
        "vakliteratuur",
        "Bijblijven in de ouderenzorg: elke maand een artikel uit een vakblad lezen en bespreken in het "
        "team.",
        days.before(1, 8),
        days.before(4, 30),
        ItemStatus.DONE,
        hours=10,
    )
    _log(
        reading,
        days.before(2, 14),
        "Artikel over samen beslissen met de cliënt gelezen en in de teamvergadering besproken.",
        "3",
        "artikel-samen-beslissen",
    )
    _reflect(
        reading,
        aspects,
        {
            "competence": (3, "Nuttig, maar ik lees te weinig regelmatig; een vaste leesgroep zou helpen."),
            "identity": (
                4,
                "De artikelen gaven me taal voor wat goede zorg is, en die gebruik ik in gesprekken met "
                "studenten.",
            ),
            "workfield": (2, "Weinig contact met het werkveld; dat zoek ik volgend jaar in werkbezoeken."),
        },
    )
    assessing = _item(
        last,
        "co-assessment",
        "Samen met praktijkopleiders de proeve van bekwaamheid beoordelen.",
        days.before(3, 1),
        days.before(6, 30),
        ItemStatus.IN_PROGRESS,
        hours=12,
    )
    _log(
        assessing,
        days.before(6, 12),
        "Eerste gezamenlijke beoordeling bij Zorggroep Rivierenland; de normen verschilden op twee criteria.",
        "4",
    )
    plans.conversation_note_create(
        plan=last,
        author=leader,
        day=days.before(6, 24),
        text="Jaargesprek: de docentstage was waardevol. Co-assessment loopt door in het nieuwe "
        "schooljaar; Fatima deelt haar ervaringen in de PLG.",
    )
    plans.plan_carry_over(plan=last, items=[assessing.pk])  # the copy is planned in this year's plan

    this = plans.plan_get_or_create(user=user, school_year=days.this_year)
    visits = _item(
        this,
        "werkbezoeken",
        "Drie zorgorganisaties in de regio bezoeken en per bezoek een praktijkvoorbeeld voor mijn lessen "
        "meenemen.",
        days.now(-45),
        days.now(90),
        ItemStatus.PLANNED,
        hours=12,
        team_goal=goals["workfield"],
    )
    _log(
        visits,
        days.past(-30, visits),
        "Bezoek aan de wijkverpleging in Tiel; meegereden met een ochtendronde.",
        "4",
        "werkbezoek-wijkverpleging",
    )
    _log(
        visits,
        days.past(-7, visits),
        "Bezoek aan de revalidatieafdeling; foto's van de nieuwe tilhulpmiddelen voor de les "
        "verplaatsingstechnieken.",
        "3",
        "werkbezoek-revalidatie",
    )
    _item(
        this,
        "experimenteren-ai-tools",
        "Uitproberen hoe studenten met een AI-assistent een zorgplan kunnen controleren, en waar het "
        "misgaat.",
        days.now(20),
        days.now(110),
        hours=8,
    )
    intervision = _item(
        this,
        None,
        "Met drie collega's lastige gesprekken met studenten over beroepshouding bespreken.",
        days.now(-60),
        days.now(-5),
        ItemStatus.DONE,
        title="Intervisie over lastige gesprekken",
        aspects=[aspects["identity"]],
        hours=6,
        follow_up="De gespreksaanpak opnemen in het SLB-draaiboek van het team.",
    )
    _log(
        intervision,
        days.past(-20, intervision),
        "Derde intervisiebijeenkomst: casus over een student die niet op tijd komt in de BPV.",
        "2",
    )
    _reflect(
        intervision,
        aspects,
        {
            "identity": (
                4,
                "Ik stel eerder vragen in plaats van meteen een oordeel te geven; studenten vertellen meer.",
            )
        },
    )
    plans.conversation_note_create(
        plan=this,
        author=leader,
        day=days.now(-40),
        text="Startgesprek: Fatima richt zich op werkbezoeken (teamdoel werkveld) en rondt de "
        "co-assessment af. Evaluatie in februari.",
    )
    plans.conversation_note_create(
        plan=this,
        author=user,
        day=days.now(-38),
        text="Aanvulling: ik wil de gastles over wijkverpleging koppelen aan het keuzedeel zorg thuis.",
    )
    asked = workfield.request_create(
        offer=offers["guest"],
        teacher=user,
        message="Graag in de lessenreeks zorg thuis van leerjaar 2, bij voorkeur op dinsdag.",
    )
    workfield.request_answer(
        offer_request=asked,
        accept=True,
        answer="Leuk! Onze wijkverpleegkundige Anouk neemt contact met je op.",
    )
    asked.refresh_from_db()
    workfield.request_to_plan(offer_request=asked)


def _daan(user, framework, aspects, days: _Days, own: Activity, offers: dict[str, Offer]) -> None:
    """docent2@: shares nothing with the team leader; a pending request; the school's own activity."""
    _scan(user, framework, {"competence": 4, "identity": 2, "workfield": 3})
    last = plans.plan_get_or_create(user=user, school_year=days.last_year)
    training = _item(
        last,
        "training-digitale-innovaties",
        "Leren werken met het elektronisch cliëntdossier dat de zorgorganisaties in de regio gebruiken.",
        days.before(9, 15),
        days.before(12, 20),
        ItemStatus.DONE,
        hours=16,
    )
    _log(
        training,
        days.before(11, 5),
        "Training ECD gevolgd bij de leverancier; oefenomgeving aangevraagd voor de lessen.",
        "8",
        "certificaat-ecd",
    )
    _reflect(
        training,
        aspects,
        {
            "competence": (
                4,
                "Ik kan studenten nu laten oefenen met rapporteren zoals het in de praktijk gaat.",
            )
        },
    )
    _item(
        last,
        "plg",
        "Deelnemen aan de PLG over feedback geven in de BPV.",
        days.before(2, 1),
        days.before(6, 30),
        ItemStatus.CANCELLED,
        hours=10,
    )
    this = plans.plan_get_or_create(user=user, school_year=days.this_year)
    interviews = _item(
        this,
        "studentinterviews",
        "Vijf studenten interviewen over wat hen in de BPV helpt, en mijn begeleiding daarop aanpassen.",
        days.now(-30),
        days.now(60),
        hours=6,
    )
    _log(
        interviews, days.past(-10, interviews), "Twee interviews gehouden met studenten uit leerjaar 3.", "2"
    )
    _item(
        this,
        None,
        "De nieuwe examenopdrachten voor het dossier Verzorgende-IG leren afnemen.",
        days.now(30),
        days.now(150),
        activity=own,
        hours=12,
    )
    workfield.request_create(
        offer=offers["internship"],
        teacher=user,
        message="Ik wil graag mijn lessen psychogeriatrie actualiseren; de tweede helft van het "
        "schooljaar past het best.",
    )


COLLEAGUE_PLANS = (
    ("werkbezoeken", ItemStatus.DONE, "Een werkbezoek bij een thuiszorgorganisatie."),
    ("co-assessment", ItemStatus.IN_PROGRESS, "Beoordelen samen met de praktijkopleider."),
    ("vakliteratuur", ItemStatus.PLANNED, "Vakliteratuur over dementie bijhouden."),
    ("plg", ItemStatus.IN_PROGRESS, "Meedoen aan de PLG beroepshouding."),
    ("experimenteren-lesvormen", ItemStatus.PLANNED, "Een escaperoom over hygiëne uitproberen in de les."),
)


def _colleague(user, framework, aspects, days: _Days, n: int) -> None:
    _scan(user, framework, {"competence": 3 + n % 2, "identity": 4 - n % 2, "workfield": 2 + n % 3})
    last = plans.plan_get_or_create(user=user, school_year=days.last_year)
    _item(
        last,
        "vakliteratuur",
        "Vakliteratuur bijhouden.",
        days.before(10, 1),
        days.before(3, 31),
        ItemStatus.DONE,
    )
    this = plans.plan_get_or_create(user=user, school_year=days.this_year)
    for k in range(3):
        code, status, goal = COLLEAGUE_PLANS[(n + k) % len(COLLEAGUE_PLANS)]
        before = status == ItemStatus.DONE
        item = _item(
            this, code, goal, days.now(-50 if before else -10), days.now(-3 if before else 100), status
        )
        if status != ItemStatus.PLANNED:
            _log(item, days.past(-5, item), "Uitgevoerd en besproken met de collega's van het team.", "3")

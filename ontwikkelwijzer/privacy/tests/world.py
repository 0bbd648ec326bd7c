"""One person with data in every app, built through the real services where there are any, and the people
around them: a team leader who looked at the plan and wrote a note in it, a colleague whose data the person
looked at (as team leader of another team) and in whose plan they wrote a note, a work-field partner that
accepted the person for an offer."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.admin.models import CHANGE
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.core import schoolyear
from ontwikkelwijzer.notifications.services import feed_turn_on
from ontwikkelwijzer.plans import services as plans
from ontwikkelwijzer.plans import trash
from ontwikkelwijzer.plans.models import ConversationNote, LogEntry, ReminderSent
from ontwikkelwijzer.scan.services import ScanInput, scan_create
from ontwikkelwijzer.teams import invitations
from ontwikkelwijzer.teams import services as teams
from ontwikkelwijzer.teams.constants import Role
from ontwikkelwijzer.teams.models import Appointment, Departure, Membership, Organisation, Team
from ontwikkelwijzer.workfield import services as workfield
from ontwikkelwijzer.workfield.models import Contact, Offer, OfferRequest, Partner
from tests.support import person

PDF = b"%PDF-1.4\n% het bewijs van Fatima\n" + bytes(range(256)) * 40
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00plaatje" * 500


@dataclass
class World:
    teacher: User
    leader: User  # team leader of Zorg, the teacher's team
    colleague: User  # teacher in Techniek, where the teacher is team leader too
    partner_user: User  # the account of the partner's contact
    organisation: Organisation
    zorg: Team
    techniek: Team
    partner: Partner
    offer: Offer
    ended_offer: Offer
    entries: list[LogEntry]


def build(framework) -> World:
    organisation = Organisation.objects.create(name="ROC Oost")
    zorg = Team.objects.create(organisation=organisation, name="Zorg")
    techniek = Team.objects.create(organisation=organisation, name="Techniek")
    teacher = person(organisation, zorg, Role.TEACHER, name="Fatima")
    teacher.fte = Decimal("0.80")
    teacher.save()
    Membership.objects.create(user=teacher, organisation=organisation, team=techniek, role=Role.TEAM_LEADER)
    leader = person(organisation, zorg, Role.TEAM_LEADER, name="Lotte")
    colleague = person(organisation, techniek, Role.TEACHER, name="Karim")
    year = schoolyear.school_year_for(date.today())
    # the school's hours rule for her, and a school she left earlier
    Appointment.objects.create(
        organisation=organisation,
        user=teacher,
        teaching=True,
        fte=Decimal("0.80"),
        updated_by_name="Hanna HR",
    )
    Departure.objects.create(
        organisation=Organisation.objects.create(name="ROC Elders"),
        user=teacher,
        left_on=date.today(),
        recorded_by_name="Bert Beheer",
    )

    # scan
    codes = list(framework.scan_statements.values_list("code", flat=True))
    scan_create(
        user=teacher,
        framework=framework,
        data=ScanInput(answers={code: 4 for code in codes[:3]} | {codes[3]: None}, learning="formal"),
    )

    # plans: an activity with log, evidence and a reflection; an own activity; notes; a reminder
    plan = plans.plan_get_or_create(user=teacher, school_year=year)
    activity = framework.activities.get(code="docentstage")
    aspect = framework.aspects.get(code="competence")
    item = plans.plan_item_from_activity(plan=plan, activity=activity, aspects=[aspect])
    start, end = schoolyear.bounds(year)
    own = plans.plan_item_create(
        plan=plan,
        data=plans.ItemData(
            goal="Beter feedback geven op stageverslagen",
            title="Eigen intervisie",
            aspects=[aspect],
            start_date=start,
            end_date=end,
            estimated_hours=Decimal("6.5"),
            follow_up="Intervisie voortzetten",
        ),
    )
    day = min(date.today(), end)
    entries = [
        plans.log_entry_create(
            item=item,
            day=day,
            description="Twee dagen meegelopen op de afdeling",
            hours_spent=Decimal("16"),
            evidence_url="https://voorbeeld.nl/verslag",
            evidence_file=SimpleUploadedFile("stage verslag.pdf", PDF),
        ),
        plans.log_entry_create(
            item=own,
            day=day,
            description="Foto van het intervisieschema",
            hours_spent=Decimal("1.5"),
            evidence_file=SimpleUploadedFile("schema.png", PNG),
        ),
    ]
    plans.reflection_save(item=item, aspect=aspect, rating=4, text="Ik zie nu hoe het werkveld beoordeelt")
    ConversationNote.objects.create(
        plan=plan, author=leader, author_name=str(leader), date=day, text="Afspraak: stage afronden voor mei"
    )
    colleague_plan = plans.plan_get_or_create(user=colleague, school_year=year)
    ConversationNote.objects.create(
        plan=colleague_plan,
        author=teacher,
        author_name=str(teacher),
        date=day,
        text="Karim volgt de cursus toetsen",
    )
    ReminderSent.objects.create(user=teacher, kind="item_ending", key=str(item.pk))
    plans.plan_carry_over(plan=plan)  # next year's plan, its items carried from this year's
    # the trash: a log entry with its file, deleted (restorable)
    trashed = plans.log_entry_create(
        item=own,
        day=day,
        description="Dubbel ingevoerd, naar de prullenbak",
        hours_spent=Decimal("0.5"),
        evidence_file=SimpleUploadedFile("dubbel.pdf", PDF),
    )
    trash.log_entry_trash(entry=trashed)

    # teams: sharing, audit entries both ways, invitations both ways
    sharing = teams.sharing_of(user=teacher)
    sharing.share_reflections = True
    sharing.save()
    teams.audit_record(actor=leader, subject=teacher, action="bekeek je ontwikkelplan (team Zorg)")
    teams.audit_record(actor=teacher, subject=colleague, action="bekeek je ontwikkelplan (team Techniek)")
    invitations.personal_invitation_create(
        organisation=organisation,
        team=techniek,
        role=Role.TEACHER,
        email=teacher.email.upper(),
        created_by=leader,
        first_name="Fatima",
        last_name="Uit-de-lijst",
        fte=Decimal("0.8"),
    )
    invitations.invitation_create(team=techniek, role=Role.TEACHER, created_by=teacher)

    # work field: a request accepted for an offer still running, one for an offer that ended, a contact
    partner = Partner.objects.create(organisation=organisation, name="Zorggroep Oost")
    partner_user = person(name="Petra")
    Contact.objects.create(partner=partner, name="Petra", email=partner_user.email, user=partner_user)
    Contact.objects.create(
        partner=partner, name="Fatima bij Zorggroep", email=teacher.email, phone="0612345678", user=teacher
    )
    offer = Offer.objects.create(
        partner=partner,
        kind=Offer.Kind.INTERNSHIP,
        title="Meelopen op de IC",
        description="Twee dagen",
        activity_code="docentstage",
        start_date=date.today(),
        end_date=date.today() + timedelta(days=60),
        places=2,
    )
    ended_offer = Offer.objects.create(
        partner=partner,
        kind=Offer.Kind.VISIT,
        title="Werkbezoek vorig jaar",
        description="Een ochtend",
        activity_code="werkbezoek",
        start_date=date.today() - timedelta(days=400),
        end_date=date.today() - timedelta(days=399),
        places=5,
    )
    accepted = workfield.request_create(offer=offer, teacher=teacher, message="Ik wil graag meelopen")
    accepted = workfield.request_answer(offer_request=accepted, accept=True, answer="Welkom op maandag")
    workfield.request_to_plan(offer_request=accepted)
    OfferRequest.objects.create(
        offer=ended_offer,
        teacher=teacher,
        message="Mag ik komen kijken?",
        status=OfferRequest.Status.ACCEPTED,
    )

    # notifications: the calendar feed is on
    feed_turn_on(user=teacher)

    # accounts: sign-in records of django-axes (the address typed in another case), an admin action
    common = {"user_agent": "Firefox op de schoolcomputer", "http_accept": "text/html", "path_info": "/"}
    AccessLog.objects.create(username=teacher.email, ip_address="192.0.2.10", **common)
    AccessAttempt.objects.create(
        username=teacher.email.upper(),
        ip_address="192.0.2.11",
        get_data="",
        post_data="",
        failures_since_start=2,
        **common,
    )
    AccessFailureLog.objects.create(
        username=teacher.email, ip_address="192.0.2.12", locked_out=True, **common
    )
    AccessLog.objects.create(username=colleague.email, ip_address="192.0.2.99", **common)
    AdminLogEntry.objects.create(
        user=teacher,
        content_type=ContentType.objects.get_for_model(Team),
        object_id=str(zorg.pk),
        object_repr="Zorg",
        action_flag=CHANGE,
        change_message="Naam van het team aangepast",
    )
    return World(
        teacher=teacher,
        leader=leader,
        colleague=colleague,
        partner_user=partner_user,
        organisation=organisation,
        zorg=zorg,
        techniek=techniek,
        partner=partner,
        offer=offer,
        ended_offer=ended_offer,
        entries=entries,
    )

"""The hours rule per school and per person (issue 13): the cao mbo (artikel 8.2) gives teaching staff 59
hours a year at a full-time job, the school chooses a number for others, and HR or an administrator
records per person whether they teach and their FTE. The teacher sees where their budget comes from."""

import re
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from ontwikkelwijzer.core.schoolyear import school_year_for
from ontwikkelwijzer.plans import services as plan_services
from ontwikkelwijzer.teams import audit
from ontwikkelwijzer.teams.constants import Role
from ontwikkelwijzer.teams.hours import appointment_save, budget_for
from ontwikkelwijzer.teams.models import Appointment, Membership, Organisation, SchoolEvent, Team
from tests.support import person

pytestmark = pytest.mark.django_db

YEAR = school_year_for(date.today())
hours_st = st.decimals(min_value=0, max_value=500, places=1, allow_nan=False, allow_infinity=False)
fte_st = st.decimals(min_value=Decimal("0.05"), max_value=1, places=2, allow_nan=False, allow_infinity=False)


def tenth(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def english(client, user):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def hours_url(school: Organisation, who=None) -> str:
    if who is None:
        return reverse("teams:hours", args=[school.pk])
    return reverse("teams:hours_person", args=[school.pk, who.pk])


@pytest.fixture
def teacher(school, team):
    return person(school, team, Role.TEACHER, name="Fatima")


def fte_input(html: str) -> str:
    """The page's FTE input element."""
    found = re.search(r'<input[^>]*name="fte"[^>]*>', html)
    assert found, "no FTE input"
    return found[0]


class BudgetTests:
    @hypothesis_settings(
        max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(
        rate=hours_st,
        other_rate=hours_st,
        own_fte=fte_st,
        school_fte=st.none() | fte_st,
        teaching=st.booleans(),
    )
    def test_it_is_the_rate_for_the_persons_group_times_their_fte(
        self, school, teacher, rate, other_rate, own_fte, school_fte, teaching
    ):
        with transaction.atomic():
            Organisation.objects.filter(pk=school.pk).update(
                development_hours=rate, other_development_hours=other_rate
            )
            teacher.fte = own_fte
            teacher.save()
            assert budget_for(user=teacher).hours == tenth(rate * own_fte)  # no rule yet: teaching, own FTE

            appointment = Appointment.objects.create(
                organisation=school, user=teacher, teaching=teaching, fte=school_fte
            )
            fte = own_fte if school_fte is None else school_fte
            budget = budget_for(user=teacher)
            assert budget.hours == tenth((rate if teaching else other_rate) * fte)
            assert (budget.teaching, budget.fte, budget.fte_set_by_school) == (
                teaching,
                fte,
                school_fte is not None,
            )

            appointment.teaching = not teaching
            appointment.save()
            assert budget_for(user=teacher).hours == tenth((other_rate if teaching else rate) * fte)
            transaction.set_rollback(True)

    def test_without_a_school_it_is_the_collective_agreements_hours(self):
        loner = person()
        loner.fte = Decimal("0.8")
        budget = budget_for(user=loner)
        assert (budget.hours, budget.school) == (Decimal("47.2"), None)
        with translation.override("en"):
            assert "cao mbo, artikel 8.2" in budget.explanation

    def test_the_rule_of_the_school_joined_first_counts(self, school, teacher):
        later = Organisation.objects.create(name="ROC West", development_hours=Decimal("80"))
        Membership.objects.create(user=teacher, organisation=later, role=Role.HR)
        Appointment.objects.create(organisation=later, user=teacher, teaching=False, fte=Decimal("0.5"))
        assert budget_for(user=teacher).school == "ROC Oost"
        assert budget_for(user=teacher).hours == Decimal("59.0")

    def test_the_explanation_says_the_sum_and_whose_rule_it_is(self, school, teacher):
        Appointment.objects.create(organisation=school, user=teacher, fte=Decimal("0.8"))
        with translation.override("en"):
            assert budget_for(user=teacher).explanation == (
                "59 hours × 0.8 FTE = 47.2 hours, the rule of ROC Oost for teaching staff "
                "(cao mbo, artikel 8.2)"
            )
        Organisation.objects.filter(pk=school.pk).update(other_development_hours=Decimal("20"))
        Appointment.objects.filter(user=teacher).update(teaching=False)
        with translation.override("en"):
            assert budget_for(user=teacher).explanation == (
                "20 hours × 0.8 FTE = 16 hours, the hours ROC Oost sets for staff outside the primary process"
            )
        Appointment.objects.filter(user=teacher).update(fte=Decimal("0.75"))
        with translation.override("nl"):
            assert "0,75 FTE = 15 " in budget_for(user=teacher).explanation  # numbers written the Dutch way

    def test_the_plan_takes_its_budget_from_the_rule(self, school, teacher):
        Organisation.objects.filter(pk=school.pk).update(other_development_hours=Decimal("30"))
        Appointment.objects.create(organisation=school, user=teacher, teaching=False, fte=Decimal("0.5"))
        plan = plan_services.plan_get_or_create(user=teacher, school_year=YEAR)
        assert plan.budget_hours == Decimal("15.0")


class GateTests:
    def test_hr_and_the_administrator_of_the_school_get_in(self, client, school, teacher):
        for role in (Role.HR, Role.ADMIN):
            client.force_login(person(school, None, role))
            assert client.get(hours_url(school)).status_code == 200
            assert client.get(hours_url(school, teacher)).status_code == 200

    def test_everyone_else_gets_a_404(self, client, school, team, teacher):
        other = Organisation.objects.create(name="ROC West")
        outsiders = [
            person(school, team, Role.TEACHER),
            person(school, team, Role.TEAM_LEADER),
            person(school, None, Role.CURRICULUM),
            person(school, None, Role.PARTNER),
            person(other, None, Role.HR),
            person(other, None, Role.ADMIN),
        ]
        for outsider in outsiders:
            client.force_login(outsider)
            assert client.get(hours_url(school)).status_code == 404
            assert client.get(hours_url(school, teacher)).status_code == 404
            assert client.post(hours_url(school, teacher), {"teaching": "", "fte": "0.5"}).status_code == 404
        assert not Appointment.objects.exists()

    def test_only_the_schools_own_people_have_a_rule_here(self, client, school):
        elsewhere = person(Organisation.objects.create(name="ROC West"), None, Role.HR)
        contact = person(school, None, Role.PARTNER)  # a work-field partner's contact only
        nobody = person()
        client.force_login(person(school, None, Role.HR))
        for who in (elsewhere, contact, nobody):
            assert client.get(hours_url(school, who)).status_code == 404
            assert client.post(hours_url(school, who), {"teaching": "on", "fte": "0.5"}).status_code == 404
        assert not Appointment.objects.exists()
        page = client.get(hours_url(school)).content.decode()
        assert contact.email not in page and elsewhere.email not in page


class HoursPageTests:
    def test_the_table_shows_each_persons_rule_fte_and_hours(self, client, school, team, teacher):
        Organisation.objects.filter(pk=school.pk).update(other_development_hours=Decimal("20"))
        teacher.fte = Decimal("0.6")
        teacher.save()
        staff = person(school, None, Role.CURRICULUM, name="Gert")
        Appointment.objects.create(organisation=school, user=staff, teaching=False, fte=Decimal("0.5"))
        english(client, person(school, None, Role.HR))

        response = client.get(hours_url(school))

        rows = {row.person: row.budget for row in response.context["rows"]}
        assert (rows[teacher].teaching, rows[teacher].hours) == (True, Decimal("35.4"))
        assert (rows[staff].teaching, rows[staff].hours) == (False, Decimal("10.0"))
        html = response.content.decode()
        assert "Teaching staff (primary process)" in html and hours_url(school, staff) in html
        assert "35.4" in html and "10.0" in html

    def test_hr_sets_the_rule_and_the_school_audit_says_so(self, client, school, teacher):
        hr = person(school, None, Role.HR)
        english(client, hr)
        assert client.get(hours_url(school, teacher)).context["form"]["teaching"].value() is True

        response = client.post(hours_url(school, teacher), {"fte": "0.5"})  # teaching unticked

        assert response.status_code == 302 and response.url == hours_url(school)
        appointment = Appointment.objects.get(user=teacher)
        assert (appointment.teaching, appointment.fte, appointment.updated_by_name) == (
            False,
            Decimal("0.5"),
            str(hr),
        )
        event = SchoolEvent.objects.get(action="hours_changed")
        assert (event.actor, event.subject) == (hr, str(teacher))
        with translation.override("en"):  # put in words when read, in the reader's language
            assert audit.detail_text(event) == "teaching, own FTE → outside the primary process, 0.5 FTE"
        with translation.override("nl"):
            assert "0,5 fte" in audit.detail_text(event).lower()
        assert budget_for(user=teacher).hours == Decimal("0.0")  # the school gives others 0 hours

        client.post(hours_url(school, teacher), {"teaching": "on", "fte": ""})  # back to their own FTE
        budget = budget_for(user=teacher)
        assert (budget.teaching, budget.fte_set_by_school, budget.hours) == (True, False, Decimal("59.0"))
        assert SchoolEvent.objects.filter(action="hours_changed").count() == 2
        client.post(hours_url(school, teacher), {"teaching": "on", "fte": ""})
        assert SchoolEvent.objects.filter(action="hours_changed").count() == 2  # no change, no entry

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            ("2", "Vul een getal in van hoogstens 1."),
            ("0", "Vul een getal in van minstens 0,01."),
            ("veel", "Vul een getal in, met een komma of een punt: bijvoorbeeld 0,8."),
        ],
    )
    def test_a_bad_fte_is_refused_in_dutch_next_to_the_field_and_kept(
        self, client, school, teacher, value, message
    ):
        client.force_login(person(school, None, Role.ADMIN))

        response = client.post(hours_url(school, teacher), {"teaching": "on", "fte": value})

        html = response.content.decode()
        assert response.status_code == 400 and message in html
        assert 'id="id_fte_error"' in html and f'value="{value}"' in html
        assert not Appointment.objects.exists() and not SchoolEvent.objects.exists()

    def test_appointment_save_changes_nothing_but_the_rule(self, school, teacher):
        hr = person(school, None, Role.HR)
        appointment_save(organisation=school, person=teacher, teaching=True, fte=Decimal("0.9"), by=hr)
        appointment_save(organisation=school, person=teacher, teaching=True, fte=Decimal("0.8"), by=hr)
        assert Appointment.objects.get().fte == Decimal("0.8")
        teacher.refresh_from_db()
        assert teacher.fte == Decimal("1.00")  # their own stays


class TeacherSeesTests:
    def test_the_plan_page_says_where_the_budget_comes_from(self, client, school, teacher, framework):
        Appointment.objects.create(organisation=school, user=teacher, fte=Decimal("0.8"))
        english(client, teacher)
        source = (
            "59 hours × 0.8 FTE = 47.2 hours, the rule of ROC Oost for teaching staff (cao mbo, artikel 8.2)"
        )
        plan_url = reverse("plans:detail", args=[YEAR])

        assert source in client.get(plan_url).content.decode()  # before starting the plan
        client.post(reverse("plans:start", args=[YEAR]))
        assert source in client.get(plan_url).content.decode()

        Organisation.objects.filter(pk=school.pk).update(other_development_hours=Decimal("10"))
        Appointment.objects.filter(user=teacher).update(teaching=False)
        html = client.get(plan_url).content.decode()
        assert "This budget was set when the plan was started" in html  # the plan keeps its 47.2
        assert "10 hours × 0.8 FTE = 8 hours, the hours ROC Oost sets for staff outside the primary" in html

    def test_the_plan_page_says_it_in_dutch(self, client, school, teacher, framework):
        Appointment.objects.create(organisation=school, user=teacher, fte=Decimal("0.8"))
        client.force_login(teacher)
        html = client.get(reverse("plans:detail", args=[YEAR])).content.decode()
        assert "59" in html and "0,8" in html and "47,2" in html

    def test_an_fte_set_by_the_school_is_read_only_on_the_account_page(self, client, school, teacher):
        Appointment.objects.create(organisation=school, user=teacher, fte=Decimal("0.8"))
        english(client, teacher)

        html = client.get(reverse("accounts:profile")).content.decode()

        assert "Set by your school." in html and 'value="0.80" readonly' in html
        assert not re.search(r'<input[^>]*name="fte"[^>]*inputmode="decimal"', html)  # nothing to type in
        response = client.post(
            reverse("accounts:profile"),
            {"first_name": "Fatima", "last_name": "B", "fte": "1", "reminders_enabled": "on"},
        )
        assert response.status_code == 302
        teacher.refresh_from_db()
        assert teacher.fte == Decimal("1.00") and teacher.first_name == "Fatima"
        assert budget_for(user=teacher).fte == Decimal("0.8")

    def test_without_a_school_fte_the_person_sets_their_own(self, client, school, teacher):
        english(client, teacher)
        html = client.get(reverse("accounts:profile")).content.decode()
        assert "readonly" not in fte_input(html) and 'inputmode="decimal"' in fte_input(html)
        assert "Set by your school." not in html
        client.post(reverse("accounts:profile"), {"first_name": "F", "last_name": "B", "fte": "0.6"})
        teacher.refresh_from_db()
        assert budget_for(user=teacher).hours == Decimal("35.4")

    def test_a_partner_contacts_account_page_has_no_fte_and_no_reminders(self, client, school):
        contact = person(school, None, Role.PARTNER)
        User = type(contact)
        User.objects.filter(pk=contact.pk).update(fte=Decimal("0.5"), reminders_enabled=False)
        client.force_login(contact)

        html = client.get(reverse("accounts:profile")).content.decode()

        assert 'name="fte" value="0.50"' in html and 'inputmode="decimal"' not in fte_input(html)
        assert 'type="checkbox" name="reminders_enabled"' not in html
        response = client.post(
            reverse("accounts:profile"),
            {"first_name": "Piet", "last_name": "Partner", "fte": "0.50", "reminders_enabled": "False"},
        )
        assert response.status_code == 302
        contact.refresh_from_db()
        assert (contact.first_name, contact.fte, contact.reminders_enabled) == ("Piet", Decimal("0.5"), False)


def test_a_membership_made_later_does_not_change_whose_rule_counts(school, teacher):
    other = Organisation.objects.create(name="ROC West")
    Team.objects.create(organisation=other, name="Zorg")
    membership = Membership.objects.create(user=teacher, organisation=other, role=Role.ADMIN)
    Membership.objects.filter(pk=membership.pk).update(created_at=timezone.now() + timedelta(days=1))
    assert budget_for(user=teacher).school == "ROC Oost"

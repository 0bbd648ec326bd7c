"""A school's administrators set its e-mail domains, development hours (for teaching staff and for others)
and smallest group themselves."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse

from ontwikkelwijzer.teams.constants import Role
from ontwikkelwijzer.teams.models import Organisation, Team
from tests.support import person

pytestmark = pytest.mark.django_db


@pytest.fixture
def school():
    return Organisation.objects.create(name="ROC Midden")


def url(school: Organisation) -> str:
    return reverse("teams:school_settings", args=[school.pk])


def valid(**changes) -> dict:
    return {
        "email_domains": "school.nl",
        "development_hours": "59",
        "other_development_hours": "0",
        "min_group_size": "5",
    } | changes


class SchoolSettingsTests:
    def test_an_administrator_sets_the_domains_and_then_can_invite_a_team_leader(self, client, school):
        admin = person(school, None, Role.ADMIN)
        team = Team.objects.create(organisation=school, name="Zorg")
        client.force_login(admin)
        invite = reverse("teams:invite", args=[team.pk])
        assert client.post(invite, {"role": Role.TEAM_LEADER, "email": "leider@school.nl"}).status_code == 400

        response = client.post(url(school), valid(email_domains=" @School.nl; roc-midden.nl  school.nl"))

        assert response.status_code == 302
        school.refresh_from_db()
        assert school.email_domains == "school.nl, roc-midden.nl"
        page = client.get(url(school)).content.decode()
        assert "De instellingen van de school zijn opgeslagen." in page
        assert client.post(invite, {"role": Role.TEAM_LEADER, "email": "leider@school.nl"}).status_code == 302

    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            ("email_domains", "school", "“school” is geen domein, zoals school.nl."),
            ("email_domains", "jan@school.nl", "“jan@school.nl” is geen domein"),
            ("min_group_size", "2", "Zorg ervoor dat deze waarde minstens 3 is."),
            ("development_hours", "-1", "Vul een getal in van minstens 0."),
            ("development_hours", "veel", "Vul een getal in, met een komma of een punt: bijvoorbeeld 0,8."),
            ("other_development_hours", "-1", "Vul een getal in van minstens 0."),
            ("other_development_hours", "501", "Vul een getal in van hoogstens 500."),
        ],
    )
    def test_bad_input_is_refused_next_to_its_field_and_nothing_is_saved(
        self, client, school, field, value, message
    ):
        client.force_login(person(school, None, Role.ADMIN))

        response = client.post(url(school), valid(**{field: value}))

        html = response.content.decode()
        assert response.status_code == 400 and message in html
        assert f'id="id_{field}_error"' in html and f'value="{value}"' in html  # what was typed stays
        school.refresh_from_db()
        assert (school.email_domains, school.min_group_size) == ("", 5)

    def test_an_administrator_sets_the_hours_for_teaching_staff_and_for_others(self, client, school):
        client.force_login(person(school, None, Role.ADMIN))
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        page = client.get(url(school)).content.decode()
        assert page.count("cao mbo") >= 2 and "artikel 8.2" in page  # both help texts name the article
        assert reverse("teams:hours", args=[school.pk]) in page

        response = client.post(url(school), valid(development_hours="64", other_development_hours="24.5"))

        assert response.status_code == 302
        school.refresh_from_db()
        assert (school.development_hours, school.other_development_hours) == (64, Decimal("24.5"))
        assert client.post(url(school), valid(other_development_hours="")).status_code == 302
        school.refresh_from_db()
        assert school.other_development_hours == 0  # empty: none

    def test_only_the_schools_administrators_get_in(self, client, school):
        for role in (Role.HR, Role.CURRICULUM, Role.TEACHER):
            client.force_login(person(school, None, role))
            assert client.get(url(school)).status_code == 404
            assert client.post(url(school), valid()).status_code == 404
        other = Organisation.objects.create(name="Ander ROC")
        client.force_login(person(other, None, Role.ADMIN))
        assert client.post(url(school), valid()).status_code == 404
        school.refresh_from_db()
        assert school.email_domains == ""

    def test_an_administrator_finds_the_settings_from_the_home_page_and_hr_does_not(self, client, school):
        client.force_login(person(school, None, Role.ADMIN))
        assert url(school) in client.get(reverse("overviews:home")).content.decode()
        client.force_login(person(school, None, Role.HR))
        assert url(school) not in client.get(reverse("overviews:home")).content.decode()

    @pytest.mark.parametrize("domains", ["gmail.com", "school.nl, hotmail.nl"])
    def test_a_mail_provider_anyone_can_use_is_no_school_domain(self, client, school, domains):
        client.force_login(person(school, None, Role.ADMIN))

        response = client.post(url(school), valid(email_domains=domains))

        assert response.status_code == 400 and "mailprovider waar iedereen een adres kan krijgen" in (
            response.content.decode()
        )
        school.refresh_from_db()
        assert school.email_domains == ""

    def test_the_schools_responsible_people_are_told_who_changed_the_domains(
        self, client, school, mailoutbox
    ):
        admin = person(school, None, Role.ADMIN, name="Bea")
        others = [person(school, None, role) for role in (Role.ADMIN, Role.HR)]
        leader = person(school, Team.objects.create(organisation=school, name="Zorg"), Role.TEAM_LEADER)
        person(school, None, Role.TEACHER)
        client.force_login(admin)

        client.post(url(school), valid(email_domains="school.nl"))

        assert sorted(m.to[0] for m in mailoutbox) == sorted(u.email for u in [*others, leader])
        assert "Bea" in mailoutbox[0].body and "school.nl" in mailoutbox[0].body
        mailoutbox.clear()
        client.post(url(school), valid(email_domains="school.nl", min_group_size="6"))
        assert mailoutbox == []  # only a change of the domains is told

    def test_a_leader_whose_address_left_the_domains_sees_no_plan_any_more(self, client, school, framework):
        from datetime import date

        from ontwikkelwijzer.core.schoolyear import school_year_for
        from ontwikkelwijzer.plans import services

        team = Team.objects.create(organisation=school, name="Zorg")
        leader = person(school, team, Role.TEAM_LEADER)  # persoonN@school.nl
        teacher = person(school, team, Role.TEACHER)
        year = school_year_for(date.today())
        services.plan_get_or_create(user=teacher, school_year=year)
        plan_url = reverse("plans:member_plan", args=[team.pk, teacher.pk, year])
        client.force_login(leader)
        assert client.get(plan_url).status_code == 200  # no domains set: as before

        Organisation.objects.filter(pk=school.pk).update(email_domains="andere-school.nl")

        assert client.get(plan_url).status_code == 404


class SecondTabTests:
    def test_a_save_over_someone_elses_later_one_is_refused_once_and_then_overwrites(self, client, school):
        client.force_login(person(school, None, Role.ADMIN))
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        stale = client.get(url(school)).context["form"]["loaded"].value()
        theirs = valid(email_domains="school.nl", other_development_hours="12.5", loaded=stale)
        assert client.post(url(school), theirs).status_code == 302

        response = client.post(url(school), valid(email_domains="", development_hours="61", loaded=stale))

        html = response.content.decode()
        assert response.status_code == 400 and "Someone else saved the settings" in html
        assert "e-mail domains school.nl, 59 development hours for teaching staff and 12.5 for others" in html
        assert 'value="61"' in html  # theirs named, mine kept
        school.refresh_from_db()
        assert (school.email_domains, school.development_hours) == ("school.nl", 59)
        fresh = response.context["form"]["loaded"].value()
        assert (
            client.post(
                url(school), valid(email_domains="", development_hours="61", loaded=fresh)
            ).status_code
            == 302
        )
        school.refresh_from_db()
        assert (school.email_domains, school.development_hours) == ("", 61)

    def test_a_list_too_long_is_refused_whole_not_cut_off_in_the_browser(self, client, school):
        client.force_login(person(school, None, Role.ADMIN))
        assert "maxlength" not in str(client.get(url(school)).context["form"]["email_domains"])
        domains = " ".join(f"school{n}.nl" for n in range(60))

        response = client.post(url(school), valid(email_domains=domains))

        assert response.status_code == 400 and f'value="{domains}"' in response.content.decode()

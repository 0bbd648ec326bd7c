from datetime import date

import pytest
from django.urls import reverse

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.core import schoolyear
from ontwikkelwijzer.plans import services
from ontwikkelwijzer.plans.models import ConversationNote
from ontwikkelwijzer.teams.constants import Role
from ontwikkelwijzer.teams.models import AuditEvent, Membership, Organisation, Team

pytestmark = pytest.mark.django_db
YEAR = schoolyear.school_year_for(date.today())
NEXT = schoolyear.next_school_year(YEAR)


def person(email: str, organisation: Organisation | None, team: Team | None, role: str | None) -> User:
    user = User.objects.create_user(email=email, password="x", first_name=email.split("@")[0].title())
    if organisation is not None:
        Membership.objects.create(user=user, organisation=organisation, team=team, role=role)
    return user


@pytest.fixture
def people(framework):
    school = Organisation.objects.create(name="ROC Midden")
    team = Team.objects.create(organisation=school, name="Techniek")
    other_team = Team.objects.create(organisation=school, name="Zorg")
    teacher = person("fatima@school.nl", school, team, Role.TEACHER)
    services.plan_get_or_create(user=teacher, school_year=YEAR)
    return {
        "team": team,
        "teacher": teacher,
        "leader": person("henk@school.nl", school, team, Role.TEAM_LEADER),
        "other_leader": person("ria@school.nl", school, other_team, Role.TEAM_LEADER),
        "colleague": person("jan@school.nl", school, team, Role.TEACHER),
        "outsider": person("els@elders.nl", Organisation.objects.create(name="Elders"), None, Role.ADMIN),
        "stranger": person("kees@thuis.nl", None, None, None),
    }


def own_url(year: str = YEAR) -> str:
    return reverse("plans:conversation", args=[year])


def member_url(people, year: str = YEAR) -> str:
    return reverse("plans:member_conversation", args=[people["team"].pk, people["teacher"].pk, year])


def member_plan_url(people, year: str = YEAR) -> str:
    return reverse("plans:member_plan", args=[people["team"].pk, people["teacher"].pk, year])


def note(text: str, day: str = "2025-10-01") -> dict:
    return {"date": day, "text": text}


class ConversationTests:
    def test_notes_of_teacher_and_leader_appear_on_both_pages(self, client, people):
        client.force_login(people["teacher"])
        response = client.post(own_url(), note("Ik volg een cursus", "2025-09-15"))
        assert response.status_code == 302
        assert response["Location"] == reverse("plans:detail", args=[YEAR]) + "#conversation"

        client.force_login(people["leader"])
        response = client.post(member_url(people), note("We spreken af: stage in het voorjaar"))
        assert response.status_code == 302
        assert response["Location"] == member_plan_url(people) + "#conversation"

        notes = list(ConversationNote.objects.all())
        assert [(n.author, n.author_name, n.date) for n in notes] == [
            (people["leader"], str(people["leader"]), date(2025, 10, 1)),
            (people["teacher"], str(people["teacher"]), date(2025, 9, 15)),
        ]

        leader_page = client.get(member_plan_url(people)).content.decode()
        client.force_login(people["teacher"])
        teacher_page = client.get(reverse("plans:detail", args=[YEAR])).content.decode()
        for page in (leader_page, teacher_page):
            assert "Ik volg een cursus" in page and "We spreken af: stage in het voorjaar" in page
            assert "Henk" in page and "Fatima" in page
        for page in (leader_page, teacher_page):  # the written-out form posts what ConversationForm reads
            assert 'name="date"' in page and 'name="text"' in page
        assert f'action="{own_url()}"' in teacher_page
        assert f'action="{member_url(people)}"' in leader_page

    def test_the_leaders_note_is_written_to_the_audit_log(self, client, people):
        client.force_login(people["leader"])
        client.post(member_url(people), note("Afspraak"))
        event = AuditEvent.objects.get()
        assert event.subject == people["teacher"] and event.actor == people["leader"]
        assert YEAR in event.action

    def test_the_teachers_own_note_is_not_audited(self, client, people):
        client.force_login(people["teacher"])
        client.post(own_url(), note("Afspraak"))
        assert not AuditEvent.objects.exists()

    @pytest.mark.parametrize("who", ["teacher", "leader"])
    def test_an_empty_note_shows_the_error_and_keeps_the_date(self, client, people, who):
        client.force_login(people[who])
        address = own_url() if who == "teacher" else member_url(people)
        response = client.post(address, note("   ", "2025-11-03"))
        assert response.status_code == 200
        assert "text" in response.context["conversation_form"].errors
        page = response.content.decode()
        assert 'value="2025-11-03"' in page and 'class="error-summary"' in page
        assert f'action="{address}"' in page and page.count("<h1") == 1
        assert not ConversationNote.objects.exists()

    def test_typed_text_is_kept_when_the_date_is_wrong(self, client, people):
        client.force_login(people["teacher"])
        response = client.post(own_url(), note("Mijn afspraken", "geen datum"))
        assert response.status_code == 200
        assert "date" in response.context["conversation_form"].errors
        assert "Mijn afspraken" in response.content.decode()

    def test_without_a_plan_there_is_nothing_to_add_to(self, client, people):
        client.force_login(people["teacher"])
        assert client.post(own_url(NEXT), note("x")).status_code == 404
        assert client.post(own_url("2025-2027"), note("x")).status_code == 404
        client.force_login(people["leader"])
        assert client.post(member_url(people, NEXT), note("x")).status_code == 404
        assert not ConversationNote.objects.exists()

    def test_only_posts_are_accepted(self, client, people):
        client.force_login(people["teacher"])
        assert client.get(own_url()).status_code == 405
        client.force_login(people["leader"])
        assert client.get(member_url(people)).status_code == 405


class ConversationAccessTests:
    @pytest.mark.parametrize("who", ["other_leader", "colleague", "teacher", "outsider", "stranger"])
    def test_only_the_teams_leader_adds_to_a_members_plan(self, client, people, who):
        client.force_login(people[who])
        assert client.post(member_url(people), note("Ingebroken")).status_code == 404
        assert not ConversationNote.objects.exists() and not AuditEvent.objects.exists()

    def test_a_colleague_adds_to_their_own_plan_only(self, client, people):
        client.force_login(people["colleague"])
        assert client.post(own_url(), note("Niet van mij")).status_code == 404
        assert not ConversationNote.objects.exists()

    def test_a_visitor_is_sent_to_log_in(self, client, people):
        for address in (own_url(), member_url(people)):
            response = client.post(address, note("x"))
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("accounts:login"))
        assert not ConversationNote.objects.exists()

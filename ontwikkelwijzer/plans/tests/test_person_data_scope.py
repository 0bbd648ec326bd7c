"""A teacher in two schools: each school's team leader sees only what belongs to their own team.

The notes of the yearly conversation by the teacher and by this team's leaders, not those written with the
other school's leader; and the plans of the school years since the teacher joined this team, not before.
"""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.core import schoolyear
from ontwikkelwijzer.plans import person_data, services
from ontwikkelwijzer.plans.models import ConversationNote, DevelopmentPlan
from ontwikkelwijzer.scan.models import Scan
from ontwikkelwijzer.teams import access
from ontwikkelwijzer.teams.constants import Role
from ontwikkelwijzer.teams.models import AuditEvent, Membership, Organisation, Sharing, Team
from tests.support import scan

pytestmark = pytest.mark.django_db
YEAR = schoolyear.school_year_for(date.today())
FIRST = int(YEAR[:4])
EARLIER = f"{FIRST - 1}-{FIRST}"
NEXT = schoolyear.next_school_year(YEAR)


def member(email: str, team: Team, role: str) -> User:
    user = User.objects.filter(email=email).first() or User.objects.create_user(
        email=email, password="x", first_name=email.split("@")[0].title()
    )
    Membership.objects.create(user=user, organisation=team.organisation, team=team, role=role)
    return user


def joined(user: User, team: Team, when: datetime) -> None:
    Membership.objects.filter(user=user, team=team, role=Role.TEACHER).update(created_at=when)


def write(plan: DevelopmentPlan, author: User | None, text: str) -> ConversationNote:
    return ConversationNote.objects.create(
        plan=plan, author=author, author_name=str(author or "Oud account"), date=date.today(), text=text
    )


@pytest.fixture
def world(framework):
    """Fatima teaches in team Zorg of ROC Oost since two years ago and in team Techniek of ROC West since
    today; Henk leads Zorg, Ria leads Techniek."""
    oost, west = Organisation.objects.create(name="ROC Oost"), Organisation.objects.create(name="ROC West")
    zorg = Team.objects.create(organisation=oost, name="Zorg")
    techniek = Team.objects.create(organisation=west, name="Techniek")
    teacher = member("fatima@school.nl", zorg, Role.TEACHER)
    member("fatima@school.nl", techniek, Role.TEACHER)
    joined(teacher, zorg, timezone.now() - timedelta(days=2 * 366))
    henk = member("henk@oost.nl", zorg, Role.TEAM_LEADER)
    ria = member("ria@west.nl", techniek, Role.TEAM_LEADER)
    earlier = services.plan_get_or_create(user=teacher, school_year=EARLIER)
    current = services.plan_get_or_create(user=teacher, school_year=YEAR)
    activity = framework.activities.get(code="docentstage")
    aspect = framework.aspects.get(code="competence")
    services.plan_item_from_activity(plan=earlier, activity=activity, aspects=[aspect])
    write(earlier, henk, "Vorig jaar met Henk: verzuim besproken")
    write(current, teacher, "Fatima zelf: ik wil een cursus")
    write(current, henk, "Henk in Oost: persoonlijke omstandigheden")
    write(current, ria, "Ria in West: stage in het voorjaar")
    return {
        "teacher": teacher,
        "henk": henk,
        "ria": ria,
        "zorg": zorg,
        "techniek": techniek,
        "earlier": earlier,
        "current": current,
    }


def texts(plan: DevelopmentPlan | None) -> set[str]:
    assert plan is not None
    return {n.text for n in plan.conversation_notes.all()}


def main(response) -> str:
    """The page's own content (the header carries a form with a fresh CSRF token each time)."""
    html = response.content.decode()
    return html[html.index('<main id="main"') : html.index("</main>")]


def plan_url(w, team: str, year: str) -> str:
    return reverse("plans:member_plan", args=[w[team].pk, w["teacher"].pk, year])


def note_url(w, team: str, year: str) -> str:
    return reverse("plans:member_conversation", args=[w[team].pk, w["teacher"].pk, year])


class NoteScopeSelectorTests:
    def test_the_leader_of_the_second_school_gets_no_notes_written_with_the_first(
        self, world, django_assert_num_queries
    ):
        seen = access.person_access(world["ria"], world["techniek"].pk, world["teacher"].pk)
        plan = person_data.member_plan(seen, YEAR).plan
        with django_assert_num_queries(0):  # what is shown was loaded, and only that
            assert texts(plan) == {"Fatima zelf: ik wil een cursus", "Ria in West: stage in het voorjaar"}

    def test_the_leader_of_the_first_school_gets_no_notes_written_with_the_second(self, world):
        seen = access.person_access(world["henk"], world["zorg"].pk, world["teacher"].pk)
        assert texts(person_data.member_plan(seen, YEAR).plan) == {
            "Fatima zelf: ik wil een cursus",
            "Henk in Oost: persoonlijke omstandigheden",
        }

    def test_the_plan_to_write_notes_in_carries_the_same_notes(self, world):
        seen = access.person_access(world["ria"], world["techniek"].pk, world["teacher"].pk)
        assert texts(person_data.plan_for_notes(seen, YEAR)) == {
            "Fatima zelf: ik wil een cursus",
            "Ria in West: stage in het voorjaar",
        }

    def test_every_current_leader_of_the_team_is_seen_by_the_others(self, world):
        co_leader = member("co@west.nl", world["techniek"], Role.TEAM_LEADER)
        write(world["current"], co_leader, "Co in West")
        seen = access.person_access(world["ria"], world["techniek"].pk, world["teacher"].pk)
        assert "Co in West" in texts(person_data.member_plan(seen, YEAR).plan)

    def test_notes_of_a_leader_who_left_the_team_or_a_deleted_account_are_not_loaded(self, world):
        former = member("oud@west.nl", world["techniek"], Role.TEAM_LEADER)
        write(world["current"], former, "Van de vorige leider")
        write(world["current"], None, "Van een verwijderd account")
        Membership.objects.filter(user=former).delete()
        seen = access.person_access(world["ria"], world["techniek"].pk, world["teacher"].pk)
        assert texts(person_data.member_plan(seen, YEAR).plan) == {
            "Fatima zelf: ik wil een cursus",
            "Ria in West: stage in het voorjaar",
        }

    def test_a_teacher_of_the_same_team_is_no_author_the_leader_sees(self, world):
        colleague = member("jan@west.nl", world["techniek"], Role.TEACHER)
        write(world["current"], colleague, "Van een collega")
        seen = access.person_access(world["ria"], world["techniek"].pk, world["teacher"].pk)
        assert "Van een collega" not in texts(person_data.member_plan(seen, YEAR).plan)


class YearScopeSelectorTests:
    def test_the_first_year_is_the_school_year_the_person_joined_this_team(self, world):
        assert (
            access.person_access(world["ria"], world["techniek"].pk, world["teacher"].pk).first_year == YEAR
        )
        henk = access.person_access(world["henk"], world["zorg"].pk, world["teacher"].pk)
        assert henk.first_year == schoolyear.school_year_for(timezone.localdate() - timedelta(days=2 * 366))

    def test_the_join_date_is_taken_in_the_schools_time_zone(self, world):
        # 31 July 22:30 UTC is 1 August 00:30 in Amsterdam: the first day of the next school year.
        joined(world["teacher"], world["techniek"], datetime(2024, 7, 31, 22, 30, tzinfo=UTC))
        seen = access.person_access(world["ria"], world["techniek"].pk, world["teacher"].pk)
        assert seen.first_year == "2024-2025"

    def test_a_plan_of_a_year_before_joining_is_as_no_plan(self, world):
        seen = access.person_access(world["ria"], world["techniek"].pk, world["teacher"].pk)
        view = person_data.member_plan(seen, EARLIER)
        assert view.plan is None and view.items == [] and view.hours_planned == 0
        assert person_data.plan_for_notes(seen, EARLIER) is None
        assert person_data.member_plan(seen, EARLIER) == person_data.member_plan(seen, NEXT)

    def test_a_shared_self_scan_from_before_joining_is_not_shown(self, world, framework):
        Sharing.objects.create(user=world["teacher"], share_scans=True)
        made = scan(world["teacher"], framework, 2)
        Scan.objects.filter(pk=made.pk).update(created_at=timezone.now() - timedelta(days=400))
        ria = access.person_access(world["ria"], world["techniek"].pk, world["teacher"].pk)
        henk = access.person_access(world["henk"], world["zorg"].pk, world["teacher"].pk)

        assert person_data.member_scan(ria) is None  # made before she joined Techniek
        assert person_data.member_scan(henk) is not None  # in Zorg for two years
        scan(world["teacher"], framework, 4)
        assert person_data.member_scan(ria) is not None

    def test_the_leader_of_the_team_joined_earlier_sees_that_year(self, world):
        seen = access.person_access(world["henk"], world["zorg"].pk, world["teacher"].pk)
        view = person_data.member_plan(seen, EARLIER)
        assert view.plan == world["earlier"] and len(view.items) == 1
        assert texts(view.plan) == {"Vorig jaar met Henk: verzuim besproken"}


class LeaderPageTests:
    def test_the_plan_page_shows_only_this_teams_notes(self, client, world):
        client.force_login(world["ria"])
        html = client.get(plan_url(world, "techniek", YEAR)).content.decode()
        assert "Ria in West: stage in het voorjaar" in html and "Fatima zelf: ik wil een cursus" in html
        assert "Henk in Oost" not in html and "Henk" not in html

        client.force_login(world["henk"])
        html = client.get(plan_url(world, "zorg", YEAR)).content.decode()
        assert "Henk in Oost: persoonlijke omstandigheden" in html and "Ria in West" not in html

    def test_a_year_before_joining_shows_the_same_as_a_year_without_a_plan(self, client, world):
        client.force_login(world["ria"])
        before = client.get(plan_url(world, "techniek", EARLIER))
        without = client.get(plan_url(world, "techniek", NEXT))
        assert before.status_code == without.status_code == 200
        assert before.context["view"] == without.context["view"]
        assert main(before).replace(EARLIER, NEXT) == main(without)
        html = before.content.decode()
        assert "Docentstage" not in html and "verzuim" not in html

    def test_no_link_leads_to_a_year_before_joining(self, client, world):
        client.force_login(world["ria"])
        for year in (YEAR, NEXT):
            html = client.get(plan_url(world, "techniek", year)).content.decode()
            assert plan_url(world, "techniek", EARLIER) not in html
            assert note_url(world, "techniek", EARLIER) not in html

    def test_the_leader_of_the_team_joined_earlier_sees_that_years_plan(self, client, world):
        client.force_login(world["henk"])
        html = client.get(plan_url(world, "zorg", EARLIER)).content.decode()
        assert "Docentstage" in html and "Vorig jaar met Henk: verzuim besproken" in html

    def test_no_note_is_added_to_a_year_before_joining_as_to_a_year_without_a_plan(self, client, world):
        client.force_login(world["ria"])
        before = client.post(note_url(world, "techniek", EARLIER), {"date": "2025-10-01", "text": "x"})
        without = client.post(note_url(world, "techniek", NEXT), {"date": "2025-10-01", "text": "x"})
        assert before.status_code == without.status_code == 404
        assert not ConversationNote.objects.filter(text="x").exists()
        assert not AuditEvent.objects.exists()

    def test_the_conversation_page_shows_only_this_teams_notes(self, client, world):
        client.force_login(world["ria"])
        response = client.post(note_url(world, "techniek", YEAR), {"date": "2025-10-01", "text": "  "})
        assert response.status_code == 200  # the form comes back with the notes beside it
        html = response.content.decode()
        assert "Ria in West: stage in het voorjaar" in html and "Fatima zelf: ik wil een cursus" in html
        assert "Henk in Oost" not in html

    def test_a_note_added_by_the_leader_is_shown_to_them_afterwards(self, client, world):
        client.force_login(world["ria"])
        response = client.post(note_url(world, "techniek", YEAR), {"date": "2025-10-01", "text": "Nieuw"})
        assert response.status_code == 302
        html = client.get(plan_url(world, "techniek", YEAR)).content.decode()
        assert "Nieuw" in html and "Henk in Oost" not in html


class TeacherPageTests:
    def test_the_teacher_sees_all_their_notes_and_plans(self, client, world):
        client.force_login(world["teacher"])
        html = client.get(reverse("plans:detail", args=[YEAR])).content.decode()
        for text in (
            "Fatima zelf: ik wil een cursus",
            "Henk in Oost: persoonlijke omstandigheden",
            "Ria in West: stage in het voorjaar",
        ):
            assert text in html
        html = client.get(reverse("plans:detail", args=[EARLIER])).content.decode()
        assert "Docentstage" in html and "Vorig jaar met Henk: verzuim besproken" in html


class TeamFiguresScopeTests:
    """The team overview, the leader's own aggregate page, keeps to the same years as the per-person page:
    a teacher brings none of the years before they joined into the figures of their new team."""

    def test_the_year_before_joining_counts_in_the_team_she_was_in_not_in_the_new_one(self, client, world):
        client.force_login(world["ria"])
        new_team = client.get(reverse("overviews:team", args=[world["techniek"].pk]), {"jaar": EARLIER})
        client.force_login(world["henk"])
        old_team = client.get(reverse("overviews:team", args=[world["zorg"].pk]), {"jaar": EARLIER})

        assert (
            new_team.context["overview"].current.plans,
            new_team.context["overview"].current.coverage.total,
        ) == (0, 0)
        assert (
            old_team.context["overview"].current.plans,
            old_team.context["overview"].current.coverage.total,
        ) == (1, 1)

    def test_the_comparison_with_last_year_leaves_that_year_out_too(self, client, world):
        client.force_login(world["ria"])

        previous = (
            client.get(reverse("overviews:team", args=[world["techniek"].pk])).context["overview"].previous
        )

        assert previous.school_year == EARLIER and previous.plans == 0

"""A team leader removes a teacher from their team and revokes the team's invitations: both ask first
(``core.confirm``), both only within the leader's own team, and a revoked link says so when opened."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from ontwikkelwijzer.core.schoolyear import school_year_for
from ontwikkelwijzer.teams import audit, invitations
from ontwikkelwijzer.teams.constants import INVITATION_DAYS, Role
from ontwikkelwijzer.teams.models import Invitation, Membership, Organisation, SchoolEvent, Team
from tests.support import person

CONFIRM = {"confirm": "yes"}
YEAR = school_year_for(date.today())


@pytest.fixture
def leader(school, team):
    return person(school, team, Role.TEAM_LEADER, name="Lea")


@pytest.fixture
def teacher(school, team):
    return person(school, team, Role.TEACHER, name="Tom")


@pytest.fixture
def other_team(school):
    return Team.objects.create(organisation=school, name="Techniek")


def membership(user, team) -> Membership:
    return Membership.objects.get(user=user, team=team, role=Role.TEACHER)


def remove_url(team, membership_pk: int) -> str:
    return reverse("teams:member_remove", args=[team.pk, membership_pk])


def revoke_url(team, invitation_pk: int) -> str:
    return reverse("teams:invitation_revoke", args=[team.pk, invitation_pk])


def plan_url(team, user) -> str:
    return reverse("plans:member_plan", args=[team.pk, user.pk, YEAR])


def open_link(team, by) -> Invitation:
    return invitations.invitation_create(team=team, role=Role.TEACHER, created_by=by)


def personal(team, by, email="nieuw@school.nl") -> Invitation:
    return Invitation.objects.create(
        organisation=team.organisation,
        team=team,
        role=Role.TEACHER,
        email=email,
        max_uses=1,
        created_by=by,
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
    )


# --- Removing a teacher ---------------------------------------------------------------------------------


class RemovingATeacherTests:
    def test_the_members_page_offers_it_for_teachers_only(self, client, leader, teacher, team):
        client.force_login(leader)
        html = client.get(reverse("teams:members", args=[team.pk])).content.decode()
        assert remove_url(team, membership(teacher, team).pk) in html
        leader_membership = Membership.objects.get(user=leader, team=team)
        assert remove_url(team, leader_membership.pk) not in html

    def test_a_get_asks_and_changes_nothing(self, client, leader, teacher, team):
        client.force_login(leader)
        response = client.get(remove_url(team, membership(teacher, team).pk))
        assert response.status_code == 200
        html = response.content.decode()
        assert str(teacher) in html and team.name in html
        assert 'name="confirm" value="yes"' in html
        assert membership(teacher, team)
        assert not mail.outbox and not SchoolEvent.objects.exists()

    def test_a_post_without_the_confirmation_changes_nothing(self, client, leader, teacher, team):
        client.force_login(leader)
        response = client.post(remove_url(team, membership(teacher, team).pk))
        assert response.status_code == 200  # the question again
        assert Membership.objects.filter(user=teacher, team=team).exists()
        assert not mail.outbox and not SchoolEvent.objects.exists()

    def test_confirmed_the_teacher_is_out_the_plan_hidden_and_the_person_mailed(
        self, client, school, leader, teacher, team
    ):
        client.force_login(leader)
        assert client.get(plan_url(team, teacher)).status_code == 200
        response = client.post(remove_url(team, membership(teacher, team).pk), CONFIRM)
        assert response.status_code == 302
        assert response["Location"] == reverse("teams:members", args=[team.pk])
        assert not Membership.objects.filter(user=teacher, team=team).exists()
        assert client.get(plan_url(team, teacher)).status_code == 404
        teacher.refresh_from_db()  # the account and its data stay
        [message] = mail.outbox
        assert message.to == [teacher.email]
        assert team.name in message.subject
        assert str(leader) in message.body and team.name in message.body
        event = SchoolEvent.objects.get()
        assert (event.organisation, event.actor, event.action) == (school, leader, "member_removed")
        assert (event.subject, event.subject_user) == (str(teacher), teacher) and team.name in event.detail

    def test_the_teachers_other_memberships_stay(self, client, school, leader, teacher, team, other_team):
        Membership.objects.create(user=teacher, organisation=school, team=other_team, role=Role.TEACHER)
        client.force_login(leader)
        client.post(remove_url(team, membership(teacher, team).pk), CONFIRM)
        assert list(Membership.objects.filter(user=teacher).values_list("team", flat=True)) == [other_team.pk]

    def test_the_schools_administrator_may_remove_a_teacher(self, client, school, teacher, team):
        admin = person(school, None, Role.ADMIN)
        client.force_login(admin)
        response = client.post(remove_url(team, membership(teacher, team).pk), CONFIRM)
        assert response.status_code == 302
        assert not Membership.objects.filter(user=teacher, team=team).exists()
        assert str(admin) in mail.outbox[0].body

    def test_a_membership_of_another_team_is_not_found(self, client, school, leader, team, other_team):
        elsewhere = person(school, other_team, Role.TEACHER)
        client.force_login(leader)
        url = remove_url(team, membership(elsewhere, other_team).pk)
        assert client.get(url).status_code == 404
        assert client.post(url, CONFIRM).status_code == 404
        assert Membership.objects.filter(user=elsewhere, team=other_team).exists()

    def test_a_leader_removes_neither_themselves_nor_another_leader(self, client, school, leader, team):
        second = person(school, team, Role.TEAM_LEADER)
        Membership.objects.create(user=leader, organisation=school, team=team, role=Role.TEACHER)
        client.force_login(leader)
        for membership_pk in Membership.objects.filter(team=team, user__in=[leader, second]).values_list(
            "pk", flat=True
        ):
            assert client.get(remove_url(team, membership_pk)).status_code == 404
            assert client.post(remove_url(team, membership_pk), CONFIRM).status_code == 404
        assert Membership.objects.filter(team=team).count() == 3
        assert not mail.outbox

    def test_a_teacher_of_the_team_who_also_leads_it_is_not_removed_here(self, client, school, leader, team):
        co_leader = person(school, team, Role.TEAM_LEADER)
        Membership.objects.create(user=co_leader, organisation=school, team=team, role=Role.TEACHER)
        client.force_login(leader)
        url = remove_url(team, membership(co_leader, team).pk)
        assert client.post(url, CONFIRM).status_code == 404
        assert Membership.objects.filter(user=co_leader, team=team, role=Role.TEACHER).exists()

    @pytest.mark.parametrize("who", ["teacher", "colleague", "other_leader", "outsider"])
    def test_nobody_else_gets_past_the_gate(self, client, school, teacher, team, other_team, who):
        people = {
            "teacher": lambda: teacher,
            "colleague": lambda: person(school, team, Role.TEACHER),
            "other_leader": lambda: person(school, other_team, Role.TEAM_LEADER),
            "outsider": lambda: person(Organisation.objects.create(name="ROC West"), None, Role.ADMIN),
        }
        client.force_login(people[who]())
        url = remove_url(team, membership(teacher, team).pk)
        assert client.get(url).status_code == 404
        assert client.post(url, CONFIRM).status_code == 404
        assert Membership.objects.filter(user=teacher, team=team).exists()
        assert not mail.outbox

    def test_a_visitor_is_sent_to_the_login(self, client, teacher, team):
        url = remove_url(team, membership(teacher, team).pk)
        response = client.post(url, CONFIRM)
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
        assert Membership.objects.filter(user=teacher, team=team).exists()

    def test_removing_twice_finds_nothing_the_second_time(self, client, leader, teacher, team):
        client.force_login(leader)
        url = remove_url(team, membership(teacher, team).pk)
        client.post(url, CONFIRM)
        assert client.post(url, CONFIRM).status_code == 404
        assert len(mail.outbox) == 1 and SchoolEvent.objects.count() == 1


# --- Revoking an invitation -----------------------------------------------------------------------------


class RevokingAnInvitationTests:
    def test_the_members_page_offers_it_per_link_and_per_invited_person(self, client, leader, team):
        link, invited = open_link(team, leader), personal(team, leader)
        client.force_login(leader)
        html = client.get(reverse("teams:members", args=[team.pk])).content.decode()
        assert revoke_url(team, link.pk) in html and revoke_url(team, invited.pk) in html

    @pytest.mark.parametrize("kind", ["open", "personal"])
    def test_a_get_or_an_unconfirmed_post_changes_nothing(self, client, leader, team, kind):
        invitation = open_link(team, leader) if kind == "open" else personal(team, leader)
        client.force_login(leader)
        page = client.get(revoke_url(team, invitation.pk))
        assert page.status_code == 200 and 'name="confirm" value="yes"' in page.content.decode()
        assert client.post(revoke_url(team, invitation.pk)).status_code == 200
        invitation.refresh_from_db()
        assert invitation.revoked_at is None and not SchoolEvent.objects.exists()

    @pytest.mark.parametrize("kind", ["open", "personal"])
    def test_confirmed_it_is_revoked_and_written_down(self, client, school, leader, team, kind):
        invitation = open_link(team, leader) if kind == "open" else personal(team, leader)
        client.force_login(leader)
        response = client.post(revoke_url(team, invitation.pk), CONFIRM)
        assert response.status_code == 302
        invitation.refresh_from_db()
        assert invitation.revoked_at is not None
        assert invitations.invitation_problem(invitation) == invitations.REVOKED
        event = SchoolEvent.objects.get()
        assert (event.organisation, event.actor, event.action) == (school, leader, "invitation_revoked")
        assert team.name in event.detail
        if kind == "personal":
            assert event.subject == invitation.email
        else:
            assert not event.subject and audit.subject_text(event)  # words for an open link, when read
        html = client.get(reverse("teams:members", args=[team.pk])).content.decode()
        assert revoke_url(team, invitation.pk) not in html  # no longer listed

    def test_revoking_twice_is_harmless(self, client, leader, team):
        invitation = open_link(team, leader)
        client.force_login(leader)
        client.post(revoke_url(team, invitation.pk), CONFIRM)
        invitation.refresh_from_db()
        first = invitation.revoked_at
        response = client.post(revoke_url(team, invitation.pk), CONFIRM)
        assert response.status_code == 302
        invitation.refresh_from_db()
        assert invitation.revoked_at == first
        assert SchoolEvent.objects.count() == 1

    def test_an_invitation_of_another_team_is_not_found(self, client, leader, team, other_team):
        invitation = open_link(other_team, leader)
        client.force_login(leader)
        url = revoke_url(team, invitation.pk)
        assert client.get(url).status_code == 404
        assert client.post(url, CONFIRM).status_code == 404
        invitation.refresh_from_db()
        assert invitation.revoked_at is None

    @pytest.mark.parametrize("who", ["teacher", "other_leader"])
    def test_a_teacher_or_another_teams_leader_is_refused(
        self, client, school, leader, teacher, team, other_team, who
    ):
        invitation = open_link(team, leader)
        client.force_login(teacher if who == "teacher" else person(school, other_team, Role.TEAM_LEADER))
        url = revoke_url(team, invitation.pk)
        assert client.get(url).status_code == 404
        assert client.post(url, CONFIRM).status_code == 404
        invitation.refresh_from_db()
        assert invitation.revoked_at is None

    def test_a_revoked_link_says_so_and_cannot_be_accepted(self, client, school, leader, team):
        invitation = open_link(team, leader)
        client.force_login(leader)
        client.post(revoke_url(team, invitation.pk), CONFIRM)
        newcomer = person()
        client.force_login(newcomer)
        accept = reverse("teams:accept", args=[invitation.token])
        page = client.get(accept)
        assert page.status_code == 410
        assert page.context["state"] == invitations.REVOKED
        assert "ingetrokken" in page.content.decode() or "revoked" in page.content.decode()
        assert client.post(accept).status_code == 410
        assert not Membership.objects.filter(user=newcomer).exists()
        client.logout()
        assert client.get(accept).status_code == 410

    def test_a_revoked_personal_invitation_cannot_be_accepted_or_declined(self, client, leader, team):
        invited = person()
        invitation = personal(team, leader, email=invited.email)
        client.force_login(leader)
        client.post(revoke_url(team, invitation.pk), CONFIRM)
        client.force_login(invited)
        assert client.post(reverse("teams:accept", args=[invitation.token])).status_code == 410
        assert client.post(reverse("teams:decline", args=[invitation.token])).status_code == 410
        assert not Membership.objects.filter(user=invited).exists()

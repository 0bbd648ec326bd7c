"""The school administration: a school runs itself without a developer (issue 13). Each test says a rule
in words; the pages are used as an administrator would, through the client."""

import io
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.teams import invitations, school_admin
from ontwikkelwijzer.teams.constants import Role
from ontwikkelwijzer.teams.models import Departure, Invitation, Membership, Organisation, SchoolEvent, Team
from tests.support import person

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(school):
    school.email_domains = "school.nl"
    school.save()
    return person(school, None, Role.ADMIN)


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


def test_the_operator_creates_a_school_and_becomes_its_administrator(client):
    operator = User.objects.create_user(email="ict@school.nl", password="x", is_staff=True)
    client.force_login(operator)
    assert client.get(reverse("teams:admin_home")).status_code == 200
    response = client.post(reverse("teams:admin_home"), {"name": "  ROC   Noord "})
    school = Organisation.objects.get()
    assert school.name == "ROC Noord"
    assert response.url == reverse("teams:school_admin", args=[school.pk])
    assert Membership.objects.filter(user=operator, organisation=school, role=Role.ADMIN).exists()
    assert SchoolEvent.objects.get().action == "school_created"


def test_an_empty_school_name_is_refused_in_dutch_next_to_the_field(client):
    operator = User.objects.create_user(email="ict@school.nl", password="x", is_staff=True)
    client.force_login(operator)
    response = client.post(reverse("teams:admin_home"), {"name": "   "}, HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 400
    assert "Dit veld is verplicht" in response.text or "Vul de naam van de school in" in response.text
    assert not Organisation.objects.exists()


def test_only_the_operator_creates_schools(client, school):
    teacher = person(school, None, Role.HR)
    client.force_login(teacher)
    assert client.get(reverse("teams:admin_home")).status_code == 404
    assert client.post(reverse("teams:admin_home"), {"name": "Mijn school"}).status_code == 404
    assert Organisation.objects.count() == 1


@pytest.mark.parametrize("role", [Role.TEACHER, Role.TEAM_LEADER, Role.HR, Role.CURRICULUM, Role.PARTNER])
def test_nobody_but_its_administrators_opens_a_schools_administration(client, school, team, role):
    someone = person(school, team if role in (Role.TEACHER, Role.TEAM_LEADER) else None, role)
    client.force_login(someone)
    for name in ("teams:school_admin", "teams:people", "teams:school_audit"):
        assert client.get(reverse(name, args=[school.pk])).status_code == 404
    assert client.post(reverse("teams:team_create", args=[school.pk]), {"team-name": "X"}).status_code == 404
    assert not Team.objects.filter(name="X").exists()


def test_an_administrator_of_another_school_gets_404(client, school):
    other = Organisation.objects.create(name="ROC Elders")
    client.force_login(person(other, None, Role.ADMIN))
    assert client.get(reverse("teams:people", args=[school.pk])).status_code == 404


def test_teams_are_made_and_renamed_and_names_stay_unique(admin_client, school):
    url = reverse("teams:team_create", args=[school.pk])
    assert admin_client.post(url, {"team-name": "Techniek"}).status_code == 302
    response = admin_client.post(url, {"team-name": "techniek"}, HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 400
    assert "heeft al een team" in response.text
    assert 'value="techniek"' in response.text  # what was typed stays
    team = Team.objects.get(organisation=school)
    admin_client.post(reverse("teams:team_edit", args=[school.pk, team.pk]), {"name": "Techniek en ICT"})
    team.refresh_from_db()
    assert team.name == "Techniek en ICT"
    assert list(SchoolEvent.objects.values_list("action", flat=True)) == ["team_renamed", "team_created"]


def test_a_team_of_another_school_cannot_be_renamed(admin_client, school):
    other_team = Team.objects.create(organisation=Organisation.objects.create(name="Elders"), name="A")
    url = reverse("teams:team_edit", args=[school.pk, other_team.pk])
    assert admin_client.post(url, {"name": "B"}).status_code == 404


def test_giving_a_role_is_an_invitation_the_person_accepts(admin_client, school, team):
    response = admin_client.post(
        reverse("teams:admin_invite", args=[school.pk]),
        {"email": "Leider@School.nl", "role": Role.TEAM_LEADER, "team": team.pk, "first_name": "Lea"},
    )
    assert response.status_code == 302
    assert not Membership.objects.filter(role=Role.TEAM_LEADER).exists()  # nothing until they accept
    invitation = Invitation.objects.get(email="leider@school.nl")
    assert invitation.token in mail.outbox[0].body
    leader = User.objects.create_user(email="leider@school.nl", password="x")
    invitations.invitation_accept(invitation=invitation, user=leader)
    assert Membership.objects.filter(user=leader, team=team, role=Role.TEAM_LEADER).exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"email": "x@school.nl", "role": Role.TEACHER}, "team", "Kies het team"),
        ({"email": "x@school.nl", "role": Role.HR, "team": "TEAM"}, "team", "laat het team leeg"),
        ({"email": "x@gmail.com", "role": Role.TEAM_LEADER, "team": "TEAM"}, "email", "adres van de school"),
        ({"email": "geen-adres", "role": Role.TEACHER, "team": "TEAM"}, "email", "geldig e-mailadres"),
    ],
)
def test_a_bad_invitation_names_the_field_and_keeps_what_was_typed(
    admin_client, school, team, data, field, message
):
    data = {k: (team.pk if v == "TEAM" else v) for k, v in data.items()}
    response = admin_client.post(
        reverse("teams:admin_invite", args=[school.pk]), data, HTTP_ACCEPT_LANGUAGE="nl"
    )
    assert response.status_code == 400
    assert message in response.text
    assert f'value="{data["email"]}"' in response.text
    assert not Invitation.objects.exists()


def test_revoked_invitations_say_so_and_cannot_be_accepted(admin_client, school, team, client):
    invitation = invitations.personal_invitation_create(
        organisation=school, team=team, role=Role.TEACHER, email="a@school.nl", created_by=None
    )
    url = reverse("teams:admin_invitation_revoke", args=[school.pk, invitation.pk])
    assert admin_client.get(url).status_code == 200  # asks first
    assert Invitation.objects.get().revoked_at is None
    admin_client.post(url, {"confirm": "yes"})
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    someone = User.objects.create_user(email="a@school.nl", password="x")
    with pytest.raises(invitations.InvitationInvalid):
        invitations.invitation_accept(invitation=invitation, user=someone)


def test_an_expired_invitation_is_sent_again_with_a_new_date(admin_client, school, team):
    invitation = invitations.personal_invitation_create(
        organisation=school, team=team, role=Role.TEACHER, email="a@school.nl", created_by=None
    )
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=invitation.expires_at - timedelta(days=30))
    admin_client.post(reverse("teams:admin_invitation_resend", args=[school.pk, invitation.pk]))
    invitation.refresh_from_db()
    assert invitations.invitation_problem(invitation) is None
    assert len(mail.outbox) == 1


def test_taking_a_role_away_asks_first_and_tells_the_person(admin_client, school, team):
    teacher = person(school, team, Role.TEACHER)
    membership = Membership.objects.get(user=teacher)
    url = reverse("teams:role_take", args=[school.pk, membership.pk])
    admin_client.get(url)
    admin_client.post(url)  # without the confirmation: nothing
    assert Membership.objects.filter(pk=membership.pk).exists()
    admin_client.post(url, {"confirm": "yes"})
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert mail.outbox[-1].to == [teacher.email]


def test_the_last_administrator_cannot_be_taken_away_nor_leave(admin_client, school, admin):
    membership = Membership.objects.get(user=admin)
    admin_client.post(reverse("teams:role_take", args=[school.pk, membership.pk]), {"confirm": "yes"})
    assert Membership.objects.filter(pk=membership.pk).exists()
    operator = User.objects.create_user(email="ict@school.nl", password="x", is_staff=True)
    with pytest.raises(invitations.CannotLeave):
        school_admin.person_leave(organisation=school, user=admin, by=operator, left_on=date.today())
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_a_move_waits_for_the_teacher_and_then_ends_the_old_team(admin_client, school, team):
    other = Team.objects.create(organisation=school, name="Techniek")
    teacher = person(school, team, Role.TEACHER)
    membership = Membership.objects.get(user=teacher)
    response = admin_client.post(
        reverse("teams:move", args=[school.pk, membership.pk]), {f"move{membership.pk}-team": other.pk}
    )
    assert response.status_code == 302
    assert Membership.objects.filter(pk=membership.pk).exists()  # still in the old team until they accept
    invitation = Invitation.objects.get(email=teacher.email)
    invitations.invitation_accept(invitation=invitation, user=teacher)
    assert list(Membership.objects.filter(user=teacher).values_list("team", flat=True)) == [other.pk]


def test_a_leaver_loses_access_at_once(admin_client, school, team):
    teacher = person(school, team, Role.TEACHER)
    client = Client()
    client.force_login(teacher)
    url = reverse("teams:person_leave", args=[school.pk, teacher.pk])
    assert admin_client.get(url).status_code == 200
    admin_client.post(url, {"confirm": "yes"})
    teacher.refresh_from_db()
    assert not teacher.is_active
    assert not Membership.objects.filter(user=teacher).exists()
    assert client.get(reverse("plans:current")).status_code == 302  # signed out: to the login page
    assert Departure.objects.get().left_on == date.today()


def test_a_leaver_at_another_school_keeps_their_account(admin_client, school, team):
    teacher = person(school, team, Role.TEACHER)
    Membership.objects.create(user=teacher, organisation=Organisation.objects.create(name="B"), role=Role.HR)
    admin_client.post(reverse("teams:person_leave", args=[school.pk, teacher.pk]), {"confirm": "yes"})
    teacher.refresh_from_db()
    assert teacher.is_active


def test_purge_expired_deletes_leavers_after_the_retention_period_once(school, team, admin, settings):
    settings.LEAVER_RETENTION_DAYS = 30
    gone, recent = person(school, team, Role.TEACHER), person(school, team, Role.TEACHER)
    school_admin.person_leave(
        organisation=school, user=gone, by=admin, left_on=date.today() - timedelta(days=31)
    )
    school_admin.person_leave(
        organisation=school, user=recent, by=admin, left_on=date.today() - timedelta(days=29)
    )
    name = str(gone)
    call_command("purge_expired", stdout=io.StringIO())
    assert not User.objects.filter(pk=gone.pk).exists()
    left = SchoolEvent.objects.get(action="left", detail=(date.today() - timedelta(days=31)).isoformat())
    assert name not in left.subject and left.subject_user is None  # the school's record keeps no name
    assert User.objects.filter(pk=recent.pk).exists()
    count = User.objects.count()
    call_command("purge_expired", stdout=io.StringIO())
    assert User.objects.count() == count


def test_invited_back_the_account_opens_to_answer_and_accepting_ends_the_leaving(school, team, admin, client):
    teacher = person(school, team, Role.TEACHER)
    school_admin.person_leave(organisation=school, user=teacher, by=admin, left_on=date.today())
    later = date.today() + timedelta(days=10_000)
    # invited back by the team's leader (any way of inviting): the account opens to answer with
    invitation = invitations.personal_invitation_create(
        organisation=school, team=team, role=Role.TEACHER, email=teacher.email, created_by=admin
    )
    teacher.refresh_from_db()
    assert teacher.is_active
    assert Departure.objects.exists()  # until they accept
    assert not school_admin.leavers_to_purge(today=later).filter(pk=teacher.pk)  # waiting: kept
    invitations.invitation_accept(invitation=invitation, user=teacher)
    assert not Departure.objects.exists()


def test_invited_back_but_never_answering_is_purged_after_the_period(school, team, admin):
    teacher = person(school, team, Role.TEACHER)
    school_admin.person_leave(organisation=school, user=teacher, by=admin, left_on=date.today())
    invitation = invitations.personal_invitation_create(
        organisation=school, team=team, role=Role.TEACHER, email=teacher.email, created_by=admin
    )
    invitations.invitation_revoke(invitation=invitation)
    later = date.today() + timedelta(days=10_000)
    assert school_admin.leavers_to_purge(today=later).filter(pk=teacher.pk).exists()


def test_leaving_revokes_expired_invitations_too(school, team, admin):
    teacher = person(school, team, Role.TEACHER)
    other = Team.objects.create(organisation=school, name="Techniek")
    invitation = invitations.personal_invitation_create(
        organisation=school, team=other, role=Role.TEACHER, email=teacher.email, created_by=admin
    )
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=invitation.expires_at - timedelta(days=60))
    school_admin.person_leave(organisation=school, user=teacher, by=admin, left_on=date.today())
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None


def test_the_audit_lists_the_changes_in_dutch(admin_client, school, team):
    admin_client.post(reverse("teams:team_create", args=[school.pk]), {"team-name": "Handel"})
    response = admin_client.get(reverse("teams:school_audit", args=[school.pk]), HTTP_ACCEPT_LANGUAGE="nl")
    assert "Handel" in response.text


def test_create_admin_makes_an_operator_and_mails_a_password_link(capsys):
    call_command("create_admin", email="Beheer@School.nl", print_link=True)
    user = User.objects.get(email="beheer@school.nl")
    assert user.is_staff and not user.has_usable_password()
    assert "/account/wachtwoord-herstellen/" in mail.outbox[0].body
    assert "/account/wachtwoord-herstellen/" in capsys.readouterr().out
    call_command("create_admin", email="beheer@school.nl")
    assert User.objects.count() == 1


def _upload(client, url, text):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        url, {"file": SimpleUploadedFile("school.csv", text.encode(), content_type="text/csv")}
    )


def test_the_school_list_is_checked_first_and_applies_nothing_until_confirmed(admin_client, school, team):
    url = reverse("teams:school_import", args=[school.pk])
    text = (
        "email;first_name;role;team\n"
        "a@school.nl;Anna;docent;zorg\n"
        "b@school.nl;Bram;teamleider;Bestaat niet\n"
        "c@school.nl;Chantal;hr;\n"
        "d@school.nl;Daan;docent;\n"
    )
    response = _upload(admin_client, url, text)
    plan = response.context["plan"]
    assert [(row.email, row.team) for row in plan.to_invite] == [("a@school.nl", team), ("c@school.nl", None)]
    assert {(p.line, p.email) for p in plan.problems} == {(3, "b@school.nl"), (5, "d@school.nl")}
    assert "Bestaat niet" in response.text
    assert not Invitation.objects.exists()  # a dry run
    digest = admin_client.session["member_import"]["digest"]
    admin_client.post(reverse("teams:school_import_confirm", args=[school.pk]), {"digest": digest})
    assert set(Invitation.objects.values_list("email", "team", "role")) == {
        ("a@school.nl", team.pk, Role.TEACHER),
        ("c@school.nl", None, Role.HR),
    }
    assert not Membership.objects.filter(user__email="a@school.nl").exists()  # until they accept


def test_a_teams_list_refuses_school_roles_and_other_teams(client, school, team):
    school.email_domains = "school.nl"
    school.save()
    leader = person(school, team, Role.TEAM_LEADER)
    client.force_login(leader)
    response = _upload(
        client,
        reverse("teams:import", args=[team.pk]),
        "email,role,team\na@school.nl,beheerder,\nb@school.nl,docent,Techniek\n",
    )
    assert not response.context["plan"].to_invite
    assert len(response.context["plan"].problems) == 2


def test_the_only_administrator_cannot_delete_their_account(admin_client, admin, school):
    response = admin_client.post(
        reverse("privacy:delete"), {"password": "x", "confirm": "on"}, HTTP_ACCEPT_LANGUAGE="nl"
    )
    assert response.status_code == 200
    assert "enige beheerder" in response.text
    assert User.objects.filter(pk=admin.pk).exists()

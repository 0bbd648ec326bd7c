"""Nobody gets into a group, and in view of a team leader, without saying yes; one gate to another
person's data, which applies their sharing choices before anything reaches the page.

Each test class starts from a finding of the trust review: it reproduces the attack and shows it fails.
"""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.core import schoolyear
from ontwikkelwijzer.plans import services
from ontwikkelwijzer.teams import invitations, member_import
from ontwikkelwijzer.teams.constants import Role
from ontwikkelwijzer.teams.models import AuditEvent, Invitation, Membership, Organisation, Sharing, Team
from tests.support import add

YEAR = schoolyear.school_year_for(date.today())
OWN_ADDRESS = "Dit is je eigen adres"
NOT_THE_SCHOOLS = "alleen naar een adres van de school (oost.nl)"
PASSWORD = "Een-lang-wachtwoord-2026"


def person(email: str, organisation=None, team=None, role: str = "") -> User:
    user = User.objects.create_user(email=email, password="x")
    if organisation is not None:
        Membership.objects.create(user=user, organisation=organisation, team=team, role=role)
    return user


def leader_invitation(schools) -> Invitation:
    """The administrator of ROC Oost invites nieuwe-leider@oost.nl to lead Zorg."""
    return invitations.personal_invitation_create(
        organisation=schools["oost"],
        team=schools["zorg"],
        role=Role.TEAM_LEADER,
        email="nieuwe-leider@oost.nl",
        created_by=schools["admin"],
    )


def member_plan_url(team: Team, member: User) -> str:
    return reverse("plans:member_plan", args=[team.pk, member.pk, YEAR])


def import_csv(client, team: Team, text: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("teams:import", args=[team.pk])
    client.post(url, {"file": SimpleUploadedFile("leden.csv", text.encode())})
    digest = client.session["member_import"]["digest"]
    return client.post(reverse("teams:import_confirm", args=[team.pk]), {"digest": digest})


@pytest.fixture
def schools(db, framework):
    oost = Organisation.objects.create(name="ROC Oost", email_domains="oost.nl")
    west = Organisation.objects.create(name="ROC West")
    zorg = Team.objects.create(organisation=oost, name="Zorg")
    techniek = Team.objects.create(organisation=oost, name="Techniek")
    west_team = Team.objects.create(organisation=west, name="Bouw")
    leader = person("leider@oost.nl", oost, zorg, Role.TEAM_LEADER)
    admin = person("beheer@oost.nl", oost, None, Role.ADMIN)
    teacher_west = person("docent@west.nl", west, west_team, Role.TEACHER)
    plan = services.plan_get_or_create(user=teacher_west, school_year=YEAR)
    add(plan, framework, "docentstage", ("competence",), goal="Geheim doel van West")
    Sharing.objects.create(user=teacher_west, share_reflections=True, share_scans=True)
    return {
        "oost": oost,
        "west": west,
        "zorg": zorg,
        "techniek": techniek,
        "leader": leader,
        "admin": admin,
        "teacher_west": teacher_west,
    }


@pytest.mark.django_db
class ImportReachesNobodyWithoutConsentTests:
    """Finding 1: a team leader or administrator imported any existing account into their team and read
    and wrote its plan."""

    @pytest.mark.parametrize("importer", ["leader", "admin"])
    def test_importing_another_schools_teacher_gives_no_membership_and_no_plan(
        self, client, schools, importer
    ):
        teacher = schools["teacher_west"]
        client.force_login(schools[importer])
        import_csv(client, schools["zorg"], f"email\n{teacher.email}\n")

        assert not Membership.objects.filter(user=teacher, organisation=schools["oost"]).exists()
        client.force_login(schools["leader"])
        response = client.get(member_plan_url(schools["zorg"], teacher))
        assert response.status_code == 404
        assert "Geheim doel van West" not in response.content.decode()
        note = reverse("plans:member_conversation", args=[schools["zorg"].pk, teacher.pk, YEAR])
        assert client.post(note, {"date": date.today().isoformat(), "text": "x"}).status_code == 404
        assert not AuditEvent.objects.filter(subject=teacher).exists()

    def test_the_person_decides_and_only_then_the_leader_sees_the_plan(self, client, schools):
        teacher = schools["teacher_west"]
        client.force_login(schools["leader"])
        import_csv(client, schools["zorg"], f"email\n{teacher.email}\n")
        invitation = Invitation.objects.get(email=teacher.email)

        client.force_login(teacher)
        page = client.get(reverse("teams:privacy")).content.decode()
        assert reverse("teams:accept", args=[invitation.token]) in page  # waiting for an answer
        client.post(reverse("teams:accept", args=[invitation.token]))
        assert Membership.objects.filter(user=teacher, team=schools["zorg"], role=Role.TEACHER).exists()

        client.force_login(schools["leader"])
        assert client.get(member_plan_url(schools["zorg"], teacher)).status_code == 200

    def test_declining_leaves_nothing_and_the_link_is_dead(self, client, schools):
        teacher = schools["teacher_west"]
        client.force_login(schools["leader"])
        import_csv(client, schools["zorg"], f"email\n{teacher.email}\n")
        invitation = Invitation.objects.get(email=teacher.email)
        client.force_login(teacher)
        assert client.post(reverse("teams:decline", args=[invitation.token])).status_code == 302
        response = client.post(reverse("teams:accept", args=[invitation.token]))
        assert response.status_code == 410
        assert not Membership.objects.filter(user=teacher, organisation=schools["oost"]).exists()
        assert invitations.invited_people(team=schools["zorg"]) == []

    def test_a_personal_invitation_cannot_be_used_by_another_account(self, client, schools):
        invitation = invitations.personal_invitation_create(
            organisation=schools["oost"],
            team=schools["zorg"],
            role=Role.TEACHER,
            email="bedoeld@oost.nl",
            created_by=schools["leader"],
        )
        someone = person("iemand-anders@oost.nl")
        client.force_login(someone)
        assert client.post(reverse("teams:accept", args=[invitation.token])).status_code == 404
        assert client.post(reverse("teams:decline", args=[invitation.token])).status_code == 404
        assert not Membership.objects.filter(user=someone).exists()
        invitation.refresh_from_db()
        assert invitation.uses == 0 and invitation.declined_at is None

    def test_making_an_account_with_the_link_is_only_for_an_address_without_one(self, client, schools):
        teacher = schools["teacher_west"]
        invitation = invitations.personal_invitation_create(
            organisation=schools["oost"],
            team=schools["zorg"],
            role=Role.TEACHER,
            email=teacher.email,
            created_by=schools["leader"],
        )
        data = {"first_name": "X", "last_name": "Y", "new_password1": PASSWORD, "new_password2": PASSWORD}
        response = client.post(reverse("teams:accept_new_account", args=[invitation.token]), data)
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
        teacher.refresh_from_db()
        assert not teacher.check_password(PASSWORD)  # the existing account is not taken over
        assert not Membership.objects.filter(user=teacher, organisation=schools["oost"]).exists()

    def test_a_weak_password_is_refused_next_to_the_field_and_the_name_stays(self, client, schools):
        invitation = invitations.personal_invitation_create(
            organisation=schools["oost"],
            team=schools["zorg"],
            role=Role.TEACHER,
            email="nieuw@oost.nl",
            created_by=schools["leader"],
        )
        data = {"first_name": "Nina", "last_name": "Nieuw", "new_password1": "kort", "new_password2": "kort"}
        response = client.post(reverse("teams:accept_new_account", args=[invitation.token]), data)
        assert response.status_code == 400
        form = response.context["account_form"]
        assert form.errors["new_password2"] and form["first_name"].value() == "Nina"
        assert 'value="Nina"' in response.content.decode()
        assert not User.objects.filter(email="nieuw@oost.nl").exists()

    def test_the_invitation_mail_says_the_same_with_or_without_an_account(self, schools):
        texts = []
        for email in (schools["teacher_west"].email, "niemand@west.nl"):
            invitation = invitations.personal_invitation_create(
                organisation=schools["oost"],
                team=schools["zorg"],
                role=Role.TEACHER,
                email=email,
                created_by=schools["leader"],
            )
            invitations.invitation_mail_send(invitation=invitation, absolute_uri=lambda path: path)
            texts.append(mail.outbox[-1].body.replace(email, "X").replace(invitation.token, "T"))
        assert texts[0] == texts[1]

    def test_signing_in_tells_about_waiting_invitations(self, client, schools):
        teacher = schools["teacher_west"]
        invitations.personal_invitation_create(
            organisation=schools["oost"],
            team=schools["zorg"],
            role=Role.TEACHER,
            email=teacher.email,
            created_by=schools["leader"],
        )
        response = client.post(
            reverse("accounts:login"), {"username": teacher.email, "password": "x"}, follow=True
        )
        shown = [str(m) for m in response.context["messages"]]
        assert any("Zorg" in text and reverse("teams:privacy") in text for text in shown)


@pytest.mark.django_db
class NobodyGivesThemselvesARoleTests:
    """Finding 5: an administrator read plans by making a team-leader invitation and accepting it."""

    def test_an_administrator_cannot_make_themselves_team_leader(self, client, schools, framework):
        admin, zorg = schools["admin"], schools["zorg"]
        teacher = person("docent@oost.nl", schools["oost"], zorg, Role.TEACHER)
        client.force_login(admin)
        url = reverse("teams:invite", args=[zorg.pk])
        # Not by an open link (team leaders are only invited personally), not by their own address,
        # and not by accepting a link they made.
        assert client.post(url, {"role": Role.TEAM_LEADER}).status_code == 400
        assert client.post(url, {"role": Role.TEAM_LEADER, "email": admin.email}).status_code == 400
        assert not Invitation.objects.exists()
        client.post(url, {"role": Role.TEACHER})
        link = Invitation.objects.get(team=zorg)
        assert client.post(reverse("teams:accept", args=[link.token])).status_code == 404
        link.refresh_from_db()
        assert link.uses == 0
        assert not Membership.objects.filter(user=admin, team=zorg).exists()
        assert client.get(member_plan_url(zorg, teacher)).status_code == 404

    def test_nor_import_themselves(self, client, schools):
        client.force_login(schools["admin"])
        from django.core.files.uploadedfile import SimpleUploadedFile

        url = reverse("teams:import", args=[schools["zorg"].pk])
        response = client.post(
            url, {"file": SimpleUploadedFile("l.csv", b"email,role\nbeheer@oost.nl,teamleider\n")}
        )
        assert [p.codes for p in response.context["plan"].problems] == [{member_import.REFUSED_ADDRESS}]
        assert response.context["confirm_form"] is None

    def test_the_person_they_invite_becomes_team_leader_by_accepting(self, client, schools):
        client.force_login(schools["admin"])
        client.post(
            reverse("teams:invite", args=[schools["zorg"].pk]),
            {"role": Role.TEAM_LEADER, "email": "nieuwe-leider@oost.nl"},
        )
        invitation = Invitation.objects.get(team=schools["zorg"], role=Role.TEAM_LEADER)
        other = person("nieuwe-leider@oost.nl")
        client.force_login(other)
        client.post(reverse("teams:accept", args=[invitation.token]))
        assert Membership.objects.filter(user=other, team=schools["zorg"], role=Role.TEAM_LEADER).exists()

    @pytest.mark.parametrize(
        ("address", "message"),
        [
            ("Beheer+tl@oost.nl", OWN_ADDRESS),  # another address of the administrator's own mailbox
            ("beheer+zorg@OOST.nl", OWN_ADDRESS),
            ("prive@gmail.com", NOT_THE_SCHOOLS),
            ("leider+2@oost.nl", NOT_THE_SCHOOLS),
            ("iemand@sub.oost.nl", NOT_THE_SCHOOLS),
        ],
    )
    def test_a_team_leader_gets_a_plain_address_of_the_school_not_the_inviters(
        self, client, schools, address, message
    ):
        client.force_login(schools["admin"])
        url = reverse("teams:invite", args=[schools["zorg"].pk])

        response = client.post(url, {"role": Role.TEAM_LEADER, "email": address})

        html = response.content.decode()
        assert response.status_code == 400 and not Invitation.objects.exists()
        assert message in html and 'value="' + address + '"' in html  # what was typed stays
        csv_file = SimpleUploadedFile("l.csv", f"email,role\n{address},teamleider\n".encode())
        imported = client.post(reverse("teams:import", args=[schools["zorg"].pk]), {"file": csv_file})
        assert [p.codes for p in imported.context["plan"].problems] == [{member_import.REFUSED_ADDRESS}]
        assert imported.context["confirm_form"] is None and not Invitation.objects.exists()
        if message == NOT_THE_SCHOOLS:  # as a teacher they may be invited: a teacher sees nobody's plan
            assert client.post(url, {"role": Role.TEACHER, "email": address}).status_code == 302

    def test_without_the_schools_domains_nobody_becomes_team_leader(self, client, schools):
        Organisation.objects.filter(pk=schools["oost"].pk).update(email_domains="")
        client.force_login(schools["admin"])

        response = client.post(
            reverse("teams:invite", args=[schools["zorg"].pk]),
            {"role": Role.TEAM_LEADER, "email": "nieuwe-leider@oost.nl"},
        )

        assert response.status_code == 400 and not Invitation.objects.exists()
        assert "e-maildomeinen van de school" in response.content.decode()

    def test_an_invitation_from_before_the_domains_changed_cannot_be_accepted(self, client, schools):
        invitation = leader_invitation(schools)
        Organisation.objects.filter(pk=schools["oost"].pk).update(email_domains="nieuw-oost.nl")
        client.force_login(person("nieuwe-leider@oost.nl"))

        response = client.post(reverse("teams:accept", args=[invitation.token]))

        assert response.status_code == 410 and response.context["state"] == invitations.NOT_VOUCHED
        assert (
            not Membership.objects.filter(team=schools["zorg"], role=Role.TEAM_LEADER)
            .exclude(user=schools["leader"])
            .exists()
        )

    def test_the_teachers_are_told_one_by_one_when_a_team_leader_joins(self, client, schools):
        zorg = schools["zorg"]
        teachers = [person(f"docent{n}@oost.nl", schools["oost"], zorg, Role.TEACHER) for n in range(2)]
        person("elders@oost.nl", schools["oost"], schools["techniek"], Role.TEACHER)
        invitation = leader_invitation(schools)
        mail.outbox.clear()
        client.force_login(person("nieuwe-leider@oost.nl"))

        client.post(reverse("teams:accept", args=[invitation.token]))

        assert sorted(m.to[0] for m in mail.outbox) == sorted(t.email for t in teachers)
        assert all(len(m.to) == 1 and not m.cc and not m.bcc for m in mail.outbox)
        assert (
            "nieuwe-leider@oost.nl" in mail.outbox[0].body and reverse("teams:privacy") in mail.outbox[0].body
        )


@pytest.mark.django_db
class LeavingTests:
    def test_a_teacher_leaves_and_the_leader_is_told_and_sees_nothing_more(self, client, schools):
        zorg = schools["zorg"]
        teacher = person("docent@oost.nl", schools["oost"], zorg, Role.TEACHER)
        membership = Membership.objects.get(user=teacher, team=zorg)
        client.force_login(teacher)
        page = client.get(reverse("teams:privacy")).content.decode()
        assert reverse("teams:leave", args=[membership.pk]) in page and "leider@oost.nl" in page

        confirm_page = client.get(reverse("teams:leave", args=[membership.pk]))
        assert confirm_page.status_code == 200 and Membership.objects.filter(pk=membership.pk).exists()
        response = client.post(reverse("teams:leave", args=[membership.pk]), {})
        assert response.status_code == 400 and Membership.objects.filter(pk=membership.pk).exists()

        mail.outbox.clear()
        response = client.post(reverse("teams:leave", args=[membership.pk]), {"confirm": "on"})
        assert response.status_code == 302
        assert not Membership.objects.filter(pk=membership.pk).exists()
        [told] = mail.outbox
        assert told.to == ["leider@oost.nl"] and "Zorg" in told.subject

        client.force_login(schools["leader"])
        assert client.get(member_plan_url(zorg, teacher)).status_code == 404

    def test_nobody_else_ends_a_membership(self, client, schools):
        teacher = person("docent@oost.nl", schools["oost"], schools["zorg"], Role.TEACHER)
        membership = Membership.objects.get(user=teacher)
        for someone in (schools["leader"], schools["admin"]):
            client.force_login(someone)
            url = reverse("teams:leave", args=[membership.pk])
            assert client.get(url).status_code == 404
            assert client.post(url, {"confirm": "on"}).status_code == 404
        assert Membership.objects.filter(pk=membership.pk).exists()

    def test_the_last_administrator_cannot_leave(self, client, schools):
        membership = Membership.objects.get(user=schools["admin"])
        client.force_login(schools["admin"])
        response = client.post(reverse("teams:leave", args=[membership.pk]), {"confirm": "on"})
        assert response.status_code == 400 and Membership.objects.filter(pk=membership.pk).exists()
        person("beheer2@oost.nl", schools["oost"], None, Role.ADMIN)
        response = client.post(reverse("teams:leave", args=[membership.pk]), {"confirm": "on"})
        assert response.status_code == 302 and not Membership.objects.filter(pk=membership.pk).exists()


@pytest.mark.django_db
class OneGateTests:
    """Finding 8: a team leader saw log counts and hours spent of items the teacher did not share."""

    @pytest.fixture
    def teacher(self, schools, framework):
        teacher = person("docent@oost.nl", schools["oost"], schools["zorg"], Role.TEACHER)
        plan = services.plan_get_or_create(user=teacher, school_year=YEAR)
        item = add(plan, framework, "docentstage", ("competence",), goal="Zichtbaar doel")
        services.log_entry_create(
            item=item, day=date.today(), description="Logtekst", hours_spent=Decimal("7.5")
        )
        return teacher

    @given(share_log=st.booleans(), share_scans=st.booleans())
    @settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    def test_what_reaches_the_page_follows_the_sharing_choices(
        self, client, schools, teacher, share_log, share_scans
    ):
        Sharing.objects.update_or_create(
            user=teacher, defaults={"share_reflections": share_log, "share_scans": share_scans}
        )
        client.force_login(schools["leader"])
        response = client.get(member_plan_url(schools["zorg"], teacher))
        view = response.context["view"]
        page = response.content.decode()
        assert "Zichtbaar doel" in page  # the items and their progress are always seen
        assert (view.hours_spent is not None) == share_log
        assert all((item.log_count is not None) == share_log for item in view.items)
        assert ("7,5" in page or "7.5" in page) == share_log
        assert response.context["seen"].scans == share_scans
        assert AuditEvent.objects.filter(subject=teacher, actor=schools["leader"]).exists()

    def test_an_administrator_and_another_teams_leader_get_a_404(self, client, schools, teacher):
        other = person("leider2@oost.nl", schools["oost"], schools["techniek"], Role.TEAM_LEADER)
        for viewer in (schools["admin"], other):
            client.force_login(viewer)
            assert client.get(member_plan_url(schools["zorg"], teacher)).status_code == 404
        assert not AuditEvent.objects.filter(subject=teacher).exists()

    def test_an_expired_invitation_gives_nothing(self, client, schools):
        invitation = invitations.personal_invitation_create(
            organisation=schools["oost"],
            team=schools["zorg"],
            role=Role.TEACHER,
            email="laat@oost.nl",
            created_by=schools["leader"],
        )
        Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
        someone = person("laat@oost.nl")
        client.force_login(someone)
        assert client.post(reverse("teams:accept", args=[invitation.token])).status_code == 410
        assert not Membership.objects.filter(user=someone).exists()

"""The school's audit (``teams.audit``) holds every change to how the school is set up, whoever makes it
and however: a CSV import, a team leader's invitations and links, accepting an invitation, leaving a group,
the school's settings. Each entry reads in the reader's language."""

import re

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from ontwikkelwijzer.teams import audit, invitations, school_admin
from ontwikkelwijzer.teams.constants import Role
from ontwikkelwijzer.teams.models import Invitation, Membership, SchoolEvent
from tests.support import person

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(school):
    school.email_domains = "school.nl"
    school.save()
    return person(school, None, Role.ADMIN, name="Bas")


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


def audit_page(client, school, language: str = "nl") -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse("teams:school_audit", args=[school.pk]))
    assert response.status_code == 200
    return response.text


def rows(html: str) -> list[str]:
    """The audit table's rows, as text without tags."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
        for row in body.split("</tr>")
        if "<td" in row
    ]


class AuditTests:
    def test_the_audit_page_shows_a_csv_import_and_an_acceptance(self, admin_client, admin, school, team):
        upload = reverse("teams:school_import", args=[school.pk])
        text = (
            "email;first_name;role;team\nanna@school.nl;Anna;docent;Zorg\nbram@school.nl;Bram;hr;\nfout;X;;\n"
        )
        admin_client.post(upload, {"file": SimpleUploadedFile("school.csv", text.encode())})
        digest = admin_client.session["member_import"]["digest"]
        admin_client.post(reverse("teams:school_import_confirm", args=[school.pk]), {"digest": digest})
        anna = person(name="Anna")
        anna.email = "anna@school.nl"
        anna.save()
        invitation = Invitation.objects.get(email="anna@school.nl")
        invitations.invitation_accept(invitation=invitation, user=anna)

        found = rows(audit_page(admin_client, school))

        assert found[0].endswith(f"{anna} nam een uitnodiging aan {anna} Docent, Zorg")
        assert "importeerde een lijst met mensen" in found[1] and "2 mensen uitgenodigd" in found[1]
        assert "1 regel geweigerd" in found[1]
        assert any("anna@school.nl Docent, Zorg" in row for row in found[2:])
        assert any("bram@school.nl HR/beleid, ROC Oost" in row for row in found[2:])
        english = rows(audit_page(admin_client, school, "en"))
        assert english[0].endswith(f"{anna} accepted an invitation {anna} Teacher, Zorg")
        assert "2 people invited, 0 already there, 1 row refused" in english[1]

    def test_a_team_leaders_invitations_and_links_are_written_down(self, client, school, team):
        school.email_domains = "school.nl"
        school.save()
        leader = person(school, team, Role.TEAM_LEADER)
        client.force_login(leader)
        client.post(reverse("teams:invite", args=[team.pk]), {"role": Role.TEACHER})
        client.post(
            reverse("teams:invite", args=[team.pk]), {"role": Role.TEAM_LEADER, "email": "tweede@school.nl"}
        )
        link, invited = SchoolEvent.objects.order_by("pk")
        assert (link.action, link.actor, link.detail, link.subject) == ("link_created", leader, "Zorg", "")
        assert (invited.action, invited.subject, invited.data) == (
            "invited",
            "tweede@school.nl",
            {"role": "team_leader"},
        )
        with translation.override("en"):
            assert (audit.subject_text(link), audit.detail_text(link)) == ("open link", "Teacher, Zorg")
        with translation.override("nl"):
            assert audit.subject_text(link) == "open uitnodigingslink"
            assert audit.detail_text(invited) == "Teamleider, Zorg"

    def test_leaving_a_group_oneself_is_written_down(self, client, school, team):
        teacher = person(school, team, Role.TEACHER)
        client.force_login(teacher)
        membership = Membership.objects.get(user=teacher)
        client.post(reverse("teams:leave", args=[membership.pk]), {"confirm": "on"})
        event = SchoolEvent.objects.get()
        assert (event.action, event.actor, event.subject_user, event.detail) == (
            "left_group",
            teacher,
            teacher,
            "Zorg",
        )

    def test_the_schools_settings_are_written_down_when_they_change(self, admin_client, admin, school):
        url = reverse("teams:school_settings", args=[school.pk])
        data = {
            "email_domains": "school.nl, roc.nl",
            "development_hours": "60",
            "other_development_hours": "0",
            "min_group_size": school.min_group_size,
        }
        admin_client.post(url, data)
        admin_client.post(url, data)  # nothing changed: nothing written
        event = SchoolEvent.objects.get(action="settings_changed")
        assert event.actor == admin
        with translation.override("en"):
            detail = audit.detail_text(event)
        assert "school.nl → school.nl, roc.nl" in detail and "59 → 60" in detail
        assert "smallest group" not in detail  # what did not change is not named

    def test_a_waiting_invitation_revoked_and_resent_reads_the_role_in_the_readers_language(
        self, admin, school, team
    ):
        invitation, _mailed = school_admin.invite(
            organisation=school,
            team=team,
            role=Role.TEACHER,
            email="c@school.nl",
            by=admin,
            absolute_uri=lambda path: path,
            mail=False,
        )
        school_admin.invitation_revoke(invitation=invitation, by=admin)
        for event in SchoolEvent.objects.all():
            with translation.override("en"):
                assert audit.detail_text(event) == "Teacher, Zorg"
            with translation.override("nl"):
                assert audit.detail_text(event) == "Docent, Zorg"

"""Deleting one's account: everything of the person goes; what others keep keeps no name."""

import logging
import os
import smtplib

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core import mail
from django.urls import reverse

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.plans.models import ConversationNote, DevelopmentPlan, LogEntry
from ontwikkelwijzer.privacy.parts import parts
from ontwikkelwijzer.privacy.services import user_delete
from ontwikkelwijzer.privacy.tests import world
from ontwikkelwijzer.privacy.tests.relations import declared_field
from ontwikkelwijzer.teams.models import AuditEvent, Invitation, Membership
from ontwikkelwijzer.teams.personal_data import former_member_label
from ontwikkelwijzer.workfield.models import Contact, OfferRequest

pytestmark = pytest.mark.django_db
PASSWORD = "Een-lang-wachtwoord-2026"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def w(framework, media):
    return world.build(framework)


def _delete(w, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        user_delete(user=w.teacher)


class DeleteViewTests:
    def test_deleting_needs_the_password_and_then_removes_the_account(self, client):
        teacher = User.objects.create_user(email="docent@school.nl", password=PASSWORD, first_name="Fatima")
        client.force_login(teacher)
        response = client.post(reverse("privacy:delete"), {"password": "fout", "confirm": "on"})
        assert response.status_code == 200 and response.context["form"].errors["password"]
        assert User.objects.filter(pk=teacher.pk).exists()
        response = client.post(reverse("privacy:delete"), {"password": PASSWORD, "confirm": "on"})
        assert response.status_code == 302
        assert not User.objects.filter(pk=teacher.pk).exists()
        assert "_auth_user_id" not in client.session

    def test_the_right_password_without_the_box_ticked_deletes_nothing(self, client):
        teacher = User.objects.create_user(email="docent@school.nl", password=PASSWORD)
        client.force_login(teacher)
        response = client.post(reverse("privacy:delete"), {"password": PASSWORD})
        assert response.status_code == 200 and response.context["form"].errors["confirm"]
        assert User.objects.filter(pk=teacher.pk).exists() and client.session["_auth_user_id"]

    def test_the_page_needs_a_login(self, client):
        response = client.get(reverse("privacy:delete"))
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


class EraseTests:
    def test_nothing_of_the_person_is_left_and_others_keep_theirs(
        self, w, django_capture_on_commit_callbacks
    ):
        email = w.teacher.email
        files = [w.entries[0].evidence_file.path, w.entries[1].evidence_file.path]
        _delete(w, django_capture_on_commit_callbacks)

        assert not User.objects.filter(email__iexact=email).exists()
        assert not DevelopmentPlan.objects.filter(user__email=email).exists()
        assert not LogEntry.objects.filter(pk__in=[e.pk for e in w.entries]).exists()
        assert not any(os.path.exists(path) for path in files)
        assert not Membership.objects.filter(user__email=email).exists()
        assert not OfferRequest.objects.filter(teacher__email=email).exists()
        # Everything found by the address, whatever the case it was typed in: nothing left.
        for part in parts():
            for key in part.exported:
                model, field = declared_field(key)
                if not field.is_relation:
                    assert not model.objects.filter(**{f"{field.name}__iexact": email}).exists(), key
        # The colleague's own sign-in record and plan stay.
        assert AccessLog.objects.filter(username=w.colleague.email).exists()
        assert DevelopmentPlan.objects.filter(user=w.colleague).exists()

    def test_lock_out_records_of_the_address_are_removed(self, w, django_capture_on_commit_callbacks):
        assert AccessAttempt.objects.filter(username__iexact=w.teacher.email).exists()
        _delete(w, django_capture_on_commit_callbacks)
        for model in (AccessAttempt, AccessLog, AccessFailureLog):
            assert not model.objects.filter(username__iexact=w.teacher.email).exists(), model.__name__

    def test_others_keep_the_audit_entry_and_the_note_with_the_role_instead_of_the_name(
        self, w, django_capture_on_commit_callbacks
    ):
        name = str(w.teacher)
        _delete(w, django_capture_on_commit_callbacks)

        event = AuditEvent.objects.get(subject=w.colleague)
        assert (
            event.actor is None
            and name not in event.actor_name
            and w.teacher.first_name not in event.actor_name
        )
        assert "Techniek" in event.actor_name  # the team in which the two met: the person led it
        assert event.action == "bekeek je ontwikkelplan (team Techniek)"
        note = ConversationNote.objects.get(plan__user=w.colleague)
        assert note.author is None and name not in note.author_name and "Techniek" in note.author_name
        assert note.text == "Karim volgt de cursus toetsen"
        # The entry about the person (made by the team leader) went with the account.
        assert not AuditEvent.objects.filter(actor=w.leader).exists()

    def test_invitations_to_the_address_go_and_those_the_person_made_stay(
        self, w, django_capture_on_commit_callbacks
    ):
        made = Invitation.objects.get(created_by=w.teacher)
        _delete(w, django_capture_on_commit_callbacks)
        assert not Invitation.objects.filter(email__iexact=w.teacher.email).exists()
        made.refresh_from_db()
        assert made.created_by is None

    def test_a_contact_entry_stays_with_the_school_without_the_account(
        self, w, django_capture_on_commit_callbacks
    ):
        contact = Contact.objects.get(user=w.teacher)
        _delete(w, django_capture_on_commit_callbacks)
        contact.refresh_from_db()
        assert contact.user is None

    def test_the_partner_hears_that_an_accepted_place_is_free_again(
        self, w, django_capture_on_commit_callbacks
    ):
        _delete(w, django_capture_on_commit_callbacks)
        assert len(mail.outbox) == 1  # not for the offer that ended, not to the person
        message = mail.outbox[0]
        assert message.to == [w.partner_user.email]
        assert "Meelopen op de IC" in message.subject and "Meelopen op de IC" in message.body
        assert str(w.teacher) in message.body

    def test_nothing_is_sent_before_the_deletion_is_committed(self, w, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            user_delete(user=w.teacher)
        assert mail.outbox == [] and callbacks

    def test_a_mail_that_cannot_be_sent_is_logged_and_the_deletion_stands(
        self, w, django_capture_on_commit_callbacks, monkeypatch, caplog
    ):
        def refuse(*args, **kwargs):
            raise smtplib.SMTPServerDisconnected("the mail server is gone")

        monkeypatch.setattr("ontwikkelwijzer.workfield.personal_data.send_mail", refuse)
        files = [entry.evidence_file.path for entry in w.entries]
        with caplog.at_level(logging.ERROR):
            _delete(w, django_capture_on_commit_callbacks)
        assert not User.objects.filter(pk=w.teacher.pk).exists()
        assert "free again" in caplog.text
        assert not any(os.path.exists(path) for path in files)  # the other steps ran


class FormerMemberLabelTests:
    def test_it_names_the_roles_in_the_shared_teams_and_schools_only(self, w):
        label = former_member_label(person=w.teacher, seen_by=w.colleague)
        # The teacher leads Techniek (the colleague's team) and teaches in Zorg (not the colleague's).
        assert "Techniek" in label and "Zorg" not in label and w.teacher.first_name not in label


class SingleSignOnDeleteTests:
    def test_an_account_without_a_password_is_deleted_with_the_box_ticked(self, client):
        user = User.objects.create_user(email="sso@school.nl", password=None)
        client.force_login(user)
        assert client.post(reverse("privacy:delete"), {}).status_code == 200
        assert User.objects.filter(pk=user.pk).exists()
        response = client.post(reverse("privacy:delete"), {"confirm": "on"})
        assert response.status_code == 302 and not User.objects.filter(pk=user.pk).exists()

"""The download of one's own data: one zip with index.json and the evidence files."""

import io
import json
import zipfile

import pytest
from django.db import models
from django.urls import reverse

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.privacy import services
from ontwikkelwijzer.privacy.parts import parts
from ontwikkelwijzer.privacy.tests import world
from ontwikkelwijzer.privacy.tests.relations import declared_field, rows_via

pytestmark = pytest.mark.django_db

# Text fields of exported rows that are not in index.json, and why.
NOT_IN_THE_INDEX = {
    "accounts.User.password": "the password hash: a secret, of no use to the person",
    "teams.Invitation.token": "the secret of the invitation link",
    "notifications.CalendarFeed.token": "the calendar link's secret: a kept download must not open it",
    "plans.LogEntry.evidence_file": "the storage name; the file itself is in the zip under bewijs/",
    "admin.LogEntry.object_id": "the database id of the changed row",
    "admin.LogEntry.object_repr": "the name of the changed row: perhaps another person's",
    "axes.AccessAttempt.get_data": "what the sign-in form sent, the password masked: the address is there",
    "axes.AccessAttempt.post_data": "as get_data",
    "axes.AccessLog.http_accept": "the formats the browser accepts: nothing about the person",
    "axes.AccessAttempt.http_accept": "as above",
    "axes.AccessFailureLog.http_accept": "as above",
    "axes.AccessLog.session_hash": "a hash of the session key: a secret",
}
# Through these relations the rows hold other people's data beside the person's.
OTHERS_DATA = {
    "teams.Invitation.created_by": {"email", "first_name", "last_name"},  # whom the person invited
}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _download(client, user) -> zipfile.ZipFile:
    client.force_login(user)
    response = client.get(reverse("privacy:export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment")
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def _index(archive: zipfile.ZipFile) -> dict:
    return json.loads(archive.read(services.INDEX))


class ExportTests:
    def test_every_piece_of_every_app_is_in_the_download_and_the_files_byte_for_byte(
        self, client, framework, media
    ):
        w = world.build(framework)
        archive = _download(client, w.teacher)
        index = _index(archive)

        assert index["format"] == services.FORMAT
        assert index["accounts"]["account"]["email"] == w.teacher.email
        assert index["accounts"]["account"]["fte"] == "0.80"
        assert "password" not in index["accounts"]["account"]
        sign_ins = {s["ip_address"] for s in index["accounts"]["sign_ins"]}
        assert "192.0.2.10" in sign_ins and "192.0.2.99" not in sign_ins  # Karim's is not there
        assert {f["ip_address"] for f in index["accounts"]["failed_sign_ins"]} == {"192.0.2.11", "192.0.2.12"}
        assert index["accounts"]["admin_actions"][0]["change"] == "Naam van het team aangepast"

        scan = index["scan"]["scans"][0]
        assert scan["learning_preference"] == "formal" and None in scan["answers"].values()

        plan = index["plans"]["plans"][0]
        items = {item["title"]: item for item in plan["items"]}
        assert items["Eigen intervisie"]["estimated_hours"] == "6.5"
        stage = next(item for item in plan["items"] if item["activity"] == "docentstage")
        assert stage["log"][0]["description"] == "Twee dagen meegelopen op de afdeling"
        assert stage["reflections"][0]["text"] == "Ik zie nu hoe het werkveld beoordeelt"
        assert plan["conversation_notes"][0]["text"] == "Afspraak: stage afronden voor mei"
        text = json.dumps(index, ensure_ascii=False)
        for others in ("Karim volgt de cursus toetsen", "bekeek je ontwikkelplan (team Techniek)", "Karim"):
            assert others not in text  # the colleague's data, though the person wrote or looked at it
        assert index["plans"]["reminders_sent"][0]["kind"] == "item_ending"

        teams = index["teams"]
        assert {(m["team"], m["role"]) for m in teams["memberships"]} == {
            ("Zorg", "teacher"),
            ("Techniek", "team_leader"),
        }
        assert teams["sharing"]["share_reflections"] is True and teams["sharing"]["share_scans"] is False
        assert teams["who_looked_at_your_data"][0]["who"] == str(w.leader)
        assert teams["invitations_to_you"][0]["last_name"] == "Uit-de-lijst"
        assert teams["invitations_to_you"][0]["status"] == "waiting"
        assert teams["invitations_you_made"][0]["personal"] is False

        requests = {r["offer"]: r for r in index["workfield"]["requests"]}
        assert requests["Meelopen op de IC"]["message"] == "Ik wil graag meelopen"
        assert requests["Meelopen op de IC"]["answer"] == "Welkom op maandag"
        assert index["workfield"]["partner_contacts"][0]["phone"] == "0612345678"

        # The evidence: in the zip under the path the index gives, byte for byte.
        paths = [entry["evidence_file"] for item in plan["items"] for entry in item["log"]]
        assert sorted(paths) == sorted(name for name in archive.namelist() if name.startswith("bewijs/"))
        for entry in w.entries:
            entry.refresh_from_db()
            path = next(p for p in paths if p.startswith(f"bewijs/{plan['school_year']}/{entry.pk}-"))
            assert archive.read(path) == (world.PDF if entry.evidence_name.endswith(".pdf") else world.PNG)
        assert "missing_files" not in index

    def test_every_text_of_every_exported_row_is_in_the_index(self, client, framework, media):
        """Whatever a new field holds shows up here: each text of each row linked to the person through an
        exported relation is in index.json, unless it is listed above with a reason."""
        w = world.build(framework)
        text = json.dumps(_index(_download(client, w.teacher)), ensure_ascii=False)
        declared = {key: declared_field(key) for part in parts() for key in part.exported}
        checked = 0
        for key in declared:
            rows = list(rows_via(key, w.teacher, declared=declared))
            assert rows, f"the test world has no rows through {key}: give it some"
            for row in rows:
                for field in row._meta.concrete_fields:
                    if not isinstance(field, models.CharField | models.TextField):
                        continue
                    name = f"{row._meta.label}.{field.name}"
                    value = getattr(row, field.attname)
                    if not value or name in NOT_IN_THE_INDEX or field.name in OTHERS_DATA.get(key, ()):
                        continue
                    assert json.dumps(str(value), ensure_ascii=False)[1:-1] in text, f"{name} ({key})"
                    checked += 1
        assert checked > 40

    def test_a_person_without_any_data_gets_a_zip_with_only_the_index(self, client):
        user = User.objects.create_user(email="nieuw@school.nl", password="x")
        archive = _download(client, user)
        assert archive.namelist() == [services.INDEX]
        index = _index(archive)
        assert index["plans"]["plans"] == [] and index["teams"]["memberships"] == []
        assert index["accounts"]["account"]["email"] == "nieuw@school.nl"

    def test_a_file_missing_from_storage_is_listed_and_the_rest_still_downloads(
        self, client, framework, media
    ):
        w = world.build(framework)
        gone = w.entries[0]
        gone.evidence_file.storage.delete(gone.evidence_file.name)
        archive = _download(client, w.teacher)
        index = _index(archive)
        assert len(index["missing_files"]) == 1 and index["missing_files"][0] not in archive.namelist()
        assert len([name for name in archive.namelist() if name.startswith("bewijs/")]) == 1

    def test_a_large_download_goes_to_a_temporary_file_not_memory(self, framework, media, monkeypatch):
        monkeypatch.setattr(services, "IN_MEMORY_BYTES", 4096)
        w = world.build(framework)
        archive = services.user_export_archive(user=w.teacher)
        try:
            assert archive._rolled  # written to disk once past IN_MEMORY_BYTES
            assert zipfile.ZipFile(archive).testzip() is None
        finally:
            archive.close()

    def test_the_download_needs_a_login_and_only_answers_a_get(self, client, framework):
        response = client.get(reverse("privacy:export"))
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
        client.force_login(User.objects.create_user(email="iemand@school.nl", password="x"))
        assert client.post(reverse("privacy:export")).status_code == 405

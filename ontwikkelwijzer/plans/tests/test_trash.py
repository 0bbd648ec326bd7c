"""The trash of one's own plan: deleting an activity or a log entry asks first, moves it to the trash
(gone from the plan and the counters), and its owner can restore it, with the same ids and its evidence
files, for TRASH_DAYS days; then ``purge_expired`` deletes it with its files."""

import io
import json
import zipfile
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from ontwikkelwijzer.core import schoolyear
from ontwikkelwijzer.overviews import stats
from ontwikkelwijzer.overviews.models import GroupStats
from ontwikkelwijzer.plans import services, trash
from ontwikkelwijzer.plans.models import DevelopmentPlan, LogEntry, PlanItem, Reflection, TrashEntry
from ontwikkelwijzer.privacy import services as privacy
from ontwikkelwijzer.teams.constants import Role
from ontwikkelwijzer.teams.models import Organisation, Sharing, Team
from tests.support import add, person

pytestmark = pytest.mark.django_db
YEAR = schoolyear.school_year_for(date.today())
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def team():
    organisation = Organisation.objects.create(name="ROC Oost")
    return Team.objects.create(organisation=organisation, name="Zorg")


@pytest.fixture
def teacher(team):
    user = person(team.organisation, team, Role.TEACHER, name="Fatima")
    Sharing.objects.create(user=user, share_reflections=True)  # so that the log counts in the team
    return user


@pytest.fixture
def stranger(team):
    return person(team.organisation, team, Role.TEACHER, name="Karim")


@pytest.fixture
def plan(teacher):
    return services.plan_get_or_create(user=teacher, school_year=YEAR)


def entry(item, text: str = "Meegelopen", file: bytes | None = None, name: str = "verslag.pdf") -> LogEntry:
    upload = SimpleUploadedFile(name, file) if file is not None else None
    return services.log_entry_create(
        item=item, day=date.today(), description=text, hours_spent=Decimal(2), evidence_file=upload
    )


@pytest.fixture
def full_item(plan, framework):
    """An activity with 3 log entries (one with a file) and 2 reflections."""
    item = add(plan, framework, "docentstage", ("competence", "workfield"), goal="Stage lopen")
    entry(item, "Eerste dag", PDF)
    entry(item, "Tweede dag")
    entry(item, "Derde dag")
    for code in ("competence", "workfield"):
        services.reflection_save(item=item, aspect=framework.aspects.get(code=code), rating=4, text=code)
    item.refresh_from_db()
    return item


def english(client, user):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def counts(team) -> dict:
    row = GroupStats.objects.filter(team=team, school_year=YEAR).first()
    return dict(row.counts) if row else {}


def rebuilt(team) -> dict:
    """The team's counters as a rebuild from scratch makes them (rolled back afterwards)."""
    with transaction.atomic():
        stats.rebuild()
        found = counts(team)
        transaction.set_rollback(True)
    return found


def said(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _to_the_millisecond(row: dict) -> dict:
    """Django's JSON serializer keeps times to the millisecond."""
    return {
        key: value.replace(microsecond=value.microsecond // 1000 * 1000)
        if isinstance(value, datetime)
        else value
        for key, value in row.items()
    }


def rows(item) -> dict:
    """What the item and everything in it is, to compare before and after."""
    item = PlanItem.objects.get(pk=item.pk)
    return {
        "item": _to_the_millisecond(PlanItem.objects.filter(pk=item.pk).values().get()),
        "aspects": sorted(item.aspects.values_list("pk", flat=True)),
        "log": [
            _to_the_millisecond(row) for row in LogEntry.objects.filter(item=item).order_by("pk").values()
        ],
        "reflections": [
            _to_the_millisecond(row) for row in Reflection.objects.filter(item=item).order_by("pk").values()
        ],
    }


class DeleteItemTests:
    def test_the_page_says_what_goes_and_how_to_undo_and_a_post_without_confirm_changes_nothing(
        self, client, teacher, full_item
    ):
        english(client, teacher)
        before = rows(full_item)
        url = reverse("plans:item_delete", args=[full_item.pk])
        for response in (client.get(url), client.post(url), client.post(url, {"confirm": "no"})):
            html = response.content.decode()
            assert response.status_code == 200
            assert (
                "The activity “Docentstage” with 3 log entries, 2 reflections and 1 evidence file goes to "
                "the trash." in html
            )
            assert "You can restore it from your trash for 30 days." in html
            assert 'name="confirm" value="yes"' in html
        assert rows(full_item) == before
        assert not TrashEntry.objects.exists()

    def test_the_item_page_links_to_it_and_the_plan_page_to_the_trash(self, client, teacher, full_item):
        client.force_login(teacher)
        html = client.get(reverse("plans:item", args=[full_item.pk])).content.decode()
        assert f'href="{reverse("plans:item_delete", args=[full_item.pk])}"' in html
        log = full_item.log_entries.first()
        assert f'href="{reverse("plans:log_delete", args=[log.pk])}"' in html
        assert f'action="{reverse("plans:log_delete", args=[log.pk])}"' not in html  # no one-click delete
        assert (
            f'href="{reverse("plans:trash")}"'
            in client.get(reverse("plans:detail", args=[YEAR])).content.decode()
        )

    def test_confirmed_it_is_gone_from_the_plan_and_the_counters_and_in_the_trash(
        self, client, teacher, team, full_item, media
    ):
        english(client, teacher)
        file = Path(media) / full_item.log_entries.exclude(evidence_file="").get().evidence_file.name
        assert counts(team)["total"] == 1 and counts(team)["log"] == 1
        response = client.post(reverse("plans:item_delete", args=[full_item.pk]), {"confirm": "yes"})
        assert response["Location"] == reverse("plans:detail", args=[YEAR])
        assert "“Docentstage” is in your trash now. You can restore it from there." in said(response)
        assert not PlanItem.objects.filter(pk=full_item.pk).exists()
        assert not LogEntry.objects.exists() and not Reflection.objects.exists()
        assert counts(team).get("total", 0) == 0 and counts(team).get("log", 0) == 0
        assert counts(team) == rebuilt(team)
        plan_page = client.get(reverse("plans:detail", args=[YEAR])).content.decode()
        assert reverse("plans:item", args=[full_item.pk]) not in plan_page
        assert file.exists()  # kept until the trash is purged
        page = client.get(reverse("plans:trash")).content.decode()
        assert "Activity “Docentstage” (plan" in page
        assert "with 3 log entries, 2 reflections and 1 evidence file" in page
        assert reverse("plans:trash_restore", args=[TrashEntry.objects.get().pk]) in page

    def test_restoring_brings_back_the_same_rows_the_counters_and_a_readable_file(
        self, client, teacher, team, full_item
    ):
        english(client, teacher)
        before, counted = rows(full_item), counts(team)
        client.post(reverse("plans:item_delete", args=[full_item.pk]), {"confirm": "yes"})
        trashed = TrashEntry.objects.get()
        response = client.post(reverse("plans:trash_restore", args=[trashed.pk]))
        assert response["Location"] == reverse("plans:item", args=[full_item.pk])
        assert f"“Docentstage” is back in your plan {YEAR}." in said(response)
        assert rows(full_item) == before  # same ids, fields, timestamps, aspects, log and reflections
        assert counts(team) == counted == rebuilt(team)
        with_file = LogEntry.objects.exclude(evidence_file="").get()
        download = client.get(reverse("plans:evidence", args=[with_file.pk]))
        assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
        assert (
            reverse("plans:trash_restore", args=[trashed.pk])
            not in client.get(reverse("plans:trash")).content.decode()
        )

    def test_restoring_twice_says_so_and_changes_nothing(self, client, teacher, full_item):
        english(client, teacher)
        client.post(reverse("plans:item_delete", args=[full_item.pk]), {"confirm": "yes"})
        url = reverse("plans:trash_restore", args=[TrashEntry.objects.get().pk])
        client.post(url)
        before = rows(full_item)
        response = client.post(url)
        assert response["Location"] == reverse("plans:trash")
        assert any("“Docentstage” was restored already, on" in message for message in said(response))
        assert rows(full_item) == before and PlanItem.objects.count() == 1

    def test_past_the_trash_days_it_is_not_restored(self, client, teacher, full_item, settings):
        english(client, teacher)
        settings.TRASH_DAYS = 7
        client.post(reverse("plans:item_delete", args=[full_item.pk]), {"confirm": "yes"})
        trashed = TrashEntry.objects.get()
        TrashEntry.objects.filter(pk=trashed.pk).update(
            deleted_at=timezone.now() - timedelta(days=7, seconds=1)
        )
        assert (
            reverse("plans:trash_restore", args=[trashed.pk])
            not in client.get(reverse("plans:trash")).content.decode()
        )
        response = client.post(reverse("plans:trash_restore", args=[trashed.pk]))
        assert "“Docentstage” was deleted more than 7 days ago and can no longer be restored." in said(
            response
        )
        assert not PlanItem.objects.exists()
        trashed.refresh_from_db()
        assert trashed.restored_at is None

    def test_it_is_not_restored_when_the_plan_is_gone_or_its_id_taken(self, client, teacher, plan, full_item):
        english(client, teacher)
        client.post(reverse("plans:item_delete", args=[full_item.pk]), {"confirm": "yes"})
        trashed = TrashEntry.objects.get()
        squatter = PlanItem.objects.create(
            pk=full_item.pk,
            plan=plan,
            title="Iets anders",
            goal="x",
            start_date=date.today(),
            end_date=date.today(),
            estimated_hours=1,
        )
        response = client.post(reverse("plans:trash_restore", args=[trashed.pk]))
        assert any("is in your plan again already. Nothing was changed." in m for m in said(response))
        assert PlanItem.objects.get().title == "Iets anders" and not LogEntry.objects.exists()
        squatter.delete()
        DevelopmentPlan.objects.filter(pk=plan.pk).delete()
        response = client.post(reverse("plans:trash_restore", args=[trashed.pk]))
        assert any(f"your development plan {YEAR} it was in no longer exists" in m for m in said(response))
        assert not PlanItem.objects.exists()
        trashed.refresh_from_db()
        assert trashed.restored_at is None

    def test_what_pointed_at_the_item_points_at_it_again(self, teacher, plan, framework):
        item = add(plan, framework, "docentstage")
        step = services.plan_carry_over(plan=plan)
        copy = PlanItem.objects.get(pk=step.copies[0])
        assert copy.carried_from_id == item.pk
        trashed = trash.item_trash(item=item)
        copy.refresh_from_db()
        assert copy.carried_from_id is None  # what deleting does
        trash.trash_restore(entry=trashed)
        copy.refresh_from_db()
        assert copy.carried_from_id == item.pk


class DeleteLogEntryTests:
    def test_it_asks_first_and_then_moves_the_entry_with_its_file_to_the_trash(
        self, client, teacher, team, plan, framework, media
    ):
        english(client, teacher)
        item = add(plan, framework, "docentstage")
        log = entry(item, "Twee dagen meegelopen", PDF, name="stage verslag.pdf")
        file = Path(media) / log.evidence_file.name
        url = reverse("plans:log_delete", args=[log.pk])
        for response in (client.get(url), client.post(url)):
            html = response.content.decode()
            assert response.status_code == 200
            assert "goes to the trash: “Twee dagen meegelopen”." in html
            assert "With it goes the evidence file “stage verslag.pdf”." in html
            assert "Its 2.0 hours no longer count as spent." in html
        assert LogEntry.objects.filter(pk=log.pk).exists()
        response = client.post(url, {"confirm": "yes"})
        assert response["Location"] == reverse("plans:item", args=[item.pk])
        assert not LogEntry.objects.exists() and file.exists()
        assert counts(team).get("log", 0) == 0
        page = client.get(reverse("plans:trash")).content.decode()
        assert "Log entry in “Docentstage”" in page and "Twee dagen meegelopen" in page

        response = client.post(reverse("plans:trash_restore", args=[TrashEntry.objects.get().pk]))
        assert response["Location"] == reverse("plans:item", args=[item.pk])
        restored = LogEntry.objects.get(pk=log.pk)
        assert (
            restored.description == "Twee dagen meegelopen" and restored.evidence_name == "stage verslag.pdf"
        )
        download = client.get(reverse("plans:evidence", args=[log.pk]))
        assert b"".join(download.streaming_content) == PDF
        assert counts(team)["log"] == 1 and counts(team) == rebuilt(team)

    def test_an_entry_of_a_deleted_item_waits_for_the_item(self, client, teacher, plan, framework):
        english(client, teacher)
        item = add(plan, framework, "docentstage")
        log = entry(item, "Eerste dag")
        entry(item, "Tweede dag")
        log_trashed = trash.log_entry_trash(entry=log)
        item_trashed = trash.item_trash(item=item)
        response = client.post(reverse("plans:trash_restore", args=[log_trashed.pk]))
        assert any("restore it first, then this log entry" in message for message in said(response))
        assert not LogEntry.objects.exists()
        client.post(reverse("plans:trash_restore", args=[item_trashed.pk]))
        client.post(reverse("plans:trash_restore", args=[log_trashed.pk]))
        assert sorted(LogEntry.objects.values_list("description", flat=True)) == ["Eerste dag", "Tweede dag"]


class OwnershipTests:
    def test_nobody_else_reaches_the_pages_or_the_writes(self, client, teacher, stranger, full_item):
        log = full_item.log_entries.first()
        trashed = trash.log_entry_trash(entry=log)
        client.force_login(stranger)
        before = (rows(full_item), list(TrashEntry.objects.values()))
        urls = [
            reverse("plans:item_delete", args=[full_item.pk]),
            reverse("plans:log_delete", args=[full_item.log_entries.first().pk]),
        ]
        for url in urls:
            assert client.get(url).status_code == 404
            assert client.post(url, {"confirm": "yes"}).status_code == 404
        assert client.post(reverse("plans:trash_restore", args=[trashed.pk])).status_code == 404
        page = client.get(reverse("plans:trash")).content.decode()
        assert trashed.label not in page and "Docentstage" not in page
        assert (rows(full_item), list(TrashEntry.objects.values())) == before
        client.logout()
        for url in [*urls, reverse("plans:trash")]:
            assert client.get(url).status_code == 302
        assert client.post(reverse("plans:trash_restore", args=[trashed.pk])).status_code == 302

    def test_the_restore_only_takes_a_post(self, client, teacher, full_item):
        trashed = trash.item_trash(item=full_item)
        client.force_login(teacher)
        assert client.get(reverse("plans:trash_restore", args=[trashed.pk])).status_code == 405
        assert not PlanItem.objects.exists()


@given(
    days=st.integers(min_value=1, max_value=400),
    age=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=800)),
)
def test_an_entry_is_restorable_for_exactly_the_trash_days(days, age):
    deleted = datetime(2026, 3, 1, 12, tzinfo=UTC)
    entry = TrashEntry(deleted_at=deleted)
    with override_settings(TRASH_DAYS=days):
        assert trash.restorable_until(entry) == deleted + timedelta(days=days)
        assert trash.is_expired(entry, deleted + age) == (age >= timedelta(days=days))


class PurgeTests:
    def test_it_deletes_expired_entries_and_their_files_once(self, teacher, plan, framework, media):
        item = add(plan, framework, "docentstage")
        old, fresh, back = (entry(item, text, PDF, name=f"{text}.pdf") for text in ("oud", "nieuw", "terug"))
        paths = {log.description: Path(media) / log.evidence_file.name for log in (old, fresh, back)}
        expired = timezone.now() - timedelta(days=settings.TRASH_DAYS, seconds=1)
        old_trash = trash.log_entry_trash(entry=old)
        trash.log_entry_trash(entry=fresh)
        back_trash = trash.log_entry_trash(entry=back)
        trash.trash_restore(entry=back_trash)  # back in the log: its file is in use again
        TrashEntry.objects.filter(pk__in=[old_trash.pk, back_trash.pk]).update(deleted_at=expired)

        out = io.StringIO()
        call_command("purge_expired", stdout=out)
        assert "Purged 2 trash entries older than 30 days and 1 evidence file(s)." in out.getvalue()
        assert not paths["oud"].exists() and paths["nieuw"].exists() and paths["terug"].exists()
        assert list(TrashEntry.objects.values_list("label", flat=True)) == ["nieuw"]

        out = io.StringIO()
        call_command("purge_expired", stdout=out)
        assert "Purged 0 trash entries older than 30 days and 0 evidence file(s)." in out.getvalue()
        assert paths["nieuw"].exists() and paths["terug"].exists()


class PersonalDataTests:
    def test_the_download_has_the_trash_and_its_files(self, teacher, full_item):
        trash.item_trash(item=full_item)
        index = privacy.user_data_export(user=teacher)
        (trashed,) = index["plans"]["trash"]
        assert trashed["kind"] == "item" and trashed["label"] == "Docentstage"
        text = json.dumps(trashed, default=str)
        for words in ("Eerste dag", "Tweede dag", "Derde dag", "Stage lopen"):
            assert words in text
        with privacy.user_export_archive(user=teacher) as spool, zipfile.ZipFile(spool) as archive:
            assert trashed["evidence_files"] == [n for n in archive.namelist() if n.startswith("prullenbak/")]
            assert archive.read(trashed["evidence_files"][0]) == PDF

    def test_deleting_the_account_deletes_the_trash_and_its_files(
        self, teacher, full_item, media, django_capture_on_commit_callbacks
    ):
        file = Path(media) / full_item.log_entries.exclude(evidence_file="").get().evidence_file.name
        trash.item_trash(item=full_item)
        with django_capture_on_commit_callbacks(execute=True):
            privacy.user_delete(user=teacher)
        assert not TrashEntry.objects.exists()
        assert not file.exists()

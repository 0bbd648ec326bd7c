import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from ontwikkelwijzer.accounts.models import User


def snapshot() -> dict[str, list]:
    """Every row of every table of the project's own apps, by model."""
    return {
        model._meta.label: sorted(model.objects.values_list(flat=False).order_by("pk"))
        for model in apps.get_models()
        if model._meta.app_label in ("accounts", "framework", "scan")
    }


@pytest.mark.django_db(transaction=True)
class BackupRestoreTests:
    def test_it_backs_up_wipes_restores_and_finds_every_row(self, framework, tmp_path, settings):
        settings.MEDIA_ROOT = tmp_path / "media"
        (tmp_path / "media" / "evidence").mkdir(parents=True)
        (tmp_path / "media" / "evidence" / "certificaat.pdf").write_bytes(b"%PDF-1.7 test")
        User.objects.create_user(email="docent@example.nl", password="lang-genoeg-wachtwoord")
        before = snapshot()
        assert sum(len(rows) for rows in before.values()) > 100
        archive = tmp_path / "backup.tar.gz"

        call_command("backup", "--output", str(archive))
        call_command("flush", "--noinput")
        (tmp_path / "media" / "evidence" / "certificaat.pdf").unlink()
        assert snapshot() != before

        call_command("restore", str(archive), "--yes")
        assert snapshot() == before
        assert (tmp_path / "media" / "evidence" / "certificaat.pdf").read_bytes() == b"%PDF-1.7 test"

    def test_it_refuses_a_file_that_is_not_a_backup(self, tmp_path):
        with pytest.raises(CommandError, match="does not exist"):
            call_command("restore", str(tmp_path / "nope.tar.gz"), "--yes")

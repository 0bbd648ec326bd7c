from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ontwikkelwijzer.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the database and uploaded files to one .tar.gz archive (safe while the app runs)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", "-o", help="archive to write (default: var/backups/<timestamp>.tar.gz)"
        )

    def handle(self, *args, output: str | None, **options):
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        path = (
            Path(output) if output else Path(settings.VAR_DIR) / "backups" / f"ontwikkelwijzer-{stamp}.tar.gz"
        )
        try:
            written = backup_create(output=path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Backup written to {written}"))

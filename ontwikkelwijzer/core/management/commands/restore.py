from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ontwikkelwijzer.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Replace the database and uploaded files with those of a backup archive."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="a .tar.gz written by `manage.py backup`")
        parser.add_argument("--yes", action="store_true", help="don't ask for confirmation")

    def handle(self, *args, archive: str, yes: bool, **options):
        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"{path} does not exist")
        if not yes and input(f"Replace ALL data with {path}? Type 'yes': ").strip() != "yes":
            raise CommandError("Restore cancelled; nothing was changed.")
        try:
            manifest = backup_restore(archive_path=path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Restored the backup of {manifest['created']} from {path}"))

from django.conf import settings
from django.core.management.base import BaseCommand

from ontwikkelwijzer.plans.trash import purge_expired


class Command(BaseCommand):
    help = (
        "Delete what teachers put in their trash more than TRASH_DAYS days ago, with the evidence files it "
        "kept. Running it again changes nothing; run it daily (cron)."
    )

    def handle(self, *args, **options):
        purged = purge_expired()
        self.stdout.write(
            f"Purged {purged.entries} trash entr{'y' if purged.entries == 1 else 'ies'} older than "
            f"{settings.TRASH_DAYS} days and {purged.files} evidence file(s)."
        )

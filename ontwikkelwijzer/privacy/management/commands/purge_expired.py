from django.conf import settings
from django.core.management.base import BaseCommand

from ontwikkelwijzer.plans.trash import purge_expired
from ontwikkelwijzer.privacy.services import user_delete
from ontwikkelwijzer.teams.school_admin import leavers_to_purge


class Command(BaseCommand):
    help = (
        "Delete what teachers put in their trash more than TRASH_DAYS days ago, with the evidence files it "
        "kept, and the closed accounts of people who left their school more than LEAVER_RETENTION_DAYS days "
        "ago, with everything in them. Running it again changes nothing; run it daily (cron)."
    )

    def handle(self, *args, **options):
        purged = purge_expired()
        self.stdout.write(
            f"Purged {purged.entries} trash entr{'y' if purged.entries == 1 else 'ies'} older than "
            f"{settings.TRASH_DAYS} days and {purged.files} evidence file(s)."
        )
        leavers = list(leavers_to_purge())
        for user in leavers:
            user_delete(user=user)
        self.stdout.write(
            f"Deleted {len(leavers)} account(s) of people who left their school more than "
            f"{settings.LEAVER_RETENTION_DAYS} days ago."
        )

import argparse
from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

from ontwikkelwijzer.plans.reminders import ITEM_ENDING, YEAR_END, reminders_send


def iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date as YYYY-MM-DD: {value!r}") from exc


class Command(BaseCommand):
    help = (
        "Mail the daily reminders: plan items ending soon without a log entry or reflection, and near the "
        "end of the school year a request to reflect. Each reminder is sent once; run it daily (cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today", type=iso_date, help="act as if it is this day, YYYY-MM-DD (default: today)"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="only print who would get what; send and record nothing"
        )

    def handle(self, *args, today: date | None, dry_run: bool, verbosity: int = 1, **options):
        today = today or timezone.localdate()
        report = self.stdout.write if dry_run or verbosity > 1 else None
        with translation.override(settings.LANGUAGE_CODE):
            summary = reminders_send(today=today, dry_run=dry_run, report=report)
        verb = "Would send" if dry_run else "Sent"
        self.stdout.write(
            f"{verb} {summary.total} reminder mail(s) for {today.isoformat()}: "
            f"{summary.sent[ITEM_ENDING]} about {summary.items} item(s) ending soon, "
            f"{summary.sent[YEAR_END]} about reflecting at the end of the school year."
        )
        if summary.failed:
            raise CommandError(
                f"{len(summary.failed)} mail(s) could not be sent and will be retried on the next run: "
                + ", ".join(summary.failed)
            )

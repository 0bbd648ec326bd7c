import time

from django.core.management.base import BaseCommand, CommandError

from ontwikkelwijzer.overviews import stats
from ontwikkelwijzer.teams.models import Organisation


class Command(BaseCommand):
    help = (
        "Recompute the counters behind the team and organisation overviews from the plans, scans and "
        "memberships. They are kept up to date on every write; run this after loading data in bulk "
        "(loaddata, SQL) or after an upgrade that says so."
    )

    def add_arguments(self, parser):
        parser.add_argument("--organisation", type=int, help="only this organisation (id); default: all")

    def handle(self, *args, organisation=None, **options):
        chosen = None
        if organisation is not None:
            chosen = Organisation.objects.filter(pk=organisation).first()
            if chosen is None:
                raise CommandError(f"There is no organisation with id {organisation}.")
        start = time.perf_counter()
        rows = stats.rebuild(chosen)
        self.stdout.write(f"{rows} rows of overview counters in {time.perf_counter() - start:.1f} s")

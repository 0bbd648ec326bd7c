from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from ontwikkelwijzer.overviews import demo
from ontwikkelwijzer.teams.constants import Role


class Command(BaseCommand):
    help = (
        f"Make the demo school {demo.SCHOOL_NAME} with an account for each role (all with the password "
        "given), plans, scans, a team plan, a partner with offers and requests. Deletes the demo "
        f"accounts and the school {demo.SCHOOL_NAME} first, so running it again starts over. Only with "
        "DEBUG (or --force): never on a production database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--password", required=True, help="the password of every demo account")
        parser.add_argument("--force", action="store_true", help="also when DEBUG is off")
        parser.add_argument("--url", default="http://127.0.0.1:8000/", help="where to sign in (printed)")

    def handle(self, *args, password, force, url, verbosity=1, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off, so this may be a production database; the demo school deletes and makes "
                "accounts. Run it with DEBUG=true, or add --force if you are sure."
            )
        if not password:
            raise CommandError("Give a password with --password.")
        try:
            made = demo.make(password=password)
        except demo.DemoRefused as error:
            raise CommandError(str(error)) from None
        if not verbosity:
            return
        summary = ", ".join(f"{n} {what}" for what, n in made.counts.items())
        self.stdout.write(self.style.SUCCESS(f"{demo.SCHOOL_NAME} is ready: {summary}."))
        with translation.override(settings.LANGUAGE_CODE):
            width = max(len(a.email) for a in demo.ACCOUNTS)
            for account in demo.ACCOUNTS:
                role = str(Role(account.role).label)
                place = account.team or (demo.PARTNER_NAME if account.role == Role.PARTNER else "")
                where = f" ({place})" if place else ""
                self.stdout.write(f"  {account.email:<{width}}  {role}{where}")
        self.stdout.write(f"Password of every account: {password}")
        self.stdout.write(
            f"Sign in at {url.rstrip('/')}/account/inloggen/ (start the server: make run; then {url})"
        )

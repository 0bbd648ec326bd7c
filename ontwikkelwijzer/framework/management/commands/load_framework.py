from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ontwikkelwijzer.framework.schema import FrameworkFileError
from ontwikkelwijzer.framework.services import framework_load


class Command(BaseCommand):
    help = "Validate a framework data file and load it (idempotent, in one transaction)."

    def add_arguments(self, parser):
        parser.add_argument(
            "file",
            nargs="?",
            default=str(settings.FRAMEWORK_FILE),
            help="the YAML file (default: settings.FRAMEWORK_FILE)",
        )

    def handle(self, *args, file: str, **options):
        try:
            result = framework_load(path=file)
        except FrameworkFileError as exc:
            raise CommandError(f"Framework file refused, nothing was loaded:\n{exc}") from exc
        fw = result.framework
        if not result.changed:
            self.stdout.write(f"{fw.code} {fw.version} is already loaded and unchanged.")
        else:
            verb = "Loaded" if result.created else "Updated"
            self.stdout.write(
                self.style.SUCCESS(
                    f"{verb} {fw.code} {fw.version}: {fw.activities.count()} activities, "
                    f"{fw.aspects.count()} aspects, {fw.categories.count()} categories."
                )
            )
            for name in result.own_left_out:
                self.stdout.write(
                    self.style.WARNING(
                        f"A school's own activity was not carried over (its category is gone): {name}"
                    )
                )

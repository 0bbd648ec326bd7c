import json

from django.core.management.base import BaseCommand, CommandError

from ontwikkelwijzer.framework import selectors
from ontwikkelwijzer.framework.exports import framework_as_csv, framework_as_dict


class Command(BaseCommand):
    help = "Write the loaded framework as JSON (the API's shape) or CSV (one row per activity)."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        parser.add_argument(
            "--framework-version", dest="framework_version", help="framework version (default: current)"
        )
        parser.add_argument("--output", "-o", help="file to write (default: standard output)")

    def handle(self, *args, format: str, framework_version: str | None, output: str | None, **options):
        framework = selectors.framework_current(version=framework_version)
        if framework is None:
            raise CommandError(
                "No framework loaded"
                + (f" with version {framework_version}" if framework_version else "")
                + ". Run `manage.py load_framework` first."
            )
        if format == "json":
            text = json.dumps(framework_as_dict(framework), ensure_ascii=False, indent=2) + "\n"
        else:
            text = framework_as_csv(framework)
        if output:
            with open(output, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
        else:
            self.stdout.write(text, ending="")

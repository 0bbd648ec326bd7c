import time

from django.core.management.base import BaseCommand, CommandError

from ontwikkelwijzer.overviews.generate import Options, generate


def positive(value: str) -> int:
    number = int(value)
    if number < 0:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Generate organisations for load tests and benchmarks: teams, teachers (t00001@gen.example...), a "
        "leader per team, an HR member, plans per school year with items, log entries and reflections, "
        "and optionally self-scans. Seeded and fast (bulk inserts, one transaction per organisation). "
        "The people have no usable password; never run this on a production database."
    )

    def add_arguments(self, parser):
        defaults = Options()
        parser.add_argument("--organisations", type=positive, default=defaults.organisations)
        parser.add_argument("--teams", type=positive, default=defaults.teams, help="teams per organisation")
        parser.add_argument(
            "--teachers", type=positive, default=defaults.teachers, help="teachers per organisation"
        )
        parser.add_argument(
            "--items",
            type=positive,
            default=defaults.items,
            help="plan items per organisation, over all school years (equal shares; the rest in the current)",
        )
        parser.add_argument(
            "--years", type=positive, default=defaults.years, help="the current school year and earlier ones"
        )
        parser.add_argument("--seed", type=int, default=defaults.seed)
        parser.add_argument("--scans", action="store_true", help="also self-scans with answers")

    def handle(self, *args, **options):
        wanted = Options(
            organisations=options["organisations"],
            teams=options["teams"],
            teachers=options["teachers"],
            items=options["items"],
            years=options["years"],
            seed=options["seed"],
            scans=options["scans"],
        )
        started = time.perf_counter()
        try:
            made = generate(wanted, log=self.stdout.write if options["verbosity"] else lambda _: None)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if options["verbosity"]:
            for g in made:
                self.stdout.write(
                    self.style.SUCCESS(
                        f"{g.organisation.name} (id {g.organisation.pk}) in {g.seconds:.1f} s; "
                        f"log in as e.g. {g.leaders[0].email if g.leaders else '-'} (team leader) or "
                        f"{g.hr.email} (HR), after setting a password."
                    )
                )
            self.stdout.write(f"generate_data took {time.perf_counter() - started:.1f} s")

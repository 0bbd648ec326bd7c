"""Generated organisations for load tests and benchmarks: teams, teachers, plans, items, log, reflections.

Everything is written with bulk_create in batches (the many-to-many rows through their through-tables), one
transaction per organisation, and seeded: the same arguments and seed give the same data. Used by
`manage.py generate_data` and bench/overviews.py. Not for production databases: the people are made up
(e-mail addresses at gen.example, no usable password).
"""

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.core import schoolyear
from ontwikkelwijzer.framework.models import Framework
from ontwikkelwijzer.framework.selectors import framework_current
from ontwikkelwijzer.overviews import stats
from ontwikkelwijzer.plans.constants import ItemStatus
from ontwikkelwijzer.plans.models import DevelopmentPlan, LogEntry, PlanItem, Reflection
from ontwikkelwijzer.scan.models import Scan, ScanAnswer
from ontwikkelwijzer.teams.constants import Role
from ontwikkelwijzer.teams.models import Membership, Organisation, Team

BATCH_SIZE = 5000  # rows per INSERT, at most (Django lowers it to what the database accepts)
CHUNK = 10_000  # items made, written and then forgotten at a time, with their aspects, log and reflections
NAME_PREFIX = "Generated "
OWN_ITEM_SHARE = 0.05  # items of the teacher's own (no framework activity)
FTES = (Decimal("1.00"), Decimal("1.00"), Decimal("0.80"), Decimal("0.60"), Decimal("0.50"))
# Status mix of the current school year and of earlier ones (cumulative weights follow from these).
STATUSES_CURRENT = {
    ItemStatus.PLANNED: 40,
    ItemStatus.IN_PROGRESS: 30,
    ItemStatus.DONE: 20,
    ItemStatus.CANCELLED: 5,
    ItemStatus.CARRIED_OVER: 5,
}
STATUSES_EARLIER = {
    ItemStatus.PLANNED: 5,
    ItemStatus.IN_PROGRESS: 10,
    ItemStatus.DONE: 60,
    ItemStatus.CANCELLED: 10,
    ItemStatus.CARRIED_OVER: 15,
}
FIRST_NAMES = (
    "Anna", "Bram", "Chantal", "Daan", "Esra", "Fleur", "Gijs", "Hatice", "Iris", "Jeroen", "Kim", "Lars",
    "Mila", "Noah", "Olga", "Pieter", "Rachid", "Sanne", "Tim", "Umut", "Vera", "Wouter", "Yara", "Zeynep",
)  # fmt: skip
LAST_NAMES = (
    "de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "Bos", "Vos", "Peters",
    "Hendriks", "van Dijk", "Yilmaz", "El Amrani", "Kaya", "Dekker", "Brouwer", "de Wit", "Dijkstra",
)  # fmt: skip
GOALS = (
    "Mijn lessen beter laten aansluiten op de beroepspraktijk.",
    "Meer zicht op wat studenten in de stage leren.",
    "Samen met het werkveld een opdracht ontwerpen.",
    "Mijn begeleiding van de beroepshouding versterken.",
    "Nieuwe technieken uit het vak in mijn onderwijs brengen.",
    "Beter beoordelen in de praktijk.",
)
OWN_TITLES = ("Intervisie met collega's", "Vakliteratuur bijhouden", "Bezoek vakbeurs", "Eigen onderzoek")


@dataclass(frozen=True)
class Options:
    organisations: int = 1
    teams: int = 200
    teachers: int = 10_000
    items: int = 200_000  # in all school years together; each year gets an equal share, the rest the current
    years: int = 2  # the current school year and the ones before it
    seed: int = 1
    scans: bool = False
    today: date | None = None  # decides the current school year (default: today)


@dataclass
class Generated:
    """What one organisation got: its objects to log in with, and the counts."""

    organisation: Organisation
    teams: list[Team]
    leaders: list[User]  # one per team, in the order of teams
    hr: User
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def _weighted(options: dict) -> tuple[list, list[int]]:
    values, weights = list(options), list(options.values())
    cumulative, total = [], 0
    for w in weights:
        total += w
        cumulative.append(total)
    return values, cumulative


def _next_number() -> int:
    taken = [
        int(rest)
        for name in Organisation.objects.filter(name__startswith=NAME_PREFIX).values_list("name", flat=True)
        if (rest := name.removeprefix(NAME_PREFIX)).isdigit()
    ]
    return max(taken, default=0) + 1


def school_years(today: date, years: int) -> list[str]:
    """The current school year first, then the ones before it."""
    return schoolyear.SchoolYear.choices(before=years - 1, today=today)


def generate(
    options: Options, *, framework: Framework | None = None, log: Callable[[str], None] = lambda _: None
) -> list[Generated]:
    """Make `options.organisations` organisations "Generated <n>", each in its own transaction."""
    if options.teams < 1 or options.teachers < 0 or options.items < 0 or options.years < 1:
        raise ValueError("teams and years must be at least 1; teachers and items not negative")
    framework = framework or framework_current()
    if framework is None:
        raise ValueError("No framework is loaded: run `manage.py load_framework` first.")
    catalogue = _Catalogue(framework)
    password = make_password(None)  # one unusable password for everyone: hashing per user would take hours
    done = []
    for index in range(options.organisations):
        done.append(_organisation(options, index, catalogue, password, log))
    return done


class _Catalogue:
    """The framework's activities with the aspects they contribute to, its aspects and scan statements."""

    def __init__(self, framework: Framework):
        self.framework = framework
        activities = list(framework.activities.order_by("position", "pk").prefetch_related("contributions"))
        self.activities = [
            (a.pk, a.estimated_hours, sorted(c.aspect_id for c in a.contributions.all())) for a in activities
        ]
        self.aspect_ids = list(framework.aspects.order_by("number").values_list("pk", flat=True))
        self.statement_ids = list(framework.scan_statements.order_by("position").values_list("pk", flat=True))
        if not self.activities or not self.aspect_ids:
            raise ValueError(f"The framework {framework} has no activities or aspects.")


class _Timer:
    def __init__(self, log: Callable[[str], None], label: str):
        self.log, self.label = log, label
        self.start = self.last = time.perf_counter()

    def step(self, message: str) -> None:
        now = time.perf_counter()
        self.log(f"  {self.label}: {message} ({now - self.last:.1f} s, {now - self.start:.1f} s in all)")
        self.last = now


def _organisation(
    options: Options, index: int, catalogue: _Catalogue, password: str, log: Callable[[str], None]
) -> Generated:
    rng = random.Random(options.seed * 1_000_003 + index)
    with transaction.atomic():
        number = _next_number()
        name = f"{NAME_PREFIX}{number}"
        timer = _Timer(log, name)
        domain = "gen.example" if number == 1 else f"gen{number}.example"
        organisation = Organisation.objects.create(name=name)
        width = max(3, len(str(options.teams)))
        teams = Team.objects.bulk_create(
            [Team(organisation=organisation, name=f"Team {i + 1:0{width}d}") for i in range(options.teams)],
            batch_size=BATCH_SIZE,
        )
        people = _people(options, rng, organisation, teams, domain, password)
        timer.step(
            f"{len(teams)} teams, {options.teachers} teachers, {len(teams)} team leaders and HR "
            f"({people['memberships']} memberships)"
        )
        years = school_years(options.today or date.today(), options.years)
        plans = _plans(catalogue.framework, organisation, people["teachers"], years)
        timer.step(f"{len(plans) * len(years)} plans in {', '.join(years)}")
        counts = _items(options, rng, catalogue, plans, years, timer)
        if options.scans:
            counts |= _scans(rng, catalogue, people["teachers"])
            timer.step(f"{counts['scans']} scans with {counts['scan_answers']} answers")
        rows = stats.rebuild(organisation)  # bulk inserts send no signals: count everything once
        timer.step(f"{rows} rows of overview counters")
        counts = {
            "teams": len(teams),
            "teachers": options.teachers,
            "memberships": people["memberships"],
            "plans": len(plans) * len(years),
            **counts,
        }
    seconds = time.perf_counter() - timer.start
    log(f"  {name}: done in {seconds:.1f} s: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    return Generated(
        organisation=organisation,
        teams=teams,
        leaders=people["leaders"],
        hr=people["hr"],
        counts=counts,
        seconds=seconds,
    )


def _people(
    options: Options,
    rng: random.Random,
    organisation: Organisation,
    teams: list[Team],
    domain: str,
    password: str,
) -> dict:
    width = max(5, len(str(options.teachers)))
    lwidth = max(3, len(str(len(teams))))

    def user(email: str, fte: Decimal = Decimal("1.00")) -> User:
        return User(
            email=email,
            password=password,
            first_name=rng.choice(FIRST_NAMES),
            last_name=rng.choice(LAST_NAMES),
            fte=fte,
        )

    teachers = User.objects.bulk_create(
        [user(f"t{i + 1:0{width}d}@{domain}", rng.choice(FTES)) for i in range(options.teachers)],
        batch_size=BATCH_SIZE,
    )
    leaders = User.objects.bulk_create(
        [user(f"l{i + 1:0{lwidth}d}@{domain}") for i in range(len(teams))], batch_size=BATCH_SIZE
    )
    hr = User.objects.bulk_create([user(f"hr@{domain}")])[0]
    memberships = [
        # Teachers in consecutive blocks, so team sizes differ by at most one.
        Membership(
            user=teacher,
            organisation=organisation,
            team=teams[i * len(teams) // len(teachers)],
            role=Role.TEACHER,
        )
        for i, teacher in enumerate(teachers)
    ]
    memberships += [
        Membership(user=leader, organisation=organisation, team=team, role=Role.TEAM_LEADER)
        for leader, team in zip(leaders, teams, strict=True)
    ]
    memberships.append(Membership(user=hr, organisation=organisation, role=Role.HR))
    Membership.objects.bulk_create(memberships, batch_size=BATCH_SIZE)
    return {"teachers": teachers, "leaders": leaders, "hr": hr, "memberships": len(memberships)}


def _plans(
    framework: Framework, organisation: Organisation, teachers: list[User], years: list[str]
) -> list[dict[str, int]]:
    """A plan per teacher and school year; per teacher {school year: plan pk}."""
    full_time = organisation.development_hours
    rows = [
        DevelopmentPlan(
            user=teacher,
            school_year=year,
            framework=framework,
            budget_hours=(full_time * teacher.fte).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP),
        )
        for teacher in teachers
        for year in years
    ]
    created = DevelopmentPlan.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    by_teacher: list[dict[str, int]] = [{} for _ in teachers]
    for i, plan in enumerate(created):
        by_teacher[i // len(years)][plan.school_year] = plan.pk
    return by_teacher


def _items(
    options: Options,
    rng: random.Random,
    catalogue: _Catalogue,
    plans: list[dict[str, int]],
    years: list[str],
    timer: _Timer,
) -> dict[str, int]:
    """`options.items` items over the years (equal shares, the rest in the current year), each for a random
    teacher; written CHUNK at a time with their aspects, log entries and reflections."""
    counts = dict.fromkeys(("items", "item_aspects", "log_entries", "reflections"), 0)
    if not plans:
        return counts
    share, rest = divmod(options.items, len(years))
    through = PlanItem.aspects.through
    for y, year in enumerate(years):
        wanted = share + (rest if y == 0 else 0)
        start, end = schoolyear.bounds(year)
        days = (end - start).days
        statuses, cumulative = _weighted(STATUSES_CURRENT if y == 0 else STATUSES_EARLIER)
        made = 0
        while made < wanted:
            n = min(CHUNK, wanted - made)
            items, aspects = [], []
            for _ in range(n):
                plan_id = plans[rng.randrange(len(plans))][year]
                status = rng.choices(statuses, cum_weights=cumulative)[0]
                first = start + timedelta(rng.randrange(days - 14))
                last = min(end, first + timedelta(rng.randrange(7, 150)))
                if rng.random() < OWN_ITEM_SHARE:
                    activity_id, hours = None, rng.choice((4, 8, 12, 16))
                    title = rng.choice(OWN_TITLES)
                    chosen = sorted(rng.sample(catalogue.aspect_ids, rng.randint(1, 2)))
                else:
                    activity_id, hours, chosen = rng.choice(catalogue.activities)
                    title = ""
                follow_up = (
                    "Vervolg: delen in het team en volgend jaar verder uitbouwen."
                    if status == ItemStatus.DONE and rng.random() < 0.5
                    else ""
                )
                items.append(
                    PlanItem(
                        plan_id=plan_id,
                        activity_id=activity_id,
                        title=title,
                        goal=rng.choice(GOALS),
                        start_date=first,
                        end_date=last,
                        estimated_hours=Decimal(hours),
                        status=status,
                        follow_up=follow_up,
                    )
                )
                aspects.append(chosen)
            PlanItem.objects.bulk_create(items, batch_size=BATCH_SIZE)
            links, logs, reflections = [], [], []
            for item, chosen in zip(items, aspects, strict=True):
                links += [through(planitem_id=item.pk, aspect_id=a) for a in chosen]
                if item.status in (ItemStatus.IN_PROGRESS, ItemStatus.DONE) and rng.random() < 0.6:
                    span = (item.end_date - item.start_date).days + 1
                    for k in range(rng.randint(1, 3)):
                        logs.append(
                            LogEntry(
                                item_id=item.pk,
                                date=item.start_date + timedelta(rng.randrange(span)),
                                description=f"Stap {k + 1}: uitgevoerd en besproken met collega's.",
                                hours_spent=Decimal(rng.randint(1, 8)),
                            )
                        )
                if item.status == ItemStatus.DONE and rng.random() < 0.7:
                    reflections += [
                        Reflection(
                            item_id=item.pk,
                            aspect_id=a,
                            rating=rng.randint(1, 5),
                            text="Het leverde concrete ideeën op voor mijn lessen.",
                        )
                        for a in chosen
                    ]
            through.objects.bulk_create(links, batch_size=BATCH_SIZE)
            LogEntry.objects.bulk_create(logs, batch_size=BATCH_SIZE)
            Reflection.objects.bulk_create(reflections, batch_size=BATCH_SIZE)
            made += n
            counts["items"] += n
            counts["item_aspects"] += len(links)
            counts["log_entries"] += len(logs)
            counts["reflections"] += len(reflections)
            timer.step(f"{year}: {made}/{wanted} items")
    return counts


def _scans(rng: random.Random, catalogue: _Catalogue, teachers: list[User]) -> dict[str, int]:
    """A self-scan for four in five teachers, every statement answered (now and then: not applicable)."""
    scanned = [t for t in teachers if rng.random() < 0.8]
    scans = Scan.objects.bulk_create(
        [Scan(user=t, framework=catalogue.framework) for t in scanned], batch_size=BATCH_SIZE
    )
    answers = 0
    per_chunk = max(1, CHUNK // max(1, len(catalogue.statement_ids)))
    for i in range(0, len(scans), per_chunk):
        rows = [
            ScanAnswer(
                scan_id=scan.pk,
                statement_id=statement,
                value=None if rng.random() < 0.05 else rng.randint(1, 5),
            )
            for scan in scans[i : i + per_chunk]
            for statement in catalogue.statement_ids
        ]
        ScanAnswer.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        answers += len(rows)
    return {"scans": len(scans), "scan_answers": answers}

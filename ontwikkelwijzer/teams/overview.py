"""Reads for a team leader's overview of their team: coverage, hours, progress and scans, all in aggregate.

Everything is counted in SQL, over this school year and the previous one at once, so the number of
queries is the same for a team of three as for a team of thirty. No names: per-person pages are elsewhere.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from ontwikkelwijzer.framework.models import Aspect, Category, Framework
from ontwikkelwijzer.framework.selectors import framework_get_current
from ontwikkelwijzer.plans import schoolyear
from ontwikkelwijzer.plans.constants import ItemStatus
from ontwikkelwijzer.plans.coverage import Coverage, coverage_from_counts, gaps
from ontwikkelwijzer.plans.models import DevelopmentPlan, LogEntry, PlanItem, Reflection
from ontwikkelwijzer.scan.models import Scan, ScanAnswer
from ontwikkelwijzer.teams.constants import Role
from ontwikkelwijzer.teams.models import Membership, Team

COUNTED_STATUSES = (ItemStatus.PLANNED, ItemStatus.IN_PROGRESS, ItemStatus.DONE)
COUNTED = Q(status__in=COUNTED_STATUSES)
ZERO = Decimal(0)


def previous_school_year(school_year: str) -> str:
    first = int(school_year[:4]) - 1
    return f"{first}-{first + 1}"


@dataclass(frozen=True)
class Hours:
    budget: Decimal = ZERO  # sum of the plans' budgets
    planned: Decimal = ZERO  # sum of the estimated hours of the counted items
    spent: Decimal = ZERO  # sum of the hours in the log

    @property
    def over_budget(self) -> bool:
        return self.planned > self.budget


@dataclass(frozen=True)
class Progress:
    """Plan-do-check-act over the counted items (planned, in progress, done)."""

    by_status: dict[str, int]  # every status, cancelled and carried over included
    counted: int
    with_log: int  # do
    with_reflection: int  # check
    with_follow_up: int  # act


@dataclass(frozen=True)
class YearFigures:
    school_year: str
    coverage: Coverage
    hours: Hours
    progress: Progress
    workfield: int  # counted items of an activity together with the work field
    plans: int


@dataclass(frozen=True)
class AspectScore:
    aspect: Aspect
    score: float | None  # mean answer 1-5 over the team's latest scans, one decimal
    answered: int


@dataclass(frozen=True)
class ScanProfile:
    scanned: int  # teachers with a scan
    min_group: int
    scores: list[AspectScore] = field(default_factory=list)  # empty when the group is too small

    @property
    def shown(self) -> bool:
        return self.scanned >= self.min_group


@dataclass(frozen=True)
class TeamOverview:
    team: Team
    school_year: str
    framework: Framework
    aspects: list[Aspect]
    categories: list[Category]
    current: YearFigures
    previous: YearFigures
    gaps: list[str]
    teachers: int
    teachers_with_plan: int
    scans: ScanProfile
    school_years: list[str]  # to choose from


def _teachers(team: Team) -> QuerySet:
    return Membership.objects.filter(team=team, role=Role.TEACHER).values("user")


def _coverage_counts(items: QuerySet) -> dict[str, dict]:
    """Per school year: items of framework activities per (aspect, category, informal, formal)."""
    rows = (
        items.filter(COUNTED, activity__isnull=False, aspects__isnull=False)
        .values(
            "plan__school_year",
            "aspects__code",
            "activity__category__code",
            "activity__informal",
            "activity__formal",
        )
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    found: dict[str, dict] = {}
    for row in rows:
        key = (
            row["aspects__code"],
            row["activity__category__code"],
            row["activity__informal"],
            row["activity__formal"],
        )
        found.setdefault(row["plan__school_year"], {})[key] = row["n"]
    return found


def _own_counts(items: QuerySet) -> dict[str, dict[str, int]]:
    """Per school year: the teachers' own items (no framework activity) per aspect."""
    rows = (
        items.filter(COUNTED, activity__isnull=True, aspects__isnull=False)
        .values("plan__school_year", "aspects__code")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    found: dict[str, dict[str, int]] = {}
    for row in rows:
        found.setdefault(row["plan__school_year"], {})[row["aspects__code"]] = row["n"]
    return found


def _item_figures(items: QuerySet, category_codes: list[str]) -> dict[str, dict]:
    """Per school year, one row: items per category and status, work-field items, hours, the cycle."""
    aggregates = {
        "total": Count("pk", filter=COUNTED),
        "workfield": Count("pk", filter=COUNTED & Q(activity__involves_workfield=True)),
        "planned_hours": Sum("estimated_hours", filter=COUNTED),
        "with_log": Count("pk", filter=COUNTED & Q(Exists(LogEntry.objects.filter(item=OuterRef("pk"))))),
        "with_reflection": Count(
            "pk", filter=COUNTED & Q(Exists(Reflection.objects.filter(item=OuterRef("pk"))))
        ),
        "with_follow_up": Count("pk", filter=COUNTED & ~Q(follow_up="")),
    }
    aggregates |= {
        f"category_{i}": Count("pk", filter=COUNTED & Q(activity__category__code=code))
        for i, code in enumerate(category_codes)
    }
    aggregates |= {f"status_{status}": Count("pk", filter=Q(status=status)) for status in ItemStatus.values}
    rows = items.values("plan__school_year").annotate(**aggregates).order_by()
    return {row["plan__school_year"]: row for row in rows}


def _plan_figures(plans: QuerySet) -> dict[str, dict]:
    rows = plans.values("school_year").annotate(n=Count("pk"), budget=Sum("budget_hours")).order_by()
    return {row["school_year"]: row for row in rows}


def _log_hours(plans: QuerySet) -> dict[str, Decimal]:
    rows = (
        LogEntry.objects.filter(item__plan__in=plans)
        .values("item__plan__school_year")
        .annotate(hours=Sum("hours_spent"))
        .order_by()
    )
    return {row["item__plan__school_year"]: row["hours"] or ZERO for row in rows}


def _year(
    school_year: str,
    *,
    counts: dict,
    own: dict,
    items: dict,
    plans: dict,
    log_hours: dict,
    aspect_codes: list[str],
    category_codes: list[str],
) -> YearFigures:
    row = items.get(school_year, {})
    plan_row = plans.get(school_year, {})
    return YearFigures(
        school_year=school_year,
        coverage=coverage_from_counts(
            counts.get(school_year, {}),
            own.get(school_year, {}),
            {code: row.get(f"category_{i}", 0) for i, code in enumerate(category_codes)},
            row.get("total", 0),
            aspect_codes,
            category_codes,
        ),
        hours=Hours(
            budget=plan_row.get("budget") or ZERO,
            planned=row.get("planned_hours") or ZERO,
            spent=log_hours.get(school_year, ZERO),
        ),
        progress=Progress(
            by_status={status: row.get(f"status_{status}", 0) for status in ItemStatus.values},
            counted=row.get("total", 0),
            with_log=row.get("with_log", 0),
            with_reflection=row.get("with_reflection", 0),
            with_follow_up=row.get("with_follow_up", 0),
        ),
        workfield=row.get("workfield", 0),
        plans=plan_row.get("n", 0),
    )


def _scan_profile(team: Team, school_year: str, aspects: list[Aspect]) -> ScanProfile:
    """The mean answer per aspect over each teacher's latest scan up to the end of the school year.

    One query; the scores are only handed out when at least the organisation's smallest group scanned.
    """
    _, end = schoolyear.bounds(school_year)
    until = Scan.objects.filter(
        created_at__lt=timezone.make_aware(datetime.combine(end + timedelta(1), time()))
    )
    latest = until.filter(user=OuterRef("user")).order_by("-created_at", "-pk").values("pk")[:1]
    scans = until.filter(user__in=_teachers(team)).filter(pk=Subquery(latest))
    aggregates = {"scanned": Count("scan", distinct=True)}
    for i, aspect in enumerate(aspects):
        on_aspect = Q(statement__aspect__code=aspect.code)
        aggregates[f"score_{i}"] = Avg("value", filter=on_aspect)
        aggregates[f"answered_{i}"] = Count("value", filter=on_aspect)
    row = ScanAnswer.objects.filter(scan__in=scans).aggregate(**aggregates)
    min_group = team.organisation.min_group_size
    if row["scanned"] < min_group:
        return ScanProfile(scanned=row["scanned"], min_group=min_group)
    return ScanProfile(
        scanned=row["scanned"],
        min_group=min_group,
        scores=[
            AspectScore(
                aspect=aspect,
                score=None if row[f"score_{i}"] is None else round(float(row[f"score_{i}"]), 1),
                answered=row[f"answered_{i}"],
            )
            for i, aspect in enumerate(aspects)
        ],
    )


def team_overview(*, team: Team, school_year: str) -> TeamOverview:
    """The team's teachers and their plans of the school year, compared with the year before."""
    framework = framework_get_current()
    aspects = list(framework.aspects.all())
    categories = list(framework.categories.all())
    aspect_codes = [a.code for a in aspects]
    category_codes = [c.code for c in categories]
    previous = previous_school_year(school_year)

    teachers = _teachers(team)
    plans = DevelopmentPlan.objects.filter(user__in=teachers, school_year__in=[school_year, previous])
    items = PlanItem.objects.filter(plan__in=plans)
    figures = {
        "counts": _coverage_counts(items),
        "own": _own_counts(items),
        "items": _item_figures(items, category_codes),
        "plans": _plan_figures(plans),
        "log_hours": _log_hours(plans),
    }
    current = _year(school_year, **figures, aspect_codes=aspect_codes, category_codes=category_codes)
    before = _year(previous, **figures, aspect_codes=aspect_codes, category_codes=category_codes)

    members = Membership.objects.filter(team=team, role=Role.TEACHER).aggregate(
        teachers=Count("user", distinct=True),
        with_plan=Count(
            "user",
            distinct=True,
            filter=Q(Exists(DevelopmentPlan.objects.filter(user=OuterRef("user"), school_year=school_year))),
        ),
    )
    years = set(
        DevelopmentPlan.objects.filter(user__in=teachers).values_list("school_year", flat=True).distinct()
    )
    years |= {school_year, schoolyear.school_year_for(date.today())}
    return TeamOverview(
        team=team,
        school_year=school_year,
        framework=framework,
        aspects=aspects,
        categories=categories,
        current=current,
        previous=before,
        gaps=gaps(
            current.coverage,
            {a.code: a.short_name for a in aspects},
            {c.code: c.short_name for c in categories},
            workfield_count=current.workfield,
        ),
        teachers=members["teachers"],
        teachers_with_plan=members["with_plan"],
        scans=_scan_profile(team, school_year, aspects),
        school_years=sorted(years, reverse=True),
    )

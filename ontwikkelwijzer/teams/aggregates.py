"""Aggregates shared by the team overview (``teams.overview``) and the organisation overview
(``teams.org_overview``): the counts of plans, items, hours and the cycle per school year, the figures of a
year built from them, and the teachers' latest scans.

Every count is one GROUP BY query; ``by`` is the grouping. With the default the result is keyed by school
year (the team overview, and the organisation's trend); the organisation overview also groups by team.
``year_figures`` reads one key's rows as the figures of one school year.

Scan means go through ``teams.privacy``. ``home_team_scans`` is the one query behind both overviews' scan
profiles: the teams must be disjoint for the suppression, so a teacher in more than one team counts in one
of them only, their home team: the oldest (lowest id). ``suppression`` then decides per aspect which teams
are hidden, so that the team overview hides exactly what the organisation overview hides.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from ontwikkelwijzer.framework.models import Aspect
from ontwikkelwijzer.plans import schoolyear
from ontwikkelwijzer.plans.constants import ItemStatus
from ontwikkelwijzer.plans.coverage import Coverage, coverage_from_counts
from ontwikkelwijzer.plans.models import LogEntry, Reflection
from ontwikkelwijzer.scan.models import Scan, ScanAnswer
from ontwikkelwijzer.teams import privacy
from ontwikkelwijzer.teams.constants import Role
from ontwikkelwijzer.teams.models import Membership, Organisation, Team

COUNTED_STATUSES = (ItemStatus.PLANNED, ItemStatus.IN_PROGRESS, ItemStatus.DONE)
COUNTED = Q(status__in=COUNTED_STATUSES)
ZERO = Decimal(0)


# --- The figures of a school year --------------------------------------------------------------------


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


# --- GROUP BY counts ---------------------------------------------------------------------------------


def coverage_counts(items: QuerySet, *, by: str = "plan__school_year") -> dict[Any, dict]:
    """Per value of ``by``: items of framework activities per (aspect, category, informal, formal)."""
    rows = (
        items.filter(COUNTED, activity__isnull=False, aspects__isnull=False)
        .values(by, "aspects__code", "activity__category__code", "activity__informal", "activity__formal")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    found: dict[Any, dict] = {}
    for row in rows:
        key = (
            row["aspects__code"],
            row["activity__category__code"],
            row["activity__informal"],
            row["activity__formal"],
        )
        found.setdefault(row[by], {})[key] = row["n"]
    return found


def own_counts(items: QuerySet, *, by: str = "plan__school_year") -> dict[Any, dict[str, int]]:
    """Per value of ``by``: the teachers' own items (no framework activity) per aspect."""
    rows = (
        items.filter(COUNTED, activity__isnull=True, aspects__isnull=False)
        .values(by, "aspects__code")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    found: dict[Any, dict[str, int]] = {}
    for row in rows:
        found.setdefault(row[by], {})[row["aspects__code"]] = row["n"]
    return found


def item_figures(items: QuerySet, category_codes: list[str], *, by: str = "plan__school_year") -> dict:
    """Per value of ``by``, one row: items per category and status, work-field items, hours, the cycle,
    and the items of an informal and of a formal framework activity."""
    aggregates = {
        "total": Count("pk", filter=COUNTED),
        "workfield": Count("pk", filter=COUNTED & Q(activity__involves_workfield=True)),
        "informal": Count("pk", filter=COUNTED & Q(activity__informal=True)),
        "formal": Count("pk", filter=COUNTED & Q(activity__formal=True)),
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
    rows = items.values(by).annotate(**aggregates).order_by()
    return {row[by]: row for row in rows}


def plan_figures(plans: QuerySet, *, by: str = "school_year") -> dict:
    """Per value of ``by``: the number of plans (n) and their budget."""
    rows = plans.values(by).annotate(n=Count("pk"), budget=Sum("budget_hours")).order_by()
    return {row[by]: row for row in rows}


def log_hours(entries: QuerySet, *, by: str = "item__plan__school_year") -> dict[Any, Decimal]:
    """Per value of ``by``: the hours in the log entries."""
    rows = entries.values(by).annotate(hours=Sum("hours_spent")).order_by()
    return {row[by]: row["hours"] or ZERO for row in rows}


def year_figures(
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
    """The figures of the school year from the five counts above, keyed by school year."""
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


# --- Scans -------------------------------------------------------------------------------------------


def latest_scans(school_year: str) -> QuerySet:
    """Each person's latest scan up to the end of the school year."""
    _, end = schoolyear.bounds(school_year)
    until = Scan.objects.filter(
        created_at__lt=timezone.make_aware(datetime.combine(end + timedelta(1), time()))
    )
    latest = until.filter(user=OuterRef("user")).order_by("-created_at", "-pk").values("pk")[:1]
    return until.filter(pk=Subquery(latest))


def scan_fields(aspects: int) -> list[str]:
    """The names in a row of ``home_team_scans``, for a framework with that many aspects."""
    return ["scanned", *(f"{name}_{i}" for i in range(aspects) for name in ("people", "sum", "answers"))]


def home_team_scans(
    organisation: Organisation, school_year: str, aspects: list[Aspect], *, team: Team | None = None
) -> list[dict]:
    """The latest scans of the organisation's teachers, added up per home team. One query.

    A row per ``home`` (the teacher's oldest team in the organisation, None for teachers in no team) with
    ``scanned`` (teachers with a scan) and per aspect i: ``people_i`` (teachers who answered one of its
    statements), ``sum_i`` and ``answers_i`` (the sum and the number of their answers). With ``team`` the
    rows are split further by ``in_team``: whether the teacher teaches in that team. Add rows up with
    ``add_up``: each scan is in one row only.
    """
    teachers = Membership.objects.filter(organisation=organisation, role=Role.TEACHER).values("user")
    home_team = (
        Membership.objects.filter(
            user=OuterRef("scan__user"), organisation=organisation, role=Role.TEACHER, team__isnull=False
        )
        .order_by("team_id")
        .values("team_id")[:1]
    )
    aggregates: dict[str, Any] = {"scanned": Count("scan", distinct=True)}
    for i, aspect in enumerate(aspects):
        on_aspect = Q(statement__aspect__code=aspect.code)
        aggregates[f"people_{i}"] = Count("scan", distinct=True, filter=on_aspect & Q(value__isnull=False))
        aggregates[f"sum_{i}"] = Sum("value", filter=on_aspect)
        aggregates[f"answers_{i}"] = Count("value", filter=on_aspect)
    answers = ScanAnswer.objects.filter(
        scan__in=latest_scans(school_year).filter(user__in=teachers)
    ).annotate(home=Subquery(home_team))
    keys = ["home"]
    if team is not None:
        in_team = Membership.objects.filter(user=OuterRef("scan__user"), team=team, role=Role.TEACHER)
        answers = answers.annotate(in_team=Exists(in_team))
        keys.append("in_team")
    return list(answers.values(*keys).annotate(**aggregates).order_by())


def add_up(rows: Iterable[Mapping[str, Any]], names: Iterable[str]) -> dict[str, Any]:
    """The rows' values added up per name (None counts as 0)."""
    rows = list(rows)
    return {name: sum(row[name] or 0 for row in rows) for name in names}


def mean(row: Mapping[str, Any], i: int) -> float | None:
    """The mean answer on aspect i in a row of ``home_team_scans``, one decimal; None without answers."""
    return round(row[f"sum_{i}"] / row[f"answers_{i}"], 1) if row.get(f"answers_{i}") else None


@dataclass(frozen=True)
class Suppression:
    """Who may be shown for one aspect, as the organisation overview shows its teams and its total."""

    people: dict[int, int]  # team -> teachers with that home team who answered on the aspect
    total: int  # every teacher of the organisation who did, also those in no team
    total_shown: bool
    hidden: set[int]  # teams whose figure on the aspect must not be shown


def suppression(
    by_home: Mapping[int | None, Mapping[str, Any]], team_ids: Iterable[int], aspects: int, k: int
) -> list[Suppression]:
    """Per aspect: which of the teams are hidden (``privacy.suppress``) with the organisation total shown
    from k people on. ``by_home``: the rows of ``home_team_scans`` per home team, None included.

    A team with no row counts as 0 people: it is hidden, and hiding it changes nothing for the others, so
    passing only the teams with a row (and the one asked about) gives the same answer as passing all.
    """
    team_ids = list(team_ids)
    found = []
    for i in range(aspects):
        people = {pk: by_home[pk][f"people_{i}"] if pk in by_home else 0 for pk in team_ids}
        total = sum(row[f"people_{i}"] or 0 for row in by_home.values())
        total_shown = privacy.shows_total(total, k)
        hidden = privacy.suppress(people, total_shown, k, total=total)
        found.append(Suppression(people=people, total=total, total_shown=total_shown, hidden=hidden))
    return found

"""Reads for an HR/policy advisor's overview of an organisation: every team and the whole, in aggregate.

Everything is counted in SQL with GROUP BY team, school year or activity, so the number of queries is the
same for two teams of three as for sixty teams of thirty. No names, no per-person figures.

The counts, the figures of a year and the scan query are shared with the team overview
(``teams.aggregates``); here they are grouped by team as well as by school year.

Scan means are personal scores in aggregate: they go through ``teams.privacy`` (small-group suppression,
per aspect, with the organisation total on the page as well). For that the teams must be disjoint, so for
the scan profiles a teacher in more than one team counts in one of them only: the oldest team (lowest id).
The team overview hides a team's profile by the same rule (``aggregates.suppression``).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from ontwikkelwijzer.framework.models import Activity, Aspect, Category, Framework
from ontwikkelwijzer.framework.selectors import framework_get_current
from ontwikkelwijzer.plans import schoolyear
from ontwikkelwijzer.plans.constants import ItemStatus
from ontwikkelwijzer.plans.coverage import gaps
from ontwikkelwijzer.plans.models import DevelopmentPlan, LogEntry, PlanItem
from ontwikkelwijzer.teams import privacy
from ontwikkelwijzer.teams.aggregates import (
    COUNTED,
    YearFigures,
    add_up,
    coverage_counts,
    home_team_scans,
    item_figures,
    log_hours,
    mean,
    own_counts,
    plan_figures,
    scan_fields,
    suppression,
    year_figures,
)
from ontwikkelwijzer.teams.constants import Role
from ontwikkelwijzer.teams.models import Membership, Organisation, Team

MOST_USED = 10  # activities in the most used and in the least used list
STATUSES_SHOWN = (ItemStatus.PLANNED, ItemStatus.IN_PROGRESS, ItemStatus.DONE)
TEAM = "team"  # the GROUP BY key of the per-team queries


# --- What the page shows -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ScanScore:
    aspect: Aspect
    people: int  # teachers who answered a statement of this aspect
    score: float | None  # their mean answer 1-5, one decimal; None when not shown
    shown: bool  # False: too few people, or hidden so that no smaller group can be worked out


@dataclass(frozen=True)
class ScanGroup:
    scanned: int  # teachers with a scan (the latest up to the end of the school year)
    scores: list[ScanScore] = field(default_factory=list)

    @property
    def shown(self) -> bool:
        return any(s.shown for s in self.scores)


@dataclass(frozen=True)
class GroupFigures:
    """A team, or the whole organisation (team None), in the chosen school year."""

    team: Team | None
    teachers: int
    teachers_with_plan: int
    year: YearFigures  # coverage, hours, progress, work field, plans
    informal: int  # counted items of an informal framework activity
    formal: int
    gaps: list[str]
    scans: ScanGroup

    @property
    def by_status(self) -> list[int]:
        """Items planned, in progress and done."""
        return [self.year.progress.by_status[s] for s in STATUSES_SHOWN]

    @property
    def own(self) -> int:
        """Counted items that are the teachers' own (no framework activity)."""
        return self.year.coverage.total - sum(self.year.coverage.by_category.values())


@dataclass(frozen=True)
class ActivityUse:
    activity: Activity
    items: int  # counted plan items of the activity in the school year
    teachers: int  # distinct teachers with such an item


@dataclass(frozen=True)
class OrganisationOverview:
    organisation: Organisation
    school_year: str
    framework: Framework
    aspects: list[Aspect]
    categories: list[Category]
    teams: list[GroupFigures]  # by name
    total: GroupFigures  # the whole organisation: each teacher once, also one in several teams
    trends: list[YearFigures]  # every school year with plans, oldest first
    activities: list[ActivityUse]  # every activity of the framework, most used first
    min_group: int  # k: the smallest group whose scan results are shown
    school_years: list[str]  # to choose from, newest first

    @property
    def most_used(self) -> list[ActivityUse]:
        return [a for a in self.activities if a.items][:MOST_USED]

    @property
    def least_used(self) -> list[ActivityUse]:
        """The least used, unused ones included, least first (in the framework's order on a tie)."""
        return sorted(self.activities, key=lambda a: (a.items, a.activity.position, a.activity.pk))[
            :MOST_USED
        ]


def _teacher_memberships(organisation: Organisation, prefix: str = "") -> Q:
    """Teacher memberships in a team of the organisation, reached over ``prefix`` (one join, so that
    grouping by ``<prefix>memberships__team`` groups by exactly these memberships)."""
    return Q(
        **{
            f"{prefix}memberships__organisation": organisation,
            f"{prefix}memberships__role": Role.TEACHER,
            f"{prefix}memberships__team__isnull": False,
        }
    )


def _figures(
    items: QuerySet, plans: QuerySet, entries: QuerySet, category_codes: list[str], by: str, prefix: str
) -> dict[str, dict]:
    """The five counts of ``year_figures``, grouped by ``prefix`` + ``by`` (items), ``by`` (plans) and
    so on."""
    return {
        "counts": coverage_counts(items, by=prefix + by),
        "own": own_counts(items, by=prefix + by),
        "items": item_figures(items, category_codes, by=prefix + by),
        "plans": plan_figures(plans, by=by),
        "log_hours": log_hours(entries, by="item__" + prefix + by),
    }


def _pick(figures: dict[str, dict], key: Any, school_year: str) -> dict[str, dict]:
    """The figures of one group, keyed by the school year as ``year_figures`` reads them."""
    return {name: {school_year: found[key]} if key in found else {} for name, found in figures.items()}


def _scan_groups(
    organisation: Organisation, school_year: str, aspects: list[Aspect], team_ids: Iterable[int], k: int
) -> tuple[dict[int, ScanGroup], ScanGroup]:
    """The scan profile of every team and of the organisation, suppressed per aspect. One query."""
    rows = {row["home"]: row for row in home_team_scans(organisation, school_year, aspects)}
    team_ids = list(team_ids)
    everyone = add_up(rows.values(), scan_fields(len(aspects)))
    team_scores: dict[int, list[ScanScore]] = {pk: [] for pk in team_ids}
    total_scores: list[ScanScore] = []
    for i, (aspect, hide) in enumerate(
        zip(aspects, suppression(rows, team_ids, len(aspects), k), strict=True)
    ):
        for pk in team_ids:
            shown = pk not in hide.hidden
            team_scores[pk].append(
                ScanScore(aspect, hide.people[pk], mean(rows[pk], i) if shown else None, shown)
            )
        total_scores.append(
            ScanScore(aspect, hide.total, mean(everyone, i) if hide.total_shown else None, hide.total_shown)
        )
    teams = {
        pk: ScanGroup(scanned=rows[pk]["scanned"] if pk in rows else 0, scores=team_scores[pk])
        for pk in team_ids
    }
    return teams, ScanGroup(scanned=everyone["scanned"], scores=total_scores)


def _activity_use(framework: Framework, organisation: Organisation, school_year: str) -> list[ActivityUse]:
    """Every activity of the framework with its number of counted plan items in the year, most first."""
    teachers = Membership.objects.filter(organisation=organisation, role=Role.TEACHER).values("user")
    usage = {
        row["activity"]: row
        for row in PlanItem.objects.filter(
            COUNTED, plan__school_year=school_year, plan__user__in=teachers, activity__framework=framework
        )
        .values("activity")
        .annotate(items=Count("pk"), teachers=Count("plan__user", distinct=True))
        .order_by()
    }
    found = [
        ActivityUse(
            activity=activity,
            items=usage.get(activity.pk, {}).get("items", 0),
            teachers=usage.get(activity.pk, {}).get("teachers", 0),
        )
        for activity in framework.activities.select_related("category").order_by("position", "pk")
    ]
    return sorted(found, key=lambda a: -a.items)  # stable: the framework's order on a tie


def organisation_overview(*, organisation: Organisation, school_year: str) -> OrganisationOverview:
    """Every team of the organisation and the whole, in the school year, and the trend over the years."""
    framework = framework_get_current()
    aspects = list(framework.aspects.all())
    categories = list(framework.categories.all())
    aspect_codes = [a.code for a in aspects]
    category_codes = [c.code for c in categories]
    aspect_names = {a.code: a.short_name for a in aspects}
    category_names = {c.code: c.short_name for c in categories}
    teams = list(organisation.teams.all())
    k = privacy.threshold(organisation.min_group_size)

    def year_of(figures: dict, year: str) -> YearFigures:
        return year_figures(year, **figures, aspect_codes=aspect_codes, category_codes=category_codes)

    # The whole organisation, every school year: each teacher once, whatever their teams.
    teachers = Membership.objects.filter(organisation=organisation, role=Role.TEACHER).values("user")
    plans = DevelopmentPlan.objects.filter(user__in=teachers)
    by_year = _figures(
        PlanItem.objects.filter(plan__in=plans),
        plans,
        LogEntry.objects.filter(item__plan__in=plans),
        category_codes,
        by="school_year",
        prefix="plan__",
    )
    years = sorted(by_year["plans"])
    trends = [year_of(by_year, year) for year in years]

    # Per team, the chosen school year: grouped by the teacher membership.
    per_team = _figures(
        PlanItem.objects.filter(
            _teacher_memberships(organisation, "plan__user__"), plan__school_year=school_year
        ),
        DevelopmentPlan.objects.filter(_teacher_memberships(organisation, "user__"), school_year=school_year),
        LogEntry.objects.filter(
            _teacher_memberships(organisation, "item__plan__user__"), item__plan__school_year=school_year
        ),
        category_codes,
        by="user__memberships__team",
        prefix="plan__",
    )

    has_plan = Q(Exists(DevelopmentPlan.objects.filter(user=OuterRef("user"), school_year=school_year)))
    members = {
        "teachers": Count("user", distinct=True),
        "with_plan": Count("user", distinct=True, filter=has_plan),
    }
    memberships = Membership.objects.filter(organisation=organisation, role=Role.TEACHER)
    team_members = {
        row["team"]: row
        for row in memberships.filter(team__isnull=False).values("team").annotate(**members).order_by()
    }
    all_members = memberships.aggregate(**members)
    team_scans, total_scans = _scan_groups(organisation, school_year, aspects, [t.pk for t in teams], k)

    def group(team: Team | None, figures: YearFigures, counted: dict, scans: ScanGroup) -> GroupFigures:
        row = by_year["items"].get(school_year, {}) if team is None else per_team["items"].get(team.pk, {})
        return GroupFigures(
            team=team,
            teachers=counted.get("teachers", 0),
            teachers_with_plan=counted.get("with_plan", 0),
            year=figures,
            informal=row.get("informal", 0),
            formal=row.get("formal", 0),
            gaps=gaps(
                figures.coverage,
                aspect_names,
                category_names,
                workfield_count=None if team is None else figures.workfield,
            ),
            scans=scans,
        )

    team_figures = [
        group(
            team,
            year_of(_pick(per_team, team.pk, school_year), school_year),
            team_members.get(team.pk, {}),
            team_scans[team.pk],
        )
        for team in teams
    ]
    total = group(None, year_of(by_year, school_year), all_members, total_scans)
    return OrganisationOverview(
        organisation=organisation,
        school_year=school_year,
        framework=framework,
        aspects=aspects,
        categories=categories,
        teams=team_figures,
        total=total,
        trends=trends,
        activities=_activity_use(framework, organisation, school_year),
        min_group=k,
        school_years=sorted({*years, school_year, schoolyear.school_year_for(date.today())}, reverse=True),
    )


# --- Counts for research -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ResearchCell:
    """A count of counted plan items (planned, in progress, done) of the organisation's teachers.

    breakdown "aspect": per school year × aspect × category × learning mode (category "own" for the
    teachers' own activities, which have no learning mode); "activity": per school year × activity code.
    ``teachers`` is the number of distinct teachers behind the count.
    """

    school_year: str
    breakdown: str
    aspect: str
    category: str
    learning: str
    activity: str
    items: int
    teachers: int


OWN = "own"


def research_counts(*, organisation: Organisation) -> list[ResearchCell]:
    """Every count of the research export, over all school years, never per person. Two queries."""
    teachers = Membership.objects.filter(organisation=organisation, role=Role.TEACHER).values("user")
    items = PlanItem.objects.filter(COUNTED, plan__user__in=teachers)
    modes = {
        "informal": Q(activity__informal=True),
        "formal": Q(activity__formal=True),
        OWN: Q(activity__isnull=True),
    }
    aggregates = {}
    for mode, condition in modes.items():
        aggregates[f"items_{mode}"] = Count("pk", distinct=True, filter=condition)
        aggregates[f"teachers_{mode}"] = Count("plan__user", distinct=True, filter=condition)
    cells = []
    for row in (
        items.filter(aspects__isnull=False)
        .values("plan__school_year", "aspects__code", "activity__category__code")
        .annotate(**aggregates)
        .order_by()
    ):
        own = row["activity__category__code"] is None
        for mode in (OWN,) if own else ("informal", "formal"):
            if row[f"items_{mode}"]:
                cells.append(
                    ResearchCell(
                        school_year=row["plan__school_year"],
                        breakdown="aspect",
                        aspect=row["aspects__code"],
                        category=OWN if own else row["activity__category__code"],
                        learning="" if own else mode,
                        activity="",
                        items=row[f"items_{mode}"],
                        teachers=row[f"teachers_{mode}"],
                    )
                )
    for row in (
        items.filter(activity__isnull=False)
        .values(
            "plan__school_year",
            "activity__code",
            "activity__category__code",
            "activity__informal",
            "activity__formal",
        )
        .annotate(n=Count("pk"), people=Count("plan__user", distinct=True))
        .order_by()
    ):
        learning = [m for m in ("informal", "formal") if row[f"activity__{m}"]]
        cells.append(
            ResearchCell(
                school_year=row["plan__school_year"],
                breakdown="activity",
                aspect="",
                category=row["activity__category__code"],
                learning="/".join(learning),
                activity=row["activity__code"],
                items=row["n"],
                teachers=row["people"],
            )
        )
    return sorted(
        cells,
        key=lambda c: (c.school_year, c.breakdown, c.aspect, c.category, c.learning, c.activity),
    )

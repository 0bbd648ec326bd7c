"""Reads for an HR/policy advisor's overview of an organisation: every team and the whole, in aggregate.

The figures come from the counters that ``teams.stats`` keeps up to date on write (one row per team and
school year, and per school year for the whole organisation), so reading the overview of 10,000 teachers
costs about as much as of 1,000. No names, no per-person figures. The figures of a year are built as on the
team overview (``teams.aggregates``). The research counts at the end are counted from the plan items.

Scan means are personal scores in aggregate: they go through ``teams.privacy`` (small-group suppression,
per aspect, with the organisation total on the page as well). For that the teams must be disjoint, so for
the scan profiles a teacher in more than one team counts in one of them only: the oldest team (lowest id).
The team overview hides a team's profile by the same rule (``aggregates.suppression``).
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q

from ontwikkelwijzer.framework.models import Activity, Aspect, Category, Framework
from ontwikkelwijzer.framework.selectors import framework_get_current
from ontwikkelwijzer.plans import schoolyear
from ontwikkelwijzer.plans.constants import ItemStatus
from ontwikkelwijzer.plans.coverage import gaps
from ontwikkelwijzer.plans.models import PlanItem
from ontwikkelwijzer.teams import privacy
from ontwikkelwijzer.teams.aggregates import (
    PartnerUse,
    YearFigures,
    mean,
    partner_uses,
    suppression,
    year_figures,
)
from ontwikkelwijzer.teams.constants import Role
from ontwikkelwijzer.teams.models import GroupStats, Membership, Organisation, Team
from ontwikkelwijzer.teams.stats import COUNTED

MOST_USED = 10  # activities in the most used and in the least used list
STATUSES_SHOWN = (ItemStatus.PLANNED, ItemStatus.IN_PROGRESS, ItemStatus.DONE)


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
    partners: list[PartnerUse]  # work-field partners the organisation's teachers worked with this year
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


def _scan_groups(
    by_home: dict[int | None, dict], aspects: list[Aspect], team_ids: list[int], k: int
) -> tuple[dict[int, ScanGroup], ScanGroup]:
    """The scan profile of every team and of the organisation, suppressed per aspect."""
    codes = [a.code for a in aspects]
    hides = suppression(by_home, team_ids, codes, k)
    teams = {}
    for pk in team_ids:
        counts = by_home.get(pk, {})
        scores = [
            ScanScore(aspect, hide.people[pk], mean(counts, aspect.code) if shown else None, shown)
            for aspect, hide in zip(aspects, hides, strict=True)
            for shown in [pk not in hide.hidden]
        ]
        teams[pk] = ScanGroup(scanned=counts.get("scan", 0), scores=scores)
    everyone = by_home.get(None, {})
    total = ScanGroup(
        scanned=everyone.get("scan", 0),
        scores=[
            ScanScore(
                aspect,
                hide.total,
                mean(everyone, aspect.code) if hide.total_shown else None,
                hide.total_shown,
            )
            for aspect, hide in zip(aspects, hides, strict=True)
        ],
    )
    return teams, total


def _activity_use(framework: Framework, counts: dict) -> list[ActivityUse]:
    """Every activity of the framework with its number of counted plan items in the year, most first."""
    found = [
        ActivityUse(
            activity=activity,
            items=counts.get(f"act:{activity.code}", 0),
            teachers=counts.get(f"actp:{activity.code}", 0),
        )
        for activity in framework.activities.select_related("category").order_by("position", "pk")
    ]
    return sorted(found, key=lambda a: -a.items)  # stable: the framework's order on a tie


def organisation_overview(
    *, organisation: Organisation, school_year: str, teams: list[Team] | None = None
) -> OrganisationOverview:
    """The whole organisation in the school year and the trend over the years, and the teams in ``teams``
    (default: every team) in the school year.

    Read from the counters that ``teams.stats`` keeps up to date (one query for all of them), so no plan
    item is counted here. The scan suppression always weighs every team of the organisation, also when
    only some teams are shown: the others are on another page, or in the downloads.
    """
    framework = framework_get_current()
    aspects = list(framework.aspects.all())
    categories = list(framework.categories.all())
    aspect_codes = [a.code for a in aspects]
    category_codes = [c.code for c in categories]
    aspect_names = {a.code: a.short_name for a in aspects}
    category_names = {c.code: c.short_name for c in categories}
    teams = list(organisation.teams.all()) if teams is None else teams
    k = privacy.threshold(organisation.min_group_size)

    rows = GroupStats.objects.filter(organisation=organisation).filter(
        Q(team__isnull=True) | Q(school_year=school_year) | Q(school_year="", team__in=teams)
    )
    found = {(row.team_id, row.school_year): row.counts for row in rows.only("team", "school_year", "counts")}
    years = sorted(y for (team, y), counts in found.items() if team is None and y and counts.get("plans"))
    trends = [year_figures(y, found[(None, y)], aspect_codes, category_codes) for y in years]
    by_home = {team: counts for (team, y), counts in found.items() if y == school_year}
    team_scans, total_scans = _scan_groups(by_home, aspects, [t.pk for t in teams], k)

    def group(team: Team | None, scans: ScanGroup) -> GroupFigures:
        pk = None if team is None else team.pk
        counts = found.get((pk, school_year), {})
        figures = year_figures(school_year, counts, aspect_codes, category_codes)
        return GroupFigures(
            team=team,
            teachers=found.get((pk, ""), {}).get("teachers", 0),
            teachers_with_plan=figures.plans,
            year=figures,
            informal=counts.get("informal", 0),
            formal=counts.get("formal", 0),
            gaps=gaps(
                figures.coverage,
                aspect_names,
                category_names,
                workfield_count=None if team is None else figures.workfield,
            ),
            scans=scans,
        )

    return OrganisationOverview(
        organisation=organisation,
        school_year=school_year,
        framework=framework,
        aspects=aspects,
        categories=categories,
        teams=[group(team, team_scans[team.pk]) for team in teams],
        total=group(None, total_scans),
        trends=trends,
        activities=_activity_use(framework, found.get((None, school_year), {})),
        min_group=k,
        partners=partner_uses(found.get((None, school_year), {})),
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

"""Reads for a team leader's overview of their team: coverage, hours, progress and scans, all in aggregate.

Everything is counted in SQL, over this school year and the previous one at once, so the number of
queries is the same for a team of three as for a team of thirty. No names: per-person pages are elsewhere.
The counts and the figures of a year are shared with the organisation overview (``teams.aggregates``).

The scan profile is hidden as the organisation overview would hide the team: below the organisation's
smallest group, and also when the organisation total minus the teams shown there would single out a
smaller group (``teams.privacy``). Otherwise whoever sees every team's overview and the organisation page
(an administrator) could subtract.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from ontwikkelwijzer.framework.models import Aspect, Category, Framework
from ontwikkelwijzer.framework.selectors import framework_get_current
from ontwikkelwijzer.plans import schoolyear
from ontwikkelwijzer.plans.coverage import gaps
from ontwikkelwijzer.plans.models import DevelopmentPlan, LogEntry, PlanItem
from ontwikkelwijzer.teams import privacy
from ontwikkelwijzer.teams.aggregates import (
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
from ontwikkelwijzer.teams.models import Membership, Team


def previous_school_year(school_year: str) -> str:
    first = int(school_year[:4]) - 1
    return f"{first}-{first + 1}"


@dataclass(frozen=True)
class AspectScore:
    aspect: Aspect
    score: float | None  # mean answer 1-5 over the team's latest scans, one decimal
    answered: int


@dataclass(frozen=True)
class ScanProfile:
    scanned: int  # teachers with a scan
    min_group: int
    scores: list[AspectScore] = field(default_factory=list)  # empty when not shown
    # hidden as on the organisation page, so that the total minus the shown teams singles out no small group
    suppressed: bool = False

    @property
    def shown(self) -> bool:
        return self.scanned >= self.min_group and not self.suppressed


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


def _scan_profile(team: Team, school_year: str, aspects: list[Aspect]) -> ScanProfile:
    """The mean answer per aspect over each teacher's latest scan up to the end of the school year.

    One query (``aggregates.home_team_scans``), over the whole organisation: the scores are only handed out
    when the organisation overview would show this team on every aspect (``aggregates.suppression``, which
    counts a teacher of several teams in their oldest team). The scores themselves are over every teacher
    of this team, as before.
    """
    rows = home_team_scans(team.organisation, school_year, aspects, team=team)
    names = scan_fields(len(aspects))
    mine = add_up((row for row in rows if row["in_team"]), names)
    homes: dict[int | None, list[dict]] = {}
    for row in rows:
        homes.setdefault(row["home"], []).append(row)
    by_home = {home: add_up(group, names) for home, group in homes.items()}
    team_ids = {home for home in by_home if home is not None} | {team.pk}
    k = privacy.threshold(team.organisation.min_group_size)
    hidden = any(team.pk in s.hidden for s in suppression(by_home, team_ids, len(aspects), k))
    profile = ScanProfile(scanned=mine["scanned"], min_group=k, suppressed=hidden)
    if not profile.shown:
        return profile
    return ScanProfile(
        scanned=profile.scanned,
        min_group=k,
        scores=[
            AspectScore(aspect=aspect, score=mean(mine, i), answered=mine[f"answers_{i}"])
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
        "counts": coverage_counts(items),
        "own": own_counts(items),
        "items": item_figures(items, category_codes),
        "plans": plan_figures(plans),
        "log_hours": log_hours(LogEntry.objects.filter(item__plan__in=plans)),
    }
    current = year_figures(school_year, **figures, aspect_codes=aspect_codes, category_codes=category_codes)
    before = year_figures(previous, **figures, aspect_codes=aspect_codes, category_codes=category_codes)

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

"""Reads for a team leader's overview of their team: coverage, hours, progress and scans, all in aggregate.

The figures come from the counters that ``teams.stats`` keeps up to date on write, so reading the overview
of a team of 500 costs about as much as of a team of five. No names: per-person pages are elsewhere. The
figures of a year are built as on the organisation overview (``teams.aggregates``).

The scan profile is the team's row on the organisation overview: the teachers whose home team it is,
hidden below the organisation's smallest group, and also when the organisation total minus the teams shown
there would single out a smaller group (``teams.privacy``). Otherwise whoever sees every team's overview
and the organisation page (an administrator) could subtract.
"""

from dataclasses import dataclass, field
from datetime import date

from ontwikkelwijzer.framework.models import Aspect, Category, Framework
from ontwikkelwijzer.framework.selectors import framework_get_current
from ontwikkelwijzer.plans import schoolyear
from ontwikkelwijzer.plans.coverage import gaps
from ontwikkelwijzer.teams import privacy
from ontwikkelwijzer.teams.aggregates import (
    PartnerUse,
    YearFigures,
    answers,
    counters,
    mean,
    partner_uses,
    suppression,
    year_figures,
)
from ontwikkelwijzer.teams.models import GroupStats, Team


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
    partners: list[PartnerUse]  # work-field partners the team worked with in the school year


def _scan_profile(team: Team, by_home: dict, aspects: list[Aspect]) -> ScanProfile:
    """The mean answer per aspect over the teachers' latest scan of the school year.

    The teachers are those whose home team this is (a teacher in several teams counts in the lowest-id
    one), and the scores are only handed out when the organisation overview shows this team on every
    aspect (``aggregates.suppression``): then the two pages show the same figures, and together they give
    away nothing that either does not.
    """
    codes = [a.code for a in aspects]
    mine = by_home.get(team.pk, {})
    team_ids = {home for home in by_home if home is not None} | {team.pk}
    k = privacy.threshold(team.organisation.min_group_size)
    hidden = any(team.pk in s.hidden for s in suppression(by_home, team_ids, codes, k))
    profile = ScanProfile(scanned=mine.get("scan", 0), min_group=k, suppressed=hidden)
    if not profile.shown:
        return profile
    return ScanProfile(
        scanned=profile.scanned,
        min_group=k,
        scores=[
            AspectScore(aspect=aspect, score=mean(mine, aspect.code), answered=answers(mine, aspect.code))
            for aspect in aspects
        ],
    )


def team_overview(*, team: Team, school_year: str) -> TeamOverview:
    """The team's teachers and their plans of the school year, compared with the year before.

    Read from the counters that ``teams.stats`` keeps (two queries for the counters, whatever the size of
    the team), so no plan item is counted here.
    """
    framework = framework_get_current()
    aspects = list(framework.aspects.all())
    categories = list(framework.categories.all())
    aspect_codes = [a.code for a in aspects]
    category_codes = [c.code for c in categories]
    previous = previous_school_year(school_year)
    found = counters(team.organisation, school_years=[school_year, previous, ""], team=team)
    current = year_figures(school_year, found.get((team.pk, school_year), {}), aspect_codes, category_codes)
    before = year_figures(previous, found.get((team.pk, previous), {}), aspect_codes, category_codes)
    by_home = {home: counts for (home, year), counts in found.items() if year == school_year}
    years = set(
        GroupStats.objects.filter(team=team).exclude(school_year="").values_list("school_year", flat=True)
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
        teachers=found.get((team.pk, ""), {}).get("teachers", 0),
        teachers_with_plan=current.plans,
        scans=_scan_profile(team, by_home, aspects),
        school_years=sorted(years, reverse=True),
        partners=partner_uses(found.get((team.pk, school_year), {})),
    )

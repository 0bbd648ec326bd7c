"""Reads for a team leader's overview of their team: coverage, hours, progress and scans, all in aggregate.

The figures come from the counters that ``overviews.stats`` keeps up to date on write, so reading the overview
of a team of 500 costs about as much as of a team of five. No names: per-person pages are elsewhere. The
figures of a year are built as on the organisation overview (``overviews.aggregates``). Coverage, hours and
progress are live. The log figures (hours spent, items with a log entry, a reflection or a follow-up) are
over the teachers who share their log and reflections with their team leader, and only the team's own
leader sees them (an administrator of the school does not: they were not shared with them).

The scan profile is the team's row on the organisation overview: the published snapshot of the teachers whose
home team it is (``overviews.snapshots``: it changes at most once a week, and only when at least two new scans
change it, so a before and after gives no one teacher away), shown from the organisation's smallest group on
(``overviews.suppression``). Whether it is shown depends on this team's figures alone, so the team overview
and the organisation overview agree, and reading it costs the same whatever the number of teams."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Case, JSONField, Q, Value, When

from ontwikkelwijzer.core import schoolyear
from ontwikkelwijzer.framework.models import Aspect, Category, Framework
from ontwikkelwijzer.framework.selectors import framework_get_current, framework_structure
from ontwikkelwijzer.overviews import snapshots, suppression
from ontwikkelwijzer.overviews.aggregates import (
    PartnerUse,
    YearFigures,
    answers,
    mean,
    partner_uses,
    people,
    year_figures,
)
from ontwikkelwijzer.overviews.models import GroupStats
from ontwikkelwijzer.plans.coverage import gaps
from ontwikkelwijzer.teams.models import Team


@dataclass(frozen=True)
class AspectScore:
    aspect: Aspect
    score: float | None  # mean answer 1-5 over the team's latest scans, one decimal
    answered: int


@dataclass(frozen=True)
class ScanProfile:
    scanned: int  # teachers with a scan, as published
    min_group: int
    scores: list[AspectScore] = field(default_factory=list)  # empty when not shown
    # fewer than k teachers answered on an aspect: then the profile is not shown at all
    suppressed: bool = False
    as_of: datetime | None = None  # when the figures were published (None: not yet)

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
    for_leader: bool  # the viewer is the team's own leader (else: no log figures, no partners)


def _scan_profile(team: Team, school_year: str, aspects: list[Aspect]) -> ScanProfile:
    """The mean answer per aspect over the teachers' latest scan of the school year, as published.

    The teachers are those whose home team this is (a teacher in several teams counts in the lowest-id
    one), and the scores are only handed out when at least k of them answered on every aspect: then the
    organisation overview shows this team on every aspect too, with the same figures.
    """
    published = snapshots.published(team.organisation, school_year, team=team)
    mine = published.teams.get(team.pk, {})
    k = suppression.threshold(team.organisation.min_group_size)
    hidden = any(not suppression.shows(people(mine, a.code), k) for a in aspects)
    profile = ScanProfile(
        scanned=mine.get("scan", 0), min_group=k, suppressed=hidden, as_of=published.published_at
    )
    if not profile.shown:
        return profile
    return ScanProfile(
        scanned=profile.scanned,
        min_group=k,
        scores=[
            AspectScore(aspect=aspect, score=mean(mine, aspect.code), answered=answers(mine, aspect.code))
            for aspect in aspects
        ],
        as_of=published.published_at,
    )


def _team_counters(team: Team, school_years: list[str]) -> tuple[dict[str, dict[str, int]], set[str]]:
    """The team's counters of those school years ("" the year-less row), and every school year it has
    counters of. One query: the rows of the other years come without their counters."""
    wanted = Q(organisation=team.organisation_id, school_year__in=school_years)
    counts = Case(When(wanted, then="counts"), default=Value(None), output_field=JSONField())
    found, years = {}, set()
    for year, row in GroupStats.objects.filter(team=team).values_list("school_year", counts):
        if row is not None:
            found[year] = row
        if year:
            years.add(year)
    return found, years


def team_overview(*, team: Team, school_year: str, for_leader: bool) -> TeamOverview:
    """The team's teachers and their plans of the school year, compared with the year before; the log
    figures and the work-field partners only ``for_leader`` (the viewer is the team's own leader:
    ``access.leads``; the leader sees the plans these come from). Anyone else would subtract this team's
    partners from the school's overview and find the other teams' few teachers.

    Read from the counters that ``overviews.stats`` keeps and the published scan figures (a fixed number of
    queries, whatever the size of the team or of the organisation), so no plan item is counted here.
    """
    framework = framework_get_current()
    structure = framework_structure(framework=framework)  # read once per process, shared: never changed
    aspects = list(structure.aspects)
    categories = list(structure.categories)
    aspect_codes = [a.code for a in aspects]
    category_codes = [c.code for c in categories]
    previous = schoolyear.previous_school_year(school_year)
    found, years = _team_counters(team, [school_year, previous, ""])
    current, before = (
        year_figures(year, found.get(year, {}), aspect_codes, category_codes, with_log=for_leader)
        for year in (school_year, previous)
    )
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
        teachers=found.get("", {}).get("teachers", 0),
        teachers_with_plan=current.plans,
        scans=_scan_profile(team, school_year, aspects),
        school_years=schoolyear.SchoolYear.choices(saved=years, chosen=school_year),
        partners=partner_uses(found.get(school_year, {})) if for_leader else [],
        for_leader=for_leader,
    )

"""Reads for an HR/policy advisor's overview of an organisation: every team and the whole, in aggregate.

The figures come from the counters that ``overviews.stats`` keeps up to date on write (one row per team and
school year, and per school year for the whole organisation), so reading the overview of 10,000 teachers
costs about as much as of 1,000. No names, no per-person figures. The figures of a year are built as on the
team overview (``overviews.aggregates``).

Scan means are personal scores in aggregate: they come from the published snapshot (``overviews.snapshots``),
shown per group from k people on, and the line for the organisation is over the groups shown only
(``overviews.suppression``). For that the groups must be disjoint, so for the scan profiles a teacher in more
than one team counts in one of them only: the oldest team (lowest id). The counts per activity (the page's
table of activities used most and least, the spreadsheet, the research export) get the research export's
small-cell suppression, decided once per school year from the counters (``aggregates.hidden_activities``). The
log figures (hours spent, items with a log entry, a reflection or a follow-up) are not shown here at all: the
teachers share them with their team leader only, and a live total of the school would change by one person's
hours whenever one of them writes in their log, starts or stops sharing, or leaves."""

import heapq
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice

from django.db.models import Q

from ontwikkelwijzer.core import schoolyear
from ontwikkelwijzer.framework.models import Activity, Aspect, Category, Framework
from ontwikkelwijzer.framework.selectors import framework_get_current, framework_structure
from ontwikkelwijzer.overviews import snapshots, suppression
from ontwikkelwijzer.overviews.aggregates import (
    ACTIVITY,
    ACTIVITY_PEOPLE,
    PartnerUse,
    ScanScore,
    YearFigures,
    activity_cells,
    activity_kinds,
    activity_margins,
    category_modes,
    counted_codes,
    hidden_activities,
    hidden_in_year,
    partner_uses,
    scan_scores,
    school_activities,
    shown_together,
    shown_together_on,
    year_figures,
)
from ontwikkelwijzer.overviews.keys import Counter, Name
from ontwikkelwijzer.overviews.models import GroupStats
from ontwikkelwijzer.plans.constants import COUNTED_STATUSES
from ontwikkelwijzer.plans.coverage import LEARNING, gaps
from ontwikkelwijzer.teams.models import Organisation, Team

MOST_USED = 10  # activities in the most used and in the least used list


# --- What the page shows -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ScanGroup:
    scanned: int  # teachers with a scan (their latest in the school year), as published
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
        return [self.year.progress.by_status[s] for s in COUNTED_STATUSES]

    @property
    def own(self) -> int:
        """Counted items that are the teachers' own (no framework activity)."""
        return self.year.coverage.total - sum(self.year.coverage.by_category.values())


@dataclass(frozen=True)
class ActivityUse:
    activity: Activity
    items: int  # counted plan items of the activity in the school year
    teachers: int  # distinct teachers with such an item
    shown: bool = True  # False: fewer than k teachers, or hidden so that no such count can be worked out


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
    activities: "ActivityUses"  # every activity of the framework, most used first, the hidden ones last
    min_group: int  # k: the smallest group whose scan results are shown
    partners: list[PartnerUse]  # work-field partners at least k of the teachers worked with this year
    school_years: list[str]  # to choose from, newest first
    no_team: ScanGroup  # the teachers without a team, a group of their own for the scan figures
    scans_as_of: datetime | None  # when the scan figures were published (None: none yet)
    scans_complete: bool  # the organisation's scan line is over everyone (no group is hidden)
    scans_together: int  # teachers with a scan in the groups that line is over

    @property
    def most_used(self) -> list[ActivityUse]:
        return self.activities.most_used(MOST_USED)

    @property
    def least_used(self) -> list[ActivityUse]:
        """The least used, unused ones included, least first (in the framework's order on a tie); of those
        whose counts are shown, or the order would tell something of the hidden ones."""
        return self.activities.least_used(MOST_USED)

    @property
    def activities_hidden(self) -> int:
        return self.activities.hidden


def _scan_groups(
    published: snapshots.Published, aspects: list[Aspect], team_ids: list[int], k: int
) -> tuple[dict[int, ScanGroup], ScanGroup, ScanGroup, tuple[bool, int]]:
    """The published scan profile of the teams asked for, of the teachers without a team, and the line for
    the organisation: over every group shown (on any page), whether everyone is in it."""
    teams = {
        pk: ScanGroup(
            scanned=published.teams.get(pk, {}).get("scan", 0),
            scores=scan_scores(published.teams.get(pk, {}), aspects, k),
        )
        for pk in team_ids
    }
    no_team = ScanGroup(
        scanned=published.no_team.get("scan", 0), scores=scan_scores(published.no_team, aspects, k)
    )
    line = published.line
    if line is not None and line.covers(a.code for a in aspects):
        scores = shown_together_on(line, aspects, k)
        together = line.together(suppression.threshold(k))
    else:  # every group is in ``published``
        groups = [*published.teams.values(), published.no_team]
        scores = shown_together(groups, aspects, k)
        together = sum(g.get("scan", 0) for g in groups if any(s.shown for s in scan_scores(g, aspects, k)))
    everyone = published.everyone
    complete = all(s.people == everyone.get(Name.SCAN_PEOPLE.of(s.aspect.code), 0) for s in scores)
    return teams, ScanGroup(scanned=everyone.get("scan", 0), scores=scores), no_team, (complete, together)


class ActivityUses(Sequence[ActivityUse]):
    """Every activity of the framework with its number of counted plan items in the year: the shown ones most
    first, then the hidden ones in the framework's order (where a hidden one stood among the shown would tell
    its count). The page shows twenty of the hundreds (``most_used``, ``least_used``): an ``ActivityUse`` is
    made when it is asked for."""

    def __init__(self, activities: list[Activity], counts: Mapping[str, int], hidden: set[str]) -> None:
        rows = []
        for i, activity in enumerate(activities):
            items = counts.get(ACTIVITY + activity.code, 0)
            shown = activity.code not in hidden
            teachers = counts.get(ACTIVITY_PEOPLE + activity.code, 0)
            rows.append((not shown, -items if shown else 0, i, activity, items, teachers, shown))
        rows.sort()  # by the first three: shown ones most used first, then the framework's order (i)
        self._rows = rows
        self._uses: list[ActivityUse] | None = None
        self.hidden = sum(row[0] for row in rows)

    @staticmethod
    def _use(row: tuple) -> ActivityUse:
        return ActivityUse(activity=row[3], items=row[4], teachers=row[5], shown=row[6])

    def _all(self) -> list[ActivityUse]:
        if self._uses is None:
            self._uses = [self._use(row) for row in self._rows]
        return self._uses

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, index):  # an int or a slice, as a list's
        return self._all()[index]

    def __iter__(self) -> Iterator[ActivityUse]:
        return iter(self._all())

    def most_used(self, n: int) -> list[ActivityUse]:
        """The first n that are shown and used."""
        return [self._use(row) for row in islice((row for row in self._rows if row[4] and row[6]), n)]

    def least_used(self, n: int) -> list[ActivityUse]:
        """The n shown ones used least, in the framework's order on a tie."""
        shown = (row for row in self._rows if row[6])
        return [self._use(row) for row in heapq.nsmallest(n, shown, key=_least)]


def _least(row: tuple) -> tuple[int, int, int]:
    return (row[4], row[3].position, row[3].pk)


def organisation_overview(
    *, organisation: Organisation, school_year: str, teams: list[Team] | None = None, leader: bool = False
) -> OrganisationOverview:
    """The whole organisation in the school year and the trend over the years, and the teams in ``teams``
    (default: every team) in the school year.

    ``leader``: the viewer leads a team of the school. They see their team's partners on the team's
    overview, so here they get none for the school (the school's minus their team's would be the other
    teams' few teachers).

    Read from the counters that ``overviews.stats`` keeps up to date (one query for all of them), so no plan
    item is counted here. Every page of teams and every download shows the same figures for a team: whether
    a team's scan mean is shown depends on that team alone, the organisation's scan line is over every
    shown group (on any page), and which activity counts are hidden is decided for the whole organisation.
    """
    framework = framework_get_current()
    structure = framework_structure(framework=framework)  # read once per process, shared: never changed
    aspects = list(structure.aspects)
    categories = list(structure.categories)
    aspect_codes = [a.code for a in aspects]
    category_codes = [c.code for c in categories]
    aspect_names = {a.code: a.short_name for a in aspects}
    category_names = {c.code: c.short_name for c in categories}
    every_team = teams is None
    teams = list(organisation.teams.all()) if teams is None else teams
    team_ids = [t.pk for t in teams]
    k = suppression.threshold(organisation.min_group_size)

    rows = GroupStats.objects.filter(organisation=organisation).filter(
        Q(team__isnull=True) | Q(school_year__in=[school_year, ""], team__in=team_ids)
    )
    found = {(team, year): counts for team, year, counts in rows.values_list("team", "school_year", "counts")}
    years = sorted(y for (team, y), counts in found.items() if team is None and y and counts.get("plans"))
    trends = [
        year_figures(
            y,
            found[(None, y)],
            aspect_codes,
            category_codes,
            with_log=False,
        )
        for y in years
    ]
    published = snapshots.published(organisation, school_year, teams=None if every_team else team_ids)
    if published.line is not None and not published.line.covers(aspect_codes):
        published = snapshots.published(organisation, school_year)  # a framework with other aspects
    team_scans, total_scans, no_team, (complete, together) = _scan_groups(published, aspects, team_ids, k)
    whole = found.get((None, school_year), {})
    activities = school_activities(organisation, framework)
    hidden = hidden_in_year(
        {y: c for (team, y), c in found.items() if team is None}, school_year, activities, k
    )

    def group(team: Team | None, scans: ScanGroup) -> GroupFigures:
        pk = None if team is None else team.pk
        counts = found.get((pk, school_year), {})
        figures = year_figures(
            school_year,
            counts,
            aspect_codes,
            category_codes,
            with_log=False,  # shared with the team leader only
        )
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
        activities=ActivityUses([a for a in activities if a.organisation_id is None], whole, hidden),
        min_group=k,
        partners=[] if leader else partner_uses(whole, k),
        school_years=schoolyear.SchoolYear.choices(saved=years, chosen=school_year),
        no_team=no_team,
        scans_as_of=published.published_at,
        scans_complete=complete,
        scans_together=together,
    )


# --- Counts for research -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ResearchCell:
    """A count of counted plan items (planned, in progress, done) of the organisation's teachers.

    breakdown "aspect": per school year × aspect × category × learning mode (category "own" for the
    teachers' own activities, which have no learning mode); "activity": per school year × activity code.
    ``teachers`` is the number of distinct teachers behind the count; ``shown`` False: the count is left out
    (fewer than k teachers, or it would follow from the others: ``research_counts``).
    """

    school_year: str
    breakdown: str
    aspect: str
    category: str
    learning: str
    activity: str
    items: int
    teachers: int
    shown: bool = True


OWN = "own"


def research_counts(*, organisation: Organisation) -> list[ResearchCell]:
    """Every count of the research export, over all school years, never per person, with what is hidden.

    The counts per activity are the organisation's counters (as on the overview, and hidden as there:
    ``aggregates.hidden_activities``); so are the counts per aspect, category and learning mode, with
    the number of distinct teachers behind each (``_aspect_counts``). Per school year, on top of the
    activities hidden: a count with fewer than k teachers is hidden, and further aspect counts are hidden
    until none of the
    hidden counts follows from the shown ones by the sums the file and the overview show: per category and
    learning mode the aspects add up to the activities (exactly so when each item has one aspect), and the
    own activities' aspects add up to the teachers' own items. A count of 0 is left out of the file unless
    it is hidden; then it looks like any hidden count. A fixed number of queries: everything comes from the
    organisation's counters, so the file counts the same teachers as the overview.
    """
    k = suppression.threshold(organisation.min_group_size)
    framework = framework_get_current()
    structure = framework_structure(framework=framework)
    aspect_codes = structure.aspect_codes
    category_codes = structure.category_codes
    by_year = {
        row["school_year"]: row["counts"]
        for row in GroupStats.objects.filter(organisation=organisation, team__isnull=True)
        .exclude(school_year="")
        .values("school_year", "counts")
    }
    activities = school_activities(organisation, framework)
    kinds = activity_kinds(activities, set().union(*map(counted_codes, by_year.values())))
    aspect_cells = _aspect_counts(by_year)
    category_codes = sorted({*category_codes, *(kind.category for kind in kinds.values())})
    cells = []
    for year in sorted(set(by_year) | {year for year, *_rest in aspect_cells}):
        counts = by_year.get(year, {})
        found = {("activity", code): n for code, n in activity_cells(counts, kinds).items()}
        for a in aspect_codes:
            found[("own", a)] = aspect_cells.get((year, a, OWN, ""), (0, 0))
            for c in category_codes:
                for mode in LEARNING:
                    found[("aspect", a, c, mode)] = aspect_cells.get((year, a, c, mode), (0, 0))
        hidden = _research_hidden(found, counts, kinds, aspect_codes, k)
        for cell, (items, teachers) in found.items():
            if not items and cell not in hidden:
                continue  # a count of 0 is left out
            if cell[0] == "activity":
                kind = kinds[cell[1]]
                place = (
                    "activity",
                    "",
                    kind.category,
                    "/".join(m for m in LEARNING if getattr(kind, m)),
                    cell[1],
                )
            elif cell[0] == "own":
                place = ("aspect", cell[1], OWN, "", "")
            else:
                place = ("aspect", cell[1], cell[2], cell[3], "")
            cells.append(ResearchCell(year, *place, items=items, teachers=teachers, shown=cell not in hidden))
    return sorted(
        cells,
        key=lambda c: (c.school_year, c.breakdown, c.aspect, c.category, c.learning, c.activity),
    )


def _research_hidden(found: dict, counts: dict, kinds: dict, aspect_codes: list[str], k: int) -> set:
    """The cells of one school year to leave out of the research file (see ``research_counts``)."""
    hidden = {("activity", code) for code in hidden_activities(counts, kinds, k)}
    hidden |= {cell for cell, (items, teachers) in found.items() if 0 < teachers < k}
    relations: list[dict] = [
        {("activity", code): 1 for code in relation} for relation in activity_margins(kinds)
    ]
    candidates = {}
    for (category, mode), codes in category_modes(kinds).items():
        aspects = {("aspect", a, category, mode): 1 for a in aspect_codes}
        relations.append(aspects | {("activity", code): -1 for code in codes})
        if any(found[cell][0] for cell in aspects) or any(found[("activity", c)][0] for c in codes):
            candidates |= {cell: found[cell][::-1] for cell in aspects}  # (teachers, items): fewest first
    own = {("own", a): 1 for a in aspect_codes}
    relations.append(own)
    if any(found[cell][0] for cell in own):
        candidates |= {cell: found[cell][::-1] for cell in own}
    candidates = {cell: cost for cell, cost in candidates.items() if cell not in hidden}
    return suppression.protect(relations, hidden, candidates)


def _aspect_counts(
    by_year: Mapping[str, Mapping[str, int]],
) -> dict[tuple[str, str, str, str], tuple[int, int]]:
    """(school year, aspect, category or "own", learning mode or "") -> (items, distinct teachers), from the
    organisation's counters of each school year (``overviews.stats``: the same teachers as every other figure,
    only addresses the school vouches for, each from the year they joined). No query."""
    found: dict[tuple[str, str, str, str], list[int]] = {}
    for year, counts in by_year.items():
        for name, n in counts.items():
            counter = Counter.parse(name)
            if counter.kind is Name.COVERAGE:
                aspect, category, informal, formal = counter.parts
                for mode, flag in (("informal", informal), ("formal", formal)):
                    if flag == "1":
                        found.setdefault((year, aspect, category, mode), [0, 0])[0] += n
            elif counter.kind is Name.OWN:
                found.setdefault((year, counter.parts[0], OWN, ""), [0, 0])[0] += n
            elif counter.kind is Name.COVERAGE_PEOPLE:
                aspect, category, mode = counter.parts
                found.setdefault((year, aspect, category, mode), [0, 0])[1] += n
            elif counter.kind is Name.OWN_PEOPLE:
                found.setdefault((year, counter.parts[0], OWN, ""), [0, 0])[1] += n
    return {key: (items, teachers) for key, (items, teachers) in found.items() if items}

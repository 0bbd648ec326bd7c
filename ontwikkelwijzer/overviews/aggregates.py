"""The figures shared by the team overview (``overviews.team_overview``) and the organisation overview
(``overviews.org_overview``), read from the counters that ``overviews.stats`` keeps up to date: the figures of
a school year (coverage, hours, the cycle), scan means, and which counts of activities must be hidden.

Coverage, hours planned and progress are live counts of plan items, not scores: they are shown as they are.
What comes from the log and the reflections (hours spent, items with a log entry, a reflection or a follow-up)
is counted only over the teachers who share their log and reflections with their team leader
(``overviews.stats``), and shown only to the team's own leader, with whom they share it. Scan means are
personal scores in aggregate: they are read from the published snapshot (``overviews.snapshots``) and shown
per group from k people on (``overviews.suppression``); a teacher in more than one team counts in the scan
figures of one of them only, their home team (the lowest id), so the groups are disjoint, and the team
overview shows a team's scan profile exactly as the organisation overview shows that team. The counts per
activity (how many items, how many teachers) get the research export's small-cell suppression."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from ontwikkelwijzer.framework.models import Activity, Aspect, Framework
from ontwikkelwijzer.overviews import keys, suppression
from ontwikkelwijzer.overviews.keys import Name
from ontwikkelwijzer.overviews.models import GroupStats
from ontwikkelwijzer.plans.constants import ItemStatus
from ontwikkelwijzer.plans.coverage import LEARNING, Coverage, coverage_from_counts
from ontwikkelwijzer.teams.models import Organisation, Team
from ontwikkelwijzer.workfield.models import Offer, Partner

ZERO = Decimal(0)


# --- The figures of a school year --------------------------------------------------------------------


@dataclass(frozen=True)
class Hours:
    budget: Decimal = ZERO  # sum of the plans' budgets
    planned: Decimal = ZERO  # sum of the estimated hours of the counted items
    spent: Decimal | None = ZERO  # sum of the hours in the log of the teachers who share it; None: not shown

    @property
    def over_budget(self) -> bool:
        return self.planned > self.budget


@dataclass(frozen=True)
class Progress:
    """Plan-do-check-act over the counted items (planned, in progress, done). The last three are of the
    teachers who share their log and reflections only, and None when not shown (``year_figures``)."""

    by_status: dict[str, int]  # every status, cancelled and carried over included
    counted: int
    with_log: int | None  # do
    with_reflection: int | None  # check
    with_follow_up: int | None  # act


@dataclass(frozen=True)
class YearFigures:
    school_year: str
    coverage: Coverage
    hours: Hours
    progress: Progress
    workfield: int  # counted items of an activity together with the work field
    plans: int
    sharing: int  # teachers with a plan who share their log and reflections: the log figures are theirs


# --- From the counters of a group (overviews.stats) -----------------------------------------------------


def counters(
    organisation: Organisation, *, school_years: Iterable[str], team: Team | None = None
) -> dict[tuple[int | None, str], dict[str, int]]:
    """The counters of the organisation's groups, keyed by (team id or None, school year). One query.

    Without ``team``: every team and the whole organisation in those school years ("" is the year-less
    row, with the number of teachers). With ``team``: that team in those school years only.
    """
    rows = GroupStats.objects.filter(organisation=organisation, school_year__in=list(school_years))
    if team is not None:
        rows = rows.filter(team=team)
    return {(row.team_id, row.school_year): row.counts for row in rows.only("team", "school_year", "counts")}


def year_figures(
    school_year: str,
    counts: Mapping[str, int],
    aspect_codes: list[str],
    category_codes: list[str],
    *,
    with_log: bool,
) -> YearFigures:
    """The figures of a school year from a group's counters of that year; the log figures only when
    ``with_log`` (else None): only the team's own leader sees them (``team_overview``)."""

    def log(name: str) -> int | None:
        return counts.get(name, 0) if with_log else None

    cells = {
        (aspect, category, informal == "1", formal == "1"): n
        for (aspect, category, informal, formal), n in keys.of_kind(counts, Name.COVERAGE)
    }
    return YearFigures(
        school_year=school_year,
        coverage=coverage_from_counts(
            cells,
            {code: counts.get(Name.OWN.of(code), 0) for code in aspect_codes},
            {code: counts.get(Name.CATEGORY.of(code), 0) for code in category_codes},
            counts.get("total", 0),
            aspect_codes,
            category_codes,
        ),
        hours=Hours(
            budget=hours(counts.get("budget", 0)),
            planned=hours(counts.get("planned", 0)),
            spent=hours(counts.get("spent", 0)) if with_log else None,
        ),
        progress=Progress(
            by_status={status: counts.get(Name.STATUS.of(status), 0) for status in ItemStatus.values},
            counted=counts.get("total", 0),
            with_log=log("log"),
            with_reflection=log("reflection"),
            with_follow_up=log("follow_up"),
        ),
        workfield=counts.get("workfield", 0),
        plans=counts.get("plans", 0),
        sharing=counts.get("sharing", 0),
    )


def hours(in_tenths: int) -> Decimal:
    return Decimal(in_tenths) / 10


# --- Scans -------------------------------------------------------------------------------------------


def people(counts: Mapping[str, int], aspect: str) -> int:
    """Teachers in the group who answered a statement of the aspect in their scan of the year."""
    return counts.get(Name.SCAN_PEOPLE.of(aspect), 0)


def answers(counts: Mapping[str, int], aspect: str) -> int:
    return counts.get(Name.SCAN_ANSWERS.of(aspect), 0)


def mean(counts: Mapping[str, int], aspect: str) -> float | None:
    """The mean answer on the aspect, one decimal; None without answers."""
    n = answers(counts, aspect)
    return round(counts.get(Name.SCAN_SUM.of(aspect), 0) / n, 1) if n else None


@dataclass(frozen=True)
class ScanScore:
    aspect: Aspect
    people: int  # teachers behind the figure who answered a statement of this aspect
    score: float | None  # their mean answer 1-5, one decimal; None when not shown
    shown: bool  # False: fewer than k people (suppression.shows)


def scan_scores(counts: Mapping[str, int], aspects: list[Aspect], k: int) -> list[ScanScore]:
    """A group's mean per aspect from its published counters (``overviews.snapshots``), each shown only from k
    people on. Whether a group is shown depends on that group alone, so every page and download agrees."""
    found = []
    for aspect in aspects:
        n = people(counts, aspect.code)
        shown = suppression.shows(n, k)
        found.append(ScanScore(aspect, n, mean(counts, aspect.code) if shown else None, shown))
    return found


def shown_together(groups: Iterable[Mapping[str, int]], aspects: list[Aspect], k: int) -> list[ScanScore]:
    """Per aspect the mean over the groups shown on that aspect, never over a hidden one: the figure for the
    organisation. Taking the shown groups from it leaves nothing, so it singles out no hidden group."""
    groups = list(groups)
    found = []
    for aspect in aspects:
        code = aspect.code
        shown = [g for g in groups if suppression.shows(people(g, code), k)]
        total = {
            f"scan_{name}:{code}": sum(g.get(f"scan_{name}:{code}", 0) for g in shown)
            for name in ("people", "sum", "answers")
        }
        found.append(
            ScanScore(aspect, people(total, code), mean(total, code) if shown else None, bool(shown))
        )
    return found


# --- Counts of plan items with few teachers behind them ----------------------------------------------


@dataclass(frozen=True)
class Kind:
    """How an activity counts in the sums the overview shows."""

    category: str
    informal: bool
    formal: bool
    workfield: bool


def school_activities(organisation: Organisation, framework: Framework) -> list[Activity]:
    """The framework's activities and the school's own, in the framework's order, with their category."""
    return list(
        Activity.everything.filter(framework=framework)
        .filter(Q(organisation__isnull=True) | Q(organisation=organisation))
        .select_related("category")
        .order_by("position", "pk")
    )


def activity_kinds(activities: Iterable[Activity], codes: Iterable[str] = ()) -> dict[str, Kind]:
    """The kind of each of the activities, and of the other codes asked for (counted in a plan of an earlier
    framework version): no query, one when there are such codes."""
    found = {a.code: _kind(a) for a in activities}
    missing = set(codes) - set(found)
    if missing:
        for activity in (
            Activity.everything.filter(code__in=missing).select_related("category").order_by("pk")
        ):
            found[activity.code] = _kind(activity)  # the latest version of that code wins
    return found


def counted_codes(counts: Mapping[str, int]) -> set[str]:
    """The activity codes in a group's counters."""
    return {code for (code,), _n in keys.of_kind(counts, Name.ACTIVITY)}


def _kind(activity: Activity) -> Kind:
    return Kind(activity.category.code, activity.informal, activity.formal, activity.involves_workfield)


def activity_margins(kinds: Mapping[str, Kind]) -> list[suppression.Relation[str]]:
    """The sums of activity counts the overview shows for a school year: every activity (the activities
    counted minus the teachers' own), the informal ones, the formal ones, those with the work field."""
    found = [
        {code: 1 for code in kinds},
        {code: 1 for code, kind in kinds.items() if kind.informal},
        {code: 1 for code, kind in kinds.items() if kind.formal},
        {code: 1 for code, kind in kinds.items() if kind.workfield},
    ]
    return [relation for relation in found if relation]


def category_modes(kinds: Mapping[str, Kind]) -> dict[tuple[str, str], list[str]]:
    """The activities per category and learning mode. The coverage table counts the items per aspect of each
    such group: when every item has one aspect, its aspects add up to the group's activities."""
    groups: dict[tuple[str, str], list[str]] = {}
    for code, kind in kinds.items():
        for mode in LEARNING:
            if getattr(kind, mode):
                groups.setdefault((kind.category, mode), []).append(code)
    return groups


def activity_cells(counts: Mapping[str, int], kinds: Mapping[str, Kind]) -> dict[str, tuple[int, int]]:
    """code -> (counted items, distinct teachers) in the year, from a group's counters."""
    return {
        code: (counts.get(Name.ACTIVITY.of(code), 0), counts.get(Name.ACTIVITY_PEOPLE.of(code), 0))
        for code in kinds
    }


def hidden_in_year(
    by_year: Mapping[str, Mapping[str, int]], school_year: str, activities: Iterable[Activity], k: int
) -> set[str]:
    """``hidden_activities`` of a school year from the organisation's counters of every year (their codes,
    as the research export has them): the overview, its downloads and the curriculum view hide the same."""
    codes = set().union(*(counted_codes(counts) for year, counts in by_year.items() if year))
    return hidden_activities(by_year.get(school_year, {}), activity_kinds(activities, codes), k)


def hidden_activities(counts: Mapping[str, int], kinds: Mapping[str, Kind], k: int) -> set[str]:
    """The activities whose counts (items, teachers) of the year are not shown: fewer than k teachers, and
    those hidden so that none of these follows from the shown ones and the sums on the page (the margins and,
    per category and learning mode, the coverage table). The research export hides the same ones."""
    k = suppression.threshold(k)
    cells = activity_cells(counts, kinds)
    primary = {code for code, (items, teachers) in cells.items() if 0 < teachers < k}
    relations = activity_margins(kinds) + [
        dict.fromkeys(codes, 1) for codes in category_modes(kinds).values()
    ]
    known_zero = {code for r in relations if not sum(cells[c][0] for c in r) for code in r}
    candidates = {
        code: (teachers, items)
        for code, (items, teachers) in cells.items()
        if code not in primary and code not in known_zero
    }
    return suppression.protect(relations, primary, candidates)


# --- Work-field partners -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PartnerUse:
    """A work-field partner the group worked with in the school year (accepted requests for its offers);
    ``kinds`` empty when they are not shown (``partner_uses``)."""

    name: str
    activities: int
    kinds: list[tuple[str, int]]  # (kind of offer, as shown; number), most first


def partner_uses(counts: Mapping[str, int], k: int | None = None) -> list[PartnerUse]:
    """The partners in a group's counters, most activities first. One query for their names.

    With ``k`` (for someone who does not see the teachers' plans): only the partners that at least k of the
    group's teachers worked with, and their kinds of offer only when each kind has k teachers behind it."""
    totals = {int(pk): n for (pk,), n in keys.of_kind(counts, Name.PARTNER)}
    if k is not None:
        totals = {
            pk: n
            for pk, n in totals.items()
            if suppression.shows(counts.get(Name.PARTNER_PEOPLE.of(pk), 0), k)
        }
    if not totals:
        return []
    labels = dict(Offer.Kind.choices)
    kinds: dict[int, list[tuple[str, int]]] = {}
    small: set[int] = set()  # partners with a kind of offer that fewer than k teachers took
    for (partner, kind), n in keys.of_kind(counts, Name.PARTNER_KIND):
        kinds.setdefault(int(partner), []).append((str(labels.get(kind, kind)), n))
        if k is not None and not suppression.shows(
            counts.get(Name.PARTNER_KIND_PEOPLE.of(partner, kind), 0), k
        ):
            small.add(int(partner))
    for pk in small:
        kinds[pk] = []
    names = dict(Partner.objects.filter(pk__in=totals).values_list("pk", "name"))
    found = [
        PartnerUse(name=names[pk], activities=n, kinds=sorted(kinds.get(pk, []), key=lambda k: (-k[1], k[0])))
        for pk, n in totals.items()
        if pk in names
    ]
    return sorted(found, key=lambda p: (-p.activities, p.name))

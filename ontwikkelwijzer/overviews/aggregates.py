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

import weakref
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal

from ontwikkelwijzer.framework.models import Activity, Aspect, Framework
from ontwikkelwijzer.framework.selectors import Snapshot, framework_snapshot
from ontwikkelwijzer.overviews import snapshots, suppression
from ontwikkelwijzer.overviews.keys import SEPARATOR, Name
from ontwikkelwijzer.overviews.models import GroupStats
from ontwikkelwijzer.plans.constants import ItemStatus
from ontwikkelwijzer.plans.coverage import LEARNING, Coverage, coverage_from_counts
from ontwikkelwijzer.teams.models import Organisation, Team
from ontwikkelwijzer.workfield.models import Offer, Partner

ZERO = Decimal(0)


def of_kind(counts: Mapping[str, int], kind: Name) -> Iterator[tuple[tuple[str, ...], int]]:
    """``keys.of_kind``: the counters of one kind in a row's counts, (their parts, the count). A row holds
    hundreds of counters (two per activity); this tells them by the start of their name, where
    ``keys.of_kind`` parses every one, which the overviews would do for every row they show."""
    prefix = kind.value + SEPARATOR
    start = len(prefix)
    for name, n in counts.items():
        if name.startswith(prefix):
            yield tuple(name[start:].split(SEPARATOR)), n


# The start of the names of a family of counters (``Name.ACTIVITY.of(code)`` is ACTIVITY + code), made once:
# the overviews look up thousands of counters a page.
ACTIVITY = Name.ACTIVITY.of("")
ACTIVITY_PEOPLE = Name.ACTIVITY_PEOPLE.of("")
_COVERAGE = Name.COVERAGE.of("")
_OWN = Name.OWN.of("")
_CATEGORY = Name.CATEGORY.of("")
_SCAN_PEOPLE = Name.SCAN_PEOPLE.of("")
_SCAN_SUM = Name.SCAN_SUM.of("")
_SCAN_ANSWERS = Name.SCAN_ANSWERS.of("")
_STATUSES = [(status, Name.STATUS.of(status)) for status in ItemStatus.values]


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

    cells = {}
    start = len(_COVERAGE)
    for name, n in counts.items():
        if name.startswith(_COVERAGE):
            aspect, category, informal, formal = name[start:].split(SEPARATOR)
            cells[(aspect, category, informal == "1", formal == "1")] = n
    return YearFigures(
        school_year=school_year,
        coverage=coverage_from_counts(
            cells,
            {code: counts.get(_OWN + code, 0) for code in aspect_codes},
            {code: counts.get(_CATEGORY + code, 0) for code in category_codes},
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
            by_status={status: counts.get(name, 0) for status, name in _STATUSES},
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
    return counts.get(_SCAN_PEOPLE + aspect, 0)


def answers(counts: Mapping[str, int], aspect: str) -> int:
    return counts.get(_SCAN_ANSWERS + aspect, 0)


def mean(counts: Mapping[str, int], aspect: str) -> float | None:
    """The mean answer on the aspect, one decimal; None without answers."""
    n = answers(counts, aspect)
    return round(counts.get(_SCAN_SUM + aspect, 0) / n, 1) if n else None


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


def shown_together_on(line: snapshots.Line, aspects: list[Aspect], k: int) -> list[ScanScore]:
    """``shown_together`` over every group of a publication, from its ``snapshots.Line`` (which must cover
    the aspects): the same figures, without the groups."""
    k = suppression.threshold(k)
    found = []
    for aspect in aspects:
        shown, total = line.over(aspect.code, k)
        found.append(
            ScanScore(aspect, people(total, aspect.code), mean(total, aspect.code) if shown else None, shown)
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


class SchoolActivities(list[Activity]):
    """``school_activities``: the list, and what is worked out from the framework's part of it once per
    framework snapshot (``_framework_part``), for ``activity_kinds`` and ``hidden_in_year``."""

    framework_part: "_FrameworkPart"
    own: list[Activity]


@dataclass(frozen=True)
class _FrameworkPart:
    """What the overviews work out from the framework's activities alone, kept as long as the framework's
    snapshot is (``framework_snapshot``: per version and checksum, so it holds as long as the rows do)."""

    activities: list[Activity]  # in the framework's order
    kinds: dict[str, "Kind"]  # in that order
    relations: list[suppression.Relation[str]]  # ``_relations(kinds)``


# id of a snapshot -> (the snapshot, its part); the snapshot is checked, as another can have its id later
_parts: dict[int, tuple[weakref.ref[Snapshot], _FrameworkPart]] = {}


def _framework_part(framework: Framework) -> _FrameworkPart:
    snapshot = framework_snapshot(framework=framework)
    found = _parts.get(id(snapshot))
    if found is not None and found[0]() is snapshot:
        return found[1]
    activities = sorted(snapshot.activities, key=lambda a: (a.position, a.pk))
    kinds = {a.code: _kind(a) for a in activities}
    part = _FrameworkPart(activities, kinds, _relations(kinds))
    for key in [key for key, (ref, _part) in _parts.items() if ref() is None]:
        del _parts[key]  # of snapshots that are gone
    _parts[id(snapshot)] = (weakref.ref(snapshot), part)
    return part


def school_activities(organisation: Organisation, framework: Framework) -> SchoolActivities:
    """The framework's activities and the school's own, in the framework's order, with their category. One
    query: the framework's are read once per process (``framework_snapshot``, shared by every request: read
    them, never change them), the school's own every time."""
    part = _framework_part(framework)
    own = list(
        Activity.everything.filter(framework=framework, organisation=organisation).select_related("category")
    )
    found = SchoolActivities(
        sorted([*part.activities, *own], key=lambda a: (a.position, a.pk)) if own else part.activities
    )
    found.framework_part, found.own = part, own
    return found


def activity_kinds(activities: Iterable[Activity], codes: Iterable[str] = ()) -> dict[str, Kind]:
    """The kind of each of the activities, and of the other codes asked for (counted in a plan of an earlier
    framework version): no query, one when there are such codes."""
    if isinstance(activities, SchoolActivities) and not activities.own:
        found = dict(activities.framework_part.kinds)
    elif isinstance(activities, SchoolActivities):
        known, own = activities.framework_part.kinds, {id(a) for a in activities.own}
        found = {a.code: _kind(a) if id(a) in own else known[a.code] for a in activities}
    else:
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
    return {code for (code,), _n in of_kind(counts, Name.ACTIVITY)}


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
    return {code: (counts.get(ACTIVITY + code, 0), counts.get(ACTIVITY_PEOPLE + code, 0)) for code in kinds}


def hidden_in_year(
    by_year: Mapping[str, Mapping[str, int]], school_year: str, activities: Iterable[Activity], k: int
) -> set[str]:
    """``hidden_activities`` of a school year from the organisation's counters of every year (their codes,
    as the research export has them): the overview, its downloads and the curriculum view hide the same."""
    codes = set().union(*(counted_codes(counts) for year, counts in by_year.items() if year))
    kinds = activity_kinds(activities, codes)
    relations = None
    if isinstance(activities, SchoolActivities) and kinds.keys() == activities.framework_part.kinds.keys():
        relations = activities.framework_part.relations  # only the framework's activities: made already
    return hidden_activities(by_year.get(school_year, {}), kinds, k, relations=relations)


def _relations(kinds: Mapping[str, Kind]) -> list[suppression.Relation[str]]:
    """The sums of activity counts on the page: the margins and, per category and learning mode, the
    coverage table's."""
    return activity_margins(kinds) + [dict.fromkeys(codes, 1) for codes in category_modes(kinds).values()]


def hidden_activities(
    counts: Mapping[str, int],
    kinds: Mapping[str, Kind],
    k: int,
    *,
    relations: list[suppression.Relation[str]] | None = None,
) -> set[str]:
    """The activities whose counts (items, teachers) of the year are not shown: fewer than k teachers, and
    those hidden so that none of these follows from the shown ones and the sums on the page (the margins and,
    per category and learning mode, the coverage table). The research export hides the same ones.
    ``relations``: ``_relations(kinds)``, when the caller has them already."""
    k = suppression.threshold(k)
    cells = activity_cells(counts, kinds)
    primary = {code for code, (items, teachers) in cells.items() if 0 < teachers < k}
    if not primary:
        return set()  # nothing hidden, so nothing follows from what is shown (``suppression.protect``)
    relations = _relations(kinds) if relations is None else relations
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
    totals = {int(pk): n for (pk,), n in of_kind(counts, Name.PARTNER)}
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
    for (partner, kind), n in of_kind(counts, Name.PARTNER_KIND):
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

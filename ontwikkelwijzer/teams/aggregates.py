"""The figures shared by the team overview (``teams.overview``) and the organisation overview
(``teams.org_overview``), read from the counters that ``teams.stats`` keeps up to date: the figures of a
school year (coverage, hours, the cycle), scan means, and which teams' scan means must be hidden.

Scan means go through ``teams.privacy``. The teams must be disjoint for the suppression, so a teacher in
more than one team counts in the scan figures of one of them only, their home team (the lowest id), and
the team overview shows a team's scan profile exactly as the organisation overview shows that team.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from ontwikkelwijzer.plans.constants import ItemStatus
from ontwikkelwijzer.plans.coverage import Coverage, coverage_from_counts
from ontwikkelwijzer.teams import privacy
from ontwikkelwijzer.teams.models import GroupStats, Organisation, Team
from ontwikkelwijzer.workfield.models import Offer, Partner

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


# --- From the counters of a group (teams.stats) -----------------------------------------------------


def counters(organisation: Organisation, *, school_years: Iterable[str], team: Team | None = None) -> dict:
    """The counters of the organisation's groups, keyed by (team id or None, school year). One query.

    Without ``team``: every team and the whole organisation in those school years ("" is the year-less
    row, with the number of teachers). With ``team``: that team in those school years, and the home-team
    scan counters of every group in the first of them (for ``suppression``).
    """
    school_years = list(school_years)
    rows = GroupStats.objects.filter(organisation=organisation)
    if team is None:
        rows = rows.filter(school_year__in=school_years)
    else:
        rows = rows.filter(Q(team=team, school_year__in=school_years) | Q(school_year=school_years[0]))
    return {(row.team_id, row.school_year): row.counts for row in rows.only("team", "school_year", "counts")}


def year_figures(
    school_year: str, counts: Mapping[str, int], aspect_codes: list[str], category_codes: list[str]
) -> YearFigures:
    """The figures of a school year from a group's counters of that year."""
    cells = {}
    for name, n in counts.items():
        if name.startswith("cov:"):
            _, aspect, category, informal, formal = name.split(":")
            cells[(aspect, category, informal == "1", formal == "1")] = n
    return YearFigures(
        school_year=school_year,
        coverage=coverage_from_counts(
            cells,
            {code: counts.get(f"own:{code}", 0) for code in aspect_codes},
            {code: counts.get(f"cat:{code}", 0) for code in category_codes},
            counts.get("total", 0),
            aspect_codes,
            category_codes,
        ),
        hours=Hours(
            budget=hours(counts.get("budget", 0)),
            planned=hours(counts.get("planned", 0)),
            spent=hours(counts.get("spent", 0)),
        ),
        progress=Progress(
            by_status={status: counts.get(f"status:{status}", 0) for status in ItemStatus.values},
            counted=counts.get("total", 0),
            with_log=counts.get("log", 0),
            with_reflection=counts.get("reflection", 0),
            with_follow_up=counts.get("follow_up", 0),
        ),
        workfield=counts.get("workfield", 0),
        plans=counts.get("plans", 0),
    )


def hours(in_tenths: int) -> Decimal:
    return Decimal(in_tenths) / 10


# --- Scans -------------------------------------------------------------------------------------------


def people(counts: Mapping[str, int], aspect: str) -> int:
    """Teachers in the group who answered a statement of the aspect in their scan of the year."""
    return counts.get(f"scan_people:{aspect}", 0)


def answers(counts: Mapping[str, int], aspect: str) -> int:
    return counts.get(f"scan_answers:{aspect}", 0)


def mean(counts: Mapping[str, int], aspect: str) -> float | None:
    """The mean answer on the aspect, one decimal; None without answers."""
    n = answers(counts, aspect)
    return round(counts.get(f"scan_sum:{aspect}", 0) / n, 1) if n else None


@dataclass(frozen=True)
class Suppression:
    """Who may be shown for one aspect, as the organisation overview shows its teams and its total."""

    people: dict[int, int]  # team -> teachers with that home team who answered on the aspect
    total: int  # every teacher of the organisation who did, also those in no team
    total_shown: bool
    hidden: set[int]  # teams whose figure on the aspect must not be shown


def suppression(
    by_home: Mapping[int | None, Mapping[str, int]], team_ids: Iterable[int], aspect_codes: list[str], k: int
) -> list[Suppression]:
    """Per aspect: which of the teams are hidden (``privacy.suppress``) with the organisation total shown
    from k people on. ``by_home``: the scan counters per home team (``teams.stats``), None for the whole
    organisation (which also counts the teachers in no team).

    A team with no counters counts as 0 people: it is hidden, and hiding it changes nothing for the
    others, so passing only the teams with counters (and the one asked about) gives the same answer as
    passing all.
    """
    team_ids = list(team_ids)
    found = []
    for aspect in aspect_codes:
        per_team = {pk: people(by_home.get(pk, {}), aspect) for pk in team_ids}
        total = people(by_home.get(None, {}), aspect)
        total_shown = privacy.shows_total(total, k)
        hidden = privacy.suppress(per_team, total_shown, k, total=total)
        found.append(Suppression(people=per_team, total=total, total_shown=total_shown, hidden=hidden))
    return found


# --- Work-field partners -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PartnerUse:
    """A work-field partner the group worked with in the school year (accepted requests for its offers)."""

    name: str
    activities: int
    kinds: list[tuple[str, int]]  # (kind of offer, as shown; number), most first


def partner_uses(counts: Mapping[str, int]) -> list[PartnerUse]:
    """The partners in a group's counters, most activities first. One query for their names."""
    totals = {int(name.split(":")[1]): n for name, n in counts.items() if name.startswith("partner:")}
    if not totals:
        return []
    labels = dict(Offer.Kind.choices)
    kinds: dict[int, list[tuple[str, int]]] = {}
    for name, n in counts.items():
        if name.startswith("partnerkind:"):
            _, partner, kind = name.split(":")
            kinds.setdefault(int(partner), []).append((str(labels.get(kind, kind)), n))
    names = dict(Partner.objects.filter(pk__in=totals).values_list("pk", "name"))
    found = [
        PartnerUse(name=names[pk], activities=n, kinds=sorted(kinds.get(pk, []), key=lambda k: (-k[1], k[0])))
        for pk, n in totals.items()
        if pk in names
    ]
    return sorted(found, key=lambda p: (-p.activities, p.name))

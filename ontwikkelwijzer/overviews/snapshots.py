"""Self-scan figures of groups as published snapshots, not live, so that a before and after gives no one away.

A team's mean self-scan per aspect that follows every scan, join and leave at once tells a team leader one
teacher's answers: the mean before and after that teacher scanned, joined or left. So the overviews (pages and
downloads) read the figures from the latest **publication** of the organisation's school year: per group (a
team: its teachers whose home team it is; the teachers without a team; everyone, for counts only) the counters
of ``overviews.stats`` (per aspect: the people who answered, the sum and the number of answers) as they were
published. A publication takes in what changed since the previous one by this rule:

1. at most once per ``SCAN_SNAPSHOT_DAYS`` days (a setting, default 7) after the previous one;
2. a person's change (a new scan, joining or leaving the organisation or a team, moving to another home
   team, their account deleted) is taken in only when, for every group and aspect its old or its new part
   counts in (also where a rescan kept the same answer), at least two people taken in with it made a new
   self-scan since the previous publication that answers on that aspect in that group ("fresh"); the other
   changes wait, with what they had in the published figures,
   until a publication where they do (``release``: the largest set of changes that meets this);
3. the first publication of a school year is the live figures (there is nothing before it to compare with);
4. once a school year is over no new scan can count in it: its figures take in what the rule lets through
   at the next look, and then stay as they are (changes after the end are not recorded, what still waits is
   dropped).

Why this is enough: every time a group's figure on an aspect changes, at least two new, never published
answers go into it, and these appear in no other group's figure. A viewer who compares any two publications
(not only consecutive ones) and any groups they see, therefore always faces at least two unknown new
answers for each change, and cannot solve for one person's answer. A join, leave or move alone is not new
answering, so it waits for two new scans in each group it changes: then the difference is the leaver's old
answers plus at least two new ones, never the leaver's alone. (``test_scan_snapshots`` checks this as a
property over random sequences of scans, joins, leaves, moves and weeks.) Counts (how many people scanned)
are not scores and are published the same way, so they agree with the means.

How: ``note`` (called by ``overviews.stats.refresh`` and ``forget``) records, for a publication that exists,
per person who changed the scan part they have in the published figures (the first change only, so the
baseline), and marks the publication dirty. On read, ``current`` publishes lazily when the period is over and
something changed (``publish``: a fixed number of queries whatever the size of the organisation; the rows it
reads grow with the number of teams and of people who changed, not with the people or scans); otherwise it
costs one query. No cron job is needed. A publication also keeps, in the row of everyone, what the
organisation's line over the groups shown needs of all the groups (``Line``: sums by group size, whatever the
smallest group shown), so that a page of teams reads the rows of its own teams only. When someone's account
is deleted, their entry is kept under an unlinked token (not their id) until it can be published.
"""

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import IntegerField, JSONField, OuterRef, Q, Subquery
from django.db.models.expressions import RawSQL
from django.utils import timezone

from ontwikkelwijzer.core import schoolyear
from ontwikkelwijzer.overviews import keys
from ontwikkelwijzer.overviews.keys import GroupKey, Name
from ontwikkelwijzer.overviews.models import GroupStats, ScanPublication, ScanSnapshot, UserStats
from ontwikkelwijzer.scan.models import Scan
from ontwikkelwijzer.teams.models import Organisation, Team

DEFAULT_DAYS = 7
NO_TEAM = 0  # the cell of the teachers of the organisation without a team
FRESH = 2  # new scans it takes to change a group's figure on an aspect

Counters = dict[str, int]
Part = tuple[int, Counters]  # (cell: home team id or NO_TEAM, the scan counters) of one person


def period() -> timedelta:
    return timedelta(days=int(getattr(settings, "SCAN_SNAPSHOT_DAYS", DEFAULT_DAYS)))


# --- The rule (pure) ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One person since the previous publication: what they have in it, what they have now, and whether they
    made a new scan of the school year since."""

    was: Part | None
    now: Part | None
    fresh: bool = False


def due(published_at: datetime | None, now: datetime) -> bool:
    return published_at is None or now - published_at >= period()


def over(school_year: str, now: datetime) -> bool:
    """Whether the school year has ended: no new scan can count in it any more."""
    return school_year < schoolyear.school_year_at(now)


def _by_cell_aspect(part: Part | None) -> dict[tuple[int, str], tuple[int, int, int]]:
    if part is None:
        return {}
    cell, counts = part
    return {
        (cell, aspect): (
            n,
            counts.get(Name.SCAN_SUM.of(aspect), 0),
            counts.get(Name.SCAN_ANSWERS.of(aspect), 0),
        )
        for (aspect,), n in keys.of_kind(counts, Name.SCAN_PEOPLE)
    }


def touched(change: Change) -> set[tuple[int, str]]:
    """The (group, aspect) figures the change moves: every figure of the old and of the new part, also where
    the counters happen to be equal. A new scan replaces the old one on every aspect; if an aspect whose
    answer stayed the same counted as unmoved, whether the change is published would depend on that answer,
    and a viewer who knows someone rescanned would learn that it did not change."""
    if change.was == change.now:
        return set()
    return _by_cell_aspect(change.was).keys() | _by_cell_aspect(change.now).keys()


def fresh_in(change: Change) -> set[tuple[int, str]]:
    """The (group, aspect) figures the change moves with a new scan that answers there."""
    if not change.fresh:
        return set()
    now = _by_cell_aspect(change.now)
    return {key for key in touched(change) if key in now}


def release[K](changes: Mapping[K, Change]) -> set[K]:
    """The changes the next publication takes in: the largest set in which every (group, aspect) figure that
    a change in it moves is moved by at least ``FRESH`` fresh changes in it.

    Sets that meet the condition are closed under union, so the largest exists; a change alone on a figure
    with fewer than two fresh changes of the set on it cannot be in any such set, so removing those until none
    is left finds it.
    """
    moves = {key: touched(change) for key, change in changes.items()}
    new = {key: fresh_in(change) for key, change in changes.items()}
    chosen = {key for key, figures in moves.items() if figures or changes[key].was != changes[key].now}
    while True:
        counts: dict[tuple[int, str], int] = {}
        for key in chosen:
            for figure in new[key]:
                counts[figure] = counts.get(figure, 0) + 1
        short = {figure for key in chosen for figure in moves[key] if counts.get(figure, 0) < FRESH}
        if not short:
            return chosen
        chosen = {key for key in chosen if not moves[key] & short}


def published_cells(live: Mapping[int, Counters], held: Iterable[Change]) -> dict[int, Counters]:
    """The figures per cell to publish: the live ones with the changes that wait undone."""
    cells = {cell: dict(counts) for cell, counts in live.items()}
    for change in held:
        if change.now is not None:
            _add(cells.setdefault(change.now[0], {}), change.now[1], -1)
        if change.was is not None:
            _add(cells.setdefault(change.was[0], {}), change.was[1], 1)
    return {cell: {n: v for n, v in counts.items() if v > 0} for cell, counts in cells.items()}


def _add(target: Counters, more: Mapping[str, int], sign: int) -> None:
    for name, n in more.items():
        value = target.get(name, 0) + sign * n
        if value:
            target[name] = value
        else:
            target.pop(name, None)


# --- A person's scan part in the counters of overviews.stats ---------------------------------------------


def scan_counters(counts: Mapping[str, int]) -> Counters:
    return {name: n for name, n in counts.items() if keys.is_scan(name)}


def parts(contributions: Mapping[str, Mapping[str, int]]) -> dict[tuple[int, str], Part]:
    """Per (organisation, school year): the person's cell and scan counters, from what ``overviews.stats``
    applies for them (``UserStats.contributions``: "organisation:team:school_year" -> counters; the scan
    counts in the organisation's row and in the home team's)."""
    totals: dict[tuple[int, str], Counters] = {}
    homes: dict[tuple[int, str], int] = {}
    for key, counts in contributions.items():
        row = GroupKey.parse(key)
        scan = scan_counters(counts)
        if not row.school_year or not scan:
            continue
        group = (row.organisation, row.school_year)
        if row.team:
            homes[group] = row.team
        else:
            totals[group] = scan
    return {group: (homes.get(group, NO_TEAM), scan) for group, scan in totals.items()}


def _stored(part: Part | None) -> list[object] | None:
    return None if part is None else [part[0], part[1]]


def _loaded(value: list[Any] | None) -> Part | None:
    return None if value is None else (int(value[0]), dict(value[1]))


# --- Writes: what changed since the last publication -------------------------------------------------


def note(changes: Mapping[int, tuple[Mapping[str, Counters], Mapping[str, Counters]]]) -> None:
    """People's contributions changed (user -> (before, after), as ``overviews.stats`` applies them): remember
    the published scan part of whoever's changed, in the publications that exist. No query when no scan part
    changed (a plan item, say)."""
    found: dict[tuple[int, str], dict[str, list[object] | None]] = {}
    for user, (before, after) in changes.items():
        old, new = parts(before), parts(after)
        for group in old.keys() | new.keys():
            if old.get(group) != new.get(group):
                found.setdefault(group, {})[str(user)] = _stored(old.get(group))
    now = timezone.now()
    found = {group: people for group, people in found.items() if not over(group[1], now)}
    if not found:
        return
    rows = ScanPublication.objects.select_for_update().filter(
        organisation_id__in={o for o, _y in found}, school_year__in={y for _o, y in found}
    )
    changed = []
    for row in rows.order_by("pk"):
        people = found.get((row.organisation_id, row.school_year))
        if people is None:
            continue
        for person, was in people.items():
            row.pending.setdefault(person, was)
        row.dirty = True
        changed.append(row)
    ScanPublication.objects.bulk_update(changed, ["pending", "dirty"])


def note_gone(user: int, contributions: Mapping[str, Counters]) -> None:
    """The person's account is being deleted: their scan goes out of the live counters; in the publications
    their entry is kept under a token that links to nobody, until the change can be published."""
    key = str(user)
    now = timezone.now()
    groups = {group: part for group, part in parts(contributions).items() if not over(group[1], now)}
    rows = ScanPublication.objects.select_for_update().filter(
        Q(pending__has_key=key)
        | Q(organisation_id__in={o for o, _y in groups}, school_year__in={y for _o, y in groups})
    )
    changed = []
    for row in rows.order_by("pk"):
        group = (row.organisation_id, row.school_year)
        if key in row.pending:
            was = row.pending.pop(key)
        elif group in groups:
            was = _stored(groups[group])
        else:
            continue
        row.pending[f"gone-{uuid.uuid4().hex}"] = was
        row.dirty = True
        changed.append(row)
    ScanPublication.objects.bulk_update(changed, ["pending", "dirty"])


# --- Publishing --------------------------------------------------------------------------------------


def current(
    organisation: Organisation, school_year: str, *, now: datetime | None = None
) -> ScanPublication | None:
    """The publication to read for the organisation's school year, published first when one is due; None
    while nobody of the organisation has a scan of that year. One query when nothing is due; two while
    nobody has a scan (then there is nothing to publish, and no team's counters are read for it)."""
    now = now or timezone.now()
    publication = ScanPublication.objects.filter(organisation=organisation, school_year=school_year).first()
    if publication is None and not _scanned(organisation, school_year):
        return None
    if publication is None or (publication.dirty and due(publication.published_at, now)):
        publication = publish(organisation, school_year, now=now)
    return publication


def _scanned(organisation: Organisation, school_year: str) -> bool:
    """Whether anyone's scan counts in the organisation's figures of the school year (its row has the
    counter of scans: ``overviews.stats``). A scan counts in a team's row only when it counts in the
    organisation's too, so without it every cell is empty and ``publish`` would publish nothing. The row
    itself is not read."""
    return GroupStats.objects.filter(
        organisation=organisation, team__isnull=True, school_year=school_year, counts__has_key=keys.SCAN
    ).exists()


def publish(
    organisation: Organisation, school_year: str, *, now: datetime | None = None
) -> ScanPublication | None:
    """Publish the figures of the organisation's school year when the rule allows (see the module); the
    publication as it then is (None while there is nothing to publish)."""
    now = now or timezone.now()
    with transaction.atomic():
        publication = (
            ScanPublication.objects.select_for_update()
            .filter(organisation=organisation, school_year=school_year)
            .first()
        )
        if publication is not None and not (publication.dirty and due(publication.published_at, now)):
            return publication  # published a moment ago by another request, or nothing to do
        held: dict[str, Change] = {}
        if publication is not None:
            changes = {key: c for key, c in _changes(publication).items() if c.was != c.now}
            chosen = release(changes)
            held = {key: c for key, c in changes.items() if key not in chosen}
            # once the year is over, what cannot go now never can: no new scan will count in it
            held_on = {} if over(school_year, now) else {key: _stored(c.was) for key, c in held.items()}
            if not chosen:  # nothing may go yet: look again after the next change
                publication.pending = held_on
                publication.dirty = False
                publication.save(update_fields=["pending", "dirty"])
                return publication
        live, teams = _live(organisation, school_year)
        if publication is None and not live:
            return None
        cells = published_cells(live, held.values())
        if publication is None:
            try:
                with transaction.atomic():
                    publication = ScanPublication.objects.create(
                        organisation=organisation, school_year=school_year, published_at=now
                    )
            except IntegrityError:  # the first publication, made at the same moment by another request
                return ScanPublication.objects.get(organisation=organisation, school_year=school_year)
        else:
            publication.published_at = now
            publication.pending = held_on
            publication.dirty = False
            publication.save(update_fields=["published_at", "pending", "dirty"])
            publication.groups.all().delete()
        everyone: Counters = {}
        for counts in cells.values():
            _add(everyone, counts, 1)
        rows = [
            ScanSnapshot(publication=publication, group=ScanSnapshot.Group.TEAM, team_id=cell, counts=counts)
            for cell, counts in cells.items()
            if cell in teams and counts
        ]
        rows.append(
            ScanSnapshot(
                publication=publication, group=ScanSnapshot.Group.NO_TEAM, counts=cells.get(NO_TEAM, {})
            )
        )
        line = _line([row.counts for row in rows])  # the teams' rows and the one without a team
        rows.append(
            ScanSnapshot(
                publication=publication,
                group=ScanSnapshot.Group.ORGANISATION,
                counts=everyone | {LINE: line},
            )
        )
        ScanSnapshot.objects.bulk_create(rows)
    return publication


def _line(groups: list[Counters]) -> dict[str, Any]:
    """What the organisation's line over the groups shown takes from the groups of a publication, whatever
    the smallest group shown (``Line``): per aspect, the sums of the groups by how many of their people
    answered on it; the teachers with a scan, by the most people a group has on any aspect; and how many team
    rows there are. As large as the number of different group sizes, not of groups."""
    aspects: dict[str, dict[str, list[int]]] = {}
    scanned: dict[str, int] = {}
    for counts in groups:
        most = 0
        for name, n in counts.items():
            if name.startswith(_PEOPLE) and n > 0:
                aspect = name[len(_PEOPLE) :]
                sums = aspects.setdefault(aspect, {}).setdefault(str(n), [0, 0, 0])
                sums[0] += n
                sums[1] += counts.get(Name.SCAN_SUM.of(aspect), 0)
                sums[2] += counts.get(Name.SCAN_ANSWERS.of(aspect), 0)
                most = max(most, n)
        if most:
            scanned[str(most)] = scanned.get(str(most), 0) + counts.get(keys.SCAN, 0)
    return {"teams": len(groups) - 1, "aspects": aspects, "scanned": scanned}


def _changes(publication: ScanPublication) -> dict[str, Change]:
    """The pending people with what they have now (``UserStats``) and whether they scanned since.
    Two queries."""
    group = (publication.organisation_id, publication.school_year)
    users = [int(key) for key in publication.pending if key.isdigit()]
    now = {
        str(user): parts(contributions).get(group)
        for user, contributions in UserStats.objects.filter(user_id__in=users).values_list(
            "user_id", "contributions"
        )
    }
    fresh = {
        str(user)
        for user, made in Scan.objects.filter(
            user_id__in=users, created_at__gt=publication.published_at
        ).values_list("user_id", "created_at")
        if schoolyear.school_year_at(made) == publication.school_year
    }
    return {
        key: Change(was=_loaded(was), now=now.get(key), fresh=key in fresh)
        for key, was in publication.pending.items()
    }


def _live(organisation: Organisation, school_year: str) -> tuple[dict[int, Counters], set[int]]:
    """The live scan counters per cell (overviews.stats) and the teams of the organisation. 2 queries."""
    cells: dict[int, Counters] = {}
    everyone: Counters = {}
    for team, counts in GroupStats.objects.filter(
        organisation=organisation, school_year=school_year
    ).values_list("team_id", "counts"):
        scan = scan_counters(counts)
        if team is None:
            everyone = scan
        elif scan:
            cells[team] = scan
    no_team = dict(everyone)
    for counts in cells.values():
        _add(no_team, counts, -1)
    if no_team:
        cells[NO_TEAM] = no_team
    teams = set(Team.objects.filter(organisation=organisation).values_list("pk", flat=True))
    return cells, teams


# --- Reads -------------------------------------------------------------------------------------------


LINE = "_line"  # in the counts of the organisation's row: what ``Line`` is made of (``publish``)
_PEOPLE = Name.SCAN_PEOPLE.of("")  # the start of the name of a group's people per aspect


@dataclass(frozen=True)
class Line:
    """The organisation's line over every group shown (``aggregates.shown_together``), whatever k, without
    the groups: made when the figures are published (``_line``), so that a page of 25 teams does not read
    every team's figures for it.

    Exactly what summing over the groups gives: a group is shown on an aspect from k people on, and a
    group's people on an aspect are a whole number, so the sums over the groups with p people on it for
    every p >= k are the sums over the groups shown. Only for the aspects it has seen (``covers``): a group
    counts in the teachers of the line when it is shown on any aspect of the framework's, and the largest
    number of people a group has on an aspect is over every aspect it answered on."""

    aspects: dict[str, dict[int, tuple[int, int, int]]]  # aspect -> p -> sums (people, sum, answers)
    scanned: dict[int, int]  # the most people a group has on an aspect -> the teachers with a scan

    def covers(self, aspects: Iterable[str]) -> bool:
        """Whether every aspect any group answered on is among these."""
        return set(self.aspects) <= set(aspects)

    def over(self, aspect: str, k: int) -> tuple[bool, Counters]:
        """Whether any group is shown on the aspect (k people or more), and the sum of their counters."""
        people = total = answers = 0
        shown = False
        for p, (n, s, a) in self.aspects.get(aspect, {}).items():
            if p >= k:
                shown = True
                people, total, answers = people + n, total + s, answers + a
        return shown, {
            Name.SCAN_PEOPLE.of(aspect): people,
            Name.SCAN_SUM.of(aspect): total,
            Name.SCAN_ANSWERS.of(aspect): answers,
        }

    def together(self, k: int) -> int:
        """The teachers with a scan in the groups shown on some aspect."""
        return sum(n for most, n in self.scanned.items() if most >= k)


@dataclass(frozen=True)
class Published:
    """The published scan counters of an organisation's school year (empty before the first)."""

    published_at: datetime | None
    teams: dict[int, Counters]  # team -> the counters of the teachers whose home team it is
    no_team: Counters
    everyone: Counters  # for counts only: every teacher of the organisation
    # with ``teams`` asked for: the line over every group (None when it cannot be used: then ``teams`` has
    # every team; and None when every group or one team is read)
    line: Line | None = None


def published(
    organisation: Organisation,
    school_year: str,
    *,
    team: Team | None = None,
    teams: Iterable[int] | None = None,
    now: datetime | None = None,
) -> Published:
    """The published figures of every group (team None), of one team only, or of the ``teams`` asked for (a
    page of them) with the groups without a team and everyone, and the line over every group shown
    (``Line``). Every group: two queries when nothing is due. One team, or a page of teams: one query when
    nothing is due (the publication comes with its rows); for a page, one more when the line cannot be used
    (the publication is from before lines, or a team was deleted since and its row went with it), and then
    every team is read."""
    now = now or timezone.now()
    if team is not None:
        found = _of_team(organisation, school_year, team, now)
        if found is not None:
            return found
    elif teams is not None:
        found = _of_page(organisation, school_year, list(teams), now)
        if found is not None:
            return found
    publication = current(organisation, school_year, now=now)  # publishes first when one is due
    if publication is None:
        return Published(published_at=None, teams={}, no_team={}, everyone={}, line=None)
    rows = publication.groups.all() if team is None else publication.groups.filter(team=team)
    return _published(publication.published_at, rows.values_list(*_ROW))


def _of_team(organisation: Organisation, school_year: str, team: Team, now: datetime) -> Published | None:
    """The team's published figures with its publication, in one query; None when there is no publication
    yet or one is due (``current`` then publishes)."""
    row = ScanSnapshot.objects.filter(publication=OuterRef("pk"), team=team).values("counts")[:1]
    publication = (
        ScanPublication.objects.filter(organisation=organisation, school_year=school_year)
        .annotate(team_counts=Subquery(row, output_field=JSONField()))
        .order_by("pk")
        .first()
    )
    if publication is None or (publication.dirty and due(publication.published_at, now)):
        return None
    counts = publication.team_counts
    return Published(
        published_at=publication.published_at,
        teams={} if counts is None else {team.pk: counts},
        no_team={},
        everyone={},
    )


def _of_page(
    organisation: Organisation, school_year: str, teams: list[int], now: datetime
) -> Published | None:
    """The published figures of the teams, the one without a team and everyone, and the line, with their
    publication, in one query (a publication always has the rows without a team and of everyone); with
    every team's when the line cannot be used. None when there is no publication yet or one is due."""
    rows = list(
        ScanSnapshot.objects.filter(
            publication__organisation=organisation, publication__school_year=school_year
        )
        .filter(Q(team__in=teams) | Q(team__isnull=True))
        .annotate(team_rows=_team_rows())
        .values_list(*_ROW, "team_rows", "publication", "publication__published_at", "publication__dirty")
    )
    if not rows:
        return None
    *_row, publication, published_at, dirty = rows[0]
    if dirty and due(published_at, now):
        return None
    found = _published(published_at, (row[:4] for row in rows))
    if found.line is None:  # every team, for the line (the page's teams among them)
        every = ScanSnapshot.objects.filter(publication=publication).values_list(*_ROW)
        return _published(published_at, every)
    return found


def _team_rows() -> RawSQL:
    """On the row of everyone, the number of team rows of its publication (the rows with a team: the unique
    index on publication and team counts them); on the other rows nothing. Plain SQL: the ORM takes longer to
    put this together than the database to answer it."""
    quote = connection.ops.quote_name
    table = quote(ScanSnapshot._meta.db_table)
    publication, team, group = (
        quote(str(field.column))
        for field in (ScanSnapshot.publication.field, ScanSnapshot.team.field, ScanSnapshot.group.field)
    )
    # only the model's own names, quoted, go into the text; the value is a parameter
    return RawSQL(  # noqa: S611
        f"CASE WHEN {table}.{group} = %s THEN (SELECT COUNT(*) FROM {table} counted "  # noqa: S608
        f"WHERE counted.{publication} = {table}.{publication} AND counted.{team} IS NOT NULL) END",
        [ScanSnapshot.Group.ORGANISATION.value],
        output_field=IntegerField(),
    )


_ROW = ("group", "team", "counts")  # what ``_published`` reads of a row (and the number of team rows)
Row = tuple[str, int | None, Counters] | tuple[str, int | None, Counters, int]


def _published(published_at: datetime, rows: Iterable[Row]) -> Published:
    """The figures from the rows (``_ROW``): with the number of team rows of the publication as their fourth
    value, also the line."""
    teams: dict[int, Counters] = {}
    no_team: Counters = {}
    everyone: Counters = {}
    line: Line | None = None
    for group, team, counts, *team_rows in rows:
        if group == ScanSnapshot.Group.TEAM and team is not None:
            teams[team] = counts
        elif group == ScanSnapshot.Group.NO_TEAM:
            no_team = counts
        else:
            everyone = dict(counts)
            stored: Any = everyone.pop(LINE, None)
            # the line is over the rows as published: none may have gone since (with its team)
            if stored is not None and team_rows and stored["teams"] == team_rows[0]:
                line = Line(
                    aspects={
                        aspect: {int(p): (n, s, a) for p, (n, s, a) in by_people.items()}
                        for aspect, by_people in stored["aspects"].items()
                    },
                    scanned={int(most): n for most, n in stored["scanned"].items()},
                )
    return Published(published_at=published_at, teams=teams, no_team=no_team, everyone=everyone, line=line)

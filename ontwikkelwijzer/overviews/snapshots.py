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
costs one query. No cron job is needed. When someone's account is deleted, their entry is kept under an
unlinked token (not their id) until it can be published.
"""

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
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
    while nobody of the organisation has a scan of that year. One query when nothing is due."""
    now = now or timezone.now()
    publication = ScanPublication.objects.filter(organisation=organisation, school_year=school_year).first()
    if publication is None or (publication.dirty and due(publication.published_at, now)):
        publication = publish(organisation, school_year, now=now)
    return publication


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
        rows.append(
            ScanSnapshot(publication=publication, group=ScanSnapshot.Group.ORGANISATION, counts=everyone)
        )
        ScanSnapshot.objects.bulk_create(rows)
    return publication


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


@dataclass(frozen=True)
class Published:
    """The published scan counters of an organisation's school year (empty before the first)."""

    published_at: datetime | None
    teams: dict[int, Counters]  # team -> the counters of the teachers whose home team it is
    no_team: Counters
    everyone: Counters  # for counts only: every teacher of the organisation


def published(
    organisation: Organisation, school_year: str, *, team: Team | None = None, now: datetime | None = None
) -> Published:
    """The published figures of every group (team None) or of one team only. Two queries when nothing
    is due."""
    publication = current(organisation, school_year, now=now)
    if publication is None:
        return Published(published_at=None, teams={}, no_team={}, everyone={})
    rows = publication.groups.all() if team is None else publication.groups.filter(team=team)
    teams: dict[int, Counters] = {}
    no_team: Counters = {}
    everyone: Counters = {}
    for row in rows.only("group", "team", "counts"):
        if row.group == ScanSnapshot.Group.TEAM and row.team_id is not None:
            teams[row.team_id] = row.counts
        elif row.group == ScanSnapshot.Group.NO_TEAM:
            no_team = row.counts
        else:
            everyone = row.counts
    return Published(published_at=publication.published_at, teams=teams, no_team=no_team, everyone=everyone)

"""The counters behind the team and organisation overviews, kept up to date on every write.

Reading a team of 500 or an organisation of 10,000 teachers must cost about as much as reading a small
one, so the overviews do not count plan items when they are read. Instead each ``GroupStats`` row holds
the counters of one group (a team, or the whole organisation) in one school year, and every write that
changes a person's plans, scans or memberships changes those counters by the difference it makes.

How: for one person, ``contributions`` works out from the database what their plans and scans add to
which group rows (counters per plan, one scan per school year, their teams). ``UserStats`` keeps what was
applied last time; ``refresh`` works out the new contributions, applies the difference to the group rows
and stores the new ones. Because it always starts from the database, a refresh is correct however the data
got there, and doing it twice changes nothing.

When: signal receivers (``connect``) mark the person whose plan, item, log entry, reflection, scan,
membership or sharing choice was saved or deleted, and everyone who planned a school's own activity that
was changed. Inside ``deferred()`` (every request, through ``StatsMiddleware``) the marked people are
refreshed once, at the end; outside it at once. Writes that bypass the model signals (``update()``,
``bulk_create``) say so with ``core.signals.changed``, whose receiver calls ``touched``: the writers never
import this app. ``rebuild`` recomputes everything from scratch (``manage.py rebuild_overviews``; the data
generator uses it after its bulk inserts).

Which groups: a teacher's plans count in every team they teach in and once in the organisation. Their scan
counts in the organisation and in one team only, their home team (the team with the lowest id), so that the
teams' scan figures are disjoint for small-group suppression (``overviews.suppression``). The scan of a school
year is the person's latest scan made in that school year. Their accepted requests for offers of the school's
work-field partners count per partner (partner:<id>) and per partner and kind of offer
(partnerkind:<id>:<kind>), with the teachers behind them (partnerp:<id>, partnerpkind:<id>:<kind>), in the
school year the offer starts in, in that school's groups only.

What a teacher has not shared with their team leader stays out of every group row: the counters that come
from the log and the reflections (``LOG_COUNTERS``: hours spent, items with a log entry, a reflection or a
follow-up) are added only for teachers who share their log and reflections, and each of their plans adds
``sharing`` 1, so that a figure says how many teachers it is over. Changing that
choice refreshes the person like any other write.

Counters are integers; hours are kept in tenths (every hours field has one decimal place).
"""

import contextvars
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any, TypedDict

from django.db import transaction
from django.db.models import Count, Exists, F, FilteredRelation, Model, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from ontwikkelwijzer.accounts.addresses import parse_domains, vouched
from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.core import schoolyear, signals
from ontwikkelwijzer.framework.models import Activity
from ontwikkelwijzer.overviews import snapshots
from ontwikkelwijzer.overviews.keys import SCAN, Counter, GroupKey, Name
from ontwikkelwijzer.overviews.models import GroupStats, UserStats
from ontwikkelwijzer.plans.constants import COUNTED_STATUSES
from ontwikkelwijzer.plans.models import DevelopmentPlan, LogEntry, PlanItem, Reflection
from ontwikkelwijzer.scan.models import Scan, ScanAnswer
from ontwikkelwijzer.teams.constants import Role
from ontwikkelwijzer.teams.models import Membership, Organisation, Sharing
from ontwikkelwijzer.workfield.models import Offer, OfferRequest

logger = logging.getLogger(__name__)

COUNTED = Q(status__in=COUNTED_STATUSES)
CHUNK = 1000  # people per batch of queries in rebuild
LOG_COUNTERS = ("spent", "log", "reflection", "follow_up")  # from the log and reflections: shared only

Counters = dict[str, int]

if TYPE_CHECKING:
    from typing_extensions import ReadOnly

    class _ItemRow(TypedDict):
        """What ``_item_counters`` reads of ``plan_counters``'s row of an item (an own item: no activity)."""

        estimated_hours: ReadOnly[Decimal]
        spent: ReadOnly[Decimal | None]  # None: no log entry
        has_reflection: ReadOnly[bool]
        follow_up: ReadOnly[str]
        activity_code: ReadOnly[str | None]
        category_code: ReadOnly[str | None]
        informal: ReadOnly[bool | None]
        formal: ReadOnly[bool | None]
        involves_workfield: ReadOnly[bool | None]


# --- Counters ----------------------------------------------------------------------------------------


def tenths(value: Decimal | None) -> int:
    """Hours with one decimal place as a whole number of tenths."""
    return int((value or 0) * 10)


def _nonzero(**counters: int) -> Counters:
    return {name: n for name, n in counters.items() if n}


def add_to(target: Counters, more: Counters, sign: int = 1) -> None:
    """Add (or with sign -1 subtract) ``more`` to ``target`` in place, dropping counters that reach 0."""
    for name, n in more.items():
        value = target.get(name, 0) + sign * n
        if value:
            target[name] = value
        else:
            target.pop(name, None)


# --- What a person adds to the groups ----------------------------------------------------------------


@cache
def _plan_rows() -> "QuerySet[DevelopmentPlan, Any]":
    """``plan_counters``'s query without its people, built once per process and only ever cloned: building
    its joins was most of the time of a refresh (the SQL itself takes a fraction of a millisecond)."""
    spent = (  # the hours of the item's log; None when it has no log entry (hours_spent is never null)
        LogEntry.objects.filter(item=OuterRef("items"))
        .values("item")
        .annotate(total=Sum("hours_spent"))
        .values("total")
    )
    return (
        DevelopmentPlan.objects.annotate(
            spent=Subquery(spent), has_reflection=Exists(Reflection.objects.filter(item=OuterRef("items")))
        )
        .values(
            "pk",
            "user_id",
            "school_year",
            "budget_hours",
            "spent",
            "has_reflection",
            item=F("items__pk"),
            status=F("items__status"),
            estimated_hours=F("items__estimated_hours"),
            follow_up=F("items__follow_up"),
            activity_code=F("items__activity__code"),
            category_code=F("items__activity__category__code"),
            informal=F("items__activity__informal"),
            formal=F("items__activity__formal"),
            involves_workfield=F("items__activity__involves_workfield"),
            aspect=F("items__aspects__code"),
        )
        .order_by()
    )


def plan_counters(users: Iterable[int]) -> dict[int, tuple[int, str, Counters]]:
    """Per plan of these people: its owner, its school year and its counters. One query, whatever the number
    of plans: a row per plan, item and aspect (a plan without items: one row, item None; an item without
    aspects: one row, aspect None).

    plans, budget; the items planned, in progress or done ("counted"): total, per category (cat:),
    per activity code (act:, and actp: 1 when the plan has one, so that a sum counts teachers), informal
    and formal, with the work field, estimated hours, with a log entry / a reflection / a follow-up; the
    coverage cells (cov:aspect:category:informal:formal) and the own items per aspect (own:), with 1 per
    plan (so a sum counts teachers) per aspect, category and learning mode (covp:) and per aspect of the
    own items (ownp:), for the research export; every item
    per status (status:); hours spent in the log.
    """
    found: dict[int, tuple[int, str, Counters]] = {}
    hours: dict[int, Decimal] = defaultdict(Decimal)  # plan -> hours spent in its log
    seen: set[int] = set()  # items counted (their own counters once, their aspects in the coverage cells)
    for row in _plan_rows().filter(user__in=list(users)):
        if row["pk"] not in found:
            found[row["pk"]] = (
                row["user_id"],
                row["school_year"],
                {"plans": 1, "budget": tenths(row["budget_hours"])},
            )
        if row["item"] is None:
            continue  # a plan without items
        counters = found[row["pk"]][2]
        counted = row["status"] in COUNTED_STATUSES
        if row["item"] not in seen:
            seen.add(row["item"])
            hours[row["pk"]] += row["spent"] or 0
            add_to(counters, {Name.STATUS.of(row["status"]): 1} | (_item_counters(row) if counted else {}))
            if counted and row["activity_code"] is not None:
                counters[Name.ACTIVITY_PEOPLE.of(row["activity_code"])] = 1
        aspect, category = row["aspect"], row["category_code"]
        if counted and aspect is not None:
            if category is None:
                add_to(counters, {Name.OWN.of(aspect): 1})
                counters[Name.OWN_PEOPLE.of(aspect)] = 1
            else:
                informal, formal = int(row["informal"]), int(row["formal"])
                add_to(counters, {Name.COVERAGE.of(aspect, category, informal, formal): 1})
                for mode, flag in (("informal", informal), ("formal", formal)):
                    if flag:
                        counters[Name.COVERAGE_PEOPLE.of(aspect, category, mode)] = 1
    for plan, spent_hours in hours.items():
        add_to(found[plan][2], _nonzero(spent=tenths(spent_hours)))
    return found


def _item_counters(row: "_ItemRow") -> Counters:
    """What one counted item adds to its plan's counters (``plan_counters``'s row of it)."""
    code = row["activity_code"]
    found = _nonzero(
        total=1,
        planned=tenths(row["estimated_hours"]),
        log=int(row["spent"] is not None),
        reflection=int(row["has_reflection"]),
        follow_up=int(bool(row["follow_up"])),
        workfield=int(bool(row["involves_workfield"])),
        informal=int(bool(row["informal"])),
        formal=int(bool(row["formal"])),
    )
    if code is not None:
        found |= {Name.CATEGORY.of(row["category_code"]): 1, Name.ACTIVITY.of(code): 1}
    return found


@cache
def _scan_rows() -> "QuerySet[Scan, Any]":
    """``scan_counters``'s query without its people, built once per process (as ``_plan_rows``)."""
    answered = Q(answers__value__isnull=False)
    return (
        Scan.objects.values("pk", "user_id", "created_at", "answers__statement__aspect__code")
        .annotate(
            total=Sum("answers__value", filter=answered),
            answer_count=Count("answers__value", filter=answered),
        )
        .order_by("created_at", "pk")
    )


def scan_counters(users: Iterable[int]) -> dict[tuple[int, str], Counters]:
    """Per (person, school year): their latest scan made in that school year. One query.

    scan: 1; per aspect: scan_people (1 when a statement of the aspect was answered), scan_sum and
    scan_answers (the sum and number of the answers; "not applicable" is no answer).
    """
    latest: dict[tuple[int, str], int] = {}
    by_scan: dict[int, Counters] = defaultdict(dict)
    for row in _scan_rows().filter(user__in=list(users)):
        # one row per scan and aspect answered on (and one with aspect None for the rest)
        latest[(row["user_id"], schoolyear.school_year_at(row["created_at"]))] = row["pk"]
        by_scan[row["pk"]][SCAN] = 1
        aspect = row["answers__statement__aspect__code"]
        if aspect is not None and row["answer_count"]:
            add_to(
                by_scan[row["pk"]],
                {
                    Name.SCAN_PEOPLE.of(aspect): 1,
                    Name.SCAN_SUM.of(aspect): row["total"],
                    Name.SCAN_ANSWERS.of(aspect): row["answer_count"],
                },
            )
    return {key: by_scan[pk] for key, pk in latest.items()}


@cache
def _teacher_rows() -> "QuerySet[Membership, Any]":
    """``contributions``'s query of the teaching memberships, without its people, built once per process
    (as ``_plan_rows``)."""
    return (
        Membership.objects.filter(role=Role.TEACHER)
        .annotate(
            accepted=FilteredRelation(
                "user__offer_requests",
                condition=Q(user__offer_requests__status=OfferRequest.Status.ACCEPTED),
            )
        )
        .values_list(
            "user",
            "organisation",
            "team",
            "user__email",
            "organisation__email_domains",
            "user__sharing__share_reflections",
            "created_at",
            "accepted",
            "accepted__offer__partner__organisation",
            "accepted__offer__partner",
            "accepted__offer__kind",
            "accepted__offer__start_date",
        )
        .order_by()
    )


def contributions(users: Iterable[int]) -> dict[int, dict[str, Counters]]:
    """Per person: group key -> what their plans, scans and memberships add to that group row.

    Only teachers add anything, and to a school that set its e-mail domains only those with a plain address
    at one of them (``Organisation.vouches_for``): nobody pads a small group with accounts of their own
    making. Per organisation they teach in: ``teachers`` 1 in the year-less row of the
    organisation and of each of their teams; their plans' counters in the rows of those groups for the
    plan's school year; their scan of a school year in the organisation's row and their home team's row.
    A group counts a person's plans, scans and partners only from the school year they joined it on
    (the membership's ``created_at``): a teacher who comes from another school or team brings none of
    their earlier years into this one's figures, as their leader does not see them either.
    """
    users = list(users)
    groups: dict[int, dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))  # user -> org -> teams
    sharing: set[int] = set()
    first_years: dict[tuple[int, int, int | None], str] = {}  # (user, organisation, team or None) ->
    accepted: dict[int, tuple[int, int, int, str, date]] = {}  # request -> (teacher, school, partner, kind,
    # start): each membership row brings the teacher's accepted requests along (a request comes once per
    # membership, hence by id)
    team: int | None  # None: a membership without a team, or the organisation's row
    for (
        user,
        organisation,
        team,
        address,
        domains,
        shares,
        joined,
        request,
        school,
        partner,
        kind,
        start,
    ) in _teacher_rows().filter(user__in=users):
        if request is not None:
            accepted[request] = (user, school, partner, kind, start)
        if not vouched(address, parse_domains(domains, strict=False)):
            continue  # the school counts only addresses it vouches for (accounts.addresses)
        if shares:
            sharing.add(user)
        teams = groups[user][organisation]
        if team is not None:
            teams.add(team)
        year = schoolyear.school_year_at(joined)
        for group in {(user, organisation, team), (user, organisation, None)}:
            first_years[group] = min(first_years.get(group, year), year)
    teachers = list(groups)
    plans: dict[int, list[tuple[str, Counters]]] = defaultdict(list)
    for user, school_year, counters in plan_counters(teachers).values():
        plans[user].append((school_year, _as_shared(counters, user in sharing)))
    scans: dict[int, list[tuple[str, Counters]]] = defaultdict(list)
    for (user, school_year), counters in scan_counters(teachers).items():
        scans[user].append((school_year, counters))

    partners: dict[tuple[int, int], list[tuple[str, Counters]]] = defaultdict(list)  # (user, school) ->
    seen: set[tuple[int, str, str]] = set()  # (user, school year, counter of people) counted once
    for user, school, partner, kind, start in accepted.values():
        if user not in groups:
            continue  # counted nowhere (as their plans and scans)
        year = schoolyear.school_year_for(start)
        counters = {Name.PARTNER.of(partner): 1, Name.PARTNER_KIND.of(partner, kind): 1}
        for name in (Name.PARTNER_PEOPLE.of(partner), Name.PARTNER_KIND_PEOPLE.of(partner, kind)):
            if (user, year, name) not in seen:
                seen.add((user, year, name))
                counters[name] = 1
        partners[(user, school)].append((year, counters))

    found: dict[int, dict[str, Counters]] = {}
    for user, organisations in groups.items():
        mine: dict[str, Counters] = defaultdict(dict)
        team_plans = [(year, _for_team(counters)) for year, counters in plans[user]]
        for organisation, teams in organisations.items():
            for team in [None, *sorted(teams)]:
                first = first_years[(user, organisation, team)]
                add_to(mine[str(GroupKey(organisation, team, ""))], {"teachers": 1})
                own_plans = plans[user] if team is None else team_plans
                for school_year, counters in own_plans + partners[(user, organisation)]:
                    if school_year >= first:
                        add_to(mine[str(GroupKey(organisation, team, school_year))], counters)
            home = min(teams, default=None)
            for school_year, counters in scans[user]:
                for team in {None, home}:
                    if school_year >= first_years[(user, organisation, team)]:
                        add_to(mine[str(GroupKey(organisation, team, school_year))], counters)
        found[user] = {key: counters for key, counters in mine.items() if counters}
    return found


# What only the organisation's rows are read for (the activity table, its suppression, the research
# export): kept out of the team rows, which every organisation page decodes, one per team shown.
ORGANISATION_ONLY = frozenset({Name.ACTIVITY, Name.ACTIVITY_PEOPLE, Name.COVERAGE_PEOPLE, Name.OWN_PEOPLE})


def _for_team(counters: Counters) -> Counters:
    return {name: n for name, n in counters.items() if Counter.parse(name).kind not in ORGANISATION_ONLY}


def _as_shared(counters: Counters, shares: bool) -> Counters:
    """A plan's counters as its owner shares them: the log counters only when they share their log."""
    if shares:
        return counters | {"sharing": 1}
    return {name: n for name, n in counters.items() if name not in LOG_COUNTERS}


# --- Applying the difference -------------------------------------------------------------------------


def _apply(delta: dict[str, Counters], live: Iterable[str]) -> None:
    """Add the differences to the group rows. The rows of ``live`` (groups that count someone now, so their
    team and organisation exist) are made when missing; a row missing otherwise went with its team or
    organisation, and there is nothing to take out of it."""
    delta = {key: counters for key, counters in delta.items() if counters}
    if not delta:
        return
    groups = [GroupKey.parse(key) for key in delta]
    organisations = {group.organisation for group in groups}
    teams = {group.team for group in groups if group.team is not None}
    years = {group.school_year for group in groups}
    GroupStats.objects.bulk_create(
        [
            GroupStats(organisation_id=g.organisation, team_id=g.team, school_year=g.school_year, counts={})
            for g in map(GroupKey.parse, live)
        ],
        ignore_conflicts=True,  # there already, or made at the same moment by another request: the same
    )
    rows = GroupStats.objects.filter(organisation__in=organisations, school_year__in=years).filter(
        Q(team__in=teams) | Q(team__isnull=True)
    )
    changed = []
    for row in rows.select_for_update().order_by("pk"):
        key = str(GroupKey(row.organisation_id, row.team_id, row.school_year))
        if key in delta:
            add_to(row.counts, delta[key])
            changed.append(row)
    GroupStats.objects.bulk_update(changed, ["counts"])


def refresh(users: Iterable[int]) -> None:
    """Bring the group rows up to date with these people's plans, scans and memberships."""
    ids = sorted(set(users))
    if not ids:
        return
    # A transaction for the row locks; inside one already (a service's) no savepoint of its own: the
    # counters are right with the data or not written at all.
    with transaction.atomic(savepoint=False):
        stored = {s.user_id: s for s in UserStats.objects.select_for_update().filter(user_id__in=ids)}
        new = contributions(ids)  # a person who is gone has no membership, so nothing to count
        delta: dict[str, Counters] = defaultdict(dict)
        live: set[str] = set()
        for user in ids:
            old = stored[user].contributions if user in stored else {}
            now = new.get(user, {})
            live |= {key for key, counters in now.items() if counters and key not in old}  # (rows of old are
            # there: they go only with their team or organisation, and then nobody counts in them now)
            for key in old.keys() | now.keys():
                add_to(delta[key], now.get(key, {}))
                add_to(delta[key], old.get(key, {}), -1)
        _apply(delta, live)
        snapshots.note(  # the published self-scan figures wait for enough changes (overviews.snapshots)
            {user: (stored[user].contributions if user in stored else {}, new.get(user, {})) for user in ids}
        )
        changed, made, emptied = [], [], []
        for user in ids:
            now = new.get(user, {})
            if user not in stored:
                if now:
                    made.append(UserStats(user_id=user, contributions=now))
            elif not now:
                emptied.append(user)  # nothing left to count: no row, so none outlives its person
            elif stored[user].contributions != now:
                stored[user].contributions = now
                changed.append(stored[user])
        UserStats.objects.bulk_create(made)
        UserStats.objects.bulk_update(changed, ["contributions"])
        UserStats.objects.filter(user_id__in=emptied).delete()


def forget(user: int) -> None:
    """Take a person's contributions out of the group rows (their account is being deleted)."""
    with transaction.atomic(savepoint=False):
        stored = UserStats.objects.select_for_update().filter(user_id=user).first()
        if stored is None:
            snapshots.note_gone(user, {})  # what waits to be published is kept without their id
            return
        delta: dict[str, Counters] = {}
        for key, counters in stored.contributions.items():
            delta[key] = {}
            add_to(delta[key], counters, -1)
        _apply(delta, ())
        snapshots.note_gone(user, stored.contributions)
        stored.delete()


def rebuild(organisation: Organisation | None = None) -> int:
    """Recompute the group rows of the organisation (default: all) from scratch; the number of rows."""
    with transaction.atomic():
        people = Membership.objects.filter(role=Role.TEACHER)
        rows = GroupStats.objects.all()
        if organisation is not None:
            people = people.filter(organisation=organisation)
            rows = rows.filter(organisation=organisation)
        users = sorted(set(people.values_list("user", flat=True)))
        rows.delete()
        if organisation is None:
            UserStats.objects.all().delete()
        totals: dict[str, Counters] = defaultdict(dict)
        for start in range(0, len(users), CHUNK):
            chunk = users[start : start + CHUNK]
            found = contributions(chunk)
            UserStats.objects.filter(user_id__in=chunk).delete()
            UserStats.objects.bulk_create(
                UserStats(user_id=user, contributions=mine) for user, mine in found.items()
            )
            for mine in found.values():
                for key, counters in mine.items():
                    if organisation is None or GroupKey.parse(key).organisation == organisation.pk:
                        add_to(totals[key], counters)
        made = []
        for key, counters in totals.items():
            g = GroupKey.parse(key)
            made.append(
                GroupStats(
                    organisation_id=g.organisation, team_id=g.team, school_year=g.school_year, counts=counters
                )
            )
        GroupStats.objects.bulk_create(made, batch_size=500)
    return len(made)


# --- When -------------------------------------------------------------------------------------------

_pending: contextvars.ContextVar[set[int] | None] = contextvars.ContextVar("stats_pending", default=None)


def touched(*users: int | None) -> None:
    """These people's plans, scans or memberships changed: refresh now, or at the end of ``deferred()``."""
    ids = {user for user in users if user is not None}
    pending = _pending.get()
    if pending is None:
        refresh(ids)
    else:
        pending.update(ids)


@contextmanager
def deferred() -> Iterator[None]:
    """Collect the people touched inside, and refresh each of them once at the end (nested: the outer one)."""
    if _pending.get() is not None:
        yield
        return
    token = _pending.set(set())
    failed = False
    try:
        yield
    except BaseException:
        failed = True
        raise
    finally:
        pending = _pending.get() or set()
        _pending.reset(token)
        if pending and failed:
            try:  # what was written before the failure still counts; the failure itself goes on up
                refresh(pending)
            except Exception:
                logger.exception("Refreshing the overview figures after a failed request failed too")
        elif pending:
            refresh(pending)


class StatsMiddleware:
    """Every request refreshes the overview figures of the people it touched once, at its end."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        with deferred():
            return self.get_response(request)


def _plan_owner(plan: int) -> int | None:
    return DevelopmentPlan.objects.filter(pk=plan).values_list("user_id", flat=True).first()


def _owner_through_plan(item: PlanItem) -> int | None:
    """The owner of the plan an item is in; no query when the service had the plan at hand (it usually
    has: it made the item in it, or checked the item is the person's)."""
    if PlanItem.plan.is_cached(item):
        return item.plan.user_id
    return _plan_owner(item.plan_id)


def _item_owner(item: int) -> int | None:
    return PlanItem.objects.filter(pk=item).values_list("plan__user_id", flat=True).first()


def _owner_through_item(row: LogEntry | Reflection) -> int | None:
    """The owner of the item a log entry or reflection is of; no query when the service had item and plan
    at hand (it usually has: it checked the item is the person's)."""
    if type(row).item.is_cached(row) and PlanItem.plan.is_cached(row.item):
        return row.item.plan.user_id
    return _item_owner(row.item_id)


def _scan_owner(scan: int) -> int | None:
    return Scan.objects.filter(pk=scan).values_list("user_id", flat=True).first()


def _planners(activity: Activity) -> list[int]:
    """Whoever planned a school's own activity: its category, learning mode or work field may have changed
    (a framework activity changes only with a new framework version, which makes new rows)."""
    if activity.organisation_id is None:
        return []
    return list(
        PlanItem.objects.filter(activity=activity)
        .values_list("plan__user_id", flat=True)
        .distinct()
        .order_by()
    )


def _offer_requesters(offer: Offer) -> list[int]:
    return list(
        offer.requests.filter(status=OfferRequest.Status.ACCEPTED).values_list("teacher_id", flat=True)
    )


# model -> who an instance of it concerns; each function takes an instance of its own model, which a
# dict's value type cannot say (hence Any)
OWNERS: dict[type[Model], Callable[[Any], int | list[int] | None]] = {
    DevelopmentPlan: lambda row: row.user_id,
    PlanItem: _owner_through_plan,
    LogEntry: _owner_through_item,
    Reflection: _owner_through_item,
    Scan: lambda row: row.user_id,
    ScanAnswer: lambda row: _scan_owner(row.scan_id),
    Membership: lambda row: row.user_id,
    Sharing: lambda row: row.user_id,
    OfferRequest: lambda row: row.teacher_id,
    Offer: _offer_requesters,  # its school year may move
    Activity: _planners,
}


def _changed(sender: type[Model], instance: Model, **kwargs: object) -> None:
    if kwargs.get("raw"):  # loading fixtures or a backup: rebuild afterwards
        return
    owners = OWNERS[sender](instance)
    touched(*(owners if isinstance(owners, list) else [owners]))


def _aspects_changed(sender: object, instance: object, action: str, **kwargs: object) -> None:
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, PlanItem):
        touched(_owner_through_plan(instance))


def _user_deleted(sender: object, instance: User, **kwargs: object) -> None:
    forget(instance.pk)


def _people_changed(sender: object, users: Iterable[int], **kwargs: object) -> None:
    touched(*users)


def connect() -> None:
    """Connect the receivers (``OverviewsConfig.ready``)."""
    for model in OWNERS:
        post_save.connect(_changed, sender=model, dispatch_uid=f"stats-save-{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"stats-delete-{model.__name__}")
    m2m_changed.connect(_aspects_changed, sender=PlanItem.aspects.through, dispatch_uid="stats-aspects")
    pre_delete.connect(_user_deleted, sender=User, dispatch_uid="stats-user-deleted")
    signals.people_changed.connect(_people_changed, dispatch_uid="stats-people-changed")

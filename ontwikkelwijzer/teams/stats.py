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

When: signal receivers (``connect``) mark the person whose plan, item, log entry, reflection, scan or
membership was saved or deleted. Inside ``deferred()`` (every request, through ``StatsMiddleware``) the
marked people are refreshed once, at the end; outside it at once. Writes that bypass signals (``update()``,
``bulk_create``) call ``touched`` themselves. ``rebuild`` recomputes everything from scratch
(``manage.py rebuild_overviews``; the data generator uses it after its bulk inserts).

Which groups: a teacher's plans count in every team they teach in and once in the organisation. Their
scan counts in the organisation and in one team only, their home team (the team with the lowest id), so
that the teams' scan figures are disjoint for small-group suppression (``teams.privacy``). The scan of a
school year is the person's latest scan made in that school year. Their accepted requests for offers of
the school's work-field partners count per partner (partner:<id>) and per partner and kind of offer
(partnerkind:<id>:<kind>), with the teachers behind them (partnerp:<id>, partnerpkind:<id>:<kind>), in the
school year the offer starts in, in that school's groups only.

What a teacher has not shared with their team leader stays out of every group row: the counters that come
from the log and the reflections (``LOG_COUNTERS``: hours spent, items with a log entry, a reflection or a
follow-up) are added only for teachers who share their log and reflections, and each of their plans adds
``sharing`` 1, so that a figure says how many teachers it is over (``aggregates.log_shown``). Changing that
choice refreshes the person like any other write.

Counters are integers; hours are kept in tenths (every hours field has one decimal place).
"""

import contextvars
import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.utils import timezone

from ontwikkelwijzer.accounts.addresses import parse_domains, vouched
from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.plans import schoolyear
from ontwikkelwijzer.plans.constants import ItemStatus
from ontwikkelwijzer.plans.models import DevelopmentPlan, LogEntry, PlanItem, Reflection
from ontwikkelwijzer.scan.models import Scan, ScanAnswer
from ontwikkelwijzer.teams import snapshots
from ontwikkelwijzer.teams.constants import Role
from ontwikkelwijzer.teams.models import GroupStats, Membership, Organisation, Sharing, Team, UserStats
from ontwikkelwijzer.workfield.models import Offer, Request

logger = logging.getLogger(__name__)

COUNTED_STATUSES = (ItemStatus.PLANNED, ItemStatus.IN_PROGRESS, ItemStatus.DONE)
COUNTED = Q(status__in=COUNTED_STATUSES)
CHUNK = 1000  # people per batch of queries in rebuild
LOG_COUNTERS = ("spent", "log", "reflection", "follow_up")  # from the log and reflections: shared only

Counters = dict[str, int]


# --- Counters ----------------------------------------------------------------------------------------


def tenths(value) -> int:
    """Hours with one decimal place as a whole number of tenths."""
    return int((value or 0) * 10)


def add_to(target: Counters, more: Counters, sign: int = 1) -> None:
    """Add (or with sign -1 subtract) ``more`` to ``target`` in place, dropping counters that reach 0."""
    for name, n in more.items():
        value = target.get(name, 0) + sign * n
        if value:
            target[name] = value
        else:
            target.pop(name, None)


def group_key(organisation: int, team: int | None, school_year: str) -> str:
    return f"{organisation}:{team or ''}:{school_year}"


def parse_key(key: str) -> tuple[int, int | None, str]:
    organisation, team, school_year = key.split(":")
    return int(organisation), int(team) if team else None, school_year


# --- What a person adds to the groups ----------------------------------------------------------------


def plan_counters(plans: QuerySet) -> dict[int, tuple[int, str, Counters]]:
    """Per plan: its owner, its school year and its counters. Five queries, whatever the number of plans.

    plans, budget; the items planned, in progress or done ("counted"): total, per category (cat:),
    per activity code (act:, and actp: 1 when the plan has one, so that a sum counts teachers), informal
    and formal, with the work field, estimated hours, with a log entry / a reflection / a follow-up; the
    coverage cells (cov:aspect:category:informal:formal) and the own items per aspect (own:); every item
    per status (status:); hours spent in the log.
    """
    found: dict[int, tuple[int, str, Counters]] = {
        row["pk"]: (
            row["user_id"],
            row["school_year"],
            {"plans": 1, "budget": tenths(row["budget_hours"])},
        )
        for row in plans.values("pk", "user_id", "school_year", "budget_hours")
    }
    if not found:
        return found

    def add(plan: int, counters: Counters) -> None:
        add_to(found[plan][2], {name: n for name, n in counters.items() if n})

    items = PlanItem.objects.filter(plan__in=plans)
    aggregates = {
        "total": Count("pk", filter=COUNTED),
        "workfield": Count("pk", filter=COUNTED & Q(activity__involves_workfield=True)),
        "informal": Count("pk", filter=COUNTED & Q(activity__informal=True)),
        "formal": Count("pk", filter=COUNTED & Q(activity__formal=True)),
        "planned": Sum("estimated_hours", filter=COUNTED),
        "log": Count("pk", filter=COUNTED & Q(Exists(LogEntry.objects.filter(item=OuterRef("pk"))))),
        "reflection": Count("pk", filter=COUNTED & Q(Exists(Reflection.objects.filter(item=OuterRef("pk"))))),
        "follow_up": Count("pk", filter=COUNTED & ~Q(follow_up="")),
    } | {f"status:{status}": Count("pk", filter=Q(status=status)) for status in ItemStatus.values}
    for row in items.values("plan").annotate(**aggregates).order_by():
        row["planned"] = tenths(row["planned"])
        add(row.pop("plan"), row)
    counted = items.filter(COUNTED)
    for row in (
        counted.filter(activity__isnull=False)
        .values("plan", "activity__code", "activity__category__code")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        code, n = row["activity__code"], row["n"]
        add(row["plan"], {f"cat:{row['activity__category__code']}": n, f"act:{code}": n, f"actp:{code}": 1})
    for row in (
        counted.filter(aspects__isnull=False)
        .values("plan", "aspects__code", "activity__category__code", "activity__informal", "activity__formal")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    ):
        aspect, category = row["aspects__code"], row["activity__category__code"]
        if category is None:
            name = f"own:{aspect}"
        else:
            name = f"cov:{aspect}:{category}:{int(row['activity__informal'])}:{int(row['activity__formal'])}"
        add(row["plan"], {name: row["n"]})
    for row in (
        LogEntry.objects.filter(item__plan__in=plans)
        .values("item__plan")
        .annotate(hours=Sum("hours_spent"))
        .order_by()
    ):
        add(row["item__plan"], {"spent": tenths(row["hours"])})
    return found


def scan_counters(users: Iterable[int]) -> dict[tuple[int, str], Counters]:
    """Per (person, school year): their latest scan made in that school year. Two queries.

    scan: 1; per aspect: scan_people (1 when a statement of the aspect was answered), scan_sum and
    scan_answers (the sum and number of the answers; "not applicable" is no answer).
    """
    latest: dict[tuple[int, str], int] = {}
    for row in (
        Scan.objects.filter(user__in=users).values("pk", "user_id", "created_at").order_by("created_at", "pk")
    ):
        day = timezone.localdate(row["created_at"])
        latest[(row["user_id"], schoolyear.school_year_for(day))] = row["pk"]
    by_scan: dict[int, Counters] = {pk: {"scan": 1} for pk in latest.values()}
    for row in (
        ScanAnswer.objects.filter(scan__in=list(by_scan), value__isnull=False)
        .values("scan", "statement__aspect__code")
        .annotate(total=Sum("value"), answers=Count("value"))
        .order_by()
    ):
        aspect = row["statement__aspect__code"]
        add_to(
            by_scan[row["scan"]],
            {
                f"scan_people:{aspect}": 1,
                f"scan_sum:{aspect}": row["total"],
                f"scan_answers:{aspect}": row["answers"],
            },
        )
    return {key: by_scan[pk] for key, pk in latest.items()}


def contributions(users: Iterable[int]) -> dict[int, dict[str, Counters]]:
    """Per person: group key -> what their plans, scans and memberships add to that group row.

    Only teachers add anything, and to a school that set its e-mail domains only those with a plain address
    at one of them (``Organisation.vouches_for``): nobody pads a small group with accounts of their own
    making. Per organisation they teach in: ``teachers`` 1 in the year-less row of the
    organisation and of each of their teams; their plans' counters in the rows of those groups for the
    plan's school year; their scan of a school year in the organisation's row and their home team's row.
    """
    users = list(users)
    groups: dict[int, dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))  # user -> org -> teams
    memberships = Membership.objects.filter(user__in=users, role=Role.TEACHER)
    domains = {
        pk: parse_domains(text, strict=False)
        for pk, text in Organisation.objects.filter(pk__in=memberships.values("organisation"))
        .exclude(email_domains="")
        .values_list("pk", "email_domains")
    }
    for user, organisation, team, address in memberships.values_list(
        "user", "organisation", "team", "user__email"
    ):
        if not vouched(address, domains.get(organisation, [])):
            continue  # the school counts only addresses it vouches for (accounts.addresses)
        teams = groups[user][organisation]
        if team is not None:
            teams.add(team)
    teachers = list(groups)
    sharing = set(
        Sharing.objects.filter(user__in=teachers, share_reflections=True).values_list("user", flat=True)
    )
    plans: dict[int, list[tuple[str, Counters]]] = defaultdict(list)
    for user, school_year, counters in plan_counters(
        DevelopmentPlan.objects.filter(user__in=teachers)
    ).values():
        plans[user].append((school_year, _as_shared(counters, user in sharing)))
    scans: dict[int, list[tuple[str, Counters]]] = defaultdict(list)
    for (user, school_year), counters in scan_counters(teachers).items():
        scans[user].append((school_year, counters))

    partners: dict[tuple[int, int], list[tuple[str, Counters]]] = defaultdict(list)  # (user, school) ->
    seen: set[tuple[int, str, str]] = set()  # (user, school year, partner or partner:kind) counted once
    for user, school, partner, kind, start in Request.objects.filter(
        teacher__in=teachers, status=Request.Status.ACCEPTED
    ).values_list(
        "teacher", "offer__partner__organisation", "offer__partner", "offer__kind", "offer__start_date"
    ):
        year = schoolyear.school_year_for(start)
        counters = {f"partner:{partner}": 1, f"partnerkind:{partner}:{kind}": 1}
        for name in (f"{partner}", f"{partner}:{kind}"):
            if (user, year, name) not in seen:
                seen.add((user, year, name))
                counters[f"partnerp{'kind' if ':' in name else ''}:{name}"] = 1
        partners[(user, school)].append((year, counters))

    found: dict[int, dict[str, Counters]] = {}
    for user, organisations in groups.items():
        mine: dict[str, Counters] = defaultdict(dict)
        for organisation, teams in organisations.items():
            for team in [None, *sorted(teams)]:
                add_to(mine[group_key(organisation, team, "")], {"teachers": 1})
                for school_year, counters in plans[user] + partners[(user, organisation)]:
                    add_to(mine[group_key(organisation, team, school_year)], counters)
            home = min(teams, default=None)
            for school_year, counters in scans[user]:
                add_to(mine[group_key(organisation, None, school_year)], counters)
                if home is not None:
                    add_to(mine[group_key(organisation, home, school_year)], counters)
        found[user] = {key: counters for key, counters in mine.items() if counters}
    return found


def _as_shared(counters: Counters, shares: bool) -> Counters:
    """A plan's counters as its owner shares them: the log counters only when they share their log."""
    if shares:
        return counters | {"sharing": 1}
    return {name: n for name, n in counters.items() if name not in LOG_COUNTERS}


# --- Applying the difference -------------------------------------------------------------------------


def _apply(delta: dict[str, Counters]) -> None:
    """Add the differences to the group rows, making the rows that are missing. Rows of a team or an
    organisation that no longer exists are skipped (their rows went with them)."""
    delta = {key: counters for key, counters in delta.items() if counters}
    if not delta:
        return
    keys = {key: parse_key(key) for key in delta}
    organisations = {o for o, _t, _y in keys.values()}
    teams = {t for _o, t, _y in keys.values() if t is not None}
    years = {y for _o, _t, y in keys.values()}
    live_organisations = set(Organisation.objects.filter(pk__in=organisations).values_list("pk", flat=True))
    live_teams = set(Team.objects.filter(pk__in=teams).values_list("pk", flat=True))
    wanted = {
        key: (o, t, y)
        for key, (o, t, y) in keys.items()
        if o in live_organisations and (t is None or t in live_teams)
    }
    rows = GroupStats.objects.filter(organisation__in=organisations, school_year__in=years).filter(
        Q(team__in=teams) | Q(team__isnull=True)
    )
    present = {group_key(r.organisation_id, r.team_id, r.school_year) for r in rows.only("pk")}
    GroupStats.objects.bulk_create(
        [
            GroupStats(organisation_id=o, team_id=t, school_year=y, counts={})
            for key, (o, t, y) in wanted.items()
            if key not in present
        ],
        ignore_conflicts=True,  # made at the same moment by another request: then it is there all the same
    )
    changed = []
    for row in rows.select_for_update().order_by("pk"):
        key = group_key(row.organisation_id, row.team_id, row.school_year)
        if key in wanted:
            add_to(row.counts, delta[key])
            changed.append(row)
    GroupStats.objects.bulk_update(changed, ["counts"])


def refresh(users: Iterable[int]) -> None:
    """Bring the group rows up to date with these people's plans, scans and memberships."""
    ids = sorted(set(users))
    if not ids:
        return
    with transaction.atomic():
        stored = {s.user_id: s for s in UserStats.objects.select_for_update().filter(user_id__in=ids)}
        live = set(User.objects.filter(pk__in=ids).values_list("pk", flat=True))
        new = contributions(live)
        delta: dict[str, Counters] = defaultdict(dict)
        for user in ids:
            old = stored[user].contributions if user in stored else {}
            now = new.get(user, {})
            for key in old.keys() | now.keys():
                add_to(delta[key], now.get(key, {}))
                add_to(delta[key], old.get(key, {}), -1)
        _apply(delta)
        snapshots.note(  # the published self-scan figures wait for enough changes (teams.snapshots)
            {user: (stored[user].contributions if user in stored else {}, new.get(user, {})) for user in ids}
        )
        changed, made, emptied = [], [], []
        for user in live:
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
    with transaction.atomic():
        stored = UserStats.objects.select_for_update().filter(user_id=user).first()
        if stored is None:
            snapshots.note_gone(user, {})  # what waits to be published is kept without their id
            return
        delta: dict[str, Counters] = {}
        for key, counters in stored.contributions.items():
            delta[key] = {}
            add_to(delta[key], counters, -1)
        _apply(delta)
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
                    if organisation is None or parse_key(key)[0] == organisation.pk:
                        add_to(totals[key], counters)
        made = []
        for key, counters in totals.items():
            o, t, y = parse_key(key)
            made.append(GroupStats(organisation_id=o, team_id=t, school_year=y, counts=counters))
        GroupStats.objects.bulk_create(made, batch_size=500)
    return len(made)


# --- When -------------------------------------------------------------------------------------------

_pending: contextvars.ContextVar[set[int] | None] = contextvars.ContextVar("stats_pending", default=None)


def touched(*users: int | None) -> None:
    """These people's plans, scans or memberships changed: refresh now, or at the end of ``deferred()``."""
    users = {user for user in users if user is not None}
    pending = _pending.get()
    if pending is None:
        refresh(users)
    else:
        pending.update(users)


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

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with deferred():
            return self.get_response(request)


def _plan_owner(plan: int) -> int | None:
    return DevelopmentPlan.objects.filter(pk=plan).values_list("user_id", flat=True).first()


def _item_owner(item: int) -> int | None:
    return PlanItem.objects.filter(pk=item).values_list("plan__user_id", flat=True).first()


def _scan_owner(scan: int) -> int | None:
    return Scan.objects.filter(pk=scan).values_list("user_id", flat=True).first()


def _offer_requesters(offer: Offer) -> list[int]:
    return list(offer.requests.filter(status=Request.Status.ACCEPTED).values_list("teacher_id", flat=True))


OWNERS = {
    DevelopmentPlan: lambda row: row.user_id,
    PlanItem: lambda row: _plan_owner(row.plan_id),
    LogEntry: lambda row: _item_owner(row.item_id),
    Reflection: lambda row: _item_owner(row.item_id),
    Scan: lambda row: row.user_id,
    ScanAnswer: lambda row: _scan_owner(row.scan_id),
    Membership: lambda row: row.user_id,
    Sharing: lambda row: row.user_id,
    Request: lambda row: row.teacher_id,
    Offer: _offer_requesters,  # its school year may move
}


def _changed(sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):  # loading fixtures or a backup: rebuild afterwards
        return
    owners = OWNERS[sender](instance)
    touched(*(owners if isinstance(owners, list) else [owners]))


def _aspects_changed(sender, instance, action, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, PlanItem):
        touched(_plan_owner(instance.plan_id))


def _user_deleted(sender, instance, **kwargs) -> None:
    forget(instance.pk)


def connect() -> None:
    """Connect the receivers (``TeamsConfig.ready``)."""
    for model in OWNERS:
        post_save.connect(_changed, sender=model, dispatch_uid=f"stats-save-{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"stats-delete-{model.__name__}")
    m2m_changed.connect(_aspects_changed, sender=PlanItem.aspects.through, dispatch_uid="stats-aspects")
    pre_delete.connect(_user_deleted, sender=User, dispatch_uid="stats-user-deleted")

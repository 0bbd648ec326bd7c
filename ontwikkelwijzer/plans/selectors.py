"""Reads for development plans: the overview of one plan, with hours, coverage and timeline."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypedDict

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.core import schoolyear
from ontwikkelwijzer.core.prefetch import prefetched
from ontwikkelwijzer.framework.models import Activity, Aspect, Category, Framework
from ontwikkelwijzer.framework.selectors import framework_get_current, framework_snapshot, framework_structure
from ontwikkelwijzer.plans.constants import COUNTED_STATUSES, ItemStatus
from ontwikkelwijzer.plans.coverage import Coverage, Entry, coverage, gaps
from ontwikkelwijzer.plans.models import CarryOver, DevelopmentPlan, LogEntry, PlanItem, Reflection
from ontwikkelwijzer.scan.history import History

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class ItemCounts(TypedDict):
    """What ``plan_items`` adds to each item: its number of log entries and the hours they spent."""

    log_count: int
    hours_spent: Decimal | None


type CountedItem = WithAnnotations[PlanItem, ItemCounts]


def plan_with_framework(plan: DevelopmentPlan) -> DevelopmentPlan:
    """The plan with its framework at hand, for the pages that write in it (their forms list the framework's
    activities and aspects): the framework the site shows, as this process remembers it, when the plan is
    of that one (most are; no query while it is remembered, ``framework_get_current``); read as before when
    the plan is of an earlier version. The framework is shared between requests: read it, never change it."""
    if not DevelopmentPlan.framework.is_cached(plan):
        try:
            current = framework_get_current()
        except Http404:  # none shown (a version configured that is not loaded): read the plan's own
            return plan
        if current.pk == plan.framework_id:
            plan.framework = current
    return plan


def undoable_carry_overs() -> QuerySet[CarryOver]:
    """The steps of taking over that may still be undone (not undone, within ``TRASH_DAYS``)."""
    since = timezone.now() - timedelta(days=settings.TRASH_DAYS)
    return CarryOver.objects.filter(undone_at__isnull=True, created_at__gt=since)


def plan_list_for_user(*, user: User) -> list[DevelopmentPlan]:
    """The person's plans, the latest school year first, each with ``undo_pending``: whether a step of
    taking over into it may still be undone (so that the plan page asks which only when one may)."""
    return list(
        DevelopmentPlan.objects.filter(user=user).annotate(
            undo_pending=Exists(undoable_carry_overs().filter(plan=OuterRef("pk")))
        )
    )


def with_activities(items: list[PlanItem], *, framework: Framework) -> None:
    """Give each item its activity, with its category: the framework's from its snapshot (no query), a
    school's own (or another version's) in one query when there are any."""
    activities = framework_snapshot(framework=framework).by_pk
    if other := {i.activity_id for i in items if i.activity_id and i.activity_id not in activities}:
        activities = activities | Activity.everything.select_related("category").in_bulk(other)
    for item in items:
        if item.activity_id is not None:
            item.activity = activities[item.activity_id]


def item_with_activity(item: PlanItem) -> PlanItem:
    """An item read with its plan: the plan's framework and the item's activity at hand, as cheaply as
    ``plan_with_framework`` and ``with_activities`` make them."""
    with_activities([item], framework=plan_with_framework(item.plan).framework)
    return item


def plan_items(*, plan: DevelopmentPlan) -> list[CountedItem]:
    """The plan's items with their log counts, activities, aspects and reflections. The framework's
    activities and aspects come from its snapshot (read once per process): a query for the items, one for
    their log counts, one for which item has which aspect, one for the reflections; a school's own
    activities in one more when there are any. (One query that joins the activities and groups the items by
    their log entries cost more to compile and run than these four.)"""
    items: list[Any] = list(PlanItem.objects.filter(plan=plan))  # CountedItem once counted, below
    if not items:
        return items
    with_activities(items, framework=plan.framework)
    aspects = {a.pk: a for a in framework_structure(framework=plan.framework).aspects}
    logs = {
        row["item_id"]: row
        for row in LogEntry.objects.filter(item__plan=plan)
        .order_by()
        .values("item_id")
        .annotate(count=Count("pk"), hours=Sum("hours_spent"))
    }
    links = list(
        PlanItem.aspects.through.objects.filter(planitem__plan=plan).values_list("planitem_id", "aspect_id")
    )
    if missing := {aspect for _item, aspect in links if aspect not in aspects}:  # another version's aspect
        aspects |= Aspect.objects.in_bulk(missing)
    of_item: dict[int, list[Aspect]] = {item.pk: [] for item in items}
    for item_pk, aspect_pk in links:
        if item_pk in of_item:
            of_item[item_pk].append(aspects[aspect_pk])
    reflections: dict[int, list[Reflection]] = {item.pk: [] for item in items}
    for reflection in Reflection.objects.filter(item__plan=plan).order_by():
        reflection.aspect = aspects.get(reflection.aspect_id) or reflection.aspect
        reflections[reflection.item_id].append(reflection)
    for item in items:
        log = logs.get(item.pk)
        item.log_count = log["count"] if log else 0
        item.hours_spent = log["hours"] if log else None
        prefetched(item, "aspects", sorted(of_item[item.pk], key=lambda a: a.number))
        prefetched(item, "reflections", sorted(reflections[item.pk], key=lambda r: r.aspect.number))
    return items


def item_entry(item: PlanItem) -> Entry:
    activity = item.activity
    return Entry(
        aspects=frozenset(a.code for a in item.aspects.all()),
        category=activity.category.code if activity else None,
        learning=frozenset(activity.learning) if activity else frozenset(),
    )


@dataclass(frozen=True)
class PlanOverview:
    plan: DevelopmentPlan
    items: list[CountedItem]
    hours_planned: Decimal
    hours_spent: Decimal
    coverage: Coverage
    gaps: list[str]
    aspects: list[Aspect]
    categories: list[Category]
    months: list[date]


def plan_overview(*, plan: DevelopmentPlan) -> PlanOverview:
    structure = framework_structure(framework=plan.framework)
    items = list(plan_items(plan=plan))
    counted = [i for i in items if i.status in COUNTED_STATUSES]
    result = coverage([item_entry(i) for i in counted], structure.aspect_codes, structure.category_codes)
    return PlanOverview(
        plan=plan,
        items=items,
        hours_planned=sum((i.estimated_hours for i in counted), Decimal(0)),
        hours_spent=sum((i.hours_spent or Decimal(0) for i in items), Decimal(0)),
        coverage=result,
        gaps=gaps(
            result,
            {a.code: a.short_name for a in structure.aspects},
            {c.code: c.short_name for c in structure.categories},
        ),
        aspects=structure.aspects,
        categories=structure.categories,
        months=schoolyear.months(plan.school_year),
    )


def item_log(*, item: PlanItem) -> list[LogEntry]:
    return list(item.log_entries.all())


def activity_history(user: User, moment: datetime) -> History:
    """The framework activities in the person's plan of the school year of ``moment`` (not cancelled,
    added by then), and those they finished in the school year before: for the recommendations."""
    this_year = schoolyear.school_year_at(moment)
    items = PlanItem.objects.filter(plan__user=user, activity__isnull=False)
    current = items.filter(
        plan__school_year=this_year, status__in=COUNTED_STATUSES, created_at__lte=moment
    ).values_list("activity__code", flat=True)
    done = items.filter(
        plan__school_year=schoolyear.previous_school_year(this_year), status=ItemStatus.DONE
    ).values_list("activity__code", flat=True)
    return History(this_year=frozenset(current), last_year=frozenset(done))

"""Reads for development plans: the overview of one plan, with hours, coverage and timeline."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Count, Sum
from django.http import Http404

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.core import schoolyear
from ontwikkelwijzer.core.prefetch import prefetched
from ontwikkelwijzer.framework.models import Aspect, Category
from ontwikkelwijzer.framework.selectors import framework_get_current, framework_structure
from ontwikkelwijzer.plans.constants import COUNTED_STATUSES, ItemStatus
from ontwikkelwijzer.plans.coverage import Coverage, Entry, coverage, gaps
from ontwikkelwijzer.plans.models import DevelopmentPlan, LogEntry, PlanItem
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


def plan_list_for_user(*, user: User) -> list[DevelopmentPlan]:
    return list(DevelopmentPlan.objects.filter(user=user).annotate(item_count=Count("items")))


def plan_items(*, plan: DevelopmentPlan) -> list[CountedItem]:
    """The plan's items with their log counts, aspects and reflections. The aspects are the framework's
    (its snapshot, read once per process): one query for which item has which, none for the aspects."""
    items = list(
        PlanItem.objects.filter(plan=plan)
        .select_related("activity__category")
        .prefetch_related("reflections")
        .annotate(log_count=Count("log_entries", distinct=True), hours_spent=Sum("log_entries__hours_spent"))
    )
    if not items:
        return items
    aspects = {a.pk: a for a in framework_structure(framework=plan.framework).aspects}
    links = list(
        PlanItem.aspects.through.objects.filter(planitem__plan=plan).values_list("planitem_id", "aspect_id")
    )
    if missing := {aspect for _item, aspect in links if aspect not in aspects}:  # another version's aspect
        aspects |= Aspect.objects.in_bulk(missing)
    of_item: dict[int, list[Aspect]] = {item.pk: [] for item in items}
    for item_pk, aspect_pk in links:
        if item_pk in of_item:
            of_item[item_pk].append(aspects[aspect_pk])
    for item in items:
        prefetched(item, "aspects", sorted(of_item[item.pk], key=lambda a: a.number))
        for reflection in item.reflections.all():
            if reflection.aspect_id in aspects:
                reflection.aspect = aspects[reflection.aspect_id]
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

"""The one gate to a person's plan and everything in it: only the owner gets it; anyone else a 404.

Team leaders' views of a plan (with the teacher's consent) come later and will pass through here too.
"""

from django.http import Http404

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.core import schoolyear
from ontwikkelwijzer.plans import selectors
from ontwikkelwijzer.plans.models import CarryOver, DevelopmentPlan, LogEntry, PlanItem, TrashEntry


def get_plan_for_user(user: User, school_year: str) -> DevelopmentPlan:
    schoolyear.or_404(school_year)
    plan = (
        DevelopmentPlan.objects.filter(user=user, school_year=school_year).select_related("framework").first()
    )
    if plan is None:
        raise Http404("No such plan.")
    return plan


def get_item_for_user(user: User, pk: int) -> PlanItem:
    item = PlanItem.objects.filter(plan__user=user, pk=pk).select_related("plan").first()
    if item is None:
        raise Http404("No such plan item.")
    return selectors.item_with_activity(item)


def get_log_entry_for_user(user: User, pk: int) -> LogEntry:
    entry = LogEntry.objects.filter(item__plan__user=user, pk=pk).select_related("item").first()
    if entry is None:
        raise Http404("No such log entry.")
    return entry


def get_trash_entry_for_user(user: User, pk: int) -> TrashEntry:
    """The gate to a trash entry: only its owner gets it; anyone else a 404."""
    entry = TrashEntry.objects.filter(owner=user, pk=pk).first()
    if entry is None:
        raise Http404("No such trash entry.")
    return entry


def get_carry_over_for_user(user: User, pk: int) -> CarryOver:
    """The gate to a carry-over step: only the owner of the plan it went into; anyone else a 404."""
    step = CarryOver.objects.filter(plan__user=user, pk=pk).select_related("plan").first()
    if step is None:
        raise Http404("No such carry-over.")
    return step

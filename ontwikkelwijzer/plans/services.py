"""Writes for development plans: plans, items (with optimistic locking), log entries, reflections, and
taking unfinished items over from the school year before (undoable). Deleting goes through the trash
(``plans/trash.py``)."""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.core import schoolyear, signals
from ontwikkelwijzer.framework.models import Activity, Aspect
from ontwikkelwijzer.framework.selectors import framework_get_current
from ontwikkelwijzer.plans import selectors
from ontwikkelwijzer.plans.constants import OPEN_STATUSES, ItemStatus
from ontwikkelwijzer.plans.models import (
    CarryOver,
    ConversationNote,
    DevelopmentPlan,
    LogEntry,
    PlanItem,
    Reflection,
    TeamGoal,
)
from ontwikkelwijzer.teams.hours import Budget, budget_for

if TYPE_CHECKING:
    from django.db.models import QuerySet


def plan_budget(*, user: User) -> Budget:
    """The yearly professionalisation budget and where it comes from: the hours of the person's school for
    a full-time job under its rule for them (59 for teaching staff by the cao mbo, artikel 8.2; the
    school's own number for others), pro rata to their FTE (``teams.hours``)."""
    return budget_for(user=user)


def plan_budget_hours(*, user: User) -> Decimal:
    """The yearly professionalisation budget in hours (``plan_budget``)."""
    return plan_budget(user=user).hours


def plan_get_or_create(*, user: User, school_year: str) -> DevelopmentPlan:
    """The person's plan of the school year, started when there is none. What a new plan starts with (the
    framework shown, the budget: a query of the memberships and appointments) is worked out only then."""
    found = DevelopmentPlan.objects.filter(user=user, school_year=school_year).first()
    if found is not None:
        return found
    plan, _ = DevelopmentPlan.objects.get_or_create(  # made at the same moment elsewhere: that one
        user=user,
        school_year=school_year,
        defaults={"framework": framework_get_current(), "budget_hours": plan_budget_hours(user=user)},
    )
    return plan


@dataclass(frozen=True)
class ItemData:
    goal: str
    aspects: list[Aspect]
    start_date: date
    end_date: date
    estimated_hours: Decimal
    activity: Activity | None = None
    title: str = ""
    status: str = ItemStatus.PLANNED
    follow_up: str = ""
    carried_from: PlanItem | None = None
    team_goal: TeamGoal | None = None


class EditConflict(Exception):
    """Someone saved the item after this form was opened; nothing was saved."""

    def __init__(self, current: PlanItem):
        super().__init__("The item was changed elsewhere.")
        self.current = current


EDITABLE = (
    "activity",
    "title",
    "goal",
    "start_date",
    "end_date",
    "estimated_hours",
    "status",
    "follow_up",
    "team_goal",
)


def _fields(data: ItemData) -> dict[str, object]:
    return {name: getattr(data, name) for name in EDITABLE}


def _aspects_change(item: PlanItem, *, add: Collection[int] = (), remove: Collection[int] = ()) -> None:
    """Add and remove aspects of the item (ids), one statement each, without first reading which it has:
    the caller knows. Writing the through rows sends no m2m signal: the caller tells the counters."""
    through = PlanItem.aspects.through
    if remove:
        through.objects.filter(planitem=item, aspect__in=remove).delete()
    if add:
        through.objects.bulk_create(
            [through(planitem=item, aspect_id=aspect) for aspect in add], ignore_conflicts=True
        )


def plan_item_create(*, plan: DevelopmentPlan, data: ItemData) -> PlanItem:
    # No savepoint of its own inside another transaction (carrying over, a request for an offer): the item
    # and its aspects are made together, or not at all, with the rest of that transaction.
    with transaction.atomic(savepoint=False):
        item = PlanItem.objects.create(plan=plan, carried_from=data.carried_from, **_fields(data))
        _aspects_change(item, add=list(dict.fromkeys(aspect.pk for aspect in data.aspects)))  # new: none yet
        signals.changed(plan.user_id)  # the aspects' insert sends no signal (the item's save did)
    return item


def plan_item_update(*, item: PlanItem, data: ItemData, version: int) -> PlanItem:
    """Save only when nobody saved in between (the version the form was opened with is still current).

    The aspects change by the difference from those the item has: read here, or prefetched by the caller
    that read them already (the edit form does, for its initial values). Read before this update and still
    right: whoever changes an item's aspects raises its version in the same transaction, so an update that
    finds the version unchanged finds the aspects unchanged too."""
    had = {aspect.pk for aspect in item.aspects.all()}
    wanted = {aspect.pk for aspect in data.aspects}
    now = timezone.now()
    with transaction.atomic(savepoint=False):
        updated = PlanItem.objects.filter(pk=item.pk, version=version).update(
            **_fields(data), version=F("version") + 1, updated_at=now
        )
        if updated:
            _aspects_change(item, add=wanted - had, remove=had - wanted)
            signals.changed(item.plan.user_id)  # update() and the aspects' writes send no signal
    if not updated:  # outside the transaction: nothing was written, and the caller shows the conflict
        raise EditConflict(PlanItem.objects.get(pk=item.pk))
    # The item as saved, without reading it again: what was written, and the relations of it at hand.
    for name, value in _fields(data).items():
        setattr(item, name, value)
    item.version, item.updated_at = version + 1, now
    if hasattr(item, "_prefetched_objects_cache"):
        item._prefetched_objects_cache.pop("aspects", None)
    return item


def plan_item_from_activity(*, plan: DevelopmentPlan, activity: Activity, aspects: list[Aspect]) -> PlanItem:
    """Put a catalogue activity in the plan with sensible defaults: from today to the end of the year."""
    start, end = schoolyear.bounds(plan.school_year)
    today = date.today()
    start = min(max(today, start), end)
    return plan_item_create(
        plan=plan,
        data=ItemData(
            activity=activity,
            goal="",
            aspects=aspects,
            start_date=start,
            end_date=end,
            estimated_hours=Decimal(activity.estimated_hours),
        ),
    )


def log_entry_create(
    *,
    item: PlanItem,
    day: date,
    description: str,
    hours_spent: Decimal,
    evidence_url: str = "",
    evidence_file: "UploadedFile[bytes] | None" = None,  # quoted: not subscriptable at run time
) -> LogEntry:
    # No savepoint of its own inside another transaction: the entry and the item's new status together.
    with transaction.atomic(savepoint=False):
        entry = LogEntry.objects.create(
            item=item,
            date=day,
            description=description,
            hours_spent=hours_spent,
            evidence_url=evidence_url,
            evidence_file=evidence_file,
            evidence_name=evidence_file.name if evidence_file and evidence_file.name else "",
        )
        if item.status == ItemStatus.PLANNED:
            PlanItem.objects.filter(pk=item.pk).update(
                status=ItemStatus.IN_PROGRESS, version=F("version") + 1, updated_at=timezone.now()
            )
            signals.changed(item.plan.user_id)  # update() sends no signal
    return entry


def reflection_save(*, item: PlanItem, aspect: Aspect, rating: int, text: str) -> Reflection:
    reflection, _ = Reflection.objects.update_or_create(
        item=item, aspect=aspect, defaults={"rating": rating, "text": text}
    )
    return reflection


def reflections_save(*, item: PlanItem, changes: list[tuple[Aspect, int, str]]) -> list[Aspect]:
    """Several reflections of an item at once, (aspect, rating, text) each: one statement that inserts
    them or updates the one of that aspect. The upsert sends no model signal, so the counters are told."""
    if not changes:
        return []
    Reflection.objects.bulk_create(
        [Reflection(item=item, aspect=aspect, rating=rating, text=text) for aspect, rating, text in changes],
        update_conflicts=True,
        unique_fields=["item", "aspect"],
        update_fields=["rating", "text", "updated_at"],
    )
    signals.changed(item.plan.user_id)
    return [aspect for aspect, _rating, _text in changes]


def conversation_note_create(
    *, plan: DevelopmentPlan, author: User, day: date, text: str
) -> ConversationNote:
    """A note of the yearly conversation on the plan, by the teacher or their team leader."""
    return ConversationNote.objects.create(
        plan=plan, author=author, author_name=str(author), date=day, text=text.strip()
    )


# --- Carrying over: from the school year before, chosen, undoable -------------------------------------


def shift_one_year(day: date) -> date:
    """The same day a year later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def _open_in_year_before(*, user_id: int, school_year: str) -> "QuerySet[PlanItem]":
    """What the person may take over into their plan of ``school_year``: the items of their plan of the
    year before that are planned or in progress, and not taken over into this year's plan already. Done
    items are done; cancelled ones were a decision not to do them, so they are not offered; carried-over
    ones are in a later plan already."""
    taken = PlanItem.objects.filter(
        plan__user_id=user_id, plan__school_year=school_year, carried_from__isnull=False
    ).values("carried_from")
    return PlanItem.objects.filter(
        plan__user_id=user_id,
        plan__school_year=schoolyear.previous_school_year(school_year),
        status__in=OPEN_STATUSES,
    ).exclude(pk__in=taken)


def carry_over_offer(*, user: User, school_year: str) -> int:
    """How many unfinished items of the year before could be taken over into ``school_year`` (a read,
    for the plan page and the start page)."""
    return _open_in_year_before(user_id=user.pk, school_year=school_year).count()


def carry_over_candidates(*, plan: DevelopmentPlan) -> list[PlanItem]:
    """The items that can be taken over into ``plan`` from the year before, in the order of the plan."""
    return list(
        _open_in_year_before(user_id=plan.user_id, school_year=plan.school_year)
        .select_related("activity", "plan")
        .prefetch_related("aspects")
        .order_by("start_date", "pk")
    )


def plan_carry_over(*, plan: DevelopmentPlan, items: Collection[int] | None = None) -> CarryOver | None:
    """Act: copy unfinished items of ``plan`` into the person's plan of the next school year (started when
    there is none): the open ones among ``items`` (ids; None: all of them) not taken over already. A copy
    keeps the activity, title, goal, aspects, hours and follow-up; its period is the original's a year
    later, its status planned, ``carried_from`` the original, which is marked carried over. The step is
    recorded (``CarryOver``) so that it can be undone as one; None when nothing was copied."""
    with transaction.atomic():
        target = plan_get_or_create(user=plan.user, school_year=schoolyear.next_school_year(plan.school_year))
        chosen = [
            item for item in carry_over_candidates(plan=target) if items is None or item.pk in set(items)
        ]
        if not chosen:
            return None
        made = []
        for item in chosen:
            copy = plan_item_create(
                plan=target,
                data=ItemData(
                    activity=item.activity,
                    title=item.title,
                    goal=item.goal,
                    aspects=list(item.aspects.all()),
                    start_date=shift_one_year(item.start_date),
                    end_date=shift_one_year(item.end_date),
                    estimated_hours=item.estimated_hours,
                    follow_up=item.follow_up,
                    carried_from=item,
                ),
            )
            made.append({"copy": copy.pk, "original": item.pk, "status": item.status})
        PlanItem.objects.filter(pk__in=[item.pk for item in chosen]).update(
            status=ItemStatus.CARRIED_OVER, version=F("version") + 1
        )
        step = CarryOver.objects.create(plan=target, from_year=plan.school_year, items=made)
        signals.changed(plan.user_id)  # update() sends no signal
    return step


def carry_over_undoable(*, plan: DevelopmentPlan) -> CarryOver | None:
    """The latest step of taking over into ``plan`` that may still be undone, if any (a read)."""
    return selectors.undoable_carry_overs().filter(plan=plan).first()


def carry_over_copies(*, step: CarryOver) -> list[PlanItem]:
    """The copies the step made that are still in the plan."""
    return list(PlanItem.objects.filter(plan=step.plan, pk__in=step.copies).select_related("activity"))


def carry_over_undo_problem(*, step: CarryOver) -> str | None:
    """Why the step can't be undone (in the person's language), or None."""
    if step.undone_at is not None:
        return _("Taking over from %(year)s was undone already, on %(date)s. Nothing was changed.") % {
            "year": step.from_year,
            "date": formats.date_format(timezone.localtime(step.undone_at), "j F Y"),
        }
    days = settings.TRASH_DAYS
    if step.created_at <= timezone.now() - timedelta(days=days):
        return ngettext(
            "Taking over can be undone for %(days)d day, and that time is over. Delete the activities you "
            "don't want one by one instead: they go to your trash.",
            "Taking over can be undone for %(days)d days, and that time is over. Delete the activities you "
            "don't want one by one instead: they go to your trash.",
            days,
        ) % {"days": days}
    used = (
        PlanItem.objects.filter(plan=step.plan, pk__in=step.copies)
        .filter(Q(log_entries__isnull=False) | Q(reflections__isnull=False))
        .select_related("activity")
        .first()
    )
    if used is not None:
        return _(
            "“%(name)s” has a log entry or a reflection since it was taken over, so undoing would lose what "
            "you wrote. Nothing was changed. Delete the activities you don't want one by one instead: they "
            "go to your trash."
        ) % {"name": used.name}
    return None


class UndoRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def carry_over_undo(*, step: CarryOver) -> int:
    """Undo one step of taking over: delete exactly the copies it made (those still there) and give the
    originals back the status they had. Raises ``UndoRefused`` (and changes nothing) when it was undone
    already, is past ``TRASH_DAYS``, or a copy has a log entry or reflection. Returns how many went."""
    with transaction.atomic():
        step = CarryOver.objects.select_for_update(of=("self",)).select_related("plan").get(pk=step.pk)
        problem = carry_over_undo_problem(step=step)
        if problem:
            raise UndoRefused(problem)
        removed = 0
        for copy in PlanItem.objects.filter(plan=step.plan, pk__in=step.copies):
            copy.delete()  # sends the model signals, as a delete on the item page does
            removed += 1
        for row in step.items:
            PlanItem.objects.filter(
                pk=row["original"], plan__user_id=step.plan.user_id, status=ItemStatus.CARRIED_OVER
            ).update(status=row["status"], version=F("version") + 1)
        step.undone_at = timezone.now()
        step.save(update_fields=["undone_at", "updated_at"])
        signals.changed(step.plan.user_id)  # update() sends no signal
    return removed


def with_in_plan(activities: "QuerySet[Activity]", *, plan: DevelopmentPlan) -> "QuerySet[Activity]":
    """The activities, each with ``in_plan``: whether the plan has an item for it that is not cancelled
    (in the same query as the activity, so that adding one costs no more than before)."""
    return activities.annotate(
        in_plan=Exists(
            PlanItem.objects.filter(plan=plan, activity=OuterRef("pk")).exclude(status=ItemStatus.CANCELLED)
        )
    )


def plan_items_with_activity(*, plan: DevelopmentPlan, activity: Activity) -> list[PlanItem]:
    """The items of the plan for this catalogue activity that are not cancelled (a read: is it in the
    plan already?)."""
    return list(
        PlanItem.objects.filter(plan=plan, activity=activity)
        .exclude(status=ItemStatus.CANCELLED)
        .select_related("activity")
    )

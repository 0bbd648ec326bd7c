"""Writes for development plans: plans, items (with optimistic locking), log entries, reflections."""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.core import schoolyear, signals
from ontwikkelwijzer.framework.models import Activity, Aspect
from ontwikkelwijzer.framework.selectors import framework_get_current
from ontwikkelwijzer.plans.constants import OPEN_STATUSES, ItemStatus
from ontwikkelwijzer.plans.models import (
    ConversationNote,
    DevelopmentPlan,
    LogEntry,
    PlanItem,
    Reflection,
    TeamGoal,
)
from ontwikkelwijzer.teams.services import development_hours_for


def plan_budget_hours(*, user: User) -> Decimal:
    """The yearly professionalisation budget: the school's hours for a full-time job (59 by the
    collective agreement, art. 4.1), pro rata to the person's FTE."""
    full_time = development_hours_for(user=user)
    return (full_time * user.fte).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def plan_get_or_create(*, user: User, school_year: str) -> DevelopmentPlan:
    plan, _ = DevelopmentPlan.objects.get_or_create(
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


def plan_item_create(*, plan: DevelopmentPlan, data: ItemData) -> PlanItem:
    with transaction.atomic():
        item = PlanItem.objects.create(plan=plan, carried_from=data.carried_from, **_fields(data))
        item.aspects.set(data.aspects)
    return item


def plan_item_update(*, item: PlanItem, data: ItemData, version: int) -> PlanItem:
    """Save only when nobody saved in between (the version the form was opened with is still current)."""
    with transaction.atomic():
        updated = PlanItem.objects.filter(pk=item.pk, version=version).update(
            **_fields(data), version=F("version") + 1
        )
        if not updated:
            raise EditConflict(PlanItem.objects.get(pk=item.pk))
        item.refresh_from_db()
        item.aspects.set(data.aspects)
        signals.changed(item.plan.user_id)  # update() sends no signal
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
    with transaction.atomic():
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
                status=ItemStatus.IN_PROGRESS, version=F("version") + 1
            )
            signals.changed(item.plan.user_id)  # update() sends no signal
    return entry


def log_entry_delete(*, entry: LogEntry) -> None:
    if entry.evidence_file:
        entry.evidence_file.delete(save=False)
    entry.delete()


def reflection_save(*, item: PlanItem, aspect: Aspect, rating: int, text: str) -> Reflection:
    reflection, _ = Reflection.objects.update_or_create(
        item=item, aspect=aspect, defaults={"rating": rating, "text": text}
    )
    return reflection


def conversation_note_create(
    *, plan: DevelopmentPlan, author: User, day: date, text: str
) -> ConversationNote:
    """A note of the yearly conversation on the plan, by the teacher or their team leader."""
    return ConversationNote.objects.create(
        plan=plan, author=author, author_name=str(author), date=day, text=text.strip()
    )


def plan_carry_over(*, plan: DevelopmentPlan) -> DevelopmentPlan:
    """Act: copy the unfinished items to next school year's plan, marking the originals as carried over."""
    next_year = schoolyear.next_school_year(plan.school_year)
    start, end = schoolyear.bounds(next_year)
    with transaction.atomic():
        target = plan_get_or_create(user=plan.user, school_year=next_year)
        already = set(PlanItem.objects.filter(plan=target).values_list("carried_from", flat=True))
        for item in plan.items.filter(status__in=OPEN_STATUSES).prefetch_related("aspects"):
            if item.pk in already:
                continue
            plan_item_create(
                plan=target,
                data=ItemData(
                    activity=item.activity,
                    title=item.title,
                    goal=item.goal,
                    aspects=list(item.aspects.all()),
                    start_date=start,
                    end_date=end,
                    estimated_hours=item.estimated_hours,
                    follow_up=item.follow_up,
                    carried_from=item,
                ),
            )
            PlanItem.objects.filter(pk=item.pk).update(
                status=ItemStatus.CARRIED_OVER, version=F("version") + 1
            )
        signals.changed(plan.user_id)  # update() sends no signal
    return target

"""Daily reminder mails: who gets what, composing the mails and sending each reminder only once.

Two kinds:
- "item_ending": open plan items ending within ITEM_ENDING_DAYS days that have no log entry and no
  reflection yet; one mail per user listing them, each item reminded once (key: the item's id).
- "year_end": from settings.REMINDER_YEAR_END_FROM ("MM-DD") until the last day of the school year,
  users whose plan for that year has an item without any reflection; once per user per school year
  (key: the school year).

The selection takes one query per kind, whatever the number of users; sending adds one insert per mail.
"""

import logging
import smtplib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import CharField, Count, Exists, IntegerField, OuterRef, Subquery
from django.db.models.functions import Cast
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.core import schoolyear
from ontwikkelwijzer.plans.constants import OPEN_STATUSES
from ontwikkelwijzer.plans.models import DevelopmentPlan, LogEntry, PlanItem, Reflection, ReminderSent

logger = logging.getLogger(__name__)

ITEM_ENDING = "item_ending"
YEAR_END = "year_end"
ITEM_ENDING_DAYS = 14


@dataclass(frozen=True)
class ReminderItem:
    pk: int
    name: str
    end_date: date
    url: str


@dataclass
class Reminder:
    """One mail to one user, and the ReminderSent keys it records."""

    user: User
    kind: str
    keys: list[str]
    items: list[ReminderItem] = field(default_factory=list)  # item_ending
    school_year: str = ""  # year_end
    unreflected: int = 0  # year_end: items in the plan without a reflection


@dataclass
class Summary:
    sent: dict[str, int] = field(default_factory=lambda: {ITEM_ENDING: 0, YEAR_END: 0})
    items: int = 0  # items reminded in item_ending mails
    failed: list[str] = field(default_factory=list)  # addresses whose mail could not be sent

    @property
    def total(self) -> int:
        return sum(self.sent.values())


def absolute_url(path: str) -> str:
    return getattr(settings, "SITE_URL", "http://127.0.0.1:8000").rstrip("/") + path


def items_ending_due(*, today: date) -> list[Reminder]:
    """Per user: open items ending within ITEM_ENDING_DAYS days with nothing logged or reflected."""
    items = (
        PlanItem.objects.filter(
            status__in=OPEN_STATUSES,
            end_date__gte=today,
            end_date__lte=today + timedelta(days=ITEM_ENDING_DAYS),
            plan__user__is_active=True,
            plan__user__reminders_enabled=True,
        )
        .filter(
            ~Exists(LogEntry.objects.filter(item=OuterRef("pk"))),
            ~Exists(Reflection.objects.filter(item=OuterRef("pk"))),
            ~Exists(
                ReminderSent.objects.filter(
                    user=OuterRef("plan__user"), kind=ITEM_ENDING, key=Cast(OuterRef("pk"), CharField())
                )
            ),
        )
        .select_related("plan__user", "activity")
        .order_by("plan__user_id", "end_date", "pk")
    )
    by_user: dict[int, Reminder] = {}
    for item in items:
        user = item.plan.user
        reminder = by_user.setdefault(user.pk, Reminder(user=user, kind=ITEM_ENDING, keys=[]))
        reminder.keys.append(str(item.pk))
        reminder.items.append(
            ReminderItem(
                pk=item.pk,
                name=item.name,
                end_date=item.end_date,
                url=absolute_url(reverse("plans:item", args=[item.pk])),
            )
        )
    return list(by_user.values())


def year_end_from(school_year: str) -> date:
    """The first day of the year-end reminders in this school year (settings.REMINDER_YEAR_END_FROM)."""
    value = getattr(settings, "REMINDER_YEAR_END_FROM", "06-15")
    start, end = schoolyear.bounds(school_year)
    try:
        month, day = (int(part) for part in value.split("-"))
        return date(start.year if month >= start.month else end.year, month, day)
    except ValueError as exc:
        raise ImproperlyConfigured(f'REMINDER_YEAR_END_FROM must be "MM-DD", not {value!r}.') from exc


def year_end_due(*, today: date) -> list[Reminder]:
    """Near the end of the school year: users whose plan for it has items without any reflection."""
    school_year = schoolyear.school_year_for(today)
    _, last_day = schoolyear.bounds(school_year)
    if not year_end_from(school_year) <= today <= last_day:
        return []
    unreflected = PlanItem.objects.filter(plan=OuterRef("pk")).filter(
        ~Exists(Reflection.objects.filter(item=OuterRef("pk")))
    )
    unreflected_count = unreflected.order_by().values("plan").annotate(n=Count("pk")).values("n")
    plans = (
        DevelopmentPlan.objects.filter(
            school_year=school_year, user__is_active=True, user__reminders_enabled=True
        )
        .filter(
            Exists(unreflected),
            ~Exists(ReminderSent.objects.filter(user=OuterRef("user"), kind=YEAR_END, key=school_year)),
        )
        .annotate(unreflected=Subquery(unreflected_count, output_field=IntegerField()))
        .select_related("user")
        .order_by("user_id")
    )
    return [
        Reminder(
            user=plan.user,
            kind=YEAR_END,
            keys=[school_year],
            school_year=school_year,
            unreflected=plan.unreflected,
        )
        for plan in plans
    ]


def reminders_due(*, today: date) -> list[Reminder]:
    return items_ending_due(today=today) + year_end_due(today=today)


def reminder_message(reminder: Reminder) -> EmailMessage:
    """The mail, in the site's language (management commands run with translations deactivated)."""
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "name": reminder.user.first_name,
            "items": reminder.items,
            "count": len(reminder.items),
            "school_year": reminder.school_year,
            "unreflected": reminder.unreflected,
            "last_day": schoolyear.bounds(reminder.school_year)[1] if reminder.school_year else None,
            "plan_url": absolute_url(reverse("plans:detail", args=[reminder.school_year]))
            if reminder.school_year
            else "",
            "profile_url": absolute_url(reverse("accounts:profile")),
        }
        subject = render_to_string(f"plans/email/{reminder.kind}_subject.txt", context)
        body = render_to_string(f"plans/email/{reminder.kind}.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[reminder.user.email],
    )


def reminder_describe(reminder: Reminder) -> str:
    if reminder.kind == ITEM_ENDING:
        what = "; ".join(f"{i.name} (ends {i.end_date.isoformat()})" for i in reminder.items)
    else:
        what = f"reflect on plan {reminder.school_year} ({reminder.unreflected} items without reflection)"
    return f"{reminder.kind} to {reminder.user.email}: {what}"


def reminder_send(reminder: Reminder) -> bool:
    """Send one reminder and record it; False when another run recorded it first (nothing sent then).

    The ReminderSent rows are written first and the mail sent inside the same transaction, so the rows
    are only committed when the send succeeded, and a concurrent run stops at the unique constraint
    instead of sending the mail twice. A failing send raises and leaves nothing recorded.
    """
    message = reminder_message(reminder)
    try:
        with transaction.atomic():
            ReminderSent.objects.bulk_create(
                [ReminderSent(user=reminder.user, kind=reminder.kind, key=key) for key in reminder.keys]
            )
            message.send(fail_silently=False)
    except IntegrityError:
        logger.info("Reminder %s for %s was already sent by another run", reminder.kind, reminder.user.pk)
        return False
    return True


def reminders_send(
    *, today: date, dry_run: bool = False, report: Callable[[str], None] | None = None
) -> Summary:
    """Send every reminder due on `today`; with dry_run, only report who would get what."""
    summary = Summary()
    due = reminders_due(today=today)
    if dry_run:
        for reminder in due:
            if report:
                report(f"would send {reminder_describe(reminder)}")
            summary.sent[reminder.kind] += 1
            summary.items += len(reminder.items)
        return summary
    if not due:
        return summary
    with translation.override(settings.LANGUAGE_CODE):
        for reminder in due:
            try:
                sent = reminder_send(reminder)
            except (smtplib.SMTPException, OSError):
                logger.exception("Could not send the %s reminder to %s", reminder.kind, reminder.user.email)
                summary.failed.append(reminder.user.email)
                continue
            if sent:
                if report:
                    report(f"sent {reminder_describe(reminder)}")
                summary.sent[reminder.kind] += 1
                summary.items += len(reminder.items)
    return summary

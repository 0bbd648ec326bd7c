"""A teacher's start page (``/`` when signed in): this school year's plan at a glance, what is due, the
latest self-scan and the one next step.

It reads plans, scan and workfield, so it lives here, above them. Who gets it (``start_audience``): a
teacher, that is someone with the teacher role at a school, or with a plan or a scan of their own, or
someone signed up on their own who holds no role anywhere. A partner contact who is none of that gets the
partner's page; team leaders, HR, curriculum developers and administrators without a plan or scan of their
own get the page of what they lead and oversee (``overviews:home``); the installation's operator without
any role gets the school administration, where they create the first school.

The number of queries is fixed, whatever the number of items, log entries, requests or notes. The choice
of the next step and of what is due is pure (``due_items``, ``next_step``) and tested without a database.
"""

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum

from django.db.models import Q
from django.utils import timezone

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.core import schoolyear
from ontwikkelwijzer.plans import selectors as plan_selectors
from ontwikkelwijzer.plans import services as plan_services
from ontwikkelwijzer.plans.constants import (
    COUNTED_STATUSES,
    OPEN_STATUSES,
    ItemStatus,
    PdcaPhase,
    pdca_phase,
)
from ontwikkelwijzer.plans.models import ConversationNote, DevelopmentPlan
from ontwikkelwijzer.scan.models import Scan, ScanAnswer
from ontwikkelwijzer.scan.scoring import aspect_scores, growth_areas
from ontwikkelwijzer.teams.access import schools_with_role
from ontwikkelwijzer.teams.constants import Role
from ontwikkelwijzer.workfield import access as workfield_access
from ontwikkelwijzer.workfield.models import OfferRequest

DUE_DAYS = 30  # an open item ending within this many days with nothing logged or reflected is due
RECENT_DAYS = 30  # a partner's answer to a request this recent is news
REQUESTS_SHOWN = 5
NOTES_SHOWN = 2


class Audience(StrEnum):
    TEACHER = "teacher"  # the start page
    PARTNER = "partner"  # the partner's own page (workfield:partner_home)
    OTHER = "other"  # what they lead and oversee (overviews:home)
    OPERATOR = "operator"  # the installation's operator with no role yet: the school administration


def start_audience(*, user: User) -> Audience:
    """What ``/`` shows this signed-in person (see the module's docstring)."""
    if schools_with_role(user, Role.TEACHER).exists():
        return Audience.TEACHER
    if DevelopmentPlan.objects.filter(user=user).exists() or Scan.objects.filter(user=user).exists():
        return Audience.TEACHER
    if workfield_access.partners_of(user).exists():
        return Audience.PARTNER
    if schools_with_role(user).exists():
        return Audience.OTHER
    return Audience.OPERATOR if user.is_staff else Audience.TEACHER


# --- What is due and the next step: pure ----------------------------------------------------------------


@dataclass(frozen=True)
class ItemState:
    """What the start page needs of one plan item."""

    pk: int
    name: str
    status: str
    start_date: date
    end_date: date
    logged: bool  # has a log entry
    reflected: bool  # has a reflection
    follow_up: bool = False  # has a follow-up (act)


class DueKind(StrEnum):
    REFLECT = "reflect"  # ended (or done) without a reflection: the check of the cycle
    LOG = "log"  # ends within DUE_DAYS days, nothing logged or reflected yet


@dataclass(frozen=True)
class Due:
    item: ItemState
    kind: DueKind


def due_items(items: Iterable[ItemState], *, today: date, days: int = DUE_DAYS) -> list[Due]:
    """The counted items that ask for something, the earliest end first: ended or done ones without a
    reflection, and open ones ending within ``days`` days with nothing logged or reflected."""
    found = []
    for item in items:
        if item.status not in COUNTED_STATUSES:
            continue
        if (item.status == ItemStatus.DONE or item.end_date < today) and not item.reflected:
            found.append(Due(item, DueKind.REFLECT))
        elif (
            item.status in OPEN_STATUSES
            and today <= item.end_date <= today + timedelta(days=days)
            and not item.logged
            and not item.reflected
        ):
            found.append(Due(item, DueKind.LOG))
    return sorted(found, key=lambda due: (due.item.end_date, due.item.pk))


class Step(StrEnum):
    SCAN = "scan"  # no scan and nothing planned: do the self-scan
    TAKE_OVER = "take_over"  # nothing planned, last year's plan has unfinished activities: take them over
    ADD_FIRST = "add_first"  # a scan, nothing planned: put an activity of its mix in the plan
    REFLECT = "reflect"  # an item ended without a reflection
    LOG_DUE = "log_due"  # an item ends soon with nothing logged
    LOG_START = "log_start"  # an item is under way with nothing logged or reflected
    PLAN = "plan"  # nothing asks for anything: look at the plan


@dataclass(frozen=True)
class NextStep:
    step: Step
    item: ItemState | None = None


def next_step(
    *, has_scan: bool, items: Sequence[ItemState], today: date, unfinished_before: int = 0
) -> NextStep:
    """The one next step: last year's unfinished activities (``unfinished_before`` of them), the scan, a
    first activity, or what the most pressing item asks for."""
    counted = [item for item in items if item.status in COUNTED_STATUSES]
    if not counted:
        if unfinished_before:
            return NextStep(Step.TAKE_OVER)
        return NextStep(Step.ADD_FIRST if has_scan else Step.SCAN)
    due = due_items(counted, today=today)
    if due:
        first = due[0]
        return NextStep(Step.REFLECT if first.kind == DueKind.REFLECT else Step.LOG_DUE, first.item)
    started = [
        i
        for i in counted
        if i.status in OPEN_STATUSES and i.start_date <= today <= i.end_date and not (i.logged or i.reflected)
    ]
    if started:
        return NextStep(Step.LOG_START, min(started, key=lambda i: (i.end_date, i.pk)))
    return NextStep(Step.PLAN)


# --- The page -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int


@dataclass(frozen=True)
class PlanGlance:
    """This school year's plan in figures, as the plan page has them (``plans.selectors.plan_overview``)."""

    plan: DevelopmentPlan
    hours_planned: Decimal
    hours_spent: Decimal
    statuses: list[StatusCount]
    phases: list[StatusCount]  # the counted items per phase of the PDCA cycle, every phase
    item_count: int
    reflected: int  # counted items with at least one reflection
    counted: int  # items that count (not cancelled or carried over)

    @property
    def over_budget(self) -> bool:
        return self.hours_planned > self.plan.budget_hours


@dataclass(frozen=True)
class ScanGlance:
    scan: Scan
    weakest: str | None  # the short name of the aspect with most room to grow; None when nothing to say
    weakest_score: float | None


@dataclass(frozen=True)
class StartPage:
    school_year: str
    budget: Decimal
    plan: PlanGlance | None
    due: list[Due]
    answered: list[OfferRequest]  # answered by a partner in the last RECENT_DAYS days
    notes: list[ConversationNote]  # the latest notes of this year's conversation
    more_notes: bool  # there are more than those
    scan: ScanGlance | None
    next: NextStep


def _states(items: Iterable[plan_selectors.CountedItem]) -> list[ItemState]:
    return [
        ItemState(
            pk=item.pk,
            name=item.name,
            status=item.status,
            start_date=item.start_date,
            end_date=item.end_date,
            logged=item.log_count > 0,
            reflected=bool(item.reflections.all()),
            follow_up=bool(item.follow_up.strip()),
        )
        for item in items
    ]


def _plan_glance(overview: plan_selectors.PlanOverview, states: list[ItemState]) -> PlanGlance:
    counts = dict.fromkeys(ItemStatus.values, 0)
    for state in states:
        counts[state.status] = counts.get(state.status, 0) + 1
    counted = [s for s in states if s.status in COUNTED_STATUSES]
    phases = Counter(
        pdca_phase(status=s.status, logged=s.logged, reflected=s.reflected, follow_up=s.follow_up)
        for s in counted
    )
    return PlanGlance(
        plan=overview.plan,
        hours_planned=overview.hours_planned,
        hours_spent=overview.hours_spent,
        statuses=[
            StatusCount(status, str(label), counts[status])
            for status, label in ItemStatus.choices
            if counts[status]
        ],
        phases=[StatusCount(phase, str(phase.label), phases[phase]) for phase in PdcaPhase],
        item_count=len(states),
        reflected=sum(s.reflected for s in counted),
        counted=len(counted),
    )


def _scan_glance(user: User) -> ScanGlance | None:
    scan = Scan.objects.filter(user=user).select_related("framework").first()
    if scan is None:
        return None
    aspects = list(scan.framework.aspects.all())
    rows = list(
        ScanAnswer.objects.filter(scan=scan).values_list(
            "statement__code", "statement__aspect__code", "value"
        )
    )
    answers = {code: value for code, _aspect, value in rows}
    scores = aspect_scores(
        answers, {code: aspect for code, aspect, _value in rows}, [a.code for a in aspects]
    )
    growth = growth_areas(scores)
    if not growth:
        return ScanGlance(scan=scan, weakest=None, weakest_score=None)
    names = {a.code: a.short_name for a in aspects}
    score = next(s.score for s in scores if s.aspect == growth[0])
    return ScanGlance(scan=scan, weakest=names[growth[0]], weakest_score=score)


def start_page(*, user: User, today: date, now: datetime | None = None) -> StartPage:
    """Everything on the teacher's start page, for the school year of ``today``."""
    now = now or timezone.now()
    year = schoolyear.school_year_for(today)
    plan = DevelopmentPlan.objects.filter(user=user, school_year=year).select_related("framework").first()
    glance: PlanGlance | None = None
    states: list[ItemState] = []
    notes: list[ConversationNote] = []
    if plan is not None:
        overview = plan_selectors.plan_overview(plan=plan)
        states = _states(overview.items)
        glance = _plan_glance(overview, states)
        notes = list(ConversationNote.objects.filter(plan=plan).order_by("-date", "-pk")[: NOTES_SHOWN + 1])
    scan = _scan_glance(user)
    answered = list(
        OfferRequest.objects.filter(
            Q(status=OfferRequest.Status.ACCEPTED) | Q(status=OfferRequest.Status.DECLINED),
            teacher=user,
            answered_at__gte=now - timedelta(days=RECENT_DAYS),
        )
        .select_related("offer__partner")
        .order_by("-answered_at", "-pk")[:REQUESTS_SHOWN]
    )
    return StartPage(
        school_year=year,
        budget=plan.budget_hours if plan is not None else plan_services.plan_budget_hours(user=user),
        plan=glance,
        due=due_items(states, today=today),
        answered=answered,
        notes=notes[:NOTES_SHOWN],
        more_notes=len(notes) > NOTES_SHOWN,
        scan=scan,
        next=next_step(
            has_scan=scan is not None,
            items=states,
            today=today,
            unfinished_before=0 if states else plan_services.carry_over_offer(user=user, school_year=year),
        ),
    )

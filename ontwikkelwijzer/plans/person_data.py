"""Reads of another person's data, within what ``access.person_access`` allows; each read is audited.

The sharing choices are applied here, in what is read and returned, not in the template: what the viewer
may not see is never loaded into the page's context (no log counts, no hours spent, no reflections, no
scans of a person who does not share them).

What a leader sees is also bound to their own team (``PersonAccess``): a plan of a school year before the
person joined the team is read as no plan at all (``member_plan`` shows "no plan yet", ``plan_for_notes``
gives nothing to write in), and of the notes of the yearly conversation only those written by the person or
by a current leader of the team are loaded into the plan (and the latest self-scan, when shared, only
from that school year on) (``plan.conversation_notes.all()`` holds only
those), not the ones written with the leader of another team or school, nor those of a leader who has left.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from ontwikkelwijzer.core import schoolyear
from ontwikkelwijzer.framework.models import Aspect
from ontwikkelwijzer.plans.constants import COUNTED_STATUSES
from ontwikkelwijzer.plans.models import ConversationNote, DevelopmentPlan, PlanItem
from ontwikkelwijzer.scan.models import Scan
from ontwikkelwijzer.scan.selectors import scan_input_of, scan_result
from ontwikkelwijzer.teams.access import PersonAccess
from ontwikkelwijzer.teams.services import audit_record


@dataclass(frozen=True)
class SharedReflection:
    aspect: str
    rating: int | None
    text: str


@dataclass(frozen=True)
class MemberItem:
    name: str
    goal: str
    aspects: list[str]
    start_date: date | None
    end_date: date | None
    status: str
    log_count: int | None  # None: not shared
    reflection_count: int | None
    reflections: list[SharedReflection]


@dataclass(frozen=True)
class MemberPlan:
    plan: DevelopmentPlan | None
    items: list[MemberItem]
    hours_planned: Decimal
    hours_spent: Decimal | None  # None: not shared (it comes from the log)
    shares_log: bool


@dataclass(frozen=True)
class MemberScan:
    created_at: date
    rows: list[tuple[str, float | None]]


def _plan(access: PersonAccess, school_year: str) -> DevelopmentPlan | None:
    """The one read of the person's plan for every view: none of a year before the person joined the team;
    its ``conversation_notes`` prefetched with only the notes the viewer may read."""
    if not access.sees_year(school_year):
        return None
    notes = ConversationNote.objects.filter(access.note_authors())
    return (
        DevelopmentPlan.objects.filter(user=access.person, school_year=school_year)
        .select_related("framework")
        .prefetch_related(Prefetch("conversation_notes", queryset=notes))
        .first()
    )


def member_plan(access: PersonAccess, school_year: str) -> MemberPlan:
    """The person's plan of the school year as the viewer may see it; the look is audited."""
    plan = _plan(access, school_year)
    if access.scans:
        action = _("viewed your development plan %(year)s and your latest self-scan (team %(team)s)")
    else:
        action = _("viewed your development plan %(year)s (team %(team)s)")
    audit_record(
        actor=access.viewer,
        subject=access.person,
        action=action % {"year": school_year, "team": access.team},
    )
    if plan is None:
        return MemberPlan(None, [], Decimal(0), None, access.log_and_reflections)
    items = PlanItem.objects.filter(plan=plan).prefetch_related(
        Prefetch("aspects", queryset=Aspect.objects.order_by("number"))
    )
    if access.log_and_reflections:
        items = items.prefetch_related("reflections__aspect", "log_entries")
    rows, planned, spent = [], Decimal(0), Decimal(0)
    for item in items.select_related("activity").order_by("start_date", "pk"):
        if item.status in COUNTED_STATUSES:
            planned += item.estimated_hours
        reflections: list[SharedReflection] = []
        log_count = reflection_count = None
        if access.log_and_reflections:
            entries = list(item.log_entries.all())
            spent += sum((e.hours_spent or Decimal(0) for e in entries), Decimal(0))
            reflections = [
                SharedReflection(r.aspect.short_name, r.rating, r.text) for r in item.reflections.all()
            ]
            log_count, reflection_count = len(entries), len(reflections)
        rows.append(
            MemberItem(
                name=item.name,
                goal=item.goal,
                aspects=[a.short_name for a in item.aspects.all()],
                start_date=item.start_date,
                end_date=item.end_date,
                status=item.get_status_display(),
                log_count=log_count,
                reflection_count=reflection_count,
                reflections=reflections,
            )
        )
    return MemberPlan(
        plan=plan,
        items=rows,
        hours_planned=planned,
        hours_spent=spent if access.log_and_reflections else None,
        shares_log=access.log_and_reflections,
    )


def member_scan(access: PersonAccess) -> MemberScan | None:
    """The person's latest self-scan, only when they share scans (``member_plan`` audits the look)."""
    if not access.scans:
        return None
    since = schoolyear.bounds(access.first_year)[0]  # nothing from before the person joined the team
    latest = (
        Scan.objects.filter(user=access.person, created_at__date__gte=since)
        .select_related("framework")
        .first()
    )
    if latest is None:
        return None
    result = scan_result(framework=latest.framework, data=scan_input_of(latest))
    return MemberScan(
        created_at=latest.created_at,
        rows=[(result.aspect_names[s.aspect], s.score) for s in result.scores],
    )


def plan_for_notes(access: PersonAccess, school_year: str) -> DevelopmentPlan | None:
    """The plan in which the viewer writes notes of the yearly conversation (not audited by itself)."""
    return _plan(access, school_year)


def notes_viewed(access: PersonAccess, school_year: str) -> None:
    """The notes were shown to the viewer (a form came back with an error beside them)."""
    audit_record(
        actor=access.viewer,
        subject=access.person,
        action=_(
            "viewed the notes of the yearly conversation in your development plan %(year)s (team %(team)s)"
        )
        % {"year": school_year, "team": access.team},
    )


def note_added(access: PersonAccess, note: ConversationNote) -> None:
    audit_record(
        actor=access.viewer,
        subject=access.person,
        action=_("added a note of the yearly conversation to your development plan %(year)s (team %(team)s)")
        % {"year": note.plan.school_year, "team": access.team},
    )

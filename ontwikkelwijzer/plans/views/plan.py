from datetime import date
from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from ontwikkelwijzer.core import confirm, dates, schoolyear
from ontwikkelwijzer.core.confirm import Confirmation, confirm_page, confirmed
from ontwikkelwijzer.framework import own_activities
from ontwikkelwijzer.plans import access, selectors, services
from ontwikkelwijzer.plans.charts import plan_hours_chart
from ontwikkelwijzer.plans.constants import ItemStatus
from ontwikkelwijzer.plans.coverage import coverage_rows
from ontwikkelwijzer.plans.models import CarryOver, DevelopmentPlan, PlanItem


@login_required
def current(request):
    return redirect("plans:detail", school_year=schoolyear.school_year_for(date.today()))


@login_required
def detail(request, school_year: str):
    schoolyear.or_404(school_year)
    plans = selectors.plan_list_for_user(user=request.user)
    plan = next((p for p in plans if p.school_year == school_year), None)
    previous_year = schoolyear.previous_school_year(school_year)
    carry = {
        "previous_year": previous_year,
        "next_year": schoolyear.next_school_year(school_year),
        # Without a plan of the year before there is nothing to take over (and no query to ask).
        "carry_over_offer": services.carry_over_offer(user=request.user, school_year=school_year)
        if any(p.school_year == previous_year for p in plans)
        else 0,
    }
    if plan is None:
        return render(
            request,
            "plans/start.html",
            {
                "school_year": school_year,
                "budget": services.plan_budget_hours(user=request.user),
                "plans": plans,
                **carry,
            },
        )
    overview = selectors.plan_overview(plan=selectors.plan_with_framework(plan))
    rows = coverage_rows(overview.coverage, overview.aspects, overview.categories)
    return render(
        request,
        "plans/plan.html",
        {
            "overview": overview,
            "plan": plan,
            "plans": plans,
            "coverage_rows": rows,
            "item_rows": _item_rows(overview),
            **_timeline(overview),
            "hours_chart": plan_hours_chart(overview),
            "carry_over_undo": services.carry_over_undoable(plan=plan) if plan.undo_pending else None,
            **carry,
        },
    )


def _item_rows(overview: selectors.PlanOverview) -> SafeString:
    """The items table's rows, written here rather than by the template: twenty rows of seven cells were
    most of the template's time. A period reads "12 sep. – 3 feb. 2027" (``core.dates``), the months'
    short names looked up once; the item's address is made once and filled in per item."""
    own = _("own")
    months = dates.month_names()
    statuses = {status: str(label) for status, label in ItemStatus.choices}
    url = reverse("plans:item", args=[0]).removesuffix("0/")
    hours: dict[Decimal, str] = {}

    def number(value: Decimal) -> str:
        if value not in hours:
            hours[value] = number_format(value, 1)
        return hours[value]

    return format_html_join(
        "\n",
        '<tr><th scope="row"><a href="{}{}/">{}</a> <span class="tag">{}</span></th>'
        "<td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        (
            (
                url,
                item.pk,
                item.name,
                item.activity.learning_mark if item.activity else own,
                ", ".join(a.short_name for a in item.aspects.all()),
                dates.period(item.start_date, item.end_date, months=months),
                f"{number(item.hours_spent or Decimal(0))} / {number(item.estimated_hours)}",
                statuses[item.status],
                f"{item.log_count} / {len(item.reflections.all())}",
            )
            for item in overview.items
        ),
    )


def _timeline(overview: selectors.PlanOverview) -> dict:
    """The timeline: the school year's months, and per item the months before it, the months it runs
    (one cell, named for screen readers: "oktober – januari") and the months after it. Three cells per
    row instead of twelve, each month's name formatted once, and the rows written here."""
    months = overview.months
    keys = [(m.year, m.month) for m in months]
    names = [formats.date_format(m, "F") for m in months]
    rows = []
    for item in overview.items:
        start, end = (item.start_date.year, item.start_date.month), (item.end_date.year, item.end_date.month)
        on = [i for i, key in enumerate(keys) if start <= key <= end]
        cells = []
        if on:
            first, last = on[0], on[-1]
            if first:
                cells.append(format_html('<td colspan="{}"></td>', first))
            label = " – ".join(dict.fromkeys((names[first], names[last])))
            cells.append(
                format_html(
                    '<td class="on" colspan="{}"><span class="visually-hidden">{}</span></td>', len(on), label
                )
            )
            if last < len(months) - 1:
                cells.append(format_html('<td colspan="{}"></td>', len(months) - 1 - last))
        else:
            cells.append(format_html('<td colspan="{}"></td>', len(months)))
        rows.append(format_html('<tr><th scope="row">{}</th>{}</tr>', item.name, mark_safe("".join(cells))))  # noqa: S308 (escaped)
    short = dates.month_names()
    return {
        "timeline_months": [{"short": short[m.month], "long": formats.date_format(m, "F Y")} for m in months],
        "timeline_rows": mark_safe("\n".join(rows)),  # noqa: S308 (each row escaped)
    }


@login_required
@require_POST
def start(request, school_year: str):
    services.plan_get_or_create(user=request.user, school_year=schoolyear.or_404(school_year))
    return redirect("plans:detail", school_year=school_year)


def _chosen(request, candidates: list[PlanItem]) -> list[PlanItem]:
    """The candidates ticked on the page (``items``), or listed on the confirmation (``chosen``: "1,2,3";
    not "items", which the confirmation's template would read as the dict's method)."""
    fields = [*request.POST.getlist("items"), *request.POST.getlist("chosen")]
    wanted = {value for field in fields for value in field.split(",")}
    return [item for item in candidates if str(item.pk) in wanted]


def _carry_over_confirmation(plan: DevelopmentPlan, chosen: list[PlanItem]) -> Confirmation:
    what = {"year": plan.school_year, "previous": schoolyear.previous_school_year(plan.school_year)}
    lines = [
        _("“%(name)s”, from %(start)s to %(end)s, planned.")
        % {
            "name": item.name,
            "start": formats.date_format(services.shift_one_year(item.start_date), "j F Y"),
            "end": formats.date_format(services.shift_one_year(item.end_date), "j F Y"),
        }
        for item in chosen
    ]
    return Confirmation(
        title=ngettext(
            "Take %(count)d activity over into your plan %(year)s?",
            "Take %(count)d activities over into your plan %(year)s?",
            len(chosen),
        )
        % {**what, "count": len(chosen)},
        consequences=[
            *lines,
            _(
                "Each keeps its goal, aspects and hours; its period is a year later. Its log and "
                "reflections stay in %(previous)s, where it is marked as carried over."
            )
            % what,
        ],
        button=_("Take over"),
        cancel_url=reverse("plans:carry_over", args=[plan.school_year]),
        danger=False,
        undo=ngettext(
            "For %(days)d day, and until you write in their log or reflect on them, “Undo” on your plan "
            "page removes them again.",
            "For %(days)d days, and until you write in their log or reflect on them, “Undo” on your plan "
            "page removes them again.",
            settings.TRASH_DAYS,
        )
        % {"days": settings.TRASH_DAYS},
        hidden={"chosen": ",".join(str(item.pk) for item in chosen)},
    )


@login_required
def carry_over(request, school_year: str):
    """Take unfinished activities over from the year before: choose (GET), confirm, copy."""
    plan = access.get_plan_for_user(request.user, school_year)
    candidates = services.carry_over_candidates(plan=plan)
    chosen = _chosen(request, candidates) if request.method == "POST" else []
    if chosen and confirmed(request):
        step = services.plan_carry_over(plan=chosen[0].plan, items={item.pk for item in chosen})
        count = len(step.items) if step else 0
        messages.success(
            request,
            ngettext(
                "%(count)d activity was taken over from %(year)s. Not what you meant? “Undo” on this "
                "page removes it again.",
                "%(count)d activities were taken over from %(year)s. Not what you meant? “Undo” on this "
                "page removes them again.",
                count,
            )
            % {"count": count, "year": schoolyear.previous_school_year(school_year)},
        )
        return redirect("plans:detail", school_year=school_year)
    if chosen:
        return confirm_page(request, _carry_over_confirmation(plan, chosen))
    ticked = (
        {item.pk for item in candidates if item.status == ItemStatus.PLANNED}
        if request.method != "POST"
        else set()
    )
    context = {
        "plan": plan,
        "previous_year": schoolyear.previous_school_year(school_year),
        "candidates": candidates,
        "ticked": ticked,
        "nothing_chosen": request.method == "POST",
    }
    return render(request, "plans/carry_over.html", context)


def _undo_confirmation(step: CarryOver, copies: list[PlanItem]) -> Confirmation:
    what = {"year": step.plan.school_year, "previous": step.from_year}
    return Confirmation(
        title=_("Undo taking over from %(previous)s?") % what,
        consequences=[
            *(
                _("“%(name)s” is removed from your plan %(year)s.") % {**what, "name": copy.name}
                for copy in copies
            ),
            _("In your plan %(previous)s they are planned or in progress again, as before.") % what,
        ],
        button=_("Undo taking over"),
        cancel_url=reverse("plans:detail", args=[step.plan.school_year]),
        undo=_("You can take them over again afterwards."),
    )


@login_required
def carry_over_undo(request, pk: int):
    """GET asks; a POST from that page removes exactly the copies of that step."""
    step = access.get_carry_over_for_user(request.user, pk)
    plan_url = redirect("plans:detail", school_year=step.plan.school_year)
    problem = services.carry_over_undo_problem(step=step)
    if problem:
        messages.error(request, problem)
        return plan_url
    if not confirmed(request):
        return confirm_page(request, _undo_confirmation(step, services.carry_over_copies(step=step)))
    try:
        removed = services.carry_over_undo(step=step)
    except services.UndoRefused as refused:
        messages.error(request, refused.message)
        return plan_url
    messages.success(
        request,
        ngettext(
            "Taking over was undone: %(count)d activity was removed from this plan.",
            "Taking over was undone: %(count)d activities were removed from this plan.",
            removed,
        )
        % {"count": removed},
    )
    return plan_url


@login_required
@require_POST
def add_activity(request, school_year: str):
    """One click from a recommendation or the catalogue: the activity goes into the plan with defaults;
    when the plan has it already (not cancelled), only after asking whether a second one is meant."""
    plan = services.plan_get_or_create(user=request.user, school_year=schoolyear.or_404(school_year))
    selectors.plan_with_framework(plan)
    visible = own_activities.visible(plan.framework, own_activities.organisations_of(request.user))
    activity = get_object_or_404(
        services.with_in_plan(visible, plan=plan), code=request.POST.get("activity", "")
    )
    wanted = request.POST.getlist("aspects")
    if activity.in_plan and not confirmed(request):
        context = {
            "plan": plan,
            "activity": activity,
            "existing": services.plan_items_with_activity(plan=plan, activity=activity),
            "wanted": wanted,
            "confirm_field": confirm.FIELD,
            "confirm_value": confirm.VALUE,
        }
        return render(request, "plans/add_activity_again.html", context)
    aspects = [
        c.aspect
        for c in activity.contributions.select_related("aspect")
        if not wanted or c.aspect.code in wanted
    ]
    item = services.plan_item_from_activity(plan=plan, activity=activity, aspects=aspects)
    messages.success(request, _("“%(name)s” is in your plan. Add your goal.") % {"name": activity.name})
    return redirect("plans:item_edit", pk=item.pk)

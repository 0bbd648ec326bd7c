from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ontwikkelwijzer.core import schoolyear
from ontwikkelwijzer.framework import own_activities
from ontwikkelwijzer.plans import access, selectors, services
from ontwikkelwijzer.plans.coverage import coverage_rows
from ontwikkelwijzer.plans.models import DevelopmentPlan


@login_required
def current(request):
    return redirect("plans:detail", school_year=schoolyear.school_year_for(date.today()))


@login_required
def detail(request, school_year: str):
    schoolyear.or_404(school_year)
    plan = (
        DevelopmentPlan.objects.filter(user=request.user, school_year=school_year)
        .select_related("framework")
        .first()
    )
    plans = selectors.plan_list_for_user(user=request.user)
    if plan is None:
        return render(
            request,
            "plans/start.html",
            {
                "school_year": school_year,
                "budget": services.plan_budget_hours(user=request.user),
                "plans": plans,
            },
        )
    overview = selectors.plan_overview(plan=plan)
    rows = coverage_rows(overview.coverage, overview.aspects, overview.categories)
    return render(
        request,
        "plans/plan.html",
        {"overview": overview, "plan": plan, "plans": plans, "coverage_rows": rows},
    )


@login_required
@require_POST
def start(request, school_year: str):
    services.plan_get_or_create(user=request.user, school_year=schoolyear.or_404(school_year))
    return redirect("plans:detail", school_year=school_year)


@login_required
@require_POST
def carry_over(request, school_year: str):
    plan = access.get_plan_for_user(request.user, school_year)
    target = services.plan_carry_over(plan=plan)
    messages.success(
        request, _("Unfinished activities were carried over to %(year)s.") % {"year": target.school_year}
    )
    return redirect("plans:detail", school_year=target.school_year)


@login_required
@require_POST
def add_activity(request, school_year: str):
    """One click from a recommendation or the catalogue: the activity goes into the plan with defaults."""
    plan = services.plan_get_or_create(user=request.user, school_year=schoolyear.or_404(school_year))
    visible = own_activities.visible(plan.framework, own_activities.organisations_of(request.user))
    activity = get_object_or_404(visible, code=request.POST.get("activity", ""))
    wanted = request.POST.getlist("aspects")
    aspects = [
        c.aspect
        for c in activity.contributions.select_related("aspect")
        if not wanted or c.aspect.code in wanted
    ]
    item = services.plan_item_from_activity(plan=plan, activity=activity, aspects=aspects)
    messages.success(request, _("“%(name)s” is in your plan. Add your goal.") % {"name": activity.name})
    return redirect("plans:item_edit", pk=item.pk)

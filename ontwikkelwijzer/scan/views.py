from datetime import date, datetime

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ontwikkelwijzer.core.charts import Bar, Group, bar_chart, column_chart
from ontwikkelwijzer.core.dates import short_date
from ontwikkelwijzer.core.schoolyear import school_year_for
from ontwikkelwijzer.framework import own_activities
from ontwikkelwijzer.framework import selectors as framework_selectors
from ontwikkelwijzer.framework.models import Framework
from ontwikkelwijzer.scan import selectors, services
from ontwikkelwijzer.scan.forms import SCALE_KEY, ScanForm
from ontwikkelwijzer.scan.scoring import score_changes
from ontwikkelwijzer.scan.services import ScanInput


def scan_form(request):
    framework = framework_selectors.framework_get_current()
    statements = selectors.scan_statements(framework=framework)
    activities = framework_selectors.activity_list(framework=framework)
    form = ScanForm(request.POST or None, statements=statements, activities=activities)
    if request.method == "POST" and form.is_valid():
        data = ScanInput(
            answers=form.answers(),
            learning=form.cleaned_data["learning"],
            hours_available=form.cleaned_data["hours_available"],
            done=tuple(form.cleaned_data["done"]),
        )
        if request.user.is_authenticated:
            scan = services.scan_create(user=request.user, framework=framework, data=data)
            return redirect("scan:detail", pk=scan.pk)
        services.scan_keep_in_session(session=request.session, framework=framework, data=data)
        return redirect("scan:visitor_result")
    structure = framework_selectors.framework_structure(framework=framework)
    return render(
        request,
        "scan/form.html",
        {
            "form": form,
            # the statements per aspect, in the framework's order; an aspect without any is left out
            "aspect_groups": [
                (aspect, fields)
                for aspect in structure.aspects
                if (fields := form.statement_fields(aspect.code))
            ],
            "scale_key": SCALE_KEY,
            "statement_count": len(statements),
            "answered_count": form.answered_count(),
            "earlier": selectors.scan_list_for_user(user=request.user)
            if request.user.is_authenticated
            else [],
        },
    )


def _result_context(
    request,
    framework: Framework,
    data: ScanInput,
    *,
    previous: ScanInput | None = None,
    moment: datetime | None = None,
) -> dict:
    # A person of a school also gets the school's own activities recommended; what was in their plan
    # when they did the scan (``moment``) is not recommended again.
    organisations = own_activities.organisations_of(request.user)
    result = selectors.scan_result(
        framework=framework, data=data, organisations=organisations, user=request.user, moment=moment
    )
    names = result.aspect_names
    context = {
        "result": result,
        "chart": bar_chart(
            [Bar(names[s.aspect], s.score) for s in result.scores],
            title=_("Your profile per aspect (1 to 5)"),
        ),
        "scores": [(names[s.aspect], s) for s in result.scores],
        "strength_names": [names[a] for a in result.strengths],
        "growth_names": [names[a] for a in result.growth],
        "recommendations": [(r, result.activities[r.code], names[r.aspect]) for r in result.recommendations],
        # What the result may say: nothing about growth when no statement was answered, and "fewer
        # exclusions or more hours" only when the person excluded activities, limited the hours or chose
        # one way of learning.
        "answered": any(s.score is not None for s in result.scores),
        "unanswered_names": [names[s.aspect] for s in result.scores if s.score is None],
        "limited": bool(data.done) or data.hours_available is not None or data.learning != "any",
    }
    if previous is not None:
        before = selectors.scan_scores(framework=framework, data=previous)
        changes = score_changes(before, result.scores)
        context["changes"] = [(names[aspect], change) for aspect, change in changes.items()]
    return context


def visitor_result(request):
    pending = services.scan_from_session(request.session)
    if pending is None:
        return redirect("scan:form")
    framework = Framework.objects.filter(pk=pending[0]).first() or framework_selectors.framework_get_current()
    return render(
        request, "scan/result.html", {**_result_context(request, framework, pending[1]), "visitor": True}
    )


@login_required
def scan_detail(request, pk: int):
    scan = selectors.scan_get_for_user(user=request.user, pk=pk)
    previous = selectors.scan_previous(scan=scan)
    context = _result_context(
        request,
        scan.framework,
        selectors.scan_input_of(scan),
        previous=selectors.scan_input_of(previous) if previous else None,
        moment=scan.created_at,
    )
    history = selectors.scan_history(scan=scan)
    if len(history) > 1:
        names = context["result"].aspect_names
        aspects = [score.aspect for score in history[-1][1]]
        context["history"] = [(earlier, [s.score for s in scores]) for earlier, scores in history]
        context["history_aspects"] = [names[a] for a in aspects]
        context["history_chart"] = column_chart(
            [Group(short_date(earlier.created_at), scores) for earlier, scores in context["history"]],
            context["history_aspects"],
            title=_("Your score per aspect in your last self-scans (1 to 5)"),
            chart_id="scan-history-chart",
        )
    return render(
        request,
        "scan/result.html",
        {
            **context,
            "scan": scan,
            "previous": previous,
            "current_year": school_year_for(date.today()),
        },
    )
